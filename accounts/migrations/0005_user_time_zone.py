from django.db import migrations, models

import accounts.models


class Migration(migrations.Migration):
    adopts = [("contributions", "0008_user_time_zone")]

    dependencies = [
        ("accounts", "0004_user_daily_digest"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="time_zone",
            field=models.CharField(
                default="UTC",
                help_text="Dates and times are shown in this time zone, with UTC.",
                max_length=64,
                validators=[accounts.models.validate_time_zone],
                verbose_name="time zone",
            ),
        ),
    ]

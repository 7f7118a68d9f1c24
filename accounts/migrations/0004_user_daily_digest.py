from django.db import migrations, models


class Migration(migrations.Migration):
    adopts = [("contributions", "0006_notifications")]

    dependencies = [
        ("accounts", "0003_state_organisations"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="daily_digest",
            field=models.BooleanField(
                default=False,
                help_text="Gather notifications into one e-mail a day instead of one e-mail each.",
                verbose_name="daily digest",
            ),
        ),
    ]

"""The user's time zone is added by accounts.0005_user_time_zone now."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0007_entry_status_index"),
        ("accounts", "0005_user_time_zone"),
    ]

    operations = []

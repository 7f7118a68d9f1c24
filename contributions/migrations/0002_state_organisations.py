"""The States' organisations are made by accounts.0003_state_organisations now."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0001_initial"),
        ("accounts", "0003_state_organisations"),
    ]

    operations = []

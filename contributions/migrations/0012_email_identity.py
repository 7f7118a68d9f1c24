"""Stored e-mail addresses are normalised by accounts.0006_email_identity now."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0011_lz4_for_long_texts"),
        ("accounts", "0006_email_identity"),
    ]

    operations = []

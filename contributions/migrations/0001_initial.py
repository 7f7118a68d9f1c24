"""Where the user, organisations, memberships and invitations were first made;
they are born in accounts' migrations now (accounts.0001 and 0002), in the same
tables, and a database made before that adopts them (compendium.adoption)."""

from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_organisations"),
    ]

    operations = []

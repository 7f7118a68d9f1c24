"""Every stored e-mail address in the one form accounts are known by (no
surrounding spaces, lower case), so looking someone up finds them however the
address is typed.

Accounts whose addresses would become one are never merged or renamed here: the
migration stops before changing anything and names every such address.
"""

import django.db.models.functions.text
from django.db import migrations, models

from accounts.identity import check_no_collisions, normalise_email


def normalise_stored_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Invitation = apps.get_model("accounts", "Invitation")
    accounts = list(User.objects.values_list("pk", "email"))
    check_no_collisions(email for _pk, email in accounts)
    for model, rows in (
        (User, accounts),
        (Invitation, Invitation.objects.values_list("pk", "email")),
    ):
        for pk, email in list(rows):
            if email != normalise_email(email):
                model.objects.filter(pk=pk).update(email=normalise_email(email))


class Migration(migrations.Migration):
    adopts = [("contributions", "0012_email_identity")]

    dependencies = [
        ("accounts", "0005_user_time_zone"),
    ]

    operations = [
        migrations.RunPython(normalise_stored_addresses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="email",
            field=models.EmailField(
                error_messages={
                    "unique": "An account with this e-mail address exists."
                },
                max_length=254,
                unique=True,
                verbose_name="e-mail address",
            ),
        ),
        migrations.AlterConstraint(
            model_name="user",
            name="user_email_ci_unique",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                name="user_email_ci_unique",
                violation_error_message="An account with this e-mail address exists.",
            ),
        ),
    ]

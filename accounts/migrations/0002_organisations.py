"""Organisations, their memberships and invitations to join them, in the tables
contributions created; adopted by a database made then (see 0001)."""

import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
import modelsearch.index
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    adopts = [("contributions", "0001_initial")]

    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("compendium", "0001_taxonomy"),
    ]

    operations = [
        migrations.CreateModel(
            name="Organisation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "name",
                    models.CharField(max_length=255, unique=True, verbose_name="name"),
                ),
                (
                    "short_name",
                    models.CharField(
                        blank=True, max_length=64, verbose_name="short name"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("member-state", "Member State"),
                            ("observer-state", "observer State"),
                            ("regional", "regional organisation"),
                            ("sub-regional", "sub-regional organisation"),
                            ("civil-society", "civil society organisation"),
                            ("un-entity", "UN entity"),
                        ],
                        max_length=24,
                        verbose_name="kind",
                    ),
                ),
                ("website", models.URLField(blank=True, verbose_name="website")),
                (
                    "active",
                    models.BooleanField(
                        default=True,
                        help_text="Inactive organisations cannot sign in to the portal.",
                        verbose_name="active",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="created"),
                ),
                (
                    "country",
                    models.OneToOneField(
                        blank=True,
                        help_text="Required for Member States and observer States.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="organisation",
                        to="compendium.country",
                        verbose_name="country",
                    ),
                ),
                (
                    "regions",
                    models.ManyToManyField(
                        blank=True,
                        related_name="organisations",
                        to="compendium.region",
                        verbose_name="regions",
                    ),
                ),
            ],
            options={
                "db_table": "contributions_organisation",
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
                "ordering": ["name"],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("focal-point", "focal point"),
                            ("contributor", "contributor"),
                            ("observer", "observer"),
                        ],
                        max_length=24,
                        verbose_name="role",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="since"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
                (
                    "organisation",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="accounts.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "db_table": "contributions_membership",
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
                "ordering": ["organisation__name", "user__email"],
            },
        ),
        migrations.CreateModel(
            name="Invitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "email",
                    models.EmailField(max_length=254, verbose_name="e-mail address"),
                ),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("focal-point", "focal point"),
                            ("contributor", "contributor"),
                            ("observer", "observer"),
                        ],
                        max_length=24,
                        verbose_name="role",
                    ),
                ),
                (
                    "token_hash",
                    models.CharField(editable=False, max_length=64, unique=True),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="sent"
                    ),
                ),
                ("expires_at", models.DateTimeField(verbose_name="expires")),
                (
                    "accepted_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="accepted"
                    ),
                ),
                (
                    "revoked_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="revoked"),
                ),
                (
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="accepted by",
                    ),
                ),
                (
                    "invited_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="invited by",
                    ),
                ),
                (
                    "staff_group",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="auth.group",
                        verbose_name="staff group",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="accounts.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "db_table": "contributions_invitation",
                "verbose_name": "invitation",
                "verbose_name_plural": "invitations",
                "ordering": ["-created_at"],
            },
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("country__isnull", False),
                        ("kind__in", {"member-state", "observer-state"}),
                    ),
                    models.Q(
                        models.Q(
                            ("kind__in", {"member-state", "observer-state"}),
                            _negated=True,
                        ),
                        ("country__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="organisation_country_iff_state",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                fields=("organisation", "user"), name="membership_unique_per_user"
            ),
        ),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("organisation__isnull", False),
                        ("staff_group__isnull", True),
                        models.Q(("role", ""), _negated=True),
                    ),
                    models.Q(
                        ("organisation__isnull", True),
                        ("role", ""),
                        ("staff_group__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="invitation_to_organisation_or_staff_group",
            ),
        ),
    ]

"""People, the organisations they act for, and invitations to join them.

The tables keep the names they were created with in contributions, so a database
made before identity had its own app keeps its rows as they are.
"""

import hashlib
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from accounts.choices import MembershipRole, StaffRole
from accounts.identity import normalise_email
from compendium.choices import Language, OrganisationKind, UNStatus


class UserManager(DjangoUserManager):
    """Users are found by e-mail address, whatever its case or surrounding spaces."""

    use_in_migrations = True

    def with_email(self, address):
        """The account (if any) known by this address, however it was typed; the
        comparison is the one the database's unique index holds, so it uses it."""
        return self.alias(email_identity=Lower("email")).filter(
            email_identity=normalise_email(address)
        )

    def _create_user(self, email, password, **extra_fields):
        if not normalise_email(email):
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.with_email(email).get()


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list."))


class User(AbstractUser):
    """A person who signs in with an e-mail address."""

    username = None
    email = models.EmailField(
        _("e-mail address"),
        unique=True,
        error_messages={"unique": _("An account with this e-mail address exists.")},
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Dates and times are shown in this time zone, with UTC."),
    )
    daily_digest = models.BooleanField(
        _("daily digest"),
        default=False,
        help_text=_(
            "Gather notifications into one e-mail a day instead of one e-mail each."
        ),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        # Before the uniqueness checks, so a differently typed address is found.
        self.email = normalise_email(self.email)

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_administrator(self):
        return (
            self.is_superuser
            or self.groups.filter(name=StaffRole.ADMINISTRATOR).exists()
        )

    def membership_in(self, organisation):
        return self.memberships.filter(organisation=organisation).first()

    class Meta:
        db_table = "contributions_user"
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                violation_error_message=_(
                    "An account with this e-mail address exists."
                ),
            ),
        ]


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def states(self):
        return self.filter(kind__in=OrganisationKind.state_kinds())


class Organisation(index.Indexed, ClusterableModel):
    """A State, regional body, civil society group or UN entity that contributes."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=OrganisationKind.choices)
    country = models.OneToOneField(
        "compendium.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisation",
        help_text=_("Required for Member States and observer States."),
    )
    regions = models.ManyToManyField(
        "compendium.Region",
        verbose_name=_("regions"),
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive organisations cannot sign in to the portal."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("kind"),
                FieldPanel("country"),
                FieldPanel("regions"),
                FieldPanel("website"),
                FieldPanel("active"),
            ],
            heading=_("Organisation"),
        ),
        InlinePanel(
            "name_translations",
            heading=_("Name in other languages"),
            label=_("translation of the name"),
        ),
        InlinePanel("memberships", heading=_("Members"), label=_("member")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("active"),
    ]

    def __str__(self):
        return self.name

    def name_in(self, language):
        """The name in `language` where the Office has written it, else the
        name as registered."""
        for translation in self.name_translations.all():
            if translation.language == language:
                return translation.name
        return self.name

    def clean(self):
        super().clean()
        if self.kind in OrganisationKind.state_kinds():
            if not self.country_id:
                raise ValidationError(
                    {"country": _("Choose the State this organisation represents.")}
                )
            expected = (
                UNStatus.MEMBER
                if self.kind == OrganisationKind.MEMBER_STATE
                else UNStatus.OBSERVER
            )
            if self.country.un_status != expected:
                raise ValidationError(
                    {
                        "country": _("%(country)s is not a %(kind)s.")
                        % {"country": self.country, "kind": self.get_kind_display()}
                    }
                )
        elif self.country_id:
            raise ValidationError(
                {"country": _("Only Member States and observer States have a country.")}
            )

    @property
    def focal_points(self):
        return User.objects.filter(
            memberships__organisation=self,
            memberships__role=MembershipRole.FOCAL_POINT,
            is_active=True,
        )

    class Meta:
        ordering = ["name"]
        db_table = "contributions_organisation"
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind__in=OrganisationKind.state_kinds(),
                        country__isnull=False,
                    )
                    | (
                        ~models.Q(kind__in=OrganisationKind.state_kinds())
                        & models.Q(country__isnull=True)
                    )
                ),
                name="organisation_country_iff_state",
            ),
        ]


class OrganisationName(models.Model):
    """The organisation's name in another of the six languages, as the Office
    writes it (a State's United Nations short name, a body's official name)."""

    organisation = ParentalKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="name_translations",
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    name = models.CharField(_("name"), max_length=255)

    def __str__(self):
        return self.name

    class Meta:
        ordering = ["language"]
        verbose_name = _("name in another language")
        verbose_name_plural = _("names in other languages")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language"],
                name="one_organisation_name_per_language",
            )
        ]


class Membership(models.Model):
    """A user's role in one organisation."""

    organisation = ParentalKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=24, choices=MembershipRole.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    panels = [FieldPanel("user"), FieldPanel("role")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"

    @property
    def can_contribute(self):
        return self.role in {MembershipRole.FOCAL_POINT, MembershipRole.CONTRIBUTOR}

    @property
    def is_focal_point(self):
        return self.role == MembershipRole.FOCAL_POINT

    class Meta:
        ordering = ["organisation__name", "user__email"]
        db_table = "contributions_membership"
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_unique_per_user"
            ),
        ]


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )


class Invitation(models.Model):
    """A single-use, expiring invitation to an organisation or a staff group.

    Only a hash of the token is stored, so a database leak does not let anyone
    accept an outstanding invitation.
    """

    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(
        _("role"), max_length=24, choices=MembershipRole.choices, blank=True
    )
    staff_group = models.ForeignKey(
        Group,
        verbose_name=_("staff group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    def __str__(self):
        return _("Invitation for %(email)s to %(target)s") % {
            "email": self.email,
            "target": self.target_label,
        }

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def target_label(self):
        if self.organisation_id:
            return _("%(organisation)s as %(role)s") % {
                "organisation": self.organisation,
                "role": self.get_role_display(),
            }
        return str(self.staff_group)

    @property
    def status(self):
        if self.accepted_at:
            return _("accepted")
        if self.revoked_at:
            return _("revoked")
        if self.expires_at <= timezone.now():
            return _("expired")
        return _("pending")

    class Meta:
        ordering = ["-created_at"]
        db_table = "contributions_invitation"
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, staff_group__isnull=True)
                    & ~models.Q(role="")
                )
                | models.Q(
                    organisation__isnull=True, staff_group__isnull=False, role=""
                ),
                name="invitation_to_organisation_or_staff_group",
            ),
        ]

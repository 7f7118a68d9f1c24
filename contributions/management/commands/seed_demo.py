"""Realistic demo data: organisations beyond the States, and a user for every role.

Idempotent: running it again updates the same rows and resets the demo passwords.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from compendium.models import Region
from contributions.choices import MembershipRole, OrganisationKind, StaffRole
from contributions.models import Membership, Organisation
from contributions.roles import staff_group

DEFAULT_PASSWORD = "compendium-demo"  # noqa: S105 (demo data only, printed on purpose)

ORGANISATIONS = [
    # name, short name, kind, M49 region codes, website
    ("African Union", "AU", OrganisationKind.REGIONAL, ["002"], "https://au.int"),
    (
        "European Union",
        "EU",
        OrganisationKind.REGIONAL,
        ["150"],
        "https://european-union.europa.eu",
    ),
    (
        "Organization of American States",
        "OAS",
        OrganisationKind.REGIONAL,
        ["019"],
        "https://www.oas.org",
    ),
    (
        "Association of Southeast Asian Nations",
        "ASEAN",
        OrganisationKind.REGIONAL,
        ["035"],
        "https://asean.org",
    ),
    (
        "League of Arab States",
        "LAS",
        OrganisationKind.REGIONAL,
        ["015", "145"],
        "http://www.leagueofarabstates.net",
    ),
    (
        "Organization for Security and Co-operation in Europe",
        "OSCE",
        OrganisationKind.REGIONAL,
        ["150", "143"],
        "https://www.osce.org",
    ),
    (
        "Economic Community of West African States",
        "ECOWAS",
        OrganisationKind.SUB_REGIONAL,
        ["011"],
        "https://www.ecowas.int",
    ),
    (
        "Southern African Development Community",
        "SADC",
        OrganisationKind.SUB_REGIONAL,
        ["018", "014"],
        "https://www.sadc.int",
    ),
    (
        "Intergovernmental Authority on Development",
        "IGAD",
        OrganisationKind.SUB_REGIONAL,
        ["014"],
        "https://igad.int",
    ),
    (
        "International Conference on the Great Lakes Region",
        "ICGLR",
        OrganisationKind.SUB_REGIONAL,
        ["014", "017"],
        "https://icglr.org",
    ),
    (
        "Global Centre for the Responsibility to Protect",
        "GCR2P",
        OrganisationKind.CIVIL_SOCIETY,
        [],
        "https://www.globalr2p.org",
    ),
    (
        "International Coalition for the Responsibility to Protect",
        "ICRtoP",
        OrganisationKind.CIVIL_SOCIETY,
        [],
        "https://www.responsibilitytoprotect.org",
    ),
    (
        "Asia Pacific Centre for the Responsibility to Protect",
        "APR2P",
        OrganisationKind.CIVIL_SOCIETY,
        ["142", "009"],
        "https://r2pasiapacific.org",
    ),
    (
        "Auschwitz Institute for Peace and Reconciliation",
        "AIPR",
        OrganisationKind.CIVIL_SOCIETY,
        [],
        "https://www.auschwitzinstitute.org",
    ),
    (
        "Office of the United Nations High Commissioner for Human Rights",
        "OHCHR",
        OrganisationKind.UN_ENTITY,
        [],
        "https://www.ohchr.org",
    ),
]

STAFF = [
    ("admin@example.org", "Amina", "Haddad", StaffRole.ADMINISTRATOR),
    ("reviewer@example.org", "Rafael", "Ortiz", StaffRole.REVIEWER),
    ("publisher@example.org", "Mei", "Lin", StaffRole.PUBLISHER),
]

MEMBERS = [
    # e-mail, first name, last name, organisation (name), role
    ("focal.ghana@example.org", "Kwame", "Mensah", "Ghana", MembershipRole.FOCAL_POINT),
    (
        "contributor.ghana@example.org",
        "Abena",
        "Owusu",
        "Ghana",
        MembershipRole.CONTRIBUTOR,
    ),
    ("observer.ghana@example.org", "Yaw", "Boateng", "Ghana", MembershipRole.OBSERVER),
    (
        "focal.denmark@example.org",
        "Freja",
        "Nielsen",
        "Denmark",
        MembershipRole.FOCAL_POINT,
    ),
    (
        "contributor.denmark@example.org",
        "Mads",
        "Jensen",
        "Denmark",
        MembershipRole.CONTRIBUTOR,
    ),
    (
        "focal.costarica@example.org",
        "Lucía",
        "Vargas",
        "Costa Rica",
        MembershipRole.FOCAL_POINT,
    ),
    (
        "focal.au@example.org",
        "Thandiwe",
        "Dlamini",
        "African Union",
        MembershipRole.FOCAL_POINT,
    ),
    (
        "contributor.au@example.org",
        "Idris",
        "Bello",
        "African Union",
        MembershipRole.CONTRIBUTOR,
    ),
    (
        "focal.ecowas@example.org",
        "Aïssatou",
        "Diallo",
        "Economic Community of West African States",
        MembershipRole.FOCAL_POINT,
    ),
    (
        "focal.gcr2p@example.org",
        "Sarah",
        "Cohen",
        "Global Centre for the Responsibility to Protect",
        MembershipRole.FOCAL_POINT,
    ),
    (
        "contributor.gcr2p@example.org",
        "Daniel",
        "Park",
        "Global Centre for the Responsibility to Protect",
        MembershipRole.CONTRIBUTOR,
    ),
    (
        "observer.eu@example.org",
        "Lukas",
        "Novák",
        "European Union",
        MembershipRole.OBSERVER,
    ),
]


class Command(BaseCommand):
    help = "Create or refresh the demo organisations and sign-ins (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password for every demo user (default: {DEFAULT_PASSWORD}).",
        )

    @transaction.atomic
    def handle(self, *args, password, **options):
        self.seed_organisations()
        rows = self.seed_staff(password) + self.seed_members(password)
        self.print_sign_ins(rows, password)

    def seed_organisations(self):
        regions = {region.code: region for region in Region.objects.all()}
        for name, short_name, kind, region_codes, website in ORGANISATIONS:
            organisation, _ = Organisation.objects.update_or_create(
                name=name,
                defaults={"short_name": short_name, "kind": kind, "website": website},
            )
            organisation.regions.set([regions[code] for code in region_codes])

    def upsert_user(self, email, first_name, last_name, password, **flags):
        user, _ = get_user_model().objects.update_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_active": True,
                **flags,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        return user

    def seed_staff(self, password):
        rows = []
        for email, first_name, last_name, role in STAFF:
            is_admin = role == StaffRole.ADMINISTRATOR
            user = self.upsert_user(
                email,
                first_name,
                last_name,
                password,
                is_superuser=is_admin,
                is_staff=is_admin,
            )
            user.groups.set([staff_group(role)])
            rows.append((email, str(role.label), "Office of the Special Adviser"))
        return rows

    def seed_members(self, password):
        rows = []
        for email, first_name, last_name, organisation_name, role in MEMBERS:
            user = self.upsert_user(email, first_name, last_name, password)
            organisation = Organisation.objects.get(name=organisation_name)
            Membership.objects.update_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )
            rows.append((email, str(role.label), organisation_name))
        return rows

    def print_sign_ins(self, rows, password):
        width = max(len(email) for email, _, _ in rows)
        role_width = max(len(role) for _, role, _ in rows)
        self.stdout.write(self.style.SUCCESS(f"Demo sign-ins (password: {password})"))
        self.stdout.write(f"{'E-mail':<{width}}  {'Role':<{role_width}}  Organisation")
        for email, role, organisation in rows:
            self.stdout.write(f"{email:<{width}}  {role:<{role_width}}  {organisation}")

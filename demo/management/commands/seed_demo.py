"""Realistic demo data: organisations beyond the States, and a user for every role.

Idempotent: running it again updates the same rows and resets the demo passwords.
With --entries N it also adds N synthetic practice entries for load and benchmark
work (demo.synthetic); those are volume, so every run adds N more.

The demo tells a story that took months (entries written, reviewed, shared with
Member States, released), so each step runs through the real services with the
clock set to when it happened (`as_of`): every time they write is the story's.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.choices import MembershipRole, StaffRole
from accounts.models import Membership, Organisation, OrganisationName
from accounts.roles import staff_group
from compendium import classification
from compendium.choices import OrganisationKind
from compendium.models import (
    Region,
)
from compendium.site_address import site_url
from compendium.text import counted
from contributions import services
from contributions.forms import NewEntryForm, SourceFormSet
from contributions.models import PracticeEntry
from demo import dialogue, story, synthetic
from demo.clock import as_of
from demo.pages import seed_page_translations

DEFAULT_PASSWORD = "compendium-demo"  # noqa: S105 (demo data only, printed on purpose)
# The demo staff's authenticator app key (base32), printed with the sign-ins so
# that a demo needs no phone of its own. Demo data only, like the password.
DEMO_TOTP_KEY = "43LVRMTZVYO2R3AFH6ODMPV2XDJUACAW"
ONE_DAY = timedelta(days=1)

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


# Names the Office has written in other official languages.
ORGANISATION_NAMES = {
    "African Union": {
        "fr": "Union africaine",
        "es": "Unión Africana",
        "ar": "الاتحاد الأفريقي",
        "ru": "Африканский союз",
        "zh-hans": "非洲联盟",
    },
    "Economic Community of West African States": {
        "fr": "Communauté économique des États de l’Afrique de l’Ouest",
        "es": "Comunidad Económica de los Estados de África Occidental",
        "ar": "الجماعة الاقتصادية لدول غرب أفريقيا",
    },
}

ENTRIES = [
    # organisation, author, then what happens: "draft", "ready", "submitted" or
    # "accepted" (submitted here; the story accepts and publishes them, and tells
    # of the editions: demo/story.py), and how many days ago the author wrote it
    # (handed on a day later)
    {
        "organisation": "Ghana",
        "author": "contributor.ghana@example.org",
        "state": "submitted",
        "days_ago": 21,
        "title": "National Peace Council",
        "summary": (
            "An independent statutory body that mediates local disputes before they "
            "turn violent, with regional and district peace councils across the "
            "country."
        ),
        "description": (
            "Established by the National Peace Council Act, 2011 (Act 818), the "
            "Council brings together religious, traditional and civil society "
            "leaders.\n\nIts early-warning reports are shared with the National "
            "Security Secretariat and district assemblies."
        ),
        "pillars": ["I"],
        "priorities": ["2", "5"],
        "crimes": ["ethnic-cleansing", "crimes-against-humanity"],
        "practice_areas": ["national-mechanism", "early-warning", "mediation"],
        "countries": ["GHA"],
        "regions": ["011"],
        "sg_reports": ["A/67/929"],
        "start_year": 2011,
        "ongoing": True,
        "sources": [
            (
                "National Peace Council Act, 2011 (Act 818)",
                "https://www.parliament.gh/",
            ),
        ],
    },
    {
        "organisation": "Ghana",
        "author": "contributor.ghana@example.org",
        "state": "draft",
        "days_ago": 4,
        "title": "Early-warning desk in the National Security Secretariat",
        "summary": (
            "A desk that collects community reports of hate speech and tension and "
            "alerts the regional security councils."
        ),
        "description": "Drafted for the 2015 compendium; figures to be confirmed.",
        "pillars": ["I"],
        "priorities": ["2"],
        "crimes": [],
        "practice_areas": ["early-warning", "hate-speech"],
        "countries": ["GHA"],
        "regions": [],
        "sg_reports": ["A/64/864"],
        "start_year": 2013,
        "ongoing": True,
        "sources": [],
    },
    {
        "organisation": "Denmark",
        "author": "contributor.denmark@example.org",
        "state": "ready",
        "days_ago": 9,
        "title": "Support to the Global Action Against Mass Atrocity Crimes",
        "summary": (
            "Funding and co-chairing a State-led network that helps governments "
            "build national atrocity-prevention architectures."
        ),
        "description": (
            "Denmark co-founded the network with Costa Rica, Switzerland, Argentina, "
            "Tanzania and others."
        ),
        "pillars": ["II"],
        "priorities": ["6"],
        "crimes": ["genocide"],
        "practice_areas": ["assistance", "national-focal-point"],
        "countries": [],
        "regions": [],
        "sg_reports": ["A/68/947"],
        "start_year": 2013,
        "ongoing": True,
        "sources": [("GAAMAC", "https://www.gaamac.org/")],
    },
    {
        "organisation": "Costa Rica",
        "author": "focal.costarica@example.org",
        "state": "accepted",
        "days_ago": 160,
        "title": "National focal point for the responsibility to protect",
        "summary": (
            "A senior official in the Ministry of Foreign Affairs who coordinates "
            "atrocity prevention across government and joins the Global Network of "
            "R2P Focal Points."
        ),
        "description": "Appointed in 2010 as one of the first national focal points.",
        "pillars": ["I"],
        "priorities": ["1", "6"],
        "crimes": [],
        "practice_areas": ["national-focal-point"],
        "countries": ["CRI"],
        "regions": ["013"],
        "sg_reports": ["A/66/874"],
        "start_year": 2010,
        "ongoing": True,
        "sources": [],
    },
    {
        "organisation": "African Union",
        "author": "contributor.au@example.org",
        "state": "draft",
        "days_ago": 14,
        "title": "Continental Early Warning System",
        "summary": (
            "The situation room of the Peace and Security Department monitors "
            "indicators across the continent and briefs the Peace and Security "
            "Council."
        ),
        "description": (
            "Article 12 of the Protocol relating to the establishment of the Peace "
            "and Security Council provides for the system."
        ),
        "pillars": ["II", "III"],
        "priorities": ["2", "5"],
        "crimes": ["genocide", "war-crimes"],
        "practice_areas": ["early-warning", "regional-mechanism"],
        "countries": [],
        "regions": ["002"],
        "sg_reports": ["A/65/877"],
        "start_year": 2002,
        "ongoing": True,
        "sources": [("African Union Peace and Security", "https://www.peaceau.org/")],
    },
    {
        "organisation": "Global Centre for the Responsibility to Protect",
        "author": "contributor.gcr2p@example.org",
        "state": "accepted",
        "days_ago": 155,
        "title": "Atrocity Alert",
        "summary": (
            "A weekly publication highlighting situations where populations are at "
            "risk of, or are enduring, mass atrocity crimes."
        ),
        "description": "Sent to diplomats and UN officials every Wednesday.",
        "pillars": ["III"],
        "priorities": ["2", "3"],
        "crimes": ["genocide", "war-crimes", "crimes-against-humanity"],
        "practice_areas": ["early-warning", "civil-society"],
        "countries": [],
        "regions": [],
        "sg_reports": [],
        "start_year": 2014,
        "ongoing": True,
        "sources": [("Atrocity Alert", "https://www.globalr2p.org/")],
    },
    {
        # Proposed by Ghana in the feedback round on 2015-pre; added in 1.0.
        "organisation": "Economic Community of West African States",
        "author": "focal.ecowas@example.org",
        "state": "accepted",
        "days_ago": 100,
        "title": "ECOWAS Early Warning and Response Network (ECOWARN)",
        "summary": (
            "A sub-regional observation and monitoring system: monitors in each "
            "member State report on indicators of tension and violence to a "
            "situation room in Abuja, which alerts the ECOWAS Commission."
        ),
        "description": (
            "Provided for by the 1999 Protocol relating to the Mechanism for "
            "Conflict Prevention, Management, Resolution, Peace-Keeping and "
            "Security.\n\nReports draw on government and civil society monitors "
            "and inform the Commission's preventive diplomacy."
        ),
        "pillars": ["II"],
        "priorities": ["2", "5"],
        "crimes": ["war-crimes", "crimes-against-humanity"],
        "practice_areas": ["early-warning", "regional-mechanism"],
        "countries": [],
        "regions": ["011"],
        "sg_reports": ["A/64/864", "A/65/877"],
        "start_year": 2003,
        "ongoing": True,
        "sources": [("ECOWAS", "https://www.ecowas.int/")],
    },
    {
        # Added in the update whose pre-publication edition is open for feedback.
        "organisation": "Global Centre for the Responsibility to Protect",
        "author": "contributor.gcr2p@example.org",
        "state": "accepted",
        "days_ago": 25,
        "title": "Global Network of R2P Focal Points",
        "summary": (
            "Senior officials appointed by their governments to promote atrocity "
            "prevention at home meet and share practice with their peers; the "
            "Global Centre serves as the network's secretariat."
        ),
        "description": (
            "Launched in 2010 by Costa Rica, Denmark, Ghana and Australia.\n\nIts "
            "annual meeting brings the focal points together with the Office of "
            "the Special Adviser."
        ),
        "pillars": ["I", "II"],
        "priorities": ["1", "6"],
        "crimes": [],
        "practice_areas": ["national-focal-point", "civil-society"],
        "countries": [],
        "regions": [],
        "sg_reports": ["A/66/874"],
        "start_year": 2010,
        "ongoing": True,
        "sources": [
            ("Global Network of R2P Focal Points", "https://www.globalr2p.org/")
        ],
    },
]


class Command(BaseCommand):
    help = (
        "Create or refresh the demo organisations, sign-ins and entries, and the "
        "story of the first editions and their feedback rounds (idempotent). With "
        "--entries N, also add N synthetic practice entries for load and benchmark "
        "work: those are not idempotent, each run adds N more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password for every demo user (default: {DEFAULT_PASSWORD}).",
        )
        parser.add_argument(
            "--entries",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Also add N synthetic practice entries (classified, with sources, "
                "version 1, statuses from draft to accepted, the Office's "
                "assignments, decisions and comments). Not idempotent: every run "
                "adds N more, with references following the existing ones."
            ),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=synthetic.DEFAULT_SEED,
            help=(
                "Random seed for --entries (default: %(default)s); the same seed "
                "and the same starting reference give the same entries."
            ),
        )

    def handle(self, *args, password, entries, seed, **options):
        if entries < 0:
            raise CommandError("--entries must be zero or more.")
        # The demo hand-offs (ready, submitted, accepted) would otherwise e-mail
        # the demo people on every run; the override outlives each commit.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
        ):
            with transaction.atomic():
                self.seed_organisations()
                rows = self.seed_staff(password) + self.seed_members(password)
                self.seed_second_factors()
                languages = seed_page_translations()
            created = self.seed_entries()
            self.stdout.write(
                f"Home and About pages translated into {languages} languages."
            )
            self.print_sign_ins(rows, password)
            self.print_second_factor()
            self.stdout.write(
                f"Demo practice entries: {created} new, {len(ENTRIES)} in all."
            )
            if entries:
                self.seed_synthetic_entries(entries, seed)
            # The Office's part of the demo: decisions, the published compendium,
            # its editions and feedback rounds, and what they made.
            to_accept = PracticeEntry.objects.filter(
                title__in=[
                    spec["title"] for spec in ENTRIES if spec["state"] == "accepted"
                ]
            )
            story.seed(self.stdout, to_accept=to_accept, synthetic=bool(entries))
            with transaction.atomic():
                held = dialogue.seed()
                archive = dialogue.seed_archive()
            speakers = held.speakers.filter(withdrawn=False).count()
            requests = held.ticket_requests.count()
            self.stdout.write(
                f"Dialogue of {held.date:%-d %B %Y}: "
                f"{counted(speakers, 'speaker')}, "
                f"{counted(requests, 'ticket request')} "
                f"(/dialogues/{held.year}/); {len(archive)} more since 2009 "
                "in the archive (/dialogues/)."
            )

    def seed_organisations(self):
        regions = {region.code: region for region in Region.objects.all()}
        for name, short_name, kind, region_codes, website in ORGANISATIONS:
            organisation, _ = Organisation.objects.update_or_create(
                name=name,
                defaults={"short_name": short_name, "kind": kind, "website": website},
            )
            organisation.regions.set([regions[code] for code in region_codes])
        for name, names in ORGANISATION_NAMES.items():
            organisation = Organisation.objects.get(name=name)
            for language, translated in names.items():
                OrganisationName.objects.update_or_create(
                    organisation=organisation,
                    language=language,
                    defaults={"name": translated},
                )

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

    def seed_second_factors(self):
        """Demo staff who have not set up an authenticator app of their own get
        one holding DEMO_TOTP_KEY, so they are asked for its code at sign-in."""
        from base64 import b32decode

        from django_otp.plugins.otp_totp.models import TOTPDevice

        key = b32decode(DEMO_TOTP_KEY).hex()
        for email, *_name_and_role in STAFF:
            user = get_user_model().objects.get(email=email)
            if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                TOTPDevice.objects.create(
                    user=user, name="Demo authenticator app", key=key, confirmed=True
                )

    def print_second_factor(self):
        self.stdout.write(
            "Staff then give a code from an authenticator app. Add the demo key "
            f"{DEMO_TOTP_KEY} to any authenticator app (or run `oathtool --totp "
            f"-b {DEMO_TOTP_KEY}`) and type the code it shows."
        )

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

    def seed_entries(self):
        """The demo entries, each written through the portal's own form and
        services, so they carry versions and status changes like real ones, at
        the time the story says (each committed then, so that the notifications
        it sends are of that time too)."""
        now = timezone.now()
        created = 0
        for spec in ENTRIES:
            organisation = Organisation.objects.get(name=spec["organisation"])
            if PracticeEntry.objects.filter(
                organisation=organisation, title=spec["title"]
            ).exists():
                continue
            written = now - timedelta(days=spec["days_ago"])
            self.seed_entry(spec, organisation, written, min(written + ONE_DAY, now))
            created += 1
        return created

    def seed_entry(self, spec, organisation, written, handed_on_at):
        author = get_user_model().objects.get(email=spec["author"])
        with as_of(written), transaction.atomic():
            data = {
                "organisation": organisation.pk,
                "title": spec["title"],
                "summary": spec["summary"],
                "description": spec["description"],
                # The story names each term by its code.
                **{
                    facet.field: list(
                        facet.model.objects.filter(
                            **{f"{facet.code}__in": spec.get(facet.field, [])}
                        ).values_list("pk", flat=True)
                    )
                    for facet in classification.facets()
                },
                "start_year": spec["start_year"],
                "ongoing": spec["ongoing"],
                "language": "en",
                "message": "First draft",
                "sources-TOTAL_FORMS": len(spec["sources"]),
                "sources-INITIAL_FORMS": 0,
            }
            for index, (title, url) in enumerate(spec["sources"]):
                data[f"sources-{index}-title"] = title
                data[f"sources-{index}-url"] = url
            form = NewEntryForm(
                data, organisations=Organisation.objects.filter(pk=organisation.pk)
            )
            sources = SourceFormSet(data, instance=PracticeEntry(), prefix="sources")
            if not (form.is_valid() and sources.is_valid()):
                raise ValueError(f"Demo entry {spec['title']!r}: {form.errors}")
            entry = services.save_entry(
                actor=author, form=form, sources_formset=sources, message="First draft"
            )
        if spec["state"] not in {"ready", "submitted", "accepted"}:
            return
        focal_point = organisation.focal_points.first()
        with as_of(handed_on_at), transaction.atomic():
            if author != focal_point:
                services.mark_ready(actor=author, entry=entry)
            if spec["state"] in {"submitted", "accepted"}:
                services.submit(actor=focal_point, entry=entry)

    def seed_synthetic_entries(self, count, seed):
        """Volume for load and benchmark work; the demo reviewer and administrator
        share the Office's assignments."""
        reviewers = get_user_model().objects.filter(
            email__in=[
                email
                for email, _first, _last, role in STAFF
                if role in {StaffRole.REVIEWER, StaffRole.ADMINISTRATOR}
            ]
        )

        def progress(done, total, seconds):
            self.stdout.write(
                f"  {done:,} of {total:,} synthetic entries ({seconds:.1f} s)"
            )

        # With DEBUG on, Django would keep the SQL of every bulk insert in memory.
        with override_settings(DEBUG=False):
            added = synthetic.add_entries(
                count,
                seed=seed,
                reviewers=reviewers.order_by("pk"),
                progress=progress,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic practice entries: {added.count:,} added "
                f"({added.first_reference} to {added.last_reference}) "
                f"in {added.seconds:.1f} s."
            )
        )

    def print_sign_ins(self, rows, password):
        width = max(len(email) for email, _, _ in rows)
        role_width = max(len(role) for _, role, _ in rows)
        self.stdout.write(self.style.SUCCESS(f"Demo sign-ins (password: {password})"))
        self.stdout.write(f"{'E-mail':<{width}}  {'Role':<{role_width}}  Organisation")
        for email, role, organisation in rows:
            self.stdout.write(f"{email:<{width}}  {role:<{role_width}}  {organisation}")
        site = site_url()
        self.stdout.write(
            f"Sign in at {site}/accounts/login/: staff land in the admin, members "
            "in the contributor portal."
        )

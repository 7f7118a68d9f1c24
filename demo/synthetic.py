"""Synthetic practice entries in volume, for load and benchmark work.

`seed_demo --entries N` calls add_entries(). The entries look like real ones to
every screen: classification, sources, a reference from the service's own
sequence, version 1 as django-reversion records it (a Revision with a Version of
the entry and of each source, and the RevisionInfo numbering it), the status
changes that brought each entry where it is and the Office's assignments,
decisions and comment threads. Everything is written with bulk_create, one batch
at a time, so memory stays flat whatever the count.

The data are deterministic: the same seed and the same starting reference give
the same entries. Texts are built from a vocabulary of the responsibility to
protect whose words are drawn with Zipf-like weights, so full-text search meets
words in most entries and words in a handful.
"""

import gc
import itertools
import random
import time
from bisect import bisect
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.choices import MembershipRole
from accounts.models import Membership, Organisation
from compendium.choices import OrganisationKind
from compendium.classification import facets
from compendium.models import Country, Region
from compendium.references import REFERENCE_FORMAT, reserve_references
from contributions.bulk import EntryWriter
from contributions.choices import EntryAction, EntryStatus
from contributions.models import EntryTransition, PracticeEntry
from contributions.models.entries import SUMMARY_MAX_LENGTH
from contributions.services import lifecycle
from review.choices import DecisionKind, Visibility
from review.models import Assignment, Comment, Decision

DEFAULT_SEED = 2005
BATCH_SIZE = 2000
FIRST_YEAR, LAST_YEAR = 2005, 2026
REVISION_COMMENT = "Synthetic entry (seed_demo --entries)"

# The places an entry concerns come from its organisation; the terms of every
# other facet of the classification are drawn, the first terms the most, this
# many at a time (a facet not named here: none to two).
PLACES = {"countries", "regions"}
TERM_EXPONENTS = {"pillars": 1.0, "sg_reports": 0.5}
TERM_COUNTS = {
    "pillars": lambda rng: rng.choice([1, 1, 1, 2]),
    "priorities": lambda rng: rng.randint(1, 3),
    "crimes": lambda rng: rng.choices([0, 1, 2, 4], [35, 35, 20, 10])[0],
    "practice_areas": lambda rng: rng.choice([1, 2, 2, 3]),
    "sg_reports": lambda rng: rng.choices([0, 1, 2], [45, 40, 15])[0],
}

# How entries are spread; each list is (value, weight).
STATUSES = [
    (EntryStatus.ACCEPTED, 55),
    (EntryStatus.SUBMITTED, 10),
    (EntryStatus.UNDER_REVIEW, 10),
    (EntryStatus.DRAFT, 9),
    (EntryStatus.CHANGES_REQUESTED, 6),
    (EntryStatus.DECLINED, 4),
    (EntryStatus.READY, 3),
    (EntryStatus.WITHDRAWN, 3),
]
ORGANISATION_KINDS = [
    (OrganisationKind.MEMBER_STATE, 62),
    (OrganisationKind.REGIONAL, 12),
    (OrganisationKind.SUB_REGIONAL, 8),
    (OrganisationKind.CIVIL_SOCIETY, 12),
    (OrganisationKind.UN_ENTITY, 4),
    (OrganisationKind.OBSERVER_STATE, 2),
]
LANGUAGES = [("en", 70), ("fr", 10), ("es", 10), ("ar", 4), ("ru", 3), ("zh-hans", 3)]
# Entries written in the other official languages: their titles and sentences,
# so that search works over a share of each language's text ({n}: a number).
WRITTEN_IN = {
    "fr": {
        "titles": [
            "Comité national de prévention du génocide",
            "Système d'alerte précoce dans les régions",
            "Formation des forces de sécurité aux droits de l'homme",
            "Dialogue communautaire pour la paix",
            "Protéger les civils dans les zones frontalières",
            "Réforme de la justice et lutte contre l'impunité",
        ],
        "sentences": [
            "Le ministère coordonne la protection des populations civiles.",
            "Depuis sa création, {n} fonctionnaires ont été formés.",
            "Les comités locaux de paix se réunissent chaque mois.",
            "Le mécanisme a publié {n} rapports d'alerte précoce.",
            "La société civile a participé à la prévention des atrocités.",
            "Les victimes et les témoins reçoivent un soutien juridique.",
            "Le programme protège les défenseurs des droits de l'homme.",
            "{n} affaires ont été renvoyées devant les tribunaux.",
        ],
    },
    "es": {
        "titles": [
            "Comité nacional para la prevención del genocidio",
            "Sistema de alerta temprana en las regiones",
            "Capacitación de las fuerzas de seguridad en derechos humanos",
            "Diálogo comunitario para la paz",
            "Retorno de las personas desplazadas",
            "Reforma judicial y lucha contra la impunidad",
        ],
        "sentences": [
            "El ministerio coordina la protección de la población civil.",
            "Desde su creación, se han capacitado {n} funcionarios.",
            "Los comités locales de paz se reúnen cada mes.",
            "El mecanismo ha publicado {n} informes de alerta temprana.",
            "La sociedad civil participó en la prevención de atrocidades.",
            "Las víctimas y los testigos reciben apoyo jurídico.",
            "Las comunidades desplazadas regresaron a sus tierras.",
            "Se remitieron {n} casos a los tribunales.",
        ],
    },
    "ru": {
        "titles": [
            "Национальный комитет по предупреждению геноцида",
            "Система раннего предупреждения в регионах",
            "Обучение сил безопасности правам человека",
            "Диалог общин во имя мира",
            "Помощь беженцам и перемещённым лицам",
            "Судебная реформа и борьба с безнаказанностью",
        ],
        "sentences": [
            "Министерство координирует защиту гражданского населения.",
            "С момента создания обучено {n} должностных лиц.",
            "Местные комитеты мира собираются каждый месяц.",
            "Механизм опубликовал {n} докладов раннего предупреждения.",
            "Гражданское общество участвовало в предупреждении зверств.",
            "Жертвы и свидетели получают юридическую помощь.",
            "Беженцы вернулись в свои дома.",
            "В суды передано {n} дел.",
        ],
    },
    "ar": {
        "titles": [
            "اللجنة الوطنية لمنع الإبادة الجماعية",
            "نظام الإنذار المبكر في المناطق",
            "تدريب قوات الأمن على حقوق الإنسان",
            "الحوار المجتمعي من أجل السلام",
            "حماية المدنيين في المناطق الحدودية",
            "إصلاح المحكمة ومكافحة الإفلات من العقاب",
        ],
        "sentences": [
            "تنسق الوزارة حماية السكان المدنيين.",
            "منذ إنشائها، تم تدريب {n} موظفا.",
            "تجتمع لجان السلام المحلية كل شهر.",
            "أصدرت الآلية {n} تقريرا للإنذار المبكر.",
            "شارك المجتمع المدني في منع الفظائع.",
            "يتلقى الضحايا والشهود دعما قانونيا.",
            "عاد النازحون إلى ديارهم.",
            "أحيلت {n} قضية إلى المحاكم.",
        ],
    },
    "zh-hans": {
        "titles": [
            "国家防止灭绝种族委员会",
            "各地区预警系统",
            "安全部队人权培训",
            "促进和平的社区对话",
            "保护边境地区平民",
            "司法改革和打击有罪不罚",
        ],
        "sentences": [
            "该部协调保护平民工作。",
            "自成立以来，已培训{n}名官员。",
            "地方和平委员会每月举行会议。",
            "该机制已发布{n}份预警报告。",
            "民间社会参与了预防暴行的工作。",
            "受害者和证人获得法律援助。",
            "流离失所者已返回家园。",
            "已有{n}起案件移交法院。",
        ],
    },
}

# Situations the compendium's contributors write about most often.
FREQUENT_COUNTRIES = [
    "SSD", "COD", "MMR", "SDN", "CAF", "KEN", "MLI", "NGA", "SYR", "IRQ",
    "COL", "LKA", "BDI", "RWA", "BIH", "GTM", "KHM", "SLE", "LBR", "CIV",
]  # fmt: skip
# Share of entries in each state that the Office has assigned to a reviewer.
ASSIGNED_SHARE = {
    EntryStatus.SUBMITTED: 0.35,
    EntryStatus.UNDER_REVIEW: 0.85,
    EntryStatus.CHANGES_REQUESTED: 0.6,
}
# The Office's decision that put an entry in each decided state.
DECISION_KINDS = {
    EntryStatus.ACCEPTED: (DecisionKind.ACCEPT, EntryAction.ACCEPT),
    EntryStatus.DECLINED: (DecisionKind.DECLINE, EntryAction.DECLINE),
    EntryStatus.CHANGES_REQUESTED: (
        DecisionKind.REQUEST_CHANGES,
        EntryAction.REQUEST_CHANGES,
    ),
}


# Vocabulary ----------------------------------------------------------------------
# Lists run from the most to the least frequent: words early in a list turn up in
# a large share of entries, those at the end in very few.

PROGRAMMES = [
    "National mechanism", "Early-warning network", "Training programme",
    "Inter-ministerial committee", "Mediation initiative", "Community dialogue",
    "National action plan", "Focal point network", "Peace council",
    "Monitoring project", "Capacity-building project", "Legislative reform",
    "Regional workshop series", "Radio programme", "School curriculum",
    "Task force", "Situation room", "Support fund", "Documentation centre",
    "Women mediators network", "Youth ambassadors programme",
    "Parliamentary working group", "Truth and reconciliation commission",
    "Ombudsperson's office", "Observatory", "Memorial and archive",
]  # fmt: skip
TOPICS = [
    "atrocity prevention", "the prevention of genocide", "early warning",
    "the responsibility to protect", "countering hate speech", "accountability",
    "the protection of civilians", "conflict prevention", "transitional justice",
    "reconciliation", "preventive diplomacy", "human rights monitoring",
    "the protection of displaced persons", "minority rights",
    "electoral violence prevention", "security sector reform",
    "women, peace and security", "intercommunal dialogue", "the rule of law",
    "memorialisation", "justice for survivors", "land disputes",
]  # fmt: skip
ACTORS = [
    "The Ministry of Foreign Affairs", "The national focal point",
    "A network of civil society organisations",
    "The national human rights institution",
    "Local peace committees", "The regional secretariat",
    "Parliament", "The Ministry of Justice", "Community and religious leaders",
    "Women's groups", "The office of the ombudsperson",
    "Police and military academies", "Universities", "Youth organisations",
    "The electoral commission",
    "Traditional authorities", "Journalists' associations", "The national police",
]  # fmt: skip
DEEDS = [
    "established", "coordinated", "trained", "supported", "convened",
    "monitored", "funded", "reviewed", "published", "strengthened",
    "piloted", "expanded", "evaluated", "mediated", "documented",
]  # fmt: skip
OBJECTS = [
    "a national mechanism for atrocity prevention", "an early-warning system",
    "training for officials on the prevention of atrocity crimes",
    "dialogue between communities in tension", "regular risk assessments",
    "a national action plan", "mediation between community leaders",
    "training for judges and prosecutors", "a hotline for reporting incitement",
    "accountability for past crimes",
    "the protection of civilians in border areas",
    "a curriculum on genocide prevention",
    "support to survivors and witnesses", "the reform of the security sector",
    "public reports on the risk of atrocity crimes",
    "the return of displaced persons", "legislation on hate speech",
    "cooperation with the regional organisation",
]  # fmt: skip
PURPOSES = [
    "to strengthen prevention at the local level",
    "in line with the Framework of Analysis for Atrocity Crimes",
    "with support from the United Nations", "ahead of national elections",
    "after an outbreak of intercommunal violence",
    "to ensure accountability for atrocity crimes",
    "so that early warning leads to early action",
    "to protect populations at risk", "with the participation of women and youth",
    "across the country's districts", "in cooperation with neighbouring States",
    "following a recommendation of the Human Rights Council",
    "as part of the national development plan",
]  # fmt: skip
RESULTS = [
    "more than {n} officials have been trained",
    "{n} local peace committees meet every month",
    "the mechanism has issued {n} early-warning reports",
    "{n} cases have been referred to the courts",
    "tensions were defused in {n} districts",
    "{n} community dialogues were held",
    "the network has grown to {n} members",
]  # fmt: skip
LESSONS = [
    "Sustained funding and political commitment proved decisive.",
    "Early warning only helps when it reaches those who can act on it.",
    "Involving local leaders from the start built trust.",
    "Coordination between ministries remains a challenge.",
    "Regular training is needed as staff change.",
    "Civil society partners were essential for reaching remote areas.",
    "Data protection for those who report incidents needs attention.",
    "The practice was shared through the Global Network of R2P Focal Points.",
]  # fmt: skip
RARE = [
    "ombudsperson", "forensic", "exhumation", "archives", "satellite imagery",
    "community radio", "theatre", "football tournaments", "herders",
    "pastoralists", "drought", "cross-border trade", "biometric registration",
    "disinformation", "social media", "algorithms", "curfews", "chiefs",
    "land registries", "boundary commissions", "reparations", "apologies",
    "museums", "textbooks", "scholarships", "podcasts", "cartoons", "murals",
    "mobile courts", "sign language", "braille", "hotlines", "text messages",
    "drones", "mapping", "census", "refugee camps", "statelessness",
    "cyclones", "mining", "oil revenues", "gacaca", "kinship", "sorghum",
    "caravans", "ferries", "lighthouses", "mangroves", "glaciers", "mosaics",
]  # fmt: skip
SOURCE_TITLES = [
    "Annual report {year}", "National action plan ({year})",
    "Decree establishing the mechanism", "Evaluation report, {year}",
    "Press release", "Statement at the General Assembly debate, {year}",
    "Training manual", "Law No. {n} of {year}", "Project document",
]  # fmt: skip
INTERNAL_CONTACTS = [
    "", "", "Desk officer, Ministry of Foreign Affairs", "Programme coordinator",
    "Focal point's office", "Head of the secretariat", "Project manager",
]  # fmt: skip
DECISION_MESSAGES = {
    DecisionKind.ACCEPT: [
        "",
        "",
        "Accepted with thanks.",
        "A clear and well-sourced entry.",
    ],
    DecisionKind.DECLINE: [
        "This describes a general policy rather than a practice.",
        "Outside the scope of the compendium.",
    ],
    DecisionKind.REQUEST_CHANGES: [
        "Please add a public source for the results.",
        "Please say who funds the programme and since when.",
        "Please shorten the summary and move the details to the description.",
    ],
}
COMMENTS = [
    "Which year did this start?", "Is there a public source for this figure?",
    "Please name the ministry responsible.", "Could the summary say who benefits?",
    "Check against the entry submitted last year.", "Is this still ongoing?",
    "The description repeats the summary.", "Which districts are covered?",
]  # fmt: skip
COMMENT_FIELDS = ["", "", "title", "summary", "description", "sources", "period"]
REPLIES = [
    "We have added the source.", "It started in the year given; corrected.",
    "The programme is still running.", "Updated as suggested.",
]  # fmt: skip


class Weighted:
    """A list to draw from, by explicit weights or by rank (Zipf-like)."""

    def __init__(self, items, weights=None, exponent=1.1):
        if weights is None:
            weights = [1 / (rank**exponent) for rank in range(1, len(items) + 1)]
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]

    def sample(self, rng, count):
        """`count` different items, the frequent ones more likely."""
        count = min(count, len(self.items))
        chosen = []
        while len(chosen) < count:
            item = self.pick(rng)
            if item not in chosen:
                chosen.append(item)
        return chosen


def weighted(pairs):
    return Weighted([value for value, _ in pairs], [weight for _, weight in pairs])


class Texts:
    """Titles, summaries, descriptions and sources in the compendium's words."""

    def __init__(self):
        self.programmes = Weighted(PROGRAMMES)
        self.topics = Weighted(TOPICS, exponent=0.9)
        self.actors = Weighted(ACTORS)
        self.deeds = Weighted(DEEDS)
        self.objects = Weighted(OBJECTS)
        self.purposes = Weighted(PURPOSES)
        self.results = Weighted(RESULTS)
        self.lessons = Weighted(LESSONS)
        self.rare = Weighted(RARE, exponent=1.3)
        self.source_titles = Weighted(SOURCE_TITLES)
        self.written_in = {
            language: (Weighted(bank["titles"]), Weighted(bank["sentences"]))
            for language, bank in WRITTEN_IN.items()
        }

    def in_language(self, rng, language, low, high):
        """(title, summary, description) of an entry written in `language`,
        when it is not English."""
        titles, sentences = self.written_in[language]
        separator = "" if language == "zh-hans" else " "

        def text(count):
            return separator.join(
                sentence.format(n=rng.randint(3, 400))
                for sentence in sentences.sample(rng, count)
            )

        paragraphs = [text(rng.randint(low, high)) for _ in range(3)]
        return (
            titles.pick(rng),
            text(rng.randint(2, 3)),
            "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
        )

    def title(self, rng, place):
        title = f"{self.programmes.pick(rng)} on {self.topics.pick(rng)}"
        if place and rng.random() < 0.5:
            title += f" in {place}"
        return title

    def sentence(self, rng, start_year):
        """(what kind of sentence it is, its text): a text uses each kind of
        result, lesson, list of topics or of activities once, and each actor
        once, so it does not read as a loop."""
        kind = rng.random()
        if kind < 0.45:
            actor = self.actors.pick(rng)
            return actor, (
                f"{actor} {self.deeds.pick(rng)} "
                f"{self.objects.pick(rng)} {self.purposes.pick(rng)}."
            )
        if kind < 0.65:
            result = self.results.pick(rng)
            when = rng.choice(
                [
                    f"Since {start_year}",
                    "So far",
                    f"By {rng.randint(start_year, LAST_YEAR)}",
                    "According to the latest report",
                ]
            )
            return result, f"{when}, {result.format(n=rng.randint(3, 400))}."
        if kind < 0.8:
            first, second = self.topics.sample(rng, 2)
            return "topics", f"The practice concerns {first} and {second}."
        if kind < 0.9:
            first, second = self.rare.sample(rng, 2)
            return "rare", f"Activities included work on {first} and {second}."
        lesson = self.lessons.pick(rng)
        return lesson, lesson

    def words(self, rng, start_year, low, high, max_chars=None):
        target = rng.randint(low, high)
        sentences, used, count, length = [], set(), 0, 0
        while count < target:
            kind, sentence = self.sentence(rng, start_year)
            if kind in used:
                continue
            if max_chars and length + len(sentence) + 1 > max_chars:
                break
            used.add(kind)
            sentences.append(sentence)
            count += len(sentence.split())
            length += len(sentence) + 1
        return sentences

    def summary(self, rng, start_year, max_chars):
        return " ".join(self.words(rng, start_year, 60, 120, max_chars))

    def description(self, rng, start_year):
        sentences = self.words(rng, start_year, 60, 120)
        cut = sorted(rng.sample(range(1, len(sentences)), min(2, len(sentences) - 1)))
        paragraphs = [
            " ".join(sentences[start:end])
            for start, end in zip([0, *cut], [*cut, len(sentences)], strict=True)
        ]
        return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs if paragraph)

    def source_title(self, rng, start_year):
        return self.source_titles.pick(rng).format(
            year=rng.randint(start_year, LAST_YEAR), n=rng.randint(10, 999)
        )


# Reading what exists ----------------------------------------------------------------


@dataclass
class World:
    """What synthetic entries are made from: organisations, people, taxonomy."""

    organisations: dict  # kind -> Weighted over organisation dicts
    members: dict  # organisation id -> {"authors": [...], "focal_points": [...]}
    terms: dict  # facet field -> Weighted over term ids (not countries, regions)
    countries: Weighted
    country_names: dict
    countries_in_region: dict
    regions: list
    reviewers: list = field(default_factory=list)

    @classmethod
    def load(cls, rng, reviewers=()):
        organisations = {}
        region_links = Organisation.regions.through.objects.values_list(
            "organisation_id", "region_id"
        )
        regions_of = {}
        for organisation_id, region_id in region_links:
            regions_of.setdefault(organisation_id, []).append(region_id)
        rows = (
            Organisation.objects.filter(active=True)
            .order_by("pk")
            .values("pk", "kind", "country_id", "name")
        )
        by_kind = {}
        for row in rows:
            row["regions"] = regions_of.get(row["pk"], [])
            by_kind.setdefault(row["kind"], []).append(row)
        for kind, found in by_kind.items():
            # A few organisations write much more than the others.
            organisations[kind] = Weighted(
                found, [rng.paretovariate(1.2) for _ in found]
            )

        members = {}
        memberships = (
            Membership.objects.filter(
                organisation__active=True,
                user__is_active=True,
                role__in=[MembershipRole.FOCAL_POINT, MembershipRole.CONTRIBUTOR],
            )
            .order_by("pk")
            .values_list("organisation_id", "user_id", "role")
        )
        for organisation_id, user_id, role in memberships:
            people = members.setdefault(
                organisation_id, {"authors": [], "focal_points": []}
            )
            people["authors"].append(user_id)
            if role == MembershipRole.FOCAL_POINT:
                people["focal_points"].append(user_id)

        def ranked(model, exponent=1.1):
            """The model's terms, the first in the editors' order the most used
            (those without an order, by id)."""
            order = ["sort_order", "pk"] if hasattr(model, "sort_order") else ["pk"]
            return Weighted(
                list(model.objects.order_by(*order).values_list("pk", flat=True)),
                exponent=exponent,
            )

        countries = list(Country.objects.order_by("pk").values_list("pk", "iso3"))
        frequent = {iso3: index for index, iso3 in enumerate(FREQUENT_COUNTRIES)}
        country_weights = [
            8 / (1 + frequent[iso3]) ** 0.5 if iso3 in frequent else 0.3
            for _pk, iso3 in countries
        ]
        countries_in_region = {}
        for country in Country.objects.values(
            "pk", "region_id", "sub_region_id", "intermediate_region_id"
        ):
            for key in ("region_id", "sub_region_id", "intermediate_region_id"):
                if country[key]:
                    countries_in_region.setdefault(country[key], []).append(
                        country["pk"]
                    )
        return cls(
            organisations=organisations,
            members=members,
            terms={
                facet.field: ranked(facet.model, TERM_EXPONENTS.get(facet.field, 1.1))
                for facet in facets()
                if facet.field not in PLACES
            },
            countries=Weighted([pk for pk, _iso3 in countries], country_weights),
            country_names=dict(Country.objects.values_list("pk", "name")),
            countries_in_region=countries_in_region,
            regions=list(Region.objects.order_by("pk").values_list("pk", flat=True)),
            reviewers=list(reviewers),
        )


# One entry's plan -------------------------------------------------------------------


@dataclass
class Plan:
    """Everything about one synthetic entry before any row is written."""

    entry: PracticeEntry
    classification: dict
    sources: list
    author_id: int | None
    focal_point_id: int | None
    assignment: tuple | None = None  # (reviewer id, due on)
    decision: tuple | None = None  # (kind, reviewer id, message)
    threads: list = field(default_factory=list)


class Planner:
    """Draws one entry after another from the world, all from one generator."""

    def __init__(self, world, rng, today):
        self.world = world
        self.rng = rng
        self.today = today
        self.texts = Texts()
        self.kinds = weighted(
            [(kind, w) for kind, w in ORGANISATION_KINDS if kind in world.organisations]
        )
        self.statuses = weighted(STATUSES)
        self.languages = weighted(LANGUAGES)
        self.contacts = Weighted(INTERNAL_CONTACTS, [1] * len(INTERNAL_CONTACTS))

    def organisation(self):
        return self.world.organisations[self.kinds.pick(self.rng)].pick(self.rng)

    def countries(self, organisation):
        rng, world = self.rng, self.world
        chosen = []
        if organisation["country_id"] and rng.random() < 0.6:
            chosen.append(organisation["country_id"])
        elif organisation["regions"] and rng.random() < 0.5:
            region = rng.choice(organisation["regions"])
            inside = world.countries_in_region.get(region)
            if inside:
                chosen.append(rng.choice(inside))
        extra = rng.choices([0, 1, 2], weights=[60, 30, 10])[0]
        for country in world.countries.sample(rng, extra + len(chosen)):
            if len(chosen) < 3 and country not in chosen:
                chosen.append(country)
        return sorted(chosen[:3])

    def regions(self, organisation):
        rng = self.rng
        if organisation["regions"] and rng.random() < 0.7:
            return sorted(
                rng.sample(
                    organisation["regions"], min(2, len(organisation["regions"]))
                )
            )
        if rng.random() < 0.2:
            return [rng.choice(self.world.regions)]
        return []

    def plan(self, number):
        rng, world, texts = self.rng, self.world, self.texts
        organisation = self.organisation()
        people = world.members.get(organisation["pk"], {})
        author = rng.choice(people["authors"]) if people.get("authors") else None
        focal_points = people.get("focal_points") or []
        focal_point = rng.choice(focal_points) if focal_points else author
        status = self.statuses.pick(rng)

        start_year = min(
            FIRST_YEAR + int(rng.triangular(0, LAST_YEAR - FIRST_YEAR + 1, 14)),
            LAST_YEAR,
        )
        ongoing = rng.random() < 0.55
        end_year = (
            None
            if ongoing or rng.random() < 0.3
            else min(start_year + rng.randint(0, 8), LAST_YEAR)
        )
        countries = self.countries(organisation)
        place = world.country_names[countries[0]] if countries else None
        classification = {}
        for facet in facets():
            if facet.field == "countries":
                classification["countries"] = countries
            elif facet.field == "regions":
                classification["regions"] = self.regions(organisation)
            else:
                how_many = TERM_COUNTS.get(facet.field, lambda rng: rng.randint(0, 2))
                classification[facet.field] = sorted(
                    world.terms[facet.field].sample(rng, how_many(rng))
                )
        reference = REFERENCE_FORMAT.format(number)
        language = self.languages.pick(rng)
        if language in WRITTEN_IN:
            title, summary, description = texts.in_language(rng, language, 4, 7)
        else:
            title = texts.title(rng, place)
            summary = texts.summary(rng, start_year, max_chars=SUMMARY_MAX_LENGTH)
            description = texts.description(rng, start_year)
        entry = PracticeEntry(
            reference=reference,
            organisation_id=organisation["pk"],
            title=title,
            summary=summary,
            description=description,
            start_year=start_year,
            end_year=end_year,
            ongoing=ongoing,
            language=language,
            internal_contact=self.contacts.pick(rng),
            version_number=1,
            created_by_id=author,
            updated_by_id=author,
        )
        lifecycle.start_at(entry, status)
        sources = [
            (
                texts.source_title(rng, start_year),
                f"https://example.org/practice/{reference.lower()}/{index + 1}",
            )
            for index in range(rng.choices([0, 1, 2, 3], [25, 45, 20, 10])[0])
        ]
        plan = Plan(entry, classification, sources, author, focal_point)
        if world.reviewers:
            self.plan_review(plan)
        return plan

    def plan_review(self, plan):
        """The Office's side, for entries that reached it."""
        rng, reviewers = self.rng, self.world.reviewers
        status = plan.entry.status
        if rng.random() < ASSIGNED_SHARE.get(status, 0):
            due_on = None
            if rng.random() < 0.9:
                # About a quarter of the Office's open work is overdue.
                due_on = self.today + timedelta(days=rng.randint(-20, 45))
            plan.assignment = (rng.choice(reviewers), due_on)
        if status in DECISION_KINDS:
            kind, _action = DECISION_KINDS[status]
            reviewer = plan.assignment[0] if plan.assignment else rng.choice(reviewers)
            plan.decision = (kind, reviewer, rng.choice(DECISION_MESSAGES[kind]))
        if status in {EntryStatus.UNDER_REVIEW, EntryStatus.CHANGES_REQUESTED}:
            reviewer = plan.assignment[0] if plan.assignment else rng.choice(reviewers)
            for _ in range(rng.choices([0, 1, 2, 3], [30, 40, 20, 10])[0]):
                plan.threads.append(
                    {
                        "author": reviewer,
                        "field": rng.choice(COMMENT_FIELDS),
                        "body": rng.choice(COMMENTS),
                        "internal": rng.random() < 0.3,
                        "resolved": rng.random() < 0.3,
                        "reply": (
                            rng.choice(REPLIES)
                            if plan.author_id and rng.random() < 0.4
                            else None
                        ),
                    }
                )


# Writing --------------------------------------------------------------------------


def _transitions(plan):
    """(action, from status, to status, actor) that led to the entry's status."""
    author, focal_point = plan.author_id, plan.focal_point_id
    reviewer = plan.decision[1] if plan.decision else None
    if plan.assignment:
        reviewer = plan.assignment[0]
    actors = {
        EntryAction.READY: author,
        EntryAction.SUBMIT: focal_point,
        EntryAction.WITHDRAW: focal_point,
    }
    return [
        (action, from_status, to_status, actors.get(action, reviewer))
        for action, from_status, to_status in lifecycle.path_to(plan.entry.status)
    ]


class Writer:
    """Writes planned entries batch by batch, each kind of row in one bulk insert."""

    def __init__(self):
        self.rows = EntryWriter()

    def write(self, plans, batch_size):
        self.rows.batch_size = batch_size
        entries = [plan.entry for plan in plans]
        PracticeEntry.objects.bulk_create(entries, batch_size=batch_size)
        if entries and entries[0].pk is None:
            raise RuntimeError("The database did not return the new entries' ids.")
        plan_of = {plan.entry.pk: plan for plan in plans}

        def classification_of(entry):
            return plan_of[entry.pk].classification

        self.rows.classify(entries, classification_of)
        sources = self.rows.add_sources(
            entries, lambda entry: plan_of[entry.pk].sources
        )
        # Version 1 was saved while the entry was a draft.
        self.rows.add_versions(
            entries,
            classification_of=classification_of,
            sources=sources,
            user_of=lambda entry: plan_of[entry.pk].author_id,
            comment=REVISION_COMMENT,
            action=EntryAction.CREATE,
            as_saved=lambda entry: {"status": lifecycle.INITIAL},
        )
        now = timezone.now()
        EntryTransition.objects.bulk_create(
            [
                EntryTransition(
                    entry_id=plan.entry.pk,
                    actor_id=actor,
                    action=action,
                    from_status=from_status,
                    to_status=to_status,
                )
                for plan in plans
                for action, from_status, to_status, actor in _transitions(plan)
            ],
            batch_size=batch_size,
        )
        self.write_review(plans, batch_size, now)

    def write_review(self, plans, batch_size, now):
        Assignment.objects.bulk_create(
            [
                Assignment(
                    entry_id=plan.entry.pk,
                    reviewer_id=reviewer,
                    due_on=due_on,
                    assigned_by_id=reviewer,
                )
                for plan in plans
                if plan.assignment
                for reviewer, due_on in [plan.assignment]
            ],
            batch_size=batch_size,
        )
        Decision.objects.bulk_create(
            [
                Decision(
                    entry_id=plan.entry.pk,
                    kind=kind,
                    version_number=1,
                    reviewer_id=reviewer,
                    message=message,
                )
                for plan in plans
                if plan.decision
                for kind, reviewer, message in [plan.decision]
            ],
            batch_size=batch_size,
        )
        threads = []
        for plan in plans:
            for spec in plan.threads:
                comment = Comment(
                    entry_id=plan.entry.pk,
                    version_number=1,
                    field=spec["field"],
                    visibility=(
                        Visibility.INTERNAL if spec["internal"] else Visibility.SHARED
                    ),
                    author_id=spec["author"],
                    body=spec["body"],
                    resolved_at=now if spec["resolved"] else None,
                    resolved_by_id=spec["author"] if spec["resolved"] else None,
                )
                threads.append((comment, spec, plan))
        Comment.objects.bulk_create(
            [comment for comment, _spec, _plan in threads], batch_size=batch_size
        )
        Comment.objects.bulk_create(
            [
                Comment(
                    entry_id=plan.entry.pk,
                    version_number=1,
                    field=comment.field,
                    parent_id=comment.pk,
                    visibility=comment.visibility,
                    author_id=plan.author_id,
                    body=spec["reply"],
                )
                for comment, spec, plan in threads
                # Only shared threads are open to the organisation's replies.
                if spec["reply"] and not spec["internal"]
            ],
            batch_size=batch_size,
        )


@dataclass
class Added:
    """What add_entries() did."""

    count: int
    first_reference: str
    last_reference: str
    seconds: float


def add_entries(
    count, *, seed=DEFAULT_SEED, reviewers=(), batch_size=BATCH_SIZE, progress=None
):
    """Add `count` synthetic entries in one transaction; `reviewers` (user ids or
    users) receive the Office's assignments and decisions. `progress(done, count,
    seconds)` is called after each batch. Not idempotent: every call adds more."""
    if count < 1:
        raise ValueError("Add at least one entry.")
    started = time.perf_counter()
    reviewer_ids = [getattr(user, "pk", user) for user in reviewers]
    collecting = gc.isenabled()
    with transaction.atomic():
        first = reserve_references(count)
        # Another run (or another starting number) gives other entries.
        rng = random.Random(f"{seed}:{first}")  # noqa: S311 (not for security)
        world = World.load(rng, reviewer_ids)
        planner = Planner(world, rng, timezone.localdate())
        writer = Writer()
        # A batch makes some twenty model instances per entry, and the garbage
        # collector would walk the whole heap again and again while it does
        # (measured: 40% of the time); it runs once after each batch instead.
        gc.disable()
        try:
            for offset in range(0, count, batch_size):
                numbers = range(first + offset, first + min(offset + batch_size, count))
                writer.write([planner.plan(number) for number in numbers], batch_size)
                gc.collect()
                if progress:
                    done = offset + len(numbers)
                    progress(done, count, time.perf_counter() - started)
        finally:
            if collecting:
                gc.enable()
    return Added(
        count=count,
        first_reference=REFERENCE_FORMAT.format(first),
        last_reference=REFERENCE_FORMAT.format(first + count - 1),
        seconds=time.perf_counter() - started,
    )

from .pages import HomePage, StandardPage
from .published import (
    CompendiumDocument,
    CompendiumEntry,
    CompendiumSource,
    Edition,
    EditionEntry,
    EditionFacet,
    EditionPdf,
    EditionSearch,
    EditionWord,
    EntryTranslation,
)
from .references import ReferenceSequence
from .taxonomy import (
    AtrocityCrime,
    Country,
    Pillar,
    PracticeArea,
    Priority,
    Region,
    SecretaryGeneralReport,
)
from .workers import TaskWorker

__all__ = [
    "CompendiumDocument",
    "CompendiumEntry",
    "CompendiumSource",
    "Edition",
    "EditionEntry",
    "EditionPdf",
    "EditionFacet",
    "EditionSearch",
    "EditionWord",
    "EntryTranslation",
    "AtrocityCrime",
    "Country",
    "HomePage",
    "Pillar",
    "PracticeArea",
    "Priority",
    "ReferenceSequence",
    "Region",
    "SecretaryGeneralReport",
    "StandardPage",
    "TaskWorker",
]

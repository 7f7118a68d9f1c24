from .pages import HomePage, StandardPage
from .published import (
    CompendiumDocument,
    CompendiumEntry,
    CompendiumSource,
    Edition,
    EditionEntry,
    EditionFacet,
    EditionSearch,
)
from .taxonomy import (
    AtrocityCrime,
    Country,
    Pillar,
    PracticeArea,
    Priority,
    Region,
    SecretaryGeneralReport,
)

__all__ = [
    "CompendiumDocument",
    "CompendiumEntry",
    "CompendiumSource",
    "Edition",
    "EditionEntry",
    "EditionFacet",
    "EditionSearch",
    "AtrocityCrime",
    "Country",
    "HomePage",
    "Pillar",
    "PracticeArea",
    "Priority",
    "Region",
    "SecretaryGeneralReport",
    "StandardPage",
]

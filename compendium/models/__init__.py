from .pages import HomePage, StandardPage
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

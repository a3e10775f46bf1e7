"""The coarse equity groups kept with an answer, worked out from the person when
they answer and then kept without them (HAZ-236).

Coarser than Insights' own groups (four age bands, not seven; broad ethnic
groups), because an answer also carries a team, a way of contact and a month,
and together finer groups could point to one person. Insights shows them one
group at a time, never crossed, with its small-number suppression.
"""

from __future__ import annotations

import datetime as dt

from tandem.people.codes import Disability, Sex
from tandem.people.models import ServiceUser

AGE_BANDS = (
    ("under_25", "Under 25", 0),
    ("25_44", "25 to 44", 25),
    ("45_64", "45 to 64", 45),
    ("65_plus", "65 and over", 65),
)
ETHNIC_GROUPS = (
    ("white", "White", "ABC"),
    ("mixed", "Mixed or multiple", "DEFG"),
    ("asian", "Asian or Asian British", "HJKL"),
    ("black", "Black or Black British", "MNP"),
    ("other", "Other ethnic group", "RS"),
)
NOT_STATED = ("not_stated", "Not stated or not known")
IMD_QUINTILES = (
    ("1", "1 (most deprived)"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", "5 (least deprived)"),
    ("unknown", "Not known"),
)
LANGUAGES = (
    ("english", "First language English"),
    ("other", "Another first language, no interpreter"),
    ("interpreter", "Needs an interpreter"),
)

# Field on ``Answer``, heading, and each code with its label, in table order.
GROUPS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("age_band", "Age band", tuple((k, label) for k, label, _ in AGE_BANDS)),
    ("sex", "Sex", tuple((s.value, s.label.split(" (")[0]) for s in Sex)),
    (
        "ethnic_group",
        "Ethnic group",
        (*((k, label) for k, label, _ in ETHNIC_GROUPS), NOT_STATED),
    ),
    ("imd_quintile", "Deprivation (IMD quintile)", IMD_QUINTILES),
    ("disability", "Disability", tuple((d.value, d.label) for d in Disability)),
    ("language", "Language", LANGUAGES),
)


def _age_band(born: dt.date, on: dt.date) -> str:
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next(code for code, _, lowest in reversed(AGE_BANDS) if age >= lowest)


def groups_of(person: ServiceUser, *, on: dt.date) -> dict[str, str]:
    """The values for ``Answer``'s equity fields."""
    ethnic = next(
        (
            code
            for code, _, letters in ETHNIC_GROUPS
            if person.ethnicity and person.ethnicity in letters
        ),
        NOT_STATED[0],
    )
    decile = person.imd_decile
    if person.interpreter_needed:
        language = "interpreter"
    elif person.first_language.strip().lower() == "english":
        language = "english"
    else:
        language = "other"
    return {
        "age_band": _age_band(person.date_of_birth, on),
        "sex": person.sex,
        "ethnic_group": ethnic,
        "imd_quintile": str((decile + 1) // 2) if decile else "unknown",
        "disability": person.disability,
        "language": language,
    }

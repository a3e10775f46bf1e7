"""Made-up people with a realistic spread of demographics. No database here.

Everything is drawn from one ``random.Random`` so a seed gives the same demo
every time. Names come from Faker's en_GB lists; identifiers come from ranges
reserved for testing or drama, so none can belong to a real person:

- NHS numbers start with 999 (never issued) and carry a valid modulus-11
  check digit.
- Phone numbers come from Ofcom's drama ranges for geographic numbers
  (0113 496 0xxx and others). The drama mobile range 07700 900xxx and the
  non-geographic 01632 960xxx are *not* used: the ``phonenumbers`` library
  (and so ``normalise_phone``) rejects them, and seeded records must pass the
  same validation as records people type in, or nobody could save an edit.
- Email addresses are at example.org.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from faker.providers.person.en_GB import Provider as EnGbNames

from tandem.people import codes
from tandem.people.services import PersonDetails
from tandem.people.validators import nhs_number_check_digit

T = TypeVar("T")


class Weighted(Generic[T]):
    """A fixed list of choices with weights, drawn from quickly and repeatably."""

    def __init__(self, pairs: Sequence[tuple[T, float]] | dict[T, float]) -> None:
        items = list(pairs.items()) if isinstance(pairs, dict) else list(pairs)
        self.values = [value for value, _ in items]
        self.cum_weights = list(itertools.accumulate(float(weight) for _, weight in items))

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


# --- Names -------------------------------------------------------------------

FEMALE_NAMES = Weighted([(name, 1.0) for name in EnGbNames.first_names_female])
MALE_NAMES = Weighted([(name, 1.0) for name in EnGbNames.first_names_male])
FAMILY_NAMES = Weighted(list(EnGbNames.last_names.items()))


def given_name(rng: random.Random, gender: str) -> str:
    """A first name fitting a gender identity code ('' or any other code: either list)."""
    if gender == codes.GenderIdentity.FEMALE:
        return FEMALE_NAMES.pick(rng)
    if gender == codes.GenderIdentity.MALE:
        return MALE_NAMES.pick(rng)
    return (FEMALE_NAMES if rng.random() < 0.5 else MALE_NAMES).pick(rng)


def family_name(rng: random.Random) -> str:
    return FAMILY_NAMES.pick(rng)


def email_local_part(*parts: str) -> str:
    return ".".join(re.sub(r"[^a-z]", "", part.lower()) for part in parts if part)


# --- Identifiers -------------------------------------------------------------

TEST_NHS_NUMBER_PREFIX = "999"


class NhsNumbers:
    """Unique, valid NHS numbers in the 999 range, which is never issued."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def reserve(self, number: str) -> str:
        self.used.add(number)
        return number

    def next(self) -> str:
        while True:
            first_nine = f"{TEST_NHS_NUMBER_PREFIX}{self.rng.randrange(1_000_000):06d}"
            check = nhs_number_check_digit(first_nine)
            if check is None:
                continue
            number = f"{first_nine}{check}"
            if number not in self.used:
                self.used.add(number)
                return number


def fixed_nhs_number(first_nine: str) -> str:
    check = nhs_number_check_digit(first_nine)
    if check is None:
        raise ValueError(f"{first_nine} has no valid check digit")
    return f"{first_nine}{check}"


# Ofcom's drama ranges: each prefix is followed by the last three digits 000-999.
LOCAL_DRAMA_PREFIX = "+44113496"  # Leeds, 0113 496 0xxx; the demo service is a city one
ELSEWHERE_DRAMA_PREFIXES = (
    "+44114496",  # Sheffield, 0114 496 0xxx
    "+44121496",  # Birmingham
    "+44161496",  # Manchester
    "+44191498",  # Tyneside
    "+44207946",  # London, 020 7946 0xxx
)


def drama_number(prefix: str, n: int) -> str:
    return f"{prefix}0{n % 1000:03d}"


def local_phone(rng: random.Random) -> str:
    return drama_number(LOCAL_DRAMA_PREFIX, rng.randrange(1000))


def phone_anywhere(rng: random.Random, *, elsewhere: float) -> str:
    if rng.random() < elsewhere:
        return drama_number(rng.choice(ELSEWHERE_DRAMA_PREFIXES), rng.randrange(1000))
    return local_phone(rng)


# Postcode districts of a fictional city service (Leeds districts, made-up units).
POSTCODE_DISTRICTS = [f"LS{n}" for n in range(1, 30)]
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng: random.Random) -> str:
    unit = rng.choice(POSTCODE_UNIT_LETTERS) + rng.choice(POSTCODE_UNIT_LETTERS)
    return f"{rng.choice(POSTCODE_DISTRICTS)} {rng.randrange(1, 10)}{unit}"


# --- Demographics ------------------------------------------------------------

# Adults of working age are most of a community mental health caseload, with
# a tail into old age. (lowest age, highest age, weight)
AGE_BANDS = Weighted(
    [
        ((18, 24), 14),
        ((25, 34), 22),
        ((35, 44), 20),
        ((45, 54), 18),
        ((55, 64), 13),
        ((65, 74), 7),
        ((75, 90), 6),
    ]
)

SEX = Weighted(
    [
        (codes.Sex.FEMALE, 52.0),
        (codes.Sex.MALE, 46.8),
        (codes.Sex.NOT_KNOWN, 1.1),
        (codes.Sex.INDETERMINATE, 0.1),
    ]
)

# Roughly an English city (2021 census shape, 2001 category codes).
ETHNICITY = Weighted(
    [
        (codes.EthnicCategory.WHITE_BRITISH, 58.0),
        (codes.EthnicCategory.WHITE_IRISH, 1.0),
        (codes.EthnicCategory.WHITE_OTHER, 6.5),
        (codes.EthnicCategory.MIXED_WHITE_BLACK_CARIBBEAN, 1.3),
        (codes.EthnicCategory.MIXED_WHITE_BLACK_AFRICAN, 0.7),
        (codes.EthnicCategory.MIXED_WHITE_ASIAN, 1.0),
        (codes.EthnicCategory.MIXED_OTHER, 1.0),
        (codes.EthnicCategory.ASIAN_INDIAN, 3.5),
        (codes.EthnicCategory.ASIAN_PAKISTANI, 5.5),
        (codes.EthnicCategory.ASIAN_BANGLADESHI, 1.5),
        (codes.EthnicCategory.ASIAN_OTHER, 2.0),
        (codes.EthnicCategory.BLACK_CARIBBEAN, 1.5),
        (codes.EthnicCategory.BLACK_AFRICAN, 4.0),
        (codes.EthnicCategory.BLACK_OTHER, 0.8),
        (codes.EthnicCategory.CHINESE, 1.0),
        (codes.EthnicCategory.OTHER, 2.2),
        (codes.EthnicCategory.NOT_STATED, 6.0),
        (codes.EthnicCategory.NOT_KNOWN, 2.5),
    ]
)

DISABILITY = Weighted(
    [
        (codes.Disability.YES, 27.0),
        (codes.Disability.NO, 53.0),
        (codes.Disability.NOT_STATED, 8.0),
        (codes.Disability.NOT_KNOWN, 12.0),
    ]
)

# Chance that someone's first language is not English, and which languages,
# by ethnic category. Everyone else: English (BSL is spread across everyone).
OTHER_LANGUAGES: dict[str, tuple[float, Weighted]] = {
    codes.EthnicCategory.WHITE_OTHER: (
        0.6,
        Weighted({"Polish": 5, "Romanian": 3, "Lithuanian": 2, "Portuguese": 2, "Czech": 1}),
    ),
    codes.EthnicCategory.ASIAN_INDIAN: (
        0.3,
        Weighted({"Punjabi": 4, "Gujarati": 3, "Tamil": 1, "Hindi": 1}),
    ),
    codes.EthnicCategory.ASIAN_PAKISTANI: (0.35, Weighted({"Urdu": 5, "Punjabi": 4, "Pashto": 1})),
    codes.EthnicCategory.ASIAN_BANGLADESHI: (0.4, Weighted({"Bengali (Sylheti)": 3, "Bengali": 1})),
    codes.EthnicCategory.ASIAN_OTHER: (0.4, Weighted({"Tamil": 2, "Nepali": 1, "Tagalog": 1})),
    codes.EthnicCategory.BLACK_AFRICAN: (
        0.35,
        Weighted({"Somali": 3, "Tigrinya": 2, "Arabic": 2, "French": 1, "Yoruba": 1, "Shona": 1}),
    ),
    codes.EthnicCategory.CHINESE: (0.45, Weighted({"Cantonese": 3, "Mandarin": 2})),
    codes.EthnicCategory.OTHER: (
        0.55,
        Weighted({"Arabic": 4, "Kurdish": 2, "Farsi": 2, "Dari": 1, "Turkish": 1}),
    ),
}
BSL_SHARE = 0.004
INTERPRETER_SHARE = 0.45  # of those whose first language is not English

IMD_DECILE = Weighted(
    [(d, w) for d, w in zip(range(1, 11), (18, 15, 13, 11, 9, 8, 7, 7, 6, 6), strict=True)]
)

PRONOUNS = Weighted({"she/her": 1, "he/him": 1, "they/them": 1})

GENDER_FOR_SEX: dict[str, str] = {
    codes.Sex.FEMALE: codes.GenderIdentity.FEMALE,
    codes.Sex.MALE: codes.GenderIdentity.MALE,
}
OTHER_GENDER_FOR_SEX: dict[str, str] = {
    codes.Sex.FEMALE: codes.GenderIdentity.MALE,
    codes.Sex.MALE: codes.GenderIdentity.FEMALE,
}
PRONOUNS_FOR_GENDER: dict[str, str] = {
    codes.GenderIdentity.FEMALE: "she/her",
    codes.GenderIdentity.MALE: "he/him",
}


def date_of_birth(rng: random.Random, today: dt.date) -> dt.date:
    low, high = AGE_BANDS.pick(rng)
    age = rng.randint(low, high)
    # Any day in the year that gives this age today.
    latest = (
        today.replace(year=today.year - age)
        if not (today.month == 2 and today.day == 29)
        else (dt.date(today.year - age, 2, 28))
    )
    return latest - dt.timedelta(days=rng.randrange(365))


def gender_identity_for(rng: random.Random, sex: str) -> str:
    roll = rng.random()
    if roll < 0.06:
        return ""  # not recorded
    if roll < 0.09:
        return codes.GenderIdentity.NOT_STATED
    if roll < 0.105:
        return codes.GenderIdentity.NOT_KNOWN
    if roll < 0.112:
        return codes.GenderIdentity.NON_BINARY
    if roll < 0.114:
        return codes.GenderIdentity.OTHER
    if roll < 0.12:  # trans men and trans women
        return OTHER_GENDER_FOR_SEX.get(sex, codes.GenderIdentity.NOT_KNOWN)
    return GENDER_FOR_SEX.get(sex, codes.GenderIdentity.NOT_KNOWN)


def pronouns_for(rng: random.Random, gender: str) -> str:
    if gender == codes.GenderIdentity.NON_BINARY:
        return "they/them"
    if rng.random() < 0.25:
        return PRONOUNS_FOR_GENDER.get(gender) or PRONOUNS.pick(rng)
    return ""


def language_for(rng: random.Random, ethnicity: str) -> tuple[str, bool]:
    if rng.random() < BSL_SHARE:
        return "British Sign Language", True
    chance, languages = OTHER_LANGUAGES.get(ethnicity, (0.0, None))
    if languages is not None and rng.random() < chance:
        return languages.pick(rng), rng.random() < INTERPRETER_SHARE
    return "English", False


def person(rng: random.Random, *, n: int, nhs_numbers: NhsNumbers, today: dt.date) -> PersonDetails:
    """The ``n``th made-up service user (``n`` keeps email addresses unique)."""
    sex = SEX.pick(rng)
    gender = gender_identity_for(rng, sex)
    # Without a recorded gender identity, pick a name to fit the recorded sex.
    name_gender = gender or GENDER_FOR_SEX.get(sex, "")
    given = given_name(rng, name_gender)
    family = family_name(rng)
    ethnicity = ETHNICITY.pick(rng)
    language, interpreter = language_for(rng, ethnicity)
    roll = rng.random()
    phone = "" if roll < 0.05 else local_phone(rng)
    return PersonDetails(
        given_name=given,
        family_name=family,
        # Some people go by their middle name.
        preferred_name=given_name(rng, name_gender) if rng.random() < 0.04 else "",
        pronouns=pronouns_for(rng, gender),
        nhs_number=nhs_numbers.next(),
        date_of_birth=date_of_birth(rng, today),
        email="" if rng.random() < 0.2 else f"{email_local_part(given, family)}.{n}@example.org",
        phone=phone,
        postcode="" if rng.random() < 0.02 else postcode(rng),
        sex=sex,
        gender_identity=gender,
        ethnicity=ethnicity,
        disability=DISABILITY.pick(rng),
        first_language=language,
        interpreter_needed=interpreter,
        imd_decile=None if rng.random() < 0.03 else IMD_DECILE.pick(rng),
    )


CARER_RELATIONSHIPS = Weighted(
    {
        "Partner": 18,
        "Husband": 6,
        "Wife": 6,
        "Mother": 20,
        "Father": 9,
        "Daughter": 8,
        "Son": 6,
        "Sister": 6,
        "Brother": 4,
        "Friend": 8,
        "Grandparent": 2,
        "Neighbour": 2,
        "Foster carer": 1,
    }
)
# Relationships that usually share a family name.
FAMILY_RELATIONSHIPS = {
    "Husband",
    "Wife",
    "Mother",
    "Father",
    "Daughter",
    "Son",
    "Sister",
    "Brother",
}
CARER_GENDER = {
    "Husband": codes.GenderIdentity.MALE,
    "Wife": codes.GenderIdentity.FEMALE,
    "Mother": codes.GenderIdentity.FEMALE,
    "Father": codes.GenderIdentity.MALE,
    "Daughter": codes.GenderIdentity.FEMALE,
    "Son": codes.GenderIdentity.MALE,
    "Sister": codes.GenderIdentity.FEMALE,
    "Brother": codes.GenderIdentity.MALE,
}
# How often a service user consents to each carer scope.
SCOPE_CHANCES = {
    "can_see_appointments": 0.65,
    "can_get_reminders": 0.45,
    "can_join_video": 0.35,
    "can_message_team": 0.3,
    "can_give_views": 0.6,
    "can_see_safety_plan": 0.3,
}


@dataclass
class CarerSpec:
    given_name: str
    family_name: str
    relationship: str
    email: str
    phone: str
    scopes: dict[str, bool]


def carer(rng: random.Random, *, n: int, cared_for_family_name: str) -> CarerSpec:
    relationship = CARER_RELATIONSHIPS.pick(rng)
    same_family = relationship in FAMILY_RELATIONSHIPS and rng.random() < 0.8
    gender = CARER_GENDER.get(relationship, "")
    given = given_name(rng, gender)
    family = cared_for_family_name if same_family else family_name(rng)
    return CarerSpec(
        given_name=given,
        family_name=family,
        relationship=relationship,
        email=""
        if rng.random() < 0.25
        else f"{email_local_part(given, family)}.carer{n}@example.org",
        phone="" if rng.random() < 0.05 else phone_anywhere(rng, elsewhere=0.15),
        scopes={scope: rng.random() < chance for scope, chance in SCOPE_CHANCES.items()},
    )

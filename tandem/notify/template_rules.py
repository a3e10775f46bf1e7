"""What a message template is, and the rules every one keeps: the placeholders
it may hold, the words none may say (HAZ-008) and the lines every message ends
with. The templates themselves are in ``wording.py``; filling them in is
``templates.py``, which names all three for callers.

Each text is ``Words``: English to read and check, made of pieces marked for
translation so that ``templates.render`` can read it in the recipient's
language (ADR 0061). Numbers are never in a marked piece: a translator could
mistype one, so each is a ``%(name)s`` filled in from data here (HAZ-338, HAZ-342).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

ALLOWED_PLACEHOLDERS = frozenset(
    # ``person_name``: whose appointment a carer's copy is about ('Sam Taylor'),
    # so a carer is never told an appointment is 'for you' (issue 16, HAZ-154).
    # A name says nothing clinical, and its value is checked like any other.
    # ``reference``: the random reference on a paper feedback form (issue 24).
    {
        "date",
        "time",
        "how_to_join",
        "link",
        "service_name",
        "how_to_come_back",
        "person_name",
        "reference",
    }
)
# Filled in by tandem.notify at send time, never passed by callers.
SERVICE_PLACEHOLDERS = frozenset({"service_name"})

# Words that must never appear in a message, in a sender name or in a value a
# caller passes. Lower case; matched as substrings of the lower-cased text.
# The Welsh and Arabic ones at the end keep the rule for messages in those
# languages, and for a team whose name is in them (HAZ-342).
CLINICAL_WORDS = (
    "diagnos",
    "mental health",
    "mental",
    "crisis",
    "psychiatr",
    "psycholog",
    "psychosis",
    "psychotic",
    "cmht",
    "camhs",
    "iapt",
    "talking therap",
    "therapy",
    "therapist",
    "counsell",
    "medication",
    "depress",
    "anxiety",
    "bipolar",
    "schizo",
    "suicid",
    "self-harm",
    "self harm",
    "overdose",
    "sectioned",
    "mental health act",
    "eating disorder",
    "addiction",
    "substance",
    "risk",
    "safety plan",
    "care coordinator",
    "clozapine",
    "lithium",
    "depot",
    # Welsh
    "iechyd meddwl",
    "argyfwng",
    "seiciatr",
    "seicolog",
    "seicosis",
    "therapi",
    "cwnsel",
    "iselder",
    "gorbryder",
    "hunanladd",
    "hunan-niwed",
    "meddyginiaeth",
    "cyffuriau",
    "caethiwed",
    "risg",
    "cynllun diogelwch",
    # Arabic
    "الصحة النفسية",
    "الصحة العقلية",
    "أزمة",
    "نفسي",
    "الطب النفسي",
    "علاج",
    "اكتئاب",
    "القلق",
    "انتحار",
    "إيذاء النفس",
    "دواء",
    "أدوية",
    "إدمان",
    "خطر",
    "خطة السلامة",
)


def clinical_words_in(text: str) -> list[str]:
    lowered = text.lower()
    return [word for word in CLINICAL_WORDS if word in lowered]


# The number every message gives for urgent help: data, never in a translation.
URGENT_NUMBER = "111"


class Words(str):
    """A message text: the English, which is what it equals, made of pieces that
    are each read in the active language by ``translated()``.

    A piece that holds only spaces or new lines is kept as it is; any other is
    looked up in the catalogue (marked ones with ``N_`` where they are written,
    so ``make messages`` finds them; an unmarked one such as ``{link}`` reads as
    itself), then its ``%(name)s`` numbers are filled in. A ``Words`` given as a
    piece adds its own pieces, so shared lines are translated once.
    """

    parts: tuple[str, ...]
    numbers: dict[str, str]

    def __new__(cls, *parts: str, **numbers: str) -> Words:
        flat: list[str] = []
        merged = {"urgent": URGENT_NUMBER}
        for part in parts:
            if isinstance(part, Words):
                flat.extend(part.parts)
                merged |= part.numbers
            else:
                flat.append(part)
        merged |= numbers
        made = super().__new__(cls, _joined(flat, merged, translate=False))
        made.parts = tuple(flat)
        made.numbers = merged
        return made

    def translated(self) -> str:
        """The text in the active language; English wherever a piece is not translated."""
        return _joined(self.parts, self.numbers, translate=True)


def _joined(parts: list[str] | tuple[str, ...], numbers: dict[str, str], *, translate: bool) -> str:
    read = []
    for part in parts:
        if not part.strip():
            read.append(part)
            continue
        text = gettext(part) if translate else part
        read.append(text % numbers if "%(" in part else text)
    return "".join(read)


def in_active_language(text: str) -> str:
    return text.translated() if isinstance(text, Words) else text


HELLO = Words(N_("Hello,"))
IGNORE_EMAIL = Words(N_("If you did not expect this, you can ignore this email."))
# Every letter ends with where to get help now.
URGENT = Words(N_("If you need help urgently, call NHS %(urgent)s."))
# Said in every message, so nobody takes a reminder for a channel that is watched.
NOT_WATCHED = Words(N_("Replies to this message are not read."), " ", URGENT)
# After a cancellation: how to get another, with no promise that anyone will call.
ARRANGE_ANOTHER = Words(
    N_("To arrange another, call us, or sign in to Tandem to see times you can book yourself.")
)


@dataclass(frozen=True)
class Template:
    name: str
    label: str
    accepts: frozenset[str]
    required: frozenset[str]
    sms: str
    email_subject: str
    email_body: str
    letter_heading: str
    letter_body: str
    # A letter takes days: a reminder that failed by text is not worth posting,
    # staff are asked to phone instead.
    letter_fallback: bool = True
    notes: str = field(default="", compare=False)

    def texts(self) -> dict[str, str]:
        return {
            "sms": self.sms,
            "email_subject": self.email_subject,
            "email_body": self.email_body,
            "letter_heading": self.letter_heading,
            "letter_body": self.letter_body,
        }


def placeholders_in(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}

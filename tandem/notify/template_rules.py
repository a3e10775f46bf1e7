"""What a message template is, and the rules every one keeps: the placeholders
it may hold, the words none may say (HAZ-008) and the lines every message ends
with. The templates themselves are in ``wording.py``; filling them in is
``templates.py``, which names all three for callers."""

from __future__ import annotations

import string
from dataclasses import dataclass, field

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
)


def clinical_words_in(text: str) -> list[str]:
    lowered = text.lower()
    return [word for word in CLINICAL_WORDS if word in lowered]


# Said in every message, so nobody takes a reminder for a channel that is watched.
NOT_WATCHED = "Replies to this message are not read. If you need help urgently, call NHS 111."
# After a cancellation: how to get another, with no promise that anyone will call.
ARRANGE_ANOTHER = (
    "To arrange another, call us, or sign in to Tandem to see times you can book yourself."
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

"""The curated list the detector looks for, kept as data so it can be read,
reviewed and argued with (docs/worrying-words.md explains each choice).

The phrases and the sayings set aside are in ``phrases.toml``, loaded here
once; this module holds what they are made of and the rules of negation.

How a pattern is written
------------------------
- Patterns are regular expressions over the *normalised* text (see
  ``detector.normalise``): lower case, curly quotes made straight, accents and
  look-alike letters folded, HTML tags taken out, runs of spaces made one.
- A space in a pattern means "any one run of white space".
- Doubled letters are written as English spells them ("kill", "better"); the
  detector squeezes every run of a repeated letter to one letter in both the
  text and the pattern, so "killll", "kill" and the typo "kil" all match.
- ``<SELF>``, ``<OTHERS>``, ``<RELATIVE>`` and the like are fragments filled
  in from ``FRAGMENTS``; every pattern is wrapped in word boundaries.
- ``hints`` are plain words, one of which must appear in the text for the
  pattern to be tried at all. They make the common case (no worrying words)
  cost a few substring checks; a test checks that every example still matches
  through them.
- ``negatable=False`` marks phrases whose negation is part of the meaning
  ("I don't want to live", "I can't keep myself safe"): a "not" before them
  does not set them aside.
- ``examples`` must each be flagged by the phrase (a test runs them).

Categories name the kind of words found, never how worried to be: there are
no scores, levels or colours (DESIGN: no risk ratings).
"""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class Category(enum.StrEnum):
    SUICIDE = "suicide"
    SELF_HARM = "self_harm"
    HARM_TO_OTHERS = "harm_to_others"
    ABUSE = "abuse"
    CRISIS = "crisis"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.SUICIDE: "Suicide",
    Category.SELF_HARM: "Self-harm",
    Category.HARM_TO_OTHERS: "Harm to others",
    Category.ABUSE: "Abuse",
    Category.CRISIS: "Acute crisis",
}


@dataclass(frozen=True)
class Phrase:
    key: str
    category: Category
    label: str  # what staff and managers see: the words in plain English
    pattern: str
    reason: str
    hints: tuple[str, ...]
    examples: tuple[str, ...] = ()
    negatable: bool = True


@dataclass(frozen=True)
class Exclusion:
    """A common saying that contains a listed phrase but is not about harm.
    A match that lies inside one of these is set aside, with ``why``."""

    key: str
    pattern: str
    why: str
    hints: tuple[str, ...]
    examples: tuple[str, ...] = ()


SELF = (
    r"(?:my ?self|me ?self|meself|myslef|mysef|mysel|him ?self|her ?self|themselves|themself|"
    r"theirselves|yourself|urself)"
)
RELATIVE = (
    r"(?:partner|husband|wife|boyfriend|girlfriend|ex|mum|mam|mom|mother|dad|father|stepdad|"
    r"stepmum|brother|sister|son|daughter|baby|child|children|kids?|neighbou?rs?|boss|carer|"
    r"flatmate|landlord|family|uncle|aunt|nan|gran|grandad)"
)
FRAGMENTS = {
    "<SELF>": SELF,
    "<OTHERS>": (
        r"(?:him|her|them|someone|somebody|some one|anyone|anybody|everyone|everybody|people|"
        r"others|my "
        + RELATIVE
        + r"|the (?:baby|kids|children|neighbou?rs?)|his "
        + RELATIVE
        + r"|her "
        + RELATIVE
        + r")"
    ),
    "<ABUSER>": r"(?:he|she|they|him|her|them|my " + RELATIVE + r")",
    "<POSS>": r"(?:my|his|her|their|your)",
    "<PILLS>": (
        r"(?:pills|tablets|meds|medication|medicine|paracetamol|painkillers|sleeping pills|"
        r"antidepressants|insulin|lithium|sertraline|co-?codamol)"
    ),
    "<ANYMORE>": r"(?:any ?more|any longer|no more)",
    "<RELATIVE>": RELATIVE,
}

# Words that, a few words before a phrase, usually mean the writer is saying
# it is *not* so ("I'm not suicidal", "I would never hurt her").
NEGATORS = frozenset(
    {
        "not",
        "never",
        "no",
        "nor",
        "don't",
        "dont",
        "didn't",
        "didnt",
        "doesn't",
        "doesnt",
        "won't",
        "wont",
        "wouldn't",
        "wouldnt",
        "couldn't",
        "couldnt",
        "shouldn't",
        "shouldnt",
        "isn't",
        "isnt",
        "wasn't",
        "wasnt",
        "aren't",
        "arent",
        "weren't",
        "ain't",
        "aint",
        "haven't",
        "havent",
        "hasn't",
        "hasnt",
        "hadn't",
        "hadnt",
    }
)
# How many words before a phrase a negator may stand.
NEGATION_WINDOW = 3
# Words that do not count towards the window (round 5): "I'm not having
# thoughts of ending things", "Mum's not mentioned anything about wanting to
# die", "I have not had any thoughts of self harm".
NEGATION_FILLERS = frozenset(
    {
        "any",
        "anything",
        "thoughts",
        "thought",
        "of",
        "about",
        "having",
        "had",
        "been",
        "mentioned",
        "said",
        "talked",
        "spoken",
        "feelings",
        "plans",
        "intention",
        "whatsoever",
    }
)
# A negator followed by one of these is not denying the phrase: "I can't stop
# wanting to die", "I've never felt so suicidal", "not sure I want to live",
# "I haven't told anyone about my thoughts of suicide".
NEGATION_CANCELLED_BY = frozenset(
    {
        "stop",
        "help",
        "sure",
        "know",
        "so",
        "this",
        "more",
        "ever",
        "only",
        "just",
        "even",
        "told",
        "tell",
        "telling",
        "anyone",
        "anybody",
        "admit",
        "admitted",
    }
)
# A phrase answered "none" or "no" straight after it, as on a form or in a
# check-in ("suicidal thoughts - none", "Any thoughts of suicide? A: No") is
# denied like one with a negator before it.
ANSWERED_NO = (
    r"(?:\s[\w']+){0,2}\s?[-:=]\s?(?:none|no|nil|never)\b"
    r"|[^.?!\n]{0,60}\?\s?(?:a\s?[:-]\s?)?(?:no|none|never|nope)\b"
)
# ...nor is one whose phrase is followed by a comparison: "never wanted to die
# more than today".
AFTER_CANCELS_NEGATION = r"\s(?:more|so much|as much|this much|than)\b"
# Negation does not reach across these: "I'm not OK, I want to die".
CLAUSE_BREAK = r"[.!?;:,\n()\"]|\b(?:but|and|because|cos|coz|though|although|however|yet|so)\b"


DATA = Path(__file__).with_name("phrases.toml")
_PHRASE_KEYS = {"key", "category", "label", "pattern", "reason", "hints", "examples"}
_EXCLUSION_KEYS = {"key", "pattern", "why", "hints", "examples"}


def _checked(row: dict[str, Any], required: set[str], optional: set[str]) -> dict[str, Any]:
    """A row with exactly the keys it should have: a misspelt key (such as
    'negateable') must stop the list loading, not be quietly ignored."""
    missing = required - row.keys()
    unknown = row.keys() - required - optional
    if missing or unknown:
        raise ValueError(
            f"{DATA.name}: entry {row.get('key', '?')!r}: "
            f"missing {sorted(missing)}, unknown {sorted(unknown)}"
        )
    return row


def load(path: Path = DATA) -> tuple[tuple[Phrase, ...], tuple[Exclusion, ...]]:
    """The phrases and exclusions in ``path``, in file order. A pattern is a
    list of parts joined with nothing between them, so it can span lines."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    phrases = tuple(
        Phrase(
            key=row["key"],
            category=Category(row["category"]),
            label=row["label"],
            pattern="".join(row["pattern"]),
            reason=row["reason"],
            hints=tuple(row["hints"]),
            examples=tuple(row["examples"]),
            negatable=row.get("negatable", True),
        )
        for row in (_checked(r, _PHRASE_KEYS, {"negatable"}) for r in data["phrase"])
    )
    exclusions = tuple(
        Exclusion(
            key=row["key"],
            pattern="".join(row["pattern"]),
            why=row["why"],
            hints=tuple(row["hints"]),
            examples=tuple(row["examples"]),
        )
        for row in (_checked(r, _EXCLUSION_KEYS, set()) for r in data["exclusion"])
    )
    return phrases, exclusions


PHRASES, EXCLUSIONS = load()

"""A questionnaire's definition, as data, and the checks it must pass.

A definition is JSON a service can write without code::

    {
      "code": "phq9",                 # letters, numbers, '-' or '_'
      "version": 1,                   # a change is a new version (ADR 0015)
      "title": "Patient Health Questionnaire (PHQ-9)",
      "short_title": "PHQ-9",
      "preamble": "Over the last 2 weeks, how often have you been bothered by ...",
      "options": [{"value": 0, "label": "Not at all"}, ...],   # shared by every item
      "items": [
        {"key": "q1", "text": "Little interest or pleasure in doing things",
         "scored": true, "review_at_or_above": null, "review_reason": ""},
        {"key": "q10", "text": "How difficult ...", "scored": false,
         "options": [...]}            # an item may have its own options
      ],
      "scoring": "sum",               # the total of the scored items
      "bands": [{"min": 0, "max": 4, "label": "Minimal depression"}, ...],
      "licence": "Who holds the copyright and on what terms"  # shown after the short title
    }

``parse`` checks every rule and reports every problem at once, in words a
service admin can act on; anything it accepts can be scored
(``tandem.measures.scoring``). Bands must cover every possible total with no
gaps or overlaps, so a complete result always has exactly one band.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUILTIN_DIR = Path(__file__).resolve().parent / "instruments"
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
TOP_LEVEL = {
    "code",
    "version",
    "title",
    "short_title",
    "preamble",
    "options",
    "items",
    "scoring",
    "bands",
    "licence",
}
ITEM_KEYS = {"key", "text", "scored", "options", "review_at_or_above", "review_reason"}
TITLE_MAX = 200
SHORT_TITLE_MAX = 40
BAND_LABEL_MAX = 60  # Response.band
TEXT_MAX = 500
MAX_ITEMS = 100
MAX_OPTIONS = 20


class InvalidDefinition(ValueError):
    """A definition that cannot be used, with every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    number: int  # 1-based position, as people read 'question 9'
    text: str
    scored: bool
    options: tuple[Option, ...]
    review_at_or_above: int | None
    review_reason: str

    def label_for(self, value: int) -> str:
        return next((o.label for o in self.options if o.value == value), "")

    @property
    def values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.options)

    def needs_review(self, value: int) -> bool:
        return self.review_at_or_above is not None and value >= self.review_at_or_above


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    label: str


@dataclass(frozen=True)
class Definition:
    code: str
    version: int
    title: str
    short_title: str
    preamble: str
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    licence: str
    scoring: str = "sum"

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.scored)

    @property
    def lowest_total(self) -> int:
        return sum(min(i.values) for i in self.scored_items)

    @property
    def highest_total(self) -> int:
        return sum(max(i.values) for i in self.scored_items)

    @property
    def credit(self) -> str:
        """The line under the questions: the short title, then the licence.

        The built-in licences once began with the short title themselves
        ('PHQ-9. Developed by...'), and a stored definition never changes
        (ADR 0015), so a licence that already starts with it is not given it twice.
        """
        if self.licence.startswith(f"{self.short_title}."):
            return self.licence
        return f"{self.short_title}. {self.licence}"

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)

    def band_for(self, total: int) -> str:
        return next((b.label for b in self.bands if b.min <= total <= b.max), "")


def _whole(value: object) -> int | None:
    """``value`` if it is a whole number (JSON true/false are not), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _text(
    data: dict[str, Any], key: str, where: str, problems: list[str], *, limit: int = TEXT_MAX
) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where} needs a '{key}': some words")
        return ""
    if len(value) > limit:
        problems.append(f"{where}: '{key}' must be {limit} characters or fewer")
    return value.strip()


def _options(raw: object, where: str, problems: list[str]) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{where} needs a list of answer options")
        return ()
    if len(raw) > MAX_OPTIONS:
        problems.append(f"{where} has more than {MAX_OPTIONS} answer options")
    found: list[Option] = []
    for n, option in enumerate(raw, start=1):
        here = f"{where}, option {n}"
        if not isinstance(option, dict):
            problems.append(f"{here} must be an object with a 'value' and a 'label'")
            continue
        value = _whole(option.get("value"))
        label = option.get("label")
        if value is None or value < 0:
            problems.append(f"{here}: 'value' must be a whole number, 0 or more")
            continue
        if not isinstance(label, str) or not label.strip():
            problems.append(f"{here} needs a 'label': the words people choose")
            continue
        unknown = set(option) - {"value", "label"}
        if unknown:
            problems.append(f"{here} has fields Tandem does not know: {', '.join(sorted(unknown))}")
        found.append(Option(value=value, label=label.strip()))
    values = [o.value for o in found]
    if values != sorted(set(values)):
        problems.append(
            f"{where}: the options must be in order of their values, lowest first, "
            "with no value used twice"
        )
    labels = [o.label.casefold() for o in found]
    if len(labels) != len(set(labels)):
        problems.append(f"{where}: two options have the same label")
    return tuple(found)


def _items(data: dict[str, Any], shared: tuple[Option, ...], problems: list[str]) -> list[Item]:
    raw = data.get("items")
    if not isinstance(raw, list) or not raw:
        problems.append("The definition needs a list of 'items' (the questions)")
        return []
    if len(raw) > MAX_ITEMS:
        problems.append(f"The definition has more than {MAX_ITEMS} items")
    items: list[Item] = []
    seen: set[str] = set()
    for n, entry in enumerate(raw, start=1):
        where = f"Item {n}"
        if not isinstance(entry, dict):
            problems.append(f"{where} must be an object with a 'key' and 'text'")
            continue
        unknown = set(entry) - ITEM_KEYS
        if unknown:
            problems.append(
                f"{where} has fields Tandem does not know: {', '.join(sorted(unknown))}"
            )
        key = entry.get("key")
        if not isinstance(key, str) or not KEY_RE.match(key):
            problems.append(
                f"{where} needs a 'key' of up to 40 letters, numbers, '-' or '_' (such as 'q1')"
            )
            key = ""
        elif key in seen:
            problems.append(f"{where}: the key '{key}' is used by another item")
        seen.add(key)
        text = _text(entry, "text", where, problems)
        scored = entry.get("scored", True)
        if not isinstance(scored, bool):
            problems.append(f"{where}: 'scored' must be true or false")
            scored = True
        if "options" in entry:
            options = _options(entry["options"], f"{where}'s options", problems)
        else:
            options = shared
            if not shared:
                problems.append(f"{where} has no answer options, and there are no shared 'options'")
        review = entry.get("review_at_or_above")
        reason = entry.get("review_reason") or ""
        if review is not None:
            if _whole(review) is None or review not in {o.value for o in options}:
                problems.append(
                    f"{where}: 'review_at_or_above' must be one of the item's option values"
                )
                review = None
            if not isinstance(reason, str) or not reason.strip():
                problems.append(
                    f"{where}: say in 'review_reason' why an answer at or above "
                    f"{entry.get('review_at_or_above')} needs review"
                )
                reason = ""
        elif not isinstance(reason, str):
            problems.append(f"{where}: 'review_reason' must be words")
            reason = ""
        items.append(
            Item(
                key=key,
                number=n,
                text=text,
                scored=scored,
                options=options,
                review_at_or_above=review,
                review_reason=reason.strip(),
            )
        )
    if items and not any(i.scored for i in items):
        problems.append("At least one item must be scored")
    return items


def _bands(data: dict[str, Any], lowest: int, highest: int, problems: list[str]) -> list[Band]:
    raw = data.get("bands")
    if not isinstance(raw, list) or not raw:
        problems.append(
            "The definition needs 'bands': the published words for each range of totals"
        )
        return []
    bands: list[Band] = []
    for n, entry in enumerate(raw, start=1):
        where = f"Band {n}"
        if not isinstance(entry, dict):
            problems.append(f"{where} must be an object with 'min', 'max' and 'label'")
            continue
        low, high = _whole(entry.get("min")), _whole(entry.get("max"))
        if low is None or high is None or low > high:
            problems.append(f"{where}: 'min' and 'max' must be whole numbers, min no more than max")
            continue
        label = _text(entry, "label", where, problems, limit=BAND_LABEL_MAX)
        bands.append(Band(min=low, max=high, label=label))
    if len(bands) != len(raw):
        return bands
    bands.sort(key=lambda b: b.min)
    expected = lowest
    for band in bands:
        if band.min > expected:
            problems.append(f"No band covers totals {expected} to {band.min - 1}")
        elif band.min < expected:
            problems.append(
                f"The band '{band.label}' ({band.min} to {band.max}) overlaps another band "
                "or starts below the lowest possible total"
            )
        expected = max(expected, band.max + 1)
    if bands and expected <= highest:
        problems.append(f"No band covers totals {expected} to {highest}")
    elif bands and bands[-1].max > highest:
        problems.append(
            f"The band '{bands[-1].label}' goes up to {bands[-1].max}, "
            f"but the highest possible total is {highest}"
        )
    return bands


def parse(data: object) -> Definition:
    """Check ``data`` and return the definition, or raise InvalidDefinition
    naming every problem."""
    if not isinstance(data, dict):
        raise InvalidDefinition(["A definition must be a JSON object, starting with '{'"])
    problems: list[str] = []
    unknown = set(data) - TOP_LEVEL
    if unknown:
        problems.append(f"Fields Tandem does not know: {', '.join(sorted(unknown))}")
    code = data.get("code")
    if not isinstance(code, str) or not CODE_RE.match(code):
        problems.append(
            "'code' must be up to 40 lower-case letters, numbers, '-' or '_' (such as 'phq9')"
        )
        code = ""
    version = _whole(data.get("version"))
    if version is None or not 1 <= version <= 32767:
        problems.append("'version' must be a whole number from 1")
        version = 0
    title = _text(data, "title", "The definition", problems, limit=TITLE_MAX)
    short_title = _text(data, "short_title", "The definition", problems, limit=SHORT_TITLE_MAX)
    preamble = data.get("preamble", "")
    if not isinstance(preamble, str) or len(preamble) > TEXT_MAX:
        problems.append(f"'preamble' must be words, {TEXT_MAX} characters or fewer")
        preamble = ""
    licence = _text(data, "licence", "The definition", problems)
    if data.get("scoring", "sum") != "sum":
        problems.append("'scoring' must be \"sum\" (the total of the scored items)")
    shared = _options(data["options"], "The shared options", problems) if "options" in data else ()
    items = _items(data, shared, problems)
    scored = [i for i in items if i.scored and i.options]
    lowest = sum(min(i.values) for i in scored)
    highest = sum(max(i.values) for i in scored)
    bands = _bands(data, lowest, highest, problems)
    if problems:
        raise InvalidDefinition(problems)
    return Definition(
        code=code,
        version=version,
        title=title,
        short_title=short_title,
        preamble=preamble.strip(),
        items=tuple(items),
        bands=tuple(bands),
        licence=licence,
    )


def parse_text(text: str) -> tuple[Definition, dict[str, Any]]:
    """Parse JSON text as pasted or uploaded: the definition and the raw data."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidDefinition(
            [f"This is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"]
        ) from exc
    return parse(data), data


def builtin_definitions() -> list[dict[str, Any]]:
    """The definitions that ship with Tandem, as raw data, checked."""
    found = []
    for path in sorted(BUILTIN_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        parse(data)
        found.append(data)
    return found


def install_builtins(instrument_model: Any) -> int:
    """Add the built-in instruments that are missing; returns how many were added.

    Takes the model class so the data migration can pass its historical
    model. Never changes an instrument already stored: answers refer to it.
    """
    added = 0
    for data in builtin_definitions():
        exists = instrument_model.objects.filter(code=data["code"], version=data["version"])
        if exists.exists():
            continue
        instrument_model.objects.create(
            code=data["code"],
            version=data["version"],
            title=data["title"],
            short_title=data["short_title"],
            definition=data,
            builtin=True,
            licence_note=data["licence"][:300],
        )
        added += 1
    return added

"""Reading past diaries from CSV for ``manage.py replay_series``.

Columns ``person,date,item,value``, one value a row; a header row with those
names is optional. ``item`` is ``mood`` (0-10), ``sleep`` (hours, 0-24),
``anxiety`` (0-10), ``medication`` (taken: yes/no, true/false, 1/0) or
``sign:<the person's words>`` (0-4). Everything is checked before anything is
replayed: ``read`` either returns every person's series or raises
``BadSeries`` listing each bad row by its line number.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from tandem.alerts import detector

HEADER = ["person", "date", "item", "value"]
PERSON_MAX = 100
SIGN_WORDS_MAX = 120
SHOWN_PROBLEMS = 20
RANGES = {
    detector.MOOD: (0.0, 10.0),
    detector.ANXIETY: (0.0, 10.0),
    detector.SLEEP: (0.0, 24.0),
}
TAKEN = {"yes": 1.0, "true": 1.0, "1": 1.0, "taken": 1.0}
NOT_TAKEN = {"no": 0.0, "false": 0.0, "0": 0.0, "not taken": 0.0}


class BadSeries(ValueError):
    """The file has rows that cannot be read; nothing was replayed."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:SHOWN_PROBLEMS]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (f"\n...and {more} more" if more else "")
        super().__init__(text)


@dataclass
class PersonSeries:
    person: str
    values: dict[str, dict[dt.date, float]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    # Sign words to their item name ("sign:1", "sign:2"...), in order of appearance.
    signs: dict[str, str] = field(default_factory=dict)
    days: set[dt.date] = field(default_factory=set)

    def item_for(self, name: str) -> str:
        if not name.startswith(detector.SIGN_PREFIX):
            return name
        words = name[len(detector.SIGN_PREFIX) :].strip()
        key = words.casefold()
        if key not in self.signs:
            item = f"{detector.SIGN_PREFIX}{len(self.signs) + 1}"
            self.signs[key] = item
            self.labels[item] = words
        return self.signs[key]

    @property
    def first(self) -> dt.date:
        return min(self.days)

    def diary(self, *, daily: bool, until: dt.date, watch_high_mood: bool) -> detector.Diary:
        due = None
        if daily:
            due = frozenset(
                self.first + dt.timedelta(days=i) for i in range((until - self.first).days + 1)
            )
        return detector.Diary(
            values=self.values,
            labels=self.labels,
            watch_high_mood=watch_high_mood,
            due=due,
            answered=frozenset(self.days),
        )


def _value(item: str, text: str) -> float:
    """The value, or ValueError with what is wrong in plain words."""
    if item == detector.MEDICATION:
        lowered = text.strip().lower()
        if lowered in TAKEN:
            return TAKEN[lowered]
        if lowered in NOT_TAKEN:
            return NOT_TAKEN[lowered]
        raise ValueError(f"medication must be yes or no (or 1 or 0), not {text!r}")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{item} must be a number, not {text!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{item} must be a number, not {text!r}")
    if item.startswith(detector.SIGN_PREFIX):
        if number != int(number) or not 0 <= number <= detector.SIGN_MAX:
            raise ValueError(
                f"a warning sign is rated with a whole number from 0 to {detector.SIGN_MAX}, "
                f"not {text!r}"
            )
        return number
    low, high = RANGES[item]
    if not low <= number <= high:
        raise ValueError(f"{item} must be from {low:g} to {high:g}, not {text!r}")
    return number


def _item(text: str) -> str:
    name = text.strip()
    lowered = name.lower()
    if lowered in detector.ITEMS:
        return lowered
    if lowered.startswith(detector.SIGN_PREFIX):
        words = name[len(detector.SIGN_PREFIX) :].strip()
        if not words:
            raise ValueError("a warning sign needs its words after 'sign:'")
        if len(words) > SIGN_WORDS_MAX:
            raise ValueError(f"a warning sign's words must be {SIGN_WORDS_MAX} characters or fewer")
        return f"{detector.SIGN_PREFIX}{words}"
    raise ValueError(f"item must be mood, sleep, anxiety, medication or sign:<words>, not {text!r}")


def read(lines: Iterable[str]) -> dict[str, PersonSeries]:
    """Every person's series, or ``BadSeries`` naming every bad row."""
    people: dict[str, PersonSeries] = {}
    seen: dict[tuple[str, dt.date, str], int] = {}
    problems: list[str] = []
    reader = csv.reader(lines)
    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        if line == 1:
            row[0] = row[0].lstrip("\ufeff")
            if [cell.strip().lower() for cell in row] == HEADER:
                continue
        if len(row) != len(HEADER):
            problems.append(
                f"Line {line}: expected 4 columns (person, date, item, value), found {len(row)}"
            )
            continue
        person, date_text, item_text, value_text = (cell.strip() for cell in row)
        try:
            if not person:
                raise ValueError("person is empty")
            if len(person) > PERSON_MAX:
                raise ValueError(f"person must be {PERSON_MAX} characters or fewer")
            try:
                day = dt.date.fromisoformat(date_text)
            except ValueError:
                raise ValueError(
                    f"date must be a real date written as YYYY-MM-DD, not {date_text!r}"
                ) from None
            item = _item(item_text)
            if not value_text:
                raise ValueError(f"{item_text} has no value")
            value = _value(item, value_text)
        except ValueError as exc:
            problems.append(f"Line {line}: {exc}")
            continue
        key = (person, day, item.casefold())
        if key in seen:
            problems.append(
                f"Line {line}: {person} already has a {item_text} value for {day.isoformat()} "
                f"(line {seen[key]})"
            )
            continue
        seen[key] = line
        series = people.setdefault(person, PersonSeries(person=person))
        series.values.setdefault(series.item_for(item), {})[day] = value
        series.days.add(day)
    if problems:
        raise BadSeries(problems)
    return people


YES = {"yes", "true", "1"}
NO = {"no", "false", "0", ""}


def read_high_mood(lines: Iterable[str]) -> set[str]:
    """The people marked ``yes`` in a CSV of person,watch_high_mood (header optional)."""
    found: set[str] = set()
    problems: list[str] = []
    reader = csv.reader(lines)
    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        cells = [cell.strip() for cell in row]
        if line == 1 and [c.lower() for c in cells] == ["person", "watch_high_mood"]:
            continue
        if len(cells) != 2 or cells[1].lower() not in YES | NO:
            problems.append(f"Line {line}: expected person,yes or person,no")
        elif cells[1].lower() in YES:
            found.add(cells[0])
    if problems:
        raise BadSeries(problems)
    return found

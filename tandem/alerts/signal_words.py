"""The plain words of the detector's reasons: amounts rounded to halves, days
and spans of days, and a warning sign in the person's own words."""

from __future__ import annotations

import datetime as dt
import math

from tandem.alerts.diaries import Diary, Run


def _halves(value: float) -> float:
    return math.floor(abs(value) * 2 + 0.5) / 2


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def amount(value: float, unit: str) -> str:
    shown = _halves(value)
    if shown == 0:
        shown = 0.5
    plural = "" if shown == 1 else "s"
    return f"{_number(shown)} {unit}{plural}"


def about(value: float) -> str:
    return _number(_halves(value))


def day_words(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def days_span(run: Run, as_of: dt.date) -> str:
    calendar = (as_of - run.start).days + 1
    if len(run.values) == calendar:
        return f"for {calendar} days"
    return f"on {len(run.values)} of the last {calendar} days"


def sign_label(diary: Diary, item: str) -> str:
    words = diary.labels.get(item, "A warning sign").strip() or "A warning sign"
    return words[0].upper() + words[1:]

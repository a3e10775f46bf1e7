"""What the deterioration detector reads and returns: one person's ``Diary``
and the ``Signal``s found in it, with the ``Run`` of days a change rests on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Diary:
    """One person's diary as the detector sees it.

    ``values``: item name to {day: value}; mood and anxiety 0-10, sleep in
    hours, medication 1 (taken) or 0 (not taken), each sign 0-4.
    ``labels``: each sign item's words, as the person wrote them.
    ``due``: days a diary check-in was due, or None when there is no schedule.
    ``answered``: days with an entry (even one with no values in it).
    """

    values: Mapping[str, Mapping[dt.date, float]]
    labels: Mapping[str, str] = field(default_factory=dict)
    watch_high_mood: bool = False
    due: Collection[dt.date] | None = None
    answered: Collection[dt.date] = frozenset()
    # Whose diary, put before every about_key ("su12/change:sleep:2026-11-20"):
    # a team's open alerts are unique by kind and about_key, so keys must not
    # collide between two people whose changes began the same day.
    owner: str = ""

    def key(self, text: str) -> str:
        return f"{self.owner}/{text}" if self.owner else text


@dataclass(frozen=True)
class Signal:
    kind: str
    episode: str  # what was judged: an item, "mood-high" or "check-ins"
    reason: str
    data_from: dt.date
    data_to: dt.date
    about_key: str
    # The change was already there when the recent days began.
    ongoing: bool = False


@dataclass(frozen=True)
class Run:
    start: dt.date
    last: dt.date
    values: list[float]
    ongoing: bool

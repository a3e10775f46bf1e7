"""From one night's signals to the alerts to raise: one alert per episode.

``to_raise(signals, earlier=...)`` folds one night's ``detector.Signal``s
into at most one alert per kind and drops what belongs to an episode already
alerted (even if that alert was closed), so a change raises one alert, not one
a night. Pure Python, like the detector (``tandem.alerts.detector``), so the
nightly sweep, the replay command and the simulation fold signals the same
way. docs/early-warning.md describes the method.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tandem.alerts.diaries import Diary, Signal
from tandem.alerts.signal_words import sign_label
from tandem.alerts.tuning import (
    ANXIETY,
    CHANGE,
    CHECK_INS,
    HIGH,
    LOOK_BACK,
    LOW,
    MISSED,
    MOOD,
    MOOD_HIGH,
    SIGN_PREFIX,
    SLEEP,
)

# A change on the same item that starts within this many days of the end of
# an earlier alert's data belongs to the same episode.
EPISODE_GAP_DAYS = 7
ABOUT_KEY_MAX = 100
# A change already under way when the recent days began belongs to an
# earlier alert on it within this many days, and no further back: a false
# alert must not hide a real episode that follows weeks later.
ONGOING_REACH_DAYS = 28


@dataclass(frozen=True)
class Earlier:
    """An alert already raised for this person and team (any state)."""

    kind: str
    about_key: str
    data_from: dt.date | None
    data_to: dt.date | None


@dataclass(frozen=True)
class ToRaise:
    """What one alert should say: folded from one night's new signals."""

    kind: str
    summary: str
    reasons: list[str]
    about_key: str
    data_from: dt.date
    data_to: dt.date


def episodes_of(earlier: Earlier) -> list[str]:
    """The episodes an alert raised by ``to_raise`` covers, read from its about_key."""
    if earlier.kind == MISSED:
        return [CHECK_INS]
    key = earlier.about_key.rpartition("/")[2]
    if earlier.kind != CHANGE or not key.startswith(f"{CHANGE}:"):
        return []
    middle = key[len(CHANGE) + 1 :].rsplit(":", 1)[0]
    return [e for e in middle.split(",") if e]


def _family(episode: str) -> str | None:
    """Which way of changing (all signals together) an item's change belongs to."""
    if episode in (HIGH, MOOD_HIGH):
        return HIGH
    if episode in (LOW, MOOD, ANXIETY) or episode.startswith(SIGN_PREFIX):
        return LOW
    return None


def covers(alert: Earlier, episode: str) -> bool:
    """An earlier alert covers the same item, or the same way of changing:
    an alert for several signals together covers each of them, and the other
    way round, so one episode seen first together and then item by item (or
    the reverse) raises one alert. Sleep belongs to both ways."""
    mine = episodes_of(alert)
    if episode in mine:
        return True
    if episode == SLEEP:
        return bool({LOW, HIGH} & set(mine))
    family = _family(episode)
    if family is None:
        return False
    if episode == family:
        return any(_family(e) == family or e == SLEEP for e in mine)
    return family in mine


def is_new(signal: Signal, earlier: Iterable[Earlier], *, look_back: int = LOOK_BACK) -> bool:
    """Whether ``signal`` starts an episode no earlier alert (open or closed) covers."""
    gap = EPISODE_GAP_DAYS if signal.kind == CHANGE else 0
    for alert in earlier:
        if alert.kind != signal.kind or not covers(alert, signal.episode):
            continue
        if alert.about_key == signal.about_key:
            return False
        if alert.data_to is None:
            continue
        reach = min(look_back, ONGOING_REACH_DAYS) if signal.ongoing else gap
        if signal.data_from <= alert.data_to + dt.timedelta(days=reach):
            return False
    return True


def _names(episodes: list[str], diary: Diary) -> str:
    named = []
    for episode in episodes:
        if episode.startswith(SIGN_PREFIX):
            named.append(f"'{sign_label(diary, episode)}'")
        elif episode == MOOD_HIGH:
            named.append("mood (higher)")
        elif episode == LOW:
            named.append("signals taken together")
        elif episode == HIGH:
            named.append("signals taken together (higher mood)")
        else:
            named.append(episode)
    if len(named) == 1:
        return named[0]
    return ", ".join(named[:-1]) + " and " + named[-1]


def _change_key(diary: Diary, episodes: list[str], start: dt.date) -> str:
    """[owner/]change:<episodes, comma separated>:<first day>, as many episodes as fit.

    Episodes left out (only with very many signs changing at once) raise
    their own alert the next night.
    """
    tail = f":{start.isoformat()}"
    kept: list[str] = []
    for episode in episodes:
        candidate = diary.key(f"{CHANGE}:{','.join([*kept, episode])}{tail}")
        if kept and len(candidate) > ABOUT_KEY_MAX:
            break
        kept.append(episode)
    return diary.key(f"{CHANGE}:{','.join(kept)}{tail}")


def to_raise(
    signals: Iterable[Signal],
    *,
    earlier: Iterable[Earlier],
    diary: Diary | None = None,
    look_back: int = LOOK_BACK,
) -> list[ToRaise]:
    """At most one alert per kind for the new episodes among one night's signals.

    A change alert lists every item that has changed, new or not, so the
    team sees the whole picture; it is raised only when one of them is new.
    """
    signals = list(signals)
    earlier = list(earlier)
    diary = diary or Diary(values={})
    raised: list[ToRaise] = []
    for kind in (CHANGE, MISSED):
        mine = [s for s in signals if s.kind == kind]
        new = [s for s in mine if is_new(s, earlier, look_back=look_back)]
        if not new:
            continue
        new.sort(key=lambda s: (s.data_from, s.episode))
        rest = [s for s in mine if s not in new]
        start = min(s.data_from for s in mine)
        end = max(s.data_to for s in mine)
        if kind == CHANGE:
            episodes = [s.episode for s in new]
            key = _change_key(diary, episodes, new[0].data_from)
            summary = f"Changed from their usual: {_names(episodes, diary)}"
        else:
            key = new[0].about_key
            summary = "Diary check-ins missed"
        raised.append(
            ToRaise(
                kind=kind,
                summary=summary[:300],
                reasons=[s.reason for s in [*new, *rest]],
                about_key=key,
                data_from=start,
                data_to=end,
            )
        )
    return raised

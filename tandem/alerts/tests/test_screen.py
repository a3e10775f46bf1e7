"""The sweep's first look (``screen.look``) never lets go anyone the detector
would alert, and says who was compared exactly as the detector does (issue 18).

Over thousands of simulated nights, with several teams' settings, every
person is judged both ways: the detector alone (the sweep before issue 18)
and the look, then the detector for those it keeps. The outcomes must be the
same: the same signals for everyone (so the same alerts with the same words)
and the same count of people compared.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from tandem.alerts import detector, screen
from tandem.alerts.detector import Diary, Thresholds

END = dt.date(2026, 11, 21)
SPAN = 130

SETTINGS = [
    pytest.param(Thresholds(), id="a new team"),
    pytest.param(detector.recommended(), id="recommended"),
    pytest.param(
        Thresholds(change_threshold=1.5, change_days=2, missed_in_a_row=3, baseline_days=14),
        id="eager",
    ),
    pytest.param(
        Thresholds(change_threshold=3.0, change_days=5, missed_in_a_row=0, baseline_days=40),
        id="cautious, missed check-ins off",
    ),
    # Signals together added up over days at a low line, so the look's
    # copy of the sum (screen._accumulated_trail) is tried often.
    pytest.param(
        Thresholds(change_threshold=1.5, accumulate_ratio=1.0, baseline_days=14),
        id="eager, added up",
    ),
]


def days_of(diaries: Sequence[Diary], *, as_of: dt.date, width: int) -> screen.Days:
    """The diaries as the sweep reads them into arrays."""
    every = [as_of - dt.timedelta(days=width - 1 - i) for i in range(width)]

    def row(values: object) -> list[float]:
        assert isinstance(values, dict)
        return [values.get(d, np.nan) for d in every]

    items = {
        item: np.array([row(d.values.get(item, {})) for d in diaries], dtype=float).reshape(
            len(diaries), width
        )
        for item in detector.ITEMS
    }
    signs, owners = [], []
    for i, d in enumerate(diaries):
        for item, values in d.values.items():
            if item.startswith(detector.SIGN_PREFIX):
                signs.append(row(values))
                owners.append(i)
    return screen.Days(
        items=items,
        signs=np.array(signs, dtype=float).reshape(len(signs), width),
        sign_owner=np.array(owners, dtype=np.int64),
        answered=np.array([[day in d.answered for day in every] for d in diaries], dtype=bool),
        due=np.array(
            [[d.due is not None and day in d.due for day in every] for d in diaries], dtype=bool
        ),
        scheduled=np.array([d.due is not None for d in diaries], dtype=bool),
        watch_high_mood=np.array([d.watch_high_mood for d in diaries], dtype=bool),
    )


def _rounded(item: str, value: float, rng: random.Random) -> float:
    if item in (detector.MOOD, detector.ANXIETY):
        return float(min(10, max(0, round(value))))
    if item == detector.SLEEP:
        step = rng.choice((0.5, 0.1))
        return min(24.0, max(0.0, round(round(value / step) * step, 1)))
    return float(min(4, max(0, round(value))))


def made_up(rng: random.Random) -> Diary:
    """One person's diary over ``SPAN`` days to ``END``, every way the sweep
    meets them: some items or none, steady or noisy, a change in either
    direction or none, gaps, a quiet stretch, a schedule or none."""
    first = END - dt.timedelta(days=SPAN - 1)
    every = [first + dt.timedelta(days=i) for i in range(SPAN)]
    tracked = [i for i in (detector.MOOD, detector.SLEEP, detector.ANXIETY) if rng.random() < 0.8]
    signs = [f"{detector.SIGN_PREFIX}{n}" for n in range(rng.choice((0, 0, 1, 2, 3)))]
    usual = {
        detector.MOOD: rng.uniform(3, 8),
        detector.SLEEP: rng.uniform(5, 9),
        detector.ANXIETY: rng.uniform(1, 7),
        **{s: rng.uniform(0, 1.5) for s in signs},
    }
    # Some people never move at all (a spread of 0 before its floor).
    noise = {item: rng.choice((0.0, 0.3, 0.7, 1.2, 2.0)) for item in usual}
    change_at = rng.randrange(SPAN) if rng.random() < 0.6 else SPAN
    change = rng.choice((-1, 1)) * rng.uniform(0.5, 4)
    moves = {item: rng.random() < 0.7 for item in usual}
    adherence = rng.uniform(0.35, 1.0)
    quiet_from = rng.randrange(SPAN) if rng.random() < 0.3 else SPAN
    quiet_to = quiet_from + rng.randint(3, 30)
    values: dict[str, dict[dt.date, float]] = {i: {} for i in tracked}
    medication = rng.random() < 0.4
    if medication:
        values[detector.MEDICATION] = {}
    values.update({s: {} for s in signs})
    answered = set()
    for i, day in enumerate(every):
        if quiet_from <= i < quiet_to or rng.random() > adherence:
            continue
        answered.add(day)
        shift = change * min(1.0, (i - change_at + 1) / rng.randint(1, 10)) if i >= change_at else 0
        for item in [*tracked, *signs]:
            if rng.random() < 0.05:
                continue  # an entry with this item left blank
            way = {detector.SLEEP: 0.8, detector.ANXIETY: -1.0}.get(item, 1.0)
            if item.startswith(detector.SIGN_PREFIX):
                way = -0.6
            moved = shift * way if moves[item] else 0.0
            values[item][day] = _rounded(item, usual[item] + rng.gauss(0, noise[item]) + moved, rng)
        if medication and rng.random() < 0.95:
            missing = 0.05 if i < change_at else rng.choice((0.05, 0.6))
            values[detector.MEDICATION][day] = 0.0 if rng.random() < missing else 1.0
    due: frozenset[dt.date] | None = None
    kind = rng.choice(("none", "daily", "weekdays", "late start"))
    if kind == "daily":
        due = frozenset(every)
    elif kind == "weekdays":
        on = set(rng.sample(range(7), rng.randint(1, 6)))
        due = frozenset(d for d in every if d.weekday() in on)
    elif kind == "late start":
        due = frozenset(every[rng.randrange(SPAN) :])
    return Diary(
        values=values,
        labels={s: f"sign {s}" for s in signs},
        watch_high_mood=rng.random() < 0.3,
        due=due,
        answered=frozenset(answered),
        owner=f"su{rng.randrange(10**6)}",
    )


def _simulated() -> list[Diary]:
    """People from the simulation the detector was tuned on (bench/)."""
    path = Path(__file__).resolve().parents[3] / "bench" / "early_warning_simulation.py"
    spec = importlib.util.spec_from_file_location("early_warning_simulation", path)
    assert spec is not None and spec.loader is not None
    simulation = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up by name.
    sys.modules[spec.name] = simulation
    spec.loader.exec_module(simulation)
    return [person.diary for person in simulation.build(24, 18)]


def compare(diaries: Sequence[Diary], nights: Sequence[dt.date], t: Thresholds) -> tuple[int, int]:
    """Both ways over every diary and night; returns (judged in full, with signals)."""
    judged = signalled = 0
    for as_of in nights:
        # Wider than the look back, as in a batch mixing teams' settings.
        look = screen.look(days_of(diaries, as_of=as_of, width=t.look_back + 3), thresholds=t)
        for i, diary in enumerate(diaries):
            alone = detector.judge(diary, as_of=as_of, thresholds=t)
            assert bool(look.compared[i]) == alone.compared, (i, as_of)
            if alone.signals:
                signalled += 1
                assert look.judge[i], (i, as_of, alone.signals)
            judged += bool(look.judge[i])
    return judged, signalled


@pytest.mark.parametrize("thresholds", SETTINGS)
def test_made_up_diaries_the_look_lets_go_only_people_without_a_signal(
    thresholds: Thresholds,
) -> None:
    rng = random.Random(18)
    diaries = [made_up(rng) for _ in range(400)]
    nights = [END - dt.timedelta(days=n) for n in (0, 2, 5, 9, 13, 17, 24, 30)]
    judged, signalled = compare(diaries, nights, thresholds)
    # The comparison means something: many nights had signals, and the look
    # still let most people go.
    assert signalled >= 40
    assert judged < 0.5 * len(diaries) * len(nights)


@pytest.mark.parametrize("thresholds", [SETTINGS[0], SETTINGS[1]])
def test_simulated_people_over_a_year_the_look_lets_go_only_people_without_a_signal(
    thresholds: Thresholds,
) -> None:
    diaries = _simulated()
    start = dt.date(2025, 1, 6)
    nights = [start + dt.timedelta(days=n) for n in range(40, 365, 6)]
    judged, signalled = compare(diaries, nights, thresholds)
    assert signalled >= 40
    assert judged < 0.3 * len(diaries) * len(nights)


def test_a_figure_exactly_on_the_line_is_judged_in_full() -> None:
    """A steady usual and a drop exactly the line's size: the detector does
    not alert (past the line means more than it), and the look keeps it anyway."""
    every = [END - dt.timedelta(days=i) for i in range(90)]
    # Sleep: usual 8 with a spread at its floor (0.75); the line is 1.5 hours.
    sleep = {d: 8.0 for d in every}
    for d in every[:5]:
        sleep[d] = 6.5
    diary = Diary(values={detector.SLEEP: sleep}, answered=frozenset(every))
    t = Thresholds(smoothing=1.0)
    assert detector.judge(diary, as_of=END, thresholds=t).signals == []
    look = screen.look(days_of([diary], as_of=END, width=90), thresholds=t)
    assert look.judge[0]


def test_settings_the_look_does_not_follow_judge_everyone_in_full() -> None:
    every = [END - dt.timedelta(days=i) for i in range(90)]
    diary = Diary(values={detector.MOOD: {d: 6.0 for d in every}}, answered=frozenset(every))
    look = screen.look(days_of([diary], as_of=END, width=90), thresholds=Thresholds(method="cusum"))
    assert look.judge[0] and look.compared[0]


# The detector's rules the look follows, as they were when it was last checked
# against them. A new rule, or a changed one, could raise a signal the look
# does not know of and lets go (HAZ-362): whoever changes these files reads
# screen.py against the change, updates it if needed, then this fingerprint.
DETECTOR_FILES = (
    "detector.py",
    "together.py",
    "item_change.py",
    "check_ins.py",
    "tuning.py",
    "diaries.py",
)
# Round seven (issue 20): signals together added up over days
# (together.accumulated_run, off unless asked), followed by
# screen._accumulated_trail.
CHECKED_AGAINST = "a2d0e41d56af7a54"


def test_the_look_was_checked_against_the_detector_as_it_is() -> None:
    found = hashlib.sha256()
    for name in DETECTOR_FILES:
        found.update((Path(detector.__file__).parent / name).read_bytes())
    assert found.hexdigest()[:16] == CHECKED_AGAINST, (
        "The detector changed: check tandem/alerts/screen.py follows every rule "
        "(HAZ-362, ADR 0071), then update CHECKED_AGAINST"
    )

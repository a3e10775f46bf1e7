"""Where the detector's false alerts on simulator 4 come from (issue 20, round four).

Simulator 4 writes each person from a random stream seeded by their index,
so the life events and slow drifts behind a diary (which it does not write
out) can be drawn again, in the same order, from its own functions. Each
false alert (one not within (onset - 3 days, recovered] of any of the
person's episodes) is put in the first of these that fits:

- ``missed`` or ``medication``: the kind of alert itself;
- ``before an episode``: in the 4 weeks before an episode's window (a change
  that began early, e.g. anxiety or signs leading mood);
- ``after an episode``: in the 4 weeks after its recovery;
- ``life event``: a life event began in the 10 days before it (or is building, as exams do);
- ``drift``: the slow drift has moved at least 0.75 points from its level
  over the days the usual is taken from;
- ``other``: none of these (ordinary wobble).

Used by ``bench/early_warning_round3.py`` for simulator 4 only.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

WINDOW = 28
EVENT_DAYS = 10
DRIFT_MOVED = 0.75


def _person(sim: ModuleType, seed: int, index: int, days: int) -> tuple[list[Any], list[float]]:
    """The person's life events and drift, drawn as ``simulate.main`` draws them."""
    rng = random.Random(f"sim4/{seed}/person/{index}")
    person = sim.make_person(rng, index, days)
    eps = sim.plan_episodes(rng, person, days)
    if person["dropout"]:
        if eps and rng.random() < 0.5:
            rng.randint(eps[-1]["onset"], eps[-1]["peak"])
        else:
            rng.randint(min(90, days - 1), max(min(90, days - 1), days - 10))
    events = sim.plan_events(rng, days)
    drift = sim.smooth_drift(rng, days, person["drift_sd"], person["drift_knot"])
    return events, drift


def why(
    sim: ModuleType,
    seed: int,
    eps: list[dict[str, Any]],
    alerts: list[tuple[str, dt.date, str, str]],
    years: float,
    *,
    days: int = 365,
) -> dict[str, float]:
    start = sim.START
    mine: dict[str, list[dict[str, Any]]] = {}
    for e in eps:
        mine.setdefault(e["person"], []).append(e)
    drawn: dict[str, tuple[list[Any], list[float]]] = {}
    counts: Counter[str] = Counter()
    three = dt.timedelta(days=3)
    for person, day, kind, what in alerts:
        episodes = mine.get(person, [])
        if any(e["onset"] - three < day <= e["recovered"] for e in episodes):
            continue
        if kind != "change" or what == "medication":
            counts[what if what == "medication" else kind] += 1
            continue
        if any(
            e["onset"] - three - dt.timedelta(days=WINDOW) < day <= e["onset"] - three
            for e in episodes
        ):
            counts["before an episode"] += 1
            continue
        if any(
            e["recovered"] < day <= e["recovered"] + dt.timedelta(days=WINDOW) for e in episodes
        ):
            counts["after an episode"] += 1
            continue
        if person not in drawn:
            drawn[person] = _person(sim, seed, int(person[1:]) - 1, days)
        events, drift = drawn[person]
        t = (day - start).days
        if any(e["day"] - e["pre"] - 1 <= t <= e["day"] + EVENT_DAYS for e in events):
            counts["life event"] += 1
            continue
        usual = drift[max(0, t - 90) : max(1, t - 13)]
        if abs(drift[t] - statistics.median(usual)) >= DRIFT_MOVED:
            counts["drift"] += 1
            continue
        counts["other"] += 1
    return {k: round(v / years, 3) for k, v in counts.most_common()}


def load(root: Path) -> ModuleType:
    import importlib.util
    import sys

    path = root / "bench" / "early_warning_sim4" / "simulate.py"
    spec = importlib.util.spec_from_file_location("early_warning_sim4_simulate", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def missed(
    eps: list[dict[str, Any]],
    alerts: list[tuple[str, dt.date, str, str]],
    written: dict[str, set[dt.date]],
) -> dict[str, int]:
    """Why episodes were not alerted before their peak, the first that fits:
    fewer than 2 days written from onset - 2 to the peak; fewer than 21 days
    written in the 90 before onset (no usual yet); an alert for the person
    in the 4 weeks before (one episode, one alert); alerted only after the
    peak; or none of these."""
    mine: dict[str, list[dt.date]] = {}
    for person, day, _, _ in alerts:
        mine.setdefault(person, []).append(day)
    counts: Counter[str] = Counter()
    three = dt.timedelta(days=3)
    for e in eps:
        days = mine.get(e["person"], [])
        if any(e["onset"] - three < d <= e["peak"] for d in days):
            continue
        wrote = written.get(e["person"], set())
        if sum(1 for d in wrote if e["onset"] - three < d <= e["peak"]) < 2:
            counts["under 2 days written"] += 1
        elif sum(1 for d in wrote if e["onset"] - dt.timedelta(days=90) <= d < e["onset"]) < 21:
            counts["no usual yet"] += 1
        elif any(
            e["onset"] - three - dt.timedelta(days=WINDOW) < d <= e["onset"] - three for d in days
        ):
            counts["alerted in the 4 weeks before"] += 1
        elif any(e["peak"] < d <= e["recovered"] for d in days):
            counts["alerted after the peak only"] += 1
        else:
            counts[f"not alerted ({e['speed']})"] += 1
    return dict(counts.most_common())

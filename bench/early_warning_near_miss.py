"""How near the detector came to each episode it missed before the peak (issue 20, round seven).

For every episode on a CSV simulator (2 to 7) that the recommended settings
did not alert from onset - 2 to the peak, replays the nights of that window
with the team's ``change_threshold`` scaled down step by step and prints,
per simulator and onset speed, the largest share of the line at which some
change would have been found on one of those nights, and which signal it
was ("1.0": found at the line itself but not raised, since an earlier alert
covered it; "none at 0.5": nothing even at half the line): how much lower
every line would have to be to catch the misses, and with what.
Uses ``bench/early_warning_round3.py``'s data sets and watch groups.

    PYTHONPATH=$PWD .venv/bin/python bench/early_warning_near_miss.py --sim 7:71 --sim 6:61
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import early_warning_round3 as harness  # noqa: E402

from tandem.alerts import detector  # noqa: E402
from tandem.alerts import series as series_module  # noqa: E402

SHARES = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)


def near(sim: int, seed: int, people: int, cache: Path) -> dict[str, Any]:
    data = harness._sim_csv(sim, seed, people, cache)
    with (data / "diaries.csv").open(encoding="utf-8", newline="") as handle:
        read = series_module.read(handle)
    column, groups = harness.WATCHED.get(sim, ("", set()))
    with (data / "people.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    high = {r["person"] for r in rows if column and r.get(column) in groups}
    last = max(max(p.days) for p in read.values())
    diaries = {
        name: (p.diary(daily=True, until=last, watch_high_mood=name in high), p.first, last)
        for name, p in read.items()
    }
    alerts = harness.replay(diaries, {}, fixed=False, workers=2)
    scorer = harness._load(ROOT / "bench" / f"early_warning_sim{sim}" / "score.py")
    load = getattr(scorer, "read_episodes", None) or scorer.load_episodes
    eps = load(str(data / "episodes.csv"))
    mine: dict[str, list[dt.date]] = {}
    for person, day, _, _ in alerts:
        mine.setdefault(person, []).append(day)
    base = detector.recommended()
    found: dict[str, Counter[str]] = {}
    for e in eps:
        lo, hi = e["onset"] - dt.timedelta(days=2), e["peak"]
        if e["person"] not in diaries or any(lo <= d <= hi for d in mine.get(e["person"], [])):
            continue
        diary = diaries[e["person"]][0]
        verdict = "none at 0.5"
        for share in SHARES:
            t = dataclasses.replace(base, change_threshold=base.change_threshold * share)
            day, what = lo, ""
            while day <= hi and not what:
                signals = detector.check(diary, as_of=day, thresholds=t)
                what = next((s.episode for s in signals if s.kind == detector.CHANGE), "")
                day += dt.timedelta(days=1)
            if what:
                kind = "sign" if what.startswith(detector.SIGN_PREFIX) else what
                verdict = f"{share} {kind}"
                break
        found.setdefault(e["speed"], Counter())[verdict] += 1
    return {
        "sim": sim,
        "seed": seed,
        "missed": {k: dict(v.most_common()) for k, v in found.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sim", action="append", required=True, help="SIM:SEED, 2 to 7")
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "ew_round3")
    args = parser.parse_args()
    for spec in args.sim:
        sim, _, seed = spec.partition(":")
        if sim not in ("2", "3", "4", "5", "6", "7"):
            raise SystemExit("Only the CSV simulators 2 to 7 (simulator 8 is held out)")
        print(json.dumps(near(int(sim), int(seed), args.people, args.cache)), flush=True)


if __name__ == "__main__":
    main()

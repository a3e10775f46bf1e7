"""The detector on the second, independent simulator (``bench/early_warning_sim2``), never tuned on.

Runs, on one data set written by ``bench/early_warning_sim2/simulate.py``:

1. the detector at its defaults through ``manage.py replay_series`` (the CSV
   interface a service uses), with each person's ``watch_high_mood`` from
   ``people.csv`` (``--people``), writing ``person,date`` alerts
   (``--alerts-csv``);
2. optionally another Tandem tree's ``replay_series`` (``--before TREE``, e.g.
   ``git archive`` of the commit before issue 20), run twice, for people
   watched for high mood and the rest, since it has no ``--people``;
3. the fixed rule: an alert when mood is 3 or lower, at most one a week;

(``TANDEM_SECRET_KEY`` must be set for ``manage.py``; replay reads no database),
then scores each with the simulator's own ``score.py`` and prints a table,
overall and by onset speed and size.

    cd bench/early_warning_sim2
    python3 simulate.py --people 300 --days 365 --seed 11 --out /tmp/sim2-11
    cd ../..
    .venv/bin/python bench/early_warning_heldout.py --data /tmp/sim2-11 [--before TREE]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIM2 = ROOT / "bench" / "early_warning_sim2"
QUIET_DAYS = 7


def fixed_rule(diaries: Path, out: Path, *, at_most: float = 3) -> None:
    last: dict[str, dt.date] = {}
    rows = []
    with diaries.open(encoding="utf-8", newline="") as handle:
        found = sorted(
            (r["person"], r["date"])
            for r in csv.DictReader(handle)
            if r["item"] == "mood" and float(r["value"]) <= at_most
        )
    for person, text in found:
        day = dt.date.fromisoformat(text)
        if person in last and (day - last[person]).days <= QUIET_DAYS:
            continue
        last[person] = day
        rows.append((person, text))
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person", "date"])
        writer.writerows(rows)


def replay(tree: Path, data: Path, out: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            str(tree / "manage.py"),
            "replay_series",
            str(data / "diaries.csv"),
            "--people",
            str(data / "people.csv"),
            "--alerts-csv",
            str(out),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(tree)},
    )


def replay_before(tree: Path, data: Path, out: Path) -> None:
    """An older replay_series without --people: high-mood people and the rest apart."""
    with (data / "people.csv").open(encoding="utf-8", newline="") as handle:
        high = {r["person"] for r in csv.DictReader(handle) if r["watch_high_mood"] == "yes"}
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        parts = {True: Path(tmp) / "high.csv", False: Path(tmp) / "rest.csv"}
        with (data / "diaries.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            files = {k: p.open("w", encoding="utf-8", newline="") for k, p in parts.items()}
            writers = {k: csv.writer(f) for k, f in files.items()}
            for w in writers.values():
                w.writerow(header)
            for row in reader:
                writers[row[0] in high].writerow(row)
            for f in files.values():
                f.close()
        for watched, path in parts.items():
            done = subprocess.run(
                [
                    sys.executable,
                    str(tree / "manage.py"),
                    "replay_series",
                    str(path),
                    "--json",
                    *(["--watch-high-mood"] if watched else []),
                ],
                check=True,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(tree)},
            )
            for line in done.stdout.splitlines():
                alert = json.loads(line)
                rows.append((alert["person"], alert["day"]))
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person", "date"])
        writer.writerows(sorted(rows))


def score(data: Path, alerts: Path) -> dict:  # type: ignore[type-arg]
    done = subprocess.run(
        [
            sys.executable,
            str(SIM2 / "score.py"),
            "--episodes",
            str(data / "episodes.csv"),
            "--alerts",
            str(alerts),
            "--diaries",
            str(data / "diaries.csv"),
            "--json",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="simulate.py's --out directory")
    parser.add_argument("--before", type=Path, help="Another Tandem tree to compare with")
    parser.add_argument("--out", type=Path, help="Where to keep the alerts CSVs")
    args = parser.parse_args()
    out = args.out or args.data
    out.mkdir(parents=True, exist_ok=True)
    runs = {"detector (these defaults)": out / "alerts-detector.csv"}
    # The replays are separate processes: run them side by side.
    with ThreadPoolExecutor() as pool:
        jobs = [pool.submit(replay, ROOT, args.data, runs["detector (these defaults)"])]
        if args.before:
            runs["detector before (its defaults)"] = out / "alerts-before.csv"
            jobs.append(
                pool.submit(
                    replay_before, args.before, args.data, runs["detector before (its defaults)"]
                )
            )
        for job in jobs:
            job.result()
    runs["fixed rule: mood 3 or lower"] = out / "alerts-fixed.csv"
    fixed_rule(args.data / "diaries.csv", runs["fixed rule: mood 3 or lower"])
    scored = {name: score(args.data, path) for name, path in runs.items()}
    print(json.dumps(scored, indent=1))


if __name__ == "__main__":
    main()

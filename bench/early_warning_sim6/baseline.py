#!/usr/bin/python3
"""Fixed baseline rule: alert on a day with mood <= 3, but a new alert only if
the person's previous alert was >= 7 days earlier.

Usage: baseline.py --diaries DIR/diaries.csv --out alerts.csv
"""
import argparse
import csv
import datetime


def baseline_alerts(diary_path):
    moods = {}
    with open(diary_path, newline="") as f:
        for r in csv.DictReader(f):
            if r["item"] != "mood":
                continue
            try:
                v = float(r["value"])
            except ValueError:
                continue
            moods.setdefault(r["person"], {})[r["date"]] = v
    alerts = []
    for person in sorted(moods):
        prev = None
        for ds in sorted(moods[person]):
            if moods[person][ds] <= 3:
                d = datetime.date.fromisoformat(ds)
                if prev is None or (d - prev).days >= 7:
                    alerts.append((person, ds))
                    prev = d
    return alerts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--diaries", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    alerts = baseline_alerts(a.diaries)
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date"])
        w.writerows(alerts)


if __name__ == "__main__":
    main()

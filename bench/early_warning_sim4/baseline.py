#!/usr/bin/env python3
"""Trivial baseline alert rule: alert on any written day with mood <= 3,
at most one alert per person per 7 days (a new alert needs >= 7 days since the last).

    python3 baseline.py --diaries DIR/diaries.csv --out alerts.csv
"""
import argparse
import csv
import datetime


def alerts_from_diaries(path, threshold=3, gap_days=7):
    low = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["item"] == "mood" and int(r["value"]) <= threshold:
                low.setdefault(r["person"], set()).add(datetime.date.fromisoformat(r["date"]))
    out = []
    for p in sorted(low):
        last = None
        for dt in sorted(low[p]):
            if last is None or (dt - last).days >= gap_days:
                out.append((p, dt.isoformat()))
                last = dt
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--diaries", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rows = alerts_from_diaries(args.diaries)
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date"])
        w.writerows(rows)


if __name__ == "__main__":
    main()

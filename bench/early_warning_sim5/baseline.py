#!/usr/bin/python3
"""Trivial baseline: alert when mood <= 3, at most one alert a week per person
(a new alert only if the previous one was at least 7 days earlier)."""
import argparse
import csv
import datetime as dt


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--diaries", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--threshold", type=int, default=3)
    a = ap.parse_args()
    moods = []
    with open(a.diaries, newline="") as f:
        for r in csv.DictReader(f):
            if r["item"] == "mood":
                moods.append((r["person"], r["date"], int(r["value"])))
    moods.sort()
    last = {}
    alerts = []
    for person, date, m in moods:
        if m > a.threshold:
            continue
        d = dt.date.fromisoformat(date)
        if person in last and (d - last[person]).days < 7:
            continue
        last[person] = d
        alerts.append((person, date))
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date"])
        w.writerows(alerts)


if __name__ == "__main__":
    main()

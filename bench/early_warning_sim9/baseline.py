#!/usr/bin/python3
"""Reference rule: alert on a written day with mood <= 3, at most one alert per person per 7 days.

baseline.py --diaries D --out A     (A gets header person,date)
"""
import argparse
import csv
import datetime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--diaries", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--threshold", type=int, default=3)
    ap.add_argument("--refractory", type=int, default=7)
    a = ap.parse_args()
    low = []
    with open(a.diaries, newline="") as f:
        for r in csv.DictReader(f):
            if r["item"] == "mood" and int(r["value"]) <= a.threshold:
                low.append((r["person"], r["date"]))
    low.sort()
    out = []
    last = {}
    for p, d in low:
        dt = datetime.date.fromisoformat(d)
        if p in last and (dt - last[p]).days < a.refractory:
            continue
        last[p] = dt
        out.append((p, d))
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date"])
        w.writerows(out)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""sim8 baseline: a simple fixed rule (documented in README.md).

Per person, the reference is the median mood of the written days in the first 28 calendar days from the
person's first written date (if fewer than 5 such days, the first 10 written days instead).
On each written day, look at the last 5 written days (including today). Alert if at least 3 of them have
mood <= reference - 2 (low) or at least 3 have mood >= reference + 2 (high).
After an alert the person is not alerted again for 7 calendar days (refractory period).
Only the mood item is used.
"""
import argparse
import csv
import datetime


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--diaries", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    moods = {}
    with open(a.diaries, newline="") as f:
        for r in csv.DictReader(f):
            if r["item"] == "mood":
                moods.setdefault(r["person"], []).append((datetime.date.fromisoformat(r["date"]), int(r["value"])))
    alerts = []
    for person in sorted(moods):
        days = sorted(moods[person])
        first = days[0][0]
        ref_vals = [v for d, v in days if (d - first).days < 28]
        if len(ref_vals) < 5:
            ref_vals = [v for d, v in days[:10]]
        ref = median(ref_vals)
        last_alert = None
        for i in range(len(days)):
            window = [v for d, v in days[max(0, i - 4):i + 1]]
            low = sum(1 for v in window if v <= ref - 2)
            high = sum(1 for v in window if v >= ref + 2)
            if low >= 3 or high >= 3:
                d = days[i][0]
                if last_alert is None or (d - last_alert).days >= 7:
                    alerts.append((person, d.isoformat()))
                    last_alert = d
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date"])
        w.writerows(alerts)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""sim7 baseline detector: a simple, fixed, documented rule (see README.md).

For each person:
  * baseline period = the first 28 calendar days from the person's first written date
    (if fewer than 8 written days fall in it, the first 8 written days instead);
    m0 = median mood, s0 = median sleep over that period.
  * after the baseline period, on every written day look at the last 5 written days (including today):
      low day  = mood <= m0 - 2
      high day = mood >= m0 + 2 and sleep <= s0 - 1
    alert if >= 3 of the 5 are low days, or >= 3 of the 5 are high days.
  * after an alert the person is not alerted again for the next 14 calendar days.
Only mood and sleep are used; anxiety, signs and medication are ignored.
"""
import argparse
import csv
import datetime as dt
import statistics

BASE_DAYS = 28
MIN_BASE = 8
WINDOW = 5
NEED = 3
DROP = 2
RISE = 2
SLEEP_DROP = 1.0
COOLDOWN = 14


def load(path):
    people = {}
    order = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            p = r["person"]
            if p not in people:
                people[p] = {}
                order.append(p)
            day = people[p].setdefault(r["date"], {})
            if r["item"] == "mood":
                day["mood"] = float(r["value"])
            elif r["item"] == "sleep":
                day["sleep"] = float(r["value"])
    return order, people


def detect(days):
    dates = sorted(d for d in days if "mood" in days[d] and "sleep" in days[d])
    if not dates:
        return []
    first = dt.date.fromisoformat(dates[0])
    base_end = first + dt.timedelta(days=BASE_DAYS)
    base = [d for d in dates if dt.date.fromisoformat(d) < base_end]
    if len(base) < MIN_BASE:
        base = dates[:MIN_BASE]
    m0 = statistics.median(days[d]["mood"] for d in base)
    s0 = statistics.median(days[d]["sleep"] for d in base)
    last_base = base[-1]
    alerts = []
    next_ok = None
    for i, d in enumerate(dates):
        if d <= last_base or i + 1 < WINDOW:
            continue
        dd = dt.date.fromisoformat(d)
        if next_ok is not None and dd < next_ok:
            continue
        win = dates[i + 1 - WINDOW:i + 1]
        low = sum(1 for w in win if days[w]["mood"] <= m0 - DROP)
        high = sum(1 for w in win if days[w]["mood"] >= m0 + RISE and days[w]["sleep"] <= s0 - SLEEP_DROP)
        if low >= NEED or high >= NEED:
            alerts.append(d)
            next_ok = dd + dt.timedelta(days=COOLDOWN + 1)
    return alerts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--diaries", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    order, people = load(a.diaries)
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date"])
        for p in sorted(order):
            for d in detect(people[p]):
                w.writerow([p, d])


if __name__ == "__main__":
    main()

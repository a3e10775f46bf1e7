#!/usr/bin/env python3
"""A simple baseline early-warning detector (simulator 10).

python3 baseline.py --diaries DIR/diaries.csv --out ALERTS.csv

For each person and each written day, compare the mean of the last 3 written
values of each item with that person's own history (the 42 days that end 7
days before today, median and MAD).  A day is "unusual" when
  - mood is >= 2 robust SDs below or above the baseline, or
  - anxiety is >= 2 robust SDs above, or
  - sleep is >= 2 robust SDs away, or
  - the sum of warning-sign scores is >= 2 points above its baseline.
An alert is raised when at least 2 of these flags hold (or the mood flag plus
any sign flag), after at least 14 written days of history, and not within 10
days of the previous alert for that person.  It uses only data written up to
and including the alert day.
"""
import argparse
import csv
import datetime as dt

D = dt.date.fromisoformat


def med(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2.0


def robust(xs):
    m = med(xs)
    mad = med([abs(x - m) for x in xs]) * 1.4826
    return m, max(mad, 0.5)


def detect(days):
    """days: sorted list of (date, {item: value}). Returns list of alert dates."""
    alerts = []
    last_alert = None
    for i, (d, _) in enumerate(days):
        hist = [x for x in days[:i] if (d - x[0]).days >= 7 and (d - x[0]).days <= 49]
        if len(hist) < 14:
            continue
        recent = [x for x in days[max(0, i - 2):i + 1] if (d - x[0]).days <= 5]
        flags = {}
        for item, z_up, z_down in (("mood", 2.0, 2.0), ("anxiety", 2.0, None), ("sleep", 2.0, 2.0)):
            hv = [x[1][item] for x in hist if item in x[1]]
            rv = [x[1][item] for x in recent if item in x[1]]
            if len(hv) < 10 or not rv:
                continue
            m, s = robust(hv)
            z = (sum(rv) / len(rv) - m) / s
            if (z_up is not None and z >= z_up) or (z_down is not None and z <= -z_down):
                flags[item] = True

        def signsum(x):
            v = [val for k, val in x[1].items() if k.startswith("sign:")]
            return sum(v) / len(v) * 3 if v else None  # normalised to ~3 signs
        hs = [signsum(x) for x in hist if signsum(x) is not None]
        rs = [signsum(x) for x in recent if signsum(x) is not None]
        if len(hs) >= 10 and rs and sum(rs) / len(rs) - med(hs) >= 2.0:
            flags["signs"] = True
        fire = len(flags) >= 2 or ("mood" in flags and "signs" in flags)
        if fire and (last_alert is None or (d - last_alert).days > 10):
            alerts.append(d)
            last_alert = d
    return alerts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--diaries", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    data = {}
    with open(a.diaries, newline="") as f:
        for r in csv.DictReader(f):
            try:
                v = float(r["value"])
            except ValueError:
                continue
            data.setdefault(r["person"], {}).setdefault(D(r["date"]), {})[r["item"]] = v
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date"])
        for p in sorted(data):
            days = sorted(data[p].items())
            for d in detect(days):
                w.writerow([p, d.isoformat()])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Score early-warning alerts against simulated relapse episodes.

Usage:
    python3 score.py --episodes DIR/episodes.csv --alerts ALERTS.csv [--diaries DIR/diaries.csv] [--json]

Rules (also in README.md, section "Scoring rules"):
  * An alert is a (person, date) pair; duplicate pairs are counted once.
  * Alert "before the peak" for an episode: onset - 7 days <= alert date <= peak - 1 day
    (both ends inclusive).  Warning days = peak - earliest such alert date (>= 1).
  * Alert "at all" for an episode: onset - 7 <= alert date <= recovered (inclusive).
  * False alert: an alert whose date lies outside every episode window of the same person,
    window = onset - 7 .. recovered + 7 (inclusive).
  * Person-years observed: for each person with at least one diary row,
    (last diary date - first diary date + 1 day) / 365.25, summed over people.
    If --diaries is omitted, diaries.csv next to the episodes file is used.
"""
import argparse
import csv
import datetime as dt
import json
import os
import statistics
import sys
from collections import defaultdict

PRE_ONSET_DAYS = 7
POST_RECOVERY_DAYS = 7
DAYS_PER_YEAR = 365.25
GROUPS = (("speed", ("fast", "medium", "slow")),
          ("size", ("small", "moderate", "large")),
          ("kind", ("depressive", "elevated")))


def d(s):
    return dt.date.fromisoformat(s.strip())


def load_episodes(path):
    eps = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            eps.append({
                "person": r["person"].strip(), "kind": r["kind"].strip(),
                "onset": d(r["onset"]), "peak": d(r["peak"]), "recovered": d(r["recovered"]),
                "speed": r["speed"].strip(), "size": r["size"].strip(),
            })
    return eps


def load_alerts(path):
    alerts = set()
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if not r.get("person") or not r.get("date"):
                continue
            alerts.add((r["person"].strip(), d(r["date"])))
    return alerts


def load_observed_years(path):
    first, last = {}, {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            p, day = r["person"], r["date"]
            if p not in first or day < first[p]:
                first[p] = day
            if p not in last or day > last[p]:
                last[p] = day
    total_days = sum((d(last[p]) - d(first[p])).days + 1 for p in first)
    return total_days / DAYS_PER_YEAR, len(first)


def score(episodes, alerts, person_years):
    by_person = defaultdict(list)
    for person, day in alerts:
        by_person[person].append(day)
    for v in by_person.values():
        v.sort()

    per_episode = []
    for ep in episodes:
        days = by_person.get(ep["person"], [])
        lo = ep["onset"] - dt.timedelta(days=PRE_ONSET_DAYS)
        before = [a for a in days if lo <= a <= ep["peak"] - dt.timedelta(days=1)]
        at_all = any(lo <= a <= ep["recovered"] for a in days)
        warning = (ep["peak"] - before[0]).days if before else None
        per_episode.append(dict(ep, before=bool(before), at_all=at_all, warning=warning))

    def summarise(rows):
        n = len(rows)
        nb = sum(1 for r in rows if r["before"])
        na = sum(1 for r in rows if r["at_all"])
        warn = [r["warning"] for r in rows if r["warning"] is not None]
        return {
            "episodes": n,
            "before_peak_count": nb,
            "before_peak_pct": round(100.0 * nb / n, 1) if n else None,
            "median_warning_days": statistics.median(warn) if warn else None,
            "alerted_at_all_count": na,
            "alerted_at_all_pct": round(100.0 * na / n, 1) if n else None,
        }

    # false alerts
    windows = defaultdict(list)
    for ep in episodes:
        windows[ep["person"]].append((ep["onset"] - dt.timedelta(days=PRE_ONSET_DAYS),
                                      ep["recovered"] + dt.timedelta(days=POST_RECOVERY_DAYS)))
    false = 0
    for person, day in alerts:
        if not any(lo <= day <= hi for lo, hi in windows.get(person, [])):
            false += 1

    out = {"overall": summarise(per_episode)}
    out["overall"]["alerts"] = len(alerts)
    out["overall"]["false_alerts"] = false
    out["overall"]["person_years"] = round(person_years, 3) if person_years is not None else None
    out["overall"]["false_alerts_per_person_year"] = (
        round(false / person_years, 3) if person_years else None)
    for key, values in GROUPS:
        present = list(values) + sorted({r[key] for r in per_episode} - set(values))
        out["by_" + key] = {v: summarise([r for r in per_episode if r[key] == v]) for v in present}
    return out


def fmt(v, pct=False):
    if v is None:
        return "-"
    if pct:
        return "%.1f%%" % v
    return str(v)


def print_table(res):
    o = res["overall"]
    print("Alerts: %d   false alerts: %d   person-years: %s   false alerts per person-year: %s"
          % (o["alerts"], o["false_alerts"], fmt(o["person_years"]), fmt(o["false_alerts_per_person_year"])))
    print()
    head = "%-22s %8s %18s %14s %18s" % ("group", "episodes", "before peak", "median warn d",
                                          "alerted at all")
    print(head)
    print("-" * len(head))

    def line(name, s):
        print("%-22s %8d %18s %14s %18s" % (
            name, s["episodes"],
            "%d (%s)" % (s["before_peak_count"], fmt(s["before_peak_pct"], True)),
            fmt(s["median_warning_days"]),
            "%d (%s)" % (s["alerted_at_all_count"], fmt(s["alerted_at_all_pct"], True))))

    line("overall", o)
    for key, _ in GROUPS:
        for v, s in res["by_" + key].items():
            line("%s=%s" % (key, v), s)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--episodes", required=True)
    ap.add_argument("--alerts", required=True)
    ap.add_argument("--diaries")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    diaries = args.diaries or os.path.join(os.path.dirname(os.path.abspath(args.episodes)), "diaries.csv")
    person_years = None
    if os.path.exists(diaries):
        person_years, _ = load_observed_years(diaries)
    else:
        print("warning: no diaries file (%s); false alerts per person-year not computed" % diaries,
              file=sys.stderr)
    res = score(load_episodes(args.episodes), load_alerts(args.alerts), person_years)
    if args.json:
        print(json.dumps(res, sort_keys=True))
    else:
        print_table(res)
    return res


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Score alerts against simulated episodes.

    python3 score.py --episodes DIR/episodes.csv --alerts ALERTS.csv [--json]
        [--diaries DIR/diaries.csv] [--person-years X]

ALERTS.csv: header `person,date`, one row per alert (extra columns ignored).

Per episode: alerted before peak = at least one alert with onset-3 < date <= peak.
Warning (days) = peak - first alert in that window; median over alerted episodes.
False alert = alert not within (onset-3, recovered] of any episode of that person.
Person-years = sum over people of (last diary date - first diary date + 1) / 365.25,
taken from diaries.csv (default: next to episodes.csv), or given with --person-years.
"""
import argparse
import csv
import datetime as dt
import json
import os
import statistics
import sys

SPEEDS = ["fast", "medium", "slow"]
SIZES = ["small", "moderate", "large"]
KINDS = ["depressive", "elevated"]


def d(s):
    return dt.date.fromisoformat(s.strip())


def load_episodes(path):
    eps = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            eps.append({"person": r["person"].strip(), "kind": r["kind"].strip(),
                        "onset": d(r["onset"]), "peak": d(r["peak"]),
                        "recovered": d(r["recovered"]),
                        "speed": r["speed"].strip(), "size": r["size"].strip()})
    return eps


def load_alerts(path):
    alerts = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if not r.get("person") or not r.get("date"):
                continue
            alerts.append((r["person"].strip(), d(r["date"])))
    return alerts


def person_years_from_diaries(path):
    first, last = {}, {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            p, s = r["person"], r["date"]
            if p not in first or s < first[p]:
                first[p] = s
            if p not in last or s > last[p]:
                last[p] = s
    return sum((d(last[p]) - d(first[p])).days + 1 for p in first) / 365.25


def score(episodes, alerts, person_years):
    by_person = {}
    for p, a in alerts:
        by_person.setdefault(p, []).append(a)
    for v in by_person.values():
        v.sort()

    per_ep = []
    for e in episodes:
        lo = e["onset"] - dt.timedelta(days=3)
        win = [a for a in by_person.get(e["person"], []) if lo < a <= e["peak"]]
        warn = (e["peak"] - win[0]).days if win else None
        per_ep.append((e, warn))

    eps_by_person = {}
    for e in episodes:
        eps_by_person.setdefault(e["person"], []).append(e)
    n_false = 0
    for p, a in alerts:
        ok = any(e["onset"] - dt.timedelta(days=3) < a <= e["recovered"]
                 for e in eps_by_person.get(p, []))
        if not ok:
            n_false += 1

    def summarise(sel):
        n = len(sel)
        warns = [w for _, w in sel if w is not None]
        return {
            "episodes": n,
            "alerted_before_peak": len(warns),
            "share_alerted_before_peak": (len(warns) / n) if n else None,
            "median_warning_days": float(statistics.median(warns)) if warns else None,
        }

    groups = {"overall": summarise(per_ep)}
    for s in SPEEDS:
        groups["speed=" + s] = summarise([x for x in per_ep if x[0]["speed"] == s])
    for s in SIZES:
        groups["size=" + s] = summarise([x for x in per_ep if x[0]["size"] == s])
    for k in KINDS:
        groups["kind=" + k] = summarise([x for x in per_ep if x[0]["kind"] == k])

    py = person_years
    return {
        "groups": groups,
        "alerts": len(alerts),
        "false_alerts": n_false,
        "person_years": py,
        "false_alerts_per_person_year": (n_false / py) if py else None,
        "alerts_per_person_year": (len(alerts) / py) if py else None,
    }


def fmt(x, nd=2):
    if x is None:
        return "-"
    if isinstance(x, float):
        return ("%." + str(nd) + "f") % x
    return str(x)


def print_text(res, out=sys.stdout):
    out.write("%-16s %8s %8s %8s %12s\n" % ("group", "episodes", "alerted", "share", "median_warn"))
    for g, r in res["groups"].items():
        out.write("%-16s %8d %8d %8s %12s\n" % (
            g, r["episodes"], r["alerted_before_peak"],
            fmt(r["share_alerted_before_peak"], 3), fmt(r["median_warning_days"], 1)))
    out.write("alerts: %d  false alerts: %d  person-years: %.2f\n"
              % (res["alerts"], res["false_alerts"], res["person_years"]))
    out.write("false alerts per person-year: %s\n" % fmt(res["false_alerts_per_person_year"], 3))
    out.write("alerts per person-year: %s\n" % fmt(res["alerts_per_person_year"], 3))
    out.write("(false-alert rate is per person-year of diary follow-up for everyone; "
              "it is not split by episode speed/size)\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--episodes", required=True)
    ap.add_argument("--alerts", required=True)
    ap.add_argument("--diaries", default=None,
                    help="diaries.csv for person-years (default: next to episodes.csv)")
    ap.add_argument("--person-years", type=float, default=None)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if a.person_years is not None:
        py = a.person_years
    else:
        dpath = a.diaries or os.path.join(os.path.dirname(os.path.abspath(a.episodes)), "diaries.csv")
        if not os.path.exists(dpath):
            ap.error("no diaries.csv at %s; give --diaries or --person-years" % dpath)
        py = person_years_from_diaries(dpath)
    res = score(load_episodes(a.episodes), load_alerts(a.alerts), py)
    if a.json:
        json.dump(res, sys.stdout, indent=2, sort_keys=False)
        sys.stdout.write("\n")
    else:
        print_text(res)
    return res


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Score early-warning alerts against simulated episodes.

    python3 score.py --episodes DIR/episodes.csv --alerts ALERTS.csv [--json]
                     [--diaries DIR/diaries.csv]

Rules
- An episode is *alerted before its peak* when an alert for that person falls in
  (onset - 3 days, peak], i.e. onset-2 .. peak inclusive.
- Its *warning* is peak minus the first such alert, in days; the median over
  alerted episodes is reported.
- A *false alert* is an alert that is not within (onset - 3 days, recovered] of any
  of that person's episodes.
- *Person-years* = sum over people of (last written date - first written date + 1 day)
  / 365.25, from diaries.csv (by default the diaries.csv next to episodes.csv).
"""
import argparse
import csv
import datetime
import json
import os
import statistics
import sys

SPEEDS = ["fast", "medium", "slow"]
SIZES = ["small", "moderate", "large"]
KINDS = ["depressive", "elevated"]


def d(s):
    return datetime.date.fromisoformat(s.strip())


def load_episodes(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [dict(r, onset=d(r["onset"]), peak=d(r["peak"]), recovered=d(r["recovered"]))
                for r in csv.DictReader(f)]


def load_alerts(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["person"].strip(), d(r["date"])) for r in csv.DictReader(f)]


def person_years_from_diaries(path):
    first, last = {}, {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            p, dt = r["person"], d(r["date"])
            if p not in first or dt < first[p]:
                first[p] = dt
            if p not in last or dt > last[p]:
                last[p] = dt
    return sum((last[p] - first[p]).days + 1 for p in first) / 365.25


def score(episodes, alerts, person_years):
    three = datetime.timedelta(days=3)
    by_person = {}
    for p, dt in alerts:
        by_person.setdefault(p, []).append(dt)
    for v in by_person.values():
        v.sort()

    ep_results = []
    for e in episodes:
        pre = [a for a in by_person.get(e["person"], []) if e["onset"] - three < a <= e["peak"]]
        warning = (e["peak"] - pre[0]).days if pre else None
        ep_results.append((e, warning))

    def summary(sel):
        n = len(sel)
        warns = [w for _, w in sel if w is not None]
        return {"episodes": n,
                "alerted_before_peak": len(warns),
                "alerted_before_peak_pct": round(100.0 * len(warns) / n, 1) if n else None,
                "median_warning_days": round(float(statistics.median(warns)), 1) if warns else None}

    out = {"overall": summary(ep_results)}
    for key, levels in (("speed", SPEEDS), ("size", SIZES), ("kind", KINDS)):
        extra = sorted({e[key] for e, _ in ep_results} - set(levels))
        out["by_" + key] = {lv: summary([x for x in ep_results if x[0][key] == lv]) for lv in levels + extra}

    eps_by_person = {}
    for e in episodes:
        eps_by_person.setdefault(e["person"], []).append(e)
    false = 0
    for p, dt in alerts:
        if not any(e["onset"] - three < dt <= e["recovered"] for e in eps_by_person.get(p, [])):
            false += 1
    out["alerts"] = len(alerts)
    out["false_alerts"] = false
    out["person_years"] = round(person_years, 3) if person_years is not None else None
    out["false_alerts_per_person_year"] = (round(false / person_years, 3) if person_years else None)
    return out


def fmt(v):
    return "-" if v is None else str(v)


def render(res):
    lines = ["%-22s %8s %8s %7s %14s" % ("group", "episodes", "alerted", "%", "median warn d")]

    def row(name, s):
        lines.append("%-22s %8d %8d %7s %14s" % (name, s["episodes"], s["alerted_before_peak"],
                                                 fmt(s["alerted_before_peak_pct"]), fmt(s["median_warning_days"])))
    row("overall", res["overall"])
    for key in ("speed", "size", "kind"):
        for lv, s in res["by_" + key].items():
            row("%s=%s" % (key, lv), s)
    lines.append("alerts: %d" % res["alerts"])
    lines.append("false alerts: %d" % res["false_alerts"])
    lines.append("person-years: %s" % fmt(res["person_years"]))
    lines.append("false alerts per person-year: %s" % fmt(res["false_alerts_per_person_year"]))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--episodes", required=True)
    ap.add_argument("--alerts", required=True)
    ap.add_argument("--diaries", help="default: diaries.csv in the same folder as --episodes")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    diaries = args.diaries or os.path.join(os.path.dirname(os.path.abspath(args.episodes)), "diaries.csv")
    py = person_years_from_diaries(diaries) if os.path.exists(diaries) else None
    if py is None:
        print("warning: %s not found; person-years unavailable" % diaries, file=sys.stderr)
    res = score(load_episodes(args.episodes), load_alerts(args.alerts), py)
    print(json.dumps(res, indent=2) if args.json else render(res))


if __name__ == "__main__":
    main()

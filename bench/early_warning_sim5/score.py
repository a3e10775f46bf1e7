#!/usr/bin/python3
"""Score relapse alerts against synthetic episodes.

Rules:
- an episode is alerted before its peak if an alert for that person falls in
  [onset - 2 days, peak] inclusive;
- warning = peak - first such alert (days); median over alerted episodes;
- a false alert is an alert outside [onset - 2, recovered] (inclusive) of every
  episode of that person (people with no episodes: every alert is false);
- person-years = sum over people in diaries.csv of
  (last written date - first written date + 1) / 365.25.
Duplicate (person, date) alert rows are counted once.
"""
import argparse
import csv
import datetime as dt
import json
import statistics
from collections import defaultdict

D = dt.date.fromisoformat


def load_episodes(path):
    eps = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            eps.append({"person": r["person"], "kind": r["kind"], "onset": D(r["onset"]),
                        "peak": D(r["peak"]), "recovered": D(r["recovered"]),
                        "speed": r["speed"], "size": r["size"]})
    return eps


def load_alerts(path):
    s = set()
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            s.add((r["person"].strip(), D(r["date"].strip())))
    return sorted(s)


def person_years(path):
    first, last = {}, {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            p, d = r["person"], D(r["date"])
            if p not in first or d < first[p]:
                first[p] = d
            if p not in last or d > last[p]:
                last[p] = d
    return sum(((last[p] - first[p]).days + 1) / 365.25 for p in first)


def score(episodes, alerts, pyears=None):
    by_person = defaultdict(list)
    for p, d in alerts:
        by_person[p].append(d)
    ep_results = []
    for e in episodes:
        lo = e["onset"] - dt.timedelta(days=2)
        hits = [d for d in by_person.get(e["person"], []) if lo <= d <= e["peak"]]
        warn = (e["peak"] - min(hits)).days if hits else None
        ep_results.append((e, warn))

    def summarise(rs):
        n = len(rs)
        w = [x for _, x in rs if x is not None]
        return {"episodes": n, "alerted_before_peak": len(w),
                "alerted_pct": round(100.0 * len(w) / n, 1) if n else None,
                "median_warning_days": float(statistics.median(w)) if w else None}

    out = {"overall": summarise(ep_results)}
    for key, order in (("speed", ["fast", "medium", "slow"]),
                       ("size", ["small", "moderate", "large"]),
                       ("kind", ["depressive", "elevated"])):
        groups = defaultdict(list)
        for e, w in ep_results:
            groups[e[key]].append((e, w))
        keys = order + sorted(k for k in groups if k not in order)
        out["by_" + key] = {k: summarise(groups[k]) for k in keys if k in groups or k in order}
    eps_by_person = defaultdict(list)
    for e in episodes:
        eps_by_person[e["person"]].append(e)
    false = 0
    for p, d in alerts:
        ok = any(e["onset"] - dt.timedelta(days=2) <= d <= e["recovered"]
                 for e in eps_by_person.get(p, []))
        if not ok:
            false += 1
    out["alerts"] = len(alerts)
    out["false_alerts"] = false
    out["person_years"] = round(pyears, 2) if pyears is not None else None
    out["false_alerts_per_person_year"] = (round(false / pyears, 3)
                                           if pyears else None)
    return out


def fmt(x):
    return "-" if x is None else str(x)


def text_report(r):
    lines = ["%-22s %8s %8s %7s %14s" % ("group", "episodes", "alerted", "%", "median_warn_d")]

    def line(name, s):
        lines.append("%-22s %8d %8d %7s %14s" % (name, s["episodes"], s["alerted_before_peak"],
                                                 fmt(s["alerted_pct"]),
                                                 fmt(s["median_warning_days"])))
    line("overall", r["overall"])
    for key in ("by_speed", "by_size", "by_kind"):
        for k, s in r[key].items():
            line("%s=%s" % (key[3:], k), s)
    lines.append("")
    lines.append("alerts: %d" % r["alerts"])
    lines.append("false alerts: %d" % r["false_alerts"])
    lines.append("person-years: %s" % fmt(r["person_years"]))
    lines.append("false alerts per person-year: %s" % fmt(r["false_alerts_per_person_year"]))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--episodes", required=True)
    ap.add_argument("--alerts", required=True)
    ap.add_argument("--diaries", help="needed for person-years (false alerts per person-year)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    r = score(load_episodes(a.episodes), load_alerts(a.alerts),
              person_years(a.diaries) if a.diaries else None)
    print(json.dumps(r, indent=2) if a.json else text_report(r))


if __name__ == "__main__":
    main()

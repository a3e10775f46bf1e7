#!/usr/bin/env python3
"""Scorer for simulator 10.

python3 score.py --episodes DIR/episodes.csv --alerts ALERTS.csv --diaries DIR/diaries.csv
                 [--people DIR/people.csv] [--json]

Rules (see README.md):
- An episode is alerted when an alert for that person falls in (onset - 3 days, peak].
  Warning = peak - first such alert date, in days (0 = alert on the peak day).
- A false alert is an alert not within (onset - 3 days, recovered] of any of the
  person's episodes.  Alerts are de-duplicated per (person, date) first.
- False alerts per person-year: person-years = sum over people in the diaries of
  (last written date - first written date + 1 day) / 365.25.
- Watch group: people whose `watch` column in people.csv is True.  people.csv is
  taken from --people, or else from the folder that holds episodes.csv.
"""
import argparse
import csv
import datetime as dt
import json
import os
import sys

D = dt.date.fromisoformat
SPEEDS = ["fast", "medium", "slow"]
SIZES = ["small", "moderate", "large"]
KINDS = ["depressive", "elevated", "mixed"]


def read_episodes(path):
    eps = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            eps.append({"person": r["person"].strip(), "kind": r["kind"].strip(),
                        "onset": D(r["onset"].strip()), "peak": D(r["peak"].strip()),
                        "recovered": D(r["recovered"].strip()),
                        "speed": r["speed"].strip(), "size": r["size"].strip()})
    return eps


def read_alerts(path):
    out = set()
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            p = (r.get("person") or "").strip()
            d = (r.get("date") or "").strip()
            if not p or not d:
                continue
            out.add((p, D(d[:10])))
    return sorted(out)


def read_spans(path):
    """First and last written date per person."""
    spans = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            p = r["person"].strip()
            d = D(r["date"].strip())
            if p in spans:
                lo, hi = spans[p]
                spans[p] = (min(lo, d), max(hi, d))
            else:
                spans[p] = (d, d)
    return spans


def read_watch(path):
    watch = {}
    if path and os.path.exists(path):
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                watch[r["person"].strip()] = str(r.get("watch", "")).strip().lower() in ("true", "1", "yes")
    return watch


def pct(a, b):
    return None if b == 0 else round(100.0 * a / b, 1)


def median(xs):
    if not xs:
        return None
    s = sorted(xs)
    n = len(s)
    return float(s[n // 2]) if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2.0


def score(episodes, alerts, spans, people=None):
    """episodes: list of dicts; alerts: iterable of (person, date); spans: person -> (first, last).
    people: optional set of persons to restrict to (None = everyone)."""
    if people is not None:
        episodes = [e for e in episodes if e["person"] in people]
        alerts = [a for a in alerts if a[0] in people]
        spans = {p: s for p, s in spans.items() if p in people}
    alerts = sorted(set(alerts))
    by_person = {}
    for p, d in alerts:
        by_person.setdefault(p, []).append(d)
    eps_by_person = {}
    for e in episodes:
        eps_by_person.setdefault(e["person"], []).append(e)

    three = dt.timedelta(days=3)
    results = []
    for e in episodes:
        lo = e["onset"] - three
        hits = [d for d in by_person.get(e["person"], []) if lo < d <= e["peak"]]
        if hits:
            results.append((e, True, (e["peak"] - min(hits)).days))
        else:
            results.append((e, False, None))

    n_false = 0
    for p, d in alerts:
        ok = False
        for e in eps_by_person.get(p, []):
            if e["onset"] - three < d <= e["recovered"]:
                ok = True
                break
        if not ok:
            n_false += 1
    py = sum((hi - lo).days + 1 for lo, hi in spans.values()) / 365.25

    def block(sel):
        n = len(sel)
        k = sum(1 for r in sel if r[1])
        return {"n": n, "alerted": k, "pct_alerted": pct(k, n)}

    out = {
        "episodes": len(results),
        "alerted": sum(1 for r in results if r[1]),
        "pct_alerted_before_peak": pct(sum(1 for r in results if r[1]), len(results)),
        "pct_alerted_warning_ge_1day": pct(sum(1 for r in results if r[1] and r[2] >= 1), len(results)),
        "by_speed": {s: block([r for r in results if r[0]["speed"] == s]) for s in SPEEDS},
        "by_size": {s: block([r for r in results if r[0]["size"] == s]) for s in SIZES},
        "by_kind": {s: block([r for r in results if r[0]["kind"] == s]) for s in KINDS},
        "median_warning_days": median([r[2] for r in results if r[1]]),
        "alerts": len(alerts),
        "false_alerts": n_false,
        "person_years": round(py, 3),
        "false_alerts_per_person_year": None if py == 0 else round(n_false / py, 3),
    }
    # drop kinds that never occur (e.g. mixed) to keep the report tidy
    out["by_kind"] = {k: v for k, v in out["by_kind"].items() if v["n"] > 0 or k != "mixed"}
    return out


def fmt_block(name, r):
    lines = ["== %s ==" % name,
             "episodes: %d, alerted in (onset-3d, peak]: %d (%s%%); with >=1 day warning: %s%%" % (
                 r["episodes"], r["alerted"], r["pct_alerted_before_peak"], r["pct_alerted_warning_ge_1day"]),
             "median warning days: %s" % r["median_warning_days"]]
    for key in ("by_speed", "by_size", "by_kind"):
        parts = ["%s %s/%s (%s%%)" % (k, v["alerted"], v["n"], v["pct_alerted"]) for k, v in r[key].items()]
        lines.append("%s: %s" % (key, ", ".join(parts)))
    lines.append("alerts: %d, false alerts: %d, person-years: %.2f, false alerts per person-year: %s" % (
        r["alerts"], r["false_alerts"], r["person_years"], r["false_alerts_per_person_year"]))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--episodes", required=True)
    ap.add_argument("--alerts", required=True)
    ap.add_argument("--diaries", required=True)
    ap.add_argument("--people", default=None)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    people_path = a.people or os.path.join(os.path.dirname(os.path.abspath(a.episodes)), "people.csv")
    eps = read_episodes(a.episodes)
    alerts = read_alerts(a.alerts)
    spans = read_spans(a.diaries)
    watch = read_watch(people_path)
    res = {"overall": score(eps, alerts, spans)}
    if watch:
        res["watch"] = score(eps, alerts, spans, people={p for p, w in watch.items() if w})
    else:
        res["watch"] = None
    if a.json:
        print(json.dumps(res, sort_keys=True))
    else:
        print(fmt_block("overall", res["overall"]))
        if res["watch"] is not None:
            print(fmt_block("watch group", res["watch"]))
        else:
            print("(no people.csv found: watch group not scored)")
    return res


if __name__ == "__main__":
    main()

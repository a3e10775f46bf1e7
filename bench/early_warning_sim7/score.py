#!/usr/bin/env python3
"""sim7 scorer: how early and how noisily alerts.csv flags the true episodes in episodes.csv.

Rules (see README.md):
  * an episode is alerted before its peak if an alert for that person falls in [onset - 2 days, peak] (inclusive);
    warning = peak - first such alert (days); median over alerted episodes (even count: mean of the two middle).
  * a false alert is an alert not inside [onset - 2, recovered] (inclusive) of any of that person's episodes;
    every alert of a person with no episodes is false.
  * person-years = sum over people in diaries.csv of (last - first written date + 1) / 365.25.
  * duplicate (person, date) alert rows count once.
Reported overall and by speed, size and kind. False alerts belong to no episode, so they are reported on the
overall line only (null / '-' on the breakdown lines).
"""
import argparse
import csv
import datetime as dt
import json
import sys

SPEEDS = ["fast", "medium", "slow"]
SIZES = ["small", "moderate", "large"]
KINDS = ["depressive", "elevated"]


def parse_date(s):
    return dt.date.fromisoformat(s.strip())


def speed_from(onset, peak):
    r = (peak - onset).days
    return "fast" if r <= 6 else ("medium" if r <= 20 else "slow")


def read_episodes(path):
    eps = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            onset, peak, rec = parse_date(r["onset"]), parse_date(r["peak"]), parse_date(r["recovered"])
            speed = (r.get("speed") or "").strip() or speed_from(onset, peak)
            eps.append({"person": r["person"].strip(), "kind": r["kind"].strip(), "onset": onset, "peak": peak,
                        "recovered": rec, "speed": speed, "size": (r.get("size") or "").strip()})
    return eps


def read_alerts(path):
    seen = set()
    out = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            key = (r["person"].strip(), parse_date(r["date"]))
            if key not in seen:
                seen.add(key)
                out.append(key)
    out.sort()
    return out


def person_years(path):
    span = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            d = parse_date(r["date"])
            p = r["person"].strip()
            if p in span:
                lo, hi = span[p]
                span[p] = (min(lo, d), max(hi, d))
            else:
                span[p] = (d, d)
    return sum(((hi - lo).days + 1) / 365.25 for lo, hi in span.values())


def median(xs):
    if not xs:
        return None
    s = sorted(xs)
    n = len(s)
    return float(s[n // 2]) if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2.0


def evaluate(episodes, alerts):
    """Returns (per-episode list of (episode, warning or None), number of false alerts)."""
    by_person = {}
    for p, d in alerts:
        by_person.setdefault(p, []).append(d)
    eps_by_person = {}
    for e in episodes:
        eps_by_person.setdefault(e["person"], []).append(e)
    results = []
    for e in episodes:
        lo = e["onset"] - dt.timedelta(days=2)
        hits = [d for d in by_person.get(e["person"], []) if lo <= d <= e["peak"]]
        results.append((e, (e["peak"] - min(hits)).days if hits else None))
    false = 0
    for p, d in alerts:
        ok = any(e["onset"] - dt.timedelta(days=2) <= d <= e["recovered"] for e in eps_by_person.get(p, []))
        if not ok:
            false += 1
    return results, false


def stats(results, false=None, py=None):
    n = len(results)
    warns = [w for _, w in results if w is not None]
    out = {"episodes": n, "alerted_before_peak": len(warns),
           "percent": round(100.0 * len(warns) / n, 1) if n else None,
           "median_warning_days": median(warns),
           "false_alerts": false,
           "false_per_person_year": (round(false / py, 3) if (false is not None and py) else None)}
    return out


def score(episodes, alerts, py):
    results, false = evaluate(episodes, alerts)
    rep = {"person_years": round(py, 3) if py is not None else None, "alerts": len(alerts),
           "overall": stats(results, false, py)}
    for key, names in (("speed", SPEEDS), ("size", SIZES), ("kind", KINDS)):
        extra = sorted(set(e[key] for e, _ in results) - set(names))
        rep["by_" + key] = {nm: stats([r for r in results if r[0][key] == nm]) for nm in names + extra}
    return rep


def fmtv(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return "%.1f" % v if abs(v - round(v, 1)) < 1e-9 else "%.3f" % v
    return str(v)


def text(rep):
    lines = ["person-years: %s   alerts: %d" % (fmtv(rep["person_years"]), rep["alerts"]),
             "%-20s %8s %8s %7s %15s %12s %14s" % ("group", "episodes", "alerted", "%", "median warning",
                                                 "false alerts", "false/person-yr")]

    def row(name, s):
        lines.append("%-20s %8d %8d %7s %15s %12s %14s" % (
            name, s["episodes"], s["alerted_before_peak"], fmtv(s["percent"]), fmtv(s["median_warning_days"]),
            fmtv(s["false_alerts"]), fmtv(s["false_per_person_year"])))
    row("overall", rep["overall"])
    for key in ("speed", "size", "kind"):
        for nm, s in rep["by_" + key].items():
            row("%s=%s" % (key, nm), s)
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--episodes", required=True)
    ap.add_argument("--alerts", required=True)
    ap.add_argument("--diaries", help="needed for person-years")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    py = person_years(a.diaries) if a.diaries else None
    rep = score(read_episodes(a.episodes), read_alerts(a.alerts), py)
    if a.json:
        sys.stdout.write(json.dumps(rep, indent=2) + "\n")
    else:
        sys.stdout.write(text(rep))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""sim8 scorer. Rules (see README.md):
- An episode is alerted before its peak if an alert for that person falls in [onset - 2 days, peak] (inclusive).
  Warning = peak - first such alert, in days; median over alerted episodes (even count: mean of the middle two).
- A false alert is an alert not within [onset - 2, recovered] (inclusive) of any of that person's episodes;
  every alert for a person with no episodes is false. Duplicate (person, date) alert rows count once.
- Person-years = sum over people in diaries.csv of (last - first written date + 1) / 365.25.
- Reported overall and by speed, size and kind. False alerts belong to no episode, so they are reported
  overall only (null / '-' in the breakdown rows).
"""
import argparse
import csv
import datetime
import json
import sys

D = datetime.date.fromisoformat
SPEEDS = ["fast", "medium", "slow"]
SIZES = ["small", "moderate", "large"]
KINDS = ["depressive", "elevated"]


def median(xs):
    s = sorted(xs)
    n = len(s)
    if n == 0:
        return None
    return float(s[n // 2]) if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2.0


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def person_years(diaries_path):
    span = {}
    with open(diaries_path, newline="") as f:
        for r in csv.DictReader(f):
            d = D(r["date"])
            p = r["person"]
            if p in span:
                lo, hi = span[p]
                span[p] = (min(lo, d), max(hi, d))
            else:
                span[p] = (d, d)
    return sum(((hi - lo).days + 1) / 365.25 for lo, hi in span.values())


def score(episodes, alerts, py):
    by_person = {}
    for a in alerts:
        by_person.setdefault(a["person"], set()).add(D(a["date"]))
    eps = []
    for e in episodes:
        eps.append({"person": e["person"], "kind": e["kind"], "onset": D(e["onset"]), "peak": D(e["peak"]),
                    "recovered": D(e["recovered"]), "speed": e["speed"], "size": e["size"]})
    eps_by_person = {}
    for e in eps:
        eps_by_person.setdefault(e["person"], []).append(e)
        lo = e["onset"] - datetime.timedelta(days=2)
        hits = sorted(d for d in by_person.get(e["person"], ()) if lo <= d <= e["peak"])
        e["warning"] = (e["peak"] - hits[0]).days if hits else None
    false = 0
    total_alerts = 0
    for p in sorted(by_person):
        for d in sorted(by_person[p]):
            total_alerts += 1
            ok = any(e["onset"] - datetime.timedelta(days=2) <= d <= e["recovered"] for e in eps_by_person.get(p, []))
            if not ok:
                false += 1

    def summary(sel, with_false):
        n = len(sel)
        w = [e["warning"] for e in sel if e["warning"] is not None]
        out = {"episodes": n, "alerted_before_peak": len(w),
               "percent": round(100.0 * len(w) / n, 1) if n else None,
               "median_warning_days": median(w)}
        if with_false:
            out["false_alerts"] = false
            out["false_per_person_year"] = round(false / py, 3) if py > 0 else None
        else:
            out["false_alerts"] = None
            out["false_per_person_year"] = None
        return out

    res = {"person_years": round(py, 3), "alerts": total_alerts, "overall": summary(eps, True),
           "by_speed": {}, "by_size": {}, "by_kind": {}}
    for key, vals, name in (("speed", SPEEDS, "by_speed"), ("size", SIZES, "by_size"), ("kind", KINDS, "by_kind")):
        extra = sorted(set(e[key] for e in eps) - set(vals))
        for v in vals + extra:
            res[name][v] = summary([e for e in eps if e[key] == v], False)
    return res


def fmt(x):
    if x is None:
        return "-"
    if isinstance(x, float):
        return "%.1f" % x
    return str(x)


def text(res):
    lines = ["person-years: %.2f   alerts: %d" % (res["person_years"], res["alerts"]),
             "%-20s %8s %8s %7s %10s %7s %9s" % ("group", "episodes", "alerted", "%", "med.warn", "false", "false/py")]

    def row(label, s):
        fp = "-" if s["false_per_person_year"] is None else "%.3f" % s["false_per_person_year"]
        lines.append("%-20s %8d %8d %7s %10s %7s %9s" % (label, s["episodes"], s["alerted_before_peak"],
                                                         fmt(s["percent"]), fmt(s["median_warning_days"]),
                                                         fmt(s["false_alerts"]), fp))
    row("overall", res["overall"])
    for name, label in (("by_speed", "speed"), ("by_size", "size"), ("by_kind", "kind")):
        for k, s in res[name].items():
            row("%s=%s" % (label, k), s)
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--episodes", required=True)
    ap.add_argument("--alerts", required=True)
    ap.add_argument("--diaries", required=True)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    res = score(read_csv(a.episodes), read_csv(a.alerts), person_years(a.diaries))
    if a.json:
        sys.stdout.write(json.dumps(res, indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(text(res))


if __name__ == "__main__":
    main()

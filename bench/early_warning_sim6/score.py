#!/usr/bin/python3
"""Score alerts against true episodes.

Rules
- An episode is alerted before its peak if an alert for that person falls
  between onset - 2 days and peak, inclusive.  Warning = peak - first such
  alert (days).  Median over alerted episodes (mean of middle two if even).
- A false alert is one not within [onset - 2, recovered] (inclusive) of any of
  that person's episodes.
- Person-years = sum over people in the diaries of
  (last written date - first written date + 1) / 365.25.
- Duplicate alert rows count once.

Usage: score.py --episodes E --alerts A --diaries D [--json]
"""
import argparse
import csv
import datetime
import json

D = datetime.date.fromisoformat
LEAD = datetime.timedelta(days=2)


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    if n == 0:
        return None
    if n % 2:
        return float(xs[n // 2])
    return (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def read_episodes(path):
    out = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            out.append({"person": r["person"], "kind": r["kind"], "onset": D(r["onset"]),
                        "peak": D(r["peak"]), "recovered": D(r["recovered"]),
                        "speed": r["speed"], "size": r["size"]})
    return out


def read_alerts(path):
    s = set()
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            s.add((r["person"], D(r["date"])))
    return sorted(s)


def person_years(diary_path):
    span = {}
    with open(diary_path, newline="") as f:
        for r in csv.DictReader(f):
            d = D(r["date"])
            p = r["person"]
            if p in span:
                lo, hi = span[p]
                span[p] = (min(lo, d), max(hi, d))
            else:
                span[p] = (d, d)
    return sum((hi - lo).days + 1 for lo, hi in span.values()) / 365.25


def summarise(eps, warnings):
    n = len(eps)
    ws = [w for w in warnings if w is not None]
    return {"episodes": n, "alerted": len(ws),
            "fraction_alerted": (len(ws) / n) if n else None,
            "median_warning_days": median(ws)}


def score(episodes, alerts, pyears):
    alerts = sorted(set(alerts))
    by_person = {}
    for p, d in alerts:
        by_person.setdefault(p, []).append(d)
    warnings = []
    for ep in episodes:
        lo, hi = ep["onset"] - LEAD, ep["peak"]
        hits = [d for d in by_person.get(ep["person"], []) if lo <= d <= hi]
        warnings.append((ep["peak"] - min(hits)).days if hits else None)
    eps_by_person = {}
    for ep in episodes:
        eps_by_person.setdefault(ep["person"], []).append(ep)
    false = 0
    for p, d in alerts:
        if not any(ep["onset"] - LEAD <= d <= ep["recovered"]
                   for ep in eps_by_person.get(p, [])):
            false += 1
    res = {"overall": summarise(episodes, warnings)}
    for key, levels in (("speed", ["fast", "medium", "slow"]),
                        ("size", ["small", "moderate", "large"]),
                        ("kind", ["depressive", "elevated"])):
        extra = sorted({ep[key] for ep in episodes} - set(levels))
        res["by_" + key] = {}
        for lv in levels + extra:
            idx = [i for i, ep in enumerate(episodes) if ep[key] == lv]
            res["by_" + key][lv] = summarise([episodes[i] for i in idx],
                                             [warnings[i] for i in idx])
    res["alerts"] = len(alerts)
    res["false_alerts"] = false
    res["person_years"] = pyears
    res["false_per_person_year"] = (false / pyears) if pyears else None
    return res


def fmt(x, nd=2):
    if x is None:
        return "-"
    if isinstance(x, float):
        return "%.*f" % (nd, x)
    return str(x)


def text(res):
    lines = ["%-22s %8s %8s %9s %14s" % ("group", "episodes", "alerted", "fraction",
                                         "median_warn_d")]

    def line(name, s):
        lines.append("%-22s %8d %8d %9s %14s" % (name, s["episodes"], s["alerted"],
                                                 fmt(s["fraction_alerted"]),
                                                 fmt(s["median_warning_days"], 1)))
    line("overall", res["overall"])
    for key in ("by_speed", "by_size", "by_kind"):
        for lv, s in res[key].items():
            line("%s=%s" % (key[3:], lv), s)
    lines.append("alerts %d" % res["alerts"])
    lines.append("false alerts %d" % res["false_alerts"])
    lines.append("person-years %.2f" % res["person_years"])
    lines.append("false per person-year %s" % fmt(res["false_per_person_year"], 3))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--episodes", required=True)
    ap.add_argument("--alerts", required=True)
    ap.add_argument("--diaries", required=True)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    res = score(read_episodes(a.episodes), read_alerts(a.alerts), person_years(a.diaries))
    print(json.dumps(res, indent=2, sort_keys=True) if a.json else text(res))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""sim9 scorer.

score.py --episodes E --alerts A --diaries D [--people P] [--grace G] [--json]

Rules (written down in README.md too):
* An episode is CAUGHT if at least one alert for that person falls on a date in [onset, peak - 1].
  Warning days = peak - (first such alert).  An alert on the peak day itself is too late (not a catch).
* An alert is FALSE if, for that person, it is not within [onset, peak + GRACE] of any episode
  (GRACE = 7 days by default: an alert in the week after the worst day is late but not false).
  Alerts after peak+GRACE but before 'recovered' are counted as false: the care team was already
  involved by then.  Duplicate alerts for the same person and date count once.  Alerts for people who
  are not in the diaries count as false (and add nothing to person-years).
* Person-years = sum over people in the diaries of (last written date - first written date + 1) / 365.25.
* 'watch' subgroup = people whose group (people.csv, by default next to episodes.csv) is bipolar or
  recent_discharge - the groups with the highest relapse rates.
"""
import argparse
import csv
import datetime
import json
import os
import statistics
import sys

WATCH_GROUPS = ("bipolar", "recent_discharge")
SPEEDS = ("fast", "medium", "slow")
SIZES = ("small", "moderate", "large")
KINDS = ("depressive", "elevated")


def D(s):
    return datetime.date.fromisoformat(s.strip())


def load_episodes(path):
    out = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            out.append({"person": r["person"].strip(), "kind": r["kind"].strip(), "onset": D(r["onset"]),
                        "peak": D(r["peak"]), "recovered": D(r["recovered"]) if r.get("recovered") else None,
                        "speed": r["speed"].strip(), "size": r["size"].strip()})
    return out


def load_alerts(path):
    out = set()
    with open(path, newline="") as f:
        for row in csv.reader(f):
            if not row or not row[0].strip():
                continue
            if row[0].strip().lower() == "person":
                continue
            out.add((row[0].strip(), D(row[1])))
    return sorted(out)


def load_spans(path):
    """person -> (first written date, last written date)."""
    spans = {}
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r, None)
        for row in r:
            if not row:
                continue
            p, d = row[0], row[1]
            if p in spans:
                a, b = spans[p]
                if d < a:
                    a = d
                if d > b:
                    b = d
                spans[p] = (a, b)
            else:
                spans[p] = (d, d)
    return {p: (D(a), D(b)) for p, (a, b) in spans.items()}


def load_groups(path):
    if not path or not os.path.exists(path):
        return {}
    with open(path, newline="") as f:
        return {r["person"]: r.get("group", "") for r in csv.DictReader(f)}


def _rate(caught, total):
    return {"caught": caught, "total": total, "pct": (round(100.0 * caught / total, 1) if total else None)}


def evaluate(episodes, alerts, spans, groups=None, grace=7, watch_groups=WATCH_GROUPS):
    """Pure scoring function.  episodes: list of dicts (person, kind, onset, peak, speed, size) with
    datetime.date values; alerts: iterable of (person, date); spans: person -> (first, last)."""
    groups = groups or {}
    alerts = sorted(set(alerts))
    by_person = {}
    for p, d in alerts:
        by_person.setdefault(p, []).append(d)
    eps_by_person = {}
    for e in episodes:
        eps_by_person.setdefault(e["person"], []).append(e)

    results = []
    for e in episodes:
        hits = [d for d in by_person.get(e["person"], []) if e["onset"] <= d <= e["peak"] - datetime.timedelta(days=1)]
        if hits:
            results.append((e, True, (e["peak"] - min(hits)).days))
        else:
            results.append((e, False, None))

    false_alerts = []
    for p, d in alerts:
        ok = any(e["onset"] <= d <= e["peak"] + datetime.timedelta(days=grace) for e in eps_by_person.get(p, []))
        if not ok:
            false_alerts.append((p, d))

    def py(people):
        return sum((spans[p][1] - spans[p][0]).days + 1 for p in people if p in spans) / 365.25

    def block(sel_people):
        sel = [r for r in results if sel_people is None or r[0]["person"] in sel_people]
        fa = [a for a in false_alerts if sel_people is None or a[0] in sel_people]
        ppl = list(spans) if sel_people is None else [p for p in spans if p in sel_people]
        pyrs = py(ppl)
        warn = [w for (_, c, w) in sel if c]
        out = {
            "people": len(ppl),
            "person_years": round(pyrs, 2),
            "episodes": len(sel),
            "caught": _rate(sum(1 for r in sel if r[1]), len(sel)),
            "by_speed": {k: _rate(sum(1 for r in sel if r[1] and r[0]["speed"] == k),
                                  sum(1 for r in sel if r[0]["speed"] == k)) for k in SPEEDS},
            "by_size": {k: _rate(sum(1 for r in sel if r[1] and r[0]["size"] == k),
                                 sum(1 for r in sel if r[0]["size"] == k)) for k in SIZES},
            "by_kind": {k: _rate(sum(1 for r in sel if r[1] and r[0]["kind"] == k),
                                 sum(1 for r in sel if r[0]["kind"] == k)) for k in KINDS},
            "median_warning_days": (statistics.median(warn) if warn else None),
            "alerts": sum(1 for (p, _) in alerts if sel_people is None or p in sel_people),
            "false_alerts": len(fa),
            "false_alerts_per_person_year": (round(len(fa) / pyrs, 3) if pyrs > 0 else None),
        }
        return out

    watch = {p for p, g in groups.items() if g in watch_groups}
    res = {"grace_days": grace, "overall": block(None)}
    res["watch"] = block(watch) if groups else None
    res["watch_definition"] = "group in " + "/".join(watch_groups)
    res["unknown_person_alerts"] = sum(1 for (p, _) in alerts if p not in spans)
    return res


def fmt_rate(r):
    return f"{r['caught']}/{r['total']} ({r['pct']}%)" if r["total"] else "0/0 (-)"


def print_block(name, b):
    print(f"== {name}: {b['people']} people, {b['person_years']} person-years, {b['episodes']} episodes")
    print(f"  caught overall : {fmt_rate(b['caught'])}")
    print("  by speed       : " + ", ".join(f"{k} {fmt_rate(v)}" for k, v in b["by_speed"].items()))
    print("  by size        : " + ", ".join(f"{k} {fmt_rate(v)}" for k, v in b["by_size"].items()))
    print("  by kind        : " + ", ".join(f"{k} {fmt_rate(v)}" for k, v in b["by_kind"].items()))
    print(f"  median warning : {b['median_warning_days']} days")
    print(f"  alerts {b['alerts']}, false {b['false_alerts']}, "
          f"false per person-year {b['false_alerts_per_person_year']}")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--episodes", required=True)
    ap.add_argument("--alerts", required=True)
    ap.add_argument("--diaries", required=True)
    ap.add_argument("--people", default=None, help="people.csv (default: next to episodes.csv)")
    ap.add_argument("--grace", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    people = a.people or os.path.join(os.path.dirname(os.path.abspath(a.episodes)), "people.csv")
    res = evaluate(load_episodes(a.episodes), load_alerts(a.alerts), load_spans(a.diaries),
                   load_groups(people), grace=a.grace)
    if a.json:
        print(json.dumps(res, sort_keys=True))
        return
    print(f"sim9 score (false = alert outside onset..peak+{res['grace_days']} of every episode)")
    print_block("all", res["overall"])
    if res["watch"] is not None:
        print_block(f"watch ({res['watch_definition']})", res["watch"])
    else:
        print("(no people.csv: watch subgroup not computed)", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Independent simulator of daily mental-health diaries with relapse episodes.

Python 3 standard library only.  Every modelling assumption is documented in
README.md (section "Simulator assumptions"); the numbers below are the ones the
README quotes.

Usage:
    python3 simulate.py --people 300 --days 365 --seed 11 --out DIR
"""
import argparse
import csv
import datetime as dt
import json
import math
import os
import random
from collections import Counter

START = dt.date(2026, 1, 1)

# Personal warning signs, in people's own words.
DEP_SIGNS = [
    "Not wanting to see anyone",
    "Staying in bed all day",
    "Can't concentrate on anything",
    "Feeling hopeless",
    "Stopped eating properly",
    "Crying a lot",
    "Not answering my phone",
    "Everything feels like too much effort",
]
PARANOID_SIGN = "Feeling people are against me"
ELEV_SIGNS = [
    "Racing thoughts",
    "Thoughts going too fast",
    "Needing less sleep and not tired",
    "Starting lots of projects at once",
    "Talking too fast",
]

# Amplitudes of an episode at latent severity S = 1 (before the per-episode
# participation multiplier).  Units: points on the item's own scale, hours for sleep.
DEP_AMP = {"mood": -5.0, "anxiety": 4.0, "sleep": 2.5, "sign": 3.5}
ELEV_AMP = {"mood": 4.0, "anxiety": 1.5, "sleep": -3.0, "sign": 3.5}

SPEED_PROBS = {
    "depressive": (("fast", 0.25), ("medium", 0.45), ("slow", 0.30)),
    "elevated": (("fast", 0.45), ("medium", 0.40), ("slow", 0.15)),
}
RISE_DAYS = {"fast": (2, 6), "medium": (7, 20), "slow": (21, 50)}
RECOVER_DAYS = {"depressive": (14, 60), "elevated": (7, 35)}
SIZE_PROBS = (("small", 0.35), ("moderate", 0.40), ("large", 0.25))
SIZE_S = {"small": (0.25, 0.45), "moderate": (0.45, 0.75), "large": (0.75, 1.10)}

MIN_GAP_BETWEEN_EPISODES = 21  # days from one recovery to the next onset
ITEMS = ("mood", "anxiety", "sleep")


def weighted_choice(rng, pairs):
    r = rng.random()
    acc = 0.0
    for value, w in pairs:
        acc += w
        if r < acc:
            return value
    return pairs[-1][0]


def poisson(rng, lam):
    # Knuth; lam is small here.
    L = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def iso(day_index):
    return (START + dt.timedelta(days=day_index)).isoformat()


# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------

def weekly_pattern(rng, item):
    """Seven offsets (Mon..Sun) for one item of one person."""
    off = [0.0] * 7
    if item == "mood":
        t = weighted_choice(rng, (("weekend_better", 0.40), ("monday_blues", 0.20),
                                  ("weekend_worse", 0.10), ("none", 0.30)))
        if t == "weekend_better":
            a = rng.uniform(0.3, 1.2)
            off[5] += a; off[6] += a; off[4] += a / 2
        elif t == "monday_blues":
            a = rng.uniform(0.4, 1.2)
            off[0] -= a; off[6] -= a / 3
        elif t == "weekend_worse":
            a = rng.uniform(0.4, 1.2)
            off[5] -= a; off[6] -= a
    elif item == "sleep":
        t = weighted_choice(rng, (("lie_in", 0.50), ("short_weeknights", 0.20),
                                  ("late_weekend", 0.10), ("none", 0.20)))
        if t == "lie_in":
            a = rng.uniform(0.5, 1.5)
            off[5] += a; off[6] += a
        elif t == "short_weeknights":
            a = rng.uniform(0.3, 0.8)
            for d in range(4):
                off[d] -= a
        elif t == "late_weekend":
            a = rng.uniform(0.5, 1.0)
            off[4] -= a; off[5] -= a; off[6] += a / 2
    elif item == "anxiety":
        t = weighted_choice(rng, (("sunday_dread", 0.25), ("workweek", 0.25), ("none", 0.50)))
        if t == "sunday_dread":
            a = rng.uniform(0.5, 1.5)
            off[6] += a; off[0] += a / 2
        elif t == "workweek":
            a = rng.uniform(0.3, 1.0)
            for d in range(5):
                off[d] += a
    elif item == "sign":
        if rng.random() < 0.15:
            a = rng.uniform(0.2, 0.6)
            off[5] += a; off[6] += a
    else:
        t = "none"
    # small idiosyncratic per-weekday jitter on top of the pattern
    off = [o + rng.gauss(0, 0.12) for o in off]
    return off


def drift_curve(rng, days, amp_scale):
    """Slow change of the person's usual level over months (not an episode)."""
    curve = [0.0] * days
    # two slow sinusoids
    for _ in range(2):
        period = rng.uniform(90, 400)
        phase = rng.uniform(0, 2 * math.pi)
        amp = rng.uniform(0, 0.5) * amp_scale
        for d in range(days):
            curve[d] += amp * math.sin(2 * math.pi * d / period + phase)
    # 30%: a gradual step (new job, moving house, medication change)
    if rng.random() < 0.30:
        start = rng.randrange(0, max(1, days - 30))
        ramp = rng.randint(30, 90)
        shift = rng.choice((-1, 1)) * rng.uniform(0.6, 1.5) * amp_scale
        for d in range(start, days):
            curve[d] += shift * min(1.0, (d - start) / ramp)
    return curve


def make_person(rng, idx, days):
    p = {"id": "P%03d" % (idx + 1)}
    p["watch_high_mood"] = rng.random() < 0.25
    p["base"] = {
        "mood": rng.uniform(4.5, 7.5),
        "anxiety": rng.uniform(1.5, 5.0),
        "sleep": rng.uniform(6.0, 8.5),
    }
    # per-item, per-person noise: AR(1) with person/item-specific sd and persistence
    p["noise_sd"] = {
        "mood": rng.uniform(0.4, 1.8),
        "anxiety": rng.uniform(0.4, 2.0),
        "sleep": rng.uniform(0.25, 1.2),
    }
    p["phi"] = {k: rng.uniform(0.1, 0.7) for k in ("mood", "anxiety", "sleep")}

    # warning signs
    signs = []
    if p["watch_high_mood"]:
        signs.append(("elev", rng.choice(ELEV_SIGNS)))
        signs.append(("dep", rng.choice(DEP_SIGNS)))
        if rng.random() < 0.30:
            signs.append(("paranoid", PARANOID_SIGN))
    else:
        n = 1 if rng.random() < 0.6 else 2
        for w in rng.sample(DEP_SIGNS, n):
            signs.append(("dep", w))
        if rng.random() < 0.20:
            signs.append(("paranoid", PARANOID_SIGN))
    p["signs"] = []
    for kind, words in signs:
        p["signs"].append({
            "kind": kind,
            "name": "sign:" + words,
            "base": rng.uniform(0.0, 1.2),
            "sd": rng.uniform(0.15, 0.8),
            "phi": rng.uniform(0.2, 0.8),
            "weekly": weekly_pattern(rng, "sign"),
        })

    p["weekly"] = {k: weekly_pattern(rng, k) for k in ITEMS}
    # seasonal: 30% have a winter dip in mood and longer winter sleep
    p["seasonal"] = rng.uniform(0.4, 1.2) if rng.random() < 0.30 else 0.0
    p["drift"] = {
        "mood": drift_curve(rng, days, 1.0),
        "anxiety": drift_curve(rng, days, 0.8),
        "sleep": drift_curve(rng, days, 0.5),
    }

    # writing behaviour
    mode = weighted_choice(rng, (("regular", 0.62), ("patchy", 0.30), ("unwell_only", 0.08)))
    p["write_mode"] = mode
    if mode == "regular":
        p["write_base"] = rng.uniform(0.55, 0.97)
    elif mode == "patchy":
        p["write_base"] = rng.uniform(0.25, 0.55)
    else:
        p["write_base"] = rng.uniform(0.02, 0.06)
    # writes less when unwell (60%), unchanged (25%), a bit more (15%)
    r = rng.random()
    if r < 0.60:
        p["withdraw"] = rng.uniform(0.4, 0.95)
    elif r < 0.85:
        p["withdraw"] = 0.0
    else:
        p["withdraw"] = -rng.uniform(0.1, 0.4)
    p["restart_factor"] = rng.uniform(0.6, 1.0)  # chance multiplier after a missed day
    p["skip"] = {
        "mood": rng.uniform(0.0, 0.03),
        "anxiety": rng.uniform(0.0, 0.10),
        "sleep": rng.uniform(0.0, 0.15),
        "sign": rng.uniform(0.0, 0.20),
    }
    p["medication"] = rng.random() < 0.35
    p["med_adherence"] = rng.uniform(0.85, 0.99)

    # active period (joined late / stopped early)
    a, b = 0, days - 1
    if rng.random() < 0.08:
        a = rng.randint(15, 120)
    if rng.random() < 0.10:
        b = rng.randint(max(a + 90, 180), days - 1) if days - 1 >= max(a + 90, 180) else days - 1
    p["active"] = (a, b)

    # holidays (no writing at all) and longer lapses
    gaps = []
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        s = rng.randrange(0, days)
        gaps.append((s, s + rng.randint(4, 16)))
    if rng.random() < 0.15:
        s = rng.randrange(0, days)
        gaps.append((s, s + rng.randint(15, 40)))
    p["gaps"] = gaps

    # life events: short bad (or good) patches that are not episodes
    events = []
    for _ in range(poisson(rng, 1.5 * days / 365.0)):
        events.append(make_life_event(rng, rng.randrange(0, days), negative=rng.random() < 0.8))
    p["events"] = events
    p["episodes"] = []
    return p


def make_life_event(rng, start, negative=True):
    if negative:
        return {
            "start": start,
            "dur": rng.randint(2, 8),
            "mood": -rng.uniform(1.0, 3.0),
            "anxiety": rng.uniform(1.0, 3.0),
            "sleep": -rng.uniform(0.3, 1.5),
            "sign": rng.uniform(0.5, 1.5) if rng.random() < 0.5 else 0.0,
            "negative": True,
        }
    return {
        "start": start,
        "dur": rng.randint(1, 5),
        "mood": rng.uniform(1.0, 2.5),
        "anxiety": -rng.uniform(0.0, 1.0),
        "sleep": -rng.uniform(0.0, 1.0),
        "sign": 0.0,
        "negative": False,
    }


def event_profile(ev, d):
    k = d - ev["start"]
    if k < 0 or k >= ev["dur"]:
        return 0.0
    if k <= 1:
        return 1.0
    return 1.0 - (k - 1) / float(ev["dur"])


# --------------------------------------------------------------------------------------
# Episodes
# --------------------------------------------------------------------------------------

def draw_episode_shape(rng, p):
    kind = "depressive"
    if p["watch_high_mood"] and rng.random() < 0.55:
        kind = "elevated"
    speed = weighted_choice(rng, SPEED_PROBS[kind])
    rise = rng.randint(*RISE_DAYS[speed])
    recover = rng.randint(*RECOVER_DAYS[kind])
    size = weighted_choice(rng, SIZE_PROBS)
    S = rng.uniform(*SIZE_S[size])
    return {"kind": kind, "speed": speed, "rise": rise, "recover": recover,
            "size": size, "S": S}


def finish_episode(rng, p, ep, onset):
    """Decide which signals move, by how much and with what lag."""
    ep["onset"] = onset
    ep["peak"] = onset + ep["rise"]
    ep["recovered"] = ep["peak"] + ep["recover"]
    ep["p_rise"] = rng.uniform(0.7, 2.0)   # >1: slow start then accelerating
    ep["q_fall"] = rng.uniform(0.6, 2.0)
    kind = ep["kind"]
    amp = dict(DEP_AMP if kind == "depressive" else ELEV_AMP)
    if kind == "depressive":
        amp["sleep"] *= (-1.0 if rng.random() < 0.6 else 1.0)  # less or more sleep
    elif rng.random() < 0.5:
        amp["anxiety"] = 0.0
    core = ["mood", "anxiety", "sleep", "sign"]
    partial = rng.random() < 0.25
    moving = set(core)
    if partial:
        while True:
            moving = {c for c in core if rng.random() < 0.5}
            if moving and moving != set(core):
                break
    signals = {}
    for item in ("mood", "anxiety", "sleep"):
        if item in moving and amp[item] != 0.0:
            signals[item] = amp[item] * rng.uniform(0.6, 1.2)
    sign_amp = {}
    for s in p["signs"]:
        if "sign" not in moving:
            continue
        if kind == "depressive" and s["kind"] in ("dep", "paranoid"):
            sign_amp[s["name"]] = amp["sign"] * rng.uniform(0.6, 1.2)
        elif kind == "elevated" and s["kind"] == "elev":
            sign_amp[s["name"]] = amp["sign"] * rng.uniform(0.6, 1.2)
        elif kind == "elevated" and s["kind"] == "paranoid" and rng.random() < 0.4:
            sign_amp[s["name"]] = 2.0 * rng.uniform(0.6, 1.2)
    if not signals and not sign_amp:
        # e.g. an elevated episode whose only chosen signal was anxiety with zero amplitude:
        # fall back to mood so that every episode moves at least one signal
        signals["mood"] = amp["mood"] * rng.uniform(0.6, 1.2)
    ep["signals"] = signals
    ep["sign_signals"] = sign_amp
    ep["partial"] = partial
    # lag: some signals start moving later than onset; the first one starts at onset
    names = list(signals) + list(sign_amp)
    lags = {}
    if names:
        lead = rng.choice(names)
        for n in names:
            lags[n] = 0 if n == lead else rng.randint(0, max(0, ep["rise"] // 2))
    ep["lags"] = lags
    # 20% of episodes come right after a negative life event (a trigger)
    if rng.random() < 0.20:
        p["events"].append(make_life_event(rng, max(0, onset - rng.randint(0, 3)), True))
    # medication adherence drop
    ep["med_drop"] = rng.uniform(0.2, 0.6) if kind == "elevated" else rng.uniform(0.0, 0.3)


def episode_profile(ep, name, d):
    """Intensity 0..1 of one signal of one episode on day d."""
    on = ep["onset"] + ep["lags"].get(name, 0)
    pk, rc = ep["peak"], ep["recovered"]
    if d <= on or d >= rc:
        return 0.0
    if d <= pk:
        return ((d - on) / float(pk - on)) ** ep["p_rise"] if pk > on else 1.0
    return (1.0 - (d - pk) / float(rc - pk)) ** ep["q_fall"]


def overall_intensity(ep, d):
    """How unwell the person is because of this episode, 0..1 (drives writing and medication)."""
    if d <= ep["onset"] or d >= ep["recovered"]:
        return 0.0
    pk = ep["peak"]
    if d <= pk:
        f = ((d - ep["onset"]) / float(pk - ep["onset"])) ** ep["p_rise"]
    else:
        f = (1.0 - (d - pk) / float(ep["recovered"] - pk)) ** ep["q_fall"]
    return min(1.0, f * (0.4 + ep["S"]))


def place_episodes(rng, people, days):
    n_target = rng.randint(190, 200)
    prone = []
    for p in people:
        pr = 0.80 if p["watch_high_mood"] else 0.45
        if rng.random() < pr:
            prone.append(p)
    rng.shuffle(prone)
    if len(prone) > n_target:
        prone = prone[:n_target]
    # propensity weights: a few people have several episodes
    weight = {p["id"]: rng.expovariate(1.0) for p in prone}
    wanted = {p["id"]: 1 for p in prone}
    extra = n_target - len(prone)
    for _ in range(extra):
        tot = sum(weight[p["id"]] for p in prone if wanted[p["id"]] < 4)
        r = rng.uniform(0, tot)
        acc = 0.0
        for p in prone:
            if wanted[p["id"]] >= 4:
                continue
            acc += weight[p["id"]]
            if r <= acc:
                wanted[p["id"]] += 1
                break

    def try_place(p):
        a, b = p["active"]
        for _ in range(300):
            ep = draw_episode_shape(rng, p)
            length = ep["rise"] + ep["recover"]
            lo, hi = a + 10, b - length
            if hi < lo:
                continue
            onset = rng.randint(lo, hi)
            ok = True
            for other in p["episodes"]:
                if not (onset + length + MIN_GAP_BETWEEN_EPISODES <= other["onset"] or
                        other["recovered"] + MIN_GAP_BETWEEN_EPISODES <= onset):
                    ok = False
                    break
            if ok:
                finish_episode(rng, p, ep, onset)
                p["episodes"].append(ep)
                return True
        return False

    leftover = 0
    for p in prone:
        for _ in range(wanted[p["id"]]):
            if not try_place(p):
                leftover += 1
    # give episodes that did not fit to other prone people (then anyone)
    pool = prone + [p for p in people if p not in prone]
    i = 0
    while leftover > 0 and i < 10 * len(pool):
        if try_place(pool[i % len(pool)]):
            leftover -= 1
        i += 1
    for p in people:
        p["episodes"].sort(key=lambda e: e["onset"])


# --------------------------------------------------------------------------------------
# Diaries
# --------------------------------------------------------------------------------------

def simulate_person_days(rng, p, days):
    rows = []
    a, b = p["active"]
    ar = {k: 0.0 for k in ITEMS}
    sign_ar = {s["name"]: 0.0 for s in p["signs"]}
    wrote_yesterday = True
    for d in range(days):
        # latent state evolves every day whether or not the person writes
        for k in ITEMS:
            ar[k] = p["phi"][k] * ar[k] + rng.gauss(0, p["noise_sd"][k] * math.sqrt(1 - p["phi"][k] ** 2))
        for s in p["signs"]:
            sign_ar[s["name"]] = s["phi"] * sign_ar[s["name"]] + rng.gauss(0, s["sd"] * math.sqrt(1 - s["phi"] ** 2))
        if d < a or d > b:
            continue
        wd = (START + dt.timedelta(days=d)).weekday()
        season = math.cos(2 * math.pi * (d - 10) / 365.0)  # +1 mid-Jan, -1 mid-July
        val = {}
        for k in ITEMS:
            v = p["base"][k] + p["weekly"][k][wd] + p["drift"][k][d] + ar[k]
            if k == "mood":
                v -= p["seasonal"] * season
            elif k == "sleep":
                v += 0.5 * p["seasonal"] * season
            val[k] = v
        sval = {s["name"]: s["base"] + s["weekly"][wd] + sign_ar[s["name"]] for s in p["signs"]}
        # sign also tracks the person's low mood slightly (drift/weekly)
        for s in p["signs"]:
            if s["kind"] in ("dep", "paranoid"):
                sval[s["name"]] += -0.15 * (p["drift"]["mood"][d])

        unwell = 0.0
        med_drop = 0.0
        for ev in p["events"]:
            f = event_profile(ev, d)
            if f:
                for k in ITEMS:
                    val[k] += ev[k] * f
                if ev["sign"]:
                    for s in p["signs"]:
                        if s["kind"] in ("dep", "paranoid"):
                            sval[s["name"]] += ev["sign"] * f
                if ev["negative"]:
                    unwell = max(unwell, 0.4 * f)
        for ep in p["episodes"]:
            if not (ep["onset"] < d < ep["recovered"]):
                continue
            for k, amp in ep["signals"].items():
                val[k] += amp * ep["S"] * episode_profile(ep, k, d)
            for name, amp in ep["sign_signals"].items():
                sval[name] += amp * ep["S"] * episode_profile(ep, name, d)
            oi = overall_intensity(ep, d)
            unwell = max(unwell, min(1.0, oi))
            med_drop = max(med_drop, ep["med_drop"] * oi)

        # does the person write today?
        in_gap = any(g0 <= d < g1 for g0, g1 in p["gaps"])
        if in_gap:
            wrote_yesterday = False
            continue
        if p["write_mode"] == "unwell_only":
            prob = p["write_base"] + (0.80 - p["write_base"]) * min(1.0, 1.3 * unwell)
        else:
            prob = p["write_base"] * (1.0 - p["withdraw"] * unwell)
        if not wrote_yesterday:
            prob *= p["restart_factor"]
        prob = max(0.0, min(0.98, prob))
        if rng.random() >= prob:
            wrote_yesterday = False
            continue
        wrote_yesterday = True
        date = iso(d)
        day_rows = []
        if rng.random() >= p["skip"]["mood"]:
            day_rows.append((date, "mood", str(int(round(min(10, max(0, val["mood"])))))))
        if rng.random() >= p["skip"]["sleep"]:
            sl = round(min(14.0, max(0.0, val["sleep"])) * 2) / 2.0
            day_rows.append((date, "sleep", ("%.1f" % sl)))
        if rng.random() >= p["skip"]["anxiety"]:
            day_rows.append((date, "anxiety", str(int(round(min(10, max(0, val["anxiety"])))))))
        for s in p["signs"]:
            if rng.random() >= p["skip"]["sign"]:
                day_rows.append((date, s["name"], str(int(round(min(4, max(0, sval[s["name"]])))))))
        if p["medication"]:
            took = rng.random() < p["med_adherence"] * (1.0 - med_drop)
            day_rows.append((date, "medication", "yes" if took else "no"))
        if not day_rows:
            day_rows.append((date, "mood", str(int(round(min(10, max(0, val["mood"])))))))
        for r in day_rows:
            rows.append((p["id"],) + r)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    people = [make_person(rng, i, args.days) for i in range(args.people)]
    place_episodes(rng, people, args.days)

    os.makedirs(args.out, exist_ok=True)
    n_rows = 0
    with open(os.path.join(args.out, "diaries.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["person", "date", "item", "value"])
        for p in people:
            rows = simulate_person_days(rng, p, args.days)
            p["n_days_written"] = len({r[1] for r in rows})
            w.writerows(rows)
            n_rows += len(rows)

    with open(os.path.join(args.out, "episodes.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["person", "kind", "onset", "peak", "recovered", "speed", "size"])
        for p in people:
            for ep in p["episodes"]:
                w.writerow([p["id"], ep["kind"], iso(ep["onset"]), iso(ep["peak"]),
                            iso(ep["recovered"]), ep["speed"], ep["size"]])

    # extra detail (not needed by the scorer): latent severity and which signals moved
    with open(os.path.join(args.out, "episodes_detail.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["person", "onset", "kind", "speed", "size", "severity_S", "partial",
                    "signals_moving", "rise_days", "recover_days"])
        for p in people:
            for ep in p["episodes"]:
                moving = sorted(ep["signals"]) + sorted(ep["sign_signals"])
                w.writerow([p["id"], iso(ep["onset"]), ep["kind"], ep["speed"], ep["size"],
                            "%.3f" % ep["S"], "yes" if ep["partial"] else "no",
                            ";".join(moving), ep["rise"], ep["recover"]])

    with open(os.path.join(args.out, "people.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["person", "watch_high_mood"])
        for p in people:
            w.writerow([p["id"], "yes" if p["watch_high_mood"] else "no"])

    with open(os.path.join(args.out, "people_detail.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["person", "watch_high_mood", "write_mode", "write_base", "withdraw_when_unwell",
                    "records_medication", "active_first_day", "active_last_day", "n_days_written",
                    "n_life_events", "n_episodes", "signs"])
        for p in people:
            w.writerow([p["id"], "yes" if p["watch_high_mood"] else "no", p["write_mode"],
                        "%.2f" % p["write_base"], "%.2f" % p["withdraw"],
                        "yes" if p["medication"] else "no", iso(p["active"][0]), iso(p["active"][1]),
                        p["n_days_written"], len(p["events"]), len(p["episodes"]),
                        ";".join(s["name"][5:] for s in p["signs"])])

    eps = [ep for p in people for ep in p["episodes"]]
    summary = {
        "seed": args.seed, "people": args.people, "days": args.days,
        "diary_rows": n_rows,
        "episodes": len(eps),
        "people_with_episodes": sum(1 for p in people if p["episodes"]),
        "people_without_episodes": sum(1 for p in people if not p["episodes"]),
        "watch_high_mood_people": sum(1 for p in people if p["watch_high_mood"]),
        "by_kind": dict(Counter(e["kind"] for e in eps)),
        "by_speed": dict(Counter(e["speed"] for e in eps)),
        "by_size": dict(Counter(e["size"] for e in eps)),
        "partial_signal_episodes": sum(1 for e in eps if e["partial"]),
        "by_kind_speed_size": {"%s/%s/%s" % k: v for k, v in sorted(
            Counter((e["kind"], e["speed"], e["size"]) for e in eps).items())},
        "write_modes": dict(Counter(p["write_mode"] for p in people)),
    }
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2, sort_keys=True)
    print(json.dumps(summary, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()

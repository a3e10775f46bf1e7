#!/usr/bin/env python3
"""sim7: independent simulator of daily mood diaries with depressive / elevated relapses.

Written by a helper from brief b20 alone (2026-12-07). Standard library only.
Every person's random stream is seeded from the string "sim7|<seed>|<index>"
(index = 1-based person number, p001 -> 1), so a person's data does not depend on --people.
See README.md for the model and the reasons behind each assumption.
"""
import argparse
import csv
import datetime as dt
import math
import os
import random

START = dt.date(2025, 1, 1)

GROUPS = [  # (name, share)
    ("stable", 0.34),
    ("recurrent depression", 0.30),
    ("anxious depression", 0.18),
    ("bipolar", 0.18),
]

# yearly episode rates (mean of a person-specific gamma draw), per group: (depressive, elevated)
RATES = {
    "stable": (0.09, 0.0),
    "recurrent depression": (1.10, 0.0),
    "anxious depression": (0.95, 0.0),
    "bipolar": (0.85, 0.85),
}

SIGN_POOL = {
    "dep": ["staying in bed", "not answering texts", "skipping meals", "can't get going",
            "crying a lot", "no interest in anything", "feeling heavy", "avoiding friends",
            "dark thoughts", "tired all day"],
    "elev": ["racing thoughts", "spending money", "talking fast", "lots of plans",
             "don't need sleep", "starting projects", "feeling invincible"],
    "anx": ["heart pounding", "worrying", "tight chest", "on edge", "can't switch off"],
    "gen": ["can't focus", "headaches", "drinking more", "snapping at people", "eating junk"],
}
SIGN_SOURCES = {
    "stable": ["gen", "anx", "dep"],
    "recurrent depression": ["dep", "dep", "gen", "anx"],
    "anxious depression": ["anx", "anx", "dep", "gen"],
    "bipolar": ["elev", "elev", "dep", "gen"],
}
SIZE_SCALE = {"small": 0.6, "moderate": 1.0, "large": 1.35}
MOOD_AMP = {"small": 2.0, "moderate": 3.2, "large": 4.5}


def pick(rng, items, weights):
    x = rng.random() * sum(weights)
    for it, w in zip(items, weights):
        x -= w
        if x < 0:
            return it
    return items[-1]


def speed_of(rise):
    return "fast" if rise <= 6 else ("medium" if rise <= 20 else "slow")


def doy_angle(day):
    d = START + dt.timedelta(days=day)
    return 2 * math.pi * (d.timetuple().tm_yday - 1) / 365.25


def season_mood(day):
    # +1 around 21 June, -1 around 21 December
    return math.cos(doy_angle(day) - 2 * math.pi * 171 / 365.25)


def is_holiday(day):
    d = START + dt.timedelta(days=day)
    return (d.month == 12 and d.day in (24, 25, 26, 31)) or (d.month == 1 and d.day == 1)


# ----------------------------------------------------------------------------- people
def make_person(seed, index, days, width=3):
    rng = random.Random("sim7|%s|%d" % (seed, index))
    p = {"person": "p%0*d" % (width, index)}
    group = pick(rng, [g for g, _ in GROUPS], [w for _, w in GROUPS])
    p["group"] = group
    unwellish = group != "stable"

    # participation: late starters and drop-outs
    p["start_day"] = rng.randint(14, min(150, max(14, days // 2))) if rng.random() < 0.2 else 0
    if rng.random() < 0.17 and days - 1 > p["start_day"] + 40:
        p["end_day"] = rng.randint(p["start_day"] + 40, days - 1)
    else:
        p["end_day"] = days - 1

    # writing behaviour
    p["write_prob"] = min(0.98, max(0.35, rng.betavariate(6, 1.8)))
    p["weekend_write"] = rng.uniform(0.6, 1.05)
    p["write_dep_k"] = rng.uniform(-0.85, 0.15)       # <0: writes less when depressed
    p["write_elev_k"] = rng.uniform(-0.5, 0.6)        # >0: writes more when high
    p["n_gaps"] = pick(rng, [0, 1, 2, 3], [0.4, 0.35, 0.18, 0.07])

    # mood scale use
    p["mood_base"] = rng.uniform(5.6, 7.8) if not unwellish else rng.uniform(4.6, 7.2)
    p["mood_compress"] = rng.uniform(0.65, 1.1)       # <1 uses less of the scale
    p["mood_heap"] = rng.uniform(0.1, 0.45) if rng.random() < 0.4 else 0.0
    p["fav_number"] = pick(rng, [5, 6, 7, 8], [0.3, 0.2, 0.35, 0.15])
    p["mood_sens"] = rng.uniform(0.5, 1.4)          # how much episodes show in mood
    p["drift_sd"] = rng.uniform(0.01, 0.05)
    if rng.random() < 0.18:
        p["shift_day"] = rng.randint(30, days - 1)
        p["shift"] = rng.choice([-1, 1]) * rng.uniform(0.5, 1.1)
    else:
        p["shift_day"] = -1
        p["shift"] = 0.0
    p["weekend_mood"] = rng.uniform(-0.3, 0.8)
    p["season_amp"] = rng.uniform(1.0, 1.6) if rng.random() < 0.15 else rng.uniform(0.0, 0.6)
    p["holiday_mood"] = rng.uniform(-1.5, 1.0)
    p["phi"] = rng.uniform(0.2, 0.75)
    p["noise_sd"] = rng.uniform(0.3, 0.75)
    p["bad_day_prob"] = rng.uniform(0.01, 0.05)

    # anxiety
    p["anx_base"] = rng.uniform(3.0, 6.0) if group == "anxious depression" else rng.uniform(0.8, 4.5)
    p["anx_load"] = rng.uniform(-0.3, 1.2)            # how much anxiety mirrors the daily mood factor
    p["anx_dep_gain"] = rng.uniform(2.5, 4.5) if group == "anxious depression" else rng.uniform(0.3, 2.5)
    p["anx_elev_gain"] = rng.uniform(-1.0, 1.2)
    p["anx_spike_prob"] = rng.uniform(0.0, 0.06)

    # sleep
    p["sleep_base"] = rng.uniform(5.8, 8.6)
    p["sleep_sd"] = rng.uniform(0.3, 0.9)
    p["sleep_weekend"] = rng.uniform(0.0, 1.2)
    p["sleep_load"] = rng.uniform(-0.3, 0.5)
    p["sleep_dep"] = rng.choice([-1, -1, 1]) * rng.uniform(0.6, 2.2)   # insomnia (-) or hypersomnia (+)
    p["sleep_elev"] = -rng.uniform(1.0, 3.2)
    p["whole_hours"] = rng.uniform(0.4, 0.9) if rng.random() < 0.5 else 0.0

    # channel timing inside an episode: start fraction of the onset->peak rise
    if group == "anxious depression":
        p["anx_start"], p["mood_start"], p["sleep_start"] = 0.0, rng.uniform(0.3, 0.7), rng.uniform(0.1, 0.6)
    elif rng.random() < 0.35:   # sleep-led person
        p["anx_start"], p["mood_start"], p["sleep_start"] = rng.uniform(0.1, 0.7), rng.uniform(0.25, 0.65), 0.0
    else:
        p["anx_start"], p["mood_start"], p["sleep_start"] = rng.uniform(0.0, 0.6), 0.0, rng.uniform(0.0, 0.5)

    # signs in the person's own words
    n_signs = pick(rng, [1, 2, 3], [0.3, 0.45, 0.25])
    signs = []
    used = []
    srcs = SIGN_SOURCES[group]
    while len(signs) < n_signs:
        cat = rng.choice(srcs)
        word = rng.choice(SIGN_POOL[cat])
        if word in used:
            continue
        used.append(word)
        mode = pick(rng, ["lead", "coincident", "lag", "flat"], [0.3, 0.35, 0.15, 0.2])
        signs.append({
            "word": word, "cat": cat, "mode": mode,
            "start": 0.0 if mode == "lead" else rng.uniform(0.2, 0.7),
            "lag": rng.randint(3, 12) if mode == "lag" else 0,
            "base": rng.uniform(0.0, 1.6), "gain": rng.uniform(1.3, 3.0),
            "sd": rng.uniform(0.3, 0.7),
        })
    p["signs"] = signs

    # medication
    med_p = {"stable": 0.1, "recurrent depression": 0.45, "anxious depression": 0.4, "bipolar": 0.7}[group]
    p["records_med"] = rng.random() < med_p
    p["med_miss"] = rng.uniform(0.01, 0.12)
    p["med_nonadh"] = rng.uniform(0.0, 1.0)
    if p["records_med"] and rng.random() < 0.3:
        s = rng.randint(p["start_day"], max(p["start_day"], days - 20))
        p["med_stop"] = (s, s + rng.randint(14, 60))
    else:
        p["med_stop"] = (-1, -1)

    # life events that are not episodes
    events = []
    for _ in range(pick(rng, [0, 1, 2, 3], [0.3, 0.35, 0.25, 0.1])):
        d0 = rng.randint(0, days - 1)
        if rng.random() < 0.65:
            events.append({"day": d0, "type": rng.choice(["bereavement", "breakup", "work stress", "illness", "exams"]),
                           "dur": rng.randint(3, 21), "mood": -rng.uniform(1.2, 3.0),
                           "anx": rng.uniform(0.8, 3.0), "sleep": -rng.uniform(0.2, 1.2),
                           "write": rng.uniform(0.7, 1.1), "signs": rng.uniform(0.4, 1.2)})
        else:
            events.append({"day": d0, "type": rng.choice(["trip", "celebration", "new relationship"]),
                           "dur": rng.randint(3, 14), "mood": rng.uniform(0.5, 1.6),
                           "anx": -rng.uniform(0.0, 1.0), "sleep": rng.choice([-1, 1]) * rng.uniform(0.2, 0.8),
                           "write": rng.uniform(0.3, 0.8), "signs": 0.0})
    events.sort(key=lambda e: e["day"])
    p["events"] = events

    # episodes
    rd, re_ = RATES[group]
    p["rate_dep"] = rd * rng.gammavariate(2.0, 0.5) if rd else 0.0
    p["rate_elev"] = re_ * rng.gammavariate(2.0, 0.5) if re_ else 0.0
    p["episodes"] = make_episodes(rng, p, days)

    # gaps (phone lost, busy weeks)
    gaps = []
    for _ in range(p["n_gaps"]):
        g0 = rng.randint(0, days - 1)
        gaps.append((g0, g0 + rng.randint(3, 25)))
    p["gaps"] = gaps
    return rng, p


def hazard_mult(p, t):
    m = 1.0
    s, e = p["med_stop"]
    if s >= 0 and s <= t < e + 30:
        m *= 2.5
    for ev in p["events"]:
        if ev["mood"] < 0 and ev["day"] <= t < ev["day"] + 60:
            m *= 1.5 if p["group"] == "stable" else 2.0
    return m


def new_episode(rng, p, kind, onset, mixed_ok):
    if kind == "elevated":
        speed = pick(rng, ["fast", "medium", "slow"], [0.42, 0.40, 0.18])
    elif p["group"] == "anxious depression":
        speed = pick(rng, ["fast", "medium", "slow"], [0.15, 0.45, 0.40])
    else:
        speed = pick(rng, ["fast", "medium", "slow"], [0.25, 0.42, 0.33])
    rise = {"fast": rng.randint(2, 6), "medium": rng.randint(7, 20), "slow": rng.randint(21, 55)}[speed]
    size = pick(rng, ["small", "moderate", "large"], [0.35, 0.40, 0.25])
    rec = {"small": (7, 28), "moderate": (14, 50), "large": (28, 90)}[size]
    fall = rng.randint(*rec)
    return {"kind": kind, "onset": onset, "peak": onset + rise, "recovered": onset + rise + fall,
            "speed": speed_of(rise), "size": size,
            "amp": MOOD_AMP[size] * rng.uniform(0.8, 1.2),
            "shape_up": rng.uniform(0.6, 2.5), "shape_down": rng.uniform(0.7, 2.0),
            "mixed": kind == "elevated" and mixed_ok and rng.random() < 0.25}


def make_episodes(rng, p, days):
    eps = []
    t = p["start_day"]
    end = p["end_day"]
    while t <= end:
        a = doy_angle(t)
        hd = p["rate_dep"] / 365.0 * (1 + 0.4 * math.cos(a - 2 * math.pi * 15 / 365.25))
        he = p["rate_elev"] / 365.0 * (1 + 0.4 * math.cos(a - 2 * math.pi * 150 / 365.25))
        m = hazard_mult(p, t)
        hd, he = hd * m, he * m
        if hd + he > 0 and rng.random() < hd + he:
            kind = "depressive" if rng.random() < hd / (hd + he) else "elevated"
            ep = new_episode(rng, p, kind, t, True)
            eps.append(ep)
            t = ep["recovered"] + rng.randint(3, 20)
            if kind == "elevated" and rng.random() < 0.35:   # switch into depression soon after
                on2 = ep["recovered"] + rng.randint(0, 7)
                if on2 <= end:
                    ep2 = new_episode(rng, p, "depressive", on2, False)
                    eps.append(ep2)
                    t = ep2["recovered"] + rng.randint(3, 20)
            continue
        t += 1
    return eps


def channel(ep, t, start_frac, shift=0):
    """Severity 0..1 of one channel at day t for an episode."""
    t2 = t - shift
    on, pk, rec = ep["onset"], ep["peak"], ep["recovered"]
    st = on + start_frac * (pk - on)
    if t2 < st or t2 >= rec:
        return 0.0
    if t2 <= pk:
        u = (t2 - st + 1) / (pk - st + 1)
        return min(1.0, u) ** ep["shape_up"]
    v = (t2 - pk) / (rec - pk)
    return (1 - v) ** ep["shape_down"]


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


# ----------------------------------------------------------------------------- days
def simulate_days(rng, p, days):
    rows = []
    z = 0.0
    drift = 0.0
    adrift = 0.0
    gaps = p["gaps"]
    ms, me = p["med_stop"]
    for t in range(days):
        # daily latent processes are advanced every day, written or not
        shock = -rng.uniform(1.5, 3.5) if rng.random() < p["bad_day_prob"] else 0.0
        z = p["phi"] * z + rng.gauss(0, p["noise_sd"]) + shock
        drift = 0.99 * drift + rng.gauss(0, p["drift_sd"])
        adrift = 0.99 * adrift + rng.gauss(0, p["drift_sd"])
        r_write = rng.random()
        e_m = rng.gauss(0, 0.45)
        e_a = rng.gauss(0, 0.7)
        spike = rng.uniform(2, 4) if rng.random() < p["anx_spike_prob"] else 0.0
        e_s = rng.gauss(0, p["sleep_sd"])
        heap_r = rng.random()
        whole_r = rng.random()
        med_r = rng.random()
        sign_noise = [rng.gauss(0, s["sd"]) for s in p["signs"]]

        d = START + dt.timedelta(days=t)
        wd = d.weekday()
        weekend = wd >= 5
        seas = season_mood(t)

        mood = p["mood_base"] + drift + z
        if p["shift_day"] >= 0 and t >= p["shift_day"]:
            mood += p["shift"]
        if weekend:
            mood += p["weekend_mood"]
        elif wd == 0:
            mood -= 0.2
        mood += p["season_amp"] * seas
        anx = p["anx_base"] + adrift - p["anx_load"] * z + spike
        sleep = p["sleep_base"] - 0.3 * seas + p["sleep_load"] * z
        if weekend:
            sleep += p["sleep_weekend"]
        wp = p["write_prob"] * (p["weekend_write"] if weekend else 1.0)
        if is_holiday(t):
            mood += p["holiday_mood"]
            sleep += 0.5
            wp *= 0.6
        if d.month == 8:
            wp *= 0.9
        sign_add = [0.0] * len(p["signs"])
        p_no = p["med_miss"]
        if ms <= t < me:
            p_no = 0.9
        elif me <= t < me + 21:
            sleep += 0.7 * (1 - (t - me) / 21.0)   # sedation after restarting

        for ev in p["events"]:
            k = t - ev["day"]
            if 0 <= k < ev["dur"]:
                f = math.exp(-k / (ev["dur"] / 2.5))
                mood += ev["mood"] * f
                anx += ev["anx"] * f
                sleep += ev["sleep"] * f
                wp *= ev["write"]
                for i, s in enumerate(p["signs"]):
                    if s["cat"] != "elev":
                        sign_add[i] += ev["signs"] * f * s["gain"] * 0.6

        mood_sd_extra = 0.0
        for ep in p["episodes"]:
            if t < ep["onset"] - 15 or t > ep["recovered"] + 15:
                continue
            sc = SIZE_SCALE[ep["size"]]
            cm = channel(ep, t, p["mood_start"])
            ca = channel(ep, t, p["anx_start"])
            cs = channel(ep, t, p["sleep_start"])
            cw = channel(ep, t, 0.3)
            if ep["kind"] == "depressive":
                mood -= ep["amp"] * p["mood_sens"] * cm
                anx += p["anx_dep_gain"] * sc * ca
                sleep += p["sleep_dep"] * sc * cs
                wp *= max(0.05, 1 + p["write_dep_k"] * cw)
                p_no += 0.25 * p["med_nonadh"] * cw
            else:
                if ep["mixed"]:
                    mood -= 0.4 * ep["amp"] * p["mood_sens"] * cm
                    mood_sd_extra += 1.3 * cm
                    anx += 2.5 * sc * ca
                else:
                    mood += ep["amp"] * p["mood_sens"] * cm
                    anx += p["anx_elev_gain"] * sc * ca
                sleep += p["sleep_elev"] * sc * cs
                wp *= max(0.05, 1 + p["write_elev_k"] * cw)
                p_no += 0.45 * p["med_nonadh"] * cw
            for i, s in enumerate(p["signs"]):
                if s["mode"] == "flat":
                    continue
                if s["cat"] == "dep" and ep["kind"] != "depressive":
                    continue
                if s["cat"] == "elev" and ep["kind"] != "elevated":
                    continue
                c = channel(ep, t, s["start"], s["lag"])
                g = s["gain"] * (0.6 if s["cat"] in ("gen", "anx") else 1.0)
                sign_add[i] += g * sc * c

        # writing?
        if not (p["start_day"] <= t <= p["end_day"]):
            continue
        if any(a <= t < b for a, b in gaps):
            continue
        if r_write >= min(0.99, wp):
            continue

        # observation model
        mood_obs = mood + e_m + (rng.gauss(0, mood_sd_extra) if mood_sd_extra > 0 else 0.0)
        centre = 5.5
        mood_obs = centre + (mood_obs - centre) * p["mood_compress"]
        mv = int(clamp(round(mood_obs), 0, 10))
        if p["mood_heap"] and abs(mv - p["fav_number"]) == 1 and heap_r < p["mood_heap"]:
            mv = p["fav_number"]
        av = int(clamp(round(anx + e_a), 0, 10))
        sv = clamp(sleep + e_s, 0.0, 14.0)
        if p["whole_hours"] and whole_r < p["whole_hours"]:
            sv = float(round(sv))
        else:
            sv = round(sv * 2) / 2.0
        sv = clamp(sv, 0.0, 14.0)
        ds = d.isoformat()
        rows.append((p["person"], ds, "mood", str(mv)))
        rows.append((p["person"], ds, "sleep", "%.1f" % sv))
        rows.append((p["person"], ds, "anxiety", str(av)))
        for i, s in enumerate(p["signs"]):
            v = int(clamp(round(s["base"] + sign_add[i] + sign_noise[i]), 0, 4))
            rows.append((p["person"], ds, "sign:" + s["word"], str(v)))
        if p["records_med"]:
            rows.append((p["person"], ds, "medication", "no" if med_r < min(0.95, p_no) else "yes"))
    return rows


def iso(day):
    return (START + dt.timedelta(days=day)).isoformat()


PEOPLE_COLS = ["person", "group", "start_day", "end_day", "first_written", "last_written", "written_days",
               "n_episodes", "rate_dep", "rate_elev", "write_prob", "weekend_write", "write_dep_k", "write_elev_k",
               "mood_base", "mood_compress", "mood_heap", "fav_number", "mood_sens", "drift_sd", "shift_day", "shift",
               "weekend_mood", "season_amp", "holiday_mood", "phi", "noise_sd", "bad_day_prob",
               "anx_base", "anx_load", "anx_dep_gain", "anx_elev_gain", "anx_spike_prob",
               "sleep_base", "sleep_sd", "sleep_weekend", "sleep_load", "sleep_dep", "sleep_elev", "whole_hours",
               "mood_start", "anx_start", "sleep_start", "records_med", "med_miss", "med_nonadh",
               "med_stop_start", "med_stop_end", "n_life_events", "n_gaps", "signs"]


def fmt(v):
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return "%.3f" % v
    return str(v)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=71)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.days < 60:
        ap.error("--days must be at least 60")
    os.makedirs(a.out, exist_ok=True)
    fd = open(os.path.join(a.out, "diaries.csv"), "w", newline="")
    fe = open(os.path.join(a.out, "episodes.csv"), "w", newline="")
    fp = open(os.path.join(a.out, "people.csv"), "w", newline="")
    fv = open(os.path.join(a.out, "events.csv"), "w", newline="")
    wd, we, wp, wv = (csv.writer(f, lineterminator="\n") for f in (fd, fe, fp, fv))
    wd.writerow(["person", "date", "item", "value"])
    we.writerow(["person", "kind", "onset", "peak", "recovered", "speed", "size"])
    wp.writerow(PEOPLE_COLS)
    wv.writerow(["person", "kind", "start", "end", "detail"])
    for i in range(1, a.people + 1):
        rng, p = make_person(a.seed, i, a.days, max(3, len(str(a.people))))
        rows = simulate_days(rng, p, a.days)
        wd.writerows(rows)
        dates = sorted(set(r[1] for r in rows))
        p["first_written"] = dates[0] if dates else ""
        p["last_written"] = dates[-1] if dates else ""
        p["written_days"] = len(dates)
        p["n_episodes"] = len(p["episodes"])
        p["med_stop_start"] = iso(p["med_stop"][0]) if p["med_stop"][0] >= 0 else ""
        p["med_stop_end"] = iso(p["med_stop"][1]) if p["med_stop"][0] >= 0 else ""
        p["n_life_events"] = len(p["events"])
        p["signs"] = ";".join("%s:%s:%s:%d" % (s["word"], s["cat"], s["mode"], s["lag"]) for s in p["signs"])
        wp.writerow([fmt(p[c]) for c in PEOPLE_COLS])
        for ep in p["episodes"]:
            we.writerow([p["person"], ep["kind"], iso(ep["onset"]), iso(ep["peak"]), iso(ep["recovered"]),
                         ep["speed"], ep["size"]])
        for ev in p["events"]:
            wv.writerow([p["person"], "life event", iso(ev["day"]), iso(ev["day"] + ev["dur"] - 1),
                         "%s mood %+.1f" % (ev["type"], ev["mood"])])
        if p["med_stop"][0] >= 0:
            wv.writerow([p["person"], "medication stop", iso(p["med_stop"][0]), iso(p["med_stop"][1] - 1), ""])
        for ep in p["episodes"]:
            if ep["mixed"]:
                wv.writerow([p["person"], "mixed features", iso(ep["onset"]), iso(ep["recovered"]), "elevated episode with mixed features"])
        for g0, g1 in p["gaps"]:
            wv.writerow([p["person"], "gap", iso(g0), iso(g1 - 1), "no writing"])
    for f in (fd, fe, fp, fv):
        f.close()


if __name__ == "__main__":
    main()

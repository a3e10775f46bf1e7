#!/usr/bin/python3
"""sim6: independent simulator of daily mood diaries with relapses.

Standard library only.  Every person has a private random stream seeded from
the string "sim6|<seed>|<person index>", so output is byte-for-byte
reproducible for the same arguments, and one person's data does not depend on
how many other people are simulated before them.

Usage: simulate.py --people 300 --days 365 --seed N --out DIR
"""
import argparse
import csv
import datetime
import math
import os
import random

START = datetime.date(2025, 3, 1)

# --------------------------------------------------------------------------
# Diagnoses.  rate = mean relapses per enrolled year (before refractory
# periods and episode lengths thin it out); p_elev = share of episodes that
# are elevated; p_mixed = share of depressive episodes that are mixed
# (anxious, agitated, poor sleep); p_crash = chance an elevated episode is
# followed by a depressive crash.
# --------------------------------------------------------------------------
DIAGNOSES = [
    # name,                 share, rate, p_elev, p_mixed, p_crash
    ("bipolar_1",            0.19, 2.05, 0.50, 0.15, 0.45),
    ("bipolar_2",            0.14, 1.85, 0.30, 0.20, 0.25),
    ("recurrent_depression", 0.24, 1.52, 0.00, 0.15, 0.00),
    ("schizoaffective",      0.09, 1.62, 0.35, 0.30, 0.30),
    ("emotionally_unstable", 0.10, 0.95, 0.05, 0.40, 0.00),
    ("chronic_low_stable",   0.10, 0.30, 0.00, 0.10, 0.00),
    ("in_recovery",          0.14, 0.00, 0.00, 0.00, 0.00),
]

SIGNS = [
    # words, which kind of episode it belongs to
    ("staying in bed", "depressive"),
    ("not answering the phone", "depressive"),
    ("skipping meals", "depressive"),
    ("cancelling plans", "depressive"),
    ("crying a lot", "depressive"),
    ("not showering", "depressive"),
    ("feeling like a burden", "depressive"),
    ("drinking more", "both"),
    ("spending money", "elevated"),
    ("racing thoughts", "elevated"),
    ("talking fast", "elevated"),
    ("starting lots of projects", "elevated"),
    ("feeling special", "elevated"),
    ("up all night", "elevated"),
    ("hearing things", "both"),
    ("feeling watched", "both"),
    ("snapping at family", "both"),
    ("pacing", "both"),
    ("can't switch off", "both"),
]

DEP_TROUGH_DAY = 320   # 2026-01-15: depressive hazard peaks mid-winter
ELEV_PEAK_DAY = 106    # 2025-06-15: elevated hazard peaks early summer


def speed_of(rise_days):
    """Onset-to-peak days -> speed label (fast <=6, medium 7-20, slow >20)."""
    if rise_days <= 6:
        return "fast"
    if rise_days <= 20:
        return "medium"
    return "slow"


def pick(rng, options):
    """options: list of (value, weight)."""
    total = sum(w for _, w in options)
    x = rng.random() * total
    for v, w in options:
        x -= w
        if x < 0:
            return v
    return options[-1][0]


def clip(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def day_str(d):
    return (START + datetime.timedelta(days=d)).isoformat()


class Episode:
    pass


def episode_frac(ep, t):
    """Fraction (0..1) of the episode's full deviation on day t."""
    if t < ep.onset or t >= ep.recovered:
        return 0.0
    if t <= ep.peak:
        return ((t - ep.onset + 1) / (ep.rise + 1)) ** ep.rise_shape
    if t <= ep.peak + ep.plateau:
        return 1.0
    u = (t - ep.peak - ep.plateau) / ep.recovery
    return (1.0 - u) ** ep.fall_shape


def make_episode(rng, kind, onset, dx, mixed, crash=False, triggered=False):
    ep = Episode()
    ep.kind = kind
    ep.onset = onset
    ep.mixed = mixed
    ep.crash = crash
    ep.triggered = triggered
    if crash:
        speed = pick(rng, [("fast", 0.5), ("medium", 0.4), ("slow", 0.1)])
    elif kind == "elevated":
        speed = pick(rng, [("fast", 0.45), ("medium", 0.40), ("slow", 0.15)])
    elif mixed:
        speed = pick(rng, [("fast", 0.35), ("medium", 0.45), ("slow", 0.20)])
    elif dx == "emotionally_unstable":
        speed = pick(rng, [("fast", 0.6), ("medium", 0.3), ("slow", 0.1)])
    else:
        speed = pick(rng, [("fast", 0.15), ("medium", 0.45), ("slow", 0.40)])
    if speed == "fast":
        ep.rise = rng.randint(1, 6)
    elif speed == "medium":
        ep.rise = rng.randint(7, 20)
    else:
        ep.rise = min(70, 21 + int(rng.expovariate(1 / 12.0)))
    ep.speed = speed_of(ep.rise)
    if dx == "emotionally_unstable" or dx == "bipolar_2" and kind == "elevated":
        size = pick(rng, [("small", 0.55), ("moderate", 0.35), ("large", 0.10)])
    elif crash:
        size = pick(rng, [("small", 0.25), ("moderate", 0.45), ("large", 0.30)])
    else:
        size = pick(rng, [("small", 0.35), ("moderate", 0.42), ("large", 0.23)])
    ep.size = size
    ep.magnitude = {"small": rng.uniform(1.8, 3.0),
                    "moderate": rng.uniform(3.0, 4.4),
                    "large": rng.uniform(4.4, 6.3)}[size]
    # rise shape: <1 = most change early (concave), >1 = change piles up late
    ep.rise_shape = rng.choice([0.6, 0.8, 1.0, 1.4, 1.9, 2.6])
    ep.plateau = rng.randint(0, {"small": 4, "moderate": 8, "large": 14}[size])
    base_rec = ep.rise * rng.uniform(0.6, 2.2) + rng.randint(4, 25)
    if kind == "elevated":
        base_rec *= 0.8
    ep.recovery = max(3, int(round(base_rec)))
    ep.fall_shape = rng.choice([0.7, 1.0, 1.5, 2.2])
    ep.peak = ep.onset + ep.rise
    ep.recovered = ep.peak + ep.plateau + ep.recovery
    ep.volatility = rng.uniform(0.0, 0.8) + (0.9 if mixed else 0.0)
    return ep


def make_person(seed, idx, ndays):
    rng = random.Random("sim6|%d|%d" % (seed, idx))
    pid = "s6p%03d" % (idx + 1)
    P = {"person": pid}
    dx = pick(rng, [(d[0], d[1]) for d in DIAGNOSES])
    drow = [d for d in DIAGNOSES if d[0] == dx][0]
    _, _, mean_rate, p_elev, p_mixed, p_crash = drow
    P["diagnosis"] = dx
    # Person's own relapse rate: gamma with shape 2 around the diagnosis mean
    # (heterogeneous: some relapse a lot, some barely).
    rate = rng.gammavariate(2.0, mean_rate / 2.0) if mean_rate > 0 else 0.0
    if dx != "in_recovery" and rng.random() < 0.12:
        rate = 0.0  # well controlled this year
    P["relapse_rate"] = rate

    # ---- enrolment window --------------------------------------------------
    last = ndays - 1
    start = 0 if rng.random() < 0.75 else rng.randint(1, min(180, last))
    stop = last
    if rng.random() < 0.2 and last - start > 40:
        stop = rng.randint(start + 30, last)
    P["start"], P["stop"] = start, stop

    # ---- mood / anxiety / sleep baselines ---------------------------------
    if dx == "chronic_low_stable":
        mood_base = rng.uniform(1.8, 3.4)
        mood_sd = rng.uniform(0.35, 0.7)
    elif dx == "emotionally_unstable":
        mood_base = rng.uniform(3.8, 6.0)
        mood_sd = rng.uniform(1.2, 1.8)
    else:
        mood_base = rng.uniform(4.3, 7.3)
        mood_sd = rng.uniform(0.5, 1.2)
    P["mood_base"], P["mood_sd"] = mood_base, mood_sd
    P["mood_ar"] = rng.uniform(0.25, 0.75)   # day-to-day persistence of noise
    P["anx_base"] = rng.uniform(0.8, 6.0) if dx != "in_recovery" else rng.uniform(2.0, 6.5)
    P["anx_sd"] = rng.uniform(0.5, 1.3)
    P["sleep_base"] = rng.uniform(5.6, 8.6)
    P["sleep_sd"] = rng.uniform(0.4, 1.1)
    P["sleep_precision"] = pick(rng, [(0.1, 0.5), (0.5, 0.35), (1.0, 0.15)])
    P["shift_worker"] = rng.random() < 0.12
    P["shift_cycle"] = rng.choice([8, 10, 12, 14])
    P["shift_phase"] = rng.randint(0, P["shift_cycle"] - 1)
    P["dep_sleep"] = "hypersomnia" if rng.random() < 0.35 else "insomnia"
    P["seasonal_amp"] = rng.choice([0.0, 0.0, 0.3, 0.6, 1.0, 1.5])
    P["xmas"] = pick(rng, [(0.0, 0.5), (-1.5, 0.3), (1.2, 0.2)])

    # ---- reporting behaviour ---------------------------------------------
    eng = pick(rng, [("daily", 0.30), ("regular", 0.25), ("sparse", 0.13),
                     ("unwell_only", 0.08), ("withdraws_when_low", 0.14),
                     ("more_when_unwell", 0.10)])
    P["engagement"] = eng
    P["entry_p"] = {"daily": rng.uniform(0.85, 0.97),
                    "regular": rng.uniform(0.55, 0.82),
                    "sparse": rng.uniform(0.18, 0.45),
                    "unwell_only": rng.uniform(0.04, 0.12),
                    "withdraws_when_low": rng.uniform(0.7, 0.92),
                    "more_when_unwell": rng.uniform(0.35, 0.6)}[eng]
    P["fatigue_days"] = rng.choice([0, 0, 200, 400, 800])  # 0 = no fatigue
    P["weekend_factor"] = rng.choice([1.0, 1.0, 0.8, 0.6])
    P["partial_p"] = rng.choice([0.0, 0.03, 0.08, 0.15, 0.3])
    P["scale_compress"] = rng.choice([0.55, 0.7, 0.85, 1.0, 1.0, 1.0, 1.15, 1.3])
    P["scale_drift"] = pick(rng, [("none", 0.5), ("creep", 0.3), ("step", 0.2)])
    P["scale_drift_size"] = rng.choice([-1.5, -1.0, -0.6, 0.6, 1.0, 1.5]) if P["scale_drift"] != "none" else 0.0
    P["scale_drift_day"] = rng.randint(start, stop) if P["scale_drift"] == "step" else -1
    P["likes_five"] = rng.random() < 0.15
    P["anx_tracks_mood"] = rng.uniform(0.1, 0.6)

    # ---- medication ---------------------------------------------------------
    on_meds = dx != "in_recovery" or rng.random() < 0.4
    P["tracks_med"] = on_meds and rng.random() < 0.65
    P["adherence"] = rng.uniform(0.75, 0.99)
    P["stops_meds_when_high"] = rng.random() < 0.5

    # ---- silences ---------------------------------------------------------
    silences = []
    for _ in range(pick(rng, [(0, 0.45), (1, 0.35), (2, 0.15), (3, 0.05)])):
        s0 = rng.randint(start, stop)
        silences.append((s0, s0 + rng.randint(10, 60)))
    P["silences"] = silences

    # ---- life events and holidays (not episodes) --------------------------
    events = []   # (day, kind, size, length)
    n_neg = pick(rng, [(0, 0.35), (1, 0.35), (2, 0.2), (3, 0.1)])
    if dx == "emotionally_unstable":
        n_neg += rng.randint(2, 4)
    for _ in range(n_neg):
        events.append((rng.randint(start, stop), "loss", rng.uniform(1.8, 4.2),
                       rng.randint(4, 20)))
    for _ in range(pick(rng, [(0, 0.3), (1, 0.45), (2, 0.25)])):
        events.append((rng.randint(start, stop), "holiday", rng.uniform(0.8, 2.4),
                       rng.randint(3, 14)))
    events.sort()
    P["events"] = events

    # ---- gradual drift that is not an episode -----------------------------
    if rng.random() < 0.35:
        P["drift"] = (rng.randint(start, stop), rng.randint(50, 200),
                      rng.choice([-2.2, -1.6, -1.1, 1.1, 1.6]), rng.random() < 0.5)
    else:
        P["drift"] = None

    # ---- episodes ------------------------------------------------------------
    episodes = []
    d = start + rng.randint(10, 40)   # people join when fairly well
    while d <= stop and rate > 0:
        trig = any(ev[1] == "loss" and 0 <= d - ev[0] <= 40 for ev in events)
        mult = 2.5 if trig else 1.0
        h_dep = rate * (1 - p_elev) / 365.0 * mult * \
            (1 + 0.35 * math.cos(2 * math.pi * (d - DEP_TROUGH_DAY) / 365.0))
        h_elev = rate * p_elev / 365.0 * \
            (1 + 0.35 * math.cos(2 * math.pi * (d - ELEV_PEAK_DAY) / 365.0))
        x = rng.random()
        kind = None
        if x < h_dep:
            kind = "depressive"
        elif x < h_dep + h_elev:
            kind = "elevated"
        if kind is None:
            d += 1
            continue
        mixed = kind == "depressive" and rng.random() < p_mixed
        ep = make_episode(rng, kind, d, dx, mixed, triggered=trig and kind == "depressive")
        if ep.peak > stop:
            break
        episodes.append(ep)
        nxt = ep.recovered
        if kind == "elevated" and rng.random() < p_crash:
            c = make_episode(rng, "depressive", ep.recovered + rng.randint(0, 6), dx,
                             rng.random() < 0.25, crash=True)
            if c.peak <= stop:
                episodes.append(c)
                nxt = c.recovered
        d = nxt + rng.randint(20, 70)
    P["episodes"] = episodes

    # ---- medication changes: step change for weeks ------------------------
    medchanges = []
    if on_meds:
        for ep in episodes:
            if rng.random() < 0.35:   # clinician adjusts meds after a relapse
                medchanges.append((ep.peak + rng.randint(3, 20),
                                   rng.choice([-1.2, -0.8, 0.8, 1.2, 1.6]),
                                   rng.randint(21, 63), rng.choice([-1.2, 0.0, 0.0, 0.8, 1.5])))
        if rng.random() < 0.3:
            medchanges.append((rng.randint(start, stop), rng.choice([-1.6, -1.0, 1.0, 1.4]),
                               rng.randint(21, 70), rng.choice([-1.0, 0.0, 1.2])))
    medchanges.sort()
    P["medchanges"] = medchanges

    # ---- warning signs ---------------------------------------------------------
    nsigns = pick(rng, [(1, 0.3), (2, 0.4), (3, 0.3)])
    chosen = rng.sample(SIGNS, nsigns)
    signs = []
    for words, skind in chosen:
        beh = pick(rng, [("leads", 0.4), ("moves_with_mood", 0.35), ("nothing", 0.25)])
        signs.append({
            "words": words, "kind": skind, "behaviour": beh,
            "lead": rng.randint(3, 14) if beh == "leads" else 0,
            "gain": rng.uniform(2.0, 4.5),
            "base": pick(rng, [(0, 0.65), (1, 0.28), (2, 0.07)]),
            "spike_p": rng.uniform(0.02, 0.15),
            "life_event_sensitive": rng.random() < 0.5,
            "gives_up_day": rng.randint(start + 30, stop + 30) if rng.random() < 0.2 else 10 ** 6,
        })
    P["signs"] = signs
    return rng, P


def simulate_person(seed, idx, ndays):
    rng, P = make_person(seed, idx, ndays)
    start, stop = P["start"], P["stop"]
    eps = P["episodes"]
    rows = []
    ar = 0.0
    anx_ar = 0.0
    for t in range(start, stop + 1):
        date = START + datetime.timedelta(days=t)
        dow = date.weekday()
        # --- latent state -------------------------------------------------
        mood_dev = 0.0
        anx_dev = 0.0
        sleep_dev = 0.0
        vol = 0.0
        ep_abs = 0.0          # how unwell: max fraction over episodes
        dep_frac = 0.0
        elev_frac = 0.0
        in_elev_pre = False
        for ep in eps:
            f = episode_frac(ep, t)
            if f <= 0:
                continue
            ep_abs = max(ep_abs, f)
            m = ep.magnitude
            if ep.kind == "elevated":
                mood_dev += m * f
                anx_dev += 0.3 * m * f
                sleep_dev -= 0.65 * m * f
                elev_frac = max(elev_frac, f)
                if t <= ep.peak + ep.plateau:
                    in_elev_pre = True
            elif ep.mixed:
                mood_dev -= 0.6 * m * f
                anx_dev += 0.9 * m * f
                sleep_dev -= 0.55 * m * f
                dep_frac = max(dep_frac, f)
                elev_frac = max(elev_frac, 0.5 * f)   # agitation
            else:
                mood_dev -= m * f
                anx_dev += 0.45 * m * f
                sleep_dev += (0.4 if P["dep_sleep"] == "hypersomnia" else -0.4) * m * f
                dep_frac = max(dep_frac, f)
            vol += ep.volatility * f
        # life events / holidays
        ev_dev = 0.0
        ev_frac = 0.0
        for day, kind, size, length in P["events"]:
            if day <= t < day + length + 10:
                k = t - day
                f = 1.0 if k < 2 else math.exp(-(k - 2) / (length / 2.5))
                if kind == "loss":
                    ev_dev -= size * f
                    anx_dev += 0.6 * size * f
                    sleep_dev -= 0.4 * size * f
                    ev_frac = max(ev_frac, f)
                elif k < length:
                    ev_dev += size
                    sleep_dev -= 0.5 * size
        # Christmas / New Year
        if 297 <= t <= 306:
            ev_dev += P["xmas"]
        # seasonal
        season = math.cos(2 * math.pi * (t - DEP_TROUGH_DAY) / 365.0)  # 1 mid-Jan
        seas_dev = -P["seasonal_amp"] * season
        sleep_dev += 0.35 * season * (P["seasonal_amp"] > 0)
        # gradual drift
        drift_dev = 0.0
        if P["drift"]:
            d0, L, amt, returns = P["drift"]
            if t >= d0:
                u = (t - d0) / L
                if u <= 1:
                    drift_dev = amt * (0.5 - 0.5 * math.cos(math.pi * u))
                elif returns:
                    drift_dev = amt * max(0.0, 1 - (u - 1))
                else:
                    drift_dev = amt
        # medication steps
        med_dev = 0.0
        for day, delta, length, sl in P["medchanges"]:
            if day <= t < day + length:
                ramp = min(1.0, (t - day + 1) / 5.0)
                med_dev += delta * ramp
                sleep_dev += sl * ramp
        # noise (AR(1)), larger during volatile episodes
        ar = P["mood_ar"] * ar + math.sqrt(1 - P["mood_ar"] ** 2) * rng.gauss(0, P["mood_sd"])
        mood_noise = ar + rng.gauss(0, 0.6 * vol) if vol > 0 else ar
        non_ep = ev_dev + seas_dev + drift_dev + med_dev + mood_noise
        latent_mood = P["mood_base"] + mood_dev + non_ep
        # reporting: compression around own baseline, scale drift
        sd = 0.0
        if P["scale_drift"] == "creep":
            sd = P["scale_drift_size"] * (t - start) / 365.0
        elif P["scale_drift"] == "step" and t >= P["scale_drift_day"]:
            sd = P["scale_drift_size"]
        rep = P["mood_base"] + P["scale_compress"] * (latent_mood - P["mood_base"]) + sd
        mood = int(round(clip(rep, 0, 10)))
        if P["likes_five"] and mood in (4, 6) and rng.random() < 0.35:
            mood = 5
        anx_ar = 0.5 * anx_ar + rng.gauss(0, P["anx_sd"])
        anxiety = int(round(clip(P["anx_base"] + anx_dev - P["anx_tracks_mood"] * (non_ep - ev_dev)
                                 + anx_ar, 0, 10)))
        # sleep
        sleep = P["sleep_base"] + sleep_dev + rng.gauss(0, P["sleep_sd"])
        if P["shift_worker"]:
            pos = (t + P["shift_phase"]) % P["shift_cycle"]
            if pos < 3:
                sleep += rng.uniform(-3.2, -1.2)     # night shifts
            elif pos == 3:
                sleep += rng.uniform(1.0, 3.5)       # catch-up
            else:
                sleep += rng.gauss(0, 0.8)
        elif dow >= 5:
            sleep += 0.5
        sleep = clip(sleep, 0.0, 16.0)
        prec = P["sleep_precision"]
        sleep = round(round(sleep / prec) * prec, 1)
        # medication taken
        adh = P["adherence"]
        if in_elev_pre and P["stops_meds_when_high"]:
            adh *= 0.35
        elif dep_frac > 0.5:
            adh *= 0.8
        med = "yes" if rng.random() < adh else "no"
        # warning signs
        sign_vals = []
        for s in P["signs"]:
            drive = 0.0
            if s["behaviour"] != "nothing":
                tt = t + s["lead"]
                for ep in eps:
                    f = episode_frac(ep, tt)
                    if f <= 0:
                        continue
                    if ep.kind == "elevated":
                        w = 1.0 if s["kind"] in ("elevated", "both") else 0.15
                    elif ep.mixed:
                        w = 1.0 if s["kind"] == "both" else 0.6
                    else:
                        w = 1.0 if s["kind"] in ("depressive", "both") else 0.15
                    drive = max(drive, w * f)
            if s["life_event_sensitive"]:
                drive = max(drive, 0.6 * ev_frac)
            v = s["base"] + s["gain"] * drive + rng.gauss(0, 0.4)
            if rng.random() < s["spike_p"]:
                v += rng.choice([1, 1, 2])
            sign_vals.append(int(round(clip(v, 0, 4))))

        # --- does the person write today? -----------------------------------
        p = P["entry_p"]
        eng = P["engagement"]
        if eng == "unwell_only":
            p = p + (0.85 - p) * max(ep_abs, 0.7 * ev_frac) ** 0.7
        elif eng == "withdraws_when_low":
            p = p * (1 - 0.75 * dep_frac)
        elif eng == "more_when_unwell":
            p = p + (0.95 - p) * ep_abs
        if P["fatigue_days"]:
            p *= max(0.25, math.exp(-(t - start) / P["fatigue_days"]))
        if dow >= 5:
            p *= P["weekend_factor"]
        if any(a <= t < b for a, b in P["silences"]):
            p = 0.0
        r_entry = rng.random()
        r_partial = rng.random()
        r_skip = [rng.random() for _ in range(3)]
        if r_entry >= p:
            continue
        ds = date.isoformat()
        pid = P["person"]
        rows.append((pid, ds, "mood", str(mood)))
        partial_p = P["partial_p"] + 0.25 * dep_frac * (P["partial_p"] > 0)
        if r_partial < partial_p:
            continue
        if r_skip[0] > 0.03:
            rows.append((pid, ds, "sleep", "%.1f" % sleep))
        if r_skip[1] > 0.03:
            rows.append((pid, ds, "anxiety", str(anxiety)))
        for s, v in zip(P["signs"], sign_vals):
            if t < s["gives_up_day"]:
                rows.append((pid, ds, "sign:" + s["words"], str(v)))
        if P["tracks_med"] and r_skip[2] > 0.05:
            rows.append((pid, ds, "medication", med))
    return P, rows


PEOPLE_COLS = ["person", "diagnosis", "relapse_rate", "start_date", "stop_date",
               "mood_base", "mood_sd", "mood_ar", "anx_base", "anx_sd", "anx_tracks_mood",
               "sleep_base", "sleep_sd", "sleep_precision", "shift_worker", "shift_cycle",
               "dep_sleep", "seasonal_amp", "xmas", "engagement", "entry_p", "fatigue_days",
               "weekend_factor", "partial_p", "scale_compress", "scale_drift",
               "scale_drift_size", "scale_drift_date", "likes_five", "tracks_med",
               "adherence", "stops_meds_when_high", "silences", "life_events",
               "gradual_drift", "med_changes", "signs", "n_episodes"]


def fmt(x):
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return "%.3f" % x
    return str(x)


def people_row(P):
    r = dict(P)
    r["start_date"] = day_str(P["start"])
    r["stop_date"] = day_str(P["stop"])
    r["scale_drift_date"] = day_str(P["scale_drift_day"]) if P["scale_drift_day"] >= 0 else ""
    r["silences"] = ";".join("%s..%s" % (day_str(a), day_str(b - 1)) for a, b in P["silences"])
    r["life_events"] = ";".join("%s:%s:%.2f:%dd" % (day_str(d), k, s, L)
                                for d, k, s, L in P["events"])
    if P["drift"]:
        d0, L, amt, ret = P["drift"]
        r["gradual_drift"] = "%s:%dd:%+.1f:%s" % (day_str(d0), L, amt,
                                                  "returns" if ret else "stays")
    else:
        r["gradual_drift"] = ""
    r["med_changes"] = ";".join("%s:mood%+.1f:%dd:sleep%+.1f" % (day_str(d), m, L, s)
                                for d, m, L, s in P["medchanges"])
    r["signs"] = ";".join("%s|%s|%s|lead%d|gain%.1f|base%d|%s" % (
        s["words"], s["kind"], s["behaviour"], s["lead"], s["gain"], s["base"],
        "stops " + day_str(s["gives_up_day"]) if s["gives_up_day"] < 10 ** 5 else "keeps")
        for s in P["signs"])
    r["n_episodes"] = len(P["episodes"])
    return [fmt(r[c]) for c in PEOPLE_COLS]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    all_rows, people, eps = [], [], []
    for i in range(a.people):
        P, rows = simulate_person(a.seed, i, a.days)
        all_rows.extend(rows)
        people.append(people_row(P))
        for ep in P["episodes"]:
            eps.append(((P["person"], ep.onset), P["person"], ep))
    with open(os.path.join(a.out, "diaries.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date", "item", "value"])
        w.writerows(all_rows)
    eps.sort(key=lambda x: x[0])
    with open(os.path.join(a.out, "episodes.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "kind", "onset", "peak", "recovered", "speed", "size"])
        for _, pid, ep in eps:
            w.writerow([pid, ep.kind, day_str(ep.onset), day_str(ep.peak),
                        day_str(ep.recovered), ep.speed, ep.size])
    with open(os.path.join(a.out, "episode_details.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "kind", "onset", "peak", "recovered", "rise_days",
                    "plateau_days", "recovery_days", "magnitude", "mixed",
                    "crash_after_elevated", "after_life_event"])
        for _, pid, ep in eps:
            w.writerow([pid, ep.kind, day_str(ep.onset), day_str(ep.peak),
                        day_str(ep.recovered), ep.rise, ep.plateau, ep.recovery,
                        "%.2f" % ep.magnitude, fmt(ep.mixed), fmt(ep.crash),
                        fmt(ep.triggered)])
    with open(os.path.join(a.out, "people.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(PEOPLE_COLS)
        w.writerows(people)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Simulator 10: daily mood diaries with relapses (held-out test data).

Usage: python3 simulate.py --people 300 --days 365 --seed S --out DIR

Standard library only.  Output is byte-identical for the same arguments: all
randomness comes from random.Random objects seeded with integers, no set/dict
iteration order depends on hashing, and floats are formatted explicitly.
See README.md for every modelling assumption.
"""
import argparse
import csv
import datetime as dt
import math
import os
import random

# ---------------------------------------------------------------------------
# Vocabulary of personal warning signs (the person's "own words").
# kind: dep = rises before/with depressive episodes, elev = with elevated
# episodes, gen = with either (and also with stress/life events).
# ---------------------------------------------------------------------------
SIGNS = {
    "dep": [
        "staying in bed", "not answering the phone", "cant be bothered to cook",
        "crying a lot", "feeling like a burden", "not wanting to see anyone",
        "everything feels heavy", "skipping showers", "no point in anything",
    ],
    "elev": [
        "racing thoughts", "spending too much", "talking fast", "big plans",
        "not needing sleep", "feeling invincible", "starting lots of projects",
        "texting everyone at night",
    ],
    "gen": [
        "irritable with family", "cant concentrate", "stopped going to the gym",
        "drinking more", "snapping at people", "heart pounding",
        "overthinking at night", "avoiding work emails",
    ],
}

# Diagnostic groups: share of people, onset rate per year while well
# (before refractory periods), probabilities of episode kinds, amplitude
# lognormal (median mood points, sigma), and speed mix (fast, medium, slow).
GROUPS = [
    # name, share, rate range, kinds (dep, elev, mixed), amp median, amp sigma, speed mix
    ("recurrent_depression", 0.33, (0.5, 1.9), (1.0, 0.0, 0.0), 3.0, 0.35, (0.20, 0.40, 0.40)),
    ("bipolar_I",            0.12, (0.6, 1.9), (0.45, 0.43, 0.12), 3.8, 0.35, (0.45, 0.35, 0.20)),
    ("bipolar_II",           0.13, (0.7, 2.1), (0.68, 0.32, 0.0), 2.8, 0.35, (0.35, 0.40, 0.25)),
    ("anxious_depression",   0.20, (0.4, 1.6), (1.0, 0.0, 0.0), 2.7, 0.35, (0.25, 0.45, 0.30)),
    ("stable_remission",     0.22, (0.0, 0.35), (1.0, 0.0, 0.0), 2.3, 0.30, (0.30, 0.40, 0.30)),
]

SMALL_MAX = 2.5      # amplitude < 2.5 mood points -> small
MODERATE_MAX = 4.0   # 2.5 <= amplitude < 4.0 -> moderate; >= 4.0 -> large
RECOVERED_FRAC = 0.15  # recovered: first day after plateau with severity < 15% of amplitude
NORM = 4.0           # severity (mood points) is divided by this to drive other items


def f2(x):
    return "%.2f" % x


def f3(x):
    return "%.3f" % x


def clip(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def speed_label(rise):
    if rise <= 6:
        return "fast"
    if rise <= 20:
        return "medium"
    return "slow"


def size_label(a):
    if a < SMALL_MAX:
        return "small"
    if a < MODERATE_MAX:
        return "moderate"
    return "large"


class Episode:
    def __init__(self, kind, onset, rise, power, plateau, half_life, amp):
        self.kind = kind
        self.onset = onset
        self.rise = rise
        self.peak = onset + rise
        self.power = power
        self.plateau = plateau
        self.plateau_end = self.peak + plateau
        self.half_life = half_life
        self.amp = amp
        # recovered: first day after the plateau where severity < RECOVERED_FRAC * amp
        k = math.ceil(half_life * math.log(1.0 / RECOVERED_FRAC) / math.log(2.0) + 1e-9)
        while self.amp * math.exp(-k * math.log(2.0) / half_life) >= RECOVERED_FRAC * amp:
            k += 1
        self.recovered = self.plateau_end + max(1, k)
        self.end = self.recovered + int(4 * half_life) + 1  # negligible after this

    def sev(self, d):
        """Latent severity (mood points) on integer day d."""
        if d < self.onset or d > self.end:
            return 0.0
        if d <= self.peak:
            return self.amp * ((d - self.onset + 1.0) / (self.rise + 1.0)) ** self.power
        if d <= self.plateau_end:
            return self.amp
        return self.amp * math.exp(-(d - self.plateau_end) * math.log(2.0) / self.half_life)


def pick_group(rng):
    u = rng.random()
    acc = 0.0
    for g in GROUPS:
        acc += g[1]
        if u < acc:
            return g
    return GROUPS[-1]


def draw_rise(rng, mix, kind):
    fast, med, slow = mix
    if kind == "elevated":  # elevated episodes tend to build faster
        fast, med, slow = fast + 0.15, med, max(0.05, slow - 0.15)
    u = rng.random() * (fast + med + slow)
    if u < fast:
        return rng.randint(2, 6)
    if u < fast + med:
        return rng.randint(7, 20)
    return rng.randint(21, 56)


def make_person(idx, seed, days):
    rng = random.Random(seed * 1000003 + idx * 7919 + 17)
    g = pick_group(rng)
    gname, _, (rlo, rhi), kindp, amp_med, amp_sig, speed_mix = g
    p = {"person": "P%03d" % (idx + 1), "group": gname}
    rate = rng.uniform(rlo, rhi)
    if gname == "stable_remission" and rng.random() < 0.5:
        rate = 0.0
    if gname != "stable_remission" and rng.random() < 0.10:
        rate = 0.0  # some people in every group simply stay well this year
    p["rate_per_year"] = rate
    p["p_relapse_soon"] = rng.uniform(0.05, 0.35) if rate > 0 else 0.0
    p["amp_median"] = amp_med * math.exp(rng.gauss(0, 0.15))
    p["amp_sigma"] = amp_sig
    p["speed_mix"] = speed_mix
    p["kindp"] = kindp

    # baselines
    p["mood_base"] = clip(rng.gauss(6.2, 0.9), 3.8, 8.5)
    p["anx_base"] = clip(rng.gauss(3.5 if gname != "anxious_depression" else 5.0, 1.0), 0.5, 7.5)
    p["sleep_base"] = clip(rng.gauss(7.2, 0.7), 5.0, 9.0)
    # noise (AR(1) per item)
    p["mood_phi"] = rng.uniform(0.2, 0.8)
    p["mood_sd"] = rng.uniform(0.4, 1.2)
    p["anx_phi"] = rng.uniform(0.2, 0.8)
    p["anx_sd"] = rng.uniform(0.4, 1.2)
    p["anx_mood_corr"] = rng.uniform(0.1, 0.6)
    p["sleep_phi"] = rng.uniform(0.1, 0.6)
    p["sleep_sd"] = rng.uniform(0.4, 1.2)
    # slow drift (OU, not an episode)
    p["drift_sd"] = rng.uniform(0.2, 1.0)
    p["drift_tau"] = rng.uniform(45, 120)
    # rhythms
    p["weekend_mood"] = rng.uniform(-0.2, 0.6)
    p["monday_dip"] = rng.uniform(0.0, 0.5)
    p["weekend_sleep"] = rng.uniform(0.0, 1.2)
    p["season_amp"] = rng.uniform(0.0, 1.2) if rng.random() < 0.6 else 0.0
    p["xmas_effect"] = rng.uniform(-1.2, 0.6)
    # life events (brief dips, not episodes)
    p["life_rate"] = rng.uniform(2.0, 8.0)
    # lead / lag of anxiety and sleep relative to mood (days; positive = earlier)
    p["anx_lead"] = rng.randint(-3, 7) if gname != "anxious_depression" else rng.randint(2, 12)
    p["sleep_lead"] = rng.randint(-3, 7)
    p["anx_coupling_dep"] = rng.uniform(0.3, 1.2) * (1.5 if gname == "anxious_depression" else 1.0)
    p["anx_coupling_elev"] = rng.uniform(-0.3, 0.8)
    p["sleep_dep_dir"] = -1 if rng.random() < 0.65 else 1  # insomnia vs hypersomnia
    p["sleep_dep_hours"] = rng.uniform(0.4, 2.2)
    p["sleep_elev_hours"] = rng.uniform(1.2, 3.5)
    # scale use
    if rng.random() < 0.35:
        p["mood_lo"] = rng.uniform(1.5, 3.5)
        p["mood_hi"] = rng.uniform(6.5, 8.5)
    else:
        p["mood_lo"] = 0.0
        p["mood_hi"] = 10.0
    p["copy_prob"] = rng.uniform(0.0, 0.25) if rng.random() < 0.4 else 0.0
    p["sleep_precision"] = rng.choice(["decimal", "half", "whole"])
    # writing behaviour
    p["adherence"] = clip(rng.betavariate(5, 1.6), 0.3, 0.99)
    p["weekend_write"] = rng.uniform(0.6, 1.05)
    p["fatigue_per_year"] = rng.uniform(0.0, 0.35)
    u = rng.random()
    p["unwell_writing"] = "less" if u < 0.45 else ("more" if u < 0.60 else "same")
    p["unwell_k"] = rng.uniform(0.5, 2.0)
    p["skip_mood"] = rng.uniform(0.0, 0.04)
    p["skip_sleep"] = rng.uniform(0.0, 0.15)
    p["skip_anx"] = rng.uniform(0.0, 0.10)
    p["holiday_gaps"] = rng.randint(0, 3)
    u = rng.random()
    p["join_day"] = rng.randint(20, min(200, max(21, days // 2))) if u < 0.15 else rng.randint(0, 6)
    p["dropout_day"] = rng.randint(60, max(61, days - 1)) if rng.random() < 0.15 else -1
    p["stop_if_unwell"] = rng.random() < 0.10
    # warning signs
    nsig = rng.choice([1, 2, 2, 3, 3])
    kinds = []
    if kindp[1] > 0:
        kinds.append("elev")
    kinds.append("dep")
    while len(kinds) < nsig:
        kinds.append(rng.choice(["dep", "gen", "gen", "elev"] if kindp[1] > 0 else ["dep", "gen", "gen"]))
    kinds = kinds[:nsig]
    rng.shuffle(kinds)
    used = []
    signs = []
    first_riser = rng.random() < 0.45  # for some, warning signs rise well before mood drops
    for k in kinds:
        choices = [w for w in SIGNS[k] if w not in used]
        w = rng.choice(choices)
        used.append(w)
        s = {
            "words": w, "kind": k,
            "lead": rng.randint(5, 14) if first_riser else rng.randint(-2, 4),
            "gain": rng.uniform(0.8, 2.8),
            "base": rng.uniform(0.0, 1.3),
            "sd": rng.uniform(0.25, 0.7),
            "phi": rng.uniform(0.2, 0.7),
            "life_gain": rng.uniform(0.0, 1.0) if k != "elev" else rng.uniform(0.0, 0.3),
            "skip": rng.uniform(0.0, 0.2),
        }
        signs.append(s)
    p["first_riser"] = first_riser
    p["signs"] = signs
    p["recent_discharge"] = rng.random() < 0.08
    return p, rng


def make_episodes(p, rng, days):
    eps = []
    rate = p["rate_per_year"]
    if rate <= 0:
        return eps
    t = rng.randint(0, 20)  # no episode in progress at the very start
    first = True
    relapse_next = False
    while True:
        if relapse_next:
            onset = t + rng.randint(5, 40)
        else:
            onset = t + int(rng.expovariate(rate / 365.0))
            if first:
                onset = max(onset, 12)
        first = False
        if onset >= days:
            break
        u = rng.random()
        kp = p["kindp"]
        kind = "depressive" if u < kp[0] else ("elevated" if u < kp[0] + kp[1] else "mixed")
        rise = draw_rise(rng, p["speed_mix"], kind)
        amp = clip(p["amp_median"] * math.exp(rng.gauss(0, p["amp_sigma"])), 1.3, 7.5)
        if kind == "elevated" and p["group"] == "bipolar_II":
            amp = min(amp, 4.2)  # hypomania stays smaller
        power = rng.uniform(0.8, 2.5)
        plateau = rng.randint(0, 4) + (rng.randint(0, 14) if amp > 3.5 else 0)
        half_life = rng.uniform(4.0, 18.0) * (1.3 if kind == "depressive" else 0.8)
        ep = Episode(kind, onset, rise, power, plateau, half_life, amp)
        eps.append(ep)
        relapse_next = rng.random() < p["p_relapse_soon"]
        t = ep.recovered + (0 if relapse_next else rng.randint(14, 45))
    return eps


def simulate_person(idx, seed, days, start):
    p, rng = make_person(idx, seed, days)
    eps = make_episodes(p, rng, days)

    # join day must not fall inside an episode window (onset-3 .. recovered)
    j = p["join_day"]
    moved = True
    while moved:
        moved = False
        for e in eps:
            if e.onset - 3 <= j <= e.recovered:
                j = e.recovered + 1
                moved = True
    p["join_day"] = min(j, days - 30)

    # per-day latent components
    dep = [0.0] * (days + 20)
    elev = [0.0] * (days + 20)
    mixed = [0.0] * (days + 20)
    for e in eps:
        arr = dep if e.kind == "depressive" else (elev if e.kind == "elevated" else mixed)
        for d in range(max(0, e.onset), min(days + 20, e.end + 1)):
            arr[d] += e.sev(d)

    def at(arr, d):
        return arr[d] if 0 <= d < len(arr) else 0.0

    # life events
    life = [0.0] * days
    n_life = 0
    d = 0
    while True:
        d += int(rng.expovariate(p["life_rate"] / 365.0)) + 1
        if d >= days:
            break
        mag = rng.uniform(0.8, 3.0)
        hl = rng.uniform(0.7, 4.0)
        n_life += 1
        for k in range(0, int(hl * 6) + 1):
            if d + k < days:
                life[d + k] += mag * math.exp(-k * math.log(2.0) / hl)
    p["n_life_events"] = n_life

    # holidays: writing gaps, slight mood lift
    holiday = [False] * days
    for _ in range(p["holiday_gaps"]):
        hs = rng.randint(0, days - 1)
        hlen = rng.randint(4, 14)
        for k in range(hs, min(days, hs + hlen)):
            holiday[k] = True

    # drift (OU)
    drift = [0.0] * days
    a = math.exp(-1.0 / p["drift_tau"])
    x = rng.gauss(0, p["drift_sd"])
    for d in range(days):
        x = a * x + math.sqrt(1 - a * a) * p["drift_sd"] * rng.gauss(0, 1)
        drift[d] = x

    # dropout during a large episode
    stop_day = p["dropout_day"] if p["dropout_day"] >= 0 else days
    if p["stop_if_unwell"]:
        for e in eps:
            if e.amp >= 3.0 and e.onset < stop_day:
                cand = e.onset + rng.randint(0, max(1, e.rise))
                if cand < stop_day:
                    stop_day = cand
                    p["stopped_in_episode"] = True
                break
    p["stop_day"] = stop_day

    # AR noises
    nm = na = ns = 0.0
    sign_noise = [0.0] * len(p["signs"])
    rows = []
    last_mood = None
    for d in range(days):
        date = start + dt.timedelta(days=d)
        wd = date.weekday()
        doy = date.timetuple().tm_yday
        nm = p["mood_phi"] * nm + math.sqrt(1 - p["mood_phi"] ** 2) * p["mood_sd"] * rng.gauss(0, 1)
        e_a = rng.gauss(0, 1)
        na = p["anx_phi"] * na + math.sqrt(1 - p["anx_phi"] ** 2) * p["anx_sd"] * e_a
        ns = p["sleep_phi"] * ns + math.sqrt(1 - p["sleep_phi"] ** 2) * p["sleep_sd"] * rng.gauss(0, 1)
        for i, s in enumerate(p["signs"]):
            sign_noise[i] = s["phi"] * sign_noise[i] + math.sqrt(1 - s["phi"] ** 2) * s["sd"] * rng.gauss(0, 1)

        season = -p["season_amp"] * math.cos(2 * math.pi * (doy - 15) / 365.25)
        xmas = p["xmas_effect"] if ((date.month == 12 and date.day >= 20) or (date.month == 1 and date.day <= 2)) else 0.0
        weekly = (p["weekend_mood"] if wd >= 5 else 0.0) - (p["monday_dip"] if wd == 0 else 0.0)
        hol = 0.4 if holiday[d] else 0.0
        dep_d, elev_d, mix_d = dep[d], elev[d], mixed[d]
        mood_lat = (p["mood_base"] + nm + drift[d] + season + xmas + weekly + hol - life[d]
                    - dep_d + elev_d - 0.6 * mix_d)
        # anxiety and sleep may lead (positive lead) or lag mood
        la = p["anx_lead"]
        dep_a, elev_a, mix_a = at(dep, d + la), at(elev, d + la), at(mixed, d + la)
        anx_lat = (p["anx_base"] + na - p["anx_mood_corr"] * nm + 0.6 * life[d] - 0.3 * drift[d]
                   + p["anx_coupling_dep"] * dep_a + p["anx_coupling_elev"] * elev_a + 1.2 * mix_a)
        ls = p["sleep_lead"]
        dep_s, elev_s, mix_s = at(dep, d + ls), at(elev, d + ls), at(mixed, d + ls)
        sleep_lat = (p["sleep_base"] + ns + (p["weekend_sleep"] if wd >= 5 else 0.0) - 0.25 * life[d]
                     + p["sleep_dep_dir"] * p["sleep_dep_hours"] * dep_s / NORM
                     - p["sleep_elev_hours"] * (elev_s + mix_s) / NORM)
        sign_lat = []
        for i, s in enumerate(p["signs"]):
            L = s["lead"]
            dd, ee, mm = at(dep, d + L), at(elev, d + L), at(mixed, d + L)
            if s["kind"] == "dep":
                drive = dd + 0.7 * mm
            elif s["kind"] == "elev":
                drive = ee + 0.7 * mm
            else:
                drive = 0.8 * (dd + ee + mm)
            v = s["base"] + sign_noise[i] + s["gain"] * drive / NORM + s["life_gain"] * life[d] / 2.0
            sign_lat.append(v)

        # ---- does the person write today? ----
        if d < p["join_day"] or d >= stop_day or holiday[d]:
            continue
        pw = p["adherence"] * (p["weekend_write"] if wd >= 5 else 1.0)
        pw *= 1.0 - p["fatigue_per_year"] * (d - p["join_day"]) / 365.0
        unwell = (dep_d + elev_d + mix_d) / NORM
        if p["unwell_writing"] == "less":
            pw *= math.exp(-p["unwell_k"] * unwell)
        elif p["unwell_writing"] == "more":
            pw = pw * (1.0 + 0.5 * unwell)
        if rng.random() >= clip(pw, 0.0, 0.99):
            continue
        ds = date.isoformat()
        day_rows = []
        if rng.random() >= p["skip_mood"]:
            raw = clip(mood_lat, 0.0, 10.0)
            obs = p["mood_lo"] + (p["mood_hi"] - p["mood_lo"]) * raw / 10.0
            val = int(clip(round(obs), 0, 10))
            if last_mood is not None and rng.random() < p["copy_prob"]:
                val = last_mood
            last_mood = val
            day_rows.append((ds, "mood", str(val)))
        if rng.random() >= p["skip_sleep"]:
            sl = clip(sleep_lat, 0.0, 14.0)
            if p["sleep_precision"] == "decimal":
                sv = "%.1f" % (round(sl * 10) / 10.0)
            elif p["sleep_precision"] == "half":
                sv = "%.1f" % (round(sl * 2) / 2.0)
            else:
                sv = "%d" % int(round(sl))
            day_rows.append((ds, "sleep", sv))
        if rng.random() >= p["skip_anx"]:
            day_rows.append((ds, "anxiety", str(int(clip(round(anx_lat), 0, 10)))))
        for i, s in enumerate(p["signs"]):
            if rng.random() >= s["skip"]:
                day_rows.append((ds, "sign:" + s["words"], str(int(clip(round(sign_lat[i]), 0, 4)))))
        if not day_rows:
            day_rows.append((ds, "mood", str(int(clip(round(mood_lat), 0, 10)))))
        rows.extend(day_rows)
    return p, eps, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    srng = random.Random(args.seed)
    start = dt.date(2023, 1, 1) + dt.timedelta(days=srng.randrange(365))

    people_rows, ep_rows, diary_rows = [], [], []
    for i in range(args.people):
        p, eps, rows = simulate_person(i, args.seed, args.days, start)
        pid = p["person"]
        written = sorted(set(r[0] for r in rows))
        first_w = written[0] if written else ""
        last_w = written[-1] if written else ""
        n_kept = 0
        for e in eps:
            od = start + dt.timedelta(days=e.onset)
            # keep episodes that begin while the person is enrolled and writing
            if not written or e.onset < p["join_day"] or od.isoformat() > last_w:
                continue
            n_kept += 1
            ep_rows.append([pid, e.kind, od.isoformat(),
                            (start + dt.timedelta(days=e.peak)).isoformat(),
                            (start + dt.timedelta(days=e.recovered)).isoformat(),
                            speed_label(e.rise), size_label(e.amp)])
        for r in rows:
            diary_rows.append([pid, r[0], r[1], r[2]])
        rate = p["rate_per_year"]
        watch = (p["group"] == "bipolar_I" or rate >= 1.3 or p["amp_median"] >= 4.0
                 or p["recent_discharge"])
        sg = p["signs"] + [None] * (3 - len(p["signs"]))
        row = {
            "person": pid, "group": p["group"], "watch": str(bool(watch)),
            "rate_per_year": f3(rate), "p_relapse_soon": f3(p["p_relapse_soon"]),
            "amp_median": f3(p["amp_median"]), "amp_sigma": f3(p["amp_sigma"]),
            "speed_mix_fast_med_slow": "/".join(f2(x) for x in p["speed_mix"]),
            "kind_probs_dep_elev_mixed": "/".join(f2(x) for x in p["kindp"]),
            "n_episodes_simulated": str(len(eps)), "n_episodes_listed": str(n_kept),
            "mood_base": f3(p["mood_base"]), "anx_base": f3(p["anx_base"]), "sleep_base": f3(p["sleep_base"]),
            "mood_phi": f3(p["mood_phi"]), "mood_sd": f3(p["mood_sd"]),
            "anx_phi": f3(p["anx_phi"]), "anx_sd": f3(p["anx_sd"]), "anx_mood_corr": f3(p["anx_mood_corr"]),
            "sleep_phi": f3(p["sleep_phi"]), "sleep_sd": f3(p["sleep_sd"]),
            "drift_sd": f3(p["drift_sd"]), "drift_tau": f3(p["drift_tau"]),
            "weekend_mood": f3(p["weekend_mood"]), "monday_dip": f3(p["monday_dip"]),
            "weekend_sleep": f3(p["weekend_sleep"]), "season_amp": f3(p["season_amp"]),
            "xmas_effect": f3(p["xmas_effect"]), "life_rate": f3(p["life_rate"]),
            "n_life_events": str(p["n_life_events"]),
            "anx_lead": str(p["anx_lead"]), "sleep_lead": str(p["sleep_lead"]),
            "anx_coupling_dep": f3(p["anx_coupling_dep"]), "anx_coupling_elev": f3(p["anx_coupling_elev"]),
            "sleep_dep_dir": str(p["sleep_dep_dir"]), "sleep_dep_hours": f3(p["sleep_dep_hours"]),
            "sleep_elev_hours": f3(p["sleep_elev_hours"]),
            "mood_lo": f3(p["mood_lo"]), "mood_hi": f3(p["mood_hi"]), "copy_prob": f3(p["copy_prob"]),
            "sleep_precision": p["sleep_precision"],
            "adherence": f3(p["adherence"]), "weekend_write": f3(p["weekend_write"]),
            "fatigue_per_year": f3(p["fatigue_per_year"]), "unwell_writing": p["unwell_writing"],
            "unwell_k": f3(p["unwell_k"]), "skip_mood": f3(p["skip_mood"]), "skip_sleep": f3(p["skip_sleep"]),
            "skip_anx": f3(p["skip_anx"]), "holiday_gaps": str(p["holiday_gaps"]),
            "join_date": (start + dt.timedelta(days=p["join_day"])).isoformat(),
            "dropout_date": (start + dt.timedelta(days=p["dropout_day"])).isoformat() if p["dropout_day"] >= 0 else "",
            "stop_if_unwell": str(p["stop_if_unwell"]),
            "stop_date": (start + dt.timedelta(days=p["stop_day"])).isoformat() if p["stop_day"] < args.days else "",
            "first_written": first_w, "last_written": last_w,
            "recent_discharge": str(p["recent_discharge"]), "first_riser": str(p["first_riser"]),
            "n_signs": str(len(p["signs"])),
        }
        for k in range(3):
            s = sg[k]
            for key in ("words", "kind", "lead", "gain", "base", "sd", "phi", "life_gain", "skip"):
                v = "" if s is None else s[key]
                if isinstance(v, float):
                    v = f3(v)
                row["sign%d_%s" % (k + 1, key)] = str(v)
        people_rows.append(row)

    diary_rows.sort(key=lambda r: (r[0], r[1]))  # stable: keeps item order within a day
    with open(os.path.join(args.out, "diaries.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date", "item", "value"])
        w.writerows(diary_rows)
    ep_rows.sort(key=lambda r: (r[0], r[2]))
    with open(os.path.join(args.out, "episodes.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "kind", "onset", "peak", "recovered", "speed", "size"])
        w.writerows(ep_rows)
    with open(os.path.join(args.out, "people.csv"), "w", newline="") as f:
        cols = list(people_rows[0].keys())
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in people_rows:
            w.writerow(r)


if __name__ == "__main__":
    main()

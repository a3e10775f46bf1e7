#!/usr/bin/env python3
"""Independent simulator of daily mood diaries with relapse episodes (test data).

Standard library only. Same arguments -> byte-identical output files.
See README.md for every modelling assumption.

    python3 simulate.py --people 300 --days 365 --seed 21 --out DIR
"""
import argparse
import csv
import datetime as dt
import math
import os
import random

START = dt.date(2026, 1, 1)

DEP_SIGNS = [
    "staying in bed", "not answering the phone", "cancelling plans",
    "can't be bothered to shower", "crying a lot", "everything feels pointless",
    "not opening my post", "not eating properly", "hiding from people",
    "can't concentrate on tv",
]
ELEV_SIGNS = [
    "racing thoughts", "spending money", "talking fast",
    "starting lots of projects", "not needing sleep", "up all night cleaning",
    "ringing everyone", "feeling really important",
]
GEN_SIGNS = [
    "feeling on edge", "arguing with family", "drinking more", "skipping meals",
    "snapping at people",
]


# ---------------------------------------------------------------- helpers
def clip(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def noise(rng, shape, sd):
    """Zero-centred noise of a given family, scaled to roughly sd."""
    if shape == "normal":
        return rng.gauss(0.0, sd)
    if shape == "laplace":
        e = rng.expovariate(1.0) - rng.expovariate(1.0)  # var 2
        return e * sd / math.sqrt(2.0)
    if shape == "t3":
        z = rng.gauss(0.0, 1.0)
        c = sum(rng.gauss(0.0, 1.0) ** 2 for _ in range(3)) / 3.0
        return clip(z / math.sqrt(max(c, 1e-3)), -8, 8) * sd / math.sqrt(3.0)
    if shape == "skewneg":  # mostly small, occasional big drops
        v = rng.gauss(0.0, sd * 0.8)
        if rng.random() < 0.06:
            v -= rng.expovariate(1.0 / (2.0 * sd))
        return v + 0.06 * 2.0 * sd
    raise ValueError(shape)


def poisson(rng, lam):
    if lam <= 0:
        return 0
    n, p, L = 0, 1.0, math.exp(-lam)
    while True:
        p *= rng.random()
        if p < L:
            return n
        n += 1


def round_half_even_safe(x):
    """Conventional round-half-up (avoid banker's rounding surprises)."""
    return int(math.floor(x + 0.5))


# ---------------------------------------------------------------- person
class Person:
    pass


def make_person(idx, args):
    rng = random.Random("ew_sim3|%d|%d" % (args.seed, idx))
    days = args.days
    p = Person()
    p.rng = rng
    p.pid = "p%03d" % (idx + 1) if args.people < 1000 else "p%04d" % (idx + 1)
    p.watch = rng.random() < 0.30

    # --- baselines and noise
    p.mood0 = clip(rng.gauss(6.0, 0.9), 3.5, 8.5)
    p.sleep0 = clip(rng.gauss(7.3, 0.8), 5.0, 9.5)
    p.anx0 = clip(rng.gauss(3.2, 1.2), 0.5, 6.5)
    shapes = ["normal", "laplace", "t3", "skewneg"]
    p.mood_shape = rng.choice(shapes)
    p.anx_shape = rng.choice(shapes[:3])
    p.sleep_shape = rng.choice(["normal", "laplace", "t3"])
    p.mood_sd = rng.uniform(0.35, 1.3)
    p.mood_phi = rng.uniform(0.2, 0.75)  # day-to-day persistence of mood noise
    p.anx_sd = rng.uniform(0.4, 1.3)
    p.anx_phi = rng.uniform(0.1, 0.6)
    p.sleep_sd = rng.uniform(0.3, 1.2)
    p.sign_sd = rng.uniform(0.15, 0.5)
    p.mood_anx_coupling = rng.uniform(0.1, 0.6)

    # --- rhythms
    p.season_amp = rng.uniform(0.0, 0.6) if rng.random() > 0.15 else rng.uniform(0.8, 1.5)
    p.weekend_mood = rng.uniform(-0.2, 0.6)
    p.weekend_sleep = rng.uniform(0.0, 1.2)
    p.monday_anx = rng.uniform(0.0, 1.0)

    # --- reporting style
    p.style = rng.choices(["plain", "compress", "even", "sticky", "middle"],
                          [0.5, 0.15, 0.1, 0.15, 0.1])[0]
    p.sticky = rng.uniform(0.1, 0.35) if p.style == "sticky" else 0.0
    p.sleep_whole_hours = rng.random() < 0.35
    p.sleep_item = rng.random() < 0.95
    p.anx_item = rng.random() < 0.85
    p.skip_item = rng.uniform(0.0, 0.08)

    # --- signs (own words): 1-3 per person
    nsig = rng.choices([1, 2, 3], [0.3, 0.4, 0.3])[0]
    pool = []
    if p.watch and nsig >= 2:
        pool.append(("elev", rng.choice(ELEV_SIGNS)))
    while len(pool) < nsig:
        r = rng.random()
        if p.watch and r < 0.3:
            cand = ("elev", rng.choice(ELEV_SIGNS))
        elif r < 0.8:
            cand = ("dep", rng.choice(DEP_SIGNS))
        else:
            cand = ("gen", rng.choice(GEN_SIGNS))
        if cand[1] not in [s[1] for s in pool]:
            pool.append(cand)
    p.signs = []
    for kind, words in pool:
        base = 0.0 if rng.random() < 0.65 else rng.uniform(0.3, 1.3)
        p.signs.append({"kind": kind, "words": words, "base": base})

    # --- medication item
    p.med_item = rng.random() < 0.35
    p.adherence = rng.uniform(0.86, 0.995)

    # --- writing behaviour
    p.writer = rng.choices(["steady", "withdraws", "sporadic", "when_unwell", "fader"],
                           [0.40, 0.22, 0.18, 0.08, 0.12])[0]
    if p.writer in ("steady", "withdraws", "fader"):
        p.p_write = rng.uniform(0.72, 0.98)
    elif p.writer == "sporadic":
        p.p_write = rng.uniform(0.18, 0.45)
    else:
        p.p_write = rng.uniform(0.03, 0.10)
    p.fade_tau = rng.uniform(120, 400) if p.writer == "fader" else None
    p.weekend_write = rng.uniform(0.55, 1.0) if rng.random() < 0.4 else 1.0

    # --- enrolment window (day indexes, inclusive)
    p.start = 0 if rng.random() < 0.78 else rng.randint(1, min(180, days // 2))
    if rng.random() < 0.13 and days - p.start > 120:
        p.end = rng.randint(p.start + 60, days - 1)
    else:
        p.end = days - 1

    # --- holidays: no/little diary, nicer values
    p.holidays = []
    for _ in range(rng.choices([0, 1, 2], [0.35, 0.45, 0.2])[0]):
        h0 = rng.randint(0, days - 1)
        p.holidays.append((h0, h0 + rng.randint(4, 14)))
    p.holiday_p = rng.uniform(0.0, 0.25)

    make_episodes(p, days)
    make_background(p, days)
    return p


def season(t):
    """+1 in mid-January, -1 in mid-July."""
    return math.cos(2 * math.pi * (t - 15) / 365.25)


def make_episodes(p, days):
    rng = p.rng
    rate = rng.gammavariate(0.8, 1.05) * (1.4 if p.watch else 1.0)  # episodes/year, heterogeneous
    years = (p.end - p.start + 1) / 365.25
    n = poisson(rng, rate * years)
    eps = []
    tries = 0
    while len(eps) < n and tries < 200:
        tries += 1
        kind = "elevated" if (p.watch and rng.random() < 0.5) else "depressive"
        # onset speed: fast 2-6, medium 7-20, slow 21-49 days onset->peak
        sp = rng.choices(["fast", "medium", "slow"],
                         [0.40, 0.40, 0.20] if kind == "elevated" else [0.22, 0.45, 0.33])[0]
        if sp == "fast":
            ramp = rng.randint(2, 6)
        elif sp == "medium":
            ramp = rng.randint(7, 20)
        else:
            ramp = int(round(21 + 28 * rng.random() ** 1.5))
        size = rng.choices(["small", "moderate", "large"], [0.38, 0.42, 0.20])[0]
        onset = rng.randint(p.start + 7, max(p.start + 7, p.end))
        peak = onset + ramp
        if peak > p.end:
            continue
        # mild seasonality: depressive onsets favour winter, elevated spring/summer
        s = season(onset)
        w = 0.75 + 0.25 * s if kind == "depressive" else 0.75 - 0.25 * s
        if rng.random() > w:
            continue
        plateau = rng.randint(0, 14) if kind == "depressive" else rng.randint(0, 7)
        rec_len = rng.randint(12, 60) if kind == "depressive" else rng.randint(8, 35)
        recovered = peak + plateau + rec_len
        if any(not (recovered + 21 < e["onset"] or onset > e["recovered"] + 21) for e in eps):
            continue
        eps.append(make_episode(rng, kind, onset, peak, plateau, recovered, sp, size))
        # post-elevated depressive dip (switch), recorded as its own episode
        if kind == "elevated" and rng.random() < 0.2 and len(eps) < n + 1:
            o2 = recovered + rng.randint(0, 10)
            r2 = rng.randint(7, 28)
            if o2 + r2 <= p.end:
                sz2 = rng.choices(["small", "moderate", "large"], [0.4, 0.4, 0.2])[0]
                sp2 = "fast" if r2 <= 6 else "medium" if r2 <= 20 else "slow"
                pl2 = rng.randint(0, 10)
                rc2 = o2 + r2 + pl2 + rng.randint(14, 50)
                if not any(not (rc2 + 21 < e["onset"] or o2 >= e["recovered"]) for e in eps):
                    eps.append(make_episode(rng, "depressive", o2, o2 + r2, pl2, rc2, sp2, sz2))
    eps.sort(key=lambda e: e["onset"])
    p.episodes = eps


def make_episode(rng, kind, onset, peak, plateau, recovered, speed, size):
    mag = {"small": rng.uniform(0.35, 0.55), "moderate": rng.uniform(0.55, 0.8),
           "large": rng.uniform(0.8, 1.1)}[size]
    # which channels move (at least one), with partial loadings
    while True:
        ch = {
            "mood": rng.uniform(0.5, 1.0) if rng.random() < 0.85 else 0.0,
            "sleep": rng.uniform(0.4, 1.0) if rng.random() < (0.55 if kind == "depressive" else 0.85) else 0.0,
            "anx": rng.uniform(0.4, 1.0) if rng.random() < (0.65 if kind == "depressive" else 0.4) else 0.0,
            "signs": rng.uniform(0.4, 1.0) if rng.random() < 0.7 else 0.0,
        }
        if any(v > 0 for v in ch.values()):
            break
    if kind == "depressive":
        sleep_dir = 1.0 if rng.random() < 0.35 else -1.0  # hypersomnia vs insomnia
        anx_dir = 1.0
    else:
        sleep_dir = -1.0
        anx_dir = 1.0 if rng.random() < 0.5 else -0.4  # irritability vs carefree
    return {
        "kind": kind, "onset": onset, "peak": peak, "plateau": plateau,
        "recovered": recovered, "speed": speed, "size": size, "mag": mag,
        "ch": ch, "sleep_dir": sleep_dir, "anx_dir": anx_dir,
        "shape": rng.uniform(0.6, 2.2),  # ramp curvature
        "wobble": rng.uniform(0.05, 0.3),
        "med_stop": None,
    }


def ep_fraction(e, t):
    """Severity fraction 0..1 of an episode on day t."""
    if t < e["onset"] or t >= e["recovered"]:
        return 0.0
    if t <= e["peak"]:
        r = max(1, e["peak"] - e["onset"])
        return ((t - e["onset"] + 1) / (r + 1)) ** e["shape"]
    pe = e["peak"] + e["plateau"]
    if t <= pe:
        return 1.0
    L = e["recovered"] - pe
    x = (t - pe) / L
    return 0.5 * (1 + math.cos(math.pi * x))


def make_background(p, days):
    rng = p.rng
    # medication stops
    p.med_off = set()
    if p.med_item:
        for e in p.episodes:
            if rng.random() < (0.5 if e["kind"] == "elevated" else 0.3):
                a = e["onset"] - rng.randint(2, 21)
                b = e["peak"] + rng.randint(0, 14)
                p.med_off.update(range(a, b + 1))
        if rng.random() < 0.15:  # ran out of prescription, no episode
            a = rng.randint(0, days - 1)
            p.med_off.update(range(a, a + rng.randint(5, 20)))

    # slow non-episode drifts: list of (function of t) additive effects
    p.drifts = []
    r = rng.random()
    if r < 0.12:  # new job / house move: anxious for a few months
        t0 = rng.randint(0, days - 1)
        up, hold, down = rng.randint(10, 30), rng.randint(30, 90), rng.randint(30, 60)
        p.drifts.append(("stress", t0, up, hold, down,
                         {"mood": -rng.uniform(0.3, 1.0), "anx": rng.uniform(1.0, 2.0),
                          "sleep": -rng.uniform(0.2, 0.7), "dep": 0.0}))
    elif r < 0.18:  # bereavement: sudden, then slow recovery (grief, not an episode)
        t0 = rng.randint(0, days - 1)
        p.drifts.append(("bereavement", t0, rng.randint(1, 3), rng.randint(5, 20),
                         rng.randint(40, 120),
                         {"mood": -rng.uniform(1.5, 3.0), "anx": rng.uniform(0.5, 1.5),
                          "sleep": -rng.uniform(0.3, 1.2), "dep": rng.uniform(0.3, 1.0)}))
    elif r < 0.28:  # gradual improvement (therapy, new medication) - permanent
        t0 = rng.randint(0, days - 1)
        p.drifts.append(("improve", t0, rng.randint(40, 120), 10 ** 6, 1,
                         {"mood": rng.uniform(0.5, 1.5), "anx": -rng.uniform(0.3, 1.0),
                          "sleep": 0.0, "dep": 0.0}))
    elif r < 0.34:  # slow worsening that plateaus (money worries, caring duties)
        t0 = rng.randint(0, days - 1)
        p.drifts.append(("worsen", t0, rng.randint(60, 150), 10 ** 6, 1,
                         {"mood": -rng.uniform(0.5, 1.2), "anx": rng.uniform(0.3, 1.0),
                          "sleep": 0.0, "dep": rng.uniform(0.0, 0.4)}))

    # short life events (dip for a few days then recover)
    p.events = []
    for _ in range(poisson(rng, rng.uniform(2, 8) * days / 365.25)):
        t0 = rng.randint(0, days - 1)
        p.events.append((t0, rng.uniform(1.0, 3.0), rng.uniform(0.8, 3.0), rng.uniform(0.5, 2.0)))
    # one-day spikes: bad nights and arguments
    bn_rate = rng.uniform(0.02, 0.10)
    arg_rate = rng.uniform(0.0, 0.04)
    p.bad_nights = set(t for t in range(days) if rng.random() < bn_rate)
    p.arguments = set(t for t in range(days) if rng.random() < arg_rate)
    p.good_days = set(t for t in range(days) if rng.random() < 0.02)


def drift_effect(d, t):
    _, t0, up, hold, down, eff = d
    if t < t0:
        return 0.0, eff
    x = t - t0
    if x < up:
        f = x / up
    elif x < up + hold:
        f = 1.0
    elif x < up + hold + down:
        if d[0] == "bereavement":
            f = math.exp(-3.0 * (x - up - hold) / down)
        else:
            f = 1.0 - (x - up - hold) / down
    else:
        f = 0.0 if d[0] != "bereavement" else math.exp(-3.0) * math.exp(-(x - up - hold - down) / 30.0)
    return f, eff


def is_xmas(date):
    return (date.month == 12 and date.day >= 20) or (date.month == 1 and date.day <= 2)


# ---------------------------------------------------------------- daily
def simulate_person(p, days):
    rng = p.rng
    rows = []
    mood_ar = 0.0
    anx_ar = 0.0
    last = {}
    prev_bad_night = False
    for t in range(days):
        date = START + dt.timedelta(days=t)
        wd = date.weekday()
        weekend = wd >= 5
        s = season(t)
        hol = any(a <= t <= b for a, b in p.holidays)

        # ---- latent state (underlying wellbeing)
        mood_ar = p.mood_phi * mood_ar + noise(rng, p.mood_shape, p.mood_sd) * math.sqrt(1 - p.mood_phi ** 2)
        anx_ar = p.anx_phi * anx_ar + noise(rng, p.anx_shape, p.anx_sd) * math.sqrt(1 - p.anx_phi ** 2)
        mood = p.mood0 + mood_ar - p.season_amp * s + (p.weekend_mood if weekend else 0.0)
        anx = p.anx0 + anx_ar - p.mood_anx_coupling * mood_ar + (p.monday_anx if wd == 0 else 0.0)
        sleep = p.sleep0 + noise(rng, p.sleep_shape, p.sleep_sd) + 0.25 * s + (p.weekend_sleep if weekend else 0.0)
        dep_sig = 0.0
        elev_sig = 0.0
        gen_sig = 0.0

        for d in p.drifts:
            f, eff = drift_effect(d, t)
            if f:
                mood += f * eff["mood"]
                anx += f * eff["anx"]
                sleep += f * eff["sleep"]
                dep_sig += f * eff["dep"]
        for (t0, depth, dur, anxup) in p.events:
            if t0 <= t:
                f = math.exp(-(t - t0) / dur)
                if f > 0.02:
                    mood -= depth * f
                    anx += anxup * f
                    dep_sig += 0.25 * depth * f
                    if t == t0:
                        sleep -= rng.uniform(0.0, 1.5)
        if t in p.bad_nights:
            sleep -= rng.uniform(1.5, 4.0)
        if prev_bad_night:
            mood -= rng.uniform(0.3, 1.5)
            anx += rng.uniform(0.2, 1.2)
        prev_bad_night = t in p.bad_nights
        if t in p.arguments:
            mood -= rng.uniform(1.5, 3.5)
            anx += rng.uniform(1.0, 3.0)
            gen_sig += rng.uniform(0.5, 2.0)
        if t in p.good_days:
            mood += rng.uniform(1.0, 2.5)
            anx -= rng.uniform(0.5, 1.5)
        if hol:
            mood += 0.6
            anx -= 1.0
            sleep += 0.8
        if is_xmas(date):
            mood += rng.gauss(0.0, 1.0)
            anx += rng.uniform(0.0, 1.0)

        dep_f = 0.0
        elev_f = 0.0
        for e in p.episodes:
            f = ep_fraction(e, t)
            if f <= 0:
                continue
            f = clip(f * (1 + rng.gauss(0.0, e["wobble"])), 0.0, 1.3)
            m = e["mag"]
            ch = e["ch"]
            if e["kind"] == "depressive":
                dep_f = max(dep_f, f)
                mood -= 5.0 * m * ch["mood"] * f
                sleep += e["sleep_dir"] * 3.0 * m * ch["sleep"] * f
                anx += 4.0 * m * ch["anx"] * f
                dep_sig += 3.5 * m * ch["signs"] * f
                gen_sig += 2.0 * m * ch["signs"] * f
            else:
                elev_f = max(elev_f, f)
                mood += 4.0 * m * ch["mood"] * f
                sleep -= 4.0 * m * ch["sleep"] * f
                anx += e["anx_dir"] * 3.0 * m * ch["anx"] * f
                elev_sig += 3.5 * m * ch["signs"] * f
                gen_sig += 2.0 * m * ch["signs"] * f

        # ---- does the person write today?
        if t < p.start or t > p.end:
            continue
        pw = p.p_write
        if p.writer == "fader":
            pw *= 0.25 + 0.75 * math.exp(-(t - p.start) / p.fade_tau)
        if weekend:
            pw *= p.weekend_write
        if p.writer == "withdraws":
            pw *= 1.0 - 0.85 * clip(dep_f, 0, 1) - 0.5 * clip(elev_f, 0, 1)
        if p.writer == "when_unwell":
            distress = clip((p.mood0 - mood - 1.0) / 2.5, 0, 1) + clip((anx - p.anx0 - 1.5) / 3.0, 0, 1)
            distress = max(distress, 0.8 * clip(elev_f, 0, 1))
            pw = clip(pw + 0.75 * distress, 0, 0.9)
        if hol:
            pw *= p.holiday_p
        if is_xmas(date):
            pw *= 0.6
        if rng.random() >= pw:
            continue

        # ---- what they write
        out = []
        mood_v = report_0_10(p, rng, mood, last.get("mood"))
        if rng.random() >= p.skip_item * 0.3:
            out.append(("mood", str(mood_v)))
            last["mood"] = mood_v
        if p.sleep_item and rng.random() >= p.skip_item:
            step = 1.0 if p.sleep_whole_hours else 0.5
            sv = clip(round_half_even_safe(clip(sleep, 0, 14) / step) * step, 0.0, 14.0)
            out.append(("sleep", "%.1f" % sv))
        if p.anx_item and rng.random() >= p.skip_item:
            av = report_0_10(p, rng, anx, last.get("anx"))
            out.append(("anxiety", str(av)))
            last["anx"] = av
        for sg in p.signs:
            if rng.random() < p.skip_item:
                continue
            lvl = sg["base"] + gen_sig * 0.6
            if sg["kind"] == "dep":
                lvl += dep_sig
            elif sg["kind"] == "elev":
                lvl += elev_sig
            else:
                lvl += 0.5 * dep_sig + 0.5 * elev_sig + 0.4 * gen_sig
            lvl += noise(rng, "normal", p.sign_sd)
            sv = int(clip(round_half_even_safe(lvl - 0.15), 0, 4))
            out.append(("sign:" + sg["words"], str(sv)))
        if p.med_item and rng.random() >= 0.05:
            if t in p.med_off:
                took = rng.random() < 0.1
            else:
                took = rng.random() < p.adherence
            out.append(("medication", "yes" if took else "no"))
        if not out:
            out.append(("mood", str(mood_v)))
        ds = date.isoformat()
        for item, val in out:
            rows.append((p.pid, ds, item, val))
    return rows


def report_0_10(p, rng, x, prev):
    if p.style == "sticky" and prev is not None and rng.random() < p.sticky:
        return prev
    if p.style == "compress":
        x = 5.0 + 0.65 * (x - 5.0)
    elif p.style == "middle":  # pulled toward 5 ("I put 5 when unsure")
        if rng.random() < 0.25:
            return 5
    v = int(clip(round_half_even_safe(x), 0, 10))
    if p.style == "even":
        v = int(clip(2 * round_half_even_safe(x / 2.0), 0, 10))
    return v


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    people = [make_person(i, args) for i in range(args.people)]

    def opener(name):
        return open(os.path.join(args.out, name), "w", newline="", encoding="utf-8")

    with opener("people.csv") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "watch_high_mood"])
        for p in people:
            w.writerow([p.pid, "yes" if p.watch else "no"])

    with opener("episodes.csv") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "kind", "onset", "peak", "recovered", "speed", "size"])
        for p in people:
            for e in p.episodes:
                d = lambda k: (START + dt.timedelta(days=e[k])).isoformat()
                w.writerow([p.pid, e["kind"], d("onset"), d("peak"), d("recovered"), e["speed"], e["size"]])

    with opener("diaries.csv") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date", "item", "value"])
        for p in people:
            for row in simulate_person(p, args.days):
                w.writerow(row)


if __name__ == "__main__":
    main()

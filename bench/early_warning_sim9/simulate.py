#!/usr/bin/python3
"""sim9: independent synthetic simulator of daily mood diaries with relapses.

Written from a brief alone (no access to the detector or any project file).
Everything is synthetic.  Standard library only.  Deterministic: every random
stream is random.Random(<string>) (string seeds are hashed with SHA-512 by
CPython, so the output does not depend on PYTHONHASHSEED).

Usage: simulate.py --people N --days D --seed S --out DIR
"""
import argparse
import csv
import datetime
import math
import os
import random

START = datetime.date(2025, 1, 1)
ONSET_FRAC = 0.10      # an item "has started to move" when its expected shift >= 10% of its own peak shift
RECOVER_FRAC = 0.10    # recovered = first day after peak when every item is back below 10% of its peak shift
GRACE_NOTE = "see score.py"

# group name, share of population, episodes per person-year (while at risk), share elevated, share mixed
GROUPS = [
    ("general", 0.50, 0.17, 0.00, 0.03),
    ("recurrent_depression", 0.22, 1.00, 0.00, 0.08),
    ("bipolar", 0.13, 1.60, 0.45, 0.20),
    ("recent_discharge", 0.15, 1.30, 0.20, 0.12),
]
WATCH_GROUPS = ("bipolar", "recent_discharge")

SIGNS_DEP = ["not answering the phone", "staying in bed", "not eating properly", "skipping work",
             "crying a lot", "not showering", "cancelling plans", "dark thoughts",
             "can't concentrate", "avoiding friends"]
SIGNS_ELEV = ["spending money", "talking fast", "starting new projects", "racing thoughts",
              "not needing sleep", "irritable with people", "texting everyone at night"]
SIGNS_BOTH = ["drinking more", "arguing with partner", "skipping meals", "smoking more"]

WRITING_STYLES = [  # name, share
    ("diligent", 0.33), ("weekday", 0.20), ("avoidant_when_unwell", 0.20),
    ("writes_when_unwell", 0.10), ("sporadic", 0.17)]
SCALE_STYLES = [("normal", 0.55), ("floor4", 0.15), ("wide", 0.15), ("narrow", 0.08), ("sticky", 0.07)]


def pick(rng, table, idx=1):
    r = rng.random()
    acc = 0.0
    for row in table:
        acc += row[idx]
        if r < acc:
            return row
    return table[-1]


def clip(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def rnd_half_up(x):
    return int(math.floor(x + 0.5))


def day_date(d):
    return (START + datetime.timedelta(days=d)).isoformat()


def is_holiday(d):
    dt = START + datetime.timedelta(days=d)
    md = (dt.month, dt.day)
    if (dt.month == 12 and dt.day >= 23) or (dt.month == 1 and dt.day <= 2):
        return True
    # a generic spring long weekend and a summer fortnight, the same for everybody
    if (4, 18) <= md <= (4, 21):
        return True
    return False


# ---------------------------------------------------------------- trajectories
class Item:
    """Expected shift of one item during an episode: rises S->P (power p), decays P->E (power q)."""

    def __init__(self, name, amp, S, P, E, p, q):
        self.name, self.amp, self.S, self.P, self.E, self.p, self.q = name, amp, S, P, E, p, q

    def at(self, t):
        if t <= self.S or t >= self.E:
            return 0.0
        if t <= self.P:
            return self.amp * ((t - self.S) / (self.P - self.S)) ** self.p
        return self.amp * (1.0 - (t - self.P) / (self.E - self.P)) ** self.q


def make_person(seed, idx, pid, days):
    rng = random.Random(f"sim9|{seed}|person|{pid}")
    g = pick(rng, GROUPS)
    P = {"person": pid, "group": g[0]}
    P["episode_rate"] = g[2] * math.exp(rng.gauss(0, 0.35))
    P["p_elevated"] = g[3]
    P["p_mixed"] = g[4]
    # participation span
    start = 0
    if rng.random() < 0.15:
        start = rng.randint(1, min(90, max(1, days // 4)))
    end = days - 1
    if rng.random() < 0.16:
        end = rng.randint(min(days - 1, start + 45), days - 1)
    P["start_day"], P["planned_end_day"] = start, end
    # mood scale use
    P["mood_base"] = round(clip(rng.gauss(6.6, 0.9), 4.5, 8.6), 2)
    P["scale_style"] = pick(rng, SCALE_STYLES)[0]
    P["range_mult"] = {"normal": 1.0, "floor4": 1.0, "wide": rng.uniform(1.4, 1.8),
                       "narrow": rng.uniform(0.5, 0.7), "sticky": 1.0}[P["scale_style"]]
    P["mood_noise_sd"] = round(rng.uniform(0.45, 1.05), 3)
    P["mood_ar"] = round(rng.uniform(0.25, 0.75), 3)
    P["weekend_mood"] = round(rng.uniform(-0.3, 0.8), 3)
    P["monday_dip"] = round(rng.uniform(0.3, 0.8), 3) if rng.random() < 0.3 else 0.0
    P["season_amp"] = round(rng.uniform(0.0, 1.2) if rng.random() < 0.6 else 0.0, 3)
    P["dep_depth"] = round(rng.uniform(5.0, 7.0), 3)
    P["elev_height"] = round(rng.uniform(2.0, 4.0), 3)
    # sleep
    P["sleep_base"] = round(clip(rng.gauss(7.2, 0.7), 5.0, 9.5), 2)
    P["sleep_sd"] = round(rng.uniform(0.4, 1.0), 3)
    P["weekend_sleep"] = round(rng.uniform(0.0, 1.2), 3)
    P["dep_sleep"] = "hypersomnia" if rng.random() < 0.35 else "insomnia"
    # anxiety
    P["anx_base"] = round(clip(rng.gauss(3.0, 1.3), 0.5, 6.5), 2)
    P["anx_sd"] = round(rng.uniform(0.5, 1.1), 3)
    P["anx_load"] = round(rng.uniform(0.2, 1.2), 3)
    r = rng.random()
    P["anx_timing"] = "leads" if r < 0.35 else ("lags" if r < 0.6 else "with_mood")
    P["anx_shift_days"] = {"leads": -rng.randint(3, 9), "lags": rng.randint(2, 6), "with_mood": 0}[P["anx_timing"]]
    # warning signs
    nsign = rng.choice([1, 2, 2, 3, 3])
    pool = []
    if g[3] > 0:
        pool.append(rng.choice(SIGNS_ELEV))
    while len(pool) < nsign:
        r = rng.random()
        src = SIGNS_DEP if r < 0.6 else (SIGNS_ELEV if r < 0.75 else SIGNS_BOTH)
        s = rng.choice(src)
        if s not in pool:
            pool.append(s)
    P["signs"] = pool
    P["sign_noise"] = round(rng.uniform(0.01, 0.08), 3)
    P["p_signs_in_episode"] = round(rng.uniform(0.35, 0.9), 3)
    P["p_signs_lead"] = round(rng.uniform(0.2, 0.8), 3)
    # medication
    p_med = {"general": 0.12, "recurrent_depression": 0.6, "bipolar": 0.85, "recent_discharge": 0.9}[g[0]]
    P["on_medication"] = rng.random() < p_med
    P["reports_medication"] = P["on_medication"] and rng.random() < 0.75
    P["adherence"] = round(rng.uniform(0.75, 0.99), 3)
    # writing
    P["writing_style"] = pick(rng, WRITING_STYLES)[0]
    P["vacation_start"] = rng.randint(150, 240) if rng.random() < 0.5 else -1
    P["vacation_len"] = rng.randint(5, 14)
    P["life_event_rate"] = round(rng.uniform(3.0, 10.0), 3)
    return P, rng


def schedule_episodes(P, rng, days, events):
    """Poisson onsets while at risk; no overlap; bipolar switches pole sometimes soon after."""
    eps = []
    start, end = P["start_day"], P["planned_end_day"]
    rate = P["episode_rate"] / 365.25
    decay = P["group"] == "recent_discharge"

    def next_onset(t0):
        # recently discharged people: hazard x(0.5 + 1.5*exp(-days since joining / 120)), by thinning
        t = t0
        while True:
            t += rng.expovariate(rate * (2.0 if decay else 1.0))
            if not decay or rng.random() < (0.5 + 1.5 * math.exp(-(t - start) / 120.0)) / 2.0:
                return t

    t = next_onset(start + 10) if rate > 0 else 10 ** 9
    prev_kind = None
    close_next = False
    last_recovered = -1
    while t < end:
        S = int(t)
        if P["p_elevated"] > 0 and prev_kind and close_next:
            kind = "depressive" if prev_kind == "elevated" else "elevated"
        else:
            kind = "elevated" if rng.random() < P["p_elevated"] else "depressive"
        mixed = rng.random() < P["p_mixed"]
        r = rng.random()
        size = "small" if r < 0.40 else ("moderate" if r < 0.78 else "large")
        A = {"small": rng.uniform(0.33, 0.5), "moderate": rng.uniform(0.5, 0.75),
             "large": rng.uniform(0.75, 1.0)}[size]
        r = rng.random()
        if kind == "elevated":
            r -= 0.15  # elevated episodes are more often fast
        if r < 0.28:
            L = rng.randint(2, 5) if rng.random() < 0.7 else 2
            rise_class = "fast"
        elif r < 0.72:
            L = rng.randint(7, 18)
            rise_class = "medium"
        else:
            L = rng.randint(21, 45)
            rise_class = "slow"
        p = rng.uniform(0.6, 2.0)
        q = rng.uniform(0.7, 2.0)
        R = int(rng.uniform(10, 25) + A * rng.uniform(10, 45))
        peak = S + L
        items = build_items(P, rng, kind, mixed, A, S, peak, R, p, q)
        onset, recovered = onset_recovered(items, peak)
        if peak > end - 1:
            break  # would peak after the person stops writing: not generated
        if onset < start + 7:
            t = t + (start + 7 - onset) + 1  # keep some baseline before the first episode
            continue
        if onset <= last_recovered:
            t = t + (last_recovered - onset) + 1  # episodes may be close together but not overlap
            continue
        lbl = peak - onset
        speed = "fast" if lbl <= 6 else ("medium" if lbl <= 20 else "slow")
        ep = {"kind": kind, "onset": onset, "peak": peak, "recovered": recovered, "speed": speed,
              "size": size, "mixed": mixed, "A": A, "items": items, "mood_start": S, "rise_class": rise_class}
        eps.append(ep)
        prev_kind = kind
        last_recovered = recovered
        # episode-triggered dropout (after the worst day)
        if rng.random() < 0.10:
            new_end = min(end, peak + rng.randint(2, 20))
            if new_end < end:
                end = new_end
                events.append((new_end, "dropout_after_episode", f"stopped writing after episode peaking {day_date(peak)}"))
                break
        close_next = P["p_elevated"] > 0 and rng.random() < 0.25
        if close_next or rng.random() < 0.06:
            t = recovered + rng.randint(3, 21)
        else:
            t = next_onset(recovered + 7)
    P["end_day"] = end
    return eps


def build_items(P, rng, kind, mixed, A, S, peak, R, p, q):
    items = []
    E = peak + R
    if kind == "depressive":
        mood_amp = -A * P["dep_depth"] * (0.8 if mixed else 1.0)
        if mixed or P["dep_sleep"] == "insomnia":
            sleep_amp = -A * rng.uniform(1.5, 3.0)
        else:
            sleep_amp = A * rng.uniform(1.5, 3.0)
        anx_amp = A * (rng.uniform(4.0, 6.0) if mixed else P["anx_load"] * rng.uniform(3.0, 6.0))
        sign_poles = ("dep", "both") if not mixed else ("dep", "both", "elev")
        sleep_lead = rng.randint(0, 3)
    else:
        if mixed:
            mood_amp = -A * rng.uniform(1.0, 2.5)
            anx_amp = A * rng.uniform(4.0, 6.0)
            sign_poles = ("elev", "both", "dep")
        else:
            mood_amp = A * P["elev_height"]
            anx_amp = A * rng.uniform(0.0, 2.0)
            sign_poles = ("elev", "both")
        sleep_amp = -A * rng.uniform(2.5, 4.5)
        sleep_lead = rng.randint(1, 6)
    items.append(Item("mood", mood_amp, S, peak, E, p, q))
    items.append(Item("sleep", sleep_amp, S - sleep_lead, peak, E - rng.randint(0, R // 3), p, q))
    sh = P["anx_shift_days"]
    items.append(Item("anxiety", anx_amp, S + sh, peak + sh, E + sh, p, q))
    if rng.random() < P["p_signs_in_episode"]:
        lead = rng.randint(3, 14) if rng.random() < P["p_signs_lead"] else -rng.randint(0, max(0, min(5, peak - S - 1)))
        for s in P["signs"]:
            pole = "elev" if s in SIGNS_ELEV else ("both" if s in SIGNS_BOTH else "dep")
            if pole in sign_poles and rng.random() < 0.85:
                amp = A * rng.uniform(2.5, 4.2)
                items.append(Item("sign:" + s, amp, S - lead, peak, E - rng.randint(0, R // 2), rng.uniform(0.6, 1.5), q))
    return items


def onset_recovered(items, peak):
    onset = peak
    lo = min(it.S for it in items)
    for it in items:
        thr = ONSET_FRAC * abs(it.amp)
        if abs(it.amp) < 0.3:
            continue
        for t in range(it.S, it.P + 1):
            if abs(it.at(t)) >= thr:
                onset = min(onset, t)
                break
    hi = max(it.E for it in items)
    recovered = hi
    for t in range(peak + 1, hi + 1):
        if all(abs(it.at(t)) < RECOVER_FRAC * abs(it.amp) or abs(it.amp) < 0.3 for it in items):
            recovered = t
            break
    del lo
    return onset, recovered


def simulate_person(seed, idx, pid, days):
    P, rng = make_person(seed, idx, pid, days)
    events = []
    eps = schedule_episodes(P, rng, days, events)
    start, end = P["start_day"], P["end_day"]
    n = days
    # ---- exogenous, non-episode influences
    mood_x = [0.0] * n
    anx_x = [0.0] * n
    sleep_x = [0.0] * n
    sign_x = [[0.0] * n for _ in P["signs"]]
    unwell_x = [0.0] * n   # drives writing behaviour
    adh = [P["adherence"]] * n
    on_med = [P["on_medication"]] * n
    # seasons (lower mood / more sleep in mid-winter)
    for d in range(n):
        doy = (START + datetime.timedelta(days=d)).timetuple().tm_yday
        c = math.cos(2 * math.pi * (doy - 15) / 365.25)
        mood_x[d] -= P["season_amp"] * c
        sleep_x[d] += 0.4 * P["season_amp"] * c
    # a lasting life change (new job, move, break-up) = slow drift, not an episode
    if rng.random() < 0.3:
        d0 = rng.randint(start, max(start, end))
        ramp = rng.randint(7, 30)
        dm = rng.uniform(-1.5, 1.5)
        da = -dm * rng.uniform(0.2, 0.8)
        what = rng.choice(["new job", "moved house", "relationship ended", "new relationship",
                           "started studying", "lost job"])
        events.append((d0, "drift", f"{what}: mood {dm:+.2f}, anxiety {da:+.2f} over {ramp} days"))
        for d in range(d0, n):
            f = min(1.0, (d - d0) / ramp)
            mood_x[d] += dm * f
            anx_x[d] += da * f
    # short life events
    t = start + rng.expovariate(P["life_event_rate"] / 365.25)
    while t < end:
        d0 = int(t)
        if rng.random() < 0.65:
            m = -rng.uniform(1.0, 3.0)
            a = rng.uniform(0.5, 3.0)
            sl = -rng.uniform(0.0, 1.5)
            dur = rng.randint(2, 7)
            what = rng.choice(["argument", "bereavement", "exam", "illness", "money worry", "work deadline"])
            sg = rng.randrange(len(P["signs"])) if rng.random() < 0.3 else -1
        else:
            m = rng.uniform(1.0, 2.0)
            a = -rng.uniform(0.0, 1.0)
            sl = rng.uniform(-0.5, 0.5)
            dur = rng.randint(1, 4)
            what = rng.choice(["good news", "visit from family", "holiday trip", "party"])
            sg = -1
        events.append((d0, "life_event", f"{what}: mood {m:+.2f} for {dur} days"))
        for k in range(dur):
            d = d0 + k
            if d >= n:
                break
            f = 1.0 - k / dur
            mood_x[d] += m * f
            anx_x[d] += a * f
            sleep_x[d] += sl * f
            if sg >= 0:
                sign_x[sg][d] += 1.5 * f
            if m < 0:
                unwell_x[d] = max(unwell_x[d], 0.3 * f)
        t += rng.expovariate(P["life_event_rate"] / 365.25)
    # medication changes unrelated to episodes
    if P["on_medication"] and rng.random() < 0.35:
        d0 = rng.randint(start, max(start, end))
        if rng.random() < 0.5:
            events.append((d0, "medication_change", "dose changed (sleep +0.6h for 2 weeks)"))
            for d in range(d0, min(n, d0 + 14)):
                sleep_x[d] += 0.6
        else:
            events.append((d0, "medication_change", "switched medication (mood dips 0.8 then settles over 3 weeks)"))
            for d in range(d0, min(n, d0 + 21)):
                mood_x[d] -= 0.8 * (1 - (d - d0) / 21)
                sleep_x[d] += 0.4
                anx_x[d] += 0.5 * (1 - (d - d0) / 21)
    # episodes
    epi = {"mood": [0.0] * n, "sleep": [0.0] * n, "anxiety": [0.0] * n}
    sign_e = [[0.0] * n for _ in P["signs"]]
    mixed_osc = [0.0] * n
    for ep in eps:
        for it in ep["items"]:
            lo, hi = max(0, it.S), min(n, it.E + 1)
            for d in range(lo, hi):
                v = it.at(d)
                if it.name.startswith("sign:"):
                    sign_e[P["signs"].index(it.name[5:])][d] += v
                else:
                    epi[it.name][d] += v
            if it.name == "mood":
                for d in range(lo, hi):
                    unwell_x[d] = max(unwell_x[d], abs(it.at(d)) / max(1e-9, abs(it.amp)) * min(1.0, ep["A"] * 1.3))
                    if ep["mixed"]:
                        mixed_osc[d] = max(mixed_osc[d], abs(it.at(d)) / abs(it.amp) * ep["A"] * 2.0)
        # medication: stopping / poor adherence before some episodes
        if P["on_medication"] and rng.random() < 0.35:
            d0 = max(start, ep["onset"] - rng.randint(3, 25))
            d1 = min(n, ep["peak"] + rng.randint(3, 20))
            if rng.random() < 0.5:
                events.append((d0, "medication_change", f"stopped medication, restarted {day_date(d1 - 1)}"))
                for d in range(d0, d1):
                    on_med[d] = False
            else:
                events.append((d0, "adherence_drop", f"missing doses until {day_date(d1 - 1)}"))
                for d in range(d0, d1):
                    adh[d] = 0.35
        notes = []
        if ep["mixed"]:
            notes.append("mixed")
        sign_items = [it for it in ep["items"] if it.name.startswith("sign:")]
        if not sign_items:
            notes.append("no warning signs")
        elif min(it.S for it in sign_items) < ep["mood_start"]:
            notes.append(f"signs lead mood by {ep['mood_start'] - min(it.S for it in sign_items)}d")
        notes.append(f"anxiety {P['anx_timing']}")
        events.append((ep["onset"], "episode_onset", f"{ep['kind']} {ep['size']} {ep['speed']}; " + "; ".join(notes)))
    # ---- writing behaviour
    style = P["writing_style"]
    wrng = random.Random(f"sim9|{seed}|write|{pid}")
    written = [False] * n
    burst_on = True
    for d in range(start, end + 1):
        dow = (START + datetime.timedelta(days=d)).weekday()
        wk = dow >= 5
        u = unwell_x[d]
        if style == "diligent":
            p = 0.93 * (0.9 if wk else 1.0) - 0.3 * u
        elif style == "weekday":
            p = 0.85 * (0.4 if wk else 1.0) - 0.2 * u
        elif style == "avoidant_when_unwell":
            p = 0.78 * (0.85 if wk else 1.0) - 0.65 * u
        elif style == "writes_when_unwell":
            p = 0.10 + 0.85 * u
        else:  # sporadic, bursty
            if burst_on and wrng.random() < 0.08:
                burst_on = False
            elif not burst_on and wrng.random() < 0.15:
                burst_on = True
            p = (0.85 if burst_on else 0.08) - 0.2 * u
        if is_holiday(d):
            p *= 0.45
        if P["vacation_start"] >= 0 and P["vacation_start"] <= d < P["vacation_start"] + P["vacation_len"]:
            p *= 0.3
        written[d] = wrng.random() < clip(p, 0.01, 0.99)
    # guarantee first and last day of span exist for non-empty diaries? No: real spans start/end where they do.
    # ---- daily values
    nrng = random.Random(f"sim9|{seed}|noise|{pid}")
    rows = []
    e_m = 0.0
    last_mood = None
    for d in range(start, end + 1):
        dow = (START + datetime.timedelta(days=d)).weekday()
        wk = dow >= 5
        z = nrng.gauss(0, 1)
        e_m = P["mood_ar"] * e_m + P["mood_noise_sd"] * math.sqrt(1 - P["mood_ar"] ** 2) * z
        osc = mixed_osc[d] * nrng.uniform(-1, 1)
        mood_dev = (mood_x[d] + epi["mood"][d] + e_m + osc
                    + (P["weekend_mood"] if wk else 0.0) - (P["monday_dip"] if dow == 0 else 0.0))
        m = P["mood_base"] + P["range_mult"] * mood_dev
        if P["scale_style"] == "floor4" and m < P["mood_base"]:
            m = 4.0 + (m - 0.0) * (P["mood_base"] - 4.0) / P["mood_base"] if m > 0 else 4.0
        mood = int(clip(rnd_half_up(m), 0, 10))
        if P["scale_style"] == "sticky" and last_mood is not None and abs(mood - last_mood) <= 2 and nrng.random() < 0.5:
            mood = last_mood
        sl = (P["sleep_base"] + sleep_x[d] + epi["sleep"][d] + (P["weekend_sleep"] if wk else 0.0)
              + nrng.gauss(0, P["sleep_sd"]))
        sleep = clip(round(sl * 10) / 10.0, 0.0, 14.0)
        an = P["anx_base"] + anx_x[d] + epi["anxiety"][d] - 0.35 * e_m + nrng.gauss(0, P["anx_sd"]) + 0.5 * abs(osc)
        anx = int(clip(rnd_half_up(an), 0, 10))
        signs = []
        for k, s in enumerate(P["signs"]):
            v = sign_x[k][d] + sign_e[k][d] + nrng.gauss(0, 0.35)
            if nrng.random() < P["sign_noise"]:
                v += nrng.choice([1, 1, 2])
            signs.append(int(clip(rnd_half_up(v), 0, 4)))
        med = None
        if P["reports_medication"]:
            med = "yes" if (on_med[d] and nrng.random() < adh[d]) else "no"
        if not written[d]:
            continue
        last_mood = mood
        ds = day_date(d)
        rows.append((pid, ds, "mood", str(mood)))
        rows.append((pid, ds, "sleep", f"{sleep:.1f}"))
        rows.append((pid, ds, "anxiety", str(anx)))
        for k, s in enumerate(P["signs"]):
            rows.append((pid, ds, "sign:" + s, str(signs[k])))
        if med is not None:
            rows.append((pid, ds, "medication", med))
    if end < P["planned_end_day"] and not any(e[1] == "dropout_after_episode" for e in events):
        pass
    if P["planned_end_day"] < days - 1 and end == P["planned_end_day"]:
        events.append((end, "dropout", "stopped writing (unrelated to illness)"))
    if start > 0:
        events.append((start, "joined", "joined the study late"))
    return P, eps, rows, events


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, required=True)
    ap.add_argument("--days", type=int, required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    width = max(3, len(str(a.people)))
    people_rows, ep_rows, ev_rows = [], [], []
    with open(os.path.join(a.out, "diaries.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date", "item", "value"])
        for i in range(a.people):
            pid = f"p{i + 1:0{width}d}"
            P, eps, rows, events = simulate_person(a.seed, i, pid, a.days)
            w.writerows(rows)
            ndays = len({r[1] for r in rows})
            people_rows.append(P | {"n_written_days": ndays, "n_episodes": len(eps),
                                     "watch": P["group"] in WATCH_GROUPS})
            for ep in eps:
                ep_rows.append([pid, ep["kind"], day_date(ep["onset"]), day_date(ep["peak"]),
                                day_date(ep["recovered"]), ep["speed"], ep["size"]])
            for (d, kind, detail) in sorted(events, key=lambda e: (e[0], e[1], e[2])):
                ev_rows.append([pid, day_date(d), kind, detail])
    with open(os.path.join(a.out, "episodes.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "kind", "onset", "peak", "recovered", "speed", "size"])
        w.writerows(ep_rows)
    cols = ["person", "group", "watch", "episode_rate", "p_elevated", "p_mixed", "start_day", "planned_end_day",
            "end_day", "n_written_days", "n_episodes", "writing_style", "scale_style", "range_mult", "mood_base",
            "mood_noise_sd", "mood_ar", "weekend_mood", "monday_dip", "season_amp", "dep_depth", "elev_height",
            "sleep_base", "sleep_sd", "weekend_sleep", "dep_sleep", "anx_base", "anx_sd", "anx_load",
            "anx_timing", "anx_shift_days", "signs", "sign_noise", "p_signs_in_episode", "p_signs_lead",
            "on_medication", "reports_medication", "adherence", "vacation_start", "vacation_len",
            "life_event_rate"]
    with open(os.path.join(a.out, "people.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for P in people_rows:
            row = []
            for c in cols:
                v = P[c]
                if c == "signs":
                    v = "|".join(v)
                elif isinstance(v, float):
                    v = f"{v:.4f}"
                row.append(v)
            w.writerow(row)
    with open(os.path.join(a.out, "events.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date", "event", "detail"])
        w.writerows(ev_rows)


if __name__ == "__main__":
    main()

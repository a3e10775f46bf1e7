#!/usr/bin/env python3
"""Independent simulator of daily mood diaries with relapses (held-out set "sim4").

Python 3.11 standard library only. Deterministic: the same arguments give
byte-identical output. All numbers below are the author's judgement, not estimates
from real data; see README.md for the list of assumptions.

    python3 simulate.py --people 300 --days 365 --seed 41 --out DIR
"""
import argparse
import csv
import datetime
import math
import os
import random

START = datetime.date(2026, 1, 1)  # day 0

# Personal warning signs in people's own words, grouped by the pole they tend to
# respond to.  ("any" signs respond to both poles and to stress.)
SIGNS_DEP = [
    "not opening post", "staying in bed", "not answering the phone",
    "curtains closed all day", "skipping meals", "not showering",
    "cancelling plans", "not walking the dog", "crying a lot",
    "cant face work", "stopped reading", "ignoring messages",
    "not cooking", "sleeping in the day",
]
SIGNS_ELEV = [
    "racing thoughts", "spending money", "talking fast",
    "starting new projects", "up all night", "buying things online",
    "feeling invincible", "ringing lots of people", "cleaning at 3am",
]
SIGNS_ANY = [
    "irritable with family", "drinking more", "cant concentrate",
    "snapping at people", "feeling on edge", "smoking more",
    "everyone is against me", "pacing",
]


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def lognorm(rng, median, sigma, lo, hi):
    return clamp(median * math.exp(rng.gauss(0.0, sigma)), lo, hi)


def pick(rng, table):
    """table: list of (value, weight)."""
    total = sum(w for _, w in table)
    r = rng.random() * total
    for v, w in table:
        r -= w
        if r < 0:
            return v
    return table[-1][0]


def stoch_round(rng, x):
    f = math.floor(x)
    return int(f + (1 if rng.random() < x - f else 0))


# ----------------------------------------------------------------------------
# Person
# ----------------------------------------------------------------------------

def make_person(rng, idx, days):
    P = {"id": "p%03d" % (idx + 1)}
    P["watch_high"] = rng.random() < 0.30
    P["prone"] = rng.random() < 0.64           # can have episodes this year
    # --- writing style -------------------------------------------------------
    P["write_type"] = pick(rng, [("less", 0.60), ("same", 0.25), ("more", 0.11), ("only_unwell", 0.04)])
    if P["write_type"] == "only_unwell":
        P["prone"] = True
    P["base_write"] = clamp(rng.betavariate(5, 1.6), 0.25, 0.99)
    P["stick"] = rng.uniform(0.0, 0.6)
    P["weekend_write"] = rng.uniform(0.6, 1.05)
    P["unwell_cut"] = rng.uniform(0.3, 0.9)
    P["elev_write_more"] = rng.random() < 0.5
    P["start"] = rng.randint(5, min(150, max(5, days // 2))) if rng.random() < 0.10 else 0
    P["dropout"] = rng.random() < 0.08
    P["end"] = days  # may be changed after episodes are planned
    # --- mood ---------------------------------------------------------------
    band = pick(rng, [("low", 0.15), ("mid", 0.70), ("high", 0.15)])
    P["mood_base"] = {"low": rng.uniform(3.5, 5.0), "mid": rng.uniform(5.0, 7.5), "high": rng.uniform(7.5, 9.0)}[band]
    P["mood_sd"] = lognorm(rng, 0.85, 0.45, 0.3, 2.3)
    P["mood_phi"] = rng.uniform(0.15, 0.85)
    P["weekend_mood"] = rng.gauss(0.3, 0.45)
    P["monday_mood"] = rng.gauss(-0.15, 0.3)
    P["drift_sd"] = rng.uniform(0.0, 1.2)
    P["drift_knot"] = rng.randint(30, 75)
    P["season_amp"] = rng.uniform(0.2, 0.9) if rng.random() < 0.4 else 0.0
    if rng.random() < 0.35:  # uses only part of the scale
        P["compress"] = rng.uniform(0.5, 0.85)
        P["floor"] = rng.randint(1, 4)
        P["ceil"] = rng.randint(7, 9)
    else:
        P["compress"] = 1.0
        P["floor"] = 0
        P["ceil"] = 10
    P["mood_anchor_p"] = rng.uniform(0.4, 0.8) if rng.random() < 0.30 else rng.uniform(0.0, 0.2)
    # --- anxiety -------------------------------------------------------------
    P["anx_base"] = rng.uniform(1.0, 6.0)
    P["anx_sd"] = lognorm(rng, 0.8, 0.45, 0.25, 2.0)
    P["anx_phi"] = rng.uniform(0.2, 0.8)
    P["anx_rho"] = rng.uniform(0.0, 0.6)  # daily shocks shared (negatively) with mood
    P["anx_type"] = pick(rng, [("lead", 0.30), ("concurrent", 0.40), ("flat", 0.30)])
    P["anx_lead"] = rng.randint(5, 21)
    P["anx_amp"] = rng.uniform(1.5, 4.0)
    P["anx_sunday"] = rng.uniform(0.0, 0.8) if rng.random() < 0.5 else 0.0
    P["anx_anchor_p"] = rng.uniform(0.0, 0.5)
    # --- sleep ---------------------------------------------------------------
    P["sleep_base"] = rng.uniform(5.5, 8.5)
    P["sleep_sd"] = lognorm(rng, 0.7, 0.35, 0.3, 1.5)
    P["sleep_phi"] = rng.uniform(0.0, 0.5)
    P["sleep_weekend"] = rng.uniform(0.0, 1.5)
    P["sleep_pref"] = pick(rng, [("up", 0.35), ("down", 0.45), ("none", 0.20)])
    P["sleep_anchor_p"] = rng.uniform(0.0, 0.5) if rng.random() < 0.4 else 0.0
    # --- medication ------------------------------------------------------------
    P["med"] = rng.random() < 0.40
    P["med_adh"] = rng.uniform(0.90, 0.995)
    # --- item skipping ---------------------------------------------------------
    P["skip"] = {"mood": rng.uniform(0, 0.02), "sleep": rng.uniform(0, 0.08),
                 "anxiety": rng.uniform(0, 0.05), "sign": rng.uniform(0, 0.10),
                 "medication": rng.uniform(0, 0.05)}
    # --- warning signs -------------------------------------------------------
    P["sign_lead_type"] = pick(rng, [("early", 0.40), ("with", 0.45), ("late", 0.15)])
    nsig = pick(rng, [(1, 0.35), (2, 0.40), (3, 0.25)])
    pool = [(s, "dep") for s in SIGNS_DEP] + [(s, "any") for s in SIGNS_ANY]
    chosen = []
    if P["watch_high"] and rng.random() < 0.7:
        chosen.append((rng.choice(SIGNS_ELEV), "elev"))
        pool += [(s, "elev") for s in SIGNS_ELEV if s != chosen[0][0]]
    while len(chosen) < nsig:
        c = rng.choice(pool)
        if c[0] not in [x[0] for x in chosen]:
            chosen.append(c)
    P["signs"] = []
    for name, pole in chosen:
        gain = pick(rng, [("strong", 0.5), ("weak", 0.3), ("none", 0.2)])
        g = {"strong": rng.uniform(2.0, 3.5), "weak": rng.uniform(0.8, 2.0), "none": rng.uniform(0.0, 0.3)}[gain]
        if P["sign_lead_type"] == "early":
            lead = rng.randint(3, 14)
        elif P["sign_lead_type"] == "with":
            lead = rng.randint(0, 2)
        else:
            lead = -rng.randint(1, 5)
        P["signs"].append({"name": name, "pole": pole, "gain": g, "lead": lead,
                           "base": rng.uniform(-0.3, 1.2), "sd": rng.uniform(0.2, 0.8),
                           "phi": rng.uniform(0.3, 0.8)})
    return P


# ----------------------------------------------------------------------------
# Episodes
# ----------------------------------------------------------------------------

SIZE_D = {"depressive": {"small": (1.8, 2.8), "moderate": (2.8, 4.0), "large": (4.0, 6.0)},
          "elevated": {"small": (1.5, 2.3), "moderate": (2.3, 3.3), "large": (3.3, 4.8)}}


def draw_episode(rng, P, kind=None):
    if kind is None:
        kind = "elevated" if (P["watch_high"] and rng.random() < 0.50) else "depressive"
    size = pick(rng, [("small", 0.35), ("moderate", 0.40), ("large", 0.25)])
    lo, hi = SIZE_D[kind][size]
    speed_pick = pick(rng, [("fast", 0.50 if kind == "elevated" else 0.25),
                            ("medium", 0.35 if kind == "elevated" else 0.42),
                            ("slow", 0.15 if kind == "elevated" else 0.33)])
    rise = {"fast": rng.randint(2, 6), "medium": rng.randint(7, 20), "slow": rng.randint(21, 56)}[speed_pick]
    plateau = {"small": rng.randint(0, 5), "moderate": rng.randint(0, 14), "large": rng.randint(3, 21)}[size]
    rec = {"small": rng.randint(7, 25), "moderate": rng.randint(14, 45), "large": rng.randint(21, 70)}[size]
    if kind == "elevated":
        rec = max(7, int(rec * 0.7))
    ep = {"kind": kind, "size": size, "D": rng.uniform(lo, hi), "rise": rise,
          "plateau": plateau, "rec": rec,
          "rise_shape": rng.uniform(0.6, 2.5), "rec_shape": rng.uniform(0.7, 2.5),
          "mixed": P["watch_high"] and rng.random() < 0.20,
          "insight": rng.uniform(0.4, 1.0) if (kind == "elevated" and rng.random() < 0.4) else 1.0,
          "vol": rng.uniform(0.6, 1.5),
          "sleep_dir": None, "sleep_amp": rng.uniform(1.0, 3.5), "sleep_lead": rng.randint(0, 7),
          "med_stop": P["med"] and rng.random() < (0.45 if kind == "elevated" else 0.35),
          "med_from": rng.randint(3, 28), "med_to": rng.randint(0, 21)}
    if kind == "depressive":
        ep["sleep_dir"] = P["sleep_pref"] if rng.random() < 0.75 else pick(rng, [("up", 0.35), ("down", 0.45), ("none", 0.2)])
    else:
        ep["sleep_dir"] = "down"
        ep["sleep_amp"] = rng.uniform(1.5, 4.5)
    if ep["mixed"]:
        ep["D"] *= 0.6
        ep["vol"] = rng.uniform(1.8, 2.5)
        ep["sleep_dir"] = "down"
    return ep


def set_times(ep, onset):
    ep["onset"] = onset
    ep["peak"] = onset + ep["rise"]
    ep["plateau_end"] = ep["peak"] + ep["plateau"]
    ep["recovered"] = ep["plateau_end"] + ep["rec"]


def plan_episodes(rng, P, days):
    if not P["prone"]:
        return []
    k = pick(rng, [(1, 0.84), (2, 0.13), (3, 0.03)])
    k = stoch_round(rng, k * days / 365.0)
    if P["write_type"] == "only_unwell":
        k = max(k, 1)
    first_ok = P["start"] + 14
    eps = []
    for j in range(k):
        close = bool(eps) and rng.random() < 0.40
        kind = None
        if close and P["watch_high"] and rng.random() < 0.6:
            kind = "depressive" if eps[-1]["kind"] == "elevated" else "elevated"
        ep = draw_episode(rng, P, kind)
        placed = False
        if close:
            onset = eps[-1]["recovered"] + rng.randint(0, 21)
            if onset + ep["rise"] <= days - 1:
                set_times(ep, onset)
                placed = True
        if not placed:
            for _ in range(200):
                hi = days - 1 - ep["rise"]
                if hi < first_ok:
                    break
                onset = rng.randint(first_ok, hi)
                set_times(ep, onset)
                if all(ep["recovered"] + 30 <= o["onset"] or o["recovered"] + 30 <= ep["onset"] for o in eps):
                    placed = True
                    break
        if placed:
            eps.append(ep)
            eps.sort(key=lambda e: e["onset"])
    for ep in eps:
        ep["speed"] = "fast" if ep["rise"] <= 6 else ("medium" if ep["rise"] <= 20 else "slow")
    return eps


def frac(ep, t):
    """Latent severity of an episode on day t, 0..1 (1 at the peak)."""
    o, p, pe, r = ep["onset"], ep["peak"], ep["plateau_end"], ep["recovered"]
    if t < o or t >= r:
        return 0.0
    if t <= p:
        return ((t - o + 1) / (p - o + 1)) ** ep["rise_shape"]
    if t <= pe:
        return 0.95
    u = (t - pe) / (r - pe)
    return 0.95 * (1.0 - u) ** ep["rec_shape"]


def lead_frac(ep, t, lead, level):
    """Severity seen by a channel that starts moving `lead` days before onset."""
    f = frac(ep, t)
    if lead > 0 and ep["onset"] - lead <= t <= ep["peak"]:
        pre = level * min(1.0, (t - (ep["onset"] - lead) + 1) / lead)
        f = max(f, pre)
    elif lead < 0:  # lags behind mood
        f = frac(ep, t + lead) if t + lead >= ep["onset"] else 0.0
    return f


# ----------------------------------------------------------------------------
# Life events (dips that are not episodes)
# ----------------------------------------------------------------------------

EVENT_TYPES = [("row", 0.30), ("bereavement", 0.07), ("exam", 0.18), ("illness", 0.15),
               ("good_news", 0.18), ("money", 0.12)]


def plan_events(rng, days):
    rate = rng.uniform(1.5, 6.0) / 365.0
    evs = []
    for t in range(days):
        if rng.random() < rate:
            typ = pick(rng, EVENT_TYPES)
            e = {"day": t, "type": typ}
            if typ == "row":
                e.update(m=-rng.uniform(1.0, 2.5), a=rng.uniform(1.0, 2.5), s=-rng.uniform(0.0, 1.0), sg=rng.uniform(0.0, 1.0), tau=rng.uniform(0.7, 2.0), pre=0)
            elif typ == "bereavement":
                e.update(m=-rng.uniform(2.5, 4.0), a=rng.uniform(0.5, 2.0), s=-rng.uniform(0.5, 2.0), sg=rng.uniform(0.5, 1.5), tau=rng.uniform(2.5, 5.0), pre=0)
            elif typ == "exam":
                e.update(m=-rng.uniform(0.5, 1.5), a=rng.uniform(2.0, 4.0), s=-rng.uniform(0.5, 1.5), sg=rng.uniform(0.0, 0.8), tau=rng.uniform(0.5, 1.2), pre=rng.randint(3, 7))
            elif typ == "illness":
                e.update(m=-rng.uniform(1.0, 2.0), a=rng.uniform(0.0, 1.0), s=rng.uniform(1.0, 2.5), sg=rng.uniform(0.0, 1.0), tau=rng.uniform(2.0, 4.0), pre=0)
            elif typ == "good_news":
                e.update(m=rng.uniform(1.0, 2.5), a=-rng.uniform(0.0, 1.0), s=-rng.uniform(0.0, 1.5), sg=0.0, tau=rng.uniform(0.5, 1.5), pre=0)
            else:  # money worry / benefits letter
                e.update(m=-rng.uniform(0.5, 1.5), a=rng.uniform(1.5, 3.0), s=-rng.uniform(0.0, 1.0), sg=rng.uniform(0.3, 1.2), tau=rng.uniform(2.0, 5.0), pre=0)
            evs.append(e)
    return evs


def event_arrays(evs, days):
    m = [0.0] * days
    a = [0.0] * days
    s = [0.0] * days
    sg = [0.0] * days
    for e in evs:
        d0 = e["day"]
        for t in range(max(0, d0 - e["pre"]), min(days, d0 + 15)):
            if t < d0:  # anticipation (exams, interviews)
                w = (t - (d0 - e["pre"]) + 1) / (e["pre"] + 1)
                a[t] += e["a"] * w
                m[t] += e["m"] * w
                s[t] += e["s"] * w
                continue
            w = math.exp(-(t - d0) / e["tau"])
            m[t] += e["m"] * w
            a[t] += e["a"] * w
            s[t] += e["s"] * w
            sg[t] += e["sg"] * w
    return m, a, s, sg


# ----------------------------------------------------------------------------
# Daily generation
# ----------------------------------------------------------------------------

def smooth_drift(rng, days, sd, knot):
    if sd <= 0:
        return [0.0] * days
    nk = days // knot + 2
    vals = [rng.gauss(0.0, sd) for _ in range(nk)]
    out = []
    for t in range(days):
        i = t // knot
        u = (t % knot) / knot
        w = (1 - math.cos(math.pi * u)) / 2
        out.append(vals[i] * (1 - w) + vals[i + 1] * w)
    return out


def simulate_person(P, eps, evs, rng, days):
    rows = []
    n = days
    drift = smooth_drift(rng, n, P["drift_sd"], P["drift_knot"])
    ev_m, ev_a, ev_s, ev_sg = event_arrays(evs, n)

    # Episode channels
    mood_ep = [0.0] * n
    vol = [1.0] * n
    anx_ep = [0.0] * n
    sleep_ep = [0.0] * n
    sev_dep = [0.0] * n
    sev_elev = [0.0] * n
    sign_resp = {"dep": [0.0] * n, "elev": [0.0] * n}
    med_no = [False] * n
    for ep in eps:
        pole = -1.0 if ep["kind"] == "depressive" else 1.0
        lo = max(0, ep["onset"] - 30)
        hi = min(n, ep["recovered"] + 1)
        if ep["med_stop"]:
            for t in range(max(0, ep["onset"] - ep["med_from"]), min(n, ep["peak"] + ep["med_to"] + 1)):
                med_no[t] = True
        for t in range(lo, hi):
            f = frac(ep, t)
            mood_ep[t] += pole * ep["D"] * f * ep["insight"]
            if f > 0:
                vol[t] = max(vol[t], 1.0 + (ep["vol"] - 1.0) * f)
            if ep["kind"] == "depressive":
                sev_dep[t] = max(sev_dep[t], f)
            else:
                sev_elev[t] = max(sev_elev[t], f)
            # anxiety
            scale = ep["D"] / 4.0
            atype = P["anx_type"]
            if ep["mixed"] and atype == "flat":
                atype = "concurrent"
            if ep["kind"] == "elevated" and not ep["mixed"]:
                amp = P["anx_amp"] * 0.3 * scale if atype != "flat" else 0.0
            else:
                amp = P["anx_amp"] * scale * (1.5 if ep["mixed"] else 1.0)
            if atype == "lead":
                anx_ep[t] += amp * lead_frac(ep, t, P["anx_lead"], 0.6)
            elif atype == "concurrent":
                anx_ep[t] += amp * f
            # sleep
            sf = lead_frac(ep, t, ep["sleep_lead"], 0.5)
            sz = min(1.0, ep["D"] / 4.0)
            if ep["sleep_dir"] == "up":
                sleep_ep[t] += ep["sleep_amp"] * sz * sf
            elif ep["sleep_dir"] == "down":
                sleep_ep[t] -= ep["sleep_amp"] * sz * sf
            # signs: stored per lead later (lead differs per sign)
        ep["_pole"] = "dep" if ep["kind"] == "depressive" else "elev"

    def sign_level(sig, t):
        tot = 0.0
        for ep in eps:
            if t < ep["onset"] - 20 or t > ep["recovered"]:
                continue
            f = lead_frac(ep, t, sig["lead"], 0.55)
            if f <= 0:
                continue
            if sig["pole"] == "any" or ep["mixed"]:
                w = 1.0
            elif sig["pole"] == ep["_pole"]:
                w = 1.0
            else:
                w = 0.3
            tot += sig["gain"] * w * f * min(1.0, ep["D"] / 3.5 + 0.2)
        return tot

    # Writing availability
    blocked = [False] * n
    for t in range(0, min(n, P["start"])):
        blocked[t] = True
    for t in range(min(n, P["end"]), n):
        blocked[t] = True
    for _ in range(pick(rng, [(0, 0.35), (1, 0.45), (2, 0.20)])):  # holidays
        d0 = rng.randint(0, max(0, n - 1))
        for t in range(d0, min(n, d0 + rng.randint(4, 16))):
            blocked[t] = True
    if rng.random() < 0.20:  # stops altogether for weeks
        for _ in range(pick(rng, [(1, 0.75), (2, 0.25)])):
            d0 = rng.randint(0, max(0, n - 1))
            for t in range(d0, min(n, d0 + rng.randint(14, 56))):
                blocked[t] = True
    # medication lapses unrelated to episodes
    if P["med"]:
        for _ in range(pick(rng, [(0, 0.5), (1, 0.35), (2, 0.15)])):
            d0 = rng.randint(0, max(0, n - 1))
            for t in range(d0, min(n, d0 + rng.randint(2, 10))):
                med_no[t] = True

    # Reporting helpers
    mood_anchor = int(round(clamp(P["mood_base"], 0, 10)))
    centre = P["mood_base"]

    def report_mood(x):
        x = centre + P["compress"] * (x - centre)
        if x < P["floor"]:
            x = P["floor"] - (P["floor"] - x) * 0.35
        if x > P["ceil"]:
            x = P["ceil"] + (x - P["ceil"]) * 0.35
        v = int(round(clamp(x, 0.0, 10.0)))
        if abs(x - mood_anchor) <= 1.5 and rng.random() < P["mood_anchor_p"]:
            v = mood_anchor
        return v

    anx_anchor = int(round(P["anx_base"]))
    sleep_anchor = round(P["sleep_base"] * 2) / 2

    ar_m = rng.gauss(0, P["mood_sd"])
    ar_a = rng.gauss(0, P["anx_sd"])
    ar_s = 0.0
    ar_sig = [0.0 for _ in P["signs"]]
    wrote_prev = 1.0
    for t in range(n):
        date = START + datetime.timedelta(days=t)
        dow = date.weekday()  # Mon=0 .. Sun=6
        # --- latent mood ---
        shock_m = rng.gauss(0, 1)
        ar_m = P["mood_phi"] * ar_m + P["mood_sd"] * math.sqrt(1 - P["mood_phi"] ** 2) * shock_m
        weekly = P["weekend_mood"] if dow >= 5 else (P["monday_mood"] if dow == 0 else 0.0)
        season = -P["season_amp"] * math.cos(2 * math.pi * (t - 20) / 365.25)
        mood_x = P["mood_base"] + weekly + drift[t] + season + ar_m * vol[t] + ev_m[t] + mood_ep[t]
        # --- anxiety ---
        shock_a = -P["anx_rho"] * shock_m + math.sqrt(1 - P["anx_rho"] ** 2) * rng.gauss(0, 1)
        ar_a = P["anx_phi"] * ar_a + P["anx_sd"] * math.sqrt(1 - P["anx_phi"] ** 2) * shock_a
        anx_x = P["anx_base"] + ar_a + ev_a[t] + anx_ep[t] + (P["anx_sunday"] if dow in (6, 0) else 0.0) - 0.25 * drift[t]
        # --- sleep ---
        ar_s = P["sleep_phi"] * ar_s + P["sleep_sd"] * math.sqrt(1 - P["sleep_phi"] ** 2) * rng.gauss(0, 1)
        sleep_x = P["sleep_base"] + ar_s + ev_s[t] + sleep_ep[t] + (P["sleep_weekend"] if dow >= 5 else 0.0)
        # --- signs ---
        sig_vals = []
        for i, sig in enumerate(P["signs"]):
            ar_sig[i] = sig["phi"] * ar_sig[i] + sig["sd"] * math.sqrt(1 - sig["phi"] ** 2) * rng.gauss(0, 1)
            ev_part = ev_sg[t] if sig["pole"] in ("dep", "any") else 0.0
            x = sig["base"] + ar_sig[i] + sign_level(sig, t) + ev_part
            sig_vals.append(int(clamp(math.floor(x + 0.4), 0, 4)))
        # --- medication ---
        if P["med"]:
            med = "no" if (rng.random() < (0.9 if med_no[t] else 1 - P["med_adh"])) else "yes"
        # --- writing decision ---
        sev_d, sev_e = sev_dep[t], sev_elev[t]
        ev_dist = clamp(max(-ev_m[t], ev_a[t] * 0.7) / 3.0, 0.0, 1.0)
        u_write = rng.random()
        if blocked[t]:
            wrote = False
        else:
            wt = P["write_type"]
            if wt == "only_unwell":
                p = 0.03 + 0.80 * clamp(1.5 * max(sev_d, sev_e, ev_dist), 0.0, 1.0)
            else:
                p = P["base_write"] * (P["weekend_write"] if dow >= 5 else 1.0)
                if wt == "less":
                    p *= 1.0 - P["unwell_cut"] * sev_d
                elif wt == "more":
                    p = p + (1 - p) * 0.6 * sev_d
                if sev_e > 0:
                    if P["elev_write_more"]:
                        p = p + (1 - p) * 0.5 * sev_e
                    else:
                        p *= 1.0 - 0.6 * sev_e
                p = p + P["stick"] * (wrote_prev - p)
            wrote = u_write < clamp(p, 0.0, 1.0)
        # draw reports regardless (keeps the random stream independent of writing)
        mood_v = report_mood(mood_x)
        anx_v = int(round(clamp(anx_x, 0, 10)))
        if abs(anx_x - anx_anchor) <= 1.0 and rng.random() < P["anx_anchor_p"]:
            anx_v = anx_anchor
        sleep_v = clamp(round(sleep_x * 2) / 2, 0.0, 14.0)
        if abs(sleep_x - sleep_anchor) <= 1.0 and rng.random() < P["sleep_anchor_p"]:
            sleep_v = sleep_anchor
        skips = {k: rng.random() < v for k, v in P["skip"].items()}
        sign_skip = [rng.random() < P["skip"]["sign"] for _ in P["signs"]]
        wrote_prev = 1.0 if wrote else 0.0
        if not wrote:
            continue
        ds = date.isoformat()
        day_rows = []
        if not skips["mood"]:
            day_rows.append(("mood", str(mood_v)))
        if not skips["sleep"]:
            day_rows.append(("sleep", "%.1f" % sleep_v))
        if not skips["anxiety"]:
            day_rows.append(("anxiety", str(anx_v)))
        for sig, v, sk in zip(P["signs"], sig_vals, sign_skip):
            if not sk:
                day_rows.append(("sign:" + sig["name"], str(v)))
        if P["med"] and not skips["medication"]:
            day_rows.append(("medication", med))
        if not day_rows:
            day_rows.append(("mood", str(mood_v)))
        for item, val in day_rows:
            rows.append((P["id"], ds, item, val))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=41)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    days = args.days

    all_rows, all_eps, people = [], [], []
    for i in range(args.people):
        prng = random.Random("sim4/%d/person/%d" % (args.seed, i))
        P = make_person(prng, i, days)
        eps = plan_episodes(prng, P, days)
        if P["dropout"]:
            if eps and prng.random() < 0.5:
                last = eps[-1]  # stops writing because unwell
                P["end"] = prng.randint(last["onset"], last["peak"])
            else:
                P["end"] = prng.randint(min(90, days - 1), max(min(90, days - 1), days - 10))
                eps_kept = [e for e in eps if e["onset"] < P["end"] - 7]
                eps = eps_kept
        evs = plan_events(prng, days)
        all_rows.extend(simulate_person(P, eps, evs, prng, days))
        people.append((P["id"], "yes" if P["watch_high"] else "no"))
        for e in eps:
            all_eps.append((P["id"], e["kind"], (START + datetime.timedelta(days=e["onset"])).isoformat(),
                            (START + datetime.timedelta(days=e["peak"])).isoformat(),
                            (START + datetime.timedelta(days=e["recovered"])).isoformat(),
                            e["speed"], e["size"]))

    def write(name, header, rows):
        with open(os.path.join(args.out, name), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    write("diaries.csv", ["person", "date", "item", "value"], all_rows)
    write("episodes.csv", ["person", "kind", "onset", "peak", "recovered", "speed", "size"], all_eps)
    write("people.csv", ["person", "watch_high_mood"], people)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Synthetic mood-diary simulator with relapse episodes (held-out test data).

Everything here is synthetic and reflects the author's own judgement.
Python 3.11 standard library only.  Deterministic per seed.
"""
import argparse
import csv
import datetime as dt
import math
import os
import random

START = dt.date(2025, 1, 1)

DEP_SIGNS = ["withdrawing from people", "staying in bed", "not eating properly",
             "crying a lot", "hopeless thoughts", "not answering the phone",
             "skipping showers", "feeling like a burden"]
ELEV_SIGNS = ["racing thoughts", "spending money", "talking fast",
              "starting lots of projects", "feeling invincible",
              "staying up all night"]
GEN_SIGNS = ["irritable", "cannot concentrate", "arguing with family",
             "drinking more", "feeling on edge"]

# UK (England) bank holidays 2025/2026 (only those inside the window matter)
BANK_HOLIDAYS = {dt.date(2025, 1, 1), dt.date(2025, 4, 18), dt.date(2025, 4, 21),
                 dt.date(2025, 5, 5), dt.date(2025, 5, 26), dt.date(2025, 8, 25),
                 dt.date(2025, 12, 25), dt.date(2025, 12, 26), dt.date(2026, 1, 1),
                 dt.date(2026, 4, 3), dt.date(2026, 4, 6)}


def clip(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def pick_weighted(rng, items):
    r = rng.random() * sum(w for _, w in items)
    for v, w in items:
        r -= w
        if r <= 0:
            return v
    return items[-1][0]


def make_person(rng, idx, days):
    p = {"id": "p%03d" % (idx + 1)}
    p["group"] = pick_weighted(rng, [("stable", 0.30), ("recurrent_depression", 0.45),
                                     ("bipolar", 0.25)])
    p["rate"] = {"stable": 0.2, "recurrent_depression": 1.2,
                 "bipolar": 1.7}[p["group"]] * math.exp(rng.gauss(0, 0.35))
    p["p_elevated"] = rng.uniform(0.45, 0.65) if p["group"] == "bipolar" else 0.0
    # start / stop of the diary
    p["start"] = 0 if rng.random() < 0.88 else rng.randint(14, 100)
    p["dropout"] = rng.randint(150, days - 20) if rng.random() < 0.07 else None
    # mood level, noise
    p["mood_base"] = clip(rng.gauss(6.2, 1.0), 3.5, 8.5)
    p["mood_sd"] = rng.uniform(0.45, 1.5)
    p["mood_phi"] = rng.uniform(0.2, 0.75)
    p["mood_sens"] = math.exp(rng.gauss(0, 0.2))
    p["season_amp"] = rng.choice([0.0, 0.2, 0.4, 0.6, 0.8, 1.4]) if rng.random() < 0.8 else 0.0
    p["weekend"] = pick_weighted(rng, [("lift", 0.4), ("monday_dip", 0.2),
                                       ("sunday_low", 0.15), ("none", 0.25)])
    p["weekend_size"] = rng.uniform(0.2, 0.9)
    p["xmas"] = pick_weighted(rng, [(-1.8, 0.15), (-0.9, 0.2), (0.0, 0.35), (0.6, 0.3)])
    p["summer_break"] = rng.randint(150, 240) if rng.random() < 0.5 else None
    # gradual non-episode drift
    if rng.random() < 0.25:
        a = rng.randint(20, days - 120)
        b = a + rng.randint(60, 160)
        p["drift"] = (a, b, rng.choice([-1, 1]) * rng.uniform(0.8, 1.8),
                      rng.random() < 0.4)  # returns to baseline afterwards?
    else:
        p["drift"] = None
    # scale use
    p["narrow"] = rng.random() < 0.12
    p["compress"] = rng.uniform(0.3, 0.5) if p["narrow"] else 1.0
    p["center"] = round(p["mood_base"])
    r = rng.random()
    if r < 0.18:
        p["scale_change"] = ("shift", rng.randint(60, days - 60),
                             rng.choice([-1, 1]) * rng.uniform(0.7, 1.5))
    elif r < 0.28:
        p["scale_change"] = ("compress", rng.randint(60, days - 60),
                             rng.uniform(0.45, 0.7) if not p["narrow"] else 1.8)
    else:
        p["scale_change"] = None
    # sleep
    p["sleep_base"] = clip(rng.gauss(7.2, 0.7), 5.0, 9.5)
    p["sleep_sd"] = rng.uniform(0.4, 1.2)
    p["sleep_weekend"] = rng.uniform(0.0, 1.2)
    p["sleep_dep"] = pick_weighted(rng, [("insomnia", 0.55), ("hypersomnia", 0.25),
                                         ("none", 0.20)])
    p["sleep_dep_size"] = rng.uniform(1.0, 2.5)
    p["sleep_elev_size"] = rng.uniform(1.5, 4.0)
    p["sleep_elev_lead"] = rng.randint(2, 8)
    # anxiety
    p["anx_base"] = clip(rng.gauss(3.2, 1.4), 0.3, 7.0)
    p["anx_sd"] = rng.uniform(0.4, 1.4)
    p["anx_phi"] = rng.uniform(0.1, 0.6)
    p["anx_with_dep"] = rng.uniform(0.1, 0.9)
    # warning signs
    n_signs = pick_weighted(rng, [(1, 0.3), (2, 0.4), (3, 0.3)])
    pool = DEP_SIGNS + GEN_SIGNS + (ELEV_SIGNS if p["group"] == "bipolar" else [])
    names = []
    if p["group"] == "bipolar" and n_signs >= 2:
        names.append(rng.choice(ELEV_SIGNS))
    while len(names) < n_signs:
        s = rng.choice(pool)
        if s not in names:
            names.append(s)
    p["sign_pattern"] = pick_weighted(rng, [("lead", 0.4), ("with_mood", 0.35),
                                            ("flat", 0.25)])
    p["sign_lead"] = rng.randint(3, 12) if p["sign_pattern"] == "lead" else 0
    p["signs"] = []
    for s in names:
        kind = "dep" if s in DEP_SIGNS else "elev" if s in ELEV_SIGNS else "gen"
        gain = 0.0 if p["sign_pattern"] == "flat" else rng.uniform(1.2, 3.5)
        if p["sign_pattern"] == "flat":
            gain = rng.uniform(0.0, 0.4)
        p["signs"].append({"name": s, "kind": kind, "gain": gain,
                           "base": rng.uniform(0.0, 1.3), "sd": rng.uniform(0.25, 0.8),
                           "life": rng.uniform(0.0, 1.2)})
    # medication
    p["meds"] = rng.random() < (0.6 if p["group"] == "bipolar" else 0.25)
    p["adherence"] = rng.uniform(0.85, 0.995)
    p["meds_drop_high"] = rng.random() < 0.5
    # writing behaviour
    p["writing"] = pick_weighted(rng, [("regular", 0.40), ("sporadic", 0.15),
                                       ("less_when_unwell", 0.30),
                                       ("only_when_unwell", 0.06), ("gappy", 0.09)])
    p["write_p"] = {"regular": rng.uniform(0.78, 0.97), "sporadic": rng.uniform(0.3, 0.6),
                    "less_when_unwell": rng.uniform(0.65, 0.95),
                    "only_when_unwell": rng.uniform(0.02, 0.06),
                    "gappy": rng.uniform(0.7, 0.95)}[p["writing"]]
    p["write_weekend"] = rng.uniform(0.55, 1.0)
    p["gaps"] = []
    if p["writing"] == "gappy" or rng.random() < 0.08:
        for _ in range(rng.randint(1, 3)):
            g0 = rng.randint(p["start"] + 10, days - 20)
            p["gaps"].append((g0, g0 + rng.randint(14, 45)))
    return p


SPEED_RANGES = {"fast": (1, 6), "medium": (7, 20), "slow": (21, 45)}
DEP_AMP = {"small": (1.4, 2.4), "moderate": (2.4, 3.6), "large": (3.6, 5.2)}
ELEV_AMP = {"small": (1.2, 2.0), "moderate": (2.0, 3.0), "large": (3.0, 4.4)}


def make_episodes(rng, p, days):
    eps = []
    t = p["start"] + rng.expovariate(1.0) * 60  # nobody is mid-relapse on day 0
    while True:
        t += rng.expovariate(p["rate"] / 365.25)
        onset = int(t)
        if onset > days - 2:
            break
        kind = "elevated" if rng.random() < p["p_elevated"] else "depressive"
        if kind == "elevated":
            speed = pick_weighted(rng, [("fast", 0.45), ("medium", 0.4), ("slow", 0.15)])
        else:
            speed = pick_weighted(rng, [("fast", 0.2), ("medium", 0.45), ("slow", 0.35)])
        size = pick_weighted(rng, [("small", 0.4), ("moderate", 0.4), ("large", 0.2)])
        rise = rng.randint(*SPEED_RANGES[speed])
        peak = onset + rise
        if onset < p["start"] + 3 or peak > days - 1:
            t = peak + 1
            continue
        plateau = rng.randint(0, 4 + {"small": 2, "moderate": 5, "large": 12}[size])
        recov = rng.randint(*{"small": (10, 30), "moderate": (18, 50), "large": (30, 80)}[size])
        if kind == "elevated":
            recov = int(recov * 0.7) + 5
        recovered = peak + plateau + recov
        amp = rng.uniform(*(ELEV_AMP if kind == "elevated" else DEP_AMP)[size])
        eps.append({"kind": kind, "onset": onset, "peak": peak, "plat_end": peak + plateau,
                    "recovered": recovered, "speed": speed, "size": size, "amp": amp,
                    "shape": rng.uniform(0.8, 2.0),
                    "anxious": rng.random() < p["anx_with_dep"],
                    "writes_more_high": rng.random() < 0.4})
        t = recovered + rng.randint(14, 40)
    return eps


def severity(ep, t):
    """0..1 latent severity of one episode on day t (float t allowed)."""
    if t < ep["onset"] or t >= ep["recovered"]:
        return 0.0
    if t < ep["peak"]:
        x = (t - ep["onset"] + 1) / (ep["peak"] - ep["onset"] + 1)
        return x ** ep["shape"]
    if t <= ep["plat_end"]:
        return 1.0
    x = (t - ep["plat_end"]) / (ep["recovered"] - ep["plat_end"])
    return (1 - x) ** 1.5


def life_events(rng, days):
    evs = []
    for _ in range(rng.choices([0, 1, 2, 3, 4, 5], [0.1, 0.2, 0.25, 0.2, 0.15, 0.1])[0]):
        d = rng.randint(0, days - 1)
        if rng.random() < 0.8:   # stressor: argument, bereavement, work trouble, illness
            evs.append((d, rng.randint(1, 10), -rng.uniform(1.0, 3.5),
                        rng.uniform(0.5, 3.0), -rng.uniform(0.0, 1.5)))
        else:                    # good news / trip
            evs.append((d, rng.randint(1, 6), rng.uniform(0.5, 1.5),
                        -rng.uniform(0.0, 1.0), rng.uniform(-1.0, 0.5)))
    return evs


def simulate_person(rng, p, days):
    eps = make_episodes(rng, p, days)
    evs = life_events(rng, days)
    rows = []
    ar_m = ar_a = 0.0
    slow = 0.0
    # scale change bookkeeping
    sc = p["scale_change"]
    for t in range(days):
        date = START + dt.timedelta(days=t)
        dow = date.weekday()
        sev_dep = sev_elev = 0.0
        sev_dep_sign = sev_elev_sign = 0.0
        sev_elev_sleep = 0.0
        amp_dep = amp_elev = 0.0
        anx_ep = 0.0
        cur = None
        for ep in eps:
            s = severity(ep, t)
            ssign = severity(ep, t + p["sign_lead"])
            if ep["kind"] == "depressive":
                if s > sev_dep:
                    sev_dep, amp_dep = s, ep["amp"]
                sz = {"small": 0.5, "moderate": 0.8, "large": 1.0}[ep["size"]]
                sev_dep_sign = max(sev_dep_sign, ssign * sz)
                if ep["anxious"]:
                    anx_ep = max(anx_ep, s * (1.2 + ep["amp"] * 0.5))
            else:
                if s > sev_elev:
                    sev_elev, amp_elev = s, ep["amp"]
                sz = {"small": 0.5, "moderate": 0.8, "large": 1.0}[ep["size"]]
                sev_elev_sign = max(sev_elev_sign, ssign * sz)
                sev_elev_sleep = max(sev_elev_sleep,
                                     severity(ep, t + p["sleep_elev_lead"]) * sz)
            if s > 0:
                cur = ep
        # life events (decaying)
        le_m = le_a = le_s = 0.0
        for (d, dur, dm, da, ds) in evs:
            if d <= t < d + dur:
                f = 1.0 - 0.6 * (t - d) / dur
                le_m += dm * f
                le_a += da * f
                le_s += ds * f
        # seasonal (lowest mid-January, highest mid-July)
        season = -p["season_amp"] * math.cos(2 * math.pi * (t - 14) / 365.25)
        # weekly rhythm
        wk = 0.0
        if p["weekend"] == "lift" and dow >= 5:
            wk = p["weekend_size"]
        elif p["weekend"] == "monday_dip" and dow == 0:
            wk = -p["weekend_size"]
        elif p["weekend"] == "sunday_low" and dow == 6:
            wk = -p["weekend_size"]
        hol = 0.0
        if date in BANK_HOLIDAYS:
            hol += 0.3
        if (date.month == 12 and date.day >= 22) or (date.month == 1 and date.day <= 2):
            hol += p["xmas"]
        if p["summer_break"] is not None and p["summer_break"] <= t < p["summer_break"] + 8:
            hol += 0.7
        drift = 0.0
        if p["drift"]:
            a, b, size, returns = p["drift"]
            if a <= t < b:
                drift = size * (t - a) / (b - a)
            elif t >= b:
                drift = size if not returns else size * max(0.0, 1 - (t - b) / 45)
        slow = 0.97 * slow + rng.gauss(0, 0.3 * math.sqrt(1 - 0.97 ** 2))
        ar_m = p["mood_phi"] * ar_m + rng.gauss(0, p["mood_sd"] * math.sqrt(1 - p["mood_phi"] ** 2))
        ep_m = p["mood_sens"] * (-amp_dep * sev_dep + amp_elev * sev_elev)
        mood_lat = p["mood_base"] + season + wk + hol + drift + slow + le_m + ep_m + ar_m
        # scale use
        comp = p["compress"]
        off = 0.0
        if sc:
            ramp = clip((t - sc[1]) / 14, 0.0, 1.0)
            if sc[0] == "shift":
                off = sc[2] * ramp
            else:
                comp = comp * (1 + (sc[2] - 1) * ramp)
        mood_obs = p["center"] + comp * (mood_lat - p["center"]) + off
        mood = int(clip(round(mood_obs), 0, 10))
        # sleep
        sl = p["sleep_base"] + rng.gauss(0, p["sleep_sd"]) + 0.4 * p["season_amp"] * math.cos(2 * math.pi * (t - 14) / 365.25) * 0.5
        if dow >= 5:
            sl += p["sleep_weekend"]
        if p["sleep_dep"] == "insomnia":
            sl -= p["sleep_dep_size"] * sev_dep
        elif p["sleep_dep"] == "hypersomnia":
            sl += p["sleep_dep_size"] * 1.2 * sev_dep
        sl -= p["sleep_elev_size"] * sev_elev_sleep
        sl += le_s
        sleep = clip(round(sl * 2) / 2, 0.0, 14.0)
        # anxiety
        ar_a = p["anx_phi"] * ar_a + rng.gauss(0, p["anx_sd"] * math.sqrt(1 - p["anx_phi"] ** 2))
        anx_lat = p["anx_base"] + ar_a + anx_ep + le_a + 0.6 * sev_elev * (1 if p["mood_sens"] > 1 else 0)
        if dow == 0:
            anx_lat += 0.25
        if p["narrow"]:
            anx_lat = round(p["anx_base"]) + 0.5 * (anx_lat - round(p["anx_base"]))
        anxiety = int(clip(round(anx_lat), 0, 10))
        # signs
        sign_vals = []
        for sg in p["signs"]:
            if sg["kind"] == "dep":
                e = sev_dep_sign
            elif sg["kind"] == "elev":
                e = sev_elev_sign
            else:
                e = max(sev_dep_sign, sev_elev_sign)
            v = sg["base"] + sg["gain"] * e + rng.gauss(0, sg["sd"])
            if sg["kind"] != "elev":
                v += sg["life"] * (-le_m / 3.0 if le_m < 0 else 0)
            sign_vals.append((sg["name"], int(clip(round(v), 0, 4))))
        # medication
        med = None
        if p["meds"]:
            pa = p["adherence"]
            if sev_elev > 0.3 and p["meds_drop_high"]:
                pa -= 0.5 * sev_elev
            if sev_dep > 0.5:
                pa -= 0.15
            med = "yes" if rng.random() < pa else "no"
        # writing
        sev = max(sev_dep, sev_elev)
        pw = p["write_p"]
        if p["writing"] == "less_when_unwell":
            pw *= (1 - 0.75 * sev)
        elif p["writing"] == "only_when_unwell":
            pw = pw + 0.85 * clip((sev - 0.15) / 0.4, 0, 1) + (0.35 if le_m < -1.5 else 0.0)
        if cur is not None and cur["kind"] == "elevated" and cur["writes_more_high"]:
            pw = max(pw, 0.9 * sev)
        if dow >= 5:
            pw *= p["write_weekend"]
        if p["summer_break"] is not None and p["summer_break"] <= t < p["summer_break"] + 8:
            pw *= 0.5
        written = rng.random() < pw
        if t < p["start"] or (p["dropout"] is not None and t >= p["dropout"]):
            written = False
        for g0, g1 in p["gaps"]:
            if g0 <= t < g1:
                written = False
        if written:
            ds = date.isoformat()
            rows.append((p["id"], ds, "mood", str(mood)))
            rows.append((p["id"], ds, "sleep", "%.1f" % sleep))
            rows.append((p["id"], ds, "anxiety", str(anxiety)))
            for name, v in sign_vals:
                rows.append((p["id"], ds, "sign:" + name, str(v)))
            if med is not None:
                rows.append((p["id"], ds, "medication", med))
    return rows, eps


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    all_rows, all_eps, people = [], [], []
    for i in range(a.people):
        rng = random.Random("sim5|%d|%d" % (a.seed, i))
        p = make_person(rng, i, a.days)
        rows, eps = simulate_person(rng, p, a.days)
        all_rows.extend(rows)
        for e in eps:
            all_eps.append((p["id"], e))
        people.append((p, eps, rows))
    d = lambda t: (START + dt.timedelta(days=t)).isoformat()
    with open(os.path.join(a.out, "diaries.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "date", "item", "value"])
        w.writerows(all_rows)
    with open(os.path.join(a.out, "episodes.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "kind", "onset", "peak", "recovered", "speed", "size"])
        for pid, e in all_eps:
            w.writerow([pid, e["kind"], d(e["onset"]), d(e["peak"]), d(e["recovered"]),
                        e["speed"], e["size"]])
    with open(os.path.join(a.out, "people.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person", "group", "n_episodes", "days_written", "first_written",
                    "last_written", "writing_style", "write_prob", "gaps", "late_start_day",
                    "dropout_day", "records_medication", "signs", "sign_pattern",
                    "sign_lead_days", "narrow_band", "scale_change", "scale_change_day",
                    "baseline_mood", "mood_noise_sd", "seasonal_amp", "weekend_pattern",
                    "christmas_effect", "gradual_drift", "sleep_base", "sleep_when_depressed",
                    "sleep_lead_before_elevated", "anxiety_base", "p_anxious_depression"])
        for p, eps, rows in people:
            dates = sorted({r[1] for r in rows})
            sc = p["scale_change"]
            dr = p["drift"]
            w.writerow([p["id"], p["group"], len(eps), len(dates),
                        dates[0] if dates else "", dates[-1] if dates else "",
                        p["writing"], "%.2f" % p["write_p"],
                        ";".join("%s..%s" % (d(g0), d(g1 - 1)) for g0, g1 in p["gaps"]),
                        p["start"], "" if p["dropout"] is None else p["dropout"],
                        "yes" if p["meds"] else "no",
                        ";".join(s["name"] for s in p["signs"]), p["sign_pattern"],
                        p["sign_lead"], "yes" if p["narrow"] else "no",
                        "" if not sc else "%s %.2f" % (sc[0], sc[2]),
                        "" if not sc else d(sc[1]),
                        "%.2f" % p["mood_base"], "%.2f" % p["mood_sd"],
                        "%.1f" % p["season_amp"], p["weekend"], "%.1f" % p["xmas"],
                        "" if not dr else "%s..%s %+.2f%s" % (d(dr[0]), d(dr[1]), dr[2],
                                                              " returns" if dr[3] else ""),
                        "%.2f" % p["sleep_base"], p["sleep_dep"], p["sleep_elev_lead"],
                        "%.2f" % p["anx_base"], "%.2f" % p["anx_with_dep"]])


if __name__ == "__main__":
    main()

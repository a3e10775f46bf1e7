#!/usr/bin/env python3
"""sim8: independent simulator of daily mood diaries with relapses (synthetic data only).

Written by a helper from brief b21 alone (2026-12-07). See README.md for the model and its reasons.
Each person has their own random stream seeded from the string "sim8|<seed>|<index>" (index 1-based),
so one person's data does not depend on --people. String seeds are hashed with SHA-512 by
random.Random, so output does not depend on PYTHONHASHSEED.
"""
import argparse
import csv
import datetime
import math
import os
import random

START = datetime.date(2025, 1, 1)

GROUPS = [  # name, share, yearly episode rate (mean), medication recorder probability
    ("stable", 0.28, 0.10, 0.20),
    ("recurrent depression", 0.34, 0.95, 0.60),
    ("anxious depression", 0.18, 0.80, 0.50),
    ("bipolar", 0.20, 1.45, 0.85),
]
RATE_TUNE = 1.1

SIGNS_DEP = ["withdrawing from people", "not enjoying things", "tired all day", "skipping meals",
             "cannot concentrate", "staying in bed", "feeling worthless", "crying easily"]
SIGNS_ELEV = ["racing thoughts", "spending money", "talking fast", "not needing sleep",
              "lots of new plans", "snapping at people"]
SIGNS_ANX = ["heart racing", "worrying a lot", "tight chest", "avoiding going out"]
SIGNS_GEN = ["drinking more", "arguments at home", "headaches", "scrolling at night"]

SIZE_RANGE = {"small": (1.4, 2.3), "moderate": (2.3, 3.5), "large": (3.5, 5.5)}


def clip(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def wchoice(rng, items, weights):
    r = rng.random() * sum(weights)
    acc = 0.0
    for it, w in zip(items, weights):
        acc += w
        if r < acc:
            return it
    return items[-1]


def speed_of(days):
    return "fast" if days <= 6 else ("medium" if days <= 20 else "slow")


def profile(ep, u):
    """Severity fraction (0..1) of episode ep on (possibly shifted) day u."""
    on, pk, rc = ep["onset"], ep["peak"], ep["recovered"]
    if u < on or u >= rc:
        return 0.0
    if u <= pk:
        return ((u - on + 1) / (pk - on + 1)) ** ep["rise_exp"]
    return (1.0 - (u - pk) / (rc - pk)) ** ep["fall_exp"]


def make_episodes(rng, group, rate, days):
    eps = []
    t = 0.0
    pending = None  # a forced close follow-up: (kind, earliest onset)
    while True:
        if pending is not None:
            kind, onset = pending
            pending = None
        else:
            if rate <= 0:
                break
            onset = t + rng.expovariate(rate / 365.0)
            if group == "bipolar":
                kind = "elevated" if rng.random() < 0.5 else "depressive"
            else:
                kind = "depressive"
        onset = int(onset)
        if onset >= days:
            break
        if kind == "elevated":
            speed = wchoice(rng, ["fast", "medium", "slow"], [0.50, 0.35, 0.15])
        elif group == "anxious depression":
            speed = wchoice(rng, ["fast", "medium", "slow"], [0.15, 0.40, 0.45])
        else:
            speed = wchoice(rng, ["fast", "medium", "slow"], [0.22, 0.43, 0.35])
        rise = {"fast": rng.randint(2, 6), "medium": rng.randint(7, 20), "slow": rng.randint(21, 48)}[speed]
        size = wchoice(rng, ["small", "moderate", "large"], [0.40, 0.37, 0.23])
        lo, hi = SIZE_RANGE[size]
        mag = rng.uniform(lo, hi)
        sidx = {"small": 0, "moderate": 1, "large": 2}[size]
        if kind == "depressive":
            rec = int(rng.uniform(12, 35) * (1.0 + 0.35 * sidx))
        else:
            rec = int(rng.uniform(7, 24) * (1.0 + 0.3 * sidx))
        peak = onset + rise
        ep = {
            "kind": kind, "onset": onset, "peak": peak, "recovered": peak + rec,
            "speed": speed_of(rise), "size": size, "mag": mag,
            "rise_exp": rng.uniform(0.8, 2.2), "fall_exp": rng.uniform(0.6, 1.6),
            "mixed": (rng.random() < (0.28 if kind == "elevated" else 0.12)) if group == "bipolar" else False,
            "med_stop": False,
        }
        eps.append(ep)
        # what comes next
        if kind == "elevated" and rng.random() < 0.45:
            pending = ("depressive", ep["recovered"] + rng.randint(1, 25))
        elif kind == "depressive" and group != "stable" and rng.random() < 0.14:
            pending = ("depressive", ep["recovered"] + rng.randint(5, 40))
        t = ep["recovered"] + rng.uniform(20, 70)
    return eps


def build_person(seed, index, days):
    rng = random.Random("sim8|%d|%d" % (seed, index))
    P = {}
    gname = wchoice(rng, [g[0] for g in GROUPS], [g[1] for g in GROUPS])
    g = [x for x in GROUPS if x[0] == gname][0]
    P["group"] = gname
    P["rate"] = g[2] * RATE_TUNE * rng.gammavariate(2.0, 0.5)
    # engagement
    P["start"] = 0 if rng.random() < 0.72 else rng.randint(7, 150)
    P["write_p"] = rng.uniform(0.45, 0.97)
    P["fatigue"] = rng.uniform(0.0, 0.45)
    P["weekend_write"] = rng.uniform(0.7, 1.05)
    u = rng.random()
    P["unwell_write"] = rng.uniform(0.3, 0.8) if u < 0.55 else (1.0 if u < 0.78 else rng.uniform(1.1, 1.3))
    P["elev_write"] = rng.uniform(0.6, 1.35)
    # mood and scale use
    P["mood_mu"] = clip(rng.gauss(6.9 if gname == "stable" else 6.1, 0.8), 3.5, 8.7)
    P["stretch"] = rng.uniform(0.55, 1.2)
    P["mood_sd"] = rng.uniform(0.45, 1.25)
    P["phi"] = rng.uniform(0.25, 0.7)
    P["bad_day_p"] = rng.uniform(0.02, 0.08)
    P["sticky"] = rng.uniform(0.0, 0.5) if rng.random() < 0.5 else 0.0
    P["drift_sd"] = rng.uniform(0.1, 0.5)
    P["shift_day"] = rng.randint(30, max(30, days - 1)) if rng.random() < 0.2 else -1
    P["shift_size"] = rng.choice([-1, 1]) * rng.uniform(0.8, 1.5)
    P["weekly_amp"] = rng.uniform(0.0, 0.5)
    P["season_amp"] = rng.uniform(0.2, 0.8) if rng.random() < 0.45 else 0.0
    P["elev_insight"] = rng.uniform(0.35, 1.0)
    # sleep
    P["sleep_mu"] = rng.uniform(6.0, 8.5)
    P["sleep_sd"] = rng.uniform(0.4, 1.0)
    P["weekend_sleep"] = rng.uniform(0.2, 1.2)
    u = rng.random()
    P["sleep_dep"] = -rng.uniform(0.25, 0.6) if u < 0.6 else (rng.uniform(0.25, 0.55) if u < 0.85 else 0.0)
    P["sleep_dep_lead"] = rng.choice([0, 0, 2, 4, 6, 9, -3])
    P["sleep_elev"] = -rng.uniform(0.5, 0.9)
    P["sleep_elev_lead"] = rng.randint(1, 8)
    # anxiety
    if gname == "anxious depression":
        P["anx_mu"] = rng.uniform(3.0, 6.0)
        P["anx_gain"] = rng.uniform(0.8, 1.3)
        P["anx_lead"] = rng.randint(5, 15)
    else:
        P["anx_mu"] = rng.uniform(0.8, 4.5)
        P["anx_gain"] = rng.uniform(0.1, 0.9)
        P["anx_lead"] = rng.choice([0, 0, 0, 2, -2])
    P["anx_sd"] = rng.uniform(0.5, 1.3)
    P["mood_anx_rho"] = rng.uniform(-0.65, 0.1)
    # signs
    nsig = rng.choice([1, 2, 2, 3])
    pool = SIGNS_DEP + SIGNS_ANX + SIGNS_GEN + (SIGNS_ELEV * 2 if gname == "bipolar" else [])
    names = []
    while len(names) < nsig:
        s = rng.choice(pool)
        if s not in names:
            names.append(s)
    signs = []
    for s in names:
        if s in SIGNS_ELEV:
            target = "elevated"
        elif s in SIGNS_GEN:
            target = rng.choice(["both", "none", "depressive"])
        else:
            target = "depressive"
        timing = wchoice(rng, ["lead", "sync", "lag", "flat"], [0.35, 0.25, 0.2, 0.2])
        if target == "none":
            timing = "flat"
        shift = {"lead": rng.randint(3, 14), "sync": 0, "lag": -rng.randint(3, 10), "flat": 0}[timing]
        signs.append({"name": s, "target": target, "timing": timing, "shift": shift,
                      "base": rng.uniform(0.0, 1.5), "sd": rng.uniform(0.3, 0.8),
                      "gain": rng.uniform(1.5, 3.5), "event_gain": rng.uniform(0.0, 1.5)})
    P["signs"] = signs
    # medication
    P["med"] = rng.random() < g[3]
    P["adherence"] = rng.uniform(0.88, 0.995)
    P["med_change_day"] = rng.randint(10, max(10, days - 20)) if (P["med"] and rng.random() < 0.3) else -1
    P["med_change_sleep"] = rng.uniform(0.5, 1.5)
    P["med_change_len"] = rng.randint(25, 50)
    # episodes
    eps = make_episodes(rng, gname, P["rate"], days)
    P["episodes"] = eps
    for ep in eps:
        ep["mood_lead"] = 0
        if P["med"] and rng.random() < (0.5 if gname == "bipolar" else 0.3):
            ep["med_stop"] = True
            ep["stop_from"] = ep["onset"] - rng.randint(5, 25)
            ep["stop_to"] = ep["peak"] + rng.randint(0, 10)
    # spurious medication gaps (ran out, forgot) with no consequence
    P["med_gaps"] = []
    for _ in range(poisson(rng, 0.7 * days / 365.0)):
        a = rng.randint(0, days - 1)
        P["med_gaps"].append((a, a + rng.randint(3, 20)))
    # life events that are not episodes
    P["events"] = []
    for _ in range(poisson(rng, rng.uniform(1.0, 3.5) * days / 365.0)):
        d = rng.randint(0, days - 1)
        if rng.random() < 0.65:
            P["events"].append({"kind": "stress", "day": d, "mood": -rng.uniform(1.0, 3.2),
                                "anx": rng.uniform(0.8, 3.0), "sleep": -rng.uniform(0.0, 1.5),
                                "tau": rng.uniform(2.0, 9.0), "write": 1.0})
        else:
            P["events"].append({"kind": "holiday", "day": d, "len": rng.randint(4, 14),
                                "mood": rng.uniform(0.4, 1.5), "sleep": rng.uniform(0.3, 1.0),
                                "anx": -rng.uniform(0.0, 1.0), "write": rng.uniform(0.2, 0.8)})
    # writing gaps (phone lost, busy) and drop-out
    P["gaps"] = []
    for _ in range(poisson(rng, 1.2 * days / 365.0)):
        a = rng.randint(0, days - 1)
        P["gaps"].append((a, a + rng.randint(4, 21)))
    P["dropout"] = days
    if rng.random() < 0.15:
        P["dropout"] = rng.randint(P["start"] + 20, int(days * 1.4))
    for ep in eps:
        pr = 0.12 if P["unwell_write"] < 1.0 else 0.05
        if ep["kind"] == "depressive" and rng.random() < pr:
            P["dropout"] = min(P["dropout"], ep["onset"] + rng.randint(0, ep["peak"] - ep["onset"] + 10))
    P["dropout"] = max(P["dropout"], P["start"] + 7)
    P["rng"] = rng
    return P


def poisson(rng, lam):
    L = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def simulate_days(P, days):
    rng = P["rng"]
    eps = P["episodes"]
    rows = []
    written = []
    ar = 0.0
    drift = 0.0
    prev_mood = None
    innov_sd = P["mood_sd"] * math.sqrt(1 - P["phi"] ** 2)
    drift_k = 1.0 / 60.0
    for d in range(days):
        date = START + datetime.timedelta(days=d)
        wd = date.weekday()  # Monday 0
        # ---- latent state (always evolves, written or not)
        bad = -rng.uniform(1.0, 3.5) if rng.random() < P["bad_day_p"] else 0.0
        ar = P["phi"] * ar + rng.gauss(0, innov_sd) + bad
        drift += -drift_k * drift + rng.gauss(0, P["drift_sd"] * math.sqrt(2 * drift_k))
        z_anx = rng.gauss(0, 1)
        z_sleep = rng.gauss(0, 1)
        sign_noise = [rng.gauss(0, 1) for _ in P["signs"]]
        u_write = rng.random()
        u_med = rng.random()
        u_sticky = rng.random()
        dep = 0.0  # depressive load in mood points
        elev = 0.0  # elevated load in mood points
        mood_eff = 0.0
        anx_eff = 0.0
        sleep_eff = 0.0
        dep_frac = 0.0
        elev_frac = 0.0
        for ep in eps:
            m = ep["mag"]
            if ep["kind"] == "depressive":
                f = profile(ep, d)
                dep_frac = max(dep_frac, f)
                mood_eff -= m * f
                anx_eff += P["anx_gain"] * m * profile(ep, d + P["anx_lead"]) * (1.4 if ep["mixed"] else 1.0)
                sl = P["sleep_dep"] if not ep["mixed"] else -abs(P["sleep_dep"]) - 0.2
                sleep_eff += sl * m * profile(ep, d + P["sleep_dep_lead"])
                dep += m * f
            else:
                f = profile(ep, d)
                elev_frac = max(elev_frac, f)
                if ep["mixed"]:
                    mood_eff += -0.35 * m * f
                    anx_eff += 0.8 * m * f
                else:
                    mood_eff += P["elev_insight"] * m * f
                    anx_eff += 0.15 * m * f
                sleep_eff += P["sleep_elev"] * m * profile(ep, d + P["sleep_elev_lead"])
                elev += m * f
        ev_mood = ev_anx = ev_sleep = 0.0
        write_mult = 1.0
        stress = 0.0
        for ev in P["events"]:
            if ev["kind"] == "stress":
                if d >= ev["day"]:
                    k = math.exp(-(d - ev["day"]) / ev["tau"])
                    if k > 0.02:
                        ev_mood += ev["mood"] * k
                        ev_anx += ev["anx"] * k
                        ev_sleep += ev["sleep"] * k
                        stress = max(stress, k)
            elif ev["day"] <= d < ev["day"] + ev["len"]:
                ev_mood += ev["mood"]
                ev_anx += ev["anx"]
                ev_sleep += ev["sleep"]
                write_mult *= ev["write"]
        # calendar rhythms
        weekly = P["weekly_amp"] * (1.0 if wd >= 5 else (-0.6 if wd == 0 else 0.0))
        doy = date.timetuple().tm_yday
        season = -P["season_amp"] * math.cos(2 * math.pi * (doy - 15) / 365.25)
        xmas = (date.month == 12 and date.day >= 22) or (date.month == 1 and date.day <= 2)
        # medication change (new prescription): sedation then fades; not an episode
        med_sleep = 0.0
        if P["med_change_day"] >= 0 and P["med_change_day"] <= d < P["med_change_day"] + P["med_change_len"]:
            med_sleep = P["med_change_sleep"] * (1 - (d - P["med_change_day"]) / P["med_change_len"])
        shift = P["shift_size"] if (P["shift_day"] >= 0 and d >= P["shift_day"]) else 0.0
        # ---- does the person write today?
        if d < P["start"] or d >= P["dropout"]:
            continue
        if any(a <= d < b for a, b in P["gaps"]):
            continue
        p = P["write_p"] * (1 - P["fatigue"] * (d - P["start"]) / 365.0)
        if wd >= 5:
            p *= P["weekend_write"]
        if dep_frac > 0.25:
            p *= 1 + (P["unwell_write"] - 1) * min(1.0, dep_frac * 1.3)
        if elev_frac > 0.25:
            p *= P["elev_write"]
        if xmas:
            p *= 0.7
        p *= write_mult
        if u_write >= clip(p, 0.03, 0.99):
            continue
        # ---- reported values
        latent = mood_eff + ev_mood + weekly + season + ar
        mood_val = P["mood_mu"] + drift + shift + P["stretch"] * latent
        mood = int(round(clip(mood_val, 0, 10)))
        if prev_mood is not None and u_sticky < P["sticky"] and abs(mood_val - prev_mood) < 1.6:
            mood = prev_mood
        prev_mood = mood
        rho = P["mood_anx_rho"]
        anx_noise = P["anx_sd"] * (rho * (ar / max(P["mood_sd"], 1e-6)) + math.sqrt(1 - rho * rho) * z_anx)
        anx = P["anx_mu"] + anx_eff + ev_anx + anx_noise
        anx = int(round(clip(anx, 0, 10)))
        sleep = (P["sleep_mu"] + sleep_eff + ev_sleep + med_sleep + (P["weekend_sleep"] if wd >= 5 else 0.0)
                 + P["sleep_sd"] * z_sleep)
        sleep = clip(round(sleep * 2) / 2.0, 0.0, 14.0)
        items = [("mood", str(mood)), ("sleep", "%.1f" % sleep), ("anxiety", str(anx))]
        for sg, zn in zip(P["signs"], sign_noise):
            v = sg["base"] + sg["sd"] * zn + sg["event_gain"] * stress
            if sg["timing"] != "flat":
                drive = 0.0
                for ep in eps:
                    if sg["target"] == "both" or sg["target"] == ep["kind"]:
                        drive = max(drive, (ep["mag"] / 5.5) * profile(ep, d + sg["shift"]))
                v += sg["gain"] * drive
            items.append(("sign:" + sg["name"], str(int(round(clip(v, 0, 4))))))
        if P["med"]:
            off = any(a <= d < b for a, b in P["med_gaps"]) or any(
                ep["med_stop"] and ep["stop_from"] <= d < ep["stop_to"] for ep in eps)
            taken = u_med < (0.15 if off else P["adherence"])
            items.append(("medication", "yes" if taken else "no"))
        written.append(d)
        ds = date.isoformat()
        for it, v in items:
            rows.append((ds, it, v))
    return rows, written


def main():
    ap = argparse.ArgumentParser(description="sim8 mood diary simulator")
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=81)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    width = max(3, len(str(a.people)))
    fd = open(os.path.join(a.out, "diaries.csv"), "w", newline="")
    fe = open(os.path.join(a.out, "episodes.csv"), "w", newline="")
    fx = open(os.path.join(a.out, "episodes_detail.csv"), "w", newline="")
    fp = open(os.path.join(a.out, "people.csv"), "w", newline="")
    wd, we, wx, wp = (csv.writer(f, lineterminator="\n") for f in (fd, fe, fx, fp))
    wd.writerow(["person", "date", "item", "value"])
    we.writerow(["person", "kind", "onset", "peak", "recovered", "speed", "size"])
    wx.writerow(["person", "kind", "onset", "peak", "recovered", "speed", "size", "magnitude", "mixed",
                 "medication_stopped_before", "listed"])
    pcols = ["person", "group", "rate", "start", "dropout", "first_written", "last_written", "written_days",
             "write_p", "fatigue", "weekend_write", "unwell_write", "elev_write", "mood_mu", "stretch",
             "mood_sd", "phi", "bad_day_p", "sticky", "drift_sd", "shift_day", "shift_size", "weekly_amp",
             "season_amp", "elev_insight", "sleep_mu", "sleep_sd", "weekend_sleep", "sleep_dep",
             "sleep_dep_lead", "sleep_elev", "sleep_elev_lead", "anx_mu", "anx_gain", "anx_lead", "anx_sd",
             "mood_anx_rho", "med", "adherence", "med_change_day", "signs", "life_events", "episodes_listed"]
    wp.writerow(pcols)
    for i in range(1, a.people + 1):
        pid = "p%0*d" % (width, i)
        P = build_person(a.seed, i, a.days)
        rows, written = simulate_days(P, a.days)
        for ds, it, v in rows:
            wd.writerow([pid, ds, it, v])
        first = written[0] if written else None
        last = written[-1] if written else None
        listed = 0
        for ep in P["episodes"]:
            ok = first is not None and ep["onset"] <= last and ep["recovered"] >= first
            dates = [(START + datetime.timedelta(days=ep[k])).isoformat() for k in ("onset", "peak", "recovered")]
            if ok:
                listed += 1
                we.writerow([pid, ep["kind"]] + dates + [ep["speed"], ep["size"]])
            wx.writerow([pid, ep["kind"]] + dates + [ep["speed"], ep["size"], "%.2f" % ep["mag"],
                        "yes" if ep["mixed"] else "no", "yes" if ep["med_stop"] else "no", "yes" if ok else "no"])
        vals = dict(P)
        vals["person"] = pid
        vals["first_written"] = (START + datetime.timedelta(days=first)).isoformat() if written else ""
        vals["last_written"] = (START + datetime.timedelta(days=last)).isoformat() if written else ""
        vals["written_days"] = len(written)
        vals["med"] = "yes" if P["med"] else "no"
        vals["signs"] = ";".join("%s/%s/%s/%d" % (s["name"], s["target"], s["timing"], s["shift"]) for s in P["signs"])
        vals["life_events"] = ";".join("%s@%d" % (e["kind"], e["day"]) for e in P["events"])
        vals["episodes_listed"] = listed
        out = []
        for c in pcols:
            v = vals[c]
            out.append("%.3f" % v if isinstance(v, float) else v)
        wp.writerow(out)
    for f in (fd, fe, fx, fp):
        f.close()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Unit tests of score.py on a small hand-made case.   python3 -m unittest test_score -v"""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import unittest

import score

D = datetime.date.fromisoformat
HERE = os.path.dirname(os.path.abspath(__file__))


def ep(person, kind, onset, peak, recovered, speed, size):
    return {"person": person, "kind": kind, "onset": D(onset), "peak": D(peak),
            "recovered": D(recovered), "speed": speed, "size": size}


EPISODES = [
    # p001: onset 10 Jan, peak 20 Jan, recovered 10 Feb (medium, depressive)
    ep("p001", "depressive", "2026-01-10", "2026-01-20", "2026-02-10", "medium", "moderate"),
    # p002: fast elevated, onset 1 Mar, peak 4 Mar, recovered 20 Mar
    ep("p002", "elevated", "2026-03-01", "2026-03-04", "2026-03-20", "fast", "large"),
    # p003: slow, never alerted
    ep("p003", "depressive", "2026-05-01", "2026-06-10", "2026-07-01", "slow", "small"),
]

ALERTS = [
    ("p001", D("2026-01-07")),  # onset-3: outside the window (open bound) and not near -> false
    ("p001", D("2026-01-08")),  # onset-2: first pre-peak alert -> warning 12 days
    ("p001", D("2026-01-20")),  # on the peak: pre-peak, not false
    ("p001", D("2026-02-10")),  # on recovered: not false
    ("p001", D("2026-02-11")),  # recovered+1: false
    ("p002", D("2026-03-05")),  # after peak, before recovered: not pre-peak, not false
    ("p004", D("2026-04-01")),  # person without episodes: false
]


class TestScore(unittest.TestCase):
    def setUp(self):
        self.res = score.score(EPISODES, ALERTS, person_years=2.0)

    def test_overall(self):
        o = self.res["overall"]
        self.assertEqual(o["episodes"], 3)
        self.assertEqual(o["alerted_before_peak"], 1)
        self.assertEqual(o["alerted_before_peak_pct"], 33.3)
        self.assertEqual(o["median_warning_days"], 12)

    def test_groups(self):
        self.assertEqual(self.res["by_speed"]["medium"]["alerted_before_peak"], 1)
        self.assertEqual(self.res["by_speed"]["fast"]["alerted_before_peak"], 0)
        self.assertIsNone(self.res["by_speed"]["fast"]["median_warning_days"])
        self.assertEqual(self.res["by_kind"]["elevated"]["episodes"], 1)
        self.assertEqual(self.res["by_size"]["small"]["alerted_before_peak_pct"], 0.0)
        self.assertEqual(self.res["by_size"]["moderate"]["alerted_before_peak_pct"], 100.0)

    def test_false_alerts(self):
        self.assertEqual(self.res["alerts"], 7)
        self.assertEqual(self.res["false_alerts"], 3)
        self.assertEqual(self.res["false_alerts_per_person_year"], 1.5)

    def test_median_even(self):
        eps = EPISODES + [ep("p005", "depressive", "2026-01-10", "2026-01-30", "2026-02-20", "medium", "small")]
        res = score.score(eps, ALERTS + [("p005", D("2026-01-27"))], person_years=1.0)
        self.assertEqual(res["overall"]["median_warning_days"], 7.5)  # median of 12 and 3

    def test_cli_and_person_years(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "episodes.csv"), "w") as f:
                f.write("person,kind,onset,peak,recovered,speed,size\n")
                for e in EPISODES:
                    f.write("%s,%s,%s,%s,%s,%s,%s\n" % (e["person"], e["kind"], e["onset"], e["peak"],
                                                       e["recovered"], e["speed"], e["size"]))
            with open(os.path.join(tmp, "alerts.csv"), "w") as f:
                f.write("person,date\n")
                for p, dt in ALERTS:
                    f.write("%s,%s\n" % (p, dt))
            with open(os.path.join(tmp, "diaries.csv"), "w") as f:
                # p001 written 2026-01-01 .. 2026-12-31 (365 days); p002 one day only
                f.write("person,date,item,value\n")
                f.write("p001,2026-01-01,mood,5\np001,2026-06-01,mood,5\np001,2026-12-31,mood,6\n")
                f.write("p002,2026-03-03,mood,7\n")
            out = subprocess.run([sys.executable, os.path.join(HERE, "score.py"),
                                  "--episodes", os.path.join(tmp, "episodes.csv"),
                                  "--alerts", os.path.join(tmp, "alerts.csv"), "--json"],
                                 capture_output=True, text=True, check=True).stdout
            res = json.loads(out)
            self.assertAlmostEqual(res["person_years"], round(366 / 365.25, 3))
            self.assertEqual(res["false_alerts"], 3)
            self.assertAlmostEqual(res["false_alerts_per_person_year"], round(3 / (366 / 365.25), 3))


if __name__ == "__main__":
    unittest.main()

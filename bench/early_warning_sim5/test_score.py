#!/usr/bin/python3
"""Unit tests for score.py on a hand-made case."""
import datetime as dt
import os
import subprocess
import sys
import tempfile
import unittest
import json

import score

D = dt.date.fromisoformat


def ep(person, kind, onset, peak, recovered, speed, size):
    return {"person": person, "kind": kind, "onset": D(onset), "peak": D(peak),
            "recovered": D(recovered), "speed": speed, "size": size}


EPISODES = [
    # A: alerts at onset-3 (too early, false), onset-2 (counts), peak (counts)
    ep("p001", "depressive", "2025-03-10", "2025-03-20", "2025-04-10", "medium", "moderate"),
    # B: only alert is after peak but before recovery -> not alerted, not false
    ep("p001", "elevated", "2025-06-01", "2025-06-04", "2025-06-20", "fast", "small"),
    # C: alert exactly on peak -> warning 0
    ep("p002", "depressive", "2025-01-05", "2025-02-01", "2025-03-01", "slow", "large"),
    # D: no alerts at all
    ep("p002", "depressive", "2025-08-01", "2025-08-05", "2025-08-30", "fast", "small"),
]
ALERTS = [
    ("p001", D("2025-03-07")),  # onset-3 -> false
    ("p001", D("2025-03-08")),  # onset-2 -> alerts A, warning 12
    ("p001", D("2025-03-20")),  # peak of A
    ("p001", D("2025-06-10")),  # after B's peak, within recovery -> not false
    ("p001", D("2025-04-10")),  # A's recovered day inclusive -> not false
    ("p001", D("2025-04-11")),  # day after recovery -> false
    ("p002", D("2025-02-01")),  # C peak -> warning 0
    ("p003", D("2025-05-05")),  # person without episodes -> false
]


class ScoreTest(unittest.TestCase):
    def setUp(self):
        self.r = score.score(EPISODES, sorted(ALERTS), pyears=2.0)

    def test_overall(self):
        o = self.r["overall"]
        self.assertEqual(o["episodes"], 4)
        self.assertEqual(o["alerted_before_peak"], 2)
        self.assertEqual(o["alerted_pct"], 50.0)
        self.assertEqual(o["median_warning_days"], 6)  # median of 12 and 0

    def test_groups(self):
        self.assertEqual(self.r["by_speed"]["medium"]["median_warning_days"], 12)
        self.assertEqual(self.r["by_speed"]["fast"]["alerted_before_peak"], 0)
        self.assertEqual(self.r["by_speed"]["fast"]["episodes"], 2)
        self.assertIsNone(self.r["by_speed"]["fast"]["median_warning_days"])
        self.assertEqual(self.r["by_speed"]["slow"]["median_warning_days"], 0)
        self.assertEqual(self.r["by_kind"]["elevated"]["alerted_before_peak"], 0)
        self.assertEqual(self.r["by_kind"]["depressive"]["alerted_before_peak"], 2)
        self.assertEqual(self.r["by_size"]["large"]["alerted_pct"], 100.0)

    def test_false_alerts(self):
        self.assertEqual(self.r["alerts"], 8)
        self.assertEqual(self.r["false_alerts"], 3)
        self.assertEqual(self.r["false_alerts_per_person_year"], 1.5)

    def test_cli_and_person_years(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "episodes.csv"), "w") as f:
                f.write("person,kind,onset,peak,recovered,speed,size\n")
                for e in EPISODES:
                    f.write("%s,%s,%s,%s,%s,%s,%s\n" % (e["person"], e["kind"], e["onset"],
                            e["peak"], e["recovered"], e["speed"], e["size"]))
            with open(os.path.join(d, "alerts.csv"), "w") as f:
                f.write("person,date\n")
                for p, a in ALERTS + [ALERTS[0]]:  # a duplicate row counts once
                    f.write("%s,%s\n" % (p, a))
            with open(os.path.join(d, "diaries.csv"), "w") as f:
                f.write("person,date,item,value\n")
                # p001: 2025-01-01..2025-12-31 = 365 days; p002: 2 days (01-01, 01-02)
                f.write("p001,2025-01-01,mood,5\np001,2025-12-31,mood,6\n")
                f.write("p002,2025-01-01,mood,5\np002,2025-01-02,mood,4\n")
            out = subprocess.run([sys.executable, score.__file__, "--episodes",
                                  os.path.join(d, "episodes.csv"), "--alerts",
                                  os.path.join(d, "alerts.csv"), "--diaries",
                                  os.path.join(d, "diaries.csv"), "--json"],
                                 capture_output=True, text=True, check=True).stdout
            r = json.loads(out)
            self.assertEqual(r["alerts"], 8)
            self.assertEqual(r["false_alerts"], 3)
            self.assertAlmostEqual(r["person_years"], round(367 / 365.25, 2))
            self.assertAlmostEqual(r["false_alerts_per_person_year"],
                                   round(3 / (367 / 365.25), 3))


if __name__ == "__main__":
    unittest.main()

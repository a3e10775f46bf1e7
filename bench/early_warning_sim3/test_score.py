"""Hand-made checks of score.py.  Run: python3 -m unittest"""
import contextlib
import io
import json
import os
import tempfile
import unittest

import score

EPISODES = """person,kind,onset,peak,recovered,speed,size
pA,depressive,2026-01-10,2026-01-20,2026-02-10,medium,moderate
pA,elevated,2026-03-01,2026-03-03,2026-03-20,fast,small
pB,depressive,2026-05-01,2026-06-10,2026-07-01,slow,large
"""

# pA 01-07 is exactly onset-3: outside (onset-3, peak] and outside (onset-3, recovered] -> false
# pA 01-08 first alert in window of episode 1 -> warning 12 days
# pA 01-15 also in window (not first)
# pA 01-25 after peak but before recovery -> neither hit nor false
# pA 03-04 after peak of episode 2, before its recovery -> episode 2 NOT alerted, not false
# pB 06-10 on the peak day -> counts, warning 0
# pB 07-02 day after recovered -> false
# pC 01-01 person with no episodes -> false
ALERTS = """person,date
pA,2026-01-07
pA,2026-01-08
pA,2026-01-15
pA,2026-01-25
pA,2026-03-04
pB,2026-06-10
pB,2026-07-02
pC,2026-01-01
"""

DIARIES = """person,date,item,value
pA,2026-01-01,mood,5
pA,2026-12-31,mood,5
pB,2026-01-01,mood,6
pB,2026-01-01,sleep,7.5
"""


class ScoreTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        for name, text in (("episodes.csv", EPISODES), ("alerts.csv", ALERTS),
                           ("diaries.csv", DIARIES), ("none.csv", "person,date\n")):
            with open(os.path.join(self.tmp.name, name), "w") as f:
                f.write(text)
        self.ep = os.path.join(self.tmp.name, "episodes.csv")

    def tearDown(self):
        self.tmp.cleanup()

    def run_cli(self, alerts, extra=()):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            res = score.main(["--episodes", self.ep, "--alerts",
                              os.path.join(self.tmp.name, alerts), "--json", *extra])
        self.assertEqual(json.loads(buf.getvalue())["alerts"], res["alerts"])
        return res

    def test_hand_case(self):
        r = self.run_cli("alerts.csv", ["--person-years", "2"])
        g = r["groups"]
        self.assertEqual(g["overall"]["episodes"], 3)
        self.assertEqual(g["overall"]["alerted_before_peak"], 2)
        self.assertAlmostEqual(g["overall"]["share_alerted_before_peak"], 2 / 3)
        self.assertEqual(g["overall"]["median_warning_days"], 6)  # median of 12 and 0
        self.assertEqual(g["speed=fast"]["alerted_before_peak"], 0)
        self.assertIsNone(g["speed=fast"]["median_warning_days"])
        self.assertEqual(g["speed=medium"]["median_warning_days"], 12)
        self.assertEqual(g["speed=slow"]["median_warning_days"], 0)
        self.assertEqual(g["size=small"]["share_alerted_before_peak"], 0.0)
        self.assertEqual(g["size=large"]["share_alerted_before_peak"], 1.0)
        self.assertEqual(r["alerts"], 8)
        self.assertEqual(r["false_alerts"], 3)
        self.assertAlmostEqual(r["false_alerts_per_person_year"], 1.5)
        self.assertAlmostEqual(r["alerts_per_person_year"], 4.0)

    def test_person_years_from_diaries(self):
        r = self.run_cli("alerts.csv")  # diaries.csv found next to episodes.csv
        self.assertAlmostEqual(r["person_years"], (365 + 1) / 365.25)

    def test_no_alerts(self):
        r = self.run_cli("none.csv", ["--person-years", "2"])
        self.assertEqual(r["groups"]["overall"]["alerted_before_peak"], 0)
        self.assertEqual(r["groups"]["overall"]["share_alerted_before_peak"], 0.0)
        self.assertIsNone(r["groups"]["overall"]["median_warning_days"])
        self.assertEqual(r["false_alerts"], 0)
        self.assertEqual(r["alerts_per_person_year"], 0.0)


if __name__ == "__main__":
    unittest.main()

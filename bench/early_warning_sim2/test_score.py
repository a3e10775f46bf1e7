"""Hand-made 2-person check of score.py.  Run: python3 -m unittest (in this folder)."""
import contextlib
import io
import json
import os
import tempfile
import unittest

import score

EPISODES = """person,kind,onset,peak,recovered,speed,size
A,depressive,2026-01-20,2026-01-30,2026-02-20,medium,large
A,elevated,2026-05-01,2026-05-03,2026-05-15,fast,small
B,depressive,2026-03-01,2026-04-10,2026-05-01,slow,moderate
"""

# Hand-worked expectations, alert by alert:
#   A 2026-01-13  = onset-7 of A#1 -> before peak of A#1 (warning 30-01 minus 13-01 = 17 days)
#   A 2026-01-25  before peak of A#1 (but 01-13 is earlier, so warning stays 17)
#   A 2026-01-13  duplicate -> counted once
#   A 2026-05-03  = peak day of A#2 -> NOT before peak, but alerted at all
#   A 2026-02-27  = recovered+7 of A#1 -> inside window: not false, not "at all"
#   A 2026-02-28  = recovered+8 -> false
#   A 2026-08-01  false
#   B 2026-02-21  = onset-8 -> false, does not count for B#1
#   B 2026-04-09  = peak-1 -> before peak of B#1 (warning 1 day)
#   B 2026-06-15  false (window ends 05-08)
#   C 2026-03-01  person with no episodes (and no diary) -> false
ALERTS = """person,date
A,2026-01-13
A,2026-01-25
A,2026-01-13
A,2026-05-03
A,2026-02-27
A,2026-02-28
A,2026-08-01
B,2026-02-21
B,2026-04-09
B,2026-06-15
C,2026-03-01
"""

# A observed 2026-01-01..2026-12-31 (365 days), B 2026-01-01..2026-07-01 (182 days)
DIARIES = """person,date,item,value
A,2026-01-01,mood,6
A,2026-06-01,mood,5
A,2026-12-31,mood,7
B,2026-07-01,mood,4
B,2026-01-01,sleep,7.5
"""


class TwoPersonCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.paths = {}
        for name, text in (("episodes", EPISODES), ("alerts", ALERTS), ("diaries", DIARIES)):
            path = os.path.join(self.tmp.name, name + ".csv")
            with open(path, "w") as f:
                f.write(text)
            self.paths[name] = path

    def tearDown(self):
        self.tmp.cleanup()

    def run_json(self):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            score.main(["--episodes", self.paths["episodes"], "--alerts", self.paths["alerts"],
                        "--diaries", self.paths["diaries"], "--json"])
        return json.loads(buf.getvalue())

    def test_overall(self):
        o = self.run_json()["overall"]
        self.assertEqual(o["episodes"], 3)
        self.assertEqual(o["alerts"], 10)            # duplicate removed
        self.assertEqual(o["before_peak_count"], 2)  # A#1 and B#1
        self.assertEqual(o["before_peak_pct"], 66.7)
        self.assertEqual(o["median_warning_days"], 9)  # median(17, 1)
        self.assertEqual(o["alerted_at_all_count"], 3)
        self.assertEqual(o["false_alerts"], 5)
        self.assertAlmostEqual(o["person_years"], 547 / 365.25, places=3)
        self.assertAlmostEqual(o["false_alerts_per_person_year"], 5 / (547 / 365.25), places=3)

    def test_breakdowns(self):
        r = self.run_json()
        self.assertEqual(r["by_speed"]["medium"]["before_peak_count"], 1)
        self.assertEqual(r["by_speed"]["medium"]["median_warning_days"], 17)
        self.assertEqual(r["by_speed"]["fast"]["before_peak_count"], 0)
        self.assertEqual(r["by_speed"]["fast"]["alerted_at_all_count"], 1)
        self.assertIsNone(r["by_speed"]["fast"]["median_warning_days"])
        self.assertEqual(r["by_speed"]["slow"]["median_warning_days"], 1)
        self.assertEqual(r["by_kind"]["depressive"]["before_peak_count"], 2)
        self.assertEqual(r["by_kind"]["depressive"]["episodes"], 2)
        self.assertEqual(r["by_kind"]["elevated"]["before_peak_count"], 0)
        self.assertEqual(r["by_size"]["large"]["before_peak_pct"], 100.0)
        self.assertEqual(r["by_size"]["small"]["before_peak_pct"], 0.0)
        self.assertEqual(r["by_size"]["moderate"]["alerted_at_all_count"], 1)

    def test_text_output_runs(self):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            score.main(["--episodes", self.paths["episodes"], "--alerts", self.paths["alerts"],
                        "--diaries", self.paths["diaries"]])
        self.assertIn("overall", buf.getvalue())


if __name__ == "__main__":
    unittest.main()

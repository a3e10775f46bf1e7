"""Tests of the sim7 scoring rules on tiny hand-made files.  Run: python3 -m unittest test_score -v"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import score

HERE = os.path.dirname(os.path.abspath(__file__))


def write(dirname, name, text):
    path = os.path.join(dirname, name)
    with open(path, "w") as f:
        f.write(text)
    return path


EPISODES = """person,kind,onset,peak,recovered,speed,size
p001,depressive,2025-03-10,2025-03-20,2025-04-10,medium,moderate
p001,elevated,2025-06-01,2025-06-04,2025-06-20,fast,small
p002,depressive,2025-02-01,2025-03-15,2025-05-01,slow,large
p003,depressive,2025-05-01,2025-05-05,2025-05-20,fast,large
"""


class ScoreRules(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name
        self.ep = write(self.d, "episodes.csv", EPISODES)

    def tearDown(self):
        self.tmp.cleanup()

    def run_score(self, alerts_text, diaries_text=None):
        al = write(self.d, "alerts.csv", "person,date\n" + alerts_text)
        py = None
        if diaries_text is not None:
            py = score.person_years(write(self.d, "diaries.csv", diaries_text))
        return score.score(score.read_episodes(self.ep), score.read_alerts(al), py)

    def test_window_start_is_onset_minus_two_inclusive(self):
        rep = self.run_score("p001,2025-03-08\n")          # onset - 2
        self.assertEqual(rep["overall"]["alerted_before_peak"], 1)
        self.assertEqual(rep["overall"]["median_warning_days"], 12.0)
        self.assertEqual(rep["overall"]["false_alerts"], 0)

    def test_onset_minus_three_is_false_and_not_alerted(self):
        rep = self.run_score("p001,2025-03-07\n")
        self.assertEqual(rep["overall"]["alerted_before_peak"], 0)
        self.assertEqual(rep["overall"]["false_alerts"], 1)
        self.assertIsNone(rep["overall"]["median_warning_days"])

    def test_peak_day_counts_with_zero_warning(self):
        rep = self.run_score("p003,2025-05-05\n")
        self.assertEqual(rep["overall"]["alerted_before_peak"], 1)
        self.assertEqual(rep["overall"]["median_warning_days"], 0.0)

    def test_after_peak_until_recovered_not_alerted_not_false(self):
        rep = self.run_score("p003,2025-05-06\np003,2025-05-20\n")
        self.assertEqual(rep["overall"]["alerted_before_peak"], 0)
        self.assertEqual(rep["overall"]["false_alerts"], 0)

    def test_day_after_recovered_is_false(self):
        rep = self.run_score("p003,2025-05-21\n")
        self.assertEqual(rep["overall"]["false_alerts"], 1)

    def test_warning_uses_first_alert_in_window(self):
        rep = self.run_score("p002,2025-02-05\np002,2025-03-01\np002,2025-03-15\n")
        self.assertEqual(rep["overall"]["alerted_before_peak"], 1)
        self.assertEqual(rep["overall"]["median_warning_days"], 38.0)   # 2025-03-15 - 2025-02-05

    def test_median_even_count_is_mean_of_middle_two(self):
        # warnings: p001 dep 10 (03-10 -> 03-20), p001 elev 1, p002 38, p003 4 -> sorted 1,4,10,38 -> 7.0
        rep = self.run_score("p001,2025-03-10\np001,2025-06-03\np002,2025-02-05\np003,2025-05-01\n")
        self.assertEqual(rep["overall"]["alerted_before_peak"], 4)
        self.assertEqual(rep["overall"]["median_warning_days"], 7.0)
        self.assertEqual(rep["overall"]["percent"], 100.0)

    def test_median_odd_count(self):
        rep = self.run_score("p001,2025-03-10\np001,2025-06-03\np002,2025-02-05\n")
        self.assertEqual(rep["overall"]["median_warning_days"], 10.0)

    def test_person_without_episodes_all_false(self):
        rep = self.run_score("p009,2025-03-10\np009,2025-03-11\n")
        self.assertEqual(rep["overall"]["false_alerts"], 2)

    def test_alert_in_other_persons_episode_is_false(self):
        rep = self.run_score("p003,2025-03-15\n")   # inside p001/p002 episodes, not p003's
        self.assertEqual(rep["overall"]["false_alerts"], 1)
        self.assertEqual(rep["overall"]["alerted_before_peak"], 0)

    def test_duplicate_alerts_count_once(self):
        rep = self.run_score("p009,2025-03-10\np009,2025-03-10\n")
        self.assertEqual(rep["overall"]["false_alerts"], 1)
        self.assertEqual(rep["alerts"], 1)

    def test_breakdowns(self):
        rep = self.run_score("p001,2025-03-10\np003,2025-05-01\n")
        self.assertEqual(rep["by_speed"]["fast"]["episodes"], 2)
        self.assertEqual(rep["by_speed"]["fast"]["alerted_before_peak"], 1)
        self.assertEqual(rep["by_speed"]["fast"]["percent"], 50.0)
        self.assertEqual(rep["by_speed"]["medium"]["alerted_before_peak"], 1)
        self.assertEqual(rep["by_speed"]["slow"]["alerted_before_peak"], 0)
        self.assertEqual(rep["by_size"]["large"]["episodes"], 2)
        self.assertEqual(rep["by_size"]["large"]["median_warning_days"], 4.0)
        self.assertEqual(rep["by_kind"]["depressive"]["episodes"], 3)
        self.assertEqual(rep["by_kind"]["elevated"]["alerted_before_peak"], 0)
        self.assertIsNone(rep["by_kind"]["elevated"]["median_warning_days"])

    def test_person_years_and_rate(self):
        diaries = ("person,date,item,value\n"
                   "p001,2025-01-01,mood,5\np001,2025-01-01,sleep,7.0\n"
                   "p001,2025-12-31,mood,5\n"          # 365 days
                   "p002,2025-02-01,mood,6\np002,2025-02-10,mood,6\n")   # 10 days
        rep = self.run_score("p009,2025-03-10\np009,2025-03-11\np009,2025-03-12\n", diaries)
        py = (365 + 10) / 365.25
        self.assertAlmostEqual(rep["person_years"], round(py, 3))
        self.assertEqual(rep["overall"]["false_alerts"], 3)
        self.assertAlmostEqual(rep["overall"]["false_per_person_year"], round(3 / py, 3))

    def test_speed_from_dates_when_column_empty(self):
        write(self.d, "episodes.csv", "person,kind,onset,peak,recovered,speed,size\n"
              "p001,depressive,2025-01-01,2025-01-07,2025-02-01,,small\n"
              "p001,depressive,2025-03-01,2025-03-08,2025-04-01,,small\n"
              "p001,depressive,2025-05-01,2025-05-22,2025-06-01,,small\n")
        eps = score.read_episodes(self.ep)
        self.assertEqual([e["speed"] for e in eps], ["fast", "medium", "slow"])

    def test_command_line_json_matches_text(self):
        al = write(self.d, "alerts.csv", "person,date\np001,2025-03-10\np009,2025-01-01\n")
        di = write(self.d, "diaries.csv", "person,date,item,value\np001,2025-01-01,mood,5\np001,2025-01-10,mood,5\n")
        cmd = [sys.executable, os.path.join(HERE, "score.py"), "--episodes", self.ep, "--alerts", al, "--diaries", di]
        out = json.loads(subprocess.run(cmd + ["--json"], capture_output=True, text=True, check=True).stdout)
        self.assertEqual(out["overall"]["alerted_before_peak"], 1)
        self.assertEqual(out["overall"]["false_alerts"], 1)
        self.assertEqual(out["overall"]["episodes"], 4)
        txt = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        self.assertIn("overall", txt)
        self.assertIn("speed=fast", txt)


if __name__ == "__main__":
    unittest.main()

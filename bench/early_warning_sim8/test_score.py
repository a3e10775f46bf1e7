"""Tests of score.py's rules on tiny hand-made files (python3 -m unittest test_score -v)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import score

HERE = os.path.dirname(os.path.abspath(__file__))


def ep(person, onset, peak, recovered, kind="depressive", speed="medium", size="small"):
    return {"person": person, "kind": kind, "onset": onset, "peak": peak, "recovered": recovered,
            "speed": speed, "size": size}


def al(person, date):
    return {"person": person, "date": date}


class TestRules(unittest.TestCase):
    def test_window_edges_inclusive(self):
        e = [ep("p1", "2025-03-10", "2025-03-20", "2025-04-10")]
        r = score.score(e, [al("p1", "2025-03-08")], 1.0)  # onset - 2: counts
        self.assertEqual(r["overall"]["alerted_before_peak"], 1)
        self.assertEqual(r["overall"]["median_warning_days"], 12.0)
        r = score.score(e, [al("p1", "2025-03-07")], 1.0)  # onset - 3: not alerted, and false
        self.assertEqual(r["overall"]["alerted_before_peak"], 0)
        self.assertEqual(r["overall"]["false_alerts"], 1)
        r = score.score(e, [al("p1", "2025-03-20")], 1.0)  # on the peak: counts, warning 0
        self.assertEqual(r["overall"]["alerted_before_peak"], 1)
        self.assertEqual(r["overall"]["median_warning_days"], 0.0)
        r = score.score(e, [al("p1", "2025-03-21")], 1.0)  # after the peak: missed but not false
        self.assertEqual(r["overall"]["alerted_before_peak"], 0)
        self.assertEqual(r["overall"]["false_alerts"], 0)
        r = score.score(e, [al("p1", "2025-04-10")], 1.0)  # on recovered: not false
        self.assertEqual(r["overall"]["false_alerts"], 0)
        r = score.score(e, [al("p1", "2025-04-11")], 1.0)  # after recovered: false
        self.assertEqual(r["overall"]["false_alerts"], 1)

    def test_first_alert_gives_warning(self):
        e = [ep("p1", "2025-03-10", "2025-03-20", "2025-04-10")]
        r = score.score(e, [al("p1", "2025-03-18"), al("p1", "2025-03-12"), al("p1", "2025-03-15")], 1.0)
        self.assertEqual(r["overall"]["median_warning_days"], 8.0)
        self.assertEqual(r["overall"]["false_alerts"], 0)

    def test_median_even_and_odd(self):
        e = [ep("p1", "2025-01-10", "2025-01-20", "2025-02-01"),
             ep("p2", "2025-01-10", "2025-01-20", "2025-02-01"),
             ep("p3", "2025-01-10", "2025-01-20", "2025-02-01"),
             ep("p4", "2025-01-10", "2025-01-20", "2025-02-01")]
        a = [al("p1", "2025-01-19"), al("p2", "2025-01-17"), al("p3", "2025-01-12")]  # warnings 1, 3, 8
        r = score.score(e, a, 1.0)
        self.assertEqual(r["overall"]["median_warning_days"], 3.0)
        self.assertEqual(r["overall"]["percent"], 75.0)
        a.append(al("p4", "2025-01-20"))  # warnings 0, 1, 3, 8 -> (1 + 3) / 2
        r = score.score(e, a, 1.0)
        self.assertEqual(r["overall"]["median_warning_days"], 2.0)

    def test_person_without_episodes_all_false(self):
        e = [ep("p1", "2025-01-10", "2025-01-20", "2025-02-01")]
        r = score.score(e, [al("p2", "2025-01-12"), al("p2", "2025-05-01"), al("p1", "2025-01-15")], 2.0)
        self.assertEqual(r["overall"]["false_alerts"], 2)
        self.assertEqual(r["overall"]["false_per_person_year"], 1.0)

    def test_other_persons_episode_does_not_cover(self):
        e = [ep("p1", "2025-01-10", "2025-01-20", "2025-02-01"), ep("p2", "2025-06-01", "2025-06-05", "2025-06-20")]
        r = score.score(e, [al("p1", "2025-06-03")], 1.0)
        self.assertEqual(r["overall"]["false_alerts"], 1)
        self.assertEqual(r["overall"]["alerted_before_peak"], 0)

    def test_one_alert_two_episodes_and_duplicates(self):
        e = [ep("p1", "2025-01-10", "2025-01-12", "2025-01-20", speed="fast"),
             ep("p1", "2025-01-21", "2025-02-10", "2025-03-01", kind="elevated", speed="medium", size="large")]
        a = [al("p1", "2025-01-19"), al("p1", "2025-01-19")]  # in the recovery of 1 and onset-2 of 2
        r = score.score(e, a, 1.0)
        self.assertEqual(r["alerts"], 1)
        self.assertEqual(r["overall"]["alerted_before_peak"], 1)
        self.assertEqual(r["overall"]["false_alerts"], 0)
        self.assertEqual(r["by_kind"]["elevated"]["alerted_before_peak"], 1)
        self.assertEqual(r["by_kind"]["elevated"]["median_warning_days"], 22.0)
        self.assertEqual(r["by_kind"]["depressive"]["alerted_before_peak"], 0)
        self.assertEqual(r["by_speed"]["fast"]["episodes"], 1)
        self.assertEqual(r["by_size"]["large"]["percent"], 100.0)
        self.assertIsNone(r["by_size"]["moderate"]["percent"])
        self.assertIsNone(r["by_size"]["moderate"]["median_warning_days"])

    def test_no_alerts(self):
        r = score.score([ep("p1", "2025-01-10", "2025-01-20", "2025-02-01")], [], 1.0)
        self.assertEqual(r["overall"]["percent"], 0.0)
        self.assertIsNone(r["overall"]["median_warning_days"])
        self.assertEqual(r["overall"]["false_alerts"], 0)


class TestCommandLine(unittest.TestCase):
    def test_files_and_person_years(self):
        with tempfile.TemporaryDirectory() as d:
            def w(name, text):
                p = os.path.join(d, name)
                with open(p, "w") as f:
                    f.write(text)
                return p
            diaries = w("diaries.csv", "person,date,item,value\n"
                                       "p001,2025-01-01,mood,5\np001,2025-01-01,sleep,7.0\n"
                                       "p001,2025-12-31,mood,5\n"
                                       "p002,2025-03-01,mood,7\n")
            # p001: 365 days, p002: 1 day; p003 has alerts but no diary -> not in person-years
            episodes = w("episodes.csv", "person,kind,onset,peak,recovered,speed,size\n"
                                         "p001,depressive,2025-02-01,2025-02-05,2025-02-20,fast,small\n")
            alerts = w("alerts.csv", "person,date\np001,2025-02-03\np001,2025-06-01\np003,2025-02-03\n")
            out = subprocess.run([sys.executable, os.path.join(HERE, "score.py"), "--episodes", episodes,
                                  "--alerts", alerts, "--diaries", diaries, "--json"],
                                 capture_output=True, text=True, check=True).stdout
            r = json.loads(out)
            self.assertAlmostEqual(r["person_years"], round(366 / 365.25, 3))
            self.assertEqual(r["overall"]["alerted_before_peak"], 1)
            self.assertEqual(r["overall"]["median_warning_days"], 2.0)
            self.assertEqual(r["overall"]["false_alerts"], 2)
            txt = subprocess.run([sys.executable, os.path.join(HERE, "score.py"), "--episodes", episodes,
                                  "--alerts", alerts, "--diaries", diaries],
                                 capture_output=True, text=True, check=True).stdout
            self.assertIn("overall", txt)
            self.assertIn("speed=fast", txt)


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/python3
"""Hand-made cases for score.py.  Run: python3 -m unittest test_score  (from this directory)."""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import unittest

import score

HERE = os.path.dirname(os.path.abspath(__file__))
d = datetime.date.fromisoformat


def ep(person, onset, peak, kind="depressive", speed="medium", size="moderate"):
    return {"person": person, "kind": kind, "onset": d(onset), "peak": d(peak), "recovered": None,
            "speed": speed, "size": size}


# two people, each written 2025-01-01 .. 2025-12-31 (365 days) -> 2 * 365/365.25 person-years
SPANS = {"a": (d("2025-01-01"), d("2025-12-31")), "b": (d("2025-01-01"), d("2025-12-31"))}


class TestEvaluate(unittest.TestCase):
    def test_caught_and_warning(self):
        eps = [ep("a", "2025-03-01", "2025-03-11")]
        r = score.evaluate(eps, [("a", d("2025-03-04")), ("a", d("2025-03-08"))], SPANS)
        o = r["overall"]
        self.assertEqual(o["caught"], {"caught": 1, "total": 1, "pct": 100.0})
        self.assertEqual(o["median_warning_days"], 7)  # first alert counts: 11 - 4
        self.assertEqual(o["false_alerts"], 0)

    def test_onset_day_counts_peak_day_does_not(self):
        eps = [ep("a", "2025-03-01", "2025-03-11")]
        r = score.evaluate(eps, [("a", d("2025-03-01"))], SPANS)
        self.assertEqual(r["overall"]["caught"]["caught"], 1)
        self.assertEqual(r["overall"]["median_warning_days"], 10)
        r = score.evaluate(eps, [("a", d("2025-03-11"))], SPANS)
        self.assertEqual(r["overall"]["caught"]["caught"], 0)
        self.assertEqual(r["overall"]["false_alerts"], 0)  # on the peak: late, not false
        self.assertIsNone(r["overall"]["median_warning_days"])

    def test_day_before_onset_is_false_and_not_caught(self):
        eps = [ep("a", "2025-03-01", "2025-03-11")]
        r = score.evaluate(eps, [("a", d("2025-02-28"))], SPANS)
        self.assertEqual(r["overall"]["caught"]["caught"], 0)
        self.assertEqual(r["overall"]["false_alerts"], 1)

    def test_grace_after_peak(self):
        eps = [ep("a", "2025-03-01", "2025-03-11")]
        r = score.evaluate(eps, [("a", d("2025-03-18"))], SPANS)  # peak + 7
        self.assertEqual(r["overall"]["false_alerts"], 0)
        r = score.evaluate(eps, [("a", d("2025-03-19"))], SPANS)  # peak + 8
        self.assertEqual(r["overall"]["false_alerts"], 1)
        r = score.evaluate(eps, [("a", d("2025-03-19"))], SPANS, grace=10)
        self.assertEqual(r["overall"]["false_alerts"], 0)

    def test_alert_for_other_person_does_not_catch(self):
        eps = [ep("a", "2025-03-01", "2025-03-11")]
        r = score.evaluate(eps, [("b", d("2025-03-05"))], SPANS)
        self.assertEqual(r["overall"]["caught"]["caught"], 0)
        self.assertEqual(r["overall"]["false_alerts"], 1)

    def test_duplicates_count_once_and_rate(self):
        r = score.evaluate([], [("a", d("2025-05-05")), ("a", d("2025-05-05")), ("b", d("2025-06-01"))], SPANS)
        o = r["overall"]
        self.assertEqual(o["false_alerts"], 2)
        self.assertAlmostEqual(o["person_years"], round(730 / 365.25, 2))
        self.assertAlmostEqual(o["false_alerts_per_person_year"], round(2 / (730 / 365.25), 3))

    def test_breakdowns_and_median(self):
        eps = [ep("a", "2025-01-10", "2025-01-14", speed="fast", size="small"),
               ep("a", "2025-05-01", "2025-05-31", speed="slow", size="large", kind="elevated"),
               ep("b", "2025-02-01", "2025-02-11", speed="medium", size="moderate")]
        alerts = [("a", d("2025-01-12")), ("a", d("2025-05-11")), ("b", d("2025-08-01"))]
        o = score.evaluate(eps, alerts, SPANS)["overall"]
        self.assertEqual(o["caught"]["caught"], 2)
        self.assertEqual(o["by_speed"]["fast"], {"caught": 1, "total": 1, "pct": 100.0})
        self.assertEqual(o["by_speed"]["medium"], {"caught": 0, "total": 1, "pct": 0.0})
        self.assertEqual(o["by_size"]["large"]["caught"], 1)
        self.assertEqual(o["by_kind"]["elevated"], {"caught": 1, "total": 1, "pct": 100.0})
        self.assertEqual(o["by_kind"]["depressive"], {"caught": 1, "total": 2, "pct": 50.0})
        self.assertEqual(o["median_warning_days"], 11)  # warnings 2 and 20
        self.assertEqual(o["false_alerts"], 1)

    def test_alert_inside_one_episode_window_is_not_false_for_close_episodes(self):
        eps = [ep("a", "2025-03-01", "2025-03-11"), ep("a", "2025-03-20", "2025-03-30")]
        r = score.evaluate(eps, [("a", d("2025-03-15")), ("a", d("2025-03-25"))], SPANS)
        o = r["overall"]
        self.assertEqual(o["false_alerts"], 0)
        self.assertEqual(o["caught"]["caught"], 1)

    def test_watch_subgroup(self):
        eps = [ep("a", "2025-03-01", "2025-03-11"), ep("b", "2025-03-01", "2025-03-11")]
        groups = {"a": "bipolar", "b": "general"}
        r = score.evaluate(eps, [("a", d("2025-03-05")), ("b", d("2025-09-01"))], SPANS, groups)
        w = r["watch"]
        self.assertEqual(w["people"], 1)
        self.assertEqual(w["episodes"], 1)
        self.assertEqual(w["caught"]["pct"], 100.0)
        self.assertEqual(w["false_alerts"], 0)
        self.assertEqual(r["overall"]["false_alerts"], 1)

    def test_person_years_from_partial_span(self):
        spans = {"a": (d("2025-01-01"), d("2025-01-10"))}  # 10 days
        r = score.evaluate([], [("a", d("2025-01-05"))], spans)
        self.assertAlmostEqual(r["overall"]["person_years"], round(10 / 365.25, 2))
        self.assertAlmostEqual(r["overall"]["false_alerts_per_person_year"], round(36.525, 3))


class TestCLI(unittest.TestCase):
    def test_files_and_json(self):
        with tempfile.TemporaryDirectory(dir=HERE) as tmp:
            def w(name, text):
                with open(os.path.join(tmp, name), "w") as f:
                    f.write(text)
            w("episodes.csv", "person,kind,onset,peak,recovered,speed,size\n"
                              "p1,depressive,2025-01-05,2025-01-12,2025-02-01,medium,large\n")
            w("people.csv", "person,group\np1,recent_discharge\np2,general\n")
            w("diaries.csv", "person,date,item,value\n"
                             "p1,2025-01-01,mood,7\np1,2025-01-01,sleep,7.0\np1,2025-12-31,mood,6\n"
                             "p2,2025-01-01,mood,7\np2,2025-07-02,mood,6\n")
            w("alerts.csv", "person,date\np1,2025-01-07\np2,2025-03-01\n")
            out = subprocess.run([sys.executable, os.path.join(HERE, "score.py"),
                                  "--episodes", os.path.join(tmp, "episodes.csv"),
                                  "--alerts", os.path.join(tmp, "alerts.csv"),
                                  "--diaries", os.path.join(tmp, "diaries.csv"), "--json"],
                                 capture_output=True, text=True, check=True).stdout
            r = json.loads(out)
            self.assertEqual(r["overall"]["caught"]["caught"], 1)
            self.assertEqual(r["overall"]["median_warning_days"], 5)
            self.assertEqual(r["overall"]["false_alerts"], 1)
            self.assertAlmostEqual(r["overall"]["person_years"], round((365 + 183) / 365.25, 2))
            self.assertEqual(r["watch"]["people"], 1)
            self.assertEqual(r["watch"]["false_alerts"], 0)
            # empty alerts file (header only)
            w("alerts.csv", "person,date\n")
            r = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "score.py"),
                                           "--episodes", os.path.join(tmp, "episodes.csv"),
                                           "--alerts", os.path.join(tmp, "alerts.csv"),
                                           "--diaries", os.path.join(tmp, "diaries.csv"), "--json"],
                                          capture_output=True, text=True, check=True).stdout)
            self.assertEqual(r["overall"]["caught"]["caught"], 0)
            self.assertEqual(r["overall"]["false_alerts_per_person_year"], 0.0)


if __name__ == "__main__":
    unittest.main()

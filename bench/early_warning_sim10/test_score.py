#!/usr/bin/env python3
"""Hand-made unit tests for score.py.  Run: python3 test_score.py"""
import contextlib
import datetime as dt
import io
import json
import os
import shutil
import tempfile
import unittest

import score

D = dt.date.fromisoformat


def ep(person, onset, peak, recovered, kind="depressive", speed="medium", size="moderate"):
    return {"person": person, "kind": kind, "onset": D(onset), "peak": D(peak),
            "recovered": D(recovered), "speed": speed, "size": size}


def A(person, date):
    return (person, D(date))


SPANS = {"P1": (D("2024-01-01"), D("2024-12-30")),   # 365 days = 365/365.25 years
         "P2": (D("2024-01-01"), D("2024-12-30"))}


class WindowTests(unittest.TestCase):
    def setUp(self):
        # onset 2024-03-10, peak 2024-03-20, recovered 2024-04-10
        self.eps = [ep("P1", "2024-03-10", "2024-03-20", "2024-04-10")]

    def run1(self, alerts):
        return score.score(self.eps, alerts, SPANS)

    def test_alert_exactly_onset_minus_3_is_outside(self):
        r = self.run1([A("P1", "2024-03-07")])
        self.assertEqual(r["alerted"], 0)
        self.assertEqual(r["false_alerts"], 1)

    def test_alert_onset_minus_2_counts(self):
        r = self.run1([A("P1", "2024-03-08")])
        self.assertEqual(r["alerted"], 1)
        self.assertEqual(r["median_warning_days"], 12.0)
        self.assertEqual(r["false_alerts"], 0)

    def test_alert_on_peak_counts_with_zero_warning(self):
        r = self.run1([A("P1", "2024-03-20")])
        self.assertEqual(r["alerted"], 1)
        self.assertEqual(r["median_warning_days"], 0.0)
        self.assertEqual(r["pct_alerted_warning_ge_1day"], 0.0)

    def test_alert_after_peak_not_detection_but_not_false(self):
        r = self.run1([A("P1", "2024-03-21")])
        self.assertEqual(r["alerted"], 0)
        self.assertEqual(r["false_alerts"], 0)

    def test_alert_on_recovered_not_false_day_after_is(self):
        r = self.run1([A("P1", "2024-04-10"), A("P1", "2024-04-11")])
        self.assertEqual(r["false_alerts"], 1)

    def test_first_alert_in_window_sets_warning(self):
        r = self.run1([A("P1", "2024-03-15"), A("P1", "2024-03-09"), A("P1", "2024-03-19")])
        self.assertEqual(r["median_warning_days"], 11.0)
        self.assertEqual(r["alerted"], 1)
        self.assertEqual(r["false_alerts"], 0)

    def test_other_persons_alert_does_not_count(self):
        r = self.run1([A("P2", "2024-03-15")])
        self.assertEqual(r["alerted"], 0)
        self.assertEqual(r["false_alerts"], 1)

    def test_duplicate_alerts_counted_once(self):
        r = self.run1([A("P2", "2024-06-01"), A("P2", "2024-06-01")])
        self.assertEqual(r["alerts"], 1)
        self.assertEqual(r["false_alerts"], 1)


class RateAndGroupTests(unittest.TestCase):
    def test_person_years_and_rate(self):
        r = score.score([], [A("P1", "2024-05-01"), A("P2", "2024-05-01")], SPANS)
        self.assertAlmostEqual(r["person_years"], 2 * 365 / 365.25, places=3)
        self.assertAlmostEqual(r["false_alerts_per_person_year"], round(2 / (730 / 365.25), 3))
        self.assertIsNone(r["pct_alerted_before_peak"])
        self.assertIsNone(r["median_warning_days"])

    def test_breakdowns_and_median(self):
        eps = [ep("P1", "2024-02-01", "2024-02-04", "2024-02-20", speed="fast", size="small"),
               ep("P1", "2024-05-01", "2024-06-15", "2024-07-20", kind="elevated", speed="slow", size="large"),
               ep("P2", "2024-03-01", "2024-03-11", "2024-04-01", speed="medium", size="large")]
        alerts = [A("P1", "2024-05-05"),   # warning 41 on episode 2
                  A("P2", "2024-03-10")]   # warning 1 on episode 3
        r = score.score(eps, alerts, SPANS)
        self.assertEqual(r["alerted"], 2)
        self.assertAlmostEqual(r["pct_alerted_before_peak"], 66.7)
        self.assertEqual(r["median_warning_days"], 21.0)
        self.assertEqual(r["by_speed"]["fast"], {"n": 1, "alerted": 0, "pct_alerted": 0.0})
        self.assertEqual(r["by_size"]["large"], {"n": 2, "alerted": 2, "pct_alerted": 100.0})
        self.assertEqual(r["by_kind"]["elevated"]["alerted"], 1)
        self.assertNotIn("mixed", r["by_kind"])
        w = score.score(eps, alerts, SPANS, people={"P2"})
        self.assertEqual(w["episodes"], 1)
        self.assertEqual(w["median_warning_days"], 1.0)
        self.assertAlmostEqual(w["person_years"], round(365 / 365.25, 3))

    def test_overlapping_episodes_share_alert(self):
        # relapse soon after recovery: an alert counts for any episode whose window holds it
        eps = [ep("P1", "2024-03-01", "2024-03-10", "2024-03-30"),
               ep("P1", "2024-04-01", "2024-04-05", "2024-04-20", speed="fast")]
        r = score.score(eps, [A("P1", "2024-03-30")], SPANS)
        self.assertEqual(r["alerted"], 1)  # window of episode 2 is (03-29, 04-05]
        self.assertEqual(r["false_alerts"], 0)


class CliTest(unittest.TestCase):
    def test_cli_json_with_watch(self):
        tmp = tempfile.mkdtemp()
        try:
            def w(name, text):
                with open(os.path.join(tmp, name), "w") as f:
                    f.write(text)
            w("episodes.csv", "person,kind,onset,peak,recovered,speed,size\n"
                              "P1,depressive,2024-03-10,2024-03-20,2024-04-10,medium,moderate\n"
                              "P2,elevated,2024-06-01,2024-06-03,2024-06-20,fast,small\n")
            w("people.csv", "person,group,watch\nP1,a,True\nP2,b,False\n")
            w("diaries.csv", "person,date,item,value\nP1,2024-01-01,mood,5\nP1,2024-12-30,mood,5\n"
                             "P2,2024-01-01,mood,5\nP2,2024-07-01,mood,5\n")
            w("alerts.csv", "person,date,score\nP1,2024-03-12,0.9\nP2,2024-08-01,0.5\n")
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                score.main(["--episodes", os.path.join(tmp, "episodes.csv"),
                            "--alerts", os.path.join(tmp, "alerts.csv"),
                            "--diaries", os.path.join(tmp, "diaries.csv"), "--json"])
            res = json.loads(buf.getvalue())
            self.assertEqual(res["overall"]["alerted"], 1)
            self.assertEqual(res["overall"]["false_alerts"], 1)
            self.assertEqual(res["watch"]["episodes"], 1)
            self.assertEqual(res["watch"]["false_alerts"], 0)
            self.assertEqual(res["watch"]["median_warning_days"], 8.0)
            self.assertAlmostEqual(res["overall"]["person_years"], round((365 + 183) / 365.25, 3))
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main()

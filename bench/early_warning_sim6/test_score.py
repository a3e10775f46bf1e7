#!/usr/bin/python3
"""Unit tests for score.py (boundary days and rules), baseline.py and the
simulator's reproducibility / speed labels.  Run: python3 -m unittest test_score"""
import csv
import datetime
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import score      # noqa: E402
import baseline   # noqa: E402
import simulate   # noqa: E402

D = datetime.date.fromisoformat


def ep(person="a", onset="2025-04-10", peak="2025-04-20", recovered="2025-05-10",
       kind="depressive", speed="medium", size="moderate"):
    return {"person": person, "kind": kind, "onset": D(onset), "peak": D(peak),
            "recovered": D(recovered), "speed": speed, "size": size}


def al(*pairs):
    return [(p, D(d)) for p, d in pairs]


class TestEpisodeWindow(unittest.TestCase):
    def test_onset_minus_two_counts(self):
        r = score.score([ep()], al(("a", "2025-04-08")), 1.0)
        self.assertEqual(r["overall"]["alerted"], 1)
        self.assertEqual(r["overall"]["median_warning_days"], 12.0)
        self.assertEqual(r["false_alerts"], 0)

    def test_onset_minus_three_does_not_count_and_is_false(self):
        r = score.score([ep()], al(("a", "2025-04-07")), 1.0)
        self.assertEqual(r["overall"]["alerted"], 0)
        self.assertIsNone(r["overall"]["median_warning_days"])
        self.assertEqual(r["false_alerts"], 1)

    def test_peak_day_counts_with_zero_warning(self):
        r = score.score([ep()], al(("a", "2025-04-20")), 1.0)
        self.assertEqual(r["overall"]["alerted"], 1)
        self.assertEqual(r["overall"]["median_warning_days"], 0.0)

    def test_day_after_peak_not_early_but_not_false(self):
        r = score.score([ep()], al(("a", "2025-04-21")), 1.0)
        self.assertEqual(r["overall"]["alerted"], 0)
        self.assertEqual(r["false_alerts"], 0)

    def test_recovered_day_not_false_next_day_false(self):
        r = score.score([ep()], al(("a", "2025-05-10")), 1.0)
        self.assertEqual(r["false_alerts"], 0)
        r = score.score([ep()], al(("a", "2025-05-11")), 1.0)
        self.assertEqual(r["false_alerts"], 1)

    def test_first_alert_in_window_sets_warning(self):
        r = score.score([ep()], al(("a", "2025-04-15"), ("a", "2025-04-09"),
                                   ("a", "2025-04-19")), 1.0)
        self.assertEqual(r["overall"]["median_warning_days"], 11.0)
        self.assertEqual(r["alerts"], 3)
        self.assertEqual(r["false_alerts"], 0)

    def test_other_persons_alert_does_not_count(self):
        r = score.score([ep()], al(("b", "2025-04-15")), 1.0)
        self.assertEqual(r["overall"]["alerted"], 0)
        self.assertEqual(r["false_alerts"], 1)

    def test_duplicates_count_once(self):
        r = score.score([ep()], al(("a", "2025-06-01"), ("a", "2025-06-01"),
                                   ("a", "2025-04-12"), ("a", "2025-04-12")), 2.0)
        self.assertEqual(r["alerts"], 2)
        self.assertEqual(r["false_alerts"], 1)
        self.assertEqual(r["false_per_person_year"], 0.5)

    def test_duplicates_in_file_count_once(self):
        with tempfile.TemporaryDirectory(dir=HERE) as t:
            p = os.path.join(t, "a.csv")
            with open(p, "w") as f:
                f.write("person,date\na,2025-06-01\na,2025-06-01\nb,2025-06-02\n")
            self.assertEqual(len(score.read_alerts(p)), 2)

    def test_alert_in_any_episode_window_is_not_false(self):
        eps = [ep(), ep(onset="2025-08-01", peak="2025-08-03", recovered="2025-08-20",
                        kind="elevated", speed="fast", size="small")]
        r = score.score(eps, al(("a", "2025-07-30"), ("a", "2025-06-20")), 1.0)
        self.assertEqual(r["false_alerts"], 1)
        self.assertEqual(r["by_kind"]["elevated"]["alerted"], 1)
        self.assertEqual(r["by_kind"]["depressive"]["alerted"], 0)
        self.assertEqual(r["by_speed"]["fast"]["median_warning_days"], 4.0)
        self.assertEqual(r["by_size"]["small"]["episodes"], 1)


class TestMedian(unittest.TestCase):
    def test_odd_even_empty(self):
        self.assertEqual(score.median([5, 1, 3]), 3.0)
        self.assertEqual(score.median([4, 1, 3, 10]), 3.5)
        self.assertIsNone(score.median([]))

    def test_even_count_through_score(self):
        eps = [ep(), ep(person="b")]
        r = score.score(eps, al(("a", "2025-04-19"), ("b", "2025-04-10")), 1.0)
        self.assertEqual(r["overall"]["median_warning_days"], 5.5)


class TestPersonYears(unittest.TestCase):
    def test_first_to_last_inclusive(self):
        with tempfile.TemporaryDirectory(dir=HERE) as t:
            p = os.path.join(t, "d.csv")
            with open(p, "w") as f:
                f.write("person,date,item,value\n"
                        "a,2025-03-01,mood,5\n"
                        "a,2025-03-01,sleep,7.0\n"
                        "a,2026-02-28,sign:pacing,1\n"
                        "b,2025-05-01,mood,2\n")
            self.assertAlmostEqual(score.person_years(p), (365 + 1) / 365.25)


class TestBaseline(unittest.TestCase):
    def test_refractory_seven_days(self):
        with tempfile.TemporaryDirectory(dir=HERE) as t:
            p = os.path.join(t, "d.csv")
            rows = ["person,date,item,value",
                    "a,2025-03-01,mood,3", "a,2025-03-02,mood,2",
                    "a,2025-03-07,mood,1", "a,2025-03-08,mood,3",
                    "a,2025-03-09,mood,4", "a,2025-03-20,anxiety,1",
                    "a,2025-03-16,mood,0", "b,2025-03-03,mood,4"]
            with open(p, "w") as f:
                f.write("\n".join(rows) + "\n")
            self.assertEqual(baseline.baseline_alerts(p),
                             [("a", "2025-03-01"), ("a", "2025-03-08"),
                              ("a", "2025-03-16")])


class TestSimulator(unittest.TestCase):
    def test_speed_labels(self):
        self.assertEqual(simulate.speed_of(1), "fast")
        self.assertEqual(simulate.speed_of(6), "fast")
        self.assertEqual(simulate.speed_of(7), "medium")
        self.assertEqual(simulate.speed_of(20), "medium")
        self.assertEqual(simulate.speed_of(21), "slow")

    def test_reproducible_and_consistent(self):
        digests = []
        with tempfile.TemporaryDirectory(dir=HERE) as t:
            for k, hashseed in enumerate(("1", "2")):
                out = os.path.join(t, "o%d" % k)
                env = dict(os.environ, PYTHONHASHSEED=hashseed)
                subprocess.run([sys.executable, os.path.join(HERE, "simulate.py"),
                                "--people", "12", "--days", "365", "--seed", "7",
                                "--out", out], check=True, env=env)
                h = hashlib.sha256()
                for name in ("diaries.csv", "episodes.csv", "people.csv"):
                    with open(os.path.join(out, name), "rb") as f:
                        h.update(f.read())
                digests.append(h.hexdigest())
            self.assertEqual(digests[0], digests[1])
            with open(os.path.join(t, "o0", "episodes.csv")) as f:
                for r in csv.DictReader(f):
                    rise = (D(r["peak"]) - D(r["onset"])).days
                    self.assertEqual(r["speed"], simulate.speed_of(rise))
                    self.assertLess(D(r["peak"]), D(r["recovered"]))
                    self.assertIn(r["kind"], ("depressive", "elevated"))
                    self.assertIn(r["size"], ("small", "moderate", "large"))
            with open(os.path.join(t, "o0", "diaries.csv")) as f:
                for r in csv.DictReader(f):
                    self.assertGreaterEqual(D(r["date"]), D("2025-03-01"))
                    if r["item"] in ("mood", "anxiety"):
                        self.assertIn(int(r["value"]), range(11))
                    elif r["item"].startswith("sign:"):
                        self.assertIn(int(r["value"]), range(5))
                    elif r["item"] == "medication":
                        self.assertIn(r["value"], ("yes", "no"))
                    else:
                        self.assertEqual(r["item"], "sleep")
                        self.assertEqual(len(r["value"].split(".")[1]), 1)

    def test_person_stream_independent_of_people_count(self):
        a = simulate.simulate_person(61, 5, 365)[1]
        b = simulate.simulate_person(61, 5, 365)[1]
        self.assertEqual(a, b)


class TestCLI(unittest.TestCase):
    def test_json_output(self):
        with tempfile.TemporaryDirectory(dir=HERE) as t:
            e, a, d = (os.path.join(t, n) for n in ("e.csv", "a.csv", "d.csv"))
            with open(e, "w") as f:
                f.write("person,kind,onset,peak,recovered,speed,size\n"
                        "a,elevated,2025-04-10,2025-04-12,2025-04-30,fast,large\n")
            with open(a, "w") as f:
                f.write("person,date\na,2025-04-08\na,2025-04-08\na,2025-05-01\n")
            with open(d, "w") as f:
                f.write("person,date,item,value\na,2025-03-01,mood,5\n"
                        "a,2025-05-01,mood,2\n")
            out = subprocess.run([sys.executable, os.path.join(HERE, "score.py"),
                                  "--episodes", e, "--alerts", a, "--diaries", d,
                                  "--json"], check=True, capture_output=True, text=True)
            r = json.loads(out.stdout)
            self.assertEqual(r["alerts"], 2)
            self.assertEqual(r["false_alerts"], 1)
            self.assertEqual(r["overall"]["median_warning_days"], 4.0)
            self.assertAlmostEqual(r["person_years"], 62 / 365.25)


if __name__ == "__main__":
    unittest.main()

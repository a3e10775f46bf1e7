"""``manage.py replay_series``: past diaries from CSV, the alerts the detector
would have raised night by night, thresholds a service can try, and bad
files refused with line numbers before anything is replayed. No database."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tandem.alerts import series

START = dt.date(2026, 1, 5)


def rows(*, people: tuple[str, ...] = ("p-001",), drop_at: int = 80, days: int = 90) -> str:
    """A header and each person's sleep (steady, then 4 hours from ``drop_at``)
    and a warning sign."""
    lines = ["person,date,item,value"]
    for person in people:
        for i in range(days):
            day = (START + dt.timedelta(days=i)).isoformat()
            sleep = 4.0 if i >= drop_at else (7.0, 7.5, 8.0)[i % 3]
            lines.append(f"{person},{day},sleep,{sleep}")
            lines.append(f"{person},{day},mood,{6 + i % 2}")
            lines.append(f'{person},{day},"sign:Feeling people are against me",{i % 2}')
    return "\n".join(lines) + "\n"


def replay(tmp_path: Path, text: str, *args: str) -> tuple[str, str]:
    path = tmp_path / "history.csv"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("replay_series", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_prints_the_alert_it_would_have_raised_with_the_night_and_reasons(tmp_path: Path) -> None:
    out, _ = replay(tmp_path, rows(people=("p-001", "p-002")), "--no-schedule")
    alerts = [line for line in out.splitlines() if line.startswith("p-")]
    assert len(alerts) == 2
    person, night, words = alerts[0].split("  ", 2)
    assert person == "p-001"
    assert (
        START + dt.timedelta(days=80) < dt.date.fromisoformat(night) < START + dt.timedelta(days=90)
    )
    assert words == "A change from their usual: Changed from their usual: sleep"
    assert "    - Sleep 3.5 hours below their usual for" in out
    assert out.rstrip().endswith(
        "Replayed 2 people over 180 nights; 2 had enough days to compare with their usual. "
        "Alerts it would have raised: 2 (2 change from their usual, 0 check-ins missed), "
        "4.1 a person-year."
    )


def test_thresholds_can_be_tried_before_switching_on(tmp_path: Path) -> None:
    strict, _ = replay(tmp_path, rows(), "--no-schedule", "--change-threshold", "9")
    assert "Alerts it would have raised: 0" in strict
    assert "change 9 spreads for 3 days" in strict
    longer, _ = replay(tmp_path, rows(), "--no-schedule", "--baseline-days", "80")
    assert "0 had enough days to compare" in longer


def test_missed_daily_check_ins_are_counted_from_the_persons_first_day(tmp_path: Path) -> None:
    text = rows(drop_at=999, days=40)
    text += "p-002,2026-02-20,mood,6\n"  # the file now runs to 20 February
    out, _ = replay(tmp_path, text, "--missed-in-a-row", "5")
    assert "p-001  2026-02-18  Check-ins missed: Diary check-ins missed" in out
    assert (
        "    - No diary entry on the last 5 days one was due (none since Saturday 14 February)"
        in out
    )
    off, _ = replay(tmp_path, text, "--missed-in-a-row", "0", "--no-schedule")
    assert "Alerts it would have raised: 0" in off


def test_json_output_has_one_object_per_alert(tmp_path: Path) -> None:
    out, err = replay(tmp_path, rows(), "--no-schedule", "--json")
    [alert] = [json.loads(line) for line in out.splitlines()]
    assert alert["person"] == "p-001"
    assert alert["kind"] == "change"
    assert alert["about_key"].startswith("change:sleep:")
    assert "Alerts it would have raised: 1" in err


def test_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(rows()))
    out = io.StringIO()
    call_command("replay_series", "-", "--no-schedule", stdout=out)
    assert "Alerts it would have raised: 1" in out.getvalue()


def test_bad_rows_are_listed_by_line_and_nothing_is_replayed(tmp_path: Path) -> None:
    text = rows(days=40) + "\n".join(
        [
            "p-001,2026-02-30,mood,5",
            "p-001,2026-02-20,mood,11",
            "p-001,2026-02-20,steps,5000",
            "p-001,2026-02-20,sign:,2",
            "p-001,2026-02-20,sign:Not sleeping,2.5",
            "p-001,2026-02-20,medication,maybe",
            "p-001,2026-02-20,sleep,",
            "p-001,2026-02-20,sleep",
            ",2026-02-20,sleep,7",
            "p-001,2026-01-05,sleep,6",
            "p-001,2026-02-20,anxiety,nan",
        ]
    )
    with pytest.raises(CommandError) as caught:
        replay(tmp_path, text)
    message = str(caught.value)
    first = 1 + 3 * 40 + 1
    assert message.splitlines() == [
        "Nothing was replayed: 11 rows cannot be read.",
        f"Line {first}: date must be a real date written as YYYY-MM-DD, not '2026-02-30'",
        f"Line {first + 1}: mood must be from 0 to 10, not '11'",
        f"Line {first + 2}: item must be mood, sleep, anxiety, medication or sign:<words>, "
        "not 'steps'",
        f"Line {first + 3}: a warning sign needs its words after 'sign:'",
        f"Line {first + 4}: a warning sign is rated with a whole number from 0 to 4, not '2.5'",
        f"Line {first + 5}: medication must be yes or no (or 1 or 0), not 'maybe'",
        f"Line {first + 6}: sleep has no value",
        f"Line {first + 7}: expected 4 columns (person, date, item, value), found 3",
        f"Line {first + 8}: person is empty",
        f"Line {first + 9}: p-001 already has a sleep value for 2026-01-05 (line 2)",
        f"Line {first + 10}: anxiety must be a number, not 'nan'",
    ]


def test_a_long_list_of_problems_is_cut_short() -> None:
    text = "".join(f"p,2026-01-{i % 28 + 1:02d},mood,x\n" for i in range(30))
    with pytest.raises(series.BadSeries) as caught:
        series.read(io.StringIO(text))
    assert len(caught.value.problems) == 30
    assert str(caught.value).endswith("...and 10 more")


def test_an_empty_file_or_a_missing_one_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no rows to replay"):
        replay(tmp_path, "person,date,item,value\n")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("replay_series", str(tmp_path / "nowhere.csv"))


def test_bad_thresholds_are_refused() -> None:
    with pytest.raises(CommandError, match="change_threshold must be above 0"):
        call_command("replay_series", "-", "--change-threshold", "0")


def test_signs_are_matched_by_their_words_whatever_the_case() -> None:
    text = "p,2026-01-05,sign:Hearing voices,1\np,2026-01-06,SIGN:hearing voices,2\n"
    people = series.read(io.StringIO(text))
    assert people["p"].values == {"sign:1": {dt.date(2026, 1, 5): 1.0, dt.date(2026, 1, 6): 2.0}}
    assert people["p"].labels == {"sign:1": "Hearing voices"}


def test_alerts_can_be_written_as_person_and_date_with_high_mood_person_by_person(
    tmp_path: Path,
) -> None:
    lines = ["person,date,item,value"]
    for person in ("up", "also-up"):
        for i in range(90):
            day = (START + dt.timedelta(days=i)).isoformat()
            lines.append(f"{person},{day},mood,{9 if i >= 80 else 5 + i % 2}")
    people = tmp_path / "people.csv"
    people.write_text("person,watch_high_mood\nup,yes\nalso-up,no\n", encoding="utf-8")
    alerts = tmp_path / "alerts.csv"
    replay(
        tmp_path,
        "\n".join(lines) + "\n",
        "--no-schedule",
        "--people",
        str(people),
        "--alerts-csv",
        str(alerts),
    )
    written = alerts.read_text(encoding="utf-8").splitlines()
    # Only the person whose plan watches for high mood is alerted for a rise.
    assert written[0] == "person,date"
    assert [row.split(",")[0] for row in written[1:]] == ["up"]
    night = dt.date.fromisoformat(written[1].split(",")[1])
    assert START + dt.timedelta(days=80) <= night < START + dt.timedelta(days=90)


def test_a_bad_people_file_replays_nothing(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("person,watch_high_mood\nup,maybe\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Line 2: expected person,yes or person,no"):
        replay(tmp_path, rows(), "--people", str(people))

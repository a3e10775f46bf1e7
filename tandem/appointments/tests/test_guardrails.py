"""The workload guardrails, on hand-built days."""

from __future__ import annotations

import datetime as dt

from tandem.appointments.guardrails import Proposed, check
from tandem.appointments.models import TeamRules

DAY = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def slot(hour: int, minute: int = 0, *, length: int = 50, modality: str = "video") -> Proposed:
    start = DAY.replace(hour=hour, minute=minute)
    return Proposed(start, start + dt.timedelta(minutes=length), modality)


def rules(**values: object) -> TeamRules:
    base = {"max_consecutive_remote": 3, "min_break_minutes": 10, "max_remote_hours_per_day": 5}
    base.update(values)
    return TeamRules(**base)  # type: ignore[arg-type]


def test_well_spaced_day_breaks_nothing() -> None:
    day = [slot(9), slot(10), slot(11)]
    assert check(rules=rules(), day_appointments=day, proposed=slot(14)) == []


def test_face_to_face_never_counts() -> None:
    day = [slot(9, length=60), slot(10, length=60), slot(11, length=60)]
    assert (
        check(rules=rules(), day_appointments=day, proposed=slot(12, modality="face_to_face")) == []
    )


def test_short_break_is_reported() -> None:
    breaches = check(rules=rules(), day_appointments=[slot(9)], proposed=slot(9, 55))
    assert breaches == ["less than 10 minutes' break between remote sessions"]


def test_too_many_in_a_row() -> None:
    day = [slot(9, length=55), slot(9, 55, length=55), slot(10, 50, length=55)]
    breaches = check(rules=rules(), day_appointments=day, proposed=slot(11, 45))
    assert "4 remote sessions in a row without a break; the team's limit is 3" in breaches


def test_a_face_to_face_session_between_is_not_a_break_from_screens_but_time_is() -> None:
    # A long gap (filled by anything) resets the run; only remote sessions count.
    day = [slot(9, length=55), slot(9, 55, length=55), slot(12)]
    assert check(rules=rules(), day_appointments=day, proposed=slot(13)) == []


def test_too_many_remote_hours() -> None:
    day = [slot(h, length=60) for h in (8, 10, 12, 14, 16)]
    breaches = check(rules=rules(), day_appointments=day, proposed=slot(18, length=60))
    assert breaches == ["6 hours of remote sessions in the day; the team's limit is 5"]

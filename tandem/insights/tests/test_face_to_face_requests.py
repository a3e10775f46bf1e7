"""Requests for a face-to-face appointment in the insights report (HAZ-153):
counted per team, open now, and how long the closed ones waited, with small
numbers hidden the way the rest of the report hides them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tandem.appointments.slots import at
from tandem.insights import face_to_face
from tandem.insights.tests.helpers import person, scope
from tandem.worklist.models import WorkItem, WorkKind

pytestmark = pytest.mark.django_db


def make(team, *, n, on, waited_days, late=False):  # type: ignore[no-untyped-def]
    raised = at(on, dt.time(9))
    promised = raised + dt.timedelta(days=2)
    for _ in range(n):
        someone = person(team)
        WorkItem.objects.create(
            team=team,
            kind=WorkKind.FACE_TO_FACE_REQUEST,
            service_user=someone,
            title="Asked for a face-to-face appointment",
            reason="No face-to-face time could be booked online",
            about_key=f"face-to-face:{someone.pk}",
            raised_at=raised,
            respond_by=promised - dt.timedelta(days=3) if late else promised,
            done_at=raised + dt.timedelta(days=waited_days) if waited_days is not None else None,
            outcome="Booked" if waited_days is not None else "",
        )


def test_counts_open_now_and_waits_per_team(personas) -> None:
    team = personas.team_a
    make(team, n=6, on=dt.date(2026, 3, 2), waited_days=1)
    make(team, n=4, on=dt.date(2026, 3, 2), waited_days=3, late=True)
    # Still open, and past the date promised:
    make(team, n=2, on=dt.date(2026, 12, 28), waited_days=None)
    make(team, n=3, on=dt.date(2025, 6, 1), waited_days=None)  # open since before the period
    found = face_to_face.requests(scope(team), (team.pk,))
    assert (found.made, found.open_now, found.closed, found.late) == (12, 5, 10, 6)
    assert found.median_days == 1 and found.longest_days == 3
    row = face_to_face.rows(scope(team))[0]
    assert [str(cell) for cell in row] == [team.name, "10", "*", "10", "1", "3", "*"]


def test_small_numbers_hide_the_waits_too(personas) -> None:
    team = personas.team_a
    make(team, n=2, on=dt.date(2026, 3, 2), waited_days=9)
    row = face_to_face.rows(scope(team))[0]
    assert [str(cell) for cell in row] == [team.name, "*", "0", "*", "*", "*", "*"]


def test_other_teams_requests_never_count(personas) -> None:
    make(personas.team_b, n=9, on=dt.date(2026, 3, 2), waited_days=1)
    found = face_to_face.requests(scope(personas.team_a), (personas.team_a.pk,))
    assert (found.made, found.open_now) == (0, 0)


def test_the_report_page_and_its_csv_show_the_section(client_for, personas) -> None:
    make(personas.team_a, n=8, on=dt.date(2026, 3, 2), waited_days=2)
    period = {
        "first_day": "1",
        "first_month": "1",
        "first_year": "2026",
        "last_day": "31",
        "last_month": "12",
        "last_year": "2026",
    }
    manager = client_for("manager")
    page = manager.get(reverse("insights:overview"), period).content.decode()
    assert 'id="face-to-face-requests"' in page
    assert "Face-to-face requests and how long they waited" in page
    csv = manager.get(
        reverse("insights:csv", kwargs={"table": "face-to-face-requests"}), period
    ).content.decode()
    assert "Median days to close" in csv

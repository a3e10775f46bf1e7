"""Contacts by way and by group, counted on small hand-built data sets."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.appointments.models import Appointment
from tandem.appointments.slots import at
from tandem.insights import queries, report
from tandem.insights.tests import helpers
from tandem.insights.tests.helpers import FIRST, LAST, Clinic, person, scope
from tandem.preferences.models import DigitalAccessCheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas):
    return Clinic(personas)


def test_each_count_takes_the_codes_it_is_defined_with(personas, clinic):
    team = personas.team_a
    p = person(team)
    day = dt.date(2026, 5, 4)
    clinic.add(p, team=team, on=day, way="video", attendance="5")
    clinic.add(p, team=team, on=day, way="video", attendance="5", technical_failure=True)
    clinic.add(
        p,
        team=team,
        on=day,
        way="video",
        attendance="6",
        switched_to="phone",
        switched_by="clinician",
    )
    clinic.add(p, team=team, on=day, way="video", attendance="3")
    clinic.add(p, team=team, on=day, way="video", attendance="7")
    clinic.add(p, team=team, on=day, way="phone", attendance="2")
    clinic.add(p, team=team, on=day, way="face_to_face", attendance="4")
    clinic.add(p, team=team, on=day, way="face_to_face")  # no outcome recorded
    # Moved by the person: the old one is cancelled (code 2) and points on to the new.
    (old,) = clinic.add(p, team=team, on=day, way="phone", attendance="2")
    clinic.add(p, team=team, on=day, way="phone", attendance="5", moved_from=old)

    tally = helpers.contacts(scope(team)).overall
    assert tally.get("offered") == 10
    assert tally.get("booked") == 9  # the moved one is counted once, at its new time
    assert tally.get("held") == 4
    assert tally.get("dna") == 2
    assert tally.get("cancelled_person") == 1  # the move is not a cancellation
    assert tally.get("cancelled_service") == 1
    assert tally.get("no_outcome") == 1
    assert tally.get("technical_failure") == 1
    assert tally.get("switched") == 1
    assert tally.get("people") == 1
    assert tally.get("held", "video") == 3
    assert tally.get("dna", "video") == 2
    assert tally.get("held", "phone") == 1
    assert tally.get("offered", "phone") == 3
    assert tally.get("booked", "phone") == 2
    assert tally.get("seen_or_dna", "video") == 5


def test_people_and_appointments_outside_the_chosen_teams_never_count(personas, clinic):
    ours = person(personas.team_a)
    theirs = person(personas.team_b)
    day = dt.date(2026, 3, 3)
    clinic.add(ours, team=personas.team_a, on=day, attendance="5")
    # The same person seen by another team, and someone only in the other team.
    clinic.add(ours, team=personas.team_b, on=day, attendance="3")
    clinic.add(theirs, team=personas.team_b, on=day, attendance="3", count=20)

    found = helpers.contacts(scope(personas.team_a))
    assert found.overall.get("offered") == 1
    assert found.overall.get("dna") == 0
    assert found.overall.get("people") == 1
    assert sum(t.get("people") for t in found.by_group["sex"].values()) == 1
    both = helpers.contacts(scope(personas.team_a, personas.team_b))
    assert both.overall.get("offered") == 22
    assert both.overall.get("people") == 2


def test_period_includes_its_first_and_last_local_days_and_nothing_else(personas, clinic):
    team = personas.team_a
    p = person(team)
    clinic.add(p, team=team, on=FIRST, hour=0, attendance="5")  # midnight starting the first day
    clinic.add(p, team=team, on=LAST, hour=23, minute=0, attendance="5")
    clinic.add(p, team=team, on=FIRST - dt.timedelta(days=1), hour=23, attendance="5")
    clinic.add(p, team=team, on=LAST + dt.timedelta(days=1), hour=0, attendance="5")
    assert helpers.contacts(scope(team)).overall.get("held") == 2


def test_summer_time_days_are_local_days(personas, clinic):
    """A period ending on a day in British Summer Time ends at local midnight."""
    team = personas.team_a
    p = person(team)
    clinic.add(p, team=team, on=dt.date(2026, 7, 1), hour=0, minute=30, attendance="5")
    june = scope(team, first=dt.date(2026, 6, 1), last=dt.date(2026, 6, 30))
    july = scope(team, first=dt.date(2026, 7, 1), last=dt.date(2026, 7, 31))
    assert helpers.contacts(june).overall.get("held") == 0
    assert helpers.contacts(july).overall.get("held") == 1


def test_groups_come_from_the_persons_details(personas, clinic):
    team = personas.team_a
    day = dt.date(2026, 6, 1)
    older = person(
        team,
        date_of_birth=dt.date(1950, 1, 1),
        sex="2",
        ethnicity="N",
        imd_decile=2,
        disability="Y",
        first_language="Polish",
        interpreter_needed=True,
    )
    turning_25 = person(
        team,
        date_of_birth=dt.date(2001, 12, 31),
        ethnicity="B",
        imd_decile=10,
        first_language="Welsh",
    )
    DigitalAccessCheck.objects.create(
        service_user=older,
        recorded_by=personas.clinician,
        devices=["basic_phone"],
        connection="none",
        data_costs_a_problem="yes",
        private_space="no",
        video_confidence="never",
    )
    clinic.add(older, team=team, on=day, attendance="3")
    clinic.add(turning_25, team=team, on=day, attendance="5")

    by = helpers.contacts(scope(team)).by_group
    assert by["age"]["65_plus"].get("dna") == 1
    assert by["age"]["25_34"].get("held") == 1  # 25 on the last day of the period
    assert by["sex"]["2"].get("people") == 1
    assert by["ethnicity"]["black"].get("dna") == 1
    assert by["ethnicity"]["white"].get("held") == 1
    assert by["imd"]["1"].get("people") == 1
    assert by["imd"]["5"].get("people") == 1
    assert by["disability"]["Y"].get("people") == 1
    assert by["language"]["interpreter"].get("people") == 1
    assert by["language"]["other"].get("people") == 1
    assert by["private_space"]["no"].get("dna") == 1
    assert by["private_space"]["not_asked"].get("held") == 1
    assert by["video_device"]["no"].get("people") == 1
    assert by["internet"]["no"].get("people") == 1
    assert by["video_help"]["yes"].get("people") == 1


def test_rates_on_the_page_use_their_denominators(personas, clinic):
    team = personas.team_a
    people = [person(team) for _ in range(10)]
    day = dt.date(2026, 9, 1)
    for i, p in enumerate(people):
        # Spread over people so every count is large enough to show.
        clinic.add(p, team=team, on=day, way="video", attendance="5", count=3)
        clinic.add(p, team=team, on=day, way="video", attendance="3")
        if i < 5:
            clinic.add(p, team=team, on=day, way="face_to_face", attendance="5", count=4)
            clinic.add(p, team=team, on=day, way="face_to_face", attendance="2", count=2)
        if i < 8:
            clinic.add(p, team=team, on=day, way="phone", attendance="3")
            clinic.add(p, team=team, on=day, way="phone", attendance="5", technical_failure=True)
    # video: held 30, dna 10; face to face: held 20, cancelled by person 10 (booked 30);
    # phone: held 8 (all technical failures), dna 8.
    helpers.contacts(scope(team))  # builds the roll-up the page reads
    section, _groups = report.contacts_sections(scope(team))
    rates = {row[0]: [str(c) for c in row[1:]] for row in section.tables[1].rows}
    assert rates["Video call"][:2] == ["40", "25%"]  # 10 of 40
    assert rates["Face to face"][2:4] == ["30", "33%"]  # 10 of 30 cancelled by the person
    assert rates["Phone"][:2] == ["15", "67%"]  # 10 of 15 once rounded: 8 of 16 hidden
    assert rates["Phone"][5] == "67%"  # technical failures: 10 of 15
    assert rates["All ways"][:2] == ["75", "27%"]  # dna 18 -> 20 of 74 -> 75


def test_no_appointments_gives_zeros_not_errors(personas):
    found = helpers.contacts(scope(personas.team_a))
    assert found.overall.get("offered") == 0
    built = report.build(scope(personas.team_a), team_names=["Northgate CMHT"])
    assert built.table("contacts") is not None


def test_appointments_in_the_future_have_no_outcome_missing(personas, clinic):
    team = personas.team_a
    p = person(team)
    (future,) = clinic.add(p, team=team, on=dt.date(2026, 12, 30))
    later = queries.Scope(
        team_ids=(team.pk,), first=FIRST, last=LAST, now=at(dt.date(2026, 12, 1), dt.time(9))
    )
    assert helpers.contacts(later).overall.get("no_outcome") == 0
    assert Appointment.objects.filter(pk=future.pk).exists()

"""The roll-up the report reads: built from the definitions, equal to the
figures counted straight from the records, rebuilt whole by each refresh."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from tandem.insights import rollup
from tandem.insights.models import Build, ContactCount, PersonFact
from tandem.insights.queries import Scope
from tandem.insights.tests import helpers
from tandem.insights.tests.helpers import NOW, Clinic, person, scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas):
    return Clinic(personas)


@pytest.mark.parametrize(
    ("born", "last", "band"),
    [
        (dt.date(2008, 12, 31), dt.date(2026, 12, 31), "18_24"),  # 18 on the last day
        (dt.date(2009, 1, 1), dt.date(2026, 12, 31), "under_18"),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), "under_18"),  # leap birthday not yet come
        (dt.date(2008, 2, 28), dt.date(2026, 2, 28), "18_24"),
        (dt.date(2008, 2, 29), dt.date(2026, 3, 31), "18_24"),
        (dt.date(1961, 6, 30), dt.date(2026, 6, 30), "65_plus"),
    ],
)
def test_age_band_on_the_last_day_is_the_same_from_the_roll_up(personas, clinic, born, last, band):
    team = personas.team_a
    p = person(team, date_of_birth=born)
    clinic.add(p, team=team, on=last.replace(day=1), attendance="5")
    found = helpers.contacts(scope(team, first=last.replace(day=1), last=last))
    assert found.by_group["age"][band].get("held") == 1
    assert found.by_group["age"][band].get("people") == 1


def test_a_person_booked_with_two_chosen_teams_counts_once(personas, clinic):
    p = person(personas.team_a)
    clinic.add(p, team=personas.team_a, on=dt.date(2026, 3, 2), way="video", attendance="5")
    clinic.add(p, team=personas.team_b, on=dt.date(2026, 4, 2), way="video", attendance="5")
    only = person(personas.team_b)
    clinic.add(only, team=personas.team_b, on=dt.date(2026, 4, 3), way="phone", attendance="3")
    both = helpers.contacts(scope(personas.team_a, personas.team_b))
    assert both.overall.get("people") == 2
    assert both.overall.get("people", "video") == 1
    assert both.overall.get("held") == 2
    assert sum(t.get("people") for t in both.by_group["sex"].values()) == 2
    assert helpers.contacts(scope(personas.team_b)).overall.get("people") == 2


def test_people_count_only_in_the_months_chosen(personas, clinic):
    team = personas.team_a
    p = person(team)
    clinic.add(p, team=team, on=dt.date(2026, 1, 5), attendance="5")
    clinic.add(p, team=team, on=dt.date(2026, 12, 5), attendance="5")
    spring = scope(team, first=dt.date(2026, 2, 1), last=dt.date(2026, 11, 30))
    assert helpers.contacts(spring).overall.get("people") == 0
    assert helpers.contacts(scope(team)).overall.get("people") == 1


def test_disengaged_today_comes_from_the_roll_up_and_matches(personas, clinic):
    team = personas.team_a
    seen = person(team, opened_on=dt.date(2025, 1, 1))
    clinic.add(seen, team=team, on=dt.date(2026, 6, 1), way="phone", attendance="5")
    recent = person(team, opened_on=dt.date(2025, 1, 1))
    clinic.add(recent, team=team, on=dt.date(2027, 1, 5), attendance="5")
    running_on = Scope(
        team_ids=(team.pk,), first=dt.date(2026, 2, 1), last=dt.date(2027, 1, 31), now=NOW
    )
    never_before = helpers.disengaged(running_on).get("never", 0)
    person(team, opened_on=dt.date(2025, 1, 1))  # never seen either
    found = helpers.disengaged(running_on)  # equal to the direct count (checked)
    assert found["phone"] == 1
    assert found["never"] == never_before + 1
    # A period ending before the build's day is counted from the records.
    helpers.disengaged(scope(team, last=dt.date(2026, 12, 31)))


def test_refresh_replaces_everything_and_records_when(personas, clinic):
    team = personas.team_a
    p = person(team)
    clinic.add(p, team=team, on=dt.date(2026, 5, 1), attendance="5")
    first = rollup.refresh(now=NOW)
    counted = ContactCount.objects.count()
    second = rollup.refresh(now=NOW)
    assert ContactCount.objects.count() == counted > 0
    assert PersonFact.objects.count() == 1
    assert rollup.latest() == second != first
    assert second.built_at == NOW
    assert second.first_month <= dt.date(2026, 1, 1) <= dt.date(2026, 12, 1) <= second.last_month


def test_a_period_the_roll_up_does_not_cover_is_refused(personas):
    rollup.refresh(now=NOW)
    with pytest.raises(rollup.NotAvailable, match="Figures are kept from"):
        rollup.contacts(
            scope(personas.team_a, first=dt.date(2015, 1, 1), last=dt.date(2015, 12, 31))
        )
    with pytest.raises(rollup.NotAvailable, match="start of a month"):
        rollup.contacts(scope(personas.team_a, first=dt.date(2026, 1, 2)))


def test_the_command_builds_the_roll_up(personas):
    out = io.StringIO()
    call_command("refresh_insights", stdout=out)
    assert "Insights figures built as of" in out.getvalue()
    assert Build.objects.count() == 1

"""Insights: how many people were recommended support, which kinds, by group (issue 25)."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.appointments.slots import at
from tandem.directory.tests.helpers import add, assess
from tandem.insights import support
from tandem.insights.tests.helpers import person, scope
from tandem.support.models import Recommendation
from tests.personas import Personas

pytestmark = pytest.mark.django_db
IN_PERIOD = at(dt.date(2026, 3, 2), dt.time(10))


def _rows(found, slug: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    table = next(t for t in found.tables if t.slug == slug)
    return {" ".join(row[:-1]): row[-1] for row in table.text_rows()}


def test_people_are_counted_once_per_kind_and_group_with_small_numbers_hidden(
    personas: Personas,
) -> None:
    p = personas
    cafe, tool = add(p.admin, team=p.team_a), assess(p.admin)
    people = [person(p.team_a, sex="1") for _ in range(9)]
    for someone in people:
        for kw in ({"entry": cafe}, {"tool": tool}, {"tool": tool}):
            Recommendation.objects.create(
                service_user=someone, recommended_by=p.clinician, recommended_at=IN_PERIOD, **kw
            )
    # Another team's person, and one outside the period, never count.
    Recommendation.objects.create(
        service_user=person(p.team_b),
        tool=tool,
        recommended_by=p.outsider,
        recommended_at=IN_PERIOD,
    )
    Recommendation.objects.create(
        service_user=people[0],
        tool=tool,
        recommended_by=p.clinician,
        recommended_at=at(dt.date(2025, 3, 2), dt.time(10)),
    )
    found = support.section(scope(p.team_a))
    kinds = _rows(found, "support")
    assert kinds["Anything"] == "10"  # 9 people, rounded to the nearest 5
    assert kinds["Crisis café or safe haven"] == "10"
    assert kinds["Digital tool"] == "10"
    assert kinds["Housing"] == "0"
    groups = _rows(found, "support-group")
    assert groups["Sex Male"] == "10"
    Recommendation.objects.exclude(service_user=people[0]).delete()
    few = support.section(scope(p.team_a))
    assert _rows(few, "support")["Anything"] == "*"

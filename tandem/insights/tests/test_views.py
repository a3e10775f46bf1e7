"""The report page, its CSV files and PDF, for a team manager."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.insights import rollup
from tandem.insights.suppression import RULE_IN_WORDS
from tandem.insights.tests.helpers import Clinic, person

pytestmark = pytest.mark.django_db

PERIOD = {
    "first_day": "1",
    "first_month": "1",
    "first_year": "2026",
    "last_day": "31",
    "last_month": "12",
    "last_year": "2026",
}


@pytest.fixture
def data(personas):
    clinic = Clinic(personas)
    team = personas.team_a
    day = dt.date(2026, 6, 1)
    for _ in range(10):
        p = person(team)
        clinic.add(p, team=team, on=day, way="video", attendance="5", count=2)
        clinic.add(p, team=team, on=day, way="phone", attendance="3")
    other = person(personas.team_b)
    clinic.add(other, team=personas.team_b, on=day, attendance="3", count=30)
    rollup.refresh()
    return personas


def table_cells(page: str, slug: str) -> list[list[str]]:
    found = re.search(rf'<table class="nhsuk-table" id="table-{slug}">(.*?)</table>', page, re.S)
    assert found, slug
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S)
    return [
        [html.unescape(c.strip()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
        for r in rows
    ]


def test_manager_sees_the_report_with_the_rule_and_caveats(client_for, data):
    response = client_for("manager").get(reverse("insights:overview"), PERIOD)
    page = response.content.decode()
    assert response.status_code == 200
    assert html.escape(RULE_IN_WORDS, quote=False) in page or RULE_IN_WORDS in html.unescape(page)
    assert "Before you compare" in page
    assert "never booked" in page or "rarely booked" in page
    assert "Video call quality" in page and "not yet recorded" in page
    assert "<svg" in page and 'role="img"' in page
    # Twenty held video calls and ten missed phone calls in team A only.
    cells = {row[0]: row for row in table_cells(page, "contacts")[1:]}
    assert cells["Video call"][4] == "20"  # held
    assert cells["Phone"][5] == "10"  # did not attend
    assert cells["All ways"][5] == "10"  # team B's thirty missed never count
    assert AuditEvent.objects.filter(what__startswith="Viewed the insights report").exists()


def test_every_csv_is_the_table_on_the_page(client_for, data):
    client = client_for("manager")
    page = client.get(reverse("insights:overview"), PERIOD).content.decode()
    slugs = re.findall(r'id="table-([a-z0-9-]+)"', page)
    assert {
        "contacts",
        "contact-rates",
        "uptake",
        "group-age",
        "waits",
        "outcomes",
        "disengaged",
        "inclusion",
        "staff",
        "alerts",
        "choice",
        "messaging",
    } <= set(slugs)
    for slug in slugs:
        response = client.get(reverse("insights:csv", kwargs={"table": slug}), PERIOD)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert "counts from 1 to 7 are shown as *" in rows[0][0]
        assert rows[1:] == table_cells(page, slug), slug


def test_the_pdf_is_a_pdf(client_for, data):
    response = client_for("manager").get(reverse("insights:pdf"), PERIOD)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_default_period_is_the_last_twelve_whole_months(client_for, data):
    page = client_for("manager").get(reverse("insights:overview")).content.decode()
    this_month = timezone.localdate().replace(day=1)
    first = rollup.add_months(this_month, -11)
    last = rollup.month_end(this_month)
    assert f"{first:%-d %B %Y} to {last:%-d %B %Y}" in page
    assert "Figures as of" in page


def test_a_period_is_widened_to_whole_months(client_for, data):
    asked = {**PERIOD, "first_day": "15", "last_month": "11", "last_day": "3"}
    page = client_for("manager").get(reverse("insights:overview"), asked).content.decode()
    assert "1 January 2026 to 30 November 2026" in page


def test_the_report_reads_the_figures_as_of_the_last_refresh(client_for, data):
    """Appointments recorded after the nightly refresh show the next day."""
    client = client_for("manager")
    before = table_cells(
        client.get(reverse("insights:overview"), PERIOD).content.decode(), "contacts"
    )
    clinic = Clinic(data)
    later = person(data.team_a)
    for n in range(10):
        clinic.add(later, team=data.team_a, on=dt.date(2026, 7, 1 + n), attendance="5")
    same = table_cells(
        client.get(reverse("insights:overview"), PERIOD).content.decode(), "contacts"
    )
    assert same == before
    rollup.refresh()
    after = table_cells(
        client.get(reverse("insights:overview"), PERIOD).content.decode(), "contacts"
    )
    assert after[-1][3] != before[-1][3]  # held, all ways


def test_a_period_outside_the_figures_kept_says_so(client_for, data):
    asked = {**PERIOD, "first_year": "2015", "last_year": "2015"}
    client = client_for("manager")
    page = client.get(reverse("insights:overview"), asked).content.decode()
    assert "Figures are kept from" in page
    assert 'id="table-contacts"' not in page
    csv_url = reverse("insights:csv", kwargs={"table": "contacts"})
    assert client.get(csv_url, asked).status_code == 404


def test_a_team_the_manager_does_not_manage_shows_nothing(client_for, data):
    client = client_for("manager")
    asked = {**PERIOD, "team": str(data.team_b.pk)}
    response = client.get(reverse("insights:overview"), asked)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a team from the list" in page
    assert 'id="table-contacts"' not in page
    csv_response = client.get(reverse("insights:csv", kwargs={"table": "contacts"}), asked)
    assert csv_response.status_code == 404
    assert client.get(reverse("insights:pdf"), asked).status_code == 404


def test_a_period_that_ends_before_it_starts_is_refused_clearly(client_for, data):
    asked = {**PERIOD, "last_year": "2025"}
    page = client_for("manager").get(reverse("insights:overview"), asked).content.decode()
    assert "There is a problem" in page
    assert "The end of the period must be on or after its start" in page
    assert 'id="table-contacts"' not in page


def test_an_unknown_table_is_not_found(client_for, data):
    response = client_for("manager").get(reverse("insights:csv", kwargs={"table": "nothing"}))
    assert response.status_code == 404


def test_a_manager_of_two_teams_sees_both_or_one(client_for, data):
    from tandem.people.models import TeamMembership

    TeamMembership.objects.create(
        staff=data.manager.staff, team=data.team_b, role=TeamMembership.Role.MANAGER
    )
    client = client_for("manager")
    both = client.get(reverse("insights:overview"), PERIOD).content.decode()
    assert table_cells(both, "contacts")[-1][5] == "40"  # 10 + 30 did not attend
    only_a = client.get(reverse("insights:overview"), {**PERIOD, "team": str(data.team_a.pk)})
    assert table_cells(only_a.content.decode(), "contacts")[-1][5] == "10"

"""Morgan, who manages Northgate CMHT, reads the equity report: chooses a
period, sees who was missed, and finds each chart's figures in a table."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.insights.tests.helpers import Clinic, person
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


def test_manager_changes_the_period_and_reads_a_chart_as_a_table(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given a year of appointments in Morgan's team
    clinic = Clinic(personas)
    team = personas.team_a
    for n in range(12):
        someone = person(team, date_of_birth=dt.date(1950 + n * 4, 3, 1))
        clinic.add(someone, team=team, on=dt.date(2026, 3, 2), way="video", attendance="5", count=2)
        clinic.add(someone, team=team, on=dt.date(2026, 9, 1), way="phone", attendance="3")

    # When Morgan signs in and opens the insights page without JavaScript
    tab = open_tab(javascript=False)
    steps.sign_in(tab, personas.manager)
    tab.visit("/insights/")
    assert tab.heading() == "Equity and service insights"
    assert "counts from 1 to 7 are shown as *" in tab.main_text()

    # And chooses the calendar year 2026
    tab.page.get_by_label("Day").first.fill("1")
    tab.page.get_by_label("Month").first.fill("1")
    tab.page.get_by_label("Year").first.fill("2026")
    tab.page.get_by_label("Day").nth(1).fill("31")
    tab.page.get_by_label("Month").nth(1).fill("12")
    tab.page.get_by_label("Year").nth(1).fill("2026")
    tab.submit("Show the report")

    # Then the report covers that year, with the caveats before any figures
    text = tab.main_text()
    assert "1 January 2026 to 31 December 2026" in text
    assert "Before you compare" in text

    # And the uptake chart is a labelled image followed by a table of its figures
    chart = tab.page.get_by_role("img", name="Held appointments each month, by way")
    assert chart.count() == 1
    table = tab.page.locator("#table-uptake")
    assert "March 2026" in table.inner_text()
    march = table.get_by_role("row", name="March 2026")
    assert "25" in march.inner_text()  # 24 video calls held, rounded to the nearest 5

    # And the did-not-attend chart by age has its table too
    dna_by_age = tab.page.get_by_role("img", name="Did not attend rate by age band")
    assert dna_by_age.count() == 1
    assert "65 and over" in tab.page.locator("#table-group-age").inner_text()

"""The team's alert queue in a real browser: Dr Lee finds an alert about Sam
in the queue, opens it, acknowledges it, records that they called Sam and
closes it, and finds it under 'Closed'; the team manager opens the team's
alert settings; Dr Lee reads the days behind an alert on a phone. Axe checks
every page on the way."""

from __future__ import annotations

import os
import re

import pytest

from tandem.alerts.models import Alert, AlertAction, AlertKind, AlertState
from tandem.alerts.raising import raise_alert
from tandem.alerts.tests.diary_alerts import raise_sleep_alert
from tests.browser import phone, steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser

# Set to a folder to keep a 360 px screenshot of the alert's chart (for looking at by hand).
SHOTS = os.environ.get("TANDEM_ALERT_SHOTS", "")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_dr_lee_acknowledges_and_closes_an_alert(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given the nightly check raised an alert about Sam's diary
    alert = raise_alert(
        team=personas.team_a,
        service_user=personas.su,
        kind=AlertKind.CHANGE_FROM_USUAL,
        summary="Sleep and mood below Sam's usual",
        reasons=[
            "Sleep 2 hours below your usual for 5 days",
            "'Feeling people are against me' rated high 4 of the last 6 days",
        ],
        about_key="change:sleep:browser",
    )

    # When Dr Lee opens the team's alerts
    lee = open_tab(javascript=javascript)
    steps.sign_in(lee, personas.clinician)
    lee.visit("/alerts/")

    # Then Sam's alert is waiting, with when it must be acknowledged by
    assert lee.heading() == "Alerts"
    queue = lee.main_text()
    assert "Sam Taylor" in queue and "Sleep and mood below Sam's usual" in queue
    assert "Waiting for someone to acknowledge it" in queue

    # When Dr Lee opens it
    lee.follow(lee.page.locator("main").get_by_role("link", name=re.compile("about Sam Taylor")))

    # Then the reasons, the data and how to reach Sam are there
    assert lee.heading() == "A change from their usual"
    page = lee.main_text()
    assert "Sleep 2 hours below your usual for 5 days" in page
    assert "'Feeling people are against me' rated high 4 of the last 6 days" in page
    assert "Their safety plan and crisis contacts" in page

    # When Dr Lee acknowledges it
    lee.submit("Acknowledge")

    # Then it says who acknowledged it, and it will not be escalated
    assert "Acknowledged by Dr Casey Lee" in lee.main_text()

    # When Dr Lee records that they called Sam, and closes it
    lee.page.get_by_label("Called the person", exact=True).check()
    lee.page.get_by_label("Note", exact=True).fill(
        "Spoke to Sam: new night shifts. Sleep plan agreed, review at Friday's appointment."
    )
    lee.submit("Save and close the alert")

    # Then the queue is empty and the alert is under 'Closed'
    assert lee.heading() == "Alerts"
    assert "The alert about Sam Taylor is closed" in lee.main_text()
    assert "No alerts are waiting to be acknowledged" in lee.main_text()
    lee.follow(lee.page.locator("main nav").get_by_role("link", name=re.compile("^Closed")))
    closed = lee.main_text()
    assert "Sam Taylor" in closed and "Closed: Called the person" in closed

    # And the alert reads as closed, with what was done
    lee.follow(lee.page.locator("main").get_by_role("link", name=re.compile("about Sam Taylor")))
    assert "This alert is closed and cannot be changed" in lee.main_text()
    assert "Spoke to Sam: new night shifts." in lee.main_text()
    alert = Alert.objects.get(pk=alert.pk)
    assert alert.state == AlertState.CLOSED and alert.action == AlertAction.CALLED


def test_the_manager_sets_a_duty_clinician(open_tab: OpenTab, personas: Personas) -> None:
    # Given Morgan manages Northgate CMHT
    morgan = open_tab()
    steps.sign_in(morgan, personas.manager)
    morgan.visit("/alerts/")

    # When they open the team's alert settings and make a mistake
    morgan.follow("alert settings for Northgate CMHT")
    assert morgan.heading() == "Alert settings"
    morgan.page.get_by_label("Response window, in hours", exact=True).fill("100")
    morgan.page.get_by_label("Duty clinician", exact=True).select_option(label="Jordan Patel")
    morgan.submit("Save")

    # Then they are told what to fix, linked to the field
    assert steps.error_summary_messages(morgan) == {
        "The response window must be 72 hours or fewer": "id_response_hours"
    }

    # When they fix it
    morgan.page.get_by_label("Response window, in hours", exact=True).fill("12")
    morgan.submit("Save")

    # Then it is saved
    assert "Northgate CMHT's alert settings saved" in morgan.main_text()
    assert morgan.page.get_by_label("Duty clinician", exact=True).input_value() == str(
        personas.colleague.staff.pk
    )


def test_dr_lee_reads_the_days_behind_an_alert_on_a_phone(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given the nightly check raised an alert: Sam's sleep has fallen from his usual
    alert, _ = raise_sleep_alert(personas)

    # When Dr Lee opens it on a 360 px phone
    lee = phone.on_a_phone(open_tab())
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/alerts/{alert.pk}/")

    # Then below the reasons each thing it names is drawn, named for a screen reader
    assert "The days behind it" in lee.main_text()
    sleep = lee.page.get_by_role("img", name="Sleep", exact=True)
    assert sleep.is_visible()
    described = sleep.locator("desc").text_content() or ""
    assert "The dashed line is their usual, about 7.5 hours." in described
    assert "are the ones an alert is about" in described
    # And drawn no wider than the phone's column, so its 14 px text stays 14 px
    box = sleep.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= phone.PHONE["width"]
    phone.fits_the_screen(lee)

    # When Dr Lee opens the table of the same values
    lee.page.get_by_text("Show Sleep as a table").click()
    table = lee.page.locator("#days-sleep-table table")

    # Then it lists each day, the days with no entry said so
    assert table.is_visible()
    assert "Not filled in" in table.inner_text() and "(change seen)" in table.inner_text()
    lee.check_page()
    phone.fits_the_screen(lee)
    if SHOTS:
        lee.page.screenshot(path=f"{SHOTS}/alert-days-behind.png", full_page=True)

"""Issue 24: Sam answers a feedback link without signing in; Morgan reads the
results with small numbers hidden and publishes 'You said, we did'."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone

from tandem.feedback import requests
from tandem.feedback.models import Answer, NamedAnswer, Occasion, Overall
from tandem.preferences.models import ContactPreferences
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser

# Set to a folder to keep 360 px screenshots of each page (for looking at by hand).
SHOTS = os.environ.get("TANDEM_FEEDBACK_SHOTS", "")


def shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        tab.page.set_viewport_size({"width": 360, "height": 740})
        tab.page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_feedback_link_answered_anonymously_without_an_account(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given Sam, who takes texts, was asked about a video appointment
    ContactPreferences.objects.create(
        service_user=personas.su,
        recorded_by=personas.clinician,
        by_sms=True,
        preferred_channel="sms",
    )
    asked = requests.ask(
        service_user=personas.su,
        team=personas.team_a,
        occasion=Occasion.CONTACT,
        about_key="browser:1",
        modality="video",
    )
    assert asked is not None

    # When Sam opens the link, not signed in
    tab = open_tab(javascript=javascript)
    tab.visit(asked.path)
    assert tab.heading() == "Tell us how it went"
    assert "no one in the team can tell they are yours" in tab.main_text()
    assert "Did the technology work?" in tab.main_text()
    shot(tab, "give")

    # And sends it without choosing anything
    tab.submit("Send my answers")
    assert set(steps.error_summary_messages(tab)) == {
        "Select how your experience was overall",
        "Select whether to give your name",
    }

    # And then answers anonymously, writing worrying words
    tab.page.get_by_label("Good", exact=True).check()
    tab.page.get_by_label("Please tell us why you gave that answer").fill(
        "The call kept dropping. Some days I want to end my life."
    )
    tab.page.locator("#id_technology_worked").check()
    tab.page.get_by_label("No, keep my answers anonymous").check()
    tab.submit("Send my answers")

    # Then Sam is told at once that no one can contact them, with numbers to call
    text = tab.main_text()
    assert "we cannot contact you" in text
    assert "call 999" in text
    assert tab.page.locator("main a[href^='tel:']").count() >= 1
    shot(tab, "thanks-worrying")
    answer = Answer.objects.get()
    assert answer.anonymous and answer.overall == Overall.GOOD
    assert not NamedAnswer.objects.exists()

    # And the link cannot be used again
    tab.visit(asked.path, status=404)
    assert tab.heading() == "This link cannot be used"
    shot(tab, "link-dead")
    assert Answer.objects.count() == 1


def test_a_manager_reads_results_with_small_numbers_hidden_and_publishes_a_note(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given three anonymous answers for Morgan's team this month
    for _ in range(3):
        Answer.objects.create(
            team=personas.team_a,
            occasion=Occasion.CONTACT,
            modality="phone",
            month=timezone.localdate().replace(day=1),
            anonymous=True,
            overall=Overall.VERY_GOOD,
            why="Phone was easier than travelling",
            age_band="25_44",
            sex="2",
            ethnic_group="white",
            imd_quintile="2",
            disability="N",
            language="english",
        )

    # When Morgan opens the feedback results from Insights
    tab = open_tab(javascript=True)
    steps.sign_in(tab, personas.manager)
    tab.visit("/insights/")
    tab.follow("Feedback from service users, and 'You said, we did'")
    assert tab.heading() == "Feedback from service users"

    # Then three answers show as *, and what they wrote is held back
    assert tab.page.locator("#feedback-answers").inner_text() == "*"
    phone = tab.page.locator("#table-feedback-ways").get_by_role("row", name="Phone")
    assert "*" in phone.inner_text()
    assert "Too few answers to show what people wrote" in tab.main_text()
    assert "Phone was easier" not in tab.main_text()
    shot(tab, "results")

    # When Morgan publishes a 'You said, we did' note
    tab.follow("Publish what you changed ('You said, we did')")
    tab.page.get_by_label("You said").fill("Travelling to the clinic is hard")
    tab.page.get_by_label("We did").fill("We now offer phone appointments to everyone")
    tab.submit("Publish")
    assert "Published" in tab.main_text()
    shot(tab, "notes")
    steps.sign_out(tab)

    # Then Sam sees it on their home page
    steps.sign_in(tab, personas.service_user)
    assert "We now offer phone appointments to everyone" in tab.main_text()
    shot(tab, "home")

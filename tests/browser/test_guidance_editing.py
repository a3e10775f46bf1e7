"""A manager changes the service's modality guidance; a clinician confirms they
have read a guidance page, and the manager sees who still has to."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from tandem.guidance.models import Acknowledgement, GuidanceCell, GuidancePage
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


@pytest.fixture
def starter_guidance(personas: Personas) -> None:
    """Browser tests run on a flushed database, so load the shipped defaults again."""
    if not GuidancePage.objects.exists():
        importlib.import_module("tandem.guidance.migrations.0002_defaults").load(apps, None)


def test_a_manager_changes_guidance_and_a_clinician_reads_a_page(
    open_tab: OpenTab, personas: Personas, starter_guidance: None
) -> None:
    # Given a team manager signed in, on the guidance matrix
    manager = open_tab()
    steps.sign_in(manager, personas.manager)
    manager.visit("/guidance/")
    assert manager.heading() == "Guidance on ways of giving care"
    assert "advises; it does not decide" in manager.main_text()

    # When they open trauma-focused therapy and change the advice for video
    manager.follow("Trauma-focused therapy session")
    assert manager.heading() == "Trauma-focused therapy"
    manager.follow(manager.page.get_by_role("link", name="Change advice for Video call"))
    assert manager.heading() == "Change the advice for video call"
    manager.page.get_by_label("Suitable", exact=True).check()
    manager.page.get_by_label("Reason staff will see").fill(
        "Our team now offers video trauma work with a safety plan agreed first."
    )
    manager.page.get_by_label("Source", exact=True).fill("Local decision, Northgate CMHT")
    manager.submit("Save advice")

    # Then the kind page shows the new advice and reason
    assert manager.heading() == "Trauma-focused therapy"
    assert "Guidance changed" in manager.main_text()
    row = manager.page.locator("main table tbody tr").filter(has_text="Video call")
    assert "Suitable" in row.inner_text()
    assert "safety plan agreed first" in row.inner_text()
    cell = GuidanceCell.objects.get(kind="trauma_therapy", modality="video")
    assert (cell.level, cell.version) == ("suitable", 2)

    # When a clinician opens 'Running a safe remote session' and confirms they read it
    clinician = open_tab()
    steps.sign_in(clinician, personas.clinician)
    clinician.visit("/guidance/pages/safe-remote-session/")
    assert clinician.heading() == "Running a safe remote session"
    clinician.submit("I have read this version")

    # Then it is recorded for this version
    assert "You confirmed you read version 1" in clinician.main_text()
    assert Acknowledgement.objects.filter(
        user=personas.clinician, version__page__slug="safe-remote-session"
    ).exists()

    # And the manager's reading report no longer lists them for that page
    manager.visit("/guidance/reading/")
    assert manager.heading() == "Who has read the guidance"
    section = manager.page.locator("main h2", has_text="Running a safe remote session")
    names = section.locator("xpath=following-sibling::ul[1]").inner_text()
    assert "Jordan Patel" in names and "Dr Casey Lee" not in names


def test_a_service_user_reads_video_preparation_on_a_phone_without_javascript(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given a service user on a phone-sized screen with JavaScript off
    tab = open_tab(javascript=False)
    tab.page.set_viewport_size({"width": 360, "height": 740})

    # When they open the preparation pages from a link, without signing in
    tab.visit("/guidance/prepare/")
    tab.follow("Getting ready for a video appointment")

    # Then they read what will happen and what to do if the connection drops
    assert tab.heading() == "Getting ready for a video appointment"
    text = tab.main_text()
    assert "If the connection drops" in text and "Test your device first" in text
    assert steps.crisis_link(tab).is_visible()


def test_a_manager_publishing_a_page_with_a_past_review_date_sees_the_error(
    open_tab: OpenTab, personas: Personas, starter_guidance: None
) -> None:
    # Given a team manager on the staff page about video calls
    manager = open_tab(javascript=False)
    steps.sign_in(manager, personas.manager)
    manager.visit("/guidance/modalities/video/")
    assert manager.heading() == "Video calls"

    # When they change the page but give a review date in the past
    manager.follow("Change this page")
    assert manager.heading() == "Change a guidance page"
    steps.fill_date(manager, "review_by", "1", "1", "2020")
    manager.submit("Publish new version")

    # Then the error is shown with the field and nothing is published
    assert steps.error_summary_messages(manager) == {
        "Review date must be today or in the future": "review_by_day"
    }
    assert GuidancePage.objects.get(slug="modality-video").versions.count() == 1

    # When they give a date in the future
    steps.fill_date(manager, "review_by", "1", "1", "2099")
    manager.submit("Publish new version")

    # Then version 2 is published and they are asked to read it like everyone else
    assert manager.heading() == "Video calls"
    assert "Version 2 published" in manager.main_text()
    assert manager.page.get_by_role("button", name="I have read this version").is_visible()

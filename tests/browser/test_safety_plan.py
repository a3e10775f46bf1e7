"""Dr Lee and Sam write Sam's safety plan together: Dr Lee starts it from Sam's
record, Sam adds to it from the header link on his own phone, both versions show
in the history, and Sam downloads it as a one-page PDF to keep."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tandem.safety.models import PlanVersion
from tandem.safety.tests.helpers import write_plan
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def test_clinician_and_sam_write_the_plan_together(open_tab: OpenTab, personas: Personas) -> None:
    # Given Dr Lee is signed in, looking at Sam's record
    lee = open_tab()
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/people/{personas.su.pk}/")
    assert lee.heading() == "Sam Taylor"

    # When Dr Lee opens Sam's safety plan and starts it with Sam
    lee.visit(f"/safety-plan/people/{personas.su.pk}/")
    assert lee.heading() == "Safety plan"
    assert "Sam Taylor does not have a safety plan yet" in lee.main_text()
    lee.follow(lee.page.locator("main").get_by_role("button", name="Start the plan"))
    lee.page.get_by_label("Signs that things are getting difficult").fill(
        "Not sleeping for two nights\nStopping texting friends back"
    )
    lee.page.get_by_label("Things I can do on my own").fill("Walk the dog round the park")
    lee.page.get_by_label("People I can ask for help").fill("Alex (partner): 07700 900123")
    lee.submit("Save the plan")

    # Then the plan is saved as its first version, with a review date
    assert "Saved. This is version 1 of the plan." in lee.main_text()
    assert "Walk the dog round the park" in lee.main_text()
    assert "Not reviewed with the care team yet" in lee.main_text()

    # Given Sam is signed in on his own phone
    sam = open_tab()
    sam.page.set_viewport_size(PHONE)
    steps.sign_in(sam, personas.service_user)

    # When he follows 'Your safety plan' in the header
    sam.follow(
        sam.page.get_by_role("region", name="Urgent help").get_by_role(
            "link", name="Your safety plan"
        )
    )

    # Then he sees what he and Dr Lee wrote, and it fits his screen
    assert sam.heading() == "Your safety plan"
    assert "Walk the dog round the park" in sam.main_text()
    assert "Samaritans" in sam.main_text()
    assert sam.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    # When he adds something he thought of later
    sam.follow(sam.page.locator("main").get_by_role("button", name="Change the plan"))
    coping = sam.page.get_by_label("Things I can do on my own")
    coping.fill(coping.input_value() + "\nListen to my calm playlist")
    sam.submit("Save the plan")

    # Then it is saved as the second version
    assert "Saved. This is version 2 of the plan." in sam.main_text()
    assert "Listen to my calm playlist" in sam.main_text()

    # And the history shows both versions, who saved each and what changed
    sam.follow("See every change to the plan")
    history = sam.main_text()
    assert "Version 2" in history and "Version 1" in history
    assert "Dr Casey Lee (care team)" in history
    assert "Changed: Things I can do on my own." in history
    assert PlanVersion.objects.count() == 2

    # When Sam downloads the plan to keep
    sam.follow("Back to the plan")
    with sam.page.expect_download() as download:
        sam.page.locator("main").get_by_role("link", name="Download the plan as a PDF").click()

    # Then he has a one-page PDF with his words and the numbers to call
    body = download.value.path().read_bytes()
    assert body.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(body))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "My safety plan" in text
    assert "Listen to my calm playlist" in text
    assert "If I need help now" in text


def test_saving_an_unchanged_plan_from_the_browser_changes_nothing(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given a plan written with LF line breaks (as the demo and imports write it)
    write_plan(personas.clinician, personas.su)
    # A plain form post: the browser sends every line break as CRLF (htmx's
    # fetch sends what FormData holds, LF).
    sam = open_tab(javascript=False)
    steps.sign_in(sam, personas.service_user)

    # When Sam opens it to change and saves without changing a word
    sam.visit("/safety-plan/change/")
    sam.submit("Save the plan")

    # Then nothing is marked changed and no version is added
    assert "Nothing changed" in sam.main_text()
    assert PlanVersion.objects.count() == 1

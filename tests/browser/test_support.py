"""Dr Lee recommends a digital tool to Sam from Sam's page; Sam finds it under
'Support for you', puts it in his support pack and downloads the one-page PDF,
with and without JavaScript (issue 25)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tandem.directory.tests.helpers import assess
from tandem.support.models import Recommendation
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.browser.phone import fits_the_screen, on_a_phone
from tests.personas import Personas

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_clinician_recommends_a_tool_and_the_person_downloads_a_support_pack(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given an assessed tool, one not assessed yet, and Dr Lee looking at Sam's record
    assess(personas.admin)
    assess(personas.admin, name="Unfinished App", usability="not_assessed")
    lee = on_a_phone(open_tab(javascript=javascript))
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/people/{personas.su.pk}/")

    # When Dr Lee opens 'Support recommended'
    lee.follow("Support recommended")

    # Then only the tool that can be recommended is offered
    assert lee.heading() == "Support recommended to Sam Taylor"
    choices = lee.page.get_by_label("Service or digital tool")
    assert "Tidewater Mood Diary (digital tool)" in choices.inner_text()
    assert "Unfinished App" not in choices.inner_text()
    fits_the_screen(lee)

    # When Dr Lee sends the form without choosing
    lee.submit("Recommend")

    # Then the error says what to do and nothing is saved
    messages = steps.error_summary_messages(lee)
    assert list(messages) == ["Select a service or digital tool to recommend"]
    assert not Recommendation.objects.exists()

    # When Dr Lee recommends the tool with a note
    choices.select_option(label="Tidewater Mood Diary (digital tool)")
    lee.page.get_by_label("A note for them (optional)").fill("It may help you notice sleep.")
    lee.submit("Recommend")

    # Then it is listed as recommended
    assert "Tidewater Mood Diary recommended to Sam Taylor" in lee.main_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    lee.page.screenshot(path=SCREENSHOTS / f"support-staff-360-{javascript}.png", full_page=True)

    # Given Sam signed in on his phone
    sam = on_a_phone(open_tab(javascript=javascript))
    steps.sign_in(sam, personas.service_user)

    # When he opens 'Support for you' from his home page
    sam.follow(sam.page.locator("main").get_by_role("link", name="Support for you"))

    # Then he sees the tool and Dr Lee's note, with crisis help one step away
    assert sam.heading() == "Support for you"
    assert "Tidewater Mood Diary" in sam.main_text()
    assert "It may help you notice sleep." in sam.main_text()
    assert steps.crisis_link(sam).is_visible()
    fits_the_screen(sam)

    # When he puts it in his support pack
    sam.page.get_by_label("Tidewater Mood Diary").check()
    sam.submit("Save my support pack")
    assert "Your support pack is saved" in sam.main_text()
    sam.page.screenshot(path=SCREENSHOTS / f"support-mine-360-{javascript}.png", full_page=True)

    # And downloads it
    with sam.page.expect_download() as download:
        sam.page.locator("main").get_by_role(
            "link", name="Download your support pack (PDF)"
        ).click()

    # Then it is one page with the tool and who to call if he needs help now
    body = download.value.path().read_bytes()
    reader = PdfReader(io.BytesIO(body))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "My support pack" in text
    assert "Tidewater Mood Diary" in text
    assert "If I need help now" in text

"""The service administrator sets how long records are kept, on a phone without
JavaScript; a period shorter than the Code's minimum is refused (issue 22,
ADR 0057, HAZ-317). axe checks each page."""

from __future__ import annotations

import os

import pytest

from tandem.operations import retention
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.browser.phone import fits_the_screen, on_a_phone
from tests.personas import Personas

pytestmark = pytest.mark.browser


def test_an_administrator_keeps_records_longer_and_cannot_keep_them_shorter(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given the service administrator on a phone, from the service settings
    admin = on_a_phone(open_tab(javascript=False))
    steps.sign_in(admin, personas.admin)
    admin.visit("/service/")
    admin.follow(admin.page.get_by_role("link", name="Set how long records are kept"))
    assert admin.heading() == "How long records are kept"
    fits_the_screen(admin)
    page = admin.page
    if shot := os.environ.get("TANDEM_SCREENSHOT_DIR"):
        page.screenshot(path=f"{shot}/retention.png", full_page=True)

    # When they ask for less than the Code's 20 years, they are told and nothing changes
    page.get_by_label("Years after last contact").fill("19")
    admin.submit("Save")
    assert steps.error_summary_messages(admin) == {
        "The years after last contact must be 20 or more": "id_years_after_last_contact"
    }
    fits_the_screen(admin)
    assert retention.periods()["record"] == 20

    # When they keep records for 25 years, it is saved and said
    page.get_by_label("Years after last contact").fill("25")
    admin.submit("Save")
    assert "Retention periods saved" in admin.main_text()
    assert page.get_by_label("Years after last contact").input_value() == "25"
    assert retention.periods()["record"] == 25

"""A service user reads Tandem in Welsh and a carer in Arabic, right to left,
with 'Need help now?' and its numbers one step away in both (issue 27)."""

from __future__ import annotations

import pytest

from tests.browser import steps
from tests.browser.tab import Tab
from tests.personas import Personas

pytestmark = pytest.mark.browser


def choose_language(tab: Tab, own_name: str) -> None:
    tab.follow(tab.page.locator("footer").get_by_role("link", name="Language"))
    tab.page.get_by_label(own_name, exact=True).check()
    tab.submit("Save")


def html_attribute(tab: Tab, name: str) -> str | None:
    return tab.page.locator("html").get_attribute(name)


def crisis_numbers(tab: Tab) -> set[str]:
    return set(
        tab.page.locator("main a[href^='tel:']").evaluate_all(
            "(links) => links.map((a) => a.getAttribute('href'))"
        )
    )


def test_a_service_user_reads_their_pages_and_need_help_now_in_welsh(
    tab: Tab, personas: Personas
) -> None:
    # Given a service user signed in
    steps.sign_in(tab, personas.service_user)

    # When they choose Cymraeg on the language page
    choose_language(tab, "Cymraeg")

    # Then the page is in Welsh, says so to the browser, and says it is unchecked
    assert html_attribute(tab, "lang") == "cy"
    assert tab.heading() == "Iaith / Language"
    assert "Mae eich iaith wedi'i chadw" in tab.main_text()
    assert "nid yw siaradwr rhugl wedi'i gwirio eto" in tab.main_text()

    # When they follow 'Angen help nawr?' in the bar under the header
    bar = tab.page.get_by_role("region", name="Help brys")
    tab.follow(bar.get_by_role("link", name="Angen help nawr?"))

    # Then the crisis contacts are there, with the same numbers as in English
    assert tab.heading() == "Angen help nawr?"
    assert "ffoniwch 999" in tab.main_text()
    assert {"tel:111", "tel:116123", "tel:999"} <= crisis_numbers(tab)

    # And their menu is in Welsh too
    tab.follow(tab.page.locator("header").get_by_role("link", name="Apwyntiadau"))
    assert html_attribute(tab, "lang") == "cy"


def test_a_carer_reads_the_layout_and_need_help_now_right_to_left_in_arabic(
    open_tab,
    personas: Personas,  # type: ignore[no-untyped-def]
) -> None:
    tab: Tab = open_tab()
    tab.page.set_viewport_size({"width": 360, "height": 740})
    # Given a carer signed in, on a phone-sized screen
    steps.sign_in(tab, personas.carer)

    # When they choose العربية
    choose_language(tab, "العربية")

    # Then the page runs right to left
    assert html_attribute(tab, "lang") == "ar"
    assert html_attribute(tab, "dir") == "rtl"
    assert tab.heading() == "اللغة / Language"

    # When they follow 'Need help now?' in Arabic
    bar = tab.page.get_by_role("region", name="مساعدة عاجلة")
    link = bar.get_by_role("link", name="هل تحتاج إلى مساعدة الآن؟")
    box = link.bounding_box()
    assert box is not None
    # The bar's first link starts at the right-hand edge, as Arabic reads.
    assert box["x"] + box["width"] > 360 / 2
    tab.follow(link)

    # Then the crisis numbers are there, unchanged, and nothing runs off the screen
    assert tab.heading() == "هل تحتاج إلى مساعدة الآن؟"
    assert {"tel:111", "tel:116123", "tel:999"} <= crisis_numbers(tab)
    width = tab.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360

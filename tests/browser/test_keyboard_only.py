"""Someone who uses only a keyboard: after a form error the error summary has
focus, and every field they Tab to then shows the NHS focus style (a thick
yellow outline), the file input as well as the text fields."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tandem.messaging.immutability import empty_message_tables
from tests.browser import steps
from tests.browser.tab import Tab
from tests.personas import Personas

pytestmark = pytest.mark.browser

NHS_FOCUS_YELLOW = "rgb(255, 235, 59)"

# The focused element, and the outline a sighted keyboard user sees on it.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    id: el.id,
    tag: el.tagName.toLowerCase(),
    summary: el.classList.contains('nhsuk-error-summary'),
    outline: [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor],
  };
}"""


@pytest.fixture(autouse=True)
def _empty_messages_after_the_test() -> Iterator[None]:
    # Sent messages refuse DELETE, and Django empties a SQLite test database
    # with DELETE after each browser test: erase them deliberately first.
    yield
    empty_message_tables()


def press(tab: Tab, key: str) -> dict[str, object]:
    tab.page.keyboard.press(key)
    focused: dict[str, object] = tab.page.evaluate(FOCUSED)
    return focused


def test_every_message_field_shows_where_the_keyboard_is(tab: Tab, personas: Personas) -> None:
    # Given Sam, on the page for writing to his care team
    steps.sign_in(tab, personas.service_user)
    tab.visit("/messages/new/")

    # When he sends it empty with Enter from the subject field
    tab.page.get_by_label("Subject", exact=True).focus()
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.keyboard.press("Enter")
    tab.check_page()

    # Then the error summary has focus, as in the NHS design system
    assert tab.page.evaluate(FOCUSED)["summary"] is True

    # And Tab takes him through its links to each field, each one outlined in
    # the NHS focus yellow, the file input too, and on to the send button
    fields = []
    focused = press(tab, "Tab")
    while focused["tag"] != "button":
        if focused["tag"] in ("input", "textarea"):
            fields.append(focused["id"])
            style, width, colour = focused["outline"]  # type: ignore[misc]
            assert (style, colour) == ("solid", NHS_FOCUS_YELLOW), focused
            assert width >= 3, focused
        focused = press(tab, "Tab")
    assert fields == ["id_subject", "id_body", "id_attached"]

"""Sam, and the carer who shares his care, read their pages in Welsh and in
Arabic on a phone-sized screen: every page passes axe, says its language and
direction to the browser, keeps 'Need help now?' and its numbers one step away,
and in Arabic is laid out right to left (issue 27, ADR 0061).

Other pages are still being translated, so these tests find things by address,
role and place, never by translated words. The geometry checks are ones a
left-to-right layout shown in a right-to-left page fails: the radio's circle
drawn on the far side from its input, the back link's chevron pointing away
from 'back', the error bar on the side the text does not start from.

Set TANDEM_LANGUAGE_SHOTS to a folder to keep a screenshot of each page.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.utils import translation
from playwright.sync_api import Locator

from tandem.careplans.tests.helpers import write_plan as write_care_plan
from tandem.messaging import services as messaging
from tandem.messaging.immutability import empty_message_tables
from tandem.people.models import User
from tandem.people.services import choose_language
from tandem.preferences import services as preferences
from tandem.safety.tests.helpers import write_plan as write_safety_plan
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.browser.tab import Tab
from tests.clinic import book, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
SHOTS = os.environ.get("TANDEM_LANGUAGE_SHOTS", "")
CRISIS_NUMBERS = {"tel:111", "tel:116123", "tel:999"}
# (language code, <html lang>, dir)
LANGUAGES = [("cy", "cy", "ltr"), ("ar", "ar", "rtl")]

# Where a radio's or checkbox's drawn control sits beside its label's words.
# The control is the label's ::before; its box comes from the computed insets
# and size, which Chromium resolves to pixels for a positioned pseudo-element.
CONTROL_AND_WORDS = """(item) => {
  const label = item.querySelector('label');
  const input = item.querySelector('input');
  const itemBox = item.getBoundingClientRect();
  const drawn = getComputedStyle(label, '::before');
  const left = itemBox.left + parseFloat(drawn.left);
  const control = {left, right: left + parseFloat(drawn.width)};
  const range = document.createRange();
  range.selectNodeContents(label);
  const words = range.getBoundingClientRect();
  const inputBox = input.getBoundingClientRect();
  return {
    control,
    words: {left: words.left, right: words.right},
    input: {left: inputBox.left, right: inputBox.right},
  };
}"""

# Where an element's words are within its box.
WORDS_IN_BOX = """(el) => {
  const box = el.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(el);
  const words = range.getBoundingClientRect();
  return {
    box: {left: box.left, right: box.right},
    words: {left: words.left, right: words.right},
  };
}"""

# A radio's circle and its dot, as centres from the label's left edge. Each is
# drawn by a pseudo-element: its left inset, plus half its border box, plus
# any translation (the dot is pulled back by half its size).
CIRCLE_AND_DOT = """(label) => {
  const centre = (which) => {
    const s = getComputedStyle(label, which);
    const border = parseFloat(s.borderLeftWidth) + parseFloat(s.borderRightWidth);
    const size = parseFloat(s.width) + (s.boxSizing === 'border-box' ? 0 : border);
    const shift = s.transform === 'none' ? 0 : new DOMMatrixReadOnly(s.transform).e;
    return parseFloat(s.left) + size / 2 + shift;
  };
  return {circle: centre('::before'), dot: centre('::after')};
}"""

# The back link's chevron: which side of the words it is on, and which way it
# points. It is a corner rotated 225 degrees (pointing left) or 45 (right); the
# matrix's first value is the cosine of the turn.
BACK_CHEVRON = """(link) => {
  const box = link.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(link);
  const words = range.getBoundingClientRect();
  const drawn = getComputedStyle(link, '::before');
  const turn = new DOMMatrixReadOnly(drawn.transform);
  return {
    space_before_words: words.left - box.left,
    space_after_words: box.right - words.right,
    points_right: turn.a > 0,
  };
}"""


@pytest.fixture(autouse=True)
def _empty_messages_after_the_test() -> Iterator[None]:
    # Sent messages refuse DELETE, and Django empties a SQLite test database
    # with DELETE after each browser test: erase them deliberately first.
    yield
    empty_message_tables()


def phone_tab(open_tab: OpenTab, user: User, code: str) -> Tab:
    choose_language(actor=user, code=code)
    tab = open_tab()
    tab.page.set_viewport_size(PHONE)
    steps.sign_in(tab, user)
    return tab


def shot(tab: Tab, name: str) -> None:
    if SHOTS:
        tab.page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def crisis_link(tab: Tab) -> Locator:
    """'Need help now?' in the bar under the header, found by where it leads."""
    return tab.page.locator(".tandem-crisis-bar[role=region] a[href='/help/']")


def assert_laid_out_in(tab: Tab, lang: str, direction: str) -> None:
    """The page says its language and direction, offers 'Need help now?' in
    one step, and fits a 360 px screen without scrolling sideways."""
    html = tab.page.locator("html")
    assert html.get_attribute("lang") == lang, tab.page.url
    assert html.get_attribute("dir") == direction, tab.page.url
    assert crisis_link(tab).is_visible(), tab.page.url
    width = tab.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{tab.page.url} is {width} px wide"
    # No list in the page is indented from the side its lines end on (the
    # browser's own indent is on the start side, whichever that is).
    end_side = "paddingLeft" if direction == "rtl" else "paddingRight"
    indented = tab.page.locator("main").evaluate(
        "(main, side) => [...main.querySelectorAll('ul, ol')]"
        ".filter((list) => parseFloat(getComputedStyle(list)[side]) > 0)"
        ".map((list) => list.className || list.tagName)",
        end_side,
    )
    assert indented == [], f"{tab.page.url}: {indented}"
    # The heading's words start at the edge its language is read from.
    heading = tab.page.locator("main h1").first.evaluate(WORDS_IN_BOX)
    if direction == "rtl":
        assert abs(heading["box"]["right"] - heading["words"]["right"]) <= 2, tab.page.url
    else:
        assert abs(heading["words"]["left"] - heading["box"]["left"]) <= 2, tab.page.url


def assert_crisis_numbers_one_step_away(tab: Tab, lang: str, direction: str) -> None:
    tab.follow(crisis_link(tab))
    assert tab.page.url.endswith("/help/")
    assert_laid_out_in(tab, lang, direction)
    numbers = set(
        tab.page.locator("main a[href^='tel:']").evaluate_all(
            "(links) => links.map((a) => a.getAttribute('href'))"
        )
    )
    assert numbers >= CRISIS_NUMBERS


def assert_back_link_points_back(tab: Tab, direction: str) -> None:
    """The back link's chevron comes before its words and points the way back:
    left in Welsh, right in Arabic."""
    back = tab.page.locator(".nhsuk-back-link").evaluate(BACK_CHEVRON)
    if direction == "rtl":
        assert back["points_right"], back
        assert back["space_after_words"] > back["space_before_words"], back
    else:
        assert not back["points_right"], back
        assert back["space_before_words"] > back["space_after_words"], back


def assert_callout_heading_from_the_start(tab: Tab, direction: str) -> None:
    """The 'not read around the clock' callout's yellow heading reaches out to
    the callout's edge on the side its words start from."""
    callout = tab.page.locator("main .nhsuk-card--warning").first.bounding_box()
    heading = tab.page.locator("main .nhsuk-card--warning .nhsuk-card__heading").first
    box = heading.bounding_box()
    assert callout is not None and box is not None
    if direction == "rtl":
        assert abs((callout["x"] + callout["width"]) - (box["x"] + box["width"])) <= 2
    else:
        assert abs(callout["x"] - box["x"]) <= 2


def assert_control_on_the_reading_side(tab: Tab, item_selector: str, direction: str) -> None:
    """Each radio or checkbox is drawn where its input is, before its words in
    reading order: left of them in Welsh, right of them in Arabic."""
    items = tab.page.locator(item_selector)
    assert items.count() > 1
    for item in items.all():
        place = item.evaluate(CONTROL_AND_WORDS)
        control, words, tapped = place["control"], place["words"], place["input"]
        # The drawn control lies within the input that takes the tap.
        assert tapped["left"] - 1 <= control["left"] < control["right"] <= tapped["right"] + 1
        if direction == "rtl":
            assert control["left"] >= words["right"], place
        else:
            assert control["right"] <= words["left"], place


@pytest.mark.parametrize(("code", "lang", "direction"), LANGUAGES, ids=["welsh", "arabic"])
def test_sams_pages_in_his_language(
    open_tab: OpenTab, personas: Personas, code: str, lang: str, direction: str
) -> None:
    # Given Sam reads Tandem in his language, with an appointment and a message
    clinic = build_clinic(personas)
    appointment = book(personas, clinic)
    messaging.start_thread(
        actor=personas.service_user,
        service_user=personas.su,
        team=personas.team_a,
        subject="About my next visit",
        body="Can I bring my sister?",
        files=[],
    )

    # When he signs in on his phone, he lands on his home page in his language
    sam = phone_tab(open_tab, personas.service_user, code)
    assert_laid_out_in(sam, lang, direction)
    shot(sam, f"{code}-home")

    # And so are his appointments, one appointment, his messages, his record
    # and his choices about his care
    for name, path in (
        ("appointments", "/appointments/me/"),
        ("appointment", f"/appointments/me/{appointment.pk}/"),
        ("messages", "/messages/"),
        ("record", "/my-record/"),
        ("choices", "/preferences/"),
    ):
        sam.visit(path)
        assert_laid_out_in(sam, lang, direction)
        shot(sam, f"{code}-{name}")

        if name == "appointment":
            assert_back_link_points_back(sam, direction)
        if name == "messages":
            assert_callout_heading_from_the_start(sam, direction)

    # And 'Need help now?' with the crisis numbers is one step from there
    assert_crisis_numbers_one_step_away(sam, lang, direction)
    shot(sam, f"{code}-help")
    # axe found nothing on any of these pages (the tab checks each one it shows)
    assert len(sam.pages_checked) >= 8


@pytest.mark.parametrize(("code", "lang", "direction"), LANGUAGES, ids=["welsh", "arabic"])
def test_a_form_with_radios_checkboxes_and_an_error_summary_in_his_language(
    open_tab: OpenTab, personas: Personas, code: str, lang: str, direction: str
) -> None:
    # Given Sam, in his language, on the form that says how to contact him
    sam = phone_tab(open_tab, personas.service_user, code)
    sam.visit("/preferences/change/contact/")
    assert_laid_out_in(sam, lang, direction)

    # When he saves it without answering
    sam.follow(sam.page.locator("main form .nhsuk-button").first)

    # Then the error summary and the questions' errors are shown, laid out for his language
    summary = steps.error_summary(sam)
    assert summary.is_visible()
    assert_laid_out_in(sam, lang, direction)
    shot(sam, f"{code}-form-errors")
    assert_control_on_the_reading_side(sam, ".nhsuk-radios__item", direction)
    assert_control_on_the_reading_side(sam, ".nhsuk-checkboxes__item", direction)
    group = sam.page.locator(".nhsuk-form-group--error").first
    bar = group.evaluate(
        "(g) => ({left: getComputedStyle(g).borderLeftWidth,"
        " right: getComputedStyle(g).borderRightWidth})"
    )
    if direction == "rtl":
        assert bar == {"left": "0px", "right": "4px"}
        # The summary's links line up with its title at the right, not indented
        title = summary.locator(".nhsuk-error-summary__heading").bounding_box()
        first = summary.locator(".nhsuk-error-summary__list a").first.bounding_box()
        assert title is not None and first is not None
        assert abs((title["x"] + title["width"]) - (first["x"] + first["width"])) <= 2
    else:
        assert bar == {"left": "4px", "right": "0px"}

    # When he chooses a radio by tapping its words, its dot fills its own circle
    radio = sam.page.locator(".nhsuk-radios__item").first
    radio.locator("label").click()
    assert radio.locator("input").is_checked()
    centres = radio.locator("label").evaluate(CIRCLE_AND_DOT)
    assert abs(centres["circle"] - centres["dot"]) <= 1, centres

    # And 'Need help now?' is still one step away
    assert_crisis_numbers_one_step_away(sam, lang, direction)


@pytest.mark.parametrize(("code", "lang", "direction"), LANGUAGES, ids=["welsh", "arabic"])
def test_the_carers_home_in_their_language(
    open_tab: OpenTab, personas: Personas, code: str, lang: str, direction: str
) -> None:
    # Given the carer who shares Sam's care reads Tandem in the same language
    carer = phone_tab(open_tab, personas.carer, code)

    # Then their home page is in it, with the person they care for listed
    assert carer.page.url.endswith("/carer/")
    assert_laid_out_in(carer, lang, direction)
    assert "Sam Taylor" in carer.main_text()
    shot(carer, f"{code}-carer-home")

    # And the crisis numbers are one step away
    assert_crisis_numbers_one_step_away(carer, lang, direction)


@pytest.mark.parametrize(("code", "lang", "direction"), LANGUAGES, ids=["welsh", "arabic"])
def test_the_plans_sam_shares_with_his_carer_in_their_language(
    open_tab: OpenTab, personas: Personas, code: str, lang: str, direction: str
) -> None:
    # Given Sam shares his safety plan and his care plan with his carer, who
    # reads Tandem in Welsh or Arabic
    write_safety_plan(personas.service_user, personas.su)
    write_care_plan(personas.clinician, personas.su)
    personas.carer_link.can_see_safety_plan = True
    personas.carer_link.can_see_care_plan = True
    personas.carer_link.save()
    carer = phone_tab(open_tab, personas.carer, code)

    # When they open each plan, each is titled in their language, not in English
    for path, title in (
        (f"/safety-plan/for/{personas.su.pk}/", "%(name)s's safety plan"),
        (f"/care-plan/for/{personas.su.pk}/", "%(name)s's care plan"),
    ):
        carer.visit(path)
        assert_laid_out_in(carer, lang, direction)
        with translation.override(code):
            translated = translation.gettext(title) % {"name": "Sam Taylor"}
        assert translated != title % {"name": "Sam Taylor"}
        assert carer.heading() == translated
        assert carer.page.title().startswith(translated)
        shot(carer, f"{code}-carer-{path.split('/')[1]}")


EASY_READ_PAGES = ["/me/", "/appointments/me/", "/messages/", "/safety-plan/", "/help/"]

# Whether '116' is drawn left of '123' in a link reading 'Call 116 123' in any
# language: the number in the order it is dialled (HAZ-353).
NUMBER_IN_ORDER = """(link) => {
  const text = [...link.childNodes].find(
    (n) => n.nodeType === Node.TEXT_NODE && n.textContent.includes('116'));
  const left = (part) => {
    const range = document.createRange();
    const at = text.textContent.indexOf(part);
    range.setStart(text, at);
    range.setEnd(text, at + part.length);
    return range.getBoundingClientRect().left;
  };
  return left('116') < left('123');
}"""


@pytest.mark.parametrize(("code", "lang", "direction"), LANGUAGES)
def test_sams_easy_read_pages_in_his_language(
    open_tab: OpenTab, personas: Personas, code: str, lang: str, direction: str
) -> None:
    # Given Sam reads easy read, in Welsh or in Arabic, on a phone
    preferences.save_access_needs(
        actor=personas.clinician, person=personas.su, values={"easy_read": True}
    )
    tab = phone_tab(open_tab, personas.service_user, code)

    for path in EASY_READ_PAGES:
        # When he opens each key page
        tab.visit(path)

        # Then it is the easy-read version, laid out for his language, and the
        # national crisis numbers are on it, each dialling the same number
        assert tab.page.locator("main .tandem-easy-read").is_visible(), path
        assert_laid_out_in(tab, lang, direction)
        numbers = set(
            tab.page.locator("main .tandem-easy-read a[href^='tel:']").evaluate_all(
                "(links) => links.map((a) => a.getAttribute('href'))"
            )
        )
        assert numbers >= CRISIS_NUMBERS, path
        samaritans = tab.page.locator("main .tandem-easy-read a[href='tel:116123']").first
        assert samaritans.evaluate(NUMBER_IN_ORDER), f"{path}: 116 123 shown out of order"
        shot(tab, f"easy-read-{code}-{path.strip('/').replace('/', '-')}")

"""Worrying words in a real browser: Sam writes a message with worrying words
and sees the crisis contacts at once; Dr Lee finds it first in the team inbox
with the words marked, opens it and records what they did."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tandem.messaging import services as messaging
from tandem.messaging.immutability import empty_message_tables
from tandem.warnings.models import Flag, FlagStatus
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _empty_messages_after_the_test() -> Iterator[None]:
    # Flags point at messages, which refuse DELETE: remove flags, then erase
    # the messages deliberately, before Django empties the database.
    yield
    Flag.objects.all().delete()
    empty_message_tables()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_worrying_message_reaches_the_top_of_the_queue(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given an older routine message waiting for a reply
    messaging.start_thread(
        actor=personas.service_user,
        service_user=personas.su,
        team=personas.team_a,
        subject="Parking at the clinic",
        body="Is there parking at the clinic?",
        files=[],
    )

    # When Sam writes, having been told messages are checked
    sam = open_tab(javascript=javascript)
    steps.sign_in(sam, personas.service_user)
    sam.visit("/messages/new/")
    assert "We check messages for words that suggest someone may need help urgently" in (
        sam.main_text()
    )
    sam.page.get_by_label("Subject", exact=True).fill("Tonight")
    sam.page.get_by_label("Your message", exact=True).fill(
        "I can't do this anymore.\n<b>I want to end my life</b>"
    )
    sam.submit("Send message")

    # Then Sam sees, at once and kindly, where to get help now
    assert sam.heading() == "Tonight"
    text = sam.main_text()
    assert "Thank you for telling us" in text
    assert "If you need help now, do not wait for a reply" in text
    assert "Messages are not read around the clock" in text
    assert "NHS 111" in text and "call 999" in text
    assert "<b>I want to end my life</b>" in text  # shown as text, never as markup

    # When Dr Lee opens the team inbox
    lee = open_tab(javascript=javascript)
    steps.sign_in(lee, personas.clinician)
    lee.visit("/messages/inbox/")
    rows = lee.page.locator("table tbody tr")
    # Then the worrying message is first, with its words marked and the reason
    first = rows.nth(0)
    assert "Tonight" in first.inner_text()
    assert "Flagged" in first.inner_text()
    assert first.locator("mark").first.inner_text() in ("can't do this anymore", "end my life")
    assert "Parking at the clinic" in rows.nth(1).inner_text()
    assert lee.page.get_by_role("link", name="Flagged (1)").count() == 1

    # When they open it, the words are marked in the message itself
    lee.follow(first.get_by_role("link", name="Tonight", exact=True))
    assert lee.heading() == "Tonight"
    marks = lee.page.locator(".tandem-message__body mark").all_inner_texts()
    assert marks == ["can't do this anymore", "end my life"]
    assert "Words that suggest someone may need help soon" in lee.main_text()

    # And they record what they did
    lee.follow(lee.page.get_by_role("link", name="Record what you did"))
    assert lee.heading() == "Record what you did"
    lee.submit("Save")
    assert steps.error_summary_messages(lee) == {
        "Select what you did": "id_action",
        "Enter a note about what you did": "id_note",
    }
    lee.page.get_by_label("Called the person", exact=True).check()
    lee.page.get_by_label("Note", exact=True).fill("Rang Sam, talked it through, safe tonight.")
    lee.submit("Save")
    assert lee.heading() == "Tonight"
    assert "What you did is recorded" in lee.main_text()
    assert "Rang Sam, talked it through, safe tonight." in lee.main_text()
    assert Flag.objects.get().status == FlagStatus.ACTIONED

    # Then it no longer sorts first
    lee.visit("/messages/inbox/")
    assert lee.page.get_by_role("link", name="Flagged (0)").count() == 1

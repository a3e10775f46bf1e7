"""Secure messaging in a real browser: Sam writes to the team, Dr Lee replies and
hands the thread to a colleague, who finds it assigned to them; and a script
in a message shows as text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tandem.messaging.immutability import empty_message_tables
from tandem.messaging.models import Thread
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _empty_messages_after_the_test() -> Iterator[None]:
    # Sent messages refuse DELETE, and Django empties a SQLite test database
    # with DELETE after each browser test: erase them deliberately first.
    yield
    empty_message_tables()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_sam_writes_dr_lee_replies_and_hands_over(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given Sam signed in, on their messages
    sam = open_tab(javascript=javascript)
    steps.sign_in(sam, personas.service_user)
    sam.visit("/messages/")
    assert sam.heading() == "Messages"
    assert "We aim to reply within 2 working days" in sam.main_text()

    # When they write to their care team
    sam.follow("Write a message")
    assert sam.heading() == "Write to your care team"
    assert "Messages are not read around the clock" in sam.main_text()
    sam.submit("Send message")
    assert steps.error_summary_messages(sam) == {
        "Enter a subject": "id_subject",
        "Enter your message": "id_body",
    }
    sam.page.get_by_label("Subject", exact=True).fill("Moving my appointment")
    sam.page.get_by_label("Your message", exact=True).fill(
        "Could my next appointment be by video?\n<script>alert('x')</script>"
    )
    sam.submit("Send message")

    # Then the thread shows the message, as text, with the crisis numbers
    assert sam.heading() == "Moving my appointment"
    assert "Message sent" in sam.main_text()
    assert "<script>alert('x')</script>" in sam.main_text()
    assert "NHS 111" in sam.main_text()
    thread = Thread.objects.get()

    # When Dr Lee opens the team inbox and the thread
    lee = open_tab(javascript=javascript)
    steps.sign_in(lee, personas.clinician)
    lee.visit("/messages/inbox/")
    assert lee.heading() == "Team messages"
    lee.follow("Moving my appointment")
    assert lee.heading() == "Moving my appointment"

    # And replies
    lee.page.get_by_label("Your reply", exact=True).fill("Yes. I will move it to video.")
    lee.submit("Send reply")
    assert "Reply sent" in lee.main_text()

    # And hands it to Jordan Patel with a note
    lee.follow(lee.page.get_by_role("link", name="Hand over to a colleague"))
    assert lee.heading() == "Hand over to a colleague"
    lee.page.get_by_label("Jordan Patel", exact=True).check()
    lee.page.get_by_label("Note for your colleague (optional)").fill(
        "I am away next week.  \nSam prefers mornings."
    )
    lee.submit("Hand over")
    assert "Handed to Jordan Patel" in lee.main_text()
    assert "I am away next week" in lee.main_text()
    # The browser sent the line break as CRLF; the note is kept as it was typed
    # (issue 16), with no carriage return or trailing space.
    thread.refresh_from_db()
    assert thread.assigned_note == "I am away next week.\nSam prefers mornings."

    # Then Jordan finds it assigned to them
    jordan = open_tab(javascript=javascript)
    steps.sign_in(jordan, personas.colleague)
    jordan.visit("/messages/inbox/")
    jordan.follow(jordan.page.get_by_role("link", name="Assigned to me (1)"))
    assert "Moving my appointment" in jordan.main_text()
    assert "With Jordan Patel" in jordan.main_text()

    # And Sam sees the reply
    sam.visit(f"/messages/{thread.pk}/")
    assert "Yes. I will move it to video." in sam.main_text()


def test_an_outsider_gets_page_not_found_for_the_thread(
    open_tab: OpenTab, personas: Personas
) -> None:
    from tandem.messaging import services

    thread = services.start_thread(
        actor=personas.service_user,
        service_user=personas.su,
        team=personas.team_a,
        subject="Private",
        body="Only for my team",
        files=[],
    )
    outsider = open_tab()
    steps.sign_in(outsider, personas.outsider)
    outsider.visit(f"/messages/inbox/{thread.pk}/", status=404)
    assert outsider.heading() == "Page not found"
    assert "Private" not in outsider.main_text()

"""Issue 19 on a 360 px phone: a worrying diary note and a worrying carer's
view each reach the team with the reasons in words, and each writer is shown
where to get help now. Every page is checked by axe (tab.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tandem.diary.tests.helpers import set_up_diary
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.browser.phone import fits_the_screen, on_a_phone
from tests.personas import Personas

pytestmark = pytest.mark.browser

# Without any word on the phrase list: the meaning layer finds it.
NOTE = "I keep standing on the platform edge when the fast trains go through"
VIEW = "He told me last night he has been hoarding his pills to take them all at once."


def test_a_worrying_note_and_a_worrying_carers_view_reach_the_team_in_words(
    open_tab: OpenTab, personas: Personas
) -> None:
    set_up_diary(personas.clinician, personas.su)
    personas.carer_link.can_give_views = True
    personas.carer_link.save()

    # Sam writes a diary note without any listed word, on a phone.
    sam = on_a_phone(open_tab())
    steps.sign_in(sam, personas.service_user)
    sam.visit("/diary/entry/")
    sam.page.get_by_label("Anything else you want to write down (optional)").fill(NOTE)
    sam.submit(f"Save your diary for {timezone.localdate():%A %-d %B %Y}")
    # Then help comes first on the next page, and it fits the screen.
    assert "If you need help now, do not wait" in sam.main_text()
    assert "We have asked your care team to read your note" in sam.main_text()
    fits_the_screen(sam)

    # Jo, Sam's carer, gives a worrying view and lands on where to get help now.
    jo = on_a_phone(open_tab())
    steps.sign_in(jo, personas.carer)
    jo.visit(f"/carers/for/{personas.su.pk}/your-view/")
    jo.page.get_by_label("What is this for?").fill("Review next week")
    jo.page.get_by_label("What have you noticed?").fill(VIEW)
    jo.submit("Send your view")
    assert jo.heading() == "Need help now?"
    assert "read your view as soon as they can" in jo.main_text()
    fits_the_screen(jo)

    # Dr Lee reads both, each with why in words and no score.
    lee = on_a_phone(open_tab())
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/diary/people/{personas.su.pk}/")
    text = lee.main_text()
    assert "The worrying-words check asked the team to read this note sooner" in text
    assert "close in meaning to" in text
    fits_the_screen(lee)
    lee.visit(f"/people/{personas.su.pk}/")
    text = lee.main_text()
    assert "The worrying-words check asked the team to read this view sooner" in text
    assert "hoarding" in text
    fits_the_screen(lee)

"""Dr Lee and Sam write Sam's care plan together: Dr Lee writes it from Sam's
record (with JavaScript), Sam reads it from his home page on his phone (without
JavaScript), says he does not agree without a reason and is told what to do,
then agrees; Dr Lee sees his answer, and the history shows who wrote what."""

from __future__ import annotations

import pytest

from tandem.careplans.models import Agreement, CarePlanVersion
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def test_coordinator_writes_the_plan_and_sam_agrees_on_his_phone(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Dr Lee, Sam's care coordinator, is looking at Sam's record
    lee = open_tab()
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/people/{personas.su.pk}/")

    # When Dr Lee opens the care plan and writes it with Sam
    lee.follow(lee.page.locator("main").get_by_role("link", name="Care plan", exact=True))
    assert lee.heading() == "Care plan"
    assert "Sam Taylor does not have a care plan yet" in lee.main_text()
    lee.follow(lee.page.locator("main").get_by_role("button", name="Start the plan"))
    form = lee.page.locator("main form")
    form.get_by_label("What matters to me", exact=True).fill("Alex and my sister Jo")
    form.get_by_label("My goals", exact=True).fill("Sleep through most nights")
    form.get_by_label("What I will do", exact=True).fill("Go to the Saturday walking group")
    form.get_by_label("When I will do these", exact=True).fill("Every Saturday")
    form.get_by_label("What my care team will do", exact=True).fill("See Sam every two weeks")
    lee.submit("Save the plan")

    # Then it is saved as version 1, with the review date and no answer from Sam yet
    assert "Saved. This is version 1 of the plan." in lee.main_text()
    assert "Not answered yet" in lee.main_text()
    assert "Dr Casey Lee" in lee.main_text()

    # Given Sam is signed in on his phone, without JavaScript
    sam = open_tab(javascript=False)
    sam.page.set_viewport_size(PHONE)
    steps.sign_in(sam, personas.service_user)

    # When he follows 'Your care plan' from his home page
    sam.follow(sam.page.locator("main").get_by_role("link", name="Your care plan"))

    # Then he sees the plan, how to get help, and it fits his screen
    assert sam.heading() == "Your care plan"
    assert "Go to the Saturday walking group" in sam.main_text()
    assert "Every Saturday" in sam.main_text()
    assert "Read your safety plan" in sam.main_text() or "Write your safety plan" in (
        sam.main_text()
    )
    assert sam.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    # When he says he does not agree but gives no reason
    sam.page.get_by_label("No, I do not agree with it").check()
    sam.submit("Send your answer")

    # Then he is told what to do and nothing is saved
    assert "Say why you do not agree" in sam.main_text()
    assert not Agreement.objects.exists()

    # When he agrees after all
    sam.page.get_by_label("Yes, I agree with it").check()
    sam.submit("Send your answer")

    # Then his answer is recorded against version 1
    assert "Your care team can see that you agree with the plan" in sam.main_text()
    assert "You agreed with this version" in sam.main_text()
    assert Agreement.objects.get().version == CarePlanVersion.objects.get()

    # And Dr Lee sees it, and the history says who wrote the plan
    lee.page.reload()
    assert "Sam Taylor agreed with this version" in lee.main_text()
    lee.follow("See every change to the plan")
    assert "Dr Casey Lee (care team)" in lee.main_text()
    assert "Agreed" in lee.main_text()

"""A service user records their choices; a clinician makes a shared decision with them."""

from __future__ import annotations

import pytest

from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


def test_service_user_records_how_they_want_to_be_seen_and_their_digital_access(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Sam signed in, on their home page
    sam = open_tab()
    steps.sign_in(sam, personas.service_user)

    # When they open 'Your choices about your care'
    sam.follow(sam.page.get_by_role("link", name="Your choices about your care"))
    assert sam.heading() == "Your choices about your care"

    # And say they prefer phone check-ins and do not want video for therapy
    sam.follow(sam.page.get_by_role("link", name="Change how you would like to be seen"))
    page = sam.page
    page.locator(
        "fieldset", has_text="Check-in with your care coordinator: how would you prefer"
    ).get_by_label("Phone call").check()
    page.locator(
        "fieldset", has_text="Psychological therapy session: are there ways you do not want"
    ).get_by_label("Video call").check()
    sam.submit("Save")

    # Then their choices show them, with the team told
    assert sam.heading() == "Your choices about your care"
    assert "Saved. Your care team can see this now." in page.inner_text("main")
    assert "Not: video call" in page.inner_text("main")

    # When they answer the questions about phones, video and the internet
    sam.follow(
        page.get_by_role("link", name="Answer the questions about phones, video and the internet")
    )
    page.get_by_label("A smartphone").check()
    page.get_by_label("It sometimes drops or is slow").check()
    page.locator("fieldset", has_text="cost of mobile data").get_by_label("No", exact=True).check()
    page.locator("fieldset", has_text="private place at home").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("I have never used one").check()
    page.locator("fieldset", has_text="Would you like help").get_by_label("Yes", exact=True).check()
    sam.submit("Save")

    # Then what the team will help with is shown in words, not as a score
    text = page.inner_text("main")
    assert "No private space at home" in text
    assert "Needs help to join video" in text


def test_clinician_records_a_shared_decision_against_a_stated_preference_with_a_reason(
    open_tab: OpenTab, personas: Personas
) -> None:
    from tandem.preferences.codes import PREFERENCE_KINDS
    from tandem.preferences.services import KindPreference, save_modality_preferences

    # Given Sam has said they do not want video for therapy
    save_modality_preferences(
        actor=personas.service_user,
        person=personas.su,
        choices={
            k: KindPreference(
                preferred="", not_wanted=("video",) if k == "psychological_therapy" else ()
            )
            for k in PREFERENCE_KINDS
        },
    )
    # And their care coordinator is signed in, on Sam's record
    lee = open_tab()
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/people/{personas.su.pk}/")
    lee.follow(lee.page.get_by_role("link", name="Choices, access needs and shared decisions"))
    lee.follow(lee.page.get_by_role("link", name="Record a shared decision"))

    # When they choose the kind of contact and see the guidance
    lee.page.get_by_label("Kind of contact").select_option("psychological_therapy")
    lee.submit("Continue")
    page = lee.page
    assert "Face to face" in page.inner_text("main")

    # And record video without saying why it goes against Sam's wishes
    page.get_by_label("Video call").first.check()
    page.get_by_label("Who took part in the decision").fill("Sam and Dr Lee")
    page.locator("fieldset", has_text="carer or family member").get_by_label(
        "No", exact=True
    ).check()
    page.locator("fieldset", has_text="What did you decide together").get_by_label(
        "Video call"
    ).check()
    page.get_by_label("Reasons for the decision").fill("Sam is away for a month")
    lee.submit("Record decision", status=200)

    # Then they are asked for a reason, and face to face stayed among the options
    assert "There is a problem" in page.inner_text("main")
    assert "Say why it was chosen" in page.inner_text("main")
    assert (
        page.locator("fieldset", has_text="Which ways of being seen did you discuss")
        .get_by_label("Face to face")
        .is_checked()
    )

    # When they give the reason
    page.get_by_label("If this is a way the person said they do not want, why was it chosen?").fill(
        "Sam asked for video while away; face to face offered again on return"
    )
    lee.submit("Record decision")

    # Then the decision is on Sam's choices page with the reason kept
    text = page.inner_text("main")
    assert "Shared decision recorded" in text
    assert "face to face offered again on return" in text

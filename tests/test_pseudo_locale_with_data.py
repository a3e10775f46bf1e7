"""The service user's care plan, choices, record and technology-help pages with
something on every part of them, rendered in the pseudo-locale: the words
around the person's data are marked too, not only the empty states the access
matrix's pages show (issue 27).

What people and staff wrote (a plan's parts, a reason, an outcome) is data and
taken out first, as in tests/test_pseudo_locale.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.careplans import services as careplans
from tandem.inclusion import services as inclusion
from tandem.inclusion.models import ChangeOutcome, HelpTopic
from tandem.people.models import User
from tandem.preferences import services as preferences
from tandem.preferences.codes import PREFERENCE_KINDS, Channel, ContactKind, Modality
from tandem.preferences.forms import AccessNeedsForm, ContactPreferencesForm, DigitalAccessForm
from tandem.record import services as record
from tests.personas import Personas, sign_in
from tests.pseudo_locale import CODE, pseudo_locale, unmarked_text
from tests.test_pseudo_locale import data_on_pages

pytestmark = pytest.mark.django_db

PLAN_WORDS = {
    "what_matters": "My dog Rufus",
    "goals": "Walk every day",
    "i_will": "Go out at ten",
    "i_will_when": "Each morning",
    "team_will": "Call weekly",
    "team_will_when": "Mondays",
    "others_will": "Mum visits",
    "others_will_when": "Sundays",
}
WRITTEN = {
    *PLAN_WORDS.values(),
    "Not sure about mornings",
    "The camera will not start",
    "Mornings are hard",
    "Sam and Dr Lee",
    "Talked it through",
    "Lent a tablet and set it up",
    "Works nights",
    "Polish",
}


def filled_in(personas: Personas) -> None:
    """Something on every part of Sam's pages, through the services staff and
    Sam use."""
    sam, su, lee = personas.service_user, personas.su, personas.clinician
    contact = ContactPreferencesForm(
        {
            "channels": [Channel.EMAIL, Channel.SMS],
            "preferred_channel": Channel.SMS,
            "avoid_days": ["4"],
            "not_before": "09:00",
            "not_after": "20:00",
            "times_to_avoid": "Works nights",
            "messages_may_be_left": "no",
            "discreet_sender": "yes",
        }
    )
    assert contact.is_valid(), contact.errors
    preferences.save_contact_preferences(actor=sam, person=su, values=contact.values())
    preferences.save_modality_preferences(
        actor=sam,
        person=su,
        choices={
            kind: preferences.KindPreference(Modality.VIDEO, (Modality.PHONE,))
            if kind == ContactKind.CHECK_IN
            else preferences.KindPreference("", ())
            for kind in PREFERENCE_KINDS
        },
    )
    needs = AccessNeedsForm(
        {
            "needs": ["large_print", "spoken_interpreter"],
            "interpreter_language": "Polish",
            "communication_professional": "lipspeaker",
            "screen_difficulty": "anxiety",
        }
    )
    assert needs.is_valid(), needs.errors
    preferences.save_access_needs(actor=sam, person=su, values=needs.values())
    digital = DigitalAccessForm(
        {
            "devices": ["basic_phone"],
            "connection": "patchy",
            "data_costs_a_problem": "sometimes",
            "private_space": "sometimes",
            "video_confidence": "never",
            "wants_help": "yes",
        }
    )
    assert digital.is_valid(), digital.errors
    preferences.save_digital_access_check(actor=sam, person=su, values=digital.values())
    preferences.record_shared_decision(
        actor=lee,
        person=su,
        decision=preferences.Decision(
            kind=ContactKind.CHECK_IN,
            options_discussed=(Modality.FACE_TO_FACE, Modality.VIDEO),
            person_preference=Modality.VIDEO,
            took_part="Sam and Dr Lee",
            carer_took_part=False,
            decision=Modality.VIDEO,
            reasons="Talked it through",
            against_preference_reason="",
        ),
        guidance_shown={},
    )
    careplans.save_plan(
        actor=lee,
        person=su,
        parts=PLAN_WORDS,
        review_on=timezone.localdate() + dt.timedelta(days=90),
        based_on=0,
    )
    careplans.record_agreement(
        actor=sam, person=su, version_number=1, agreed=False, reason="Not sure about mornings"
    )
    help_request = inclusion.ask_for_help(
        actor=sam, topic=HelpTopic.VIDEO, details="The camera will not start", contact_by="sms"
    )
    inclusion.pick_up_help_request(actor=lee, help_request=help_request)
    inclusion.close_help_request(
        actor=lee, help_request=help_request, outcome="Lent a tablet and set it up"
    )
    change = inclusion.ask_for_change(
        actor=sam,
        service_user=su,
        contact_kind=ContactKind.CHECK_IN,
        modality=Modality.PHONE,
        reason="Mornings are hard",
    )
    inclusion.decide_change(actor=lee, change=change, outcome=ChangeOutcome.AGREED, reason="")
    inclusion.ask_for_change(
        actor=sam, service_user=su, contact_kind="", modality=Modality.VIDEO, reason=""
    )
    record.request_export(actor=sam)


PAGES = [
    ("careplans:mine", []),
    ("careplans:change", []),
    ("careplans:history", []),
    ("preferences:mine", []),
    ("preferences:history", []),
    *[("preferences:change", [name]) for name in ("contact", "seen", "access", "digital")],
    ("record:mine", []),
    ("record:decisions", []),
    ("record:downloads", []),
    ("inclusion:my-help", []),
    ("inclusion:my-changes", []),
    ("inclusion:ask-for-help", []),
    ("inclusion:ask-for-change", []),
]


def test_sams_pages_with_something_on_them_are_marked_in_full(personas: Personas) -> None:
    filled_in(personas)
    User.objects.filter(pk=personas.service_user.pk).update(language=CODE)
    client = sign_in(Client(), personas.service_user)
    data = data_on_pages(personas) | WRITTEN
    left: dict[str, list[str]] = {}
    with pseudo_locale():
        for name, args in PAGES:
            page = client.get(reverse(name, args=args))
            assert page.status_code == 200, name
            found = unmarked_text(page.content.decode(), data)
            if found:
                left[f"{name} {args}"] = found
    assert not left, f"Words not marked for translation: {left}"

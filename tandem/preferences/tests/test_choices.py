"""A person's choices about their care: recorded, kept with history, respected."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tandem.audit.models import AuditEvent
from tandem.errors import InvalidInput
from tandem.preferences.codes import ContactKind, Modality
from tandem.preferences.models import (
    ContactPreferences,
    DigitalAccessCheck,
    ModalityPreference,
    SharedDecision,
)
from tandem.preferences.services import Decision, record_shared_decision

pytestmark = pytest.mark.django_db

CONTACT = {
    "channels": ["sms", "letter"],
    "preferred_channel": "sms",
    "times_to_avoid": "Not before 10am",
    "messages_may_be_left": "no",
}
DIGITAL = {
    "devices": ["smartphone"],
    "connection": "patchy",
    "data_costs_a_problem": "yes",
    "private_space": "no",
    "video_confidence": "never",
    "wants_help": "yes",
}


def post(client, name, data, pk=None):
    url = (
        reverse("preferences:change", args=[name])
        if pk is None
        else reverse("preferences:person-change", args=[pk, name])
    )
    return client.post(url, data)


def seen(**overrides):
    data = {}
    for kind in (
        "admin",
        "check_in",
        "medication_review",
        "psychological_therapy",
        "initial_assessment",
        "carers_meeting",
    ):
        data[f"preferred_{kind}"] = ""
    data.update(overrides)
    return data


def test_service_user_records_how_to_be_contacted_and_sees_it(client_for, personas):
    client = client_for("service_user")
    assert post(client, "contact", CONTACT).status_code == 302
    page = client.get(reverse("preferences:mine")).content.decode()
    assert "Text message (SMS), Letter" in page
    assert "Not before 10am" in page


def test_preferred_way_must_be_one_of_the_ways_that_are_fine(client_for, personas):
    response = post(
        client_for("service_user"), "contact", {**CONTACT, "preferred_channel": "email"}
    )
    assert "Choose a way you prefer from the ways you said are fine" in response.content.decode()
    assert not ContactPreferences.objects.exists()


def test_each_change_is_kept_with_who_and_when(client_for, personas):
    post(client_for("service_user"), "contact", CONTACT)
    post(
        client_for("clinician"),
        "contact",
        {**CONTACT, "times_to_avoid": "Fridays"},
        pk=personas.su.pk,
    )
    versions = ContactPreferences.objects.filter(service_user=personas.su).order_by("pk")
    assert [v.is_current for v in versions] == [False, True]
    assert [v.recorded_by for v in versions] == [personas.service_user, personas.clinician]
    history = client_for("service_user").get(reverse("preferences:history")).content.decode()
    assert "Dr Casey Lee (Clinician)" in history
    assert "Sam Taylor" in history
    # Staff changes show in 'Who has looked at my record' too.
    log = client_for("service_user").get(reverse("people:my-access-log")).content.decode()
    assert "Changed how they want to be contacted" in log


def test_a_way_cannot_be_both_preferred_and_not_wanted(client_for, personas):
    response = post(
        client_for("service_user"),
        "seen",
        seen(preferred_check_in="video", not_wanted_check_in=["video"]),
    )
    assert "you cannot both prefer and not want video call" in response.content.decode()
    assert not ModalityPreference.objects.exists()


def test_not_every_way_can_be_refused(client_for, personas):
    response = post(
        client_for("service_user"), "seen", seen(not_wanted_admin=list(Modality.values))
    )
    assert "leave at least one way you would accept" in response.content.decode()


def test_only_changed_kinds_get_a_new_version(client_for, personas):
    client = client_for("service_user")
    post(
        client, "seen", seen(preferred_check_in="phone", not_wanted_psychological_therapy=["phone"])
    )
    post(
        client, "seen", seen(preferred_check_in="video", not_wanted_psychological_therapy=["phone"])
    )
    rows = ModalityPreference.objects.filter(service_user=personas.su)
    assert rows.filter(kind="check_in").count() == 2
    assert rows.filter(kind="psychological_therapy").count() == 1


def test_unknown_modality_is_refused_with_a_message(client_for, personas):
    response = post(client_for("service_user"), "seen", seen(preferred_admin="carrier_pigeon"))
    assert response.status_code == 200
    assert "Select one of the options" in response.content.decode()


def test_interpreter_language_and_need_must_agree(client_for, personas):
    client = client_for("service_user")
    missing = post(client, "access", {"needs": ["spoken_interpreter"], "interpreter_language": ""})
    assert "Enter the language for the interpreter" in missing.content.decode()
    stray = post(client, "access", {"needs": [], "interpreter_language": "Polish"})
    assert "leave the language empty" in stray.content.decode()
    ok = post(
        client,
        "access",
        {"needs": ["spoken_interpreter", "large_print"], "interpreter_language": "Polish"},
    )
    assert ok.status_code == 302
    page = client.get(reverse("preferences:mine")).content.decode()
    assert "Needs a spoken-language interpreter (Polish)" in page


def test_oversize_notes_get_a_message_and_nothing_is_saved(client_for, personas):
    response = post(client_for("service_user"), "access", {"needs": [], "notes": "x" * 5000})
    assert (
        "Anything else we should know must be 500 characters or fewer" in response.content.decode()
    )


def test_digital_check_gives_flags_not_a_score(client_for, personas):
    assert post(client_for("service_user"), "digital", DIGITAL).status_code == 302
    check = DigitalAccessCheck.objects.get(service_user=personas.su)
    assert check.flags == [
        "No private space at home",
        "Data costs are a problem",
        "Needs help to join video",
    ]
    staff_view = client_for("clinician").get(reverse("preferences:person", args=[personas.su.pk]))
    body = staff_view.content.decode()
    assert "No private space at home" in body and "Needs help to join video" in body
    assert "score" not in body.lower()


def test_no_devices_and_a_device_contradict(client_for, personas):
    response = post(
        client_for("service_user"), "digital", {**DIGITAL, "devices": ["none", "tablet"]}
    )
    assert "Select &#39;None of these&#39; on its own" in response.content.decode()
    assert not DigitalAccessCheck.objects.exists()


def test_only_a_basic_phone_means_no_device_for_video(personas):
    check = DigitalAccessCheck(
        service_user=personas.su,
        devices=["basic_phone"],
        connection="none",
        data_costs_a_problem="no",
        private_space="yes",
        video_confidence="confident",
    )
    assert check.flags == ["No device for video calls", "No reliable internet at home"]


def test_staff_in_another_team_cannot_change_choices(client_for, personas):
    response = post(client_for("outsider"), "contact", CONTACT, pk=personas.su.pk)
    assert response.status_code == 404
    assert not ContactPreferences.objects.exists()


DECISION = {
    "kind": "psychological_therapy",
    "options_discussed": ["face_to_face", "video"],
    "person_preference": "video",
    "took_part": "Sam and Dr Lee",
    "carer_took_part": "no",
    "decision": "video",
    "reasons": "Sam knows Dr Lee well and travel is hard this month",
}


def decide(client, personas, **changes):
    return client.post(
        reverse("preferences:decide", args=[personas.su.pk]), {**DECISION, **changes}
    )


def test_shared_decision_is_recorded_with_face_to_face_offered(client_for, personas):
    assert decide(client_for("clinician"), personas).status_code == 302
    made = SharedDecision.objects.get()
    assert made.face_to_face_offered and "face_to_face" in made.options_discussed
    assert AuditEvent.objects.filter(
        subject_id=personas.su.pk, object_type="preferences.SharedDecision"
    ).exists()
    page = (
        client_for("colleague")
        .get(reverse("preferences:person", args=[personas.su.pk]))
        .content.decode()
    )
    assert "Face to face, Video call" in page


def test_face_to_face_must_be_among_the_options(client_for, personas):
    response = decide(client_for("clinician"), personas, options_discussed=["video", "phone"])
    assert "Face to face must always be one of the options discussed" in response.content.decode()
    assert not SharedDecision.objects.exists()


def test_service_refuses_a_decision_without_face_to_face(personas):
    with pytest.raises(InvalidInput):
        record_shared_decision(
            actor=personas.clinician,
            person=personas.su,
            decision=Decision(
                kind="check_in",
                options_discussed=("phone",),
                person_preference="",
                took_part="Sam",
                carer_took_part=False,
                decision="phone",
                reasons="Quick call",
                against_preference_reason="",
            ),
            guidance_shown={},
        )


def test_database_refuses_a_record_that_does_not_show_face_to_face_offered(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        SharedDecision.objects.create(
            service_user=personas.su,
            kind=ContactKind.CHECK_IN,
            options_discussed=["phone"],
            face_to_face_offered=False,
            took_part="Sam",
            decision=Modality.PHONE,
            reasons="x",
            decided_by=personas.clinician,
        )


def test_going_against_a_no_video_preference_needs_a_kept_reason(client_for, personas):
    post(client_for("service_user"), "seen", seen(not_wanted_psychological_therapy=["video"]))
    refused = decide(client_for("clinician"), personas)
    assert "The person said they do not want video call for this" in refused.content.decode()
    assert not SharedDecision.objects.exists()
    kept = decide(
        client_for("clinician"),
        personas,
        against_preference_reason="Sam chose video for now: the clinic is closed for building work",
    )
    assert kept.status_code == 302
    assert "clinic is closed" in SharedDecision.objects.get().against_preference_reason


def test_decision_must_be_one_of_the_options(client_for, personas):
    response = decide(client_for("clinician"), personas, decision="phone")
    assert "Choose one of the options you discussed" in response.content.decode()


def test_outsider_cannot_record_a_decision(client_for, personas):
    assert decide(client_for("outsider"), personas).status_code == 404
    assert not SharedDecision.objects.exists()


def test_flags_and_needs_show_where_staff_plan_contact(client_for, personas):
    post(client_for("service_user"), "digital", DIGITAL)
    post(client_for("service_user"), "access", {"needs": ["bsl_interpreter"]})
    page = (
        client_for("clinician")
        .get(reverse("people:person", args=[personas.su.pk]))
        .content.decode()
    )
    assert "No private space at home" in page
    assert "Needs a British Sign Language interpreter" in page


def test_decision_shows_guidance_and_keeps_what_was_advised(client_for, personas):
    page = client_for("clinician").get(
        reverse("preferences:decide", args=[personas.su.pk]) + "?kind=trauma_therapy"
    )
    body = page.content.decode()
    assert "Service guidance for this kind of contact" in body
    assert "The guidance advises" in body
    decide(client_for("clinician"), personas, kind="trauma_therapy", decision="face_to_face")
    made = SharedDecision.objects.get()
    assert set(made.guidance_shown) == set(Modality.values)
    assert made.guidance_shown["face_to_face"] == "recommended"

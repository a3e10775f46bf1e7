"""Discharge: every step happens together, or none of them does (HAZ-054)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tandem.appointments import discharge, services
from tandem.appointments.models import Attendance, ContactPlan, Referral, Status
from tandem.audit.models import AuditEvent
from tandem.notify.letters import letter_for
from tandem.notify.models import Message
from tandem.people.models import CaseloadEntry
from tandem.preferences.models import ContactPreferences
from tests.clinic import Clinic, book, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


@pytest.fixture
def sam_in_care(personas: Personas, clinic: Clinic) -> Personas:
    """Sam takes letters at their postcode, has two appointments, a plan and a referral."""
    p = personas
    p.su.postcode = "LS1 4AP"
    p.su.save()
    ContactPreferences.objects.create(
        service_user=p.su, recorded_by=p.clinician, by_letter=True, preferred_channel="letter"
    )
    book(p, clinic, day=next_weekday(7), hour=10)
    book(p, clinic, day=next_weekday(14), hour=11, modality="face_to_face")
    services.agree_contact_plan(
        actor=p.clinician,
        service_user=p.su,
        team=p.team_a,
        clinician=p.clinician.staff,
        modality="phone",
        every_days=7,
        weekday=1,
        description="Weekly phone call on Tuesdays with Dr Lee",
    )
    services.record_referral(
        actor=p.clinician,
        service_user=p.su,
        team=p.team_a,
        received_on=timezone.localdate() - dt.timedelta(days=20),
        source="GP",
    )
    return p


def entry(p: Personas) -> CaseloadEntry:
    return CaseloadEntry.objects.get(service_user=p.su, team=p.team_a)


def test_discharge_closes_cancels_ends_and_writes(sam_in_care):
    p = sam_in_care
    done = discharge.discharge(actor=p.clinician, service_user=p.su, team=p.team_a)
    today = timezone.localdate()
    assert entry(p).closed_on == today
    appointments = list(p.su.appointments.all())
    assert len(appointments) == 2
    assert all(a.status == Status.CANCELLED for a in appointments)
    assert all(a.attendance == Attendance.CANCELLED_BY_SERVICE for a in appointments)
    assert all(a.cancellation_reason == discharge.CANCELLED_BECAUSE for a in appointments)
    assert ContactPlan.objects.get().ended_on == today
    assert Referral.objects.get().closed_on == today
    letter = Message.objects.get(template="discharge_letter")
    assert letter.channel == "letter"
    assert letter.personalisation["link"].endswith(reverse("people:service-user-home"))
    # Each cancellation tells the person, as any cancellation does.
    assert Message.objects.filter(template="appointment_cancelled").count() == 2
    assert done.appointments_cancelled == 2
    assert done.letter_channel == "letter"
    assert AuditEvent.objects.filter(what__startswith="Discharged from Northgate CMHT").exists()


def test_nothing_changes_if_a_step_fails(sam_in_care, monkeypatch):
    p = sam_in_care
    messages_before = Message.objects.count()

    def letter_fails(**kwargs: object) -> None:
        raise RuntimeError("letter service refused")

    monkeypatch.setattr(discharge.notify, "queue_message", letter_fails)
    with pytest.raises(RuntimeError):
        discharge.discharge(actor=p.clinician, service_user=p.su, team=p.team_a)
    assert entry(p).closed_on is None
    assert all(a.status == Status.BOOKED for a in p.su.appointments.all())
    assert ContactPlan.objects.get().ended_on is None
    assert Referral.objects.get().closed_on is None
    assert Message.objects.count() == messages_before


def test_only_staff_of_the_persons_team_can_discharge(sam_in_care):
    p = sam_in_care
    with pytest.raises(PermissionDenied):
        discharge.discharge(actor=p.outsider, service_user=p.su, team=p.team_a)
    assert entry(p).closed_on is None


def test_discharging_twice_is_refused(sam_in_care):
    p = sam_in_care
    discharge.discharge(actor=p.clinician, service_user=p.su, team=p.team_a)
    with pytest.raises(PermissionDenied):
        # No longer open to the team, so no longer the clinician's to discharge.
        discharge.discharge(actor=p.clinician, service_user=p.su, team=p.team_a)


def test_confirmation_page_lists_what_will_happen_then_post_does_it(sam_in_care, client_for):
    p = sam_in_care
    client = client_for("clinician")
    url = reverse("appointments:discharge", kwargs={"pk": p.su.pk})
    page = client.get(url).content.decode()
    assert "2 future appointments will be cancelled by the service" in page
    assert "Weekly phone call on Tuesdays with Dr Lee" in page
    assert "how to come back" in page
    assert entry(p).closed_on is None  # looking changes nothing
    response = client.post(url, {"team": p.team_a.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("people:caseload")
    assert entry(p).closed_on == timezone.localdate()
    after = client.get(reverse("people:caseload")).content.decode()
    assert "Sam Taylor has been discharged from Northgate CMHT" in after


def test_a_person_with_no_way_to_get_letters_is_still_discharged_and_the_team_told(
    personas, clinic, client_for
):
    response = client_for("clinician").post(
        reverse("appointments:discharge", kwargs={"pk": personas.su.pk}),
        {"team": personas.team_a.pk},
        follow=True,
    )
    assert entry(personas).closed_on is not None
    assert "a task has been raised" in response.content.decode()


def test_discharge_letter_says_how_to_come_back(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    from tandem.appointments.discharge import how_to_come_back
    from tandem.notify.templates import clinical_words_in, render

    personas.team_a.phone = "0113 496 0999"
    text = how_to_come_back(personas.team_a)
    assert "0113 496 0999" in text and "GP can also refer you back" in text
    assert clinical_words_in(text) == []
    letter = render("discharge_letter", "letter", {"how_to_come_back": text, "link": "x"})
    assert text in letter.body


@pytest.mark.parametrize(
    ("code", "come_back"),
    [
        ("cy", "Os oes arnoch ein hangen eto, ffoniwch ni ar 0113 496 0999"),
        # The number isolated left to right, so its groups keep their order (HAZ-353).
        ("ar", "إذا احتجت إلينا مرة أخرى، فاتصل بنا على \u20660113 496 0999\u2069"),
    ],
)
def test_a_discharge_letter_says_how_to_come_back_in_the_recipients_language(
    sam_in_care: Personas, code: str, come_back: str
) -> None:
    p = sam_in_care
    p.team_a.phone = "0113 496 0999"
    p.team_a.save(update_fields=["phone"])
    user = p.su.user
    assert user is not None
    user.language = code
    user.save(update_fields=["language"])

    discharge.discharge(actor=p.clinician, service_user=p.su, team=p.team_a)

    message = Message.objects.get(template=discharge.LETTER_TEMPLATE)
    assert message.language == code
    letter = letter_for(message)
    assert letter.direction == ("rtl" if code == "ar" else "ltr")
    words = "\n".join(letter.paragraphs)
    assert come_back in words
    assert "If you need us again" not in words
    # The letter's own words are in the same language as the line made at queueing.
    assert "Tandem" in words and "has written to you" not in words

"""The demo's appointments: Sam's history to walk through, a working diary for
every clinician, and nothing sent to anyone by seeding."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.appointments.models import Appointment, AvailabilitySession, Status
from tandem.demo import roster
from tandem.notify.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(roster.PASSWORD_ENV, raising=False)
    monkeypatch.delenv(roster.TOTP_SECRET_ENV, raising=False)
    call_command("seed_demo", "--people", "60", verbosity=0, stdout=StringIO())


def test_sam_has_past_and_upcoming_appointments_with_dr_lee(seeded: None) -> None:
    # One-to-one: Sam's group sessions are the groups app's (tandem/groups/seeding.py).
    sams = Appointment.objects.filter(
        service_user__user__email=roster.SAM_EMAIL, group_session__isnull=True
    )
    now = timezone.now()
    past, upcoming = sams.filter(starts_at__lt=now), sams.filter(starts_at__gte=now)
    assert past.count() == 3 and all(a.has_outcome for a in past)
    # Two later on, and today's video and phone calls (tandem/consult/seeding.py).
    assert upcoming.filter(status=Status.BOOKED).count() == 4
    assert {a.clinician.user.email for a in sams} == {roster.DR_LEE_EMAIL}
    assert past.filter(technical_failure=True, switched_to="phone").exists()


def test_sams_video_call_can_be_joined_straight_away_and_a_phone_call_follows(
    seeded: None,
) -> None:
    from tandem.consult import calls as consult_calls
    from tandem.consult.models import AgreedSignal

    sams = Appointment.objects.filter(
        service_user__user__email=roster.SAM_EMAIL,
        starts_at__gte=timezone.now(),
        group_session__isnull=True,
    ).order_by("starts_at")
    video, phone = sams[0], sams[1]
    assert (video.modality, phone.modality) == ("video", "phone")
    assert consult_calls.is_open(video)
    assert phone.starts_at >= video.ends_at
    assert AgreedSignal.objects.filter(service_user=video.service_user).exists()


@pytest.mark.parametrize("hour, minute", [(8, 40), (11, 25), (15, 50)])
def test_sams_video_call_can_be_joined_straight_away_at_any_time_of_the_working_day(
    monkeypatch: pytest.MonkeyPatch, hour: int, minute: int
) -> None:
    """Dr Lee's seeded clinic (9, 11, 14 and 16 o'clock) once pushed the demo's
    video call past the hour when seeded just before one, so it could not be
    joined yet: the demo's walk-through, and this file's test above, then
    depended on the time of day."""
    from tandem.consult import calls as consult_calls

    # A Monday, seeded just before three of the clinic's hours.
    seeded_at = dt.datetime(2026, 12, 7, hour, minute, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: seeded_at)
    monkeypatch.delenv(roster.PASSWORD_ENV, raising=False)
    monkeypatch.delenv(roster.TOTP_SECRET_ENV, raising=False)
    call_command("seed_demo", "--people", "60", verbosity=0, stdout=StringIO())
    video = Appointment.objects.get(
        service_user__user__email=roster.SAM_EMAIL,
        modality="video",
        starts_at__gte=seeded_at,
        starts_at__date=seeded_at.date(),
        group_session__isnull=True,
    )
    assert consult_calls.is_open(video, now=seeded_at)


def test_every_clinician_with_a_caseload_has_sessions_and_seeding_sends_nothing(
    seeded: None,
) -> None:
    assert AvailabilitySession.objects.filter(staff__user__email=roster.DR_LEE_EMAIL).count() == 5
    assert Appointment.objects.count() > 20
    assert not Message.objects.exists()


def test_sam_agreed_email_and_texts_so_demo_reminders_reach_someone(seeded: None) -> None:
    from tandem.preferences.models import ContactPreferences

    prefs = ContactPreferences.objects.get(
        service_user__user__email=roster.SAM_EMAIL, is_current=True
    )
    assert prefs.preferred_channel == "email" and prefs.by_sms


def test_the_demo_offers_sam_face_to_face_times_he_can_book_himself(seeded: None) -> None:
    # HAZ-153: the booking page says face to face is available only when it is.
    from tandem.appointments import self_service
    from tandem.people.models import ServiceUser

    sam = ServiceUser.objects.get(user__email=roster.SAM_EMAIL)
    kinds = self_service.bookable_types(sam)
    assert kinds
    for kind in kinds:
        found = self_service.choosable_slots(
            person=sam, team=kind.team, appointment_type=kind, modality="face_to_face"
        )
        assert found, f"No face-to-face {kind.name} Sam can book with {kind.team.name}"
        assert all(slot.site_id is not None for slot in found)
        assert self_service.face_to_face_bookable(person=sam, team=kind.team, appointment_type=kind)

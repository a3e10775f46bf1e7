"""Video consultations: joining, the waiting room, the safety check, the 'can't
talk freely' signal, invitations, switching to phone and call quality."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone

from tandem.appointments.models import Attendance
from tandem.audit.models import AuditEvent
from tandem.consult import admitting, calls, ice, invitations, remote_safety, sockets, switching
from tandem.consult.models import (
    CallQuality,
    CantTalkSignal,
    Participant,
    ParticipantKind,
    ParticipantState,
)
from tandem.consult.tests.helpers import (
    admitted_service_user,
    video_appointment,
    waiting_service_user,
)
from tandem.errors import InvalidInput
from tandem.web import tokens

pytestmark = pytest.mark.django_db

SAFE = remote_safety.SafetyAnswers(
    identity_confirmed=True,
    location="12 Example Road, Leeds LS1 1AA",
    others_present="Nobody",
    private_and_safe="yes",
)


def test_person_waits_after_confirming_their_fallback_number(personas):
    appointment = video_appointment(personas)
    waiting = waiting_service_user(personas, appointment)
    assert waiting.state == ParticipantState.WAITING
    assert waiting.waiting_since is not None
    room = waiting.room
    room.refresh_from_db()
    assert room.fallback_phone == "+441134960999"
    assert room.fallback_confirmed_at is not None


def test_a_fallback_number_that_is_not_a_number_saves_nothing(personas):
    appointment = video_appointment(personas)
    me = admitting.own_participant(actor=personas.service_user, appointment=appointment)
    with pytest.raises(InvalidInput, match="phone number"):
        admitting.confirm_fallback(actor=personas.service_user, participant=me, phone="not a phone")
    me.refresh_from_db()
    me.room.refresh_from_db()
    assert me.state == ParticipantState.INVITED
    assert me.room.fallback_phone == ""


def test_the_waiting_room_is_closed_long_before_the_appointment(personas):
    appointment = video_appointment(personas, starts_in=dt.timedelta(hours=3))
    me = admitting.own_participant(actor=personas.service_user, appointment=appointment)
    with pytest.raises(InvalidInput, match="opens 30 minutes before"):
        admitting.confirm_fallback(actor=personas.service_user, participant=me, phone="01134960999")


def test_nobody_else_joins_as_the_service_user(personas):
    appointment = video_appointment(personas)
    with pytest.raises(PermissionDenied):
        admitting.own_participant(actor=personas.other_service_user, appointment=appointment)
    with pytest.raises(PermissionDenied):
        admitting.staff_participant(actor=personas.outsider, appointment=appointment)


def test_only_the_team_admits_and_only_people_who_are_waiting(personas):
    appointment = video_appointment(personas)
    me = admitting.own_participant(actor=personas.service_user, appointment=appointment)
    with pytest.raises(InvalidInput, match="not in the waiting room"):
        admitting.admit(actor=personas.clinician, participant=me)
    waiting = waiting_service_user(personas, appointment)
    with pytest.raises(PermissionDenied):
        admitting.admit(actor=personas.outsider, participant=waiting)
    admitted = admitting.admit(actor=personas.colleague, participant=waiting)
    assert admitted.state == ParticipantState.ADMITTED
    assert admitted.admitted_by == personas.colleague
    assert AuditEvent.objects.filter(what__startswith="Admitted Sam Taylor").exists()


def test_a_call_holds_at_most_four_people(personas):
    appointment = video_appointment(personas)
    room = admitted_service_user(personas, appointment).room
    for user in (personas.clinician, personas.colleague, personas.manager):
        admitting.staff_participant(actor=user, appointment=appointment)
    issued = invitations.invite_interpreter(
        actor=personas.clinician,
        room=room,
        name="Ana Interpreter",
        channel="email",
        address="ana@example.org",
    )
    guest = invitations.redeem_invite(token=issued.path.rstrip("/").rsplit("/", 1)[1])
    admitting.guest_waits(participant=guest)
    with pytest.raises(InvalidInput, match="up to 4 people"):
        admitting.admit(actor=personas.clinician, participant=guest)


def token_of(issued: invitations.IssuedInvite) -> str:
    return issued.path.rstrip("/").rsplit("/", 1)[1]


def test_a_carer_is_invited_only_with_consent_and_refused_once_it_is_withdrawn(personas):
    appointment = video_appointment(personas)
    room = admitting.staff_participant(actor=personas.clinician, appointment=appointment).room
    link = personas.carer_link
    link.can_join_video = False
    link.save()
    with pytest.raises(InvalidInput, match="not agreed"):
        invitations.invite_carer(actor=personas.clinician, room=room, link=link, channel="email")
    link.can_join_video = True
    link.save()
    issued = invitations.invite_carer(
        actor=personas.clinician, room=room, link=link, channel="email"
    )
    assert issued.participant.kind == ParticipantKind.CARER
    guest = invitations.redeem_invite(token=token_of(issued))
    admitting.guest_waits(participant=guest)
    # Sam withdraws 'join video calls' while Alex waits.
    link.can_join_video = False
    link.save()
    with pytest.raises(InvalidInput, match="not agreed"):
        admitting.admit(actor=personas.clinician, participant=guest)


def test_invitations_work_once_and_keep_only_a_hash(personas):
    appointment = video_appointment(personas)
    room = admitting.staff_participant(actor=personas.clinician, appointment=appointment).room
    issued = invitations.invite_interpreter(
        actor=personas.clinician, room=room, name="Ana", channel="sms", address="0113 496 0456"
    )
    token = token_of(issued)
    stored = Participant.objects.get(pk=issued.participant.pk)
    assert token not in stored.invite_token_hash
    assert stored.invite_token_hash == tokens.digest(token)
    assert stored.invite_address == "+441134960456"
    invitations.redeem_invite(token=token)
    with pytest.raises(invitations.InviteNotUsable):
        invitations.redeem_invite(token=token)
    with pytest.raises(invitations.InviteNotUsable):
        invitations.redeem_invite(token="forged-" + token)


def test_an_expired_invitation_does_not_work(personas):
    appointment = video_appointment(personas)
    room = admitting.staff_participant(actor=personas.clinician, appointment=appointment).room
    issued = invitations.invite_interpreter(
        actor=personas.clinician, room=room, name="Ana", channel="email", address="a@example.org"
    )
    Participant.objects.filter(pk=issued.participant.pk).update(
        invite_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert invitations.find_invite(token_of(issued)) is None
    with pytest.raises(invitations.InviteNotUsable):
        invitations.redeem_invite(token=token_of(issued))


def test_the_safety_check_starts_the_call(personas):
    appointment = video_appointment(personas)
    room = admitting.staff_participant(actor=personas.clinician, appointment=appointment).room
    assert not room.is_started
    with pytest.raises(InvalidInput, match="Confirm who"):
        remote_safety.record_safety_check(
            actor=personas.clinician,
            room=room,
            answers=remote_safety.SafetyAnswers(False, "Home", "", "yes"),
        )
    with pytest.raises(InvalidInput, match="where they are"):
        remote_safety.record_safety_check(
            actor=personas.clinician,
            room=room,
            answers=remote_safety.SafetyAnswers(True, "  ", "", "yes"),
        )
    room.refresh_from_db()
    assert not room.is_started
    check = remote_safety.record_safety_check(actor=personas.clinician, room=room, answers=SAFE)
    room.refresh_from_db()
    assert room.started_at == check.recorded_at
    with pytest.raises(PermissionDenied):
        remote_safety.record_safety_check(actor=personas.outsider, room=room, answers=SAFE)


def test_the_cant_talk_signal_is_recorded_for_staff(personas):
    appointment = video_appointment(personas)
    me = waiting_service_user(personas, appointment)
    remote_safety.cant_talk(participant=me)
    assert CantTalkSignal.objects.filter(room=me.room).count() == 1
    clinician = admitting.staff_participant(actor=personas.clinician, appointment=appointment)
    with pytest.raises(PermissionDenied):
        remote_safety.cant_talk(participant=clinician)


def test_switching_to_phone_records_the_failure_and_the_change(personas):
    appointment = video_appointment(personas, starts_in=dt.timedelta(minutes=-5))
    room = admitted_service_user(personas, appointment).room
    switching.switch_to_phone(actor=personas.clinician, room=room)
    appointment.refresh_from_db()
    room.refresh_from_db()
    assert appointment.attendance == Attendance.ATTENDED
    assert appointment.technical_failure is True
    assert appointment.switched_to == "phone"
    assert appointment.switched_by == "clinician"
    assert room.switched_to_phone_by == personas.clinician
    # Once switched, the video call is no longer open.
    assert not calls.is_open(appointment)


def test_switching_before_the_start_time_is_refused_cleanly(personas):
    appointment = video_appointment(personas, starts_in=dt.timedelta(minutes=10))
    room = admitting.staff_participant(actor=personas.clinician, appointment=appointment).room
    with pytest.raises(InvalidInput, match="once the appointment has started"):
        switching.switch_to_phone(actor=personas.clinician, room=room)
    room.refresh_from_db()
    assert room.switched_to_phone_at is None


def test_call_quality_is_recorded_and_nonsense_refused(personas):
    appointment = video_appointment(personas)
    me = admitted_service_user(personas, appointment)
    sockets.record_quality(
        participant=me,
        report=sockets.QualityReport(850, True, Decimal("1.5"), 1200, "hung_up"),
    )
    quality = CallQuality.objects.get()
    assert (quality.time_to_connect_ms, quality.relay_used) == (850, True)
    with pytest.raises(InvalidInput):
        sockets.record_quality(
            participant=me,
            report=sockets.QualityReport(10, False, Decimal("140"), 5, "hung_up"),
        )
    with pytest.raises(InvalidInput):
        sockets.record_quality(
            participant=me, report=sockets.QualityReport(10, False, Decimal(0), 5, "exploded")
        )


def test_not_a_video_appointment_has_no_call(personas):
    appointment = video_appointment(personas, modality="phone")
    with pytest.raises(InvalidInput):
        admitting.own_participant(actor=personas.service_user, appointment=appointment)


@override_settings(
    TANDEM_TURN_URLS=["turn:turn.example.org:3478"],
    TANDEM_TURN_SECRET="synthetic-secret",
    TANDEM_STUN_URLS=["stun:stun.example.org:3478"],
    TANDEM_TURN_TTL_SECONDS=600,
)
def test_turn_credentials_are_time_limited_in_the_coturn_style():
    username, credential = ice.turn_credentials(42, now=1_000_000)
    assert username == "1000600:42"
    # coturn checks base64(HMAC-SHA1(secret, username)).
    assert credential == "/d4BOGxoVBFS0ijGsUy7bVuKLCI="
    servers = ice.ice_servers(42)
    assert servers[0] == {"urls": ["stun:stun.example.org:3478"]}
    assert servers[1]["urls"] == ["turn:turn.example.org:3478"]
    assert "synthetic-secret" not in str(servers)

"""Video consultations: a call room for each video appointment, who may take part,
the virtual waiting room, the safety check at the start, the discreet 'I can't
talk freely' signal, the fallback phone number and call quality.

Nothing here holds sound or pictures: media flows between browsers (WebRTC) and
is never recorded. What is kept is who was invited, admitted and checked, and
how well the connection worked, for the equity and service reports.

Invitations for a carer or an interpreter are single use: the token is random
and only its SHA-256 is kept, so a copy of the database cannot be turned into
working links.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.appointments.models import Appointment
from tandem.people.models import CarerLink, ServiceUser

MAX_PLACE = 300
MAX_OTHERS = 200
MAX_NAME = 120
MAX_CHAT = 1000


class CallRoom(models.Model):
    """One per video or phone appointment, made when someone first opens it.

    A phone appointment has a room too, though nobody joins it online: it holds
    the safety check at the start of the call, like a video call's."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="call_room"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The number to ring if the video fails, confirmed by the person before the call.
    fallback_phone = models.CharField(max_length=20, blank=True)
    fallback_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Set when the safety check is recorded: only then is the call shown as started.
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    switched_to_phone_at = models.DateTimeField(null=True, blank=True)
    switched_to_phone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Call room for appointment {self.appointment_id}"

    @property
    def is_started(self) -> bool:
        return self.started_at is not None


class ParticipantKind(models.TextChoices):
    SERVICE_USER = "service_user", "Service user"
    CLINICIAN = "clinician", "Clinician"
    CARER = "carer", "Carer or family member"
    INTERPRETER = "interpreter", "Interpreter"


GUEST_KINDS = frozenset({ParticipantKind.CARER, ParticipantKind.INTERPRETER})
MAX_PARTICIPANTS = 4


class ParticipantState(models.TextChoices):
    INVITED = "invited", "Invited"
    WAITING = "waiting", "Waiting"
    ADMITTED = "admitted", "In the call"
    LEFT = "left", "Left"
    REMOVED = "removed", "Removed"


class Participant(models.Model):
    """Someone who may take part in one call.

    The service user and clinicians are known by their accounts; a carer by their
    link with the person (checked again at every step, so consent withdrawn
    during the day stops them joining); an interpreter only by name and the
    invitation they hold.
    """

    room = models.ForeignKey(CallRoom, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(max_length=20, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    carer_link = models.ForeignKey(
        CarerLink, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=MAX_NAME)
    # Invitation (carers and interpreters only).
    invite_token_hash = models.CharField(max_length=64, blank=True)
    invite_channel = models.CharField(max_length=10, blank=True)
    invite_address = models.CharField(max_length=254, blank=True)
    invite_expires_at = models.DateTimeField(null=True, blank=True)
    invite_used_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    # Waiting room.
    state = models.CharField(
        max_length=10, choices=ParticipantState.choices, default=ParticipantState.INVITED
    )
    device_checked_at = models.DateTimeField(null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    admitted_at = models.DateTimeField(null=True, blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The socket currently speaking for this participant (one at a time).
    channel_name = models.CharField(max_length=200, blank=True)
    connected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["room", "user"],
                condition=models.Q(user__isnull=False),
                name="consult_one_participant_per_account",
            ),
            models.UniqueConstraint(
                fields=["invite_token_hash"],
                condition=~models.Q(invite_token_hash=""),
                name="consult_invite_token_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def is_admitted(self) -> bool:
        return self.state == ParticipantState.ADMITTED


class Private(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class SafetyCheck(models.Model):
    """Recorded by the clinician at the start of every remote contact."""

    room = models.ForeignKey(CallRoom, on_delete=models.CASCADE, related_name="safety_checks")
    identity_confirmed = models.BooleanField()
    location = models.CharField(
        max_length=MAX_PLACE, help_text="Where the person is now: an address for emergencies"
    )
    others_present = models.CharField(max_length=MAX_OTHERS, blank=True)
    private_and_safe = models.CharField(max_length=3, choices=Private.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Safety check for room {self.room_id} at {self.recorded_at:%H:%M}"


class CantTalkSignal(models.Model):
    """The person pressed the control agreed in advance ('Check my sound').

    Shown only to staff, never on the person's own screen, so anyone beside them
    sees an ordinary sound check.
    """

    room = models.ForeignKey(CallRoom, on_delete=models.CASCADE, related_name="cant_talk")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"Can't talk freely, room {self.room_id} at {self.raised_at:%H:%M}"


class Ending(models.TextChoices):
    HUNG_UP = "hung_up", "Left the call"
    LOST = "lost", "Connection lost"
    NEVER_CONNECTED = "never", "Never connected"


class CallQuality(models.Model):
    """How well one participant's call worked, reported by their browser at the end."""

    room = models.ForeignKey(CallRoom, on_delete=models.CASCADE, related_name="quality")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)
    time_to_connect_ms = models.PositiveIntegerField(null=True, blank=True)
    relay_used = models.BooleanField(default=False)
    packet_loss_percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    duration_seconds = models.PositiveIntegerField(default=0)
    ending = models.CharField(max_length=10, choices=Ending.choices)

    class Meta:
        ordering: ClassVar = ["reported_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(packet_loss_percent__gte=0, packet_loss_percent__lte=100),
                name="consult_packet_loss_is_a_percentage",
            )
        ]

    def __str__(self) -> str:
        return f"Call quality for room {self.room_id}"


class SignalControl(models.TextChoices):
    """Controls on the person's call page that can carry 'I can't talk freely'.

    Each does something ordinary on screen, so whoever is beside the person sees
    nothing unusual; only staff are told what it means."""

    SOUND = "sound", "Check my sound"
    CAMERA = "camera", "Check my camera"
    PICTURE = "picture", "My picture is frozen"


# What the person's screen says after each control: ordinary words, nothing more.
HARMLESS_REPLIES = {
    SignalControl.SOUND: "Sound check done. Your sound is working.",
    SignalControl.CAMERA: "Camera check done. Your camera is working.",
    SignalControl.PICTURE: "Picture refreshed. If it freezes again, tell your clinician.",
}
MAX_PHONE_WORDS = 200


class AgreedSignal(models.Model):
    """The discreet signal a person agreed with staff in advance, for when they
    cannot talk freely: a control on the video call page, and words to use on
    the phone. The latest row is the one in force; earlier rows are the history.

    Never shown on the person's own pages, so someone looking over their shoulder
    or into their account cannot learn what it means.
    """

    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="agreed_signals"
    )
    control = models.CharField(max_length=10, choices=SignalControl.choices)
    phone_words = models.CharField(max_length=MAX_PHONE_WORDS, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-agreed_at", "-pk"]

    def __str__(self) -> str:
        return f"Signal agreed with person {self.service_user_id}"


class JoinLink(models.Model):
    """The link in a reminder that lets a person without an account join their
    video appointment after giving their date of birth.

    Unlike the single-use links for changing an appointment, it works as often as
    needed while the call is open (people rejoin after a dropped call), and stops
    after five wrong dates of birth. Only a hash of the token is stored.
    """

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="join_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    failed_checks = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"Join link for appointment {self.appointment_id}"

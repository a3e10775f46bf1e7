"""The kinds of contact and the ways of having it, shared by preferences,
shared decisions, guidance and (later) appointments and insights."""

from __future__ import annotations

from django.db import models


class Modality(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone call"
    MESSAGING = "messaging", "Secure messaging"
    EMAIL_TEXT = "email_text", "Email or text message"


REMOTE_MODALITIES = frozenset(m for m in Modality if m != Modality.FACE_TO_FACE)


class ContactKind(models.TextChoices):
    INITIAL_ASSESSMENT = "initial_assessment", "Initial assessment"
    RISK_REVIEW = "risk_review", "Risk review"
    CHECK_IN = "check_in", "Check-in with your care coordinator"
    MEDICATION_REVIEW = "medication_review", "Medication review"
    PSYCHOLOGICAL_THERAPY = "psychological_therapy", "Psychological therapy session"
    TRAUMA_THERAPY = "trauma_therapy", "Trauma-focused therapy session"
    PHYSICAL_HEALTH_CHECK = "physical_health_check", "Physical health check"
    GROUP_SESSION = "group_session", "Group session"
    CARERS_MEETING = "carers_meeting", "Carers' meeting"
    ADMIN = "admin", "Admin and reminders"


# The kinds a service user is asked about, in the order the form shows them.
PREFERENCE_KINDS = (
    ContactKind.ADMIN,
    ContactKind.CHECK_IN,
    ContactKind.MEDICATION_REVIEW,
    ContactKind.PSYCHOLOGICAL_THERAPY,
    ContactKind.INITIAL_ASSESSMENT,
    ContactKind.CARERS_MEETING,
)


class Channel(models.TextChoices):
    """How a person wants to be contacted (not how they are seen)."""

    EMAIL = "email", "Email"
    SMS = "sms", "Text message (SMS)"
    PHONE = "phone", "Phone call"
    LETTER = "letter", "Letter"

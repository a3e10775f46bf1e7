"""The kinds of contact and the ways of having it, shared by preferences,
shared decisions, guidance and (later) appointments and insights."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop as N_

# The labels are English, as staff, audit lines and the FHIR API read them;
# marked with N_ so `make messages` finds them, and read in the person's
# language where a service user's page shows them (``gettext(label)``).


class Modality(models.TextChoices):
    FACE_TO_FACE = "face_to_face", N_("Face to face")
    VIDEO = "video", N_("Video call")
    PHONE = "phone", N_("Phone call")
    MESSAGING = "messaging", N_("Secure messaging")
    EMAIL_TEXT = "email_text", N_("Email or text message")


REMOTE_MODALITIES = frozenset(m for m in Modality if m != Modality.FACE_TO_FACE)


class ContactKind(models.TextChoices):
    INITIAL_ASSESSMENT = "initial_assessment", N_("Initial assessment")
    RISK_REVIEW = "risk_review", N_("Risk review")
    CHECK_IN = "check_in", N_("Check-in with your care coordinator")
    MEDICATION_REVIEW = "medication_review", N_("Medication review")
    PSYCHOLOGICAL_THERAPY = "psychological_therapy", N_("Psychological therapy session")
    TRAUMA_THERAPY = "trauma_therapy", N_("Trauma-focused therapy session")
    PHYSICAL_HEALTH_CHECK = "physical_health_check", N_("Physical health check")
    GROUP_SESSION = "group_session", N_("Group session")
    CARERS_MEETING = "carers_meeting", N_("Carers' meeting")
    ADMIN = "admin", N_("Admin and reminders")


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

    EMAIL = "email", N_("Email")
    SMS = "sms", N_("Text message (SMS)")
    PHONE = "phone", N_("Phone call")
    LETTER = "letter", N_("Letter")

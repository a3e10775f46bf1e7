"""What a person wants: how to be contacted, how to be seen, their access needs
and their digital access, each kept with its history; and the shared decisions
made with them about how care is given.

Every record is versioned: a change adds a row and marks it current, so the
history of who changed what, and when, is the rows themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.people.models import ServiceUser
from tandem.preferences.codes import Channel, ContactKind, Modality
from tandem.preferences.times import ContactTimes


class Versioned(models.Model):
    service_user = models.ForeignKey(ServiceUser, on_delete=models.CASCADE, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_current = models.BooleanField(default=True)
    # What one version is called in the admin and in logs, before "of <person> at <date>".
    described_as: ClassVar[str] = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.described_as} of {self.service_user_id} at {self.recorded_at:%Y-%m-%d}"


def one_current(name: str, *, per: tuple[str, ...] = ()) -> models.UniqueConstraint:
    """The database keeps at most one current version for a person (and ``per`` field)."""
    return models.UniqueConstraint(
        fields=["service_user", *per], condition=models.Q(is_current=True), name=name
    )


def _as_is(words: str) -> str:
    return words


class ContactPreferences(Versioned):
    """How a person wants to be contacted about their care (not how they are seen)."""

    by_email = models.BooleanField(default=False)
    by_sms = models.BooleanField(default=False)
    by_phone = models.BooleanField(default=False)
    by_letter = models.BooleanField(default=True)
    preferred_channel = models.CharField(max_length=10, choices=Channel.choices)
    # Free text in the person's words, kept as a note for staff; the outbox and
    # booking pages use the structured times below (tandem.preferences.times).
    times_to_avoid = models.CharField(max_length=200, blank=True)
    # Days of the week not to contact them (0 is Monday) and the hours when
    # contact is welcome, on the service's clock. Blank: no limit.
    avoid_days = models.JSONField(default=list, blank=True)
    not_before = models.TimeField(null=True, blank=True)
    not_after = models.TimeField(null=True, blank=True)
    messages_may_be_left = models.BooleanField(default=False)
    # Messages come from a neutral sender instead of the team's name, for people
    # whose post or phone others may see (HAZ-008, tandem/notify).
    discreet_sender = models.BooleanField(default=False)

    described_as = "Contact preferences"

    class Meta:
        constraints: ClassVar = [one_current("one_current_contact_preferences")]

    @property
    def contact_times(self) -> ContactTimes:
        return ContactTimes.of(self.avoid_days or [], self.not_before, self.not_after)

    @property
    def allowed_channels(self) -> list[str]:
        flags = {
            Channel.EMAIL: self.by_email,
            Channel.SMS: self.by_sms,
            Channel.PHONE: self.by_phone,
            Channel.LETTER: self.by_letter,
        }
        return [Channel(c).label for c, allowed in flags.items() if allowed]

    @property
    def allowed_channel_texts(self) -> list[str]:
        """``allowed_channels`` in the language of the page."""
        return [gettext(label) for label in self.allowed_channels]


class ModalityPreference(Versioned):
    """How a person would like to be seen for one kind of contact."""

    kind = models.CharField(max_length=30, choices=ContactKind.choices)
    preferred = models.CharField(
        max_length=20, choices=Modality.choices, blank=True, help_text="Blank: no preference"
    )
    # Modality codes the person has said they do not want for this kind.
    not_wanted = models.JSONField(default=list)

    class Meta:
        constraints: ClassVar = [
            one_current("one_current_modality_preference_per_kind", per=("kind",))
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_preferred_display() or 'no preference'}"

    @property
    def not_wanted_labels(self) -> list[str]:
        return [Modality(code).label for code in self.not_wanted]

    @property
    def not_wanted_texts(self) -> list[str]:
        """``not_wanted_labels`` in the language of the page."""
        return [gettext(label) for label in self.not_wanted_labels]


class ScreenDifficulty(models.TextChoices):
    ANXIETY = "anxiety", N_("Anxiety")
    AUTISM = "autism", N_("Autism")
    PARANOIA = "paranoia", N_("Worry or distrust about technology")
    OTHER = "other", N_("Another reason")


class CommunicationProfessional(models.TextChoices):
    """Communication professionals other than an interpreter for a language (DCB1605)."""

    DEAFBLIND_MANUAL = "deafblind_manual", N_("Deafblind manual interpreter")
    LIPSPEAKER = "lipspeaker", N_("Lipspeaker")
    SPEECH_TO_TEXT = "speech_to_text", N_("Speech-to-text reporter")
    NOTETAKER = "notetaker", N_("Electronic notetaker")
    INTERVENOR = "intervenor", N_("Deafblind intervenor")
    MAKATON = "makaton", N_("Makaton signer")


class AccessNeeds(Versioned):
    """Access needs, including the communication needs of the Accessible
    Information Standard (DCB1605); ``tandem.preferences.communication`` gives
    each of those its code, its words and where it must be met (ADR 0047)."""

    # Named, unlike the other versions, so a page of people can fetch their
    # current needs in one query (``communication.with_current_needs``).
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="access_needs_versions"
    )

    hearing_impairment = models.BooleanField(default=False)
    visual_impairment = models.BooleanField(default=False)
    bsl_interpreter = models.BooleanField("BSL interpreter", default=False)
    spoken_interpreter = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=60, blank=True)
    easy_read = models.BooleanField(default=False)
    large_print = models.BooleanField(default=False)
    braille = models.BooleanField(default=False)
    communication_professional = models.CharField(
        max_length=20, choices=CommunicationProfessional.choices, blank=True
    )
    # Someone who must be sent copies of what the person is sent (a carer, an
    # advocate): named in words, because an advocate is often not a Tandem carer.
    copy_to_someone = models.BooleanField(default=False)
    copy_to_name = models.CharField(max_length=120, blank=True)
    longer_appointment = models.BooleanField(default=False)
    familiar_clinician = models.BooleanField(default=False)
    screen_difficulty = models.CharField(
        max_length=20, choices=ScreenDifficulty.choices, blank=True
    )
    notes = models.CharField(max_length=500, blank=True)

    LABELS: ClassVar[dict[str, str]] = {
        "hearing_impairment": N_("Hearing impairment"),
        "visual_impairment": N_("Visual impairment"),
        "bsl_interpreter": N_("Needs a British Sign Language interpreter"),
        "spoken_interpreter": N_("Needs a spoken-language interpreter"),
        "easy_read": N_("Easy read"),
        "large_print": N_("Large print"),
        "braille": N_("Braille"),
        "copy_to_someone": N_("A carer or advocate must be copied in"),
        "longer_appointment": N_("Needs a longer appointment"),
        "familiar_clinician": N_("Prefers a clinician they know"),
    }

    # Flagged on their own as communication needs (tandem.preferences.communication).
    COMMUNICATION: ClassVar[frozenset[str]] = frozenset(
        {"bsl_interpreter", "spoken_interpreter", "easy_read", "large_print", "braille"}
        | {"copy_to_someone"}
    )

    described_as = "Access needs"

    class Meta:
        constraints: ClassVar = [one_current("one_current_access_needs")]

    @property
    def needs(self) -> list[str]:
        """The needs in words, in English, as staff and the record read them."""
        return self._needs(_as_is)

    @property
    def need_texts(self) -> list[str]:
        """``needs`` in the language of the page, for the person's own."""
        return self._needs(gettext)

    def _needs(self, words: Callable[[str], str]) -> list[str]:
        found = [words(label) for field, label in self.LABELS.items() if getattr(self, field)]
        if self.spoken_interpreter and self.interpreter_language:
            found[found.index(words(self.LABELS["spoken_interpreter"]))] += (
                f" ({self.interpreter_language})"
            )
        if self.copy_to_someone and self.copy_to_name:
            found[found.index(words(self.LABELS["copy_to_someone"]))] += f" ({self.copy_to_name})"
        if self.communication_professional:
            label = CommunicationProfessional(self.communication_professional).label
            found.append(
                words(N_("Needs a %(professional)s")) % {"professional": words(label).lower()}
            )
        if self.screen_difficulty:
            found.append(self._screens(words))
        return found

    def _screens(self, words: Callable[[str], str]) -> str:
        reason = words(ScreenDifficulty(self.screen_difficulty).label).lower()
        return words(N_("Finds screens or phones hard (%(reason)s)")) % {"reason": reason}

    @property
    def other_needs(self) -> list[str]:
        """``needs`` without the communication needs, for pages that flag those on their own."""
        found = [
            label
            for field, label in self.LABELS.items()
            if getattr(self, field) and field not in self.COMMUNICATION
        ]
        if self.screen_difficulty:
            found.append(self._screens(_as_is))
        return found


class Device(models.TextChoices):
    SMARTPHONE = "smartphone", N_("A smartphone")
    TABLET = "tablet", N_("A tablet")
    COMPUTER = "computer", N_("A laptop or computer with a camera")
    BASIC_PHONE = "basic_phone", N_("A phone that only makes calls and texts")
    NONE = "none", N_("None of these")


class Connection(models.TextChoices):
    RELIABLE = "reliable", N_("It works well most of the time")
    PATCHY = "patchy", N_("It sometimes drops or is slow")
    UNRELIABLE = "unreliable", N_("It often does not work")
    NONE = "none", N_("I do not have internet at home")


class YesSometimesNo(models.TextChoices):
    YES = "yes", N_("Yes")
    SOMETIMES = "sometimes", N_("Sometimes")
    NO = "no", N_("No")


class Confidence(models.TextChoices):
    CONFIDENT = "confident", N_("I am confident using video calls")
    WITH_HELP = "with_help", N_("I can with some help")
    NOT_CONFIDENT = "not_confident", N_("I am not confident")
    NEVER = "never", N_("I have never used one")


class DigitalAccessCheck(Versioned):
    """The plain-English digital access check. It yields flags, never a score."""

    devices = models.JSONField(default=list)
    connection = models.CharField(max_length=20, choices=Connection.choices)
    data_costs_a_problem = models.CharField(max_length=10, choices=YesSometimesNo.choices)
    private_space = models.CharField(max_length=10, choices=YesSometimesNo.choices)
    video_confidence = models.CharField(max_length=20, choices=Confidence.choices)
    wants_help = models.BooleanField(default=False)

    described_as = "Digital access check"

    class Meta:
        constraints: ClassVar = [one_current("one_current_digital_access_check")]

    @property
    def flags(self) -> list[str]:
        """What staff should know, in words: each one a reason to offer something."""
        return [str(flag) for flag in self._flags()]

    @property
    def flag_texts(self) -> list[str]:
        """``flags`` in the language of the page, for the person's own."""
        return [gettext(flag) for flag in self._flags()]

    def _flags(self) -> list[str]:
        found = []
        if self.private_space == YesSometimesNo.NO:
            found.append(N_("No private space at home"))
        elif self.private_space == YesSometimesNo.SOMETIMES:
            found.append(N_("Private space at home only sometimes"))
        video_devices = {Device.SMARTPHONE, Device.TABLET, Device.COMPUTER}
        if not video_devices & set(self.devices):
            found.append(N_("No device for video calls"))
        if self.connection in (Connection.UNRELIABLE, Connection.NONE):
            found.append(N_("No reliable internet at home"))
        if self.data_costs_a_problem != YesSometimesNo.NO:
            found.append(N_("Data costs are a problem"))
        if self.wants_help or self.video_confidence in (Confidence.NOT_CONFIDENT, Confidence.NEVER):
            found.append(N_("Needs help to join video"))
        return found


class SharedDecision(models.Model):
    """A decision on how care, or one kind of contact, is given, made together."""

    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="shared_decisions"
    )
    kind = models.CharField(max_length=30, choices=ContactKind.choices)
    options_discussed = models.JSONField()
    # Stored separately so the database itself refuses a record that does not
    # show face-to-face was offered.
    face_to_face_offered = models.BooleanField()
    person_preference = models.CharField(max_length=20, choices=Modality.choices, blank=True)
    guidance_shown = models.JSONField(default=dict)
    took_part = models.CharField(max_length=300)
    carer_took_part = models.BooleanField(default=False)
    decision = models.CharField(max_length=20, choices=Modality.choices)
    reasons = models.TextField(max_length=1000)
    against_preference_reason = models.TextField(max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-decided_at", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(face_to_face_offered=True), name="face_to_face_always_offered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_decision_display()}"

    @property
    def options_labels(self) -> list[str]:
        return [Modality(code).label for code in self.options_discussed]

    @property
    def options_texts(self) -> list[str]:
        """``options_labels`` in the language of the page."""
        return [gettext(label) for label in self.options_labels]


class ReadingChoice(models.Model):
    """Whether the person reads the easy-read version of the key pages (ADR 0062).

    No row means they have not chosen, and the pages follow their recorded need
    (``AccessNeeds.easy_read``). One row a person, changed in place: the audit
    log keeps every change, and a choice of how pages look needs no versions."""

    service_user = models.OneToOneField(
        ServiceUser, on_delete=models.CASCADE, related_name="reading_choice"
    )
    easy_read = models.BooleanField()
    chosen_at = models.DateTimeField(default=timezone.now)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return "Easy read" if self.easy_read else "Standard version"

"""Forms for the staff side of appointments. Messages follow the NHS design
system: say what went wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from tandem.appointments.models import (
    APPOINTMENT_MODALITIES,
    MAX_FREE_TEXT,
    AppointmentModality,
    AppointmentType,
    Attendance,
    LeaveKind,
    Room,
    Site,
    SwitchedBy,
)
from tandem.appointments.services import AVOID_REASON_LIMIT
from tandem.appointments.slots import Slot
from tandem.people.models import CareTeam, StaffMember
from tandem.preferences.codes import Modality
from tandem.preferences.services import Decision
from tandem.web.forms import DateInputField, FreeTextField, radios, text_field

ANYONE = "any"
YES_NO = [("yes", "Yes"), ("no", "No")]
NOT_SWITCHED = "no"
WAYS = [(str(m.value), str(m.label)) for m in AppointmentModality]
WEEKDAY_CHOICES = [
    (str(n), name)
    for n, name in enumerate(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    )
]


def free_text(
    label: str, *, what: str, max_length: int = MAX_FREE_TEXT, required: bool = False, **kw: Any
) -> FreeTextField:
    named = what[0].upper() + what[1:]
    return text_field(
        label,
        what=what,
        named=named,
        max_length=max_length,
        required=required,
        textarea_over=300,
        **kw,
    )


def time_field(label: str, *, what: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H.%M", "%H"],
        help_text="Use the 24-hour clock, for example 09:00 or 13:30",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as hours and minutes, like 09:00",
        },
    )


def date_field(label: str, *, what: str, required: bool = True, hint: str = "") -> DateInputField:
    return DateInputField(
        label=label,
        required=required,
        help_text=hint or "For example, 27 3 2026",
        error_messages={"required": f"Enter {what}"},
    )


# --- Booking -----


class ChooseForm(forms.Form):
    """Step one: what kind of appointment, which way and with whom."""

    type = radios("Appointment type", [], what="the appointment type")
    way = radios("How will it be held?", WAYS, what="how it will be held")
    clinician = radios("Who with?", [], what="who it is with")

    def __init__(
        self,
        *args: Any,
        types: list[AppointmentType],
        members: dict[int, list[StaffMember]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.types = {t.pk: t for t in types}
        self.members = members
        several = len({t.team_id for t in types}) > 1
        self.fields["type"].choices = [  # type: ignore[attr-defined]
            (
                str(t.pk),
                f"{t.name}, {t.duration_minutes} minutes" + (f" ({t.team})" if several else ""),
            )
            for t in types
        ]
        people = {s.pk: s for staff in members.values() for s in staff}
        self.fields["clinician"].choices = [  # type: ignore[attr-defined]
            (ANYONE, "Anyone in the team who is free"),
            *((str(s.pk), s.user.full_name) for s in sorted(people.values(), key=str)),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = self.chosen_type()
        clinician = data.get("clinician")
        if kind is not None and clinician and clinician != ANYONE:
            in_team = {s.pk for s in self.members.get(kind.team_id, [])}
            if int(clinician) not in in_team:
                self.add_error("clinician", f"Choose someone in {kind.team}, or anyone")
        return data

    def chosen_type(self) -> AppointmentType | None:
        value = (self.cleaned_data if hasattr(self, "cleaned_data") else {}).get("type")
        return self.types.get(int(value)) if value else None

    def chosen_clinician(self) -> StaffMember | None:
        value = self.cleaned_data.get("clinician")
        kind = self.chosen_type()
        if not value or value == ANYONE or kind is None:
            return None
        return next((s for s in self.members.get(kind.team_id, []) if s.pk == int(value)), None)


class DecisionForm(forms.Form):
    """The shared decision made with the person, asked for when booking a way that
    has not been agreed for this kind of contact."""

    options_discussed = forms.MultipleChoiceField(
        label="Which other ways did you discuss with the person? (optional)",
        choices=Modality.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select ways from the list"},
    )
    person_preference = radios(
        "What did the person prefer?",
        [("", "No preference"), *Modality.choices],
        what="what the person preferred",
        required=False,
    )
    took_part = free_text(
        "Who took part in the decision",
        what="who took part in the decision",
        max_length=300,
        required=True,
        help_text="For example, the person, their partner and you",
    )
    carer_took_part = radios(
        "Did a carer or family member take part?", YES_NO, what="whether a carer took part"
    )
    reasons = free_text(
        "Reasons for the decision", what="the reasons for the decision", required=True
    )
    against_preference_reason = free_text(
        "If this is a way the person said they do not want, why was it chosen?",
        what="why a way the person does not want was chosen",
    )

    FIELDS = (
        "options_discussed",
        "person_preference",
        "took_part",
        "carer_took_part",
        "reasons",
        "against_preference_reason",
    )

    def __init__(
        self, *args: Any, kind: str, way: str, not_wanted: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind, self.way, self.not_wanted = kind, way, not_wanted
        # Face to face and the way chosen are always among the options: they are
        # shown as such and recorded, not offered as boxes that could be unticked.
        self.fixed = [Modality.FACE_TO_FACE.value, *([way] if way != Modality.FACE_TO_FACE else [])]
        self.fields["options_discussed"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Modality.choices if value not in self.fixed
        ]
        why = {Modality.FACE_TO_FACE.value: "always offered", way: "the way you chose"}
        if way == Modality.FACE_TO_FACE:
            why[way] = "always offered, and the way you chose"
        self.fields["options_discussed"].help_text = "Already included: " + " and ".join(
            f"{Modality(m).label.lower()} ({why[m]})" for m in self.fixed
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            self.way in self.not_wanted
            and not (data.get("against_preference_reason") or "").strip()
            and "against_preference_reason" not in self.errors
        ):
            self.add_error(
                "against_preference_reason",
                f"The person said they do not want {Modality(self.way).label.lower()} for this. "
                "Say why it was chosen",
            )
        return data

    def options(self) -> tuple[str, ...]:
        chosen = set(self.cleaned_data.get("options_discussed") or [])
        chosen |= {Modality.FACE_TO_FACE, self.way}
        return tuple(m for m in Modality.values if m in chosen)

    def as_decision(self) -> Decision:
        d = self.cleaned_data
        return Decision(
            kind=self.kind,
            options_discussed=self.options(),
            person_preference=d["person_preference"] or "",
            took_part=d["took_part"],
            carer_took_part=d["carer_took_part"] == "yes",
            decision=self.way,
            reasons=d["reasons"],
            against_preference_reason=d["against_preference_reason"],
        )

    def hidden_values(self) -> list[tuple[str, str]]:
        """What the later steps carry in hidden fields (the form has been checked)."""
        pairs: list[tuple[str, str]] = []
        for name in self.FIELDS:
            value = self.cleaned_data.get(name)
            if isinstance(value, list):
                pairs += [(name, str(v)) for v in value]
            else:
                pairs.append((name, str(value or "")))
        return pairs


class SlotForm(forms.Form):
    slot = forms.ChoiceField(
        label="Choose a time",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a time",
            "invalid_choice": "That time is no longer free. Select another time",
        },
    )

    def __init__(self, *args: Any, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = slots
        self.fields["slot"].choices = [(s.key, s.key) for s in slots]  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    guardrail_reason = free_text(
        "Why does this booking need to go ahead?",
        what="why the booking needs to go ahead",
        help_text="Managers see this with the breach",
    )

    avoid_reason = free_text(
        "Why book inside a time they asked us to avoid?",
        what="why the appointment must be at a time they asked us to avoid",
        max_length=AVOID_REASON_LIMIT,
        help_text="For example, 'Sam chose this time with me on the phone'. "
        "This is kept with the booking's record",
    )

    def __init__(self, *args: Any, breaches: list[str], avoid: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.breaches = breaches
        if breaches:
            self.fields["guardrail_reason"].required = True
        # The person's times to avoid, in words, when this time falls inside them.
        self.avoid = avoid
        if avoid:
            self.fields["avoid_reason"].required = True


# --- After booking -----


class CancelForm(forms.Form):
    by = radios(
        "Who cancelled?",
        [("person", "The person cancelled"), ("service", "The service cancelled")],
        what="who cancelled",
    )
    reason = free_text("Reason", what="the reason", required=True)


class OutcomeForm(forms.Form):
    attendance = radios(
        "What happened?",
        [
            (Attendance.ATTENDED.value, Attendance.ATTENDED.label),
            (Attendance.LATE_SEEN.value, Attendance.LATE_SEEN.label),
            (Attendance.LATE_NOT_SEEN.value, Attendance.LATE_NOT_SEEN.label),
            (Attendance.DID_NOT_ATTEND.value, Attendance.DID_NOT_ATTEND.label),
        ],
        what="what happened",
    )
    technical_failure = radios(
        "Did the technology fail during the contact?",
        YES_NO,
        what="whether the technology failed",
    )
    switched_to = radios(
        "Did the contact continue another way?",
        [],
        what="whether the contact continued another way",
    )
    switched_by = radios(
        "Who switched?",
        SwitchedBy.choices,
        what="who switched",
        required=False,
        help_text="Only if it continued another way",
    )
    notes = free_text("Notes (optional)", what="notes")

    def __init__(self, *args: Any, modality: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["switched_to"].choices = [  # type: ignore[attr-defined]
            (NOT_SWITCHED, "No"),
            *((value, f"Yes, by {label.lower()}") for value, label in WAYS if value != modality),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        switched, by = data.get("switched_to"), data.get("switched_by")
        if switched and switched != NOT_SWITCHED and not by and "switched_by" not in self.errors:
            self.add_error("switched_by", "Select who switched")
        if switched == NOT_SWITCHED and by:
            self.add_error(
                "switched_by", "Leave this blank unless the contact continued another way"
            )
        return data


# --- Availability -----


class PlaceFields(forms.Form):
    """Team, times, ways and place: shared by weekly and one-off sessions."""

    team = radios("Team", [], what="the team")
    starts = time_field("Start time", what="the start time")
    ends = time_field("End time", what="the end time")
    modalities = forms.MultipleChoiceField(
        label="Ways offered",
        choices=WAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one way the session offers",
            "invalid_choice": "Select ways from the list",
        },
    )
    site = forms.ChoiceField(
        label="Site (for face to face)",
        choices=[],
        required=False,
        error_messages={"invalid_choice": "Select a site from the list"},
    )
    room = forms.ChoiceField(
        label="Room (optional)",
        choices=[],
        required=False,
        error_messages={"invalid_choice": "Select a room from the list"},
    )
    self_bookable = radios(
        "Can people on the caseload book this session themselves?",
        YES_NO,
        what="whether people can book it themselves",
    )

    def __init__(
        self,
        *args: Any,
        teams: list[CareTeam],
        sites: list[Site],
        rooms: list[Room],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {t.pk: t for t in teams}
        self.sites = {s.pk: s for s in sites}
        self.rooms = {r.pk: r for r in rooms}
        self.fields["team"].choices = [(str(t.pk), t.name) for t in teams]  # type: ignore[attr-defined]
        if len(teams) == 1 and not self.is_bound:
            self.initial.setdefault("team", str(teams[0].pk))
        self.fields["site"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a site"),
            *((str(s.pk), s.name) for s in sites),
        ]
        self.fields["room"].choices = [  # type: ignore[attr-defined]
            ("", "No particular room"),
            *((str(r.pk), f"{r.name}, {r.site.name}") for r in rooms),
        ]
        self.fields["site"].widget = forms.Select()
        self.fields["room"].widget = forms.Select()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", "The end time must be after the start time")
        ways = data.get("modalities") or []
        if AppointmentModality.FACE_TO_FACE in ways and not data.get("site"):
            self.add_error("site", "Choose the site for face-to-face appointments")
        room = self.rooms.get(int(data["room"])) if data.get("room") else None
        if room is not None and str(room.site_id) != data.get("site"):
            self.add_error("room", "Choose a room at the chosen site")
        return data

    def place(self) -> dict[str, Any]:
        d = self.cleaned_data
        face_to_face = AppointmentModality.FACE_TO_FACE in d["modalities"]
        return {
            "team": self.teams[int(d["team"])],
            "starts": d["starts"],
            "ends": d["ends"],
            "modalities": tuple(m for m in APPOINTMENT_MODALITIES if m in d["modalities"]),
            "site": self.sites.get(int(d["site"])) if d.get("site") and face_to_face else None,
            "room": self.rooms.get(int(d["room"])) if d.get("room") and face_to_face else None,
            "self_bookable": d["self_bookable"] == "yes",
        }


class SessionForm(PlaceFields):
    weekday = radios("Day of the week", WEEKDAY_CHOICES, what="the day of the week")
    valid_from = date_field("First date", what="the first date")
    valid_until = date_field(
        "Last date (optional)",
        what="the last date",
        required=False,
        hint="Leave blank if it carries on. For example, 31 3 2027",
    )

    field_order = (
        "team",
        "weekday",
        "starts",
        "ends",
        "modalities",
        "site",
        "room",
        "self_bookable",
        "valid_from",
        "valid_until",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("valid_from"), data.get("valid_until")
        if first and last and last < first:
            self.add_error("valid_until", "The last date must be on or after the first date")
        return data


class EndSessionForm(forms.Form):
    last_day = date_field("Last date of the session", what="the last date")

    def clean_last_day(self) -> dt.date:
        value: dt.date = self.cleaned_data["last_day"]
        if value < timezone.localdate():
            raise forms.ValidationError("The last date must be today or in the future")
        return value


class OneOffForm(PlaceFields):
    day = date_field("Date", what="the date")

    field_order = (
        "team",
        "day",
        "starts",
        "ends",
        "modalities",
        "site",
        "room",
        "self_bookable",
    )

    def clean_day(self) -> dt.date:
        value: dt.date = self.cleaned_data["day"]
        if value < timezone.localdate():
            raise forms.ValidationError("The date must be today or in the future")
        return value


class LeaveForm(forms.Form):
    kind = radios("Kind of leave", LeaveKind.choices, what="the kind of leave")
    first_day = date_field("First day", what="the first day")
    last_day = date_field(
        "Last day",
        what="the last day",
        required=False,
        hint="Leave blank only if they have left the team. For example, 27 3 2026",
    )
    cover = forms.ChoiceField(
        label="Who covers their caseload? (optional)",
        choices=[],
        required=False,
        error_messages={"invalid_choice": "Choose a colleague from the list"},
    )

    def __init__(self, *args: Any, colleagues: list[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colleagues = {s.pk: s for s in colleagues}
        self.fields["cover"].choices = [  # type: ignore[attr-defined]
            ("", "No one named"),
            *((str(s.pk), s.user.full_name) for s in colleagues),
        ]
        self.fields["cover"].widget = forms.Select()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, first, last = data.get("kind"), data.get("first_day"), data.get("last_day")
        if "last_day" not in self.errors:
            if kind == LeaveKind.LEFT and last:
                self.add_error("last_day", "Leave the last day blank when they have left the team")
            elif kind and kind != LeaveKind.LEFT and not last:
                self.add_error("last_day", "Enter the last day")
            elif first and last and last < first:
                self.add_error("last_day", "The last day must be on or after the first day")
        return data

    def chosen_cover(self) -> StaffMember | None:
        value = self.cleaned_data.get("cover")
        return self.colleagues.get(int(value)) if value else None


class ArrangedForm(forms.Form):
    note = text_field(
        "Who is booked (optional)",
        max_length=300,
        help_text="For example, the agency and the interpreter's name",
    )

"""Forms for group programmes. Messages follow the NHS design system: say what
went wrong and how to fix it."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.appointments.models import AppointmentModality, Attendance, Site, SwitchedBy
from tandem.groups.models import MAX_FREE_TEXT, JoinsBy, Way
from tandem.people.models import CareTeam, ServiceUser, StaffMember
from tandem.web.forms import DateInputField, radios, text_field


def _number(label: str, *, what: str, low: int, high: int, hint: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a number",
            "min_value": f"{what[0].upper()}{what[1:]} must be {low} or more",
            "max_value": f"{what[0].upper()}{what[1:]} must be {high} or fewer",
        },
    )


class ProgrammeForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=CareTeam.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the team"},
    )
    name = text_field("Name of the group", max_length=120, required=True, textarea_over=200)
    purpose = text_field(
        "What the group is for", max_length=MAX_FREE_TEXT, required=True, textarea_over=100
    )
    facilitators = forms.ModelMultipleChoiceField(
        label="Facilitators",
        help_text="The first chosen leads: members' appointments are in their diary",
        queryset=StaffMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one facilitator"},
    )
    capacity = _number("Number of places", what="the number of places", low=1, high=50)
    way = radios("How does the group meet?", Way.choices, what="how the group meets")
    site = forms.ModelChoiceField(
        label="Site for sessions in a room",
        queryset=Site.objects.filter(is_active=True),
        required=False,
        empty_label="None (by video only)",
    )
    first_day = DateInputField(
        label="Date of the first session",
        help_text="For example, 15 3 2027",
        error_messages={"required": "Enter the date of the first session"},
    )
    starts = forms.TimeField(
        label="Start time",
        input_formats=["%H:%M", "%H.%M", "%H"],
        help_text="Use the 24-hour clock, for example 14:00",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time as hours and minutes, like 14:00",
        },
    )
    minutes = _number("Length of each session, in minutes", what="the length", low=15, high=240)
    sessions = _number("Number of weekly sessions", what="the number of sessions", low=1, high=26)

    def __init__(self, *args: Any, teams: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["facilitators"].queryset = staff  # type: ignore[attr-defined]
        self.fields["facilitators"].label_from_instance = lambda s: s.user.full_name  # type: ignore[attr-defined]


class EnrolForm(forms.Form):
    service_user = forms.ModelChoiceField(
        label="Person",
        queryset=ServiceUser.objects.none(),
        error_messages={"required": "Select the person to enrol"},
    )
    joins_by = radios("How will they join?", JoinsBy.choices, what="how they will join")

    def __init__(self, *args: Any, people: Any, joins_by: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["service_user"].queryset = people  # type: ignore[attr-defined]
        self.fields["joins_by"].choices = joins_by  # type: ignore[attr-defined]
        if len(joins_by) == 1:
            self.fields["joins_by"].initial = joins_by[0][0]


class SessionForm(forms.Form):
    """One more session for a programme that is already running."""

    day = DateInputField(
        label="Date of the session",
        help_text="For example, 15 3 2027",
        error_messages={"required": "Enter the date of the session"},
    )
    starts = ProgrammeForm.base_fields["starts"]
    minutes = _number("Length of the session, in minutes", what="the length", low=15, high=240)


class ReasonForm(forms.Form):
    reason = text_field("Reason", max_length=300, required=True, textarea_over=100)


ATTENDANCE_CHOICES = [
    (code, label)
    for code, label in Attendance.choices
    if code
    in (
        Attendance.ATTENDED,
        Attendance.LATE_SEEN,
        Attendance.LATE_NOT_SEEN,
        Attendance.DID_NOT_ATTEND,
    )
]
SWITCH_CHOICES = [("", "No, it stayed the same way"), *AppointmentModality.choices]


class RegisterForm(forms.Form):
    """One form for every member: fields named by the member's enrolment number."""

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for enrolment in members:
            name = enrolment.service_user.display_name
            key = enrolment.pk
            self.fields[f"attendance_{key}"] = radios(
                f"{name}: what happened?", ATTENDANCE_CHOICES, what=f"what happened for {name}"
            )
            self.fields[f"technical_{key}"] = forms.BooleanField(
                label=f"The technology failed for {name}", required=False
            )
            self.fields[f"switched_{key}"] = forms.ChoiceField(
                label=f"Did {name} switch to another way?",
                choices=SWITCH_CHOICES,
                required=False,
            )
            self.fields[f"switched_by_{key}"] = forms.ChoiceField(
                label="Who switched?",
                choices=[("", "Nobody"), *SwitchedBy.choices],
                required=False,
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "enrolment": e,
                "attendance": self[f"attendance_{e.pk}"],
                "technical": self[f"technical_{e.pk}"],
                "switched": self[f"switched_{e.pk}"],
                "switched_by": self[f"switched_by_{e.pk}"],
            }
            for e in self.members
        ]

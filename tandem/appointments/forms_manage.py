"""Forms for managing appointments. Messages follow the NHS design system: say
what went wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial
from typing import Any

from django import forms
from django.utils import timezone

from tandem.appointments.manage_services import DURATION_BOUNDS, RULE_BOUNDS
from tandem.appointments.models import AppointmentModality
from tandem.people.models import CareTeam, Organisation, StaffMember
from tandem.preferences.codes import ContactKind
from tandem.web.forms import DateInputField, radios, text_field

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def whole_number(label: str, name: str, *, what: str, hint: str = "") -> forms.IntegerField:
    low, high = RULE_BOUNDS.get(name, DURATION_BOUNDS)
    between = f"{label} must be between {low} and {high}"
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=int(low),
        max_value=int(high),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"{label} must be a whole number, like {int(low) + 1}",
            "min_value": between,
            "max_value": between,
        },
    )


# Every text box on these pages must be filled in unless it says otherwise.
text = partial(text_field, required=True, textarea_over=300)


def yes_no(label: str, *, what: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"Select {what}"},
    )


# --- Team rules ----------------------------------------------------------------------


class TeamRulesForm(forms.Form):
    self_book_days_ahead = whole_number(
        "How many days ahead people can book themselves",
        "self_book_days_ahead",
        what="how many days ahead people can book",
        hint="Between 1 and 365 days",
    )
    self_book_notice_hours = whole_number(
        "Least notice for a booking people make themselves, in hours",
        "self_book_notice_hours",
        what="the least notice in hours",
        hint="Between 0 and 168 hours (one week)",
    )
    no_contact_days = whole_number(
        "Tell managers when a person has had no contact for this many days",
        "no_contact_days",
        what="the number of days without contact",
        hint="Between 7 and 365 days",
    )
    max_consecutive_remote = whole_number(
        "Most remote sessions in a row without a break",
        "max_consecutive_remote",
        what="the most remote sessions in a row",
        hint="Between 1 and 12",
    )
    min_break_minutes = whole_number(
        "Shortest break between remote sessions, in minutes",
        "min_break_minutes",
        what="the shortest break in minutes",
        hint="Between 0 and 120 minutes",
    )
    max_remote_hours_per_day = forms.DecimalField(
        label="Most hours of remote sessions in a day",
        help_text="Between 0.5 and 12, in steps of half an hour, for example 5 or 5.5",
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": "Enter the most hours of remote sessions in a day",
            "invalid": "Most hours of remote sessions must be a number, like 5 or 5.5",
            "max_digits": "Most hours of remote sessions must be between 0.5 and 12",
            "max_decimal_places": "Most hours of remote sessions must be in steps of half an "
            "hour, like 5 or 5.5",
            "max_whole_digits": "Most hours of remote sessions must be between 0.5 and 12",
        },
    )

    def clean_max_remote_hours_per_day(self) -> Decimal:
        value: Decimal = self.cleaned_data["max_remote_hours_per_day"]
        low, high = RULE_BOUNDS["max_remote_hours_per_day"]
        if not low <= value <= high:
            raise forms.ValidationError("Most hours of remote sessions must be between 0.5 and 12")
        if value * 2 != int(value * 2):
            raise forms.ValidationError(
                "Most hours of remote sessions must be in steps of half an hour, like 5 or 5.5"
            )
        return value


# --- Appointment types, sites and rooms --------------------------------------------------


class AppointmentTypeForm(forms.Form):
    name = text("Name", what="a name", max_length=120, help_text="For example, 'Check-in call'")
    kind = radios("What kind of contact is it?", ContactKind.choices, what="the kind of contact")
    duration_minutes = whole_number(
        "Length in minutes", "duration", what="the length in minutes", hint="Between 5 and 480"
    )
    self_bookable = yes_no(
        "Can people on the caseload book this themselves?",
        what="whether people can book this themselves",
    )


class ChangeAppointmentTypeForm(AppointmentTypeForm):
    is_active = yes_no(
        "Is this still offered?",
        what="whether this is still offered",
    )


class SiteForm(forms.Form):
    organisation = radios("Which organisation is the site for?", [], what="the organisation")
    name = text("Site name", what="the site's name", max_length=120)
    address = text("Address", what="the address", max_length=300, help_text="Street, town")
    postcode = text("Postcode", what="the postcode", max_length=8)
    directions = text(
        "Directions (optional)",
        what="directions",
        max_length=500,
        required=False,
        help_text="People see these in their appointment letter. For example, 'Entrance on "
        "Mill Lane, step-free'",
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        if len(organisations) > 1:
            self.fields["organisation"].choices = [  # type: ignore[attr-defined]
                (str(o.pk), o.name) for o in organisations
            ]
        else:
            del self.fields["organisation"]

    def chosen_organisation(self) -> Organisation:
        if "organisation" not in self.fields:
            return next(iter(self.organisations.values()))
        return self.organisations[self.cleaned_data["organisation"]]


class RoomForm(forms.Form):
    name = text("Room name", what="the room's name", max_length=60)


# --- Referrals and contact plans -----------------------------------------------------------


class TeamChoiceMixin:
    """A team field, shown only when the person is open to more than one of the user's teams."""

    def add_team_field(self, teams: list[CareTeam]) -> None:
        self.teams = {str(t.pk): t for t in teams}
        if len(teams) > 1:
            self.fields["team"] = radios(  # type: ignore[attr-defined]
                "Which team is this for?", [(str(t.pk), t.name) for t in teams], what="the team"
            )

    def chosen_team(self) -> CareTeam:
        if len(self.teams) == 1:
            return next(iter(self.teams.values()))
        return self.teams[self.cleaned_data["team"]]  # type: ignore[attr-defined]


class ReferralForm(TeamChoiceMixin, forms.Form):
    received_on = DateInputField(
        label="Date the referral was received",
        help_text="For example, 3 11 2026",
        error_messages={"required": "Enter the date the referral was received"},
    )
    source = text(
        "Where the referral came from",
        what="where the referral came from",
        max_length=120,
        help_text="For example, GP, self-referral, crisis team",
    )

    def __init__(self, *args: Any, teams: list[CareTeam], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_team_field(teams)

    def clean_received_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                "Date the referral was received must be today or in the past"
            )
        return value


HOW_OFTEN = [
    ("7", "Weekly"),
    ("14", "Fortnightly"),
    ("28", "Every 4 weeks"),
    ("other", "Another number of days"),
]


class ContactPlanForm(TeamChoiceMixin, forms.Form):
    clinician = radios("Who will the contact be with?", [], what="who the contact will be with")
    modality = radios(
        "How will contact be held?",
        AppointmentModality.choices,
        what="how contact will be held",
    )
    how_often = radios("How often?", HOW_OFTEN, what="how often")
    every_days = forms.IntegerField(
        label="Number of days between contacts",
        help_text="Only if you chose another number of days. Between 1 and 365",
        required=False,
        min_value=1,
        max_value=365,
        error_messages={
            "invalid": "Number of days must be a whole number, like 10",
            "min_value": "Number of days must be between 1 and 365",
            "max_value": "Number of days must be between 1 and 365",
        },
    )
    weekday = forms.ChoiceField(
        label="On which day of the week? (optional)",
        choices=[("", "Any day"), *((str(n), d) for n, d in enumerate(WEEKDAYS))],
        required=False,
        error_messages={"invalid_choice": "Select a day of the week from the list"},
    )
    description = text(
        "Describe the plan as you agreed it with the person",
        what="a description of the plan",
        max_length=200,
        help_text="For example, 'Weekly phone call on Tuesdays with Dr Lee'",
    )

    def __init__(
        self,
        *args: Any,
        teams: list[CareTeam],
        clinicians: list[StaffMember],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_team_field(teams)
        self.staff = {str(s.pk): s for s in clinicians}
        self.fields["clinician"].choices = [  # type: ignore[attr-defined]
            (str(s.pk), s.user.full_name) for s in clinicians
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("how_often") == "other":
            if data.get("every_days") is None and "every_days" not in self.errors:
                self.add_error("every_days", "Enter the number of days between contacts")
        elif data.get("how_often") and data.get("every_days") is not None:
            self.add_error("every_days", "Leave this blank unless you chose another number of days")
        return data

    def interval(self) -> int:
        data = self.cleaned_data
        return int(data["every_days"] if data["how_often"] == "other" else data["how_often"])

    def chosen_weekday(self) -> int | None:
        value = self.cleaned_data["weekday"]
        return int(value) if value != "" else None

    def chosen_clinician(self) -> StaffMember:
        return self.staff[self.cleaned_data["clinician"]]


# --- Workload period ------------------------------------------------------------------------


class PeriodForm(forms.Form):
    """The period the workload page covers; read from the query string."""

    first = DateInputField(
        label="From",
        what="the start of the period",
        help_text="For example, 26 10 2026",
        required=False,
    )
    last = DateInputField(
        label="To",
        what="the end of the period",
        help_text="For example, 20 12 2026",
        required=False,
    )

    MAX_DAYS = 366

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first and last:
            if last < first:
                self.add_error("last", "The end of the period must be on or after its start")
            elif (last - first).days > self.MAX_DAYS:
                self.add_error("last", "The period can be a year at most")
        return data

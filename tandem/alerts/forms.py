"""Forms for closing an alert and for a team's alert settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from tandem.alerts import services
from tandem.alerts.models import NOTE_MAX, AlertAction
from tandem.people.models import StaffMember
from tandem.web.forms import FreeTextField, radios, whole_number

NO_DUTY = ""


class CloseForm(forms.Form):
    action = radios("What was done?", AlertAction.choices, what="what was done")
    note = FreeTextField(
        label="Note",
        required=False,
        max_length=NOTE_MAX,
        help_text="What you did or decided, and why. If no action was needed, say why: "
        "this helps the team tune what raises alerts.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"The note must be {NOTE_MAX:,} characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == AlertAction.NO_ACTION and not cleaned.get("note", "").strip():
            self.add_error("note", "Say why no action was needed")
        return cleaned


class SettingsForm(forms.Form):
    response_hours = whole_number(
        "Response window, in hours",
        services.RESPONSE_HOURS,
        what="the response window",
        unit="hours",
        hint="How long the team has to acknowledge an alert, from 1 to 72 hours. After that the "
        "duty clinician is told, then the team's managers. An answer that needs review is always "
        "due the same day.",
    )
    duty_clinician = forms.ChoiceField(
        label="Duty clinician",
        required=False,
        help_text="Told first when nobody acknowledges an alert in time. With nobody chosen, "
        "the team's managers are told straight away.",
        error_messages={"invalid_choice": "Select the duty clinician from the list"},
    )
    baseline_days = whole_number(
        "Baseline, in days",
        services.BASELINE_DAYS,
        what="the baseline",
        unit="days",
        hint="How many days of a person's own diary make their usual, from 28 to 180. No change "
        "alert is raised until they have this much.",
    )
    change_threshold = forms.DecimalField(
        label="Size of change",
        help_text="How far from their usual a smoothed value must move, measured in their own "
        "usual spread, from 1.0 to 4.0. Lower raises more alerts, and more of them false.",
        min_value=services.CHANGE_THRESHOLD[0],
        max_value=services.CHANGE_THRESHOLD[1],
        max_digits=3,
        decimal_places=1,
        error_messages={
            "required": "Enter the size of change",
            "invalid": "Enter the size of change as a number, like 2.0",
            "min_value": "The size of change must be 1.0 or more",
            "max_value": "The size of change must be 4.0 or less",
            "max_decimal_places": "The size of change can have one number after the point",
            "max_digits": "The size of change must be 4.0 or less",
            "max_whole_digits": "The size of change must be 4.0 or less",
        },
    )
    change_days = whole_number(
        "Days in a row",
        services.CHANGE_DAYS,
        what="the number of days in a row",
        unit="days",
        hint="For how many days in a row the change must last before it raises an alert, "
        "from 2 to 14.",
    )
    missed_in_a_row = whole_number(
        "Missed check-ins in a row",
        services.MISSED_IN_A_ROW,
        what="the number of missed check-ins",
        unit="check-ins",
        hint="How many agreed check-ins missed in a row raise an alert, from 0 to 30. "
        "0 turns this alert off.",
    )

    def __init__(self, *args: Any, clinicians: list[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        duty = self.fields["duty_clinician"]
        assert isinstance(duty, forms.ChoiceField)
        duty.choices = [(NO_DUTY, "Nobody: tell the managers")] + [
            (str(s.pk), str(s.user)) for s in clinicians
        ]
        self.clinicians = {str(s.pk): s for s in clinicians}

    def chosen_duty(self) -> StaffMember | None:
        return self.clinicians.get(self.cleaned_data.get("duty_clinician") or NO_DUTY)

    def threshold(self) -> Decimal:
        return Decimal(self.cleaned_data["change_threshold"])

"""The forms for the service administrator's retention periods (ADR 0057) and a
person's date of death."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.operations.deaths import REASON_MAX
from tandem.operations.retention import (
    AFTER_DEATH,
    CALL_METADATA,
    DELIVERY_LOG,
    FEEDBACK,
    PERIODS,
    RECORD,
)
from tandem.web.forms import DateInputField, FreeTextField, whole_number


def _years(label: str, kind: str, *, what: str, hint: str) -> forms.IntegerField:
    return whole_number(label, PERIODS[kind][2], what=f"the years {what}", hint=hint)


class RetentionForm(forms.Form):
    years_after_last_contact = _years(
        "Years after last contact",
        RECORD,
        what="after last contact",
        hint="At least 20, the Code's minimum for mental health records.",
    )
    years_after_death = _years(
        "Years after death, if that is sooner",
        AFTER_DEATH,
        what="after death",
        hint="At least 8, the Code's minimum.",
    )
    delivery_log_years = _years(
        "Years to keep the log of letters, emails and texts sent",
        DELIVERY_LOG,
        what="for letters, emails and texts",
        hint="1 to 20. Counted from when each was queued.",
    )
    call_metadata_years = _years(
        "Years to keep video call connection measurements",
        CALL_METADATA,
        what="for call measurements",
        hint="1 to 20. Time to connect and packet loss, never what was said.",
    )
    feedback_years = _years(
        "Years to keep answers to the feedback form",
        FEEDBACK,
        what="for feedback answers",
        hint="1 to 20. Counted from the month of the contact each answer is about.",
    )

    def years(self) -> dict[str, int]:
        return {kind: self.cleaned_data[column] for kind, (column, _, _) in PERIODS.items()}


def _reason_field(label: str, *, doing: str) -> FreeTextField:
    return FreeTextField(
        label=label,
        max_length=REASON_MAX,
        help_text="For example, recorded against the wrong person, or the wrong date was given.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": f"Enter why you are {doing} the date of death",
            "max_length": f"The reason must be {REASON_MAX} characters or fewer",
        },
    )


class DateOfDeathForm(forms.Form):
    """The date a person died; a correction also asks why (HAZ-323)."""

    died_on = DateInputField(
        label="Date of death",
        help_text="For example, 15 3 2026",
        error_messages={"required": "Enter the date of death"},
    )

    def __init__(self, *args: Any, correcting: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if correcting:
            self.fields["reason"] = _reason_field("Why are you correcting it?", doing="correcting")


class RemoveDateOfDeathForm(forms.Form):
    reason = _reason_field("Why are you removing it?", doing="removing")

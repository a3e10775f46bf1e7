"""The form for the service administrator's retention periods (ADR 0057)."""

from __future__ import annotations

from django import forms

from tandem.operations.retention import (
    AFTER_DEATH,
    CALL_METADATA,
    DELIVERY_LOG,
    FEEDBACK,
    PERIODS,
    RECORD,
)


def _years(label: str, kind: str, *, what: str, hint: str) -> forms.IntegerField:
    low, high = PERIODS[kind][2]
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=low,
        max_value=high,
        error_messages={
            "required": f"Enter the years {what}",
            "invalid": f"Enter the years {what} as a whole number, like {low}",
            "min_value": f"The years {what} must be {low} or more",
            "max_value": f"The years {what} must be {high} or fewer",
        },
    )


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

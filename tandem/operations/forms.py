"""The form for the service administrator's retention periods (ADR 0057)."""

from __future__ import annotations

from django import forms

from tandem.operations.retention import AFTER_DEATH, CALL_METADATA, DELIVERY_LOG, PERIODS, RECORD
from tandem.web.forms import whole_number


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

    def years(self) -> dict[str, int]:
        return {kind: self.cleaned_data[column] for kind, (column, _, _) in PERIODS.items()}

"""Forms for safety plans. Messages say what went wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.people.forms import CrisisContactsForm
from tandem.safety.models import MAX_REVIEW_NOTE, MAX_SECTION, SECTIONS
from tandem.safety.services import LONGEST_REVIEW_GAP
from tandem.web.forms import DateInputField, FreeTextField


def section_field(label: str, hint: str) -> FreeTextField:
    return FreeTextField(
        label=label,
        help_text=hint,
        max_length=MAX_SECTION,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"{label} must be {MAX_SECTION:,} characters or fewer"},
    )


class PlanForm(forms.Form):
    """The six parts of the plan on one page, and the version the writer started from."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section.key] = section_field(section.heading, section.hint)
        # Last, so a form-wide error links to the first part of the plan.
        self.fields["based_on"] = forms.IntegerField(
            min_value=0, required=False, widget=forms.HiddenInput
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(s.key) for s in SECTIONS):
            raise ValidationError("Write something in at least one part of the plan")
        return data

    def sections(self) -> dict[str, str]:
        return {s.key: self.cleaned_data.get(s.key) or "" for s in SECTIONS}

    def based_on(self) -> int:
        value = self.cleaned_data.get("based_on")
        return int(value) if value is not None else 0


class ReviewForm(forms.Form):
    next_review_on = DateInputField(
        label="When should the plan be reviewed next?",
        help_text="For example, 27 3 2026. We suggest three months from now.",
        error_messages={"required": "Enter the date of the next review"},
    )
    note = FreeTextField(
        label="Notes about the review (optional)",
        help_text="Shown with the plan's history. Do not include anything the person has not seen.",
        max_length=MAX_REVIEW_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Notes must be {MAX_REVIEW_NOTE} characters or fewer",
        },
    )

    def clean_next_review_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["next_review_on"]
        today = timezone.localdate()
        if value <= today:
            raise ValidationError("The date of the next review must be in the future")
        if value > today + LONGEST_REVIEW_GAP:
            raise ValidationError("The date of the next review must be within a year")
        return value


class TeamCrisisContactsForm(CrisisContactsForm):
    """As the service-wide form, but a team may list none of its own: its people
    then see the service's contacts only."""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            if self.errors:
                raise
            self.contacts = []
            return self.cleaned_data

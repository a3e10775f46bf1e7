"""Forms for managers changing guidance, validated before any service is called."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from tandem.guidance.models import REASON_MAX_LENGTH, SOURCE_MAX_LENGTH, Level
from tandem.guidance.services import BODY_MAX_LENGTH, TITLE_MAX_LENGTH
from tandem.preferences.codes import Modality
from tandem.web.forms import DateInputField, FreeTextField


class CellForm(forms.Form):
    level = forms.ChoiceField(
        label="Level of advice",
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a level of advice",
            "invalid_choice": "Choose a level of advice from the list",
        },
    )
    reason = FreeTextField(
        label="Reason staff will see",
        help_text=f"Plain English, up to {REASON_MAX_LENGTH} characters.",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the reason staff will see",
            "max_length": f"Reason must be {REASON_MAX_LENGTH} characters or fewer",
        },
    )

    source = forms.CharField(
        label="Source",
        help_text="A study, a national guideline, or 'Local decision'.",
        max_length=SOURCE_MAX_LENGTH,
        error_messages={
            "required": "Enter where this advice comes from, or 'Local decision'",
            "max_length": f"Source must be {SOURCE_MAX_LENGTH} characters or fewer",
        },
    )

    def __init__(self, *args: Any, modality: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.modality = modality
        if modality == Modality.FACE_TO_FACE:
            # Face to face must always be offered: the form does not offer 'not advised'.
            level = self.fields["level"]
            assert isinstance(level, forms.ChoiceField)
            level.choices = [c for c in Level.choices if c[0] != Level.NOT_ADVISED]
            level.error_messages["invalid_choice"] = (
                "Face to face cannot be 'not advised': it must always be offered"
            )


class PageForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "required": "Enter a title",
            "max_length": f"Title must be {TITLE_MAX_LENGTH} characters or fewer",
        },
    )
    body = FreeTextField(
        label="Text",
        help_text="Plain text. Leave a blank line between paragraphs.",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={
            "required": "Enter the text of the page",
            "max_length": f"Text must be {BODY_MAX_LENGTH:,} characters or fewer",
        },
    )
    review_by = DateInputField(
        label="Review by",
        help_text="For example, 1 3 2027",
        error_messages={"required": "Enter the date this page should be reviewed by"},
    )

    def clean_review_by(self) -> dt.date:
        value: dt.date = self.cleaned_data["review_by"]
        if value < dt.date.today():
            raise forms.ValidationError("Review date must be today or in the future")
        return value

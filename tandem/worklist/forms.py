from __future__ import annotations

from django import forms

from tandem.web.forms import FreeTextField


class CloseWorkItemForm(forms.Form):
    outcome = FreeTextField(
        label="What you did",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Colleagues and managers read this. Say what you did and what happens next.",
        error_messages={
            "required": "Say what you did",
            "max_length": "What you did must be 1000 characters or fewer",
        },
    )

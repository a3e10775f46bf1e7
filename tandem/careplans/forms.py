"""Forms for care plans. Messages say what went wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from tandem.careplans.models import (
    FIELD_KEYS,
    MAX_COMMENT,
    MAX_PART,
    MAX_REASON,
    MAX_WHEN,
    PART_KEYS,
    PARTS,
    Part,
)
from tandem.careplans.services import LONGEST_REVIEW_GAP
from tandem.translations.filled import filled
from tandem.web.forms import DateInputField, FreeTextField, radios, text_field


def part_field(part: Part) -> FreeTextField:
    # The label and hint read in the page's language; the message built from
    # the heading stays English (form errors built from pieces, issue 27).
    return FreeTextField(
        label=part.heading_text,
        help_text=part.hint_text,
        max_length=MAX_PART,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"{part.heading} must be {MAX_PART:,} characters or fewer"},
    )


class PlanForm(forms.Form):
    """Every part of the plan on one page, the review date, and the version the
    writer started from."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part in PARTS:
            self.fields[part.key] = part_field(part)
            if part.when_key:
                self.fields[part.when_key] = text_field(
                    part.when_label_text,
                    max_length=MAX_WHEN,
                    named=part.when_label,
                    help_text=_("For example, 'every Tuesday' or 'by the end of March'."),
                )
        self.fields["review_on"] = DateInputField(
            label=_("When will we look at the plan again together?"),
            help_text=filled(
                _("For example, %(example)s. We suggest six months from now."), example="27 3 2027"
            ),
            error_messages={"required": _("Enter the date of the review")},
        )
        # Last, so a form-wide error links to the first part of the plan.
        self.fields["based_on"] = forms.IntegerField(
            min_value=0, required=False, widget=forms.HiddenInput
        )

    def clean_review_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["review_on"]
        today = timezone.localdate()
        if value <= today:
            raise ValidationError(_("The date of the review must be in the future"))
        if value > today + LONGEST_REVIEW_GAP:
            raise ValidationError(_("The date of the review must be within a year"))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(k) for k in PART_KEYS):
            raise ValidationError(_("Write something in at least one part of the plan"))
        return data

    def parts(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(k) or "" for k in FIELD_KEYS}

    def based_on(self) -> int:
        value = self.cleaned_data.get("based_on")
        return int(value) if value is not None else 0


class AgreementForm(forms.Form):
    agreed = radios(
        _("Do you agree with this plan?"),
        [("yes", _("Yes, I agree with it")), ("no", _("No, I do not agree with it"))],
        what="whether you agree with the plan",
        error_messages={
            "required": _("Select whether you agree with the plan"),
            "invalid_choice": _("Select whether you agree with the plan from the list"),
        },
    )
    reason = text_field(
        _("If you do not agree, say why"),
        max_length=MAX_REASON,
        named="Your reason",
        help_text=_("Your care team will read this and talk it through with you."),
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agreed") == "no" and not data.get("reason"):
            self.add_error("reason", _("Say why you do not agree, so your care team can change it"))
        return data


class StaffAgreementForm(forms.Form):
    """A member of staff records the person's answer on their behalf."""

    agreed = radios(
        "What did they say?",
        [
            ("yes", "They agreed with this version of the plan"),
            ("no", "They did not agree with it"),
        ],
        what="whether they agreed with the plan",
    )
    said_on = DateInputField(
        label="When did they say it?",
        help_text="For example, 27 3 2027. It must be on or after the day this version was saved.",
        error_messages={"required": "Enter the day they said it"},
    )
    reason = text_field(
        "If they did not agree, say why, in their words",
        max_length=MAX_REASON,
        named="The reason",
        help_text="Their care team will talk it through with them and change the plan.",
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agreed") == "no" and not data.get("reason"):
            self.add_error("reason", "Say why they do not agree, so the plan can be changed")
        return data


class CommentForm(forms.Form):
    text = text_field(
        gettext_lazy("Your comment"),
        max_length=MAX_COMMENT,
        what="your comment",
        named="Your comment",
        required=True,
        help_text=gettext_lazy(
            "Your care team reads comments in working hours. It is not watched around the clock."
        ),
    )

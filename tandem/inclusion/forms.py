"""Forms for digital inclusion. Messages follow the NHS design system: say
what went wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.inclusion.models import (
    MAX_FREE_TEXT,
    ChangeOutcome,
    DeviceType,
    HelpKind,
    HelpTopic,
)
from tandem.inclusion.services import LoanDetails
from tandem.preferences.codes import Channel, ContactKind, Modality
from tandem.preferences.forms import translated
from tandem.web.forms import DateInputField, radios, text_field

GENERAL = "general"
"""The form's value for 'care in general'; stored as a blank contact kind."""


free_text = partial(text_field, max_length=MAX_FREE_TEXT, textarea_over=100)


def date_field(label: str, hint: str) -> DateInputField:
    return DateInputField(
        label=label, help_text=hint, required=False, error_messages={"required": f"Enter {label}"}
    )


class HelpRequestForm(forms.Form):
    topic = radios(
        _("What do you need help with?"),
        translated(HelpTopic.choices),
        what="what you need help with",
        error_messages={"required": _("Select what you need help with")},
    )
    details = free_text(
        _("Tell us more (optional)"),
        what="more details",
        help_text=_(
            "For example, what happens when you try. Do not include anything urgent: "
            "this is not read around the clock."
        ),
    )
    contact_by = radios(
        _("How would you like us to contact you about this?"),
        translated(Channel.choices),
        what="how you would like us to contact you",
        error_messages={"required": _("Select how you would like us to contact you")},
    )


class RecordHelpForm(forms.Form):
    kind = radios("What help was given?", HelpKind.choices, what="what help was given")
    notes = free_text("Notes", what="notes")
    data_amount = free_text(
        "Data top-up amount",
        what="the data top-up amount",
        max_length=100,
        help_text="Only for a data top-up. For example, 10GB or £10 voucher",
    )
    asset_tag = free_text(
        "Asset tag", what="the asset tag", max_length=40, help_text="Only for a device loan"
    )
    device_type = radios(
        "Device type",
        [("", "Choose a device type"), *DeviceType.choices],
        what="the device type",
        required=False,
    )
    lent_on = date_field("Date lent", "Only for a device loan. For example, 21 11 2026")
    return_due = date_field("Return due date", "Only for a device loan. For example, 21 2 2027")

    LOAN_FIELDS = ("asset_tag", "device_type", "lent_on", "return_due")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device_type"].widget = forms.Select()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == HelpKind.DEVICE_LOAN:
            messages = {
                "asset_tag": "Enter the asset tag",
                "device_type": "Select the device type",
                "lent_on": "Enter the date the device was lent",
                "return_due": "Enter the date the device is due back",
            }
            for name, message in messages.items():
                if name not in self.errors and not data.get(name):
                    self.add_error(name, message)
            lent, due = data.get("lent_on"), data.get("return_due")
            if lent and due and due < lent:
                self.add_error("return_due", "Return due date must be on or after the date lent")
        elif data.get("kind"):
            for name in self.LOAN_FIELDS:
                if data.get(name) and name not in self.errors:
                    self.add_error(name, "Leave this blank unless the help was a device loan")
        return data

    def loan(self) -> LoanDetails | None:
        data = self.cleaned_data
        if data["kind"] != HelpKind.DEVICE_LOAN:
            return None
        return LoanDetails(
            asset_tag=data["asset_tag"],
            device_type=data["device_type"],
            lent_on=data["lent_on"],
            return_due=data["return_due"],
        )


class CloseHelpForm(forms.Form):
    outcome = free_text(
        "What happened",
        what="what happened",
        required=True,
        help_text="The person will read this. Write it for them, in plain English.",
    )


class LoanReturnForm(forms.Form):
    returned_on = DateInputField(
        label="Date returned",
        help_text="For example, 21 11 2026",
        error_messages={"required": "Enter the date the device was returned"},
    )

    def __init__(self, *args: Any, lent_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lent_on = lent_on

    def clean_returned_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["returned_on"]
        if value < self.lent_on:
            raise forms.ValidationError("Date returned must be on or after the date lent")
        if value > timezone.localdate():
            raise forms.ValidationError("Date returned must be today or in the past")
        return value


class ChangeRequestForm(forms.Form):
    contact_kind = radios(
        _("What is the change for?"),
        [(GENERAL, _("My care in general")), *translated(ContactKind.choices)],
        what="what the change is for",
        error_messages={"required": _("Select what the change is for")},
    )
    modality = radios(
        _("How would you like to be seen?"),
        translated(Modality.choices),
        what="how you would like to be seen",
        error_messages={"required": _("Select how you would like to be seen")},
    )
    reason = free_text(_("Why would you like this change? (optional)"), what="why")

    def clean_contact_kind(self) -> str:
        value: str = self.cleaned_data["contact_kind"]
        return "" if value == GENERAL else value

    def __init__(self, *args: Any, on_behalf: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if on_behalf:
            self.fields["modality"].label = "How would they like to be seen?"
            self.fields["modality"].error_messages["required"] = (
                "Select how they would like to be seen"
            )
            self.fields["contact_kind"].choices = [  # type: ignore[attr-defined]
                (GENERAL, "Their care in general"),
                *ContactKind.choices,
            ]
            self.fields["reason"].label = "Why would they like this change? (optional)"


class ChangeOutcomeForm(forms.Form):
    outcome = radios("Outcome", ChangeOutcome.choices, what="the outcome")
    reason = free_text(
        "Reason",
        what="the reason",
        help_text="The person will read this. Needed if the change is not agreed.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("outcome") == ChangeOutcome.NOT_AGREED
            and not data.get("reason", "").strip()
            and "reason" not in self.errors
        ):
            self.add_error("reason", "Enter the reason the change is not agreed")
        return data

"""Forms for video consultations, drawn with the NHS design system's macros."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tandem.consult.models import (
    MAX_NAME,
    MAX_OTHERS,
    MAX_PHONE_WORDS,
    MAX_PLACE,
    Private,
    SignalControl,
)
from tandem.people.validators import normalise_phone
from tandem.web.forms import FreeTextField, radios


class FallbackForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone number"),
        help_text=_("If the video stops working, your clinician will ring you on this number."),
        max_length=30,
        error_messages={"required": "Enter the phone number we can ring you on"},
    )

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from exc


class SafetyCheckForm(forms.Form):
    identity_confirmed = forms.BooleanField(
        label="I have confirmed who I am speaking to",
        error_messages={"required": "Confirm who you are speaking to before you go on"},
    )
    location = forms.CharField(
        label="Where are they now?",
        help_text="The address, so help can be sent in an emergency.",
        max_length=MAX_PLACE,
        error_messages={
            "required": "Enter where they are now",
            "max_length": f"Where they are must be {MAX_PLACE} characters or fewer",
        },
    )
    others_present = forms.CharField(
        label="Who else is with them? (optional)",
        max_length=MAX_OTHERS,
        required=False,
        error_messages={
            "max_length": f"Who else is there must be {MAX_OTHERS} characters or fewer"
        },
    )
    private_and_safe = radios(
        "Is it private and safe for them to talk?",
        Private.choices,
        what="whether it is private and safe to talk",
    )


CHANNELS = (("sms", "Text message"), ("email", "Email"))


class InviteForm(forms.Form):
    who = radios("Who are you inviting?", (), what="who you are inviting")
    channel = radios("How should we send the link?", CHANNELS, what="how to send the link")
    interpreter_name = forms.CharField(
        label="Interpreter's name", max_length=MAX_NAME, required=False
    )
    address = forms.CharField(
        label="Interpreter's mobile number or email address",
        max_length=254,
        required=False,
    )

    def __init__(self, *args: object, carers: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        who = self.fields["who"]
        assert isinstance(who, forms.ChoiceField)
        who.choices = [*carers, ("interpreter", "An interpreter")]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("who") == "interpreter":
            if not (cleaned.get("interpreter_name") or "").strip():
                self.add_error("interpreter_name", "Enter the interpreter's name")
            if not (cleaned.get("address") or "").strip():
                self.add_error("address", "Enter the interpreter's mobile number or email address")
        return cleaned


class SwitchForm(forms.Form):
    notes = FreeTextField(
        label="Anything to add? (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgreeSignalForm(forms.Form):
    control = radios(
        "Which control on the video call page will mean 'I can't talk freely'?",
        SignalControl.choices,
        what="the control on the video call page",
    )
    phone_words = forms.CharField(
        label="Words that will mean it on the phone (optional)",
        help_text="Something ordinary they could say with someone listening, "
        "like 'Is it still raining there?'",
        max_length=MAX_PHONE_WORDS,
        required=False,
        error_messages={
            "max_length": f"The words for the phone must be {MAX_PHONE_WORDS} characters or fewer"
        },
    )
    agreed_with_them = forms.BooleanField(
        label="I agreed this with them, somewhere they could talk freely",
        error_messages={"required": "Confirm you agreed this with them"},
    )

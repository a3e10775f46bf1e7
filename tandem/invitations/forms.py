"""Forms for invitations and contact changes. The date-of-birth form and the
password rules are the ones the rest of Tandem uses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tandem.appointments.forms_person import WRONG_DATE_OF_BIRTH, DateOfBirthForm
from tandem.carers.forms import NewAccountForm, email_field
from tandem.invitations.models import MAX_REASON, Channel, ContactKind
from tandem.people.validators import normalise_phone
from tandem.translations.filled import filled
from tandem.web.forms import FreeTextField, radios

__all__ = ["WRONG_DATE_OF_BIRTH", "DateOfBirthForm"]


class InviteForm(forms.Form):
    channel = radios(
        "How should we send the invitation?",
        Channel.choices,
        what="how to send the invitation",
        help_text="A letter holds a short code to type, for people with no email or mobile.",
    )
    reason = FreeTextField(
        label="Why do they need a new invitation?",
        help_text="For example, a new phone or a lost email address.",
        max_length=MAX_REASON,
        required=False,
        error_messages={"max_length": f"Reason must be {MAX_REASON} characters or fewer"},
    )

    def __init__(self, *args: Any, has_account: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_account:
            # Only a person who already has an account needs a recorded reason.
            del self.fields["reason"]


class ConfirmForm(forms.Form):
    """A button and nothing else: the page says what will happen."""


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your letter"),
        help_text=filled(_("%(count)s letters and numbers, like ABCD EFGH JKMN"), count=12),
        max_length=40,
        error_messages={
            "required": _("Enter the code from your letter"),
            # Django fills in %(limit_value)s.
            "max_length": _("Code must be %(limit_value)s characters or fewer"),
        },
    )


class PasswordForm(NewAccountForm):
    """Choosing a password (the project's rules, AUTH_PASSWORD_VALIDATORS) and the
    email address to sign in with. Their name is known, so it is not asked."""

    def __init__(self, *args: Any, full_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["full_name"]
        self.person_name = full_name

    def clean(self) -> dict[str, Any]:
        # The password must not look like the person's name either.
        self.cleaned_data.setdefault("full_name", self.person_name)
        return super().clean()


class ContactChangeForm(forms.Form):
    kind = radios(
        _("What do you want to change?"),
        ContactKind.choices,
        what="what to change",
        error_messages={"required": _("Select what to change")},
    )
    new_value = forms.CharField(
        label=_("Your new email address or mobile number"),
        help_text=_("We will send a code to it. Nothing changes until you type the code in."),
        max_length=254,
        error_messages={
            "required": _("Enter your new email address or mobile number"),
            "max_length": _("This must be %(limit_value)s characters or fewer"),
        },
    )
    password = forms.CharField(
        label=_("Your password"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": _("Enter your password")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, value = data.get("kind"), data.get("new_value")
        if kind and value:
            try:
                if kind == ContactKind.EMAIL:
                    data["new_value"] = email_field().clean(value)
                else:
                    data["new_value"] = normalise_phone(value)
            except ValidationError as error:
                self.add_error("new_value", error)
        return data


class CheckCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        help_text=filled(
            _("The %(count)s numbers in the message we sent to your new details"), count=6
        ),
        max_length=12,
        error_messages={
            "required": _("Enter the code"),
            "max_length": filled(_("The code is %(count)s numbers"), count=6),
        },
    )

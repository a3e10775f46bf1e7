"""Forms for carers and family. Messages follow the NHS design system: say what
went wrong and how to fix it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from tandem.carers.from_carers import ContactChoices, ViewDetails
from tandem.carers.invitations import CarerDetails
from tandem.carers.models import MAX_NOTE, MAX_VIEW_TEXT, InviteChannel
from tandem.people.models import CarerBasis, CarerLink, User
from tandem.people.validators import normalise_phone
from tandem.translations.filled import filled
from tandem.web.forms import password_field, radios, text_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What each scope lets a carer do, in the words the person choosing reads.
# Marked here, translated as the page is drawn (SCOPE_HINTS); staff pages read
# English, in their own words (SCOPE_HINTS_STAFF).
_SCOPE_HINTS = {
    "can_see_appointments": N_(
        "They can see the date, time and place of your appointments, not what they are about."
    ),
    "can_get_reminders": N_("They get a text or email before your appointments."),
    "can_join_video": N_("They can join your video appointments with you."),
    "can_message_team": N_(
        "They can write to your care team about you, in their own conversations, and read "
        "the team's replies to them."
    ),
    "can_give_views": N_(
        "They can tell your care team what they have noticed before an assessment or review."
    ),
    "can_see_safety_plan": N_(
        "They can read your safety plan, so they know how to help if things get difficult."
    ),
    "can_see_messages": N_("They can read your own messages with your care team."),
    "can_see_diary": N_("They can read your diary and its charts, but not change them."),
    "can_see_support": N_(
        "They can see the services and apps your team recommended to you, but not your "
        "team's notes about them."
    ),
    "can_see_care_plan": N_(
        "They can read your care plan, including what it says they will do, but not change it."
    ),
}
SCOPE_HINTS = {name: _(hint) for name, hint in _SCOPE_HINTS.items()}
SCOPE_HINTS_STAFF = {
    name: hint.replace("your ", "the person's ").replace("you", "the person")
    for name, hint in _SCOPE_HINTS.items()
}


# Up to 100 characters unless a field says otherwise.
text = partial(text_field, max_length=100)


def scopes_field(label: StrOrPromise, hint: StrOrPromise) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=hint,
        # Each label in the reader's language, looked up as the page is drawn.
        choices=[(name, _(label)) for name, label in CarerLink.SCOPES.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select what to share from the list")},
    )


EMAIL_ADDRESS = _("Email address")
PHONE_TOO_LONG = filled(_("The mobile phone number must be %(most)s characters or fewer"), most=30)


def email_field(label: Any = EMAIL_ADDRESS, **kw: Any) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=254,
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            # Django fills in %(limit_value)s.
            "max_length": _("Email address must be %(limit_value)s characters or fewer"),
        },
        **kw,
    )


def clean_phone_value(raw: str) -> str:
    raw = (raw or "").strip()
    return normalise_phone(raw) if raw else ""


class CarerDetailsForm(forms.Form):
    given_name = text(
        _("First name"),
        what="their first name",
        required=True,
        error_messages={
            "required": _("Enter their first name"),
            "max_length": filled(
                _("Their first name must be %(most)s characters or fewer"), most=100
            ),
        },
    )
    family_name = text(
        _("Last name"),
        what="their last name",
        required=True,
        error_messages={
            "required": _("Enter their last name"),
            "max_length": filled(
                _("Their last name must be %(most)s characters or fewer"), most=100
            ),
        },
    )
    relationship = text(
        _("How are they related to you?"),
        what="how they are related to you",
        max_length=60,
        required=True,
        help_text=_("For example, partner, mum, son, friend or neighbour"),
        error_messages={
            "required": _("Enter how they are related to you"),
            "max_length": filled(
                _("How they are related to you must be %(most)s characters or fewer"), most=60
            ),
        },
    )
    email = email_field(required=False)
    phone = text(
        _("Mobile phone number"),
        what="a mobile phone number",
        max_length=30,
        help_text=_("The number to send texts to"),
        error_messages={"max_length": PHONE_TOO_LONG},
    )

    def clean_phone(self) -> str:
        return clean_phone_value(self.cleaned_data["phone"])

    def details(self) -> CarerDetails:
        data = self.cleaned_data
        return CarerDetails(
            given_name=data["given_name"],
            family_name=data["family_name"],
            email=data["email"] or "",
            phone=data["phone"],
        )

    def _need_address_for(self, channel: str) -> None:
        data = self.cleaned_data
        if channel == InviteChannel.EMAIL and not data.get("email") and not self.has_error("email"):
            self.add_error("email", _("Enter an email address to send the invitation by email"))
        if channel == InviteChannel.SMS and not data.get("phone") and not self.has_error("phone"):
            self.add_error("phone", _("Enter a mobile phone number to send the invitation by text"))


class InviteForm(CarerDetailsForm):
    sent_by = radios(
        _("How should we send the invitation?"),
        InviteChannel.choices,
        what="how to send the invitation",
        error_messages={
            "required": _("Select how to send the invitation"),
            "invalid_choice": _("Select how to send the invitation from the list"),
        },
    )
    scopes = scopes_field(
        _("What can they see and do?"),
        _("Choose what to share. You can change this or stop sharing at any time."),
    )

    field_order = (
        "given_name",
        "family_name",
        "relationship",
        "sent_by",
        "email",
        "phone",
        "scopes",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._need_address_for(data.get("sent_by", ""))
        return data


class ScopesForm(forms.Form):
    scopes = scopes_field(
        _("What can they see and do?"),
        _("Untick anything you no longer want to share. The change happens straight away."),
    )


class StaffScopesForm(forms.Form):
    scopes = scopes_field(
        "What can they see and do?", "The change happens straight away, and the carer is told."
    )
    note = text(
        "On what say-so are you changing this?",
        what="on what say-so you are changing this",
        max_length=MAX_NOTE,
        required=True,
        help_text="For example, 'Sam asked in clinic on 3 March'",
    )


class StaffWithdrawForm(forms.Form):
    note = text(
        "On what say-so are you withdrawing this?",
        what="on what say-so you are withdrawing this",
        max_length=MAX_NOTE,
        required=True,
        help_text="For example, 'Sam asked by phone on 3 March'",
    )


NO_INVITE = "none"


class StaffAddForm(CarerDetailsForm):
    relationship = text(
        "How are they related to the person?",
        what="how they are related to the person",
        max_length=60,
        required=True,
        help_text="For example, partner, mum, son, friend or neighbour",
    )
    scopes = scopes_field(
        "What can they see and do?", "Only what the person agreed to, or what the basis allows."
    )
    basis = radios(
        "Why is this carer involved?", CarerBasis.choices, what="why this carer is involved"
    )
    basis_note = text(
        "How the person consented, or the reasons for the legal basis",
        what="how the person consented, or the reasons for the legal basis",
        max_length=MAX_NOTE,
        required=True,
        help_text="For example, 'In person at clinic on 3 March', or the best interests "
        "decision and who took part",
    )
    send_invite_by = radios(
        "Invite them to make an account?",
        [*InviteChannel.choices, (NO_INVITE, "Not now")],
        what="whether to invite them to make an account",
    )

    field_order = (
        "given_name",
        "family_name",
        "relationship",
        "email",
        "phone",
        "scopes",
        "basis",
        "basis_note",
        "send_invite_by",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._need_address_for(data.get("send_invite_by", ""))
        return data

    @property
    def invite_channel(self) -> str:
        chosen = self.cleaned_data["send_invite_by"]
        return "" if chosen == NO_INVITE else str(chosen)


class NewAccountForm(forms.Form):
    full_name = text(
        _("Full name"),
        what="your full name",
        max_length=200,
        required=True,
        error_messages={
            "required": _("Enter your full name"),
            "max_length": filled(
                _("Your full name must be %(most)s characters or fewer"), most=200
            ),
        },
    )
    email = email_field(required=True, help_text=_("You will use this to sign in"))
    password = password_field(
        _("Create a password"),
        required=_("Enter a password"),
        help_text=filled(
            _("At least %(count)s characters. A few unrelated words are easy to remember."),
            count=12,
        ),
    )
    password_again = password_field(
        _("Type the password again"), required=_("Type the password again")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            probe = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                validate_password(password, user=probe)
            except ValidationError as error:
                self.add_error("password", error)
            else:
                if data.get("password_again") and data["password_again"] != password:
                    self.add_error("password_again", _("The passwords do not match"))
        return data

    def cleaned_data_for_account(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "email": data["email"],
            "password": data["password"],
        }


class CarerViewForm(forms.Form):
    about = text(
        _("What is this for?"),
        what="what this is for",
        max_length=200,
        required=True,
        error_messages={
            "required": _("Enter what this is for"),
            "max_length": filled(
                _("What this is for must be %(most)s characters or fewer"), most=200
            ),
        },
        help_text=filled(
            _("For example, 'Review on %(date)s' or 'Assessment next week'"), date="3 March"
        ),
    )
    what_noticed = text(
        _("What have you noticed?"),
        what="what you have noticed",
        max_length=MAX_VIEW_TEXT,
        required=True,
        error_messages={
            "required": _("Enter what you have noticed"),
            "max_length": filled(
                _("What you have noticed must be %(most)s characters or fewer"),
                most=MAX_VIEW_TEXT,
            ),
        },
        help_text=_(
            "For example, changes in sleep, mood, eating, or how they are getting on day to day"
        ),
    )
    worries = text(
        _("What worries you? (optional)"),
        what="what worries you",
        max_length=MAX_VIEW_TEXT,
        error_messages={
            "max_length": filled(
                _("What worries you must be %(most)s characters or fewer"), most=MAX_VIEW_TEXT
            )
        },
    )
    what_helps = text(
        _("What seems to help? (optional)"),
        what="what seems to help",
        max_length=MAX_VIEW_TEXT,
        error_messages={
            "max_length": filled(
                _("What seems to help must be %(most)s characters or fewer"),
                most=MAX_VIEW_TEXT,
            )
        },
    )

    def details(self) -> ViewDetails:
        return ViewDetails(**self.cleaned_data)


class PreferencesForm(forms.Form):
    email = email_field(required=False)
    phone = text(
        _("Mobile phone number"),
        what="a mobile phone number",
        max_length=30,
        error_messages={"max_length": PHONE_TOO_LONG},
    )
    by_email = forms.BooleanField(label=_("Email"), required=False)
    by_sms = forms.BooleanField(label=_("Text message"), required=False)
    preferred_channel = radios(
        _("Which do you prefer?"),
        InviteChannel.choices,
        what="which you prefer",
        error_messages={
            "required": _("Select which you prefer"),
            "invalid_choice": _("Select which you prefer from the list"),
        },
    )

    def clean_phone(self) -> str:
        return clean_phone_value(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("by_email") and not data.get("email") and not self.has_error("email"):
            self.add_error("email", _("Enter an email address to get emails"))
        if data.get("by_sms") and not data.get("phone") and not self.has_error("phone"):
            self.add_error("phone", _("Enter a mobile phone number to get texts"))
        preferred = data.get("preferred_channel")
        agreed = {"email": data.get("by_email"), "sms": data.get("by_sms")}
        if preferred and not agreed.get(preferred) and (data.get("by_email") or data.get("by_sms")):
            self.add_error("preferred_channel", _("Choose a way you have said we can contact you"))
        return data

    def choices(self) -> ContactChoices:
        data = self.cleaned_data
        return ContactChoices(
            email=data["email"] or "",
            phone=data["phone"],
            by_email=data["by_email"],
            by_sms=data["by_sms"],
            preferred_channel=data["preferred_channel"],
        )

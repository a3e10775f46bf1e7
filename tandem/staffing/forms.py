"""Forms for the service administrator's staff pages and the new member's password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.people.models import CareTeam
from tandem.staffing.services import REASON_MAX, ROLES_FOR_NEW_STAFF
from tandem.translations.filled import filled
from tandem.web.forms import DateInputField, FreeTextField, password_field, radios

MANAGER_CHOICES = [("no", "No, a clinician"), ("yes", "Yes, a team manager")]


def _teams_field(teams: list[CareTeam]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Teams",
        help_text="Select every team they work in",
        choices=[(str(team.pk), team.name) for team in teams],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one team",
            "invalid_choice": "Select teams from the list",
        },
    )


class TeamsForm(forms.Form):
    """Teams and whether a manager: the whole of 'moving team'."""

    def __init__(self, *args: Any, teams: list[CareTeam], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._teams = {str(team.pk): team for team in teams}
        self.fields["teams"] = _teams_field(teams)
        self.fields["manager"] = radios(
            "Are they a team manager in these teams?",
            MANAGER_CHOICES,
            what="whether they are a team manager",
        )

    def chosen_teams(self) -> list[CareTeam]:
        return [self._teams[pk] for pk in self.cleaned_data["teams"]]


class AddStaffForm(TeamsForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={
            "required": "Enter their full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        help_text=(
            "Their invitation is sent here. Check it with them: whoever reads it sets the password"
        ),
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    professional_role = forms.ChoiceField(
        label="Professional role",
        choices=[("", "Select a role"), *ROLES_FOR_NEW_STAFF],
        error_messages={
            "required": "Select their professional role",
            "invalid_choice": "Select their professional role from the list",
        },
    )
    field_order = ("full_name", "email", "professional_role", "teams", "manager")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)


class ResetAuthenticatorForm(forms.Form):
    reason = FreeTextField(
        label="Why are you resetting their authenticator app?",
        help_text=(
            "For example, 'New work phone, confirmed in person on 3 March'. "
            "Say how you checked it was them asking."
        ),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the authenticator app is being reset",
            "max_length": f"Reason must be {REASON_MAX} characters or fewer",
        },
    )


class EndAccountForm(forms.Form):
    leaves_on = DateInputField(
        label="Date the account ends",
        help_text="Their last working day, or a later date. For example, 27 3 2027",
        error_messages={"required": "Enter the date the account ends"},
    )


class SetPasswordForm(forms.Form):
    # Marked: a new member may open their link while signed in as a service user
    # or carer who reads another language.
    password = password_field(
        _("Create a password"),
        required=_("Enter a password"),
        help_text=filled(
            _("At least %(count)s characters. A few unrelated words together work well"),
            count=12,
        ),
    )
    password_again = password_field(
        _("Type your password again"), required=_("Type your password again")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, again = data.get("password"), data.get("password_again")
        if first and again and first != again:
            self.add_error("password_again", _("The passwords do not match"))
        return data


class CoordinatorForm(forms.Form):
    """A new care coordinator, from the team's members who are staying."""

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"] = radios(
            "Who will be their care coordinator?", choices, what="a care coordinator"
        )

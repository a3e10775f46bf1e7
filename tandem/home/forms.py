"""Forms for people's details. Validation messages follow the NHS design
system's error message guidance: say what went wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext

from tandem.people import codes
from tandem.people.services import PersonDetails
from tandem.people.validators import (
    normalise_nhs_number,
    normalise_phone,
    normalise_postcode,
    validate_date_of_birth,
)
from tandem.web.forms import DateInputField


def text(
    label: str, *, max_length: int = 100, required: bool = False, **kw: Any
) -> forms.CharField:
    lower = label[0].lower() + label[1:]
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": f"Enter {lower}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
        **kw,
    )


def choice(label: str, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        error_messages={
            "required": f"Select {label[0].lower() + label[1:]}",
            "invalid_choice": f"Select {label[0].lower() + label[1:]} from the list",  # noqa: S608
        },
    )


IMD_CHOICES = [("", "Not known")] + [
    (str(i), f"{i}" + (" (most deprived)" if i == 1 else " (least deprived)" if i == 10 else ""))
    for i in range(1, 11)
]


class PostcodeAndPronounsMixin(forms.Form):
    postcode = text("Postcode", max_length=10)
    pronouns = text(
        "Pronouns", max_length=40, help_text="For example, she/her, he/him or they/them"
    )

    def clean_postcode(self) -> str:
        raw = self.cleaned_data["postcode"].strip()
        return normalise_postcode(raw) if raw else ""


class ContactDetailsMixin(PostcodeAndPronounsMixin):
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    phone = text("Mobile or home phone number", max_length=30)

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        return normalise_phone(raw) if raw else ""


class ContactDetailsForm(PostcodeAndPronounsMixin):
    """What a service user may change about themselves without a code. Their
    email address and mobile number change only through a code sent to the
    new one (tandem.invitations, HAZ-168), so they are not fields here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The person's own form, so in their language (ADR 0061); staff's stay English.
        self.fields["postcode"].label = gettext("Postcode")
        self.fields["pronouns"].label = gettext("Pronouns")
        self.fields["pronouns"].help_text = gettext("For example, she/her, he/him or they/them")


class PersonForm(ContactDetailsMixin):
    """What staff record about a service user."""

    given_name = text("First name", required=True)
    family_name = text("Last name", required=True)
    preferred_name = text("Preferred name", help_text="What they like to be called, if different")
    nhs_number = text(
        "NHS number", max_length=20, help_text="Optional. A 10-digit number, like 485 777 3456"
    )
    date_of_birth = DateInputField(
        label="Date of birth",
        help_text="For example, 15 3 1984",
        error_messages={"required": "Enter date of birth"},
    )
    sex = choice("Sex", codes.Sex.choices)
    gender_identity = choice(
        "Gender identity", [("", "Not recorded"), *codes.GenderIdentity.choices], required=False
    )
    ethnicity = choice("Ethnicity", codes.EthnicCategory.choices)
    disability = choice("Disability", codes.Disability.choices)
    first_language = text("First language", max_length=60, required=True)
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    imd_decile = choice("Index of Multiple Deprivation decile", IMD_CHOICES, required=False)

    field_order = [
        "given_name",
        "family_name",
        "preferred_name",
        "pronouns",
        "nhs_number",
        "date_of_birth",
        "email",
        "phone",
        "postcode",
        "sex",
        "gender_identity",
        "ethnicity",
        "disability",
        "first_language",
        "interpreter_needed",
        "imd_decile",
    ]

    def clean_nhs_number(self) -> str | None:
        raw = self.cleaned_data["nhs_number"].strip()
        return normalise_nhs_number(raw) if raw else None

    def clean_date_of_birth(self) -> dt.date:
        value: dt.date = self.cleaned_data["date_of_birth"]
        validate_date_of_birth(value)
        return value

    def clean_imd_decile(self) -> int | None:
        raw = self.cleaned_data["imd_decile"]
        return int(raw) if raw else None

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(**{name: data[name] for name in PersonDetails.__dataclass_fields__})

    @classmethod
    def initial_from(cls, person: object) -> dict[str, object]:
        initial = {name: getattr(person, name) for name in PersonDetails.__dataclass_fields__}
        initial["imd_decile"] = "" if initial["imd_decile"] is None else str(initial["imd_decile"])
        initial["nhs_number"] = initial["nhs_number"] or ""
        return initial


class RegisterForm(PersonForm):
    team = forms.TypedChoiceField(
        label="Team",
        coerce=int,
        error_messages={"required": "Select a team", "invalid_choice": "Select a team you work in"},
    )
    care_coordinator = forms.TypedChoiceField(
        label="Care coordinator",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a care coordinator from the list"},
    )

    def __init__(
        self,
        *args: Any,
        teams: list[tuple[int, str]],
        coordinators: list[tuple[int, str, set[int]]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.coordinator_teams = {pk: team_ids for pk, _, team_ids in coordinators}
        self.fields["team"].choices = teams  # type: ignore[attr-defined]
        self.fields["care_coordinator"].choices = [  # type: ignore[attr-defined]
            ("", "Not yet allocated"),
            *[(pk, name) for pk, name, _ in coordinators],
        ]
        self.order_fields(["team", "care_coordinator", *self.field_order])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        coordinator, team = data.get("care_coordinator"), data.get("team")
        if coordinator and team and team not in self.coordinator_teams.get(coordinator, set()):
            self.add_error("care_coordinator", "Choose a care coordinator who works in that team")
        return data


MAX_CRISIS_CONTACTS = 6

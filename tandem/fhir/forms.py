"""The form a service administrator registers an API client with."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.fhir.models import RESOURCE_TYPES
from tandem.people.models import CareTeam
from tandem.web.forms import radios

WHAT = {
    "Patient": "People (Patient): name, NHS number, date of birth, contact details",
    "Appointment": "Appointments, with the way of contact and outcome",
    "Encounter": "Contacts that were held, with their outcome",
    "QuestionnaireResponse": "Questionnaires answered: each question and the answer chosen",
    "Observation": (
        "Questionnaire totals (PHQ-9, GAD-7 and others) and their bands, and diary items "
        "(mood, sleep, anxiety, medication) people share with their team; never diary notes"
    ),
    "CarePlan": "Safety plans, every version, with what the person wrote",
    "RelatedPerson": "Carers (RelatedPerson)",
    "Consent": "What each person agreed to share with their carers (Consent)",
    "Communication": "Letters, emails and texts sent: what about, never their wording",
}


class ClientForm(forms.Form):
    name = forms.CharField(
        label="Name of the system",
        max_length=120,
        help_text="For example 'North Trust EPR integration engine'",
        error_messages={"required": "Enter the name of the system"},
    )
    owner = forms.CharField(
        label="Owner",
        max_length=200,
        help_text="The organisation, and the person answerable for it",
        error_messages={"required": "Enter who owns the system"},
    )

    def __init__(self, *args: Any, teams: list[CareTeam], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._teams = {str(team.pk): team for team in teams}
        self.fields["teams"] = forms.MultipleChoiceField(
            label="Teams whose people it may see",
            help_text="It sees only people open to these teams, and only these teams' appointments",
            choices=[(str(team.pk), team.name) for team in teams],
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": "Select at least one team",
                "invalid_choice": "Select teams from the list",
            },
        )
        self.fields["resource_types"] = forms.MultipleChoiceField(
            label="What it may read",
            choices=[(kind, WHAT[kind]) for kind in RESOURCE_TYPES],
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": "Select at least one kind of record",
                "invalid_choice": "Select kinds of record from the list",
            },
        )
        self.fields["can_write"] = radios(
            "May it add and change people's details?",
            [("no", "No, read only"), ("yes", "Yes, matched by NHS number")],
            what="whether it may add and change people's details",
            initial="no",
        )

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "owner": data["owner"],
            "teams": [self._teams[pk] for pk in data["teams"]],
            "resource_types": list(data["resource_types"]),
            "can_write": data["can_write"] == "yes",
        }

"""Forms for answering a questionnaire, asking a person to fill one in, and
adding a service's own questionnaire."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from tandem.diary.models import Frequency
from tandem.measures import instruments
from tandem.measures.models import Instrument
from tandem.measures.queries import WEEKDAY_NAMES
from tandem.measures.services import LICENCE_NOTE_MAX
from tandem.people.models import CareTeam
from tandem.web.forms import radios

DEFINITION_MAX = 100_000
FIELD_PREFIX = "item-"


class AnswersForm(forms.Form):
    """One radio group per question. ``require_all``: the person answering for
    themselves answers every scored question; staff in a session may leave one
    blank when the person chooses not to answer it (the result is then
    'incomplete')."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        definition: instruments.Definition,
        require_all: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "initial", {"submission_key": uuid.uuid4(), "version": definition.version}
        )
        super().__init__(*args, **kwargs)
        self.definition = definition
        for item in definition.items:
            question = f"question {item.number}"
            self.fields[FIELD_PREFIX + item.key] = radios(
                f"{item.number}. {item.text}",
                [(str(o.value), o.label) for o in item.options],
                what=f"an answer to {question}",
                required=require_all and item.scored,
                # The questions stay in their published English; the page's own
                # words, this message among them, are in the reader's language.
                error_messages={
                    "required": gettext("Select an answer to question %(number)s")
                    % {"number": item.number},
                    "invalid_choice": gettext(
                        "Select an answer to question %(number)s from the list"
                    )
                    % {"number": item.number},
                },
            )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[FIELD_PREFIX + item.key] for item in self.definition.items]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The hidden fields are checked here, so the message is for the whole
        # form rather than for an input nobody can see.
        self.errors.pop("submission_key", None)
        self.errors.pop("version", None)
        if not isinstance(cleaned.get("submission_key"), uuid.UUID):
            raise ValidationError("This form is out of date. Answer the questions again.")
        if cleaned.get("version") != self.definition.version:
            raise ValidationError(
                "This questionnaire changed while it was open. Answer the questions again."
            )
        return cleaned

    def answers(self) -> dict[str, int | None]:
        found: dict[str, int | None] = {}
        for item in self.definition.items:
            raw = self.cleaned_data.get(FIELD_PREFIX + item.key)
            found[item.key] = int(raw) if raw else None
        return found


class ScheduleForm(forms.Form):
    instrument = forms.ChoiceField(label="Which questionnaire?", widget=forms.RadioSelect)
    frequency = radios("How often?", Frequency.choices, what="how often")
    weekdays = forms.MultipleChoiceField(
        label="On which days?",
        choices=[(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only if you chose 'On chosen days of the week'",
    )
    remind_at = forms.TimeField(
        label="Reminder time (optional)",
        required=False,
        help_text="Use the 24-hour clock, for example 18:00. Leave empty for no reminder.",
        error_messages={"invalid": "Enter a time like 18:00"},
    )
    team = forms.ChoiceField(label="Answers go to", widget=forms.RadioSelect)

    def __init__(
        self, *args: Any, choices: list[Instrument], teams: list[CareTeam], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        instrument = self.fields["instrument"]
        assert isinstance(instrument, forms.ChoiceField)
        instrument.choices = [(str(i.pk), f"{i.short_title}: {i.title}") for i in choices]
        instrument.error_messages = {
            "required": "Select which questionnaire",
            "invalid_choice": "Select which questionnaire from the list",
        }
        team = self.fields["team"]
        assert isinstance(team, forms.ChoiceField)
        team.choices = [(str(t.pk), t.name) for t in teams]
        team.error_messages = {
            "required": "Select which team the answers go to",
            "invalid_choice": "Select which team the answers go to from the list",
        }
        if len(teams) == 1:
            team.initial = str(teams[0].pk)
            team.widget = forms.HiddenInput()
        self.instruments = {str(i.pk): i for i in choices}
        self.teams = {str(t.pk): t for t in teams}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("frequency") == Frequency.WEEKLY and not cleaned.get("weekdays"):
            self.add_error("weekdays", "Select at least one day of the week")
        return cleaned

    def chosen_instrument(self) -> Instrument:
        return self.instruments[self.cleaned_data["instrument"]]

    def chosen_team(self) -> CareTeam:
        return self.teams[self.cleaned_data["team"]]

    def chosen_weekdays(self) -> list[int]:
        return [int(d) for d in self.cleaned_data.get("weekdays") or []]

    def chosen_time(self) -> dt.time | None:
        value = self.cleaned_data.get("remind_at")
        return value if isinstance(value, dt.time) else None


class InstrumentForm(forms.Form):
    definition = forms.CharField(
        label="The questionnaire, as JSON",
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        max_length=DEFINITION_MAX,
        help_text="Paste the definition. It is checked before anything is saved.",
        error_messages={
            "required": "Paste the questionnaire's definition",
            "max_length": f"The definition must be {DEFINITION_MAX:,} characters or fewer",
        },
    )
    licence_note = forms.CharField(
        label="Licence",
        max_length=LICENCE_NOTE_MAX,
        help_text="Who holds the copyright, and the licence that lets your service use it.",
        error_messages={
            "required": "Say who holds the licence and that your service may use it",
            "max_length": f"The licence note must be {LICENCE_NOTE_MAX} characters or fewer",
        },
    )

    def clean_definition(self) -> dict[str, Any]:
        text = self.cleaned_data["definition"]
        try:
            _, data = instruments.parse_text(text)
        except instruments.InvalidDefinition as exc:
            raise ValidationError(exc.problems) from exc
        return dict(data)

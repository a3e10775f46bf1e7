"""Forms for recording what was done about a flag and for the phrase list."""

from __future__ import annotations

from django import forms

from tandem.people.models import CareTeam
from tandem.warnings.models import (
    CATEGORY_CHOICES,
    NOTE_MAX,
    PHRASE_MAX,
    REASON_MAX,
    FlagAction,
    PhraseKind,
)
from tandem.web.forms import FreeTextField, radios

EVERY_TEAM = "all"


def _text(
    label: str, limit: int, what: str, *, rows: int = 0, help_text: str = ""
) -> FreeTextField:
    return FreeTextField(
        label=label,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be {limit:,} characters or fewer",
        },
    )


class RecordForm(forms.Form):
    action = radios("What did you do?", FlagAction.choices, what="what you did")
    note = _text(
        "Note",
        NOTE_MAX,
        "a note about what you did",
        rows=4,
        help_text="What you did or decided, and why. For a false flag, say why the words did "
        "not mean someone needed help: this helps the service review its list.",
    )


class PhraseForm(forms.Form):
    kind = radios(
        "What are you adding?",
        [
            (PhraseKind.WORDS, "Words to look for, exactly as written"),
            (
                PhraseKind.EXAMPLE,
                "An example of something people say: messages that mean something "
                "like it are flagged, in any words",
            ),
        ],
        what="what you are adding",
        # Optional, words by default: a form posted before examples existed still works.
        required=False,
        initial=PhraseKind.WORDS,
    )
    words = _text(
        "Words to look for",
        PHRASE_MAX,
        "the words to look for",
        help_text="Plain words, as people write them, for example 'going to the bridge'. "
        "They are matched as whole words, in any capitals, with or without accents.",
    )
    category = radios("What kind of words are these?", CATEGORY_CHOICES, what="what kind of words")
    reason = _text(
        "Why these words matter",
        REASON_MAX,
        "why these words matter",
        help_text="Staff see this next to the words, for example "
        "'A local place linked to suicide'.",
    )
    team = forms.ChoiceField(label="Look for them in messages to", widget=forms.RadioSelect)

    def __init__(
        self, *args: object, teams: list[CareTeam], every_team: bool, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [(str(t.pk), t.name) for t in teams]
        if every_team:
            choices.append((EVERY_TEAM, "Every team"))
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ChoiceField)
        team_field.choices = choices
        team_field.error_messages = {
            "required": "Select which team's messages",
            "invalid_choice": "Select which team's messages from the list",
        }
        self.teams = {str(t.pk): t for t in teams}

    def chosen_team(self) -> CareTeam | None:
        return self.teams.get(self.cleaned_data["team"])

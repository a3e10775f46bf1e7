"""Forms for people's own appointments. Messages say what went wrong and how to
fix it, in the NHS design system's words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.appointments.face_to_face import NOTE_MAX
from tandem.appointments.models import MAX_FREE_TEXT, AppointmentType
from tandem.translations.filled import filled
from tandem.web.forms import DateInputField, FreeTextField, radios


class TypeForm(forms.Form):
    type = forms.ChoiceField()

    def __init__(self, *args: Any, types: list[AppointmentType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        several_teams = len({t.team_id for t in types}) > 1
        choices = [
            (
                str(t.pk),
                gettext("%(kind)s with %(team)s") % {"kind": t.name, "team": t.team.name}
                if several_teams
                else t.name,
            )
            for t in types
        ]
        self.fields["type"] = radios(
            gettext("What would you like to book?"),
            choices,
            what="what you would like to book",
            # Whole sentences, so a translator never joins 'Select' to a piece.
            error_messages={
                "required": gettext("Select what you would like to book"),
                "invalid_choice": gettext("Select what you would like to book from the list"),
            },
        )


class WayForm(forms.Form):
    way = forms.ChoiceField()

    def __init__(self, *args: Any, ways: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["way"] = radios(
            gettext("How would you like to have this appointment?"),
            ways,
            what="how you would like it",
            error_messages={
                "required": gettext("Select how you would like to have this appointment"),
                "invalid_choice": gettext(
                    "Select how you would like to have this appointment from the list"
                ),
            },
        )


class CancelForm(forms.Form):
    reason = FreeTextField(
        label=_("Why are you cancelling? (optional)"),
        help_text=_("This helps your care team. You do not have to say."),
        required=False,
        max_length=MAX_FREE_TEXT,
        widget=forms.Textarea,
        error_messages={
            "max_length": filled(
                _("The reason must be %(most)s characters or fewer"), most=MAX_FREE_TEXT
            )
        },
    )


class DateOfBirthForm(forms.Form):
    date_of_birth = DateInputField(
        label=_("What is your date of birth?"),
        help_text=filled(_("For example, %(example)s"), example="27 3 1985"),
        error_messages={"required": _("Enter your date of birth")},
    )


WRONG_DATE_OF_BIRTH = _(
    "The date of birth does not match our records. Check it and try again, or call your care team."
)


class FaceToFaceRequestForm(forms.Form):
    """Asking the team for a face-to-face appointment: the note is optional."""

    note = FreeTextField(
        label=_("Good times for you, or anything the team should know (optional)"),
        help_text=_("For example, 'mornings are best' or 'I need step-free access'."),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": filled(_("Your note must be %(most)s characters or fewer"), most=NOTE_MAX)
        },
    )

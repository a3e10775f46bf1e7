"""The forms for keeping the directory and for searching it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.directory.hours import WEEKDAYS
from tandem.directory.models import DTAC_AREAS, Entry, EvidenceTier, Need, Outcome, Route, Tool
from tandem.directory.selectors import When
from tandem.directory.services import Details, Hours, ToolAssessment
from tandem.people.models import CareTeam
from tandem.translations.filled import filled
from tandem.web.forms import DateInputField, FreeTextField, radios, text_field

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]
DTAC_LABELS = dict(DTAC_AREAS)
NO_TEAM = ""


def _text(
    label: str, max_length: int, *, required: str = "", textarea: bool = False, **kw: Any
) -> FreeTextField:
    """The shared ``text_field`` in this module's short form: ``required`` is the
    message for an empty box ('Enter …'), ``textarea`` a box of several lines
    whatever its length."""
    return text_field(
        label,
        max_length=max_length,
        required=bool(required),
        what=required.removeprefix("Enter "),
        textarea_over=0 if textarea else max_length,
        **kw,
    )


def _time(day: str, which: str) -> forms.TimeField:
    return forms.TimeField(
        label=f"{which}",
        required=False,
        input_formats=TIME_FORMATS,
        error_messages={"invalid": f"Enter {day}'s {which.lower()} time like 18:00"},
    )


class SearchForm(forms.Form):
    """The public search: a GET form, so it works without JavaScript and a
    search can be bookmarked or shared."""

    need = forms.ChoiceField(
        label=_("Kind of support"),
        choices=[("", _("Any kind")), *Need.choices],
        required=False,
        error_messages={"invalid_choice": _("Select a kind of support from the list")},
    )
    area = forms.CharField(
        label=_("Town or area"),
        max_length=120,
        required=False,
        help_text=_("For example, Leeds"),
        error_messages={
            "max_length": filled(_("Enter %(most)s characters or fewer"), most=120),
        },
    )
    when = forms.ChoiceField(
        label=_("Open"),
        choices=When.CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select when it is open from the list")},
    )


class EntryForm(forms.Form):
    name = _text("Name of the service", 120, required="Enter the name of the service")
    need = radios("Kind of support", Need.choices, what="the kind of support")
    offers = _text("What it offers", 1000, required="Enter what it offers", textarea=True)
    for_whom = _text(
        "Who it is for",
        300,
        required="Enter who it is for",
        help_text="For example, adults 18 and over",
    )
    route = radios("How people get in", Route.choices, what="how people get in")
    phone = _text("Phone number", 30)
    web = _text("Web address", 300, help_text="Starting https://")
    address = _text("Address", 300, textarea=True)
    area = _text(
        "Area served",
        120,
        required="Enter the area the service covers",
        help_text="For example, Leeds and Wakefield",
    )
    languages = _text("Languages", 200, help_text="Other than English")
    accessibility = _text(
        "Accessibility", 300, help_text="For example, step-free access, hearing loop"
    )
    cost = _text("Cost", 120, help_text="For example, Free")
    team = forms.ChoiceField(
        label="Kept by",
        choices=[],
        error_messages={
            "required": "Select the team that keeps this entry",
            "invalid_choice": "Select one of your teams",
        },
    )

    def __init__(self, *args: Any, teams: list[CareTeam], admin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(t.pk), t.name) for t in teams]
        if admin:
            choices.insert(0, (NO_TEAM, "The service administrator"))
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ChoiceField)
        team_field.choices = choices
        team_field.required = not admin
        self.teams = {str(t.pk): t for t in teams}
        for number, day in enumerate(WEEKDAYS):
            self.fields[f"opens_{number}"] = _time(day, "Opens")
            self.fields[f"closes_{number}"] = _time(day, "Closes")
            self.fields[f"overnight_{number}"] = forms.BooleanField(
                label="Closes after midnight", required=False
            )

    def days(self) -> list[tuple[str, Any, Any, Any]]:
        """Each weekday's fields, for the template."""
        return [
            (day, self[f"opens_{n}"], self[f"closes_{n}"], self[f"overnight_{n}"])
            for n, day in enumerate(WEEKDAYS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for number, day in enumerate(WEEKDAYS):
            opens, closes = data.get(f"opens_{number}"), data.get(f"closes_{number}")
            if f"opens_{number}" in self.errors or f"closes_{number}" in self.errors:
                continue
            if opens is not None and closes is None:
                self.add_error(f"closes_{number}", f"Enter {day}'s closing time")
            elif closes is not None and opens is None:
                self.add_error(f"opens_{number}", f"Enter {day}'s opening time")
        return data

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(**{name: data[name] for name in Details.__dataclass_fields__})

    def hours(self) -> list[Hours]:
        data = self.cleaned_data
        return [
            Hours(
                weekday=n,
                opens=data[f"opens_{n}"],
                closes=data[f"closes_{n}"],
                closes_next_day=bool(data[f"overnight_{n}"]),
            )
            for n in range(len(WEEKDAYS))
            if data.get(f"opens_{n}") is not None
        ]

    def chosen_team(self) -> CareTeam | None:
        return self.teams.get(self.cleaned_data["team"])

    @classmethod
    def initial_from(cls, entry: Entry) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(entry, name) for name in Details.__dataclass_fields__
        }
        initial["team"] = str(entry.team_id or NO_TEAM)
        for opening in entry.hours.all():
            initial[f"opens_{opening.weekday}"] = f"{opening.opens:%H:%M}"
            initial[f"closes_{opening.weekday}"] = f"{opening.closes:%H:%M}"
            initial[f"overnight_{opening.weekday}"] = opening.closes_next_day
        return initial


class NewEntryForm(EntryForm):
    check_by = DateInputField(
        label="Check it again by",
        help_text=(
            "It is hidden from the public after this date until someone checks it. "
            "For example, 15 6 2027"
        ),
        error_messages={"required": "Enter the date to check it again"},
    )


class ChangeEntryForm(EntryForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CheckForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    check_by = DateInputField(
        label="Check it again by",
        help_text="For example, 15 6 2027",
        error_messages={"required": "Enter the date to check it again"},
    )


def six_months_from(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=182)


def _outcome(label: str) -> forms.ChoiceField:
    return radios(label, Outcome.choices, what="an outcome", initial=Outcome.NOT_ASSESSED)


class ToolForm(forms.Form):
    name = _text("Name of the app or website", 120, required="Enter the name of the tool")
    web = _text("Web address", 300, required="Enter its web address", help_text="Starting https://")
    purpose = _text("What it is for", 1000, required="Enter what it is for", textarea=True)
    manufacturer = _text("Made by", 120, required="Enter who makes it")
    platforms = _text(
        "Platforms",
        200,
        required="Enter the platforms",
        help_text="For example, iPhone, Android, web",
    )
    languages = _text("Languages", 200, help_text="Other than English")
    cost = _text("Cost", 120, required="Enter the cost", help_text="For example, Free")
    data_collected = _text(
        "What data it collects", 1000, required="Enter what data it collects", textarea=True
    )
    data_held = _text("Where the data is held", 300, required="Enter where the data is held")
    tier = radios(
        "NICE evidence standards framework tier",
        [*EvidenceTier.choices, ("", "Not decided yet")],
        what="a tier",
        required=False,
    )
    clinical_safety = _outcome(DTAC_LABELS["clinical_safety"])
    dcb0129_evidence = _text(
        "The manufacturer's DCB0129 evidence",
        1000,
        textarea=True,
        help_text="For example, their clinical safety case report and its date",
    )
    data_protection = _outcome(DTAC_LABELS["data_protection"])
    technical_security = _outcome(DTAC_LABELS["technical_security"])
    interoperability = _outcome(DTAC_LABELS["interoperability"])
    usability = _outcome(DTAC_LABELS["usability"])
    notes = _text("Notes on the assessment", 2000, textarea=True)
    review_by = DateInputField(
        label="Review it again by",
        help_text="It cannot be recommended after this date until reviewed. For example, 15 6 2027",
        error_messages={"required": "Enter the date to review it again"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def assessment(self) -> ToolAssessment:
        data = self.cleaned_data
        return ToolAssessment(**{name: data[name] for name in ToolAssessment.__dataclass_fields__})

    @classmethod
    def initial_from(cls, tool: Tool) -> dict[str, Any]:
        names = [*ToolAssessment.__dataclass_fields__, "review_by", "version"]
        return {name: getattr(tool, name) for name in names}

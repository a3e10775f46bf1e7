"""The report's choices: which of the manager's teams, and which period."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms

from tandem.insights.definitions import years_before
from tandem.insights.rollup import month_end
from tandem.people.models import CareTeam
from tandem.web.forms import DateInputField

ALL_TEAMS = ""
MAX_DAYS = 731  # two years


class ReportForm(forms.Form):
    """Read from the query string (GET), so a report is a link that can be shared
    with someone who may see it, and works without JavaScript."""

    team = forms.ChoiceField(
        label="Team",
        required=False,
        error_messages={"invalid_choice": "Select a team from the list"},
    )
    first = DateInputField(
        label="From",
        what="the start of the period",
        help_text="The report starts on the first day of this month. For example, 1 12 2025",
        required=False,
    )
    last = DateInputField(
        label="To",
        what="the end of the period",
        help_text="The report ends on the last day of this month. For example, 30 11 2026",
        required=False,
    )

    def __init__(
        self, *args: Any, teams: list[CareTeam], default: tuple[dt.date, dt.date], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.default = default
        choices = [(str(t.pk), t.name) for t in teams]
        if len(teams) > 1:
            choices.insert(0, (ALL_TEAMS, "All the teams you manage"))
        cast(forms.ChoiceField, self.fields["team"]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        first, last = data.get("first"), data.get("last")
        if first and not last:
            data["last"] = last = max(first, min(self.default[1], _year_after(first)))
        elif last and not first:
            data["first"] = first = _year_before(last)
        if first and last:
            # Whole months: the roll-up the report reads counts by month.
            data["first"] = first = first.replace(day=1)
            data["last"] = last = month_end(last.replace(day=1))
            if last < first:
                self.add_error("last", "The end of the period must be on or after its start")
            elif (last - first).days >= MAX_DAYS:
                self.add_error("last", "The period can be two years at most")
        return data

    def team_pk(self) -> int | None:
        chosen = self.cleaned_data.get("team") if self.is_bound else None
        return int(chosen) if chosen else None

    def period(self) -> tuple[dt.date, dt.date]:
        first, last = self.default
        if self.is_bound:
            first = self.cleaned_data.get("first") or first
            last = self.cleaned_data.get("last") or last
        return first, last


def _year_before(last: dt.date) -> dt.date:
    return years_before(last, 1) + dt.timedelta(days=1)


def _year_after(first: dt.date) -> dt.date:
    return years_before(first, -1) - dt.timedelta(days=1)

"""Forms for the diary. Messages say what went wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.diary.entries import DAYS_BACK, EntryValues, earliest_day
from tandem.diary.models import (
    NOTE_MAX,
    SIGN_MAX,
    SIGN_RATING_LABELS,
    SIGN_RATING_MAX,
    Frequency,
    WarningSign,
)
from tandem.diary.queries import WEEKDAY_NAMES, say_time
from tandem.web.dates import weekday
from tandem.web.forms import FreeTextField, radios

SIGN_PREFIX = "sign_"
# Reminder times offered, every half hour through the waking day.
REMINDER_TIMES = [dt.time(h, m) for h in range(7, 23) for m in (0, 30)]
NO_REMINDER = ""


def day_label(value: dt.date, today: dt.date) -> str:
    if value == today:
        return _("Today, %(day)s") % {"day": weekday(value)}
    if value == today - dt.timedelta(days=1):
        return _("Yesterday, %(day)s") % {"day": weekday(value)}
    return weekday(value)


class DayField(forms.ChoiceField):
    """The day an entry is for: the choices offered are today and the last week;
    anything else posted gets a message saying which days can be filled in."""

    def __init__(self, *, today: dt.date, **kwargs: Any) -> None:
        self.today = today
        days = [today - dt.timedelta(days=i) for i in range(DAYS_BACK + 1)]
        super().__init__(
            choices=[(d.isoformat(), day_label(d, today)) for d in days],
            widget=forms.Select,
            error_messages={"required": _("Choose the day this is for")},
            **kwargs,
        )

    def valid_value(self, value: str) -> bool:
        return True  # checked, with a clearer message, in to_python

    def to_python(self, value: Any) -> dt.date | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            chosen = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValidationError(_("Choose the day this is for from the list")) from exc
        if chosen > self.today:
            raise ValidationError(
                _("You cannot fill in the diary for a day that has not happened yet")
            )
        if chosen < earliest_day(self.today):
            raise ValidationError(
                _("You can fill in today or any of the last %(days)s days") % {"days": DAYS_BACK}
            )
        return chosen


def pick_day(value: object, *, today: dt.date) -> dt.date | None:
    """The day ``value`` names, if it can be filled in; otherwise None."""
    try:
        chosen: dt.date | None = DayField(today=today).clean(value)
    except ValidationError:
        return None
    return chosen


class DayChoiceForm(forms.Form):
    """'Which day is this for?' and 'Show this day': a GET form, so choosing a
    day opens that day's entry, with or without JavaScript."""

    def __init__(self, *, today: dt.date, chosen: dt.date) -> None:
        super().__init__(initial={"day": chosen.isoformat()})
        self.fields["day"] = DayField(
            today=today,
            label=_("Which day is this for?"),
            help_text=_(
                "To fill in or change another day, choose it and select "
                "\u2018Show this day\u2019 first."
            ),
        )


def score_field(label: str, hint: str, message: str, top: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        required=False,
        min_value=0,
        max_value=top,
        widget=forms.TextInput,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


class EntryForm(forms.Form):
    """One day's diary: what the plan tracks, a rating for each sign, a note."""

    def __init__(
        self,
        *args: Any,
        today: dt.date,
        track_mood: bool,
        track_sleep: bool,
        track_anxiety: bool,
        track_medication: bool,
        signs: list[WarningSign],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.signs = signs
        # Sent hidden: the day is chosen with DayChoiceForm, which shows its entry.
        self.fields["day"] = DayField(today=today, label=_("Which day is this for?"))
        # entry_version of the entry this page showed for the day ('' for none),
        # so saving never replaces an entry the person has not seen.
        self.fields["replacing"] = forms.CharField(
            required=False, max_length=80, widget=forms.HiddenInput
        )
        if track_mood:
            self.fields["mood"] = score_field(
                _("Mood"),
                _("%(low)s is the lowest your mood can be, %(high)s the best.")
                % {"low": 0, "high": 10},
                _("Mood must be a whole number from %(low)s to %(high)s") % {"low": 0, "high": 10},
                10,
            )
        if track_sleep:
            message = _(
                "Sleep must be a number of hours from %(low)s to %(high)s, like %(whole)s or "
                "%(half)s"
            ) % {"low": 0, "high": 24, "whole": 7, "half": "7.5"}
            self.fields["sleep_hours"] = forms.DecimalField(
                label=_("Hours of sleep"),
                help_text=_(
                    "The night before this day. Round to the nearest half hour, like %(hours)s."
                )
                % {"hours": "6.5"},
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(24),
                widget=forms.TextInput,
                error_messages={
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                    "max_digits": message,
                    "max_decimal_places": message,
                    "max_whole_digits": message,
                },
            )
        if track_anxiety:
            self.fields["anxiety"] = score_field(
                _("Anxiety"),
                _("%(low)s is not anxious at all, %(high)s the most anxious you can be.")
                % {"low": 0, "high": 10},
                _("Anxiety must be a whole number from %(low)s to %(high)s")
                % {"low": 0, "high": 10},
                10,
            )
        if track_medication:
            self.fields["medication_taken"] = radios(
                _("Did you take your medication as agreed?"),
                [("yes", _("Yes")), ("no", _("No"))],
                what="yes or no",
                required=False,
                error_messages={"invalid_choice": _("Select yes or no")},
            )
        for sign in signs:
            self.fields[f"{SIGN_PREFIX}{sign.pk}"] = radios(
                f"\u2018{sign.words}\u2019",
                [(str(v), f"{v} \u2013 {label}") for v, label in SIGN_RATING_LABELS.items()],
                what="how much, from 0 to 4",
                required=False,
                error_messages={
                    "invalid_choice": _("Select how much, from %(low)s to %(high)s")
                    % {"low": 0, "high": SIGN_RATING_MAX}
                },
            )
        self.fields["note"] = FreeTextField(
            label=_("Anything else you want to write down (optional)"),
            help_text=_("Up to %(most)s characters.") % {"most": f"{NOTE_MAX:,}"},
            required=False,
            max_length=NOTE_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={
                "max_length": _("The note must be %(most)s characters or fewer")
                % {"most": f"{NOTE_MAX:,}"}
            },
        )

    def sign_fields(self) -> list[forms.BoundField]:
        return [self[f"{SIGN_PREFIX}{s.pk}"] for s in self.signs]

    def clean_sleep_hours(self) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get("sleep_hours")
        if value is not None and (value * 2) % 1 != 0:
            raise ValidationError(
                _("Round sleep to the nearest half hour, like %(whole)s or %(half)s")
                % {"whole": 6, "half": "6.5"}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        known = {f"{SIGN_PREFIX}{s.pk}" for s in self.signs}
        posted = {k for k in self.data if k.startswith(SIGN_PREFIX)}
        if posted - known:
            raise ValidationError(
                _(
                    "One of the warning signs on this page is no longer on your diary. "
                    "Nothing was saved. Open the page again and fill it in."
                )
            )
        if not self.errors and self.values_or_none(data) is None:
            raise ValidationError(_("Fill in at least one thing, or write a note"))
        return data

    @staticmethod
    def values_or_none(data: dict[str, Any]) -> EntryValues | None:
        ratings = {
            int(k.removeprefix(SIGN_PREFIX)): int(v)
            for k, v in data.items()
            if k.startswith(SIGN_PREFIX) and v not in (None, "")
        }
        medication = data.get("medication_taken") or ""
        values = EntryValues(
            mood=data.get("mood"),
            sleep_hours=data.get("sleep_hours"),
            anxiety=data.get("anxiety"),
            medication_taken=None if not medication else medication == "yes",
            ratings=ratings,
            note=(data.get("note") or "").strip(),
        )
        if values == EntryValues():
            return None
        return values

    def values(self) -> EntryValues:
        found = self.values_or_none(self.cleaned_data)
        assert found is not None
        return found

    def posted(self) -> list[tuple[str, str]]:
        """What was sent, field by field, to send again once the person confirms."""
        return [
            (name, str(self.data.get(name, "")))
            for name in self.fields
            if name != "replacing" and self.data.get(name) not in (None, "")
        ]


def entry_initial(entry: Any) -> dict[str, Any]:
    """An existing entry's values as the form's starting point."""
    if entry is None:
        return {}
    initial: dict[str, Any] = {
        "mood": entry.mood,
        "sleep_hours": None if entry.sleep_hours is None else f"{entry.sleep_hours:g}",
        "anxiety": entry.anxiety,
        "medication_taken": ""
        if entry.medication_taken is None
        else ("yes" if entry.medication_taken else "no"),
        "note": entry.note,
    }
    for rating in entry.sign_ratings.all():
        initial[f"{SIGN_PREFIX}{rating.sign_id}"] = str(rating.rating)
    return initial


TRACK_CHOICES = [
    ("track_mood", "Mood, from 0 to 10"),
    ("track_sleep", "Hours of sleep"),
    ("track_anxiety", "Anxiety, from 0 to 10"),
    ("track_medication", "Whether medication was taken"),
]


class SetUpForm(forms.Form):
    track = forms.MultipleChoiceField(
        label="What will the diary track?",
        help_text="Agree this with the person. Their own warning signs are added next.",
        choices=TRACK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one thing to track",
            "invalid_choice": "Choose what to track from the list",
        },
    )
    watch_high_mood = radios(
        "Should a rise in mood be noticed, as well as a fall?",
        [("no", "No"), ("yes", "Yes, their relapses can start with a lift in mood")],
        what="whether to notice a rise in mood",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("watch_high_mood") == "yes" and "track_mood" not in data.get("track", []):
            self.add_error("watch_high_mood", "Track mood to notice a rise in mood")
        return data

    def choices(self) -> dict[str, bool]:
        chosen = set(self.cleaned_data["track"])
        found = {name: name in chosen for name, _ in TRACK_CHOICES}
        found["watch_high_mood"] = self.cleaned_data["watch_high_mood"] == "yes"
        return found


class SignForm(forms.Form):
    words = forms.CharField(max_length=SIGN_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not on the class, so the figures go in placeholders in the
        # language of this request.
        words = self.fields["words"]
        words.label = _("The sign, in your own words")
        words.help_text = _("For example, \u2018sleeping less than %(hours)s hours\u2019.") % {
            "hours": 5
        }
        words.error_messages.update(
            {
                "required": _("Enter the sign, in your own words"),
                "max_length": _("A sign must be %(most)s characters or fewer") % {"most": SIGN_MAX},
            }
        )


def reminder_choices() -> list[tuple[str, str]]:
    return [(NO_REMINDER, _("No reminder"))] + [
        (t.strftime("%H:%M"), say_time(t)) for t in REMINDER_TIMES
    ]


class ScheduleForm(forms.Form):
    frequency = radios(
        gettext_lazy("How often will the diary be filled in?"),
        Frequency.choices,
        what="how often the diary will be filled in",
        error_messages={
            "required": gettext_lazy("Select how often the diary will be filled in"),
            "invalid_choice": gettext_lazy("Select how often the diary will be filled in"),
        },
    )
    weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("Which days?"),
        help_text=gettext_lazy("Only if you chose 'On chosen days of the week'."),
        choices=[(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose days of the week from the list")},
    )
    remind_at = forms.ChoiceField(
        label=gettext_lazy("Reminder"),
        help_text=gettext_lazy(
            "We send a text or email at this time on the days the diary is due, unless "
            "it is already filled in. It never says what the diary is about."
        ),
        choices=reminder_choices,
        required=False,
        widget=forms.Select,
        error_messages={"invalid_choice": gettext_lazy("Choose a reminder time from the list")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("frequency") == Frequency.WEEKLY and not data.get("weekdays"):
            self.add_error("weekdays", _("Choose at least one day of the week"))
        return data

    def weekday_numbers(self) -> list[int]:
        if self.cleaned_data["frequency"] != Frequency.WEEKLY:
            return []
        return [int(d) for d in self.cleaned_data["weekdays"]]

    def reminder(self) -> dt.time | None:
        value = self.cleaned_data.get("remind_at") or NO_REMINDER
        return None if value == NO_REMINDER else dt.time.fromisoformat(value)


class SharingForm(forms.Form):
    share = radios(
        gettext_lazy("Share your diary with your care team?"),
        [
            ("yes", gettext_lazy("Yes, share it with my care team")),
            ("no", gettext_lazy("No, keep it to myself")),
        ],
        what="whether to share your diary with your care team",
        error_messages={
            "required": gettext_lazy("Select whether to share your diary with your care team"),
            "invalid_choice": gettext_lazy(
                "Select whether to share your diary with your care team"
            ),
        },
    )

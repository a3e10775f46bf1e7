"""Forms for a person's choices. Contradictory answers get a message saying
which answers disagree; nothing is saved until everything is right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.preferences.codes import PREFERENCE_KINDS, Channel, ContactKind, Modality
from tandem.preferences.models import (
    AccessNeeds,
    CommunicationProfessional,
    Confidence,
    Connection,
    ContactPreferences,
    Device,
    DigitalAccessCheck,
    ModalityPreference,
    ScreenDifficulty,
    YesSometimesNo,
)
from tandem.preferences.services import Decision, KindPreference
from tandem.preferences.times import DAY_NAMES, clock
from tandem.translations.filled import english
from tandem.web.forms import text_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
DAYS = [(str(n), _(name)) for n, name in enumerate(DAY_NAMES)]
# Every half hour from 06:00 to 23:00: the choices for the hours contact is
# welcome (none falls where the clocks change, between 01:00 and 02:00).
CLOCK_TIMES = [(f"{h:02d}:{m:02d}", f"{h:02d}:{m:02d}") for h in range(6, 24) for m in (0, 30)][:-1]


def _clock(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def translated(choices: Iterable[tuple[str, str]]) -> list[tuple[str, StrOrPromise]]:
    """Choices whose labels are marked where they are defined (N_), read in the
    language of the page as the form is drawn."""
    return [(value, _(label)) for value, label in choices]


def radios(
    label: StrOrPromise, choices: Any, *, required: bool = True, **kw: Any
) -> forms.ChoiceField:
    words = english(label)
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Select {words[0].lower() + words[1:]}"
            if not words.endswith("?")
            else _("Select an answer"),
            "invalid_choice": _("Select one of the options"),
        },
        **kw,
    )


def ticks(
    label: StrOrPromise, choices: Any, *, required: bool = False, **kw: Any
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one option"),
            "invalid_choice": _("Select only options from the list"),
        },
        **kw,
    )


text = partial(text_field, textarea_over=300)


class ContactPreferencesForm(forms.Form):
    channels = ticks(
        _("How can we contact you about your care?"),
        translated(Channel.choices),
        required=True,
        help_text=_("Select all that are fine"),
    )
    preferred_channel = radios(_("Which do you prefer?"), translated(Channel.choices))
    avoid_days = ticks(
        _("Are there days we should not contact you?"),
        DAYS,
        help_text=_("Leave all unticked if any day is fine"),
    )
    not_before = forms.ChoiceField(
        label=_("Do not contact me before"),
        choices=[("", _("Any time")), *CLOCK_TIMES],
        required=False,
        help_text=_(
            "Our texts and emails wait until then. If an appointment that day changes, "
            "we tell you at once and say why"
        ),
        error_messages={"invalid_choice": _("Select a time from the list")},
    )
    not_after = forms.ChoiceField(
        label=_("Do not contact me after"),
        choices=[("", _("Any time")), *CLOCK_TIMES],
        required=False,
        error_messages={"invalid_choice": _("Select a time from the list")},
    )
    times_to_avoid = text(
        _("Anything else about times we should know"),
        max_length=200,
        help_text=_("Your care team reads this, for example 'I work nights every other week'"),
    )
    messages_may_be_left = radios(
        _("Can we leave a message on your phone or with someone who answers?"), YES_NO
    )
    discreet_sender = radios(
        _(
            "Should our texts, emails and letters come from a general NHS name instead of "
            "your team's name?"
        ),
        YES_NO,
        required=False,
        help_text=_("Choose yes if someone else may see your phone, email or post"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channels, preferred = data.get("channels") or [], data.get("preferred_channel")
        if preferred and channels and preferred not in channels:
            self.add_error(
                "preferred_channel", _("Choose a way you prefer from the ways you said are fine")
            )
        if len(data.get("avoid_days") or []) == len(DAYS):
            self.add_error("avoid_days", _("Leave at least one day we can contact you"))
        before, after = data.get("not_before"), data.get("not_after")
        if before and after and after <= before:
            self.add_error(
                "not_after",
                _(
                    "Choose a time after %(time)s, or 'Any time': the time you choose here "
                    "must be later than the time in 'Do not contact me before'"
                )
                % {"time": before},
            )
        return data

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "by_email": Channel.EMAIL in d["channels"],
            "by_sms": Channel.SMS in d["channels"],
            "by_phone": Channel.PHONE in d["channels"],
            "by_letter": Channel.LETTER in d["channels"],
            "preferred_channel": d["preferred_channel"],
            "avoid_days": sorted(int(day) for day in d.get("avoid_days") or []),
            "not_before": _clock(d.get("not_before")),
            "not_after": _clock(d.get("not_after")),
            "times_to_avoid": d["times_to_avoid"],
            "messages_may_be_left": d["messages_may_be_left"] == "yes",
            "discreet_sender": d.get("discreet_sender") == "yes",
        }

    @staticmethod
    def initial_from(current: ContactPreferences | None) -> dict[str, Any]:
        if current is None:
            return {}
        return {
            "channels": [
                c
                for c, on in (
                    (Channel.EMAIL, current.by_email),
                    (Channel.SMS, current.by_sms),
                    (Channel.PHONE, current.by_phone),
                    (Channel.LETTER, current.by_letter),
                )
                if on
            ],
            "preferred_channel": current.preferred_channel,
            "avoid_days": [str(day) for day in current.avoid_days or []],
            "not_before": clock(current.not_before) if current.not_before else "",
            "not_after": clock(current.not_after) if current.not_after else "",
            "times_to_avoid": current.times_to_avoid,
            "messages_may_be_left": "yes" if current.messages_may_be_left else "no",
            "discreet_sender": "yes" if current.discreet_sender else "no",
        }


class ModalityPreferencesForm(forms.Form):
    """For each kind of contact: the way preferred, and any ways not wanted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in PREFERENCE_KINDS:
            label = gettext(ContactKind(kind).label)
            self.fields[f"preferred_{kind}"] = radios(
                gettext("%(kind)s: how would you prefer to be seen?") % {"kind": label},
                [("", _("No preference")), *translated(Modality.choices)],
                required=False,
            )
            self.fields[f"not_wanted_{kind}"] = ticks(
                gettext("%(kind)s: are there ways you do not want?") % {"kind": label},
                translated(Modality.choices),
                help_text=_("Leave all unticked if any way is fine"),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind in PREFERENCE_KINDS:
            preferred = data.get(f"preferred_{kind}") or ""
            not_wanted = data.get(f"not_wanted_{kind}") or []
            if preferred and preferred in not_wanted:
                self.add_error(
                    f"not_wanted_{kind}",
                    gettext("%(kind)s: you cannot both prefer and not want %(way)s")
                    % {
                        "kind": gettext(ContactKind(kind).label),
                        "way": gettext(Modality(preferred).label).lower(),
                    },
                )
            elif len(not_wanted) == len(Modality.values):
                self.add_error(
                    f"not_wanted_{kind}",
                    gettext("%(kind)s: leave at least one way you would accept")
                    % {"kind": gettext(ContactKind(kind).label)},
                )
        return data

    def choices(self) -> dict[str, KindPreference]:
        d = self.cleaned_data
        return {
            kind: KindPreference(
                preferred=d.get(f"preferred_{kind}") or "",
                not_wanted=tuple(d.get(f"not_wanted_{kind}") or ()),
            )
            for kind in PREFERENCE_KINDS
        }

    @staticmethod
    def initial_from(current: dict[str, ModalityPreference]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for kind, pref in current.items():
            initial[f"preferred_{kind}"] = pref.preferred
            initial[f"not_wanted_{kind}"] = list(pref.not_wanted)
        return initial

    def kinds(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (gettext(ContactKind(k).label), self[f"preferred_{k}"], self[f"not_wanted_{k}"])
            for k in PREFERENCE_KINDS
        ]


NEEDS = translated(AccessNeeds.LABELS.items())


class AccessNeedsForm(forms.Form):
    needs = ticks(_("Do you need any of these?"), NEEDS, help_text=_("Select all that apply"))
    interpreter_language = text(
        _("Language for the interpreter"),
        max_length=60,
        help_text=_("Only if you need a spoken-language interpreter"),
    )
    communication_professional = radios(
        _("Do you need another communication professional with you?"),
        [("", _("No")), *translated(CommunicationProfessional.choices)],
        required=False,
    )
    copy_to_name = text(
        _("Name of the carer or advocate to copy in"),
        max_length=120,
        help_text=_("Only if a carer or advocate must be sent copies of your letters"),
    )
    screen_difficulty = radios(
        _("Do you find screens or phones hard to use?"),
        [("", _("No")), *translated(ScreenDifficulty.choices)],
        required=False,
    )
    notes = text(_("Anything else we should know"), max_length=500)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        spoken = "spoken_interpreter" in (data.get("needs") or [])
        language = (data.get("interpreter_language") or "").strip()
        if spoken and not language:
            self.add_error("interpreter_language", _("Enter the language for the interpreter"))
        if language and not spoken and "interpreter_language" not in self.errors:
            self.add_error(
                "needs",
                _("Select 'Needs a spoken-language interpreter' or leave the language empty"),
            )
        copy_in = "copy_to_someone" in (data.get("needs") or [])
        if copy_in and not (data.get("copy_to_name") or "").strip():
            self.add_error("copy_to_name", _("Enter the name of the carer or advocate to copy in"))
        return data

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        values: dict[str, Any] = {name: name in d["needs"] for name in AccessNeeds.LABELS}
        values.update(
            interpreter_language=d["interpreter_language"].strip(),
            communication_professional=d["communication_professional"] or "",
            # Kept only while the need is ticked, so an old name is not copied in by mistake.
            copy_to_name=d["copy_to_name"].strip() if "copy_to_someone" in d["needs"] else "",
            screen_difficulty=d["screen_difficulty"] or "",
            notes=d["notes"],
        )
        return values

    @staticmethod
    def initial_from(current: AccessNeeds | None) -> dict[str, Any]:
        if current is None:
            return {}
        return {
            "needs": [n for n in AccessNeeds.LABELS if getattr(current, n)],
            "interpreter_language": current.interpreter_language,
            "communication_professional": current.communication_professional,
            "copy_to_name": current.copy_to_name,
            "screen_difficulty": current.screen_difficulty,
            "notes": current.notes,
        }


class DigitalAccessForm(forms.Form):
    devices = ticks(
        _("Which of these can you use for calls with your team?"),
        translated(Device.choices),
        required=True,
        help_text=_("Select all that you can use when you need to"),
    )
    connection = radios(_("How is your internet at home?"), translated(Connection.choices))
    data_costs_a_problem = radios(
        _("Is the cost of mobile data or internet a problem for you?"),
        translated(YesSometimesNo.choices),
    )
    private_space = radios(
        _("Is there a private place at home where you can talk safely without being overheard?"),
        translated(YesSometimesNo.choices),
    )
    video_confidence = radios(
        _("How do you feel about video calls?"), translated(Confidence.choices)
    )
    wants_help = radios(_("Would you like help with video calls or getting online?"), YES_NO)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        devices = data.get("devices") or []
        if Device.NONE in devices and len(devices) > 1:
            self.add_error(
                "devices", _("Select 'None of these' on its own, or only the devices you can use")
            )
        return data

    def values(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["wants_help"] = d["wants_help"] == "yes"
        return d

    @staticmethod
    def initial_from(current: DigitalAccessCheck | None) -> dict[str, Any]:
        if current is None:
            return {}
        return {
            "devices": list(current.devices),
            "connection": current.connection,
            "data_costs_a_problem": current.data_costs_a_problem,
            "private_space": current.private_space,
            "video_confidence": current.video_confidence,
            "wants_help": "yes" if current.wants_help else "no",
        }


class SharedDecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of contact",
        choices=ContactKind.choices,
        error_messages={
            "required": "Select the kind of contact",
            "invalid_choice": "Select a kind of contact from the list",
        },
    )
    options_discussed = ticks(
        "Which ways of being seen did you discuss?",
        Modality.choices,
        required=True,
        help_text="Face to face must always be offered",
    )
    person_preference = radios(
        "What did the person prefer?", [("", "No preference"), *Modality.choices], required=False
    )
    took_part = text(
        "Who took part in the decision",
        max_length=300,
        required=True,
        help_text="For example, the person, their partner and you",
    )
    carer_took_part = radios("Did a carer or family member take part?", YES_NO)
    decision = radios("What did you decide together?", Modality.choices)
    reasons = text("Reasons for the decision", max_length=1000, required=True)
    against_preference_reason = text(
        "If this is a way the person said they do not want, why was it chosen?",
        max_length=1000,
    )

    def __init__(self, *args: Any, not_wanted: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_wanted = not_wanted

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        options = data.get("options_discussed") or []
        if options and Modality.FACE_TO_FACE not in options:
            self.add_error(
                "options_discussed", "Face to face must always be one of the options discussed"
            )
        decision, kind = data.get("decision"), data.get("kind")
        if decision and options and decision not in options:
            self.add_error("decision", "Choose one of the options you discussed")
        if (
            decision
            and kind
            and decision in self.not_wanted.get(kind, [])
            and not (data.get("against_preference_reason") or "").strip()
        ):
            self.add_error(
                "against_preference_reason",
                f"The person said they do not want {Modality(decision).label.lower()} for this. "
                "Say why it was chosen",
            )
        return data

    def as_decision(self) -> Decision:
        d = self.cleaned_data
        return Decision(
            kind=d["kind"],
            options_discussed=tuple(d["options_discussed"]),
            person_preference=d["person_preference"] or "",
            took_part=d["took_part"],
            carer_took_part=d["carer_took_part"] == "yes",
            decision=d["decision"],
            reasons=d["reasons"],
            against_preference_reason=d["against_preference_reason"],
        )

"""Forms for messages. Each says what went wrong and how to put it right; files
are checked by their content (``attachments``) as part of the form, so a
refused file is shown against the file field and nothing is sent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.messaging import attachments
from tandem.messaging.models import BODY_MAX, MAX_RESPONSE_DAYS, NOTE_MAX, SUBJECT_MAX
from tandem.people.models import CareTeam, StaffMember
from tandem.translations.filled import filled
from tandem.web.forms import FreeTextField, radios


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Up to ``attachments.MAX_FILES`` files, each checked by content."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[attachments.CheckedFile]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        try:
            return attachments.check_files(uploads)
        except attachments.AttachmentRefused as exc:
            raise ValidationError(str(exc), code="refused") from exc


def body_field() -> FreeTextField:
    return FreeTextField(
        label=_("Your message"),
        max_length=BODY_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Enter your message"),
            "max_length": filled(
                _("Your message must be %(most)s characters or fewer"), most=f"{BODY_MAX:,}"
            ),
        },
    )


def _files_hint() -> str:
    return gettext("Up to %(count)s files: PDF, PNG or JPEG, each %(size)s or smaller") % {
        "count": attachments.MAX_FILES,
        "size": attachments.size_text(attachments.MAX_BYTES),
    }


def files_field() -> FilesField:
    return FilesField(
        label=_("Add files (optional)"),
        help_text=lazy(_files_hint, str)(),
    )


class ReplyForm(forms.Form):
    body = body_field()
    attached = files_field()


class NewThreadForm(forms.Form):
    team = forms.ChoiceField(required=False)
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        help_text=_("A few words about what your message is about"),
        error_messages={
            "required": _("Enter a subject"),
            "max_length": filled(
                _("The subject must be %(most)s characters or fewer"), most=SUBJECT_MAX
            ),
        },
    )
    body = body_field()
    attached = files_field()

    def __init__(self, *args: Any, teams: list[CareTeam], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teams = teams
        if len(teams) > 1:
            self.fields["team"] = radios(
                gettext("Which team is this for?"),
                [(str(t.pk), t.name) for t in teams],
                what="which team this is for",
                # Whole sentences, so a translator never joins 'Select' to a piece.
                error_messages={
                    "required": gettext("Select which team this is for"),
                    "invalid_choice": gettext("Select which team this is for from the list"),
                },
            )
        else:
            del self.fields["team"]
        self.order_fields(["team", "subject", "body", "attached"])

    def chosen_team(self) -> CareTeam:
        if len(self.teams) == 1:
            return self.teams[0]
        return next(t for t in self.teams if str(t.pk) == self.cleaned_data["team"])


class FollowUpForm(forms.Form):
    needed = radios(
        "Does this need clinical follow-up?",
        [("yes", "Yes"), ("no", "No, not any more")],
        what="whether this needs clinical follow-up",
    )
    note = FreeTextField(
        label="What needs following up, and by when",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The note must be {NOTE_MAX} characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("needed") == "yes" and not (data.get("note") or "").strip():
            self.add_error("note", "Enter what needs following up")
        return data


class HandOverForm(forms.Form):
    to = forms.ChoiceField()
    note = FreeTextField(
        label="Note for your colleague (optional)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The note must be {NOTE_MAX} characters or fewer"},
    )

    def __init__(self, *args: Any, colleagues: list[StaffMember], me: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colleagues = colleagues
        self.fields["to"] = radios(
            "Who should pick this up?",
            [
                (str(s.pk), f"{s.user.full_name}{' (you)' if s.pk == me else ''}")
                for s in colleagues
            ],
            what="who should pick this up",
        )
        self.order_fields(["to", "note"])

    def chosen(self) -> StaffMember:
        return next(s for s in self.colleagues if str(s.pk) == self.cleaned_data["to"])


class InboxSettingsForm(forms.Form):
    answered_when = forms.CharField(
        label="When are messages read?",
        help_text="For example, Monday to Friday, 9am to 5pm, except bank holidays",
        max_length=200,
        error_messages={
            "required": "Enter when messages are read",
            "max_length": "This must be 200 characters or fewer",
        },
    )
    response_working_days = forms.IntegerField(
        label="Reply within how many working days?",
        help_text=f"A whole number from 1 to {MAX_RESPONSE_DAYS}. Weekends do not count",
        min_value=1,
        max_value=MAX_RESPONSE_DAYS,
        error_messages={
            "required": "Enter how many working days",
            "invalid": "Enter a whole number, like 2",
            "min_value": "The reply time must be at least 1 working day",
            "max_value": f"The reply time must be {MAX_RESPONSE_DAYS} working days or fewer",
        },
    )

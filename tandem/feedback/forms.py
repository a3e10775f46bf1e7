from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.feedback import answering
from tandem.feedback.models import NOTE_MAX, WHY_MAX, FeedbackRequest, Overall, Reply
from tandem.translations.filled import filled
from tandem.web.forms import radios, text_field

WITH_NAME = "named"
WITHOUT_NAME = "anonymous"


# The answers as a service user reads them, marked for translation (ADR 0061);
# the stored values and staff's English labels stay on the models.
OVERALL_CHOICES = (
    (Overall.VERY_GOOD, _("Very good")),
    (Overall.GOOD, _("Good")),
    (Overall.NEITHER, _("Neither good nor poor")),
    (Overall.POOR, _("Poor")),
    (Overall.VERY_POOR, _("Very poor")),
    (Overall.DONT_KNOW, _("Don't know")),
)
REPLY_CHOICES = ((Reply.YES, _("Yes")), (Reply.PARTLY, _("Partly")), (Reply.NO, _("No")))
AN_ANSWER = {"required": _("Select an answer"), "invalid_choice": _("Select an answer")}


class FeedbackForm(forms.Form):
    """The Friends and Family Test, then the four questions about the contact
    (the technology one only for phone or video), then whether to give a name.
    A field for a question not asked is removed, so it cannot be answered."""

    overall = radios(
        _("Overall, how was your experience of our service?"),
        OVERALL_CHOICES,
        what="how your experience was overall",
        error_messages={
            "required": _("Select how your experience was overall"),
            "invalid_choice": _("Select how your experience was overall"),
        },
    )
    why = text_field(
        _("Please tell us why you gave that answer"),
        max_length=WHY_MAX,
        named="Your answer",
        help_text=_("Optional. Please do not write your name or anyone else's."),
        error_messages={
            "max_length": filled(
                _("Your answer must be %(most)s characters or fewer"), most=WHY_MAX
            )
        },
    )
    talk_freely = radios(
        _("Could you talk freely?"),
        REPLY_CHOICES,
        what="an answer",
        required=False,
        error_messages=AN_ANSWER,
    )
    technology_worked = radios(
        _("Did the technology work?"),
        REPLY_CHOICES,
        what="an answer",
        required=False,
        error_messages=AN_ANSWER,
    )
    listened_to = radios(
        _("Did you feel listened to?"),
        REPLY_CHOICES,
        what="an answer",
        required=False,
        error_messages=AN_ANSWER,
    )
    choose_again = radios(
        _("Would you choose this way of meeting again?"),
        REPLY_CHOICES,
        what="an answer",
        required=False,
        error_messages=AN_ANSWER,
    )
    name = radios(
        _("Do you want to give your name with your answers?"),
        (
            (WITHOUT_NAME, _("No, keep my answers anonymous")),
            (WITH_NAME, _("Yes, my care team can see these answers are mine")),
        ),
        what="whether to give your name",
        help_text=_(
            "If you answer anonymously, your answers are kept apart from your records and "
            "no one in the team can tell they are yours. That also means no one can "
            "contact you about what you wrote."
        ),
        error_messages={
            "required": _("Select whether to give your name"),
            "invalid_choice": _("Select whether to give your name"),
        },
    )

    def __init__(self, *args: Any, request: FeedbackRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not answering.asks_about_the_contact(request):
            for name in ("talk_freely", "technology_worked", "listened_to", "choose_again"):
                del self.fields[name]
        elif not answering.asks_about_technology(request):
            del self.fields["technology_worked"]

    def given(self) -> answering.Given:
        data = self.cleaned_data
        return answering.Given(
            anonymous=data["name"] == WITHOUT_NAME,
            overall=data["overall"],
            why=data.get("why") or "",
            talk_freely=data.get("talk_freely") or "",
            technology_worked=data.get("technology_worked") or "",
            listened_to=data.get("listened_to") or "",
            choose_again=data.get("choose_again") or "",
        )


class PaperFormForm(FeedbackForm):
    """The same questions, for a team member typing in a paper form posted back:
    the name question asks what the person ticked."""

    def __init__(self, *args: Any, request: FeedbackRequest, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        name = self.fields["name"]
        assert isinstance(name, forms.ChoiceField)
        name.label = "Did they tick that the team can know these answers are theirs?"
        name.choices = [
            (WITHOUT_NAME, "No, or they did not tick either: keep the answers anonymous"),
            (WITH_NAME, "Yes, the team can know these answers are theirs"),
        ]
        name.help_text = (
            "If they did not say, enter the answers as anonymous. Anonymous answers are "
            "kept apart from their record, and no one can follow up what they wrote."
        )
        name.error_messages["required"] = "Select what they ticked about their name"
        self.fields["why"].help_text = "Type what they wrote, as they wrote it."


class ReferenceForm(forms.Form):
    reference = text_field(
        "Form reference",
        max_length=20,
        what="the form reference",
        required=True,
        help_text="Printed on the form after 'Please keep this form reference on it', "
        "for example BCDF-2345.",
    )


class NoteForm(forms.Form):
    team = forms.TypedChoiceField(
        label="Team",
        coerce=int,
        error_messages={
            "required": "Select a team",
            "invalid_choice": "Select a team from the list",
        },
    )
    you_said = text_field(
        "You said", max_length=NOTE_MAX, what="what people said", required=True, textarea_over=100
    )
    we_did = text_field(
        "We did", max_length=NOTE_MAX, what="what the team did", required=True, textarea_over=100
    )

    def __init__(self, *args: Any, teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(t.pk, t.name) for t in teams]
        if len(teams) == 1:
            field.initial = teams[0].pk

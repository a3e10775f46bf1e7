"""Answering a feedback link: no sign-in, once, before it expires.

A link is a capability, not an account, so its lookups live here rather than
in ``tandem.access`` (as for appointment links). It shows nothing about the
person or the contact beyond 'your recent contact', so it asks for no date of
birth: whoever holds it can only give feedback (HAZ-238).

Anonymous answers (ADR 0042): the ``Answer`` row gets no link to the person,
the contact or the request, its month is the contact's month, and the one
audit row says only that the person answered without their name; the row for
the answer itself names no answer id. The request is marked used with a day,
not a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from tandem.alerts.models import AlertKind
from tandem.alerts.raising import raise_alert
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.feedback import anonymising, equity
from tandem.feedback.models import (
    WHY_MAX,
    Answer,
    FeedbackRequest,
    NamedAnswer,
    Occasion,
    Overall,
    Reply,
)
from tandem.people.models import User
from tandem.preferences.codes import REMOTE_MODALITIES
from tandem.warnings import queries as warnings_queries
from tandem.warnings import screen
from tandem.web import tokens


class LinkNotUsable(Exception):
    """Forged, expired or used: the person is told only that it cannot be used."""


@dataclass(frozen=True)
class Given:
    """What the person said, as the form cleaned it."""

    anonymous: bool
    overall: str
    why: str = ""
    talk_freely: str = ""
    technology_worked: str = ""
    listened_to: str = ""
    choose_again: str = ""


@dataclass(frozen=True)
class Saved:
    anonymous: bool
    # Worrying words in what they wrote: an anonymous writer is shown the crisis
    # contacts at once, as no one can follow up (HAZ-235).
    worrying: bool
    team_id: int


def asks_about_technology(request: FeedbackRequest) -> bool:
    return request.occasion == Occasion.CONTACT and request.modality in REMOTE_MODALITIES


def asks_about_the_contact(request: FeedbackRequest) -> bool:
    return request.occasion == Occasion.CONTACT


def _usable(request: FeedbackRequest) -> bool:
    return request.used_on is None and request.expires_at > timezone.now()


def find(token: str) -> FeedbackRequest | None:
    """The request a token opens, or None if it cannot be used (whatever the reason)."""
    found = FeedbackRequest.objects.filter(token_hash=tokens.digest(token)).first()
    return found if found is not None and _usable(found) else None


def _checked(request: FeedbackRequest, given: Given) -> Given:
    if given.overall not in Overall.values:
        raise InvalidInput(gettext("Select how your experience was overall"), field="overall")
    if len(given.why) > WHY_MAX:
        raise InvalidInput(
            gettext("Your answer must be %(most)s characters or fewer") % {"most": f"{WHY_MAX:,}"},
            field="why",
        )
    asked = {
        "talk_freely": asks_about_the_contact(request),
        "technology_worked": asks_about_technology(request),
        "listened_to": asks_about_the_contact(request),
        "choose_again": asks_about_the_contact(request),
    }
    for name, is_asked in asked.items():
        value = getattr(given, name)
        if value and (not is_asked or value not in Reply.values):
            raise InvalidInput(gettext("Select one of the answers"), field=name)
    return given


@transaction.atomic
def give(*, request: FeedbackRequest, given: Given) -> Saved:
    """Save an answer and use up the link, all or nothing."""
    locked = (
        FeedbackRequest.objects.select_for_update()
        .select_related("service_user", "team")
        .get(pk=request.pk)
    )
    if not _usable(locked):
        raise LinkNotUsable
    return save(locked=locked, given=given)


def save(*, locked: FeedbackRequest, given: Given, entered_by: User | None = None) -> Saved:
    """Save the answer to ``locked`` (a request the caller locked and checked is
    unused) and mark it used. ``entered_by``: the team member typing in a paper
    form (``paper.enter``), who is told what the person ticked means."""
    given = _checked(locked, given)
    person = locked.service_user
    why = given.why.strip()
    decision = (
        screen.check(
            why,
            extra=warnings_queries.custom_phrases_for(locked.team_id),
            examples=warnings_queries.custom_examples_for(locked.team_id),
        )
        if why
        else None
    )
    worrying = decision is not None and decision.flagged
    contact_month = timezone.localdate(locked.created_at).replace(day=1)
    answer = Answer.objects.create(
        team_id=locked.team_id,
        occasion=locked.occasion,
        modality=locked.modality,
        month=contact_month,
        anonymous=given.anonymous,
        overall=given.overall,
        why=anonymising.anonymised(why, names=anonymising.names_of(person)),
        talk_freely=given.talk_freely,
        technology_worked=given.technology_worked,
        listened_to=given.listened_to,
        choose_again=given.choose_again,
        **equity.groups_of(person, on=timezone.localdate()),
    )
    locked.used_on = timezone.localdate()
    locked.save(update_fields=["used_on"])
    on_paper = " on paper, entered by staff," if entered_by is not None else ""
    if given.anonymous:
        # One row, about the request: the answer's own id is never written down.
        record(
            actor=entered_by,
            action=Action.UPDATE,
            obj=locked,
            what=f"Gave feedback{on_paper} without their name; "
            "it is kept apart and not linked to them",
        )
        return Saved(anonymous=True, worrying=worrying, team_id=locked.team_id)
    named = NamedAnswer.objects.create(answer=answer, request=locked, service_user=person)
    record(
        actor=entered_by,
        action=Action.CREATE,
        obj=named,
        what=f"Gave feedback{on_paper} with their name",
    )
    if worrying and decision is not None:
        about = ", ".join(c.label.lower() for c in decision.categories)
        found = (
            f"has words that may be about {about}."
            if about
            else f"could not be checked: {decision.not_read}"
        )
        raise_alert(
            team=locked.team,
            service_user=person,
            kind=AlertKind.WORRYING_WORDS,
            summary=f"Worrying words in {person.display_name}'s feedback",
            reasons=[
                f"{person.display_name} gave feedback{on_paper} with their name, "
                "and what they wrote " + found,
                f'They wrote: "{why[:400]}"',
                "Contact them and decide what to do.",
            ],
            about_key=f"feedback:{locked.pk}",
        )
    return Saved(anonymous=False, worrying=worrying, team_id=locked.team_id)

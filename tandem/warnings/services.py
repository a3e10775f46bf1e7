"""Every write for worrying words. Keyword-only, typed, atomic, audited.

``flag_message`` is called by ``tandem.messaging.services`` inside the
transaction that saves a message from a service user or carer, so a message
and its flag commit together. Messaging is the higher app, so it hands over
the message's values and ids and this app never imports it. Nothing here acts
on the person: a flag asks a member of staff to read the message sooner, and
they record what they did.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.access import scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.people.models import CareTeam, User
from tandem.warnings import detector, queries, screen, selectors
from tandem.warnings.models import (
    NOTE_MAX,
    PHRASE_MAX,
    REASON_MAX,
    CustomPhrase,
    Flag,
    FlagAction,
    FlagStatus,
    PhraseKind,
)
from tandem.warnings.phrases import Category


def check_message(body: str, *, team_id: int) -> detector.Decision:
    """Both layers and the language check, with the team's own phrases and
    examples. Writes nothing, so it can run before a transaction opens."""
    return screen.check(
        body,
        extra=queries.custom_phrases_for(team_id),
        examples=queries.custom_examples_for(team_id),
    )


@transaction.atomic
def flag_message(
    *,
    message_id: int,
    body: str,
    sent_at: dt.datetime,
    thread_id: int,
    team_id: int,
    service_user_id: int,
    decision: detector.Decision | None = None,
) -> Flag | None:
    """Check a message from a service user or carer; if it has worrying words,
    flag it so the thread goes to the top of the team's inbox.

    Both layers run (the phrase list and the meaning layer, ADR 0034), and a
    message surely not in English is flagged too, with the reason 'Written in
    Polish: not checked for worrying words; read it soon', so nobody takes
    'no flag' to mean 'checked'. Staff messages are not checked, and
    messaging does not send them here: staff quote and discuss risk as their
    job.

    ``decision``: ``check_message(body, team_id=...)``, when the caller ran it
    before opening its transaction (messaging does: the meaning layer takes
    tens of milliseconds, a long message more, and holds no lock meanwhile).
    """
    if decision is None:
        decision = check_message(body, team_id=team_id)
    if not decision.flagged:
        return None
    flag = Flag.objects.create(
        message_id=message_id,
        thread_id=thread_id,
        created_at=sent_at,
        matches=[hit.as_json() for hit in decision.hits],
        categories=",".join(str(c) for c in decision.categories)[:200],
        reasons="; ".join(decision.reasons)[:500],
    )
    # The words stay in the flag, for staff; the audit row (which the person
    # can read in 'Who has looked at my record') says only what happened.
    record(
        actor=None,
        action=Action.CREATE,
        obj=flag,
        subject_id=service_user_id,
        what="Asked the team to read a message sooner",
    )
    return flag


def _text(value: str, what: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(f"Enter {what}")
    if len(value) > limit:
        raise InvalidInput(f"{what[0].upper()}{what[1:]} must be {limit:,} characters or fewer")
    return value


@transaction.atomic
def close_flag(*, actor: User, flag: Flag, action: str, note: str) -> Flag:
    """Record what a member of the thread's team did about a flag, or that it
    was a false flag. Either way the thread no longer sorts first."""
    if action not in FlagAction.values:
        raise InvalidInput("Choose what you did")
    note = _text(note, "a note about what you did", NOTE_MAX)
    locked = (
        Flag.objects.select_for_update()
        .filter(pk=flag.pk, thread__team__in=scopes.teams_of(actor))
        .first()
    )
    if locked is None:
        raise PermissionDenied("This flag is not in your team's inbox.")
    if locked.status != FlagStatus.OPEN:
        raise InvalidInput("Someone has already recorded what was done about this message")
    false_flag = action == FlagAction.FALSE_FLAG
    locked.status = FlagStatus.FALSE_FLAG if false_flag else FlagStatus.ACTIONED
    locked.action = action
    locked.note = note
    locked.closed_by = actor
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "action", "note", "closed_by", "closed_at"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        subject_id=locked.thread.service_user_id,
        what=(
            "Marked a flagged message as a false flag"
            if false_flag
            else f"Recorded what was done about a flagged message: {locked.get_action_display()}"
        ),
    )
    return locked


def _scope_team(actor: User, team: CareTeam | None) -> None:
    if team is None:
        if not selectors.is_service_admin(actor):
            raise PermissionDenied("Only the service admin can add phrases for every team.")
    elif not scopes.managed_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied("Only the team's managers can add phrases for it.")


@transaction.atomic
def add_phrase(
    *,
    actor: User,
    words: str,
    category: str,
    reason: str,
    team: CareTeam | None,
    kind: str = PhraseKind.WORDS,
) -> CustomPhrase:
    """Add plain words (not a pattern) to the list, or an example statement to
    the meaning layer's bank, for one team or (service admin) for every team.
    Words are matched as whole words after the same folding as messages,
    negation included; an example flags sentences close to it in meaning,
    in any words, when they are not closer to an ordinary statement."""
    _scope_team(actor, team)
    if kind not in PhraseKind.values:
        raise InvalidInput("Choose whether these are words to look for or an example")
    words = " ".join(_text(words, "the words to look for", PHRASE_MAX).split())
    if category not in {c.value for c in Category}:
        raise InvalidInput("Choose what kind of words these are")
    reason = _text(reason, "why these words matter", REASON_MAX)
    folded = detector.fold(words).strip()
    if len(folded.replace(" ", "")) < 3 or not any(c.isalpha() for c in folded):
        raise InvalidInput("The words to look for must have at least 3 letters")
    if kind == PhraseKind.EXAMPLE and len(folded.split()) < 3:
        raise InvalidInput("Write the example as a sentence of at least 3 words")
    same_scope = CustomPhrase.objects.filter(team=team, retired_at__isnull=True, kind=kind)
    if any(detector.fold(p.words).strip() == folded for p in same_scope):
        raise InvalidInput("These words are already on the list")
    phrase = CustomPhrase.objects.create(
        team=team, kind=kind, words=words, category=category, reason=reason, added_by=actor
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=phrase,
        what=f"Added '{words}' to the worrying-words list for "
        f"{team.name if team else 'every team'}",
    )
    return phrase


@transaction.atomic
def retire_phrase(*, actor: User, phrase: CustomPhrase) -> CustomPhrase:
    """Stop looking for a phrase the service added. Flags it raised stay."""
    locked = (
        selectors.custom_phrases_managed_by(actor).select_for_update().filter(pk=phrase.pk).first()
    )
    if locked is None:
        raise PermissionDenied("You cannot change this phrase.")
    if locked.retired_at is not None:
        raise InvalidInput("This phrase is no longer on the list")
    locked.retired_at = timezone.now()
    locked.retired_by = actor
    locked.save(update_fields=["retired_at", "retired_by"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Took '{locked.words}' off the worrying-words list",
    )
    return locked

"""Reading flags and phrases, scoped through ``tandem.warnings.selectors``.

Threads are named by id: messaging, above this app, asks with its own rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from tandem.access import scopes
from tandem.people.models import CareTeam, User
from tandem.warnings import detector, meaning, selectors
from tandem.warnings.models import CustomPhrase, Flag, FlagStatus, PhraseKind
from tandem.warnings.phrases import Category


def threads_with_open_flags(team_ids: list[int]) -> QuerySet[Flag, Any]:
    """Ids of the teams' threads with an open flag, as a subquery."""
    return Flag.objects.filter(status=FlagStatus.OPEN, thread__team_id__in=team_ids).values(
        "thread_id"
    )


def _in_use_for(team_id: int | None, kind: PhraseKind) -> QuerySet[CustomPhrase, Any]:
    return (
        CustomPhrase.objects.filter(retired_at__isnull=True, kind=kind)
        .filter(Q(team__isnull=True) | Q(team_id=team_id))
        .order_by("pk")
    )


def custom_phrases_for(team_id: int | None) -> list[detector.Compiled]:
    """The service's own phrases that apply to a team's messages, ready to match."""
    return [
        detector.custom_phrase(p.key, p.words, Category(p.category), p.reason)
        for p in _in_use_for(team_id, PhraseKind.WORDS)
    ]


def custom_examples_for(team_id: int | None) -> list[meaning.Example]:
    """The example statements the service added to the meaning layer's bank
    that apply to a team's messages."""
    return [
        meaning.Example(p.key, Category(p.category), p.words)
        for p in _in_use_for(team_id, PhraseKind.EXAMPLE)
    ]


def open_flags_in_teams(team_ids: list[int]) -> dict[int, list[Flag]]:
    """Open flags of the teams' threads (the teams must be the user's), oldest
    first, by thread: the inbox's flagged count, flagged threads and each row's
    flags from one read (open flags are few; the inbox read every flagged thread
    already)."""
    found: dict[int, list[Flag]] = {}
    flags = Flag.objects.filter(status=FlagStatus.OPEN, thread__team_id__in=team_ids).order_by(
        "created_at"
    )
    for flag in flags:
        found.setdefault(flag.thread_id, []).append(flag)
    return found


def flags_in_thread(user: User, *, thread_id: int) -> list[Flag]:
    """Every flag in a thread, oldest first, for its staff page."""
    return list(
        selectors.flags_visible_to(user)
        .filter(thread_id=thread_id)
        .select_related("closed_by", "message")
        .order_by("created_at", "pk")
    )


@dataclass
class PhraseRow:
    key: str
    label: str
    category: str
    reason: str
    flagged: int
    false_flags: int
    custom: CustomPhrase | None = None


@dataclass
class PhraseReview:
    teams: list[CareTeam]
    is_admin: bool
    built_in: list[PhraseRow]
    custom: list[PhraseRow]
    retired: list[CustomPhrase]


def phrase_review(user: User) -> PhraseReview:
    """Each phrase with how often it flagged a message in the user's teams (all
    teams for the service admin) and how many of those staff marked false."""
    is_admin = selectors.is_service_admin(user)
    teams = list(scopes.managed_teams(user).order_by("name"))
    flags = Flag.objects.all() if is_admin else Flag.objects.filter(thread__team__in=teams)
    flagged: Counter[str] = Counter()
    false: Counter[str] = Counter()
    for status, matches in flags.values_list("status", "matches").iterator():
        for key in {str(m["key"]) for m in matches}:
            flagged[key] += 1
            if status == FlagStatus.FALSE_FLAG:
                false[key] += 1
    built_in = [
        PhraseRow(
            c.phrase.key,
            c.phrase.label,
            c.phrase.category.label,
            c.phrase.reason,
            flagged[c.phrase.key],
            false[c.phrase.key],
        )
        for c in detector.BUILT_IN
    ] + [
        PhraseRow(
            f"meaning-{c}",
            "Close in meaning to an example statement in the bank",
            c.label,
            "Says something like an example of this kind, in other words",
            flagged[f"meaning-{c}"],
            false[f"meaning-{c}"],
        )
        for c in Category
    ]
    everyones = Q() if is_admin else Q(team__isnull=True) | Q(team__in=teams)
    shown = CustomPhrase.objects.filter(everyones).select_related("team", "added_by")
    custom = [
        PhraseRow(p.key, p.label, p.category_label, p.reason, flagged[p.key], false[p.key], p)
        for p in shown.filter(retired_at__isnull=True).order_by("words", "pk")
    ]
    retired = list(shown.filter(retired_at__isnull=False).order_by("-retired_at")[:50])
    return PhraseReview(teams, is_admin, built_in, custom, retired)

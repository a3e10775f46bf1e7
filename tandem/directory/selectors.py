"""Reads for the directory of local support (ADR 0005).

The public reads need no sign-in and show only entries checked in time: an
entry past its check date is hidden from the public until someone checks it
(HAZ-226). Staff read every entry, with the overdue ones marked; the service
administrator keeps every entry, a team manager the entries of the teams they
manage. Anyone else asking for an entry to keep gets the same 404 as a missing
one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.access import scopes
from tandem.access.records import NOT_FOUND
from tandem.access.rules import is_manager, is_service_admin, is_staff_member
from tandem.directory import hours
from tandem.directory.models import Entry, OpeningTime, Tool
from tandem.errors import found_or_404
from tandem.people.models import CareTeam, User


class When:
    """The opening-time choices of the search form."""

    ANY = ""
    NOW = "now"
    EVENING = "evening"
    CHOICES = ((ANY, _("Any time")), (NOW, _("Open now")), (EVENING, _("Open this evening")))


@dataclass(frozen=True)
class Search:
    need: str = ""
    area: str = ""
    when: str = When.ANY

    @property
    def asked(self) -> bool:
        return bool(self.need or self.area or self.when)


def today() -> dt.date:
    return timezone.localdate()


def may_keep_directory(user: User) -> bool:
    return bool(user.is_authenticated and (is_service_admin(user) or is_manager(user)))


def teams_kept_by(user: User) -> QuerySet[CareTeam]:
    """Teams whose entries ``user`` keeps: every team for the administrator,
    the teams they manage for a team manager."""
    if not user.is_authenticated:
        return CareTeam.objects.none()
    if is_service_admin(user):
        return CareTeam.objects.order_by("name")
    return scopes.managed_teams(user).order_by("name")


def _with_hours(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    return entries.select_related("checked_by", "team").prefetch_related(
        Prefetch("hours", queryset=OpeningTime.objects.order_by("weekday"))
    )


def public_entries() -> QuerySet[Entry]:
    """What anyone may see: entries not past their check date."""
    return _with_hours(Entry.objects.filter(check_by__gte=today()))


def public_entry(*, pk: int) -> Entry:
    return found_or_404(public_entries().filter(pk=pk).first())


def entries_for_staff(user: User) -> QuerySet[Entry]:
    """Every entry, overdue ones included (marked on the page), for anyone on staff."""
    if not is_staff_member(user):
        return Entry.objects.none()
    return _with_hours(Entry.objects.all())


def entry_for_staff(user: User, *, pk: int) -> Entry:
    return found_or_404(entries_for_staff(user).filter(pk=pk).first())


def entries_kept_by(user: User) -> QuerySet[Entry]:
    if not may_keep_directory(user):
        return Entry.objects.none()
    if is_service_admin(user):
        return _with_hours(Entry.objects.all())
    return _with_hours(Entry.objects.filter(team__in=scopes.managed_teams(user)))


def may_keep(user: User, entry: Entry) -> bool:
    return entries_kept_by(user).filter(pk=entry.pk).exists()


def entry_to_keep(user: User, *, pk: int) -> Entry:
    return found_or_404(entries_kept_by(user).filter(pk=pk).first())


def needs_checking(user: User) -> list[Entry]:
    """The entries ``user`` keeps that are past their check date, oldest first."""
    return list(entries_kept_by(user).filter(check_by__lt=today()).order_by("check_by", "name"))


def search(entries: QuerySet[Entry], query: Search, *, now: dt.datetime) -> list[Entry]:
    """Entries matching need and area in the database; opening time in Python,
    as it is worked out on the UK wall clock from each entry's hours."""
    if query.need:
        entries = entries.filter(need=query.need)
    if query.area:
        entries = entries.filter(Q(area__icontains=query.area) | Q(address__icontains=query.area))
    found = list(entries.order_by("name", "pk"))
    if query.when == When.NOW:
        return [e for e in found if hours.is_open_at(e.hours.all(), now)]
    if query.when == When.EVENING:
        return [e for e in found if hours.is_open_in_evening(e.hours.all(), now)]
    return found


def tools_for_staff(user: User) -> QuerySet[Tool]:
    """The library of digital tools: every member of staff reads it."""
    if not is_staff_member(user):
        return Tool.objects.none()
    return Tool.objects.select_related("assessed_by")


def tool_for_staff(user: User, *, pk: int) -> Tool:
    return found_or_404(tools_for_staff(user).filter(pk=pk).first())


def tool_to_assess(user: User, *, pk: int) -> Tool:
    if not is_service_admin(user):
        raise Http404(NOT_FOUND)
    return tool_for_staff(user, pk=pk)


def recommendable_tools(user: User) -> list[Tool]:
    """Only tools met in every DTAC area, with a NICE tier, and not past their
    review date, may be recommended (HAZ-229)."""
    return [t for t in tools_for_staff(user) if not t.why_not_recommendable(today())]

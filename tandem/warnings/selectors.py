"""Who may see flags on messages and manage the service's own phrases.

- Flags: staff of the team whose inbox holds the thread, never the writer,
  a carer or another team. A flag is a note for staff; the writer is told
  at sign-up that messages are checked, and sees the crisis contacts at once.
- Custom phrases: a team manager manages their teams' phrases; the service
  admin manages phrases for every team.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.access import records, scopes
from tandem.people.models import User
from tandem.people.roles import Role
from tandem.warnings.models import CustomPhrase, Flag


def flags_visible_to(user: User) -> QuerySet[Flag]:
    if not user.is_authenticated or not user.is_active:
        return Flag.objects.none()
    if not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        return Flag.objects.none()
    return Flag.objects.filter(thread__team__in=scopes.teams_of(user))


def flag_for(user: User, *, pk: int, what: str) -> Flag:
    """One flag for ``user``, the read audited; 404 if missing or not theirs."""
    return records.fetch_one(
        flags_visible_to(user).select_related(
            "thread__team",
            "thread__service_user",
            "thread__carer",
            "message__author",
            "closed_by",
        ),
        actor=user,
        what=what,
        subject_of=lambda found: found.thread.service_user_id,
        pk=pk,
    )


is_service_admin = records.is_service_admin


def custom_phrases_managed_by(user: User) -> QuerySet[CustomPhrase]:
    """Phrases ``user`` may review and retire: their managed teams', and
    (for the service admin) every phrase."""
    if not user.is_authenticated or not user.is_active:
        return CustomPhrase.objects.none()
    if is_service_admin(user):
        return CustomPhrase.objects.all()
    return CustomPhrase.objects.filter(Q(team__in=scopes.managed_teams(user)))


def custom_phrase_for(user: User, *, pk: int) -> CustomPhrase:
    found = custom_phrases_managed_by(user).select_related("team").filter(pk=pk).first()
    if found is None:
        raise Http404(records.NOT_FOUND)
    return found

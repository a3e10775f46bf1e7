"""Reads for invitations, built on the access module's scopes (issue 23).

Staff reach a person's invitations only while the person is open to one of
their teams; anyone else gets the single 404. The holder of a link reaches
their invitation through ``services.find``, never through these.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from tandem.access import records, scopes
from tandem.access.records import NOT_FOUND
from tandem.errors import found_or_404
from tandem.invitations.models import MAX_FAILED_CHECKS, ContactChange, Invitation
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role

STAFF_ROLES = frozenset({Role.CLINICIAN, Role.MANAGER})


def _may_invite(user: User) -> bool:
    return user.is_authenticated and bool(user.roles & STAFF_ROLES)


# A person open to one of the user's teams, for its clinicians and managers, the
# read recorded as ``what``: the one rule in the access module.
person_for_staff = records.person_on_caseload


def invitations_of(person: ServiceUser) -> list[Invitation]:
    """A person's invitations, newest first; the caller has checked access."""
    return list(Invitation.objects.filter(service_user=person).select_related("created_by"))


def invitation_for_staff(user: User, *, pk: int) -> Invitation:
    """An invitation that can still be resent or stopped, for a person open to
    the user's teams; else 404."""
    return found_or_404(
        Invitation.objects.filter(
            pk=pk,
            accepted_at__isnull=True,
            service_user__in=scopes.caseload_of(user).values("pk"),
        )
        .select_related("service_user")
        .first()
        if _may_invite(user)
        else None
    )


@dataclass(frozen=True)
class OnPersonPage:
    """What the person page's include shows: whether they have an account, and
    their latest invitation."""

    has_account: bool
    latest: Invitation | None


def on_person_page(
    user: User, person: ServiceUser, treats: bool | None = None
) -> OnPersonPage | None:
    """For the person page (already opened, and audited, by the people app);
    None for anyone who may not invite this person, so nothing shows.

    ``treats``: the page's own answer, for this user and person, to the same
    question (a clinician or manager in one of the person's teams, the
    ``people.change_serviceuser`` rule), so it is not asked again; None asks."""
    if treats is None:
        treats = _may_invite(user) and scopes.caseload_of(user).filter(pk=person.pk).exists()
    if not treats:
        return None
    latest = Invitation.objects.filter(service_user=person).first()
    return OnPersonPage(has_account=person.user_id is not None, latest=latest)


def pending_change(user: User, *, pk: int) -> ContactChange:
    """The signed-in person's own contact change waiting for its code; else 404."""
    found = ContactChange.objects.filter(pk=pk, user=user, done_at__isnull=True).first()
    if found is None or found.failed_checks >= MAX_FAILED_CHECKS:
        raise Http404(NOT_FOUND)
    return found

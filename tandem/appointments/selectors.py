"""Reading appointments: what each person may see, and one appointment, audited.

Built on the access module's people-level scoping (teams, NOT_FOUND); views,
tasks and other apps read appointments through these and nothing else
(issue 23: each app keeps its selectors next to its models).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from tandem.access import scopes
from tandem.appointments.models import Appointment, AvailabilitySession
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import found_or_404
from tandem.people.models import CarerLink, User
from tandem.people.roles import Role


def _shared_with_carer(user: User) -> Exists:
    """The person has let this carer see their appointments, and the link stands."""
    return Exists(
        CarerLink.objects.filter(
            service_user=OuterRef("service_user"),
            carer__user=user,
            withdrawn_at__isnull=True,
            can_see_appointments=True,
        )
    )


def appointments_visible_to(user: User) -> QuerySet[Appointment]:
    """Appointments of the user's teams (staff), their own (service users), or of
    people who let them see appointments (carers)."""
    if not user.is_authenticated or not user.is_active:
        return Appointment.objects.none()
    roles = user.roles
    condition: Any = Q(pk__in=[])
    if Role.SERVICE_USER in roles:
        condition |= Q(service_user__user=user)
    if Role.CARER in roles:
        condition |= _shared_with_carer(user)
    if roles & {Role.CLINICIAN, Role.MANAGER}:
        condition |= Q(team__in=scopes.teams_of(user))
    return Appointment.objects.filter(condition).select_related(
        "service_user", "clinician__user", "appointment_type", "site", "room", "team"
    )


def own_appointments(user: User) -> QuerySet[Appointment]:
    """A service user's own appointments, and never those of people they care for."""
    if not user.is_authenticated or not user.is_active or Role.SERVICE_USER not in user.roles:
        return Appointment.objects.none()
    return Appointment.objects.filter(service_user__user=user).select_related(
        "clinician__user", "appointment_type", "site", "room", "team", "group_session__programme"
    )


def appointments_shared_with_carer(user: User) -> QuerySet[Appointment]:
    """Appointments of people who let this carer see them, while the link stands."""
    if not user.is_authenticated or not user.is_active or Role.CARER not in user.roles:
        return Appointment.objects.none()
    return Appointment.objects.filter(_shared_with_carer(user)).select_related(
        "site", "group_session__programme"
    )


def availability_sessions_manageable_by(user: User) -> QuerySet[AvailabilitySession]:
    """Recurring sessions ``user`` may change: their own, and those in teams they manage."""
    if not user.is_authenticated or not user.is_staff_member:
        return AvailabilitySession.objects.none()
    return AvailabilitySession.objects.filter(
        Q(staff=user.staff) | Q(team__in=scopes.managed_teams(user))
    ).select_related("staff__user", "team", "site", "room")


def appointment_for(user: User, *, pk: int, what: str) -> Appointment:
    """Open one appointment for ``user``, recording the read as ``what``."""
    found = found_or_404(appointments_visible_to(user).filter(pk=pk).first())
    record(actor=user, action=Action.VIEW, obj=found, what=what)
    return found

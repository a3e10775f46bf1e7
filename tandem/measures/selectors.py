"""Who may see which questionnaires, answers and schedules (moved here from
tandem.access.measures, issue 23).

- The service user: their own schedules and answers, always (their own reads
  are not audited).
- Staff (clinicians and managers): the answers and schedules of people open
  to a team they work in, each read audited so the person sees it in 'who
  has looked at my record'.
- The service admin: the instruments (questionnaire definitions), to add and
  retire; never anyone's answers.
- Carers see nothing here: answers are the person's to share in person.

Everyone else gets the same 404 as something that does not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.access import records, scopes
from tandem.diary.models import CheckInSchedule, ScheduleKind
from tandem.errors import found_or_404
from tandem.measures.models import Instrument, Response
from tandem.people.models import CareTeam, ServiceUser, User
from tandem.people.roles import Role
from tandem.safety import selectors as safety_selectors

# --- Instruments (not personal data) -----------------------------------------------


def instruments_in_use() -> QuerySet[Instrument]:
    """Instruments that may be answered now."""
    return Instrument.objects.filter(retired_at__isnull=True).order_by("code", "-version")


def instrument_in_use(*, pk: int) -> Instrument:
    return found_or_404(instruments_in_use().filter(pk=pk).first())


is_service_admin = records.is_service_admin


def instruments_for_admin(user: User) -> QuerySet[Instrument]:
    if not is_service_admin(user):
        return Instrument.objects.none()
    return Instrument.objects.select_related("added_by").order_by("code", "-version")


def instrument_for_admin(user: User, *, pk: int) -> Instrument:
    return found_or_404(instruments_for_admin(user).filter(pk=pk).first())


# --- The service user's own -------------------------------------------------------


own_person = records.own_person


def own_schedules(user: User) -> QuerySet[CheckInSchedule]:
    """The signed-in person's questionnaire schedules that are still running."""
    if not user.is_authenticated or Role.SERVICE_USER not in user.roles:
        return CheckInSchedule.objects.none()
    return CheckInSchedule.objects.filter(
        service_user__user=user,
        kind=ScheduleKind.QUESTIONNAIRE,
        ended_at__isnull=True,
        instrument__retired_at__isnull=True,
    ).select_related("instrument", "team")


def own_schedule(user: User, *, pk: int) -> CheckInSchedule:
    return found_or_404(own_schedules(user).filter(pk=pk).first())


def own_responses(user: User) -> QuerySet[Response]:
    if not user.is_authenticated or Role.SERVICE_USER not in user.roles:
        return Response.objects.none()
    return Response.objects.filter(service_user__user=user).select_related("instrument")


def own_response(user: User, *, pk: int) -> Response:
    return found_or_404(own_responses(user).select_related("team").filter(pk=pk).first())


# --- Staff ---------------------------------------------------------------------------


# A person open to one of the user's teams, the read recorded as ``what``.
person_for_staff = safety_selectors.person_for_staff


def responses_for_staff(user: User) -> QuerySet[Response]:
    """Answers of people open to the user's teams."""
    if not user.is_authenticated or not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        return Response.objects.none()
    return Response.objects.filter(
        service_user__in=scopes.caseload_of(user).values("pk")
    ).select_related("instrument", "service_user", "submitted_by", "team")


def response_for_staff(user: User, *, pk: int, what: str) -> Response:
    return records.fetch_one(
        responses_for_staff(user),
        actor=user,
        what=what,
        pk=pk,
    )


def schedules_for_staff(user: User) -> QuerySet[CheckInSchedule]:
    """Running questionnaire schedules of people open to the user's teams."""
    if not user.is_authenticated or not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        return CheckInSchedule.objects.none()
    return CheckInSchedule.objects.filter(
        kind=ScheduleKind.QUESTIONNAIRE,
        ended_at__isnull=True,
        service_user__in=scopes.caseload_of(user).values("pk"),
    ).select_related("instrument", "team", "service_user", "agreed_by")


def schedule_for_staff(user: User, *, pk: int) -> CheckInSchedule:
    return found_or_404(schedules_for_staff(user).filter(pk=pk).first())


def teams_for_person(user: User, person: ServiceUser) -> list[CareTeam]:
    """The user's teams that ``person`` is open to, in name order."""
    open_to = scopes.open_entries_in_teams(scopes.teams_of(user)).filter(service_user=person)
    return list(CareTeam.objects.filter(pk__in=open_to.values("team_id")).order_by("name"))

"""Group programme pages for managers, facilitators and clinicians (ADR 0053).

Members see their sessions among their appointments; these pages are staff's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import scopes
from tandem.appointments.models import Status
from tandem.appointments.services import Outcome
from tandem.groups import (
    checks,
    enrolling,
    leaving,
    registers,
    selectors,
    session_changes,
    setting_up,
)
from tandem.groups.forms import EnrolForm, ProgrammeForm, ReasonForm, RegisterForm, SessionForm
from tandem.groups.models import EnrolmentState, JoinsBy
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.forms import form_page, submit_form


@require_GET
@role_required(*STAFF)
def programmes(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "groups/programmes.jinja",
        {
            "title": "Groups",
            "programmes": list(
                selectors.programmes_visible_to(user).select_related("team").order_by("name")
            ),
            "can_create": scopes.managed_teams(user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ProgrammeForm(
        request.POST or None,
        teams=scopes.managed_teams(user),
        staff=selectors.facilitators_for(user=user),
    )

    def save(data: dict[str, Any]) -> Any:
        first = timezone.make_aware(dt.datetime.combine(data["first_day"], data["starts"]))
        return setting_up.create_programme(
            actor=user,
            new=setting_up.NewProgramme(
                team=data["team"],
                name=data["name"],
                purpose=data["purpose"],
                capacity=data["capacity"],
                way=data["way"],
                facilitators=list(data["facilitators"]),
                site=data["site"],
                room=None,
                first_starts_at=first,
                minutes=data["minutes"],
                sessions=data["sessions"],
            ),
        )

    return submit_form(
        request,
        form,
        save=save,
        then=lambda programme: redirect("groups:programme", programme.pk),
        success="Group set up",
        template="groups/create.jinja",
        title="Set up a group",
    )


def _enrol_form(request: HttpRequest, programme: Any, user: Any) -> EnrolForm:
    ways = [
        (value, label)
        for value, label in JoinsBy.choices
        if (value == JoinsBy.ROOM and programme.meets_in_a_room)
        or (value == JoinsBy.VIDEO and programme.meets_by_video)
    ]
    return EnrolForm(
        request.POST or None,
        people=selectors.people_to_enrol(user=user, programme=programme),
        joins_by=ways,
    )


def _offer_the_room(user: Any, programme: Any) -> list[Any]:
    """People who told us they cannot take part by video from home: the enrol
    form names them so the clinician offers them the room (HAZ-296)."""
    people = list(selectors.people_to_enrol(user=user, programme=programme)[:200])
    return enrolling.people_to_offer_the_room(people)


@require_GET
@role_required(*STAFF)
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.programme_for(user=user, programme_id=pk)
    enrolments = selectors.enrolments_of(programme=found)
    sessions = list(found.sessions.select_related("site"))
    now = timezone.now()
    return render(
        request,
        "groups/programme.jinja",
        {
            "title": found.name,
            "programme": found,
            "sessions": sessions,
            # Sessions whose group call the facilitators can open from here now.
            "calls": {s.pk for s in sessions if selectors.call_can_open(session=s, now=now)},
            "members": [e for e in enrolments if e.state == EnrolmentState.ENROLLED],
            "waiting": [e for e in enrolments if e.state == EnrolmentState.WAITING],
            "facilitators": list(found.facilitators.select_related("user")),
            "runs_it": checks.programme_is_run_by(user, found),
            "form": _enrol_form(request, found, user),
            "offer_the_room": _offer_the_room(user, found),
            "now": now,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.programme_for(user=user, programme_id=pk)

    def save(data: dict[str, Any]) -> enrolling.EnrolResult:
        result = enrolling.enrol(
            actor=user,
            programme=found,
            service_user=data["service_user"],
            joins_by=data["joins_by"],
        )
        for note in result.notes:
            messages.info(request, note)
        return result

    def said(result: enrolling.EnrolResult) -> str:
        person = result.enrolment.service_user.display_name
        if result.enrolment.state == EnrolmentState.WAITING:
            return f"{person} added to the waiting list"
        return f"{person} enrolled: their sessions are booked and they have been sent the times"

    return submit_form(
        request,
        _enrol_form(request, found, user),
        save=save,
        then=lambda result: redirect("groups:programme", found.pk),
        success=said,
        template="groups/enrol.jinja",
        title=f"Enrol someone in {found.name}",
        programme=found,
        offer_the_room=_offer_the_room(user, found),
    )


def _for_a_reason(
    request: HttpRequest,
    *,
    save: Callable[[str], object],
    programme_id: int,
    success: str,
    template: str,
    **context: Any,
) -> HttpResponse:
    """A page that asks only why (a member leaving, a session cancelled), then
    goes back to the programme."""
    return submit_form(
        request,
        ReasonForm(request.POST or None),
        save=lambda data: save(data["reason"]),
        then=lambda _: redirect("groups:programme", programme_id),
        success=success,
        template=template,
        **context,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    place = selectors.enrolment_for_staff(user=user, enrolment_id=pk)
    return _for_a_reason(
        request,
        save=lambda reason: leaving.leave(actor=user, enrolment=place, reason=reason),
        programme_id=place.programme_id,
        success=f"{place.service_user.display_name} has left the group",
        template="groups/leave.jinja",
        title=f"Take {place.service_user.display_name} out of {place.programme.name}",
        place=place,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def add_session(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.programme_run_by(user=user, programme_id=pk)

    def save(data: dict[str, Any]) -> session_changes.AddedSession:
        added = session_changes.add_session(
            actor=user,
            programme=found,
            starts_at=timezone.make_aware(dt.datetime.combine(data["day"], data["starts"])),
            minutes=data["minutes"],
        )
        # Each member left out is named, as enrolling names a clash.
        for clash in added.clashes:
            messages.warning(request, clash)
        return added

    def said(added: session_changes.AddedSession) -> str:
        members = "1 member" if added.booked == 1 else f"{added.booked} members"
        told = f"Session added. {members} booked and sent the time."
        if added.clashes:
            told += " Some members have no place because of a clash: the facilitators have a task."
        return told

    return submit_form(
        request,
        SessionForm(request.POST or None),
        save=save,
        then=lambda added: redirect("groups:programme", found.pk),
        success=said,
        template="groups/add_session.jinja",
        title=f"Add a session to {found.name}",
        programme=found,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def cancel_session(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    session = selectors.session_for_facilitator(user=user, session_id=pk)
    return _for_a_reason(
        request,
        save=lambda reason: session_changes.cancel_session(
            actor=user, session=session, reason=reason
        ),
        programme_id=session.programme_id,
        success="Session cancelled. Every member has been told.",
        template="groups/cancel_session.jinja",
        title="Cancel a session",
        session=session,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    session = selectors.session_for_facilitator(user=user, session_id=pk)
    booked = set(
        session.appointments.filter(status=Status.BOOKED).values_list("service_user_id", flat=True)
    )
    members = [m for m in selectors.members_of(session=session) if m.service_user_id in booked]
    form = RegisterForm(request.POST or None, members=members)

    def save(data: dict[str, Any]) -> int:
        marks = [
            registers.Mark(
                enrolment=m,
                outcome=Outcome(
                    attendance=data[f"attendance_{m.pk}"],
                    technical_failure=data[f"technical_{m.pk}"],
                    switched_to=data[f"switched_{m.pk}"],
                    switched_by=data[f"switched_by_{m.pk}"],
                ),
            )
            for m in members
        ]
        return registers.take_register(actor=user, session=session, marks=marks)

    if request.method == "GET" and session.starts_at > timezone.now():
        return form_page(
            request, "groups/register.jinja", "Register", form, session=session, too_early=True
        )
    return submit_form(
        request,
        form,
        save=save,
        then=lambda count: redirect("groups:programme", session.programme_id),
        success=lambda count: f"Register saved for {count} members",
        template="groups/register.jinja",
        title="Register",
        session=session,
        too_early=session.starts_at > timezone.now(),
    )

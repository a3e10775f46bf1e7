"""The link in a video appointment's messages that takes a person without an
account into their call, after their date of birth.

The token is random and only its SHA-256 is stored. A link works while its
call is open, as often as needed (a dropped call is rejoined the same way), and
stops after five wrong dates of birth. Forged, locked and finished links all
look the same to whoever holds them.

A member's place in a group that meets by video gets the same link, opened
under the group call's address (``groupcall:person-link``, named only, since
groupcall sits above consult); each kind of link opens only its own kind of call.

Imported by ``tandem.appointments.notices`` when it writes the messages, so this
module needs nothing from the call's services. ``date_of_birth_page`` is the page
behind both kinds of link, so the check is written once for both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.appointments import dob_check
from tandem.appointments.forms_person import WRONG_DATE_OF_BIRTH, DateOfBirthForm
from tandem.appointments.models import Appointment, AppointmentModality
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.consult.calls import is_open
from tandem.consult.models import JoinLink
from tandem.consult.window import Over, closes_at, opens_at, over
from tandem.people.models import User
from tandem.web import tokens
from tandem.web.forms import form_page

MAX_FAILED_CHECKS = 5


class LinkNotUsable(Exception):
    """The link is forged, locked or its call is over."""


def _usable(link: JoinLink, now: dt.datetime) -> bool:
    appointment = link.appointment
    return (
        link.failed_checks < MAX_FAILED_CHECKS
        and appointment.modality == AppointmentModality.VIDEO
        and appointment.is_booked
        and not appointment.switched_to
        and closes_at(appointment) > now
    )


@transaction.atomic
def issue(*, appointment: Appointment, actor: User | None) -> str:
    """Make a join link for ``appointment`` and return its path; the token is not kept.
    A group place's link opens the group's call, never a one-to-one call."""
    token = tokens.new_token()
    link = JoinLink.objects.create(appointment=appointment, token_hash=tokens.digest(token))
    record(
        actor=actor,
        action=Action.CREATE,
        obj=link,
        subject_id=appointment.service_user_id,
        what="Made a link to join a video appointment for a person without an account",
    )
    name = "groupcall:person-link" if appointment.group_session_id else "consult:person-link"
    return reverse(name, kwargs={"token": token})


def _by_token(token: str) -> JoinLink | None:
    return (
        JoinLink.objects.filter(token_hash=tokens.digest(token))
        .select_related(
            "appointment__service_user",
            "appointment__clinician__user",
            "appointment__appointment_type",
        )
        .first()
    )


def find(token: str, *, group: bool = False) -> JoinLink | None:
    """The link a token opens, or None if it does not work (for whatever reason).
    ``group``: a link to a group place (True) or to a one-to-one call (False)."""
    link = _by_token(token)
    if link is None or not _usable(link, timezone.now()):
        return None
    if bool(link.appointment.group_session_id) != group:
        return None
    return link


def find_over(token: str) -> tuple[JoinLink, Over] | None:
    """A real, unlocked link whose call is over (cancelled or ended), so its holder is
    told that rather than that the link does not work. The page says no more than the
    reminder did: the appointment's date."""
    link = _by_token(token)
    if (
        link is None
        or link.failed_checks >= MAX_FAILED_CHECKS
        or link.appointment.modality != AppointmentModality.VIDEO
        or link.appointment.group_session_id
    ):
        return None
    why = over(link.appointment)
    return None if why is None else (link, why)


@transaction.atomic
def check_date_of_birth(*, link: JoinLink, date_of_birth: dt.date) -> bool:
    """True if the date matches; a wrong date counts towards locking the link."""
    locked = (
        JoinLink.objects.select_for_update()
        .select_related("appointment__service_user")
        .get(pk=link.pk)
    )
    if not _usable(locked, timezone.now()):
        raise LinkNotUsable
    return dob_check.check(
        link=locked,
        date_of_birth=date_of_birth,
        limit=MAX_FAILED_CHECKS,
        what="a link to join a video appointment",
    )


def locked_links(appointment: Appointment) -> int:
    """How many of the appointment's join links stopped after wrong dates of birth,
    so staff can ring the person rather than wait."""
    return JoinLink.objects.filter(
        appointment=appointment, failed_checks__gte=MAX_FAILED_CHECKS
    ).count()


# --- The page behind the link ------------------------------------------------------


def not_working(request: HttpRequest) -> HttpResponse:
    """The one answer for forged, locked and finished links, and for a link to a
    place its holder no longer has."""
    return render(
        request,
        "consult/person_link_dead.jinja",
        {"title": _("This link does not work")},
        status=404,
    )


def date_of_birth_page(
    request: HttpRequest,
    *,
    link: JoinLink,
    token: str,
    admit: Callable[[], HttpResponse],
) -> HttpResponse:
    """Before the call opens, when to come back; once it is open, the date of birth.
    The right date calls ``admit`` (which lets the holder in and says where next);
    a wrong one is counted and asked again until the link locks."""
    appointment = link.appointment
    if not is_open(appointment):
        # Nothing to check yet: say when to come back, and ask nothing.
        return render(
            request,
            "consult/person_link.jinja",
            {
                "title": _("Your video appointment"),
                "appointment": appointment,
                "is_open": False,
                "opens_at": opens_at(appointment),
            },
        )
    form = DateOfBirthForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            right = check_date_of_birth(link=link, date_of_birth=form.cleaned_data["date_of_birth"])
        except LinkNotUsable:
            return not_working(request)
        if right:
            return admit()
        if find(token, group=bool(appointment.group_session_id)) is None:
            return not_working(request)
        form.add_error("date_of_birth", WRONG_DATE_OF_BIRTH)
    return form_page(
        request,
        "consult/person_link.jinja",
        _("Check it is you"),
        form,
        appointment=appointment,
        is_open=True,
    )

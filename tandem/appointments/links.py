"""Single-use links for people without an account to confirm, move or cancel one
appointment.

The token is random and only its SHA-256 is stored (``tandem.web.tokens``),
so a copy of the database cannot be turned into working links. A link works
until the appointment starts or for 14 days, whichever is sooner; it asks for
the person's date of birth first and stops working after five wrong dates;
doing anything with it uses it up. Forged, expired, used and locked links all
look the same to the person holding them.

A link is a capability, not an account: the lookups for it live here rather
than in ``tandem.access``, because there is no signed-in user to scope by.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from tandem.access import scopes
from tandem.appointments import dob_check, notices, self_service, services
from tandem.appointments.models import Appointment, BookedVia, SelfServiceLink
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.notify import services as notify
from tandem.notify.recipients import language_of
from tandem.notify.templates import TEMPLATES
from tandem.people.models import StaffMember, User
from tandem.web import tokens
from tandem.web.links import full_url

LIFETIME = dt.timedelta(days=14)
MAX_FAILED_CHECKS = 5
CHECKED_FOR = dt.timedelta(minutes=15)
SESSION_KEY = "appointments.link"


class LinkNotUsable(Exception):
    """The link is forged, expired, used or locked; the person is told only that it
    does not work."""


def _usable(link: SelfServiceLink, now: dt.datetime) -> bool:
    appointment = link.appointment
    return (
        link.used_at is None
        and link.failed_checks < MAX_FAILED_CHECKS
        and link.expires_at > now
        and appointment.is_booked
        and not appointment.has_outcome
        and appointment.starts_at > now
    )


@transaction.atomic
def issue_link(*, appointment: Appointment, actor: User | None) -> str:
    """Make a link for ``appointment`` and return its path; the token is not kept."""
    return _issue(appointment, actor)[1]


def _issue(appointment: Appointment, actor: User | None) -> tuple[SelfServiceLink, str]:
    token = tokens.new_token()
    now = timezone.now()
    link = SelfServiceLink.objects.create(
        appointment=appointment,
        token_hash=tokens.digest(token),
        created_at=now,
        expires_at=min(appointment.starts_at, now + LIFETIME),
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=link,
        subject_id=appointment.service_user_id,
        what="Made a single-use link to confirm, move or cancel an appointment",
    )
    return link, reverse("appointments:link", kwargs={"token": token})


@transaction.atomic
def send_link(*, actor: User, appointment: Appointment) -> SelfServiceLink:
    """Staff send the person a link by their usual way of getting messages."""
    if (
        not scopes.caseload_entries_of(actor)
        .filter(service_user_id=appointment.service_user_id, team=appointment.team)
        .exists()
    ):
        raise PermissionDenied("You can only send links to people open to your teams.")
    self_service.check_changeable(appointment)
    link, path = _issue(appointment, actor)
    # Written in the person's language, as the message will be (ADR 0061).
    with translation.override(language_of(appointment.service_user)):
        values = {**notices.personalisation(appointment), "link": full_url(path)}
    accepts = TEMPLATES["self_service_link"].accepts
    notify.queue_message(
        actor=actor,
        recipient=appointment.service_user,
        template="self_service_link",
        personalisation={k: v for k, v in values.items() if k in accepts},
        about_key=appointment.about_key,
        idempotency_key=f"{appointment.about_key}:link:{link.pk}",
        team=appointment.team,
    )
    return link


# --- Using a link ---------------------------------------------------------------------


def find(token: str) -> SelfServiceLink | None:
    """The link a token opens, or None if it does not work (for whatever reason)."""
    link = (
        SelfServiceLink.objects.filter(token_hash=tokens.digest(token))
        .select_related("appointment__site", "appointment__team", "appointment__appointment_type")
        .first()
    )
    if link is None or not _usable(link, timezone.now()):
        return None
    return link


def _locked(link: SelfServiceLink) -> SelfServiceLink:
    locked = (
        SelfServiceLink.objects.select_for_update()
        .select_related("appointment__service_user")
        .get(pk=link.pk)
    )
    if not _usable(locked, timezone.now()):
        raise LinkNotUsable
    return locked


@transaction.atomic
def check_date_of_birth(*, link: SelfServiceLink, date_of_birth: dt.date) -> bool:
    """True if the date matches; a wrong date counts towards locking the link."""
    return dob_check.check(
        link=_locked(link),
        date_of_birth=date_of_birth,
        limit=MAX_FAILED_CHECKS,
        what="a single-use appointment link",
    )


def remember_checked(session: SessionBase, link: SelfServiceLink) -> None:
    session.cycle_key()
    session[SESSION_KEY] = {
        "link": link.token_hash,
        "until": (timezone.now() + CHECKED_FOR).isoformat(),
    }


def is_checked(session: SessionBase, link: SelfServiceLink) -> bool:
    """Whether this session gave the right date of birth for this link in the last
    15 minutes."""
    held = session.get(SESSION_KEY)
    if not isinstance(held, dict) or held.get("link") != link.token_hash:
        return False
    try:
        until = dt.datetime.fromisoformat(str(held.get("until")))
    except ValueError:
        return False
    return timezone.now() < until


def forget(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)


def _use(link: SelfServiceLink, what: str) -> Appointment:
    locked = _locked(link)
    locked.used_at = timezone.now()
    locked.used_for = what
    locked.save(update_fields=["used_at", "used_for"])
    return locked.appointment


@transaction.atomic
def confirm_by_link(*, link: SelfServiceLink) -> Appointment:
    """The caller has checked the date of birth in this session."""
    appointment = _use(link, "confirm")
    return services.confirm(actor=None, appointment=appointment, via=BookedVia.LINK)


@transaction.atomic
def cancel_by_link(*, link: SelfServiceLink, reason: str) -> Appointment:
    appointment = _use(link, "cancel")
    return services.cancel(
        actor=None, appointment=appointment, by_person=True, reason=reason, via=BookedVia.LINK
    )


@transaction.atomic
def move_by_link(
    *, link: SelfServiceLink, clinician: StaffMember, starts_at: dt.datetime, modality: str
) -> Appointment:
    """Move under the same rules as self-booking; the link is used only if it works."""
    appointment = _use(link, "move")
    return self_service.move_within_rules(
        actor=None,
        person=appointment.service_user,
        appointment=appointment,
        clinician=clinician,
        starts_at=starts_at,
        modality=modality,
        via=BookedVia.LINK,
    )

"""What appointments tell people, through the one notify service.

Called inside the transaction that changed the appointment, so a message is
committed with its cause. Texts live in ``tandem.notify.templates`` and carry
only the date, time and how to join or where to go: never the kind of
appointment, the clinician's profession or anything else clinical.

The values filled in (the date, how to join) are written here, in each
recipient's language (``notify.recipients.language_of``), when the message is
queued: the message is then read in the same language when it is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.appointments.calendar import ics_for
from tandem.appointments.models import Appointment, AppointmentModality
from tandem.notify import services as notify
from tandem.notify.recipients import languages_of
from tandem.notify.templates import CARER_COPIES, TEMPLATES, clinical_words_in
from tandem.people.models import CarerLink, ServiceUser, User
from tandem.web.links import full_url, full_url_for

DEFAULT_REMINDER_DAYS = (7, 1)

# Join links for people without an account belong to consult, which sits above
# appointments; it registers its maker here when the app is ready
# (ConsultConfig.ready), so appointments need not import it (issue 23).
JoinLinkIssuer = Callable[..., str]
_join_link_issuers: list[JoinLinkIssuer] = []


def register_join_link_issuer(issuer: JoinLinkIssuer) -> None:
    """Called once by consult: ``issuer(appointment=, actor=)`` returns a link's path."""
    _join_link_issuers[:] = [issuer]


def _issue_join_link(*, appointment: Appointment, actor: User | None) -> str:
    if not _join_link_issuers:
        raise RuntimeError("No join link maker registered: is tandem.consult installed?")
    return _join_link_issuers[0](appointment=appointment, actor=actor)


def reminder_days() -> tuple[int, ...]:
    return tuple(getattr(settings, "NOTIFY_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


# A group's place is joined in the group's own call (tandem.groupcall, above
# appointments: only its URL name is used here), signed in or, without an
# account, by a join link; the group's name is left out of every message (it can
# say what care is for).
GROUP_VIDEO = N_(
    "This is a group video call. Sign in to Tandem a few minutes before and choose "
    "'Join the group video call'."
)


def how_to_join(appointment: Appointment) -> str:
    """In the active language; the place's name, address and directions are
    the service's own words and stay as written."""
    if appointment.modality == "video" and appointment.group_session_id:
        return gettext(GROUP_VIDEO)
    if appointment.modality == "video":
        return gettext(
            "This is a video call. Sign in to Tandem a few minutes before and choose "
            "'Join video call', or use the link in your reminder."
        )
    if appointment.modality == "phone":
        return gettext("This is a phone call. We will call you on the number we have for you.")
    site = appointment.site
    if site is None:
        return gettext("This appointment is in person.")
    where = gettext("This appointment is in person at %(place)s.") % {
        "place": f"{site.name}, {site.address}, {site.postcode}"
    }
    return f"{where} {site.directions}".strip()


# A carer's copy of a video appointment's message: the person's way in is theirs alone.
CARER_VIDEO = N_(
    "This is a video call. If you are joining too, the care team will send you your own link."
)


def how_the_person_joins(appointment: Appointment, *, actor: User | None) -> str:
    """The person's own copy: for a video call, their way in. Someone with an
    account signs in; someone without one gets a join link that asks for their
    date of birth (made now, so every message carries a link of its own)."""
    if appointment.modality != AppointmentModality.VIDEO:
        return how_to_join(appointment)
    if appointment.group_session_id and appointment.service_user.user_id is not None:
        return gettext(
            "This is a group video call. A few minutes before, sign in and join here: %(link)s"
        ) % {"link": full_url_for("groupcall:join", appointment.group_session_id)}
    if appointment.service_user.user_id is not None:
        return gettext(
            "This is a video call. A few minutes before, sign in and join here: %(link)s"
        ) % {"link": full_url_for("consult:join", appointment.pk)}
    path = _issue_join_link(appointment=appointment, actor=actor)
    if appointment.group_session_id:
        words = gettext(
            "This is a group video call. A few minutes before, join here: %(link)s "
            "We will ask for your date of birth."
        )
    else:
        words = gettext(
            "This is a video call. A few minutes before, join here: %(link)s "
            "We will ask for your date of birth."
        )
    return words % {"link": full_url(path)}


def _clock(local: dt.datetime) -> str:
    """'10:30am' in English; the 24-hour clock in Welsh and Arabic, which
    needs no translated 'am' and 'pm' and cannot be misread."""
    if translation.get_language() in ("en-gb", "en"):
        return f"{local:%-I:%M%p}".lower().replace(":00", "")
    return f"{local:%H:%M}"


def personalisation(appointment: Appointment) -> dict[str, str]:
    """The values, in the active language (day and month names from Django's
    own translations)."""
    local = timezone.localtime(appointment.starts_at)
    return {
        "date": dateformat.format(local, "l j F Y"),
        "time": _clock(local),
        "how_to_join": how_to_join(appointment),
        "link": full_url_for("people:home"),
    }


def name_for_carer(person: ServiceUser) -> str:
    """Whose appointment a carer's copy is about: the name the service uses.

    A name that happens to contain a word the messages must never carry would
    stop the message (and the booking with it), so such a name falls back to
    the first name, then to words that name no one.
    """
    for name in (person.display_name, person.preferred_name or person.given_name):
        if name.strip() and not clinical_words_in(name):
            return name.strip()
    return "the person you support"


def _carer_links(appointment: Appointment) -> list[CarerLink]:
    """Carers the person has agreed may be reminded of appointments."""
    return list(
        CarerLink.objects.filter(
            service_user_id=appointment.service_user_id,
            withdrawn_at__isnull=True,
            can_get_reminders=True,
        ).select_related("carer")
    )


def _send(
    appointment: Appointment,
    *,
    actor: User | None,
    template: str,
    key: str,
    send_after: dt.datetime | None = None,
    calendar: bytes | None = None,
) -> None:
    accepts = TEMPLATES[template].accepts
    # A message held for the person's times must still arrive before the
    # appointment (or, when it moved, before the time they expected).
    deadline = appointment.starts_at
    if template == "appointment_moved" and appointment.moved_from is not None:
        deadline = min(deadline, appointment.moved_from.starts_at)
    links = _carer_links(appointment)
    # The person's language and each carer's, in one query (issue 18).
    own_language, *carer_languages = languages_of(
        [appointment.service_user, *(link.carer for link in links)]
    )
    with translation.override(own_language):
        own = {k: v for k, v in personalisation(appointment).items() if k in accepts}
        if "how_to_join" in accepts and appointment.modality == AppointmentModality.VIDEO:
            own["how_to_join"] = how_the_person_joins(appointment, actor=actor)
    notify.queue_message(
        actor=actor,
        recipient=appointment.service_user,
        template=template,
        personalisation=own,
        about_key=appointment.about_key,
        idempotency_key=f"{appointment.about_key}:{key}",
        send_after=send_after,
        calendar=calendar,
        team=appointment.team,
        deadline=deadline,
        language=own_language,
    )
    # A carer's copy names whose appointment it is, in its own words (HAZ-154),
    # and in the carer's language, which need not be the person's.
    carer_template = CARER_COPIES[template]
    carer_accepts = TEMPLATES[carer_template].accepts
    for link, carer_language in zip(links, carer_languages, strict=True):
        with translation.override(carer_language):
            carer_values = {
                k: v for k, v in personalisation(appointment).items() if k in carer_accepts
            } | {"person_name": name_for_carer(appointment.service_user)}
            if "how_to_join" in carer_accepts and appointment.modality == AppointmentModality.VIDEO:
                carer_values["how_to_join"] = gettext(CARER_VIDEO)
        notify.queue_message(
            actor=actor,
            recipient=link.carer,
            template=carer_template,
            personalisation=carer_values,
            about_key=appointment.about_key,
            idempotency_key=f"{appointment.about_key}:{key}:carer:{link.carer_id}",
            send_after=send_after,
            calendar=calendar,
            team=appointment.team,
            deadline=deadline,
            language=carer_language,
        )


def _queue_reminders(appointment: Appointment, *, actor: User | None) -> None:
    now = timezone.now()
    for days in reminder_days():
        when = appointment.starts_at - dt.timedelta(days=days)
        if when <= now:
            # Booked at short notice: the confirmation is the reminder.
            continue
        _send(
            appointment,
            actor=actor,
            template="appointment_reminder",
            key=f"reminder:{days}",
            send_after=when,
        )


def booked(*, appointment: Appointment, actor: User | None) -> None:
    _send(
        appointment,
        actor=actor,
        template="appointment_booked",
        key="booked",
        calendar=ics_for(appointment),
    )
    _queue_reminders(appointment, actor=actor)


def moved(*, appointment: Appointment, actor: User | None) -> None:
    _send(
        appointment,
        actor=actor,
        template="appointment_moved",
        key="moved",
        calendar=ics_for(appointment),
    )
    _queue_reminders(appointment, actor=actor)


def cancelled(*, appointment: Appointment, actor: User | None) -> None:
    _send(
        appointment,
        actor=actor,
        template="appointment_cancelled",
        key="cancelled",
        calendar=ics_for(appointment, cancelled=True),
    )


def withdraw_reminders(*, appointment: Appointment, reason: str) -> int:
    return notify.cancel_pending(about_key=appointment.about_key, reason=reason)

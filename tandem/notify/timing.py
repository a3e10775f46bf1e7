"""When a message may go, given the times the person asked us to avoid.

One pure function, ``when_to_send``, used by the outbox when a message is
queued and again just before a worker sends it (the person may have changed
their times in between). The rule, in order (ADR 0008, addendum):

1. No times recorded, or the moment is allowed: send as planned.
2. A change to an appointment today (booked, moved or cancelled for today):
   send at once, with a line saying why.
3. Otherwise hold it to the next allowed moment, if that is still before the
   appointment the message is about (its ``deadline``), or there is none.
4. Otherwise send at the last allowed moment before the appointment (earlier
   than planned, never earlier than now), so a reminder still arrives first.
5. If there is no allowed moment before the appointment, send at once, with
   a line saying why.

Carers have no times of their own in Tandem, so their messages are never
held: we do not guess a carer's times from the person's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.preferences.times import ContactTimes, service_zone

# Messages that tell of a change to an appointment (not routine reminders).
CHANGE_TEMPLATES = frozenset({"appointment_booked", "appointment_moved", "appointment_cancelled"})

CHANGED_TODAY = "changed_today"
SOON = "soon"
NO_TIME = "no_time"

# The 'why' lines added to a message sent inside a time the person asked us
# to avoid. Kept here, apart from the template wording (tandem.notify.templates).
WHY_LINES = {
    CHANGED_TODAY: N_("We are sending this now because your appointment today has changed."),
    SOON: N_(
        "We are sending this now because your appointment is soon and there is no "
        "time you asked us to use before it."
    ),
    NO_TIME: N_("We are sending this now because there is no time you asked us to use."),
}


def why_line(code: str) -> str:
    """The line, in the active language (the message's, ADR 0061)."""
    return gettext(WHY_LINES[code]) if code in WHY_LINES else ""


@dataclass(frozen=True)
class SendAt:
    at: dt.datetime
    # '' when the moment is one the person allows (or no times are recorded);
    # otherwise a WHY_LINES code: the message goes inside a time to avoid.
    why: str = ""

    @property
    def inside_times_to_avoid(self) -> bool:
        return bool(self.why)


def when_to_send(
    *,
    wanted: dt.datetime,
    now: dt.datetime,
    times: ContactTimes | None,
    tz: ZoneInfo,
    deadline: dt.datetime | None = None,
    change: bool = False,
) -> SendAt:
    """When to send a message the sender wanted to go at ``wanted``.

    ``deadline``: the start of the appointment the message is about (after
    which it is no use); ``change``: the message tells of a change to it.
    """
    start = max(wanted, now)
    if times is None or times.is_empty or times.allows(start, tz):
        return SendAt(start)
    if deadline is not None and deadline <= start:
        # The appointment has begun: nothing is gained by going inside the
        # person's times now, so the message waits like any other.
        deadline = None
    if (
        change
        and deadline is not None
        and deadline.astimezone(tz).date() == start.astimezone(tz).date()
    ):
        return SendAt(start, CHANGED_TODAY)
    following = times.next_allowed(start, tz)
    if following is not None and (deadline is None or following < deadline):
        return SendAt(following)
    if deadline is None:
        # Only when every day is avoided, which the form refuses: send rather
        # than hold a message for ever.
        return SendAt(start, NO_TIME)
    last = times.last_allowed_before(deadline, tz, not_before=now)
    if last is not None:
        return SendAt(last)
    return SendAt(start, SOON)


def held_reason(at: dt.datetime) -> str:
    """For the message's history: why it waits, in words staff read."""
    local = at.astimezone(service_zone())
    return f"Held until {local:%A %-d %B %H:%M}: they asked us not to contact them before then"

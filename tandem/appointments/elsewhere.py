"""Time staff are busy outside their own appointments (ADR 0060).

A group session keeps every facilitator busy, but only the lead facilitator's
diary holds the members' appointments, and a session with no one enrolled yet
holds none at all. The groups app sits above appointments, so it registers
what it knows here when it is ready (``GroupsConfig.ready``) and appointments
never import it, as consult's join links do (``notices``).

Booking asks ``busy_for`` before saving (a courtesy check, as ``_check_free``
is: the database guards the lead's appointments only), and the slot finder
leaves these times out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Busy:
    staff_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    # What keeps them busy, in words for the member of staff booking.
    what: str


BusySource = Callable[[Collection[int], dt.datetime, dt.datetime], Iterable[Busy]]
_sources: dict[str, BusySource] = {}


def register_busy_source(name: str, source: BusySource) -> None:
    """``source(staff_ids, starts, ends)`` gives what keeps those staff busy in the
    period (overlapping it). Registering the same name again replaces it."""
    _sources[name] = source


def busy_between(staff_ids: Collection[int], starts: dt.datetime, ends: dt.datetime) -> list[Busy]:
    """Everything registered that keeps any of ``staff_ids`` busy between the times."""
    if not staff_ids:
        return []
    found: list[Busy] = []
    for source in _sources.values():
        found.extend(
            b for b in source(staff_ids, starts, ends) if b.starts_at < ends and b.ends_at > starts
        )
    return sorted(found, key=lambda b: (b.starts_at, b.staff_id))


def busy_for(staff_id: int, starts: dt.datetime, ends: dt.datetime) -> Busy | None:
    """The first thing that keeps one member of staff busy over the time, if any."""
    found = busy_between([staff_id], starts, ends)
    return found[0] if found else None

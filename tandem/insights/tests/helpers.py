"""Small hand-built data sets for the insights tests (synthetic people only).

Rows are written straight to the database: these tests check what the report
counts, not how appointments are booked (tandem/appointments tests do that).
"""

from __future__ import annotations

import datetime as dt
import itertools

from tandem.appointments.models import Appointment, AppointmentType, Site, Status
from tandem.appointments.slots import at
from tandem.insights import outcome_queries, queries, rollup, service_queries
from tandem.insights.queries import ALL_WAYS, CONDITIONS, Contacts, Scope
from tandem.people.models import CareTeam, CaseloadEntry, ServiceUser, StaffMember
from tests.personas import Personas

FIRST = dt.date(2026, 1, 1)
LAST = dt.date(2026, 12, 31)
NOW = at(dt.date(2027, 1, 10), dt.time(9))
_names = itertools.count(1)


def scope(*teams: CareTeam, first: dt.date = FIRST, last: dt.date = LAST) -> Scope:
    return Scope(team_ids=tuple(t.pk for t in teams), first=first, last=last, now=NOW)


def person(
    team: CareTeam, *, opened_on: dt.date = dt.date(2025, 6, 1), **fields: object
) -> ServiceUser:
    n = next(_names)
    values: dict[str, object] = {"date_of_birth": dt.date(1990, 6, 15)}
    values.update(fields)
    someone = ServiceUser.objects.create(given_name=f"Test{n}", family_name="Person", **values)
    CaseloadEntry.objects.create(service_user=someone, team=team, opened_on=opened_on)
    return someone


class Clinic:
    """A site and an appointment type per team, and a way to add appointments."""

    def __init__(self, p: Personas) -> None:
        self.p = p
        self.site = Site.objects.create(
            organisation=p.organisation,
            name="Riverside",
            address="1 High St, Leeds",
            postcode="LS1 1AA",
        )
        self.types = {
            team.pk: AppointmentType.objects.create(
                team=team, name="Review", kind="check_in", duration_minutes=60
            )
            for team in (p.team_a, p.team_b)
        }
        self.clinicians = {p.team_a.pk: p.clinician.staff, p.team_b.pk: p.outsider.staff}
        # Nobody can be double booked (the database refuses): each new
        # appointment takes the next free hour from the one asked for.
        self.taken: set[dt.datetime] = set()

    def _free(self, starts: dt.datetime) -> dt.datetime:
        while starts in self.taken:
            starts += dt.timedelta(hours=1)
        self.taken.add(starts)
        return starts

    def add(
        self,
        who: ServiceUser,
        *,
        team: CareTeam,
        on: dt.date,
        way: str = "video",
        attendance: str = "",
        hour: int = 10,
        minute: int = 0,
        clinician: StaffMember | None = None,
        count: int = 1,
        **fields: object,
    ) -> list[Appointment]:
        cancelled = attendance in ("2", "4")
        clinician = clinician or self.clinicians[team.pk]
        made = []
        for _ in range(count):
            starts = self._free(at(on, dt.time(hour, minute)))
            made.append(
                Appointment(
                    service_user=who,
                    team=team,
                    clinician=clinician,
                    appointment_type=self.types[team.pk],
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=1),
                    modality=way,
                    site=self.site if way == "face_to_face" else None,
                    status=Status.CANCELLED if cancelled else Status.BOOKED,
                    cancelled_at=starts - dt.timedelta(days=1) if cancelled else None,
                    booked_via="staff",
                    attendance=attendance,
                    **fields,
                )
            )
        return Appointment.objects.bulk_create(made)


# --- The roll-up ---------------------------------------------------------------------
#
# The report reads the nightly roll-up (tandem.insights.rollup). These helpers
# rebuild it as of the scope's 'now', read a figure from it, check that it
# equals the same figure counted straight from the records, and return it: so
# every test below checks the roll-up and the direct count at once.

MEASURES = (*CONDITIONS, "people")


def tallies(found: Contacts) -> dict[tuple[str, str, str, str], int]:
    """Every count in ``found`` by (group, value, way, key); zeros left out."""
    flat = {}
    everyone = [("", "", found.overall)]
    grouped = [(g, v, t) for g, values in found.by_group.items() for v, t in values.items()]
    for group, value, tally in everyone + grouped:
        for way in ALL_WAYS:
            for key in MEASURES:
                if n := tally.get(key, way):
                    flat[(group, value, way, key)] = n
    return flat


def contacts(s: Scope) -> Contacts:
    rollup.refresh(now=s.now)
    rolled = rollup.contacts(s)
    assert tallies(rolled) == tallies(queries.contacts(s))
    return rolled


def monthly_uptake(s: Scope) -> dict[dt.date, dict[str, int]]:
    rollup.refresh(now=s.now)
    rolled = rollup.monthly_uptake(s)
    assert rolled == queries.monthly_uptake(s)
    return rolled


def staff(s: Scope) -> service_queries.Staff:
    rollup.refresh(now=s.now)
    rolled = rollup.staff(s)
    assert rolled == service_queries.staff(s)
    return rolled


def disengaged(s: Scope) -> dict[str, int]:
    rollup.refresh(now=s.now)
    rolled = rollup.disengaged(s)
    assert rolled == service_queries.disengaged(s)
    return rolled


def outcomes(s: Scope) -> outcome_queries.Outcomes:
    rollup.refresh(now=s.now)
    rolled = rollup.outcomes(s)
    assert rolled == outcome_queries.outcomes(s)
    return rolled

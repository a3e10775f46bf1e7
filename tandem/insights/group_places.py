"""Places in group sessions (issue 26, ADR 0060): how members met (in the room
or by video) and what happened, per way and per group programme.

A member's place in a session is an ordinary appointment (ADR 0053), so
'Contacts' already counts it among everyone's appointments; this section
shows group work on its own, so a group whose video members miss more
sessions, or have more technical failures, than its room members shows up.
One query; every count suppressed and rounded by ``suppression``, as elsewhere.

The slugs start 'places-in-groups' (never 'group-', which belongs to the
contacts section's tables by group of people).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from tandem.appointments.models import Appointment, AppointmentModality
from tandem.insights import definitions as defs
from tandem.insights import suppression as safe
from tandem.insights.queries import Scope
from tandem.insights.sections import Section, Table

DEFINITION = (
    "Places in group sessions that started in the period, in the chosen teams' groups. Each "
    "place is one member at one session, counted the way 'Contacts' counts an appointment: "
    "booked places (not counting places moved to another time), attended, did not attend, "
    "cancelled, and technical failures recorded with the outcome. The way is how the member "
    "met: in the room or by video. A session with no register taken yet counts as no outcome."
)
WAYS = {
    AppointmentModality.FACE_TO_FACE.value: "In the room",
    AppointmentModality.VIDEO.value: "By video",
}
ALL = "All places"
HEADINGS = [
    "Booked",
    "Attended",
    "Did not attend",
    "Cancelled",
    "Technical failure",
    "Switched way",
    "Did not attend rate",
]


@dataclass
class Places:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, row: dict[str, int]) -> None:
        for key in ("booked", "held", "dna", "cancelled", "technical", "switched"):
            self.counts[key] += row[key]

    def shown(self) -> list[str | safe.Shown]:
        c = self.counts
        return [
            safe.count(c["booked"]),
            safe.count(c["held"]),
            safe.count(c["dna"]),
            safe.count(c["cancelled"]),
            safe.count(c["technical"]),
            safe.count(c["switched"]),
            safe.rate(c["dna"], c["held"] + c["dna"]),
        ]


@dataclass(frozen=True)
class GroupPlaces:
    by_way: dict[str, Places]
    by_programme: dict[str, Places]
    overall: Places


def places(scope: Scope) -> GroupPlaces:
    """Counts per programme and way of meeting, in one grouped query."""
    held = Q(attendance__in=defs.HELD_CODES)
    dna = Q(attendance__in=defs.DNA_CODES)
    cancelled = Q(
        attendance__in=defs.CANCELLED_BY_PERSON_CODES + defs.CANCELLED_BY_SERVICE_CODES,
        moved=False,
    )
    rows = (
        Appointment.objects.filter(
            team_id__in=scope.team_ids,
            group_session__isnull=False,
            starts_at__gte=scope.start,
            starts_at__lt=scope.end,
        )
        .annotate(moved=Exists(Appointment.objects.filter(moved_from=OuterRef("pk"))))
        .values("group_session__programme_id", "group_session__programme__name", "modality")
        .annotate(
            booked=Count("pk", filter=Q(moved=False)),
            held=Count("pk", filter=held),
            dna=Count("pk", filter=dna),
            cancelled=Count("pk", filter=cancelled),
            technical=Count("pk", filter=Q(technical_failure=True) & (held | dna)),
            switched=Count("pk", filter=~Q(switched_to="") & held),
        )
        .order_by("group_session__programme__name", "group_session__programme_id")
    )
    by_way = {way: Places() for way in WAYS}
    by_programme: dict[str, Places] = {}
    overall = Places()
    for row in rows:
        name = row["group_session__programme__name"]
        by_programme.setdefault(name, Places()).add(row)
        by_way.setdefault(row["modality"], Places()).add(row)
        overall.add(row)
    return GroupPlaces(by_way=by_way, by_programme=by_programme, overall=overall)


def section(scope: Scope) -> Section:
    found = places(scope)
    way_rows: list[list[str | safe.Shown]] = [
        [WAYS.get(way, str(defs.WAY_LABELS.get(way, way))), *tally.shown()]
        for way, tally in found.by_way.items()
    ]
    way_rows.append([ALL, *found.overall.shown()])
    programme_rows: list[list[str | safe.Shown]] = [
        [name, *tally.shown()] for name, tally in found.by_programme.items()
    ]
    return Section(
        "places-in-groups",
        "Group sessions",
        [DEFINITION],
        tables=[
            Table(
                "places-in-groups-way",
                "Places in group sessions, by how members met",
                ["How they met", *HEADINGS],
                way_rows,
            ),
            Table(
                "places-in-groups-programme",
                "Places in group sessions, by group",
                ["Group", *HEADINGS],
                programme_rows,
            ),
        ],
        caveats=[
            "Groups are small: most counts for one group in one period will be shown as *. "
            "Choose a longer period or more teams to see more.",
        ],
    )

"""Requests for a face-to-face appointment, and how long people waited (HAZ-153).

When nobody can book a face-to-face time online, people ask the team instead
(tandem/appointments/face_to_face.py) and each request is a task. Managers see
how many were made per team, how many are open now, and how long the closed
ones waited, so a team that cannot offer face to face shows up here rather
than in silence. Its own query and section, in the report's usual tables
(every count suppressed and rounded by ``suppression``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import DurationField, ExpressionWrapper, F, Q

from tandem.insights import suppression as safe
from tandem.insights.queries import Scope
from tandem.insights.sections import Section, Table
from tandem.people.models import CareTeam
from tandem.worklist.models import WorkItem, WorkKind

DEFINITION = (
    "Requests for a face-to-face appointment made in the period by people who could not book "
    "one online, per team: how many were made, how many are still open now (made at any "
    "time), and for those closed, the days from asking to the team closing the request "
    "(by booking an appointment or recording what they did). Late means closed after, or "
    "still open past, the date the person was told the team would contact them by."
)
ALL_TEAMS = "All chosen teams"
HEADINGS = [
    "Team",
    "Requests made",
    "Open now",
    "Closed",
    "Median days to close",
    "Longest days to close",
    "Late or still waiting past the promised date",
]


@dataclass(frozen=True)
class Requests:
    made: int
    open_now: int
    closed: int
    late: int
    waits_days: tuple[float, ...]  # closed requests made in the period

    @property
    def median_days(self) -> float | None:
        return round(statistics.median(self.waits_days), 1) if self.waits_days else None

    @property
    def longest_days(self) -> float | None:
        return round(max(self.waits_days), 1) if self.waits_days else None


def requests(scope: Scope, team_ids: tuple[int, ...]) -> Requests:
    every = WorkItem.objects.filter(kind=WorkKind.FACE_TO_FACE_REQUEST, team_id__in=team_ids)
    made = every.filter(raised_at__gte=scope.start, raised_at__lt=scope.end)
    closed = made.filter(done_at__isnull=False)
    late = made.filter(
        Q(done_at__gt=F("respond_by")) | Q(done_at__isnull=True, respond_by__lt=scope.now)
    )
    # Waits worked out in the database, as the alerts' are.
    waits = closed.annotate(
        wait=ExpressionWrapper(F("done_at") - F("raised_at"), DurationField())
    ).values_list("wait", flat=True)
    return Requests(
        made=made.count(),
        open_now=every.filter(done_at__isnull=True, raised_at__lt=scope.now).count(),
        closed=closed.count(),
        late=late.count(),
        waits_days=tuple(w.total_seconds() / 86400 for w in waits),
    )


def _row(label: str, found: Requests) -> list[str | safe.Shown]:
    return [
        label,
        safe.count(found.made),
        safe.count(found.open_now),
        safe.count(found.closed),
        safe.days(found.median_days, based_on=found.closed),
        # The longest wait is one person's: shown only when the count it rests on is.
        safe.days(found.longest_days, based_on=found.closed),
        safe.count(found.late),
    ]


def rows(scope: Scope) -> list[list[str | safe.Shown]]:
    teams = list(CareTeam.objects.filter(pk__in=scope.team_ids).order_by("name"))
    found = [_row(team.name, requests(scope, (team.pk,))) for team in teams]
    if len(teams) > 1:
        found.append(_row(ALL_TEAMS, requests(scope, scope.team_ids)))
    return found


def section(scope: Scope) -> Section:
    """The report's section (drawn by the report's usual section loop)."""
    # Imported here: the report module lists this builder among its sections.

    return Section(
        "face-to-face-requests",
        "Requests for face-to-face appointments",
        [DEFINITION],
        tables=[
            Table(
                "face-to-face-requests",
                "Face-to-face requests and how long they waited",
                HEADINGS,
                rows(scope),
            )
        ],
    )

"""Reading the alert queue and one alert, scoped through ``tandem.alerts.selectors``.

Everything here is said in words: how long an alert has been past its
response time, who has been told, who acknowledged it and what was done.
There is no score, level or colour to sort people by (NICE NG225): the queue
is in the order alerts need answering.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tandem.alerts import escalation, selectors
from tandem.alerts.models import Alert, AlertKind, AlertState
from tandem.alerts.raising import settings_for
from tandem.people.models import CareTeam, User
from tandem.web.dates import when

PER_PAGE = 25
CLOSED_RECENTLY = dt.timedelta(days=30)
WAITING = "waiting"
FILTERS = {
    WAITING: "Waiting to be acknowledged",
    "acknowledged": "Acknowledged, not closed",
    "closed": "Closed in the last 30 days",
    "all": "All alerts",
}
DEFAULT_FILTER = WAITING


def duration(delta: dt.timedelta) -> str:
    """'3 hours', '2 days and 5 hours', '25 minutes', in whole units."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)

    def unit(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    if days:
        return unit(days, "day") + (f" and {unit(hours, 'hour')}" if hours else "")
    if hours:
        return unit(hours, "hour")
    return unit(max(minutes, 1), "minute")


def timing(alert: Alert, now: dt.datetime) -> str:
    """When the alert must be acknowledged by, in words."""
    if alert.state != AlertState.OPEN:
        return f"Was due by {when(alert.respond_by)}"
    if alert.respond_by <= now:
        return f"Past the response time by {duration(now - alert.respond_by)}"
    return f"Due by {when(alert.respond_by)} (in {duration(alert.respond_by - now)})"


def escalation_words(alert: Alert) -> str:
    """Who has been told because nobody acknowledged it in time."""
    if alert.escalated_to_managers_at and alert.escalated_to_duty_at:
        return (
            f"The duty clinician was told {when(alert.escalated_to_duty_at)}; "
            f"the team's managers {when(alert.escalated_to_managers_at)}"
        )
    if alert.escalated_to_managers_at:
        return f"The team's managers were told {when(alert.escalated_to_managers_at)}"
    if alert.escalated_to_duty_at:
        return f"The duty clinician was told {when(alert.escalated_to_duty_at)}"
    return "Not escalated"


# --- The queue -------------------------------------------------------------------------


def _condition(show: str, now: dt.datetime) -> Q:
    """Which alerts the filter ``show`` keeps (every alert for 'all')."""
    if show == WAITING:
        return Q(state=AlertState.OPEN)
    if show == "acknowledged":
        return Q(state=AlertState.ACKNOWLEDGED)
    if show == "closed":
        return Q(state=AlertState.CLOSED, closed_at__gte=now - CLOSED_RECENTLY)
    return Q()


ORDER = {
    # Soonest response time first, so those already past it come first.
    WAITING: ("respond_by", "pk"),
    "acknowledged": ("acknowledged_at", "pk"),
    "closed": ("-closed_at", "-pk"),
}


def _filtered(alerts: QuerySet[Alert], show: str, now: dt.datetime) -> QuerySet[Alert]:
    return alerts.filter(_condition(show, now)).order_by(*ORDER.get(show, ("-raised_at", "-pk")))


def _counts(alerts: QuerySet[Alert], now: dt.datetime) -> dict[str, int]:
    """How many alerts each filter but 'all' keeps, in one query (not one each).
    It reads only the rows one of the filters keeps, as the separate counts did,
    so a team's years of closed alerts are not counted through."""
    names = [name for name in FILTERS if name != "all"]
    kept = Q(pk__in=[])
    for name in names:
        kept |= _condition(name, now)
    return alerts.filter(kept).aggregate(
        **{name: Count("pk", filter=_condition(name, now)) for name in names}
    )


@dataclass
class QueueRow:
    alert: Alert
    timing: str
    escalation: str
    is_past: bool


@dataclass
class QueuePage:
    show: str
    teams: list[CareTeam]
    team: CareTeam | None
    page: Page[Alert]
    rows: list[QueueRow]
    counts: dict[str, int] = field(default_factory=dict)
    managed: list[CareTeam] = field(default_factory=list)


def queue(
    user: User,
    *,
    show: str = DEFAULT_FILTER,
    team_id: int | None = None,
    page: str | int | None = 1,
    now: dt.datetime | None = None,
) -> QueuePage:
    """One page of the alerts of the user's teams (or of one of them)."""
    now = now or timezone.now()
    show = show if show in FILTERS else DEFAULT_FILTER
    teams = list(selectors.alert_teams(user).order_by("name"))
    chosen = next((t for t in teams if t.pk == team_id), None)
    alerts = selectors.alerts_visible_to(user)
    if chosen is not None:
        alerts = alerts.filter(team=chosen)
    counts = _counts(alerts, now)
    shown = _filtered(alerts, show, now).select_related(
        "team", "service_user", "acknowledged_by", "closed_by"
    )
    paginator = Paginator(shown, PER_PAGE)
    if show in counts:
        # Already counted above: the paginator need not count again.
        paginator.count = counts[show]
    found = paginator.get_page(page)
    rows = [
        QueueRow(
            alert=a,
            timing=timing(a, now),
            escalation=escalation_words(a),
            is_past=a.state == AlertState.OPEN and a.respond_by <= now,
        )
        for a in found.object_list
    ]
    return QueuePage(
        show=show,
        teams=teams,
        team=chosen,
        page=found,
        rows=rows,
        counts=counts,
        managed=list(selectors.settings_teams(user).order_by("name")),
    )


# --- One alert -------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    href: str
    text: str


def _reversed(name: str, pk: int) -> str | None:
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        return None


def data_link(alert: Alert) -> Link:
    """Where the data behind the alert is: the answers, or the diary for the
    days the reasons rest on. Falls back to the person's record."""
    # An answer that needs review, or questionnaire answers clearly worse
    # than before (a change with the answers behind it).
    if alert.response_id:
        href = _reversed("measures:staff-response", alert.response_id)
        if href:
            return Link(href, "See the answers")
    else:
        href = _reversed("diary:staff-person", alert.service_user_id)
        if href:
            if alert.data_from and alert.data_to:
                href += f"?from={alert.data_from.isoformat()}&to={alert.data_to.isoformat()}"
            return Link(href, "See their diary for these days")
    return Link(reverse("people:person", kwargs={"pk": alert.service_user_id}), "Open their record")


def safety_plan_link(alert: Alert) -> str | None:
    return _reversed("safety:staff-plan", alert.service_user_id)


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    text: str


def timeline(alert: Alert) -> list[Step]:
    """What has happened to the alert, oldest first."""
    steps = [Step(alert.raised_at, f"Raised: {alert.get_kind_display()}")]
    if alert.escalated_to_duty_at:
        steps.append(
            Step(
                alert.escalated_to_duty_at,
                "Past its response time: the duty clinician was told",
            )
        )
    if alert.escalated_to_managers_at:
        text = "The team's managers were told"
        if not alert.escalated_to_duty_at:
            text = (
                "Past its response time: no duty clinician was set, "
                "so the team's managers were told"
            )
        steps.append(Step(alert.escalated_to_managers_at, text))
    if alert.acknowledged_at:
        steps.append(Step(alert.acknowledged_at, f"Acknowledged by {alert.acknowledged_by}"))
    if alert.closed_at:
        steps.append(
            Step(
                alert.closed_at,
                f"Closed by {alert.closed_by}: {alert.get_action_display()}",
            )
        )
    return sorted(steps, key=lambda s: s.at)


def what_raised_it(alert: Alert) -> str:
    """One sentence on where the alert came from."""
    if alert.kind == AlertKind.ANSWER_NEEDS_REVIEW:
        return "An answer to a questionnaire that the service marks for review the same day."
    if alert.kind == AlertKind.CHANGE_FROM_USUAL and alert.response_id:
        return (
            "Questionnaire answers clearly worse than their lowest in the last six months: "
            "more than answers usually vary by chance."
        )
    if alert.kind == AlertKind.CHANGE_FROM_USUAL:
        return (
            "The nightly check of their diary against their own usual, "
            "using the thresholds the team set."
        )
    if alert.kind == AlertKind.MISSED_CHECK_INS:
        return "The nightly check of their diary: check-ins they agreed to were missed."
    if alert.kind == AlertKind.WORRYING_WORDS:
        return "Words in a diary note that can mean someone needs help urgently."
    return "They stopped sharing their diary with the team."


def duty_name(team: CareTeam) -> str:
    found = escalation.duty_clinician(settings_for(team))
    return str(found.user) if found else ""


@dataclass(frozen=True)
class Waiting:
    """Alerts of the user's teams nobody has acknowledged, for a banner on staff pages."""

    count: int
    past: int


def waiting_for(user: User, *, now: dt.datetime | None = None) -> Waiting:
    now = now or timezone.now()
    # Both numbers in one query: this banner is on every caseload view.
    found = (
        selectors.alerts_visible_to(user)
        .filter(state=AlertState.OPEN)
        .aggregate(count=Count("pk"), past=Count("pk", filter=Q(respond_by__lte=now)))
    )
    return Waiting(count=found["count"], past=found["past"])

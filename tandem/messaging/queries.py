"""Reading messages, always scoped to the person asking (through
``tandem.messaging.selectors``): the team inbox and its filters, the managers'
view of unanswered threads, and what one thread page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from tandem.access import scopes
from tandem.messaging.models import Attachment, InboxSettings, Message, Thread, ThreadEvent
from tandem.messaging.selectors import threads_visible_to
from tandem.people.models import CareTeam, ServiceUser, StaffMember, User
from tandem.warnings import queries as warnings_queries
from tandem.warnings.models import Flag, FlagStatus
from tandem.web import working_days

PAGE_SIZE = 25
OVERDUE_SHOWN = 50
FILTERS = {
    "awaiting": "Awaiting reply",
    "flagged": "Flagged",
    "overdue": "Past reply time",
    "follow_up": "Needs follow-up",
    "mine": "Assigned to me",
    "all": "All",
}
DEFAULT_FILTER = "awaiting"


def open_teams_of(*people: ServiceUser) -> list[CareTeam]:
    """Teams the people are open to, whose inboxes they (or their carer) may write to."""
    return list(
        CareTeam.objects.filter(
            caseload_entries__service_user__in=people, caseload_entries__closed_on__isnull=True
        )
        .distinct()
        .order_by("name")
    )


def settings_for(team: CareTeam) -> InboxSettings:
    """The team's inbox settings, or the defaults (unsaved) if it has set none."""
    found = InboxSettings.objects.filter(team=team).first()
    return found if found is not None else InboxSettings(team=team)


def settings_for_teams(teams: list[CareTeam]) -> dict[int, InboxSettings]:
    saved = {s.team_id: s for s in InboxSettings.objects.filter(team__in=teams)}
    return {t.pk: saved.get(t.pk) or InboxSettings(team=t) for t in teams}


def _with_people(threads: QuerySet[Thread]) -> QuerySet[Thread]:
    return threads.select_related("team", "service_user", "carer", "assigned_to__user")


# What an inbox row shows of a thread and the people on it. Read with every
# column, the two page reads' joins of five tables cost more to build and fill
# than the rest of the inbox (issue 18); a field left out here would be read
# once a row, which the inbox's query budget (tests/test_busy_pages.py) catches.
INBOX_ROW_FIELDS = (
    "team__name",
    "service_user__given_name",
    "service_user__preferred_name",
    "service_user__family_name",
    "subject",
    "carer__given_name",
    "carer__family_name",
    "last_message_at",
    "awaiting_reply_since",
    "needs_follow_up",
    "assigned_to__user__full_name",
)


def _inbox_rows(threads: QuerySet[Thread]) -> QuerySet[Thread]:
    return _with_people(threads).only(*INBOX_ROW_FIELDS)


def _overdue_condition(
    teams: list[CareTeam], settings: dict[int, InboxSettings], now: dt.datetime
) -> Q:
    """Awaiting a reply for longer than each team's promise (teams may differ)."""
    condition = Q(pk__in=[])
    for team in teams:
        cutoff = working_days.overdue_before(now, settings[team.pk].response_working_days)
        condition |= Q(team_id=team.pk, awaiting_reply_since__lt=cutoff)
    return condition


def filtered(
    user: User,
    *,
    show: str,
    teams: list[CareTeam],
    now: dt.datetime | None = None,
    settings: dict[int, InboxSettings] | None = None,
) -> QuerySet[Thread]:
    """Threads in ``teams`` (which must be the user's) for one inbox filter, in
    the filter's own order (``inbox`` then puts flagged threads first).
    ``settings`` (from ``settings_for_teams``, covering ``teams``) saves reading
    them again when one page asks for several filters."""
    now = now or timezone.now()
    team_ids = [t.pk for t in teams]
    base = Thread.objects.filter(team_id__in=team_ids)
    newest_first = ("-last_message_at", "-pk")
    oldest_waiting_first = ("awaiting_reply_since", "pk")
    if show == "flagged":
        # Waiting longest first. Open flags are few, so this starts from them.
        since = Min("flags__created_at", filter=Q(flags__status=FlagStatus.OPEN))
        return (
            base.filter(pk__in=warnings_queries.threads_with_open_flags(team_ids))
            .annotate(since=since)
            .order_by("since", "pk")
        )
    if show == "awaiting":
        return base.filter(awaiting_reply_since__isnull=False).order_by(*oldest_waiting_first)
    if show == "overdue":
        if settings is None:
            settings = settings_for_teams(teams)
        return base.filter(_overdue_condition(teams, settings, now)).order_by(*oldest_waiting_first)
    if show == "follow_up":
        return base.filter(needs_follow_up=True).order_by(*newest_first)
    if show == "mine":
        staff = getattr(user, "staff", None)
        if staff is None:
            return Thread.objects.none()
        return base.filter(assigned_to=staff).order_by(*newest_first)
    return base.order_by(*newest_first)


def _flagged_first(threads: QuerySet[Thread], flagged_ids: list[int], start: int) -> list[Thread]:
    """One page (and one more row) of ``threads`` with those holding an open
    flag (``flagged_ids``, the teams' threads with one) first, in the filter's
    order (ADR 0014): a prompt for a human to read them, not a ranking of people.

    The flagged threads are fetched on their own (they are few), and the rest
    page as before, so the inbox's indexes still stop after one page however
    large the team.
    """
    wanted = PAGE_SIZE + 1
    flagged = list(_inbox_rows(threads.filter(pk__in=flagged_ids)))
    head = flagged[start : start + wanted]
    rest_start = max(0, start - len(flagged))
    rest = _inbox_rows(threads.exclude(pk__in=[t.pk for t in flagged]))
    return head + list(rest[rest_start : rest_start + wanted - len(head)])


def _counts(
    user: User,
    *,
    teams: list[CareTeam],
    now: dt.datetime,
    settings: dict[int, InboxSettings],
    flagged: int,
) -> dict[str, int]:
    """How many threads each filter but 'all' holds: the same as counting each
    filter's threads, in one query rather than five (issue 18). 'Flagged' is
    ``flagged``, counted from the teams' few open flags the page has read; the
    others are counted together over only the threads one of them holds, which
    the inbox's partial indexes find (awaiting, follow-up, assigned)."""
    staff = getattr(user, "staff", None)
    conditions = {
        "awaiting": Q(awaiting_reply_since__isnull=False),
        "overdue": _overdue_condition(teams, settings, now),
        "follow_up": Q(needs_follow_up=True),
    }
    if staff is not None:
        conditions["mine"] = Q(assigned_to=staff)
    held = Q(awaiting_reply_since__isnull=False) | Q(needs_follow_up=True)
    if staff is not None:
        held |= Q(assigned_to=staff)
    found = (
        Thread.objects.filter(team_id__in=[t.pk for t in teams])
        .filter(held)
        .aggregate(**{name: Count("pk", filter=c) for name, c in conditions.items()})
    )
    found.setdefault("mine", 0)  # no staff record: nothing is assigned to them
    found["flagged"] = flagged
    return {name: found[name] for name in FILTERS if name != "all"}


@dataclass
class InboxPage:
    show: str
    teams: list[CareTeam]
    team: CareTeam | None
    threads: list[Thread]
    page: int
    has_next: bool
    counts: dict[str, int] = field(default_factory=dict)
    settings: dict[int, InboxSettings] = field(default_factory=dict)
    flags: dict[int, list[Flag]] = field(default_factory=dict)


def inbox_teams(user: User) -> list[CareTeam]:
    return list(scopes.teams_of(user).order_by("name"))


def inbox(
    user: User,
    *,
    show: str = DEFAULT_FILTER,
    team_id: int | None = None,
    page: int = 1,
    now: dt.datetime | None = None,
    with_counts: bool = True,
) -> InboxPage:
    """One page of the inbox of the user's teams (or of one of them)."""
    now = now or timezone.now()
    show = show if show in FILTERS else DEFAULT_FILTER
    teams = inbox_teams(user)
    chosen = next((t for t in teams if t.pk == team_id), None)
    shown_teams = [chosen] if chosen is not None else teams
    page = max(1, page)
    start = (page - 1) * PAGE_SIZE
    settings = settings_for_teams(teams)
    threads = filtered(user, show=show, teams=shown_teams, now=now, settings=settings)
    # The shown teams' open flags, read once: which threads go first, how many
    # are flagged, and each row's flags (three reads before, issue 18).
    flags = warnings_queries.open_flags_in_teams([t.pk for t in shown_teams])
    rows = _flagged_first(threads, list(flags), start)
    counts = (
        _counts(user, teams=shown_teams, now=now, settings=settings, flagged=len(flags))
        if with_counts
        else {}
    )
    return InboxPage(
        show=show,
        teams=teams,
        team=chosen,
        threads=rows[:PAGE_SIZE],
        page=page,
        has_next=len(rows) > PAGE_SIZE,
        counts=counts,
        settings=settings,
        flags={t.pk: flags[t.pk] for t in rows[:PAGE_SIZE] if t.pk in flags},
    )


@dataclass
class TeamBacklog:
    team: CareTeam
    settings: InboxSettings
    count: int
    oldest: Thread | None
    threads: list[Thread]


def overdue_for_manager(user: User, *, now: dt.datetime | None = None) -> list[TeamBacklog]:
    """For each team the user manages: threads awaiting a reply past the team's promise."""
    now = now or timezone.now()
    teams = list(scopes.managed_teams(user).order_by("name"))
    settings = settings_for_teams(teams)
    found = []
    for team in teams:
        threads = filtered(user, show="overdue", teams=[team], now=now, settings=settings)
        shown = list(_with_people(threads)[:OVERDUE_SHOWN])
        found.append(
            TeamBacklog(
                team=team,
                settings=settings[team.pk],
                count=threads.count() if len(shown) == OVERDUE_SHOWN else len(shown),
                oldest=shown[0] if shown else None,
                threads=shown,
            )
        )
    return found


def messages_in(thread: Thread) -> list[Message]:
    """The thread's messages, oldest first, with their files (not their bytes)."""
    files = Attachment.objects.defer("data").order_by("pk")
    return list(
        thread.messages.select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=files))
        .order_by("sent_at", "pk")
    )


def latest_was_flagged(thread: Thread, *, author: User) -> bool:
    """Was the author's latest message in the thread flagged? For telling
    them, just after they send it, where to get help now."""
    latest = (
        thread.messages.filter(author=author)
        .order_by("-sent_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return latest is not None and Flag.objects.filter(message_id=latest).exists()


def events_in(thread: Thread) -> list[ThreadEvent]:
    return list(thread.events.select_related("by", "to__user").order_by("at", "pk"))


def colleagues_for(user: User, thread: Thread) -> list[StaffMember]:
    """Staff of the thread's team, whom it can be handed to."""
    if not scopes.teams_of(user).filter(pk=thread.team_id).exists():
        return []
    return list(
        StaffMember.objects.filter(memberships__team_id=thread.team_id)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def readable_threads_of_person(user: User, *, service_user_id: int) -> QuerySet[Thread]:
    """Threads about one person that ``user`` may read, newest first (staff's person page)."""
    return _with_people(threads_visible_to(user).filter(service_user_id=service_user_id)).order_by(
        "-last_message_at", "-pk"
    )

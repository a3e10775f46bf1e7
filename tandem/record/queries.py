"""Reads for 'My record' and for the download, all through ``tandem.record.selectors``.

The pages read a little of each section (a phone on a slow connection should
not wait for years of history); the download reads everything, section by
section, each bounded by ``LIMITS`` so one person's export cannot exhaust the
worker (ADR 0012). A section cut short says so in the PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.utils import timezone

from tandem.alerts.models import Alert
from tandem.appointments.models import ContactPlan, Referral, Status
from tandem.appointments.shown import Shown, shown
from tandem.audit.models import AuditEvent
from tandem.careplans.models import CarePlanVersion
from tandem.carers.models import CarerInvite, ConsentChange
from tandem.consult.models import CallRoom
from tandem.diary.models import CheckInSchedule, DiaryEntry, DiaryPlan, WarningSign
from tandem.feedback.models import NamedAnswer
from tandem.inclusion.models import DeviceLoan, HelpRequest, ModalityChangeRequest
from tandem.measures import instruments
from tandem.measures.answered import AnsweredQuestionnaire, answered
from tandem.notify.models import Message
from tandem.people.crisis import crisis_contacts_for
from tandem.people.models import CarerLink, CaseloadEntry, ServiceUser, User
from tandem.people.services import CrisisContactDetails
from tandem.preferences.models import (
    AccessNeeds,
    ContactPreferences,
    DigitalAccessCheck,
    ModalityPreference,
    SharedDecision,
)
from tandem.record import selectors
from tandem.record.models import RecordExport
from tandem.record.threads import ThreadCopy, copy_thread, own_threads
from tandem.safety.models import PlanReview, PlanVersion, SafetyPlan
from tandem.support.models import Recommendation
from tandem.warnings.models import Flag
from tandem.worklist.models import WorkItem

PER_PAGE = 25
ON_OVERVIEW = 3

# The most rows of each section one download holds. A person with more (years
# of audit rows, say) gets the newest this many and is told how many there are.
LIMITS: dict[str, int] = {
    "appointments": 5000,
    "decisions": 1000,
    "contact_history": 1000,
    "access_needs_history": 1000,
    "seen_history": 1000,
    "digital_history": 1000,
    "notices": 5000,
    "carers": 200,
    "threads": 1000,
    "accesses": 10000,
    "plan_versions": 1000,
    "plan_reviews": 1000,
    "care_plan_versions": 1000,
    "named_feedback": 1000,
    "diary_entries": 10000,
    "schedules": 1000,
    "responses": 5000,
    "help_requests": 1000,
    "device_loans": 500,
    "change_requests": 1000,
    "recommendations": 1000,
    "alerts": 5000,
    "flags": 5000,
    "work_items": 5000,
    "referrals": 500,
    "contact_plans": 500,
    "carer_invites": 500,
    "consent_changes": 2000,
    "calls": 5000,
}

M = TypeVar("M", bound=Model)


# --- Pages -----------------------------------------------------------------------------


def _page(items: QuerySet[Any], number: str | None) -> Page[Any]:
    return Paginator(items, PER_PAGE).get_page(number)


def upcoming_appointments(user: User, *, limit: int | None = None) -> list[Shown]:
    found = (
        selectors.appointments(user)
        .filter(status=Status.BOOKED, ends_at__gt=timezone.now())
        .order_by("starts_at", "pk")
    )
    return [shown(a, with_outcome=False) for a in (found[:limit] if limit else found)]


def _past(user: User) -> QuerySet[Any]:
    now = timezone.now()
    return (
        selectors.appointments(user)
        .exclude(status=Status.BOOKED, ends_at__gt=now)
        .select_related("moved_to")
        .order_by("-starts_at", "-pk")
    )


def past_appointments_page(user: User, *, page: str | None) -> Page[Shown]:
    found = _page(_past(user), page)
    found.object_list = [shown(a) for a in found.object_list]
    return found


def decisions_page(user: User, *, page: str | None) -> Page[SharedDecision]:
    return _page(selectors.shared_decisions(user).order_by("-decided_at", "-pk"), page)


def notices_page(user: User, *, page: str | None) -> Page[Message]:
    return _page(selectors.notices_sent(user), page)


def exports_of(user: User) -> list[RecordExport]:
    """The person's downloads from the last few weeks, newest first."""
    since = timezone.now() - dt.timedelta(days=30)
    return list(selectors.exports(user).filter(created_at__gte=since)[:10])


@dataclass(frozen=True)
class Overview:
    person: ServiceUser
    teams: list[CaseloadEntry]
    upcoming: list[Shown]
    past: list[Shown]
    decisions: list[SharedDecision]
    notices: list[Message]
    carers: list[CarerLink]
    threads: list[ThreadCopy]
    exports: list[RecordExport]


def overview(user: User) -> Overview:
    """A few of each section for the first page; the rest is a link away."""
    person = selectors.person(user)
    return Overview(
        person=person,
        teams=list(selectors.team_entries(user).filter(closed_on__isnull=True)),
        upcoming=upcoming_appointments(user, limit=ON_OVERVIEW),
        past=[shown(a) for a in _past(user)[:ON_OVERVIEW]],
        decisions=list(selectors.shared_decisions(user).order_by("-decided_at")[:ON_OVERVIEW]),
        notices=list(selectors.notices_sent(user)[:ON_OVERVIEW]),
        carers=list(selectors.carer_links(user)),
        threads=own_threads(user, limit=ON_OVERVIEW, with_messages=False),
        exports=exports_of(user),
    )


def threads_page(user: User, *, page: str | None) -> Page[ThreadCopy]:
    found = _page(selectors.threads(user), page)
    found.object_list = [copy_thread(t, with_messages=False) for t in found.object_list]
    return found


# --- The whole record, for the download ------------------------------------------------


@dataclass
class FullRecord:
    """Everything the download holds about one person, as read for them."""

    person: ServiceUser
    produced_at: dt.datetime
    teams: list[CaseloadEntry]
    contact_history: list[ContactPreferences]
    access_needs_history: list[AccessNeeds]
    seen_history: list[ModalityPreference]
    digital_history: list[DigitalAccessCheck]
    decisions: list[SharedDecision]
    appointments: list[Shown]
    notices: list[Message]
    carers: list[CarerLink]
    threads: list[ThreadCopy]
    accesses: list[AuditEvent]
    crisis_contacts: list[CrisisContactDetails]
    safety_plan: SafetyPlan | None = None
    plan_versions: list[PlanVersion] = field(default_factory=list)
    plan_reviews: list[PlanReview] = field(default_factory=list)
    care_plan_versions: list[CarePlanVersion] = field(default_factory=list)
    named_feedback: list[NamedAnswer] = field(default_factory=list)
    diary_plan: DiaryPlan | None = None
    warning_signs: list[WarningSign] = field(default_factory=list)
    diary_entries: list[DiaryEntry] = field(default_factory=list)
    schedules: list[CheckInSchedule] = field(default_factory=list)
    responses: list[AnsweredQuestionnaire] = field(default_factory=list)
    help_requests: list[HelpRequest] = field(default_factory=list)
    device_loans: list[DeviceLoan] = field(default_factory=list)
    change_requests: list[ModalityChangeRequest] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    work_items: list[WorkItem] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    contact_plans: list[ContactPlan] = field(default_factory=list)
    carer_invites: list[CarerInvite] = field(default_factory=list)
    consent_changes: list[ConsentChange] = field(default_factory=list)
    calls: list[CallRoom] = field(default_factory=list)
    # Sections cut at their limit, with how many rows there are in all.
    cut: dict[str, int] = field(default_factory=dict)


def _bounded(items: QuerySet[M], section: str, cut: dict[str, int]) -> list[M]:
    limit = LIMITS[section]
    found = list(items[: limit + 1])
    if len(found) > limit:
        cut[section] = items.count()
        found = found[:limit]
    return found


def full_record(user: User) -> FullRecord:
    """Everything held about the signed-in service user (404 if they are not one)."""
    person = selectors.person(user)
    cut: dict[str, int] = {}
    appointments = (
        selectors.appointments(user).select_related("moved_to").order_by("-starts_at", "-pk")
    )
    threads = own_threads(user, limit=LIMITS["threads"] + 1, with_messages=True)
    if len(threads) > LIMITS["threads"]:
        cut["threads"] = selectors.threads(user).count()
        threads = threads[: LIMITS["threads"]]
    return FullRecord(
        person=person,
        produced_at=timezone.now(),
        teams=list(selectors.team_entries(user)),
        contact_history=_bounded(
            selectors.contact_preferences_history(user), "contact_history", cut
        ),
        access_needs_history=_bounded(
            selectors.access_needs_history(user), "access_needs_history", cut
        ),
        seen_history=_bounded(selectors.modality_preferences_history(user), "seen_history", cut),
        digital_history=_bounded(selectors.digital_checks_history(user), "digital_history", cut),
        decisions=_bounded(selectors.shared_decisions(user), "decisions", cut),
        appointments=[shown(a) for a in _bounded(appointments, "appointments", cut)],
        notices=_bounded(selectors.notices_sent(user), "notices", cut),
        carers=_bounded(selectors.carer_links(user, with_withdrawn=True), "carers", cut),
        threads=threads,
        accesses=_bounded(selectors.accesses(user), "accesses", cut),
        crisis_contacts=crisis_contacts_for(user),
        cut=cut,
        **_held_elsewhere(user, cut),
    )


def _held_elsewhere(user: User, cut: dict[str, int]) -> dict[str, Any]:
    """The sections kept by the safety, diary, measures, inclusion, alerts,
    warnings, worklist, carers and consult apps (issue 16: every one of them is
    the person's own data, and the download must say all that is held)."""
    diary_plan = selectors.diary_plan(user)
    parsed: dict[int, instruments.Definition] = {}
    responses = _bounded(selectors.questionnaire_responses(user), "responses", cut)
    return {
        "safety_plan": selectors.safety_plan(user),
        "plan_versions": _bounded(selectors.plan_versions(user), "plan_versions", cut),
        "plan_reviews": _bounded(selectors.plan_reviews(user), "plan_reviews", cut),
        "care_plan_versions": _bounded(
            selectors.care_plan_versions(user), "care_plan_versions", cut
        ),
        "named_feedback": _bounded(selectors.named_feedback(user), "named_feedback", cut),
        "diary_plan": diary_plan,
        "warning_signs": list(diary_plan.signs.all()) if diary_plan else [],
        "diary_entries": _bounded(selectors.diary_entries(user), "diary_entries", cut),
        "schedules": _bounded(selectors.check_in_schedules(user), "schedules", cut),
        "responses": [answered(r, parsed) for r in responses],
        "help_requests": _bounded(selectors.help_requests(user), "help_requests", cut),
        "device_loans": _bounded(selectors.device_loans(user), "device_loans", cut),
        "change_requests": _bounded(selectors.change_requests(user), "change_requests", cut),
        "recommendations": _bounded(selectors.recommendations(user), "recommendations", cut),
        "alerts": _bounded(selectors.alerts(user), "alerts", cut),
        "flags": _bounded(selectors.message_flags(user), "flags", cut),
        "work_items": _bounded(selectors.work_items(user), "work_items", cut),
        "referrals": _bounded(selectors.referrals(user), "referrals", cut),
        "contact_plans": _bounded(selectors.contact_plans(user), "contact_plans", cut),
        "carer_invites": _bounded(selectors.carer_invites(user), "carer_invites", cut),
        "consent_changes": _bounded(selectors.consent_changes(user), "consent_changes", cut),
        "calls": _bounded(selectors.call_rooms(user), "calls", cut),
    }

"""Every write to safety plans and crisis lines (a team's own and the
service-wide list). Keyword-only, atomic, audited.

Who may write is checked here as well as in the views: the person themselves
and staff in a team they are open to may change the plan; only staff may
record a review; only a team's managers may set its crisis contacts, and only
a service administrator the service-wide ones. Carers read the plan and never
change it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from tandem.access import scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.people.models import CareTeam, CrisisContact, Organisation, ServiceUser, User
from tandem.safety import crisis_lines
from tandem.safety.models import (
    HEADINGS,
    MAX_REVIEW_NOTE,
    MAX_SECTION,
    SECTION_KEYS,
    OutOfHoursLine,
    PlanReview,
    PlanVersion,
    SafetyPlan,
)
from tandem.safety.queries import REVIEW_EVERY, open_teams
from tandem.web import versioned
from tandem.web.dates import day
from tandem.web.forms import normalise_free_text
from tandem.worklist import selectors as worklist_selectors
from tandem.worklist.models import WorkItem, WorkKind
from tandem.worklist.services import close_work_item, raise_work_item

# How far ahead a review may be set: a plan left unreviewed for longer than a
# year is a plan nobody is looking after.
LONGEST_REVIEW_GAP = dt.timedelta(days=366)
UPDATED_KEY = "safety-plan-updated:{plan}"
REVIEW_KEY_PREFIX = "safety-plan-review:{plan}:"


# Shared with the care plan (ADR 0050); named here for this app's callers.
NewerVersion = versioned.NewerVersion
is_staff_for = versioned.is_staff_for
may_write = versioned.may_write


@transaction.atomic
def save_plan(
    *, actor: User, person: ServiceUser, sections: dict[str, str], based_on: int
) -> PlanVersion | None:
    """Save the plan as a new version, or return None if nothing changed.

    ``based_on`` is the version number the writer started from (0 for a new
    plan). If someone saved since, nothing is written and NewerVersion says
    who, so two people writing together never lose each other's words.
    """
    versioned.check_writer(actor, person)
    cleaned = versioned.check_known(sections, SECTION_KEYS)
    for key, value in cleaned.items():
        if len(value) > MAX_SECTION:
            # The form's sentence, the part named in the writer's language.
            raise InvalidInput(
                gettext("The part \u2018%(part)s\u2019 must be %(most)s characters or fewer")
                % {"part": gettext(HEADINGS[key]), "most": f"{MAX_SECTION:,}"}
            )
    plan, latest = versioned.lock_newest(SafetyPlan, person=person, based_on=based_on)
    if latest is None and not any(cleaned.values()):
        raise InvalidInput(gettext("Write something in at least one part of the plan"))
    changed = versioned.changed_keys(cleaned, latest, SECTION_KEYS)
    if not changed:
        return None
    saver = versioned.saved_by(actor, person)
    version = PlanVersion.objects.create(
        plan=plan,
        number=latest.number + 1 if latest else 1,
        changed_sections=changed,
        **saver,
        **cleaned,
    )
    if latest is None:
        plan.next_review_on = next_review_default()
        plan.save(update_fields=["next_review_on"])
    versioned.record_saved(
        actor=actor, person=person, version=version, headings=(HEADINGS[k] for k in changed)
    )
    if not saver["saved_by_staff"]:
        _tell_team_it_changed(person=person, plan=plan, version=version)
    return version


def _tell_team_it_changed(*, person: ServiceUser, plan: SafetyPlan, version: PlanVersion) -> None:
    """A person changing their own plan is worth a clinician's look; one open
    task per plan however many saves, so it never floods the list."""
    for team in open_teams(person):
        raise_work_item(
            team=team,
            kind=WorkKind.OTHER,
            title=f"{person.display_name} changed their safety plan",
            reason=(
                f"{person.display_name} saved version {version.number} of their safety plan, "
                "changing: " + ", ".join(version.changed_headings) + ". Read it with them."
            ),
            service_user=person,
            about_key=UPDATED_KEY.format(plan=plan.pk),
        )


@transaction.atomic
def review_plan(
    *, actor: User, person: ServiceUser, next_review_on: dt.date, note: str = ""
) -> PlanReview:
    """Record that the plan was reviewed with the person, and when to look again."""
    if not is_staff_for(actor, person):
        raise PermissionDenied("Only the person's care team can record a review.")
    plan = SafetyPlan.objects.select_for_update().filter(service_user=person).first()
    latest = plan.versions.order_by("-number").first() if plan else None
    if plan is None or latest is None:
        raise InvalidInput("There is no plan to review yet")
    today = timezone.localdate()
    if next_review_on <= today:
        raise InvalidInput("The next review date must be in the future")
    if next_review_on > today + LONGEST_REVIEW_GAP:
        raise InvalidInput("The next review must be within a year")
    note = normalise_free_text(note).strip()
    if len(note) > MAX_REVIEW_NOTE:
        raise InvalidInput(f"Notes must be {MAX_REVIEW_NOTE} characters or fewer")
    now = timezone.now()
    review = PlanReview.objects.create(
        plan=plan,
        version_number=latest.number,
        reviewed_at=now,
        reviewed_by=actor,
        reviewed_by_name=actor.full_name or str(actor),
        next_review_on=next_review_on,
        note=note,
    )
    plan.last_reviewed_at = now
    plan.last_reviewed_by = actor
    plan.next_review_on = next_review_on
    plan.save(update_fields=["last_reviewed_at", "last_reviewed_by", "next_review_on"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=plan,
        what=f"Reviewed the safety plan (version {latest.number}); next review "
        f"{day(next_review_on)}",
    )
    # Tasks this review answers: 'review due' and 'the person changed it'.
    answered = worklist_selectors.work_items_visible_to(actor).filter(
        Q(about_key=UPDATED_KEY.format(plan=plan.pk))
        | Q(about_key__startswith=REVIEW_KEY_PREFIX.format(plan=plan.pk)),
        service_user=person,
        kind=WorkKind.OTHER,
        done_at__isnull=True,
    )
    for item in answered:
        close_work_item(actor=actor, item=item, outcome="Safety plan reviewed with the person")
    return review


# --- Reviews falling due ---------------------------------------------------------------


def raise_overdue_reviews(*, today: dt.date | None = None) -> int:
    """A task for each team a person is open to, once per plan and due date, when
    their plan is past its review date. Returns how many were raised."""
    today = today or timezone.localdate()
    raised = 0
    overdue = (
        SafetyPlan.objects.filter(next_review_on__lt=today, versions__isnull=False)
        .distinct()
        .select_related("service_user")
        .order_by("pk")
    )
    for plan in overdue:
        assert plan.next_review_on is not None
        person = plan.service_user
        key = REVIEW_KEY_PREFIX.format(plan=plan.pk) + plan.next_review_on.isoformat()
        for team in open_teams(person):
            # Raised once for this due date, even after someone closed it: a new
            # review sets a new date, and so a new cause.
            if WorkItem.objects.filter(team=team, kind=WorkKind.OTHER, about_key=key).exists():
                continue
            raise_work_item(
                team=team,
                kind=WorkKind.OTHER,
                title=f"Safety plan review due for {person.display_name}",
                reason=(
                    f"{person.display_name}'s safety plan was due for review on "
                    f"{day(plan.next_review_on)}. Review it with them and record the review "
                    "on the plan."
                ),
                service_user=person,
                about_key=key,
            )
            raised += 1
    return raised


# --- Crisis lines: a team's own, and the service-wide list -----------------------------


class LinesChangedMeanwhile(InvalidInput):
    """Someone changed the crisis lines after the page was opened."""


class NeedsReplacement(InvalidInput):
    """The change would take away the last line of a kind that must not run out."""

    why = ""

    def __init__(self, lost: list[crisis_lines.Line]) -> None:
        names = ", ".join(line.label for line in lost)
        super().__init__(
            f"You cannot remove {names} without naming the line that replaces it. {self.why}"
        )
        self.lost = lost


class LastOutOfHoursLine(NeedsReplacement):
    """The change would leave a team that had an out-of-hours line with none."""

    why = "People ring it when the team's office is shut."


class LastServiceLine(NeedsReplacement):
    """The change would leave the service with no service-wide line (HAZ-151)."""

    why = "Everyone using the service sees the service-wide lines under 'Need help now?'."


@transaction.atomic
def change_team_crisis_lines(
    *,
    actor: User,
    team: CareTeam,
    based_on: str,
    proposed: list[crisis_lines.Proposed],
) -> crisis_lines.Difference:
    """Change a team's own crisis lines, as the manager confirmed them.

    ``proposed`` holds every line the team has now, each kept (perhaps changed)
    or removed, then any new ones, in the order people will see them.
    ``based_on`` is the fingerprint of the lines the manager saw. Nothing is
    saved unless every current line is accounted for, nobody changed them in
    between, and a team that had an out-of-hours line still has one (HAZ-149).
    Returns what changed (empty when nothing did).
    """
    if not scopes.managed_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied("Only the team's managers can change its crisis contacts.")
    # Locked, so two managers saving at once are checked one after the other.
    CareTeam.objects.select_for_update().filter(pk=team.pk).first()
    return apply_lines(
        actor=actor,
        audited=team,
        what=f"Changed the crisis lines of {team.name}",
        contacts=list(CrisisContact.objects.filter(team=team).order_by("position", "pk")),
        based_on=based_on,
        proposed=proposed,
        needed=crisis_lines.is_out_of_hours,
        refusal=LastOutOfHoursLine,
        new=lambda position, details: CrisisContact(
            organisation_id=team.organisation_id, team=team, position=position, **details
        ),
    )


@transaction.atomic
def change_service_crisis_lines(
    *,
    actor: User,
    organisation: Organisation,
    based_on: str,
    proposed: list[crisis_lines.Proposed],
) -> crisis_lines.Difference:
    """Change the service-wide crisis lines, as the administrator confirmed them.

    As change_team_crisis_lines, for the lines every person using the service
    and every carer sees: nothing is saved unless every current line is
    accounted for and nobody changed them in between, and a service that had a
    service-wide line keeps at least one (HAZ-151).
    """
    if not actor.has_perm("people.configure_service"):
        raise PermissionDenied("Only a service administrator can change crisis contacts.")
    # Locked, so two administrators saving at once are checked one after the other.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    contacts = CrisisContact.objects.filter(organisation=organisation, team__isnull=True)
    return apply_lines(
        actor=actor,
        audited=organisation,
        what="Changed the service-wide crisis lines",
        contacts=list(contacts.order_by("position", "pk")),
        based_on=based_on,
        proposed=proposed,
        needed=crisis_lines.is_any_line,
        refusal=LastServiceLine,
        new=lambda position, details: CrisisContact(
            organisation=organisation, position=position, **details
        ),
    )


def apply_lines(
    *,
    actor: User,
    audited: CareTeam | Organisation,
    what: str,
    contacts: list[CrisisContact],
    based_on: str,
    proposed: list[crisis_lines.Proposed],
    needed: Callable[[crisis_lines.Line], bool],
    refusal: Callable[[list[crisis_lines.Line]], NeedsReplacement],
    new: Callable[[int, dict[str, str]], CrisisContact],
) -> crisis_lines.Difference:
    """Check ``proposed`` against the ``contacts`` there are now (already locked
    by the caller), write it and audit it on ``audited`` as ``what``: every
    check the form made, made again here, so no caller can skip one."""
    current = crisis_lines.current_lines(contacts)
    if crisis_lines.fingerprint(current) != based_on:
        raise LinesChangedMeanwhile("Someone changed these crisis lines after you opened the page")
    named = [row.pk for row in proposed if row.pk is not None]
    if sorted(named) != sorted(c.pk for c in current):
        # A line left out is never taken as 'remove it'.
        raise InvalidInput("Every current crisis line must be kept, changed or removed")
    for row in proposed:
        if row.line is None and row.pk is None:
            raise InvalidInput("Only a line that is there can be removed")
        if row.line is not None and not (row.line.name.strip() and row.line.how.strip()):
            raise InvalidInput("Each crisis contact needs a name and how to reach them")
        for name, value in (row.line.details.__dict__ if row.line else {}).items():
            longest = getattr(CrisisContact._meta.get_field(name), "max_length", None)
            if longest is not None and len(value) > longest:
                raise InvalidInput(
                    f"A crisis contact's {name} must be {longest} characters or fewer"
                )
    lost = crisis_lines.lost_without_replacement(current, proposed, needed=needed)
    if lost:
        raise refusal(lost)
    diff = crisis_lines.difference(current, proposed)
    if not diff:
        return diff
    by_pk = {c.pk: c for c in contacts}
    position = 0
    for row in proposed:
        if row.line is None:
            assert row.pk is not None
            by_pk[row.pk].delete()
            continue
        details = row.line.details.__dict__
        if row.pk is None:
            contact = new(position, details)
            contact.save()
        else:
            contact = by_pk[row.pk]
            for name, value in details.items():
                setattr(contact, name, value)
            contact.position = position
            contact.save()
        if row.line.out_of_hours:
            OutOfHoursLine.objects.get_or_create(contact=contact)
        else:
            OutOfHoursLine.objects.filter(contact=contact).delete()
        position += 1
    record(actor=actor, action=Action.UPDATE, obj=audited, what=f"{what}: {diff.summary()}")
    return diff


def next_review_default() -> dt.date:
    return timezone.localdate() + REVIEW_EVERY

"""Every write to care plans. Keyword-only, atomic, audited.

The person and staff in a team they are open to may write the plan; the person
answers whether they agree with a version and comments on one from their own
account. For someone without an account, or who said so in the room, staff may
record their answer on their behalf, marked as such (``record_agreement_for``);
the person's own answer later replaces it. Carers read and never write.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.careplans.models import (
    FIELD_KEYS,
    HEADINGS,
    MAX_COMMENT,
    MAX_PART,
    MAX_REASON,
    MAX_WHEN,
    PART_KEYS,
    WHEN_KEYS,
    Agreement,
    CarePlan,
    CarePlanVersion,
    Comment,
)
from tandem.careplans.queries import coordinator_teams, reminder_targets
from tandem.errors import InvalidInput
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role
from tandem.web import versioned
from tandem.web.dates import day, recorded_day
from tandem.web.versioned import is_staff_for
from tandem.worklist.models import WorkItem, WorkKind
from tandem.worklist.services import raise_work_item

# A review further off than a year is a plan nobody is looking after.
LONGEST_REVIEW_GAP = dt.timedelta(days=366)
# How long before the review date the coordinator's team is reminded: time to
# book an appointment to review it together.
REMIND_BEFORE = dt.timedelta(days=14)
REVIEW_KEY = "care-plan-review:{plan}:{due}"


# Shared with the safety plan (ADR 0050); named here for this app's callers.
NewerVersion = versioned.NewerVersion
_clean = versioned.clean


@transaction.atomic
def save_plan(
    *,
    actor: User,
    person: ServiceUser,
    parts: dict[str, str],
    review_on: dt.date,
    based_on: int,
) -> CarePlanVersion | None:
    """Save the plan as a new version, or return None if nothing changed.

    ``based_on`` is the version number the writer started from (0 for a new
    plan). If someone saved since, nothing is written and NewerVersion says
    who, so two people writing at once never lose each other's words.
    """
    versioned.check_writer(actor, person)
    cleaned = versioned.check_known(parts, FIELD_KEYS)
    for key in PART_KEYS:
        if len(cleaned[key]) > MAX_PART:
            raise InvalidInput(f"{HEADINGS[key]} must be {MAX_PART} characters or fewer")
    for key in WHEN_KEYS:
        if "\n" in cleaned[key]:
            raise InvalidInput(f"{HEADINGS[key]} must be on one line")
        if len(cleaned[key]) > MAX_WHEN:
            raise InvalidInput(f"{HEADINGS[key]} must be {MAX_WHEN} characters or fewer")
    today = timezone.localdate()
    if review_on <= today:
        raise InvalidInput("The review date must be in the future")
    if review_on > today + LONGEST_REVIEW_GAP:
        raise InvalidInput("The review date must be within a year")
    plan, latest = versioned.lock_newest(CarePlan, person=person, based_on=based_on)
    if latest is None and not any(cleaned[k] for k in PART_KEYS):
        raise InvalidInput("Write something in at least one part of the plan")
    changed = versioned.changed_keys(cleaned, latest, FIELD_KEYS)
    if latest is None or review_on != latest.review_on:
        changed.append("review_on")
    if latest is not None and not changed:
        return None
    version = CarePlanVersion.objects.create(
        plan=plan,
        number=latest.number + 1 if latest else 1,
        review_on=review_on,
        changed=changed,
        **versioned.saved_by(actor, person),
        **cleaned,
    )
    plan.review_on = review_on
    plan.save(update_fields=["review_on"])
    versioned.record_saved(
        actor=actor, person=person, version=version, headings=version.changed_headings
    )
    return version


def _own_version(actor: User, person: ServiceUser, number: int) -> CarePlanVersion:
    if Role.SERVICE_USER not in actor.roles or person.user_id != actor.pk:
        raise PermissionDenied("Only the person whose plan it is can answer for it.")
    found = (
        CarePlanVersion.objects.select_for_update()
        .filter(plan__service_user=person, number=number)
        .first()
    )
    if found is None:
        raise InvalidInput(gettext("There is no such version of this plan"))
    return found


@transaction.atomic
def record_agreement(
    *, actor: User, person: ServiceUser, version_number: int, agreed: bool, reason: str = ""
) -> Agreement:
    """The person says whether they agree with the newest version of their plan.

    Only the newest: agreeing to a plan someone has since changed would record
    agreement to words the person has not read (HAZ-231)."""
    version = _own_version(actor, person, version_number)
    newest = CarePlanVersion.objects.filter(plan=version.plan).order_by("-number").first()
    if newest is not None and newest.pk != version.pk:
        raise NewerVersion(newest)
    earlier = Agreement.objects.filter(version=version).first()
    if earlier is not None and not earlier.by_staff:
        raise InvalidInput(gettext("You have already answered for this version of the plan"))
    reason = _clean(reason)
    if not agreed and not reason:
        raise InvalidInput(
            gettext("Say why you do not agree, so your care team can change the plan"),
            field="reason",
        )
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            gettext("Your reason must be %(most)s characters or fewer") % {"most": MAX_REASON},
            field="reason",
        )
    replaced = ""
    if earlier is not None:
        # Their own word counts over what staff recorded for them; what staff
        # recorded stays in the audit log.
        replaced = (
            f", replacing the answer {earlier.recorded_by_name} recorded for them "
            f"('{'agreed' if earlier.agreed else 'did not agree'}' "
            f"on {recorded_day(earlier.said_on)})"
        )
        earlier.delete()
    agreement = Agreement.objects.create(
        version=version, agreed=agreed, reason=reason, recorded_by=actor
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=agreement,
        subject_id=person.pk,
        what=f"{'Agreed' if agreed else 'Did not agree'} with version {version.number} "
        f"of the care plan{replaced}",
    )
    if not agreed:
        _raise_disagreement(person, version)
    return agreement


@transaction.atomic
def record_agreement_for(
    *,
    actor: User,
    person: ServiceUser,
    version_number: int,
    agreed: bool,
    said_on: dt.date,
    reason: str = "",
) -> Agreement:
    """Staff record the person's answer to the newest version on their behalf:
    for someone without an account, or who said so in the room. Marked as
    recorded by staff wherever it is shown; the person may still answer for
    themselves later, and their answer replaces this one (HAZ-273)."""
    if not is_staff_for(actor, person) or person.user_id == actor.pk:
        raise PermissionDenied("Only their care team can record an answer for them.")
    version = (
        CarePlanVersion.objects.select_for_update()
        .filter(plan__service_user=person, number=version_number)
        .first()
    )
    if version is None:
        raise InvalidInput("There is no such version of this plan")
    newest = CarePlanVersion.objects.filter(plan=version.plan).order_by("-number").first()
    if newest is not None and newest.pk != version.pk:
        raise NewerVersion(newest)
    earlier = Agreement.objects.filter(version=version).first()
    if earlier is not None:
        whose = "recorded by the care team" if earlier.by_staff else f"{person.display_name}'s own"
        raise InvalidInput(f"An answer to this version is already recorded ({whose})")
    today = timezone.localdate()
    if said_on > today:
        raise InvalidInput("The day they said it must be today or in the past", field="said_on")
    if said_on < timezone.localdate(version.saved_at):
        raise InvalidInput(
            f"The day they said it must be on or after {day(version.saved_at)}, when this "
            "version was saved: an answer to an earlier version is not an answer to this one",
            field="said_on",
        )
    reason = _clean(reason)
    if not agreed and not reason:
        raise InvalidInput(
            "Say why they do not agree, in their words, so the plan can be changed",
            field="reason",
        )
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"The reason must be {MAX_REASON} characters or fewer", field="reason")
    agreement = Agreement.objects.create(
        version=version,
        agreed=agreed,
        reason=reason,
        recorded_by=actor,
        by_staff=True,
        said_on=said_on,
        recorded_by_name=actor.full_name or str(actor),
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=agreement,
        subject_id=person.pk,
        what=f"Recorded on their behalf that they {'agreed' if agreed else 'did not agree'} "
        f"with version {version.number} of the care plan, in person on {day(said_on)}",
    )
    if not agreed:
        _raise_disagreement(person, version)
    return agreement


def _raise_disagreement(person: ServiceUser, version: CarePlanVersion) -> None:
    """A task to talk it through, however the answer was given."""
    for team in coordinator_teams(person):
        raise_work_item(
            team=team,
            kind=WorkKind.OTHER,
            title=f"{person.display_name} does not agree with their care plan",
            reason=(
                f"{person.display_name} did not agree with version {version.number} of "
                "their care plan and said why. Read it and talk it through with them."
            ),
            service_user=person,
            about_key=f"care-plan-disagreed:{version.pk}",
        )


@transaction.atomic
def add_comment(*, actor: User, person: ServiceUser, version_number: int, text: str) -> Comment:
    """The person comments on any version of their plan, old or new."""
    version = _own_version(actor, person, version_number)
    text = _clean(text)
    if not text:
        raise InvalidInput(gettext("Write your comment"))
    if len(text) > MAX_COMMENT:
        raise InvalidInput(
            gettext("Your comment must be %(most)s characters or fewer") % {"most": MAX_COMMENT}
        )
    comment = Comment.objects.create(version=version, text=text, written_by=actor)
    record(
        actor=actor,
        action=Action.CREATE,
        obj=comment,
        subject_id=person.pk,
        what=f"Commented on version {version.number} of the care plan",
    )
    # Read by someone: one open task per plan however many comments, so it never
    # floods the list. The words stay on the plan, for those allowed to read it.
    for team in coordinator_teams(person):
        raise_work_item(
            team=team,
            kind=WorkKind.OTHER,
            title=f"{person.display_name} commented on their care plan",
            reason=f"{person.display_name} commented on version {version.number} of their "
            "care plan. Read it on the plan's history page.",
            service_user=person,
            about_key=f"care-plan-comment:{version.plan_id}",
        )
    return comment


# --- Reviews falling due ---------------------------------------------------------------


def raise_review_reminders(*, today: dt.date | None = None) -> int:
    """A task for the care coordinator's team, once per plan and review date,
    from REMIND_BEFORE the date (and for any plan already past it). Returns how
    many were raised."""
    today = today or timezone.localdate()
    raised = 0
    due = (
        CarePlan.objects.filter(review_on__lte=today + REMIND_BEFORE)
        .select_related("service_user")
        .order_by("pk")
    )
    for plan in due:
        assert plan.review_on is not None
        person = plan.service_user
        key = REVIEW_KEY.format(plan=plan.pk, due=plan.review_on.isoformat())
        for team, coordinator in reminder_targets(person):
            # Raised once for this date, even after someone closed it: a new
            # version sets a new date, and so a new cause.
            if WorkItem.objects.filter(team=team, kind=WorkKind.OTHER, about_key=key).exists():
                continue
            who = f" (care coordinator: {coordinator})" if coordinator else ""
            raise_work_item(
                team=team,
                kind=WorkKind.OTHER,
                title=f"Care plan review due for {person.display_name}{who}",
                reason=(
                    f"{person.display_name}'s care plan is due for review by "
                    f"{day(plan.review_on)}. Book a time to review it together and save the "
                    "plan with its next review date."
                ),
                service_user=person,
                about_key=key,
            )
            raised += 1
    return raised

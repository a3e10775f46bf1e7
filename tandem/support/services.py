"""Recommending support to a person, and the person's support pack (ADR 0043).

Typed, keyword-only, one transaction each, audited. A recommendation is checked
again under a row lock on the entry or tool, so one that lapsed or was
reassessed as not met while the clinician was choosing is refused with a clear
message and nothing is saved (HAZ-229, HAZ-240).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from tandem.access import scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.directory.models import Entry, Tool
from tandem.directory.selectors import today
from tandem.errors import InvalidInput
from tandem.notify import recipients
from tandem.notify import services as notify
from tandem.notify.models import Message, MessageChannel
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role
from tandem.support.models import MAX_NOTE, Recommendation
from tandem.web.links import full_url

ENTRY_LAPSED = (
    "{name} is past its check date, so it cannot be recommended until someone checks "
    "it. Choose another service"
)
TOOL_LAPSED = "{name} cannot be recommended now: {reasons}. Choose another tool"
TEAM_STAFF = frozenset({Role.CLINICIAN, Role.MANAGER})


def _may_recommend(actor: User, person: ServiceUser) -> bool:
    return (
        bool(actor.roles & TEAM_STAFF) and scopes.caseload_of(actor).filter(pk=person.pk).exists()
    )


def _still_recommendable(*, entry: Entry | None, tool: Tool | None) -> None:
    """Read again under a lock: the form's list may be minutes old."""
    if entry is not None:
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.is_overdue(today()):
            raise InvalidInput(ENTRY_LAPSED.format(name=locked.name), field="item")
    if tool is not None:
        tool_now = Tool.objects.select_for_update().get(pk=tool.pk)
        reasons = tool_now.why_not_recommendable(today())
        if reasons:
            raise InvalidInput(
                TOOL_LAPSED.format(name=tool_now.name, reasons="; ".join(reasons).lower()),
                field="item",
            )


@transaction.atomic
def recommend(
    *,
    actor: User,
    person: ServiceUser,
    entry: Entry | None = None,
    tool: Tool | None = None,
    note: str,
) -> Recommendation:
    """Recommend one directory entry or one tool to ``person``, and tell them by
    their agreed channel: a link to their support page, nothing about what."""
    if not _may_recommend(actor, person):
        raise PermissionDenied("Not a person in your teams.")
    if (entry is None) == (tool is None):
        raise InvalidInput("Select one service or tool to recommend", field="item")
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"The note must be {MAX_NOTE} characters or fewer", field="note")
    _still_recommendable(entry=entry, tool=tool)
    made = Recommendation.objects.create(
        service_user=person, entry=entry, tool=tool, note=note.strip(), recommended_by=actor
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=made,
        what=f"Recommended '{made.name}'",
    )
    # The text carries only a link and neutral words (HAZ-008); with no agreed
    # channel, notify audits why and gives the team a task.
    notify.queue_message(
        actor=actor,
        recipient=person,
        template="support_recommended",
        personalisation={"link": full_url(reverse("support:mine"))},
        about_key=f"support:{person.pk}",
        idempotency_key=f"support_recommended:{made.pk}",
    )
    return made


def _own(actor: User, person: ServiceUser) -> None:
    if Role.SERVICE_USER not in actor.roles or person.user_id != actor.pk:
        raise PermissionDenied("Only the person chooses what is in their support pack.")


@transaction.atomic
def choose_pack(*, actor: User, person: ServiceUser, chosen: set[int]) -> list[Recommendation]:
    """Put exactly the ``chosen`` recommendations in the person's pack."""
    _own(actor, person)
    mine = list(Recommendation.objects.select_for_update().filter(service_user=person))
    unknown = chosen - {r.pk for r in mine}
    if unknown:
        # A stale page (a recommendation gone) or a tampered one: save nothing.
        raise InvalidInput("Choose from the support recommended to you", field="chosen")
    changed = [r for r in mine if r.in_pack != (r.pk in chosen)]
    for r in changed:
        r.in_pack = r.pk in chosen
    Recommendation.objects.bulk_update(changed, ["in_pack"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=person,
        what=f"Chose {len(chosen)} item(s) for their support pack",
    )
    return [r for r in mine if r.in_pack]


@transaction.atomic
def post_pack(*, actor: User, person: ServiceUser, enclosure: str) -> Message | None:
    """Ask for the support pack to be posted with the next letters batch.
    ``enclosure`` is the pack as printed (tandem.support.pack), dated."""
    _own(actor, person)
    address = recipients.address_for(person, MessageChannel.LETTER)
    if not address:
        raise InvalidInput(
            "We do not have your address. Add it in 'Your details', or download the pack instead"
        )
    if not Recommendation.objects.filter(service_user=person, in_pack=True).exists():
        raise InvalidInput("Choose at least one thing for your support pack first", field="chosen")
    message = notify.queue_message(
        actor=actor,
        recipient=person,
        template="support_pack",
        personalisation={},
        about_key=f"support:{person.pk}",
        # One posted pack a day: asking twice (a double click) posts it once.
        idempotency_key=f"support_pack:{person.pk}:{today():%Y-%m-%d}",
        to=recipients.Route(channel=MessageChannel.LETTER, to=address),
        enclosure=enclosure,
    )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=person,
        what="Asked for their support pack to be posted",
    )
    return message

"""Every write to the guidance. Keyword-only, typed, audited, atomic.

Only team managers change guidance; the views check the role and these
functions check it again, so no other caller can skip it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.guidance.models import (
    REASON_MAX_LENGTH,
    SOURCE_MAX_LENGTH,
    Acknowledgement,
    GuidanceCell,
    GuidanceCellVersion,
    GuidancePage,
    Level,
    PageVersion,
)
from tandem.people.models import User
from tandem.people.roles import STAFF_ROLES, Role
from tandem.preferences.codes import Modality

TITLE_MAX_LENGTH = 120
BODY_MAX_LENGTH = 10_000


def _require_manager(actor: User) -> None:
    if Role.MANAGER not in actor.roles:
        raise PermissionDenied("Only team managers can change the service's guidance.")


def check_cell(*, modality: str, level: str, reason: str, source: str) -> None:
    """The rules a cell must meet, whoever writes it."""
    if level not in Level.values:
        raise InvalidInput("Choose a level of advice")
    if modality == Modality.FACE_TO_FACE and level == Level.NOT_ADVISED:
        raise InvalidInput("Face to face cannot be 'not advised': it must always be offered")
    if not reason.strip():
        raise InvalidInput("Enter the reason staff will see")
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput(f"Reason must be {REASON_MAX_LENGTH} characters or fewer")
    if not source.strip():
        raise InvalidInput("Enter where this advice comes from")
    if len(source) > SOURCE_MAX_LENGTH:
        raise InvalidInput(f"Source must be {SOURCE_MAX_LENGTH} characters or fewer")


@transaction.atomic
def change_cell(*, actor: User, cell: GuidanceCell, level: str, reason: str, source: str) -> bool:
    """Set a cell's level, reason and source, keeping every state as a version.

    Returns False (and writes nothing) when nothing changed.
    """
    _require_manager(actor)
    reason, source = reason.strip(), source.strip()
    check_cell(modality=cell.modality, level=level, reason=reason, source=source)
    locked = GuidanceCell.objects.select_for_update().get(pk=cell.pk)
    if (locked.level, locked.reason, locked.source) == (level, reason, source):
        return False
    before = locked.get_level_display()
    locked.level = level
    locked.reason = reason
    locked.source = source
    locked.version += 1
    locked.changed_at = timezone.now()
    locked.changed_by = actor
    locked.save()
    GuidanceCellVersion.objects.create(
        cell=locked,
        version=locked.version,
        level=level,
        reason=reason,
        source=source,
        changed_at=locked.changed_at,
        changed_by=actor,
    )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=(
            f"Changed guidance for {locked.get_kind_display()} by "
            f"{locked.get_modality_display()}: {before} to {locked.get_level_display()} "
            f"(version {locked.version})"
        ),
    )
    cell.refresh_from_db()
    return True


@transaction.atomic
def publish_page_version(
    *, actor: User, page: GuidancePage, title: str, body: str, review_by: dt.date
) -> PageVersion:
    """Add a new version of a page. Earlier versions and their acknowledgements stay."""
    _require_manager(actor)
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise InvalidInput("A page needs a title and some text")
    if len(title) > TITLE_MAX_LENGTH or len(body) > BODY_MAX_LENGTH:
        raise InvalidInput("The title or text is too long")
    if review_by < dt.date.today():
        raise InvalidInput("The review date must be today or in the future")
    locked = GuidancePage.objects.select_for_update().get(pk=page.pk)
    last = locked.versions.order_by("-number").first()
    version = PageVersion.objects.create(
        page=locked,
        number=(last.number if last else 0) + 1,
        title=title,
        body=body,
        review_by=review_by,
        created_by=actor,
    )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=version,
        what=f"Published version {version.number} of guidance page '{title}'"[:300],
    )
    return version


@transaction.atomic
def acknowledge(*, actor: User, version: PageVersion) -> bool:
    """Record that ``actor`` has read ``version``. Returns False if already recorded."""
    if not actor.roles & STAFF_ROLES:
        raise PermissionDenied("Only staff acknowledge guidance pages.")
    current = version.page.versions.order_by("-number").first()
    if current is None or current.pk != version.pk:
        raise InvalidInput("A newer version of this page has been published")
    ack, created = Acknowledgement.objects.get_or_create(version=version, user=actor)
    if created:
        record(
            actor=actor,
            action=Action.CREATE,
            obj=ack,
            what=f"Read version {version.number} of guidance page '{version.title}'"[:300],
        )
    return created

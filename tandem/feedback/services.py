"""Every staff write in feedback: 'You said, we did' notes. Keyword-only, typed,
atomic, audited. (Asking is in ``requests.py``, answering in ``answering.py``.)"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.access import scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.feedback.models import NOTE_MAX, YouSaidWeDid
from tandem.people.models import CareTeam, User


def _note_text(value: str, *, field: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(f"Enter {what}", field=field)
    if len(value) > NOTE_MAX:
        raise InvalidInput(
            f"{what[0].upper()}{what[1:]} must be {NOTE_MAX} characters or fewer", field=field
        )
    return value


@transaction.atomic
def publish_note(*, actor: User, team: CareTeam, you_said: str, we_did: str) -> YouSaidWeDid:
    """A manager of ``team`` publishes a note that the team's people and their
    carers see on their home page."""
    if not scopes.managed_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied("Only the team's managers can publish for it.")
    you_said = _note_text(you_said, field="you_said", what="what people said")
    we_did = _note_text(we_did, field="we_did", what="what the team did")
    note = YouSaidWeDid.objects.create(
        team=team,
        you_said=you_said,
        we_did=we_did,
        published_at=timezone.now(),
        published_by=actor,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=note,
        what=f"Published 'You said, we did' for {team.name}"[:300],
    )
    return note


@transaction.atomic
def withdraw_note(*, actor: User, note: YouSaidWeDid) -> YouSaidWeDid:
    locked = YouSaidWeDid.objects.select_for_update().get(pk=note.pk)
    if not scopes.managed_teams(actor).filter(pk=locked.team_id).exists():
        raise PermissionDenied("Only the team's managers can withdraw its notes.")
    if locked.withdrawn_at is None:
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        record(
            actor=actor, action=Action.UPDATE, obj=locked, what="Withdrew a 'You said, we did' note"
        )
    return locked

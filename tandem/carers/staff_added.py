"""Staff recording a carer on the person's consent, or on a legal basis.
Keyword-only, typed, atomic, audited.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.carers.checks import (
    checked_text,
    log_change,
    picked_scopes,
    require_treating,
    scope_words,
)
from tandem.carers.invitations import CarerDetails, IssuedInvite, issue_invite, new_carer
from tandem.carers.models import (
    InviteChannel,
)
from tandem.errors import InvalidInput
from tandem.people.models import (
    CarerBasis,
    CarerLink,
    ServiceUser,
    User,
)

# --- Staff adding a carer ------------------------------------------------------------


@transaction.atomic
def staff_add_carer(
    *,
    actor: User,
    person: ServiceUser,
    details: CarerDetails,
    relationship: str,
    chosen: list[str],
    basis: str,
    basis_note: str,
    send_invite_by: str = "",
) -> tuple[CarerLink, IssuedInvite | None]:
    """Staff record a carer on the person's consent, or on a legal basis when the
    person lacks capacity for the decision or is a young person.

    The note says how consent was given, or the reasons for the legal basis,
    and is required either way. If ``send_invite_by`` is set the carer is
    invited to make an account; the link stands from now.
    """
    require_treating(actor, person.pk)
    if basis not in CarerBasis.values:
        raise InvalidInput(f"Unknown basis: {basis!r}")
    basis_note = checked_text(
        basis_note, "How consent was given or the reasons", limit=500, required=True
    )
    relationship = checked_text(relationship, "Relationship", limit=60, required=True)
    if send_invite_by and send_invite_by not in InviteChannel.values:
        raise InvalidInput(f"Unknown way to send: {send_invite_by!r}")
    picked = picked_scopes(chosen)
    carer = new_carer(details, send_invite_by)
    link = CarerLink.objects.create(
        service_user=person,
        carer=carer,
        relationship=relationship,
        basis=basis,
        basis_note=basis_note,
        consent_recorded_by=actor,
        consent_recorded_at=timezone.now(),
        **{name: True for name in picked},
    )
    what = (
        f"Added {carer.display_name} ({relationship}) as a carer on the basis of "
        f"{CarerBasis(basis).label[0].lower() + CarerBasis(basis).label[1:]}, "
        f"to share: {scope_words(picked)}"
    )
    log_change(link=link, actor=actor, what=what, note=basis_note)
    record(actor=actor, action=Action.CREATE, obj=link, what=what)
    issued = None
    if send_invite_by:
        issued = issue_invite(
            actor=actor,
            person=person,
            carer=carer,
            relationship=relationship,
            chosen=picked,
            sent_by=send_invite_by,
            link=link,
            what=f"Invited {carer.display_name} to make an account as a carer",
        )
    return link, issued

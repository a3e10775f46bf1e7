"""Which crisis contacts a person sees: their teams' own, then the service's,
falling back to national defaults so the list is never empty."""

from __future__ import annotations

from django.db.models import Q

from tandem.people.models import CaseloadEntry, CrisisContact, User
from tandem.people.services import DEFAULT_CRISIS_CONTACTS, CrisisContactDetails


def crisis_contacts_for(user: User | None) -> list[CrisisContactDetails]:
    team_ids: list[int] = []
    if user is not None and user.is_authenticated:
        team_ids = list(
            CaseloadEntry.objects.filter(
                Q(service_user__user=user)
                | Q(
                    service_user__carer_links__carer__user=user,
                    service_user__carer_links__withdrawn_at__isnull=True,
                ),
                closed_on__isnull=True,
            ).values_list("team_id", flat=True)
        )
    rows = CrisisContact.objects.filter(Q(team__isnull=True) | Q(team_id__in=team_ids)).order_by(
        "team_id", "position", "pk"
    )
    # Team rows first (non-null team ids sort after NULL on some databases).
    ordered = sorted(rows, key=lambda c: (c.team_id is None, c.position, c.pk))
    configured = [
        CrisisContactDetails(name=c.name, how=c.how, phone=c.phone, description=c.description)
        for c in ordered
    ]
    return configured or list(DEFAULT_CRISIS_CONTACTS)

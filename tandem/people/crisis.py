"""Which crisis contacts a person sees: their teams' own, then the service's,
falling back to national defaults so the list is never empty."""

from __future__ import annotations

from django.db.models import Q

from tandem.people.models import CaseloadEntry, CrisisContact, User
from tandem.people.services import (
    CrisisContactDetails,
    in_the_readers_language,
    national_crisis_contacts,
)


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
    rows = list(
        CrisisContact.objects.filter(Q(team__isnull=True) | Q(team_id__in=team_ids)).order_by(
            "position", "pk"
        )
    )
    team_contacts = [details_of(c) for c in rows if c.team_id is not None]
    # A team's own line never replaces the service-wide list: without one, the
    # national numbers still show.
    service_contacts = [details_of(c) for c in rows if c.team_id is None]
    return team_contacts + (service_contacts or national_crisis_contacts())


def details_of(contact: CrisisContact) -> CrisisContactDetails:
    return in_the_readers_language(
        CrisisContactDetails(
            name=contact.name, how=contact.how, phone=contact.phone, description=contact.description
        )
    )

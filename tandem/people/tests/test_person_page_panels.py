"""The person page asks once whether the clinician treats the person, and the
panels whose rule that is take the answer (issue 18). A clinician who may open
the record for another reason (they are also the person's carer) must still
see none of what only the treating team sees, and no read of carers' views is
audited for them; the treating clinician sees all of it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tandem.audit.models import AuditEvent
from tandem.carers.models import CarerView
from tandem.inclusion.models import HelpRequest
from tandem.people.models import CarerLink
from tests import factories
from tests.personas import Personas, sign_in

TREATING_TEAM_ONLY = (
    "What they have noticed",  # a carer's view
    "Open requests for tech help",  # the inclusion panel
    "Their Tandem account",  # invitations
    "Record a date of death",
    "Change details",
)


def record_with_views(personas: Personas) -> str:
    personas.carer_link.can_give_views = True
    personas.carer_link.save()
    CarerView.objects.create(
        link=personas.carer_link,
        service_user=personas.su,
        carer=personas.carer_link.carer,
        about="Review in March",
        what_noticed="Sleeping less",
    )
    HelpRequest.objects.create(
        service_user=personas.su, topic="video", contact_by="phone", raised_by=personas.clinician
    )
    return reverse("people:person", kwargs={"pk": personas.su.pk})


def views_read(user_id: int) -> int:
    return AuditEvent.objects.filter(actor_id=user_id, object_type="carers.CarerView").count()


def test_a_clinician_who_only_cares_for_the_person_sees_none_of_the_teams_panels(
    personas: Personas,
) -> None:
    url = record_with_views(personas)
    # Robin works in the other team, and is also Sam's carer: Sam's record opens
    # for them (as his carer), but they do not treat him.
    CarerLink.objects.create(
        service_user=personas.su,
        carer=factories.CarerFactory(user=personas.outsider),
        relationship="Brother",
    )
    response = sign_in(Client(), personas.outsider).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sam" in page
    for shown in TREATING_TEAM_ONLY:
        assert shown not in page, shown
    assert views_read(personas.outsider.pk) == 0


def test_the_treating_clinician_sees_every_panel_and_the_read_is_audited(
    client_for,  # type: ignore[no-untyped-def]
    personas: Personas,
) -> None:
    url = record_with_views(personas)
    page = client_for("clinician").get(url).content.decode()
    for shown in TREATING_TEAM_ONLY:
        assert shown in page, shown
    assert views_read(personas.clinician.pk) == 1

"""``records.person_on_caseload``: the one rule for a clinician or manager opening
a person on their teams' caseload (the carers', invitations' and safety plans'
``person_for_staff``), audited under the person, the same 404 for anyone else."""

from __future__ import annotations

import pytest
from django.http import Http404

from tandem.access import records
from tandem.audit.models import AuditEvent
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_a_clinician_on_the_team_opens_the_person_and_the_read_is_audited(
    personas: Personas,
) -> None:
    found = records.person_on_caseload(personas.clinician, pk=personas.su.pk, what="Opened")
    assert found == personas.su
    event = AuditEvent.objects.latest("id")
    assert (event.actor_id, event.subject_id, event.what) == (
        personas.clinician.pk,
        personas.su.pk,
        "Opened",
    )


@pytest.mark.parametrize("name", ["outsider", "carer", "service_user", "admin"])
def test_anyone_else_gets_the_404_and_nothing_is_audited(personas: Personas, name: str) -> None:
    user = personas.all()[name]
    assert user is not None
    before = AuditEvent.objects.count()
    with pytest.raises(Http404):
        records.person_on_caseload(user, pk=personas.su.pk, what="Opened")
    assert AuditEvent.objects.count() == before

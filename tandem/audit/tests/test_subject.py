"""The audit row names whose record it touched from the object itself (ADR 0078)."""

from __future__ import annotations

import pytest

from tandem.audit.models import Action, AuditEvent
from tandem.audit.services import record
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_the_subject_is_the_person_the_object_names(personas: Personas) -> None:
    link = personas.carer_link
    event = record(actor=personas.clinician, action=Action.VIEW, obj=link, what="Viewed")
    assert event.subject_id == personas.su.pk


def test_the_subject_of_a_person_is_the_person(personas: Personas) -> None:
    event = record(actor=personas.clinician, action=Action.VIEW, obj=personas.su, what="Viewed")
    assert event.subject_id == personas.su.pk


def test_an_object_that_names_no_person_has_no_subject_unless_given(personas: Personas) -> None:
    team = personas.team_a
    assert record(actor=None, action=Action.UPDATE, obj=team).subject_id is None
    given = record(actor=None, action=Action.UPDATE, obj=team, subject_id=personas.su.pk)
    assert given.subject_id == personas.su.pk


def test_a_subject_that_agrees_with_the_object_is_kept(personas: Personas) -> None:
    link = personas.carer_link
    event = record(actor=None, action=Action.VIEW, obj=link, subject_id=personas.su.pk)
    assert event.subject_id == personas.su.pk


@pytest.mark.parametrize("names", ["the person", "a row about them"])
def test_a_subject_that_disagrees_with_the_object_is_refused(
    personas: Personas, names: str
) -> None:
    obj = personas.su if names == "the person" else personas.carer_link
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="disagrees"):
        record(actor=None, action=Action.VIEW, obj=obj, subject_id=personas.other_su.pk)
    assert AuditEvent.objects.count() == before

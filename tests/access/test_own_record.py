"""A service user's own record: ``records.own_service_user`` takes the row read
with the account's roles (HAZ-376) but asks the scope's one rule who gets it, so
it finds exactly what ``scopes.service_users_visible_to(user).filter(user=user)``
finds, and the same 404 for everyone else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tandem.access import records, scopes
from tandem.people.models import User
from tests import factories
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def through_the_scope(user):  # type: ignore[no-untyped-def]
    if not user.is_authenticated:  # the scope is empty, and no account to filter by
        return scopes.service_users_visible_to(user).first()
    return scopes.service_users_visible_to(user).filter(user=user).first()


def own(user):  # type: ignore[no-untyped-def]
    try:
        return records.own_service_user(user)
    except Http404:
        return None


def test_the_own_record_is_what_the_scope_finds(personas: Personas) -> None:
    everyone = [AnonymousUser(), *(u for u in personas.all().values() if u is not None)]
    assert len(everyone) == 9
    for user in everyone:
        assert own(user) == through_the_scope(user), user


def test_a_service_user_gets_their_own_row(personas: Personas) -> None:
    assert records.own_service_user(personas.service_user) == personas.su
    assert records.own_person(personas.service_user) == personas.su


def test_a_deactivated_service_user_gets_the_404_from_both(personas: Personas) -> None:
    user = personas.service_user
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert through_the_scope(user) is None
    with pytest.raises(Http404):
        records.own_service_user(user)


def test_staff_and_carers_get_the_404_not_a_row(personas: Personas) -> None:
    for user in (personas.clinician, personas.manager, personas.carer, personas.admin):
        assert through_the_scope(user) is None
        with pytest.raises(Http404):
            records.own_service_user(user)


def test_a_member_of_staff_who_is_also_a_service_user_gets_their_row(
    personas: Personas,
) -> None:
    person = factories.ServiceUserFactory(user=personas.colleague)
    user = User.objects.get(pk=personas.colleague.pk)  # the roles read afresh
    assert through_the_scope(user) == person
    assert records.own_service_user(user) == person

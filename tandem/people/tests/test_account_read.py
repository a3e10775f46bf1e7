"""What every signed-in page reads of the account (issue 18): the profiles, the
team memberships and so the roles, in one query, with the leaver check asked in
that same query by the middleware."""

from __future__ import annotations

import pytest

from tandem.audit.services import describe_actor
from tandem.people.models import TeamMembership, User
from tandem.people.roles import Role, read_account, roles_of
from tests import factories
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_a_nurse_who_is_also_a_patient_gets_every_role_and_team_from_one_query(
    personas: Personas, django_assert_num_queries
) -> None:
    nurse = personas.clinician
    TeamMembership.objects.create(
        staff=nurse.staff, team=personas.team_b, role=TeamMembership.Role.MANAGER
    )
    factories.ServiceUserFactory(user=nurse)
    fresh = User.objects.get(pk=nurse.pk)

    with django_assert_num_queries(1):
        roles = roles_of(fresh)
        assert fresh.staff.user is fresh
        assert fresh.service_user.user_id == nurse.pk
        _, role, teams = describe_actor(fresh)

    assert roles == {Role.CLINICIAN, Role.MANAGER, Role.SERVICE_USER}
    assert (role, teams) == ("Team manager", f"{personas.team_a.name}, {personas.team_b.name}")


@pytest.mark.parametrize("persona", ["service_user", "carer", "admin", "manager"])
def test_each_persona_has_the_roles_its_profiles_give(
    persona: str, personas: Personas, django_assert_num_queries
) -> None:
    expected = {
        "service_user": {Role.SERVICE_USER},
        "carer": {Role.CARER},
        "admin": {Role.ADMIN},
        "manager": {Role.MANAGER},
    }[persona]
    fresh = User.objects.get(pk=personas.all()[persona].pk)  # type: ignore[union-attr]
    with django_assert_num_queries(1):
        assert roles_of(fresh) == expected


def test_a_question_asked_with_the_account_is_answered_and_the_roles_kept(
    personas: Personas, django_assert_num_queries
) -> None:
    fresh = User.objects.get(pk=personas.clinician.pk)
    with django_assert_num_queries(1):
        asked = read_account(fresh, answer=("%s", (42,)))
        assert roles_of(fresh) == {Role.CLINICIAN}
    assert asked == {"answer": 42}


def test_an_account_with_no_profile_has_no_roles(django_assert_num_queries) -> None:
    plain = User.objects.get(pk=factories.UserFactory().pk)
    with django_assert_num_queries(1):
        assert roles_of(plain) == frozenset()

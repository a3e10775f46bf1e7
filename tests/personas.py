"""The named people every access test uses.

- clinician: care coordinator in team A, coordinates service_user
- colleague: another clinician in team A
- outsider: a clinician in team B
- manager: manages team A
- admin: configures the service, sees no records
- service_user: open to team A, with an account, linked to carer
- other_service_user: open to team B, with an account
- carer: linked to service_user (not to other_service_user)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.people import models
from tandem.people.mfa import install_known_secret
from tests import factories

# A fixed, synthetic base32 secret so browser tests can compute codes.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class Personas:
    organisation: models.Organisation
    team_a: models.CareTeam
    team_b: models.CareTeam
    clinician: models.User
    colleague: models.User
    outsider: models.User
    manager: models.User
    admin: models.User
    service_user: models.User
    other_service_user: models.User
    carer: models.User
    su: models.ServiceUser
    other_su: models.ServiceUser
    carer_profile: models.Carer
    carer_link: models.CarerLink

    def all(self) -> dict[str, models.User | None]:
        return {
            "anonymous": None,
            "clinician": self.clinician,
            "colleague": self.colleague,
            "outsider": self.outsider,
            "manager": self.manager,
            "admin": self.admin,
            "service_user": self.service_user,
            "other_service_user": self.other_service_user,
            "carer": self.carer,
        }


def staff(
    email: str,
    name: str,
    team: models.CareTeam | None,
    role: str = "clinician",
    admin: bool = False,
) -> models.User:
    user = factories.UserFactory(email=email, full_name=name)
    member = factories.StaffMemberFactory(user=user, is_service_admin=admin)
    if team is not None:
        models.TeamMembership.objects.create(staff=member, team=team, role=role)
    install_known_secret(user=user, base32_secret=TEST_TOTP_SECRET)
    return user


def build() -> Personas:
    org = factories.OrganisationFactory()
    team_a = factories.CareTeamFactory(organisation=org, name="Northgate CMHT", slug="northgate")
    team_b = factories.CareTeamFactory(organisation=org, name="Southmoor CMHT", slug="southmoor")
    clinician = staff("clinician@example.org", "Dr Casey Lee", team_a)
    colleague = staff("colleague@example.org", "Jordan Patel", team_a)
    outsider = staff("outsider@example.org", "Robin Okafor", team_b)
    manager = staff("manager@example.org", "Morgan Ellis", team_a, role="manager")
    admin = staff("admin@example.org", "Avery Stone", None, admin=True)

    su_user = factories.UserFactory(email="service.user@example.org", full_name="Sam Taylor")
    su = factories.ServiceUserFactory(
        user=su_user, given_name="Sam", family_name="Taylor", nhs_number="9990000018"
    )
    models.CaseloadEntry.objects.create(
        service_user=su, team=team_a, care_coordinator=clinician.staff
    )
    other_user = factories.UserFactory(email="other.user@example.org", full_name="Kit Moreno")
    other_su = factories.ServiceUserFactory(user=other_user, given_name="Kit", family_name="Moreno")
    models.CaseloadEntry.objects.create(service_user=other_su, team=team_b)

    carer_user = factories.UserFactory(email="carer@example.org", full_name="Alex Taylor")
    carer_profile = factories.CarerFactory(user=carer_user, given_name="Alex", family_name="Taylor")
    link = models.CarerLink.objects.create(
        service_user=su,
        carer=carer_profile,
        relationship="Partner",
        can_see_appointments=True,
        can_join_video=True,
    )
    return Personas(
        organisation=org,
        team_a=team_a,
        team_b=team_b,
        clinician=clinician,
        colleague=colleague,
        outsider=outsider,
        manager=manager,
        admin=admin,
        service_user=su_user,
        other_service_user=other_user,
        carer=carer_user,
        su=su,
        other_su=other_su,
        carer_profile=carer_profile,
        carer_link=link,
    )


def sign_in(client: Client, user: models.User | None) -> Client:
    """Sign ``user`` in on ``client``, completing two-step verification for staff."""
    if user is None:
        return client
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client

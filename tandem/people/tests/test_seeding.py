"""The synthetic demo: what `seed_demo` promises people who try Tandem out."""

from __future__ import annotations

import base64
import datetime as dt
import random
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.access.scopes import service_users_visible_to
from tandem.audit.models import AuditEvent
from tandem.audit.seal import seal
from tandem.audit.verify import first_break
from tandem.demo import demographics, roster
from tandem.people.crisis import crisis_contacts_for
from tandem.people.mfa import secret_for_display
from tandem.people.models import (
    Carer,
    CarerLink,
    CareTeam,
    CaseloadEntry,
    Organisation,
    ServiceUser,
    StaffMember,
    TeamMembership,
    User,
)
from tandem.people.roles import Role
from tandem.people.services import PersonDetails
from tandem.people.validators import normalise_nhs_number, normalise_phone, normalise_postcode
from tests.personas import sign_in

pytestmark = pytest.mark.django_db

PEOPLE = 40
SHARED_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--people", str(PEOPLE), *args, verbosity=0, stdout=out)
    return out.getvalue()


def demo_logins(*args: str) -> str:
    out = StringIO()
    call_command("demo_logins", *args, stdout=out)
    return out.getvalue()


def sign_in_request():  # type: ignore[no-untyped-def]
    return RequestFactory().post("/sign-in/")


@pytest.fixture
def seeded(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv(roster.PASSWORD_ENV, raising=False)
    monkeypatch.delenv(roster.TOTP_SECRET_ENV, raising=False)
    return seed_demo()


def user(email: str) -> User:
    return User.objects.get(email=email)


def counts() -> dict[str, int]:
    models = (
        Organisation,
        CareTeam,
        User,
        StaffMember,
        TeamMembership,
        ServiceUser,
        CaseloadEntry,
        Carer,
        CarerLink,
        TOTPDevice,
        AuditEvent,
    )
    return {model.__name__: model.objects.count() for model in models}


# --- The five fixed logins ---------------------------------------------------


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("sam@example.org", Role.SERVICE_USER),
        ("alex@example.org", Role.CARER),
        ("dr.lee@example.org", Role.CLINICIAN),
        ("morgan@example.org", Role.MANAGER),
        ("admin@example.org", Role.ADMIN),
    ],
)
def test_each_fixed_login_signs_in_with_the_demo_password_and_has_its_role(seeded, email, role):
    signed_in = authenticate(sign_in_request(), email=email, password="blended-care-demo")
    assert signed_in is not None and signed_in.email == email
    assert signed_in.roles == {role}
    assert authenticate(sign_in_request(), email=email, password="not-the-password") is None


def test_the_fixed_people_are_set_up_as_the_readme_describes(seeded):
    sam = ServiceUser.objects.get(user__email="sam@example.org")
    assert sam.given_name == "Sam"
    first_team = CareTeam.objects.get(slug=roster.TEAMS[0].slug)
    entry = sam.caseload_entries.get(closed_on__isnull=True)
    assert entry.team == first_team
    assert entry.care_coordinator.user.email == "dr.lee@example.org"

    link = CarerLink.objects.get(carer__user__email="alex@example.org", withdrawn_at__isnull=True)
    assert link.service_user == sam
    assert len(link.granted_scopes) >= 3

    assert TeamMembership.objects.filter(
        staff__user__email="dr.lee@example.org", team=first_team, role="clinician"
    ).exists()
    assert TeamMembership.objects.filter(
        staff__user__email="morgan@example.org", team=first_team, role="manager"
    ).exists()
    admin = StaffMember.objects.get(user__email="admin@example.org")
    assert admin.is_service_admin
    assert not admin.memberships.exists()


def test_a_chosen_password_replaces_the_default(monkeypatch):
    monkeypatch.setenv(roster.PASSWORD_ENV, "a-longer-synthetic-demo-pass")
    seed_demo()
    assert authenticate(
        sign_in_request(), email="morgan@example.org", password="a-longer-synthetic-demo-pass"
    )
    assert (
        authenticate(sign_in_request(), email="morgan@example.org", password="blended-care-demo")
        is None
    )


def test_a_weak_chosen_password_is_refused_and_nothing_is_saved(monkeypatch):
    monkeypatch.setenv(roster.PASSWORD_ENV, "password")
    with pytest.raises(CommandError, match="not a good enough password"):
        seed_demo()
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


# --- The data is synthetic and valid -----------------------------------------


def test_the_service_has_one_trust_three_teams_and_twenty_staff(seeded):
    assert Organisation.objects.count() == 1
    assert CareTeam.objects.count() == 3
    assert StaffMember.objects.count() == 20
    in_two_teams = [s for s in StaffMember.objects.all() if s.memberships.count() == 2]
    assert 1 <= len(in_two_teams) <= 3
    assert set(StaffMember.objects.values_list("professional_role", flat=True)) >= {
        "care_coordinator",
        "psychiatrist",
        "psychologist",
        "social_worker",
        "team_manager",
    }


def test_every_service_user_is_open_to_one_team_most_with_a_coordinator_from_it(seeded):
    assert ServiceUser.objects.count() == PEOPLE
    with_coordinator = 0
    for person in ServiceUser.objects.all():
        open_entries = list(person.caseload_entries.filter(closed_on__isnull=True))
        assert len(open_entries) == 1
        entry = open_entries[0]
        if entry.care_coordinator is not None:
            with_coordinator += 1
            assert entry.care_coordinator.memberships.filter(
                team=entry.team, role="clinician"
            ).exists()
    assert with_coordinator >= PEOPLE * 0.6


def test_every_nhs_number_is_valid_unique_and_in_the_test_range(seeded):
    numbers = list(ServiceUser.objects.values_list("nhs_number", flat=True))
    assert len(numbers) == len(set(numbers)) == PEOPLE
    for number in numbers:
        assert normalise_nhs_number(number) == number
        assert number.startswith("999")


def test_every_phone_number_is_valid_e164(seeded):
    phones = [
        *ServiceUser.objects.values_list("phone", flat=True),
        *Carer.objects.values_list("phone", flat=True),
        *CareTeam.objects.values_list("phone", flat=True),
        *CareTeam.objects.values_list("out_of_hours_phone", flat=True),
    ]
    assert sum(bool(p) for p in phones) > PEOPLE / 2
    for phone in filter(None, phones):
        assert normalise_phone(phone) == phone


def test_postcodes_and_emails_are_valid_and_synthetic(seeded):
    for postcode in filter(None, ServiceUser.objects.values_list("postcode", flat=True)):
        assert normalise_postcode(postcode) == postcode
    emails = [
        *User.objects.values_list("email", flat=True),
        *filter(None, ServiceUser.objects.values_list("email", flat=True)),
        *filter(None, Carer.objects.values_list("email", flat=True)),
    ]
    assert all(email.endswith("@example.org") and email == email.lower() for email in emails)


def test_demographics_are_in_range(seeded):
    today = dt.date.today()
    for person in ServiceUser.objects.all():
        assert 18 <= person.age_on(today) <= 90
        assert person.imd_decile is None or 1 <= person.imd_decile <= 10
        if person.interpreter_needed:
            assert person.first_language != "English"


def test_some_but_not_all_people_have_carers_and_accounts(seeded):
    people_with_carers = ServiceUser.objects.filter(carer_links__isnull=False).distinct().count()
    assert 1 <= people_with_carers < PEOPLE
    with_accounts = ServiceUser.objects.filter(user__isnull=False).count()
    assert 1 <= with_accounts < PEOPLE / 2


def test_the_same_seed_draws_the_same_people():
    def draw(seed: int) -> list[PersonDetails]:
        rng = random.Random(seed)
        numbers = demographics.NhsNumbers(rng)
        today = dt.date(2026, 1, 1)
        return [demographics.person(rng, n=n, nhs_numbers=numbers, today=today) for n in range(50)]

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)


# --- Staff two-step verification ---------------------------------------------


def test_every_member_of_staff_has_a_confirmed_authenticator(seeded):
    for member in StaffMember.objects.select_related("user"):
        assert TOTPDevice.objects.filter(user=member.user, confirmed=True).count() == 1
    keys = set(TOTPDevice.objects.values_list("key", flat=True))
    assert len(keys) == StaffMember.objects.count()  # each their own secret


def test_a_shared_demo_secret_lets_staff_compute_their_codes(monkeypatch):
    monkeypatch.setenv(roster.TOTP_SECRET_ENV, SHARED_SECRET)
    seed_demo()
    device = TOTPDevice.objects.get(user__email="dr.lee@example.org")
    code = TOTP(base64.b32decode(SHARED_SECRET)).token()
    assert device.verify_token(f"{code:06d}")
    assert set(TOTPDevice.objects.values_list("key", flat=True)) == {
        base64.b32decode(SHARED_SECRET).hex()
    }


def test_a_malformed_shared_secret_is_refused(monkeypatch):
    monkeypatch.setenv(roster.TOTP_SECRET_ENV, "not base32!")
    with pytest.raises(CommandError, match="base32"):
        seed_demo()
    assert not Organisation.objects.exists()


def test_demo_logins_prints_the_fixed_logins_and_staff_secrets(seeded):
    out = demo_logins()
    for email in roster.FIXED_EMAILS:
        assert email in out
    assert "blended-care-demo" in out
    for email in ("dr.lee@example.org", "morgan@example.org", "admin@example.org"):
        assert secret_for_display(TOTPDevice.objects.get(user__email=email)) in out
    assert "demo_logins --all-staff" in out
    other = StaffMember.objects.exclude(user__email__in=roster.FIXED_EMAILS).first()
    assert other.user.email not in out
    everyone = demo_logins("--all-staff")
    assert secret_for_display(TOTPDevice.objects.get(user=other.user)) in everyone


def test_demo_logins_without_a_demo_says_how_to_make_one():
    with pytest.raises(CommandError, match="seed_demo"):
        demo_logins()


# --- Access and the audit log ------------------------------------------------


def test_sam_is_visible_to_dr_lee_but_not_to_a_clinician_in_another_team(seeded):
    sam = ServiceUser.objects.get(user__email="sam@example.org")
    assert service_users_visible_to(user("dr.lee@example.org")).filter(pk=sam.pk).exists()
    first_team = CareTeam.objects.get(slug=roster.TEAMS[0].slug)
    outsider = (
        StaffMember.objects.filter(memberships__role="clinician")
        .exclude(memberships__team=first_team)
        .first()
    )
    assert outsider is not None
    assert not service_users_visible_to(outsider.user).filter(pk=sam.pk).exists()
    assert service_users_visible_to(outsider.user).exists()


def test_the_seeded_people_see_their_pages(seeded):
    sam_page = sign_in(Client(), user("sam@example.org")).get("/me/")
    assert sam_page.status_code == 200
    assert "Sam" in sam_page.content.decode()
    caseload = sign_in(Client(), user("dr.lee@example.org")).get("/caseload/?show=team")
    assert caseload.status_code == 200
    assert "Sam Taylor" in caseload.content.decode()  # the first team's few fit on one page


def test_sams_crisis_contacts_list_the_team_line_and_national_ones(seeded):
    names = [c.name for c in crisis_contacts_for(user("sam@example.org"))]
    assert names[0].startswith("Northgate")
    assert {"Samaritans", "NHS 111, option 2"} <= set(names)


def test_running_twice_changes_nothing(seeded):
    before = counts()
    out = seed_demo()
    assert "already" in out
    assert counts() == before


def test_it_will_not_seed_into_a_database_holding_a_real_service():
    Organisation.objects.create(name="A real trust")
    with pytest.raises(CommandError, match="already holds a service"):
        seed_demo()
    assert not User.objects.exists()


def test_seeding_writes_one_audit_event_and_the_chain_still_verifies(seeded):
    events = list(AuditEvent.objects.all())
    assert len(events) == 1
    assert events[0].actor_id is None
    assert events[0].object_type == "people.Organisation"
    assert events[0].what == f"Seeded synthetic demo data: {PEOPLE} people"
    assert seal() == 1
    assert first_break() == (1, None)

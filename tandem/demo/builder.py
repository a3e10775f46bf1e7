"""Write the synthetic demo service to the database, fast.

Rows go in with ``bulk_create`` in batches inside one transaction, so a failed
run leaves nothing behind and 100,000 people take minutes, not hours. The
password is hashed once and the hash shared; seeding writes one audit event
at the end (a system action), not one per row.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.bulk import analyze
from tandem.demo import demographics, roster
from tandem.people import codes
from tandem.people.mfa import DEVICE_NAME
from tandem.people.models import (
    Carer,
    CarerLink,
    CareTeam,
    CaseloadEntry,
    CrisisContact,
    Organisation,
    ServiceUser,
    StaffMember,
    TeamMembership,
    User,
)
from tandem.people.services import DEFAULT_CRISIS_CONTACTS

DEFAULT_SEED = 1948
DEFAULT_BATCH_SIZE = 2000
ACCOUNT_SHARE = 0.1  # of service users and of carers
CARER_SHARE = 1 / 3  # of service users with at least one carer
SECOND_CARER_SHARE = 0.12  # of those
ALLOCATED_SHARE = 0.88  # of service users with a named care coordinator
EARLIER_EPISODE_SHARE = 0.08  # with a closed episode in another team before
WITHDRAWN_LINK_SHARE = 0.03
SAM_NHS_NUMBER = demographics.fixed_nhs_number("999000001")


class CannotSeed(Exception):
    """Seeding would be unsafe or impossible here; the message says why."""


class AlreadySeeded(CannotSeed):
    pass


@dataclass
class SeedResult:
    organisation: Organisation
    people: int = 0
    carers: int = 0
    accounts: int = 0
    staff: int = 0
    appointments: int = 0
    seconds: float = 0.0


@dataclass
class Batch:
    users: list[User] = field(default_factory=list)
    service_users: list[ServiceUser] = field(default_factory=list)
    entries: list[CaseloadEntry] = field(default_factory=list)
    carers: list[Carer] = field(default_factory=list)
    links: list[CarerLink] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.service_users)


def demo_organisation() -> Organisation | None:
    return Organisation.objects.filter(name=roster.ORGANISATION_NAME).order_by("pk").first()


def key_hex_for(base32_secret: str) -> str:
    padded = base32_secret.replace(" ", "").upper()
    padded += "=" * (-len(padded) % 8)
    try:
        raw = base64.b32decode(padded)
    except (binascii.Error, ValueError) as exc:
        raise CannotSeed(f"{roster.TOTP_SECRET_ENV} is not valid base32.") from exc
    if not 10 <= len(raw) <= 40:
        raise CannotSeed(f"{roster.TOTP_SECRET_ENV} must decode to 10-40 bytes (16-64 characters).")
    return raw.hex()


def check_safe_to_seed() -> None:
    if demo_organisation() is not None:
        raise AlreadySeeded("The demo service is already in this database; nothing was changed.")
    others = list(Organisation.objects.values_list("name", flat=True)[:3])
    if others:
        raise CannotSeed(
            "This database already holds a service (" + ", ".join(others) + "). "
            "Demo data, with its published password, only goes into an empty database."
        )
    taken = list(User.objects.filter(email__in=roster.FIXED_EMAILS).values_list("email", flat=True))
    if taken:
        raise CannotSeed("These demo accounts already exist: " + ", ".join(sorted(taken)))


def aware(day: dt.date, rng: random.Random) -> dt.datetime:
    """A time during the working day on ``day``."""
    moment = dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.randrange(60)))
    return timezone.make_aware(moment)


class Builder:
    def __init__(
        self,
        *,
        people: int,
        seed: int,
        batch_size: int,
        today: dt.date,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.people = people
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.today = today
        self.progress = progress or (lambda n: None)
        self.password_hash = make_password(roster.demo_password())
        secret = roster.demo_totp_secret()
        self.totp_key_hex = key_hex_for(secret) if secret else None
        self.nhs_numbers = demographics.NhsNumbers(self.rng)
        self.nhs_numbers.reserve(SAM_NHS_NUMBER)
        self.result: SeedResult
        self.teams: list[CareTeam] = []
        self.team_weights: list[float] = []
        self.coordinators: dict[int, list[StaffMember]] = {}
        self.staff_by_email: dict[str, StaffMember] = {}
        self.carer_count = 0

    # --- The service and its staff --------------------------------------------

    def build_service(self) -> Organisation:
        org = Organisation.objects.create(
            name=roster.ORGANISATION_NAME, ods_code=roster.ORGANISATION_ODS_CODE
        )
        self.teams = CareTeam.objects.bulk_create(
            CareTeam(
                organisation=org,
                name=spec.name,
                slug=spec.slug,
                phone=spec.phone,
                out_of_hours_phone=spec.out_of_hours_phone,
            )
            for spec in roster.TEAMS
        )
        self.team_weights = [spec.share for spec in roster.TEAMS]
        CrisisContact.objects.bulk_create(
            CrisisContact(organisation=org, position=i, **details.__dict__)
            for i, details in enumerate(DEFAULT_CRISIS_CONTACTS)
        )
        # Each team's out-of-hours line, listed first for its people; the
        # service-wide (national) contacts above stay listed too.
        from tandem.safety.seeding import seed_team_crisis_lines

        seed_team_crisis_lines(organisation=org, teams=self.teams)
        return org

    def build_staff(self) -> None:
        used_emails: set[str] = set()
        users, members = [], []
        for spec in roster.STAFF:
            if spec.email:
                email, full_name = spec.email, spec.full_name
            else:
                given = demographics.given_name(self.rng, "")
                family = demographics.family_name(self.rng)
                full_name = f"{given} {family}"
                email = f"{demographics.email_local_part(given, family)}@example.org"
                suffix = 2
                while email in used_emails:
                    email = f"{demographics.email_local_part(given, family)}{suffix}@example.org"
                    suffix += 1
            used_emails.add(email)
            user = User(email=email, full_name=full_name, password=self.password_hash)
            users.append(user)
            members.append(
                StaffMember(
                    user=user, professional_role=spec.role, is_service_admin=spec.is_service_admin
                )
            )
        User.objects.bulk_create(users, batch_size=self.batch_size)
        StaffMember.objects.bulk_create(members, batch_size=self.batch_size)
        memberships = []
        for spec, member in zip(roster.STAFF, members, strict=True):
            self.staff_by_email[member.user.email] = member
            for team_index, role in spec.teams:
                team = self.teams[team_index]
                memberships.append(TeamMembership(staff=member, team=team, role=role))
                if role == roster.CLINICIAN and spec.role in roster.COORDINATING_ROLES:
                    self.coordinators.setdefault(team.pk, []).append(member)
        TeamMembership.objects.bulk_create(memberships)
        devices = []
        for user in users:
            device = TOTPDevice(user=user, name=DEVICE_NAME, confirmed=True)
            if self.totp_key_hex:
                device.key = self.totp_key_hex
            devices.append(device)  # otherwise django-otp's own random key
        TOTPDevice.objects.bulk_create(devices)
        self.result.staff = len(members)
        self.result.accounts += len(users)

    # --- Service users and carers ---------------------------------------------

    def account(self, batch: Batch, email: str, full_name: str) -> User:
        user = User(email=email.lower(), full_name=full_name, password=self.password_hash)
        batch.users.append(user)
        return user

    def add_sam(self, batch: Batch) -> None:
        dr_lee = self.staff_by_email[roster.DR_LEE_EMAIL]
        opened = self.today - dt.timedelta(days=400)
        sam = ServiceUser(
            user=self.account(batch, roster.SAM_EMAIL, "Sam Taylor"),
            given_name="Sam",
            family_name="Taylor",
            pronouns="they/them",
            nhs_number=SAM_NHS_NUMBER,
            date_of_birth=dt.date(self.today.year - 34, 3, 14),
            email=roster.SAM_EMAIL,
            phone="+441134960001",
            postcode="LS6 2QT",
            sex=codes.Sex.FEMALE,
            gender_identity=codes.GenderIdentity.NON_BINARY,
            ethnicity=codes.EthnicCategory.WHITE_BRITISH,
            disability=codes.Disability.NO,
            imd_decile=3,
            created_at=aware(opened, self.rng),
        )
        batch.service_users.append(sam)
        batch.entries.append(
            CaseloadEntry(
                service_user=sam, team=self.teams[0], care_coordinator=dr_lee, opened_on=opened
            )
        )
        alex = Carer(
            user=self.account(batch, roster.ALEX_EMAIL, "Alex Taylor"),
            given_name="Alex",
            family_name="Taylor",
            email=roster.ALEX_EMAIL,
            phone="+441134960002",
        )
        batch.carers.append(alex)
        batch.links.append(
            CarerLink(
                service_user=sam,
                carer=alex,
                relationship="Partner",
                can_see_appointments=True,
                can_get_reminders=True,
                can_join_video=True,
                can_give_views=True,
                can_message_team=True,
                consent_recorded_at=aware(opened + dt.timedelta(days=14), self.rng),
                consent_recorded_by=dr_lee.user,
            )
        )
        self.carer_count += 1

    def add_person(self, batch: Batch, n: int) -> None:
        rng = self.rng
        spec = demographics.person(rng, n=n, nhs_numbers=self.nhs_numbers, today=self.today)
        team = rng.choices(self.teams, weights=self.team_weights)[0]
        pool = self.coordinators.get(team.pk, [])
        coordinator = rng.choice(pool) if pool and rng.random() < ALLOCATED_SHARE else None
        # Opened within the last five years, and not before they turned 18.
        adult_days = (self.today - spec.date_of_birth).days - 18 * 366
        opened = self.today - dt.timedelta(days=rng.randrange(max(1, min(5 * 365, adult_days))))
        user = None
        if rng.random() < ACCOUNT_SHARE:
            email = spec.email or (
                f"{demographics.email_local_part(spec.given_name, spec.family_name)}.{n}"
                "@example.org"
            )
            spec = dataclasses.replace(spec, email=email)
            user = self.account(batch, email, f"{spec.given_name} {spec.family_name}")
        person = ServiceUser(user=user, created_at=aware(opened, rng), **spec.__dict__)
        batch.service_users.append(person)
        batch.entries.append(
            CaseloadEntry(
                service_user=person, team=team, care_coordinator=coordinator, opened_on=opened
            )
        )
        if rng.random() < EARLIER_EPISODE_SHARE and len(self.teams) > 1:
            earlier = rng.choice([t for t in self.teams if t.pk != team.pk])
            closed = opened - dt.timedelta(days=rng.randint(30, 400))
            earlier_opened = closed - dt.timedelta(days=rng.randint(60, 700))
            batch.entries.append(
                CaseloadEntry(
                    service_user=person, team=earlier, opened_on=earlier_opened, closed_on=closed
                )
            )
            person.created_at = aware(earlier_opened, rng)
        if rng.random() < CARER_SHARE:
            carers = 2 if rng.random() < SECOND_CARER_SHARE else 1
            for _ in range(carers):
                self.add_carer(batch, person, coordinator, opened)

    def add_carer(
        self,
        batch: Batch,
        person: ServiceUser,
        coordinator: StaffMember | None,
        opened: dt.date,
    ) -> None:
        rng = self.rng
        self.carer_count += 1
        spec = demographics.carer(rng, n=self.carer_count, cared_for_family_name=person.family_name)
        user = None
        if rng.random() < ACCOUNT_SHARE:
            spec.email = spec.email or (
                f"{demographics.email_local_part(spec.given_name, spec.family_name)}"
                f".carer{self.carer_count}@example.org"
            )
            user = self.account(batch, spec.email, f"{spec.given_name} {spec.family_name}")
        carer = Carer(
            user=user,
            given_name=spec.given_name,
            family_name=spec.family_name,
            email=spec.email,
            phone=spec.phone,
        )
        batch.carers.append(carer)
        consented = opened + dt.timedelta(days=rng.randrange(0, 120))
        withdrawn = (
            aware(consented + dt.timedelta(days=rng.randint(30, 300)), rng)
            if rng.random() < WITHDRAWN_LINK_SHARE
            else None
        )
        batch.links.append(
            CarerLink(
                service_user=person,
                carer=carer,
                relationship=spec.relationship,
                consent_recorded_at=aware(min(consented, self.today), rng),
                consent_recorded_by=coordinator.user if coordinator else None,
                withdrawn_at=withdrawn if withdrawn and withdrawn < timezone.now() else None,
                **spec.scopes,
            )
        )

    def write(self, batch: Batch) -> None:
        size = self.batch_size
        User.objects.bulk_create(batch.users, batch_size=size)
        ServiceUser.objects.bulk_create(batch.service_users, batch_size=size)
        CaseloadEntry.objects.bulk_create(batch.entries, batch_size=size)
        Carer.objects.bulk_create(batch.carers, batch_size=size)
        CarerLink.objects.bulk_create(batch.links, batch_size=size)
        self.result.people += len(batch.service_users)
        self.result.carers += len(batch.carers)
        self.result.accounts += len(batch.users)
        self.progress(len(batch.service_users))

    def build_people(self) -> None:
        batch = Batch()
        self.add_sam(batch)
        for n in range(1, self.people):
            if len(batch) >= self.batch_size:
                self.write(batch)
                batch = Batch()
            self.add_person(batch, n)
        self.write(batch)

    def build_appointments(self) -> None:
        # Imported here: appointments builds on people, not the other way round.
        from tandem.appointments.seeding import seed_appointments
        from tandem.preferences.models import ContactPreferences

        sam = ServiceUser.objects.get(nhs_number=SAM_NHS_NUMBER).pk
        dr_lee = self.staff_by_email[roster.DR_LEE_EMAIL]
        # Sam agreed email and texts, so the demo's confirmations and reminders
        # reach someone (people with nothing recorded get none; their team is told).
        ContactPreferences.objects.create(
            service_user_id=sam,
            recorded_by=dr_lee.user,
            by_email=True,
            by_sms=True,
            by_letter=False,
            preferred_channel="email",
            # What Sam said, in his words and as the times the outbox and
            # booking pages keep to (issue 16).
            times_to_avoid="Not before 10am, not on Fridays",
            avoid_days=[4],
            not_before=dt.time(10, 0),
        )
        self.result.appointments = seed_appointments(
            teams=self.teams,
            coordinators=self.coordinators,
            today=self.today,
            rng=self.rng,
            # Half a year of history, so the insights pages have figures to show.
            weeks_back=26,
            sam_pk=sam,
            sam_clinician=dr_lee,
        )
        # Messaging builds on appointments' demo data being in place.
        from tandem.messaging.seeding import seed_messages

        seed_messages(
            team=self.teams[0], sam_pk=sam, clinician=dr_lee, today=self.today, rng=self.rng
        )
        from tandem.carers.seeding import seed_carers

        seed_carers(sam_pk=sam, today=self.today)
        from tandem.safety.seeding import seed_safety_plan

        seed_safety_plan(sam_pk=sam, clinician=dr_lee, today=self.today)
        from tandem.careplans.seeding import seed_care_plan

        seed_care_plan(sam_pk=sam, clinician=dr_lee, today=self.today)
        # Monitoring: the team's alert settings first, so any alert raised from
        # the diary or questionnaires below gets the demo team's response window.
        from tandem.alerts.seeding import seed_alerts
        from tandem.diary.seeding import seed_diary

        seed_alerts(team=self.teams[0], sam_pk=sam, today=self.today)
        seed_diary(
            sam_pk=sam,
            team=self.teams[0],
            clinician_user=dr_lee.user,
            today=self.today,
            rng=self.rng,
        )
        from tandem.measures.seeding import seed_measures

        seed_measures(sam_pk=sam, team=self.teams[0], clinician_user=dr_lee.user, today=self.today)
        from tandem.consult.seeding import seed_calls

        self.result.appointments += seed_calls(sam_pk=sam, team=self.teams[0], staff=dr_lee)
        from tandem.directory.seeding import seed_directory, seed_tools

        admin = self.staff_by_email[roster.ADMIN_EMAIL].user
        seed_directory(admin=admin, teams=self.teams, today=self.today)
        seed_tools(admin=admin, today=self.today)
        from tandem.support.seeding import seed_recommendations

        seed_recommendations(sam_pk=sam, clinician=dr_lee.user, today=self.today)
        from tandem.feedback.seeding import seed_feedback

        seed_feedback(
            team=self.teams[0],
            manager=self.staff_by_email[roster.MORGAN_EMAIL].user,
            today=self.today,
            rng=self.rng,
        )
        # Issue 26: a group programme around today, with Sam, members and a waiting list.
        from tandem.groups.seeding import seed_group

        colleagues = [s for s in self.coordinators.get(self.teams[0].pk, []) if s != dr_lee]
        self.result.appointments += seed_group(
            team=self.teams[0],
            sam_pk=sam,
            facilitators=[dr_lee, *colleagues[:1]],
            manager=self.staff_by_email[roster.MORGAN_EMAIL].user,
            today=self.today,
            rng=self.rng,
        )

    def build(self) -> SeedResult:
        started = time.monotonic()
        with transaction.atomic():
            check_safe_to_seed()
            organisation = self.build_service()
            self.result = SeedResult(organisation=organisation)
            self.build_staff()
            self.build_people()
            self.build_appointments()
            record(
                actor=None,
                action=Action.CREATE,
                obj=organisation,
                object_type="people.Organisation",
                what=f"Seeded synthetic demo data: {self.result.people} people",
            )
        # Fresh planner statistics, so the demo is quick straight away
        # rather than after autovacuum next gets round to these tables. The
        # small tables too: autovacuum never analyzes a table of a few rows
        # (fewer changes than its threshold of 50), and without statistics
        # PostgreSQL guesses a hundred teams, so it sorted a coordinator's
        # whole caseload instead of walking the name index (issue 18).
        big = [ServiceUser, CaseloadEntry, Carer, CarerLink, User]
        analyze([*big, CareTeam, TeamMembership, StaffMember])
        self.result.seconds = time.monotonic() - started
        return self.result


def seed(
    *,
    people: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = DEFAULT_BATCH_SIZE,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> SeedResult:
    """Build the demo service with ``people`` service users (Sam is the first).

    Raises AlreadySeeded if it is there already, CannotSeed if seeding would be
    unsafe (another service's data, a demo email taken, a weak password).
    """
    if people < 1:
        raise CannotSeed("Seed at least one person (Sam).")
    if batch_size < 1:
        raise CannotSeed("The batch size must be at least 1.")
    check_safe_to_seed()  # cheap and early, before hashing; repeated inside the transaction
    try:
        validate_password(roster.demo_password())
    except ValidationError as exc:
        raise CannotSeed(
            f"{roster.PASSWORD_ENV} is not a good enough password: " + " ".join(exc.messages)
        ) from exc
    builder = Builder(
        people=people,
        seed=seed,
        batch_size=batch_size,
        today=today or timezone.localdate(),
        progress=progress,
    )
    try:
        return builder.build()
    except IntegrityError as exc:  # for example a second seeder running at the same time
        raise CannotSeed(f"Seeding stopped and nothing was saved: {exc}") from exc

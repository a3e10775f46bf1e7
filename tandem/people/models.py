"""People: accounts, the service, care teams, staff, service users and carers.

Personal-data models here are read only through ``tandem.access`` and written
only through ``tandem.people.services``; tests/access/test_views_use_access_module.py
fails the build if a view reaches a model manager directly.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.people import codes

if TYPE_CHECKING:
    from tandem.people.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        # Kept for Django's tooling; Tandem has no Django admin site.
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can sign in. What they may do comes from their profiles."""

    email = models.EmailField(max_length=254, unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # The language the person chose for their pages and messages (a code in
    # settings.LANGUAGES); blank until they choose, when it follows their
    # recorded first language (tandem.translations.languages, ADR 0061).
    language = models.CharField(max_length=10, blank=True, default="")

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def roles(self) -> frozenset[Role]:
        from tandem.people.roles import roles_of

        return roles_of(self)

    @property
    def is_staff_member(self) -> bool:
        from tandem.people.roles import STAFF_ROLES

        return bool(self.roles & STAFF_ROLES)


class Organisation(models.Model):
    """The trust or provider running this Tandem service."""

    name = models.CharField(max_length=200)
    ods_code = models.CharField("ODS code", max_length=10, blank=True)

    def __str__(self) -> str:
        return self.name


class CareTeam(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    phone = models.CharField(max_length=30, blank=True, help_text="Team office number")
    out_of_hours_phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class CrisisContact(models.Model):
    """A 'Need help now?' contact; a team's own contacts are listed before the service's."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="crisis_contacts"
    )
    team = models.ForeignKey(
        CareTeam, on_delete=models.CASCADE, null=True, blank=True, related_name="crisis_contacts"
    )
    name = models.CharField(max_length=120)
    how = models.CharField(max_length=120, help_text="For example 'Call 111 and choose option 2'")
    phone = models.CharField(max_length=30, blank=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="staff")
    professional_role = models.CharField(max_length=40, choices=codes.ProfessionalRole.choices)
    is_service_admin = models.BooleanField(
        default=False, help_text="Configures the service; sees no clinical records by this role."
    )
    teams: models.ManyToManyField[CareTeam, TeamMembership] = models.ManyToManyField(
        CareTeam, through="TeamMembership", related_name="staff"
    )

    def __str__(self) -> str:
        return str(self.user)


class TeamMembership(models.Model):
    class Role(models.TextChoices):
        CLINICIAN = "clinician", "Clinician"
        MANAGER = "manager", "Team manager"

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLINICIAN)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["staff", "team"], name="one_membership_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} in {self.team} as {self.get_role_display()}"


class ServiceUser(models.Model):
    """A person receiving care. They may or may not have an account."""

    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="service_user"
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, null=True, blank=True, unique=True)
    date_of_birth = models.DateField()
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164")
    postcode = models.CharField(max_length=8, blank=True)
    # Demographics the equity reports need (NHS Data Dictionary codes).
    sex = models.CharField(max_length=1, choices=codes.Sex.choices, default=codes.Sex.NOT_KNOWN)
    gender_identity = models.CharField(
        max_length=2, choices=codes.GenderIdentity.choices, blank=True
    )
    ethnicity = models.CharField(
        max_length=2, choices=codes.EthnicCategory.choices, default=codes.EthnicCategory.NOT_STATED
    )
    disability = models.CharField(
        max_length=2, choices=codes.Disability.choices, default=codes.Disability.NOT_STATED
    )
    first_language = models.CharField(max_length=60, default="English")
    interpreter_needed = models.BooleanField(default=False)
    imd_decile = models.PositiveSmallIntegerField("IMD decile", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    teams: models.ManyToManyField[CareTeam, CaseloadEntry] = models.ManyToManyField(
        CareTeam, through="CaseloadEntry", related_name="service_users"
    )

    class Meta:
        ordering: ClassVar = ["family_name", "given_name", "id"]
        # Caseload pages walk this index in name order and stop after one page.
        indexes: ClassVar = [
            models.Index(fields=["family_name", "given_name", "id"], name="service_user_name_order")
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(imd_decile__isnull=True)
                | models.Q(imd_decile__gte=1, imd_decile__lte=10),
                name="imd_decile_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}"

    def age_on(self, day: dt.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class CaseloadEntry(models.Model):
    """A service user open to a team, with their named care coordinator."""

    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="caseload_entries"
    )
    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="caseload_entries")
    care_coordinator = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated",
    )
    opened_on = models.DateField(default=dt.date.today)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["service_user", "team"],
                condition=models.Q(closed_on__isnull=True),
                name="one_open_entry_per_team",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["team", "closed_on"]),
            models.Index(fields=["care_coordinator", "closed_on"]),
            # Counting a team's open caseload reads only this index.
            models.Index(
                fields=["team", "service_user"],
                condition=models.Q(closed_on__isnull=True),
                name="open_entry_team_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_user} open to {self.team}"


class CaseloadVersion(models.Model):
    """One row whose number changes whenever any caseload entry is added, changed
    or removed, in the same transaction (a PostgreSQL trigger and sequence,
    migration 0006, so bulk writes and imports count too; never a number used
    before, even after a rollback). Caseload counts are cached under it: any
    write makes the next page view count afresh, so no count is stale."""

    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Caseload version {self.version}"


class Carer(models.Model):
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="carer"
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    # The carer's own choices about how Tandem contacts them (their home page).
    by_email = models.BooleanField(default=True)
    by_sms = models.BooleanField(default=True)
    preferred_channel = models.CharField(
        max_length=10,
        choices=[("email", "Email"), ("sms", "Text message")],
        default="email",
    )

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class CarerBasis(models.TextChoices):
    """Why a carer is involved. Usually the service user's consent; when a person
    lacks capacity, or is a young person, staff record the legal basis instead.
    The labels stay English for staff and the FHIR API; the person's own record
    reads them in their language."""

    CONSENT = "consent", N_("The person's own consent")
    BEST_INTERESTS = (
        "best_interests",
        N_("Best interests decision (the person lacks capacity for this decision)"),
    )
    LASTING_POWER_OF_ATTORNEY = (
        "lpa",
        N_("Lasting power of attorney for health and welfare"),
    )
    PARENTAL_RESPONSIBILITY = (
        "parental_responsibility",
        N_("Parental responsibility (a young person)"),
    )


class CarerLink(models.Model):
    """A carer linked to a service user, with what the service user consents to share.

    Scopes are separate switches because the service user chooses each one and
    can change or withdraw them at any time.
    """

    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="carer_links"
    )
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="links")
    relationship = models.CharField(max_length=60)
    can_see_appointments = models.BooleanField(default=False)
    can_get_reminders = models.BooleanField(default=False)
    can_join_video = models.BooleanField(default=False)
    can_message_team = models.BooleanField(default=False)
    can_give_views = models.BooleanField(default=False)
    can_see_safety_plan = models.BooleanField(default=False)
    can_see_messages = models.BooleanField(default=False)
    can_see_diary = models.BooleanField(default=False)
    can_see_support = models.BooleanField(default=False)
    can_see_care_plan = models.BooleanField(default=False)
    basis = models.CharField(max_length=30, choices=CarerBasis.choices, default=CarerBasis.CONSENT)
    # How consent was given, or the reasons for the legal basis, in staff's words.
    basis_note = models.CharField(max_length=500, blank=True)
    consent_recorded_at = models.DateTimeField(default=timezone.now)
    consent_recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Marked for translation, kept English here: audit entries and the FHIR API
    # read them as they are; pages read granted_scopes, in the reader's language.
    SCOPES: ClassVar[dict[str, str]] = {
        "can_see_appointments": N_("See appointments"),
        "can_get_reminders": N_("Get reminders"),
        "can_join_video": N_("Join video calls"),
        "can_message_team": N_("Message the team"),
        "can_give_views": N_("Give their view for assessments and reviews"),
        "can_see_safety_plan": N_("See the safety plan"),
        "can_see_messages": N_("See my messages with the team"),
        "can_see_diary": N_("See my diary"),
        "can_see_support": N_("See support recommended to me"),
        "can_see_care_plan": N_("See the care plan"),
    }

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["service_user", "carer"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_link_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carer} caring for {self.service_user}"

    @property
    def granted_scopes(self) -> list[str]:
        """What the carer may see and do, in the language of the page."""
        return [gettext(label) for field, label in self.SCOPES.items() if getattr(self, field)]

"""Every write to people's records. Keyword-only, typed, audited, atomic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.people.bidi import in_order
from tandem.people.models import (
    CareTeam,
    CaseloadEntry,
    ServiceUser,
    StaffMember,
    User,
)
from tandem.people.roles import Role


@dataclass(frozen=True)
class PersonDetails:
    """What staff record about a service user; already validated by a form."""

    given_name: str
    family_name: str
    preferred_name: str
    pronouns: str
    nhs_number: str | None
    date_of_birth: dt.date
    email: str
    phone: str
    postcode: str
    sex: str
    gender_identity: str
    ethnicity: str
    disability: str
    first_language: str
    interpreter_needed: bool
    imd_decile: int | None


class DuplicateNhsNumber(InvalidInput):
    """Another record already holds this NHS number."""

    def __init__(self, nhs_number: str = "") -> None:
        super().__init__("Another record already has this NHS number", field="nhs_number")
        self.nhs_number = nhs_number


def ensure_nhs_number_free(nhs_number: str | None, *, except_pk: int = 0) -> None:
    if (
        nhs_number
        and ServiceUser.objects.filter(nhs_number=nhs_number).exclude(pk=except_pk).exists()
    ):
        raise DuplicateNhsNumber(nhs_number)


def field_label(name: str) -> str:
    return str(getattr(ServiceUser._meta.get_field(name), "verbose_name", name))


def changed_fields(instance: object, values: dict[str, object]) -> list[str]:
    return sorted(name for name, value in values.items() if getattr(instance, name) != value)


@transaction.atomic
def register_service_user(
    *,
    actor: User,
    team: CareTeam,
    details: PersonDetails,
    care_coordinator: StaffMember | None,
) -> ServiceUser:
    """Add a person to a team's caseload. The actor must work in that team."""
    # The membership itself, as access.scopes.teams_of reads it: people sits below
    # the access module and does not import it (ADR 0025).
    staff = getattr(actor, "staff", None) if actor.is_authenticated else None
    if staff is None or not staff.memberships.filter(team=team).exists():
        raise PermissionDenied("You can only add people to your own teams.")
    if care_coordinator is not None and not care_coordinator.memberships.filter(team=team).exists():
        raise PermissionDenied("A care coordinator must work in the person's team.")
    ensure_nhs_number_free(details.nhs_number)
    try:
        with transaction.atomic():
            person = ServiceUser.objects.create(**details.__dict__)
    except IntegrityError as exc:  # a concurrent registration won the race
        raise DuplicateNhsNumber(details.nhs_number or "") from exc
    CaseloadEntry.objects.create(service_user=person, team=team, care_coordinator=care_coordinator)
    record(
        actor=actor,
        action=Action.CREATE,
        obj=person,
        what=f"Added to the {team.name} caseload",
    )
    return person


@transaction.atomic
def update_service_user(*, actor: User, person: ServiceUser, details: PersonDetails) -> list[str]:
    """Change a person's recorded details; returns the names of fields changed."""
    if not actor.has_perm("people.change_serviceuser", person):
        raise PermissionDenied("You cannot change this record.")
    values = details.__dict__
    ensure_nhs_number_free(details.nhs_number, except_pk=person.pk)
    changed = changed_fields(person, values)
    if not changed:
        return []
    for name in changed:
        setattr(person, name, values[name])
    try:
        with transaction.atomic():
            person.save(update_fields=changed)
    except IntegrityError as exc:  # a concurrent change took the NHS number first
        raise DuplicateNhsNumber(details.nhs_number or "") from exc
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=person,
        what="Changed " + ", ".join(field_label(n) for n in changed),
    )
    return changed


@transaction.atomic
def update_own_contact_details(*, actor: User, postcode: str, pronouns: str) -> list[str]:
    """A service user keeps their own postcode and pronouns up to date.

    Email address and mobile number are not changed here: they change only
    with a code sent to the new one (tandem.invitations, HAZ-168)."""
    person = ServiceUser.objects.select_for_update().filter(user=actor).first()
    if person is None or not actor.has_perm("people.change_own_contact_details", person):
        raise PermissionDenied("You have no record to change.")
    values: dict[str, object] = {"postcode": postcode, "pronouns": pronouns}
    changed = changed_fields(person, values)
    if not changed:
        return []
    for name in changed:
        setattr(person, name, values[name])
    person.save(update_fields=changed)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=person,
        what="Changed own " + ", ".join(changed),
    )
    return changed


@dataclass(frozen=True)
class CrisisContactDetails:
    name: str
    how: str
    phone: str
    description: str


@dataclass(frozen=True)
class _NationalLine:
    """A national crisis line's words, marked for translation, and its figures,
    kept out of the words so that no translation can change a number (HAZ-338,
    HAZ-357)."""

    name: str
    how: str
    phone: str
    description: str
    figures: dict[str, str]

    def details(
        self, translate: Callable[[str], str], keep_in_order: Callable[[str], str]
    ) -> CrisisContactDetails:
        figures = {key: keep_in_order(figure) for key, figure in self.figures.items()}
        return CrisisContactDetails(
            name=translate(self.name) % figures,
            how=translate(self.how) % figures,
            phone=self.phone,
            description=translate(self.description) % figures,
        )


_NATIONAL_LINES = (
    _NationalLine(
        name=N_("NHS %(number)s, option %(option)s"),
        how=N_(
            "Call %(number)s and choose option %(option)s for your local mental health crisis line"
        ),
        phone="111",
        description=N_(
            "Free, %(hours)s hours a day, for anyone in England who needs urgent mental "
            "health help."
        ),
        figures={"number": "111", "option": "2", "hours": "24"},
    ),
    _NationalLine(
        name=N_("Samaritans"),
        how=N_("Call %(number)s"),
        phone="116123",
        description=N_(
            "Free, %(hours)s hours a day, every day, to talk about anything that is troubling you."
        ),
        figures={"number": "116 123", "hours": "24"},
    ),
    _NationalLine(
        name=N_("Emergency services"),
        how=N_("Call %(number)s"),
        phone="999",
        description=N_(
            "If your life or someone else's is at risk, or you cannot keep yourself safe."
        ),
        figures={"number": "999"},
    ),
)

# The national lines in English: what the demo and a new service save as their
# own service-wide lines, and what staff pages show.
# English whatever the language active when this module loads.
DEFAULT_CRISIS_CONTACTS = tuple(line.details(str, str) for line in _NATIONAL_LINES)


def national_crisis_contacts() -> list[CrisisContactDetails]:
    """The national lines in the language being read: names and words
    translated, every number the same in every language."""
    return [line.details(gettext, in_order) for line in _NATIONAL_LINES]


def in_the_readers_language(details: CrisisContactDetails) -> CrisisContactDetails:
    """A service-wide line saved word for word as a national default (the demo,
    and a service that kept the defaults, save them so) reads in the reader's
    language; a line the service wrote itself stays as the service wrote it."""
    for english, line in zip(DEFAULT_CRISIS_CONTACTS, _NATIONAL_LINES, strict=True):
        if details == english:
            return line.details(gettext, in_order)
    return details


def record_sign_in(*, user: User | None, succeeded: bool, email: str = "") -> None:
    record(
        actor=user if succeeded else None,
        action=Action.SIGN_IN if succeeded else Action.SIGN_IN_FAILED,
        object_type="people.User",
        what="Signed in" if succeeded else f"Failed sign-in for {email[:200]}",
    )


def record_sign_out(*, user: User) -> None:
    record(actor=user, action=Action.SIGN_OUT, object_type="people.User", what="Signed out")


@transaction.atomic
def choose_language(*, actor: User, code: str) -> bool:
    """A service user or carer chooses the language of their pages and messages.

    Returns whether it changed. Staff pages stay English whatever is chosen
    (ADR 0061), so only service users and carers may choose."""
    if code not in {known for known, _ in settings.LANGUAGES}:
        raise InvalidInput("Choose a language from the list", field="language")
    if not actor.roles & {Role.SERVICE_USER, Role.CARER}:
        raise PermissionDenied("Only service users and carers choose a language.")
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.language == code:
        return False
    user.language = code
    user.save(update_fields=["language"])
    actor.language = code
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=user,
        what=f"Chose the language {code} for their pages and messages",
    )
    return True

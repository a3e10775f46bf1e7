"""Every write the FHIR app makes: registering and revoking API clients, and the
Patient writes a client may make (ADR 0036, 0037). Keyword-only, typed,
audited, atomic: a refused write changes nothing.

A Patient is matched by NHS number. A match whose date of birth differs is
never merged or changed: the write is refused and a task is raised for a
person in the team to check the two records (HAZ-214).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from oauth2_provider.models import get_application_model

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.fhir.models import RESOURCE_TYPES, ApiClient
from tandem.people.codes import Sex
from tandem.people.models import CareTeam, CaseloadEntry, ServiceUser, User
from tandem.people.services import changed_fields, field_label
from tandem.people.validators import normalise_nhs_number
from tandem.worklist.models import WorkKind
from tandem.worklist.services import raise_work_item

# --- Clients -------------------------------------------------------------------------


@dataclass(frozen=True)
class Registered:
    client: ApiClient
    client_id: str
    # Shown once, on the page after registering; only its hash is kept.
    client_secret: str


@transaction.atomic
def register_client(
    *,
    actor: User,
    name: str,
    owner: str,
    teams: Sequence[CareTeam],
    resource_types: Sequence[str],
    can_write: bool,
) -> Registered:
    if not name.strip() or not owner.strip():
        raise InvalidInput("Enter the client's name and who owns it")
    if not teams:
        raise InvalidInput("Choose at least one team whose people the client may see")
    unknown = set(resource_types) - set(RESOURCE_TYPES)
    if not resource_types or unknown:
        raise InvalidInput("Choose the kinds of record the client may read")
    secret = secrets.token_urlsafe(32)
    application = get_application_model().objects.create(
        name=name[:255],
        client_type="confidential",
        authorization_grant_type="client-credentials",
        client_secret=secret,
        hash_client_secret=True,
    )
    # The client's own account: no role, no password, so it can never sign in
    # to a page; the audit log names it as the actor of the client's reads.
    account = User.objects.create(
        email=f"api-client-{application.client_id.lower()}@clients.tandem.invalid",
        full_name=f"API client: {name}"[:200],
    )
    account.set_unusable_password()
    account.save(update_fields=["password"])
    client = ApiClient.objects.create(
        application=application,
        actor=account,
        name=name,
        owner=owner,
        resource_types=[t for t in RESOURCE_TYPES if t in resource_types],
        can_write=can_write,
        registered_by=actor,
    )
    client.teams.set(teams)
    record(
        actor=actor,
        action=Action.CREATE,
        obj=client,
        what=f"Registered the API client {name} for {', '.join(t.name for t in teams)}"[:300],
    )
    return Registered(client=client, client_id=application.client_id, client_secret=secret)


@transaction.atomic
def revoke_client(*, actor: User, client: ApiClient) -> None:
    """Stop a client at once: its tokens are deleted and it can get no more."""
    if client.revoked_at is not None:
        return
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    application = client.application
    application.accesstoken_set.all().delete()
    # A secret nobody knows (kept only as its hash): the old one gets no token.
    application.client_secret = secrets.token_urlsafe(32)
    application.save(update_fields=["client_secret"])
    client.actor.is_active = False
    client.actor.save(update_fields=["is_active"])
    record(actor=actor, action=Action.UPDATE, obj=client, what=f"Revoked the API client {client}")


# --- Patients ------------------------------------------------------------------------


@dataclass(frozen=True)
class PatientDetails:
    """What a client sends about a person, already read from a Patient resource."""

    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: dt.date
    sex: str = Sex.NOT_KNOWN
    phone: str = ""
    email: str = ""
    postcode: str = ""
    team_slug: str = ""


class DateOfBirthMismatch(InvalidInput):
    """The NHS number is held for a person with another date of birth: the
    caller raises the task (``raise_mismatch``) once the write is rolled back."""

    def __init__(self, person: ServiceUser, sent: dt.date) -> None:
        super().__init__(
            "This NHS number is held with a different date of birth. Nothing was changed; "
            "a task has been raised for the team to check the records.",
            field="birthDate",
        )
        self.person, self.sent = person, sent


def checked_nhs_number(raw: str) -> str:
    try:
        return normalise_nhs_number(raw)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], field="identifier") from exc


def raise_mismatch(*, client: ApiClient, person: ServiceUser, sent: dt.date) -> None:
    """A task for a person to check, in the person's own team where they have one.
    Outside the refused write's transaction, so the task stays."""
    entry = CaseloadEntry.objects.filter(service_user=person, closed_on__isnull=True).first()
    team = entry.team if entry is not None else client.teams.order_by("pk").first()
    if team is None:
        return
    raise_work_item(
        team=team,
        kind=WorkKind.OTHER,
        title="Check a record: the date of birth sent does not match",
        reason=(
            f"The API client {client.name} sent this NHS number with the date of birth "
            f"{sent:%-d %B %Y}, which is not the one held. Nothing was changed or merged. "
            "Check which is right with the person and the sender."
        ),
        service_user=person,
        about_key=f"fhir-dob:{person.pk}:{sent.isoformat()}",
        actor=client.actor,
    )


def team_for(client: ApiClient, slug: str) -> CareTeam:
    teams = list(client.teams.order_by("pk"))
    if slug:
        found = next((t for t in teams if t.slug == slug), None)
        if found is None:
            raise InvalidInput(f"'{slug}' is not a team this client may add people to")
        return found
    if len(teams) != 1:
        raise InvalidInput(
            "Say which team the person is open to in managingOrganization.identifier"
        )
    return teams[0]


def fields_of(details: PatientDetails) -> dict[str, object]:
    return {
        "given_name": details.given_name,
        "family_name": details.family_name,
        "date_of_birth": details.date_of_birth,
        "sex": details.sex,
        "phone": details.phone,
        "email": details.email,
        "postcode": details.postcode,
    }


def refuse_if_mismatched(person: ServiceUser, details: PatientDetails) -> None:
    if person.date_of_birth != details.date_of_birth:
        raise DateOfBirthMismatch(person, details.date_of_birth)


@transaction.atomic
def create_patient(
    *, client: ApiClient, details: PatientDetails, visible: QuerySet[ServiceUser]
) -> tuple[ServiceUser, bool]:
    """Add a person to one of the client's teams, or return the one already held
    with this NHS number and date of birth (``visible``: whom the client may see).
    Returns the person and whether they were created."""
    nhs_number = checked_nhs_number(details.nhs_number)
    existing = ServiceUser.objects.filter(nhs_number=nhs_number).first()
    if existing is not None:
        refuse_if_mismatched(existing, details)
        if not visible.filter(pk=existing.pk).exists():
            # Held, but not open to the client's teams: say no more than that.
            raise InvalidInput(
                "A person with this NHS number is held but not open to your teams; "
                "ask the service to add them to the team's caseload",
                field="identifier",
            )
        return existing, False
    team = team_for(client, details.team_slug)
    try:
        with transaction.atomic():
            person = ServiceUser.objects.create(nhs_number=nhs_number, **fields_of(details))
    except IntegrityError as exc:
        raise InvalidInput("Another record has just been given this NHS number") from exc
    CaseloadEntry.objects.create(service_user=person, team=team)
    record(
        actor=client.actor,
        action=Action.CREATE,
        obj=person,
        what=f"Added to the {team.name} caseload through the API",
    )
    return person, True


@transaction.atomic
def update_patient(*, client: ApiClient, person: ServiceUser, details: PatientDetails) -> list[str]:
    """Change a person's details as the client sent them; returns what changed.
    The NHS number and date of birth must be the ones held: never changed here."""
    nhs_number = checked_nhs_number(details.nhs_number)
    if person.nhs_number and person.nhs_number != nhs_number:
        raise InvalidInput(
            "The NHS number does not match this record; it cannot be changed through the API",
            field="identifier",
        )
    refuse_if_mismatched(person, details)
    values = fields_of(details)
    if not person.nhs_number:
        if ServiceUser.objects.filter(nhs_number=nhs_number).exclude(pk=person.pk).exists():
            raise InvalidInput("Another record already has this NHS number", field="identifier")
        values["nhs_number"] = nhs_number
    changed = changed_fields(person, values)
    if not changed:
        return []
    for name in changed:
        setattr(person, name, values[name])
    person.save(update_fields=changed)
    record(
        actor=client.actor,
        action=Action.UPDATE,
        obj=person,
        what="Changed " + ", ".join(field_label(n) for n in changed) + " through the API",
    )
    return changed

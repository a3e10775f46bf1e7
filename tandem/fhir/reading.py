"""Reading what a client sends: a Patient resource into ``PatientDetails``, and a
request body into JSON, with a clear message for anything that cannot be
used (turned into an OperationOutcome by ``api``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fhir.resources.R4B.patient import Patient
from pydantic import ValidationError

from tandem.errors import InvalidInput
from tandem.fhir import mapping
from tandem.fhir.services import PatientDetails
from tandem.people.codes import Sex

SEX = {code: sex for sex, code in mapping.GENDER.items()}
TEAM = "urn:tandem:care-team"


def body_json(raw: bytes) -> dict[str, Any]:
    try:
        found = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("The body is not JSON") from exc
    if not isinstance(found, dict):
        raise InvalidInput("The body must be a JSON object: one FHIR resource")
    return found


def of_type(found: dict[str, Any], kind: str) -> dict[str, Any]:
    sent = found.get("resourceType")
    if sent != kind:
        raise InvalidInput(f"Expected a {kind} resource but got {sent or 'no resourceType'}")
    return found


def validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "__root__")
    return f"Not a valid Patient: {where}: {first.get('msg', 'invalid')}"[:300]


def patient_details(found: dict[str, Any]) -> PatientDetails:
    """The details Tandem keeps, from a Patient that validates as FHIR."""
    of_type(found, "Patient")
    try:
        patient = Patient.model_validate(found)
    except ValidationError as exc:
        raise InvalidInput(validation_message(exc)) from exc
    numbers = [i.value for i in patient.identifier or [] if i.system == mapping.NHS_NUMBER]
    if not numbers or not numbers[0]:
        raise InvalidInput(f"Give the NHS number as an identifier with system {mapping.NHS_NUMBER}")
    names = patient.name or []
    name = next((n for n in names if n.use == "official"), names[0] if names else None)
    if name is None or not name.family or not name.given:
        raise InvalidInput("Give the person's family name and given name")
    if not isinstance(patient.birthDate, dt.date):
        raise InvalidInput("Give the person's date of birth as birthDate")
    telecom = {t.system: t.value or "" for t in patient.telecom or []}
    postcodes = [a.postalCode for a in patient.address or [] if a.postalCode]
    team = ""
    organisation = patient.managingOrganization
    named = organisation.identifier if organisation is not None else None
    if named is not None and named.system == TEAM:
        team = named.value or ""
    return PatientDetails(
        nhs_number=str(numbers[0]),
        given_name=str(name.given[0])[:100],
        family_name=str(name.family)[:100],
        date_of_birth=patient.birthDate,
        sex=SEX.get(str(patient.gender), Sex.NOT_KNOWN),
        phone=telecom.get("phone", "")[:20],
        email=telecom.get("email", "")[:254],
        postcode=(postcodes[0] if postcodes else "")[:8],
        team_slug=team,
    )

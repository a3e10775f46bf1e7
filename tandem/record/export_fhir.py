"""The machine-readable half of the download: a FHIR Bundle of type 'collection'.

Built with ``fhir.resources``' R4B models (FHIR 4.3.0). For the resources used
here (Patient, Appointment, RelatedPerson, Consent, Communication) R4B's JSON
is the same as R4's, so R4 readers take it as it is (ADR 0012). The safety
plan, diary, questionnaires, alerts, help and calls are added by
``export_fhir_care`` (ADR 0012, addendum). Constructing
each model validates it; a model that does not validate fails the build and
the export is marked failed rather than handing over a broken file.

Resources refer to each other by ``urn:uuid:`` full URLs made from stable
names, so two downloads of the same record use the same identifiers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, TypeVar

from django.utils import timezone
from fhir.resources.R4B.appointment import Appointment as FhirAppointment
from fhir.resources.R4B.communication import Communication
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.relatedperson import RelatedPerson
from fhir.resources.R4B.resource import Resource

from tandem.appointments.models import Attendance, Status
from tandem.appointments.shown import Shown
from tandem.notify.models import Message, MessageStatus
from tandem.people.codes import Sex
from tandem.people.models import CarerLink, ServiceUser
from tandem.record.threads import MessageCopy, ThreadCopy

NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
# Tandem's own code systems, as URNs: no web address is promised for them.
CARER_SCOPE = "urn:tandem:carer-scope"
CARER_BASIS = "urn:tandem:carer-basis"
MODALITY = "urn:tandem:appointment-modality"
# The section of the record a resource comes from (export_fhir_care, export_fhir_tasks).
CATEGORY = "urn:tandem:record-section"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_CATEGORY = "http://loinc.org"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
NAMESPACE = uuid.UUID("6f1c2d8e-3b7a-4f0e-9a51-2c4d8e7f1a30")

GENDER = {Sex.MALE: "male", Sex.FEMALE: "female", Sex.INDETERMINATE: "other"}
NOTICE_STATUS = {
    MessageStatus.QUEUED: "preparation",
    MessageStatus.SENDING: "in-progress",
    MessageStatus.SENT: "completed",
    MessageStatus.DELIVERED: "completed",
    MessageStatus.FAILED: "not-done",
    MessageStatus.CANCELLED: "stopped",
}


R = TypeVar("R", bound=Resource)


def build(model: type[R], **fields: Any) -> R:
    """The model from plain values, validated as it is made (as the constructor
    does, but typed for values given as dicts and ISO strings)."""
    return model.model_validate(fields)


def full_url(kind: str, pk: object) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}/{pk}')}"


def instant(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def section(code: str, words: str) -> list[dict[str, Any]]:
    """A CodeableConcept naming the section of the record, as ``category``."""
    return [{"coding": [{"system": CATEGORY, "code": code, "display": words}], "text": words}]


def text(words: str) -> dict[str, str]:
    return {"text": words}


def patient(person: ServiceUser) -> Patient:
    names: list[dict[str, Any]] = [
        {"use": "official", "family": person.family_name, "given": [person.given_name]}
    ]
    if person.preferred_name:
        names.append(
            {"use": "usual", "family": person.family_name, "given": [person.preferred_name]}
        )
    telecom = []
    if person.phone:
        telecom.append({"system": "phone", "value": person.phone, "use": "mobile"})
    if person.email:
        telecom.append({"system": "email", "value": person.email})
    return build(
        Patient,
        identifier=(
            [{"system": NHS_NUMBER, "value": person.nhs_number}] if person.nhs_number else None
        ),
        name=names,
        birthDate=person.date_of_birth,
        gender=GENDER.get(Sex(person.sex), "unknown"),
        telecom=telecom or None,
        address=[{"postalCode": person.postcode}] if person.postcode else None,
    )


def appointment_status(shown: Shown) -> tuple[str, str]:
    """FHIR status and, for one that did not go ahead, why, in words."""
    appointment = shown.appointment
    attendance = appointment.attendance
    if appointment.status == Status.CANCELLED:
        return "cancelled", shown.outcome
    if attendance in (Attendance.ATTENDED, Attendance.LATE_SEEN):
        return "fulfilled", ""
    if attendance == Attendance.DID_NOT_ATTEND:
        return "noshow", ""
    if attendance in (
        Attendance.LATE_NOT_SEEN,
        Attendance.CANCELLED_BY_PERSON,
        Attendance.CANCELLED_BY_SERVICE,
    ):
        return "cancelled", shown.outcome
    return "booked", ""


def appointment(shown: Shown, patient_url: str) -> FhirAppointment:
    found = shown.appointment
    status, why = appointment_status(shown)
    return build(
        FhirAppointment,
        status=status,
        cancelationReason={"text": why} if why else None,
        appointmentType={
            "coding": [
                {
                    "system": MODALITY,
                    "code": found.modality,
                    "display": found.get_modality_display(),
                }
            ],
            "text": shown.way,
        },
        serviceType=[{"text": found.appointment_type.name}],
        description=shown.outcome or None,
        start=instant(found.starts_at),
        end=instant(found.ends_at),
        created=instant(found.booked_at),
        participant=[
            {"actor": {"reference": patient_url}, "status": "accepted"},
            {
                "actor": {"display": found.clinician.user.full_name},
                "type": [{"coding": [{"system": PARTICIPATION, "code": "PPRF"}]}],
                "status": "accepted",
            },
        ],
    )


def sharing_period(link: CarerLink) -> dict[str, str]:
    """From when the person agreed to share with this carer until they stopped."""
    period = {"start": instant(link.consent_recorded_at)}
    if link.withdrawn_at:
        period["end"] = instant(link.withdrawn_at)
    return period


def related_person(link: CarerLink, patient_url: str) -> RelatedPerson:
    carer = link.carer
    telecom = []
    if carer.phone:
        telecom.append({"system": "phone", "value": carer.phone})
    if carer.email:
        telecom.append({"system": "email", "value": carer.email})
    return build(
        RelatedPerson,
        active=link.withdrawn_at is None,
        patient={"reference": patient_url},
        relationship=[{"text": link.relationship}],
        name=[{"family": carer.family_name, "given": [carer.given_name]}],
        telecom=telecom or None,
        period=sharing_period(link),
    )


def consent(link: CarerLink, patient_url: str, carer_url: str) -> Consent:
    """What the person lets this carer see and do, one action per scope."""
    actions = [
        {"coding": [{"system": CARER_SCOPE, "code": name, "display": label}], "text": label}
        for name, label in CarerLink.SCOPES.items()
        if getattr(link, name)
    ]
    return build(
        Consent,
        status="inactive" if link.withdrawn_at else "active",
        scope={"coding": [{"system": CONSENT_SCOPE, "code": "patient-privacy"}]},
        category=[{"coding": [{"system": CONSENT_CATEGORY, "code": "59284-0"}], "text": "Consent"}],
        patient={"reference": patient_url},
        dateTime=instant(link.consent_recorded_at),
        policyRule={
            "coding": [
                {"system": CARER_BASIS, "code": link.basis, "display": link.get_basis_display()}
            ],
            "text": link.get_basis_display(),
        },
        provision={
            "type": "permit",
            "period": sharing_period(link),
            "actor": [
                {
                    "role": {"coding": [{"system": PARTICIPATION, "code": "IRCP"}]},
                    "reference": {"reference": carer_url},
                }
            ],
            "action": actions or None,
        },
    )


def thread_message(
    thread: ThreadCopy, message: MessageCopy, patient_url: str, previous: str | None
) -> Communication:
    payload: list[dict[str, Any]] = [{"contentString": message.body}]
    payload += [
        {
            "contentAttachment": {
                "contentType": a.content_type,
                "title": a.filename,
                "size": a.size,
            }
        }
        for a in message.attachments
    ]
    person = {"reference": patient_url}
    team = {"display": thread.team}
    return build(
        Communication,
        status="completed",
        subject=person,
        topic={"text": thread.subject},
        sent=instant(message.sent_at),
        sender=person if message.from_person else {"display": message.author},
        recipient=[team if message.from_person else person],
        medium=[{"text": "Secure message"}],
        inResponseTo=[{"reference": previous}] if previous else None,
        payload=payload,
    )


def notice(message: Message, patient_url: str) -> Communication:
    """A letter, email or text sent to the person: what it was about, not its wording."""
    return build(
        Communication,
        status=NOTICE_STATUS.get(MessageStatus(message.status), "unknown"),
        subject={"reference": patient_url},
        recipient=[{"reference": patient_url}],
        topic={"text": message.template_label},
        medium=[{"text": message.get_channel_display()}],
        sent=instant(message.sent_at) if message.sent_at else None,
        received=instant(message.delivered_at) if message.delivered_at else None,
    )

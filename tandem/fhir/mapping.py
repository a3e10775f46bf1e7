"""One mapping from Tandem's records to FHIR resources, used by both the
person's own download (``tandem.record.export_fhir_bundle``) and the FHIR API
(``tandem.fhir.api``), so the two cannot disagree (ADR 0036).

Built with ``fhir.resources``' R4B models (FHIR 4.3.0). For the resources used
here (Patient, Appointment, Encounter, RelatedPerson, Consent, Communication,
Observation, QuestionnaireResponse, CarePlan) R4B's JSON is the same as
R4's (4.0.1), and the tests check every resource against R4 with an
independent validator (``fhirclient``'s R4 models).
Constructing each model validates it; a model that does not validate fails
the build rather than handing over a broken resource. Questionnaires (their
answers and totals) and the diary's items are built for both in
``tandem.fhir.answers`` (ADR 0044), and the safety and care plans in
``tandem.fhir.plans``, with the code systems and helpers here; the download
adds the rest of its sections (alerts, help, calls …) in
``tandem.record.export_fhir_care`` (ADR 0012, addendum).

UK Core conventions: the NHS number's identifier system, the NHS Data
Dictionary's ATTENDED OR DID NOT ATTEND codes for outcomes, and Tandem's own
code systems as URNs (no web address is promised for them; docs/fhir.md).

Resources in the download refer to each other by ``urn:uuid:`` full URLs made
from stable names, so two downloads of the same record use the same identifiers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils import timezone
from fhir.resources.R4B.appointment import Appointment as FhirAppointment
from fhir.resources.R4B.communication import Communication
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.relatedperson import RelatedPerson
from fhir.resources.R4B.resource import Resource

from tandem.appointments.models import HELD, Appointment, AppointmentModality, Attendance, Status
from tandem.appointments.shown import Shown
from tandem.notify.models import Message, MessageStatus
from tandem.people.codes import Sex
from tandem.people.models import CarerLink, ServiceUser
from tandem.preferences.communication import CODE_SYSTEM as NEED_CODES
from tandem.preferences.communication import current_needs_of

if TYPE_CHECKING:
    # Only the shape of the download's message copies; the record sits above this app.
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
# The NHS Data Dictionary's ATTENDED OR DID NOT ATTEND codes (Tandem's
# ``Attendance`` values are these codes), and Tandem's extensions carrying them
# and the way of contact a held appointment switched to (docs/fhir.md).
ATTENDANCE = "https://www.datadictionary.nhs.uk/data_elements/attended_or_did_not_attend.html"
ATTENDANCE_EXTENSION = "urn:tandem:fhir:extension:attended-or-did-not-attend"
SWITCHED_EXTENSION = "urn:tandem:fhir:extension:switched-way-of-contact"
TECHNICAL_FAILURE_EXTENSION = "urn:tandem:fhir:extension:technical-failure"
# The Accessible Information Standard's 'share' step (ADR 0047): an interpreter
# as FHIR's own Patient extension and ``communication``; every need, with
# Tandem's code, in Tandem's extension.
INTERPRETER_REQUIRED = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired"
COMMUNICATION_NEED_EXTENSION = "urn:tandem:fhir:extension:communication-need"
BCP_47 = "urn:ietf:bcp:47"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
LOINC = "http://loinc.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# The published total-score codes for the two questionnaires Tandem ships and
# charts; another instrument's total is named in words only.
TOTAL_CODES = {
    "phq9": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    "gad7": ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
}
# Every questionnaire total also carries Tandem's own code (the instrument's),
# so a client can search for any instrument's totals, not only the two above.
TOTAL = "urn:tandem:questionnaire-total"
# A questionnaire, and each one's answer options: ``urn:tandem:questionnaire:phq9``.
QUESTIONNAIRE = "urn:tandem:questionnaire"
# The items a person tracks in their diary. No published code says 'mood rated
# 0 to 10 by the person', so each has Tandem's own code; sleep also has LOINC's.
DIARY_ITEM = "urn:tandem:diary-item"
UCUM = "http://unitsofmeasure.org"
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
        **communication_needs(person),
    )


def communication_needs(person: ServiceUser) -> dict[str, Any]:
    """Patient's ``communication`` and extensions for the person's needs (none: nothing)."""
    needs = current_needs_of(person)
    languages = [n for n in needs if n.language]
    extensions: list[dict[str, Any]] = [
        {
            "url": COMMUNICATION_NEED_EXTENSION,
            "valueCodeableConcept": {
                "coding": [{"system": NEED_CODES, "code": n.code, "display": n.words}],
                "text": n.words,
            },
        }
        for n in needs
    ]
    if languages:
        extensions.insert(0, {"url": INTERPRETER_REQUIRED, "valueBoolean": True})
    found: dict[str, Any] = {}
    if extensions:
        found["extension"] = extensions
    if languages:
        found["communication"] = [
            {"language": _language(n.language), "preferred": True} for n in languages
        ]
    return found


def _language(words: str) -> dict[str, Any]:
    # British Sign Language has a language tag we are sure of (ISO 639-3 'bfi');
    # a spoken language is kept as the words it was recorded in.
    if words == "British Sign Language":
        return {"coding": [{"system": BCP_47, "code": "bfi", "display": words}], "text": words}
    return {"text": words}


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
        extension=outcome_extensions(found),
        status=status,
        cancelationReason={"text": why} if why else None,
        appointmentType={
            "coding": [way_coding(found.modality, found.get_modality_display())],
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


def way_coding(modality: str, label: str) -> dict[str, str]:
    return {"system": MODALITY, "code": modality, "display": label}


def outcome_extensions(found: Appointment) -> list[dict[str, Any]] | None:
    """The recorded outcome as the NHS Data Dictionary code, the way the contact
    switched to, and whether the technology failed: none until recorded."""
    found_extensions: list[dict[str, Any]] = []
    if found.attendance:
        found_extensions.append(
            {
                "url": ATTENDANCE_EXTENSION,
                "valueCoding": {
                    "system": ATTENDANCE,
                    "code": found.attendance,
                    "display": found.get_attendance_display(),
                },
            }
        )
    if found.switched_to:
        found_extensions.append(
            {
                "url": SWITCHED_EXTENSION,
                "valueCoding": way_coding(found.switched_to, found.get_switched_to_display()),
            }
        )
    if found.technical_failure:
        found_extensions.append({"url": TECHNICAL_FAILURE_EXTENSION, "valueBoolean": True})
    return found_extensions or None


def held(found: Appointment) -> bool:
    return found.attendance in HELD


def encounter(shown: Shown, patient_url: str, appointment_url: str) -> Encounter:
    """A held contact (attended, or late and seen) with its outcome. 'AMB' for
    face to face, 'VR' (virtual) for video and phone; the way it switched to and
    a technical failure are in the extensions, as on the Appointment."""
    found = shown.appointment
    way = found.switched_to or found.modality
    return build(
        Encounter,
        extension=outcome_extensions(found),
        status="finished",
        **{
            "class": {
                "system": ACT_CODE,
                "code": "AMB" if way == AppointmentModality.FACE_TO_FACE else "VR",
                "display": "ambulatory" if way == AppointmentModality.FACE_TO_FACE else "virtual",
            }
        },
        type=[{"coding": [way_coding(found.modality, found.get_modality_display())]}],
        serviceType={"text": found.appointment_type.name},
        subject={"reference": patient_url},
        appointment=[{"reference": appointment_url}],
        period={"start": instant(found.starts_at), "end": instant(found.ends_at)},
        participant=[
            {
                "type": [{"coding": [{"system": PARTICIPATION, "code": "PPRF"}]}],
                "individual": {"display": found.clinician.user.full_name},
            }
        ],
        serviceProvider={"display": found.team.name},
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

"""The right-of-access download as one FHIR Bundle: the person, their
appointments, carers, messages and notices (``export_fhir``), then the sections
added in issue 16 (``export_fhir_care``, with its tasks in ``export_fhir_tasks``).

Kept apart from the modules that build each resource, so they build on one
another in one direction and none of them imports this one.
"""

from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.resource import Resource

from tandem.fhir.mapping import (
    appointment,
    build,
    consent,
    full_url,
    instant,
    notice,
    patient,
    related_person,
    thread_message,
)
from tandem.record import export_fhir_care
from tandem.record.queries import FullRecord


def bundle(full: FullRecord) -> Bundle:
    entries: list[tuple[str, Resource]] = []
    patient_url = full_url("Patient", full.person.pk)
    entries.append((patient_url, patient(full.person)))
    for shown in full.appointments:
        entries.append(
            (full_url("Appointment", shown.appointment.pk), appointment(shown, patient_url))
        )
    for link in full.carers:
        carer_url = full_url("RelatedPerson", link.pk)
        entries.append((carer_url, related_person(link, patient_url)))
        entries.append((full_url("Consent", link.pk), consent(link, patient_url, carer_url)))
    for thread in full.threads:
        previous = None
        for message in thread.messages:
            url = full_url("Communication/message", message.pk)
            entries.append((url, thread_message(thread, message, patient_url, previous)))
            previous = url
    for sent in full.notices:
        entries.append((full_url("Communication/notice", sent.pk), notice(sent, patient_url)))
    entries += export_fhir_care.entries(full, patient_url, {url for url, _ in entries})
    return build(
        Bundle,
        type="collection",
        timestamp=instant(full.produced_at),
        entry=[{"fullUrl": url, "resource": resource} for url, resource in entries],
    )


def bundle_json(full: FullRecord) -> bytes:
    return bundle(full).model_dump_json(indent=1).encode()

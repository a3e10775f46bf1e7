"""The FHIR Patient shares the person's communication needs (the Accessible
Information Standard's 'share' step, ADR 0047), valid against R4."""

from __future__ import annotations

import pytest

from tandem.fhir import mapping
from tandem.fhir.tests.helpers import r4_valid
from tandem.preferences.models import AccessNeeds

pytestmark = pytest.mark.django_db


def test_patient_shares_communication_needs(api, personas):
    AccessNeeds.objects.filter(service_user=personas.su).update(is_current=False)
    AccessNeeds.objects.create(
        service_user=personas.su,
        recorded_by=personas.clinician,
        bsl_interpreter=True,
        easy_read=True,
    )
    patient = r4_valid(api.json(f"/fhir/Patient/{personas.su.pk}"))
    assert patient["communication"] == [
        {
            "language": {
                "coding": [
                    {"system": mapping.BCP_47, "code": "bfi", "display": "British Sign Language"}
                ],
                "text": "British Sign Language",
            },
            "preferred": True,
        }
    ]
    by_url = {}
    for extension in patient["extension"]:
        by_url.setdefault(extension["url"], []).append(extension)
    assert by_url[mapping.INTERPRETER_REQUIRED] == [
        {"url": mapping.INTERPRETER_REQUIRED, "valueBoolean": True}
    ]
    codes = [
        e["valueCodeableConcept"]["coding"][0]["code"]
        for e in by_url[mapping.COMMUNICATION_NEED_EXTENSION]
    ]
    assert codes == ["bsl-interpreter", "easy-read"]

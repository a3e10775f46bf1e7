from __future__ import annotations

import pytest

from tandem.fhir.services import Registered
from tandem.fhir.tests.helpers import Api, register, token
from tandem.record.tests.helpers import SamsRecord, build_sams_care, build_sams_record
from tests.personas import Personas


@pytest.fixture
def sams(personas: Personas) -> SamsRecord:
    """Sam (team A) with appointments, a carer, a letter, questionnaires and a
    safety plan; Kit (team B) with a little of each."""
    record = build_sams_record(personas)
    build_sams_care(personas, record)
    return record


@pytest.fixture
def trust(personas: Personas) -> Registered:
    """Team A's trust EPR: reads everything, writes Patients."""
    return register(personas.admin, [personas.team_a], can_write=True)


@pytest.fixture
def api(trust: Registered) -> Api:
    return Api(token(trust))

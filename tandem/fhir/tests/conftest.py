from __future__ import annotations

import pytest

from tandem.fhir.services import Registered
from tandem.fhir.tests.helpers import Api, register, token
from tandem.record.tests.helpers import SamsRecord, build_sams_record
from tests.personas import Personas


@pytest.fixture
def sams(personas: Personas) -> SamsRecord:
    """Sam (team A) with appointments, a carer and a letter; Kit (team B) with a little."""
    return build_sams_record(personas)


@pytest.fixture
def trust(personas: Personas) -> Registered:
    """Team A's trust EPR: reads everything, writes Patients."""
    return register(personas.admin, [personas.team_a], can_write=True)


@pytest.fixture
def api(trust: Registered) -> Api:
    return Api(token(trust))

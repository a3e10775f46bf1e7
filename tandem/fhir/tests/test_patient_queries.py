"""Patient search and bulk export fetch the people's communication needs a page
(or chunk) at a time: twice as many people, the same number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.fhir.exporting import write_kind
from tandem.fhir.kinds import KINDS
from tandem.fhir.models import BulkExport
from tandem.people.models import CaseloadEntry
from tandem.preferences.models import AccessNeeds
from tests import factories

pytestmark = pytest.mark.django_db


def add_people(personas, how_many: int) -> None:
    """People open to team A, each with current communication needs."""
    for _ in range(how_many):
        person = factories.ServiceUserFactory()
        CaseloadEntry.objects.create(service_user=person, team=personas.team_a)
        AccessNeeds.objects.create(
            service_user=person, recorded_by=personas.clinician, large_print=True
        )


def search_queries(api) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        bundle = api.json("/fhir/Patient?_count=100")
    return len(queries), bundle["total"]


def export_queries(trust) -> tuple[int, int]:
    export = BulkExport.objects.create(client=trust.client, types=["Patient"], request_url="x")
    with CaptureQueriesContext(connection) as queries:
        write_kind(export, KINDS["Patient"])
    return len(queries), export.done


def test_patient_search_reads_needs_a_page_at_once(api, personas):
    add_people(personas, 3)
    search_queries(api)
    fewer, found = search_queries(api)
    add_people(personas, 3)
    more, found_more = search_queries(api)
    assert found_more == found + 3
    assert more == fewer


def test_patient_export_reads_needs_a_chunk_at_once(trust, personas):
    add_people(personas, 3)
    # Once first, so what is looked up once a process (and cached) is not counted.
    export_queries(trust)
    fewer, written = export_queries(trust)
    add_people(personas, 3)
    more, written_more = export_queries(trust)
    assert written_more == written + 3
    assert more == fewer


def test_needs_read_a_page_at_once_are_the_ones_shared(api, personas):
    add_people(personas, 2)
    bundle = api.json("/fhir/Patient?_count=100")
    codes = {
        entry["resource"]["id"]: [
            e["valueCodeableConcept"]["coding"][0]["code"]
            for e in entry["resource"].get("extension", [])
            if "valueCodeableConcept" in e
        ]
        for entry in bundle["entry"]
    }
    added = [pk for pk, found in codes.items() if found == ["large-print"]]
    assert len(added) == 2

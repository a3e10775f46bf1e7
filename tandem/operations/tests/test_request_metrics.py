"""HTTP request metrics: counted by route name, never by a path with a record
number in it, behind /metrics' protection, and added up across gunicorn's
worker processes when PROMETHEUS_MULTIPROC_DIR is set (ADR 0057)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from tandem.operations.tests.test_signals import TOKEN
from tests.personas import Personas, sign_in

pytestmark = pytest.mark.django_db
ROOT = Path(django_settings.BASE_DIR)


def sample(page: str, name: str, **labels: str) -> float:
    """The value of one GET sample with these labels (0 when there is none yet)."""
    wanted = {"method": "GET", **labels}
    for family in text_string_to_metric_families(page):
        for found in family.samples:
            if found.name == name and found.labels == wanted:
                return float(found.value)
    return 0.0


def scrape() -> str:
    response = Client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    return response.content.decode()


def test_requests_are_counted_by_route_name_and_shown_only_to_the_scraper(
    personas: Personas, settings
) -> None:
    settings.TANDEM_METRICS_TOKEN = TOKEN
    clinician = sign_in(Client(), personas.clinician)
    before = scrape()
    was = sample(before, "tandem_http_requests_total", route="safety:staff-plan", status="200")
    for _ in range(2):
        assert clinician.get(f"/safety-plan/people/{personas.su.pk}/").status_code == 200
    assert clinician.get("/no-such-page/").status_code == 404
    page = scrape()
    assert (
        sample(page, "tandem_http_requests_total", route="safety:staff-plan", status="200")
        == was + 2
    )
    assert sample(page, "tandem_http_requests_total", route="unmatched", status="404") >= 1
    assert (
        sample(
            page,
            "tandem_http_request_duration_seconds_bucket",
            route="safety:staff-plan",
            le="10.0",
        )
        == was + 2
    )
    # The route, never the path: no record number, no one's name.
    assert f"/people/{personas.su.pk}/" not in page and personas.su.family_name not in page
    # Without the token: the same 404 as any missing page.
    assert Client().get("/metrics").status_code == 404


COUNT_IN_A_PROCESS = """
from tandem.operations import request_metrics
for _ in range({n}):
    request_metrics.count(route="people:home", method="GET", status=200, seconds=0.03)
"""
SCRAPE_IN_A_PROCESS = """
from prometheus_client import generate_latest
from tandem.operations import request_metrics
print(generate_latest(request_metrics.registry()).decode())
"""


def test_gunicorns_worker_processes_are_added_up_through_the_multiprocess_directory(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}

    def run(code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    run(COUNT_IN_A_PROCESS.format(n=3))
    run(COUNT_IN_A_PROCESS.format(n=4))
    page = run(SCRAPE_IN_A_PROCESS)
    assert sample(page, "tandem_http_requests_total", route="people:home", status="200") == 7
    assert sample(page, "tandem_http_request_duration_seconds_count", route="people:home") == 7

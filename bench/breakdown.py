"""Where a single page view's time goes, measured in-process, one request at a time.

Run by bench/run.py with the benchmark's environment, after the load test.
It requests each page through Django's test client (the whole middleware
stack, real database) and times, inside each request, the template rendering and the audit write
(``record``: actor lookup, chain-head row lock, insert, update) of the people
pages, and the process's CPU time for every page. Prints JSON.
No concurrency here, so lock waits do not show; the load test shows those.

The test client keeps one database connection for every request (it turns off
Django's closing of connections when a request finishes), as gunicorn's
threads keep theirs in production (ADR 0032). So these figures leave out the
cost of connecting, which the stack comparison in bench/run.py shows.
``--smoke`` times a handful of requests, to prove the script still works.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.conf import settings
from django.test import Client
from sessions import session_cookie, slot_search_path

import tandem.home.views as people_views

WARM_UP, TIMED = (1, 2) if "--smoke" in sys.argv else (5, 40)
CLINICIAN, SERVICE_USER = "dr.lee@example.org", "sam@example.org"
PAGES = (
    ("/healthz/", None),
    ("/caseload/", CLINICIAN),
    ("/caseload/?show=team", CLINICIAN),
    ("/me/", SERVICE_USER),
    ("{person}", CLINICIAN),
    ("{slot_search}", CLINICIAN),
)
spent: dict[str, float] = {"render": 0.0, "audit": 0.0}


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    return wrapper


# Instrument the names the people views call (only in this process).
people_views.render = timed("render", people_views.render)  # type: ignore[assignment]
people_views.record = timed("audit", people_views.record)  # type: ignore[assignment]


def measure(path: str, email: str | None) -> dict[str, float | int | str]:
    client = Client(HTTP_HOST="127.0.0.1")
    if email:
        name, _, key = session_cookie(email).partition("=")
        assert name == settings.SESSION_COOKIE_NAME
        client.cookies[name] = key
    totals, cpus, renders, audits = [], [], [], []
    for n in range(WARM_UP + TIMED):
        spent.update(render=0.0, audit=0.0)
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        if response.status_code != 200:
            return {"path": path, "problem": f"answered {response.status_code}"}
        if n >= WARM_UP:
            totals.append(elapsed)
            cpus.append(cpu)
            renders.append(spent["render"])
            audits.append(spent["audit"])
    return {
        "path": path,
        "median_ms": statistics.median(totals) * 1000,
        # This process's CPU (the app's side; the database's is not in it),
        # steadier than wall-clock time on a busy machine.
        "cpu_ms": statistics.median(cpus) * 1000,
        "render_ms": statistics.median(renders) * 1000,
        "audit_ms": statistics.median(audits) * 1000,
        "requests": TIMED,
    }


def addresses() -> dict[str, str]:
    """The pages that name a person: Sam's record and the slot search for him."""
    from tandem.people.models import ServiceUser

    sam = ServiceUser.objects.get(user__email=SERVICE_USER)
    return {
        "person": f"/people/{sam.pk}/",
        "slot_search": slot_search_path(session_cookie(CLINICIAN), sam) or "",
    }


if __name__ == "__main__":
    found = addresses()
    pages = [(path.format(**found), email) for path, email in PAGES]
    print(json.dumps([measure(path, email) for path, email in pages if path]))

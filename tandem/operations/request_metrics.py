"""HTTP request counts and latency by route name, for Prometheus (ADR 0057).

Labelled with the URL's name (``safety:staff-plan``), never its path: a path
holds record numbers, and one label per person would both say who was looked
at and grow without end. Requests no URL matched (files under /assets/, pages
not found) share one label each.

Under gunicorn every worker process counts its own requests. With
``PROMETHEUS_MULTIPROC_DIR`` set (an empty directory per gunicorn master,
emptied before it starts: ``tandem/gunicorn_conf.py`` does it), prometheus_client
keeps the counts in files there and /metrics adds up every process's, so a
scrape that lands on any worker sees the whole node. Without it (one process:
``runserver``, tests) the counts are this process's own.

This module imports nothing from Django at the top, so a process that only
counts (and a test of the adding up) need not set Django up.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Seconds: most pages answer within a quarter of a second; ten is a stuck one.
BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter(
    "tandem_http_requests",
    "HTTP requests answered, by route name, method and status code",
    ["route", "method", "status"],
    registry=None,
)
LATENCY = Histogram(
    "tandem_http_request_duration_seconds",
    "Time to answer an HTTP request, by route name and method",
    ["route", "method"],
    buckets=BUCKETS,
    registry=None,
)
_THIS_PROCESS = CollectorRegistry(auto_describe=False)
_THIS_PROCESS.register(REQUESTS)
_THIS_PROCESS.register(LATENCY)


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def registry() -> CollectorRegistry:
    """What /metrics shows of requests: every process's counts when they are
    kept in files, else this process's."""
    if not multiprocess_dir():
        return _THIS_PROCESS
    every_process = CollectorRegistry(auto_describe=False)
    multiprocess.MultiProcessCollector(every_process)
    return every_process


def count(*, route: str, method: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "other"
    REQUESTS.labels(route, method, str(status)).inc()
    LATENCY.labels(route, method).observe(seconds)


def route_of(request: Any) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return str(match.view_name)
    from django.conf import settings

    if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


class RequestMetricsMiddleware:
    """First in the list, so the time counted is all of Tandem's."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        started = time.perf_counter()
        response = self.get_response(request)
        count(
            route=route_of(request),
            method=request.method or "",
            status=response.status_code,
            seconds=time.perf_counter() - started,
        )
        return response

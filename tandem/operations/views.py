"""Signals for the operator: readiness and Prometheus metrics (ADR 0045)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from tandem.operations.metrics_access import may_read_metrics
from tandem.operations.readiness import run_checks
from tandem.operations.registry import REGISTRY


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when every check passes, else 503; the body names each check's state."""
    checks = run_checks()
    ready = all(check.ok for check in checks)
    body = {
        "status": "ready" if ready else "not ready",
        "checks": {check.name: check.detail for check in checks},
    }
    return JsonResponse(body, status=200 if ready else 503)


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not may_read_metrics(request):
        raise Http404
    return HttpResponse(generate_latest(REGISTRY), content_type=CONTENT_TYPE_LATEST)

"""Signals for the operator: readiness and Prometheus metrics (ADR 0045); the
administrator's retention periods (ADR 0057)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from tandem.operations import request_metrics, retention
from tandem.operations.forms import RetentionForm
from tandem.operations.metrics_access import may_read_metrics
from tandem.operations.readiness import run_checks
from tandem.operations.registry import REGISTRY
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.forms import submit_form


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
    page = generate_latest(REGISTRY) + generate_latest(request_metrics.registry())
    return HttpResponse(page, content_type=CONTENT_TYPE_LATEST)


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def retention_periods(request: HttpRequest) -> HttpResponse:
    """The service administrator sets how long each kind of record is kept."""
    user = signed_in_user(request)
    current = retention.periods()
    form = RetentionForm(
        request.POST or None,
        initial={column: current[kind] for kind, (column, _, _) in retention.PERIODS.items()},
    )
    return submit_form(
        request,
        form,
        save=lambda data: retention.save_periods(actor=user, years=form.years()),
        success="Retention periods saved. They apply from the next nightly run",
        then="operations:retention",
        template="operations/retention.jinja",
        title="How long records are kept",
        changed=retention.last_change(),
        erasing=settings.TANDEM_RETENTION_ERASE,
    )

"""Signals for the operator: readiness and Prometheus metrics (ADR 0045); the
administrator's retention periods (ADR 0057); a person's date of death, which
retention counts from."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from tandem.access import records
from tandem.errors import found_or_404
from tandem.operations import deaths, request_metrics, retention
from tandem.operations.forms import DateOfDeathForm, RemoveDateOfDeathForm, RetentionForm
from tandem.operations.metrics_access import may_read_metrics
from tandem.operations.readiness import run_checks
from tandem.operations.registry import REGISTRY
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.models import ServiceUser
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


def _person_to_record_death_for(request: HttpRequest, pk: int, *, what: str) -> ServiceUser:
    """The person, opened through the access module for staff who treat them;
    the single 404 for anyone else."""
    user = signed_in_user(request)
    person = records.service_user_for(user, pk=pk, what=what)
    if not user.has_perm("people.change_serviceuser", person):
        raise Http404(records.NOT_FOUND)
    return person


@require_http_methods(["GET", "POST"])
@role_required(Role.CLINICIAN, Role.MANAGER)
def date_of_death(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or correct the date a person died: the form, then a page that shows
    who it is about (name, NHS number, date of birth) before anything is saved."""
    user = signed_in_user(request)
    person = _person_to_record_death_for(request, pk, what="Opened the date of death")
    current = deaths.recorded_for(person)
    form = DateOfDeathForm(request.POST or None, correcting=current is not None)
    context: dict[str, object] = {"person": person, "current": current}
    if request.method == "POST" and "confirmed" not in request.POST and form.is_valid():
        # Not saved yet: the same answers go back with the confirming button.
        carried = [(k, v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"]
        return render(
            request,
            "operations/date_of_death_confirm.jinja",
            {
                "title": f"Check this is the right person: {person.display_name}",
                "died_on": form.cleaned_data["died_on"],
                "reason": form.cleaned_data.get("reason", ""),
                "carried": carried,
                **context,
            },
        )
    return submit_form(
        request,
        form,
        save=lambda data: deaths.record_date_of_death(
            actor=user, service_user=person, died_on=data["died_on"], reason=data.get("reason", "")
        ),
        success="Date of death corrected" if current else "Date of death recorded",
        then=reverse("people:person", kwargs={"pk": person.pk}),
        template="operations/date_of_death.jinja",
        title=("Correct the date of death" if current else "Record a date of death"),
        person=person,
        current=current,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.CLINICIAN, Role.MANAGER)
def remove_date_of_death(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a date of death recorded in error, with the reason."""
    user = signed_in_user(request)
    person = _person_to_record_death_for(request, pk, what="Opened the date of death")
    current = found_or_404(deaths.recorded_for(person))
    form = RemoveDateOfDeathForm(request.POST or None)
    return submit_form(
        request,
        form,
        save=lambda data: deaths.remove_date_of_death(
            actor=user, service_user=person, reason=data["reason"]
        ),
        success="Date of death removed",
        then=reverse("people:person", kwargs={"pk": person.pk}),
        template="operations/date_of_death_remove.jinja",
        title="Remove the date of death",
        person=person,
        current=current,
    )

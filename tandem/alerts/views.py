"""The team's alert queue, one alert with its actions, and a team's alert
settings. Thin: reads through ``tandem.alerts.queries`` and
``tandem.alerts.selectors``, writes through ``tandem.alerts.services``.

Acknowledging and closing are plain POST forms on the alert's own page
(POST-redirect-GET), so they work without JavaScript.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tandem.alerts import days_behind, queries, selectors, services
from tandem.alerts.forms import CloseForm, SettingsForm
from tandem.alerts.models import Alert, AlertState
from tandem.alerts.raising import settings_for
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import User
from tandem.web.dates import when
from tandem.web.forms import error_summary, submit_form

ACKNOWLEDGE = "acknowledge"
CLOSE = "close"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_GET
@role_required(*STAFF)
def queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    found = queries.queue(
        user,
        show=request.GET.get("show", queries.DEFAULT_FILTER),
        team_id=_int(request.GET.get("team")),
        page=request.GET.get("page"),
    )
    record(
        actor=user,
        action=Action.LIST,
        object_type="alerts.Alert",
        what=f"Alert queue ({queries.FILTERS[found.show]}), page {found.page.number}",
    )

    def href(**changes: Any) -> str:
        params: dict[str, Any] = {
            "show": found.show,
            "team": found.team.pk if found.team else "",
            "page": 1,
        }
        params.update(changes)
        wanted = {k: v for k, v in params.items() if v not in ("", None, 1)}
        if wanted.get("show") == queries.DEFAULT_FILTER:
            del wanted["show"]
        return "?" + urlencode(wanted) if wanted else "?"

    return render(
        request,
        "alerts/queue.jinja",
        {"title": "Alerts", "queue": found, "filters": queries.FILTERS, "href": href},
    )


def _alert_page(
    request: HttpRequest, found: Alert, form: CloseForm, problem: str = ""
) -> HttpResponse:
    errors = error_summary(form)
    if problem:
        errors = [{"text": problem, "href": "#what-was-done"}, *errors]
    return render(
        request,
        "alerts/alert.jinja",
        {
            "title": f"Alert: {found.get_kind_display()}",
            "alert": found,
            "form": form,
            "form_errors": errors,
            "problem": problem,
            "timing": queries.timing(found, timezone.now()),
            "escalation": queries.escalation_words(found),
            "timeline": queries.timeline(found),
            "data_link": queries.data_link(found),
            "safety_plan": queries.safety_plan_link(found),
            "raised_by": queries.what_raised_it(found),
            "days_behind": days_behind.for_alert(found),
            "duty": queries.duty_name(found.team),
            "is_open": found.state == AlertState.OPEN,
            "is_closed": found.state == AlertState.CLOSED,
            "when": when,
        },
    )


def _acknowledge(request: HttpRequest, user: User, found: Alert) -> HttpResponse:
    try:
        services.acknowledge(actor=user, alert=found)
    except services.AlreadyDone as exc:
        # Pressed twice, or a colleague got there first: nothing changes.
        messages.info(request, str(exc))
    else:
        messages.success(request, "Acknowledged. Record what was done when you have acted.")
    return redirect("alerts:alert", pk=found.pk)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def alert(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.alert_for(user, pk=pk, what="Opened an alert")
    step = request.POST.get("do") if request.method == "POST" else None
    if step == ACKNOWLEDGE:
        return _acknowledge(request, user, found)
    form = CloseForm(request.POST if step == CLOSE else None)
    problem = ""
    if step == CLOSE and form.is_valid():
        try:
            services.close(
                actor=user,
                alert=found,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
            )
        except services.AlreadyDone as exc:
            problem = str(exc)
            found = selectors.alert_for(user, pk=pk, what="Opened an alert already closed")
            form = CloseForm()
        except services.InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"The alert about {found.service_user.display_name} is closed"
            )
            return redirect("alerts:queue")
    return _alert_page(request, found, form, problem)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def team_settings(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    team = selectors.settings_team_for(user, pk=pk)
    current = settings_for(team)
    clinicians = services.duty_clinician_choices(team)
    form = SettingsForm(
        request.POST or None,
        clinicians=clinicians,
        initial={
            "response_hours": current.response_hours,
            "duty_clinician": str(current.duty_clinician_id or ""),
            "baseline_days": current.baseline_days,
            "change_threshold": current.change_threshold,
            "change_days": current.change_days,
            "missed_in_a_row": current.missed_in_a_row,
        },
    )
    return submit_form(
        request,
        form,
        save=lambda data: services.save_settings(
            actor=user,
            team=team,
            response_hours=data["response_hours"],
            duty_clinician=form.chosen_duty(),
            baseline_days=data["baseline_days"],
            change_threshold=form.threshold(),
            change_days=data["change_days"],
            missed_in_a_row=data["missed_in_a_row"],
        ),
        success=f"{team.name}'s alert settings saved",
        then=reverse("alerts:settings", kwargs={"pk": team.pk}),
        template="alerts/settings.jinja",
        title=f"Alert settings: {team.name}",
        team=team,
        current=current,
        other_teams=[t for t in selectors.settings_teams(user).order_by("name") if t.pk != team.pk],
        duty_missing=bool(current.duty_clinician_id)
        and str(current.duty_clinician_id) not in form.clinicians,
    )

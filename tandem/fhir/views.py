"""The service administrator's pages for FHIR API clients: the list, registering
one (its secret shown once), and revoking one (ADR 0037)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tandem.errors import InvalidInput
from tandem.fhir import queries, services
from tandem.fhir.forms import ClientForm
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.forms import form_page

SHOW_ONCE = "fhir-client-secret-{pk}"  # the session key, not a secret


@never_cache
@require_http_methods(["GET"])
@role_required(Role.ADMIN)
def clients(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "fhir/clients.jinja",
        {"title": "API clients", "clients": list(queries.clients_for(user))},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def register(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ClientForm(request.POST or None, teams=queries.teams_for(user))
    if request.method == "POST" and form.is_valid():
        try:
            made = services.register_client(actor=user, **form.options())
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            # Kept in the session for the one page that shows it, then gone.
            request.session[SHOW_ONCE.format(pk=made.client.pk)] = made.client_secret
            return redirect("fhir:client", pk=made.client.pk)
    return form_page(request, "fhir/register.jinja", "Register an API client", form)


@never_cache
@require_http_methods(["GET"])
@role_required(Role.ADMIN)
def client(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = queries.client_for(user, pk=pk)
    secret = request.session.pop(SHOW_ONCE.format(pk=found.pk), None)
    return render(
        request,
        "fhir/client.jinja",
        {
            "title": found.name,
            "client": found,
            "secret": secret,
            "token_url": request.build_absolute_uri("/fhir/auth/token"),
            "base_url": request.build_absolute_uri("/fhir/"),
        },
    )


@never_cache
@require_POST
@role_required(Role.ADMIN)
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    services.revoke_client(actor=user, client=queries.client_for(user, pk=pk))
    return redirect("fhir:client", pk=pk)

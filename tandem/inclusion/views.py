"""Digital inclusion pages: asking for tech help, the team's queue, help given,
device loans, and requests to change how a person is seen."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput, found_or_404
from tandem.inclusion import queries, services
from tandem.inclusion.forms import (
    ChangeOutcomeForm,
    ChangeRequestForm,
    CloseHelpForm,
    HelpRequestForm,
    LoanReturnForm,
    RecordHelpForm,
)
from tandem.inclusion.models import HelpRequest
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role
from tandem.web.forms import form_page, submit_form

# --- Service users -------------------------------------------------------------


@require_GET
@role_required(Role.SERVICE_USER)
def my_help(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    records.own_service_user(user)
    return render(
        request,
        "inclusion/my_help.jinja",
        {
            "title": _("Help with technology"),
            "requests": queries.own_help_requests(user),
            "loans": queries.own_loans(user),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def ask_for_help(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    records.own_service_user(user)
    return submit_form(
        request,
        HelpRequestForm(request.POST or None),
        save=lambda data: services.ask_for_help(actor=user, **data),
        success=_("Your request has been sent to your care team"),
        then="inclusion:my-help",
        template="inclusion/ask_for_help.jinja",
        title=_("Ask for help with technology"),
    )


@require_GET
@role_required(Role.SERVICE_USER)
def my_changes(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    records.own_service_user(user)
    return render(
        request,
        "inclusion/my_changes.jinja",
        {"title": _("Changing how you are seen"), "changes": queries.own_change_requests(user)},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def ask_for_change(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    me = records.own_service_user(user)
    return submit_form(
        request,
        ChangeRequestForm(request.POST or None),
        save=lambda data: services.ask_for_change(actor=user, service_user=me, **data),
        success=_("Your request has been sent to your care team"),
        then="inclusion:my-changes",
        template="inclusion/ask_for_change.jinja",
        title=_("Ask to change how you are seen"),
    )


# --- Staff -----------------------------------------------------------------------


@require_GET
@role_required(*STAFF)
def queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    show_changes = request.GET.get("show") == "changes"
    help_requests = queries.help_queue(user)
    changes = queries.change_queue(user)
    record(
        actor=user,
        action=Action.LIST,
        object_type="inclusion.ModalityChangeRequest" if show_changes else "inclusion.HelpRequest",
        what="Change requests queue" if show_changes else "Tech help queue",
    )
    return render(
        request,
        "inclusion/queue.jinja",
        {
            "title": "Requests to change how people are seen"
            if show_changes
            else "Tech help requests",
            "show_changes": show_changes,
            "help_requests": help_requests,
            "changes": changes,
        },
    )


def _help_request(user: User, pk: int, what: str) -> tuple[HelpRequest, ServiceUser]:
    found = found_or_404(queries.help_request_for(user, pk=pk))
    person = records.service_user_for(user, pk=found.service_user_id, what=what)
    return found, person


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def help_request(request: HttpRequest, pk: int) -> HttpResponse:
    """One request; POST picks it up."""
    user = signed_in_user(request)
    found, person = _help_request(user, pk, "Opened a tech help request")
    if request.method == "POST":
        if found.is_open:
            try:
                services.pick_up_help_request(actor=user, help_request=found)
            except InvalidInput:
                pass  # closed by someone else meanwhile: the page shows it closed
            else:
                messages.success(request, "You have picked up this request")
        return redirect("inclusion:help-request", pk=found.pk)
    return render(
        request,
        "inclusion/help_request.jinja",
        {
            "title": f"Tech help for {person.display_name}",
            "person": person,
            "help_request": found,
            "help_given": queries.help_given_on(found),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def help_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found, person = _help_request(user, pk, "Opened a tech help request to record help")
    if not found.is_open:
        return redirect("inclusion:help-request", pk=found.pk)
    form = RecordHelpForm(request.POST or None)
    return submit_form(
        request,
        form,
        save=lambda data: services.record_help(
            actor=user,
            help_request=found,
            kind=data["kind"],
            notes=data["notes"],
            data_amount=data["data_amount"],
            loan=form.loan(),
        ),
        success="Help recorded",
        then=lambda _: redirect("inclusion:help-request", pk=found.pk),
        template="inclusion/help_record.jinja",
        title=f"Record help given to {person.display_name}",
        help_request=found,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def help_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found, person = _help_request(user, pk, "Opened a tech help request to close it")
    if not found.is_open:
        return redirect("inclusion:help-request", pk=found.pk)
    return submit_form(
        request,
        CloseHelpForm(request.POST or None),
        save=lambda data: services.close_help_request(
            actor=user, help_request=found, outcome=data["outcome"]
        ),
        success="Request closed",
        then=lambda _: redirect("inclusion:help-request", pk=found.pk),
        template="inclusion/help_close.jinja",
        title=f"Close the help request for {person.display_name}",
        help_request=found,
    )


@require_GET
@role_required(*STAFF)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened digital inclusion summary")
    help_requests, loans, changes = queries.person_history(user, service_user_id=pk)
    return render(
        request,
        "inclusion/person.jinja",
        {
            "title": f"Tech help and how {found.display_name} is seen",
            "person": found,
            "help_requests": help_requests,
            "loans": loans,
            "changes": changes,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def loan_return(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    loan = found_or_404(queries.loan_for(user, pk=pk))
    person_found = records.service_user_for(
        user, pk=loan.service_user_id, what="Opened a device loan"
    )
    if loan.returned_on is not None:
        return redirect("inclusion:person", pk=loan.service_user_id)
    return submit_form(
        request,
        LoanReturnForm(request.POST or None, lent_on=loan.lent_on),
        save=lambda data: services.mark_loan_returned(
            actor=user, loan=loan, returned_on=data["returned_on"]
        ),
        success=f"Device {loan.asset_tag} marked as returned",
        then=lambda _: redirect("inclusion:person", pk=loan.service_user_id),
        template="inclusion/loan_return.jinja",
        title=f"Mark {loan.asset_tag} as returned",
        loan=loan,
        person=person_found,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def person_ask_for_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened a form to ask for a change")
    if not queries.is_in_my_teams(user, service_user_id=found.pk):
        raise Http404(records.NOT_FOUND)
    return submit_form(
        request,
        ChangeRequestForm(request.POST or None, on_behalf=True),
        save=lambda data: services.ask_for_change(actor=user, service_user=found, **data),
        success="Request sent to the team",
        then=lambda _: redirect("inclusion:person", pk=found.pk),
        template="inclusion/ask_for_change.jinja",
        title=f"Ask to change how {found.display_name} is seen",
        person=found,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def change_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    change = found_or_404(queries.change_request_for(user, pk=pk))
    found = records.service_user_for(
        user, pk=change.service_user_id, what="Opened a request to change how they are seen"
    )
    template = "inclusion/change_request.jinja"
    title = f"Request to change how {found.display_name} is seen"
    if not change.is_open:
        # Decided already: the page shows the outcome, with no form to send.
        return form_page(request, template, title, None, change=change, person=found)
    return submit_form(
        request,
        ChangeOutcomeForm(request.POST or None),
        save=lambda data: services.decide_change(
            actor=user, change=change, outcome=data["outcome"], reason=data["reason"]
        ),
        success="Outcome recorded",
        then=lambda _: redirect("inclusion:change-request", pk=change.pk),
        template=template,
        title=title,
        change=change,
        person=found,
    )


@require_GET
@role_required(Role.MANAGER)
def manager(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    record(
        actor=user,
        action=Action.LIST,
        object_type="inclusion.HelpRequest",
        what="Digital inclusion overview for managed teams",
    )
    return render(
        request,
        "inclusion/manager.jinja",
        {"title": "Digital inclusion overview", "teams": queries.manager_overview(user)},
    )

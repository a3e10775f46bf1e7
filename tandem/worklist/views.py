"""The team's task list: signals the system noticed, for a person to act on."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from tandem.errors import found_or_404
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.web.forms import form_page, submit_form
from tandem.worklist import selectors, services
from tandem.worklist.forms import CloseWorkItemForm


@require_GET
@role_required(*STAFF)
def index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    items = selectors.work_items_visible_to(user)
    show_done = request.GET.get("show") == "done"
    if show_done:
        listed = list(items.filter(done_at__isnull=False).order_by("-done_at")[:100])
    else:
        listed = list(items.filter(done_at__isnull=True))
    return render(
        request,
        "worklist/index.jinja",
        {"title": "Tasks for your teams", "items": listed, "show_done": show_done},
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def item(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = found_or_404(selectors.work_items_visible_to(user).filter(pk=pk).first())
    form = CloseWorkItemForm(request.POST or None)
    if not found.is_open:
        # Done already: the page shows the outcome, with nothing to send.
        return form_page(request, "worklist/item.jinja", found.title, form, item=found)
    return submit_form(
        request,
        form,
        save=lambda data: services.close_work_item(actor=user, item=found, outcome=data["outcome"]),
        success="Task closed",
        then="worklist:index",
        template="worklist/item.jinja",
        title=found.title,
        item=found,
    )

"""Giving feedback from a single-use link (no sign-in), and managers' 'You said,
we did' notes. The results are in Insights (``tandem.insights.views_feedback``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tandem.access import records
from tandem.errors import InvalidInput
from tandem.feedback import answering, paper, requests, selectors, services
from tandem.feedback.forms import FeedbackForm, NoteForm, PaperFormForm, ReferenceForm
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.forms import confirm_page, form_page, submit_form


def link_not_usable(request: HttpRequest) -> HttpResponse:
    """The one answer for forged, expired and used links: nothing is saved."""
    return render(
        request,
        "feedback/link_dead.jinja",
        {"title": _("This link cannot be used"), "lifetime_days": requests.LIFETIME.days},
        status=404,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def give(request: HttpRequest, token: str) -> HttpResponse:
    found = answering.find(token)
    if found is None:
        return link_not_usable(request)
    form = FeedbackForm(request.POST if request.method == "POST" else None, request=found)
    if request.method == "POST" and form.is_valid():
        try:
            saved = answering.give(request=found, given=form.given())
        except answering.LinkNotUsable:
            # Sent twice (a double click, or a second tab): the first one counted.
            return link_not_usable(request)
        except InvalidInput as exc:
            form.add_error(exc.field, str(exc))
        else:
            return render(
                request,
                "feedback/thanks.jinja",
                {
                    "title": _("Thank you for your feedback"),
                    "saved": saved,
                    "contacts": selectors.crisis_contacts_for_team(saved.team_id)
                    if saved.worrying
                    else [],
                },
            )
    return form_page(
        request,
        "feedback/give.jinja",
        _("Tell us how it went"),
        form,
        discharge=not answering.asks_about_the_contact(found),
    )


ALREADY_ANSWERED = (
    "This form has already been answered, online or from paper. Nothing more can be entered for it."
)


@require_http_methods(["GET"])
@role_required(Role.CLINICIAN, Role.MANAGER)
def paper_find(request: HttpRequest) -> HttpResponse:
    """Step 1 of entering a paper form posted back: the reference printed on it."""
    user = signed_in_user(request)
    form = ReferenceForm(request.GET if "reference" in request.GET else None)
    if form.is_valid():
        reference = paper.normalised(form.cleaned_data["reference"])
        found = selectors.paper_form_for(user, reference=reference)
        if found is None:
            form.add_error(
                "reference",
                "No feedback form for your teams has that reference. Check it against the form",
            )
        elif found.used_on is not None:
            form.add_error("reference", ALREADY_ANSWERED)
        else:
            return redirect("feedback:paper_enter", reference=reference)
    return form_page(request, "feedback/paper_find.jinja", "Enter a paper feedback form", form)


@require_http_methods(["GET", "POST"])
@role_required(Role.CLINICIAN, Role.MANAGER)
def paper_enter(request: HttpRequest, reference: str) -> HttpResponse:
    """Step 2: the same questions as online, as ticked on the paper."""
    user = signed_in_user(request)
    found = selectors.paper_form(user, reference=reference)
    if found.used_on is not None:
        messages.error(request, ALREADY_ANSWERED)
        return redirect("feedback:paper_find")
    form = PaperFormForm(request.POST if request.method == "POST" else None, request=found)
    if request.method == "POST" and form.is_valid():
        try:
            saved = paper.enter(actor=user, request=found, given=form.given())
        except paper.AlreadyAnswered:
            # Entered by a colleague a moment ago, or a second click.
            messages.error(request, ALREADY_ANSWERED)
            return redirect("feedback:paper_find")
        except InvalidInput as exc:
            form.add_error(exc.field, str(exc))
        else:
            return render(
                request,
                "feedback/paper_entered.jinja",
                {
                    "title": "Paper form entered",
                    "saved": saved,
                    "contacts": selectors.crisis_contacts_for_team(saved.team_id)
                    if saved.worrying and saved.anonymous
                    else [],
                },
            )
    return form_page(
        request,
        "feedback/paper_enter.jinja",
        "Enter the answers on the paper form",
        form,
        found=found,
        reference=paper.shown(reference),
        discharge=not answering.asks_about_the_contact(found),
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def notes(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    teams = selectors.managed_teams(user)
    if not teams:
        raise Http404(records.NOT_FOUND)
    return submit_form(
        request,
        NoteForm(request.POST or None, teams=teams),
        save=lambda data: services.publish_note(
            actor=user,
            team=next(t for t in teams if t.pk == data["team"]),
            you_said=data["you_said"],
            we_did=data["we_did"],
        ),
        success="Published. People open to the team now see it on their home page.",
        then="feedback:notes",
        template="feedback/notes.jinja",
        title="You said, we did",
        published=selectors.notes_of_managed_teams(user),
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    note = selectors.managed_note(user, pk=pk)
    return confirm_page(
        request,
        act=lambda: services.withdraw_note(actor=user, note=note),
        success="Withdrawn. It no longer shows on people's home pages.",
        then="feedback:notes",
        template="feedback/withdraw.jinja",
        title="Withdraw this note",
        note=note,
    )

"""The service user's own care plan: reading it, saying whether they agree,
commenting on a version, changing it, its history and the PDF. One step from
their home page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tandem.careplans import pages, selectors, services
from tandem.careplans.forms import AgreementForm, CommentForm
from tandem.errors import InvalidInput
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web import versioned_pages
from tandem.web.dates import when
from tandem.web.forms import submit_form


def links() -> versioned_pages.Links:
    return pages.PLAN_PAGES.person_links(
        agree=reverse("careplans:agree"),
        safety_plan=reverse("safety:mine"),
        preferences=reverse("preferences:mine"),
    )


TITLE = gettext_lazy("Your care plan")


# Read, change, history and PDF are every plan's views (ADR 0050).
_views = versioned_pages.person_views(pages.PLAN_PAGES, links=links, change_title=TITLE)
mine = _views.plan
change = _views.change
history = _views.history
pdf = _views.pdf


@never_cache
@require_POST
@role_required(Role.SERVICE_USER)
def agree(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.own_person(user)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            answer = services.record_agreement(
                actor=user,
                person=person,
                version_number=form.cleaned_data["version"],
                agreed=form.cleaned_data["agreed"] == "yes",
                reason=form.cleaned_data["reason"],
            )
        except services.NewerVersion as conflict:
            # Asked again about the version as it is now, with the answer kept.
            form = AgreementForm({**request.POST.dict(), "version": str(conflict.latest.number)})
            form.is_valid()
            form.add_error(
                None,
                _(
                    "%(name)s changed the plan at %(when)s while this page was open. Read the "
                    "plan as it is now, then say whether you agree with it."
                )
                % {"name": conflict.latest.saved_by_name, "when": when(conflict.latest.saved_at)},
            )
        except InvalidInput as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(
                request,
                _("Thank you. Your care team can see that you agree with the plan.")
                if answer.agreed
                else _(
                    "Thank you. Your care team will read why you do not agree and talk "
                    "it through with you."
                ),
            )
            return redirect("careplans:mine")
    return pages.plan_response(
        request,
        person=person,
        audience="person",
        title=str(TITLE),
        links=links(),
        agreement_form=form,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def comment(request: HttpRequest, number: int) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.own_person(user)
    version = selectors.own_version(user, number=number)
    return submit_form(
        request,
        CommentForm(request.POST or None),
        save=lambda data: services.add_comment(
            actor=user, person=person, version_number=number, text=data["text"]
        ),
        success=_("Your comment has been added. Your care team reads comments in working hours."),
        then="careplans:history",
        template="careplans/comment.jinja",
        title=_("Comment on version %(number)s of your care plan") % {"number": number},
        version=version,
        links=links(),
        when=when,
    )

"""The carer's own pages: giving their view before an assessment or review, and
how Tandem contacts them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.access import records
from tandem.carers import from_carers, selectors
from tandem.carers.forms import CarerViewForm, PreferencesForm
from tandem.carers.pages import while_linked
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.forms import submit_form


@require_http_methods(["GET", "POST"])
@role_required(Role.CARER)
def give_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    link = selectors.link_for_giving_views(user, service_user_id=pk)
    form = CarerViewForm(request.POST or None)
    return submit_form(
        request,
        form,
        # Sharing stopped between opening the form and sending it: 404.
        save=lambda data: while_linked(
            lambda: from_carers.give_view(actor=user, link=link, details=form.details())
        ),
        success=lambda view: (
            (
                _(
                    "Thank you. We have asked %(name)s's care team to read "
                    "your view as soon as they can, in working hours."
                )
                if view.flag
                else _("Thank you. %(name)s's care team will see your view with their record.")
            )
            % {"name": link.service_user.display_name}
        ),
        # A view the worrying-words check brought to attention: the next page
        # is where to get help now, as after such a message (issue 19).
        then=lambda view: (
            redirect("web:help") if view.flag else redirect("people:carer-person", pk=pk)
        ),
        template="carers/give_view.jinja",
        title=_("Give your view before an assessment or review"),
        person=link.service_user,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.CARER)
def preferences(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    me = records.own_carer(user)
    form = PreferencesForm(
        request.POST or None,
        initial={
            "email": me.email,
            "phone": me.phone,
            "by_email": me.by_email,
            "by_sms": me.by_sms,
            "preferred_channel": me.preferred_channel,
        },
    )
    return submit_form(
        request,
        form,
        save=lambda data: from_carers.update_carer_preferences(actor=user, choices=form.choices()),
        success=lambda changed: (
            _("Your choices have been saved") if changed else _("Nothing changed")
        ),
        then="people:carer-home",
        template="carers/preferences.jinja",
        title=_("How we contact you"),
    )

"""Pages for support recommended to a person (ADR 0043).

Staff recommend from the person's page; the person reads what was recommended,
builds their support pack and downloads or asks for it by post; a carer with
'See support recommended to me' reads what was recommended. Reads go through
tandem.support.selectors, writes through tandem.support.services by
submit_form (ADR 0024).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.errors import InvalidInput
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.support import pack, selectors, services
from tandem.support.forms import PackForm, RecommendForm
from tandem.support.models import Recommendation
from tandem.web.forms import submit_form

STAFF = (Role.CLINICIAN, Role.MANAGER)


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def staff_person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.person_for_staff(user, pk=pk, what="Read support recommended to them")
    form = RecommendForm(
        request.POST or None,
        entries=selectors.entries_to_recommend(user),
        tools=selectors.tools_to_recommend(user),
    )

    def save(data: dict[str, Any]) -> Recommendation:
        entry, tool = form.chosen()
        return services.recommend(
            actor=user, person=person, entry=entry, tool=tool, note=data["note"]
        )

    return submit_form(
        request,
        form,
        save=save,
        then=lambda _made: reverse("support:staff-person", args=[pk]),
        success=lambda made: f"{made.name} recommended to {person.display_name}",
        template="support/staff_person.jinja",
        title=f"Support recommended to {person.display_name}",
        person=person,
        recommendations=list(selectors.recommendations_of(person)),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.own_person(user)
    recommendations = list(selectors.recommendations_of(person))
    form = PackForm(
        request.POST or None,
        recommendations=recommendations,
        initial={"chosen": [str(r.pk) for r in recommendations if r.in_pack]},
    )
    return submit_form(
        request,
        form,
        save=lambda _data: services.choose_pack(
            actor=user, person=person, chosen=form.chosen_ids()
        ),
        then="support:mine",
        success=_("Your support pack is saved"),
        template="support/mine.jinja",
        title=_("Support for you"),
        recommendations=recommendations,
        in_pack=[r for r in recommendations if r.in_pack],
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def pack_pdf(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(signed_in_user(request))
    response = HttpResponse(pack.pdf(pack.pack_of(person)), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="support-pack.pdf"'
    return response


@require_POST
@role_required(Role.SERVICE_USER)
def post_pack(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.own_person(user)
    try:
        services.post_pack(
            actor=user, person=person, enclosure=pack.enclosure_html(pack.pack_of(person))
        )
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("We will post your support pack with our next letters, within a few days")
        )
    return redirect("support:mine")


@never_cache
@require_GET
@role_required(Role.CARER)
def carer(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_carer(
        signed_in_user(request), pk=pk, what="Carer read the support recommended to them"
    )
    return render(
        request,
        "support/carer.jinja",
        {
            "title": _("Support recommended to %(name)s") % {"name": person.display_name},
            "person": person,
            "recommendations": list(selectors.recommendations_of(person)),
        },
    )

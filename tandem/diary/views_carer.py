"""A carer reading the diary of someone who chose to share it with them.

Read-only. The link and its 'See my diary' switch are checked on every
request, and every read is recorded where the person can see it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tandem.diary import pages, queries, selectors
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role


@never_cache
@require_GET
@role_required(Role.CARER)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.person_for_carer(signed_in_user(request), pk=pk, what="Carer read the diary")
    plan = queries.plan_of(found)
    context: dict[str, object] = {
        "title": f"{found.display_name}'s diary",
        "person": found,
        "plan": plan,
        "audience": "carer",
        "here": reverse("diary:carer-person", args=[pk]),
        **pages.help_context(found),
    }
    if plan is not None:
        context.update(pages.trends_context(request, person=found, plan=plan))
    return render(request, "diary/carer_person.jinja", context)

"""A carer reading the care plan of someone who chose to share it with them.

Read-only. The link and its 'see the care plan' scope are checked on every
request, and every read is recorded where the person can see it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tandem.careplans import pages, selectors
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role


@never_cache
@require_GET
@role_required(Role.CARER)
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_carer(
        signed_in_user(request), pk=pk, what="Carer read the care plan"
    )
    return pages.plan_response(
        request,
        person=person,
        audience="carer",
        title=f"{person.display_name}'s care plan",
        links=pages.Links(
            plan=reverse("careplans:carer-plan", args=[pk]),
            pdf=reverse("careplans:carer-pdf", args=[pk]),
            back=reverse("people:carer-person", args=[pk]),
        ),
    )


@never_cache
@require_GET
@role_required(Role.CARER)
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_carer(
        signed_in_user(request), pk=pk, what="Carer downloaded the care plan as a PDF"
    )
    return pages.pdf_response(person)

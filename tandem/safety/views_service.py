"""The service administrator's service-wide crisis lines. Moved here from the
people pages (issue 23) because they are safety's: the core does not import
safety. Mounted by ``tandem/urls.py`` under the ``people`` namespace, so the URL
and its name (``people:crisis-contacts``) are as before."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tandem.errors import found_or_404
from tandem.home import queries
from tandem.people import services
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.safety import crisis_lines
from tandem.safety import services as safety_services
from tandem.safety.crisis_flow import LinesPage, change_lines, counted
from tandem.safety.forms import ServiceCrisisLinesFormSet
from tandem.safety.queries import reach_of_service


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def crisis_contacts(request: HttpRequest) -> HttpResponse:
    """Change the service-wide crisis lines as a team's own are changed: every
    line by id, a confirm page naming who stops seeing what, one audited service
    (HAZ-151)."""
    user = signed_in_user(request)
    organisation = found_or_404(queries.organisation_for_admin(user))
    current = crisis_lines.current_lines(queries.service_crisis_contacts(user))

    def audience() -> str:
        reach = reach_of_service()
        people = counted(reach.people, "person", "people")
        carers = counted(reach.carers, "carer", "carers")
        return f"every person using the service ({people}) and their carers ({carers})"

    page = LinesPage(
        caption="Service settings",
        heading="Crisis contacts",
        confirm_heading="Check the changes to the service-wide crisis lines",
        intro=(
            "Everyone using the service and their carers see these under 'Need help now?' "
            "on every page and on their safety plans, in this order, after their team's own."
        ),
        back=reverse("people:admin-home"),
        back_text="Back to service settings",
        audience=audience,
        done=reverse("people:crisis-contacts"),
        done_message="Service-wide crisis lines changed",
        nothing_message="Nothing changed in the service-wide crisis lines",
        fallback=[crisis_lines.Line(**d.__dict__) for d in services.DEFAULT_CRISIS_CONTACTS],
    )
    return change_lines(
        request,
        page=page,
        formset_class=ServiceCrisisLinesFormSet,
        current=current,
        save=lambda based_on, proposed: safety_services.change_service_crisis_lines(
            actor=user, organisation=organisation, based_on=based_on, proposed=proposed
        ),
    )

"""The care plan as a PDF the person can keep offline or print.

Rendered with WeasyPrint from ``careplans/pdf.jinja``, as the safety plan is
(``tandem.safety.pdf``). The crisis numbers are printed as they are today,
with the date, so an old printout says how old it is.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from tandem.careplans.queries import PlanPage
from tandem.web.dates import day, when
from tandem.web.pdf import html_to_pdf


def html(page: PlanPage) -> str:
    return render_to_string(
        "careplans/pdf.jinja",
        {"page": page, "when": when, "day": day, "printed_on": timezone.localdate()},
    )


def render(page: PlanPage) -> bytes:
    return html_to_pdf(html(page))[0]

"""The whole report as a printable PDF (WeasyPrint, tagged for screen readers),
drawn from the same tables and charts as the page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from tandem.insights.report import CAVEATS, Report
from tandem.insights.suppression import RULE_IN_WORDS
from tandem.web.dates import day
from tandem.web.pdf import html_to_pdf


def html(report: Report) -> str:
    return render_to_string(
        "insights/pdf.jinja",
        {
            "report": report,
            "rule": RULE_IN_WORDS,
            "caveats": CAVEATS,
            "day": day,
            "printed_on": timezone.localdate(),
        },
    )


def render(report: Report) -> bytes:
    return html_to_pdf(html(report), tagged=True)[0]

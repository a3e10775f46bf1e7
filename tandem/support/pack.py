"""The support pack: what the person chose from their recommendations, and their
safety plan's crisis section, on one page (ADR 0043).

The crisis section is read from tandem.safety as it is at printing (the same
PlanPage the plan's own PDF uses), never copied into the pack, and the page
says the day it was printed, so an old printout says how old it is (HAZ-241).
Large print or easy read when the person's access needs say so, as letters do;
easy read from its own template beside the standard one (ADR 0062), with the
same crisis section first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from tandem.notify.recipients import easy_read, large_print
from tandem.people.models import ServiceUser
from tandem.safety.queries import PlanPage, plan_page
from tandem.support.models import Recommendation
from tandem.support.selectors import recommendations_of
from tandem.web.links import full_url_for
from tandem.web.pdf import html_to_pdf


@dataclass(frozen=True)
class Pack:
    person: ServiceUser
    items: list[Recommendation]
    help: PlanPage
    large_print: bool
    printed_on: dt.date
    find_more: str
    easy_read: bool = False

    def lapsed(self, item: Recommendation) -> str:
        """Why an item may no longer be right, in the person's words; '' if it is."""
        if item.entry is not None and item.entry.is_overdue(self.printed_on):
            return (
                f"We have not checked these details since {item.entry.checked_on:%-d %B %Y}. "
                "Check the service is still running before you go."
            )
        if item.tool is not None and item.tool.why_not_recommendable(self.printed_on):
            return "Our review of this tool is out of date. Ask your team before you rely on it."
        return ""


def pack_of(person: ServiceUser) -> Pack:
    """For a person the caller has already been allowed to see."""
    return Pack(
        person=person,
        items=list(recommendations_of(person).filter(in_pack=True)),
        help=plan_page(person),
        large_print=large_print(person),
        printed_on=timezone.localdate(),
        find_more=full_url_for("directory:find"),
        easy_read=easy_read(person),
    )


def enclosure_html(pack: Pack) -> str:
    """The pack as a fragment, to print after a covering letter."""
    template = "support/_pack_easy.jinja" if pack.easy_read else "support/_pack.jinja"
    return render_to_string(template, {"pack": pack, "page": pack.help})


def pdf(pack: Pack) -> bytes:
    html = render_to_string(
        "support/pack_pdf.jinja",
        {"pack": pack, "page": pack.help, "body": enclosure_html(pack)},
    )
    return html_to_pdf(html)[0]

"""The person page's summary lists are one plain loop rather than the NHS
summary list component's nested macros (issue 18). Someone using a screen
reader must find exactly the terms and descriptions the component gives."""

from __future__ import annotations

import re
from typing import Any

from django.template import engines

COMPONENT = (
    '{% from "nhsuk/components/summary-list/macro.jinja" import summaryList %}'
    '{{ summaryList({"rows": rows}) }}'
)
ONE_LOOP = '{% from "people/_summary_list.jinja" import summary_list %}{{ summary_list(rows) }}'


def rendered(source: str, rows: list[dict[str, Any]]) -> str:
    html = engines["jinja2"].env.from_string(source).render(rows=rows)  # type: ignore[attr-defined]
    # Whitespace between and inside tags is all that may differ.
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<|>)\s*", r"\1", html).strip()


def test_one_loop_summary_list_matches_the_nhs_component() -> None:
    rows = [
        {"key": {"text": "Carer"}, "value": {"text": "Alex <O'Neil> & Co (partner)"}},
        # A carer's own words keep their line breaks in the source.
        {"key": {"text": "What they have noticed"}, "value": {"text": "  Sleeping less.\nLow.  "}},
        # Counts: the component leaves the cell empty for 0, and so must the loop.
        {"key": {"text": "Open requests for tech help"}, "value": {"text": 0}},
        {"key": {"text": "Devices on loan"}, "value": {"text": 2}},
        {"key": {"text": "Pronouns"}, "value": {"text": ""}},
    ]
    one_loop = rendered(ONE_LOOP, rows)
    assert one_loop == rendered(COMPONENT, rows)
    assert "Alex &lt;O&#39;Neil&gt; &amp; Co (partner)" in one_loop
    assert '<dd class="nhsuk-summary-list__value"></dd>' in one_loop

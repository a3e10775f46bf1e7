"""The slot list's radios are built in one pass rather than by the NHS radios
component's macros (issue 18). A person using a screen reader, or the error
summary's link, must find exactly what the component would have given them."""

from __future__ import annotations

import re
from typing import Any

from django.template import engines

from tandem.appointments.booking import plain_radios_group, radio_items

RADIOS = '{% from "nhsuk/components/radios/macro.jinja" import radios %}{{ radios(group) }}'


def rendered(group: dict[str, Any]) -> str:
    html = engines["jinja2"].env.from_string(RADIOS).render(group=group)  # type: ignore[attr-defined]
    # Whitespace between and inside tags is all that may differ.
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<|>)\s*", r"\1", html).strip()


def test_one_pass_radios_match_the_nhs_component() -> None:
    items = [
        {"value": "7:1765180800", "text": "09:00 to 09:30, Dr <Lee> & Co", "checked": False},
        {
            "value": "7:1765182600",
            "text": "09:30 to 10:00, Dr Lee",
            "checked": True,
            "hint": {"text": 'Inside a time they asked us to avoid: mornings & "school run"'},
        },
        {"value": "8:1765184400", "text": "10:00 to 10:30, Alex O'Neil", "checked": False},
    ]
    group: dict[str, Any] = {
        "name": "slot",
        "idPrefix": "slot-2026-12-08",
        "fieldset": {"legend": {"text": "Tuesday 8 December", "size": "m"}},
        "errorMessage": {"text": "Select a time"},
    }
    by_component = rendered({**group, "items": items})
    one_pass = rendered(
        {
            **group,
            "items": [],
            "formGroup": {"beforeInputs": {"html": radio_items("slot", group["idPrefix"], items)}},
        }
    )
    assert one_pass == by_component
    # The first radio keeps the id the error summary links to; names are escaped.
    assert 'id="slot-2026-12-08" name="slot"' in one_pass
    assert "Dr &lt;Lee&gt; &amp; Co" in one_pass
    assert 'aria-describedby="slot-2026-12-08-2-item-hint"' in one_pass


def test_a_day_without_an_error_is_the_nhs_components_form_group() -> None:
    items = [
        {"value": "7:1765180800", "text": "09:00 to 09:30, Dr <Lee> & Co", "checked": True},
        {
            "value": "8:1765184400",
            "text": "10:00 to 10:30, Alex O'Neil",
            "checked": False,
            "hint": {"text": "Inside a time they asked us to avoid: mornings"},
        },
    ]
    radios = radio_items("slot", "slot-2026-12-09", items)
    by_component = rendered(
        {
            "name": "slot",
            "idPrefix": "slot-2026-12-09",
            "fieldset": {"legend": {"text": "Wednesday 9 December", "size": "m"}},
            "items": [],
            "formGroup": {"beforeInputs": {"html": radios}},
        }
    )
    engine = engines["jinja2"].env  # type: ignore[attr-defined]
    one_pass = engine.from_string("{{ html }}").render(
        html=plain_radios_group("Wednesday 9 December", radios)
    )
    assert re.sub(r"\s*(<|>)\s*", r"\1", re.sub(r"\s+", " ", one_pass)).strip() == by_component

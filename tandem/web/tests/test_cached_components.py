"""The pagination links are rendered once per process for each set of params
(tandem.web.cached_components, ADR 0087): what a page shows must be exactly
what the design system's macro gives for those params, never another page's
links (HAZ-400)."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import engines
from django.utils import translation
from markupsafe import Markup

from tandem.web import cached_components
from tandem.web.cached_components import KeptMacro

TEMPLATE = "nhsuk/components/pagination/macro.jinja"


def env() -> Any:
    return engines["jinja2"].env  # type: ignore[attr-defined]


def designed(params: Any) -> str:
    """The design system's own markup for ``params``, rendered afresh."""
    return str(env().get_template(TEMPLATE).module.pagination(params))


def links(page: int, *, label: Any = "Next page") -> dict[str, Any]:
    return {
        "previousUrl": f"?page={page - 1}",
        "previousPage": "Previous page",
        "nextUrl": f"?page={page + 1}",
        "nextPage": label,
    }


def test_each_page_gets_the_design_system_s_own_links_for_its_params() -> None:
    kept = KeptMacro(env(), TEMPLATE, "pagination")
    for _ in range(2):  # the second time from what was kept
        for page in (2, 3, 12):
            shown = kept(links(page))
            assert str(shown) == designed(links(page))
            assert f'href="?page={page + 1}"' in shown
    assert len(kept.kept) == 3


def test_markup_and_the_same_text_as_plain_text_are_kept_apart() -> None:
    kept = KeptMacro(env(), TEMPLATE, "pagination")
    plain = {"previous": {"href": "?page=1", "labelText": "<b>1</b>"}}
    marked = {"previous": {"href": "?page=1", "labelText": Markup("<b>1</b>")}}
    assert str(kept(plain)) == designed(plain)
    assert str(kept(marked)) == designed(marked)
    assert kept(plain) != kept(marked)


def test_a_link_left_out_is_not_confused_with_one_given() -> None:
    ours = env().globals["pagination"]
    undefined = env().globals["undefined"]
    first = {"previousUrl": undefined, "nextUrl": "?page=2", "nextPage": "Next page"}
    last = {"previousUrl": "?page=1", "previousPage": "Previous page", "nextUrl": undefined}
    assert str(ours(first)) == designed(first) and 'rel="prev"' not in ours(first)
    assert str(ours(last)) == designed(last) and 'rel="next"' not in ours(last)


def test_params_it_cannot_key_are_rendered_each_time_not_kept() -> None:
    kept = KeptMacro(env(), TEMPLATE, "pagination")
    numbered = {"items": [{"number": 1, "href": "?page=1", "current": True}]}
    assert str(kept(numbered)) == designed(numbered)
    assert kept.kept == {}


def test_each_language_keeps_its_own() -> None:
    kept = KeptMacro(env(), TEMPLATE, "pagination")
    with translation.override("en-gb"):
        kept(links(2))
    with translation.override("cy"):
        kept(links(2))
    assert len(kept.kept) == 2


def test_what_is_kept_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cached_components, "KEPT", 5)
    kept = KeptMacro(env(), TEMPLATE, "pagination")
    for page in range(2, 30):
        assert str(kept(links(page))) == designed(links(page))
        assert len(kept.kept) <= 5


@pytest.mark.parametrize(
    "params",
    [
        {"previousUrl": "", "nextUrl": ""},
        {"ariaLabel": "Pagination"},
    ],
)
def test_a_list_on_one_page_has_no_empty_pagination_landmark(params: dict[str, Any]) -> None:
    # The macro alone would draw a 'Pagination' landmark around an empty list.
    assert "nhsuk-pagination" in designed(params)
    assert str(env().globals["pagination"](params)) == ""


def test_a_list_on_one_page_left_out_with_undefined_has_no_pagination() -> None:
    undefined = env().globals["undefined"]
    shown = env().globals["pagination"]({"previous": undefined, "next": undefined})
    assert str(shown) == ""
    assert 'href="?page=2"' in env().globals["pagination"]({"next": {"href": "?page=2"}})

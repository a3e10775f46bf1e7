"""The template environment: links and HTML snippets that reach the page as
markup, and, in tests, templates that fail loudly on a name nothing defines."""

from __future__ import annotations

import pytest
from django.template import engines
from jinja2 import Environment, UndefinedError
from markupsafe import Markup


def env() -> Environment:
    return engines["jinja2"].env  # type: ignore[attr-defined,no-any-return]


def render(source: str, **context: object) -> str:
    return env().from_string(source).render(**context)


SUMMARY = '{% from "nhsuk/components/summary-list/macro.jinja" import summaryList %}'
INSET = '{% from "nhsuk/components/inset-text/macro.jinja" import insetText %}'


def test_a_link_in_a_summary_row_is_a_link_and_the_name_in_it_is_escaped() -> None:
    page = render(
        SUMMARY + '{{ summaryList({"rows": [{"key": {"text": "About"}, '
        '"value": {"html": link(url("people:person", 7), name)}}]}) }}',
        name="Sam <b>Taylor</b> & co",
    )

    assert '<a href="/people/7/">Sam &lt;b&gt;Taylor&lt;/b&gt; &amp; co</a>' in page
    assert "&lt;a" not in page


def test_the_old_way_of_joining_a_link_showed_it_as_text() -> None:
    # Why link() exists: with one escaped part, `~` escapes the tags as well.
    page = render(
        INSET + """{{ insetText({"html": '<a href="/x/">' ~ (name|e) ~ '</a>'}) }}""", name="Sam"
    )

    assert "&lt;a href=" in page


def test_an_html_snippet_escapes_what_is_put_into_it_and_keeps_its_own_tags() -> None:
    page = render(
        INSET + '{{ insetText({"html": html("<p><strong>Hidden.</strong> {}</p>", rule)}) }}',
        rule="Counts under 5 show as '<5'",
    )

    assert "<p><strong>Hidden.</strong> Counts under 5 show as &#39;&lt;5&#39;</p>" in page


def test_markup_put_into_a_snippet_is_not_escaped_twice() -> None:
    snippet = render("{{ html('{}Sign out', token) }}", token=Markup('<input type="hidden">'))

    assert snippet == '<input type="hidden">Sign out'


def test_in_tests_a_name_nothing_defines_fails_the_page() -> None:
    with pytest.raises(UndefinedError, match="'nmae' is undefined"):
        render("<h1>{{ nmae }}</h1>", name="Sam")


def test_in_tests_a_field_an_object_does_not_have_fails_the_page() -> None:
    class Person:
        display_name = "Sam"

    with pytest.raises(UndefinedError, match="display_nmae"):
        render("{{ person.display_nmae }}", person=Person())


def test_an_optional_name_can_still_be_asked_about() -> None:
    source = (
        "{% if note is defined %}{{ note }}{% else %}none{% endif %}|{{ later | default('-') }}"
    )

    assert render(source) == "none|-"
    assert render(source, note="Hi") == "Hi|-"


def test_the_design_systems_optional_params_stay_optional() -> None:
    # Its macros read params they were not given (classes, id, caller).
    page = render(INSET + '{{ insetText({"text": "Hello"}) }}')

    assert 'class="nhsuk-inset-text"' in page
    assert "<p>Hello</p>" in page

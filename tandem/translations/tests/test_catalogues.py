"""The shipped translations: numbers and names only in placeholders, every
placeholder kept, the compiled files matching their sources, and the crisis
wording translated (HAZ-338)."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from tandem.translations import catalogue, languages

TRANSLATED = [lang.code for lang in languages.SHIPPED if lang.code != languages.ENGLISH]


def test_each_translation_keeps_exactly_the_placeholders_of_its_english() -> None:
    broken = [
        (code, source, text)
        for code in TRANSLATED
        for source, text in catalogue.translated(code).items()
        if sorted(catalogue.PLACEHOLDER.findall(source))
        != sorted(catalogue.PLACEHOLDER.findall(text))
    ]
    assert not broken, f"Placeholders lost or added: {broken}"


def test_no_marked_string_holds_a_phone_number_or_any_other_figure() -> None:
    # A translator can mistype a number in a sentence; a placeholder they cannot touch.
    with_figures = [s for s in catalogue.marked() if any(c.isdigit() for c in s)]
    assert not with_figures, f"Put these numbers in placeholders: {with_figures}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_is_built_from_the_committed_source(code: str) -> None:
    with catalogue.po_path(code).open("rb") as handle:
        source = read_po(handle)
    done = [m for m in source if m.id and all(m.string or [""]) and not m.fuzzy]
    expected = {m.id: m.string for m in done if not m.pluralizable}
    expected_plurals = {m.id[0]: tuple(m.string) for m in done if m.pluralizable}
    compiled_plurals = catalogue.plurals(code)
    assert compiled_plurals == expected_plurals, "Run `make messages` and commit the .mo files"
    compiled = {
        source: text
        for source, text in catalogue.translated(code).items()
        if source not in compiled_plurals
    }
    assert compiled == expected, "Run `make messages` and commit the .mo files"


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_plural_form_keeps_the_placeholders_of_its_english(code: str) -> None:
    """A count (ngettext) is translated in every form the language has, each
    keeping the placeholders of its English."""
    with catalogue.po_path(code).open("rb") as handle:
        source = read_po(handle)
    broken = [
        (m.id, form)
        for m in source
        if m.id and m.pluralizable
        for form in m.string
        if sorted(catalogue.PLACEHOLDER.findall(m.id[1]))
        != sorted(catalogue.PLACEHOLDER.findall(form))
    ]
    assert not broken, f"Placeholders lost or added: {broken}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_need_help_now_and_the_layout_are_translated(code: str) -> None:
    done = catalogue.translated(code)
    for source in (
        "Need help now?",
        "If you or someone else is in immediate danger, <strong>call %(number)s</strong>.",
        "Skip to main content",
        "Urgent mental health help, %(hours)s hours a day.",
        "Language",
    ):
        assert done.get(source), f"{code} lacks {source!r}"


def test_welsh_covers_everything_marked() -> None:
    assert catalogue.coverage("cy").percent == 100

"""The group call's scripts write only words the page handed them, already in
the reader's language (issue 27, ADR 0061)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from tandem.consult.tests.test_script_words import english_literals_in, keys_the_script_uses

STATIC = Path(__file__).resolve().parents[1] / "static" / "groupcall"
SCRIPTS = [STATIC / "groupcall.js", STATIC / "check.js", STATIC / "waiting.js"]


def words(code: str) -> dict[str, str]:
    import json
    import re

    with translation.override(code):
        html = render_to_string("groupcall/_script_words.jinja")
    found = re.search(r'id="groupcall-words">(.*?)</script>', html, re.S)
    assert found
    parsed: dict[str, str] = json.loads(found.group(1))
    return parsed


def test_the_group_call_scripts_hold_no_words_of_their_own() -> None:
    assert {script.name: english_literals_in(script) for script in SCRIPTS} == {
        script.name: [] for script in SCRIPTS
    }


def test_the_page_hands_the_scripts_every_word_they_use_in_welsh_and_arabic() -> None:
    english, welsh, arabic = words("en-gb"), words("cy"), words("ar")
    used = set().union(*(keys_the_script_uses(script) for script in SCRIPTS))
    assert used == set(english) == set(welsh) == set(arabic)
    assert welsh["inCall"] == "Rydych yn yr alwad."
    assert arabic["inCall"] == "أنت في المكالمة."
    assert [key for key in english if welsh[key] == english[key]] == []
    assert all("{name}" in language["videoOf"] for language in (english, welsh, arabic))

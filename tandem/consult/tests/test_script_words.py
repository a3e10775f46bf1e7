"""The call pages' JavaScript writes only words the page handed it, already in
the reader's language (issue 27, ADR 0061): a Welsh reader's call never says
'Reconnecting to the call…' in English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tandem.consult.tests.helpers import admitted_service_user, video_appointment
from tandem.people.models import User
from tests.personas import Personas

SCRIPT = Path(__file__).resolve().parents[1] / "static" / "consult" / "call.js"
WORDS = re.compile(r'<script type="application/json" id="consult-words">(.*?)</script>', re.S)
# String literals, read left to right so each opening quote finds its own close.
LITERAL = re.compile(r"""'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`""")
# Words a person would read: two words or more.
SENTENCE = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")


def words_on(html: str) -> dict[str, str]:
    found = WORDS.search(html)
    assert found, "the page hands the script no words"
    words: dict[str, str] = json.loads(found.group(1))
    return words


def keys_the_script_uses(script: Path) -> set[str]:
    return set(re.findall(r"""word\(['"](\w+)['"]""", script.read_text()))


def english_literals_in(script: Path) -> list[str]:
    """Sentences in the script itself, other than comments and console lines
    (read by developers, not by the person in the call)."""
    found = []
    for line in script.read_text().splitlines():
        code = line.split("//")[0] if not line.strip().startswith("//") else ""
        if "console." in code:
            continue
        found += [m.group(0) for m in LITERAL.finditer(code) if SENTENCE.search(m.group(0))]
    return found


def test_the_call_script_holds_no_words_of_its_own() -> None:
    assert english_literals_in(SCRIPT) == []


def test_the_page_hands_the_script_every_word_it_uses_in_welsh() -> None:
    with translation.override("cy"):
        welsh = words_on(render_to_string("consult/_script_words.jinja"))
    with translation.override("en-gb"):
        english = words_on(render_to_string("consult/_script_words.jinja"))
    assert keys_the_script_uses(SCRIPT) == set(english) == set(welsh)
    assert welsh["reconnecting"] == "Yn ailgysylltu â'r alwad…"
    assert english["reconnecting"] == "Reconnecting to the call…"
    # Each placeholder the script fills is kept, in every language.
    for words in (welsh, english):
        assert "{name}" in words["joining"] and "{name}" in words["cameraOf"]
    untranslated = [key for key in english if welsh[key] == english[key]]
    assert untranslated == []


@pytest.mark.django_db
def test_a_welsh_readers_call_page_carries_welsh_words(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    User.objects.filter(pk=personas.service_user.pk).update(language="cy")
    appointment = video_appointment(personas)
    admitted_service_user(personas, appointment)
    page = client_for("service_user").get(f"/video/{appointment.pk}/call/")
    assert page.status_code == 200
    html = page.content.decode()
    words = words_on(html)
    assert words["inCall"] == "Rydych yn yr alwad."
    assert words["videoFailed"].startswith("Methodd y cysylltiad fideo.")
    # The page's own buttons, before the script runs, are Welsh too.
    assert "Gadael yr alwad" in html and "Leave the call" not in html


@pytest.mark.django_db
def test_a_welsh_readers_device_check_carries_welsh_words(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    User.objects.filter(pk=personas.service_user.pk).update(language="cy")
    appointment = video_appointment(personas)
    page = client_for("service_user").get(f"/video/{appointment.pk}/check/")
    assert page.status_code == 200
    words = words_on(page.content.decode())
    assert words["cameraWorking"] == "yn gweithio. Dylech weld eich hun uchod."

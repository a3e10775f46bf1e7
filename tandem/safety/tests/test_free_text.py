"""Line endings and trailing spaces: what a browser sends is not a change.

Browsers send a textarea's line breaks as CRLF; text written by the demo, by
tests or by an earlier save holds LF. Issue 16 found every part of Sam's plan
marked 'Changed' on the first save from a browser though nobody had changed a
word.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.safety import services
from tandem.safety.forms import PlanForm
from tandem.safety.models import PlanVersion
from tandem.safety.tests.helpers import TYPICAL, write_plan
from tandem.web.forms import normalise_free_text
from tests.personas import Personas


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("one\r\ntwo", "one\ntwo"),
        ("one\rtwo", "one\ntwo"),
        ("one   \r\ntwo\t\r\n", "one\ntwo"),
        ("\r\n\r\none\r\n\r\ntwo\r\n\r\n", "one\n\ntwo"),
        ("  indented line", "  indented line"),
        ("words  inside  stay", "words  inside  stay"),
        ("", ""),
        (None, ""),
    ],
)
def test_free_text_is_normalised(typed: str | None, kept: str) -> None:
    assert normalise_free_text(typed) == kept


def test_a_section_counts_a_line_break_once_as_the_browser_does() -> None:
    # 750 lines of one letter: 1,499 characters with LF, 2,248 with CRLF.
    text = "\r\n".join(["a"] * 750)
    form = PlanForm({"coping": text, "based_on": "0"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["coping"] == "\n".join(["a"] * 750)


def as_browser_sends(text: str) -> str:
    return text.replace("\n", "\r\n") + "  \r\n"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["service_user", "clinician"])
def test_an_unchanged_plan_sent_with_crlf_saves_nothing(
    client_for,  # type: ignore[no-untyped-def]
    personas: Personas,
    who: str,
) -> None:
    write_plan(personas.clinician, personas.su)
    url = (
        reverse("safety:change")
        if who == "service_user"
        else reverse("safety:staff-change", args=[personas.su.pk])
    )
    data = {key: as_browser_sends(text) for key, text in TYPICAL.items()}
    response = client_for(who).post(url, {**data, "based_on": "1"}, follow=True)
    assert "Nothing changed" in response.content.decode()
    assert PlanVersion.objects.count() == 1


@pytest.mark.django_db
def test_one_changed_section_sent_with_crlf_marks_only_that_section(
    client_for,  # type: ignore[no-untyped-def]
    personas: Personas,
) -> None:
    write_plan(personas.clinician, personas.su)
    data = {key: as_browser_sends(text) for key, text in TYPICAL.items()}
    data["coping"] = as_browser_sends(TYPICAL["coping"] + "\nBake bread")
    client_for("service_user").post(reverse("safety:change"), {**data, "based_on": "1"})
    latest = PlanVersion.objects.get(number=2)
    assert latest.changed_sections == ["coping"]
    assert latest.coping == TYPICAL["coping"] + "\nBake bread"
    assert "\r" not in "".join(latest.text_of(k) for k in TYPICAL)


@pytest.mark.django_db
def test_a_version_stored_with_crlf_is_not_changed_by_saving_it_unchanged(
    personas: Personas,
) -> None:
    # Versions written before the normaliser may hold CRLF: the service compares
    # normalised text, so saving them as they are is still 'nothing changed'.
    crlf = {key: text.replace("\n", "\r\n") for key, text in TYPICAL.items()}
    first = services.save_plan(
        actor=personas.clinician, person=personas.su, sections=crlf, based_on=0
    )
    assert first is not None and "\r" not in first.coping
    again = services.save_plan(
        actor=personas.service_user, person=personas.su, sections=TYPICAL, based_on=1
    )
    assert again is None

"""Logs are JSON with the request id, and carry no clinical content or message text.

Representative flows run through the pages with every logger captured at DEBUG:
Sam writes a message with worrying words (the detector flags it), fills in a
diary with a note, changes their safety plan; Dr Lee reads and replies. Then the
whole log, formatted as production formats it, is searched for the words people
wrote and for clinical words (HAZ-254).
"""

from __future__ import annotations

import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from tandem.diary.tests.helpers import set_up_diary, signs_of
from tandem.messaging.models import Thread
from tandem.notify.template_rules import CLINICAL_WORDS
from tandem.operations.logs import RequestIdFilter, TandemJsonFormatter
from tandem.safety.tests.helpers import TYPICAL, write_plan
from tandem.warnings.models import Flag
from tests.personas import Personas

pytestmark = pytest.mark.django_db

WORRYING = "I feel like I can't go on and I have been saving my tablets"
SUBJECT = "Tonight is bad"
DIARY_NOTE = "Heard the voices again telling me to hurt myself"
REPLY = "Thank you for telling us, Sam. I will ring you within the hour about your tablets."
PLAN_CHANGE = "Ring Jo when the voices start"


def production_formatter() -> logging.Formatter:
    """The JSON formatter settings.LOGGING names for production."""
    assert settings.LOGGING["formatters"]["json"] == {
        "()": "tandem.operations.logs.TandemJsonFormatter"
    }
    return TandemJsonFormatter()


def test_logs_are_json_with_the_request_id_and_no_clinical_words(
    client_for, personas: Personas, caplog: pytest.LogCaptureFixture
) -> None:
    set_up_diary(personas.clinician, personas.su)
    write_plan(personas.clinician, personas.su)
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.DEBUG)
    sam = client_for("service_user")
    lee = client_for("clinician")

    sent = sam.post(reverse("messaging:new"), {"subject": SUBJECT, "body": WORRYING})
    assert sent.status_code == 302
    thread = Thread.objects.get()
    assert Flag.objects.filter(thread=thread).exists()  # the worrying words were seen
    sign = signs_of(personas.su.diary_plan)[0]
    saved = sam.post(
        reverse("diary:entry"),
        {
            "day": timezone.localdate().isoformat(),
            "mood": "2",
            "sleep_hours": "3",
            "anxiety": "9",
            f"sign_{sign.pk}": "1",
            "note": DIARY_NOTE,
        },
    )
    assert saved.status_code == 302
    plan = {**TYPICAL, "coping": TYPICAL["coping"] + "\n" + PLAN_CHANGE, "based_on": "1"}
    assert sam.post(reverse("safety:change"), plan).status_code == 302
    thread_url = reverse("messaging:staff-thread", kwargs={"pk": thread.pk})
    # On the page, with the words the check found marked (<mark>) inside it.
    assert "been saving my tablets" in strip_tags(lee.get(thread_url).content.decode())
    assert lee.post(thread_url, {"body": REPLY}).status_code == 302
    missing = sam.get("/no-such-page/")
    assert missing.status_code == 404

    formatter = production_formatter()
    lines = [formatter.format(record) for record in caplog.records]
    assert lines, "the flows logged nothing, so this test checks nothing"
    parsed = [json.loads(line) for line in lines]
    assert all({"time", "level", "logger", "message", "request_id"} <= set(p) for p in parsed)
    # The 404's log line carries the id the response gave the person.
    not_found = [p for p in parsed if p["logger"] == "django.request"]
    assert not_found and not_found[-1]["request_id"] == missing["X-Request-ID"]

    log = "\n".join(lines).lower()
    written = [SUBJECT, WORRYING, DIARY_NOTE, REPLY, PLAN_CHANGE, *TYPICAL.values()]
    for text in written:
        for line in text.lower().splitlines():
            assert line not in log, f"the log holds what a person wrote: {line!r}"
    for word in (*CLINICAL_WORDS, "tablets", "voices", "hurt myself", "can't go on"):
        assert word not in log, f"the log holds the clinical word {word!r}"

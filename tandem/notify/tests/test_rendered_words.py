"""Every message as a person reads it, in English, Welsh and Arabic, kept in
``data/rendered_messages.txt``: a change to the words, to where they are kept or
to a translation shows there, line by line, before anyone is sent it.

Moving the words between modules (issue 23 split ``wording.py``) must leave
this file as it is; a translation that turned fuzzy would read in English here.
When the words are meant to change, write the file again with
``TANDEM_REWRITE_RENDERED=1 .venv/bin/python -m pytest <this file>`` and review
its diff as the change to what people read."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tandem.notify.templates import TEMPLATES, render
from tandem.notify.tests.helpers import VALUES
from tandem.notify.wording import by_name

KEPT = Path(__file__).parent / "data" / "rendered_messages.txt"
LANGUAGES = ("en", "cy", "ar")
CHANNELS = ("sms", "email", "letter")


def every_message() -> str:
    out = []
    for name in sorted(TEMPLATES):
        template = TEMPLATES[name]
        values = {k: v for k, v in VALUES.items() if k in template.accepts}
        for code in LANGUAGES:
            with translation.override(code):
                out.append(f"=== {name} · label · {code}\n{gettext(template.label)}\n")
                for channel in CHANNELS:
                    done = render(name, channel, values)
                    heading = f"=== {name} · {channel} · {code}"
                    out.append(f"{heading}\n{done.subject}\n---\n{done.body}\n")
    return "\n".join(out)


def test_every_message_reads_as_it_is_kept() -> None:
    now = every_message()
    if os.environ.get("TANDEM_REWRITE_RENDERED"):
        KEPT.write_text(now, encoding="utf-8")
    kept = KEPT.read_text(encoding="utf-8")
    changed = list(difflib.unified_diff(kept.splitlines(), now.splitlines(), "kept", "now", n=1))
    assert not changed, "What people read has changed:\n" + "\n".join(changed[:80])


def test_a_template_name_given_twice_is_refused() -> None:
    booked = TEMPLATES["appointment_booked"]
    with pytest.raises(ValueError, match="appointment_booked"):
        by_name([booked], [TEMPLATES["appointment_moved"], booked])

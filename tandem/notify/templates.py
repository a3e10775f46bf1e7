"""Every message Tandem sends, as plain text with named placeholders.

The words live here, in code, so they are reviewed like code: a test fails
the build if any template mentions something clinical (HAZ-008). An SMS,
an email subject or the outside of a letter can be seen by anyone who picks
up the phone or the post, so templates say *that* there is an appointment,
never what it is for. The sender is the team's name, or a neutral name when
the person has asked for discretion or the team's name itself says too much.

Placeholders are limited to ``ALLOWED_PLACEHOLDERS``; each template declares
which it accepts and which it needs. ``{service_name}`` is filled in by the
notify service, never by the caller. A line whose only content is an empty
placeholder (``how_to_join`` for a face-to-face appointment) is left out.

GOV.UK Notify holds one generic template per channel whose content is
``((subject))`` and ``((body))``; Tandem renders the text and sends it as
those two values, so Notify never needs its own copy of these words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The rules and the words, split out by what they do (issue 23) and named here
# too, so every caller keeps one place to import from.
from tandem.notify.template_rules import (
    ALLOWED_PLACEHOLDERS,
    ARRANGE_ANOTHER,
    CLINICAL_WORDS,
    HELLO,
    IGNORE_EMAIL,
    NOT_WATCHED,
    SERVICE_PLACEHOLDERS,
    URGENT,
    URGENT_NUMBER,
    Template,
    Words,
    clinical_words_in,
    in_active_language,
    placeholders_in,
)
from tandem.notify.wording import CARER_COPIES, CARER_NOTE, TEMPLATES

__all__ = [
    "ALLOWED_PLACEHOLDERS",
    "ARRANGE_ANOTHER",
    "CARER_COPIES",
    "CARER_NOTE",
    "CLINICAL_WORDS",
    "HELLO",
    "IGNORE_EMAIL",
    "NOT_WATCHED",
    "SERVICE_PLACEHOLDERS",
    "TEMPLATES",
    "URGENT",
    "URGENT_NUMBER",
    "Rendered",
    "Template",
    "TemplateError",
    "Words",
    "check_personalisation",
    "clinical_words_in",
    "placeholders_in",
    "render",
]


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


class TemplateError(ValueError):
    """A template name, placeholder or value the notify service refuses."""


_BLANK_LINES = re.compile(r"\n{3,}")


def _fill(text: str, values: dict[str, str]) -> str:
    lines = []
    for line in in_active_language(text).split("\n"):
        names = placeholders_in(line)
        if (
            names
            and line.strip() == "".join("{" + n + "}" for n in names)
            and not any(values.get(n) for n in names)
        ):
            continue  # a line that would only hold an empty placeholder
        lines.append(line.format_map(values))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def render(template: str, channel: str, values: dict[str, str]) -> Rendered:
    """The subject and body for one channel (``sms`` has no subject), in the
    active language (``translation.override`` around the call, ADR 0061)."""
    found = TEMPLATES.get(template)
    if found is None:
        raise TemplateError(f"Unknown template: {template!r}")
    filled = {name: "" for name in found.accepts} | values
    if channel == "sms":
        return Rendered(subject="", body=_fill(found.sms, filled))
    if channel == "email":
        return Rendered(
            subject=_fill(found.email_subject, filled), body=_fill(found.email_body, filled)
        )
    if channel == "letter":
        return Rendered(
            subject=_fill(found.letter_heading, filled), body=_fill(found.letter_body, filled)
        )
    raise TemplateError(f"Unknown channel: {channel!r}")


def check_personalisation(template: str, values: dict[str, str]) -> None:
    """Refuse unknown names, missing names and values that say something clinical."""
    found = TEMPLATES.get(template)
    if found is None:
        raise TemplateError(f"Unknown template: {template!r}")
    given = set(values)
    if extra := given - (found.accepts - SERVICE_PLACEHOLDERS):
        raise TemplateError(f"{template} does not take {', '.join(sorted(extra))}")
    if missing := (found.required - SERVICE_PLACEHOLDERS) - given:
        raise TemplateError(f"{template} needs {', '.join(sorted(missing))}")
    for name, value in values.items():
        if not isinstance(value, str) or len(value) > 500:
            raise TemplateError(f"{name} must be text of 500 characters or fewer")
        if words := clinical_words_in(value):
            # The caller is the code that builds the message, so this is a bug
            # there: fail loudly rather than send it.
            raise TemplateError(f"{name} contains words that must not be sent: {words}")

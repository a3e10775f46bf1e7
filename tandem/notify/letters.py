"""Letters printed by the service itself: one PDF holding a batch of letters,
each starting on a new page, in large print or easy read for people who need it.

Rendered with WeasyPrint from ``notify/letters.jinja``; the text comes from
``templates.py`` like every other message, so the same no-clinical-words rule
holds for what is printed on paper.

Each letter is written in its message's language (``Message.language``), its
own words included (the date, 'Yours sincerely'), and marked with that
language and its direction, so an Arabic letter prints right to left in a
batch of English ones. One batch is one HTML document, so those words are made
here, in the letter's language, rather than in the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.notify import formats, recipients
from tandem.notify.models import Message
from tandem.notify.templates import render
from tandem.translations.languages import ENGLISH, language
from tandem.web.pdf import html_to_pdf

CLOSING = N_("Yours sincerely,")
HELP_TO_READ = N_(
    "If you want help to read this letter, ask someone you trust or call your care team."
)
FROM = N_("From %(sender)s")

# Where one sentence ends and the next begins, for easy read's one idea a line:
# before a capital or a figure, or an Arabic letter (Arabic has no capitals).
SENTENCE_END = re.compile(r"(?<=[.!?\u061f])\s+(?=[A-Z0-9\u0600-\u06ff])")


@dataclass(frozen=True)
class Letter:
    address: list[str]
    sender: str
    date: str
    heading: str
    paragraphs: list[str]
    large_print: bool
    reference: str
    # Formats the person needs that this print is not (easy read, braille):
    # listed on the batch's first page so the letter is not posted as it is.
    formats_to_make: list[str]
    person_name: str
    # HTML printed after the letter, in the same envelope (a support pack).
    enclosure: str = ""
    # Printed in easy read (``notify/letter_easy.jinja``, ADR 0062).
    easy_read: bool = False
    language: str = ENGLISH
    # The letter's own words, in the language active when it is made.
    closing: str = field(default_factory=lambda: gettext(CLOSING))
    help_to_read: str = field(default_factory=lambda: gettext(HELP_TO_READ))

    @property
    def html_lang(self) -> str:
        return language(self.language).html_lang

    @property
    def direction(self) -> str:
        return language(self.language).direction

    @property
    def signed_from(self) -> str:
        with translation.override(self.language):
            return gettext(FROM) % {"sender": self.sender}

    @property
    def easy_lines(self) -> list[str]:
        """One sentence a line, as easy read sets them out."""
        return [
            sentence
            for paragraph in self.paragraphs
            for sentence in SENTENCE_END.split(paragraph)
            if sentence.strip()
        ]


def letter_for(message: Message) -> Letter:
    with translation.override(message.language):
        return _letter(message)


def _letter(message: Message) -> Letter:
    person = message.carer or message.service_user
    sender = recipients.sender_name(service_user=message.service_user, team=message.team)
    rendered = render(
        message.template, "letter", {**message.personalisation, "service_name": sender}
    )
    return Letter(
        address=recipients.letter_address(person) if person is not None else [],
        sender=sender,
        # Day and month names from Django's own translations.
        date=dateformat.format(timezone.localdate(), "j F Y"),
        heading=rendered.subject,
        paragraphs=[p.strip() for p in rendered.body.split("\n\n") if p.strip()],
        # The person's needs as they are now, not when the letter was queued.
        large_print=message.carer_id is None and recipients.large_print(message.service_user),
        reference=f"Ref {message.pk}",
        formats_to_make=(
            recipients.formats_to_make(message.service_user, made=formats.MADE_IN_THE_BATCH)
            if message.carer_id is None
            else []
        ),
        person_name=person.display_name if person is not None else "",
        enclosure=message.enclosure,
        easy_read=message.carer_id is None and recipients.easy_read(message.service_user),
        language=message.language,
    )


def render_batch(messages: list[Message]) -> tuple[bytes, int]:
    """The PDF and its page count."""
    return render_letters([letter_for(m) for m in messages])


def render_letters(batch: list[Letter]) -> tuple[bytes, int]:
    """The PDF and its page count; a first page lists letters needing another format."""
    html = render_to_string(
        "notify/letters.jinja",
        {"letters": batch, "to_make": [letter for letter in batch if letter.formats_to_make]},
    )
    return html_to_pdf(html, tagged=False)

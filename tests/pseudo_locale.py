"""A pseudo-locale: every string marked for translation comes back bracketed.

It is built from whatever is marked (the catalogue as the code holds it), not
from a file: a page rendered in it shows ⟦marked text⟧, and any words left
outside the brackets were never marked. Placeholders and markup inside a
string are kept as they are, so pages render exactly as they would in Welsh.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

from django.utils.translation import trans_real

from tandem.translations import languages

CODE = "en-xa"
OPEN, CLOSE = "⟦", "⟧"
CONTEXT_SEPARATOR = "\x04"


class PseudoTranslation(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        # pgettext asks for "context\x04message" and keeps the answer only if
        # the separator is gone, as a real catalogue's answer would be.
        return OPEN + message.rpartition(CONTEXT_SEPARATOR)[2] + CLOSE

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)

    def to_language(self) -> str:
        return CODE


@contextmanager
def pseudo_locale() -> Iterator[None]:
    """Make CODE a language a person can hold, reading PseudoTranslation."""
    trans_real._translations[CODE] = PseudoTranslation()  # type: ignore[attr-defined]
    languages.BY_CODE[CODE] = languages.Language(CODE, "Pseudo", "Pseudo")
    try:
        yield
    finally:
        del languages.BY_CODE[CODE]
        trans_real._translations.pop(CODE, None)  # type: ignore[attr-defined]


# Text a person reads that is not a text node: these attributes.
READ_ATTRIBUTES = {"aria-label", "alt", "title", "placeholder"}
NOT_READ = {"script", "style", "template", "title"}
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def kept_english(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """English on purpose inside a translated page (the way back to English on
    the language page), marked so with its own lang attribute."""
    return tag != "html" and any(n == "lang" and (v or "").startswith("en") for n, v in attrs)


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(skip for _, skip in self.open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        skip = tag in NOT_READ or kept_english(tag, attrs)
        if tag not in VOID:
            self.open.append((tag, skip))
        if not skip and not self.skipping:
            self.texts.extend(v for n, v in attrs if n in READ_ATTRIBUTES and v)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.texts.append(data)


def unmarked_text(html: str, data: set[str]) -> list[str]:
    """Words on the page outside any ⟦…⟧, less the data shown on it (names,
    dates, numbers): what was never marked for translation."""
    parser = VisibleText()
    parser.feed(html)
    # One string, one piece of text a line: a marked string that holds markup
    # (a link in a sentence) spans several pieces, and its brackets still pair.
    text = "\n".join(" ".join(piece.split()) for piece in parser.texts)
    # Marked strings may hold marked strings (a placeholder filled with a
    # translated word): take out the innermost first until none is left.
    while MARKED.search(text):
        text = MARKED.sub(" ", text)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return [" ".join(line.split()) for line in text.split("\n") if re.search(r"[A-Za-z]{2,}", line)]

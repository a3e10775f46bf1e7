"""The languages Tandem's pages and messages come in, and which one a person reads.

Only service users and carers read Tandem in another language: staff pages
stay English (a clinician reads a record in the language it was written in,
and one language on staff pages keeps handovers unambiguous). A person who is
both staff and a service user reads English, so a staff page is never half
translated (ADR 0061).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation.trans_real import parse_accept_lang_header

from tandem.people.models import User
from tandem.people.roles import STAFF_ROLES, Role, roles_of

ENGLISH = "en-gb"


@dataclass(frozen=True)
class Language:
    code: str
    # In English, for staff and for anyone who cannot read the language itself.
    english_name: str
    # In the language itself, so a person who cannot read English can find it.
    own_name: str
    right_to_left: bool = False

    @property
    def direction(self) -> str:
        return "rtl" if self.right_to_left else "ltr"

    @property
    def html_lang(self) -> str:
        # BCP 47 as <html lang> writes it: en-GB, cy, ar.
        head, _, tail = self.code.partition("-")
        return f"{head}-{tail.upper()}" if tail else head


SHIPPED: tuple[Language, ...] = (
    Language(ENGLISH, "English", "English"),
    Language("cy", "Welsh", "Cymraeg"),
    Language("ar", "Arabic", "العربية", right_to_left=True),
)
BY_CODE = {language.code: language for language in SHIPPED}

# The words staff write in a person's recorded first language (a free-text
# field), matched without case. Only languages Tandem ships are here: a person
# whose first language Tandem does not ship reads English until they choose.
FIRST_LANGUAGE_WORDS = {
    "english": ENGLISH,
    "welsh": "cy",
    "cymraeg": "cy",
    "arabic": "ar",
    "العربية": "ar",
}


def language(code: str) -> Language:
    """The shipped language with this code; English for anything else."""
    return BY_CODE.get(code, BY_CODE[ENGLISH])


def from_first_language(first_language: str) -> str:
    return FIRST_LANGUAGE_WORDS.get(first_language.strip().lower(), ENGLISH)


def reads_translated_pages(user: User) -> bool:
    roles = roles_of(user)
    return bool(roles & {Role.SERVICE_USER, Role.CARER}) and not roles & STAFF_ROLES


def language_for(user: User | None) -> str:
    """The language this person's pages and messages are in.

    Their own choice if they made one; otherwise their recorded first language
    where Tandem ships it; otherwise English. Costs no query on a page: the
    roles and the service-user row are read (and cached) for every page anyway.
    """
    if user is None or not user.is_authenticated or not reads_translated_pages(user):
        return ENGLISH
    if user.language in BY_CODE:
        return user.language
    person = getattr(user, "service_user", None)
    if person is not None:
        return from_first_language(person.first_language)
    return ENGLISH


def signed_out_language(*, chosen: str, accept_language: str) -> str:
    """The language of a page read by someone not signed in (ADR 0073).

    What they chose on this browser (the language cookie) first; otherwise the
    first language their browser asks for that Tandem ships; otherwise English.
    Once they sign in, their account decides instead (`language_for`)."""
    if chosen in BY_CODE:
        return chosen
    for asked, _quality in parse_accept_lang_header(accept_language[:500]):
        asked = asked.lower()
        if asked == "*":
            break
        if asked in BY_CODE:
            return asked
        # "cy-GB" is Welsh and "ar-EG" Arabic; any English is British English.
        primary = asked.partition("-")[0]
        match = next((code for code in BY_CODE if code.partition("-")[0] == primary), None)
        if match is not None:
            return match
    return ENGLISH


def choices() -> list[tuple[str, str]]:
    """For the language page: each language's own name, then its English name,
    so it can be found whichever of the two the person reads."""
    return [
        (
            lang.code,
            lang.own_name
            if lang.own_name == lang.english_name
            else f"{lang.own_name} ({lang.english_name})",
        )
        for lang in SHIPPED
    ]

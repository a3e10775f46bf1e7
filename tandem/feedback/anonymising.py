"""Taking what names the writer out of free text before it is kept (HAZ-236).

Managers read the 'why' of every answer, named or not, so the writer's own
names, email addresses and runs of digits (phone numbers, NHS numbers, dates
of birth written as numbers) are replaced before saving. Staff names are left:
'Priya listened to me' is feedback about the service, not about the writer.
This is a net, not a guarantee; the page asking for feedback says so, and the
hazard log keeps the rest.
"""

from __future__ import annotations

import re

from tandem.people.models import ServiceUser

REMOVED = "[removed]"
EMAIL = re.compile(r"\S+@\S+")
# Six or more digits, allowing the spaces and dashes people type in numbers.
DIGITS = re.compile(r"\+?\d(?:[\s-]?\d){5,}")


def names_of(person: ServiceUser) -> list[str]:
    names = {person.given_name, person.family_name, person.preferred_name or ""}
    # Names of two letters or fewer are left: as whole words they are too often
    # something else ('Al', 'Jo').
    return sorted((n.strip() for n in names if len(n.strip()) > 2), key=len, reverse=True)


def anonymised(text: str, *, names: list[str]) -> str:
    text = EMAIL.sub(REMOVED, text)
    text = DIGITS.sub(REMOVED, text)
    for name in names:
        text = re.sub(rf"\b{re.escape(name)}\b", REMOVED, text, flags=re.IGNORECASE)
    return text

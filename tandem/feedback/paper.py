"""The paper feedback form: who gets one, the reference printed on it, and a
team member typing in one that was posted back (HAZ-239, HAZ-276, HAZ-277).

A person with no email or text agreed, or whose digital access check says they
have nothing that opens a link, is sent the form in the letters batch rather
than left out. The form carries a short random reference: staff find the
request by it, so a form is entered once, for the right contact, with the same
checks as an answer given online (``answering.save``).
"""

from __future__ import annotations

import secrets

from django.db import transaction

from tandem.feedback import answering
from tandem.feedback.models import FeedbackRequest
from tandem.notify.models import MessageChannel
from tandem.people.models import ServiceUser, User
from tandem.preferences.models import Connection, Device, DigitalAccessCheck

# No vowels or Y, so a reference never spells a word, and no H, so never 'CMHT'
# (a value with a clinical word is refused by notify); nothing easily misread
# (0/O, 1/I/L). 8 of 26 characters: a typo almost never hits another form.
ALPHABET = "BCDFGJKMNPQRSTVWXZ23456789"
LENGTH = 8
LINK_DEVICES = frozenset({Device.SMARTPHONE, Device.TABLET, Device.COMPUTER})


class AlreadyAnswered(Exception):
    """Answered already, online or from paper: nothing more is saved."""


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(reference: str) -> str:
    """As printed: two groups of four, easier to read out and type."""
    return f"{reference[:4]}-{reference[4:]}"


def normalised(typed: str) -> str:
    """What staff typed, without spaces or dashes, in capitals."""
    return "".join(c for c in typed.upper() if c.isalnum())


def cannot_open_links(person: ServiceUser) -> bool:
    """Whether the person's current digital access check says a link would not
    reach them: no smartphone, tablet or computer, or no internet at home and
    no smartphone to use mobile data."""
    check = DigitalAccessCheck.objects.filter(service_user=person, is_current=True).first()
    if check is None:
        return False
    devices = set(check.devices)
    if not devices & LINK_DEVICES:
        return True
    return check.connection == Connection.NONE and Device.SMARTPHONE not in devices


def needs_paper(person: ServiceUser, *, channels: list[str]) -> bool:
    """Whether to post the paper form rather than send a link: no email or text
    agreed (phone calls only, letters only, or nothing recorded), or digital
    exclusion recorded."""
    by_link = {MessageChannel.EMAIL, MessageChannel.SMS}
    return not by_link.intersection(channels) or cannot_open_links(person)


@transaction.atomic
def enter(*, actor: User, request: FeedbackRequest, given: answering.Given) -> answering.Saved:
    """A team member types in a returned paper form: once, as ticked on paper.

    The caller found ``request`` through ``selectors.paper_form_for``, so it is
    one of ``actor``'s teams'. A form is taken late (post is slow), but never
    after it was answered, online or from paper."""
    locked = (
        FeedbackRequest.objects.select_for_update()
        .select_related("service_user", "team")
        .get(pk=request.pk)
    )
    if locked.used_on is not None:
        raise AlreadyAnswered
    return answering.save(locked=locked, given=given, entered_by=actor)

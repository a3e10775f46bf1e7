"""Easy read: the key service-user pages in a second version the person can
choose (ADR 0062).

The same view, the same data and the same access checks; only the template
differs, ``name_easy.jinja`` beside ``name.jinja``, so marking the standard
pages for translation never collides with the easy-read ones. Whether a
signed-in person reads easy read is kept in their preferences, which sit above
the core: ``tandem.preferences`` registers how to tell here in its
AppConfig.ready(), as feature apps do for the help page (``help_sections``).

Anyone else (a carer, someone not signed in) can read the easy-read 'Need help
now?' page through ``?read=easy`` on its address: nothing is kept for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.people.crisis import crisis_contacts_for
from tandem.people.models import User
from tandem.people.roles import Role

# The signed-in service user's choice (their recorded need if they made none).
Chooser = Callable[[User], bool]

_chooser: list[Chooser] = []

ASK = "read"  # ?read=easy or ?read=standard, for anyone not keeping a choice


def register(chooser: Chooser) -> None:
    _chooser[:] = [chooser]


@dataclass(frozen=True)
class Reading:
    """What a page needs to show the switch between the two versions."""

    easy: bool
    # A signed-in service user keeps the choice (a POST to ``keep_at``);
    # anyone else follows a link to ``link``.
    keep_at: str = ""
    link: str = ""
    back_to: str = ""

    @property
    def switch_words(self) -> str:
        return _("Standard version") if self.easy else _("Easy read")


def _keeps_a_choice(request: HttpRequest) -> User | None:
    user = request.user
    if isinstance(user, User) and Role.SERVICE_USER in user.roles:
        return user
    return None


def reading_for(request: HttpRequest) -> Reading:
    user = _keeps_a_choice(request)
    if user is not None and _chooser:
        return Reading(
            easy=_chooser[0](user),
            keep_at=reverse("preferences:reading"),
            back_to=request.get_full_path(),
        )
    easy = request.GET.get(ASK) == "easy"
    return Reading(easy=easy, link=f"{request.path}?{ASK}={'standard' if easy else 'easy'}")


def easy_name(template: str) -> str:
    """``people/home.jinja`` -> ``people/home_easy.jinja``."""
    stem, dot, ext = template.rpartition(".")
    return f"{stem}_easy{dot}{ext}"


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], **kwargs: Any
) -> HttpResponse:
    """Render ``template``, or its easy-read version for a person who reads easy read."""
    reading = reading_for(request)
    if not reading.easy:
        return render(request, template, {**context, "reading": reading}, **kwargs)
    # Every easy-read page opens with the crisis numbers themselves, not only
    # the link to them (HAZ-348).
    user = request.user if isinstance(request.user, User) else None
    help_contacts = context.get("contacts") or crisis_contacts_for(user)
    return render(
        request,
        easy_name(template),
        {**context, "reading": reading, "help_contacts": help_contacts},
        **kwargs,
    )

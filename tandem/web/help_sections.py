"""What feature apps add to the public 'Need help now?' page.

The page belongs to the core (anyone can reach it, signed in or not), but what
comes after the crisis numbers, such as the person's own safety plan, belongs to
feature apps above the core. Rather than the core importing them, each app
registers a function here in its AppConfig.ready(); the page calls every one
with the signed-in user (or None) and adds what it returns to its context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tandem.people.models import User

HelpSection = Callable[[User | None], dict[str, Any]]

_sections: list[HelpSection] = []


def register(section: HelpSection) -> HelpSection:
    """Add ``section`` to the page; registering the same function twice adds it once,
    as ready() may run more than once in tests."""
    if section not in _sections:
        _sections.append(section)
    return section


def context_for(user: User | None) -> dict[str, Any]:
    """Everything the registered sections add, in the order they registered."""
    context: dict[str, Any] = {}
    for section in _sections:
        context.update(section(user))
    return context

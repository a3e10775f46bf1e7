"""Parts of the people pages that other apps fill in: a small registry, the
seam that keeps the core from importing feature apps (ADR 0025).

A feature app adds a contributor for a page in its ``AppConfig.ready()``; the
page's view (``tandem.home.views``) asks for the context of every contributor
after it has fetched the record through the access module, and the page's
template shows what they return. A contributor takes the signed-in user and
the page's own keyword arguments and returns template context; it reads only
through its own app's selectors, so what a user may see is decided as before.

Pages and what they pass:

- ``person`` (a person's page for staff): ``person``, the ``ServiceUser``, and
  ``treats``, whether the user may change the record (the
  ``people.change_serviceuser`` rule: a clinician or manager in one of the
  person's teams), asked once by the page. A contributor whose own rule is
  that one takes the answer rather than asking again (issue 18).
- ``caseload`` (the staff caseload): nothing more.
- ``carer_person`` (what a carer sees of a person): ``link``, the carer's
  standing ``CarerLink``.
- ``service_user_home`` and ``carer_home`` (their own home pages): nothing more.
- ``manager_home`` (a manager's team overview): nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tandem.people.models import User

Contributor = Callable[..., dict[str, Any]]
PAGES = ("person", "caseload", "carer_person", "service_user_home", "carer_home", "manager_home")
_contributors: dict[str, list[Contributor]] = {page: [] for page in PAGES}


def add(page: str, contributor: Contributor) -> None:
    """Register ``contributor`` for ``page`` (once, however often ready() runs)."""
    if page not in _contributors:
        raise ValueError(f"No people page called {page!r}: one of {', '.join(PAGES)}")
    if contributor not in _contributors[page]:
        _contributors[page].append(contributor)


def context_for(page: str, user: User, **kwargs: Any) -> dict[str, Any]:
    """Every contributor's context for ``page``, merged in registration order."""
    merged: dict[str, Any] = {}
    for contributor in _contributors[page]:
        merged.update(contributor(user, **kwargs))
    return merged

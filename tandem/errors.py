"""The exceptions every app's services raise, defined once (issue 23).

`InvalidInput` is what a service raises when what it was asked to do cannot be
done with what it was given: input the form should have refused, or a change
that no longer fits (someone got there first). Views turn it into a message on
the form (`tandem.web.forms.submit_form` does this for a form page); nothing
has been saved when it is raised, because services check before they write
and run in one transaction.

Refusals for who may do something are `django.core.exceptions.PermissionDenied`,
and every one of them reaches the person as the single "Page not found"
(ADR 0005, ADR 0024): missing, not yours and not allowed look the same.
"""

from __future__ import annotations

from typing import TypeVar

from django.http import Http404

T = TypeVar("T")

# The one message for missing, not yours and not allowed. Defined here, below
# every app, so the lowest layers can raise it too; `tandem.access.records`
# re-exports it for the apps' selectors.
NOT_FOUND = "Page not found"


def found_or_404(value: T | None) -> T:
    """``value``, or the single 404 when there is none: what a lookup that may
    come back empty (``.first()``, a scoped query) gives a view or selector."""
    if value is None:
        raise Http404(NOT_FOUND)
    return value


class InvalidInput(ValueError):
    """Input a service cannot act on; ``field`` names the form field it is about,
    when there is one, so the message can sit next to it."""

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

"""What the carers pages share: a change to a link that someone else withdrew
while the page was open is answered as if the link were gone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import Http404

from tandem.access.records import NOT_FOUND
from tandem.errors import InvalidInput

T = TypeVar("T")


def while_linked(change: Callable[[], T]) -> T:
    """Run ``change``; the one way it can be refused after the form was valid is
    that the link was withdrawn meanwhile, and then the link is not there: 404."""
    try:
        return change()
    except InvalidInput as error:
        raise Http404(NOT_FOUND) from error

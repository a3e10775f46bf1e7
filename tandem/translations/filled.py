"""A marked string with its placeholders filled, translated only when read.

Form labels and hints are made once, when the module loads, before anyone's
language is known; ``gettext_lazy("… %(count)s …") % values`` would translate
there and then, into English. ``filled`` waits until the page is drawn.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import Promise, lazy


def _fill(message: str | Promise, values: dict[str, Any]) -> str:
    return str(message) % values


_lazy_fill = lazy(_fill, str)


def filled(message: str | Promise, **values: Any) -> Any:
    """``message`` (a gettext_lazy string) with ``values`` in its placeholders,
    in the language active when it is read."""
    return _lazy_fill(message, values)


def english(text: str | Promise) -> str:
    """``text`` in English, whatever language this request reads: for wording
    built into other wording once, when a module loads (which may happen during
    a Welsh reader's request), and shared by everyone after."""
    with translation.override(None):
        return str(text)

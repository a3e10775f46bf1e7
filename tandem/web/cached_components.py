"""Design-system components whose markup depends on nothing but their params,
rendered once per process for each set of params (issue 18, ADR 0087).

The pagination macro costs about 3 ms of Python a call (its nested icon,
attribute and indent macros): about a fifteenth of a caseload page's CPU for
two links. Its markup is a function of the params alone (it reads no request,
person, time or page context), so the same params always give the same markup.
The params are the whole of the cache key, with their types (a ``Markup``
label and the same text as a plain string render differently), and so is the
page's language. Params holding anything but text, numbers, mappings and 'not
given' are rendered each time, not kept. The templates change only with a
deployment, which restarts the processes.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from django.utils import translation
from jinja2 import Environment, Undefined
from markupsafe import Markup

# A key per distinct set of params (pages of a list and their filters): bounded,
# since a page number in an address is anyone's to choose.
KEPT = 2048


class _NotKept(Exception):
    """Params holding something other than text, numbers, mappings and 'not given'."""


def _key(value: Any) -> Hashable:
    if isinstance(value, Undefined):
        return ("undefined",)
    if value is None or isinstance(value, (bool, int, str)):
        return (type(value), value)
    if isinstance(value, Mapping):
        return (Mapping, tuple(sorted((str(k), _key(v)) for k, v in value.items())))
    raise _NotKept


class KeptMacro:
    """``name`` from ``template``, called with one params mapping; its markup
    kept per process for each params and language."""

    def __init__(self, env: Environment, template: str, name: str) -> None:
        self.env, self.template, self.name = env, template, name
        self.kept: dict[Hashable, Markup] = {}

    def _render(self, params: Any) -> Markup:
        macro = getattr(self.env.get_template(self.template).module, self.name)
        return Markup(macro(params))  # noqa: S704 - the design system's markup

    def __call__(self, params: Any) -> Markup:
        try:
            key = (translation.get_language() or "", _key(params))
        except _NotKept:
            return self._render(params)
        found = self.kept.get(key)
        if found is None:
            found = self._render(params)
            if len(self.kept) >= KEPT:
                self.kept.clear()  # start again rather than grow without end
            self.kept[key] = found
        return found


# The params that give the pagination macro a link: both ways the design
# system's macro takes them.
LINKS = ("previous", "next", "previousUrl", "nextUrl")


class KeptPagination(KeptMacro):
    """The pagination macro, kept as ``KeptMacro`` keeps it; nothing at all
    for a list that fits on one page."""

    def __call__(self, params: Any) -> Markup:
        # Given neither link, the macro still draws a 'Pagination' navigation
        # landmark around an empty list, which a screen reader announces with
        # nothing in it.
        if isinstance(params, Mapping) and not any(params.get(key) for key in LINKS):
            return Markup("")
        return super().__call__(params)

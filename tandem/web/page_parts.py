"""The skip link, header and footer every page shares, rendered once per process
for each set of things they depend on, instead of through the design system's
macros on every page view (issue 18: about a fifth of a simple page's CPU).

What each part depends on is the whole of its cache key: the language the page
is in and, for the header, the roles, menu and current menu item. The two
things in the header that are the person's own (their name, and the sign-out
form's CSRF field, new on every page) are rendered as stand-ins and put in
afterwards, escaped as the template would have escaped them, so the cache holds
nothing about any one person and one person's header cannot reach another
(HAZ-186). The templates change only with a deployment, which restarts the
processes; the menu's words are in the key, so a change of role shows at once.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from markupsafe import Markup, escape

from tandem.people.roles import Role
from tandem.web.context import NavItem, Viewer

# Characters no name or CSRF field holds (markupsafe leaves them alone).
NAME_STAND_IN = "\x00viewer-name\x00"
CSRF_STAND_IN = Markup("\x00csrf-field\x00")


def shared_skip_link() -> Markup:
    return _skip_link_in(translation.get_language() or "")


def shared_footer(viewer: Viewer, *, come_back_to: str = "") -> Markup:
    """The footer; its language link brings a signed-out reader back to
    ``come_back_to`` (ADR 0073). That address is the request's own, so such a
    footer is rendered each time, not kept: a key per address would let anyone
    grow the cache without end, and signed-out pages are not the busy ones."""
    shows_language = viewer.reads_translated_pages or not viewer.signed_in
    if come_back_to:
        href = reverse("account:language") + "?" + urlencode({"next": come_back_to})
        return _render_footer(shows_language=shows_language, language_href=href)
    return _footer_in(translation.get_language() or "", shows_language)


def shared_header(viewer: Viewer, path: object, csrf_input: object) -> Markup:
    """The header for this viewer on the page at ``path``. The sign-out form's
    CSRF field and the person's name are put into the shared rendering."""
    current = path if isinstance(path, str) and any(i.href == path for i in viewer.nav) else ""
    name = viewer.name
    if not _fits_stand_in(name):
        # The macro trims and indents the name's line; a name that either would
        # change is rendered as it is, not cached.
        return _render_header(viewer, current, csrf_input)
    shared = _header_in(
        translation.get_language() or "",
        signed_in=viewer.signed_in,
        role=viewer.role,
        roles=viewer.roles,
        nav=tuple(viewer.nav),
        current=current,
    )
    return Markup(  # noqa: S704 - both put in escaped, as the template would
        shared.replace(NAME_STAND_IN, str(escape(name))).replace(CSRF_STAND_IN, str(csrf_input))
    )


def _fits_stand_in(name: str) -> bool:
    return name == name.strip() and name.isprintable()


@functools.cache
def _skip_link_in(language: str) -> Markup:
    # ``language`` is the active one; it is the cache's key, not read here.
    return Markup(render_to_string("web/_skip_link.jinja"))  # noqa: S704 - our template


@functools.cache
def _footer_in(language: str, shows_language: bool) -> Markup:
    # ``language`` is the active one; it is the cache's key, not read here.
    return _render_footer(shows_language=shows_language, language_href=reverse("account:language"))


def _render_footer(*, shows_language: bool, language_href: str) -> Markup:
    return Markup(  # noqa: S704 - our template
        render_to_string(
            "web/_footer.jinja",
            {"shows_language": shows_language, "language_href": language_href},
        )
    )


# Bounded: a key per language, set of roles and page of the menu (a few hundred).
@functools.lru_cache(maxsize=512)
def _header_in(
    language: str,
    *,
    signed_in: bool,
    role: Role | None,
    roles: frozenset[Role],
    nav: tuple[NavItem, ...],
    current: str,
) -> str:
    viewer = Viewer(
        signed_in=signed_in,
        name=NAME_STAND_IN if signed_in else "",
        role=role,
        roles=roles,
        nav=list(nav),
    )
    return str(_render_header(viewer, current, CSRF_STAND_IN))


def _render_header(viewer: Viewer, current: str, csrf_input: object) -> Markup:
    return Markup(  # noqa: S704 - our template
        render_to_string(
            "web/_header.jinja",
            {"viewer": viewer, "current_path": current, "csrf_input": csrf_input},
        )
    )

"""The Jinja2 environment: Tandem's templates first, then the NHS design
system's macros from nhsuk-frontend-jinja."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    PackageLoader,
    Undefined,
    meta,
)
from jinja2.runtime import Context
from jinja2.utils import missing
from markupsafe import Markup

from tandem.people.validators import format_nhs_number, format_phone
from tandem.translations import languages
from tandem.translations import queries as translations
from tandem.web.cached_components import KeptPagination
from tandem.web.dates import (
    clock,
    day,
    day_and_clock,
    day_month,
    short_day,
    span,
    week_of,
    weekday,
    when,
)
from tandem.web.forms import nhs, widget_kind
from tandem.web.page_parts import shared_footer, shared_header, shared_skip_link


def url(name: str, *args: Any, **kwargs: Any) -> str:
    values = (*args, *kwargs.values())
    if all(type(value) in (int, str) for value in values):
        return _reversed(
            name,
            args,
            tuple(sorted(kwargs.items())),
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,
        )
    return reverse(name, args=args or None, kwargs=kwargs or None)


# A page of fifty people links to each: reversing an address costs tens of
# microseconds, and the same name and arguments (numbers and words only) give
# the same address under the same URLconf and prefix, which are part of the
# key; URLconfs change only with a deployment (issue 18).
@functools.lru_cache(maxsize=4096)
def _reversed(
    name: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    prefix: str,
    urlconf: str,
) -> str:
    del prefix  # the key only: reverse reads the thread's prefix itself
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


def html(template: str, /, *args: Any, **kwargs: Any) -> Markup:
    """A snippet of HTML for a macro's `html` param, built the one safe way.

    `template` is markup written in a template (never text a person typed);
    every value put into its `{}` fields is escaped, and the result is Markup
    so it is not escaped again. Joining strings with `~` cannot do this: once
    one part is Markup (an `|e` value, a `csrf_input`), Jinja escapes every
    other part too, tags included, and the page shows `<a href=...>` as text.
    """
    return Markup(template).format(*args, **kwargs)  # noqa: S704 - see the docstring


def page_language() -> languages.Language:
    """The language this page is rendered in, for <html lang> and dir."""
    return languages.language(translation.get_language() or languages.ENGLISH)


def translation_unreviewed() -> bool:
    """Whether this page's translation still needs a fluent speaker's review
    (one query, on translated pages only)."""
    code = page_language().code
    return code != languages.ENGLISH and translations.needs_review(code)


def password_words() -> dict[str, str]:
    """The password input's own words (its show and hide button and what a
    screen reader hears), in the page's language: the design system's
    defaults are English."""
    gettext = translation.gettext
    return {
        "showPasswordText": gettext("Show"),
        "hidePasswordText": gettext("Hide"),
        "showPasswordAriaLabelText": gettext("Show password"),
        "hidePasswordAriaLabelText": gettext("Hide password"),
        "passwordShownAnnouncementText": gettext("Your password is visible"),
        "passwordHiddenAnnouncementText": gettext("Your password is hidden"),
    }


def link(href: str, text: Any) -> Markup:
    """`<a href="...">text</a>` with the address and the text escaped."""
    return html('<a href="{}">{}</a>', href, text)


class TestingUndefined(ChainableUndefined):
    """In tests, a name that nothing defines fails the render instead of
    printing as nothing, and so does an attribute a model or object does not
    have (a misspelt field). Missing keys of a dict stay quiet: the design
    system's macros read optional params that way (`params.classes`), as do
    their `caller` and unpassed arguments, which Jinja creates with a hint."""

    __slots__ = ()

    def _strict(self) -> bool:
        if self._undefined_hint is not None:
            return False
        obj = self._undefined_obj
        return obj is missing or not isinstance(obj, (Mapping, Undefined))

    def _check(self) -> None:
        if self._strict():
            self._fail_with_undefined_error()

    def __getattr__(self, name: str) -> Any:
        if name[:2] != "__":
            self._check()
        return super().__getattr__(name)

    def __getitem__(self, name: str) -> Any:
        self._check()
        return super().__getitem__(name)

    def __str__(self) -> str:
        self._check()
        return super().__str__()

    def __html__(self) -> str:
        return str(self)

    def __iter__(self) -> Any:
        self._check()
        return super().__iter__()

    def __bool__(self) -> bool:
        self._check()
        return super().__bool__()

    def __len__(self) -> int:
        self._check()
        return super().__len__()

    def __eq__(self, other: object) -> bool:
        self._check()
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        self._check()
        return super().__ne__(other)

    def __hash__(self) -> int:
        return id(type(self))

    def __contains__(self, item: object) -> bool:
        self._check()
        return False


# The design system's own templates read optional names that no one passes
# (`htmlClasses`, an `errorId` set only when there is an error): those stay
# quiet in tests; only Tandem's templates are held to TestingUndefined.
DESIGN_SYSTEM = "nhsuk/"


class TestingContext(Context):
    def resolve_or_missing(self, key: str) -> Any:
        found = super().resolve_or_missing(key)
        if found is missing and (self.name or "").startswith(DESIGN_SYSTEM):
            return ChainableUndefined(name=key)
        return found


def page_template_options(env: Environment) -> dict[str, Undefined]:
    """The design system's page template reads its options as names in the
    page's own context (Tandem's `web/base.jinja` extends it), so they are
    made known as 'not given'."""
    source, _, _ = env.loader.get_source(env, DESIGN_SYSTEM + "template.jinja")  # type: ignore[union-attr]
    names = meta.find_undeclared_variables(env.parse(source))
    return {name: ChainableUndefined(name=name) for name in names - set(env.globals)}


def environment(**options: Any) -> Environment:
    loader = options.pop("loader")
    options["undefined"] = TestingUndefined if settings.TESTING else ChainableUndefined
    options.pop("autoescape", None)
    # Every compiled template is kept for the life of the process. Jinja's default
    # keeps 400, and Tandem and the design system have about that many: past it, a
    # busy process would compile templates again and again (issue 18). Templates
    # are not re-read from disk outside DEBUG (Django sets auto_reload so).
    options.setdefault("cache_size", -1)
    env = Environment(
        autoescape=True,
        loader=ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")]),
        extensions=["jinja2.ext.do", "jinja2.ext.i18n"],
        **options,
    )
    # `_()`, `{% trans %}` and friends go through Django's gettext, so a template
    # and a view read one catalogue in the language the middleware activated.
    # New-style: `_("Hello %(name)s", name=x)` escapes `x`, and an untranslated
    # string falls back to its English source (ADR 0061).
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=translation.gettext,
        ngettext=translation.ngettext,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
        newstyle=True,
    )
    env.globals.update(
        url=url,
        html=html,
        link=link,
        static=static,
        get_messages=get_messages,
        page_language=page_language,
        translation_unreviewed=translation_unreviewed,
        service_name=settings.TANDEM_SERVICE_NAME,
        nhs=nhs,
        password_words=password_words,
        widget_kind=widget_kind,
        # The parts every page shares, rendered once per process (issue 18).
        shared_skip_link=shared_skip_link,
        shared_header=shared_header,
        shared_footer=shared_footer,
        # The design system's macros (and a few of ours) pass `undefined` on
        # purpose to mean 'not given'; it is never a missing name.
        undefined=ChainableUndefined(name="undefined"),
        # Markup that depends only on its params, kept per process (ADR 0087).
        pagination=KeptPagination(env, "nhsuk/components/pagination/macro.jinja", "pagination"),
    )
    env.filters.update(nhs_number=format_nhs_number, phone=format_phone, when=when, day=day)
    env.filters["short_day"] = short_day
    # A label marked where it is defined (N_, such as a choice's), read in the
    # page's language and escaped like any value: `kind.label | translated`.
    env.filters["translated"] = lambda text: translation.gettext(str(text))
    env.filters["week_of"] = week_of
    env.filters.update(clock=clock, weekday=weekday, day_month=day_month)
    # A session's start and end, e.g. on the group pages: `starts|span(ends)`.
    env.filters.update(span=span, day_and_clock=day_and_clock)
    if settings.TESTING:
        env.context_class = TestingContext
        env.globals.update(page_template_options(env))
    return env

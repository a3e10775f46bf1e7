"""The Jinja2 environment: Tandem's templates first, then the NHS design
system's macros from nhsuk-frontend-jinja."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from tandem.people.validators import format_nhs_number, format_phone
from tandem.web.dates import day, week_of, when
from tandem.web.forms import nhs, widget_kind


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    loader = options.pop("loader")
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)
    env = Environment(
        autoescape=True,
        loader=ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")]),
        extensions=["jinja2.ext.do"],
        **options,
    )
    env.globals.update(
        url=url,
        static=static,
        get_messages=get_messages,
        service_name=settings.TANDEM_SERVICE_NAME,
        nhs=nhs,
        widget_kind=widget_kind,
    )
    env.filters.update(nhs_number=format_nhs_number, phone=format_phone, when=when, day=day)
    env.filters["week_of"] = week_of
    return env

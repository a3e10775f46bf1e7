"""The service user's own safety plan: reading it, changing it, its history and
the one-page PDF. One step from every page (the header link). The views
themselves are every plan's (``tandem.web.versioned_pages``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from tandem.safety import pages
from tandem.web import versioned_pages


def links() -> versioned_pages.Links:
    return pages.PLAN_PAGES.person_links()


_views = versioned_pages.person_views(
    pages.PLAN_PAGES, links=links, change_title=gettext_lazy("Write your safety plan")
)
mine = _views.plan
change = _views.change
history = _views.history
pdf = _views.pdf

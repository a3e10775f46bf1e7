"""A carer reading the care plan of someone who chose to share it with them.

Read-only. The link and its 'see the care plan' scope are checked on every
request, and every read is recorded where the person can see it. The views
themselves are every plan's (``tandem.web.versioned_pages``).
"""

from __future__ import annotations

from tandem.careplans import pages
from tandem.web import versioned_pages

_views = versioned_pages.carer_views(pages.PLAN_PAGES, namespace="careplans")
plan = _views.plan
pdf = _views.pdf

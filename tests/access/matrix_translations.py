"""Access matrix for translations (issue 27): only service administrators see
coverage and record a fluent speaker's review."""

from __future__ import annotations

from tests.access.matrix_rules import Rule, only

MATRIX: dict[str, Rule] = {
    "translations:index": Rule(allowed=only(("admin",))),
    "translations:sign-off": Rule(allowed=only(("admin",)), kwargs=lambda p: {"code": "cy"}),
}
OTHER_OBJECT: dict[str, Rule] = {
    # A language Tandem does not translate is a page that does not exist.
    "translations:sign-off#english": Rule(allowed={}, kwargs=lambda p: {"code": "en-gb"}),
}

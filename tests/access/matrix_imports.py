"""Access matrix for bringing in a caseload: the service administrator only."""

from __future__ import annotations

from tests.access.matrix_rules import Rule, only

MATRIX: dict[str, Rule] = {
    "imports:upload": Rule(allowed=only(("admin",))),
}
OTHER_OBJECT: dict[str, Rule] = {}

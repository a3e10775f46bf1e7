"""Access matrix for equity and service insights: team managers only.

The report is built from clinical records, so clinicians, service users,
carers and the service admin (who sees no records by that role) get the same
404 as a missing page. A manager asking for a team they do not manage also
gets a 404 (tandem/insights/tests/test_views.py).
"""

from __future__ import annotations

from tests.access.matrix_rules import Rule, only

MANAGER = only(("manager",))

MATRIX: dict[str, Rule] = {
    "insights:overview": Rule(allowed=MANAGER),
    "insights:pdf": Rule(allowed=MANAGER),
    "insights:csv": Rule(allowed=MANAGER, kwargs=lambda p: {"table": "contacts"}),  # type: ignore[arg-type,return-value]
}

OTHER_OBJECT: dict[str, Rule] = {}

"""Access matrix for the operations URLs (issue 22, ADR 0045).

/readyz/ is open like /healthz/ (it says only which check failed; the test
database has no worker heartbeat, so it answers 503). /metrics is for the
scraper alone: with no token or address configured, everyone gets the 404 a
missing page gets (tandem/operations/tests/test_signals.py checks the token).
The retention periods page is for the service administrator alone.
"""

from __future__ import annotations

from tests.access.matrix_rules import Rule, only

MATRIX: dict[str, Rule] = {
    "operations:readyz": Rule(allowed={}, default=503, anonymous=503),
    "operations:metrics": Rule(allowed={}, default=404, anonymous=404),
    # The service administrator's retention periods (ADR 0057).
    "operations:retention": Rule(allowed=only(("admin",))),
}
OTHER_OBJECT: dict[str, Rule] = {}

"""Access matrix for the operations URLs (issue 22, ADR 0045).

/readyz/ is open like /healthz/ (it says only which check failed; the test
database has no worker heartbeat, so it answers 503). /metrics is for the
scraper alone: with no token or address configured, everyone gets the 404 a
missing page gets (tandem/operations/tests/test_signals.py checks the token).
The retention periods page is for the service administrator alone. A
person's date of death is recorded by the staff who treat them (team A for
Sam); removing one is reached only when one is recorded (404 until then).
"""

from __future__ import annotations

from tests.access.matrix_rules import TEAM_A_STAFF, Rule, only, other_su_pk, su_pk

MATRIX: dict[str, Rule] = {
    "operations:readyz": Rule(allowed={}, default=503, anonymous=503),
    "operations:metrics": Rule(allowed={}, default=404, anonymous=404),
    # The service administrator's retention periods (ADR 0057).
    "operations:retention": Rule(allowed=only(("admin",))),
    "operations:date-of-death": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "operations:remove-date-of-death": Rule(allowed={}, kwargs=su_pk),
}
OTHER_OBJECT: dict[str, Rule] = {
    "operations:date-of-death": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
}

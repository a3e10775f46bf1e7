"""Background work for the audit log."""

from __future__ import annotations

import logging

from django_tasks import task

from tandem.audit.seal import seal, waiting
from tandem.audit.verify import first_break

logger = logging.getLogger(__name__)


@task()
def seal_audit_chain() -> dict[str, object]:
    """Seal settled rows into the chain; rows left waiting too long are logged
    as an error for operations to see (HAZ-190)."""
    sealed = seal()
    unsealed = waiting()
    if unsealed.overdue:
        logger.error("Audit rows overdue for sealing: %s", unsealed)
    return {"sealed": sealed, "waiting": unsealed.rows}


@task()
def verify_audit_chain() -> dict[str, object]:
    """Check the sealed chain; a break is logged as an error for operations to see."""
    checked, broken = first_break()
    unsealed = waiting()
    if broken is not None:
        logger.error("Audit chain broken at row %s: %s", broken.seq, broken.reason)
        return {
            "checked": checked,
            "broken_at": broken.seq,
            "reason": broken.reason,
            "waiting": unsealed.rows,
        }
    logger.info("Audit chain intact: %s rows; %s", checked, unsealed)
    return {"checked": checked, "broken_at": None, "reason": "", "waiting": unsealed.rows}

"""Background work for the audit log."""

from __future__ import annotations

import logging

from django_tasks import task

from tandem.audit.verify import first_break

logger = logging.getLogger(__name__)


@task()
def verify_audit_chain() -> dict[str, object]:
    """Check the whole chain; a break is logged as an error for operations to see."""
    checked, broken = first_break()
    if broken is not None:
        logger.error("Audit chain broken at row %s: %s", broken.seq, broken.reason)
        return {"checked": checked, "broken_at": broken.seq, "reason": broken.reason}
    logger.info("Audit chain intact: %s rows", checked)
    return {"checked": checked, "broken_at": None, "reason": ""}

"""Access matrix for the guidance URLs: every URL named ``guidance:...`` must be here.

Guidance is service-wide configuration, so every clinician and manager reads it
(including the outsider in team B); only team managers change it. Preparation
pages carry nothing personal and are open to everyone, signed in or not, so a
service user can read them from a link without signing in.
"""

from __future__ import annotations

from tests.access.matrix_rules import CLINICAL_STAFF, PUBLIC, Rule, only

STAFF_READ = only(CLINICAL_STAFF)
MANAGER = only(("manager",))

MATRIX: dict[str, Rule] = {
    "guidance:index": Rule(allowed=STAFF_READ),
    "guidance:kind": Rule(allowed=STAFF_READ, kwargs=lambda p: {"kind": "initial_assessment"}),
    "guidance:modality": Rule(allowed=STAFF_READ, kwargs=lambda p: {"modality": "video"}),
    "guidance:page": Rule(allowed=STAFF_READ, kwargs=lambda p: {"slug": "when-a-call-fails"}),
    "guidance:cell-edit": Rule(
        allowed=MANAGER,
        kwargs=lambda p: {"kind": "trauma_therapy", "modality": "face_to_face"},
    ),
    "guidance:page-edit": Rule(allowed=MANAGER, kwargs=lambda p: {"slug": "safe-remote-session"}),
    # POST only: GET is refused the same way for everyone.
    "guidance:acknowledge": Rule(
        allowed={},
        default=405,
        anonymous=405,
        kwargs=lambda p: {"slug": "safe-remote-session"},
    ),
    "guidance:reading": Rule(allowed=MANAGER),
    "guidance:prepare-index": PUBLIC,
    "guidance:prepare": Rule(
        allowed=PUBLIC.allowed,
        anonymous=200,
        kwargs=lambda p: {"modality": "video"},
    ),
}

# Guidance has no per-person objects; nothing to check against team B.
OTHER_OBJECT: dict[str, Rule] = {}

"""How an audit row's hash is computed, in one place for writing and verifying."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "actor_role",
    "actor_team",
    "action",
    "object_type",
    "object_id",
    "subject_id",
    "what",
    "request_id",
    "prev_hash",
)


def row_hash(values: dict[str, Any]) -> str:
    payload = {name: values[name] for name in HASHED_FIELDS}
    payload["at"] = payload["at"].isoformat(timespec="microseconds")
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

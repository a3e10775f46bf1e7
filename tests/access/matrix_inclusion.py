"""Access matrix for the inclusion URLs: every URL named ``inclusion:...`` must be here."""

from __future__ import annotations

from tests.access.matrix_rules import Rule

MATRIX: dict[str, Rule] = {}

# Object URLs checked again against the other team's service user's objects.
OTHER_OBJECT: dict[str, Rule] = {}

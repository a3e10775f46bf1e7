"""Where the 'decide how to see the person' page gets the service's guidance
for a kind of contact: a registry, because tandem.guidance sits above
preferences (ADR 0025) and registers its reader in GuidanceConfig.ready().

The reader takes a kind of contact and returns the guidance by modality, in
the modality order, each with at least a ``level``; an unknown kind gives an
empty dict. Until something registers, there is no guidance to show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

GuidanceReader = Callable[[str], Mapping[str, Any]]
_reader: GuidanceReader | None = None


def register(reader: GuidanceReader) -> None:
    global _reader
    _reader = reader


def guidance_for(kind: str) -> Mapping[str, Any]:
    return _reader(kind) if _reader is not None else {}

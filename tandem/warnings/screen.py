"""Both layers and the language check, as one decision.

``check(text)`` runs the phrase list (``detector``), the meaning layer
(``meaning``) and the language check (``language``) and returns one
``detector.Decision``: each phrase found, each sentence close in meaning to an
example of the bank (its reason names the example, in words), and, for a
text surely not in English, that it could not be read. Any of them brings the
text to a human's attention; none of them is a score (ADR 0014, ADR 0034).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import replace

from tandem.warnings import detector, language, meaning, neighbours


class Layers(enum.StrEnum):
    """What to run. ``both`` is what Tandem runs on every message: both layers
    and the language check. The others are for measuring each layer alone."""

    PHRASES = "phrases"
    MEANING = "meaning"
    BOTH = "both"


def near_hit(near: meaning.Near) -> detector.Hit:
    return detector.Hit(
        key=near.key,
        category=near.category,
        label=f'close in meaning to: "{near.example}"',
        reason=near.reason,
        text=near.text,
        start=near.start,
        end=near.end,
    )


def _denied(near: meaning.Near, decision: detector.Decision) -> bool:
    """Negation across both layers: a sentence whose worrying words the phrase
    list set aside ("I'm not thinking of ending my life", "I overdosed on
    chocolate") and in which it found nothing is not flagged for its meaning
    either. The encoder reads "not" weakly; the phrase rules read it exactly."""

    def inside(hit: detector.Hit) -> bool:
        return near.start <= hit.start and hit.end <= near.end

    return any(inside(s.hit) for s in decision.set_aside) and not any(
        inside(h) for h in decision.hits
    )


def check(
    text: str,
    *,
    extra: Sequence[detector.Compiled] = (),
    examples: Sequence[meaning.Example] = (),
    layers: Layers = Layers.BOTH,
    learned: neighbours.Learned | None = None,
) -> detector.Decision:
    """Check ``text`` (its first ``detector.SCAN_LIMIT`` characters) with the
    layers asked for, and say whether it is written in a language they cannot
    read. ``learned`` is for measuring only: the development sets' statements
    the meaning layer votes with, when not the shipped ones."""
    decision = detector.check(text, extra=extra)
    hits = list(decision.hits) if layers != Layers.MEANING else []
    if layers != Layers.PHRASES:
        found = {h.category for h in hits}
        hits.extend(
            near_hit(n)
            for n in meaning.check(text[: detector.SCAN_LIMIT], extra=examples, learned=learned)
            # A category the phrase list already found needs no second reason.
            if n.category not in found and not _denied(n, decision)
        )
        hits.sort(key=lambda h: (h.start, h.end))
    other = language.not_english(text) if layers == Layers.BOTH else None
    return replace(
        decision,
        hits=tuple(hits),
        set_aside=decision.set_aside if layers != Layers.MEANING else (),
        not_read=other.reason if other is not None else None,
    )

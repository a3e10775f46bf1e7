"""Labelled statements from the development sets, which the meaning layer's
vote weighs together with the example bank (issue 19, round 4).

The bank says what worrying and ordinary statements look like; the
development sets (``tests/data``: labelled, old held-out, dev, sets A, C, E,
F, G, H and I, both routine corpora) add what people actually wrote, with a human's label.
Each becomes one or more *statements*:

- a worrying text (label 1) is one statement, the text as a whole, when the
  encoder reads it in one window (which sentence of a long one is the worry
  is not labelled, so a long one is left out);
- an ordinary text (label 0) gives every piece the meaning layer reads of it:
  each sentence and the text as a whole. A denial, a resolved history or a
  hard negative ("I bought a climbing rope") then counts against a flag for
  the sentences near it in meaning.

Texts the language check marks as not English are left out: it, not the
encoder, answers for them. A text in another language that it reads as
English (too short, or mixed) is the meaning layer's to read, so it stays.

The statements' vectors are data shipped in the package
(``neighbours.npz``), so no process encodes 2,000 sentences on its first
message. ``python -m tandem.warnings.build_neighbours`` lists the statements
(``build_neighbours.statements``, which needs the encoder) and rebuilds the
file from the committed sets, deterministically; a test checks the shipped
file is what it produces (the statements, their labels, a fingerprint of
the sets, and a sample of the vectors re-encoded). This module only says
which sets teach and loads what was built from them, so the meaning layer
can import it without it importing the meaning layer back (round 6 broke
that cycle). Nothing here is a score about a person: a statement is a
labelled example, as in the bank.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tandem.warnings.meaning import Vectors

DATA = Path(__file__).with_name("tests") / "data"
SHIPPED = Path(__file__).with_name("neighbours.npz")
# The development sets, in the order their statements are listed. Never a
# held-out set that has not been run yet: those measure, they do not teach.
SOURCES = (
    "labelled.jsonl",
    "heldout.jsonl",
    "dev.jsonl",
    "heldout_a.jsonl",
    "heldout_c.jsonl",
    # Set E since round 6, set F since round 7, sets G, H and I since round 9,
    # each after its first run (docs/worrying-words.md). Set D still does not
    # vote (rounds 5 to 7).
    "heldout_e.jsonl",
    "heldout_f.jsonl",
    "heldout_g.jsonl",
    "heldout_h.jsonl",
    "heldout_i.jsonl",
    "routine.jsonl",
    "routine_natural.jsonl",
)
# Bumped when the rules above change, so the fingerprint changes with them.
# 2026-12-07.3 (round 9): the language check also marks Hindi, Urdu, Punjabi
# and Bengali in English letters, and other scripts, so fewer texts teach.
RULES = "2026-12-07.3"


@dataclass(frozen=True)
class Statement:
    text: str
    worrying: bool


def fingerprint(sources: Sequence[str] = SOURCES) -> str:
    """The SHA-256 of the rules and of every set the statements come from."""
    digest = hashlib.sha256(RULES.encode())
    for name in sources:
        digest.update(name.encode())
        digest.update((DATA / name).read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Learned:
    texts: tuple[str, ...]
    worrying: tuple[bool, ...]
    vectors: Vectors
    fingerprint: str


@functools.cache
def shipped() -> Learned:
    """The shipped statements and their vectors, loaded once per process."""
    import numpy as np

    with np.load(SHIPPED, allow_pickle=False) as data:
        return Learned(
            texts=tuple(str(t) for t in data["texts"]),
            worrying=tuple(bool(w) for w in data["worrying"]),
            vectors=data["vectors"].astype(np.float32),
            fingerprint=str(data["fingerprint"]),
        )

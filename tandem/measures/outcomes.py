"""NHS Talking Therapies outcome definitions, written once.

Used by a person's questionnaire page and by the insights reports, so a
'recovery' means the same thing everywhere. Each takes PHQ-9 and GAD-7 totals
at the start and at the end of a course of care (a *pair* is the two scores
given on the same occasion). Where a score needed by a definition is missing
the answer is None ('cannot say'), never a guess.

- Caseness: PHQ-9 >= 10 or GAD-7 >= 8.
- Reliable improvement: PHQ-9 falls by 6 or more, or GAD-7 by 4 or more, and
  neither rises reliably (PHQ-9 by 6 or more, GAD-7 by 4 or more).
- Reliable deterioration: either rises reliably and neither falls reliably.
- Recovery: at caseness at the start and not at the end.
- Reliable recovery: both recovery and reliable improvement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

PHQ9_CASENESS = 10
GAD7_CASENESS = 8
PHQ9_RELIABLE_CHANGE = 6
GAD7_RELIABLE_CHANGE = 4


@dataclass(frozen=True)
class Pair:
    """PHQ-9 and GAD-7 totals from one occasion; None where not complete."""

    phq9: int | None
    gad7: int | None

    @property
    def complete(self) -> bool:
        return self.phq9 is not None and self.gad7 is not None


def at_caseness(pair: Pair) -> bool | None:
    if not pair.complete:
        return None
    assert pair.phq9 is not None and pair.gad7 is not None
    return pair.phq9 >= PHQ9_CASENESS or pair.gad7 >= GAD7_CASENESS


def _changes(first: Pair, last: Pair) -> tuple[int, int] | None:
    """(PHQ-9 change, GAD-7 change), end minus start; None if any score is missing."""
    if not (first.complete and last.complete):
        return None
    assert first.phq9 is not None and first.gad7 is not None
    assert last.phq9 is not None and last.gad7 is not None
    return last.phq9 - first.phq9, last.gad7 - first.gad7


class Moves(NamedTuple):
    """Whether either score fell, or rose, by at least its reliable change."""

    fell: bool
    rose: bool


def _reliable_moves(first: Pair, last: Pair) -> Moves | None:
    """None if any score is missing."""
    changes = _changes(first, last)
    if changes is None:
        return None
    phq, gad = changes
    return Moves(
        fell=phq <= -PHQ9_RELIABLE_CHANGE or gad <= -GAD7_RELIABLE_CHANGE,
        rose=phq >= PHQ9_RELIABLE_CHANGE or gad >= GAD7_RELIABLE_CHANGE,
    )


def reliable_improvement(first: Pair, last: Pair) -> bool | None:
    moves = _reliable_moves(first, last)
    return None if moves is None else moves.fell and not moves.rose


def reliable_deterioration(first: Pair, last: Pair) -> bool | None:
    moves = _reliable_moves(first, last)
    return None if moves is None else moves.rose and not moves.fell


def recovered(first: Pair, last: Pair) -> bool | None:
    """None also when the person was not at caseness at the start: recovery
    is counted only among people who started at caseness."""
    start, end = at_caseness(first), at_caseness(last)
    if start is None or end is None or not start:
        return None
    return not end


def reliably_recovered(first: Pair, last: Pair) -> bool | None:
    recovery = recovered(first, last)
    improvement = reliable_improvement(first, last)
    if recovery is None or improvement is None:
        return None
    return recovery and improvement

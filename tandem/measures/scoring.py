"""Scoring a set of answers against a definition: the only place totals are made.

- An answer for an item the definition does not have, a value that is not
  one of the item's options, or anything that is not a whole number is a
  *problem*: the answers are refused and nothing is scored.
- A scored item left unanswered makes the result incomplete: no total and no
  band, never a guessed or prorated total (ADR 0015).
- Items that need review (PHQ-9 question 9 above 'Not at all') are found
  among the answers given, complete or not, so a partly answered
  questionnaire still reaches the team.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tandem.measures.instruments import Definition


@dataclass(frozen=True)
class Result:
    complete: bool
    total: int | None
    band: str
    review_items: tuple[str, ...]
    problems: tuple[str, ...] = ()
    answers: dict[str, int] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def accepted(self) -> bool:
        return not self.problems


def score(definition: Definition, answers: Mapping[str, object]) -> Result:
    """Score ``answers`` ({item key: option value}; None or absent for 'not answered')."""
    problems: list[str] = []
    given: dict[str, int] = {}
    for key, value in answers.items():
        item = definition.item(key) if isinstance(key, str) else None
        if item is None:
            problems.append(f"There is no question '{key}' in the {definition.short_title}")
            continue
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"The answer to question {item.number} must be one of its options")
            continue
        if value not in item.values:
            problems.append(f"The answer to question {item.number} is not one of its options")
            continue
        given[key] = value
    review = tuple(
        i.key for i in definition.items if i.key in given and i.needs_review(given[i.key])
    )
    if problems:
        return Result(
            complete=False, total=None, band="", review_items=review, problems=tuple(problems)
        )
    missing = tuple(i.key for i in definition.scored_items if i.key not in given)
    if missing:
        return Result(
            complete=False,
            total=None,
            band="",
            review_items=review,
            answers=given,
            missing=missing,
        )
    total = sum(given[i.key] for i in definition.scored_items)
    return Result(
        complete=True,
        total=total,
        band=definition.band_for(total),
        review_items=review,
        answers=given,
    )

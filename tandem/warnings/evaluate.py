"""Measuring the detector on labelled examples: JSON lines with a ``text``
and, optionally, a ``label`` saying whether a human should read it sooner.
Used by ``manage.py check_texts``, the tests and docs/worrying-words.md."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from tandem.warnings import detector, screen

TRUE_LABELS = frozenset({"1", "true", "yes", "y", "flag", "positive", "pos"})
FALSE_LABELS = frozenset({"0", "false", "no", "n", "no flag", "negative", "neg", "none"})


class BadLine(ValueError):
    pass


@dataclass(frozen=True)
class Example:
    line: int
    text: str
    label: bool | None
    row: dict[str, object]


def parse_label(value: object) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    lowered = str(value).strip().lower()
    if lowered in TRUE_LABELS:
        return True
    if lowered in FALSE_LABELS:
        return False
    raise BadLine(f"label {value!r} is not one of 1/0, true/false, yes/no, positive/negative")


def read_examples(lines: Iterable[str]) -> Iterator[Example | BadLine]:
    """Each line as an example, or the reason it could not be read."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BadLine(f"line {number}: not JSON ({exc.msg})")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield BadLine(f'line {number}: needs a "text" field holding a string')
            continue
        try:
            label = parse_label(row.get("label"))
        except BadLine as exc:
            yield BadLine(f"line {number}: {exc}")
            continue
        yield Example(number, row["text"], label, row)


@dataclass
class Summary:
    checked: int = 0
    flagged: int = 0
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    true_neg: int = 0
    misses: list[Example] = field(default_factory=list)
    false_flags: list[Example] = field(default_factory=list)

    @property
    def labelled(self) -> int:
        return self.true_pos + self.false_pos + self.false_neg + self.true_neg

    @property
    def recall(self) -> float | None:
        positives = self.true_pos + self.false_neg
        return self.true_pos / positives if positives else None

    @property
    def precision(self) -> float | None:
        flagged = self.true_pos + self.false_pos
        return self.true_pos / flagged if flagged else None

    def add(self, example: Example, decision: detector.Decision) -> None:
        self.checked += 1
        self.flagged += decision.flagged
        if example.label is None:
            return
        if example.label and decision.flagged:
            self.true_pos += 1
        elif example.label:
            self.false_neg += 1
            self.misses.append(example)
        elif decision.flagged:
            self.false_pos += 1
            self.false_flags.append(example)
        else:
            self.true_neg += 1


def evaluate(
    examples: Iterable[Example],
    *,
    extra: Sequence[detector.Compiled] = (),
    layers: screen.Layers = screen.Layers.PHRASES,
) -> tuple[Summary, list[tuple[Example, detector.Decision]]]:
    summary = Summary()
    decisions = []
    for example in examples:
        decision = screen.check(example.text, extra=extra, layers=layers)
        summary.add(example, decision)
        decisions.append((example, decision))
    return summary, decisions


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"

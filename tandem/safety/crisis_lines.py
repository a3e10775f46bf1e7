"""Crisis lines as someone changes them (a team's own, or the service-wide
list): what is there now, what the form proposes, and what would disappear,
change or appear.

The form, the confirm page and the service all work from these, so the confirm
page names exactly what the service then does (HAZ-149, HAZ-151).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import phonenumbers

from tandem.people.models import CrisisContact
from tandem.people.services import CrisisContactDetails
from tandem.people.validators import format_phone
from tandem.safety.queries import out_of_hours_line_ids


@dataclass(frozen=True)
class Line:
    """One crisis line as people see it under 'Need help now?'."""

    name: str
    how: str
    phone: str = ""
    description: str = ""
    out_of_hours: bool = False

    @property
    def details(self) -> CrisisContactDetails:
        return CrisisContactDetails(
            name=self.name, how=self.how, phone=self.phone, description=self.description
        )

    @property
    def number(self) -> str:
        return shown_phone(self.phone)

    @property
    def label(self) -> str:
        """How the confirm page and the audit name it: 'the out-of-hours line
        Northgate, out of hours (0113 496 0199)'."""
        kind = "out-of-hours line" if self.out_of_hours else "crisis line"
        number = f" ({self.number})" if self.phone else ""
        return f"the {kind} {self.name}{number}"

    @property
    def label_to_start(self) -> str:
        """The label at the start of a sentence."""
        return "T" + self.label[1:]


@dataclass(frozen=True)
class Current:
    """A line the team has now, with the row that holds it."""

    pk: int
    line: Line


@dataclass(frozen=True)
class Proposed:
    """A row of the form: an existing line kept (maybe changed) or removed, or a new one."""

    pk: int | None
    line: Line | None  # None: remove the existing line ``pk``


@dataclass(frozen=True)
class Changed:
    before: Line
    after: Line


@dataclass
class Difference:
    removed: list[Line] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    added: list[Line] = field(default_factory=list)
    reordered: bool = False

    def __bool__(self) -> bool:
        return bool(self.removed or self.changed or self.added or self.reordered)

    def summary(self) -> str:
        """One sentence for the audit log."""
        parts = [f"removed {line.label}" for line in self.removed]
        parts += [f"changed {c.before.label} to {c.after.label}" for c in self.changed]
        parts += [f"added {line.label}" for line in self.added]
        if self.reordered:
            parts.append("changed the order")
        return "; ".join(parts)


def shown_phone(phone: str) -> str:
    """A stored number (digits, perhaps with +44) as people read it."""
    try:
        return format_phone(phone) or phone
    except phonenumbers.NumberParseException:
        # Not a number phonenumbers knows: show it as it was typed.
        return phone


def current_lines(contacts: list[CrisisContact]) -> list[Current]:
    marked = out_of_hours_line_ids(contacts)
    return [
        Current(
            c.pk,
            Line(
                name=c.name,
                how=c.how,
                phone=c.phone,
                description=c.description,
                out_of_hours=c.pk in marked,
            ),
        )
        for c in contacts
    ]


def fingerprint(current: list[Current]) -> str:
    """Stands for the lines as the manager saw them; if anyone changes them in
    between, the fingerprint no longer matches and nothing is saved."""
    rows = [
        [c.pk, c.line.name, c.line.how, c.line.phone, c.line.description, c.line.out_of_hours]
        for c in current
    ]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:20]


def difference(current: list[Current], proposed: list[Proposed]) -> Difference:
    before = {c.pk: c.line for c in current}
    diff = Difference()
    kept_order = []
    for row in proposed:
        if row.pk is None:
            if row.line is not None:
                diff.added.append(row.line)
            continue
        old = before[row.pk]
        if row.line is None:
            diff.removed.append(old)
            continue
        kept_order.append(row.pk)
        if row.line != old:
            diff.changed.append(Changed(old, row.line))
    diff.reordered = kept_order != [c.pk for c in current if c.pk in kept_order]
    return diff


def lost_without_replacement(
    current: list[Current], proposed: list[Proposed], *, needed: Callable[[Line], bool]
) -> list[Line]:
    """The lines of a kind that must not run out (``needed``) that would go with
    nothing to replace them: there was one and there would be none."""
    if any(row.line is not None and needed(row.line) for row in proposed):
        return []
    return [c.line for c in current if needed(c.line)]


def is_out_of_hours(line: Line) -> bool:
    """A team that had an out-of-hours line keeps one (HAZ-149)."""
    return line.out_of_hours


def is_any_line(line: Line) -> bool:
    """A service that had service-wide lines keeps at least one (HAZ-151)."""
    return True

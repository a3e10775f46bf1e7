"""Reading a caseload file: one person a row, checked field by field.

Everything that can be checked without the database is checked here, and every
problem is kept with its line number and column, so a dry run can list them
all at once rather than stopping at the first. Nothing here writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from tandem.people.validators import (
    normalise_nhs_number,
    normalise_phone,
    normalise_postcode,
    validate_date_of_birth,
)
from tandem.preferences.codes import Channel

# Column names as a person would type them in a spreadsheet's first row;
# matched without regard to case, spaces or underscores.
REQUIRED = ("nhs_number", "date_of_birth", "given_name", "family_name", "team")
OPTIONAL = (
    "preferred_name",
    "email",
    "phone",
    "postcode",
    "care_coordinator",
    "contact_by",
    "preferred_contact",
)
COLUMNS = REQUIRED + OPTIONAL
EXTRA = "__extra__"  # a row with more values than the header has columns
LABELS = {
    "nhs_number": "NHS number",
    "date_of_birth": "date of birth",
    "given_name": "given name",
    "family_name": "family name",
    "team": "team",
    "preferred_name": "preferred name",
    "email": "email",
    "phone": "phone",
    "postcode": "postcode",
    "care_coordinator": "care coordinator",
    "contact_by": "contact by",
    "preferred_contact": "preferred contact",
}
NAME_MAX = 100
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
CHANNEL_WORDS = {
    "email": Channel.EMAIL,
    "sms": Channel.SMS,
    "text": Channel.SMS,
    "phone": Channel.PHONE,
    "letter": Channel.LETTER,
}


@dataclass(frozen=True)
class Problem:
    line: int
    column: str  # a column name, or "" for the row as a whole
    message: str

    @property
    def column_label(self) -> str:
        return LABELS.get(self.column, "whole row")


@dataclass
class PersonRow:
    line: int
    nhs_number: str
    date_of_birth: dt.date
    given_name: str
    family_name: str
    team: str
    preferred_name: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    care_coordinator: str = ""
    contact_by: tuple[str, ...] = ()
    preferred_contact: str = ""
    raw: dict[str, str] = field(default_factory=dict, repr=False)


class BadFile(ValueError):
    """The file as a whole cannot be read: nothing in it is looked at further."""


def _key(header: str) -> str:
    return re.sub(r"[\s_-]+", "_", header.strip().lower())


def read_header(reader: Iterator[list[str]]) -> list[str]:
    try:
        header = [_key(h) for h in next(reader)]
    except StopIteration:
        raise BadFile("The file is empty") from None
    missing = [LABELS[c] for c in REQUIRED if c not in header]
    if missing:
        raise BadFile("The first row must name the columns; missing: " + ", ".join(missing))
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise BadFile("Columns not recognised: " + ", ".join(unknown))
    return header


def _date(value: str) -> dt.date:
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValidationError("Enter the date as 2001-03-31 or 31/03/2001")


def _channels(value: str) -> tuple[str, ...]:
    words = [w for w in re.split(r"[\s,;/]+", value.lower()) if w]
    unknown = [w for w in words if w not in CHANNEL_WORDS]
    if unknown:
        raise ValidationError("Use email, sms, phone or letter")
    return tuple(dict.fromkeys(str(CHANNEL_WORDS[w]) for w in words))


def _name(value: str, *, required: bool) -> str:
    if required and not value:
        raise ValidationError("This is missing")
    if len(value) > NAME_MAX:
        raise ValidationError(f"This must be {NAME_MAX} characters or fewer")
    return value


def _email(value: str) -> str:
    if value:
        validate_email(value)
    return value.lower()


def parse_row(line: int, values: dict[str, str], problems: list[Problem]) -> PersonRow | None:
    """One row as a PersonRow, or None with its problems added to ``problems``."""
    if EXTRA in values:
        problems.append(Problem(line, "", "This row has more values than there are columns"))
        return None
    found: dict[str, object] = {}
    checks = {
        "nhs_number": lambda v: normalise_nhs_number(v) if v else _missing(),
        "date_of_birth": lambda v: _checked_dob(_date(v)) if v else _missing(),
        "given_name": lambda v: _name(v, required=True),
        "family_name": lambda v: _name(v, required=True),
        "team": lambda v: v or _missing(),
        "preferred_name": lambda v: _name(v, required=False),
        "email": _email,
        "phone": lambda v: normalise_phone(v) if v else "",
        "postcode": lambda v: normalise_postcode(v) if v else "",
        "care_coordinator": _email,
        "contact_by": _channels,
        "preferred_contact": lambda v: (_channels(v) or ("",))[0],
    }
    before = len(problems)
    for column, check in checks.items():
        try:
            found[column] = check(values.get(column, "").strip())
        except ValidationError as exc:
            problems.append(Problem(line, column, exc.messages[0]))
    if len(problems) > before:
        return None
    row = PersonRow(
        line=line,
        raw=values,
        **found,  # type: ignore[arg-type]
    )
    if row.preferred_contact and row.contact_by and row.preferred_contact not in row.contact_by:
        problems.append(
            Problem(line, "preferred_contact", "The preferred way must be one of 'contact by'")
        )
        return None
    needs: dict[str, str] = {Channel.EMAIL: row.email, Channel.SMS: row.phone}
    for channel in (*row.contact_by, row.preferred_contact):
        if channel in needs and not needs[channel]:
            what = "an email address" if channel == Channel.EMAIL else "a phone number"
            problems.append(Problem(line, "contact_by", f"Contact by {channel} needs {what}"))
            return None
    return row


def _missing() -> str:
    raise ValidationError("This is missing")


def _checked_dob(value: dt.date) -> dt.date:
    validate_date_of_birth(value)
    return value


def read_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, values by column) for every row after the header that is
    not blank. Raises BadFile when the header is wrong."""
    reader = csv.reader(lines)
    header = read_header(reader)
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        row = dict(zip(header, values, strict=False))
        if len(values) > len(header):
            row[EXTRA] = "yes"
        yield reader.line_num, row


def rows_on_lines(lines: Iterable[str], wanted: set[int]) -> str:
    """The header and the rows ending on ``wanted`` lines, as CSV text: what
    ``--skip-bad`` leaves out, to be mended and brought in again."""
    out = io.StringIO()
    writer = csv.writer(out)
    reader = csv.reader(lines)
    for values in reader:
        if reader.line_num == 1 or reader.line_num in wanted:
            writer.writerow(values)
    return out.getvalue()

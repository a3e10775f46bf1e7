"""Synthetic caseload files for the tests and the benchmark: made-up people with
NHS numbers from the 999 range, which is never issued, with a valid
check digit."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from tandem.people.validators import nhs_number_check_digit

HEADER = [
    "NHS number",
    "Date of birth",
    "Given name",
    "Family name",
    "Team",
    "Preferred name",
    "Email",
    "Phone",
    "Postcode",
    "Care coordinator",
    "Contact by",
    "Preferred contact",
]


def nhs_numbers(start: int = 999_120_000) -> Iterator[str]:
    """Valid NHS numbers in order from ``start`` (nine digits), skipping the
    nine-digit stems that have no valid check digit."""
    stem = start
    while True:
        digits = f"{stem:09d}"
        check = nhs_number_check_digit(digits)
        if check is not None:
            yield digits + str(check)
        stem += 1


def person(nhs: str, **changes: str) -> dict[str, str]:
    row = {
        "NHS number": nhs,
        "Date of birth": "1980-05-17",
        "Given name": "Robin",
        "Family name": "Ashdown",
        "Team": "northgate",
        "Preferred name": "",
        "Email": "robin.ashdown@example.org",
        "Phone": "0113 496 0123",
        "Postcode": "LS1 4AP",
        "Care coordinator": "clinician@example.org",
        "Contact by": "sms email",
        "Preferred contact": "sms",
    }
    row.update(changes)
    return row


def to_csv(rows: list[dict[str, str]]) -> list[str]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().splitlines()

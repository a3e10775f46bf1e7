"""The FHIR API's search parameters: parsing a search value (dates with their
prefixes, references, tokens) and turning it into a filter on a kind's rows.
Which kind answers which parameter is in ``tandem.fhir.kinds``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from tandem.appointments.models import HELD, Attendance, Status
from tandem.errors import InvalidInput
from tandem.fhir import answers, mapping

if TYPE_CHECKING:
    from tandem.fhir.kinds import Kind

Filter = Callable[[QuerySet[Any], str], QuerySet[Any]]


@dataclass(frozen=True)
class SearchParam:
    name: str
    type: str  # the FHIR search parameter type, for the CapabilityStatement
    apply: Filter
    documentation: str


# --- Parsing search values ---------------------------------------------------------

PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le")


def moment(value: str) -> tuple[str, dt.datetime, dt.datetime]:
    """A FHIR date search value: its prefix and the span of time it names."""
    prefix = value[:2] if value[:2] in PREFIXES else "eq"
    raw = value[2:] if value[:2] in PREFIXES else value
    try:
        if len(raw) == 10:
            day = dt.date.fromisoformat(raw)
            start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
            return prefix, start, start + dt.timedelta(days=1)
        at = dt.datetime.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput(
            f"'{value}' is not a date: use YYYY-MM-DD or a full date and time"
        ) from exc
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return prefix, at, at + dt.timedelta(seconds=1)


def by_moment(path: str) -> Filter:
    def apply(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
        prefix, start, end = moment(value)
        conditions = {
            "eq": Q(**{f"{path}__gte": start, f"{path}__lt": end}),
            "ne": ~Q(**{f"{path}__gte": start, f"{path}__lt": end}),
            "gt": Q(**{f"{path}__gte": end}),
            "ge": Q(**{f"{path}__gte": start}),
            "lt": Q(**{f"{path}__lt": start}),
            "le": Q(**{f"{path}__lt": end}),
        }
        return rows.filter(conditions[prefix])

    return apply


def by_day(path: str) -> Filter:
    """A date search on a field holding a day, not a moment."""

    def apply(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
        prefix, start, _end = moment(value)
        day = start.date()
        lookup = {"eq": "", "gt": "__gt", "ge": "__gte", "lt": "__lt", "le": "__lte"}
        if prefix == "ne":
            return rows.exclude(**{path: day})
        return rows.filter(**{f"{path}{lookup[prefix]}": day})

    return apply


by_birthdate = by_day("date_of_birth")


def by_patient(path: str) -> Filter:
    def apply(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
        pk = value.removeprefix("Patient/")
        if not pk.isdigit():
            raise InvalidInput(f"'{value}' is not a patient: use Patient/<id>")
        return rows.filter(**{path: int(pk)})

    return apply


def by_identifier(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
    system, _, number = value.rpartition("|")
    if system and system != mapping.NHS_NUMBER:
        return rows.none()  # Tandem holds no other identifiers for a person
    return rows.filter(nhs_number=number.replace(" ", ""))


def by_name(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
    return rows.filter(
        Q(family_name__icontains=value)
        | Q(given_name__icontains=value)
        | Q(preferred_name__icontains=value)
    )


def by_id_of(prefix: str) -> Filter:
    def apply(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
        ids = [v.removeprefix(prefix) for v in value.split(",") if v.startswith(prefix)]
        return rows.filter(pk__in=[i for i in ids if i.isdigit()])

    return apply


by_id = by_id_of("")


def codes(value: str) -> list[tuple[str | None, str]]:
    """A token search value: (system or None for any, code) for each of a comma-separated list."""
    found = []
    for one in value.split(","):
        system, bar, code = one.rpartition("|")
        found.append((system if bar else None, code))
    return found


def by_total_code(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
    """Questionnaire totals by LOINC's code (PHQ-9, GAD-7) or Tandem's (any instrument)."""
    wanted: set[str] = set()
    for system, code in codes(value):
        if system in (None, mapping.TOTAL):
            wanted.add(code)
        if system in (None, mapping.LOINC):
            wanted |= {name for name, (loinc, _) in mapping.TOTAL_CODES.items() if loinc == code}
    return rows.filter(instrument__code__in=wanted)


def by_item_code(item: answers.DiaryItem) -> Filter:
    """All of a diary item's rows when the search names its code, else none."""
    coding = item.concept()["coding"]

    def apply(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
        named = any(
            code == c["code"] and system in (None, c["system"])
            for system, code in codes(value)
            for c in coding
        )
        return rows if named else rows.none()

    return apply


APPOINTMENT_STATUS: dict[str, Q] = {
    "booked": Q(status=Status.BOOKED, attendance=""),
    "fulfilled": Q(status=Status.BOOKED, attendance__in=list(HELD)),
    "noshow": Q(status=Status.BOOKED, attendance=Attendance.DID_NOT_ATTEND),
    "cancelled": Q(status=Status.CANCELLED)
    | Q(
        attendance__in=[
            Attendance.LATE_NOT_SEEN,
            Attendance.CANCELLED_BY_PERSON,
            Attendance.CANCELLED_BY_SERVICE,
        ]
    ),
}


def by_status(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
    wanted = Q(pk__in=[])
    for status in value.split(","):
        if status not in APPOINTMENT_STATUS:
            raise InvalidInput(
                f"'{status}' is not a status Tandem uses: {', '.join(APPOINTMENT_STATUS)}"
            )
        wanted |= APPOINTMENT_STATUS[status]
    return rows.filter(wanted)


LAST_UPDATED = "_lastUpdated"


def search_params(kind: Kind) -> dict[str, SearchParam]:
    """The kind's own parameters, with _lastUpdated where Tandem keeps a change time."""
    params = dict(kind.params)
    if kind.last_updated is not None:
        params[LAST_UPDATED] = SearchParam(
            LAST_UPDATED, "date", by_moment("last_updated"), "When it last changed"
        )
    return params


ID = SearchParam("_id", "token", by_id, "The resource's id (comma-separated for several)")


def named(*params: SearchParam) -> dict[str, SearchParam]:
    return {p.name: p for p in params}


def patient_param(path: str) -> SearchParam:
    return SearchParam("patient", "reference", by_patient(path), "Patient/<id>")

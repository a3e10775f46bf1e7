"""Bringing in a service's existing caseload from a file (issue 17).

The rules that keep two people from becoming one (HAZ-178):
- people are matched by NHS number only, never by name;
- a matched record must agree on date of birth and family name, or the row is
  refused for a person to check; a matched record's details are never
  overwritten by an import, it is only opened to the file's team if it is not
  open there already;
- an NHS number twice in one file is refused on every line after the first.

A real run is all or nothing unless ``skip_bad`` is given, when the good rows go
in and the bad ones are reported; a dry run writes nothing. Running the same
file twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from tandem.audit.bulk import Entry, record_many
from tandem.audit.models import Action
from tandem.bulk import ANALYZE_AFTER, analyze, insert_all
from tandem.errors import InvalidInput
from tandem.imports.rows import BadFile, PersonRow, Problem, parse_row, read_rows
from tandem.people.models import CareTeam, CaseloadEntry, ServiceUser, StaffMember, User
from tandem.preferences.codes import Channel
from tandem.preferences.models import ContactPreferences

CHUNK = 2000  # NHS numbers looked up per query; rows inserted per statement


@dataclass
class ImportReport:
    file_name: str
    dry_run: bool
    rows: int = 0
    added: int = 0
    joined: int = 0  # already known; now open to the file's team as well
    unchanged: int = 0  # already known and open to the file's team
    problems: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def bad_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems})

    @property
    def good_rows(self) -> int:
        return self.rows - len(self.bad_lines)

    @property
    def summary(self) -> str:
        said = "would be" if not self.written else "were"
        was = "would be" if not self.written else "was"
        return (
            f"{_count(self.rows, 'row', 'rows')} read: "
            f"{_count(self.added, 'new person', 'new people')} "
            f"{was if self.added == 1 else said} added, "
            f"{_count(self.joined, 'person', 'people')} already known "
            f"{was if self.joined == 1 else said} opened to the team, "
            f"{self.unchanged} already there, "
            f"{_count(len(self.bad_lines), 'row', 'rows')} with problems"
        )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class _Known:
    pk: int
    date_of_birth: object
    family_name: str


def import_caseload(
    *,
    actor: User,
    lines: Iterable[str],
    file_name: str,
    dry_run: bool,
    skip_bad: bool = False,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    """Read ``lines`` (a CSV file's text) and, unless it is a dry run or a row is bad
    and ``skip_bad`` is not given, add its people. Only a service administrator may."""
    if not actor.has_perm("people.configure_service"):
        raise PermissionDenied("Only a service administrator can bring in a caseload.")
    report = ImportReport(file_name=file_name, dry_run=dry_run)
    rows: list[PersonRow] = []
    try:
        for line, values in read_rows(lines):
            report.rows += 1
            row = parse_row(line, values, report.problems)
            if row is not None:
                rows.append(row)
            if progress is not None:
                progress(1)
    except BadFile as exc:
        raise InvalidInput(str(exc), field="file") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput("Save the file as CSV (UTF-8) and try again", field="file") from exc
    if report.rows == 0:
        raise InvalidInput("The file has no rows after its first row", field="file")
    rows = _refuse_repeats(rows, report.problems)
    plan = _plan(rows, report.problems)
    report.added, report.joined, report.unchanged = (
        len(plan.new),
        len(plan.joining),
        plan.unchanged,
    )
    if dry_run or (report.problems and not skip_bad):
        return report
    try:
        _write(actor=actor, plan=plan, file_name=file_name, report=report)
    except IntegrityError as exc:  # someone added one of these people meanwhile
        raise InvalidInput(
            "Someone changed the caseload while this file was read. Nothing was imported: "
            "try again",
            field="file",
        ) from exc
    report.written = True
    if report.added + report.joined >= ANALYZE_AFTER:
        # After the commit: a big file turns small tables into big ones.
        analyze([ServiceUser, CaseloadEntry, ContactPreferences])
    return report


def _refuse_repeats(rows: list[PersonRow], problems: list[Problem]) -> list[PersonRow]:
    first: dict[str, int] = {}
    kept = []
    for row in rows:
        if row.nhs_number in first:
            problems.append(
                Problem(
                    row.line,
                    "nhs_number",
                    f"This NHS number is also on line {first[row.nhs_number]}",
                )
            )
            continue
        first[row.nhs_number] = row.line
        kept.append(row)
    return kept


@dataclass
class _Plan:
    new: list[tuple[PersonRow, CareTeam, StaffMember | None]] = field(default_factory=list)
    joining: list[tuple[PersonRow, int, CareTeam, StaffMember | None]] = field(default_factory=list)
    unchanged: int = 0


def _plan(rows: list[PersonRow], problems: list[Problem]) -> _Plan:
    """Decide what each good row does, adding problems for those the database refuses."""
    teams: dict[str, CareTeam] = {}
    for each in CareTeam.objects.all():
        teams[each.slug.lower()] = each
        teams.setdefault(each.name.lower(), each)
    wanted = {r.care_coordinator for r in rows if r.care_coordinator}
    coordinators: dict[str, tuple[StaffMember, set[int]]] = {}
    for member in StaffMember.objects.filter(user__email__in=wanted).select_related("user"):
        coordinators[member.user.email.lower()] = (member, set())
    for team_id, email in (
        StaffMember.objects.filter(user__email__in=wanted)
        .values_list("memberships__team_id", "user__email")
        .iterator()
    ):
        if team_id is not None:
            coordinators[email.lower()][1].add(team_id)
    known: dict[str, _Known] = {}
    numbers = [r.nhs_number for r in rows]
    for chunk in _chunks(numbers):
        for pk, number, born, family in ServiceUser.objects.filter(
            nhs_number__in=chunk
        ).values_list("pk", "nhs_number", "date_of_birth", "family_name"):
            known[str(number)] = _Known(pk, born, family)
    open_in: set[tuple[int, int]] = set()
    known_pks = [k.pk for k in known.values()]
    for chunk in _chunks(known_pks):
        open_in.update(
            CaseloadEntry.objects.filter(
                service_user_id__in=chunk, closed_on__isnull=True
            ).values_list("service_user_id", "team_id")
        )
    plan = _Plan()
    for row in rows:
        team = teams.get(row.team.lower())
        if team is None:
            problems.append(Problem(row.line, "team", "No team has this name or code"))
            continue
        coordinator = None
        if row.care_coordinator:
            found = coordinators.get(row.care_coordinator)
            if found is None:
                problems.append(
                    Problem(row.line, "care_coordinator", "No member of staff has this email")
                )
                continue
            if team.pk not in found[1]:
                problems.append(
                    Problem(row.line, "care_coordinator", "This member of staff is not in the team")
                )
                continue
            coordinator = found[0]
        match = known.get(row.nhs_number)
        if match is None:
            plan.new.append((row, team, coordinator))
            continue
        if match.date_of_birth != row.date_of_birth or (
            match.family_name.casefold() != row.family_name.casefold()
        ):
            # Never merge: the same NHS number on someone who looks different is
            # a typing slip in one place or the other, for a person to check.
            problems.append(
                Problem(
                    row.line,
                    "nhs_number",
                    "Tandem already holds this NHS number for someone with a different "
                    "date of birth or family name. Check both records",
                )
            )
            continue
        if (match.pk, team.pk) in open_in:
            plan.unchanged += 1
        else:
            plan.joining.append((row, match.pk, team, coordinator))
    return plan


def _preferences(row: PersonRow, person_pk: int, actor: User) -> ContactPreferences | None:
    if not row.contact_by and not row.preferred_contact:
        return None
    ways = set(row.contact_by) | {row.preferred_contact} - {""}
    return ContactPreferences(
        service_user_id=person_pk,
        recorded_by=actor,
        by_email=Channel.EMAIL in ways,
        by_sms=Channel.SMS in ways,
        by_phone=Channel.PHONE in ways,
        by_letter=Channel.LETTER in ways,
        preferred_channel=row.preferred_contact or row.contact_by[0],
    )


@transaction.atomic
def _write(*, actor: User, plan: _Plan, file_name: str, report: ImportReport) -> None:
    insert_all(
        [
            ServiceUser(
                given_name=row.given_name,
                family_name=row.family_name,
                preferred_name=row.preferred_name,
                nhs_number=row.nhs_number,
                date_of_birth=row.date_of_birth,
                email=row.email,
                phone=row.phone,
                postcode=row.postcode,
            )
            for row, _team, _coordinator in plan.new
        ]
    )
    # COPY does not hand back the new keys: read them back by NHS number.
    numbers = [row.nhs_number for row, _team, _coordinator in plan.new]
    added: dict[str, int] = {}
    for chunk in _chunks(numbers):
        found = ServiceUser.objects.filter(nhs_number__in=chunk).values_list("nhs_number", "pk")
        added.update((str(number), pk) for number, pk in found)
    new = [(row, added[row.nhs_number], team, c) for row, team, c in plan.new]
    insert_all(
        [
            CaseloadEntry(service_user_id=pk, team=team, care_coordinator=coordinator)
            for _row, pk, team, coordinator in [*new, *plan.joining]
        ]
    )
    insert_all([p for row, pk, _team, _c in new if (p := _preferences(row, pk, actor)) is not None])
    audit = [
        _person_event(pk, Action.CREATE, f"Added to the {team.name} caseload")
        for _row, pk, team, _coordinator in new
    ] + [
        _person_event(pk, Action.UPDATE, f"Opened to the {team.name} caseload")
        for _row, pk, team, _coordinator in plan.joining
    ]
    audit.append(
        Entry(
            action=Action.CREATE,
            object_type="imports.CaseloadFile",
            what=f"Brought in caseload file {file_name[:120]}: {report.summary}"[:300],
        )
    )
    record_many(actor=actor, entries=audit)


def _person_event(pk: int, action: Action, what: str) -> Entry:
    return Entry(
        action=action,
        object_type="people.ServiceUser",
        object_id=str(pk),
        subject_id=pk,
        what=f"{what} from a caseload file",
    )


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    """``values`` in lists of CHUNK, so no query names more than CHUNK keys."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]

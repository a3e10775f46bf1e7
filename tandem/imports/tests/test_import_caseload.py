"""Bringing in a caseload: every bad row reported, nothing half-way, nobody
merged by mistake, and the same file twice changes nothing."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied

from tandem.audit.models import AuditEvent
from tandem.audit.seal import seal
from tandem.audit.verify import first_break
from tandem.errors import InvalidInput
from tandem.imports.services import import_caseload
from tandem.imports.tests.csvs import nhs_numbers, person, to_csv
from tandem.people.models import CaseloadEntry, ServiceUser
from tandem.preferences.models import ContactPreferences
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def numbers():
    return nhs_numbers()


def run(personas, rows, **options):
    options.setdefault("dry_run", False)
    return import_caseload(
        actor=personas.admin, lines=to_csv(rows), file_name="caseload.csv", **options
    )


def counts():
    return (
        ServiceUser.objects.count(),
        CaseloadEntry.objects.count(),
        ContactPreferences.objects.count(),
    )


def test_a_good_file_adds_people_to_their_team_with_coordinator_and_preferences(personas, numbers):
    first, second = next(numbers), next(numbers)
    report = run(
        personas,
        [person(first), person(second, **{"Given name": "Sam", "Care coordinator": ""})],
    )
    assert (report.rows, report.added, report.problems, report.written) == (2, 2, [], True)
    robin = ServiceUser.objects.get(nhs_number=first)
    assert (robin.given_name, robin.date_of_birth, robin.phone, robin.postcode) == (
        "Robin",
        dt.date(1980, 5, 17),
        "+441134960123",
        "LS1 4AP",
    )
    entry = CaseloadEntry.objects.get(service_user=robin)
    assert (entry.team, entry.care_coordinator.user) == (personas.team_a, personas.clinician)
    prefs = ContactPreferences.objects.get(service_user=robin)
    assert (prefs.by_sms, prefs.by_email, prefs.by_letter, prefs.preferred_channel) == (
        True,
        True,
        False,
        "sms",
    )
    assert CaseloadEntry.objects.get(service_user__nhs_number=second).care_coordinator is None


def test_every_add_is_audited_and_the_chain_still_verifies(personas, numbers):
    before = AuditEvent.objects.count()
    run(personas, [person(next(numbers)) for _ in range(3)])
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.action for e in events] == ["create"] * 4
    assert all(e.actor_id == personas.admin.pk for e in events)
    assert events[-1].what.startswith("Brought in caseload file caseload.csv: 3 rows read")
    seal()
    assert first_break() == (AuditEvent.objects.count(), None)


def test_a_dry_run_reports_every_bad_row_by_line_and_column_and_writes_nothing(personas, numbers):
    before, audit = counts(), AuditEvent.objects.count()
    report = run(
        personas,
        [
            person(next(numbers)),
            person("4857773456"),  # wrong check digit
            person(next(numbers), **{"Date of birth": "31/02/1980", "Team": "nowhere"}),
            person(next(numbers), **{"Email": "not-an-email", "Phone": ""}),
            person(next(numbers), **{"Care coordinator": "outsider@example.org"}),
        ],
        dry_run=True,
    )
    found = {(p.line, p.column) for p in report.problems}
    assert found == {(3, "nhs_number"), (4, "date_of_birth"), (5, "email"), (6, "care_coordinator")}
    assert report.added == 1 and not report.written
    assert (counts(), AuditEvent.objects.count()) == (before, audit)


def test_a_team_that_does_not_exist_is_reported_once_the_row_is_otherwise_good(personas, numbers):
    report = run(personas, [person(next(numbers), Team="Nowhere CMHT")], dry_run=True)
    assert [(p.line, p.column, p.message) for p in report.problems] == [
        (2, "team", "No team has this name or code")
    ]


def test_a_team_can_be_named_by_its_name_as_well_as_its_code(personas, numbers):
    report = run(personas, [person(next(numbers), Team="northgate cmht")])
    assert report.added == 1


def test_a_real_run_with_any_bad_row_imports_nothing(personas, numbers):
    before = counts()
    report = run(personas, [person(next(numbers)), person(next(numbers), **{"Given name": ""})])
    assert report.bad_lines == [3] and not report.written
    assert counts() == before


def test_skip_bad_brings_in_the_good_rows_and_reports_the_rest(personas, numbers):
    good = next(numbers)
    report = run(
        personas, [person(good), person(next(numbers), **{"Given name": ""})], skip_bad=True
    )
    assert report.written and report.added == 1 and report.bad_lines == [3]
    assert ServiceUser.objects.filter(nhs_number=good).exists()


def test_the_same_file_twice_changes_nothing_the_second_time(personas, numbers):
    rows = [person(n) for n in itertools.islice(numbers, 5)]
    run(personas, rows)
    after_first = counts()
    again = run(personas, rows)
    assert (again.added, again.joined, again.unchanged) == (0, 0, 5)
    assert counts() == after_first


def test_a_known_person_is_opened_to_the_team_and_their_details_are_kept(personas, numbers):
    nhs = next(numbers)
    known = factories.ServiceUserFactory(
        nhs_number=nhs,
        given_name="Robin",
        family_name="Ashdown",
        date_of_birth=dt.date(1980, 5, 17),
        email="old@example.org",
    )
    CaseloadEntry.objects.create(service_user=known, team=personas.team_b)
    report = run(personas, [person(nhs, Email="new@example.org")])
    assert (report.added, report.joined) == (0, 1)
    known.refresh_from_db()
    assert known.email == "old@example.org"
    assert set(known.caseload_entries.values_list("team__slug", flat=True)) == {
        "northgate",
        "southmoor",
    }


@pytest.mark.parametrize(
    "changes",
    [{"Date of birth": "1981-05-17"}, {"Family name": "Ashford"}],
    ids=["another date of birth", "another family name"],
)
def test_an_nhs_number_already_held_by_someone_who_looks_different_is_never_merged(
    personas, numbers, changes
):
    nhs = next(numbers)
    known = factories.ServiceUserFactory(
        nhs_number=nhs, family_name="Ashdown", date_of_birth=dt.date(1980, 5, 17)
    )
    before = counts()
    report = run(personas, [person(nhs, **changes)], skip_bad=True)
    assert [(p.line, p.column) for p in report.problems] == [(2, "nhs_number")]
    assert "different date of birth or family name" in report.problems[0].message
    assert counts() == before
    assert not known.caseload_entries.filter(team=personas.team_a).exists()


def test_an_nhs_number_twice_in_one_file_is_refused_after_the_first(personas, numbers):
    nhs = next(numbers)
    report = run(personas, [person(nhs), person(nhs, **{"Given name": "Other"})], dry_run=True)
    assert [(p.line, p.column, p.message) for p in report.problems] == [
        (3, "nhs_number", "This NHS number is also on line 2")
    ]


def test_a_file_without_the_required_columns_is_refused_as_a_whole(personas):
    with pytest.raises(InvalidInput, match="missing: NHS number"):
        import_caseload(
            actor=personas.admin,
            lines=["Given name,Family name", "Robin,Ashdown"],
            file_name="x.csv",
            dry_run=True,
        )


def test_only_a_service_administrator_can_bring_in_a_caseload(personas, numbers):
    for someone in (personas.clinician, personas.manager, personas.service_user):
        with pytest.raises(PermissionDenied):
            import_caseload(
                actor=someone, lines=to_csv([person(next(numbers))]), file_name="x", dry_run=True
            )


def _planner_rows(model) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [model._meta.db_table])
        return cursor.fetchone()[0]


@pytest.mark.postgresql
def test_a_large_file_leaves_the_planner_knowing_the_tables_grew(personas, numbers):
    # Without fresh statistics the planner treats the grown tables as nearly
    # empty until autovacuum comes round, and picks plans that take minutes.
    from tandem.bulk import ANALYZE_AFTER

    assert _planner_rows(ServiceUser) < ANALYZE_AFTER
    report = run(personas, [person(next(numbers)) for _ in range(ANALYZE_AFTER)])
    assert report.added == ANALYZE_AFTER
    assert _planner_rows(ServiceUser) >= ANALYZE_AFTER
    assert _planner_rows(CaseloadEntry) >= ANALYZE_AFTER

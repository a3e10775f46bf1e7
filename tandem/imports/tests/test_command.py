"""`manage.py import_caseload`: the same rules as the page, from a file on disk,
with the skipped rows written out to be mended."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tandem.imports.tests.csvs import nhs_numbers, person, to_csv
from tandem.people.models import ServiceUser

pytestmark = pytest.mark.django_db


def write(tmp_path, rows):
    path = tmp_path / "caseload.csv"
    path.write_text("\n".join(to_csv(rows)) + "\n", encoding="utf-8")
    return path


def run(path, *args):
    out = io.StringIO()
    call_command(
        "import_caseload",
        str(path),
        "--by",
        "admin@example.org",
        "--no-progress",
        *args,
        stdout=out,
    )
    return out.getvalue()


def test_a_dry_run_lists_every_problem_and_writes_nothing(personas, tmp_path):
    numbers = nhs_numbers()
    path = write(tmp_path, [person(next(numbers)), person(next(numbers), Postcode="nowhere")])
    out = run(path, "--dry-run")
    assert "line 3, postcode: Enter a full UK postcode" in out
    assert "Dry run: nothing was written." in out
    assert not ServiceUser.objects.filter(nhs_number__startswith="99912").exists()


def test_a_real_run_with_problems_stops_and_says_how_to_go_on(personas, tmp_path):
    numbers = nhs_numbers()
    path = write(tmp_path, [person(next(numbers)), person(next(numbers), Postcode="nowhere")])
    with pytest.raises(CommandError, match="--skip-bad"):
        run(path)
    assert not ServiceUser.objects.filter(nhs_number__startswith="99912").exists()


def test_skip_bad_brings_in_the_rest_and_writes_the_skipped_rows_to_a_file(personas, tmp_path):
    numbers = nhs_numbers()
    bad = person(next(numbers), Postcode="nowhere")
    path = write(tmp_path, [person(next(numbers)), bad, person(next(numbers))])
    out = run(path, "--skip-bad")
    assert ServiceUser.objects.filter(nhs_number__startswith="99912").count() == 2
    skipped = tmp_path / "caseload.skipped.csv"
    assert f"The 1 rows skipped are in {skipped}" in out
    lines = skipped.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("NHS number,Date of birth")
    assert len(lines) == 2 and lines[1].startswith(bad["NHS number"])


def test_only_an_administrator_may_run_it(personas, tmp_path):
    path = write(tmp_path, [person(next(nhs_numbers()))])
    with pytest.raises(CommandError, match="Only a service administrator"):
        call_command("import_caseload", str(path), "--by", "clinician@example.org", "--no-progress")


def test_the_readme_sample_file_works_on_the_demo_as_the_readme_says(db, tmp_path):
    """The README tells newcomers what docs/samples/caseload.csv does on the demo."""
    call_command("seed_demo", "--people", "5", verbosity=0, stdout=io.StringIO())
    sample = Path(__file__).resolve().parents[3] / "docs" / "samples" / "caseload.csv"
    out = run(sample, "--dry-run")
    assert "line 12, team: No team has this name or code" in out
    assert "12 rows read: 11 new people would be added" in out
    with pytest.raises(CommandError, match="Nothing was imported"):
        run(sample)
    out = run(sample, "--skip-bad", "--skipped", str(tmp_path / "left-out.csv"))
    assert "11 new people were added" in out
    added = ServiceUser.objects.filter(nhs_number__startswith="99987")
    assert added.count() == 11
    assert (
        added.filter(caseload_entries__care_coordinator__user__email="dr.lee@example.org").count()
        == 5
    )

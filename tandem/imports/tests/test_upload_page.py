"""The service administrator's upload page: check a file, bring it in, and see
every bad row by line and column, with nothing half-way."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.imports.tests.csvs import nhs_numbers, person, to_csv
from tandem.people.models import ServiceUser

pytestmark = pytest.mark.django_db
URL = reverse("imports:upload")


def upload(client, rows, action, name="caseload.csv"):
    text = "\n".join(to_csv(rows)).encode()
    return client.post(URL, {"file": SimpleUploadedFile(name, text), "action": action})


def test_checking_a_file_lists_its_problems_and_saves_nothing(client_for):
    numbers = nhs_numbers()
    response = upload(
        client_for("admin"),
        [person(next(numbers)), person(next(numbers), **{"Date of birth": "1980-13-01"})],
        "check",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "File checked" in page and "Nothing has been saved" in page
    assert "2 rows read: 1 new person would be added" in page
    assert "Rows with problems" in page and "Date of birth" in page
    assert ServiceUser.objects.filter(nhs_number__startswith="99912").count() == 0


def test_bringing_in_a_good_file_adds_the_people(client_for):
    numbers = nhs_numbers()
    response = upload(client_for("admin"), [person(next(numbers)), person(next(numbers))], "import")
    assert "People brought in" in response.content.decode()
    assert ServiceUser.objects.filter(nhs_number__startswith="99912").count() == 2


def test_a_file_with_a_bad_row_brings_in_no_one_unless_asked_to_skip(client_for):
    numbers = nhs_numbers()
    rows = [person(next(numbers)), person(next(numbers), **{"Team": "nowhere"})]
    response = upload(client_for("admin"), rows, "import")
    assert "Nothing was brought in" in response.content.decode()
    assert ServiceUser.objects.filter(nhs_number__startswith="99912").count() == 0
    response = upload(client_for("admin"), rows, "import-good")
    assert "were left out" in response.content.decode()
    assert ServiceUser.objects.filter(nhs_number__startswith="99912").count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"Given name\nRobin\n", "missing: NHS number"),
        ("NHS number\n\u00e9".encode("latin-1"), "Save the file as CSV UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_is_explained_on_the_form(client_for, content, message):
    response = client_for("admin").post(
        URL, {"file": SimpleUploadedFile("x.csv", content), "action": "check"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page


def test_no_file_chosen_says_so(client_for):
    response = client_for("admin").post(URL, {"action": "check"})
    assert "Choose a CSV file" in response.content.decode()

"""The service-wide crisis lines change only when an administrator says exactly
what changes (issue 16, item 2; HAZ-151).

The page used to take numbered rows and replace the whole list with whatever
rows came: a post carrying one row removed every other line from every
person's 'Need help now?' page. It now works as a team's own lines do
(HAZ-149): every line by id, emptying is not removing, a confirm page naming
who stops seeing what, and the service's last line goes only with a
replacement.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.audit.models import AuditEvent
from tandem.people.models import CarerLink, CrisisContact, ServiceUser
from tandem.people.services import DEFAULT_CRISIS_CONTACTS
from tandem.safety.tests.test_team_crisis_lines import NOTHING_CHANGED, drop, fields_of, text
from tests.personas import Personas

pytestmark = pytest.mark.django_db

URL = "/service/crisis-contacts/"
BEFORE = [("NHS 111, option 2", "111"), ("Samaritans", "116123"), ("Emergency services", "999")]


@pytest.fixture
def service_lines(personas: Personas) -> list[CrisisContact]:
    """The national lines, saved as the demo saves them."""
    return [
        CrisisContact.objects.create(
            organisation=personas.organisation, position=i, **details.__dict__
        )
        for i, details in enumerate(DEFAULT_CRISIS_CONTACTS)
    ]


@pytest.fixture
def admin(client_for) -> Client:  # type: ignore[no-untyped-def]
    return client_for("admin")


def saved() -> list[tuple[str, str]]:
    return [
        (c.name, c.phone)
        for c in CrisisContact.objects.filter(team__isnull=True).order_by("position", "pk")
    ]


def audited() -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="people.Organisation").values_list("what", flat=True)
    )


def help_page(client_for, who: str) -> str:  # type: ignore[no-untyped-def]
    return text(client_for(who).get(reverse("web:help")))


def test_the_page_is_the_one_the_matrix_knows() -> None:
    assert reverse("people:crisis-contacts") == URL


@pytest.mark.parametrize(
    "spoil",
    [
        # What the old page sent: one numbered row, read as 'the whole list'.
        pytest.param(
            lambda d: {"name_0": "Fake line", "how_0": "Call 0", "phone_0": "0"}, id="old-form"
        ),
        pytest.param(lambda d: {}, id="nothing-at-all"),
        pytest.param(lambda d: drop(d, "lines-1-", "lines-2-"), id="rows-missing"),
        pytest.param(lambda d: drop(d, "lines-2-name"), id="a-field-missing"),
        pytest.param(lambda d: {**d, "lines-TOTAL_FORMS": "1"}, id="total-cut"),
        pytest.param(
            lambda d: {**d, "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0"},
            id="counts-zeroed",
        ),
        pytest.param(lambda d: {**d, "lines-0-contact": d["lines-2-contact"]}, id="row-swapped"),
        pytest.param(lambda d: drop(d, "based_on"), id="no-based-on"),
    ],
)
def test_a_post_that_does_not_carry_every_line_changes_nothing(
    service_lines: list[CrisisContact],
    admin: Client,
    client_for,  # type: ignore[no-untyped-def]
    spoil,  # type: ignore[no-untyped-def]
) -> None:
    good = fields_of(admin.get(URL))
    # Even with 'confirm' sent, as if the confirm page had been skipped.
    response = admin.post(URL, {**spoil(good), "confirm": "yes"})
    assert response.status_code == 400
    assert NOTHING_CHANGED in text(response)
    assert saved() == BEFORE
    assert audited() == []
    # The page offers the lines as they are saved.
    assert fields_of(response)["lines-1-name"] == "Samaritans"
    assert "Samaritans" in help_page(client_for, "service_user")


def test_an_emptied_line_is_not_taken_as_removed(
    service_lines: list[CrisisContact], admin: Client
) -> None:
    data = fields_of(admin.get(URL))
    for part in ("name", "how", "phone", "description"):
        data[f"lines-1-{part}"] = ""
    response = admin.post(URL, {**data, "confirm": "yes"})
    assert response.status_code == 200
    assert "Contact 2 is empty. To take it off, tick 'Remove this line'" in text(response)
    assert saved() == BEFORE


def test_a_page_opened_before_someone_else_changed_the_lines_saves_nothing(
    service_lines: list[CrisisContact], admin: Client
) -> None:
    data = fields_of(admin.get(URL))
    CrisisContact.objects.filter(pk=service_lines[2].pk).update(phone="112")
    data["lines-1-remove"] = "on"
    response = admin.post(URL, {**data, "confirm": "yes"})
    assert response.status_code == 400
    assert "Someone changed these crisis lines after you opened the page" in text(response)
    assert [name for name, _ in saved()] == [name for name, _ in BEFORE]


def test_removing_a_line_names_everyone_who_loses_it_then_removes_it_and_audits(
    service_lines: list[CrisisContact],
    admin: Client,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    people = ServiceUser.objects.count()
    carers = CarerLink.objects.filter(withdrawn_at__isnull=True).values("carer").distinct().count()
    data = fields_of(admin.get(URL))
    data["lines-1-remove"] = "on"
    confirm = admin.post(URL, data)
    assert confirm.status_code == 200
    page = text(confirm)
    assert "Check the changes to the service-wide crisis lines" in page
    assert (
        "The crisis line Samaritans (116123) will no longer show on the 'Need help now?' "
        f"page of every person using the service ({people} people) and their carers "
        f"({carers} carer{'' if carers == 1 else 's'}), and on their safety plans." in page
    )
    assert "Out-of-hours line" not in page  # a team's matter, not asked here
    assert saved() == BEFORE  # not until confirmed
    assert "Samaritans" in help_page(client_for, "carer")

    done = admin.post(URL, {**fields_of(confirm), "confirm": "yes"}, follow=True)
    assert "Service-wide crisis lines changed" in text(done)
    assert saved() == [BEFORE[0], BEFORE[2]]
    assert "Samaritans" not in help_page(client_for, "service_user")
    assert "Samaritans" not in help_page(client_for, "carer")
    assert audited() == [
        "Changed the service-wide crisis lines: removed the crisis line Samaritans (116123)"
    ]


def test_changing_a_line_shows_it_before_and_after(
    service_lines: list[CrisisContact], admin: Client
) -> None:
    data = fields_of(admin.get(URL))
    data["lines-1-phone"] = "116 124"
    confirm = admin.post(URL, data)
    page = text(confirm)
    assert "The crisis line Samaritans (116123) will change" in page
    back = admin.post(URL, {**fields_of(confirm), "edit": "yes"})
    assert fields_of(back)["lines-1-phone"] == "116 124"
    admin.post(URL, {**fields_of(confirm), "confirm": "yes"})
    assert saved()[1] == ("Samaritans", "116124")
    assert "changed the crisis line Samaritans (116123) to" in audited()[0]


def test_saving_the_lines_unchanged_changes_nothing(
    service_lines: list[CrisisContact], admin: Client
) -> None:
    response = admin.post(URL, fields_of(admin.get(URL)), follow=True)
    assert "Nothing changed in the service-wide crisis lines" in text(response)
    assert audited() == []


def test_the_last_service_wide_line_goes_only_with_its_replacement(
    service_lines: list[CrisisContact],
    admin: Client,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    data = fields_of(admin.get(URL))
    data |= {"lines-0-remove": "on", "lines-1-remove": "on", "lines-2-remove": "on"}
    refused = admin.post(URL, {**data, "confirm": "yes"})
    page = text(refused)
    assert "You cannot remove the crisis line NHS 111, option 2 (111)" in page
    assert "without naming the line that replaces it" in page
    assert "The line that replaces it" in page
    assert 'href="#id_lines-3-name"' in page
    assert saved() == BEFORE

    data |= {"lines-3-name": "Leeds crisis line", "lines-3-how": "Call 0800 000 0000"}
    confirm = admin.post(URL, data)
    assert "The crisis line Leeds crisis line will show to every person" in text(confirm)
    admin.post(URL, {**fields_of(confirm), "confirm": "yes"})
    assert saved() == [("Leeds crisis line", "")]
    assert "Leeds crisis line" in help_page(client_for, "service_user")


def test_a_forged_out_of_hours_tick_is_ignored(
    service_lines: list[CrisisContact], admin: Client
) -> None:
    data = fields_of(admin.get(URL))
    assert "lines-0-out_of_hours" not in admin.get(URL).content.decode()
    response = admin.post(URL, {**data, "lines-0-out_of_hours": "on"}, follow=True)
    assert "Nothing changed in the service-wide crisis lines" in text(response)


def test_with_none_saved_the_first_line_is_named_as_replacing_the_national_ones(
    personas: Personas, admin: Client
) -> None:
    page = admin.get(URL)
    assert "No service-wide lines are saved, so people see these national lines" in text(page)
    data = fields_of(page)
    data |= {"lines-0-name": "Leeds crisis line", "lines-0-how": "Call 0800 000 0000"}
    confirm = text(admin.post(URL, data))
    assert "The crisis line Samaritans (116123) will no longer show" in confirm
    assert "The crisis line Leeds crisis line will show to every person" in confirm


def test_only_a_service_administrator_changes_them(
    service_lines: list[CrisisContact],
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    admin = client_for("admin")
    data = {**fields_of(admin.get(URL)), "lines-1-remove": "on", "confirm": "yes"}
    assert client_for("manager").post(URL, data).status_code == 404
    assert saved() == BEFORE

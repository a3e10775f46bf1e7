"""A team's crisis lines change only when a manager says exactly what changes
(issue 16, item 2; HAZ-149).

One bad form once removed a team's out-of-hours line from every person's
'Need help now?' page: fields that did not match were read as 'every row
empty' and saved. Here a form that does not carry every line changes nothing,
removing or changing a line goes through a page naming what goes and from
whom, and the team's last out-of-hours line goes only with its replacement.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tandem.audit.models import AuditEvent
from tandem.people.models import CrisisContact
from tandem.safety.models import OutOfHoursLine
from tests.personas import Personas

pytestmark = pytest.mark.django_db

NOTHING_CHANGED = "This form did not carry every crisis line, so nothing was changed"


class FormFields(HTMLParser):
    """The fields a browser would send from the page's form, as the page has them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method") == "post":
            self.in_form = True
        if not self.in_form or tag != "input" or a.get("name") == "csrfmiddlewaretoken":
            return
        if a.get("type") == "checkbox" and "checked" not in a:
            return
        self.fields[a["name"]] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False


def fields_of(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.fields


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def lines(personas: Personas) -> tuple[CrisisContact, CrisisContact]:
    """Northgate's out-of-hours line, as the demo has it, and a day line."""
    ooh = CrisisContact.objects.create(
        organisation=personas.organisation,
        team=personas.team_a,
        name="Northgate, out of hours",
        how="Call the team's out-of-hours line",
        phone="01134960199",
        position=0,
    )
    OutOfHoursLine.objects.create(contact=ooh)
    day = CrisisContact.objects.create(
        organisation=personas.organisation,
        team=personas.team_a,
        name="Northgate duty worker",
        how="Call the duty worker",
        phone="01134960100",
        position=1,
    )
    return ooh, day


@pytest.fixture
def manager(client_for) -> Client:  # type: ignore[no-untyped-def]
    return client_for("manager")


def url(personas: Personas) -> str:
    return reverse("safety:team-crisis-contacts", args=[personas.team_a.pk])


def saved(personas: Personas) -> list[tuple[str, str, bool]]:
    return [
        (c.name, c.phone, OutOfHoursLine.objects.filter(contact=c).exists())
        for c in CrisisContact.objects.filter(team=personas.team_a).order_by("position")
    ]


BEFORE = [
    ("Northgate, out of hours", "01134960199", True),
    ("Northgate duty worker", "01134960100", False),
]


def sams_help_page(client_for) -> str:  # type: ignore[no-untyped-def]
    return text(client_for("service_user").get(reverse("web:help")))


# --- Forms that do not match change nothing ------------------------------------------


def drop(data: dict[str, str], *prefixes: str) -> dict[str, str]:
    return {k: v for k, v in data.items() if not k.startswith(prefixes)}


@pytest.mark.parametrize(
    "spoil",
    [
        # The form as the old page sent it (issue 16): no row matches.
        pytest.param(
            lambda d: {"based_on": d["based_on"], "name_0": "", "how_0": ""}, id="old-fields"
        ),
        pytest.param(lambda d: {}, id="nothing-at-all"),
        pytest.param(lambda d: drop(d, "lines-TOTAL", "lines-INITIAL"), id="no-management"),
        pytest.param(
            lambda d: {k.replace("lines-", "form-"): v for k, v in d.items()}, id="wrong-prefix"
        ),
        pytest.param(lambda d: drop(d, "lines-0-", "lines-1-", "lines-2-"), id="no-rows"),
        pytest.param(lambda d: drop(d, "lines-1-"), id="a-row-missing"),
        pytest.param(lambda d: drop(d, "lines-0-name"), id="a-field-missing"),
        pytest.param(lambda d: {**d, "lines-TOTAL_FORMS": "1"}, id="total-cut"),
        pytest.param(
            lambda d: {**d, "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
            id="counts-zeroed",
        ),
        pytest.param(lambda d: {**d, "lines-INITIAL_FORMS": "1"}, id="initial-cut"),
        pytest.param(lambda d: {**d, "lines-TOTAL_FORMS": "9"}, id="total-raised"),
        pytest.param(lambda d: {**d, "lines-0-contact": d["lines-1-contact"]}, id="row-swapped"),
        pytest.param(lambda d: {**d, "lines-2-contact": d["lines-0-contact"]}, id="row-repeated"),
        pytest.param(lambda d: {**d, "lines-0-contact": "99999"}, id="row-unknown"),
        pytest.param(lambda d: drop(d, "based_on"), id="no-based-on"),
    ],
)
def test_a_form_that_does_not_carry_every_line_changes_nothing(
    personas: Personas,
    lines: tuple[CrisisContact, CrisisContact],
    manager: Client,
    client_for,  # type: ignore[no-untyped-def]
    spoil,  # type: ignore[no-untyped-def]
) -> None:
    good = fields_of(manager.get(url(personas)))
    # Even with 'confirm' sent, as if the confirm page had been skipped.
    response = manager.post(url(personas), {**spoil(good), "confirm": "yes"})
    assert response.status_code == 400
    assert NOTHING_CHANGED in text(response)
    assert "There is a problem" in text(response)
    assert saved(personas) == BEFORE
    assert not AuditEvent.objects.filter(object_type="people.CareTeam").exists()
    # The page offers the lines as they are saved, not as the bad form had them.
    assert fields_of(response)["lines-0-name"] == "Northgate, out of hours"
    assert "Northgate, out of hours" in sams_help_page(client_for)


def test_an_emptied_line_is_not_taken_as_removed(
    personas: Personas, lines: tuple[CrisisContact, CrisisContact], manager: Client
) -> None:
    data = fields_of(manager.get(url(personas)))
    for part in ("name", "how", "phone", "description"):
        data[f"lines-1-{part}"] = ""
    response = manager.post(url(personas), {**data, "confirm": "yes"})
    assert response.status_code == 200
    assert "Contact 2 is empty. To take it off, tick 'Remove this line'" in text(response)
    assert saved(personas) == BEFORE


def test_a_page_opened_before_someone_else_changed_the_lines_saves_nothing(
    personas: Personas, lines: tuple[CrisisContact, CrisisContact], manager: Client
) -> None:
    data = fields_of(manager.get(url(personas)))
    CrisisContact.objects.filter(pk=lines[1].pk).update(name="Renamed meanwhile")
    data["lines-1-remove"] = "on"
    response = manager.post(url(personas), {**data, "confirm": "yes"})
    assert response.status_code == 400
    assert "Someone changed these crisis lines after you opened the page" in text(response)
    assert CrisisContact.objects.filter(name="Renamed meanwhile").exists()


# --- Removing or changing a line is confirmed --------------------------------------------


def test_removing_a_line_names_what_goes_and_from_whom_then_removes_it(
    personas: Personas,
    lines: tuple[CrisisContact, CrisisContact],
    manager: Client,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    data = fields_of(manager.get(url(personas)))
    data["lines-1-remove"] = "on"
    confirm = manager.post(url(personas), data)
    assert confirm.status_code == 200
    page = text(confirm)
    assert "Check the changes to Northgate CMHT's crisis lines" in page
    assert (
        "The crisis line Northgate duty worker (0113 496 0100) will no longer show on the "
        "'Need help now?' page of the 1 person open to Northgate CMHT (and their "
        "1 carer), and on their safety plans." in page
    )
    assert "Nothing has changed yet" in page
    assert saved(personas) == BEFORE  # not until confirmed
    assert "Northgate duty worker" in sams_help_page(client_for)

    done = manager.post(url(personas), {**fields_of(confirm), "confirm": "yes"})
    assert done.status_code == 302
    assert saved(personas) == BEFORE[:1]
    assert "Northgate duty worker" not in sams_help_page(client_for)
    event = AuditEvent.objects.get(object_type="people.CareTeam")
    assert "removed the crisis line Northgate duty worker (0113 496 0100)" in event.what


def test_changing_a_line_shows_it_before_and_after(
    personas: Personas, lines: tuple[CrisisContact, CrisisContact], manager: Client
) -> None:
    data = fields_of(manager.get(url(personas)))
    data["lines-0-phone"] = "0113 496 0198"
    confirm = manager.post(url(personas), data)
    page = text(confirm)
    assert "The out-of-hours line Northgate, out of hours (0113 496 0199) will change" in page
    assert 'value">0113 496 0199</dd>' in page  # now
    assert 'value">0113 496 0198</dd>' in page  # after the change
    assert saved(personas) == BEFORE

    # 'Go back and change them' keeps what was typed.
    back = manager.post(url(personas), {**fields_of(confirm), "edit": "yes"})
    assert fields_of(back)["lines-0-phone"] == "0113 496 0198"

    manager.post(url(personas), {**fields_of(confirm), "confirm": "yes"})
    assert saved(personas)[0] == ("Northgate, out of hours", "01134960198", True)


def test_saving_the_lines_unchanged_changes_nothing(
    personas: Personas, lines: tuple[CrisisContact, CrisisContact], manager: Client
) -> None:
    response = manager.post(url(personas), fields_of(manager.get(url(personas))), follow=True)
    assert "Nothing changed in the crisis lines for Northgate CMHT" in text(response)
    assert not AuditEvent.objects.filter(object_type="people.CareTeam").exists()


def test_adding_a_line_is_confirmed_then_shows_first_for_the_teams_people(
    personas: Personas,
    manager: Client,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    data = fields_of(manager.get(url(personas)))
    data |= {"lines-0-name": "Northgate crisis line", "lines-0-how": "Call 0113 496 0999"}
    data["lines-0-phone"] = "0113 496 0999"
    confirm = manager.post(url(personas), data)
    assert "The crisis line Northgate crisis line (0113 496 0999) will show to" in text(confirm)
    manager.post(url(personas), {**fields_of(confirm), "confirm": "yes"})
    assert saved(personas) == [("Northgate crisis line", "01134960999", False)]
    assert "Northgate crisis line" in sams_help_page(client_for)
    # and with his safety plan.
    plan = client_for("service_user").get(reverse("safety:mine"))
    assert "Northgate crisis line" in text(plan)


def test_a_bad_new_line_says_what_is_wrong_and_saves_nothing(
    personas: Personas, manager: Client
) -> None:
    data = fields_of(manager.get(url(personas)))
    data |= {"lines-0-name": "Line", "lines-0-how": "", "lines-0-phone": "call me"}
    response = manager.post(url(personas), data)
    assert response.status_code == 200
    assert "Enter how to reach contact 1" in text(response)
    assert "Number to dial for contact 1 must be digits only" in text(response)
    assert not CrisisContact.objects.filter(team=personas.team_a).exists()


# --- The last out-of-hours line --------------------------------------------------------


def test_the_last_out_of_hours_line_goes_only_with_its_replacement(
    personas: Personas,
    lines: tuple[CrisisContact, CrisisContact],
    manager: Client,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    data = fields_of(manager.get(url(personas)))
    data["lines-0-remove"] = "on"
    refused = manager.post(url(personas), {**data, "confirm": "yes"})
    page = text(refused)
    assert refused.status_code == 200
    assert (
        "You cannot remove the out-of-hours line Northgate, out of hours (0113 496 0199) "
        "without naming the line that replaces it" in page
    )
    # The form asks for the replacement, and the error takes you there.
    assert "The line that replaces it" in page
    assert 'href="#id_lines-2-name"' in page
    assert saved(personas) == BEFORE

    # A replacement that is not marked out-of-hours does not count.
    data |= {"lines-2-name": "Leeds crisis line", "lines-2-how": "Call 0800 000 0000"}
    assert "without naming the line" in text(manager.post(url(personas), data))

    data["lines-2-out_of_hours"] = "on"
    confirm = manager.post(url(personas), data)
    page = text(confirm)
    assert "The out-of-hours line Northgate, out of hours (0113 496 0199) will no longer" in page
    assert "The out-of-hours line Leeds crisis line will show to" in page
    manager.post(url(personas), {**fields_of(confirm), "confirm": "yes"})
    assert saved(personas) == [
        ("Northgate duty worker", "01134960100", False),
        ("Leeds crisis line", "", True),
    ]
    assert "Leeds crisis line" in sams_help_page(client_for)


def test_unticking_out_of_hours_on_the_last_one_is_refused(
    personas: Personas, lines: tuple[CrisisContact, CrisisContact], manager: Client
) -> None:
    data = fields_of(manager.get(url(personas)))
    del data["lines-0-out_of_hours"]
    response = manager.post(url(personas), {**data, "confirm": "yes"})
    assert "without naming the line that replaces it" in text(response)
    assert saved(personas) == BEFORE


def test_a_team_without_an_out_of_hours_line_may_empty_its_list(
    personas: Personas, lines: tuple[CrisisContact, CrisisContact], manager: Client
) -> None:
    OutOfHoursLine.objects.all().delete()
    data = fields_of(manager.get(url(personas)))
    data |= {"lines-0-remove": "on", "lines-1-remove": "on"}
    confirm = manager.post(url(personas), data)
    manager.post(url(personas), {**fields_of(confirm), "confirm": "yes"})
    assert saved(personas) == []


def test_the_teams_list_says_which_line_is_out_of_hours(
    lines: tuple[CrisisContact, CrisisContact], manager: Client
) -> None:
    page = text(manager.get(reverse("safety:crisis-teams")))
    assert "Call the team's out-of-hours line (01134960199). Out-of-hours line</li>" in page
    assert "Call the duty worker (01134960100)</li>" in page


def test_the_form_shown_again_after_a_refusal_still_carries_every_line(
    personas: Personas, lines: tuple[CrisisContact, CrisisContact], manager: Client
) -> None:
    data = fields_of(manager.get(url(personas)))
    data["lines-0-remove"] = "on"
    refused = manager.post(url(personas), data)
    again = fields_of(refused)
    assert again["lines-TOTAL_FORMS"] == "3" and again["lines-INITIAL_FORMS"] == "2"
    del again["lines-0-remove"]
    again["lines-1-remove"] = "on"
    confirm = manager.post(url(personas), again)
    assert confirm.status_code == 200
    assert "Northgate duty worker (0113 496 0100) will no longer show" in text(confirm)

"""Bad input never gives a 500: the NHS error summary, a message per field,
and nothing saved half-way."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.audit.models import AuditEvent
from tandem.home.forms import PersonForm
from tandem.people.models import ServiceUser

pytestmark = pytest.mark.django_db


def registration(personas, **changes):
    data = {
        "team": personas.team_a.pk,
        "care_coordinator": personas.clinician.staff.pk,
        "given_name": "Rowan",
        "family_name": "Hughes",
        "nhs_number": "",
        "date_of_birth_day": "12",
        "date_of_birth_month": "4",
        "date_of_birth_year": "1990",
        "phone": "0161 496 0123",
        "email": "",
        "postcode": "LS1 4AP",
        "sex": "2",
        "gender_identity": "",
        "ethnicity": "A",
        "disability": "N",
        "first_language": "English",
        "imd_decile": "3",
    }
    data.update(changes)
    return data


def test_valid_registration_adds_person_to_team(client_for, personas):
    response = client_for("clinician").post(reverse("people:register"), registration(personas))
    assert response.status_code == 302
    added = ServiceUser.objects.get(family_name="Hughes")
    assert added.phone == "+441614960123"
    assert added.caseload_entries.get().team == personas.team_a


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"nhs_number": "1234567890"}, "id_nhs_number", "Enter a valid NHS number"),
        ({"nhs_number": "12345"}, "id_nhs_number", "10 digits"),
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "2"},
            "date_of_birth_day",
            "Date of birth must be a real date",
        ),
        ({"date_of_birth_year": "2090"}, "date_of_birth_day", "must be in the past"),
        ({"date_of_birth_day": ""}, "date_of_birth_day", "Date of birth must include a day"),
        (
            {"date_of_birth_year": "90"},
            "date_of_birth_day",
            "The year in date of birth must include 4 numbers",
        ),
        ({"phone": "abc"}, "id_phone", "Enter a phone number"),
        (
            {"given_name": "x" * 10_000},
            "id_given_name",
            "First name must be 100 characters or fewer",
        ),
        ({"given_name": ""}, "id_given_name", "Enter first name"),
        ({"postcode": "nowhere"}, "id_postcode", "Enter a full UK postcode"),
        ({"ethnicity": "Q"}, "id_ethnicity", "Select ethnicity from the list"),
        ({"team": "__team_b__"}, "id_team", "Select a team you work in"),
    ],
)
def test_each_mistake_gets_a_message_and_nothing_is_saved(
    client_for, personas, changes, field_id, message
):
    if changes.get("team") == "__team_b__":
        changes = {"team": personas.team_b.pk}
    before_people, before_audit = ServiceUser.objects.count(), AuditEvent.objects.count()
    response = client_for("clinician").post(
        reverse("people:register"), registration(personas, **changes)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert f'href="#{field_id}"' in body
    assert message in body
    assert ServiceUser.objects.count() == before_people
    assert AuditEvent.objects.count() == before_audit  # no write, no audit row


def test_duplicate_nhs_number_is_a_message_not_an_error(client_for, personas):
    response = client_for("clinician").post(
        reverse("people:register"), registration(personas, nhs_number=personas.su.nhs_number)
    )
    assert response.status_code == 200
    assert "Another record already has this NHS number" in response.content.decode()
    assert ServiceUser.objects.filter(nhs_number=personas.su.nhs_number).count() == 1


def test_service_user_contact_details_reject_a_bad_postcode(client_for, personas):
    before = (personas.su.postcode, personas.su.pronouns)
    response = client_for("service_user").post(
        reverse("people:my-details-change"), {"postcode": "not a postcode", "pronouns": "ze/zir"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'href="#id_postcode"' in body
    personas.su.refresh_from_db()
    assert (personas.su.postcode, personas.su.pronouns) == before


def test_service_user_can_update_postcode_and_pronouns(client_for, personas):
    response = client_for("service_user").post(
        reverse("people:my-details-change"), {"postcode": "ls1 4ap", "pronouns": "they/them"}
    )
    assert response.status_code == 302
    personas.su.refresh_from_db()
    assert (personas.su.postcode, personas.su.pronouns) == ("LS1 4AP", "they/them")
    event = AuditEvent.objects.filter(subject_id=personas.su.pk).latest("pk")
    assert event.what == "Changed own postcode, pronouns"


def test_email_and_mobile_are_not_changed_without_a_code(client_for, personas):
    """HAZ-168: the old page cannot move the account's messages elsewhere. Email
    and mobile posted to it are ignored; the page sends people to the route
    that sends a code to the new address and tells the old one."""
    email, phone = personas.su.email, personas.su.phone
    client = client_for("service_user")
    page = client.get(reverse("people:my-details-change")).content.decode()
    assert reverse("invitations:contact-change") in page
    assert 'name="email"' not in page
    assert 'name="phone"' not in page
    response = client.post(
        reverse("people:my-details-change"),
        {"email": "someone.else@example.org", "phone": "07700 900999", "postcode": "LS1 4AP"},
    )
    assert response.status_code == 302
    personas.su.refresh_from_db()
    assert (personas.su.email, personas.su.phone, personas.su.postcode) == (
        email,
        phone,
        "LS1 4AP",
    )


form_values = st.dictionaries(
    st.sampled_from(
        [*PersonForm.base_fields, "date_of_birth_day", "date_of_birth_month", "date_of_birth_year"]
    ),
    st.text(max_size=300),
)


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(form_values)
def test_person_form_never_raises_on_arbitrary_input(personas, data):
    form = PersonForm(data)
    if form.is_valid():
        assert form.details().given_name
    else:
        assert form.errors


def test_service_refuses_a_coordinator_from_another_team(personas):
    from django.core.exceptions import PermissionDenied

    from tandem.home.forms import RegisterForm
    from tandem.people.services import register_service_user

    form = RegisterForm(
        registration(personas, care_coordinator=""),
        teams=[(personas.team_a.pk, "A")],
        coordinators=[],
    )
    assert form.is_valid(), form.errors
    with pytest.raises(PermissionDenied):
        register_service_user(
            actor=personas.clinician,
            team=personas.team_a,
            details=form.details(),
            care_coordinator=personas.outsider.staff,
        )
    assert not ServiceUser.objects.filter(family_name="Hughes").exists()


def test_date_of_birth_of_only_spaces_is_asked_for_again(personas):
    form = PersonForm(
        {
            "given_name": "Rowan",
            "family_name": "Hughes",
            "date_of_birth_day": " ",
            "date_of_birth_month": "",
            "date_of_birth_year": "",
        }
    )
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == ["Enter date of birth"]

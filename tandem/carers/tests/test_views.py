"""The carers pages: clear errors, nothing saved half-way, access checked on
every request."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.carers import invitations
from tandem.carers.models import CarerInvite, CarerView
from tandem.notify.models import Message
from tandem.people.models import Carer, CarerLink, User
from tests.pages import same_page_text
from tests.personas import Personas

pytestmark = pytest.mark.django_db

INVITE = {
    "given_name": "Jo",
    "family_name": "Rivers",
    "relationship": "Sister",
    "sent_by": "email",
    "email": "jo.rivers@example.org",
    "phone": "",
    "scopes": ["can_see_appointments", "can_give_views"],
}
PASSWORD = "kettle orchard lantern"


def invited(p: Personas) -> str:
    issued = invitations.invite_carer(
        actor=p.service_user,
        details=invitations.CarerDetails(
            given_name="Jo", family_name="Rivers", email="jo.rivers@example.org", phone=""
        ),
        relationship="Sister",
        sent_by="email",
        chosen=["can_see_appointments"],
    )
    return issued.path


def page(response) -> str:  # type: ignore[no-untyped-def]
    return same_page_text(response)


# --- The service user's page ---------------------------------------------------------


def test_the_page_lists_each_carer_and_what_they_can_see(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("service_user").get(reverse("carers:mine"))
    assert response.status_code == 200
    text = page(response)
    assert "Alex Taylor" in text
    assert "See appointments" in text
    assert "Join video calls" in text
    assert "See the safety plan" not in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"given_name": ""}, "Enter their first name"),
        ({"relationship": ""}, "Enter how they are related to you"),
        ({"email": ""}, "Enter an email address to send the invitation by email"),
        ({"email": "not an email"}, "Enter an email address in the correct format"),
        ({"sent_by": "sms"}, "Enter a mobile phone number to send the invitation by text"),
        ({"sent_by": "pigeon"}, "Select how to send the invitation from the list"),
        ({"phone": "12"}, "Enter a phone number, like"),
        ({"scopes": ["can_read_everything"]}, "Select what to share from the list"),
    ],
)
def test_a_bad_invitation_says_what_is_wrong_and_saves_nothing(
    client_for,  # type: ignore[no-untyped-def]
    change: dict[str, object],
    message: str,
) -> None:
    response = client_for("service_user").post(reverse("carers:invite"), {**INVITE, **change})
    assert response.status_code == 200
    assert "There is a problem" in page(response)
    assert message in page(response)
    assert not CarerInvite.objects.exists()
    assert not Carer.objects.filter(given_name="Jo").exists()
    assert not Message.objects.exists()


def test_an_invitation_is_sent_and_listed_until_accepted(client_for) -> None:  # type: ignore[no-untyped-def]
    sam = client_for("service_user")
    response = sam.post(reverse("carers:invite"), INVITE, follow=True)
    assert "We have sent Jo Rivers an invitation by email" in page(response)
    assert "Invitations waiting to be accepted" in page(response)
    assert Message.objects.filter(template="carer_invite").count() == 1


def test_withdrawing_asks_first_then_the_carer_is_refused_at_once(
    client_for,  # type: ignore[no-untyped-def]
    personas: Personas,
) -> None:
    carer = client_for("carer")
    carer_page = reverse("people:carer-person", kwargs={"pk": personas.su.pk})
    assert carer.get(carer_page).status_code == 200
    sam = client_for("service_user")
    url = reverse("carers:withdraw", kwargs={"pk": personas.carer_link.pk})
    confirm = sam.get(url)
    assert "Stop sharing with Alex Taylor?" in page(confirm)
    personas.carer_link.refresh_from_db()
    assert personas.carer_link.withdrawn_at is None  # asking changes nothing
    sam.post(url)
    personas.carer_link.refresh_from_db()
    assert personas.carer_link.withdrawn_by == personas.service_user
    assert carer.get(carer_page).status_code == 404
    assert carer.get(reverse("appointments:carer")).status_code == 200
    assert "Sam" not in page(carer.get(reverse("people:carer-home")))


def test_a_scope_change_shows_on_the_carers_next_request(
    client_for,  # type: ignore[no-untyped-def]
    personas: Personas,
) -> None:
    carer = client_for("carer")
    give = reverse("carers:give-view", kwargs={"pk": personas.su.pk})
    assert carer.get(give).status_code == 404
    client_for("service_user").post(
        reverse("carers:change", kwargs={"pk": personas.carer_link.pk}),
        {"scopes": ["can_give_views"]},
    )
    assert carer.get(give).status_code == 200
    home = page(carer.get(reverse("people:carer-home")))
    assert "Give their view" in home
    assert "See appointments" not in home


# --- Accepting --------------------------------------------------------------------------


def test_the_invitation_names_the_person_and_what_will_be_shared(personas: Personas) -> None:
    response = Client().get(invited(personas))
    assert response.status_code == 200
    assert "Sam Taylor has invited you" in page(response)
    assert "See appointments" in page(response)
    assert "Join video calls" not in page(response)


def test_a_forged_link_gets_the_same_page_as_a_used_one(personas: Personas) -> None:
    path = invited(personas)
    forged = Client().get(reverse("carers:accept", kwargs={"token": "a" * 64}))
    Client().post(
        path,
        {
            "full_name": "Jo Rivers",
            "email": "jo.rivers@example.org",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    used = Client().get(path)
    assert forged.status_code == used.status_code == 404
    assert "This link does not work" in page(forged)
    assert page(forged) == page(used)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password": "short", "password_again": "short"}, "This password is too short"),
        ({"password": "password1234", "password_again": "password1234"}, "too common"),
        ({"password_again": "something else entirely"}, "The passwords do not match"),
        ({"email": "carer@example.org"}, "An account already uses this email address"),
        ({"full_name": ""}, "Enter your full name"),
    ],
)
def test_a_bad_account_says_what_is_wrong_and_saves_nothing(
    personas: Personas, change: dict[str, str], message: str
) -> None:
    path = invited(personas)
    form = {
        "full_name": "Jo Rivers",
        "email": "jo.rivers@example.org",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    response = Client().post(path, {**form, **change})
    assert response.status_code == 200
    assert message in page(response)
    assert not User.objects.filter(email="jo.rivers@example.org").exists()
    assert CarerLink.objects.filter(service_user=personas.su).count() == 1
    assert Client().get(path).status_code == 200  # the link still works


def test_making_an_account_accepts_and_signs_the_carer_in(personas: Personas) -> None:
    client = Client()
    response = client.post(
        invited(personas),
        {
            "full_name": "Jo Rivers",
            "email": "jo.rivers@example.org",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "people:carer-person", kwargs={"pk": personas.su.pk}
    )
    assert "You are now linked as a carer for Sam Taylor" in page(response)
    assert client.get(reverse("appointments:carer")).status_code == 200


def test_a_signed_in_carer_just_accepts(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    issued = invitations.invite_carer(
        actor=personas.other_service_user,
        details=invitations.CarerDetails(
            given_name="Alex", family_name="Taylor", email="carer@example.org", phone=""
        ),
        relationship="Friend",
        sent_by="email",
        chosen=["can_give_views"],
    )
    alex = client_for("carer")
    assert "Make your account" not in page(alex.get(issued.path))
    alex.post(issued.path)
    assert (
        alex.get(reverse("carers:give-view", kwargs={"pk": personas.other_su.pk})).status_code
        == 200
    )


def test_the_person_cannot_accept_their_own_invitation(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    path = invited(personas)
    response = client_for("service_user").post(path)
    assert response.status_code == 200
    assert "You cannot be your own carer" in page(response)
    assert CarerLink.objects.filter(service_user=personas.su).count() == 1


# --- Staff --------------------------------------------------------------------------------

STAFF_ADD = {
    "given_name": "Pat",
    "family_name": "Taylor",
    "relationship": "Mum",
    "email": "pat@example.org",
    "phone": "",
    "scopes": ["can_see_appointments"],
    "basis": "best_interests",
    "basis_note": "Best interests meeting on 3 March with Sam's GP",
    "send_invite_by": "email",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"basis_note": ""}, "Enter how the person consented, or the reasons for the legal basis"),
        ({"basis": ""}, "Select why this carer is involved"),
        ({"send_invite_by": "sms"}, "Enter a mobile phone number to send the invitation by text"),
    ],
)
def test_staff_adding_a_carer_must_record_the_basis(
    client_for,  # type: ignore[no-untyped-def]
    personas: Personas,
    change: dict[str, str],
    message: str,
) -> None:
    url = reverse("carers:staff-add", kwargs={"pk": personas.su.pk})
    response = client_for("clinician").post(url, {**STAFF_ADD, **change})
    assert response.status_code == 200
    assert message in page(response)
    assert CarerLink.objects.filter(service_user=personas.su).count() == 1


def test_staff_add_a_carer_and_see_the_basis_on_the_record(
    client_for,  # type: ignore[no-untyped-def]
    personas: Personas,
) -> None:
    clinician = client_for("clinician")
    clinician.post(reverse("carers:staff-add", kwargs={"pk": personas.su.pk}), STAFF_ADD)
    record = page(clinician.get(reverse("people:person", kwargs={"pk": personas.su.pk})))
    assert "Pat Taylor" in record
    assert "Best interests decision" in record
    assert "Dr Casey Lee" in record
    assert "has been invited to make an account" in record


def test_staff_outside_the_team_are_refused_and_nothing_is_saved(
    client_for,  # type: ignore[no-untyped-def]
    personas: Personas,
) -> None:
    outsider = client_for("outsider")
    added = outsider.post(reverse("carers:staff-add", kwargs={"pk": personas.su.pk}), STAFF_ADD)
    withdrawn = outsider.post(
        reverse("carers:staff-withdraw", kwargs={"pk": personas.carer_link.pk}),
        {"note": "Sam asked"},
    )
    assert added.status_code == withdrawn.status_code == 404
    personas.carer_link.refresh_from_db()
    assert personas.carer_link.withdrawn_at is None
    assert CarerLink.objects.filter(service_user=personas.su).count() == 1


def test_staff_change_needs_the_persons_say_so(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    url = reverse("carers:staff-change", kwargs={"pk": personas.carer_link.pk})
    response = client_for("clinician").post(url, {"scopes": [], "note": ""})
    assert "Enter on what say-so you are changing this" in page(response)
    personas.carer_link.refresh_from_db()
    assert personas.carer_link.can_see_appointments


# --- Carers' views -------------------------------------------------------------------------


def test_a_carers_view_reaches_the_record_escaped(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    personas.carer_link.can_give_views = True
    personas.carer_link.save()
    carer = client_for("carer")
    url = reverse("carers:give-view", kwargs={"pk": personas.su.pk})
    empty = carer.post(url, {"about": "Review", "what_noticed": ""})
    assert "Enter what you have noticed" in page(empty)
    assert not CarerView.objects.exists()
    carer.post(
        url,
        {
            "about": "Review on 3 March",
            "what_noticed": "<script>alert(1)</script> Sleeping less",
            "worries": "",
            "what_helps": "Walks",
        },
    )
    record = page(
        client_for("clinician").get(reverse("people:person", kwargs={"pk": personas.su.pk}))
    )
    assert "Review on 3 March" in record
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Sleeping less" in record
    assert "<script>alert(1)" not in record


def test_carer_preferences_need_an_address_for_each_channel(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    carer = client_for("carer")
    url = reverse("carers:preferences")
    response = carer.post(
        url, {"email": "", "phone": "", "by_email": "on", "preferred_channel": "email"}
    )
    assert "Enter an email address to get emails" in page(response)
    carer.post(
        url,
        {"email": "", "phone": "0113 496 0999", "by_sms": "on", "preferred_channel": "sms"},
    )
    personas.carer_profile.refresh_from_db()
    assert personas.carer_profile.phone == "+441134960999"
    assert not personas.carer_profile.by_email
    assert personas.carer_profile.preferred_channel == "sms"

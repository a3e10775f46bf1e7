"""The staff pages through Django's test client: forms, messages and who gets in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.people.models import User
from tandem.staffing import services
from tandem.staffing.models import Leaving
from tandem.worklist.models import WorkItem
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_MEMBER = {
    "full_name": "Riley Shaw",
    "email": "riley.shaw@example.org",
    "professional_role": "social_worker",
    "manager": "no",
}


def test_the_administrator_sees_staff_and_adds_a_member(
    client_for, personas, django_capture_on_commit_callbacks
):
    admin = client_for("admin")
    listing = admin.get(reverse("staffing:index")).content.decode()
    assert "Dr Casey Lee" in listing
    assert "Add a member of staff" in listing

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("staffing:add"), {**NEW_MEMBER, "teams": [str(personas.team_a.pk)]}
        )

    riley = User.objects.get(email="riley.shaw@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("staffing:member", kwargs={"pk": riley.staff.pk})
    page = admin.get(response["Location"]).content.decode()
    assert "Their invitation has been emailed to riley.shaw@example.org" in page
    assert "Invited" in page
    assert len(mail.outbox) == 1


def test_adding_without_a_team_says_so_and_saves_nothing(client_for, personas):
    response = client_for("admin").post(reverse("staffing:add"), NEW_MEMBER)
    assert response.status_code == 200
    assert "Select at least one team" in response.content.decode()
    assert not User.objects.filter(email="riley.shaw@example.org").exists()


def test_a_duplicate_email_is_shown_on_its_field(client_for, personas):
    response = client_for("admin").post(
        reverse("staffing:add"),
        {**NEW_MEMBER, "email": "colleague@example.org", "teams": [str(personas.team_a.pk)]},
    )
    assert response.status_code == 200
    assert "There is already an account with this email address" in response.content.decode()


def test_a_new_member_sets_a_password_then_sets_up_their_authenticator(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_staff(
            actor=personas.admin,
            full_name="Riley Shaw",
            email="riley.shaw@example.org",
            professional_role="social_worker",
            teams=[personas.team_a],
            is_manager=False,
        )
    link = re.search(r"https?://[^/]+(/staff/join/[0-9a-f]+/)", mail.outbox[0].body)
    assert link
    client = Client()
    assert client.get(link.group(1)).status_code == 200

    mismatch = client.post(
        link.group(1), {"password": "a long synthetic passphrase", "password_again": "different"}
    )
    assert "The passwords do not match" in mismatch.content.decode()
    assert "a long synthetic passphrase" not in mismatch.content.decode()
    weak = client.post(link.group(1), {"password": "password", "password_again": "password"})
    assert "This password is too short" in weak.content.decode()

    done = client.post(
        link.group(1),
        {
            "password": "a long synthetic passphrase",
            "password_again": "a long synthetic passphrase",
        },
    )
    assert done["Location"] == reverse("signin:set-up")
    assert "Set up your authenticator app" in client.get(done["Location"]).content.decode()
    # The link is used up.
    assert Client().get(link.group(1)).status_code == 404


def test_an_unknown_invitation_link_is_the_single_404(client):
    response = client.get(reverse("staffing:join", kwargs={"token": "f" * 64}))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_resetting_an_authenticator_from_the_page(client_for, personas):
    admin = client_for("admin")
    url = reverse("staffing:reset-authenticator", kwargs={"pk": personas.clinician.staff.pk})
    empty = admin.post(url, {"reason": "  "})
    assert "Enter why the authenticator app is being reset" in empty.content.decode()

    done = admin.post(url, {"reason": "Lost phone, confirmed by calling back"})
    assert done.status_code == 302
    page = admin.get(done["Location"]).content.decode()
    assert "Lost phone, confirmed by calling back" in page
    assert "Not set up: they set it up when they next sign in" in page


def test_an_administrator_is_not_offered_their_own_reset_or_ending(client_for, personas):
    admin = client_for("admin")
    page = admin.get(reverse("staffing:member", kwargs={"pk": personas.admin.staff.pk}))
    assert "Reset their authenticator app" not in page.content.decode()
    response = admin.post(
        reverse("staffing:reset-authenticator", kwargs={"pk": personas.admin.staff.pk}),
        {"reason": "Lost phone"},
    )
    assert "your own account" in response.content.decode()


def test_a_leaver_is_signed_out_at_once_and_cannot_sign_in(client_for, personas):
    clinician = client_for("clinician")
    assert clinician.get(reverse("people:caseload")).status_code == 200
    today = timezone.localdate()
    response = client_for("admin").post(
        reverse("staffing:end-account", kwargs={"pk": personas.clinician.staff.pk}),
        {"leaves_on_day": today.day, "leaves_on_month": today.month, "leaves_on_year": today.year},
    )
    assert response.status_code == 302

    assert clinician.get(reverse("people:caseload"))["Location"].startswith("/sign-in/")
    sign_in = Client().post(
        reverse("signin:sign-in"), {"email": "clinician@example.org", "password": PASSWORD}
    )
    assert "Enter a correct email address and password" in sign_in.content.decode()
    tasks = client_for("manager").get(reverse("worklist:index")).content.decode()
    assert "Hand over: Sam Taylor needs a new care coordinator" in tasks


def test_a_leaving_that_falls_due_ends_the_session_on_the_next_request(client_for, personas):
    clinician = client_for("clinician")
    services.end_account(
        actor=personas.admin,
        staff=personas.clinician.staff,
        leaves_on=timezone.localdate() + dt.timedelta(days=3),
    )
    assert clinician.get(reverse("people:caseload")).status_code == 200
    # The day comes and no nightly job has run.
    Leaving.objects.update(leaves_on=timezone.localdate())

    response = clinician.get(reverse("people:caseload"))

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    assert not User.objects.get(pk=personas.clinician.pk).is_active
    assert WorkItem.objects.filter(about_key=f"handover:{personas.su.pk}").exists()


def test_a_colleagues_leaving_that_falls_due_is_applied_by_anyone_signed_in(client_for, personas):
    """The check rides in the query that reads the account's roles (issue 18):
    any signed-in request applies a leaving that fell due, and the person making
    it stays signed in with their page as before."""
    manager = client_for("manager")
    services.end_account(
        actor=personas.admin,
        staff=personas.clinician.staff,
        leaves_on=timezone.localdate() + dt.timedelta(days=3),
    )
    Leaving.objects.update(leaves_on=timezone.localdate())

    response = manager.get(reverse("people:manager-home"))

    assert response.status_code == 200
    assert "Team overview" in response.content.decode()
    assert not User.objects.get(pk=personas.clinician.pk).is_active
    assert not Leaving.objects.filter(applied_at__isnull=True).exists()


def test_a_leaving_that_falls_due_stops_a_sign_in(personas):
    services.end_account(
        actor=personas.admin,
        staff=personas.clinician.staff,
        leaves_on=timezone.localdate() + dt.timedelta(days=3),
    )
    Leaving.objects.update(leaves_on=timezone.localdate())
    response = Client().post(
        reverse("signin:sign-in"), {"email": "clinician@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()


def test_moving_team_from_the_page(client_for, personas):
    admin = client_for("admin")
    url = reverse("staffing:teams", kwargs={"pk": personas.clinician.staff.pk})
    form = admin.get(url).content.decode()
    assert "checked" in form
    response = admin.post(url, {"teams": [str(personas.team_b.pk)], "manager": "no"})
    assert response.status_code == 302
    page = admin.get(response["Location"]).content.decode()
    assert "Southmoor CMHT" in page


def test_the_end_command_applies_due_leavings(personas):
    services.end_account(
        actor=personas.admin,
        staff=personas.clinician.staff,
        leaves_on=timezone.localdate() + dt.timedelta(days=3),
    )
    Leaving.objects.update(leaves_on=timezone.localdate())
    call_command("end_leavers")
    assert not User.objects.get(pk=personas.clinician.pk).is_active

"""Tech help: a request reaches only the person's own team, staff record the
help given and close it with an outcome the person can read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.audit.models import AuditEvent
from tandem.inclusion import queries
from tandem.inclusion.models import DeviceLoan, HelpGiven, HelpRequest
from tests.pages import same_page_text

pytestmark = pytest.mark.django_db


def ask(client, **changes):
    data = {"topic": "video", "details": "The camera does not start", "contact_by": "phone"}
    data.update(changes)
    return client.post(reverse("inclusion:ask-for-help"), data)


def loan_data(**changes):
    data = {
        "kind": "device_loan",
        "notes": "Tablet set up with the app",
        "asset_tag": "SYN-TAB-7",
        "device_type": "tablet",
        "lent_on_day": "1",
        "lent_on_month": "11",
        "lent_on_year": "2026",
        "return_due_day": "1",
        "return_due_month": "2",
        "return_due_year": "2027",
    }
    data.update(changes)
    return data


def test_a_request_reaches_only_the_persons_own_teams_queue(client_for, personas):
    response = ask(client_for("service_user"))
    assert response.status_code == 302
    request = HelpRequest.objects.get()
    assert request.service_user == personas.su
    assert [r.pk for r in queries.help_queue(personas.clinician)] == [request.pk]
    assert [r.pk for r in queries.help_queue(personas.colleague)] == [request.pk]
    assert queries.help_queue(personas.outsider) == []
    queue = client_for("clinician").get(reverse("inclusion:queue")).content.decode()
    assert "Sam Taylor" in queue
    assert reverse("people:person", kwargs={"pk": personas.su.pk}) in queue
    assert (
        "Sam Taylor" not in client_for("outsider").get(reverse("inclusion:queue")).content.decode()
    )


def test_queue_lists_oldest_first(client_for, personas):
    ask(client_for("service_user"))
    ask(client_for("service_user"), topic="online_data")
    first, second = HelpRequest.objects.order_by("pk")
    first.raised_at = second.raised_at + dt.timedelta(hours=1)
    first.save()
    assert [r.pk for r in queries.help_queue(personas.clinician)] == [second.pk, first.pk]


def test_asking_for_help_is_audited_against_the_person(client_for, personas):
    ask(client_for("service_user"))
    event = AuditEvent.objects.filter(object_type="inclusion.HelpRequest", action="create").get()
    assert event.subject_id == personas.su.pk
    assert "Joining a video call" in event.what


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"topic": "teleport"}, "Select what you need help with from the list"),
        ({"topic": ""}, "Select what you need help with"),
        ({"contact_by": "pigeon"}, "Select how you would like us to contact you from the list"),
        ({"details": "x" * 1001}, "Tell us more (optional) must be 1000 characters or fewer"),
    ],
)
def test_bad_help_request_gets_a_message_and_saves_nothing(client_for, personas, changes, message):
    response = ask(client_for("service_user"), **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_clinician_in_another_team_gets_404_and_cannot_record_help(client_for, personas):
    ask(client_for("service_user"))
    request = HelpRequest.objects.get()
    outsider = client_for("outsider")
    for name in ("inclusion:help-request", "inclusion:help-record", "inclusion:help-close"):
        url = reverse(name, kwargs={"pk": request.pk})
        assert outsider.get(url).status_code == 404
    assert (
        outsider.post(
            reverse("inclusion:help-record", kwargs={"pk": request.pk}), loan_data()
        ).status_code
        == 404
    )
    assert (
        outsider.post(
            reverse("inclusion:help-close", kwargs={"pk": request.pk}), {"outcome": "Done"}
        ).status_code
        == 404
    )
    assert (
        outsider.post(reverse("inclusion:help-request", kwargs={"pk": request.pk})).status_code
        == 404
    )
    request.refresh_from_db()
    assert request.status == "open"
    assert not HelpGiven.objects.exists()
    assert not DeviceLoan.objects.exists()


def test_not_yours_looks_exactly_like_missing(client_for, personas):
    ask(client_for("service_user"))
    request = HelpRequest.objects.get()
    outsider = client_for("outsider")
    not_yours = outsider.get(reverse("inclusion:help-request", kwargs={"pk": request.pk}))
    missing = outsider.get(reverse("inclusion:help-request", kwargs={"pk": 987_654}))
    assert not_yours.status_code == missing.status_code == 404
    assert same_page_text(not_yours) == same_page_text(missing)


def test_clinician_records_a_device_loan_and_closes_with_an_outcome_the_person_sees(
    client_for, personas
):
    ask(client_for("service_user"))
    request = HelpRequest.objects.get()
    clinician = client_for("clinician")
    assert (
        clinician.post(reverse("inclusion:help-request", kwargs={"pk": request.pk})).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == "picked_up"
    assert request.picked_up_by == personas.clinician

    response = clinician.post(
        reverse("inclusion:help-record", kwargs={"pk": request.pk}), loan_data()
    )
    assert response.status_code == 302
    loan = DeviceLoan.objects.get()
    assert (loan.service_user, loan.asset_tag, loan.return_due) == (
        personas.su,
        "SYN-TAB-7",
        dt.date(2027, 2, 1),
    )

    response = clinician.post(
        reverse("inclusion:help-close", kwargs={"pk": request.pk}),
        {"outcome": "We lent you a tablet and practised a video call together."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "closed"

    page = client_for("service_user").get(reverse("inclusion:my-help")).content.decode()
    assert "We lent you a tablet and practised a video call together." in page
    assert "SYN-TAB-7" in page
    other = client_for("other_service_user").get(reverse("inclusion:my-help")).content.decode()
    assert "We lent you a tablet" not in other

    subjects = set(
        AuditEvent.objects.filter(
            object_type__startswith="inclusion.", action__in=["create", "update"]
        ).values_list("subject_id", flat=True)
    )
    assert subjects == {personas.su.pk}
    # And it shows in the person's 'Who has looked at my record'
    log = client_for("service_user").get(reverse("people:my-access-log")).content.decode()
    assert "Recorded tech help: Device lent" in log
    assert "Closed a tech help request" in log


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"return_due_day": "1", "return_due_month": "10", "return_due_year": "2026"},
            "Return due date must be on or after the date lent",
        ),
        ({"asset_tag": ""}, "Enter the asset tag"),
        ({"device_type": "spaceship"}, "Select the device type from the list"),
        ({"kind": "magic"}, "Select what help was given from the list"),
        ({"notes": "n" * 1001}, "Notes must be 1000 characters or fewer"),
        ({"kind": "practice_call"}, "Leave this blank unless the help was a device loan"),
    ],
)
def test_bad_help_given_gets_a_message_and_saves_nothing(client_for, personas, changes, message):
    ask(client_for("service_user"))
    request = HelpRequest.objects.get()
    response = client_for("clinician").post(
        reverse("inclusion:help-record", kwargs={"pk": request.pk}), loan_data(**changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HelpGiven.objects.exists()
    assert not DeviceLoan.objects.exists()


def test_closing_needs_an_outcome(client_for, personas):
    ask(client_for("service_user"))
    request = HelpRequest.objects.get()
    response = client_for("clinician").post(
        reverse("inclusion:help-close", kwargs={"pk": request.pk}), {"outcome": ""}
    )
    assert "Enter what happened" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "open"


def test_data_top_up_is_recorded_without_a_loan(client_for, personas):
    ask(client_for("service_user"), topic="online_data")
    request = HelpRequest.objects.get()
    response = client_for("colleague").post(
        reverse("inclusion:help-record", kwargs={"pk": request.pk}),
        {"kind": "data_top_up", "data_amount": "10GB", "notes": "Voucher posted"},
    )
    assert response.status_code == 302
    given = HelpGiven.objects.get()
    assert (given.kind, given.data_amount) == ("data_top_up", "10GB")
    assert not DeviceLoan.objects.exists()


def test_a_closed_request_cannot_be_closed_or_added_to_again(client_for, personas):
    from tandem.inclusion import services

    ask(client_for("service_user"))
    request = HelpRequest.objects.get()
    services.close_help_request(actor=personas.clinician, help_request=request, outcome="Sorted")
    with pytest.raises(services.InvalidInput):
        services.close_help_request(actor=personas.colleague, help_request=request, outcome="Again")
    with pytest.raises(services.InvalidInput):
        services.record_help(actor=personas.colleague, help_request=request, kind="other", notes="")
    colleague = client_for("colleague")
    for name in ("inclusion:help-close", "inclusion:help-record"):
        url = reverse(name, kwargs={"pk": request.pk})
        assert colleague.post(url, {"outcome": "Again", "kind": "other"}).status_code == 302
    request.refresh_from_db()
    assert request.outcome == "Sorted"
    assert not HelpGiven.objects.exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    topic=st.text(max_size=30),
    details=st.text(max_size=1200),
    contact_by=st.sampled_from(["phone", "email", "sms", "letter", "", "fax"]),
)
def test_any_help_request_input_gets_a_page_never_an_error(
    client_for, personas, topic, details, contact_by
):
    client = client_for("service_user")
    before = HelpRequest.objects.count()
    response = ask(client, topic=topic, details=details, contact_by=contact_by)
    assert response.status_code in (200, 302)
    assert HelpRequest.objects.count() == before + (1 if response.status_code == 302 else 0)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["device_loan", "data_top_up", "practice_call", "training", "other", "x"]),
    asset_tag=st.text(max_size=50),
    device_type=st.sampled_from(["tablet", "laptop", "", "boat"]),
    day=st.text(alphabet="0123456789x", max_size=3),
    year=st.sampled_from(["2026", "2025", "26", ""]),
)
def test_any_record_help_input_gets_a_page_never_an_error(
    client_for, personas, kind, asset_tag, device_type, day, year
):
    if not HelpRequest.objects.exists():
        ask(client_for("service_user"))
    request = HelpRequest.objects.get()
    data = loan_data(
        kind=kind,
        asset_tag=asset_tag,
        device_type=device_type,
        return_due_day=day,
        lent_on_year=year,
    )
    loans_before = DeviceLoan.objects.count()
    response = client_for("clinician").post(
        reverse("inclusion:help-record", kwargs={"pk": request.pk}), data
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert DeviceLoan.objects.count() == loans_before


@pytest.mark.parametrize(
    "name",
    [
        "inclusion:my-help",
        "inclusion:ask-for-help",
        "inclusion:my-changes",
        "inclusion:ask-for-change",
    ],
)
def test_service_user_pages_offer_need_help_now_and_say_not_watched(client_for, personas, name):
    page = client_for("service_user").get(reverse(name)).content.decode()
    assert "Need help now?" in page
    assert (
        "not read around the clock" in page
        or "does not read these requests around the clock" in page
    )

"""Device loans become overdue and are returned; requests to change how a
person is seen reach their team and the person sees the outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.inclusion import queries, services
from tandem.inclusion.models import DeviceLoan, HelpRequest, ModalityChangeRequest

pytestmark = pytest.mark.django_db


def lend(personas, *, person=None, lent_on, return_due, actor=None):
    person = person or personas.su
    request = HelpRequest.objects.create(
        service_user=person, topic="app_device", contact_by="email", raised_by=person.user
    )
    services.record_help(
        actor=actor or personas.clinician,
        help_request=request,
        kind="device_loan",
        notes="",
        loan=services.LoanDetails(
            asset_tag="SYN-PHONE-3",
            device_type="smartphone",
            lent_on=lent_on,
            return_due=return_due,
        ),
    )
    return DeviceLoan.objects.get(help_given__help_request=request)


def date_parts(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


# --- Loans ------------------------------------------------------------------------


def test_a_loan_past_its_return_date_is_overdue_until_returned(personas):
    today = timezone.localdate()
    loan = lend(
        personas, lent_on=today - dt.timedelta(days=30), return_due=today - dt.timedelta(days=1)
    )
    on_time = lend(personas, lent_on=today, return_due=today)
    assert loan.is_overdue(today)
    assert not on_time.is_overdue(today)
    summary = queries.counts_for_person(personas.clinician, service_user_id=personas.su.pk)
    assert (summary.loans, summary.overdue_loans) == (2, 1)

    services.mark_loan_returned(actor=personas.colleague, loan=loan, returned_on=today)
    loan.refresh_from_db()
    assert not loan.is_overdue(today)
    summary = queries.counts_for_person(personas.clinician, service_user_id=personas.su.pk)
    assert (summary.loans, summary.overdue_loans) == (1, 0)


def test_loans_are_listed_per_person_with_overdue_flagged(client_for, personas):
    today = timezone.localdate()
    lend(personas, lent_on=today - dt.timedelta(days=30), return_due=today - dt.timedelta(days=2))
    page = client_for("clinician").get(reverse("inclusion:person", kwargs={"pk": personas.su.pk}))
    text = page.content.decode()
    assert "SYN-PHONE-3" in text and "Overdue" in text


def test_return_date_before_lent_date_is_refused(client_for, personas):
    today = timezone.localdate()
    loan = lend(
        personas, lent_on=today - dt.timedelta(days=3), return_due=today + dt.timedelta(days=30)
    )
    response = client_for("clinician").post(
        reverse("inclusion:loan-return", kwargs={"pk": loan.pk}),
        date_parts("returned_on", today - dt.timedelta(days=10)),
    )
    assert response.status_code == 200
    assert "Date returned must be on or after the date lent" in response.content.decode()
    loan.refresh_from_db()
    assert loan.returned_on is None


def test_staff_mark_a_loan_returned_and_it_is_audited(client_for, personas):
    today = timezone.localdate()
    loan = lend(
        personas, lent_on=today - dt.timedelta(days=3), return_due=today + dt.timedelta(days=30)
    )
    response = client_for("clinician").post(
        reverse("inclusion:loan-return", kwargs={"pk": loan.pk}), date_parts("returned_on", today)
    )
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.returned_on == today
    event = AuditEvent.objects.filter(object_type="inclusion.DeviceLoan").get()
    assert event.subject_id == personas.su.pk


def test_outsider_cannot_mark_another_teams_loan_returned(client_for, personas):
    today = timezone.localdate()
    loan = lend(personas, lent_on=today, return_due=today + dt.timedelta(days=5))
    response = client_for("outsider").post(
        reverse("inclusion:loan-return", kwargs={"pk": loan.pk}), date_parts("returned_on", today)
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.mark_loan_returned(actor=personas.outsider, loan=loan, returned_on=today)
    loan.refresh_from_db()
    assert loan.returned_on is None


def test_service_refuses_a_loan_due_before_it_was_lent_and_saves_nothing(personas):
    today = timezone.localdate()
    with pytest.raises(services.InvalidInput):
        lend(personas, lent_on=today, return_due=today - dt.timedelta(days=1))
    assert not DeviceLoan.objects.exists()
    assert not AuditEvent.objects.filter(object_type="inclusion.HelpGiven").exists()


# --- Changes to how a person is seen -------------------------------------------------


def test_change_request_reaches_the_team_and_the_person_sees_the_outcome(client_for, personas):
    response = client_for("service_user").post(
        reverse("inclusion:ask-for-change"),
        {"contact_kind": "check_in", "modality": "phone", "reason": "Video makes me anxious"},
    )
    assert response.status_code == 302
    change = ModalityChangeRequest.objects.get()
    assert (change.service_user, change.contact_kind, change.modality) == (
        personas.su,
        "check_in",
        "phone",
    )
    assert [c.pk for c in queries.change_queue(personas.clinician)] == [change.pk]
    assert queries.change_queue(personas.outsider) == []

    response = client_for("clinician").post(
        reverse("inclusion:change-request", kwargs={"pk": change.pk}),
        {"outcome": "agreed_in_part", "reason": "Phone for check-ins; reviews stay face to face"},
    )
    assert response.status_code == 302
    page = client_for("service_user").get(reverse("inclusion:my-changes")).content.decode()
    assert "Agreed in part" in page
    assert "Phone for check-ins; reviews stay face to face" in page
    assert queries.change_queue(personas.clinician) == []
    assert set(
        AuditEvent.objects.filter(object_type="inclusion.ModalityChangeRequest").values_list(
            "subject_id", flat=True
        )
    ) == {personas.su.pk}


def test_care_in_general_is_stored_as_no_contact_kind(client_for, personas):
    client_for("service_user").post(
        reverse("inclusion:ask-for-change"), {"contact_kind": "general", "modality": "face_to_face"}
    )
    change = ModalityChangeRequest.objects.get()
    assert change.contact_kind == ""
    assert change.applies_to == "Care in general"


def test_not_agreed_without_a_reason_is_refused_and_nothing_saved(client_for, personas):
    change = services.ask_for_change(
        actor=personas.service_user,
        service_user=personas.su,
        contact_kind="",
        modality="video",
        reason="",
    )
    response = client_for("clinician").post(
        reverse("inclusion:change-request", kwargs={"pk": change.pk}),
        {"outcome": "not_agreed", "reason": "  "},
    )
    assert response.status_code == 200
    assert "Enter the reason the change is not agreed" in response.content.decode()
    change.refresh_from_db()
    assert change.outcome == ""
    with pytest.raises(services.InvalidInput):
        services.decide_change(
            actor=personas.clinician, change=change, outcome="not_agreed", reason=""
        )
    change.refresh_from_db()
    assert change.outcome == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"contact_kind": "general", "modality": "hologram"},
            "Select how you would like to be seen from the list",
        ),
        (
            {"contact_kind": "séance", "modality": "video"},
            "Select what the change is for from the list",
        ),
        (
            {"contact_kind": "general", "modality": "video", "reason": "r" * 1001},
            "must be 1000 characters or fewer",
        ),
    ],
)
def test_bad_change_request_gets_a_message_and_saves_nothing(client_for, personas, data, message):
    response = client_for("service_user").post(reverse("inclusion:ask-for-change"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ModalityChangeRequest.objects.exists()


def test_staff_ask_on_behalf_only_for_people_in_their_teams(client_for, personas):
    data = {"contact_kind": "medication_review", "modality": "face_to_face"}
    ok = client_for("colleague").post(
        reverse("inclusion:person-ask-for-change", kwargs={"pk": personas.su.pk}), data
    )
    assert ok.status_code == 302
    refused = client_for("outsider").post(
        reverse("inclusion:person-ask-for-change", kwargs={"pk": personas.su.pk}), data
    )
    assert refused.status_code == 404
    assert ModalityChangeRequest.objects.get().raised_by == personas.colleague
    with pytest.raises(PermissionDenied):
        services.ask_for_change(
            actor=personas.outsider,
            service_user=personas.su,
            contact_kind="",
            modality="video",
            reason="",
        )


def test_outsider_cannot_record_an_outcome(client_for, personas):
    change = services.ask_for_change(
        actor=personas.service_user,
        service_user=personas.su,
        contact_kind="",
        modality="video",
        reason="",
    )
    response = client_for("outsider").post(
        reverse("inclusion:change-request", kwargs={"pk": change.pk}), {"outcome": "agreed"}
    )
    assert response.status_code == 404
    change.refresh_from_db()
    assert change.outcome == ""


# --- Managers and the person summary -------------------------------------------------


def test_manager_sees_counts_for_managed_teams_only(client_for, personas):
    today = timezone.localdate()
    HelpRequest.objects.create(
        service_user=personas.su, topic="video", contact_by="sms", raised_by=personas.service_user
    )
    HelpRequest.objects.create(
        service_user=personas.other_su,
        topic="video",
        contact_by="sms",
        raised_by=personas.other_service_user,
    )
    lend(personas, lent_on=today - dt.timedelta(days=20), return_due=today - dt.timedelta(days=1))
    services.ask_for_change(
        actor=personas.service_user,
        service_user=personas.su,
        contact_kind="",
        modality="phone",
        reason="",
    )
    [team] = queries.manager_overview(personas.manager)
    assert team.team == personas.team_a
    # Two requests from Sam (the one above and the loan's), one person.
    assert team.people_with_open_help == 1
    assert (len(team.loans), team.overdue, len(team.open_changes)) == (1, 1, 1)
    page = client_for("manager").get(reverse("inclusion:manager")).content.decode()
    assert "Sam Taylor" in page and "Kit Moreno" not in page
    assert queries.manager_overview(personas.clinician) == []


def test_counts_for_person_are_empty_for_anyone_outside_the_team(personas):
    today = timezone.localdate()
    lend(personas, lent_on=today, return_due=today + dt.timedelta(days=7))
    services.ask_for_change(
        actor=personas.service_user,
        service_user=personas.su,
        contact_kind="",
        modality="phone",
        reason="",
    )
    mine = queries.counts_for_person(personas.colleague, service_user_id=personas.su.pk)
    assert (mine.open_help_requests, mine.loans, mine.open_change_requests) == (1, 1, 1)
    for who in (personas.outsider, personas.admin, personas.carer, personas.other_service_user):
        assert queries.counts_for_person(who, service_user_id=personas.su.pk).is_empty


def test_the_person_page_counts_only_open_items_in_one_query(
    client_for, personas, django_assert_num_queries
):
    """The person page's panel counts what is open (issue 18: one query for the
    three kinds); returned loans, closed requests and decided changes are not."""
    today = timezone.localdate()
    lend(personas, lent_on=today - dt.timedelta(days=30), return_due=today - dt.timedelta(days=1))
    lend(personas, lent_on=today, return_due=today)  # due today: not yet overdue
    returned = lend(
        personas, lent_on=today - dt.timedelta(days=9), return_due=today - dt.timedelta(days=3)
    )
    services.mark_loan_returned(actor=personas.clinician, loan=returned, returned_on=today)
    HelpRequest.objects.create(
        service_user=personas.su, topic="video", contact_by="phone", raised_by=personas.clinician
    )
    for _ in range(2):
        services.ask_for_change(
            actor=personas.service_user,
            service_user=personas.su,
            contact_kind="",
            modality="phone",
            reason="",
        )
    decided = ModalityChangeRequest.objects.filter(service_user=personas.su).first()
    decided.outcome = "agreed"
    decided.save()
    # What the panel showed as lists before, counted here the same way.
    open_help = HelpRequest.objects.filter(service_user=personas.su).exclude(status="closed")
    loans = DeviceLoan.objects.filter(service_user=personas.su, returned_on__isnull=True)
    expected = queries.InclusionCounts(
        open_help_requests=open_help.count(),
        loans=loans.count(),
        overdue_loans=sum(1 for loan in loans if loan.is_overdue(today)),
        open_change_requests=ModalityChangeRequest.objects.filter(
            service_user=personas.su, outcome=""
        ).count(),
    )
    assert (expected.loans, expected.overdue_loans, expected.open_change_requests) == (2, 1, 1)
    with django_assert_num_queries(1):
        counted = queries.counts_for_person(
            personas.clinician, service_user_id=personas.su.pk, treats=True
        )
    assert counted == expected
    page = client_for("clinician").get(reverse("people:person", kwargs={"pk": personas.su.pk}))
    text = " ".join(page.content.decode().split())
    assert 'Devices on loan</dt> <dd class="nhsuk-summary-list__value">2, 1 overdue' in text

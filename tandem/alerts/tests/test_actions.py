"""Acknowledging and closing an alert: plain forms, POST-redirect-GET, each
step audited; a note is required to say why no action was needed; closing
acknowledges an alert nobody had; pressing twice changes nothing twice; a
closed alert is read-only; another team cannot touch it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tandem.alerts import services
from tandem.alerts.models import NOTE_MAX, AlertAction, AlertState
from tandem.alerts.tests.test_queue import make_alert, text
from tandem.audit.models import AuditEvent
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def url(alert) -> str:  # type: ignore[no-untyped-def]
    return reverse("alerts:alert", kwargs={"pk": alert.pk})


def alert_writes() -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="alerts.Alert", action="update")
        .order_by("id")
        .values_list("what", flat=True)
    )


def test_acknowledging_stops_the_wait_and_is_audited(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    alert = make_alert(personas)
    client = client_for("colleague")
    response = client.post(url(alert), {"do": "acknowledge"})
    assert response.status_code == 302 and response["Location"] == url(alert)
    alert.refresh_from_db()
    assert alert.state == AlertState.ACKNOWLEDGED
    assert alert.acknowledged_by == personas.colleague and alert.acknowledged_at is not None
    event = AuditEvent.objects.get(object_type="alerts.Alert", action="update")
    assert event.what == "Acknowledged an alert" and event.actor == personas.colleague
    assert event.subject_id == personas.su.pk
    page = text(client.get(url(alert)))
    assert "Acknowledged. Record what was done when you have acted." in page
    assert "Acknowledged by Jordan Patel" in page
    assert 'value="acknowledge"' not in page


def test_acknowledging_twice_changes_nothing(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    alert = make_alert(personas)
    client_for("colleague").post(url(alert), {"do": "acknowledge"})
    first = alert_writes()
    # The colleague presses again, and Dr Lee presses on an old copy of the page.
    client_for("colleague").post(url(alert), {"do": "acknowledge"})
    response = client_for("clinician").post(url(alert), {"do": "acknowledge"}, follow=True)
    assert "already acknowledged by Jordan Patel" in text(response)
    alert.refresh_from_db()
    assert alert.acknowledged_by == personas.colleague
    assert alert_writes() == first


def test_closing_records_what_was_done(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    alert = make_alert(personas)
    services.acknowledge(actor=personas.colleague, alert=alert)
    response = client_for("clinician").post(
        url(alert), {"do": "close", "action": "called", "note": "  Spoke to Sam, sleeping better  "}
    )
    assert response.status_code == 302 and response["Location"] == reverse("alerts:queue")
    alert.refresh_from_db()
    assert alert.state == AlertState.CLOSED and alert.action == AlertAction.CALLED
    assert alert.action_note == "Spoke to Sam, sleeping better"
    assert alert.closed_by == personas.clinician
    # Acknowledged by the colleague; closing did not take that over.
    assert alert.acknowledged_by == personas.colleague
    assert alert_writes() == ["Acknowledged an alert", "Closed an alert: Called the person"]


def test_closing_an_alert_nobody_acknowledged_acknowledges_it(
    personas: Personas,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    alert = make_alert(personas)
    client_for("clinician").post(
        url(alert), {"do": "close", "action": "safety_plan_review", "note": ""}
    )
    alert.refresh_from_db()
    assert alert.state == AlertState.CLOSED
    assert alert.acknowledged_by == alert.closed_by == personas.clinician
    assert alert.acknowledged_at == alert.closed_at
    assert alert_writes() == [
        "Acknowledged an alert while closing it",
        "Closed an alert: Reviewed their safety plan with them",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "no_action", "note": "   "}, "Say why no action was needed"),
        ({"note": "Called"}, "Select what was done"),
        ({"action": "rang_the_bells", "note": "x"}, "Select what was done from the list"),
        (
            {"action": "called", "note": "x" * (NOTE_MAX + 1)},
            f"The note must be {NOTE_MAX:,} characters or fewer",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    personas: Personas,
    client_for,  # type: ignore[no-untyped-def]
    data: dict[str, str],
    message: str,
) -> None:
    alert = make_alert(personas)
    response = client_for("clinician").post(url(alert), {"do": "close", **data})
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert page.count(message) >= 2  # in the summary and by the field
    alert.refresh_from_db()
    assert alert.state == AlertState.OPEN and alert.acknowledged_at is None
    assert alert_writes() == []


def test_no_action_with_a_reason_closes(personas: Personas) -> None:
    alert = make_alert(personas)
    services.close(
        actor=personas.clinician,
        alert=alert,
        action=AlertAction.NO_ACTION,
        note="Seen at clinic yesterday; sleep change expected after new shifts",
    )
    alert.refresh_from_db()
    assert alert.state == AlertState.CLOSED and alert.action == AlertAction.NO_ACTION


def test_the_services_refuse_what_the_form_would(personas: Personas) -> None:
    alert = make_alert(personas)
    with pytest.raises(services.InvalidInput, match="Say why"):
        services.close(actor=personas.clinician, alert=alert, action="no_action", note=" ")
    with pytest.raises(services.InvalidInput, match="Select what was done"):
        services.close(actor=personas.clinician, alert=alert, action="forged", note="x")
    with pytest.raises(services.InvalidInput, match="1,000 characters"):
        services.close(actor=personas.clinician, alert=alert, action="called", note="x" * 1001)
    alert.refresh_from_db()
    assert alert.state == AlertState.OPEN


def test_a_closed_alert_is_read_only(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    alert = make_alert(personas)
    client_for("clinician").post(url(alert), {"do": "close", "action": "called", "note": "Spoke"})
    before = alert_writes()
    page = text(client_for("colleague").get(url(alert)))
    assert "This alert is closed and cannot be changed" in page
    assert "<form" not in page.split("<main", 1)[1].split("</main>")[0]
    assert "Spoke" in page and "Called the person" in page
    # A second submit (double click, or an old tab) saves nothing and says so.
    response = client_for("colleague").post(
        url(alert), {"do": "close", "action": "no_action", "note": "Not needed"}
    )
    page = text(response)
    assert response.status_code == 200
    assert "already closed by Dr Casey Lee" in page and "has not been saved" in page
    client_for("colleague").post(url(alert), {"do": "acknowledge"})
    alert.refresh_from_db()
    assert alert.action == AlertAction.CALLED and alert.action_note == "Spoke"
    assert alert.closed_by == personas.clinician
    assert alert_writes() == before


def test_another_team_cannot_act_on_it(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    alert = make_alert(personas)
    for persona in ("outsider", "service_user", "carer", "admin"):
        client = client_for(persona)
        assert client.post(url(alert), {"do": "acknowledge"}).status_code == 404
        assert client.post(url(alert), {"do": "close", "action": "called"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=personas.outsider, alert=alert)
    with pytest.raises(PermissionDenied):
        services.close(actor=personas.outsider, alert=alert, action="called", note="")
    alert.refresh_from_db()
    assert alert.state == AlertState.OPEN and alert_writes() == []


def test_a_closed_cause_can_raise_a_new_alert(personas: Personas) -> None:
    """Closing does not silence the cause for ever: noticed again, it raises anew."""
    from tandem.alerts.raising import raise_alert

    first = raise_alert(
        team=personas.team_a,
        service_user=personas.su,
        kind="missed",
        summary="5 check-ins missed",
        reasons=["No entries for 5 days"],
        about_key="missed:sam",
    )
    services.close(actor=personas.clinician, alert=first, action="called", note="")
    again = raise_alert(
        team=personas.team_a,
        service_user=personas.su,
        kind="missed",
        summary="5 check-ins missed",
        reasons=["No entries for 5 days"],
        about_key="missed:sam",
    )
    assert again.pk != first.pk and again.state == AlertState.OPEN

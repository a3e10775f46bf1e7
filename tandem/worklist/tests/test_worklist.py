"""Tasks raised for teams: one per cause, seen by the right people, closed with a note."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tandem.audit.models import AuditEvent
from tandem.worklist import selectors, services
from tandem.worklist.models import WorkItem, WorkKind
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def raise_for(p: Personas, *, managers: bool = False, key: str = "appointment:1") -> WorkItem:
    return services.raise_work_item(
        team=p.team_a,
        kind=WorkKind.MESSAGE_FAILED,
        title="A reminder could not be delivered",
        reason="The text message to the number we hold failed twice",
        service_user=p.su,
        about_key=key,
        for_managers=managers,
    )


def test_the_same_cause_raises_one_open_item(personas: Personas) -> None:
    first = raise_for(personas)
    again = raise_for(personas)
    assert first.pk == again.pk
    assert WorkItem.objects.count() == 1
    assert (
        AuditEvent.objects.filter(object_id=str(first.pk), what__startswith="Raised").count() == 1
    )


def test_a_closed_cause_can_be_raised_again(personas: Personas) -> None:
    first = raise_for(personas)
    services.close_work_item(actor=personas.clinician, item=first, outcome="Phoned Sam instead")
    second = raise_for(personas)
    assert second.pk != first.pk


def test_unknown_kind_is_refused(personas: Personas) -> None:
    with pytest.raises(services.InvalidInput):
        services.raise_work_item(
            team=personas.team_a,
            kind="guess",
            title="x",
            reason="y",
            service_user=None,
            about_key="k",
        )


def test_who_sees_what(personas: Personas) -> None:
    team_item = raise_for(personas)
    managers_item = raise_for(personas, managers=True, key="no-cover:1")
    seen = {
        name: set(selectors.work_items_visible_to(user))
        for name, user in personas.all().items()
        if user
    }
    assert seen["clinician"] == {team_item}
    assert seen["manager"] == {team_item, managers_item}
    assert seen["outsider"] == set()
    assert seen["service_user"] == set() and seen["carer"] == set()


def test_closing_needs_a_note_and_a_team_member(personas: Personas) -> None:
    item = raise_for(personas)
    with pytest.raises(services.InvalidInput, match="Say what you did"):
        services.close_work_item(actor=personas.clinician, item=item, outcome="  ")
    with pytest.raises(PermissionDenied):
        services.close_work_item(actor=personas.outsider, item=item, outcome="Not mine")
    item.refresh_from_db()
    assert item.is_open
    services.close_work_item(actor=personas.colleague, item=item, outcome="Called Sam")
    with pytest.raises(services.InvalidInput, match="already been closed"):
        services.close_work_item(actor=personas.colleague, item=item, outcome="Again")


def test_task_list_and_closing_from_the_page(personas: Personas, client_for) -> None:
    item = raise_for(personas)
    client = client_for("clinician")
    listing = client.get(reverse("worklist:index")).content.decode()
    assert "A reminder could not be delivered" in listing and "Sam Taylor" in listing
    empty = client.post(reverse("worklist:item", args=[item.pk]), {"outcome": ""})
    assert "Say what you did" in empty.content.decode()
    done = client.post(reverse("worklist:item", args=[item.pk]), {"outcome": "Sent a letter"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.outcome == "Sent a letter" and item.done_by == personas.clinician


def test_an_outcome_typed_in_the_browser_is_kept_as_typed_not_as_sent(
    personas: Personas, client_for
) -> None:
    """Browsers send a textarea's line breaks as CRLF (issue 16). A 1,000-character
    outcome in the box must be accepted, not refused as too long because each
    line break arrived as two characters, and colleagues read plain lines."""
    item = raise_for(personas)
    client = client_for("clinician")
    lines = ["Phoned Sam: no answer.   ", "Sent a letter.", "x" * 962]
    typed = "\n".join(line.rstrip() for line in lines)
    assert len(typed) == 1000  # exactly the limit, as the browser counts
    done = client.post(reverse("worklist:item", args=[item.pk]), {"outcome": "\r\n".join(lines)})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.outcome == typed

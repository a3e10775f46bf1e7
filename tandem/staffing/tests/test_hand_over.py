"""A leaver's people: the team manager names a new care coordinator from the
person's page, and the 'Hand over' task closes itself (HAZ-173)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.people.models import CaseloadEntry
from tandem.staffing import services
from tandem.worklist.models import WorkItem, WorkKind

pytestmark = pytest.mark.django_db


def open_handovers():
    return WorkItem.objects.filter(kind=WorkKind.CASELOAD_WITHOUT_COVER, done_at__isnull=True)


@pytest.fixture
def left(personas):
    """Dr Lee, Sam's care coordinator in team A, left today."""
    services.end_account(
        actor=personas.admin, staff=personas.clinician.staff, leaves_on=timezone.localdate()
    )
    return CaseloadEntry.objects.get(service_user=personas.su, team=personas.team_a)


def test_the_manager_names_a_new_coordinator_and_the_task_closes_itself(client_for, personas, left):
    [task] = open_handovers()
    manager = client_for("manager")
    person_page = reverse("people:person", kwargs={"pk": personas.su.pk})
    page = manager.get(person_page).content.decode()
    assert "Needs a new care coordinator" in page
    hand_over = reverse("staffing:hand-over", kwargs={"pk": left.pk})
    assert hand_over in page

    form = manager.get(hand_over).content.decode()
    radios = re.findall(r'<input[^>]*name="coordinator"[^>]*>', form)
    offered = {int(re.search(r'value="(\d+)"', r).group(1)) for r in radios}  # type: ignore[union-attr]
    # The manager and the colleague in team A; not the leaver, not another team.
    assert offered == {personas.manager.staff.pk, personas.colleague.staff.pk}
    response = manager.post(hand_over, {"coordinator": personas.colleague.staff.pk})

    assert response.status_code == 302
    assert response["Location"] == person_page
    left.refresh_from_db()
    assert left.care_coordinator == personas.colleague.staff
    task.refresh_from_db()
    assert task.done_at is not None
    assert task.done_by == personas.manager
    assert task.outcome == "Jordan Patel is now care coordinator."
    assert AuditEvent.objects.filter(
        actor=personas.manager,
        subject_id=personas.su.pk,
        what=f"Made Jordan Patel care coordinator for {personas.su.display_name} in Northgate CMHT",
    ).exists()
    # Done: the page no longer asks, and the form is gone.
    assert "Needs a new care coordinator" not in manager.get(person_page).content.decode()
    assert manager.get(hand_over).status_code == 404


def test_someone_outside_the_team_or_leaving_cannot_be_chosen(client_for, personas, left):
    manager = client_for("manager")
    hand_over = reverse("staffing:hand-over", kwargs={"pk": left.pk})
    for not_allowed in (personas.outsider.staff.pk, personas.clinician.staff.pk, "x", ""):
        response = manager.post(hand_over, {"coordinator": not_allowed})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    left.refresh_from_db()
    assert left.care_coordinator == personas.clinician.staff
    assert open_handovers().count() == 1


@pytest.mark.parametrize("who", ["colleague", "outsider", "admin", "service_user"])
def test_only_the_teams_manager_sees_or_uses_it(client_for, personas, left, who):
    client = client_for(who)
    hand_over = reverse("staffing:hand-over", kwargs={"pk": left.pk})
    assert client.post(hand_over, {"coordinator": personas.colleague.staff.pk}).status_code == 404
    left.refresh_from_db()
    assert left.care_coordinator == personas.clinician.staff
    assert open_handovers().count() == 1

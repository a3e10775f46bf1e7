"""Writing a plan together: every save a new version that says what changed,
nothing saved on bad input, nobody's words lost, and reviews that fall due."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.people.models import CrisisContact
from tandem.people.services import CrisisContactDetails
from tandem.safety import services
from tandem.safety.models import PlanVersion, SafetyPlan
from tandem.safety.queries import crisis_contacts_for_person, history
from tandem.safety.tests.helpers import TYPICAL, write_plan
from tandem.worklist.models import WorkItem, WorkKind
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_two_saves_make_two_versions_each_saying_what_changed(personas: Personas) -> None:
    first = write_plan(personas.clinician, personas.su)
    second = write_plan(
        personas.service_user,
        personas.su,
        {**TYPICAL, "coping": TYPICAL["coping"] + "\nBake bread"},
    )

    assert [v.number for v in PlanVersion.objects.order_by("number")] == [1, 2]
    assert first.changed_sections == [
        "warning_signs",
        "coping",
        "distractions",
        "people_to_ask",
        "professionals",
        "making_safer",
    ]
    assert second.changed_sections == ["coping"]
    assert first.saved_by_staff and first.saved_by_name == "Dr Casey Lee"
    assert not second.saved_by_staff and second.saved_by_name == "Sam Taylor"
    newest = history(personas.su)[0]
    assert [c.section.key for c in newest.changes] == ["coping"]
    assert newest.changes[0].before == TYPICAL["coping"]
    assert newest.changes[0].after.endswith("Bake bread")
    # The first version stays as it was.
    first.refresh_from_db()
    assert "Bake bread" not in first.coping


def test_a_version_once_saved_is_never_changed(personas: Personas) -> None:
    version = write_plan(personas.clinician, personas.su)
    version.coping = "Something else"
    with pytest.raises(ValueError, match="never changed"):
        version.save()


def test_saving_the_same_words_makes_no_new_version(personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    assert (
        services.save_plan(
            actor=personas.service_user, person=personas.su, sections=TYPICAL, based_on=1
        )
        is None
    )
    assert PlanVersion.objects.count() == 1


@pytest.mark.parametrize(
    "sections",
    [
        {"warning_signs": "x" * 1501},
        {"not_a_part": "anything"},
        {"warning_signs": "   ", "coping": ""},
    ],
)
def test_bad_input_saves_nothing(personas: Personas, sections: dict[str, str]) -> None:
    with pytest.raises(services.InvalidInput):
        services.save_plan(
            actor=personas.service_user, person=personas.su, sections=sections, based_on=0
        )
    assert not PlanVersion.objects.exists()
    assert not AuditEvent.objects.filter(what__contains="safety plan").exists()


def test_a_save_on_top_of_someone_elses_is_refused_not_lost(personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    write_plan(personas.service_user, personas.su, {**TYPICAL, "coping": "Bake bread"})
    with pytest.raises(services.NewerVersion) as raised:
        services.save_plan(
            actor=personas.clinician,
            person=personas.su,
            sections={**TYPICAL, "distractions": "Football"},
            based_on=1,
        )
    assert raised.value.latest.number == 2
    assert PlanVersion.objects.count() == 2


@pytest.mark.parametrize("who", ["outsider", "carer", "other_service_user", "admin"])
def test_only_the_person_and_their_team_can_write(personas: Personas, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.save_plan(
            actor=getattr(personas, who), person=personas.su, sections=TYPICAL, based_on=0
        )
    assert not SafetyPlan.objects.filter(versions__isnull=False).exists()


def test_every_save_is_audited_against_the_person(personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    event = AuditEvent.objects.get(object_type="safety.PlanVersion")
    assert event.subject_id == personas.su.pk
    assert event.actor_id == personas.clinician.pk
    assert "Signs that things are getting difficult" in event.what


def test_the_person_changing_it_tells_their_team_once(personas: Personas) -> None:
    write_plan(personas.service_user, personas.su)
    write_plan(personas.service_user, personas.su, {**TYPICAL, "coping": "Bake bread"})
    items = WorkItem.objects.filter(kind=WorkKind.OTHER, service_user=personas.su)
    assert items.count() == 1
    assert items.get().team == personas.team_a
    assert "changed their safety plan" in items.get().title


def test_a_new_plan_is_due_for_review_in_three_months(personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    plan = SafetyPlan.objects.get(service_user=personas.su)
    assert plan.next_review_on == timezone.localdate() + dt.timedelta(days=91)
    assert plan.last_reviewed_at is None


def test_a_review_records_who_and_when_and_sets_the_next_date(personas: Personas) -> None:
    write_plan(personas.service_user, personas.su)
    next_date = timezone.localdate() + dt.timedelta(days=60)
    review = services.review_plan(
        actor=personas.clinician, person=personas.su, next_review_on=next_date, note="Went well"
    )
    plan = SafetyPlan.objects.get(service_user=personas.su)
    assert plan.next_review_on == next_date
    assert plan.last_reviewed_by == personas.clinician
    assert review.version_number == 1
    # The 'Sam changed it' task is answered by the review.
    assert not WorkItem.objects.filter(service_user=personas.su, done_at__isnull=True).exists()


@pytest.mark.parametrize("days", [0, -1, 400])
def test_a_review_date_must_be_soon_and_in_the_future(personas: Personas, days: int) -> None:
    write_plan(personas.clinician, personas.su)
    with pytest.raises(services.InvalidInput):
        services.review_plan(
            actor=personas.clinician,
            person=personas.su,
            next_review_on=timezone.localdate() + dt.timedelta(days=days),
        )


def test_only_the_team_reviews(personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    for who in (personas.service_user, personas.outsider, personas.carer):
        with pytest.raises(PermissionDenied):
            services.review_plan(
                actor=who,
                person=personas.su,
                next_review_on=timezone.localdate() + dt.timedelta(days=30),
            )


def overdue(personas: Personas) -> SafetyPlan:
    write_plan(personas.clinician, personas.su)
    plan = SafetyPlan.objects.get(service_user=personas.su)
    plan.next_review_on = timezone.localdate() - dt.timedelta(days=1)
    plan.save()
    return plan


def test_the_command_raises_one_task_for_an_overdue_plan(personas: Personas) -> None:
    overdue(personas)
    out = io.StringIO()
    call_command("check_safety_plan_reviews", stdout=out)
    call_command("check_safety_plan_reviews", stdout=out)
    items = WorkItem.objects.filter(title__startswith="Safety plan review due")
    assert items.count() == 1
    item = items.get()
    assert item.team == personas.team_a
    assert item.service_user == personas.su
    assert "was due for review on" in item.reason
    assert "1 new tasks" in out.getvalue() and "0 new tasks" in out.getvalue()


def test_a_closed_review_task_is_not_raised_again_for_the_same_date(personas: Personas) -> None:
    overdue(personas)
    assert services.raise_overdue_reviews() == 1
    WorkItem.objects.update(done_at=timezone.now(), outcome="Phoned Sam")
    assert services.raise_overdue_reviews() == 0


def test_reviewing_an_overdue_plan_closes_its_task_and_stops_new_ones(personas: Personas) -> None:
    overdue(personas)
    services.raise_overdue_reviews()
    services.review_plan(
        actor=personas.clinician,
        person=personas.su,
        next_review_on=timezone.localdate() + dt.timedelta(days=91),
    )
    assert not WorkItem.objects.filter(done_at__isnull=True).exists()
    assert services.raise_overdue_reviews() == 0


def test_plans_not_yet_due_raise_nothing(personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    assert services.raise_overdue_reviews() == 0


# --- Team crisis contacts --------------------------------------------------------------

LINE = CrisisContactDetails(
    name="Northgate crisis team", how="Call 0113 496 0999", phone="01134960999", description=""
)


def test_a_manager_sets_their_teams_contacts_shown_first(personas: Personas) -> None:
    services.replace_team_crisis_contacts(
        actor=personas.manager, team=personas.team_a, contacts=[LINE]
    )
    contacts = crisis_contacts_for_person(personas.su)
    assert contacts[0].name == "Northgate crisis team"
    assert any(c.name == "Samaritans" for c in contacts)  # the service's stay listed
    assert crisis_contacts_for_person(personas.other_su)[0].name != "Northgate crisis team"
    event = AuditEvent.objects.get(object_type="people.CareTeam")
    assert event.actor_id == personas.manager.pk


def test_an_empty_list_removes_the_teams_own_contacts(personas: Personas) -> None:
    services.replace_team_crisis_contacts(
        actor=personas.manager, team=personas.team_a, contacts=[LINE]
    )
    services.replace_team_crisis_contacts(actor=personas.manager, team=personas.team_a, contacts=[])
    assert not CrisisContact.objects.filter(team=personas.team_a).exists()


@pytest.mark.parametrize("who", ["clinician", "outsider", "admin"])
def test_only_the_teams_managers_set_its_contacts(personas: Personas, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.replace_team_crisis_contacts(
            actor=getattr(personas, who), team=personas.team_a, contacts=[LINE]
        )
    assert not CrisisContact.objects.filter(team=personas.team_a).exists()

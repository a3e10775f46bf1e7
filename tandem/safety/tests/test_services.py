"""Writing a plan together: every save a new version that says what changed,
nothing saved on bad input, nobody's words lost, and reviews that fall due."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.people.models import CrisisContact
from tandem.safety import services
from tandem.safety.crisis_lines import (
    Current,
    Difference,
    Line,
    Proposed,
    current_lines,
    fingerprint,
)
from tandem.safety.models import OutOfHoursLine, PlanVersion, SafetyPlan
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


# --- Team crisis lines (HAZ-149) --------------------------------------------------------

LINE = Line(name="Northgate crisis team", how="Call 0113 496 0999", phone="01134960999")
OOH = Line(
    name="Northgate out of hours",
    how="Call the team's out-of-hours line",
    phone="01134960199",
    out_of_hours=True,
)


def lines_now(personas: Personas) -> list[Current]:
    return current_lines(list(CrisisContact.objects.filter(team=personas.team_a)))


def change(personas: Personas, proposed: list[Proposed], actor: str = "manager") -> Difference:
    return services.change_team_crisis_lines(
        actor=getattr(personas, actor),
        team=personas.team_a,
        based_on=fingerprint(lines_now(personas)),
        proposed=proposed,
    )


def with_lines(personas: Personas, *lines: Line) -> list[Current]:
    change(personas, [Proposed(None, line) for line in lines])
    return lines_now(personas)


def test_a_manager_adds_a_line_shown_first(personas: Personas) -> None:
    diff = change(personas, [Proposed(None, LINE)])
    assert diff.added == [LINE]
    contacts = crisis_contacts_for_person(personas.su)
    assert contacts[0].name == "Northgate crisis team"
    assert any(c.name == "Samaritans" for c in contacts)  # the service's stay listed
    assert crisis_contacts_for_person(personas.other_su)[0].name != "Northgate crisis team"
    event = AuditEvent.objects.get(object_type="people.CareTeam")
    assert event.actor_id == personas.manager.pk
    assert "added the crisis line Northgate crisis team (0113 496 0999)" in event.what


def test_removing_a_line_is_named_and_audited(personas: Personas) -> None:
    line, ooh = with_lines(personas, LINE, OOH)
    diff = change(personas, [Proposed(line.pk, None), Proposed(ooh.pk, ooh.line)])
    assert diff.removed == [LINE]
    assert [c.line for c in lines_now(personas)] == [OOH]
    event = AuditEvent.objects.filter(object_type="people.CareTeam").latest("pk")
    assert "removed the crisis line Northgate crisis team (0113 496 0999)" in event.what


def test_the_last_out_of_hours_line_cannot_go_without_a_replacement(
    personas: Personas,
) -> None:
    (ooh,) = with_lines(personas, OOH)
    for proposed in (
        [Proposed(ooh.pk, None)],
        [Proposed(ooh.pk, None), Proposed(None, LINE)],  # a line, but not out of hours
        [Proposed(ooh.pk, Line(**{**OOH.__dict__, "out_of_hours": False}))],
    ):
        with pytest.raises(services.LastOutOfHoursLine, match="without naming the line"):
            change(personas, proposed)
        assert [c.line for c in lines_now(personas)] == [OOH]


def test_the_out_of_hours_line_is_replaced_in_one_change(personas: Personas) -> None:
    (ooh,) = with_lines(personas, OOH)
    new = Line(
        name="Leeds crisis line", how="Call 0800 000 0000", phone="08000000000", out_of_hours=True
    )
    diff = change(personas, [Proposed(ooh.pk, None), Proposed(None, new)])
    assert diff.removed == [OOH] and diff.added == [new]
    assert [c.line for c in lines_now(personas)] == [new]
    # Changing its number in place keeps it the out-of-hours line.
    (now,) = lines_now(personas)
    moved = Line(**{**new.__dict__, "phone": "08000000001"})
    diff = change(personas, [Proposed(now.pk, moved)])
    assert [(c.before.phone, c.after.phone) for c in diff.changed] == [
        ("08000000000", "08000000001")
    ]
    assert lines_now(personas)[0].pk == now.pk


def test_a_team_with_no_out_of_hours_line_may_empty_its_list(personas: Personas) -> None:
    (line,) = with_lines(personas, LINE)
    change(personas, [Proposed(line.pk, None)])
    assert not CrisisContact.objects.filter(team=personas.team_a).exists()


def test_a_line_left_out_is_never_taken_as_removed(personas: Personas) -> None:
    with_lines(personas, LINE, OOH)
    with pytest.raises(services.InvalidInput, match="kept, changed or removed"):
        change(personas, [])
    with pytest.raises(services.InvalidInput, match="kept, changed or removed"):
        change(personas, [Proposed(None, OOH)])
    assert [c.line for c in lines_now(personas)] == [LINE, OOH]


def test_a_change_made_meanwhile_stops_the_save(personas: Personas) -> None:
    (line,) = with_lines(personas, LINE)
    seen = fingerprint(lines_now(personas))
    change(personas, [Proposed(line.pk, Line(**{**LINE.__dict__, "name": "Renamed"}))])
    with pytest.raises(services.LinesChangedMeanwhile):
        services.change_team_crisis_lines(
            actor=personas.manager,
            team=personas.team_a,
            based_on=seen,
            proposed=[Proposed(line.pk, None)],
        )
    assert [c.line.name for c in lines_now(personas)] == ["Renamed"]


def test_an_overlong_line_is_refused_before_the_database_sees_it(personas: Personas) -> None:
    with pytest.raises(services.InvalidInput, match="must be 30 characters or fewer"):
        change(personas, [Proposed(None, Line(**{**LINE.__dict__, "phone": "1" * 31}))])
    assert not CrisisContact.objects.filter(team=personas.team_a).exists()


@pytest.mark.parametrize("who", ["clinician", "outsider", "admin"])
def test_only_the_teams_managers_change_its_lines(personas: Personas, who: str) -> None:
    with pytest.raises(PermissionDenied):
        change(personas, [Proposed(None, LINE)], actor=who)
    assert not CrisisContact.objects.filter(team=personas.team_a).exists()


def test_the_migration_marks_the_out_of_hours_lines_teams_already_have(
    personas: Personas,
) -> None:
    # Lines saved before out-of-hours lines were marked: the team's own
    # out-of-hours number, or called one in words, are marked; others are not.
    personas.team_a.out_of_hours_phone = "+441134960199"
    personas.team_a.save()
    org, team = personas.organisation, personas.team_a
    by_number = CrisisContact.objects.create(
        organisation=org, team=team, name="Evenings", how="Call us", phone="0113 496 0199"
    )
    by_words = CrisisContact.objects.create(
        organisation=org, team=team, name="Northgate out-of-hours", how="Call", phone="1"
    )
    neither = CrisisContact.objects.create(
        organisation=org, team=team, name="Duty worker", how="Call", phone="01134960100"
    )
    migration = importlib.import_module("tandem.safety.migrations.0002_out_of_hours_lines")
    migration.mark_existing_lines(django_apps, None)
    marked = set(OutOfHoursLine.objects.values_list("contact_id", flat=True))
    assert marked == {by_number.pk, by_words.pk}
    assert neither.pk not in marked

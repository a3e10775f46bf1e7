"""Care plans written together: versions, the person's answer, comments, two
people saving at once, and review reminders reaching the coordinator's team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.careplans import services
from tandem.careplans.models import Agreement, CarePlanVersion
from tandem.careplans.queries import history, overdue_reviews
from tandem.careplans.tests.helpers import TYPICAL, in_months, write_plan
from tandem.errors import InvalidInput
from tandem.worklist.models import WorkItem
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_each_save_is_a_new_version_saying_who_changed_what(personas: Personas) -> None:
    first = write_plan(personas.clinician, personas.su)
    second = write_plan(
        personas.service_user, personas.su, {**TYPICAL, "goals": "Sleep through most nights"}
    )

    assert (first.number, second.number) == (1, 2)
    assert first.saved_by_staff and not second.saved_by_staff
    assert second.changed == ["goals"]
    assert second.changed_headings == ["My goals"]
    entry = history(personas.su)[0]
    assert entry.changes[0].before == TYPICAL["goals"] and entry.changes[0].after == (
        "Sleep through most nights"
    )
    # The first version is kept as it was.
    assert CarePlanVersion.objects.get(number=1).goals == TYPICAL["goals"]
    assert AuditEvent.objects.filter(what__startswith="Saved version 2 of the care plan").exists()


def test_saving_the_same_words_adds_no_version_and_a_new_date_does(personas: Personas) -> None:
    first = write_plan(personas.clinician, personas.su)
    same = services.save_plan(
        actor=personas.clinician,
        person=personas.su,
        parts={**TYPICAL, "goals": TYPICAL["goals"].replace("\n", "\r\n") + "  "},
        review_on=first.review_on,
        based_on=1,
    )
    assert same is None
    moved = write_plan(personas.clinician, personas.su, review_on=in_months(3))
    assert moved.changed == ["review_on"]
    assert moved.plan.review_on == in_months(3)


def test_a_second_writer_on_an_old_version_saves_nothing_and_is_told(personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    # Sam and Dr Lee both opened version 1; Dr Lee saves first.
    write_plan(personas.clinician, personas.su, {**TYPICAL, "goals": "Dr Lee's words"})

    with pytest.raises(services.NewerVersion) as conflict:
        services.save_plan(
            actor=personas.service_user,
            person=personas.su,
            parts={**TYPICAL, "goals": "Sam's words"},
            review_on=in_months(6),
            based_on=1,
        )
    assert conflict.value.latest.number == 2
    assert conflict.value.latest.saved_by_name == "Dr Casey Lee"
    assert CarePlanVersion.objects.count() == 2


@pytest.mark.parametrize(
    ("parts", "review_on", "message"),
    [
        ({}, in_months(6), "Write something"),
        ({**TYPICAL, "goals": "x" * 2001}, in_months(6), "2000 characters"),
        ({**TYPICAL, "i_will_when": "Monday\nTuesday"}, in_months(6), "one line"),
        (TYPICAL, timezone.localdate(), "in the future"),
        (TYPICAL, in_months(13), "within a year"),
        ({"warning_signs": "x"}, in_months(6), "Unknown parts"),
    ],
)
def test_bad_plans_save_nothing(
    personas: Personas, parts: dict[str, str], review_on: dt.date, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        services.save_plan(
            actor=personas.clinician,
            person=personas.su,
            parts=parts,
            review_on=review_on,
            based_on=0,
        )
    assert not CarePlanVersion.objects.exists()


def test_only_the_person_and_their_team_may_write(personas: Personas) -> None:
    for outsider in (personas.outsider, personas.carer, personas.other_service_user):
        with pytest.raises(PermissionDenied):
            write_plan(outsider, personas.su)


def test_the_person_agrees_or_says_why_not_once_per_version(personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)

    with pytest.raises(InvalidInput, match="Say why"):
        services.record_agreement(
            actor=personas.service_user, person=personas.su, version_number=1, agreed=False
        )
    answer = services.record_agreement(
        actor=personas.service_user,
        person=personas.su,
        version_number=1,
        agreed=False,
        reason="I want appointments in the afternoon",
    )
    assert not answer.agreed
    # The coordinator's team hears that Sam does not agree.
    task = WorkItem.objects.get(about_key__startswith="care-plan-disagreed:")
    assert task.team == personas.team_a
    assert "afternoon" not in task.reason  # the words stay on the plan, for those allowed
    with pytest.raises(InvalidInput, match="already answered"):
        services.record_agreement(
            actor=personas.service_user, person=personas.su, version_number=1, agreed=True
        )
    # A disagreement without a reason cannot be stored, whatever the caller.
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=answer.pk).update(reason="")


def test_agreement_is_only_to_the_newest_version_and_only_by_the_person(
    personas: Personas,
) -> None:
    write_plan(personas.clinician, personas.su)
    write_plan(personas.clinician, personas.su, {**TYPICAL, "goals": "Changed"})

    with pytest.raises(services.NewerVersion):
        services.record_agreement(
            actor=personas.service_user, person=personas.su, version_number=1, agreed=True
        )
    for someone_else in (personas.clinician, personas.carer, personas.other_service_user):
        with pytest.raises(PermissionDenied):
            services.record_agreement(
                actor=someone_else, person=personas.su, version_number=2, agreed=True
            )
    assert not Agreement.objects.exists()


def test_the_person_comments_on_any_version(personas: Personas) -> None:
    write_plan(personas.clinician, personas.su)
    write_plan(personas.clinician, personas.su, {**TYPICAL, "goals": "Changed"})

    services.add_comment(
        actor=personas.service_user, person=personas.su, version_number=1, text="  Better.  "
    )
    with pytest.raises(InvalidInput, match="1000 characters"):
        services.add_comment(
            actor=personas.service_user, person=personas.su, version_number=2, text="x" * 1001
        )
    with pytest.raises(PermissionDenied):
        services.add_comment(
            actor=personas.clinician, person=personas.su, version_number=2, text="Hello"
        )
    old = history(personas.su)[1]
    assert [c.text for c in old.comments] == ["Better."]
    # The coordinator's team is asked to read it, without the words in the task.
    task = WorkItem.objects.get(about_key__startswith="care-plan-comment:")
    assert task.team == personas.team_a and "Better" not in task.reason


def test_reminders_reach_the_coordinators_team_before_the_date_once(personas: Personas) -> None:
    today = timezone.localdate()
    write_plan(personas.clinician, personas.su, review_on=today + dt.timedelta(days=20))

    assert services.raise_review_reminders(today=today) == 0
    soon = today + dt.timedelta(days=7)
    assert services.raise_review_reminders(today=soon) == 1
    assert services.raise_review_reminders(today=soon) == 0
    task = WorkItem.objects.get(about_key__startswith="care-plan-review:")
    assert task.team == personas.team_a
    assert "Dr Casey Lee" in task.title
    # Closing it does not bring it back for the same date.
    task.done_at = timezone.now()
    task.save()
    assert services.raise_review_reminders(today=soon + dt.timedelta(days=1)) == 0


def test_an_overdue_review_shows_for_the_teams_it_is_in(personas: Personas) -> None:
    write_plan(personas.clinician, personas.su, review_on=in_months(2))
    assert overdue_reviews([personas.team_a]) == []
    # Two months on, nobody has reviewed it.
    CarePlanVersion.objects.update(review_on=timezone.localdate() - dt.timedelta(days=3))
    personas.su.care_plan.review_on = timezone.localdate() - dt.timedelta(days=3)
    personas.su.care_plan.save()

    found = overdue_reviews([personas.team_a])
    assert [(o.person, o.coordinator) for o in found] == [(personas.su, "Dr Casey Lee")]
    assert overdue_reviews([personas.team_b]) == []

"""Saving answers: who may, what is refused whole, and the one alert an answer
that needs review raises."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tandem.alerts.models import Alert, AlertKind, AlertState
from tandem.audit.models import AuditEvent
from tandem.diary.models import Frequency
from tandem.measures import services
from tandem.measures.instruments import InvalidDefinition
from tandem.measures.models import Instrument, Response
from tandem.measures.tests.helpers import answer, builtin, phq9_answers, schedule_for
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def phq9(personas: Personas) -> Instrument:
    return builtin("phq9")


@pytest.fixture
def sams_schedule(personas: Personas, phq9: Instrument):  # type: ignore[no-untyped-def]
    return schedule_for(personas.su, personas.team_a, phq9, personas.clinician)


def test_sam_answers_his_own_schedule_and_it_is_scored_and_audited(personas, phq9, sams_schedule):
    saved = answer(personas.service_user, personas.su, phq9, phq9_answers(), schedule=sams_schedule)
    assert (saved.complete, saved.total, saved.band) == (True, 8, "Mild depression")
    assert saved.team == personas.team_a and saved.submitted_by == personas.service_user
    assert saved.review_items == []
    assert not Alert.objects.exists()
    event = AuditEvent.objects.get(object_type="measures.Response")
    assert event.subject_id == personas.su.pk and "PHQ-9" in event.what


def test_item_9_above_0_raises_exactly_one_alert_with_the_question_and_answer(
    personas, phq9, sams_schedule
):
    saved = answer(
        personas.service_user, personas.su, phq9, phq9_answers(item9=2), schedule=sams_schedule
    )
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.ANSWER_NEEDS_REVIEW and alert.state == AlertState.OPEN
    assert alert.team == personas.team_a and alert.response == saved
    assert alert.about_key == f"response:{saved.pk}"
    assert alert.reasons == [
        "PHQ-9 question 9, 'Thoughts that you would be better off dead, or of hurting "
        "yourself in some way': answered 'More than half the days'."
    ]
    # Same day: never later than the end of today in the service's time, unless
    # that leaves under two hours (an answer sent late at night).
    end_of_today = timezone.localtime(alert.raised_at).replace(hour=23, minute=59, second=0)
    assert alert.raised_at < alert.respond_by
    assert alert.respond_by <= max(end_of_today, alert.raised_at + dt.timedelta(hours=2))
    assert saved.review_items == ["q9"]


def test_a_second_press_of_submit_saves_nothing_new_and_raises_no_second_alert(
    personas, phq9, sams_schedule
):
    key = uuid.uuid4()
    first = answer(
        personas.service_user,
        personas.su,
        phq9,
        phq9_answers(item9=1),
        schedule=sams_schedule,
        key=key,
    )
    again = answer(
        personas.service_user,
        personas.su,
        phq9,
        phq9_answers(item9=1),
        schedule=sams_schedule,
        key=key,
    )
    assert again.pk == first.pk
    assert Response.objects.count() == 1 and Alert.objects.count() == 1


def test_a_reused_key_for_someone_else_is_refused(personas, phq9, sams_schedule):
    key = uuid.uuid4()
    answer(
        personas.service_user, personas.su, phq9, phq9_answers(), schedule=sams_schedule, key=key
    )
    with pytest.raises(services.InvalidInput):
        answer(
            personas.outsider,
            personas.other_su,
            phq9,
            phq9_answers(),
            team=personas.team_b,
            key=key,
        )
    assert Response.objects.count() == 1


@pytest.mark.parametrize("bad", [{"q1": 4}, {"q1": "3"}, {"q12": 1}, {"q9": -1}])
def test_out_of_range_or_unknown_answers_save_nothing(personas, phq9, sams_schedule, bad):
    with pytest.raises(services.RefusedAnswers):
        answer(
            personas.service_user,
            personas.su,
            phq9,
            phq9_answers(**{}) | bad,
            schedule=sams_schedule,
        )
    assert not Response.objects.exists() and not Alert.objects.exists()


def test_answers_for_another_persons_schedule_are_refused(personas, phq9):
    kits = schedule_for(personas.other_su, personas.team_b, phq9, personas.outsider)
    with pytest.raises(PermissionDenied):
        answer(personas.service_user, personas.su, phq9, phq9_answers(), schedule=kits)
    # Nor may Sam answer as Kit on Kit's schedule.
    with pytest.raises(PermissionDenied):
        answer(personas.service_user, personas.other_su, phq9, phq9_answers(), schedule=kits)
    assert not Response.objects.exists()


def test_an_ended_schedule_takes_no_answers(personas, phq9, sams_schedule):
    services.end_schedule(actor=personas.clinician, schedule=sams_schedule)
    with pytest.raises(PermissionDenied):
        answer(personas.service_user, personas.su, phq9, phq9_answers(), schedule=sams_schedule)


def test_a_schedule_for_another_instrument_is_refused(personas, phq9, sams_schedule):
    gad7 = builtin("gad7")
    with pytest.raises(PermissionDenied):
        answer(personas.service_user, personas.su, gad7, {"q1": 1}, schedule=sams_schedule)


def test_a_forged_instrument_is_refused(personas, phq9, sams_schedule):
    forged = Instrument(pk=phq9.pk, code="phq9", version=2, definition=phq9.definition)
    with pytest.raises(services.InvalidInput, match="not in use"):
        answer(personas.clinician, personas.su, forged, phq9_answers(), team=personas.team_a)
    unsaved = Instrument(code="phq9", version=1, definition=phq9.definition)
    with pytest.raises(services.InvalidInput, match="not in use"):
        answer(personas.clinician, personas.su, unsaved, phq9_answers(), team=personas.team_a)
    assert not Response.objects.exists()


def test_a_retired_instrument_is_refused(personas, phq9):
    services.retire_instrument(actor=personas.admin, instrument=phq9)
    with pytest.raises(services.InvalidInput, match="not in use"):
        answer(personas.clinician, personas.su, phq9, phq9_answers(), team=personas.team_a)


def test_staff_fill_one_in_with_the_person_and_may_leave_one_blank(personas, phq9):
    answers = phq9_answers() | {"q4": None}
    saved = answer(personas.clinician, personas.su, phq9, answers, team=personas.team_a)
    assert saved.submitted_by == personas.clinician
    assert (saved.complete, saved.total, saved.band) == (False, None, "")
    assert "q4" not in saved.answers


def test_staff_outside_the_team_cannot_answer_for_the_person(personas, phq9):
    with pytest.raises(PermissionDenied):
        answer(personas.outsider, personas.su, phq9, phq9_answers(), team=personas.team_a)
    with pytest.raises(PermissionDenied):
        answer(personas.outsider, personas.su, phq9, phq9_answers(), team=personas.team_b)
    with pytest.raises(PermissionDenied):
        answer(personas.carer, personas.su, phq9, phq9_answers(), team=personas.team_a)


def test_the_person_answers_only_what_their_team_asked_for(personas, phq9):
    with pytest.raises(PermissionDenied):
        answer(personas.service_user, personas.su, phq9, phq9_answers(), team=personas.team_a)


def test_an_incomplete_answer_with_item_9_still_raises_the_alert(personas, phq9):
    saved = answer(personas.clinician, personas.su, phq9, {"q1": 2, "q9": 1}, team=personas.team_a)
    assert not saved.complete and saved.total is None
    assert Alert.objects.filter(response=saved).count() == 1


# --- Instruments ------------------------------------------------------------------------


def custom(version: int = 1, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": "sleep-check",
        "version": version,
        "title": "Sleep check",
        "short_title": "Sleep",
        "preamble": "Over the last week",
        "options": [{"value": 0, "label": "No"}, {"value": 1, "label": "Yes"}],
        "items": [
            {"key": "a", "text": "Trouble getting to sleep", "scored": True},
            {"key": "b", "text": "Waking early", "scored": True},
        ],
        "scoring": "sum",
        "bands": [{"min": 0, "max": 0, "label": "None"}, {"min": 1, "max": 2, "label": "Some"}],
        "licence": "Written by the service",
    }
    data.update(changes)
    return data


def test_the_admin_adds_a_service_questionnaire_and_a_new_version(personas):
    added = services.add_instrument(
        actor=personas.admin, definition=custom(), licence_note="Our own, free to use"
    )
    assert not added.builtin and added.added_by == personas.admin
    with pytest.raises(services.InvalidInput, match="needs a new version number: 2 or more"):
        services.add_instrument(actor=personas.admin, definition=custom(), licence_note="Ours")
    second = services.add_instrument(
        actor=personas.admin, definition=custom(2), licence_note="Ours"
    )
    assert second.version == 2


def test_a_broken_definition_is_refused_with_reasons(personas):
    with pytest.raises(InvalidDefinition) as caught:
        services.add_instrument(
            actor=personas.admin,
            definition=custom(bands=[{"min": 0, "max": 1, "label": "Low"}]),
            licence_note="Ours",
        )
    assert "No band covers totals 2 to 2" in caught.value.problems
    assert not Instrument.objects.filter(code="sleep-check").exists()


def test_only_the_admin_adds_or_retires(personas, phq9):
    with pytest.raises(PermissionDenied):
        services.add_instrument(actor=personas.manager, definition=custom(), licence_note="x")
    with pytest.raises(PermissionDenied):
        services.retire_instrument(actor=personas.clinician, instrument=phq9)


def test_retiring_waits_until_no_one_is_asked_for_it(personas, phq9, sams_schedule):
    with pytest.raises(services.InvalidInput, match="1 person is still asked"):
        services.retire_instrument(actor=personas.admin, instrument=phq9)
    services.end_schedule(actor=personas.clinician, schedule=sams_schedule)
    retired = services.retire_instrument(actor=personas.admin, instrument=phq9)
    assert retired.retired_at is not None


def test_the_migration_loaded_the_builtins_once(personas):
    builtin("phq9")
    from tandem.measures.instruments import install_builtins

    assert install_builtins(Instrument) == 0
    assert set(Instrument.objects.filter(builtin=True).values_list("code", flat=True)) == {
        "phq9",
        "gad7",
        "phq2",
        "gad2",
    }


# --- Schedules --------------------------------------------------------------------------


def test_staff_ask_on_chosen_weekdays_and_end_it(personas, phq9):
    schedule = services.set_up_schedule(
        actor=personas.clinician,
        service_user=personas.su,
        team=personas.team_a,
        instrument=phq9,
        frequency=Frequency.WEEKLY,
        weekdays=[3, 0],
        remind_at=dt.time(18, 0),
    )
    assert schedule.weekdays == "0,3" and schedule.agreed_by == personas.clinician
    with pytest.raises(services.InvalidInput, match="already asked"):
        services.set_up_schedule(
            actor=personas.colleague,
            service_user=personas.su,
            team=personas.team_a,
            instrument=phq9,
            frequency=Frequency.DAILY,
        )
    ended = services.end_schedule(actor=personas.colleague, schedule=schedule)
    assert ended.ended_by == personas.colleague


def test_weekly_needs_a_day(personas, phq9):
    with pytest.raises(services.InvalidInput, match="at least one day"):
        services.set_up_schedule(
            actor=personas.clinician,
            service_user=personas.su,
            team=personas.team_a,
            instrument=phq9,
            frequency=Frequency.WEEKLY,
        )


def test_staff_outside_the_team_cannot_ask_or_end(personas, phq9, sams_schedule):
    with pytest.raises(PermissionDenied):
        services.set_up_schedule(
            actor=personas.outsider,
            service_user=personas.su,
            team=personas.team_a,
            instrument=phq9,
            frequency=Frequency.DAILY,
        )
    with pytest.raises(PermissionDenied):
        services.end_schedule(actor=personas.outsider, schedule=sams_schedule)

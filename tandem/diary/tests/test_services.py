"""Setting up a diary together and filling it in: one entry a day, values in
range, the person's own signs only, nothing saved half-way, every write audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tandem.alerts.models import Alert, AlertKind
from tandem.audit.models import AuditEvent
from tandem.diary import entries, services
from tandem.diary.models import CheckInSchedule, DiaryEntry, DiaryPlan, SignRating
from tandem.diary.tests.helpers import SIGNS, fill_in, set_up_diary, signs_of
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas: Personas) -> DiaryPlan:
    return set_up_diary(personas.clinician, personas.su)


def test_set_up_together_makes_the_plan_signs_and_schedule(
    personas: Personas, plan: DiaryPlan
) -> None:
    assert plan.team == personas.team_a
    assert plan.share_with_team
    assert (plan.track_mood, plan.track_sleep, plan.track_anxiety) == (True, True, True)
    assert [s.words for s in signs_of(plan)] == list(SIGNS)
    schedule = CheckInSchedule.objects.get(service_user=personas.su)
    assert schedule.kind == "diary" and schedule.frequency == "daily"
    assert schedule.remind_at == dt.time(19, 0)
    whats = list(
        AuditEvent.objects.filter(subject_id=personas.su.pk).values_list("what", flat=True)
    )
    assert "Set up the diary, tracking: mood, sleep, anxiety" in whats
    assert whats.count("Added an early warning sign to the diary") == 2
    assert "Set the diary schedule: every day, with a reminder at 7pm" in whats
    # The audit says what was done, never the person's words.
    assert not any("against me" in w for w in whats)


def test_only_the_persons_team_sets_it_up(personas: Personas) -> None:
    for actor in (personas.outsider, personas.service_user, personas.carer):
        with pytest.raises(PermissionDenied):
            services.set_up_plan(
                actor=actor,
                person=personas.su,
                track_mood=True,
                track_sleep=False,
                track_anxiety=False,
                track_medication=False,
                watch_high_mood=False,
            )
    assert not DiaryPlan.objects.exists()


def test_a_rise_in_mood_needs_mood_tracked(personas: Personas) -> None:
    with pytest.raises(services.InvalidInput, match="Track mood"):
        services.set_up_plan(
            actor=personas.clinician,
            person=personas.su,
            track_mood=False,
            track_sleep=True,
            track_anxiety=False,
            track_medication=False,
            watch_high_mood=True,
        )


def test_one_entry_a_day_and_a_second_save_updates_it(personas: Personas, plan: DiaryPlan) -> None:
    sleeping, against = signs_of(plan)
    first = fill_in(
        personas.service_user,
        personas.su,
        mood=6,
        sleep_hours=Decimal("7.5"),
        ratings={sleeping.pk: 1, against.pk: 0},
    )
    assert not first.updated
    second = fill_in(personas.service_user, personas.su, mood=4, ratings={against.pk: 3})
    assert second.updated
    assert second.entry.pk == first.entry.pk
    entry = DiaryEntry.objects.get()
    # The entry says what the second form said: sleep and the first sign emptied.
    assert (entry.mood, entry.sleep_hours, entry.anxiety) == (4, None, None)
    assert {r.sign_id: r.rating for r in SignRating.objects.all()} == {against.pk: 3}
    whats = list(
        AuditEvent.objects.filter(object_type="diary.DiaryEntry").values_list("what", flat=True)
    )
    today = timezone.localdate()
    assert whats == [
        f"Filled in the diary for {today:%-d %B %Y}",
        f"Changed the diary for {today:%-d %B %Y}",
    ]


def test_a_day_up_to_a_week_back_can_be_filled_in(personas: Personas, plan: DiaryPlan) -> None:
    week_ago = timezone.localdate() - dt.timedelta(days=7)
    saved = fill_in(personas.service_user, personas.su, week_ago, mood=5)
    assert saved.entry.day == week_ago


@pytest.mark.parametrize(
    ("days_from_today", "message"),
    [
        (1, "has not happened yet"),
        (-8, "today or any of the last 7 days"),
    ],
)
def test_future_days_and_days_too_long_ago_are_refused(
    personas: Personas, plan: DiaryPlan, days_from_today: int, message: str
) -> None:
    day = timezone.localdate() + dt.timedelta(days=days_from_today)
    with pytest.raises(services.InvalidInput, match=message):
        fill_in(personas.service_user, personas.su, day, mood=5)
    assert not DiaryEntry.objects.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"mood": 11}, "Mood must be a whole number from 0 to 10"),
        ({"mood": -1}, "Mood must be a whole number from 0 to 10"),
        ({"anxiety": 12}, "Anxiety must be a whole number from 0 to 10"),
        ({"sleep_hours": Decimal("24.5")}, "Sleep must be a number of hours from 0 to 24"),
        ({"sleep_hours": Decimal("7.3")}, "in half hours"),
        ({"medication_taken": True}, "Medication is not on this diary"),
        ({"note": "x" * 2001}, "2,000 characters or fewer"),
        ({}, "Fill in at least one thing"),
    ],
)
def test_bad_values_save_nothing(
    personas: Personas, plan: DiaryPlan, values: dict[str, object], message: str
) -> None:
    with pytest.raises(services.InvalidInput, match=message):
        fill_in(personas.service_user, personas.su, **values)
    assert not DiaryEntry.objects.exists()
    assert not SignRating.objects.exists()


def test_a_sign_that_is_not_theirs_or_out_of_range_saves_nothing(personas: Personas) -> None:
    plan = set_up_diary(personas.clinician, personas.su)
    kits = set_up_diary(personas.outsider, personas.other_su, signs=("Not answering the door",))
    sleeping, _ = signs_of(plan)
    kits_sign = signs_of(kits)[0]
    with pytest.raises(services.InvalidInput, match="not on this diary"):
        fill_in(personas.service_user, personas.su, mood=5, ratings={kits_sign.pk: 2})
    with pytest.raises(services.InvalidInput, match="from 0 to 4"):
        fill_in(personas.service_user, personas.su, mood=5, ratings={sleeping.pk: 5})
    assert not DiaryEntry.objects.exists()


def test_only_the_person_fills_in_their_own_diary(personas: Personas, plan: DiaryPlan) -> None:
    for actor in (personas.clinician, personas.carer, personas.other_service_user):
        with pytest.raises(PermissionDenied):
            fill_in(actor, personas.su, mood=5)
    assert not DiaryEntry.objects.exists()


def test_signs_reworded_and_retired_keep_their_past_ratings(
    personas: Personas, plan: DiaryPlan
) -> None:
    sleeping, against = signs_of(plan)
    fill_in(personas.service_user, personas.su, ratings={against.pk: 2})
    new = services.reword_sign(
        actor=personas.service_user,
        person=personas.su,
        sign_id=against.pk,
        words="Feeling people are talking about me",
    )
    against.refresh_from_db()
    assert against.retired_at is not None
    assert new.position == against.position
    assert [s.words for s in signs_of(plan)] == [SIGNS[0], "Feeling people are talking about me"]
    assert SignRating.objects.get().sign == against
    services.retire_sign(actor=personas.clinician, person=personas.su, sign_id=sleeping.pk)
    assert [s.words for s in signs_of(plan)] == ["Feeling people are talking about me"]
    # A retired sign can no longer be rated.
    with pytest.raises(services.InvalidInput, match="not on this diary"):
        fill_in(personas.service_user, personas.su, ratings={sleeping.pk: 1})


def test_up_to_ten_signs_and_no_duplicates(personas: Personas, plan: DiaryPlan) -> None:
    with pytest.raises(services.InvalidInput, match="already on the diary"):
        services.add_sign(
            actor=personas.service_user, person=personas.su, words="  sleeping LESS than 5 hours"
        )
    for i in range(8):
        services.add_sign(actor=personas.service_user, person=personas.su, words=f"Sign {i}")
    with pytest.raises(services.InvalidInput, match="up to 10 signs"):
        services.add_sign(actor=personas.service_user, person=personas.su, words="One more")
    assert len(signs_of(plan)) == 10


def test_a_new_schedule_ends_the_old_one(personas: Personas, plan: DiaryPlan) -> None:
    services.set_schedule(
        actor=personas.service_user,
        person=personas.su,
        frequency="weekly",
        weekdays=[0, 3],
        remind_at=None,
    )
    schedules = list(CheckInSchedule.objects.order_by("pk"))
    assert len(schedules) == 2
    assert schedules[0].ended_at is not None and schedules[0].ended_by == personas.service_user
    assert schedules[1].ended_at is None
    assert schedules[1].weekdays == "0,3" and schedules[1].remind_at is None
    with pytest.raises(services.InvalidInput, match="at least one day"):
        services.set_schedule(
            actor=personas.service_user,
            person=personas.su,
            frequency="weekly",
            weekdays=[],
            remind_at=None,
        )


def test_a_note_with_worrying_words_raises_exactly_one_alert(
    personas: Personas, plan: DiaryPlan
) -> None:
    saved = fill_in(
        personas.service_user, personas.su, mood=2, note="I don't want to be here any more"
    )
    assert saved.worrying
    assert saved.alert is not None
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.WORRYING_WORDS
    assert alert.team == personas.team_a
    assert alert.about_key == f"diary-note:{saved.entry.pk}"
    assert alert.data_from == alert.data_to == saved.entry.day
    assert "may be about suicide" in alert.reasons[0]
    # No score, level or the words themselves in the alert.
    assert "want to be here" not in " ".join(alert.reasons)
    # Saving the day again, note unchanged, raises nothing more.
    again = fill_in(
        personas.service_user, personas.su, mood=3, note="I don't want to be here any more"
    )
    assert not again.worrying
    assert Alert.objects.count() == 1


def test_a_calm_note_raises_nothing(personas: Personas, plan: DiaryPlan) -> None:
    saved = fill_in(personas.service_user, personas.su, note="Walked the dog, felt alright")
    assert not saved.worrying
    assert not Alert.objects.exists()


def test_worrying_words_with_sharing_off_raise_no_alert_but_still_say_so(
    personas: Personas, plan: DiaryPlan
) -> None:
    services.set_sharing(actor=personas.service_user, person=personas.su, share=False)
    saved = fill_in(personas.service_user, personas.su, note="I want to kill myself")
    assert saved.worrying and saved.alert is None
    assert not Alert.objects.filter(kind=AlertKind.WORRYING_WORDS).exists()


def test_stopping_sharing_raises_one_alert_with_no_diary_content(
    personas: Personas, plan: DiaryPlan
) -> None:
    fill_in(personas.service_user, personas.su, mood=3, note="Bad week at work")
    assert services.set_sharing(actor=personas.service_user, person=personas.su, share=False)
    assert not services.set_sharing(actor=personas.service_user, person=personas.su, share=False)
    alert = Alert.objects.get()
    today = timezone.localdate()
    assert alert.kind == AlertKind.STOPPED_SHARING
    assert alert.about_key == f"stopped-sharing:{plan.pk}:{today.isoformat()}"
    assert alert.reasons == [
        f"Sam Taylor stopped sharing their diary with the team on {today:%-d %B %Y}. "
        "Nothing from the diary is shown. Talk about it at the next contact."
    ]
    # Turned on and off again the same day: still the one open alert.
    services.set_sharing(actor=personas.service_user, person=personas.su, share=True)
    services.set_sharing(actor=personas.service_user, person=personas.su, share=False)
    assert Alert.objects.count() == 1
    assert (
        AuditEvent.objects.filter(
            subject_id=personas.su.pk, what="Stopped sharing the diary with the care team"
        ).count()
        == 2
    )


def test_only_the_person_chooses_sharing(personas: Personas, plan: DiaryPlan) -> None:
    with pytest.raises(PermissionDenied):
        services.set_sharing(actor=personas.clinician, person=personas.su, share=False)


def test_staff_cannot_change_a_diary_that_is_not_shared(
    personas: Personas, plan: DiaryPlan
) -> None:
    services.set_sharing(actor=personas.service_user, person=personas.su, share=False)
    with pytest.raises(PermissionDenied):
        services.add_sign(actor=personas.clinician, person=personas.su, words="Pacing at night")
    # The person still can.
    services.add_sign(actor=personas.service_user, person=personas.su, words="Pacing at night")


def test_an_entry_is_replaced_only_by_someone_who_was_shown_it(
    personas: Personas, plan: DiaryPlan
) -> None:
    """Issue 16: a save from a page that did not show the day's entry asks
    first (AlreadyFilledIn) and changes nothing."""
    day = timezone.localdate() - dt.timedelta(days=1)
    earlier = fill_in(personas.service_user, personas.su, day, mood=2, note="Stayed in").entry
    with pytest.raises(entries.AlreadyFilledIn) as found:
        entries.save_entry(
            actor=personas.service_user,
            person=personas.su,
            day=day,
            values=entries.EntryValues(mood=8),
            replacing="",
        )
    assert found.value.entry.pk == earlier.pk
    earlier.refresh_from_db()
    assert (earlier.mood, earlier.note) == (2, "Stayed in")
    saved = entries.save_entry(
        actor=personas.service_user,
        person=personas.su,
        day=day,
        values=entries.EntryValues(mood=8),
        replacing=entries.entry_version(earlier),
    )
    assert saved.updated and saved.entry.mood == 8


def test_a_welsh_readers_diary_writes_staff_words_in_english(
    personas: Personas, plan: DiaryPlan
) -> None:
    """Sam reads his pages in Welsh, so his request runs in Welsh; the audit line
    and the alert his note raises are read by staff, and stay English (ADR 0061)."""
    from django.utils import translation

    from tandem.web.dates import day

    today = timezone.localdate()
    with translation.override("cy"):
        assert day(today) != day(today).replace(" ", "")  # a date, in Welsh here
        welsh_month = day(today).split()[1]
        saved = fill_in(
            personas.service_user, personas.su, mood=2, note="I don't want to be here any more"
        )
    english = day(today)
    assert welsh_month not in english  # Welsh and English month names differ
    audit = AuditEvent.objects.filter(subject_id=personas.su.pk, what__contains="diary for").latest(
        "pk"
    )
    assert audit.what == f"Filled in the diary for {english}"
    assert saved.alert is not None
    assert english in saved.alert.reasons[0]

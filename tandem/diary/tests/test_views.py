"""The diary pages: the person fills in a day and sees it over time; bad input
is explained and saves nothing; staff see it only while it is shared; carers
only with 'See my diary'; every diary page says it is not watched round the clock."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.alerts.models import Alert, AlertKind
from tandem.audit.models import AuditEvent
from tandem.diary import entries, services
from tandem.diary.models import DiaryEntry, DiaryPlan
from tandem.diary.tests.helpers import fill_in, set_up_diary, signs_of, write_entry
from tests.personas import Personas

pytestmark = pytest.mark.django_db

NOT_WATCHED = "Your diary is not watched around the clock"
TEAM_LOOKS = (
    "Your care team looks at it during working hours. If something in it worries them they "
    "will contact you."
)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return text_of(response.content.decode())


def text_of(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


@pytest.fixture
def plan(personas: Personas) -> DiaryPlan:
    return set_up_diary(personas.clinician, personas.su)


def test_every_diary_page_sam_sees_says_it_is_not_watched_and_where_help_is(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    sam = client_for("service_user")
    sign = signs_of(plan)[0]
    for name, args in [
        ("diary:mine", []),
        ("diary:entry", []),
        ("diary:trends", []),
        ("diary:sharing", []),
        ("diary:settings", []),
        ("diary:add-sign", []),
        ("diary:reword-sign", [sign.pk]),
        ("diary:retire-sign", [sign.pk]),
        ("diary:schedule", []),
    ]:
        page = text(sam.get(reverse(name, args=args)))
        assert NOT_WATCHED in page, name
        assert "Samaritans" in page, name
        assert "999" in page, name
        if name in {"diary:mine", "diary:entry", "diary:trends", "diary:sharing", "diary:settings"}:
            assert TEAM_LOOKS in page, name


def test_sam_without_a_diary_is_told_how_to_get_one(client_for, personas: Personas) -> None:
    page = text(client_for("service_user").get(reverse("diary:mine")))
    assert "Your diary has not been set up yet" in page
    assert NOT_WATCHED in page
    assert client_for("service_user").get(reverse("diary:entry")).status_code == 302


def test_sam_fills_in_today_and_is_told_when_it_updates(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    sam = client_for("service_user")
    sleeping, against = signs_of(plan)
    today = timezone.localdate()
    form = {
        "day": today.isoformat(),
        "mood": "6",
        "sleep_hours": "7.5",
        "anxiety": "3",
        f"sign_{sleeping.pk}": "0",
        f"sign_{against.pk}": "1",
        "note": "Walked the dog",
    }
    response = sam.post(reverse("diary:entry"), form, follow=True)
    assert f"Saved your diary for {today:%-d %B %Y}." in text(response)
    assert "You have filled in today's diary" in text(response)
    entry = DiaryEntry.objects.get()
    assert (entry.mood, entry.sleep_hours, entry.anxiety) == (6, Decimal("7.5"), 3)
    # The form opens with today's answers, and says saving replaces them.
    page = sam.get(reverse("diary:entry")).content.decode()
    assert 'value="7.5"' in page
    assert "Saving replaces what it said before" in text_of(page)
    assert f"Save the changes to {today:%A %-d %B %Y}" in page
    shown = entries.entry_version(entry)
    assert f'name="replacing" value="{shown}"' in page
    response = sam.post(
        reverse("diary:entry"), {**form, "mood": "5", "replacing": shown}, follow=True
    )
    assert f"Changed your diary for {today:%-d %B %Y}." in text(response)
    assert DiaryEntry.objects.get().mood == 5


# --- Issue 16: choosing another day, and never replacing an entry unseen ----------------


def test_choosing_another_day_opens_that_days_entry(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    """'Which day' is a GET form with 'Show this day': the page it opens is that
    day's, with what was written for it, and saving goes to that day."""
    today = timezone.localdate()
    fifth = today - dt.timedelta(days=2)
    fill_in(personas.service_user, personas.su, fifth, mood=2, note="Stayed in")
    fill_in(personas.service_user, personas.su, today, mood=7)
    sam = client_for("service_user")
    page = sam.get(reverse("diary:entry")).content.decode()
    chooser = re.search(r'<form method="get"[^>]*>(.*?)</form>', page, re.S)
    assert chooser is not None, "Which day is a form of its own that shows the day"
    assert 'name="day"' in chooser.group(1) and "Show this day" in chooser.group(1)
    assert re.search(r'<input[^>]*name="mood"[^>]*value="7"', page), "today's entry is shown"

    page = sam.get(reverse("diary:entry"), {"day": fifth.isoformat()}).content.decode()
    words = text_of(page)
    assert f"Change your diary for {fifth:%A %-d %B %Y}" in words
    assert re.search(r'<input[^>]*name="mood"[^>]*value="2"', page) and "Stayed in" in page
    assert not re.search(r'<input[^>]*name="mood"[^>]*value="7"', page)
    assert f'<input type="hidden" name="day" value="{fifth.isoformat()}">' in page
    assert f"Save the changes to {fifth:%A %-d %B %Y}" in words


def test_saving_over_a_day_not_shown_asks_first_and_changes_nothing(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    """Issue 16: today's page, with the day changed to 5 December and saved,
    silently replaced the 5 December entry."""
    today = timezone.localdate()
    fifth = today - dt.timedelta(days=2)
    earlier = fill_in(personas.service_user, personas.su, fifth, mood=2, note="Stayed in").entry
    sam = client_for("service_user")
    # What today's page (no entry yet) sends, with the day changed to the 5th.
    response = sam.post(
        reverse("diary:entry"),
        {"day": fifth.isoformat(), "replacing": "", "mood": "8", "note": "Good day out"},
    )
    assert response.status_code == 200
    words = text(response)
    assert f"You have already filled in your diary for {fifth:%A %-d %B %Y}" in words
    assert "Nothing has been saved yet" in words
    assert "Stayed in" in words and "Good day out" in words
    earlier.refresh_from_db()
    assert (earlier.mood, earlier.note) == (2, "Stayed in")
    assert not AuditEvent.objects.filter(what__startswith="Changed the diary").exists()
    page = response.content.decode()
    assert f'href="/diary/entry/?day={fifth.isoformat()}">Keep my earlier entry' in page

    # Replacing it is a choice of its own, and says so.
    confirm = re.search(r'<form method="post"[^>]*>(.*?)</form>', page.split("<h1>")[1], re.S)
    assert confirm is not None
    sent = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', confirm.group(1))
    )
    assert sent["replacing"] == entries.entry_version(earlier)
    assert f"Replace my entry for {fifth:%A %-d %B %Y}" in confirm.group(1)
    response = sam.post(reverse("diary:entry"), sent, follow=True)
    assert f"Changed your diary for {fifth:%-d %B %Y}." in text(response)
    earlier.refresh_from_db()
    assert (earlier.mood, earlier.note) == (8, "Good day out")


def test_an_entry_changed_since_the_page_was_opened_is_not_replaced_unseen(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    """Two tabs: the change made in one is not lost to a save from the other."""
    today = timezone.localdate()
    first = fill_in(personas.service_user, personas.su, today, mood=4).entry
    opened = entries.entry_version(first)
    fill_in(personas.service_user, personas.su, today, mood=5, note="From my other tab")
    response = client_for("service_user").post(
        reverse("diary:entry"), {"day": today.isoformat(), "replacing": opened, "mood": "6"}
    )
    assert "You have already filled in your diary for" in text(response)
    assert DiaryEntry.objects.get().note == "From my other tab"


def test_pressing_save_twice_saves_once_without_asking(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    sam = client_for("service_user")
    form = {"day": timezone.localdate().isoformat(), "replacing": "", "mood": "6"}
    assert sam.post(reverse("diary:entry"), form).status_code == 302
    assert sam.post(reverse("diary:entry"), form).status_code == 302
    assert DiaryEntry.objects.get().mood == 6


def test_a_worrying_note_waiting_to_be_confirmed_shows_help_at_once(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    """HAZ-152: asking before replacing must not hold back help for a worrying note."""
    today = timezone.localdate()
    fill_in(personas.service_user, personas.su, today, mood=4)
    response = client_for("service_user").post(
        reverse("diary:entry"),
        {"day": today.isoformat(), "replacing": "", "note": "I want to end it all tonight"},
    )
    page = response.content.decode()
    assert "If you need help now, do not wait" in text(response)
    assert page.index('id="help-now"') < page.index("<h1>")
    assert "Samaritans" in text(response)
    assert DiaryEntry.objects.get().note == ""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"mood": "11"}, "Mood must be a whole number from 0 to 10"),
        ({"mood": "six"}, "Mood must be a whole number from 0 to 10"),
        ({"sleep_hours": "25"}, "Sleep must be a number of hours from 0 to 24"),
        ({"sleep_hours": "6.2"}, "Round sleep to the nearest half hour"),
        ({"anxiety": "-2"}, "Anxiety must be a whole number from 0 to 10"),
        ({"day": "FUTURE"}, "You cannot fill in the diary for a day that has not happened yet"),
        ({"day": "LONG_AGO"}, "You can fill in today or any of the last 7 days"),
        ({"day": "nonsense"}, "Choose the day this is for from the list"),
        ({"note": "x" * 2001}, "The note must be 2,000 characters or fewer"),
        ({"sign": "9"}, "Select how much, from 0 to 4"),
        ({"foreign_sign": "2"}, "One of the warning signs on this page is no longer on your diary"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    client_for, personas: Personas, plan: DiaryPlan, change: dict[str, str], message: str
) -> None:
    today = timezone.localdate()
    sleeping, _ = signs_of(plan)
    form = {"day": today.isoformat(), "mood": "5", "sleep_hours": "7", "anxiety": "2"}
    if change.get("day") == "FUTURE":
        change = {"day": (today + dt.timedelta(days=1)).isoformat()}
    elif change.get("day") == "LONG_AGO":
        change = {"day": (today - dt.timedelta(days=8)).isoformat()}
    elif "sign" in change:
        change = {f"sign_{sleeping.pk}": change["sign"]}
    elif "foreign_sign" in change:
        kits = set_up_diary(personas.outsider, personas.other_su, signs=("Not going out",))
        change = {f"sign_{signs_of(kits)[0].pk}": "2"}
    response = client_for("service_user").post(reverse("diary:entry"), {**form, **change})
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert not DiaryEntry.objects.exists()


def test_an_empty_form_asks_for_something(client_for, personas: Personas, plan: DiaryPlan) -> None:
    response = client_for("service_user").post(
        reverse("diary:entry"), {"day": timezone.localdate().isoformat()}
    )
    assert "Fill in at least one thing, or write a note" in text(response)


def test_a_worrying_note_shows_help_at_once_and_once(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    sam = client_for("service_user")
    response = sam.post(
        reverse("diary:entry"),
        {"day": timezone.localdate().isoformat(), "note": "I want to end it all tonight"},
        follow=True,
    )
    page = text(response)
    assert "If you need help now, do not wait" in page
    assert "We have asked your care team to read your note as soon as they can" in page
    raw = response.content.decode()
    assert raw.index('id="help-now"') < raw.index("<h1>Your diary</h1>")
    for word in ("flag", "risk", "detected"):
        assert word not in page.lower().split("help now")[1][:600]
    assert Alert.objects.filter(kind=AlertKind.WORRYING_WORDS).count() == 1
    assert "do not wait" not in text(sam.get(reverse("diary:mine")))


def test_trends_show_a_chart_and_its_table_for_28_or_90_days(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    today = timezone.localdate()
    fill_in(personas.service_user, personas.su, mood=7, sleep_hours=Decimal(8))
    write_entry(personas.service_user, personas.su, today - dt.timedelta(days=40), mood=2)
    sam = client_for("service_user")
    page = sam.get(reverse("diary:trends")).content.decode()
    assert page.count('<svg class="tandem-chart" role="img"') == 5  # 3 items, 2 signs
    assert '<title id="chart-mood-title">Mood</title>' in page
    assert "Show Mood as a table" in page
    assert "Feeling people are against me" in page
    assert "Not filled in" in page
    assert "Showing the last 28 days" in page
    assert "filled in on 1 of 28 days" in page
    longer = sam.get(reverse("diary:trends") + "?days=90").content.decode()
    assert "Showing the last 90 days" in longer
    assert "Lowest 2, highest 7" in longer
    # Anything else falls back to 28 days.
    assert (
        "Showing the last 28 days"
        in sam.get(reverse("diary:trends") + "?days=9999").content.decode()
    )


def test_staff_read_the_diary_while_shared_and_the_read_is_audited(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    fill_in(personas.service_user, personas.su, mood=4, note="Quiet day, stayed in")
    url = reverse("diary:staff-person", args=[personas.su.pk])
    page = text(client_for("colleague").get(url))
    assert "Quiet day, stayed in" in page
    assert "Missed check-ins" in page
    assert AuditEvent.objects.filter(
        actor=personas.colleague, subject_id=personas.su.pk, what="Opened the diary"
    ).exists()


def test_staff_see_the_days_an_alert_rests_on(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    today = timezone.localdate()
    for back in range(3):
        fill_in(personas.service_user, personas.su, today - dt.timedelta(days=back), mood=2)
    start, end = today - dt.timedelta(days=2), today - dt.timedelta(days=1)
    url = reverse("diary:staff-person", args=[personas.su.pk])
    page = client_for("clinician").get(f"{url}?from={start}&to={end}").content.decode()
    assert "Showing the days an alert is about" in page
    assert "are the ones an alert is about" in page
    assert page.count("(alert period)") >= 2
    # An alert about days long ago opens the longer view.
    old = today - dt.timedelta(days=60)
    page = client_for("colleague").get(f"{url}?from={old}&to={old}").content.decode()
    assert "Showing the last 90 days" in page


def test_sharing_off_shows_staff_no_data_and_raises_one_alert(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    fill_in(personas.service_user, personas.su, mood=4, note="Quiet day, stayed in")
    sam = client_for("service_user")
    response = sam.post(reverse("diary:sharing"), {"share": "no"}, follow=True)
    assert "Your diary is no longer shared with Northgate CMHT" in text(response)
    assert "no early-warning alerts are raised from it" in text(response)
    url = reverse("diary:staff-person", args=[personas.su.pk])
    page = text(client_for("clinician").get(url))
    assert "Diary not shared with the team" in page
    assert "Quiet day" not in page and "<svg" not in page
    set_up = text(client_for("clinician").get(reverse("diary:staff-set-up", args=[personas.su.pk])))
    assert "Diary not shared with the team" in set_up
    assert "against me" not in set_up
    alerts = Alert.objects.filter(kind=AlertKind.STOPPED_SHARING)
    assert alerts.count() == 1
    assert "Quiet day" not in " ".join(alerts.get().reasons)


def test_staff_set_up_a_diary_from_nothing(client_for, personas: Personas) -> None:
    lee = client_for("clinician")
    url = reverse("diary:staff-set-up", args=[personas.su.pk])
    response = lee.post(
        url, {"track": ["track_mood", "track_sleep"], "watch_high_mood": "yes"}, follow=True
    )
    assert "Diary set up" in text(response)
    plan = DiaryPlan.objects.get()
    assert plan.track_sleep and not plan.track_anxiety and plan.watch_high_mood
    lee.post(reverse("diary:staff-add-sign", args=[personas.su.pk]), {"words": "Spending a lot"})
    lee.post(
        reverse("diary:staff-schedule", args=[personas.su.pk]),
        {"frequency": "weekly", "weekdays": ["0", "4"], "remind_at": "18:30"},
    )
    page = text(lee.get(url))
    assert "Spending a lot" in page
    assert "on Monday and Friday, with a reminder at 6:30pm" in page
    # Nothing to track is refused with a message.
    response = lee.post(url, {"watch_high_mood": "no"})
    assert "Choose at least one thing to track" in text(response)


def test_sam_changes_signs_and_turns_reminders_off(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    sam = client_for("service_user")
    sleeping, _ = signs_of(plan)
    sam.post(reverse("diary:reword-sign", args=[sleeping.pk]), {"words": "Awake past 3am"})
    sam.post(reverse("diary:add-sign", args=[]), {"words": ""})
    response = sam.post(
        reverse("diary:schedule"), {"frequency": "daily", "remind_at": ""}, follow=True
    )
    page = text(response)
    assert "every day, no reminder" in page
    assert "Awake past 3am" in page and "Sleeping less than 5 hours" not in page
    # A retired sign's page is gone.
    assert sam.get(reverse("diary:reword-sign", args=[sleeping.pk])).status_code == 404
    response = sam.post(reverse("diary:schedule"), {"frequency": "weekly", "remind_at": "25:00"})
    assert "Choose at least one day of the week" in text(response)
    assert "Choose a reminder time from the list" in text(response)


def test_sharing_page_lists_carers_and_their_diary_switch(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    page = text(client_for("service_user").get(reverse("diary:sharing")))
    assert "Alex Taylor (Partner)" in page
    assert "Cannot see your diary" in page
    assert "Change what your carers can see" in page


def carer_page(client: Client, personas: Personas) -> int:
    return client.get(reverse("diary:carer-person", args=[personas.su.pk])).status_code


def test_carer_reads_the_diary_only_while_allowed(
    client_for, personas: Personas, plan: DiaryPlan
) -> None:
    fill_in(personas.service_user, personas.su, mood=4)
    alex = client_for("carer")
    assert carer_page(alex, personas) == 404
    personas.carer_link.can_see_diary = True
    personas.carer_link.save()
    response = alex.get(reverse("diary:carer-person", args=[personas.su.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "not watched around the clock" in page and "Samaritans" in page
    assert "You cannot change it" in page
    assert AuditEvent.objects.filter(actor=personas.carer, what="Carer read the diary").exists()
    personas.carer_link.withdrawn_at = timezone.now()
    personas.carer_link.save()
    assert carer_page(alex, personas) == 404


def test_services_reject_what_views_would_not_offer(personas: Personas, plan: DiaryPlan) -> None:
    # A belt-and-braces check that staff of another team cannot reach the writes.
    with pytest.raises(Exception, match="care team"):
        services.add_sign(actor=personas.outsider, person=personas.su, words="x")

"""Sam fills in today's diary on his phone and sees it over time, as a chart
and as a table of the same figures; Dr Lee reads it in the team. Axe checks
every page on the way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tandem.diary.models import DiaryEntry
from tandem.diary.tests.helpers import fill_in, set_up_diary
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def test_sam_fills_in_today_and_sees_his_trends(open_tab: OpenTab, personas: Personas) -> None:
    # Given Sam's diary was set up with Dr Lee, with his two warning signs
    set_up_diary(personas.clinician, personas.su)
    sam = open_tab()
    sam.page.set_viewport_size(PHONE)
    steps.sign_in(sam, personas.service_user)

    # When he opens his diary
    sam.visit("/diary/")
    assert sam.heading() == "Your diary"
    assert "Your diary is not watched around the clock" in sam.main_text()
    assert "Today's diary is ready when you are" in sam.main_text()

    # And fills in today's
    sam.follow(sam.page.locator("main").get_by_role("button", name="Fill in today's diary"))
    assert sam.heading() == "Fill in your diary"
    sam.page.get_by_label("Mood", exact=True).fill("6")
    sam.page.get_by_label("Hours of sleep").fill("4.5")
    sam.page.get_by_label("Anxiety", exact=True).fill("3")
    sam.page.get_by_role("group", name="\u2018Sleeping less than 5 hours\u2019").get_by_label(
        "3 \u2013 A lot"
    ).check()
    sam.page.get_by_role("group", name="\u2018Feeling people are against me\u2019").get_by_label(
        "1 \u2013 A little"
    ).check()
    sam.page.get_by_label("Anything else you want to write down (optional)").fill(
        "Up early, walked to the shop"
    )
    today = timezone.localdate()
    sam.submit(f"Save your diary for {today:%A %-d %B %Y}")

    # Then it is saved for today, and the page says so
    assert f"Saved your diary for {today:%-d %B %Y}." in sam.main_text()
    assert "You have filled in today's diary" in sam.main_text()
    assert DiaryEntry.objects.get().mood == 6
    assert sam.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    # When he looks at his diary over time
    sam.follow("See your diary over time")
    assert sam.heading() == "Your diary over time"

    # Then each thing he tracks has a chart a screen reader can name
    sleep_chart = sam.page.get_by_role("img", name="Sleep", exact=True)
    assert sleep_chart.is_visible()
    assert "filled in on 1 of 28 days, 4.5 hours" in (
        sleep_chart.locator("desc").text_content() or ""
    )
    # And the same figures as a table
    sam.page.get_by_text("Show Sleep as a table").click()
    table = sam.page.locator("#sleep-table table")
    assert table.is_visible()
    first_row = table.locator("tbody tr").first.inner_text()
    assert f"{today:%-d %B %Y}" in first_row and "4.5 hours" in first_row
    assert "Not filled in" in table.inner_text()
    sam.check_page()

    # And he can see 90 days too
    sam.follow("Show the last 90 days")
    assert "Showing the last 90 days" in sam.main_text()


def test_sam_changes_another_days_entry_and_is_asked_before_one_is_replaced(
    open_tab: OpenTab, personas: Personas
) -> None:
    """Issue 16: changing 'Which day' kept today's values, and saving silently
    replaced the entry for that day."""
    # Given Sam filled in his diary two days ago
    set_up_diary(personas.clinician, personas.su)
    today = timezone.localdate()
    earlier = today - dt.timedelta(days=2)
    earlier_words = f"{earlier:%A %-d %B %Y}"
    fill_in(personas.service_user, personas.su, earlier, mood=2, note="Stayed in all day")
    fill_in(personas.service_user, personas.su, today, mood=7)
    sam = open_tab()
    sam.page.set_viewport_size(PHONE)
    steps.sign_in(sam, personas.service_user)
    sam.visit("/diary/entry/")
    assert sam.page.get_by_label("Mood", exact=True).input_value() == "7"

    # When he chooses that day and asks to see it
    sam.page.get_by_label("Which day is this for?").select_option(earlier.isoformat())
    sam.submit("Show this day")

    # Then the page is that day's, with what he wrote then
    assert sam.heading() == f"Change your diary for {earlier_words}"
    assert sam.page.get_by_label("Mood", exact=True).input_value() == "2"
    assert (
        "Stayed in all day"
        in sam.page.get_by_label("Anything else you want to write down (optional)").input_value()
    )
    assert sam.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    # When he changes it and saves
    sam.page.get_by_label("Mood", exact=True).fill("3")
    sam.submit(f"Save the changes to {earlier_words}")

    # Then that day's entry is changed, and today's is as it was
    assert f"Changed your diary for {earlier:%-d %B %Y}." in sam.main_text()
    assert DiaryEntry.objects.get(day=earlier).mood == 3
    assert DiaryEntry.objects.get(day=today).mood == 7

    # Given he has that day's page open, and meanwhile saves it again elsewhere
    sam.visit(f"/diary/entry/?day={earlier.isoformat()}")
    fill_in(personas.service_user, personas.su, earlier, mood=4, note="Written on my laptop")

    # When he saves the page he had open
    sam.page.get_by_label("Mood", exact=True).fill("5")
    sam.submit(f"Save the changes to {earlier_words}")

    # Then nothing is replaced until he says so, and he sees both
    assert sam.heading() == f"You have already filled in your diary for {earlier_words}"
    assert "Written on my laptop" in sam.main_text()
    assert DiaryEntry.objects.get(day=earlier).mood == 4

    # When he chooses to replace it
    sam.submit(f"Replace my entry for {earlier_words}")

    # Then it is replaced with what he wrote
    assert f"Changed your diary for {earlier:%-d %B %Y}." in sam.main_text()
    assert DiaryEntry.objects.get(day=earlier).mood == 5


def test_choosing_a_day_works_without_javascript(open_tab: OpenTab, personas: Personas) -> None:
    # Given Sam filled in yesterday's diary, and his browser runs no JavaScript
    set_up_diary(personas.clinician, personas.su)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    fill_in(personas.service_user, personas.su, yesterday, mood=4)
    sam = open_tab(javascript=False)
    steps.sign_in(sam, personas.service_user)
    sam.visit("/diary/entry/")
    assert sam.heading() == "Fill in your diary"

    # When he chooses yesterday and asks to see it
    sam.page.get_by_label("Which day is this for?").select_option(yesterday.isoformat())
    sam.submit("Show this day")

    # Then yesterday's entry is on the page, ready to change
    assert sam.heading() == f"Change your diary for {yesterday:%A %-d %B %Y}"
    assert sam.page.get_by_label("Mood", exact=True).input_value() == "4"


def test_dr_lee_reads_sams_diary_in_the_team(open_tab: OpenTab, personas: Personas) -> None:
    # Given Sam has filled in his diary
    set_up_diary(personas.clinician, personas.su)
    fill_in(personas.service_user, personas.su, mood=3, note="Hard day")
    lee = open_tab()
    steps.sign_in(lee, personas.clinician)

    # When Dr Lee opens Sam's diary
    lee.visit(f"/diary/people/{personas.su.pk}/")

    # Then she sees his entry and the charts, with the missed check-ins counted
    assert lee.heading() == "Diary"
    assert "Hard day" in lee.main_text()
    assert "Missed check-ins" in lee.main_text()
    assert lee.page.get_by_role("img", name="Mood", exact=True).is_visible()

    # And she can change the set-up with him
    lee.follow("Change the diary set-up, signs or schedule")
    assert lee.heading() == "The diary set-up"
    assert "Feeling people are against me" in lee.main_text()

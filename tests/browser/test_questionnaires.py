"""Sam fills in his weekly PHQ-9 and answers question 9 above 'Not at all': he
sees the crisis contacts at once and what will happen next, the team's queue
gets one alert, and Dr Lee sees the answer marked for review on Sam's
questionnaire page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tandem.alerts.models import Alert, AlertKind
from tandem.measures.models import Response
from tandem.measures.queries import by_when
from tandem.measures.tests.helpers import answer, builtin, phq9_answers, schedule_for
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser

PHQ9_QUESTIONS = [
    "1. Little interest or pleasure in doing things",
    "2. Feeling down, depressed, or hopeless",
    "3. Trouble falling or staying asleep, or sleeping too much",
    "4. Feeling tired or having little energy",
    "5. Poor appetite or overeating",
    "6. Feeling bad about yourself",
    "7. Trouble concentrating on things",
    "8. Moving or speaking so slowly",
]
ITEM_9 = "9. Thoughts that you would be better off dead"


def test_sam_answers_item_9_and_is_shown_help_then_dr_lee_sees_it(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Dr Lee has asked Sam to fill in the PHQ-9 every day
    phq9 = builtin("phq9")
    schedule_for(personas.su, personas.team_a, phq9, personas.clinician)

    # When Sam opens his questionnaires
    sam = open_tab()
    steps.sign_in(sam, personas.service_user)
    sam.visit("/questionnaires/")
    assert sam.heading() == "Your questionnaires"
    assert "Due today" in sam.main_text()
    assert "not watched around the clock" in sam.main_text()
    sam.follow(sam.page.locator("main").get_by_role("button", name="Fill in the PHQ-9"))
    assert sam.heading() == "Patient Health Questionnaire (PHQ-9)"

    # And answers every question, question 9 'Several days'
    page = sam.page.locator("main")
    for question in PHQ9_QUESTIONS:
        page.get_by_role("group", name=question).get_by_label("Several days").check()
    page.get_by_role("group", name=ITEM_9).get_by_label("Several days").check()
    sam.submit("Send your answers")

    # Then he sees where to get help now before anything else, and what happens next
    assert sam.heading() == "Your PHQ-9 answers"
    text = sam.main_text()
    assert text.index("If you need help now, do not wait") < text.index("Your score")
    assert "999" in text and "Samaritans" in text
    assert "What happens next" in text
    # 'today, by 11:59pm' by day, 'by 1am tomorrow' late at night (measures.queries.by_when).
    when = by_when(Alert.objects.get().respond_by)
    assert f"Your care team (Northgate CMHT) will look at your answer {when}" in text
    assert "Questionnaires are not watched around the clock" in text
    assert "9 out of 27: Mild depression" in text
    assert "It is not a measure of risk" in text

    # And the team's queue has exactly one alert, naming the question and the answer
    response = Response.objects.get()
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.ANSWER_NEEDS_REVIEW and alert.response == response
    assert "answered 'Several days'" in alert.reasons[0]

    # When Dr Lee opens Sam's questionnaires
    lee = open_tab()
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/questionnaires/people/{personas.su.pk}/")
    assert lee.heading() == "Questionnaires"

    # Then the answer is marked for review in words, and the response shows which one
    assert "An answer needs review" in lee.main_text()
    lee.follow(lee.page.locator("main table").get_by_role("link").first)
    text = lee.main_text()
    assert "An answer needs review." in text and "respond by" in text
    assert "Needs review by the care team" in text
    assert "9 out of 27: Mild depression" in text


def test_dr_lee_asks_sam_for_a_weekly_gad7_without_javascript(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Dr Lee is on Sam's questionnaire page, with JavaScript off
    builtin("gad7")
    lee = open_tab(javascript=False)
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/questionnaires/people/{personas.su.pk}/")
    assert "Sam Taylor is not asked to fill in any questionnaire" in lee.main_text()
    assert "There is no day yet with a complete PHQ-9 and a complete GAD-7" in lee.main_text()

    # When Dr Lee asks for the GAD-7 weekly but forgets the day
    lee.follow(lee.page.locator("main").get_by_role("button", name="Ask them to fill one in"))
    lee.page.get_by_label("GAD-7: Generalised Anxiety Disorder Assessment (GAD-7)").check()
    lee.page.get_by_label("On chosen days of the week").check()
    lee.submit("Ask them")

    # Then she is told what is missing, and nothing is saved
    assert steps.error_summary_messages(lee) == {
        "Select at least one day of the week": "id_weekdays"
    }
    assert steps.field_error(lee, "id_weekdays") == "Error: Select at least one day of the week"

    # When she chooses Wednesday and a reminder at 6pm
    lee.page.get_by_label("Wednesday").check()
    lee.page.get_by_label("Reminder time (optional)").fill("18:00")
    lee.submit("Ask them")

    # Then Sam's page shows the request in words
    assert "Every Wednesday, with a reminder at 6pm" in lee.main_text()


def test_the_service_admin_is_told_what_is_wrong_with_a_pasted_questionnaire(
    open_tab: OpenTab, personas: Personas
) -> None:
    builtin("phq9")
    admin = open_tab()
    steps.sign_in(admin, personas.admin)
    admin.visit("/questionnaires/instruments/")
    assert admin.heading() == "Questionnaires"
    admin.follow("Add a questionnaire")
    admin.page.get_by_label("The questionnaire, as JSON").fill(
        '{"code": "mood", "version": 1, "title": "Mood", "short_title": "Mood",'
        ' "options": [{"value": 0, "label": "No"}, {"value": 1, "label": "Yes"}],'
        ' "items": [{"key": "a", "text": "Low mood"}, {"key": "a", "text": "Tired"}],'
        ' "bands": [{"min": 0, "max": 1, "label": "Low"}], "licence": "Ours"}'
    )
    admin.page.get_by_label("Licence").fill("Written by our service")
    admin.submit("Check and add")
    problems = steps.error_summary_messages(admin)
    assert "Item 2: the key 'a' is used by another item" in problems
    assert "No band covers totals 2 to 2" in problems


# The smallest chart text a phone may draw (issue 16).
SMALLEST_TEXT_PX = 12
CHART_TEXT_SIZES = """() => [...document.querySelectorAll('svg.tandem-chart text')].map((t) => {
  const svg = t.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(t).fontSize) * scale;
})"""


def test_phq9_totals_over_time_are_a_chart_on_a_phone_for_sam_and_dr_lee(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Sam has answered the PHQ-9 three times over six weeks (17, 10, 6)
    phq9 = builtin("phq9")
    schedule = schedule_for(personas.su, personas.team_a, phq9, personas.clinician)
    for days_ago, answers in (
        (42, phq9_answers(each=2, q1=3)),
        (28, phq9_answers(each=1, q1=3)),
        (14, phq9_answers(each=0, q1=3, q2=3)),
    ):
        saved = answer(personas.service_user, personas.su, phq9, answers, schedule=schedule)
        Response.objects.filter(pk=saved.pk).update(
            submitted_at=timezone.now() - dt.timedelta(days=days_ago)
        )

    for user, path in (
        (personas.service_user, "/questionnaires/"),
        (personas.clinician, f"/questionnaires/people/{personas.su.pk}/"),
    ):
        # When each of them opens the results on a 360 px phone
        tab = open_tab()
        tab.page.set_viewport_size({"width": 360, "height": 740})
        steps.sign_in(tab, user)
        tab.visit(path)

        # Then the totals are a chart a screen reader can name, with the bands in words
        chart = tab.page.get_by_role("img", name="PHQ-9 total over time")
        assert chart.is_visible()
        assert chart.locator("circle").count() == 3
        desc = chart.locator("desc").text_content() or ""
        assert "Lowest 6, highest 17, latest 6 (Mild depression)" in desc
        assert "15 to 19 moderately severe depression" in desc
        assert "Moderately" in (chart.inner_html())
        # And its text is readable, and nothing spills off the side of the screen
        assert min(tab.page.evaluate(CHART_TEXT_SIZES)) >= SMALLEST_TEXT_PX
        assert tab.page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
        # And the same figures are in a table beside it
        table = tab.page.locator("#phq9-scores table")
        assert table.locator("tbody tr").count() == 3
        assert "Moderately severe depression" in table.inner_text()

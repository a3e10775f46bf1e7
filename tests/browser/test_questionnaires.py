"""Sam fills in his weekly PHQ-9 and answers question 9 above 'Not at all': he
sees the crisis contacts at once and what will happen next, the team's queue
gets one alert, and Dr Lee sees the answer marked for review on Sam's
questionnaire page."""

from __future__ import annotations

import pytest

from tandem.alerts.models import Alert, AlertKind
from tandem.measures.models import Response
from tandem.measures.tests.helpers import builtin, schedule_for
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
    assert "Your care team (Northgate CMHT) will look at your answer today, by" in text
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
    assert "An answer needs review today." in text
    assert "Needs review by the care team today" in text
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

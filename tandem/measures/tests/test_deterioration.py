"""A reliable deterioration on PHQ-9 or GAD-7 asks the team to look: one alert,
in words, naming the answers that changed and since when."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tandem.alerts import queries
from tandem.alerts.models import Alert, AlertKind
from tandem.measures.models import Instrument
from tandem.measures.tests.helpers import answer, builtin, phq9_answers, schedule_for
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def phq9(personas: Personas) -> Instrument:
    return builtin("phq9")


def _answer_phq9(personas: Personas, phq9: Instrument, answers: dict[str, int]) -> None:
    schedule = schedule_for(personas.su, personas.team_a, phq9, personas.clinician)
    answer(personas.service_user, personas.su, phq9, answers, schedule=schedule)


def test_a_reliable_rise_on_phq9_raises_one_alert_with_the_questions_in_words(personas, phq9):
    _answer_phq9(personas, phq9, phq9_answers(each=1))  # 8
    _answer_phq9(personas, phq9, phq9_answers(each=1, q2=3, q4=3, q6=3))  # 14: up 6
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.CHANGE_FROM_USUAL and alert.team == personas.team_a
    assert alert.summary.startswith("PHQ-9: answers clearly worse than on ")
    first, *questions = alert.reasons
    assert "PHQ-9 answers add up to 6 points more than on " in first
    assert "(8 then, 14 now)" in first
    assert "Talk it through with them before acting on it." in first
    assert questions == [
        "'Feeling down, depressed, or hopeless': 'Nearly every day' now, 'Several days' then.",
        "'Feeling tired or having little energy': 'Nearly every day' now, 'Several days' then.",
        "'Feeling bad about yourself, or that you are a failure or have let yourself or "
        "your family down': 'Nearly every day' now, 'Several days' then.",
    ]
    # The alert page says where it came from and links to the answers, not the diary.
    assert queries.what_raised_it(alert).startswith("Questionnaire answers clearly worse")
    assert queries.data_link(alert).text == "See the answers"
    for words in alert.reasons:
        assert not re.search(r"\b(score|risk|level|red|amber|green)\b", words, re.IGNORECASE)


def test_a_rise_smaller_than_reliable_raises_nothing(personas, phq9):
    _answer_phq9(personas, phq9, phq9_answers(each=1))  # 8
    _answer_phq9(personas, phq9, phq9_answers(each=1, q2=3, q4=3, q6=2))  # 13: up 5
    assert not Alert.objects.exists()


def test_the_same_rise_answered_again_raises_no_second_alert(personas, phq9):
    _answer_phq9(personas, phq9, phq9_answers(each=1))
    worse = phq9_answers(each=1, q2=3, q4=3, q6=3)
    _answer_phq9(personas, phq9, worse)
    now = timezone.now()
    Alert.objects.update(state="closed", acknowledged_at=now, closed_at=now, action="called")
    _answer_phq9(personas, phq9, worse)
    assert Alert.objects.count() == 1


def test_gad7_counts_a_rise_of_four(personas):
    gad7 = builtin("gad7")
    schedule = schedule_for(personas.su, personas.team_a, gad7, personas.clinician)
    calm = {f"q{n}": 0 for n in range(1, 8)}
    answer(personas.service_user, personas.su, gad7, calm, schedule=schedule)
    answer(personas.service_user, personas.su, gad7, {**calm, "q1": 2, "q2": 1}, schedule=schedule)
    assert not Alert.objects.exists()
    answer(personas.service_user, personas.su, gad7, {**calm, "q1": 2, "q2": 2}, schedule=schedule)
    alert = Alert.objects.get()
    assert "GAD-7 answers add up to 4 points more than on " in alert.reasons[0]
    assert alert.reasons[1] == (
        "'Feeling nervous, anxious or on edge': 'More than half the days' now, 'Not at all' then."
    )

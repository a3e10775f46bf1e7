"""Scoring against the published instruments: totals, every band boundary,
item 9, and answers that must never be scored."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.measures.instruments import Definition, builtin_definitions, parse
from tandem.measures.scoring import score

DEFINITIONS = {d["code"]: parse(d) for d in builtin_definitions()}
PHQ9, GAD7, PHQ2, GAD2 = (DEFINITIONS[c] for c in ("phq9", "gad7", "phq2", "gad2"))


def all_items(definition: Definition, value: int) -> dict[str, object]:
    return {i.key: value for i in definition.scored_items}


def with_total(definition: Definition, total: int) -> dict[str, object]:
    """Answers adding up to ``total``, filling questions from the first."""
    answers: dict[str, object] = {}
    for item in definition.scored_items:
        answers[item.key] = min(3, total)
        total -= answers[item.key]  # type: ignore[operator]
    assert total == 0
    return answers


def test_the_four_builtins_ship_with_their_published_shape():
    assert set(DEFINITIONS) == {"phq9", "gad7", "phq2", "gad2"}
    assert [len(d.scored_items) for d in (PHQ9, GAD7, PHQ2, GAD2)] == [9, 7, 2, 2]
    assert PHQ9.highest_total == 27 and GAD7.highest_total == 21 and PHQ2.highest_total == 6
    assert PHQ9.preamble.startswith("Over the last 2 weeks, how often have you been bothered")
    labels = [o.label for o in PHQ9.items[0].options]
    assert labels == ["Not at all", "Several days", "More than half the days", "Nearly every day"]
    item9 = PHQ9.item("q9")
    assert item9 is not None and item9.review_at_or_above == 1
    assert item9.text.startswith("Thoughts that you would be better off dead")
    difficulty = PHQ9.item("q10")
    assert difficulty is not None and not difficulty.scored
    assert "Pfizer" in PHQ9.licence and "permission" in PHQ9.licence


def test_all_not_at_all_is_zero_and_minimal():
    result = score(PHQ9, all_items(PHQ9, 0))
    assert (result.complete, result.total, result.band) == (True, 0, "Minimal depression")
    assert result.review_items == ()


def test_all_nearly_every_day_is_27_severe_and_item_9_needs_review():
    result = score(PHQ9, all_items(PHQ9, 3))
    assert (result.total, result.band) == (27, "Severe depression")
    assert result.review_items == ("q9",)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Minimal depression"),
        (4, "Minimal depression"),
        (5, "Mild depression"),
        (9, "Mild depression"),
        (10, "Moderate depression"),
        (14, "Moderate depression"),
        (15, "Moderately severe depression"),
        (19, "Moderately severe depression"),
        (20, "Severe depression"),
        (27, "Severe depression"),
    ],
)
def test_phq9_band_boundaries(total: int, band: str):
    assert score(PHQ9, with_total(PHQ9, total)).band == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Minimal anxiety"),
        (4, "Minimal anxiety"),
        (5, "Mild anxiety"),
        (9, "Mild anxiety"),
        (10, "Moderate anxiety"),
        (14, "Moderate anxiety"),
        (15, "Severe anxiety"),
        (21, "Severe anxiety"),
    ],
)
def test_gad7_band_boundaries(total: int, band: str):
    assert score(GAD7, with_total(GAD7, total)).band == band


@pytest.mark.parametrize("definition", [PHQ2, GAD2], ids=["phq2", "gad2"])
@pytest.mark.parametrize(("total", "positive"), [(0, False), (2, False), (3, True), (6, True)])
def test_two_item_screens_are_positive_from_3(definition: Definition, total: int, positive: bool):
    band = score(definition, with_total(definition, total)).band
    assert band.startswith("A positive screen") is positive
    if positive:
        assert "a fuller questionnaire is suggested" in band


def test_a_published_example():
    # Kroenke et al. style example: 2,2,1,2,1,1,1,0,0 = 10, moderate.
    answers = dict(zip([f"q{n}" for n in range(1, 10)], [2, 2, 1, 2, 1, 1, 1, 0, 0], strict=True))
    result = score(PHQ9, answers | {"q10": 1})
    assert (result.total, result.band, result.review_items) == (10, "Moderate depression", ())


def test_the_unscored_difficulty_question_never_changes_the_total():
    low = score(PHQ9, all_items(PHQ9, 1) | {"q10": 0})
    high = score(PHQ9, all_items(PHQ9, 1) | {"q10": 3})
    assert low.total == high.total == 9


def test_missing_item_9_is_incomplete_never_a_guessed_total():
    answers = all_items(PHQ9, 2)
    del answers["q9"]
    result = score(PHQ9, answers)
    assert (result.complete, result.total, result.band) == (False, None, "")
    assert result.missing == ("q9",) and result.accepted


def test_an_incomplete_questionnaire_still_finds_item_9():
    result = score(PHQ9, {"q1": 0, "q9": 2})
    assert not result.complete and result.total is None
    assert result.review_items == ("q9",)


def test_none_means_not_answered():
    answers = all_items(PHQ9, 1) | {"q3": None}
    result = score(PHQ9, answers)
    assert not result.complete and result.missing == ("q3",)


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        ({"q1": 4}, "question 1 is not one of its options"),
        ({"q1": -1}, "question 1 is not one of its options"),
        ({"q2": "2"}, "question 2 must be one of its options"),
        ({"q2": 1.0}, "question 2 must be one of its options"),
        ({"q2": True}, "question 2 must be one of its options"),
        ({"q11": 1}, "There is no question 'q11'"),
    ],
)
def test_bad_answers_are_refused_and_never_scored(answers: dict[str, object], problem: str):
    result = score(PHQ9, all_items(PHQ9, 1) | answers)
    assert not result.accepted
    assert any(problem in p for p in result.problems), result.problems
    assert (result.complete, result.total, result.band) == (False, None, "")


@given(st.lists(st.integers(min_value=0, max_value=3), min_size=9, max_size=9))
def test_total_is_the_sum_of_the_scored_answers_and_has_one_band(values: list[int]):
    answers = {f"q{n}": v for n, v in enumerate(values, start=1)}
    result = score(PHQ9, answers)
    assert result.complete and result.total == sum(values)
    matching = [b for b in PHQ9.bands if b.min <= sum(values) <= b.max]
    assert len(matching) == 1 and result.band == matching[0].label
    assert ("q9" in result.review_items) is (values[8] >= 1)


@given(
    st.dictionaries(
        st.sampled_from([f"q{n}" for n in range(1, 8)]),
        st.integers(min_value=0, max_value=3),
        max_size=6,
    )
)
def test_any_missing_scored_answer_means_no_total(answers: dict[str, int]):
    result = score(GAD7, answers)
    assert result.accepted and not result.complete
    assert result.total is None and result.band == ""

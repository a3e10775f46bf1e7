"""The detector on its own: the labelled set's recall and precision, the
listed phrases, negations, sayings and contexts behaving as documented, and
bad input handled without errors. No database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tandem.warnings import detector
from tandem.warnings.evaluate import Example, evaluate, read_examples
from tandem.warnings.phrases import EXCLUSIONS, Category

DATA = Path(__file__).parent / "data"
# The figures docs/worrying-words.md reports; the tests fail if the list gets worse.
LABELLED_RECALL = 0.96
LABELLED_PRECISION = 0.89
HELDOUT_RECALL = 1.0
HELDOUT_PRECISION = 0.94


def examples(name: str) -> list[Example]:
    found = list(read_examples((DATA / name).read_text(encoding="utf-8").splitlines()))
    assert all(isinstance(e, Example) for e in found)
    return [e for e in found if isinstance(e, Example)]


def flagged(text: str) -> bool:
    return detector.check(text).flagged


def keys(text: str) -> set[str]:
    return {h.key for h in detector.check(text).hits}


# --- The labelled sets ------------------------------------------------------------------------


def test_labelled_set_is_big_and_covers_every_category() -> None:
    rows = examples("labelled.jsonl")
    assert len(rows) >= 200
    assert {r.row.get("category") for r in rows if r.label} == {str(c) for c in Category}
    assert sum(1 for r in rows if not r.label) >= 80


@pytest.mark.parametrize(
    ("name", "recall", "precision"),
    [
        ("labelled.jsonl", LABELLED_RECALL, LABELLED_PRECISION),
        ("heldout.jsonl", HELDOUT_RECALL, HELDOUT_PRECISION),
    ],
)
def test_recall_and_precision_are_at_least_what_the_docs_report(
    name: str, recall: float, precision: float
) -> None:
    summary, _ = evaluate(examples(name))
    assert summary.recall is not None and summary.recall >= recall, [m.text for m in summary.misses]
    assert summary.precision is not None and summary.precision >= precision


def test_positives_are_flagged_with_their_category() -> None:
    """Where the labelled positive was caught, at least one hit is of the
    category it was labelled with (so staff see the right kind of words)."""
    wrong = []
    for example in examples("labelled.jsonl"):
        decision = detector.check(example.text)
        categories = {str(c) for c in decision.categories}
        if example.label and decision.flagged and example.row["category"] not in categories:
            wrong.append((example.text, decision.categories))
    # A few overlap honestly (an overdose is self-harm or suicide); most must agree.
    assert len(wrong) <= 12, wrong


# --- Documented behaviour ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # Negation that is part of the phrase is positive.
        "I don't want to live",
        "I am not wanting to live",
        "I don't want to be here anymore",
        "not sure I can keep myself safe",
        "nobody would miss me",
        # Negation cancelled: intensifiers, 'can't stop', 'not sure'.
        "I've never felt so suicidal",
        "I've never wanted to die more than today",
        "I can't stop thinking about killing myself",
        "I'm not sure I want to live",
        # A clause break ends the reach of a negation.
        "I'm not OK. I want to die.",
        "I'm not happy and I want to die",
        # Third person (carers) and the past are flagged: recall first.
        "Sam told me he wants to kill himself",
        "my friend used to self-harm",
        "years ago I overdosed",
        # History is flagged when anything says it is current again.
        "I used to self-harm years ago and I'm fine now but the urges are back",
        "Two years ago I took an overdose, I was well but now I want to die",
        "I haven't told anyone about my thoughts of suicide",
        # Dialect, slang and non-native English.
        "can't be arsed with life anymore",
        "I'm going to do myself in",
        "I want to die myself",
        "I will finish my life",
        # Typos, shouting, stretched letters, look-alike letters, HTML.
        "sucidal",
        "I want to kil myself",
        "I WANT TO KIIIILL MYSELF",
        "I want to k\u0456ll myself",
        "ki<b>ll</b> myself",
        "I&#39;m going to end my life",
        "I don\u2019t want to live",
        "kill\u200b myself",
    ],
)
def test_flagged(text: str) -> None:
    assert flagged(text), detector.check(text)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("I'm not suicidal", "negated by 'not'"),
        ("I have never self-harmed", "negated by 'never'"),
        ("I would never hurt my baby", "negated by 'never'"),
        ("He has never hit me", "negated by 'never'"),
        ("I no longer feel suicidal", "negated by 'no'"),
        ("I nearly killed myself laughing", "killed myself laughing"),
        ("I overdosed on chocolate at Christmas", "overdosed on chocolate"),
        ("We watched Suicide Squad", "Suicide Squad"),
        ("It suddenly hit me that I'm moving", "hit me"),
        # Round 5: words between, answers after, and history told as resolved.
        ("I'm not having any thoughts of ending my life", "negated by 'not'"),
        ("Suicidal thoughts - none", "answered 'none' just after"),
        ("Have you had thoughts of suicide? No, never.", "answered 'no' just after"),
        ("Two years ago I took an overdose, but I'm well now", "told as resolved history"),
        ("I used to self-harm as a teenager, nothing since", "told as resolved history"),
    ],
)
def test_set_aside_with_a_reason(text: str, why: str) -> None:
    decision = detector.check(text)
    assert not decision.flagged
    assert any(why in aside.why for aside in decision.set_aside), decision.set_aside


@pytest.mark.parametrize(
    "text",
    [
        "This traffic is killing me",
        "my shoes are killing me",
        "I could murder a pint",
        "dying to see you",
        "I'm done in after work",
        "I walked 5 kms today",
        "I cut myself shaving",
        "I hurt myself at the gym",
        "I don't want to live in London",
        "I can't go on holiday this year",
        "I can't cope with the new bus timetable",
        "Can I take paracetamol with my sertraline?",
        "I missed a dose of my lithium",
        "I hurt her feelings",
        "shoot him a message",
        "My son beat me at chess",
    ],
)
def test_not_flagged(text: str) -> None:
    assert not flagged(text), detector.check(text)


def test_known_false_flags_stay_flagged_as_documented() -> None:
    # Recall first: a threat and a joke read the same to a list.
    assert keys("My mum will kill me if I forget her birthday") == {"threat-to-kill"}
    assert keys("I'd rather die than eat sprouts") == {"want-die"}


def test_every_phrase_matches_its_own_examples() -> None:
    for compiled in detector.BUILT_IN:
        assert compiled.phrase.examples, compiled.phrase.key
        for example in compiled.phrase.examples:
            assert compiled.phrase.key in keys(example), (compiled.phrase.key, example)


def test_every_saying_is_set_aside() -> None:
    for exclusion in EXCLUSIONS:
        for example in exclusion.examples:
            assert not flagged(example), (exclusion.key, example)


def test_hints_never_hide_a_match() -> None:
    """The hint words only skip work: every pattern tried on every labelled
    text finds nothing the hinted run did not."""
    texts = [e.text for e in examples("labelled.jsonl") + examples("heldout.jsonl")]
    for text in texts:
        folded = detector.normalise(text).text
        for compiled in detector.BUILT_IN:
            if compiled.regex.search(folded):
                assert compiled.may_match(folded), (compiled.phrase.key, text)


def test_matched_words_point_at_the_original_text() -> None:
    text = "Hi,\n\nhonestly I  WANT\u00a0to   d\u00efe &amp; <i>more</i>"
    [hit] = detector.check(text).hits
    assert text[hit.start : hit.end] == hit.text == "WANT\u00a0to   d\u00efe"


def test_custom_phrases_are_plain_words_with_negation() -> None:
    bridge = detector.custom_phrase("custom-1", "Clifton Bridge", Category.SUICIDE, "A local place")
    assert [h.key for h in detector.check("going to clifton  bridge", extra=[bridge]).hits] == [
        "custom-1"
    ]
    assert not detector.check("never going to Clifton Bridge", extra=[bridge]).flagged
    # Regular-expression characters are words, not patterns.
    dots = detector.custom_phrase("custom-2", "a.b (c)", Category.CRISIS, "Test")
    assert detector.check("x a.b (c) y", extra=[dots]).flagged
    assert not detector.check("x aXb c y", extra=[dots]).flagged


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t ",
        "\U0001f600" * 5000,
        "\u0627\u0631\u064a\u062f \u0623\u0646 \u0623\u0645\u0648\u062a kill myself "
        "\u0436\u0438\u0442\u044c",
        "\u6211\u60f3\u6b7b I want to die \U0001f62d",
        "<script>alert('kill myself')</script>",
        "<!--" * 10000,
        "<a" * 10000 + ">",
        "&#" * 10000,
        "&#x110000; &#0; &#99999999;",
        "\x00\x01\x02 kill myself \udcff",
        "e\u0301" * 5000,
        "a" * 100_000,
        "kill " * 50_000,
    ],
)
def test_bad_input_returns_a_decision(text: str) -> None:
    decision = detector.check(text)
    assert isinstance(decision.flagged, bool)
    for hit in decision.hits:
        assert text[hit.start : hit.end] == hit.text


def test_a_megabyte_is_checked_up_to_the_limit_and_says_so() -> None:
    text = "I went to the shops today. " * 40_000 + " I want to die"
    decision = detector.check(text)
    assert decision.truncated and not decision.flagged  # past SCAN_LIMIT; messages never are
    assert detector.check("I want to die " + text).flagged


def test_decisions_serialise_for_the_flag() -> None:
    [hit] = detector.check("I feel suicidal").hits
    assert json.loads(json.dumps(hit.as_json()))["category_label"] == "Suicide"

"""The meaning layer, the language check and both layers together
(``screen.check``): what a clinician would want read sooner is brought to
attention, ordinary messages stay quiet, and every flag says why in words."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tandem.warnings import language, meaning, screen
from tandem.warnings.evaluate import Example, evaluate, read_examples
from tandem.warnings.phrases import Category
from tandem.warnings.screen import Layers

DATA = Path(__file__).parent / "data"


def examples(name: str) -> list[Example]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [e for e in read_examples(f) if isinstance(e, Example)]


def meaning_categories(text: str) -> set[Category]:
    return {h.category for h in screen.check(text, layers=Layers.MEANING).hits}


# --- The model is the pinned one, and runs offline ------------------------------------------------


@pytest.mark.parametrize("file", [meaning.MODEL, meaning.TOKENIZER], ids=["model", "tokenizer"])
def test_the_model_files_are_the_pinned_ones(file: meaning.ModelFile) -> None:
    assert meaning.sha256_of(file.path()) == file.sha256


def test_a_file_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    other = meaning.ModelFile(
        package="tandem", distribution="tandem", relative="settings.py", sha256="0" * 64, licence=""
    )
    with pytest.raises(meaning.ModelUnavailable, match="not the pinned file"):
        meaning.verified(other)


UNSHARE = shutil.which("unshare")


@pytest.mark.skipif(UNSHARE is None, reason="needs unshare (util-linux)")
def test_the_model_loads_and_answers_with_networking_off() -> None:
    assert UNSHARE is not None
    probe = (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
        "    raise SystemExit('the network was reachable')\n"
        "except OSError:\n"
        "    pass\n"
        "from tandem.warnings import language, meaning\n"
        "[near] = meaning.check('I have found somewhere high enough to jump from')\n"
        "assert near.category == 'suicide', near\n"
        "assert language.not_english('Nie chcę już żyć, proszę o pomoc').language == 'Polish'\n"
        "print('answered offline')\n"
    )
    try:
        done = subprocess.run(
            [UNSHARE, "--net", sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=Path(__file__).parents[3],
            check=False,
        )
    except PermissionError:
        pytest.fail("unshare is not permitted here")
    assert done.returncode == 0, done.stderr
    assert "answered offline" in done.stdout


# --- The bank ---------------------------------------------------------------------------------


def test_every_example_in_the_bank_flags_its_own_category() -> None:
    missed = [(c, t) for c, t in meaning.BUILT_IN.examples if c not in meaning_categories(t)]
    assert missed == []


def test_no_ordinary_statement_in_the_bank_flags() -> None:
    assert [t for t in meaning.BUILT_IN.ordinary if meaning.check(t)] == []


def test_the_bank_covers_every_category_with_a_threshold() -> None:
    assert {c for c, _ in meaning.BUILT_IN.examples} == set(Category)
    assert set(meaning.BUILT_IN.thresholds) == set(Category)


# --- Each category, in words the phrase list does not know ------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I've worked out which bridge is tall enough and I'm going there tonight", "suicide"),
        ("I wont be around for much longer so thanks for everything", "suicide"),
        ("I did it again with the razor, the marks are deep", "self_harm"),
        ("I'm going to batter him when he gets out, I mean it", "harm_to_others"),
        ("My husband takes my wages and won't let me see my friends", "abuse"),
        ("The TV presenter is sending me secret signals about my mission", "crisis"),
        ("My son hasn't slept for days and is shouting at people who aren't there", "crisis"),
    ],
)
def test_each_category_is_caught_in_other_words(text: str, category: str) -> None:
    decision = screen.check(text)
    assert Category(category) in decision.categories, decision.reasons


def test_a_flag_says_in_words_which_example_it_was_close_to() -> None:
    hits = screen.check("I got a hose for the exhaust of my car").hits
    assert hits
    for hit in hits:
        assert hit.reason.startswith('Close in meaning to: "')
        assert hit.label.startswith('close in meaning to: "')
        assert hit.text == "I got a hose for the exhaust of my car"
        # No score or level in what staff see or what is stored: words and a span.
        stored = hit.as_json()
        assert set(stored) == {
            "key",
            "category",
            "category_label",
            "label",
            "reason",
            "text",
            "start",
            "end",
        }
        assert not any(ch.isdigit() for ch in f"{stored['label']}{stored['reason']}")


def test_only_the_sentence_that_matters_is_marked() -> None:
    text = "Can I move Tuesday's appointment? I got a hose for the exhaust of my car."
    hits = screen.check(text).hits
    assert hits
    for hit in hits:
        assert hit.text == "I got a hose for the exhaust of my car."
    assert text[hit.start : hit.end] == hit.text


# --- Negation and idioms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm not thinking of ending my life, don't worry",
        "I would never take my own life, I have too much to live for",
        "I didn't overdose, I just forgot whether I'd taken them",
        "I have no thoughts of harming myself at the moment",
    ],
)
def test_a_denial_is_quiet_in_both_layers(text: str) -> None:
    assert not screen.check(text).flagged, screen.check(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "I'm not ok. I've been saving up my tablets.",
        "I can't stop thinking about ending my life",
        "Never felt so ready to end it all",
    ],
)
def test_a_negator_that_does_not_deny_still_flags(text: str) -> None:
    assert screen.check(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "I'm not having any thoughts of ending my life, I'm just tired.",
        "Suicidal thoughts - none. Sleep ok. Appetite ok.",
        "Any thoughts of self-harm since we last spoke? No.",
        "Dad hasn't mentioned anything about wanting to die, he seems brighter.",
    ],
)
def test_a_denial_with_words_between_or_answered_no_is_quiet(text: str) -> None:
    """Round 5: 'not having thoughts of', and a form's 'none' after the words."""
    assert not screen.check(text).flagged, screen.check(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "I'm planning to end my life tonight.",
        "I haven't told anyone about my thoughts of suicide.",
        "I can't stop having thoughts of ending it.",
    ],
)
def test_a_present_plan_or_a_hidden_worry_still_flags(text: str) -> None:
    assert screen.check(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "Five years ago I tried to end my life. I'm doing well now and I've got a new job.",
        "I used to cut myself as a teenager but nothing since, I'm 35 now.",
        "My brother took an overdose in 2016 and he has been well ever since.",
        "I was in an abusive relationship years ago. I'm settled and happy now.",
        "I heard voices when I was 20 but I've been stable on my medication for years.",
    ],
)
def test_resolved_history_is_quiet_in_both_layers(text: str) -> None:
    assert not screen.check(text).flagged, screen.check(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "Five years ago I tried to end my life and now I'm thinking about doing it again.",
        "I used to cut myself as a teenager and the urges are back.",
        "My brother took an overdose in 2016 and last night he said he wants to die.",
    ],
)
def test_history_told_as_current_again_still_flags(text: str) -> None:
    assert screen.check(text).flagged


def test_a_new_worry_beside_resolved_history_still_flags() -> None:
    text = "I self-harmed years ago and I'm fine now. But my partner hits me when he's drunk."
    decision = screen.check(text)
    assert Category.ABUSE in decision.categories
    # Only the new worry is marked, never the history told as resolved.
    assert all(h.start >= text.index("But") for h in decision.hits), decision.hits


@pytest.mark.parametrize(
    ("harmless", "worrying"),
    [
        (
            "I bought a new rope for climbing at the weekend.",
            "I bought a rope today and I know where I'm going to use it.",
        ),
        (
            "My tablet screen cracked, can I do the video appointment on my phone?",
            "I've saved up my tablets and I'm going to take them all tonight.",
        ),
        (
            "I gave a bag of old clothes away to the charity shop.",
            "I've given all my clothes away because I won't need them.",
        ),
        (
            "We put up a rope swing in the garden for the kids.",
            "I've put a rope up in the garage and I'm going to use it tonight.",
        ),
    ],
)
def test_a_harmless_context_is_quiet_and_its_worrying_twin_flags(
    harmless: str, worrying: str
) -> None:
    assert not screen.check(harmless).flagged, screen.check(harmless).reasons
    assert screen.check(worrying).flagged


@pytest.mark.parametrize(
    "text",
    [
        "This heat is killing me",
        "I'm dying to see the new film",
        "My feet are killing me after the walk",
        "I could murder a cup of tea",
        "I'm dead tired tonight",
        "I nearly died laughing at the telly",
        "Work is murder this week",
    ],
)
def test_idioms_stay_quiet(text: str) -> None:
    assert not screen.check(text).flagged, screen.check(text).reasons


# --- Everyday messages --------------------------------------------------------------------------


def test_fewer_than_3_percent_of_1000_everyday_messages_are_flagged() -> None:
    routine = examples("routine.jsonl")
    assert len(routine) >= 1000
    summary, _ = evaluate(routine, layers=Layers.BOTH)
    assert summary.false_pos / len(routine) < 0.03


def test_fewer_than_3_percent_of_hand_written_everyday_messages_are_flagged() -> None:
    """routine_natural.jsonl is written by hand, not from templates: diary
    days, carers' updates, texting shorthand, feedback answers. Tuned on."""
    routine = examples("routine_natural.jsonl")
    assert len(routine) >= 100
    summary, _ = evaluate(routine, layers=Layers.BOTH)
    assert summary.false_pos / len(routine) < 0.03


# --- Other languages ----------------------------------------------------------------------------

ROMANISED = language.ROMANISED_NAME


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nie chcę już żyć, proszę o pomoc", "Polish"),
        ("Dwi eisiau marw heno", "Welsh"),
        ("أريد أن أموت، لا أستطيع الاستمرار", "Arabic"),
        ("Nu mai pot, vreau să mor", "Romanian"),
        ("Tak, dziękuję, do zobaczenia we wtorek", "Polish"),
        # Round 9: Hindi or Urdu in English letters, alone or beside English,
        # and a script the detector has no model for.
        ("Mujhe bahut dar lag raha hai, koi meri madad karo", ROMANISED),
        ("sorry for the mix, aaj raat mujhe kuch samajh nahi aa raha, please call", ROMANISED),
        ("ሰላም፣ እርዳታ እፈልጋለሁ", "Ethiopic script"),
    ],
)
def test_a_message_not_in_english_is_brought_to_attention(text: str, name: str) -> None:
    decision = screen.check(text)
    assert decision.flagged
    assert decision.reasons[0] == (
        f"Written in {name}: not checked for worrying words; read it soon"
    )


@pytest.mark.parametrize(
    "text",
    [
        "ok",
        "kms",
        "Can my carer pick up propranolol for me?",
        "i can't open the questionnaire on my phone",
        "Ik wil dood, I want to stop everything and I can't go on",
        # One borrowed word, or words that are English too, are not enough.
        "Can you book me in with Dr Khan, yaar, same time as before?",
        "The main hum of the fridge keeps me up, ko-codamol helps a bit",
    ],
)
def test_english_and_very_short_texts_are_read_as_english(text: str) -> None:
    assert language.not_english(text) is None


# --- Enormous and hostile input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t ",
        "🙂" * 5000,
        "\x00\x01\x02 " * 1000,
        "<script>alert(1)</script>" * 500,
        "word " * 100_000,
        "a" * 200_000,
        "Hello. " * 20_000,
        "\u200b".join("I want to end my life") * 100,
    ],
    ids=["empty", "spaces", "emoji", "control", "html", "many-words", "one-word", "many", "zwsp"],
)
def test_enormous_and_hostile_input_is_checked_without_error(text: str) -> None:
    decision = screen.check(text)
    assert isinstance(decision.flagged, bool)
    # The meaning layer reads a bounded number of pieces, however long the
    # text, none longer than the encoder reads, and every sentence is read.
    read = text[:20_000]
    spans = meaning.read_spans(read)
    assert len(spans) <= 20_000 // meaning.STRIDE + 1
    lengths = meaning.encoder().token_spans([read[a:b] for a, b in spans])
    assert all(len(tokens) <= meaning.WINDOW for tokens in lengths)
    _assert_every_sentence_is_read(read, spans)


def _assert_every_sentence_is_read(text: str, spans: list[tuple[int, int]]) -> None:
    covered = bytearray(len(text))
    for a, b in spans:
        covered[a:b] = b"\x01" * (b - a)
    for a, b in meaning.sentences(text):
        for word in re.finditer(r"\w+", text[a:b]):
            assert covered[a + word.start()], f"unread: {word.group()!r} at {a + word.start()}"


def test_a_long_sentence_is_read_in_windows_to_its_end() -> None:
    """The encoder reads 128 tokens at once: a longer sentence used to be cut
    off there, so a worry at its end went unread by the meaning layer."""
    text = "and then we went to the shops and had a cup of tea " * 40
    text += "and I have bought a rope and I know where I'll go tonight"
    spans = meaning.read_spans(text)
    assert len(spans) > 1
    _assert_every_sentence_is_read(text, spans)
    assert Category.SUICIDE in {n.category for n in meaning.check(text)}


def test_a_worrying_sentence_late_in_a_long_message_is_still_read() -> None:
    text = "The appointment went well and I liked the new nurse. " * 60
    text += "I have bought a rope and I know where I'll go tonight."
    assert Category.SUICIDE in screen.check(text).categories


# --- Measured on the sets -----------------------------------------------------------------------


def test_the_development_sets_keep_their_figures() -> None:
    """Tuned on: these guard against a change that quietly loses recall."""
    for name, recall, precision in [
        ("labelled.jsonl", 1.0, 0.87),
        ("heldout.jsonl", 1.0, 0.94),
        ("dev.jsonl", 0.90, 0.95),
    ]:
        summary, _ = evaluate(examples(name), layers=Layers.BOTH)
        assert summary.recall is not None and summary.recall >= recall, name
        assert summary.precision is not None and summary.precision >= precision, name


def test_held_out_set_a_keeps_its_figures_now_it_is_tuned_on() -> None:
    """heldout_a.jsonl was written by someone who never saw the phrases or the
    bank; its first run (107 of 131 found, precision 58.5%) is in
    docs/worrying-words.md. Since round 3 the bank is tuned on it, so it is a
    development set: this test only stops the tuned figures falling."""
    rows = examples("heldout_a.jsonl")
    assert len(rows) == 329
    summary, _ = evaluate(rows, layers=Layers.BOTH)
    assert summary.true_pos >= 129  # of 131: 98.5% recall, tuned
    assert summary.precision is not None and summary.precision >= 0.64  # 129/200: 64.5%


def test_a_sentence_gets_the_same_vector_alone_or_batched_with_longer_ones() -> None:
    """Pieces are encoded shortest first in batches; padding is masked out, so
    a sentence's answer never depends on what else was in the message."""
    import numpy as np

    short = "I have bought a rope."
    longer = "The appointment went well and I liked the new nurse very much indeed. " * 4
    alone = meaning.encoder().encode([short])[0]
    batched = meaning.encoder().encode([longer, short, longer[:40]])[1]
    assert np.allclose(alone, batched, atol=1e-5)


def test_held_out_set_c_keeps_its_first_run_figures() -> None:
    """heldout_c.jsonl was written by someone who never saw the detector and
    run once after round 3 was frozen (docs/worrying-words.md: 135 of 151
    found, precision 62.8%). It is development data from then on; this test
    stops those figures falling when the bank or the thresholds change."""
    rows = examples("heldout_c.jsonl")
    assert len(rows) == 330
    summary, _ = evaluate(rows, layers=Layers.BOTH)
    assert summary.true_pos >= 135  # of 151
    assert summary.precision is not None and summary.precision >= 0.627  # 135/215


def test_held_out_set_d_keeps_its_first_run_figures() -> None:
    """heldout_d.jsonl was written by someone who had seen nothing of Tandem
    and run once after round 4 was frozen (docs/worrying-words.md: 155 of 163
    found, precision 65.7%, 2 of 32 routine texts flagged). Development data
    from then on; this test stops those figures falling unnoticed."""
    rows = examples("heldout_d.jsonl")
    assert len(rows) == 387
    summary, _ = evaluate(rows, layers=Layers.BOTH)
    assert summary.true_pos >= 155  # of 163
    assert summary.precision is not None and summary.precision >= 0.656  # 155/236


def test_held_out_set_e_keeps_its_first_run_figures() -> None:
    """heldout_e.jsonl was written by someone who had seen nothing of Tandem
    and run once after round 5 was frozen (docs/worrying-words.md: 182 of 200
    found, precision 70.0%, 8 of 92 routine texts flagged). Development data
    from then on, and since round 6 the vote uses its statements, so what it
    shows here is inflated by construction (HAZ-343): this test only stops
    the first-run figures falling unnoticed; the honest estimate is the
    cross-set one (bench/worrying_words_cross_set.py, E left out)."""
    rows = examples("heldout_e.jsonl")
    assert len(rows) == 506
    summary, _ = evaluate(rows, layers=Layers.BOTH)
    assert summary.true_pos >= 182  # of 200
    assert summary.precision is not None and summary.precision >= 0.699  # 182/260


def test_held_out_set_f_keeps_its_first_run_figures() -> None:
    """heldout_f.jsonl was written by someone who had seen nothing of Tandem
    and run once after round 6 was frozen (docs/worrying-words.md: 193 of 206
    found, precision 71.2%, 6 of 86 routine texts flagged). Since round 7
    the vote uses its statements, so what it shows here is inflated by
    construction (HAZ-343; 200 of 206 found, 1 routine text flagged): this
    test only stops the first-run figures falling unnoticed; the honest
    estimate is the cross-set one (bench/worrying_words_cross_set.py, F left
    out: 194 of 206, 8 of 86 routine)."""
    # 193 of 206 found, 193/271 right, 6 of 86 routine texts flagged.
    assert_first_run_figures_kept(
        "heldout_f.jsonl", texts=514, found=193, precision=0.711, routine=86, routine_flagged=6
    )


@pytest.mark.parametrize(
    ("name", "texts", "found", "precision", "routine", "routine_flagged"),
    [
        # G: run by the lead after round 7 was frozen; 223/240, 223/304 right.
        pytest.param("heldout_g.jsonl", 570, 223, 0.733, 121, 11, id="G"),
        # H: run by the lead on round 7 (round 8 adopted nothing); 208/222, 208/286.
        pytest.param("heldout_h.jsonl", 541, 208, 0.727, 96, 4, id="H"),
        # I: run by the lead on round 8; 203/228, 203/268.
        pytest.param("heldout_i.jsonl", 573, 203, 0.757, 140, 1, id="I"),
    ],
)
def test_held_out_sets_g_h_and_i_keep_their_first_run_figures(
    name: str, texts: int, found: int, precision: float, routine: int, routine_flagged: int
) -> None:
    """Each was written by someone who had seen nothing of Tandem and run
    once by the lead, who did not tune (docs/worrying-words.md, 'Held-out set
    G', 'H' and 'I'). Each votes since round 9, so what it shows here is
    inflated by construction (HAZ-343): this test only stops the first-run
    figures falling unnoticed; the honest estimate is the set left out
    (bench/worrying_words_encoders.py)."""
    assert_first_run_figures_kept(
        name,
        texts=texts,
        found=found,
        precision=precision,
        routine=routine,
        routine_flagged=routine_flagged,
    )


def assert_first_run_figures_kept(
    name: str, *, texts: int, found: int, precision: float, routine: int, routine_flagged: int
) -> None:
    """A held-out set's first-run figures, as floors later rounds must not fall below."""
    rows = examples(name)
    assert len(rows) == texts
    summary, decisions = evaluate(rows, layers=Layers.BOTH)
    assert summary.true_pos >= found
    assert summary.precision is not None and summary.precision >= precision
    flags = [
        decision.flagged for example, decision in decisions if example.row["category"] == "routine"
    ]
    assert len(flags) == routine
    assert sum(flags) <= routine_flagged

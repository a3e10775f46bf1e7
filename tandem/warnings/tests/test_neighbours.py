"""The development sets' labelled statements the meaning layer votes with
(``neighbours.npz``): the shipped file is what the build script produces from
the committed sets, and the vote keeps every flag explained by the bank."""

from __future__ import annotations

import numpy as np

from tandem.warnings import build_neighbours, meaning, neighbours, screen
from tandem.warnings.phrases import Category


def test_the_shipped_statements_were_built_from_the_committed_sets() -> None:
    """A set edited without rebuilding the file (or a file edited by hand)
    fails here: run ``python -m tandem.warnings.build_neighbours``."""
    assert neighbours.shipped().fingerprint == neighbours.fingerprint()


def test_the_shipped_statements_and_labels_are_what_the_script_lists() -> None:
    shipped = neighbours.shipped()
    built = build_neighbours.statements()
    assert list(shipped.texts) == [s.text for s in built]
    assert list(shipped.worrying) == [s.worrying for s in built]
    assert shipped.vectors.shape == (len(built), meaning.DIMENSIONS)


def test_the_shipped_vectors_are_what_the_encoder_gives() -> None:
    """A fixed sample, re-encoded (all of them: ``build_neighbours --check``)."""
    shipped = neighbours.shipped()
    sample = list(range(0, len(shipped.texts), max(1, len(shipped.texts) // 40)))
    again = meaning.encoder().encode([shipped.texts[i] for i in sample])
    assert np.allclose(shipped.vectors[sample], again, atol=build_neighbours.TOLERANCE)


def test_statements_come_from_development_sets_only() -> None:
    # Set E teaches since round 6 and set F since round 7, each after its
    # first run; D's vote was measured and left out (docs/worrying-words.md,
    # rounds 5 to 7).
    assert "heldout_e.jsonl" in neighbours.SOURCES
    assert "heldout_f.jsonl" in neighbours.SOURCES
    # G, H and I teach since round 9, each after its one run; a set not yet
    # run would wait in unseen/, which never teaches.
    assert {"heldout_g.jsonl", "heldout_h.jsonl", "heldout_i.jsonl"} <= set(neighbours.SOURCES)
    assert all("unseen" not in name for name in neighbours.SOURCES)
    assert all((neighbours.DATA / name).is_file() for name in neighbours.SOURCES)


def test_texts_not_in_english_are_not_statements() -> None:
    texts = set(neighbours.shipped().texts)
    assert "Nie chcę już żyć, proszę o pomoc" not in texts
    assert all(not s.startswith("Dwi ") for s in texts)


def test_a_service_example_still_flags_its_own_words() -> None:
    """The service extends the bank (``/concerns/phrases/``); its example
    votes like the bank's own, and the flag quotes it."""
    words = "He makes me hand over my bank card every payday"
    added = meaning.Example("custom-7", Category.ABUSE, words)
    [near] = [n for n in meaning.check(words, extra=[added]) if n.category == Category.ABUSE]
    assert near.key == "custom-7"
    assert near.reason == f'Close in meaning to: "{words}"'


def test_a_flag_from_the_vote_quotes_a_bank_example_never_a_set_text() -> None:
    """The sets' texts vote; only the reviewed bank explains a flag."""
    bank = {t for _, t in meaning.BUILT_IN.examples}
    text = "I've put enough of my meds by in a shoebox under the bed"
    hits = screen.check(text, layers=screen.Layers.MEANING).hits
    assert hits
    for hit in hits:
        assert hit.key.startswith("meaning-")
        assert hit.label.removeprefix('close in meaning to: "').removesuffix('"') in bank

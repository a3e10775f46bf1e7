"""Cheap text normalisation the meaning layer can apply before encoding
(issue 19, round 8): lower case, letters repeated for emphasis, and common
text-speak and UK slang written out, so "im sooooo done wiv it all tbh" is
read as "i'm soo done with it all to be honest".

Measured only (``worrying_words_encoders.py --normalise``): the bench
normalises what the encoder reads (each piece, the bank and the voting
statements), while the spans a flag would quote and the phrase list stay the
text as written. Tandem does not use it: docs/worrying-words.md, 'Round 8'.
"""

from __future__ import annotations

import re

# A letter written three times or more in a row ("soooo", "pleeease") is
# kept twice: English has doubled letters ("too", "feel"), never tripled.
_REPEATS = re.compile(r"([a-z])\1{2,}", re.IGNORECASE)

# Whole words only; each written out as a standard English phrase. Chosen
# from common usage, never from the held-out sets; a word that is also an
# ordinary English word ("wont", "cos" in a recipe) is left out unless its
# text-speak reading is far the commoner in a message.
TEXTSPEAK = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "ya": "you",
    "im": "i'm",
    "ive": "i've",
    "id": "i'd",
    "dont": "don't",
    "cant": "can't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "havent": "haven't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "shouldnt": "shouldn't",
    "thats": "that's",
    "whats": "what's",
    "idk": "i don't know",
    "idc": "i don't care",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ty": "thank you",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2moro": "tomorrow",
    "2day": "today",
    "2nite": "tonight",
    "tonite": "tonight",
    "b4": "before",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "cos": "because",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "rn": "right now",
    "tbh": "to be honest",
    "ngl": "not going to lie",
    "imo": "in my opinion",
    "omg": "oh my god",
    "ppl": "people",
    "msg": "message",
    "appt": "appointment",
    "wiv": "with",
    "wid": "with",
    "nuffin": "nothing",
    "nothin": "nothing",
    "sumthin": "something",
    "summat": "something",
    "wat": "what",
    "wot": "what",
    "innit": "isn't it",
    "dunno": "don't know",
    "ain't": "isn't",
    "aint": "isn't",
    "kms": "kill myself",
    "kys": "kill yourself",
    "unalive": "kill",
    "gutted": "very upset",
    "knackered": "exhausted",
    "skint": "out of money",
    "mardy": "moody",
    "bruv": "brother",
    "fam": "friend",
    "mate": "friend",
}
_WORD = re.compile(r"[A-Za-z0-9']+")


def fewer_repeats(text: str) -> str:
    return _REPEATS.sub(r"\1\1", text)


def expand_textspeak(text: str) -> str:
    return _WORD.sub(lambda m: TEXTSPEAK.get(m.group().lower(), m.group()), text)


def normalised(text: str) -> str:
    """Lower case, repeats shortened, text-speak written out."""
    return expand_textspeak(fewer_repeats(text.lower()))

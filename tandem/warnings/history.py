"""Resolved history: a worry told as long past, with recovery since, and
nothing in the text saying it is back (issue 19, round 5).

"Two years ago I took an overdose, but I'm well now and back at work" is a
reason to read the record, not to read this message sooner; it was the
largest group of false flags on every held-out set (14 of 28 in set D by
the phrase list alone). Both layers set such sentences aside: the phrase list
lists the phrase as set aside ("told as resolved history"), the meaning layer
does not read them for a flag.

Recall comes first, so the rule is narrow and every part of it must hold:

- the text tells something as **distant past** ("years ago", "in 2015", "used
  to", "as a teenager", "when I was 16");
- it says the writer (or the person a carer writes about) **is well since**
  ("I'm fine now", "nothing since", "she's been well for years");
- and **nothing in the whole text says it is current again**: "again", "back",
  "lately", "tonight", "still", "urges", "scared", "planning", "thinking of"
  and the like keep every sentence flagged as before.

Only the sentences that tell the past (and a past-tense sentence right after
one: "Had a dark patch years back. Took a load of tablets.") and those that
tell the recovery are set aside; any other sentence is checked as usual, so
"I self-harmed years ago and I'm fine now. My partner hits me." still flags
its second sentence. Nothing here is a score: it only decides which
sentences the checks read for a flag.
"""

from __future__ import annotations

import re

# A sentence, as the meaning layer cuts them (meaning._SENTENCE).
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")

_COUNT = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|few|a few|many|several|couple of|a couple of)"
)
_WHO = r"(?:i'?m|i am|im|she'?s|he'?s|she is|he is|they'?re|they are|we'?re|we are)"

PAST = re.compile(
    r"\b(?:"
    + "|".join(
        [
            _COUNT + r" (?:years?|yrs?|decades?) (?:ago|back|before|since|earlier)",
            r"(?:years?|yrs?|decades?|long time|long while) ago",
            r"(?:in|since|from|until|till|before|back in|around|about|stopped) (?:19|20)\d\d",
            r"used to",
            r"as a (?:teenager|teen|child|kid|student|young (?:man|woman|person))",
            r"when (?:i|he|she|they) (?:was|were) (?:\d+|young|younger|a teenager|a teen|a kid|"
            r"a child|at school|in school|at uni|at university|a student|first referred)",
            r"in (?:my|his|her|their) (?:teens|twenties|20s|thirties|30s|forties|40s)",
            r"back (?:in|at) school",
            r"in year \d+",
            r"(?:a |one )?(?:year|years|decade) since",
            r"years back",
            r"in the past",
            r"past (?:self-harm|self harm|history)",
            r"history of",
            r"(?:a )?distant memory",
            r"long (?:over|gone|behind)",
            r"(?:at|during) (?:my|the) worst",
        ]
    )
    + r")\b"
)

RECOVERY = re.compile(
    r"\b(?:"
    + "|".join(
        [
            _WHO + r"(?: \w+)?(?: now)? (?:well|fine|good|ok|okay|better|much better|"
            r"so much better|sooo much better|doing well|doing ok|doing okay|doing great|"
            r"doing good|thriving|settled|stable|happy|recovered|flourishing|"
            r"in a (?:really |very |much )?(?:good|better) place)",
            r"(?:i'?m|i am|im|she'?s|he'?s|she is|he is) \d+ now",
            r"(?:nothing|none|no problems?|no issues?|not once|no episodes?|never again) since",
            r"(?:never|didn'?t) (?:came|come) back",
            r"(?:been|has been|have been|stayed|remained) (?:well|stable|fine|good|ok|okay|"
            r"settled|clean|free)",
            r"well since",
            r"(?:since then|ever since)",
            r"(?:stopped|recovered|recovery)",
            r"\d+ (?:years?|yrs?|months?) (?:free|clean)",
            r"(?:far|so far|a long way) from (?:that|there)",
            r"distant memory",
            r"long over",
            r"(?:sorted|better|well|fine|good|ok|okay) now",
            r"(?:haven'?t|havent|have not|hasn'?t|has not) (?:done|had|felt|self-harmed|harmed|"
            r"cut|hurt)",
            r"how far i'?ve come",
            r"(?:lived|living) experience",
            r"peer support",
            r"got through",
        ]
    )
    + r")\b"
)

# Anything that says the worry may be current: one of these anywhere in the
# text and no sentence of it is set aside.
CURRENT = re.compile(
    r"\b(?:"
    + "|".join(
        [
            r"again",
            r"relaps\w*",
            r"lately",
            r"recently",
            r"these days",
            r"last night",
            r"tonight",
            r"right now",
            r"at the moment",
            r"this morning",
            r"yesterday",
            r"(?:coming|(?<!never )(?<!didn't )came|creeping|is|are|it'?s|they'?re) back",
            r"back to",
            r"return\w*",
            r"started (?:to|cutting|hurting|hearing|thinking)",
            r"start(?:ing)? to (?:feel|think|hear)",
            r"urges?",
            r"(?:worried|scared|frightened|afraid|terrified)",
            r"struggl\w*",
            r"not coping",
            r"can'?t cope",
            r"still",
            r"plan\w*",
            r"thinking (?:of|about)",
            r"tempted",
            r"feel(?:ing)? like (?:doing|ending|cutting|hurting)",
            r"want to (?:die|end|hurt|kill|cut|do it|disappear)",
            r"can'?t stop",
            r"scared i'?ll",
            r"but now",
            # "now I..." other than "now I'm well/fine/better".
            r"now (?:i|i'?m|im|it'?s|she|he|they)"
            r"(?! (?:am|is|are)? ?(?:well|fine|good|ok|okay|better))",
        ]
    )
    + r")\b"
)

_PAST_TENSE = re.compile(r"\b(?:was|were|had|did|took|tried|went|got|made|cut|burnt|\w+ed)\b")


def _folded(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def is_resolved(text: str) -> bool:
    """The text tells a worry as distant past, says the person is well since,
    and says nothing that makes it current again."""
    folded = _folded(text)
    return bool(PAST.search(folded) and RECOVERY.search(folded)) and not CURRENT.search(folded)


def resolved_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` told as resolved history (spans of ``text``):
    those telling the past or the recovery, and a past-tense sentence just
    after one telling the past. Empty unless ``is_resolved(text)``."""
    if not is_resolved(text):
        return []
    found = []
    follows = False
    for match in _SENTENCE.finditer(text):
        sentence = _folded(match.group())
        if (
            PAST.search(sentence)
            or RECOVERY.search(sentence)
            or (follows and _PAST_TENSE.search(sentence))
        ):
            found.append(match.span())
            follows = True
        else:
            follows = False
    return found


def within(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)

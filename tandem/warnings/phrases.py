"""The curated list the detector looks for, kept as data so it can be read,
reviewed and argued with (docs/worrying-words.md explains each choice).

How a pattern is written
------------------------
- Patterns are regular expressions over the *normalised* text (see
  ``detector.normalise``): lower case, curly quotes made straight, accents and
  look-alike letters folded, HTML tags taken out, runs of spaces made one.
- A space in a pattern means "any one run of white space".
- Doubled letters are written as English spells them ("kill", "better"); the
  detector squeezes every run of a repeated letter to one letter in both the
  text and the pattern, so "killll", "kill" and the typo "kil" all match.
- ``<SELF>``, ``<OTHERS>`` and the like are fragments filled in from
  ``FRAGMENTS``; every pattern is wrapped in word boundaries.
- ``hints`` are plain words, one of which must appear in the text for the
  pattern to be tried at all. They make the common case (no worrying words)
  cost a few substring checks; a test checks that every example still matches
  through them.
- ``negatable=False`` marks phrases whose negation is part of the meaning
  ("I don't want to live", "I can't keep myself safe"): a "not" before them
  does not set them aside.
- ``examples`` must each be flagged by the phrase (a test runs them).

Categories name the kind of words found, never how worried to be: there are
no scores, levels or colours (DESIGN: no risk ratings).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Category(enum.StrEnum):
    SUICIDE = "suicide"
    SELF_HARM = "self_harm"
    HARM_TO_OTHERS = "harm_to_others"
    ABUSE = "abuse"
    CRISIS = "crisis"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.SUICIDE: "Suicide",
    Category.SELF_HARM: "Self-harm",
    Category.HARM_TO_OTHERS: "Harm to others",
    Category.ABUSE: "Abuse",
    Category.CRISIS: "Acute crisis",
}


@dataclass(frozen=True)
class Phrase:
    key: str
    category: Category
    label: str  # what staff and managers see: the words in plain English
    pattern: str
    reason: str
    hints: tuple[str, ...]
    examples: tuple[str, ...] = ()
    negatable: bool = True


@dataclass(frozen=True)
class Exclusion:
    """A common saying that contains a listed phrase but is not about harm.
    A match that lies inside one of these is set aside, with ``why``."""

    key: str
    pattern: str
    why: str
    hints: tuple[str, ...]
    examples: tuple[str, ...] = ()


SELF = (
    r"(?:my ?self|me ?self|meself|myslef|mysef|mysel|him ?self|her ?self|themselves|themself|"
    r"theirselves|yourself|urself)"
)
RELATIVE = (
    r"(?:partner|husband|wife|boyfriend|girlfriend|ex|mum|mam|mom|mother|dad|father|stepdad|"
    r"stepmum|brother|sister|son|daughter|baby|child|children|kids?|neighbou?rs?|boss|carer|"
    r"flatmate|landlord|family|uncle|aunt|nan|gran|grandad)"
)
FRAGMENTS = {
    "<SELF>": SELF,
    "<OTHERS>": (
        r"(?:him|her|them|someone|somebody|some one|anyone|anybody|everyone|everybody|people|"
        r"others|my "
        + RELATIVE
        + r"|the (?:baby|kids|children|neighbou?rs?)|his "
        + RELATIVE
        + r"|her "
        + RELATIVE
        + r")"
    ),
    "<ABUSER>": r"(?:he|she|they|him|her|them|my " + RELATIVE + r")",
    "<POSS>": r"(?:my|his|her|their|your)",
    "<PILLS>": (
        r"(?:pills|tablets|meds|medication|medicine|paracetamol|painkillers|sleeping pills|"
        r"antidepressants|insulin|lithium|sertraline|co-?codamol)"
    ),
    "<ANYMORE>": r"(?:any ?more|any longer|no more)",
}

# Words that, a few words before a phrase, usually mean the writer is saying
# it is *not* so ("I'm not suicidal", "I would never hurt her").
NEGATORS = frozenset(
    {
        "not",
        "never",
        "no",
        "nor",
        "don't",
        "dont",
        "didn't",
        "didnt",
        "doesn't",
        "doesnt",
        "won't",
        "wont",
        "wouldn't",
        "wouldnt",
        "couldn't",
        "couldnt",
        "shouldn't",
        "shouldnt",
        "isn't",
        "isnt",
        "wasn't",
        "wasnt",
        "aren't",
        "arent",
        "weren't",
        "ain't",
        "aint",
        "haven't",
        "havent",
        "hasn't",
        "hasnt",
        "hadn't",
        "hadnt",
    }
)
# How many words before a phrase a negator may stand.
NEGATION_WINDOW = 3
# A negator followed by one of these is not denying the phrase: "I can't stop
# wanting to die", "I've never felt so suicidal", "not sure I want to live".
NEGATION_CANCELLED_BY = frozenset(
    {"stop", "help", "sure", "know", "so", "this", "more", "ever", "only", "just", "even"}
)
# ...nor is one whose phrase is followed by a comparison: "never wanted to die
# more than today".
AFTER_CANCELS_NEGATION = r"\s(?:more|so much|as much|this much|than)\b"
# Negation does not reach across these: "I'm not OK, I want to die".
CLAUSE_BREAK = r"[.!?;:,\n()\"]|\b(?:but|and|because|cos|coz|though|although|however|yet|so)\b"


def _p(
    key: str,
    category: Category,
    label: str,
    pattern: str,
    reason: str,
    hints: tuple[str, ...],
    examples: tuple[str, ...],
    *,
    negatable: bool = True,
) -> Phrase:
    return Phrase(key, category, label, pattern, reason, hints, examples, negatable)


S, SH, HO, AB, CR = (
    Category.SUICIDE,
    Category.SELF_HARM,
    Category.HARM_TO_OTHERS,
    Category.ABUSE,
    Category.CRISIS,
)

PHRASES: tuple[Phrase, ...] = (
    # --- Suicide -------------------------------------------------------------------------------
    _p(
        "suicide",
        S,
        "suicide, suicidal (and common misspellings)",
        r"s(?:u|ue|ua)i?[cs]i?d\w*|sewer ?slide|unalive\w*",
        "Mentions suicide",
        ("su", "sewer", "unalive"),
        ("I feel suicidal", "thinking about suicide", "sucidal again", "want to unalive myself"),
    ),
    _p(
        "kill-self",
        S,
        "kill myself (himself, herself...)",
        r"kill(?:s|ed|ing|in)? <SELF>|(?<!\d )kms(?! \w*(?:walk|run|away|from))",
        "Talks about killing themselves",
        ("kil", "kms"),
        ("I want to kill myself", "he says he will kill himself", "i wanna kms", "kil myself"),
    ),
    _p(
        "end-life",
        S,
        "end my life, take my own life",
        r"(?:end|ending|ended|finish|finishing|take|taking|took|stop|stopping) <POSS> (?:own )?lif"
        r"e",
        "Talks about ending their life",
        ("life",),
        ("I will end my life", "I want to finish my life", "thought about taking my own life"),
    ),
    _p(
        "end-it",
        S,
        "end it all, end it",
        r"end(?:ing)? (?:it all|everything|<SELF>)|(?:want|wanted|going|planning|plan|ready|"
        r"decided|gonna|wanna) (?:to )?end it(?! (?:with|for|at|on|off|in|early|there|now with)\b)"
        r"|(?:pack|jack)(?:ing)? it all in|end(?:ing|ed)? things(?! (?:with|between|off)\b)"
        r"|want(?:s|ed)? (?:it all|everything|life|the world|the pain) to (?:stop|end)",
        "Talks about ending it all",
        ("end", "pack", "jack", "stop"),
        (
            "I just want to end it all",
            "ready to end it",
            "I'm going to pack it all in",
            "I'm ending things tonight",
            "I just want it all to stop",
        ),
    ),
    _p(
        "uk-slang",
        S,
        "do myself in, top myself, neck myself",
        r"(?:do|did|doing|done) <SELF> in|top(?:s|ing|ed)? <SELF>|neck(?:ing)? <SELF>"
        r"|(?:to|gonna|wanna) off <SELF>",
        "Uses slang for killing themselves",
        ("self", "selv"),
        ("I'm going to do myself in", "thinking of topping myself", "gonna neck myself"),
    ),
    _p(
        "want-die",
        S,
        "want to die, wish I was dead",
        r"(?:want|wants|wanted|wanting|wanna|wish|wishes|wishing|ready|longing|trying|tried|"
        r"rather|sooner) (?:to )?(?:die|be dead|not be alive|not exist)"
        r"|want(?:s|ed)? to disappear(?! (?:into|under|to|for a|from|off)\b)|and not be alive"
        r"|wish(?:ed|ing)? (?:that )?(?:i|i'd|he|she) (?:was|were|had|could|would)? ?(?:just )?"
        r"(?:dead|die|never been born|not been born|not wake up|never wake up)",
        "Talks about wanting to die",
        ("die", "dead", "born", "wake", "disappear", "alive", "exist"),
        ("I want to die", "I want die myself", "I wish I was dead", "I'd rather be dead"),
    ),
    _p(
        "better-off-dead",
        S,
        "better off dead, better off without me",
        r"better off dead|(?:better off|better|happier) without me",
        "Says others would be better off without them",
        ("dead", "without me"),
        ("everyone would be better off without me", "I'd be better off dead"),
    ),
    _p(
        "miss-me",
        S,
        "nobody would miss me",
        r"(?:nobody|no one|no-one|noone|nobody'd|no one'd) (?:would|will|'d)? ?(?:even )?"
        r"(?:miss me|care if i (?:died|was gone|wasn't here|disappeared))"
        r"|(?:won't|wouldn't|will not|would not) (?:even )?miss me",
        "Says nobody would miss them",
        ("miss me", "care if"),
        ("nobody would miss me", "no one would care if I died"),
        negatable=False,
    ),
    _p(
        "dont-want-live",
        S,
        "don't want to live, not wanting to be here",
        r"(?:don't|dont|do not|doesn't|does not|didn't|no|not|never|no longer|don't even) "
        r"(?:really )?(?:want|wants|wanting|wanna|wish|feel like|see the point in) "
        r"(?:to )?(?:live|living|be alive|being alive|be here|being here|be around|exist|existing|"
        r"wake up|waking up|go on|carry on)"
        r"(?! (?:in|at|near|with|on|there|holiday|a|the|that|this|my|to|for|by|without|like)\b)",
        "Says they do not want to live",
        (
            "live",
            "living",
            "alive",
            "be here",
            "being here",
            "around",
            "exist",
            "wake",
            "go on",
            "carry on",
        ),
        (
            "I don't want to live",
            "I am not wanting to live",
            "I don't want to be here any more",
            "I no want live",
        ),
        negatable=False,
    ),
    _p(
        "unsure-live",
        S,
        "not sure I want to live",
        r"(?:not sure|don't know|dont know|do not know|unsure)(?: if| whether)? (?:i|i really|i ev"
        r"en) "
        r"(?:want|wanna|can|could) (?:to )?(?:live|go on|carry on|be alive|be here|keep going)"
        r"(?! (?:in|at|near|with|on|there|holiday|a|the|that|this|my|to|for|by|without|like)\b)",
        "Says they are not sure they want to live",
        ("live", "go on", "carry on", "alive", "be here", "keep going"),
        ("I'm not sure I want to live", "I don't know if I can go on"),
        negatable=False,
    ),
    _p(
        "gone",
        S,
        "when I'm gone, if I wasn't here",
        r"if i (?:wasn't|was not|weren't|were not|am not|'m not|wasnt) (?:here|around|alive)"
        r"|(?:after|once) i'?m (?:gone|dead)|when i'?m (?:gone|dead)(?! (?:on|to|for|away|out)\b)"
        r"|if i (?:died|was gone|was dead)|in case i'?m not (?:here|around)",
        "Talks about not being here",
        ("here", "around", "alive", "gone", "dead", "died"),
        ("What would happen to my cat if I wasn't here", "look after him when I'm gone"),
    ),
    _p(
        "no-reason-live",
        S,
        "no reason to live, life isn't worth living",
        r"(?:no|not any|lost (?:the|my|all)?) ?(?:reason|point|purpose|will) (?:to|in|of|for) "
        r"(?:live|living|life|go on|going on|carry on|carrying on|be alive|being alive|being here)"
        r"|what'?s the point (?:of|in) (?:living|life|going on|carrying on|being alive|being here|"
        r"anything|it all|me)"
        r"|life(?:'s|s| is| was| feels)? (?:not|no longer|never|n't) worth (?:living|it|to live|an"
        r"ything)"
        r"|life (?:isn't|ain't|aint|wasn't) worth (?:living|it|to live|anything)"
        r"|not worth living|nothing (?:left )?(?:to|worth) live? for|no(?: ?one|body|thing) to "
        r"live for|(?:my )?life (?:has|had|holds) no (?:meaning|point|purpose)|(?:no|lost all) "
        r"meaning (?:in|to) (?:my )?life|life(?:'s| is) meaningless"
        r"|(?:can't|cannot|can not|don't|do not) see (?:a|any) (?:way out|way forward|future|"
        r"point)|(?:there's|there is|is) no way out",
        "Says there is no reason to live",
        ("reason", "point", "purpose", "will", "worth", "live for", "meaning", "way", "future"),
        ("I have no reason to live", "what's the point of living", "life is not worth to live"),
        negatable=False,
    ),
    _p(
        "tired-of-life",
        S,
        "tired of living, done with life",
        r"(?:tired|sick|weary|fed up) of (?:living|life|being alive|existing|it all)"
        r"|done with (?:life|living|it all|everything|this life)"
        r"|(?:had|'ve had|have had) enough of (?:life|living|everything|it all|this life|being ali"
        r"ve)"
        r"|can't be (?:arsed|bothered|asked) (?:with|wi) (?:life|living|anything any ?more)",
        "Says they are tired of life",
        ("tired", "sick", "weary", "fed up", "done with", "arsed", "bothered", "asked", "enough"),
        ("I'm so tired of living", "can't be arsed with life anymore", "I'm done with life"),
    ),
    _p(
        "not-wake-up",
        S,
        "go to sleep and not wake up",
        r"(?:go to sleep|fall asleep|sleep|sleeping) and (?:never|not) (?:wake|waking) up"
        r"|hope (?:i|i'll) (?:don't|never|do not|won't) wake up"
        r"|(?:want|wanna|wish i could|like) (?:to )?(?:sleep for ?ever|never wake up|not wake up)",
        "Talks about not waking up",
        ("wake", "waking", "forever", "for ever"),
        ("I want to go to sleep and never wake up", "I hope I don't wake up tomorrow"),
        negatable=False,
    ),
    _p(
        "thoughts-dying",
        S,
        "thoughts of dying, planning to die",
        r"(?:think|thinking|thought|thoughts) (?:a lot )?(?:about|of) (?:dying|death|being dead|"
        r"not being here|ending it|ending things|killing <SELF>|taking my life)"
        r"|(?:plan|plans|planned|planning|made a plan) (?:to|for how to|how to) (?:die|end it|do it"
        r"|kill)",
        "Talks about thoughts of dying",
        ("dying", "death", "dead", "being here", "ending", "killing", "my life", "plan"),
        ("I keep thinking about dying", "I've made a plan to end it"),
    ),
    _p(
        "burden",
        S,
        "I'm a burden",
        r"(?:i'm|im|i am|feel like|feel|being|i feel|she's|she is|he's|he is|they're|they are) "
        r"(?:such |just |nothing but |only )?a burden"
        r"|burden (?:to|on) (?:everyone|everybody|my family|the family|them|us|you|the people|peop"
        r"le)",
        "Says they feel a burden",
        ("burden",),
        ("I feel like a burden to everyone", "I'm just a burden"),
    ),
    _p(
        "goodbye",
        S,
        "goodbye note, giving things away",
        r"(?:suicide|goodbye|farewell) (?:note|letter|message|video)s?"
        r"|(?:written|wrote|writing|write|left|leave) (?:a|my) (?:last|final) (?:note|letter|"
        r"message)s?|this is (?:my )?goodbye|goodbye (?:for ?ever|for good|everyone|cruel world)"
        r"|(?:giving|give|gave|given) away (?:all )?(?:of )?my (?:things|stuff|belongings|"
        r"possessions|pets?)|put(?:ing)? my affairs in order|said my goodbyes",
        "Talks about saying goodbye or putting affairs in order",
        ("note", "letter", "message", "video", "goodbye", "away", "affairs"),
        ("I've written my goodbye letters", "this is goodbye", "giving away my things"),
    ),
    _p(
        "not-be-here",
        S,
        "won't be here much longer",
        r"(?:won't|will not|wont|not going to|not gonna|wouldn't) be (?:here|around|alive) "
        r"(?:much longer|for (?:much )?longer|for long|tomorrow|by (?:the )?(?:morning|weekend|"
        r"tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas)|to see)",
        "Says they will not be here much longer",
        ("here", "around", "alive"),
        ("I won't be here much longer", "I won't be around by the weekend"),
        negatable=False,
    ),
    _p(
        "method",
        S,
        "hanging, jumping, lethal dose, stockpiling pills",
        r"hang(?:ing|ed|s)? <SELF>(?! out to dry)|noose|shoot(?:ing)? <SELF>(?! in the foot)"
        r"|jump(?:ing|ed)? (?:off|from|in front of|under) (?:a|the|my|that) (?:bridge|building|"
        r"train|car|roof|cliff|tower|balcony|multi-? ?storey|motorway|bus|lorry|flats?|window|"
        r"car park)|slit(?:ing)? <POSS> (?:wrists?|throat)|step in front of (?:a|the) (?:train|"
        r"bus|car|lorry)"
        r"|(?:lethal|fatal|deadly|overdose) (?:dose|amount)s?"
        r"|how many (?:\w+ )?(?:\w+ )?(?:would|will|does it|do you need to|to) (?:it take to )?"
        r"(?:kill|die|be fatal|overdose)"
        r"|(?:going to|gonna|about to|want to|wanna|will|i'll) jump(?! (?:in|on|into|at|for|the "
        r"queue|up|around|ship|to|through|out|over)\b)"
        r"|stockpil\w*|(?:saving|saved|hoarding|collecting) (?:up )?(?:my |all my )?<PILLS>",
        "Talks about a way of ending their life",
        (
            "hang",
            "noose",
            "shoot",
            "jump",
            "slit",
            "step in front",
            "dose",
            "amount",
            "how many",
            "stockpil",
            "saving",
            "saved",
            "hoard",
            "collect",
        ),
        (
            "I'm going to hang myself",
            "I'm stockpiling my tablets",
            "how many paracetamol would it take to die",
            "jump off the bridge",
        ),
    ),
    # --- Self-harm -----------------------------------------------------------------------------
    _p(
        "self-harm",
        SH,
        "self-harm (and self-injury)",
        r"self[- ]?harm\w*|self[- ]?injur\w*|self[- ]?mutilat\w*|sh urges?|self[- ]?destruct\w*",
        "Mentions self-harm",
        ("self", "sh urge"),
        ("I self-harmed last night", "my friend used to self harm", "selfharm urges"),
    ),
    _p(
        "hurt-self",
        SH,
        "hurt myself, cut myself, burn myself",
        r"(?:hurt|hurts|hurting|harm|harms|harming|harmed|cut|cuts|cutting|burn|burns|burning|"
        r"burned|burnt|hit|hits|hitting|punch|punched|punching|scratch|scratched|scratching|"
        r"bite|biting|starve|starving|starved|injure|injuring|injured|punish|punishing|punished) "
        r"<SELF>(?! (?:laughing|shaving|cooking|chopping|on (?:a|the|some|my)|by accident|"
        r"accidentally|at (?:work|the gym|football)|in the kitchen|playing|running|"
        r"training|falling|tripping|out|(?:when|while) (?:i )?(?:fell|tripped|slipped|cooking|shav"
        r"ing|"
        r"running|playing))\b)",
        "Talks about hurting themselves",
        ("self", "selv", "mysel", "mysef", "myslef"),
        ("I want to hurt myself", "she has been cutting herself", "I keep burning myself"),
    ),
    _p(
        "cut-body",
        SH,
        "cutting again, urges to cut",
        r"(?:been|started|start|keep|kept|back to) cutting(?: again)?|cutting again"
        r"|cut (?:<POSS>) (?:arms?|legs?|wrists?|thighs?|skin|stomach)"
        r"|(?:urges?|urge|want|wanting|wanted|need|needing|needed|tempted) to (?:cut|burn|hurt|"
        r"harm|self[- ]?harm|scratch)(?! (?:him|her|them|someone|anyone|people|my hair|the)\b)"
        r"|(?:razor|razors|razor ?blades?|blades?) (?:again|to cut|hidden|in my (?:room|drawer|bag"
        r"))",
        "Talks about cutting or urges to harm",
        ("cut", "urge", "to burn", "to hurt", "to harm", "to self", "to scratch", "blade", "razor"),
        ("I've been cutting again", "cut my arms", "the urges to cut are back"),
    ),
    _p(
        "overdose",
        SH,
        "overdose, taking too many tablets",
        r"overdos\w*|over dose|od'?d|od'?ing|(?:take|took|taking|took an|had an|taken an) od"
        r"|(?:take|took|taking|taken|swallow|swallowed|swallowing) (?:all|the whole|a whole|the re"
        r"st"
        r"|too many|loads|lots|a handful|a load|a lot|extra|double) (?:of )?(?:my |the |a |an )?"
        r"(?:box of |packet of |bottle of |pack of |packets of |boxes of )?<PILLS>"
        r"|(?:take|took|taking|swallow|swallowed) every (?:pill|tablet|med|medicine)"
        r"|<PILLS> (?:lined up|counted out|ready to take|saved up)",
        "Mentions an overdose or taking too many tablets",
        (
            "overdos",
            "over dose",
            "od",
            "pill",
            "tablet",
            "med",
            "paracetamol",
            "painkiller",
            "insulin",
            "lithium",
            "sertraline",
            "codamol",
        ),
        ("I took an overdose", "I'm going to take all my pills", "she OD'd last night"),
    ),
    _p(
        "eating",
        SH,
        "starving myself, making myself sick",
        r"(?:make|making|made) <SELF> (?:sick|throw up|vomit)|(?:starving|starve) <SELF>"
        r"|(?:haven't|have not|not|hasn't|didn't) (?:eaten|eat|drunk|drank) (?:anything )?(?:in|fo"
        r"r)"
        r" (?:days|\d+ days|a week|weeks|two days|three days)",
        "Talks about making themselves sick or not eating",
        ("sick", "throw up", "vomit", "starv", "eaten", "eat", "drunk", "drank"),
        ("I've been making myself sick", "I haven't eaten in days"),
        negatable=False,
    ),
    # --- Harm to others ------------------------------------------------------------------------
    _p(
        "harm-others",
        HO,
        "kill, hurt or stab someone",
        r"(?:kill|killing|murder|murdering|stab|stabbing|strangle|strangling|smother|smothering"
        r"|shoot|shooting|poison|poisoning|hurt|hurting|harm|harming|attack|attacking|beat up|"
        r"batter|battering|hit|hitting|beat|beating|strangle|drown|drowning) <OTHERS>"
        r"(?!'s\b| (?:feelings|with kindness|a (?:text|message|line|email))\b|'s feelings)"
        r"|push(?:ing|ed)? <OTHERS> (?:in front of|off|under|down)",
        "Talks about harming someone else",
        (
            "kil",
            "murder",
            "stab",
            "strangl",
            "smother",
            "shoot",
            "poison",
            "hurt",
            "harm",
            "attack",
            "beat",
            "batter",
            "hit",
            "drown",
            "push",
        ),
        ("I'm scared I'll hurt my baby", "I want to kill him", "he said he would stab someone"),
    ),
    _p(
        "weapon",
        HO,
        "carrying a knife or weapon",
        r"(?:carry|carrying|carried|took|take|bring|brought|have|got) (?:a|my|the) (?:knife|gun|"
        r"weapon|machete|blade) (?:with me|on me|out|around|in my)"
        r"|(?:knife|gun|weapon|machete|blade) under (?:my|the) (?:pillow|bed|mattress)",
        "Mentions carrying a weapon",
        ("knife", "gun", "weapon", "machete", "blade"),
        ("I carry a knife with me now", "there's a knife under my pillow"),
    ),
    # --- Abuse ---------------------------------------------------------------------------------
    _p(
        "hits-me",
        AB,
        "he hits me, she threatened me",
        r"(?:hit|hits|hitting|beat|beats|beating|beaten|kick|kicks|kicked|kicking|punch|punches|"
        r"punched|punching|slap|slaps|slapped|slapping|choke|chokes|choked|choking|strangle|"
        r"strangles|strangled|strangling|rape|raped|rapes|raping|abuse|abuses|abused|abusing|"
        r"assault|assaults|assaulted|assaulting|threaten|threatens|threatened|threatening|molest|"
        r"molested|molesting|batter|battered|battering|bully|bullies|bullied|bullying) (?:me|us)"
        r"(?! (?:up|to it|back|at|in (?:a|the) (?:game|race|match|quiz))\b)"
        r"|(?:end up with|ended up with|left me with|gave me|giving me|covered in|hide (?:the|my)) "
        r"(?:\w+ )?bruis\w*"
        r"|(?:pushed|shoved|threw|thrown) me (?:down|over|into|against|out|off|across|to the)"
        r"|<ABUSER> (?:\w+ )?(?:hurts|hurt|is hurting|keeps hurting) me",
        "Talks about being hurt or threatened",
        (
            "hit",
            "beat",
            "kick",
            "punch",
            "slap",
            "chok",
            "strangl",
            "rap",
            "abus",
            "assault",
            "threat",
            "molest",
            "batter",
            "bully",
            "bulie",
            "push",
            "shov",
            "threw",
            "thrown",
            "hurt",
            "bruis",
        ),
        ("my husband hits me", "he pushed me down the stairs", "she threatened me again"),
    ),
    _p(
        "threat-to-kill",
        AB,
        "he'll kill me, threatened to hurt me",
        r"(?:going to|gonna|will|would|\w+'ll|\w+'d|threaten(?:s|ed)? to|threatening to|said (?:he|"
        r"she|they)'?d|wants to|tried to|try to) (?:kill|hurt|murder|stab|strangle|batter|beat) (?"
        r":me|"
        r"us)\b",
        "Talks about someone threatening them",
        ("kill", "hurt", "murder", "stab", "strangl", "batter", "beat"),
        ("he threatened to kill me", "she'll hurt me if she finds out"),
    ),
    _p(
        "scared-of",
        AB,
        "scared of him, afraid to go home",
        r"(?:scared|afraid|frightened|terrified|petrified) (?:of (?:my "
        + RELATIVE
        + r"|him|her|them|going home|being at home)|to go (?:back )?home|to be at home"
        r"|(?:of )?what (?:he|she|they)(?:'ll| will| might) do)",
        "Says they are afraid of someone or of going home",
        ("scared", "afraid", "frightened", "terrified", "petrified"),
        ("I'm scared of my partner", "I'm afraid to go home", "terrified of what he'll do"),
    ),
    _p(
        "unsafe-home",
        AB,
        "not safe at home",
        r"not safe (?:at home|in my (?:own )?(?:house|home|flat|room)|with (?:him|her|them|my "
        + RELATIVE
        + r")|around (?:him|her|them|my "
        + RELATIVE
        + r"))"
        r"|(?:don't|do not|doesn't|no longer|never) feel safe (?:at home|in my (?:own )?(?:house|"
        r"home|flat|room)|with (?:him|her|them|my "
        + RELATIVE
        + r")|around (?:him|her|them|my "
        + RELATIVE
        + r"))",
        "Says they are not safe at home or with someone",
        ("safe",),
        ("I don't feel safe at home", "not safe with him"),
        negatable=False,
    ),
    _p(
        "control",
        AB,
        "won't let me leave, takes my money",
        r"(?:won't|wont|doesn't|does not|will not|never) let (?:me|us) (?:leave|go out|out|see (?:"
        r"my )?"
        r"(?:friends|family|mum|mam|dad)|have (?:my )?(?:own )?(?:money|phone|keys)|use (?:my|the) "
        r"phone|speak to|talk to|eat)"
        r"|(?:takes|took|taking|keeps|kept|keeping) (?:all )?(?:of )?my (?:money|benefits|bank car"
        r"d|"
        r"card|pension|wages|phone|passport)|lock(?:s|ed|ing)? me (?:in|up)",
        "Talks about being controlled by someone",
        (
            "let me",
            "let us",
            "money",
            "benefit",
            "card",
            "pension",
            "wage",
            "phone",
            "passport",
            "lock",
        ),
        ("he won't let me see my friends", "she takes all my money"),
        negatable=False,
    ),
    _p(
        "abuse-words",
        AB,
        "domestic abuse, rape, sexual assault",
        r"domestic (?:abuse|violence)|abusive (?:partner|relationship|husband|wife|boyfriend|"
        r"girlfriend|ex|mum|mam|dad|parents?|carer|home|family)|sexual(?:ly)? (?:abus\w*|"
        r"assault\w*)|rap(?:e|ed|es|ist)|(?:groomed|grooming) me|coercive control"
        r"|touch(?:ed|es|ing)? me (?:inappropriately|down there|where|without|when i|at night)"
        r"|(?:forced|makes|made) me (?:to )?(?:have sex|do sexual|do things|touch)"
        r"|forced marriage|fgm",
        "Mentions abuse or assault",
        (
            "domestic",
            "abusive",
            "sexual",
            "rap",
            "groom",
            "coercive",
            "touch",
            "sex",
            "marriage",
            "fgm",
        ),
        ("it's domestic abuse", "I was raped", "he touched me inappropriately"),
    ),
    # --- Acute crisis --------------------------------------------------------------------------
    _p(
        "cant-cope",
        CR,
        "can't cope, can't go on",
        r"can'?t cope(?! with (?!life|anything|everything|it all|any of it|this any ?more|"
        r"the thoughts|the voices)\w)|cannot cope(?! with (?!life|anything|everything|it all)\w)"
        r"|not coping(?! (?:well |very well |great )?with (?!life|anything|everything|it all)\w)|c"
        r"an'?t (?:go|carry|keep going) on(?! (?:holiday|a|the|an|that|this|my|your|"
        r"his|her|their|our|to|with|at|in|for|about|like that|line|tv|the bus)\b)|cannot (?:go|"
        r"carry) on(?! (?:holiday|a|the|an|that|this|my|to|with|at|in|for|about)\b)"
        r"|can'?t keep going(?! (?:to|with|back|out|for|in|at|on (?:holiday|about))\b)"
        r"|can'?t do this <ANYMORE>|can'?t take (?:it|this) <ANYMORE>|can'?t take (?:any|much) "
        r"more|can'?t live like this|can'?t live with (?:this|myself|it) <ANYMORE>",
        "Says they cannot cope or go on",
        ("cope", "coping", "go on", "carry on", "going", "do this", "take", "live"),
        ("I can't cope any more", "I can't go on", "I cant do this anymore"),
        negatable=False,
    ),
    _p(
        "breakdown",
        CR,
        "breaking point, falling apart, losing my mind",
        r"(?:at|reached|hit) (?:my |breaking )?breaking point|(?:having|had|on the verge of|close "
        r"to|heading for) (?:a )?(?:breakdown|nervous breakdown|mental breakdown)"
        r"|(?:i'm|im|i am|everything'?s|everything is|my life'?s|my life is|life is) (?:completely "
        r"|totally )?falling apart|losing my mind|(?:i'm|im|i am|feel like i'm|think i'm|i think "
        r"i'm) (?:really )?going (?:mad|crazy|insane)|end of my tether|end of my rope"
        r"|(?:i'm|im|i am|we're|he's|she's|they're) in (?:a )?crisis|crisis team|mental health "
        r"crisis",
        "Describes a breakdown or crisis",
        ("breaking", "breakdown", "falling apart", "mind", "going", "tether", "rope", "crisis"),
        ("I'm at breaking point", "everything is falling apart", "I need the crisis team"),
    ),
    _p(
        "unsafe",
        CR,
        "I'm not safe, can't keep myself safe",
        r"can'?t keep (?:<SELF>|me|him|her|them|my " + RELATIVE + r") safe"
        r"|(?:not sure|don't know if|dont know if|do not know if) (?:i|i'll|i will) (?:can |be abl"
        r"e to "
        r")?keep (?:<SELF>|me) safe|(?:i'm|im|i am|i feel|feeling|i'm feeling) (?:really |so |very"
        r" )?"
        r"(?:not safe|unsafe)(?! (?:driving|on the roads?|in the car|at work|to drive)\b)",
        "Says they cannot keep themselves safe",
        ("safe",),
        ("I can't keep myself safe", "I'm not safe tonight", "not sure I can keep myself safe"),
        negatable=False,
    ),
    _p(
        "something-stupid",
        CR,
        "going to do something stupid",
        r"(?:going to|gonna|might|will|about to|i'll|scared i'll|afraid i'll|could|want to) do "
        r"something (?:stupid|silly|drastic|daft|bad|i'll regret)",
        "Says they might do something drastic",
        ("something",),
        ("I think I'm going to do something stupid",),
    ),
    _p(
        "voices",
        CR,
        "voices telling me to hurt",
        r"voices? (?:\w+ )?(?:tell|tells|telling|told|say|says|saying|said|want|wants|keep telling)"
        r" (?:that )?(?:me |him |her |them |i |he |she )?(?:should |must |need to |have to |to )?"
        r"(?:kill|hurt|harm|die|jump|end|do it|cut|attack|stab)",
        "Talks about voices telling them to harm",
        ("voice",),
        (
            "the voices are telling me to hurt myself",
            "the voice keeps telling me to jump",
            "the voices say I should die",
        ),
    ),
    _p(
        "emergency",
        CR,
        "in A&E, police called, sectioned",
        r"(?:in|at|to|from) a ?(?:&|and) ?e|(?:police|ambulance|paramedics) (?:came|were called|"
        r"took (?:me|him|her)|have been called|are here)|(?:been |got |was |were |being )sectioned"
        r"|(?:i'm|im|i am|feel like i'm|felt like i was|thought i was) (?:dying|going to die)"
        r"(?! (?:to|for|of (?:laughter|embarrassment|boredom|shame|laughing))\b)"
        r"|(?:haven't|have not|not|hasn't|has not) slept (?:in|for) (?:days|\d+ days|a week|weeks)",
        "Describes an emergency",
        (
            "a&e",
            "a & e",
            "a and e",
            "ae",
            "police",
            "ambulance",
            "paramedic",
            "section",
            "dying",
            "die",
            "slept",
        ),
        ("I'm in A&E", "the police took me to hospital", "I feel like I'm dying"),
        negatable=False,
    ),
)


EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion(
        "kill-self-laughing",
        r"kill(?:s|ed|ing)? <SELF> (?:laughing|with laughter|laughin)",
        "a saying: 'killed myself laughing'",
        ("laugh",),
        ("I nearly killed myself laughing",),
    ),
    Exclusion(
        "overdose-on-treats",
        r"overdos\w* on (?:chocolate|caffeine|coffee|sugar|sweets|cake|netflix|tv|telly|christmas|"
        r"sun|vitamin c|carbs|cheese|biscuits|mince pies)",
        "a saying: 'overdosed on chocolate'",
        ("overdos",),
        ("I overdosed on chocolate at Christmas",),
    ),
    Exclusion(
        "suicide-prevention-event",
        r"suicide prevention (?:charity|course|training|week|day|month|walk|run|book|leaflet|"
        r"campaign|talk|event|awareness)|(?:book|course|charity|walk|training|documentary|talk) "
        r"(?:about|on|for) (?:a )?suicide prevention",
        "about an event or course on suicide prevention",
        ("prevention",),
        ("I'm doing a walk for a suicide prevention charity",),
    ),
    Exclusion(
        "suicide-squad",
        r"suicide squad",
        "the film 'Suicide Squad'",
        ("squad",),
        ("we watched Suicide Squad",),
    ),
    Exclusion(
        "hit-me-realisation",
        r"(?:it|that|this|reality|the news|the grief|it all) (?:just |really |suddenly |finally )?"
        r"hit me(?: (?:that|how|what|when|like|hard))?",
        "a saying: 'it suddenly hit me'",
        ("hit me",),
        ("it suddenly hit me that I'm moving house",),
    ),
    Exclusion(
        "beat-me-at",
        r"beat (?:me|us) (?:at|in) \w+",
        "a game: 'beat me at chess'",
        ("beat",),
        ("my son beat me at chess",),
    ),
)

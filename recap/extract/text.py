"""Text clean-up for speech: fillers, false starts and sound tags out; sentences and clauses.

Transcripts of real talk are full of "um", "I-I'll", "in this- in this" and
"[laughs]". Rules and the scorer read the cleaned words; items quote them.
"""

from __future__ import annotations

import re

_F = re.I

#: Function words: what two sentences share without being about the same thing.
FUNCTION_WORDS = frozenset(
    [
        "i",
        "me",
        "my",
        "the",
        "a",
        "an",
        "to",
        "and",
        "of",
        "it",
        "that",
        "this",
        "in",
        "on",
        "for",
        "with",
        "be",
        "is",
        "do",
        "just",
        "get",
        "some",
        "more",
        "go",
        "you",
        "your",
        "not",
        "at",
        "so",
        "up",
        "them",
        # pronouns and joining words: "ask him that" and "ask him if he wants a coffee" share only "ask"
        "he",
        "she",
        "him",
        "her",
        "his",
        "we",
        "us",
        "our",
        "they",
        "their",
        "if",
        "or",
        "but",
        "as",
    ]
)
_FILLER = re.compile(
    r"(?:,\s*)?(?:^|(?<=[\s,.;!?]))(?:uh+|um+|uhm+|erm+|er|ah+|mm+|hmm+|mhm|mm-hmm|uh-huh)(?=[\s,.;!?]|$)(?:,(?!\S))?",
    _F,
)
_YOU_KNOW = re.compile(r"(?:,\s*)?\b(?:you know what(?=,)|you know|I mean|you see)\b,?", _F)
# "Just to feel like myself again, you know?": a statement with a tag, not a question.
_KNOW_TAG = re.compile(r",\s*you know\?", _F)
# After "do", "if", "can" ... the words are the question itself: "where do you see yourself".
_ASKING_BEFORE = re.compile(r"\b(?:do|did|don't|if|can|could|would|what)\s*$", _F)
_LIKE = re.compile(r"(?:,\s*)?\b(?:like|kind of|sort of|kinda|sorta),|,\s*say,", _F)  # "did, say, a four-hour sleep"
# "I-I'll", "wh-what", "that-that", "I'm-I'm": a cut-off start repeated in full.
_STUTTER = re.compile(r"\b([\w']{1,10})-(?=\1)", _F)
# "in this- in this", "the- the": a phrase restarted after a dash.
_RESTART = re.compile(r"\b((?:[\w']+\s+){0,3}[\w']+)-+\s+(?=\1\b)", _F)
# "I'd l- I'd like": words plus a cut-off word, then the same words again.
_PARTIAL = re.compile(r"\b((?:[\w']+\s+){1,3})[\w']{1,4}-+\s+(?=\1)", _F)
# "Don't wanna- -end up": one clause cut by the other person's interjection, rejoined.
_CUT_JOIN = re.compile(r"(?<=\w)-+\s+-+(?=\w)")
# "what else would, um, would help": the same word said twice once fillers are gone.
_DOUBLED = re.compile(r"\b(?!(?:had|that|very|so|really|no|yes|bye|ha)\b)([a-z']+)(?:,?\s+\1\b)+", _F)
# "I think I think I'd like to": a two-word start said twice.
_DOUBLED_PAIR = re.compile(r"\b([a-z']+\s+[a-z']+)(?:,?\s+\1\b)+", _F)
_NOISE = re.compile(r"\[[^\]]*\]|\([^)]*\)|<[^>]*>|♪")
_PAUSE = re.compile(r"(?<=\w)\s*(?:\.{3,}|…)\s*(?=[a-z])")
_DASH_BREAK = re.compile(r"\s*(?:--+|—|–)\s*")
_EDGE_DASH = re.compile(r"^\s*-+\s*|\s*-+\s*$")
_SPACES = re.compile(r"\s+")
# Not after a title or a short form: "call Dr. Nguyen", "Mrs. Patel", "St. Mary's", "vs. last year".
_SENT_SPLIT = re.compile(
    r"(?<!\b(?:Dr|Mr|Ms|St|Jr|Sr|vs|Mt)\.)(?<!\b(?:Mrs|Sgt|Col|Ave)\.)(?<!\bProf\.)(?<=[.?!])\s+(?=\S)|"
    r"(?<=[.?!][\"”])\s+(?=[A-Z\"“])|"  # after a quotation that ends a sentence: 'say "try." I will ...'
    r"\s*\|\s*"
)


# A new clause after the aside: "accountable, you know, he texts me" keeps its comma.
_CLAUSE_NEXT = re.compile(
    r"\s*(?:i|i'm|i'll|i've|i'd|he|she|they|we|it|it's|that's|there's|he's|she's|they're|we're)\b", _F
)


_JOINED_BEFORE = re.compile(r"\b(?:and|but|or|so|because|cause|then)\s*$", _F)


def _aside(m: re.Match[str]) -> str:
    """What an aside between commas leaves: a comma before a new clause, else a space."""
    text = m.group(0)
    if (
        text.lstrip().startswith(",")
        and text.endswith(",")
        and _CLAUSE_NEXT.match(m.string, m.end())
        and not _JOINED_BEFORE.search(m.string, 0, m.start())
    ):
        return ", "
    return " "


def _drop_you_know(m: re.Match[str]) -> str:
    return m.group(0) if _ASKING_BEFORE.search(m.string[max(0, m.start() - 7) : m.start()]) else _aside(m)


def clean(text: str) -> str:
    """Remove fillers, false starts and sound tags; keep the words.

    >>> clean("Um, I-I'll, uh, call her- call her tomorrow [laughs]")
    "I'll call her tomorrow"
    """
    t = _NOISE.sub(" ", text)
    t = t.replace("’", "'").replace("‘", "'")
    t = _CUT_JOIN.sub(" ", t)
    t = _STUTTER.sub("", t)
    t = _RESTART.sub("", t)
    t = _PARTIAL.sub("", t)
    t = _FILLER.sub(_aside, t)
    t = _KNOW_TAG.sub(".", t)
    t = _YOU_KNOW.sub(_drop_you_know, t)
    t = _LIKE.sub(" ", t)
    t = _SPACES.sub(" ", t).strip()
    t = _DOUBLED.sub(r"\1", t)
    t = _DOUBLED_PAIR.sub(r"\1", t)
    t = re.sub(r"\s+([,.;!?])", r"\1", t)
    t = re.sub(r"([,;])\s*([,.;!?])", r"\2", t)
    t = re.sub(r"^[,.;\s]+", "", t)
    # a filler removed after a function word leaves a stray comma: "I'd like to, go back"
    t = re.sub(r"\b(to|the|a|an|and|of|my|I'll|I'm|I'd|I)\s*,\s+(?=\w)", r"\1 ", t)
    return t


# A dash after "the plan is" or a colon introduces what follows, it breaks nothing off: "so the plan is —
# test before breakfast" (but "Because I was —" after a pronoun is a thought cut off).
_INTRODUCES = re.compile(
    r"(?:(?<!\bi)(?<!\bit)(?<!\bhe)(?<!\bshe)(?<!\bwe)(?<!\byou)(?<!\bthey)(?<!\bthat)(?<!\bthis)(?<!\bthere)"
    r"(?<!\bwhat)(?<!\bwho)\s+(?:is|was|are|were|being)|:)\s*$",
    _F,
)


def _dash(m: re.Match[str]) -> str:
    return " " if _INTRODUCES.search(m.string, 0, m.start()) else " | "


def sentences(cleaned: str) -> list[str]:
    """Split cleaned speech into sentences; dashes that break off a thought split too."""
    t = _DASH_BREAK.sub(_dash, cleaned)
    t = _PAUSE.sub(" ", t)  # "It's... having someone to tell": a pause inside the sentence
    out = []
    for s in _SENT_SPLIT.split(t):
        s = _EDGE_DASH.sub("", s).strip(" ,;")
        if s:
            out.append(s)
    return out


# A second first-person future clause joined to the first: ", and I'll ...", "and then I'm going
# to ...", "also I will ...". Each clause is its own action with its own deadline and measure.
_COORD_FUTURE = re.compile(
    r"(?:[,;]\s*(?:(?:and|plus)\s+)?(?:(?:then|also|after that|afterwards)[\s,]+)?|"
    r"\s+(?:and|plus)\s+(?:(?:then|also|after that|afterwards)[\s,]+)?|\s+(?:then|also)[\s,]+)"
    r"(?=i(?:\s+(?:also|then|just|really|definitely|still|now|will also))?\s*(?:'ll|will|shall|"
    r"'m (?:also )?(?:going to|gonna)|am (?:also )?(?:going to|gonna)|'m planning to|am planning to|"
    r"plan to|intend to)\b)",
    _F,
)
# A frame that governs what follows it: splitting would turn "if ..., I'll" into a promise, or
# 'I said, "Fine, I'll go"' into the speaker's own plan.
_GOVERNING_FRAME = re.compile(
    r"\b(?:if|unless|in case|whether|not sure|don'?t know|wonder|suppose|what|when(?:ever)?|"
    r"said|say|says|told|tell|tells|thought|asked|goes|was like|is like)\b|[\"“]",
    _F,
)


def clauses(sentence: str) -> list[str]:
    """Split coordinated first-person future clauses into one clause each.

    "I'll call him tomorrow, and I'm going to walk every day" -> two clauses; a
    single action cut over two cues, or a clause under "if"/"when", stays whole.
    """
    out: list[str] = []
    rest = sentence
    while True:
        m = next((m for m in _COORD_FUTURE.finditer(rest) if len(rest[: m.start()].split()) >= 2), None)
        if m is None or _GOVERNING_FRAME.search(rest[: m.start()]):
            break
        out.append(rest[: m.start()].strip(" ,;"))
        rest = rest[m.end() :]
    out.append(rest.strip(" ,;") if out else rest)
    return [piece for c in out if c for piece in _run_on(c)]


#: Words from which a sentence is a run-on of clauses, as long turns are said ("... and I've thought about
#: blocking him before, but, okay, I'm deleting him tonight").
RUN_ON_WORDS = 30
# A clause of one's own after a comma: ", but, okay, I'm deleting him tonight", ", so I'll ...".
_OWN_CLAUSE = re.compile(
    r"[,;]\s*(?:(?:but|so|and|and so|then|and then)\b[\s,]*)?(?:(?:okay|ok|yeah|yes|so|right|well|actually|honestly|"
    r"anyway|look)\b[\s,]*)*"
    # (its time first: ", but from Monday I'm getting the bus")
    r"(?=(?:(?:from|starting|this|next|tomorrow|tonight)\b(?:\s+\w+){0,2}\s+)?"
    r"i(?:'m| am|'ll| will|'ve decided| have decided|'d (?:really |just )?(?:love|like)| (?:really )?want| wanna)\s)",
    _F,
)


def _run_on(sentence: str) -> list[str]:
    """A long run-on sentence cut before each clause of the speaker's own that follows a comma, unless the
    words just before it govern it ("if he calls, I'm going")."""
    if len(sentence.split()) < RUN_ON_WORDS:
        return [sentence]
    out: list[str] = []
    start = 0
    for m in _OWN_CLAUSE.finditer(sentence):
        before = sentence[start : m.start()]
        parts = re.split(r"[,;]", before)
        # (past a name or a filler: "and she said, Dad, I want you there")
        local = ",".join(parts[-2:]) if len(parts) > 1 and len(parts[-1].split()) <= 2 else parts[-1]
        if len(before.split()) < 4 or _GOVERNING_FRAME.search(local):
            continue
        out.append(before.strip(" ,;"))
        start = m.end()
    out.append(sentence[start:].strip(" ,;"))
    return [c for c in out if c]


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Lower-case words, contractions kept whole ("i'll", "don't")."""
    return _WORD.findall(text.lower().replace("’", "'"))


def sentence_case(text: str) -> str:
    """ "call the pharmacy" -> "Call the pharmacy"; a lone "i" becomes "I"."""
    t = re.sub(r"\bi\b", "I", text.strip())
    return t[:1].upper() + t[1:] if t else t

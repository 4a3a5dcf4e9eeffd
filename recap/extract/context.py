"""The conversation around a sentence: turns, the question a turn answers, what came next.

Coaching calls are built around the coach's questions. "What do you want from
today?" is answered with a goal, "What will you do?" with a commitment, "What
stood out?" with an insight, and a proposal is answered with a yes or a no. So
every turn knows the question or proposal it answers (:class:`Asked`), and every
sentence knows its turn, the other person's turns before and after, and the
cues it was spoken over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from recap.domain import Segment
from recap.extract import lexicon as lx
from recap.extract.text import clauses, clean, sentences, words

_F = re.I
_TERMINAL = re.compile(r"[.?!]['\")\]]*\s*$")
_CUT = re.compile(r"(?:-|—|–|\.\.\.|…)\s*$")
_CONTINUES = re.compile(r"^\s*(?:-|—|–|\.\.\.|…|[a-z])")

#: A turn of at most this many words made only of agreement and filler is a backchannel.
BACKCHANNEL_WORDS = 4
_BACKCHANNEL = re.compile(
    r"^(?:\W*(?:mm+|hmm+|mhm|mm-hmm|uh-huh|uh|um|yeah|yes|yep|yup|right|okay|ok|sure|wow|oh|ah|"
    r"really|exactly|totally|absolutely|true|i see|got it|gotcha|cool|great|good|nice|alright|"
    r"all right|of course|definitely|indeed|huh|no|nope|laughs|chuckles)\W*)+$",
    _F,
)


#: An afterthought is a phrase of at most this many words.
AFTERTHOUGHT_WORDS = 12
# A subject or a finite verb: the sentence is a clause of its own, not a phrase finishing the one before.
_CLAUSE = re.compile(
    r"\b(?:i|i'm|i'll|i've|i'd|me|you|you're|you'll|we|we're|we'll|us|he|he's|she|she's|they|they're|it|it's|"
    r"that's|there's|this is|that is|let's|is|are|was|were|am|be|been|do|does|did|done|have|has|had|will|would|"
    r"can|could|should|must|might|shall)\b",  # not "may": "By May."
    _F,
)


def has_clause(text: str) -> bool:
    """Whether ``text`` has a subject or a finite verb: "By Friday." has none, "I saw him Friday." has."""
    return _CLAUSE.search(text) is not None


# A wish or thanks is a new thought: "I'll send the invite. Good luck tonight with the call."
_SIGN_OFF = re.compile(r"^\W*(?:good luck|best of luck|thanks|thank you|cheers|bye|see you|enjoy|well done)\b", _F)


def _phrase_only(s: Sentence) -> bool:
    """A few words with no clause of their own, no question, no wish: a phrase that goes with the sentence
    beside it ("By Friday.", "Tomorrow morning, first thing.")."""
    return not (s.is_question or len(s.words) > AFTERTHOUGHT_WORDS or has_clause(s.text) or _SIGN_OFF.match(s.text))


@dataclass(frozen=True)
class Asked:
    """The question or proposal a turn answers."""

    kind: str  # goal | action | options | takeaway | schedule | ruler | fact | reason | proposal | feeling | yes_no | open
    text: str  # the other person's words that asked it (cleaned)
    role: str | None  # who asked


@dataclass
class Sentence:
    """One sentence (or coordinated clause) of a turn, with the cues it was spoken over."""

    text: str
    segments: list[Segment]
    index: int  # position in its turn
    part: int = 0  # clause number within a sentence of coordinated actions
    lead_clause: str = ""  # the earlier clauses of the same sentence

    @property
    def is_question(self) -> bool:
        """Ends in a question mark and is not the speaker's own plan said with a rising voice ("And I'd
        like them all done by the 14th?")."""
        return self.text.rstrip().endswith("?") and not _RISING_PLAN.match(self.text)

    @property
    def words(self) -> list[str]:
        return words(self.text)


# The speaker's own plan or wish, which a transcript may end with "?" for the voice rising.
_RISING_PLAN = re.compile(
    lx.lead("and|so|but|um|uh|well|yeah|okay|ok|like|then|maybe|i think") + r"i(?:'ll| will|'d like| would like|"
    r"'d love| would love|'ve been| have been|'m going to|'m gonna| am going to| want to| wanna)\b",
    _F,
)


@dataclass
class Turn:
    """One speaker's speech until the other speaks (a short "mm-hmm" does not end it)."""

    index: int
    role: str | None  # "coach" | "client" | None when speakers are unknown
    speaker: str | None
    segments: list[Segment] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    backchannel: bool = False
    asked: Asked | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def start(self) -> float:
        return self.segments[0].start

    def voice(self) -> tuple[str | None, str | None]:
        return (self.speaker, self.role)


@dataclass
class Context:
    """One sentence and the conversation around it: what rules and the scorer look at."""

    sentence: Sentence
    turn: Turn
    turns: list[Turn]
    duration: float  # of the conversation, seconds

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def role(self) -> str | None:
        return self.turn.role

    @property
    def asked(self) -> Asked | None:
        return self.turn.asked

    @property
    def prev(self) -> Turn | None:
        """The other person's last turn before this one that was more than a backchannel."""
        for t in reversed(self.turns[: self.turn.index]):
            if t.voice() != self.turn.voice() and not t.backchannel and t.text:
                return t
        return None

    @property
    def next(self) -> Turn | None:
        """The other person's next turn (a backchannel included: "Great!" after a promise)."""
        for t in self.turns[self.turn.index + 1 :]:
            if t.voice() != self.turn.voice() and t.text:
                return t
        return None

    @property
    def later(self) -> list[Sentence]:
        """The rest of this turn after the sentence (withdrawals live there)."""
        return self.turn.sentences[self.sentence.index + 1 :]

    @property
    def earlier(self) -> list[Sentence]:
        return self.turn.sentences[: self.sentence.index]

    @property
    def forethought(self) -> Sentence | None:
        """The turn's sentence just before this one when it only says when, a phrase with no clause of its
        own: "Tomorrow morning, first thing. Call the bank."."""
        earlier = self.earlier
        if not earlier or self.sentence.part:
            return None
        s = earlier[-1]
        if not _phrase_only(s):
            return None
        # It opens the turn: after "I'll put it in. Tuesday the 24th." the time finishes what came before.
        if not all(agreement(x.text) or is_backchannel(x.text) for x in earlier[:-1]):
            return None
        return s

    @property
    def afterthought(self) -> Sentence | None:
        """The turn's next sentence when it only finishes this one, a phrase with no clause of its own:
        "I'll send it to Mark. By Friday.", "I'll go to the gym. Three times a week, before work."."""
        later = self.later
        if not later or later[0].part or self.sentence.is_question:
            return None
        return later[0] if _phrase_only(later[0]) else None

    @property
    def position(self) -> float:
        """How far into the conversation the sentence was said, 0 to 1."""
        return min(1.0, self.sentence.segments[0].start / self.duration) if self.duration else 0.0


# --- what a question asks ----------------------------------------------------------

_Q = r"[^.?!]*"
_ASKS = [
    # A want in the past is a question of what happened: "And what did you want to say?"
    (
        "fact",
        re.compile(
            r"\b(?:did you|you) want(?:ed)? to (?:say|tell|ask|reply|answer|shout|do then|do there)\b|"
            # what was wanted once: "What did you want to be when you were little?"
            r"\bdid you (?:use to |used to )?want to be\b",
            _F,
        ),
    ),
    (
        "ruler",
        re.compile(
            r"\b(?:(?:on )?a scale|scale of|from (?:zero|one|0|1) to|out of (?:ten|10)|(?:what|which) number|"
            r"how (?:important|confident|ready|motivated|sure|likely|committed)|rate)\b",
            _F,
        ),
    ),
    # A decision asked for is an action asked for: "So is that a decision?", "What have you decided?"
    (
        "action",
        re.compile(
            r"\b(?:is (?:that|this) a decision|have you decided|what have you decided|are you deciding|"
            r"what(?:'s| is) (?:your|the) decision|are you going for it|you're going for it)\b",
            _F,
        ),
    ),
    (
        "fact",
        re.compile(
            r"^(?:so |and |okay,? |well,? )?(?:how (?:long|often|much|many|old|far)|since when|when (?:did|was|were|do you usually)|"
            r"what (?:time|happened|kind|sort|type|day|year)|where (?:do|did|are|were|is)(?! you (?:(?:want|wanna|hope|'d like|would like) to be|see yourself|picture yourself))|"
            r"who (?:is|was|do|did)|"
            r"is (?:it|that|he|she)|was (?:it|that|he|she)|are (?:they|there)|did (?:you|he|she|they))\b",
            _F,
        ),
    ),
    (
        "reason",
        re.compile(
            # ("Why don't you call her this weekend?" proposes, it asks no reason)
            r"\b(?:why(?! don'?t (?:you|we)\b| not\b)|what makes you|what made you|what's behind|what is behind|what gets in the way|what stops you|"
            r"what's (?:that|it) about|what (?:does|did) (?:that|it) do for you|what do you (?:get|like) (?:out of|about))\b",
            _F,
        ),
    ),
    # How something felt is asked before what it taught: "How did that land with you?" is answered
    # "Badly", not with a realization.
    (
        "feeling",
        re.compile(
            r"\bhow (?:does|do|did|has|is|was) (?:that|this|it|all of that) (?:sound|feel|felt|fit|land|landed|sit|sat|"
            r"been)\b|\bwhat(?:'s| is| was) (?:that|it) like\b",
            _F,
        ),
    ),
    (
        "takeaway",
        re.compile(
            r"\b(?:st(?:an|oo)d(?:s)? out|take away|taking away|takeaways?|(?:walk|walking) (?:away|out) with|"
            r"(?:leave|leaving) (?:here |today )?with|(?:hold|holding|hang|hanging) on ?to|"
            r"(?:take|taking) (?:from|with you from|home from) (?:today|this|our|the session)|"
            r"(?:most|really) (?:useful|helpful|valuable) (?:today|about today|from today|in this)|"
            r"learn(?:ed|t)?|notic(?:e|ed|ing)|realiz|realis|strikes you|struck you|"
            r"clearer|insight|aha|light ?bulb|what comes up|what(?:'s| is) (?:different|changed|new) for you|"
            r"what (?:did|do) you (?:get|discover|find)|what are you thinking now|"
            r"what does (?:that|this) (?:mean|say) (?:to|about) you|"
            r"how do you see (?:it|that|this) now)\b",
            _F,
        ),
    ),
    (
        "action",
        re.compile(
            r"\b(?:what|which|how|when)\b"
            + _Q
            + r"\b(?:will you|are you going to|are you gonna|can you|could you|might you|"
            r"would you be willing|are you willing|willing to|do you plan|your plan|first step|next step|one thing|small step|"
            r"do differently|going to do|gonna do|need to do|could do|can do|would do|might do|want to do|wanna do|like to do|"
            r"would help|make it easier|help you|steps?|start(?:ing)? with|commit(?:ting|ted)?|take on|try|be doing|do about it|"
            r"(?:very )?first thing|"
            r"do between now|do this week|do before)\b",
            _F,
        ),
    ),
    (
        "action",
        re.compile(
            # who takes it on: "And who owns telling the team?"
            rf"^(?:so |and |okay,? |well,? )?{lx.WHO_TAKES}\b|"
            r"^(?:so |and |okay,? |well,? )?(?:would|will|could|can|are|do|might) you (?:be willing|like to|want to|be able to|"
            r"try|agree|commit|consider|be open|think you could|think you can|feel (?:able|ready)|be up for|"
            r"going to|gonna|start|do that|do it|give it)\b",
            _F,
        ),
    ),
    (
        "schedule",
        re.compile(
            r"\b(?:meet (?:again|up|next)|see you (?:again|next|in)|come (?:back|in) (?:again|next|in)|next (?:session|appointment|"
            r"visit|meeting|call|time we meet)|follow[- ]?up|check in (?:again|next|with you)|same time|book (?:a|the|another)|"
            r"schedule|set up (?:a|an|another) (?:time|appointment|session|call)|get together again|"
            # "Let's get the next one on the books", "Could we do next Thursday instead?"
            r"next one (?:on the books|in the (?:diary|calendar))|"
            rf"(?:could|can|shall|should) we (?:do|make it|say) (?:the )?(?:next |this |on )?(?:{lx.DAY}|week after|"
            r"same (?:time|day)|next one|one after))\b",
            _F,
        ),
    ),
    (
        "goal",
        re.compile(
            r"\b(?:what|where|how|which|why)\b"
            + _Q
            # what the listener wants, not a third person ("how would you know whether he'd want that?")
            # (not what someone should be told: "would you want him to know?")
            # (nor what sets off a want: "what makes you want to vape?")
            + r"\b(?:(?<!make )(?<!makes )(?<!made )you(?:'d| would| really| still| do)?\s+(?:want|wanna|hope|hoping|wish)"
            r"(?!\s+\w+\s+to\s+(?:know|hear|find out)\b)|"
            r"would like|'d like|"
            r"goals?|aim|aiming|targets?|shooting for|dreams?|"
            r"achieve|get out of|be different|ideal|vision|see yourself|best case|success|better|"
            # how one would like things to be ("... your life to look like"), not how they look now
            r"you(?:'d)? like\b[^.?!]{0,30}\bto look like|"
            r"important (?:to|for) you|matters? (?:to|most)|care about|(?:would|'d|to|could|you) change)\b",
            _F,
        ),
    ),
    # A picture of the future asked for: "If you imagine a month from now, and this is going better,
    # what would you see?", "Picture yourself a year from now."
    (
        "goal",
        re.compile(
            r"(?:^|\b(?:if you|just|let'?s|so,?|and,?)\s+)imagine\b|\b(?:picture (?:yourself|it|this|that|your|things)|"
            r"when you picture|(?:a|one|two|three|four|six|twelve|\d+) "
            r"(?:weeks?|months?|years?) (?:from now|down the (?:line|road|track))|what would you (?:see|notice)|"
            r"if you woke up|miracle)\b",
            _F,
        ),
    ),
    (
        "options",
        re.compile(
            r"\b(?:what|which|how)\b" + _Q + r"\b(?:options|ideas|ways|could you|might work|would work|possibilities|"
            r"else could|other things|choices|alternatives)\b",
            _F,
        ),
    ),
    ("feeling", re.compile(r"\b(?:how (?:do|did|does|are|were) you feel|what do you think|how's that|thoughts)\b", _F)),
]
_PROPOSAL = re.compile(
    r"\b(?:how about|what about (?:you|trying|if|(?:just )?\w+ing)|what if you|why don'?t you|why not|you (?:could|might|may want to|should|"
    r"need to|can|could maybe|might want to|ought to)|maybe you(?:'d| could| can| should)?|i(?:'d| would)? (?:recommend|suggest|"
    r"advise|encourage)|my (?:suggestion|recommendation|advice)|it (?:might|may|could|would) (?:help|be (?:good|worth|useful))|"
    r"one thing you (?:could|might|can)|(?:would|could|can) you try|"
    # A request for after the call: "Can you ask her this weekend?" (not "Can you tell me more?").
    rf"(?:can|could|will) you (?:maybe |perhaps |also |just )?(?!{lx.IN_SESSION}\b)(?={lx.ACTION_VERB}\b)|"
    r"try (?:to |and )?\w+ing|let'?s|we (?:could|can|should)|(?:could|can) we (?!talk|discuss|go back|look at)|"
    r"i(?: want| need|'d like| would like) you to|i'?d love (?:for )?you to|have you (?:thought about|considered|tried)|"
    r"would (?:it|that) be (?:ok|okay|all right|alright)|is it (?:ok|okay|all right|alright) if|"
    r"should we|shall we|do you want to|would you like to|the plan (?:is|would be|will be)|"
    # A plan put back to the listener: "So you're gonna quit", "just tell your friends".
    rf"you(?:'re| are) (?:going to|gonna) (?:\w+ )?(?={lx.ACTION_VERB}\b)|you(?:'ll| will) (?:\w+ )?(?={lx.ACTION_VERB}\b)|"
    # ... or in the present: "So the twelfth becomes the review, and you submit after that?"
    rf"(?:so|and|then),? you (?={lx.ACTION_VERB}\b)(?=[^.!?]*\?)|"
    rf"{lx.JUST_IMPERATIVE})\b",
    _F,
)


# A task asked for by a day, not a day offered: "Could you send him the draft by Friday?" ("Can you do
# Thursday?" offers one).
_REQUEST = re.compile(
    rf"\b(?:can|could|will|would) you (?:maybe |perhaps |also |just )?(?!(?:do|make|meet|see)\b)(?={lx.ACTION_VERB}\b)",
    _F,
)


# A short question that offers a day or a time: "Thursday the 14th, ten o'clock?", "Same time next week?"
_OFFERS_TIME = re.compile(
    rf"\b(?:{lx.DAY}|{lx.ORDINAL_DAY}|\d{{1,2}}(?::\d\d)?\s*(?:am|pm|o'?clock)|"
    rf"{lx.SMALL_NUMBER}\s+o'?clock|same time|next week|in a fortnight|"
    r"(?:in )?(?:a|one|two|three|four|six|\d+) (?:weeks?|months?)(?: from (?:now|today))?|"
    rf"{lx.MONTH}\s+\d{{1,2}})\b",
    _F,
)


# Days of a routine, not a day to meet: "Monday and Thursday, after bedtime?", "Twice a week?"
_ROUTINE_DAYS = re.compile(
    rf"\b(?:{lx.DAY}s? (?:and|or|&) {lx.DAY}s?|(?:once|twice|\w+ times) (?:a|per|each) (?:day|week|month)|every|each|"
    rf"{lx.DAY}s\b|(?:after|before) (?:bedtime|dinner|breakfast|lunch|work|school)|mornings|evenings|nights)\b",
    _F,
)

# When to act, not when to meet: "Should I start on Monday?", "Do it Friday?"
_WHEN_TO_ACT = re.compile(r"\b(?:start|begin|stop|quit|try|finish|send|post|do (?:it|that|this))\b", _F)


# A plan put back to the listener, with its day: "So for next week, you'll call the clinic on Monday?" (a day to
# act, not to meet)
_PLAN_PUT_BACK = re.compile(
    rf"\byou(?:'ll| will|'re going to|'re gonna| are going to)\s+(?:\w+\s+)?(?!(?:come|see|meet|be)\b)(?:{lx.ACTION_VERB})\b",
    _F,
)


def question_kind(text: str) -> str | None:
    """What a question (or the end of a turn) asks for, or None when it asks nothing."""
    t = text.strip()
    for kind, pattern in _ASKS:
        if pattern.search(t):
            return kind
    if (
        t.endswith("?")
        and len(t.split()) <= 10
        and _OFFERS_TIME.search(t)
        and not _ROUTINE_DAYS.search(t)
        and not _WHEN_TO_ACT.search(t)
        and not re.match(r"^\W*(?:what|why|how (?:did|was|were)|when did|did|was|were)\b", t, _F)
        and not _REQUEST.search(t)
        and not _PLAN_PUT_BACK.search(t)
    ):
        return "schedule"
    if t.endswith("?"):
        return (
            "yes_no"
            if re.match(r"^\W*(?:do|does|did|are|is|was|were|would|will|can|could|have|has|should)\b", t, _F)
            else "open"
        )
    return None


# A statement that asks: "Tell me what stood out.", "I'm curious what you'll do first." (not "That's a
# brave thing to notice.").
_REQUEST_FRAME = re.compile(
    lx.lead("so|and|okay|ok|well|now|then|just")
    + r"(?:tell me|say (?:more|a bit)|share|talk (?:me )?(?:through|about)|"
    r"walk me|i'?m (?:curious|wondering)|i wonder|i'?d (?:love|like) to (?:hear|know)|let'?s (?:hear|talk|think)|describe|"
    r"think about|name|give me|have a think|what|which|how|where|when)\b",
    _F,
)


# "What do you make of that?" asks what the client sees in something: after a pattern of theirs is named
# or they surprise the coach, a finding; after a fact given (a drinking guideline, a test result), a
# reaction to it, which is not one.
_REACTION = re.compile(r"\bwhat (?:do|did) you (?:make of|think (?:about|of)) (?:that|this|it|all)\b", _F)
_NOTICED = re.compile(
    r"\byou(?:'ve| have)? (?:(?:just |already )?(?:said|mentioned|noticed|told me|described|called it)|keep|always|never)\b|"
    r"^\W*(?:huh|wow|interesting|hm+)\b|^\W*that'?s (?:a )?(?:really )?(?:big|huge|interesting|important|powerful|new)(?: one| thing)?\W*$",
    _F,
)


def asked_by(turn: Turn) -> Asked | None:
    """The question or proposal a turn puts to the other person (its last ones count most)."""
    if not turn.sentences:
        return None
    tail = turn.sentences[-3:]
    vague: Asked | None = None
    for s in reversed(tail):
        if s.is_question:
            kind = question_kind(s.text)
            if kind in ("yes_no", "open") and _PROPOSAL.search(s.text):
                kind = "proposal"  # "How about you keep a diary?"
            if (
                kind in ("open", "feeling")
                and _REACTION.search(s.text)
                and any(_NOTICED.search(o.text) for o in turn.sentences)
            ):
                kind = "takeaway"  # "You've said it always starts with the same people. What do you make of that?"
            if kind in ("yes_no", "open") and s.index > 0:
                # "Could we keep a morning walk? Even fifteen minutes?": the question before says what
                vague = vague or Asked(kind, s.text, turn.role)
                continue
            if kind:
                return Asked(kind, s.text, turn.role)
    # A proposal, then what it would involve: "I'd love you to talk to some people doing the job.
    # Informational interviews, basically. Twenty minutes, a coffee. Ideally a couple who've switched."
    for s in reversed(turn.sentences[-5:]):
        if _PROPOSAL.search(s.text) and not (s.is_question and s not in tail):
            return Asked("proposal", s.text, turn.role)
    if vague:
        return vague
    for s in reversed(tail):
        kind = question_kind(s.text)
        if kind in ("takeaway", "goal", "action") and _REQUEST_FRAME.match(s.text):
            return Asked(kind, s.text, turn.role)
    return None


# --- building the turns ----------------------------------------------------------------


def _same_voice(a: Segment, b: Segment) -> bool:
    return (a.speaker, a.role) == (b.speaker, b.role)


def is_backchannel(text: str) -> bool:
    """ "Mm-hmm.", "Yeah, right.": agreement or filler only, a few words."""
    t = text.strip()
    return len(t.split()) <= BACKCHANNEL_WORDS and bool(_BACKCHANNEL.match(t))


def _unknown(seg: Segment) -> bool:
    return seg.speaker is None and seg.role is None


def _answers_unknown(prev: Segment, seg: Segment) -> bool:
    """With nobody's voice known (one track), a line after a question is taken as the answer: a new turn."""
    return _unknown(seg) and _unknown(prev) and prev.text.rstrip().endswith("?")


def group_turns(segments: list[Segment]) -> list[list[Segment]]:
    """Cues in turns: consecutive cues of one voice are one turn; a cut-off turn resumed after
    the other person's short interjection ("It's helped-" / "Yeah?" / "-heaps.") is one turn."""
    groups: list[list[Segment]] = []
    for seg in segments:
        if groups and _same_voice(groups[-1][-1], seg) and not _answers_unknown(groups[-1][-1], seg):
            groups[-1].append(seg)
            continue
        if len(groups) >= 2:
            mid, before = groups[-1], groups[-2]
            if (
                _same_voice(before[-1], seg)
                and len(mid) == 1
                and is_backchannel(mid[0].text)
                and (_CUT.search(before[-1].text) or not _TERMINAL.search(before[-1].text))
                and _CONTINUES.match(seg.text)
            ):
                before.append(seg)
                continue
        groups.append([seg])
    return groups


# A cue that opens with an aside the clean-up drops: "like, hungover on my first day off".
_ASIDE_START = re.compile(r"^\W*(?:like|um+|uh+|er|erm|you know|i mean|kind of|sort of)\s*,", _F)


def split_sentences(segments: list[Segment]) -> list[Sentence]:
    """Sentences of a turn's cues, each with the cues it spans."""
    joined = ""
    bounds: list[tuple[int, Segment]] = []
    for seg in segments:
        text = clean(seg.text)
        if not text:
            continue
        if joined and joined.endswith(",") and _ASIDE_START.match(seg.text):
            joined = joined[:-1]  # "like I'm," + "like, hungover": the aside went, and its comma with it
        if joined:
            joined += " "
        bounds.append((len(joined), seg))
        joined += text
    if not joined:
        return []
    out: list[Sentence] = []
    pos = 0
    for whole in sentences(joined):
        parts = clauses(whole)
        for part, sent in enumerate(parts):
            at = joined.find(sent[: min(len(sent), 25)], pos)
            at = pos if at < 0 else at
            stop = at + len(sent)
            pos = max(pos, at + 1)
            spanned = [
                seg
                for k, (off, seg) in enumerate(bounds)
                if off < stop and (k + 1 == len(bounds) or bounds[k + 1][0] > at)
            ]
            out.append(Sentence(sent, spanned or [bounds[-1][1]], len(out), part, " ".join(parts[:part])))
    return out


def build_turns(segments: list[Segment]) -> list[Turn]:
    """The conversation as turns, each with its sentences and the question it answers."""
    turns: list[Turn] = []
    for group in group_turns(sorted(segments, key=lambda s: (s.start, s.end))):
        turn = Turn(len(turns), group[0].role, group[0].speaker, group, split_sentences(group))
        turn.backchannel = is_backchannel(" ".join(s.text for s in group))
        turns.append(turn)
    carried: set[int] = set()
    for turn in turns:
        for prev in reversed(turns[: turn.index]):
            if prev.backchannel or _broken_off(prev):
                continue  # "Okay." / "And then-": nothing put to anyone
            if prev.voice() == turn.voice() and not (
                turn.segments and _answers_unknown(prev.segments[-1], turn.segments[0])
            ):
                # The same person spoke last: nothing new was asked. An answer the other person only
                # nodded along to ("I'd be leaving at six." "Okay." "I'd have done the hiring plan.")
                # goes on answering, once: a long story told over many "mm-hmm"s answers nothing.
                if prev.asked is not None and prev.index not in carried and _nodded_between(turns, prev, turn):
                    turn.asked = prev.asked
                    carried.add(turn.index)
                break
            turn.asked = asked_by(prev)
            break
    return turns


def _nodded_between(turns: list[Turn], prev: Turn, turn: Turn) -> bool:
    """Only the other person's backchannels came between two turns of one voice."""
    between = turns[prev.index + 1 : turn.index]
    return bool(between) and all(t.backchannel and t.voice() != turn.voice() for t in between)


def _broken_off(turn: Turn) -> bool:
    """A start of a turn cut off after a word or two: "And then-", "So, um..."."""
    text = " ".join(s.text for s in turn.segments)
    return len(text.split()) <= 3 and bool(_CUT.search(text))


def contexts(turns: list[Turn], duration: float) -> list[Context]:
    return [Context(s, t, turns, duration) for t in turns for s in t.sentences]


def agreement(text: str) -> bool:
    """The whole sentence is an agreement: "Okay, I'll try that.", "Yeah, sure."."""
    t = re.sub(r"[^\w\s']", " ", text.lower()).strip()
    return bool(t) and bool(
        re.fullmatch(
            rf"(?:\s*(?:{lx.AGREE}|so|well|and|then|um|uh|i mean|i think|"
            rf"that|this|it|too|then|now|definitely|really|for me|with me|by me|to me|"
            rf"that works|works|totally|great|good|perfect)\s*)+",
            t,
        )
    )


def refusal(text: str) -> bool:
    """The sentence turns the proposal down: "No, I don't think so.", "I can't do that."."""
    return bool(re.match(rf"^\W*{lx.REFUSE}\b", text, _F))

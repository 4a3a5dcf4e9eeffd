"""Named extraction rules, one small function per way an item gets said.

Each rule looks at one sentence in its conversational context (the turn it is
part of, the other person's turn before and after) and returns a ``Hit`` or
``None``. Rules are registered with ``@rule(kind, name)``; the name is stored on
every item so a wrong item can be traced back to the rule that made it.

The patterns are deliberately grammatical rather than lexical: a first-person
subject plus a future or volitional marker plus an action verb, a desire verb
for goals, a realization verb for insights, a proposal followed by an
acceptance. Small closed lists (in-session verbs, hedges, agreement tokens) are
the only vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# --------------------------------------------------------------------------
# Registry


@dataclass(frozen=True)
class Hit:
    """What a rule found: the cleaned item text and how sure it is."""

    text: str
    owner: str | None = None
    confidence: float = 0.8
    # Text searched for a deadline / measure when it differs from the sentence
    # (an accepted proposal carries the proposal's "for ten days").
    detail: str | None = None
    # Set when the item is the next session being scheduled.
    scheduling: bool = False
    # Set when the item restates a proposal from the previous turn.
    proposal_of: int | None = None


RuleFn = Callable[["Context"], Hit | None]


@dataclass(frozen=True)
class Rule:
    kind: str
    name: str
    fn: RuleFn


RULES: list[Rule] = []


def rule(kind: str, name: str) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as a rule for items of ``kind``; rules run in registration order."""

    def register(fn: RuleFn) -> RuleFn:
        RULES.append(Rule(kind, name, fn))
        return fn

    return register


# --------------------------------------------------------------------------
# Text clean-up

_FLAGS = re.I
_FILLER = re.compile(
    r"(?:,\s*)?(?:^|(?<=[\s,.;!?]))(?:uh+|um+|uhm+|erm+|er|ah+|mm+|hmm+|mhm|mm-hmm|uh-huh)(?=[\s,.;!?]|$)(?:,(?!\S))?",
    _FLAGS,
)
_YOU_KNOW = re.compile(r"(?:,\s*)?\b(?:you know|I mean|you see)\b,?", _FLAGS)
# After "do", "if", "can" ... the words are the question itself: "where do you see yourself".
_ASKING_BEFORE = re.compile(r"\b(?:do|did|don't|if|can|could|would|what)\s*$", _FLAGS)


def _drop_you_know(m: re.Match[str]) -> str:
    return m.group(0) if _ASKING_BEFORE.search(m.string[max(0, m.start() - 7):m.start()]) else " "
_LIKE = re.compile(r"(?:,\s*)?\b(?:like|kind of|sort of|kinda|sorta),", _FLAGS)
# "I-I'll", "wh-what", "that-that", "I'm-I'm": a cut-off start repeated in full.
_STUTTER = re.compile(r"\b([\w']{1,10})-(?=\1)", _FLAGS)
# "in this- in this", "the- the": a phrase restarted after a dash.
_RESTART = re.compile(r"\b((?:[\w']+\s+){0,3}[\w']+)-+\s+(?=\1\b)", _FLAGS)
# "I'd l- I'd like": words plus a cut-off word, then the same words again.
_PARTIAL = re.compile(r"\b((?:[\w']+\s+){1,3})[\w']{1,4}-+\s+(?=\1)", _FLAGS)
# "Don't wanna- -end up": one clause cut by the other person's interjection, rejoined.
_CUT_JOIN = re.compile(r"(?<=\w)-+\s+-+(?=\w)")
# "what else would, um, would help": the same word said twice once fillers are gone.
_DOUBLED = re.compile(r"\b(?!(?:had|that|very|so|really|no|yes|bye|ha)\b)([a-z']+)(?:,?\s+\1\b)+", _FLAGS)
_NOISE = re.compile(r"\[[^\]]*\]|\([^)]*\)|<[^>]*>|♪")
_DASH_BREAK = re.compile(r"\s*(?:--+|—|–)\s*")
_EDGE_DASH = re.compile(r"^\s*-+\s*|\s*-+\s*$")
_SPACES = re.compile(r"\s+")
_SENT_SPLIT = re.compile(r"(?<=[.?!])\s+(?=\S)|\s*\|\s*")


def clean(text: str) -> str:
    """Remove fillers, false starts and sound tags; keep the words."""
    t = _NOISE.sub(" ", text)
    t = _CUT_JOIN.sub(" ", t)
    t = _STUTTER.sub("", t)
    t = _RESTART.sub("", t)
    t = _PARTIAL.sub("", t)
    t = _FILLER.sub(" ", t)
    t = _YOU_KNOW.sub(_drop_you_know, t)
    t = _LIKE.sub(" ", t)
    t = _SPACES.sub(" ", t).strip()
    t = _DOUBLED.sub(r"\1", t)
    t = re.sub(r"\s+([,.;!?])", r"\1", t)
    t = re.sub(r"([,;])\s*([,.;!?])", r"\2", t)
    t = re.sub(r"^[,.;\s]+", "", t)
    # a filler removed after a function word leaves a stray comma: "I'd like to, go back"
    t = re.sub(r"\b(to|the|a|an|and|of|my|I'll|I'm|I'd|I)\s*,\s+(?=\w)", r"\1 ", t)
    return t


def sentences(cleaned: str) -> list[str]:
    """Split cleaned speech into sentences; dashes that break off a thought split too."""
    t = _DASH_BREAK.sub(" | ", cleaned)
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
    _FLAGS,
)
# A frame that governs what follows it: splitting would turn "if ..., I'll" into a promise, or
# 'I said, "Fine, I'll go"' into the speaker's own plan.
_GOVERNING_FRAME = re.compile(
    r"\b(?:if|unless|in case|whether|not sure|don'?t know|wonder|suppose|what|when(?:ever)?|"
    r"said|say|says|told|tell|tells|thought|asked|goes|was like|is like)\b|[\"“]", _FLAGS
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
        rest = rest[m.end():]
    out.append(rest.strip(" ,;") if out else rest)
    return [c for c in out if c]


# --------------------------------------------------------------------------
# Context handed to rules


@dataclass
class Turn:
    """One speaker's consecutive speech, possibly spread over several cues."""

    role: str | None
    speaker: str | None
    sentences: list[str]
    index: int  # position in the conversation's list of turns
    text: str = ""
    hits: dict[str, Hit] = field(default_factory=dict)  # filled in as rules fire

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Context:
    """One sentence and the conversation around it."""

    sentence: str
    position: int  # sentence index in the turn
    turn: Turn
    prev: Turn | None  # the other speaker's turn before this one
    next: Turn | None  # the other speaker's turn after this one
    prev_same: Turn | None = None  # the same speaker's previous turn
    lead: str = ""  # this turn's words before the sentence (an open quote or frame lives there)
    lead_clause: str = ""  # earlier clauses of the same sentence, when it was split into clauses
    recent: tuple[Turn, ...] = ()  # the turns before this one, oldest first

    def asked(self) -> list[str]:
        """The other speaker's last sentences this turn answers.

        A short acknowledgement ("Okay, yeah.") between a question and its answer does
        not hide the question: its sentences are joined by the turn before it.
        """
        if self.prev is None:
            return []
        out = self.prev.sentences[-2:]
        between = [t for t in self.recent if t.index > self.prev.index and t.text]
        if self.prev.words <= 6 and not between and not any(x.rstrip().endswith("?") for x in out):
            before = [t for t in self.recent if t.index < self.prev.index and t.role == self.prev.role and t.text]
            # only when the acknowledgement follows this speaker's own answer to that question
            own = [t for t in self.recent if before and before[-1].index < t.index < self.prev.index and t.text]
            if before and len(own) == 1:
                out = before[-1].sentences[-2:] + out
        return out

    def earlier_own(self, n: int = 3) -> list[Turn]:
        """This speaker's last ``n`` turns before this one, newest first."""
        own = [t for t in self.recent if t.role == self.turn.role and t.speaker == self.turn.speaker]
        return own[::-1][:n]

    @property
    def role(self) -> str | None:
        return self.turn.role

    @property
    def is_question(self) -> bool:
        return self.sentence.rstrip().endswith("?")

    @property
    def later(self) -> list[str]:
        """The rest of this turn after the sentence (withdrawals live there)."""
        return self.turn.sentences[self.position + 1 :]


# --------------------------------------------------------------------------
# Vocabulary: small closed classes, not sentences from any conversation

_HEDGES = re.compile(
    r"\b(?:maybe|probably|might|perhaps|possibly|i think|i guess|i suppose|hopefully|"
    r"try(?:ing)? to|try and|kind of|sort of|i hope|some ?time|see if|at some point|"
    r"if i can|if i get)\b",
    _FLAGS,
)
_FIRM = re.compile(r"\b(?:definitely|for sure|absolutely|promise|certainly|will)\b", _FLAGS)
# Said in the same breath, these take the action back.
_WITHDRAW = re.compile(
    r"\b(?:can(?:'|no)?t promise|cannot promise|no promises|not (?:promising|making (?:any )?promises)|"
    r"can'?t make (?:any )?promises|probably not|i doubt|don'?t think i (?:will|can|could)|"
    r"not sure (?:if|that|whether) i (?:will|can|could|'ll)|don'?t know if i (?:will|can|could|'ll)|"
    r"won'?t be able)\b",
    _FLAGS,
)
_AUX = r"(?:just|really|also|definitely|probably|maybe|actually|then|now|still|certainly|even|at least|" \
       r"go ahead and|gonna|going to|try to|try and|start to|start|begin to|make sure (?:to|i|that i)|" \
       r"have to|need to|be able to|able to|first|finally|hopefully|sort of|kind of|like)"
# Verbs whose object is the conversation itself ("I'll tell you about my week").
_IN_SESSION = re.compile(
    r"^(?:(?:" + _AUX + r")\s+)*(?:tell(?! (?:him|her|them|my|his|their)\b)|ask(?! (?:him|her|them|my|his|their)\b)|explain|share|show you|say|mention|describe|repeat|"
    r"summari[sz]e|recap|elaborate|expand|clarify|walk me through|help me understand|give me|rate|imagine|"
    r"talk (?:about|with you|to you)|go (?:over|through|back to)|start (?:with|by)|"
    r"begin|answer|be honest|read (?:you|this|that|it)|stop (?:you|here|there)|let you (?!know)|"
    r"give you (?:an? (?:example|idea|sense|bit|minute|second)|some (?:information|feedback|examples))|"
    r"take (?:a|some) notes?|write (?:that|this) down|jot|put (?:that|this) (?:down|on)|"
    r"leave it (?:there|at that)|get back to (?:your|the|that|this|what)|wrap up|move on|come back to (?:that|this)|get to (?:that|this)|"
    r"think (?:about|on) (?:it|that|this)|listen|hear|check (?:that|if|whether) i|make sure i understand|"
    r"look at (?:this|that|the (?:form|sheet|chart))|see\b|be (?:right|back|with you))\b",
    _FLAGS,
)
# Verbs of state, perception and cognition: not actions to carry out.
_NON_ACTION = re.compile(
    r"^(?:(?:" + _AUX + r")\s+)*(?:be(?! there| at| on time| home| back|\s+\w+ing\b)|feel|know|"
    r"think|guess|want|wanna|like|love|hate|need(?! to)|have (?:a|an|the|no|some)|have to\s*$|see|hope|wish|"
    r"understand|remember|forget|believe|seem|look like|mind|die|get (?:better|worse|old|sick|hurt)|"
    r"end up|lose my|miss|regret|be fine|be okay|be ok|be alright|never|always|fail|succeed|fall(?! asleep)|"
    r"get (?:fired|caught|arrested|in trouble|kicked out|pregnant|through (?:it|this|that))|relapse|slip up|"
    r"change\s*$|(?:do|try) (?:my |our )?(?:best|better|well|good)\s*$|figure (?:it|that|this) out\s*$|"
    r"make it\s*$|manage\s*$|cope\s*$|handle (?:it|that|this)\s*$|"
    r"(?:keep (?:on )?(?:like )?)?(?:tell|telling|remind|reminding|ask|asking) myself|"
    r"keep (?:on )?(?:doing|\w+ing) (?:it|that|this)\b|"
    r"do (?:it|that|this)?\s*(?:anyway|again)?\s*$)\b",
    _FLAGS,
)
_POST_SESSION = re.compile(
    r"\b(?:tomorrow|tonight|this (?:week|weekend|evening|afternoon|month)|next (?:week|month|time|session|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)|by (?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|the end|then|next)|every (?:day|morning|evening|night|week)|"
    r"each (?:day|morning|evening|night|week)|from now on|after (?:the|this|our) (?:session|call|meeting)|"
    r"when i get home|before (?:we|our|the|next)|between now and|over the (?:next|coming)|"
    r"in (?:a|one|two|three|four|\d+) (?:days?|weeks?|months?)|later (?:today|this week)|"
    r"(?:a|one|two|three|four|six|\d+) (?:days?|weeks?|months?) from (?:now|today)|"
    r"(?:on|this|next) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|daily|weekly|a day|a week|"
    r"the next (?:few )?(?:days|weeks)|(?:our |the |your )?next (?:visit|appointment|meeting|call|check-?up))\b",
    _FLAGS,
)
# A point in time after the session (cadence words like "a week" are not enough).
_WHEN = re.compile(
    r"\b(?:tomorrow|tonight|this (?:week|weekend|evening|afternoon)|next (?:week|time|session|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"the end|next)|from now on|starting (?:today|tomorrow|next|on|this)|after (?:the|this|our) (?:session|call)|"
    r"after (?:the|this|our) (?:appointment|meeting|visit)|"
    r"when i get home|before (?:we|our|next)|between now and|over the (?:next|coming)|later (?:today|this week))\b",
    _FLAGS,
)
_CLAUSE_END = re.compile(
    r"(?:,?\s+\bbut\b|,?\s+\bbecause\b|,?\s+'cause\b|,?\s+\bcause\b|,?\s+\bthough\b|,?\s+\bunless\b|"
    r",?\s+\bif\b|,?\s+\bwhich\b|,?\s+\bso that\b|,?\s+\bso\b(?! that)|;|,\s*(?:right|okay|ok|yeah|yes|alright)\b|"
    r",\s*(?:and )?(?:then )?(?:i|you|we|he|she|they|it|that)(?:'d|'ll|'m|'re)?\s+(?:think|guess|know|mean|feel)\b|"
    r",\s*(?:and|or)\s*$)",
    _FLAGS,
)
_LEADING = re.compile(
    r"^(?:(?:just|really|also|definitely|probably|maybe|actually|then|now|certainly|hopefully|have to|need to|"
    r"go ahead and|gonna|going to|try to|try and|be able to|able to|at least|first|"
    r"finally|still|even|like|kind of|sort of|and|so|well|okay|ok|yeah|yes|you know|"
    r"um|uh)\b[\s,]*)+",
    _FLAGS,
)
_TRAILING = re.compile(
    r"(?:[\s,]+(?:and stuff|or something|or anything|and things|and everything|and that|"
    r"or whatever|as well|too|and all that|anyway|then|now|okay|ok|right|yeah|i guess|i think|"
    r"or so|and|(?:and |or )?(?:things|stuff|something|anything) like that|and so on|and so forth)\b)+\s*$",
    _FLAGS,
)
_SECOND_TO_FIRST = [
    (re.compile(r"\byour\b", _FLAGS), "my"),
    (re.compile(r"\byourself\b", _FLAGS), "myself"),
]


def action_text(fragment: str, *, second_person: bool = False, deadline: str | None = None) -> str:
    """Tidy the words after a trigger into an imperative item text.

    "just drop them in by Friday, I think" -> "Drop them in" (deadline kept apart).
    """
    t = fragment
    m = _CLAUSE_END.search(t)
    if m and m.start() > 8:
        t = t[: m.start()]
    if deadline:
        t = re.sub(r"[\s,]*\b" + re.escape(deadline) + r"\b", "", t, flags=_FLAGS)
    t = _LEADING.sub("", t.strip())
    t = t.strip(" ,.;:!?-")
    t = _TRAILING.sub("", t).strip(" ,.;:!?-")
    t = re.sub(r"\s*\blike\b(?!\s+(?:to|a|an|the|this|that|it|him|her|them|me|you|us|my|your|his|our))", "", t, flags=_FLAGS)
    t = re.sub(r"\bi\b", "I", t).strip(" ,.;:!?-")
    return t[:1].upper() + t[1:] if t else t


def hedge_confidence(base: float, text: str) -> float:
    """Lower the confidence for each hedge, raise it slightly for firm words."""
    hedges = len(_HEDGES.findall(text))
    firm = 1 if _FIRM.search(text) else 0
    conf = base - 0.15 * min(hedges, 3) + 0.05 * firm
    return max(0.05, min(0.99, conf))


def _first_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


_FILLER_LIKE = re.compile(r"\b(to|gonna|wanna)\s+like\s+(?!to\b|it\b|that\b|this\b|them\b)", _FLAGS)


def _is_action(fragment: str) -> bool:
    """True when the words after a future marker start with something one does."""
    f = fragment.strip(" ,.!").lower()
    # "have to like get ...": a filler "like" after an infinitive marker is not the verb
    f = _FILLER_LIKE.sub(r"\1 ", f)
    if len(f.split()) < 1:
        return False
    if _IN_SESSION.match(f) and not _POST_SESSION.search(f):
        return False
    if _NON_ACTION.match(f):
        return False
    return True


# --------------------------------------------------------------------------
# Commitments: the speaker says they themselves will act

# Adverbs that may sit inside the future marker: "I'm still gonna", "I really will".
_MODAL_ADV = r"(?:(?:still|also|just|really|definitely|certainly|actually|totally|seriously|absolutely)\s+)?"
_I_FUTURE = re.compile(
    r"(?:^|[\s,])(?P<subj>i)\s*(?P<modal>'ll|" + _MODAL_ADV + r"will|shall|'m " + _MODAL_ADV + r"(?:going to|gonna)|"
    r"am " + _MODAL_ADV + r"(?:going to|gonna)|"
    r"gonna|'m planning to|am planning to|plan to|intend to|'m committed to|commit to|promise to|"
    r"'m aiming to|'ll be sure to|'ve decided to|have decided to|decided to)\s+(?P<rest>.+)$",
    _FLAGS,
)
_I_CAN = re.compile(r"(?:^|[\s,])i\s+(?:can|could)\s+(?P<rest>.+)$", _FLAGS)
_MY_PLAN = re.compile(
    r"\bmy\s+(?:plan|next step|first step|homework)\s+(?:is|will be|would be)\s+(?:to\s+)?(?P<rest>.+)$",
    _FLAGS,
)
_HYPOTHETICAL = re.compile(r"\b(?:if i (?:had|were|was|could|did)|i would|i'd|in an ideal world)\b", _FLAGS)
_PAST_FRAME = re.compile(
    r"\b(?:(?:i|he|she|they|you|we|mom|mum|dad|\w+) (?:\w+ )?(?:said|says|told \w+|tells \w+|thought|promised|"
    r"was going to|was gonna|used to say|goes|went)|last (?:time|week)|when i was)\b[^.]*$|[\"“]\s*[^\"”]*$",
    _FLAGS,
)
# Someone else's words reported in the sentence before: "She asked me to promise. Then I'll pick you up."
_OTHERS_SPEECH = re.compile(
    r"\b(?:she|he|they|mom|mum|dad|my (?:\w+ )?(?:wife|husband|mother|father|mom|dad|boss|doctor|partner|friend|"
    r"sister|brother|son|daughter|girlfriend|boyfriend|teacher|coach))\s+(?:\w+\s+)?(?:said|says|asked|asks|told|"
    r"tells|goes|was like|is like|wanted me to|wants me to|made me promise)\b",
    _FLAGS,
)
# Routine described with a future form: "I'll come home and I'll usually have a couple".
_HABITUAL = re.compile(
    r"\b(?:usually|normally|typically|generally|sometimes|often|most of the time|half the time|at times|"
    r"a lot of (?:the )?times|every so often|like i said|as i said|tend to|would always|used to)\b",
    _FLAGS,
)
# A reporting verb that ends a clause, with at most an interjection after it ("she said, okay,").
_QUOTATIVE_END = re.compile(
    r"\b(?:said|says|told \w+|tells \w+|asked(?: \w+)?|goes|went|thought|was like|is like)\s*[,:]?\s*[\"“]?\s*"
    r"(?:\w+[,.!]?\s*){0,2}$",
    _FLAGS,
)
_WHEN_CLAUSE = re.compile(r"^(?:when|whenever|if|once|as soon as|after|before)\b", _FLAGS)


def _in_quote(lead: str) -> bool:
    """True when ``lead`` leaves a quotation open: what follows is someone's quoted words."""
    straight = lead.count('"')
    return straight % 2 == 1 or lead.count("“") > lead.count("”")


def _reported(ctx: Context, at: int) -> bool:
    """True when the words from ``at`` on are reported or quoted speech rather than the speaker's own plan."""
    before = ctx.sentence[:at]
    lead = f"{ctx.lead} {before}"
    if _PAST_FRAME.search(before) or _in_quote(lead):
        return True
    # a quotation that closes after the words but never opened in the sentence opened earlier
    after = ctx.sentence[at:]
    if after.count('"') % 2 == 1 and '"' not in before or after.count("”") > after.count("“"):
        return True
    # a frame closing an earlier clause of the same sentence: 'I finally said, "Fine, I'll go."'
    if ctx.lead_clause and _QUOTATIVE_END.search(f"{ctx.lead_clause} {before}".strip()):
        return True
    prior = ctx.turn.sentences[ctx.position - 1] if ctx.position > 0 else ""
    return bool(prior and _OTHERS_SPEECH.search(prior) and re.search(r"\byou(?:r)?\b", ctx.sentence[at:], _FLAGS))


def _future_fragment(sentence: str) -> tuple[str, str, int] | None:
    m = _I_FUTURE.search(sentence)
    if not m:
        return None
    before = sentence[: m.start()]
    # "when I'm going to...", "what I'll do is": the first-person future is not the main clause
    if re.search(r"\b(?:what|when|whenever|where|how|why|if|whether|unless|that)(?:\s+else)?\s*$", before, _FLAGS):
        return None
    # "if I have time, I'll ...": a hypothetical, not a promise
    if re.search(r"\b(?:if|unless|i don'?t know|not sure)\b", before, _FLAGS):
        return None
    if re.search(r"\b(?:never|not|n't)\s*$", m.group("modal")):
        return None
    return m.group("modal"), m.group("rest"), m.start("subj")


@rule("commitment", "first_person_future")
def first_person_future(ctx: Context) -> Hit | None:
    """I'll / I will / I'm going to + an action done after the session."""
    if ctx.is_question:
        return None
    found = _future_fragment(ctx.sentence)
    if not found:
        return None
    modal, rest, at = found
    if re.match(r"(?:not|never)\b", rest, _FLAGS) or re.search(r"\bn't\b", modal):
        return None
    if not _is_action(rest):
        return None
    if _WITHDRAW.search(ctx.sentence) or any(_WITHDRAW.search(s) for s in ctx.later[:1]):
        return None
    if _reported(ctx, at):
        return None
    # "like I said, I'll come home and I'll usually have a few": a routine, not a plan
    if _HABITUAL.search(ctx.sentence) or _HABITUAL.search(ctx.lead_clause):
        return None
    if re.match(r"(?:try|see)\s*(?:it|that)?\s*$", rest, _FLAGS) and ctx.prev is None:
        return None
    plain = re.sub(_MODAL_ADV, "", modal.lower()).strip()
    base = 0.9 if plain in ("will", "'m going to", "am going to", "shall") else 0.85
    if plain.startswith(("plan", "'m plan", "am plan", "intend", "'ve decided", "decided")):
        base = 0.8
    text = action_text(rest)
    if len(text.split()) < 1 or re.fullmatch(
        r"(?:do|try|see)(?: (?:it|that|this))?|give (?:it|that|this) a (?:try|go|shot)", text, _FLAGS
    ):
        return None  # "I'll try that" is an acceptance; the acceptance rule owns it
    return Hit(text, ctx.role, hedge_confidence(base, ctx.sentence))


@rule("commitment", "ability_with_time")
def ability_with_time(ctx: Context) -> Hit | None:
    """"I can start walking after dinner this week": ability said as a plan.

    Ability is a plan when it names a time after the session, or when it answers the
    other person asking what could be done ("I can count them each day").
    """
    if ctx.is_question:
        return None
    m = _I_CAN.search(ctx.sentence)
    if not m:
        return None
    rest = m.group("rest")
    if re.match(r"(?:not|never|'t)\b", rest, _FLAGS) or "can't" in ctx.sentence.lower():
        return None
    if re.search(r"\b(?:what|when|whenever|where|how|if|whether|unless|that|wish|hope)\s*$", ctx.sentence[: m.start()], _FLAGS):
        return None  # "I wish I could ...", "if I can ...": not the main clause
    if re.match(r"(?:do|try|manage|handle)(?: (?:it|that|this))?\s*$", rest, _FLAGS):
        return None  # "I can do that" answers a proposal; the acceptance rule owns it
    answers = ctx.position <= 1 and ctx.prev is not None and any(
        _PLAN_QUESTION.search(s) for s in ctx.prev.sentences[-2:]
    )
    if not (_WHEN.search(rest) or answers) or not _is_action(rest):
        return None
    if re.search(r"\b(?:i suppose|i guess|maybe|perhaps)\s+i\s+could\b", ctx.sentence, _FLAGS):
        return None  # "I suppose I could replace it": an option offered, a plan rather than a promise
    if _HYPOTHETICAL.search(ctx.sentence) or _WITHDRAW.search(ctx.turn.text) or _reported(ctx, m.start()):
        return None
    base = 0.6 if re.search(r"\bcan\b", ctx.sentence, _FLAGS) else 0.45
    return Hit(action_text(rest), ctx.role, hedge_confidence(base, ctx.sentence))


@rule("commitment", "my_plan")
def my_plan(ctx: Context) -> Hit | None:
    """"My plan is to ...": a first-person plan."""
    m = _MY_PLAN.search(ctx.sentence)
    if not m or ctx.is_question or not _is_action(m.group("rest")):
        return None
    return Hit(action_text(m.group("rest")), ctx.role, hedge_confidence(0.8, ctx.sentence))


# --- proposal + acceptance --------------------------------------------------

_PROPOSAL = re.compile(
    r"\b(?:why don'?t you|how about (?:you )?|what if you|what about (?:you )?|"
    r"(?:would|are|will) you be (?:willing|able|open|ready) to|(?:are|were) you (?:willing|able|open|ready) to|"
    r"you(?:'re| are) (?:willing|ready|happy) to|"
    r"(?:would|could|can|will) you(?! (?:like|want|wanna)\b)(?: (?:maybe|perhaps|try to|please))?|you (?:could|might|can) (?:try|start|consider)|"
    r"maybe you (?:could|can|might)|you (?:just |really )?(?:need to|should|might want to|may want to)|"
    r"what i'?d like you to do is(?: to)?|i'?d (?:like|love) (?:for )?you to|i want you to|"
    r"do you think you(?:'re| are)? (?:could|can|'ll|will|able to|going to)|"
    r"you think you(?:'re| are)? (?:able to|going to|could|can)|"
    r"(?:your|the|one of the) (?:homework|assignments?|tasks?|exercises?) (?:is|would be|will be)(?: to)?|"
    r"(?:it )?(?:might|may|could|would) (?:help|be (?:good|helpful|useful|worth)) (?:to|if you)|"
    r"one thing you could do is|(?:would you like|do you want) to|^try|"
    r"(?:small )?(?:things|steps) like|such as)\s+(?P<rest>.+)$",
    _FLAGS,
)
# "Can you do that?": the proposal is in the sentence before.
_DEICTIC = re.compile(
    r"\b(?:(?:can|could|would|will) you (?:do|manage|try|commit to) (?:that|this|it)|"
    r"(?:does|would|will) (?:that|this) (?:sound|work|be)|is that (?:something|doable|realistic|okay)|"
    r"how does (?:that|this) sound|are you (?:up for|okay with|ok with) (?:that|this|it)|"
    r"sound (?:good|okay|ok|fair|doable))\b",
    _FLAGS,
)
_YOU_ACTION = re.compile(
    r"\byou(?:'ll| will| can| could| should| might| take| try| keep| cut| do| go| make| start| stop|"
    r" use| call| write| track| set| bring| get| walk| eat| drink| read| spend| avoid)?\s+(?P<rest>.+)$",
    _FLAGS,
)
_SCHEDULING = re.compile(
    r"\b(?:see you|meet|come (?:back|in)|follow[- ]?up|appointment|next (?:session|visit|time)|"
    r"get together|check (?:back|in)|revisit|touch base|catch up|talk again|speak again)\b",
    _FLAGS,
)
_ACCEPT = re.compile(
    r"^(?:(?:okay|ok|yes|yeah|yep|yup|sure|definitely|absolutely|of course|alright|all right|actually|"
    r"i (?:really |definitely |certainly )?would|i (?:really |definitely )?do|"
    r"fine|deal|certainly|totally|i will|i can|i could|great|good|sounds good|that sounds (?:good|great|fair|"
    r"like a (?:plan|good idea))|that(?:'s| is| would be) (?:fine|good|great|doable|a good idea)|i'?ll (?:try|do) (?:that|it)|"
    r"i can do (?:that|it)|i could do (?:that|it)|let'?s do (?:it|that)|i think i can|i'?m willing|"
    r"i'?ll give it a (?:try|go|shot)|that'?s what i'?ll (?:\w+)(?: \w+)?|i'?ll (?:\w+ )?for (?:that|it))\b[\s,.!]*)+",
    _FLAGS,
)
_ACCEPT_EXPLICIT = re.compile(
    r"\b(?:i'?ll (?:try|do)|i can do|i could do|definitely|absolutely|i will|that'?s what i'?ll|i (?:really )?would|"
    r"i'?ll give it|let'?s do|i'?m willing|for sure|of course)\b",
    _FLAGS,
)
_REJECT = re.compile(
    r"\b(?:no|not|don'?t|can'?t|won'?t|wouldn'?t|couldn'?t|never|but|maybe|dunno|unsure|hmm)\b", _FLAGS
)


_REFLECTION = re.compile(
    r"\b(?:sounds like|seems like|you said|you mentioned|you feel|you're saying|you think|if you|so you|"
    r"i hear|what i'?m hearing)\b",
    _FLAGS,
)


def _by_gerund(rest: str) -> str:
    """"start by doing it in a chair" -> "do it in a chair": the step itself, so that the
    in-session reading of "start by" ("let's start by ...") does not hide it."""
    return re.sub(r"^(?:start|begin)(?: off)? by\s+(\w+)ing\b", lambda g: _base_verb(g.group(1)), rest, flags=_FLAGS)


def _proposal(turn: Turn | None) -> tuple[str, str, int] | None:
    """The action the other speaker proposed in ``turn``: (text, detail sentence, index)."""
    if turn is None:
        return None
    sents = turn.sentences
    for i in range(len(sents) - 1, -1, -1):
        s = sents[i]
        m = _PROPOSAL.search(s)
        # "it sounds like you need to..." reflects the client; it proposes nothing
        if m and (_REFLECTION.search(s[: m.start()] + " ") or re.match(r"(?:so |and )?(?:what|how|where|when|who)\b", s, _FLAGS)):
            m = None
        # "that's what you need to do": the action is named elsewhere
        if m and re.search(r"\b(?:what|that)\s*$", s[: m.start()], _FLAGS):
            m = None
        if m and re.fullmatch(r"(?:(?:at least|just|maybe)\s+)*(?:attempt|try|do|consider|think about)\s+(?:it|that|this)[\s?.!]*",
                              m.group("rest"), _FLAGS):
            m = None
        if m and _is_action(_by_gerund(m.group("rest"))) and not re.match(r"do\b(?!\s+(?:some|a|an|the|your|more|less|it|that|this))", m.group("rest"), _FLAGS):
            rest = re.split(r"\s+(?:can|could|would|will|might|is|are)\s+(?:be|help|make|go)\b", m.group("rest"), maxsplit=1, flags=_FLAGS)[0]
            # "you could start by clearing the cupboard": the step is the gerund
            rest = re.sub(r"^(?:off\s+)?by\s+(\w+)ing\b", lambda g: _base_verb(g.group(1)), rest, flags=_FLAGS)
            if _SCHEDULING.search(s):
                return None
            return action_text(rest), s, i
        if _DEICTIC.search(s):
            for j in range(i - 1, max(-1, i - 3), -1):
                y = _PROPOSAL.search(sents[j]) or _YOU_ACTION.search(sents[j])
                if y and _is_action(y.group("rest")) and not _SCHEDULING.search(sents[j]):
                    return action_text(y.group("rest")), sents[j], j
            return None
    return None


@rule("commitment", "accepted_proposal")
def accepted_proposal(ctx: Context) -> Hit | None:
    """The other person proposes an action; this speaker agrees to do it."""
    if ctx.position != 0 or ctx.prev is None or ctx.turn.words > 14 or ctx.role == "coach":
        return None
    m = _ACCEPT.match(ctx.sentence)
    if not m:
        return None
    rest = ctx.sentence[m.end():] + " " + " ".join(ctx.later)
    if _REJECT.search(ctx.sentence[: m.end()]) or _WITHDRAW.search(rest) or _REJECT.search(
        _first_words(rest, 3)
    ):
        return None
    found = _proposal(ctx.prev)
    if not found:
        return None
    text, detail, _ = found
    if not text:
        return None
    conf = 0.8 if _ACCEPT_EXPLICIT.search(ctx.sentence) else 0.6
    return Hit(text, ctx.role, hedge_confidence(conf, ctx.sentence), detail=detail, proposal_of=ctx.prev.index)


# "... and if you recommend it, I'll try it": a firm yes closing a longer turn, given after
# the client has asked about the proposal, so the proposal is a few turns back.
_LATE_ACCEPT = re.compile(
    r"(?:^|[\s,])i(?:'ll| will) (?:(?:definitely|certainly|really|at least) )?(?:try|do) (?:it|that|this|them)|"
    r"(?:^|[\s,])i(?:'ll| will) give (?:it|that|this) a (?:try|go|shot)",
    _FLAGS,
)


def _recommendation(turn: Turn) -> tuple[str, str, int] | None:
    """The step the coach recommends in ``turn`` ("I'd suggest you ..."), as _proposal gives it."""
    for i in range(len(turn.sentences) - 1, -1, -1):
        m = _RECOMMEND.search(turn.sentences[i])
        if m and _is_action(_by_gerund(m.group("rest") or m.group("rest2"))):
            return action_text(m.group("rest") or m.group("rest2")), turn.sentences[i], i
    return None


@rule("commitment", "late_acceptance")
def late_acceptance(ctx: Context) -> Hit | None:
    """"I'll try it" that is not a quick reply: the proposal is found in the coach's recent turns."""
    if ctx.role == "coach" or ctx.is_question or ctx.prev is None:
        return None
    m = _LATE_ACCEPT.search(ctx.sentence)
    # what follows the acceptance must not take it back ("I'll try it, but I doubt it")
    if not m or re.search(r"\w", ctx.sentence[m.end():]) or any(ctx.later):
        return None
    before = ctx.sentence[: m.start()]
    if re.search(r"\b(?:if i|unless|maybe|might|not sure|don'?t know)\b", before, _FLAGS) or _HYPOTHETICAL.search(before):
        return None
    # the client may ask a question or two about the proposal before saying yes
    others = [t for t in ctx.recent if t.role != ctx.role and t.role is not None][-4:]
    for turn in reversed(others):
        found = _proposal(turn) or _recommendation(turn)
        if found and len(found[0].split()) >= 2:
            text, detail, _ = found
            return Hit(text, ctx.role, hedge_confidence(0.7, ctx.sentence), detail=detail, proposal_of=turn.index)
    return None


# "What would make it easier for you?", "Anything else that could help?": the other person
# asks for ways to carry a change out, so a named action answers with a plan.
_EASIER_QUESTION = re.compile(
    r"\bwhat (?:\w+ )?(?:would|could|might|will|can) (?:help )?make (?:it|things|this|that) (?:a (?:little |bit )?)?easier|"
    r"\bhow (?:could|can|would|might) you make (?:it|things|this|that) easier|"
    r"\b(?:anything|something) else (?:that )?(?:(?:would|could|might|can) )?(?:to )?(?:make|help)\b",
    _FLAGS,
)
# "I could probably ...", "I can maybe ...": ability hedged with a likelihood word, at the
# start of the answer (after fillers only, so "if I had a car I could probably ..." stays out).
_HEDGED_CAN = re.compile(
    r"^(?:(?:um|uh|er|well|yeah|yes|okay|ok|so|and|oh|hmm|i mean|i think|i guess)\b[\s,.]*)*"
    r"i\s+(?:can|could)\s+(?:probably|maybe|possibly|perhaps)\s+(?P<rest>.+)$",
    _FLAGS,
)
_HEDGED_BREAK = re.compile(r"\b(?:if|unless|but|though|although|except|only if)\b", _FLAGS)


@rule("commitment", "hedged_answer")
def hedged_answer(ctx: Context) -> Hit | None:
    """"I could probably do that", "I can probably walk to work": a hedged yes to the other
    person's proposal, or a hedged plan named when asked what would make the change easier.

    The hedge keeps the confidence low; a withdrawal ("probably not"), a condition ("if I
    had...") or a "but" after it means no commitment at all.
    """
    if ctx.role == "coach" or ctx.is_question or ctx.prev is None or ctx.position > 1:
        return None
    m = _HEDGED_CAN.match(ctx.sentence)
    if not m:
        return None
    rest = m.group("rest")
    if re.match(r"(?:not|never|n't)\b", rest, _FLAGS) or _HEDGED_BREAK.search(rest):
        return None
    if _HYPOTHETICAL.search(ctx.sentence) or _WITHDRAW.search(ctx.turn.text):
        return None
    if any(re.match(r"(?:but|though|although|except)\b", x, _FLAGS) for x in ctx.later[:1]):
        return None
    asked = ctx.prev.sentences[-2:]
    deictic = re.fullmatch(r"(?:(?:at least|just|really)\s+)*(?:do|try|manage|handle|attempt)(?: (?:it|that|this))?[\s.!]*", rest, _FLAGS)
    if deictic:
        found = _proposal(ctx.prev)
        if not found or not found[0]:
            return None
        text, detail, _ = found
        return Hit(text, ctx.role, hedge_confidence(0.55, ctx.sentence), detail=detail, proposal_of=ctx.prev.index)
    if not any(_EASIER_QUESTION.search(x) or _PLAN_QUESTION.search(x) for x in asked) and not _proposal(ctx.prev):
        return None
    if not _is_action(rest) or len(rest.split()) < 2:
        return None
    return Hit(action_text(rest), ctx.role, hedge_confidence(0.55, ctx.sentence))


# --------------------------------------------------------------------------
# Next steps: a plan the conversation settles on

_NEXT_STEP = re.compile(
    r"\b(?:the|our|a good|your|one|so the)\s+(?:next|first)\s+step\s+(?:is|would be|will be|could be)\s+"
    r"(?:to\s+)?(?P<rest>.+)$|\b(?:the|our|your|so the)\s+plan\s+(?:is|will be|would be)\s+(?:to\s+|that\s+)?(?P<rest2>.+)$",
    _FLAGS,
)
# "What we'll do is ...", "the idea would be that you ...", "what I recommend is that you start ...":
# a plan laid out by its frame rather than by "next step".
_PLAN_FRAME = re.compile(
    r"\b(?:what we(?:'ll| will| can| could|'re going to| are going to| might) do is|"
    r"the idea (?:is|would be|will be)|what i(?:'d)? (?:recommend|suggest|would recommend|would suggest)(?:,? then,?)? is|"
    r"my (?:recommendation|suggestion|advice) (?:is|would be)|i(?:'d| would)? (?:recommend|suggest))\s+(?:that\s+)?"
    # the plan is someone's to carry out: "that you ...", "for you to ...", "we ...", "to ..."
    r"(?:(?:you|we)(?:'ll| will| can| could| would|'d| might)?\s+|for you to\s+|to\s+)(?P<rest>.+)$|"
    r"\b(?:you could start (?:off )?by|you can start (?:off )?by)\s+(?P<rest2>.+)$",
    _FLAGS,
)
_WE_FUTURE = re.compile(
    r"(?:^|[\s,])(?:we(?:'ll| will| shall|'re going to| are going to|'re gonna| are gonna| gonna|"
    r" can| could| should| need to|'ve got to)|let'?s|let us)\s+(?P<rest>.+)$",
    _FLAGS,
)
_YOU_FUTURE = re.compile(
    r"(?:^|[\s,])(?:you(?:'ll| will|'re going to| are going to|'re gonna| are gonna))\s+(?P<rest>.+)$",
    _FLAGS,
)
_IMPERATIVE = re.compile(
    r"^(?:(?:so|and|then|now|okay|ok|well|maybe|just)\s*,?\s+)*(?:(?:for|over|during|between now and)\s+"
    r"(?:the\s+)?(?:next|this|coming)\s+(?:week|few days|month|session|time)\s*,?\s*)?"
    r"(?P<rest>(?:try|keep|write|call|make|take|start|go|walk|read|track|log|bring|send|book|schedule|"
    r"practi[cs]e|notice|set|plan|list|reach out|spend|eat|drink|cut|stop|avoid|use|get|check|put|find|"
    r"look|record|note|ask|talk to|email|text|download|fill|finish|prepare|pick|choose|buy|join|sign up|"
    r"remember to|don'?t forget to)\b.+)$",
    _FLAGS,
)
_COACH_ACTION_VERBS = re.compile(
    r"^(?:(?:" + _AUX + r")\s+)*(?:send|email|e-mail|call|phone|ring|text|book|schedule|arrange|forward|"
    r"share|look (?:into|up)|find (?:out|you)|check (?:back|in|on|with)|follow up|get (?:back|you)|"
    r"print|write (?:up|you)|set up|make (?:the|those|an?) (?:arrangements?|appointment|referral|call))\b",
    _FLAGS,
)
_WE_ACTIONS = re.compile(
    r"^(?:(?:" + _AUX + r")\s+)*(?:meet|see|get together|talk again|speak again|revisit|review|check|follow|"
    r"come back|reconvene|catch up|touch base|look at|go over|work on|pick (?:this|it|that) up|continue|"
    r"schedule|book|set up|plan|start|try|do|go off|go away|each|all|liaise|prepare|send|decide|put|write|"
    r"make|get|find|call|email)\b",
    _FLAGS,
)
# Work that leaves the room as a product: no time word needed to know it is for later.
_DELIVERABLE = re.compile(
    r"^(?:(?:" + _AUX + r")\s+)*(?:send|submit|write up|draft|prepare|finish|fill (?:out|in)|put in|hand in|"
    r"email|e-mail|recommend|order|sign up|apply|book|report back|bring|look into|find out|research|refer|"
    r"get (?:\w+ )?(?:resources|information|info|things|stuff) together)\b",
    _FLAGS,
)
_PLAN_QUESTION = re.compile(
    r"\b(?:what(?:'s| is| would be| will be)? (?:the |your )?(?:next|first) step|what (?:needs|has) to happen|"
    r"what (?:would|will|could|do|can) you (?:like to |want to |be able to )?do|what(?:'s| is) (?:the|your) plan|"
    r"where do (?:you|we) go from here|what are you (?:going|gonna|planning) to do|"
    r"what (?:are|would be) (?:some|the) (?:steps|things you could do|options)|where would you (?:like to )?start|"
    r"what could you do|how (?:will|could|can) you|what (?:would|could|might|will) help(?: you)?|"
    r"what (?:do you think )?(?:that )?you (?:need|have|want|would like|'d like|could|can|might) to do|"
    r"what (?:would|will|might|does) it take|(?:anything(?: else)?|something else) (?:that )?you (?:could|can|might) (?:do|try))\b",
    _FLAGS,
)
_BARE_VERB = re.compile(
    r"^(?:(?:well|so|and|then|just|maybe|probably|i guess|i think|i mean|first|first of all|"
    r"and then|um|uh|i|(?:need|have|got) to|should|gotta|i suppose|(?:maybe )?i could|could|i can|also|and also)[\s,]*)*"
    r"(?P<rest>(?:\w+ing\b|have (?:my|our|someone|somebody|him|her|them)\b|replace|switch|swap|take|get|find|go|call|make|start|stop|try|ask|talk|"
    r"see|look|put|drop|send|sign|apply|join|cut|quit|keep|write|book|set|tell|buy|use|eat|drink|walk|"
    r"bring|fill|check|read|join|pick|search|visit|contact|reach).+)$",
    _FLAGS,
)


@rule("next_step", "next_step_phrase")
def next_step_phrase(ctx: Context) -> Hit | None:
    """"So the next step is to ...", "the plan is to ..."."""
    m = _NEXT_STEP.search(ctx.sentence)
    if not m or ctx.is_question:
        return None
    rest = m.group("rest") or m.group("rest2")
    owner = "client" if ctx.role is not None else None
    return Hit(action_text(rest), owner, hedge_confidence(0.8, ctx.sentence))


@rule("next_step", "plan_frame")
def plan_frame(ctx: Context) -> Hit | None:
    """"What we'll do is ...", "the idea would be that you ...", "you could start by ...": a plan, unless refused."""
    m = _PLAN_FRAME.search(ctx.sentence)
    if not m or ctx.is_question:
        return None
    if re.search(r"\b(?:if|when|would you|do you)\b[^,]*$", ctx.sentence[: m.start()], _FLAGS):
        return None
    rest = m.group("rest") or m.group("rest2")
    if m.group("rest2"):
        # "you could start by walking": the gerund is the step
        rest = re.sub(r"^(\w+)ing\b", lambda g: _base_verb(g.group(1)), rest, flags=_FLAGS)
    if not _is_action(rest) or re.match(r"(?:that|this|it)\b", rest, _FLAGS):
        return None
    if ctx.next is not None and ctx.role == "coach" and ctx.next.sentences and re.match(
        r"(?:no\b|nah|i don'?t|i can'?t|i won'?t|that won'?t|i'?m not)", ctx.next.sentences[0], _FLAGS
    ):
        return None  # proposed and turned down
    owner = "client" if ctx.role is not None else None
    return Hit(action_text(rest), owner, hedge_confidence(0.7, ctx.sentence))


def _base_verb(stem: str) -> str:
    """"walk" from "walking", "start" from "starting", "writ" -> "write" is good enough for a label."""
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        return stem[:-1]  # "getting" -> "get"
    return stem


@rule("next_step", "schedule_next_session")
def schedule_next_session(ctx: Context) -> Hit | None:
    """Arranging the next meeting: "I could see you again in a month", "let's meet Tuesday"."""
    s = ctx.sentence
    if not _SCHEDULING.search(s):
        return None
    meeting = re.search(
        r"\b(?:(?<!good to )(?<!nice to )(?<!great to )see (?:you|each other)(?= (?:again|back|next|then|in|on|at|soon|"
        r"tomorrow|\w+day))|meet(?:ing)? (?:again|up|next)|(?:we|you)(?:'ll| will| can)? "
        r"(?:meet|come (?:back|in)|get together|talk again|speak again)|(?:next|follow[- ]?up) (?:session|appointment|visit|meeting|call)|"
        r"revisit (?:this|it|that)|check (?:back|in) with you|come (?:back|in) (?:in|and|to)|book (?:you|another|a|the next)|"
        r"(?:set up|make|schedule|arrange|book) (?:another|an?|the next|our next|a follow[- ]?up) (?:appointment|session|visit|meeting)|"
        r"follow[- ]?up (?:in|next|on \w+day))\b",
        s,
        _FLAGS,
    )
    if not meeting:
        return None
    if not (_POST_SESSION.search(s) or re.search(r"\b(?:again|next time|when you come|another)\b", s, _FLAGS)):
        # "Would you be willing to come back?" "Sure.": agreed, even without a date
        if not (ctx.is_question and _accepted(ctx.next)):
            return None
    if re.search(r"\b(?:when|until|before|by the time|whenever)\s+(?:i|we|you)\s+(?:\w+\s+)?$", s[: meeting.start()], _FLAGS):
        return None  # "when I see you next time, ..." dates another action
    if re.search(r"\b(?:last|previous) (?:session|time|appointment|visit)\b", s, _FLAGS):
        return None
    accepted_question = ctx.is_question and _accepted(ctx.next)
    if ctx.is_question and not (
        re.match(r"(?:(?:so|and|okay|ok|well),? )?(?:why don'?t we|shall we|can we|could we|should we|how about|what about)", s, _FLAGS)
        or accepted_question
    ):
        return None
    if re.search(r"\bi(?:'d like to| will|'ll| want to)\s+(?:check|call|follow)", s, _FLAGS) and ctx.role == "coach":
        owner = "coach"
    else:
        owner = "client" if ctx.role is not None else None
    return Hit("Meet again", owner, hedge_confidence(0.8, s), scheduling=True)


def _accepted(turn: Turn | None) -> bool:
    """True when ``turn`` opens by agreeing and does not take it back."""
    if turn is None or not turn.sentences:
        return False
    first = turn.sentences[0]
    m = _ACCEPT.match(first)
    return bool(m) and not _REJECT.search(first[: m.end()]) and not _WITHDRAW.search(turn.text)


@rule("next_step", "we_will")
def we_will(ctx: Context) -> Hit | None:
    """"We'll ...", "let's ...": a shared plan for after the session."""
    if ctx.is_question:
        return None
    m = _WE_FUTURE.search(ctx.sentence)
    if not m:
        return None
    rest = m.group("rest")
    # "next time we'll talk about your sleep": talking is the session itself unless it is a later one
    later_talk = bool(_POST_SESSION.search(ctx.sentence)) and bool(
        re.match(r"(?:(?:" + _AUX + r"|some more|more)\s+)*(?:talk|discuss|look at|go over|go through|think about)\b", rest, _FLAGS)
    )
    if not later_talk and (not _WE_ACTIONS.match(rest) or not _is_action(rest)):
        if not _DELIVERABLE.match(rest):
            return None
    # "let's talk about X" is about the session itself unless a later time is named
    if not _POST_SESSION.search(ctx.sentence) and not _DELIVERABLE.match(rest) and not re.search(
        r"\b(?:go off|individual|come back|meet|again|later|after)\b", ctx.sentence, _FLAGS
    ):
        return None
    owner = "coach" if ctx.role == "coach" and _COACH_ACTION_VERBS.match(rest) else (
        "client" if ctx.role is not None else None
    )
    return Hit(action_text(rest), owner, hedge_confidence(0.7, ctx.sentence))


_RECOMMEND = re.compile(
    r"\b(?:what )?i(?:'d| would)? (?:(?:strongly|really|also) )?(?:recommend|suggest|advise)(?: is)?(?: that)? you\s+"
    r"(?:(?:should|could|try to|just|maybe)\s+)*(?P<rest>.+)$|"
    r"\bmy (?:recommendation|suggestion|advice) (?:for you )?(?:is|would be)(?: that you| for you to| to)\s+(?P<rest2>.+)$",
    _FLAGS,
)


@rule("next_step", "coach_assigns")
def coach_assigns(ctx: Context) -> Hit | None:
    """The coach gives the client something to do: "you'll send me the numbers by Friday"."""
    if ctx.role != "coach" or ctx.is_question:
        return None
    s = ctx.sentence
    m = _YOU_FUTURE.search(s)
    if m and _is_action(m.group("rest")) and not re.search(r"\bif you\b[^,]*$", s[: m.start()], _FLAGS):
        rest = m.group("rest")
        if re.match(r"(?:(?:" + _AUX + r")\s+)*(?:find|notice|see|feel|get (?:better|worse)|realize|have|be)\b",
                    rest, _FLAGS) and not _POST_SESSION.search(s):
            return None
        return Hit(action_text(rest), "client", hedge_confidence(0.7, s))
    m = re.search(r"^(?:(?:okay|ok|so|and|then|well|great|good|alright)[\s,]+)*you can (?:just )?(?P<rest>(?:continue|keep|carry on|stick)\b.*)$",
                  s, _FLAGS)
    if m and not re.search(r"\bif\b", s[: m.start("rest")], _FLAGS):
        return Hit(action_text(m.group("rest")), "client", hedge_confidence(0.6, s))
    m = re.search(r"\bi'?d (?:like|love) (?:for )?you to\s+(?:do is\s+(?:to\s+)?)?(?P<rest>.+)$|"
                  r"\bi want you to\s+(?:do is\s+(?:to\s+)?)?(?P<rest2>.+)$", s, _FLAGS)
    if m:
        rest = m.group("rest") or m.group("rest2")
        if _is_action(rest) and _POST_SESSION.search(s):
            return Hit(action_text(rest), "client", hedge_confidence(0.7, s))
    # "What I recommend is that you start in a chair": advice on what to do is for after
    # the session by its nature, so no time word is needed.
    m = _RECOMMEND.search(s)
    if m and not re.search(r"\b(?:if|would you|do you)\b", s[: m.start()], _FLAGS):
        rest = m.group("rest") or m.group("rest2")
        if _is_action(_by_gerund(rest)):
            return Hit(action_text(rest), "client", hedge_confidence(0.65, s))
    m = _IMPERATIVE.match(s)
    if m and _POST_SESSION.search(s) and not _IN_SESSION.match(m.group("rest")):
        return Hit(action_text(m.group("rest")), "client", hedge_confidence(0.65, s))
    return None


# "Just sticking with it and not getting sidetracked": resolve to persist, with no step
# named; asked what would help, this is an attitude, not something to carry out.
_PERSIST = re.compile(
    r"(?:stick(?:ing)?|keep(?:ing)?|carry(?:ing)? on|hang(?:ing)? in|push(?:ing)? through)\s+"
    r"(?:(?:with|at|on|in)\s+)?(?:it|that|this|there|going|trying|up)\b[\s,]*"
    r"(?:(?:and[\s,]+)?(?:not[\s,]+)?(?:getting|get|giving|give|being|be)[\s,]+(?:sidetracked|distracted|discouraged|up|lazy)\b[\s,.]*)?$",
    _FLAGS,
)


@rule("next_step", "answer_to_plan_question")
def answer_to_plan_question(ctx: Context) -> Hit | None:
    """Asked "what would you like to do next?", the client names an action."""
    if ctx.prev is None or ctx.is_question or ctx.role == "coach":
        return None
    asked = any(_PLAN_QUESTION.search(s) for s in ctx.prev.sentences[-2:])
    if not asked:
        return None
    if ctx.position > 1 or _HYPOTHETICAL.search(ctx.sentence):
        return None
    m = _BARE_VERB.match(ctx.sentence)
    if not m:
        return None
    rest = m.group("rest")
    first = rest.split()[0].lower()
    if first.endswith("ing") and first in ("being", "thing", "nothing", "something", "anything", "everything"):
        return None
    if not _is_action(rest) or len(rest.split()) < 2 or _PERSIST.match(rest):
        return None
    return Hit(action_text(rest), ctx.role, hedge_confidence(0.6, ctx.sentence))


# "And then ...", "also ...": the next item of a list the speaker is already making.
_LIST_GO_ON = re.compile(r"^(?:(?:and|also|then|plus|and then|and also|after that|oh)\b[\s,]*)+", _FLAGS)


@rule("next_step", "plan_continues")
def plan_continues(ctx: Context) -> Hit | None:
    """A client who has just named a step goes on: "Have my mom check on me", "and then getting into a course"."""
    if ctx.role == "coach" or ctx.is_question or not _opens_answer(ctx) or _HYPOTHETICAL.search(ctx.sentence):
        return None
    own = ctx.earlier_own(3)
    if not any("commitment" in t.hits or "next_step" in t.hits for t in own):
        return None
    if ctx.prev is not None and any(x.rstrip().endswith("?") for x in ctx.prev.sentences[-1:]) and not any(
        _PLAN_QUESTION.search(x) for x in ctx.prev.sentences[-2:]
    ):
        return None  # answering some other question
    s = _LIST_GO_ON.sub("", ctx.sentence)
    m = _BARE_VERB.match(s)
    if not m or (s == ctx.sentence and not re.match(r"(?:have (?:my|someone|somebody)|ask|get|call|put|set|keep)\b", s, _FLAGS)):
        return None  # without "and then", only a clear imperative continues the list
    rest = m.group("rest")
    first = rest.split()[0].lower()
    if first in ("being", "thing", "nothing", "something", "anything", "everything", "feeling", "going") or len(rest.split()) < 3:
        return None
    if not _is_action(rest):
        return None
    return Hit(action_text(rest), ctx.role, hedge_confidence(0.55, ctx.sentence))


@rule("next_step", "coach_plan_summary")
def coach_plan_summary(ctx: Context) -> Hit | None:
    """The coach sums up the client's plan: "it sounds like you have a good plan: ..."."""
    if ctx.role != "coach":
        return None
    m = re.search(
        r"\b(?:you(?:'ve| have)? (?:already |now |really )?(?:got |have |had )?(?:a|a good|a great|a real|a clear) plan(?: of| for)?|your plan (?:is|going forward)|"
        r"plan going forward|so (?:your|the) plan)\b[\s,:]*(?:(?:is|going forward|here)\b[\s,:]*)?(?:to\s+)?(?P<rest>.*)$",
        ctx.sentence,
        _FLAGS,
    )
    if not m or ctx.is_question:
        return None
    rest = m.group("rest").strip()
    nxt = ctx.turn.sentences[ctx.position + 1] if ctx.position + 1 < len(ctx.turn.sentences) else ""
    text = action_text(rest) if len(rest.split()) >= 2 else action_text(nxt) if nxt else "Follow the plan"
    return Hit(text or "Follow the plan", "client", hedge_confidence(0.55, ctx.sentence))


# --------------------------------------------------------------------------
# Goals: an outcome the client wants

_DESIRE = re.compile(
    r"(?:^|[\s,])(?:(?:my|our) (?:wife|husband|partner|family|girlfriend|boyfriend|kids) and )?i(?:\s+|(?='))"
    r"(?:(?:really|just|also|still|kind of|sort of|definitely|do|truly|would|'d|"
    r"was|am|'m|have always|'ve always)\s+)*"
    r"(?P<verb>want(?:ed)?|wanna|would like|'d like|'d love|would love|like|love|hope|hoping|wish|"
    r"aim|prefer|'d prefer|would prefer|'d rather|would rather|(?<=am )trying to get|(?<='m )trying to get)\s+(?:to\s+|that\s+(?=(?:i|we|he|she|they|my|our|there)\b)|for\s+|is\s+)?"
    r"(?P<rest>.+)$"
    # the subject cut off before an interjection: "-wanna stop getting in trouble"
    r"|^(?:(?:and|but|so|just|really|also)\s+)*(?P<verb2>wanna|want to|would like to|'d like to|hoping to)\s+(?P<rest2>.+)$",
    _FLAGS,
)
_NEG_DESIRE = re.compile(
    r"(?:(?:^|[\s,])i\s+|^)(?:(?:really|just|also|definitely)\s+)*(?:don'?t|do not|wouldn'?t)\s+(?:really\s+)?"
    r"(?:want to|wanna|want (?P<who>him|her|them|my (?:\w+ )?(?:son|daughter|kids?|children|family|wife|husband|baby|partner)) to)"
    r"\s+(?P<rest>.+)$",
    _FLAGS,
)
_GOAL_NOUN = re.compile(
    r"\b(?:my|the|our|one|main|biggest|big|real)\s+(?:main\s+|big\s+|biggest\s+|real\s+|ultimate\s+)?"
    r"(?:goal|aim|dream|hope|target|priority|objective)\s+(?:is|would be|will be|here is|for \w+ is)\s+"
    r"(?:to\s+|that\s+|just\s+)?(?P<rest>.+)$|\bwhat i(?:\s+(?:really\s+)?(?:want|need|would (?:really\s+)?(?:like|love))|"
    r"'d (?:really\s+)?(?:like|love)|(?:'m| am) (?:hoping|aiming) for)(?: to do| to see| to get)? is\s+(?:to\s+)?"
    r"(?P<rest2>.+)$|\bi(?:'m| am) (?:aiming|working|striving) (?:for|towards?|to)\s+(?P<rest3>.+)$",
    _FLAGS,
)
_NEED = re.compile(
    r"(?:^|[\s,])i\s+(?:(?:really|just|also|definitely|kind of)\s+)*(?:need to|have to|'ve got to|gotta|"
    r"got to|must|should)\s+(?P<rest>.+)$|(?:^|[\s,])i\s+(?:(?:really|just|also|definitely|kind of)\s+)*need\s+"
    r"(?P<rest2>(?:some|a|an|more|help|to find)\b.+)$",
    _FLAGS,
)
_WOULD_BE_GOOD = re.compile(
    r"\b(?:it'?d|it would|that'?d|that would)\s+be\s+(?:cool|nice|great|good|awesome|amazing|ideal)\s+(?:if|to)\s+"
    r"(?:i|we)?\s*(?:could\s+|can\s+)?(?P<rest>.+)$",
    _FLAGS,
)
_CHANGE = re.compile(
    r"\b(?:stop|quit|cut|reduce|lose|get|be able|become|start|keep|stay|improve|give up|find|build|save|"
    r"spend|have|make|go back|finish|learn|change|avoid|drink less|eat|exercise|walk|sleep|work|move|"
    r"provide|focus|rebuild|settle|pay|buy|feel|be)\b",
    _FLAGS,
)
_GOAL_IN_SESSION = re.compile(
    r"^(?:(?:just|really|also)\s+)*(?:talk|tell|ask|say|know (?:what|how|if|whether)|hear|mention|share|"
    r"explain|thank|apologi[sz]e|see (?:what|how|if|whether)|check|think about (?:it|that)|"
    r"go(?!\s+back\s+to\s+(?!what|something|that|your|the question))|come here|leave|be here|"
    r"you to|add|point out|clarify|make (?:it )?clear|be (?:honest|clear|fair)|start (?:with|by|off)|"
    r"(?:think|believe|say|know|make sure i understand)\b(?! (?:for|of) (?:my|a)\b)|"
    r"remind|correct|admit|put it|be here)\b",
    _FLAGS,
)
# Frames that keep a wish from being an aim: a counterfactual ("if I had time, I'd like..."),
# doubt ("I don't think I need to..."), someone else's words ("she keeps saying I need to...").
_GOAL_FRAME = re.compile(
    r"(?:^|[\s,])(?:if|unless|suppose|supposing)\s+(?:i|we|you|he|she|they|it|things)\s+(?:\w+\s+)?"
    r"(?:had|were|was|could|did|would|went|got|knew|wanted)\b[^.]*$|"
    r"\b(?:don'?t|do not|doesn'?t|didn'?t) (?:think|believe|feel like|know (?:if|whether|that))\b|"
    r"\b(?:not sure|no idea|i doubt|not that)\b|"
    r"\b(?:said|says|told me|tells me|keeps saying|asked me|goes|was like|is like)\s*,?\s*[\"“]?\s*$",
    _FLAGS,
)
# Wishes about what cannot now be: "I wish I had...", "I wish I could go back".
_COUNTERFACTUAL = re.compile(
    r"\bwish(?:ed)?\s+(?:that\s+)?(?:i|we|it|there|things|he|she|they|my)\b(?:\s+\w+)?\s*(?:had|could|was|were|"
    r"would|did|'d|knew|hadn'?t|wasn'?t|weren'?t|didn'?t)\b|\b(?:would|'d) have (?:liked|loved|wanted)\b",
    _FLAGS,
)


# "when I want to", "the job that I want": the wish sits inside another clause. A reason
# ("because I want to be there for them") still states the aim, and so does a complement
# ("the thing is that I want ...", "the fact that I really want ...").
_SUBORDINATE = re.compile(
    r"\b(?:when|whenever|what|where|if|(?<!\bis )(?<!\bfact )(?<!\bknow )(?<!\bmean )(?<!\bthink )(?<!\bguess )that|which|who|how)"
    r"\s+(?:\w+\s+)?i\b[^,.]*$",
    _FLAGS,
)


def _own_clause(before: str) -> str:
    """The words before a trigger back to the last "but"/"so"/";": a frame before them is over."""
    parts = re.split(r"[;.]|,?\s+\b(?:but|so|and then|although|though)\b", before, flags=_FLAGS)
    return parts[-1]


_SUBORDINATOR = re.compile(r"\b(?:when|whenever|what|where|if|that|which|who|how)\b", _FLAGS)


def _subordinate(before: str) -> bool:
    """True when the nearest clause opener before a wish makes it a subordinate clause."""
    starts = [m.start() for m in _SUBORDINATOR.finditer(before)]
    if not starts:
        return False
    # look from a few words before the last opener, so "the fact that" keeps its "fact"
    tail = before[max(0, starts[-1] - 6):]
    return bool(_SUBORDINATE.search(tail))


def _goal_ok(ctx: Context, rest: str, *, trigger_at: int | None = None, subordinate: bool = True) -> bool:
    if ctx.role == "coach" or ctx.is_question:
        return False
    if trigger_at is not None and _GOAL_FRAME.search(_own_clause(ctx.sentence[: trigger_at + 1])):
        return False
    if _GOAL_IN_SESSION.match(rest.strip()) and not _POST_SESSION.search(rest):
        return False
    if subordinate and trigger_at is not None and _subordinate(ctx.sentence[: trigger_at + 2]):
        return False  # "getting up when I want to": the wish is not the main clause
    text = action_text(rest)
    words = text.split()
    if len(words) < 2 or words[-1].lower() in ("like", "to", "a", "the", "and", "be", "that", "my", "of"):
        return False
    return True


@rule("goal", "desire")
def desire(ctx: Context) -> Hit | None:
    """I want to / I'd like to / I'm hoping to + an outcome."""
    pos = 0
    while (m := _DESIRE.search(ctx.sentence, pos)) is not None:
        pos = m.start() + 2
        hit = _desire_hit(ctx, m)
        if hit is not None:
            return hit
    return None


def _desire_hit(ctx: Context, m: re.Match[str]) -> Hit | None:
    if m.group("verb2"):
        if not _goal_ok(ctx, m.group("rest2"), trigger_at=m.start()):
            return None
        return Hit(action_text(m.group("rest2")), None, hedge_confidence(0.65, ctx.sentence))
    rest, verb = m.group("rest"), m.group("verb").lower()
    if verb.startswith("trying"):
        # "I'm trying to get to 150": an aim; "I'm trying to get him to ..." is not the client's outcome
        if re.match(r"(?:him|her|them|you|it|people|everyone|someone|somebody|some|a|an|the|that|this)\b", rest, _FLAGS):
            return None
        rest = ctx.sentence[m.start("verb") + len("trying to "):]
    if "rather" in verb:
        rest = re.sub(r"^not\s+", "not ", rest, flags=_FLAGS)
        if re.match(r"(?:not\s+)?(?:talk|say|tell|go into|discuss|think about|answer|wait|leave it)\b", rest, _FLAGS):
            return None  # "I'd rather not talk about it" is about the session
    # only the words up to the desire verb: "back to where I was" in the aim is no past wish
    said = ctx.sentence[m.start():m.start("rest")]
    if verb in ("like", "love") and not re.search(r"(?:would|'d)\s+(?:really\s+)?(?:like|love)", said, _FLAGS):
        return None  # "I like cars" is a taste, not an aim
    if verb == "wanted" and not re.search(r"\b(?:always|still)\b", said, _FLAGS):
        return None  # "I wanted to..." is a past wish
    if re.search(r"\b(?:was|were)\b", said, _FLAGS) and verb != "hoping":
        return None  # "I was wanting to..."
    if verb == "wish" and _COUNTERFACTUAL.search(ctx.sentence[m.start():]):
        return None
    if not _goal_ok(ctx, rest, trigger_at=m.start()):
        return None
    if re.match(r"(?:you|him|her|them|it|that|this)\b", rest, _FLAGS) and not re.match(
        r"(?:him|her|them)\s+to\b|(?:my|our)\b", rest, _FLAGS
    ):
        return None
    base = 0.8 if verb not in ("wanted", "hope", "hoping", "wish") else 0.65
    return Hit(action_text(rest), None, hedge_confidence(base, ctx.sentence))


@rule("goal", "goal_noun")
def goal_noun(ctx: Context) -> Hit | None:
    """"My goal is to ...", "what I really want is ..."."""
    m = _GOAL_NOUN.search(ctx.sentence)
    if not m:
        return None
    rest = m.group("rest") or m.group("rest2") or m.group("rest3")
    if not _goal_ok(ctx, rest):
        return None
    return Hit(action_text(rest), None, hedge_confidence(0.9, ctx.sentence))


_GOAL_QUESTION = re.compile(
    r"\b(?:what(?:'s| is| are| would be)? (?:your|the) (?:overall |main |big |biggest )?(?:goals?|aim|hope)|"
    r"what (?:are|were) you (?:working|aiming|hoping) (?:towards?|for)|what do you (?:really )?(?:want|hope|wanna)|"
    r"what would you (?:like|want)(?! me\b)|how would you like (?:it|things|that|your life)|where (?:do|would) you "
    r"(?:want|wanna|like) to (?:be|get)|what would (?:a|your) \w+(?: \w+)? (?:life )?look like|"
    r"what (?:do|would) you want (?:your|the) \w+ to look like|what would be different|what else would help|"
    r"(?:happy|good|better|ideal|perfect|dream)\s+(?:life|future)\b[^.]*\?|"
    # "what would you put down as your goal?", "where would you wanna go with your drinking?"
    r"(?:put|write|set|have) (?:down )?(?:as )?(?:your|a|the) (?:goal|target|aim)|"
    r"where (?:do|would|will) you (?:want to|wanna|like to|'d like to|hope to|see yourself) (?:go|be|get|end up|going|being|getting)|"
    r"where (?:would|do) you (?:like|want) (?:it|things|your \w+) to (?:be|go|end up)|"
    r"what (?:would|will|could) make (?:this|it|that|today|our time|(?:the|these|our|this) \w+) (?:worthwhile|worth it|a success|useful)|"
    r"what (?:would|does|will) success look like|what (?:are|were) you hoping (?:for|to get)|"
    r"what do you hope (?:to|for|will)|what (?:would|do) you (?:like|want|wanna) to (?:change|see (?:happen|change|different))|"
    r"(?:something|things?|anything) (?:that )?you(?:'d| would)? (?:like|want|wanna) to (?:change|work on|be different)|"
    r"(?:willing|ready|prepared) to (?:think about )?(?:do(?:ing)? )?(?:to )?change)",
    _FLAGS,
)
# Outcome verbs: the changed state the client is after ("cut back", "get my sugar down").
_OUTCOME_VERB = (
    r"(?:cut(?:ting)? (?:back|down|out)|cut|quit(?:ting)?|stop(?:ping)?|reduc(?:e|ing)|los(?:e|ing)|drink(?:ing)? (?:less|no more|"
    r"under|fewer|only)|smok(?:e|ing) (?:less|no more|fewer|only)|eat(?:ing)? (?:less|better|healthier|more)|"
    r"get(?:ting)? (?:back|down|my|to|in|into|out|off|a|rid|fit|healthy|better|some|more)|be(?:ing)? (?:able|more|less|a|an|"
    r"healthy|healthier|fit|happy|happier|free|there|around|off|clean|sober|active|independent|back)|"
    r"hav(?:e|ing) (?:more|less|a|an|my|some|no)|feel(?:ing)? (?:better|good|healthy|healthier|more|less)|"
    r"spend(?:ing)? (?:more|less)|keep(?:ing)? (?:my|the|a)|stay(?:ing)? (?:off|sober|clean|healthy|out|away)|"
    r"find(?:ing)? (?:a|some|work|ways?)|start(?:ing)? (?:\w+ing|a|my)|improv(?:e|ing)|sav(?:e|ing)|lower(?:ing)?|"
    r"rebuild(?:ing)?|regain(?:ing)?|retire|go(?:ing)? back to)\b"
)
# "I guess I could use those numbers, but I could try to drink less than three a night":
# the outcome sits after a modal or "to", past the hedges that open the answer.
_ANSWER_OUTCOME = re.compile(
    r"(?:^|\b(?:could|would|'d|will|'ll|can|to|going to|gonna|wanna|would be to|is to)\s+(?:(?:try|like|want|aim|probably|maybe|"
    r"just|really|at least|definitely)\s+(?:to\s+)?)*)(?P<rest>" + _OUTCOME_VERB + r".*)$",
    _FLAGS,
)
# "No more than 18 drinks a week", "more time with my kids", "less stress": an outcome as a noun phrase.
_OUTCOME_NP = re.compile(
    r"^(?P<rest>(?:no more than|not more than|less than|fewer than|under|at most|down to|more|less|fewer|a (?:better|healthier|"
    r"steady|good|new|stable|nice)|better|some (?:more )?)\b.+)$",
    _FLAGS,
)
# "The natural thing would be to cut back": the best course named as an aim.
_BEST_COURSE = re.compile(
    r"\bthe (?:natural|obvious|best|right|sensible|logical|smart|main|ideal|healthiest) (?:thing|step|option|move|choice)"
    r"(?: to do)? (?:would be|is|will be) (?:to |for me to )?(?P<rest>.+)$",
    _FLAGS,
)
_ANSWER_OPENERS = re.compile(
    r"^(?:(?:yeah|yes|well|so|and|but|just|i guess|i think|i suppose|probably|maybe|um|i mean|i don'?t know|honestly|"
    r"ideally|hopefully|doing the math|realistically|to be honest|for me|oh|okay|ok)\b[\s,.]*)+",
    _FLAGS,
)
_GOAL_DEICTIC = re.compile(r"\b(?:that|this|it)(?:'s| is| would be| will be) (?:my|the) (?:main |big |real )?goal\b", _FLAGS)


def _opens_answer(ctx: Context) -> bool:
    """True for the first sentence of a turn, or the second after a bare "yeah."."""
    if ctx.position == 0:
        return True
    return ctx.position == 1 and len(ctx.turn.sentences[0].split()) <= 3 and not ctx.turn.sentences[0].endswith("?")


@rule("goal", "answer_to_goal_question")
def answer_to_goal_question(ctx: Context) -> Hit | None:
    """Asked what they want, the client names an outcome: "Get a steady job", "no more than 18 a week"."""
    if not _opens_answer(ctx) or ctx.prev is None or ctx.role == "coach" or ctx.is_question:
        return None
    asked = ctx.asked()
    if not any(_GOAL_QUESTION.search(s) for s in asked) or any(_PLAN_QUESTION.search(s) for s in asked):
        return None  # "what would you like to do next?" asks for a step, not an outcome
    s = _ANSWER_OPENERS.sub("", ctx.sentence)
    if re.match(r"(?:i don'?t|not sure|no\b(?! more| longer)|nothing|i have no|let'?s|i know if|if\b)", s, _FLAGS) or _WITHDRAW.match(s):
        return None  # "let's start tomorrow" settles a step; "if I lose my job ..." is a fear
    if re.match(r"(?:more or less|pretty much|kind of|sort of|not really|exactly|i (?:really |definitely )?(?:do|did|am|will|would|can|"
                r"have)\b\W*$|(?:that|which) means?\b|(?:i'?d |i would )?say\b|(?:for|in|on|at|by|since|until|around|about|"
                r"like|maybe|probably) (?:about |around |like )?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b)",
                s, _FLAGS):
        return None  # agreement, a rating, a length of time, or a consequence worked out aloud
    if s.rstrip(" .!").split()[-1:] and s.rstrip(" .!").split()[-1].lower() in ("to", "a", "the", "and", "my", "of", "be"):
        return None  # cut off before the outcome was said
    m = _OUTCOME_NP.match(s)
    if m and len(s.split()) >= 3:
        return Hit(action_text(m.group("rest")), None, hedge_confidence(0.6, ctx.sentence))
    # a hedged frame around the outcome: keep the outcome ("I could try to drink less than three")
    m = _BEST_COURSE.search(s) or _ANSWER_OUTCOME.search(s)
    if m and (m.start("rest") > 0 or _BEST_COURSE.search(s)):
        if _HYPOTHETICAL_PAST.search(s[: m.start("rest")]):
            return None
        return Hit(action_text(m.group("rest")), None, hedge_confidence(0.6, ctx.sentence))
    s = re.sub(r"^i(?:'ll|'d| will| would)\s+(?:still\s+)?", "", s, flags=_FLAGS)
    if len(s.split()) < 3:
        return None
    if re.match(r"(?:that|it|this|there)(?:'s|\s+is|\s+was)\b|(?:someone|somebody|anyone|people|a person)\b", s, _FLAGS):
        return None  # an evaluation or a description of others, not an outcome
    if _NON_ACTION.match(s) and not re.match(r"(?:be|have|feel)\b", s, _FLAGS):
        return None
    if re.match(r"(?:i|we|he|she|they|my \w+)\s+(?:was|were|had|did|used|went|got|\w+ed)\b", s, _FLAGS):
        return None  # a story about the past answers nothing about the future
    return Hit(action_text(s), None, hedge_confidence(0.6, ctx.sentence))


# "if I had ...": a counterfactual frame before the outcome.
_HYPOTHETICAL_PAST = re.compile(r"\bif (?:i|we) (?:had|were|was|could have)\b|\bwould have\b|\bused to\b", _FLAGS)


@rule("goal", "best_course")
def best_course(ctx: Context) -> Hit | None:
    """"I think the natural thing would be to cut back on my drinking": the aim the client settles on."""
    m = _BEST_COURSE.search(ctx.sentence)
    if not m or not _goal_ok(ctx, m.group("rest"), trigger_at=m.start()):
        return None
    rest = m.group("rest")
    if not re.match(_OUTCOME_VERB, rest, _FLAGS):
        return None  # "the best thing is to call her" is a step, not an outcome
    return Hit(action_text(rest), None, hedge_confidence(0.7, ctx.sentence))


# "I know I need to." / "I do want to.": the aim is the one just asked about.
_ELLIPTIC_WANT = re.compile(
    r"^(?:(?:yeah|yes|well|i mean|i guess|i think|oh)\b[\s,.]*)*(?:i know (?:that )?)?i (?:(?:really|do|really do|definitely|"
    r"would|'d|still)\s+)*(?:want to|wanna|need to|have to|would like to|'d like to|'d love to|would love to)[\s.!,]*"
    r"(?:,?\s*(?:and|but)\b.*)?$",
    _FLAGS,
)
_ASKED_WANT = re.compile(
    r"\b(?:want(?:s)? to|wanna|would like to|'d like to|need to|ready to|thinking about|thought about)\s+"
    r"(?P<rest>(?!talk|tell|say|ask|share|go over|start with|add|know)[^?]+)\?",
    _FLAGS,
)


@rule("goal", "elliptic_want")
def elliptic_want(ctx: Context) -> Hit | None:
    """Coach: "part of you really does want to quit?" Client: "I know that I need to.": the aim is the coach's words."""
    if not _opens_answer(ctx) or ctx.prev is None or ctx.role == "coach" or ctx.is_question:
        return None
    head = re.split(r",?\s+\b(?:and|but)\b", ctx.sentence, maxsplit=1, flags=_FLAGS)[0]
    if not _ELLIPTIC_WANT.match(head) or re.search(r"\b(?:not|n't|never)\b", head, _FLAGS):
        return None
    for s in reversed(ctx.prev.sentences[-2:]):
        m = _ASKED_WANT.search(s)
        if m and re.match(_OUTCOME_VERB, m.group("rest").strip(), _FLAGS):
            return Hit(action_text(m.group("rest")), None, hedge_confidence(0.6, ctx.sentence))
    return None


@rule("goal", "that_is_my_goal")
def that_is_my_goal(ctx: Context) -> Hit | None:
    """"... cutting back to two drinks a night. That would be my goal.": the goal is the sentence before."""
    if ctx.role == "coach" or not _GOAL_DEICTIC.search(ctx.sentence) or ctx.position == 0:
        return None
    before = ctx.turn.sentences[ctx.position - 1]
    m = re.search(r"\b(?:consider|think about|try|like to|want to|could|would)\s+(?P<rest>.+)$", before, _FLAGS)
    text = action_text(m.group("rest") if m else before)
    return Hit(text, None, hedge_confidence(0.8, ctx.sentence)) if len(text.split()) >= 2 else None


# Outcomes a person steers away from: a change of state, not an activity.
_BAD_OUTCOME = re.compile(
    r"(?:(?:ever|really|just)\s+)*(?:end up|wind up|lose|become|turn into|grow up (?:like|to be)|be like|"
    r"be (?:one of those|that (?:kind of )?(?:person|guy|girl|woman|man|mom|dad|parent))|die|get (?:sick|sicker|worse|fat|"
    r"arrested|locked up|fired|kicked out|hurt|divorced)|fail|ruin|hurt|repeat|make the same|"
    r"make (?:\w+\s+){0,2}(?:any\s+)?worse)\b",
    _FLAGS,
)
# What a client does not want for the people they look after: growing up into the habit.
_BAD_FOR_OTHERS = re.compile(
    r"(?:ever\s+)?(?:grow up (?:thinking|like|to be|around|seeing)|think (?:that )?(?:it'?s|smoking|drinking|\w+ing) (?:is )?"
    r"(?:ok|okay|normal|fine|cool)|see me (?:\w+ing|drunk|high|like that)|go through (?:what|that|this)|end up (?:like|in|with)|"
    r"(?:start|pick up) (?:smoking|drinking|using)|have to (?:\w+ )?(?:take care|look after|worry|deal))",
    _FLAGS,
)


@rule("goal", "avoidance")
def avoidance(ctx: Context) -> Hit | None:
    """"I don't want to end up like that": an outcome to stay away from."""
    m = _NEG_DESIRE.search(ctx.sentence)
    # "... like that" names the outcome by pointing back: "I don't want to be like that"
    rest_ok = re.sub(r"\blike (?:that|this|him|her|them)\s*[.!]?$", "like X", m.group("rest"), flags=_FLAGS) if m else ""
    if not m or not _goal_ok(ctx, rest_ok, trigger_at=m.start()):
        return None
    rest = m.group("rest")
    if m.group("who"):
        if not _BAD_FOR_OTHERS.match(rest):
            return None  # "I don't want her to know" is not an outcome the client works toward
        text = action_text(rest)
        return Hit(f"{m.group('who').capitalize()} not to {text[:1].lower() + text[1:]}", None,
                   hedge_confidence(0.55, ctx.sentence))
    if not _BAD_OUTCOME.match(rest):
        return None  # "I don't want to pay a year up front" is a preference, not an aim
    if re.match(r"(?:quit|stop|cut|change|give up|do (?:it|that|this))\b", rest, _FLAGS):
        return None  # a refusal to change is not an aim
    if re.match(r"(?:talk|think|go into|know|hear|deal)\b", rest, _FLAGS):
        return None
    text = action_text(rest)
    return Hit(f"Not {text[:1].lower() + text[1:]}" if text else text, None, hedge_confidence(0.6, ctx.sentence))


@rule("goal", "would_be_good")
def would_be_good(ctx: Context) -> Hit | None:
    """"It'd be great if I could ...": a wish about the future."""
    m = _WOULD_BE_GOOD.search(ctx.sentence)
    if not m or not _goal_ok(ctx, m.group("rest")):
        return None
    return Hit(action_text(m.group("rest")), None, hedge_confidence(0.6, ctx.sentence))


@rule("goal", "need_to_change")
def need_to_change(ctx: Context) -> Hit | None:
    """"I need to get a job": a felt necessity about the client's own life."""
    m = _NEED.search(ctx.sentence)
    if not m:
        return None
    rest = m.group("rest") or m.group("rest2")
    if not _goal_ok(ctx, rest, trigger_at=m.start(), subordinate=False):
        return None
    if re.match(r"(?:(?:just|so|and|but)\s+)*(?:when|whenever|every time|each time)\b", ctx.sentence, _FLAGS):
        return None  # "when she's at work, I have to keep busy" describes a routine
    if re.search(r"\b(?:before|after|until|till|once|by the time)\s+i\b(?:\s+\w+)?\s*$", ctx.sentence[: m.start() + 2], _FLAGS):
        return None  # "I have time before I have to go back to work": a timing, not an aim
    if m.group("rest") and not _CHANGE.match(rest.strip()) and not re.match(r"(?:(?:really|slowly|just)\s+)+", rest, _FLAGS):
        return None
    if re.search(r"\b(?:they|he|she|doctor|you) (?:said|told|say)\b", ctx.sentence, _FLAGS) and not re.search(
        r"\bbe able\b", rest, _FLAGS
    ):
        return None
    return Hit(action_text(rest), None, hedge_confidence(0.55, ctx.sentence))


# --------------------------------------------------------------------------
# Insights: the client puts something about themselves into words

_REALIZE = re.compile(
    r"\bi(?:'ve| have|'m| am)?\s+(?:(?:just|now|really|kind of|sort of|finally|been|actually|also|can|do|definitely)\s+)*"
    r"(?:realiz|realis|notic|recogni[sz]|figured out|learn(?:ed|t)|discover|understand (?:that|now|why|how)|"
    r"see (?:that|now|why|how|it now)|get it now|(?:am|'m) (?:starting|beginning) to (?:see|understand|get)|admit|"
    r"(?:'ve |have )?found (?:that|out that)|(?:starting|beginning) to (?:realiz|notic|see|understand|think that))\w*|"
    r"\bit (?:just\s+)?(?:hit|struck|dawned on|occurred to) me\b",
    _FLAGS,
)
_NEVER_THOUGHT = re.compile(
    r"\bi (?:never|didn'?t|did not|hadn'?t|had never)\s+(?:really\s+)?(?:thought|realiz\w*|notic\w*|knew|"
    r"looked at it|saw it|think (?:about|of) it|think it was|considered)\b|\bi hadn'?t (?:really\s+)?considered\b",
    _FLAGS,
)
_MAKES_ME = re.compile(
    r"\b(?:that|it|this)\s+(?:makes|made)\s+(?:me\s+(?:realiz|think|see|understand|feel like)|it look like|"
    r"(?:a lot of\s+)?sense)\w*|\bthat'?s (?:why|because) i\b|\bit'?s (?:just\s+)?(?:because|'cause) i\b|"
    r"\b(?:it|that) (?:could|might|may|must) (?:be|have been) (?:just\s+)?(?:because|'cause)\b|"
    r"\b(?:maybe|probably) (?:it'?s |that'?s )?(?:just\s+)?(?:because|'cause) i\b|"
    # naming what set one's own change going: "it was the impetus to get me to go"
    r"\b(?:was|is|has been|been) (?:really |kind of |like )?(?:the|a|my) (?:real |big )?"
    r"(?:impetus|wake-?up call|eye[- ]opener|turning point)\b",
    _FLAGS,
)
_SELF_CAUSE = re.compile(
    r"\bi\s+(?:(?:just|only|usually|always|tend to|probably)\s+)*\w+(?:\s+\w+){0,4}\s+(?:because|'cause|cause|when(?:ever)?)"
    r"\s+i(?:'m|\s+am|\s+feel|\s+get|\s+don'?t|\s+can'?t|\s+have|\s+was)\b|\b(?:because|'cause)\s+i(?:'m| am)\s+"
    r"(?:very |really |so |a |kind of )*(?!ready\b|willing\b)\w+|"
    # a reason of one's own, voiced: "... cause I don't want to be crippled by a stroke"
    r"\b(?:because|'cause|cause)\s+i\s+(?:really\s+)?(?:don'?t|do not)\s+(?:want|wanna)\b",
    _FLAGS,
)
_EVALUATE = re.compile(
    r"\b(?:(?:that|it|this)\s+(?:could|might|may)\s+be\s+a\s+problem|(?:it'?s|that'?s|this is) "
    r"(?:not worth|scary|a problem|my (?:own )?(?:choice|fault|problem|decision))|not worth it|"
    r"(?:it|that|this)\s+(?:really\s+)?scares me|i'?m (?:scared|afraid) (?:that|of)|"
    r"gets in the way|doesn'?t fit|the (?:real\s+)?(?:thing|problem|issue|reason) is|"
    r"what i (?:really\s+)?miss (?:most\s+)?is|i (?:really\s+)?miss being|not fair (?:to|on)|"
    r"i(?:'m| am) (?:drinking|smoking|using|eating|spending) (?:way )?too much|i tend to|"
    r"i(?:'ve| have) always been|i know (?:that )?(?:it'?s|nobody|no one|this|my|i don'?t|i can'?t|i'?m not|when i|"
    r"if i|whenever i|if it|when it|once i)|more important than|i almost feel|i (?:just |really )?don'?t like (?:how|the way|the amount|"
    r"what|that i|it when)|i (?:\w+ )?feel (?:\w+ )?(?:worse|better|bad|guilty|awful|terrible|good|down) (?:after|when|"
    r"whenever|if|because)|it'?s (?:really |so |kind of |a lot |much )?(?:hard|harder|difficult|easier) (?:for me )?"
    r"(?:to|getting|when|because)|"
    r"(?:if|when|now that) i think about it|come to think of it|"
    # a state of mind named for oneself: "I'm just tired of ...", "I'm at war with myself"
    r"i(?:'m| am) (?:just |so |really |getting |kind of |sort of |a little |pretty )*(?:sick and tired|tired|fed up)"
    r" (?:of|with) (?!you\b|feeling\b|(?:this|the|our) (?:conversation|session|question)s?\b)|"
    r"(?:at war|in conflict|fighting|battling|torn) (?:with myself|between)|i(?:'m| am) (?:so |really )?torn\b|"
    r"(?:that|it)'?s (?:probably |kind of |really |just )*"
    r"(?:the|my) (?:main |real |common |whole |hard )?(?:reason|problem|cause|theme|issue|battle|struggle|dilemma|"
    r"part|catch|trouble))\b",
    _FLAGS,
)


_DENIAL = re.compile(
    r"\b(?:don'?t think (?:it'?s|that'?s|i'?m)|not a problem|no problem|"
    r"don'?t (?:know|see) why (?:it'?s|that'?s|this is|it would be) (?:a|such a) (?:problem|big deal)|(?:she|he|they|\w+) (?:thinks|says|said|"
    r"told me|keeps saying))\b",
    _FLAGS,
)


def _insight_ok(ctx: Context, min_words: int = 5) -> bool:
    # Insights are the client's own words; a coach's reflection never counts. Very short
    # sentences are mostly agreement ("yeah, that makes sense").
    if ctx.role == "coach" or ctx.is_question or len(ctx.sentence.split()) < min_words:
        return False
    return not _DENIAL.search(ctx.sentence)


@rule("insight", "realization")
def realization(ctx: Context) -> Hit | None:
    """I realized / I notice / I can see now ..."""
    if not _insight_ok(ctx) or not _REALIZE.search(ctx.sentence):
        return None
    return Hit(_insight_text(ctx.sentence), None, hedge_confidence(0.85, ctx.sentence) + 0.1)


@rule("insight", "never_thought")
def never_thought(ctx: Context) -> Hit | None:
    """I never thought about it that way / I didn't think it was much, but ..."""
    if not _insight_ok(ctx) or not _NEVER_THOUGHT.search(ctx.sentence):
        return None
    return Hit(_insight_text(ctx.sentence), None, 0.75)


@rule("insight", "makes_me_see")
def makes_me_see(ctx: Context) -> Hit | None:
    """That makes me realize / that's why I ... / it's because I ..."""
    if not _insight_ok(ctx) or not _MAKES_ME.search(ctx.sentence):
        return None
    return Hit(_insight_text(ctx.sentence), None, hedge_confidence(0.7, ctx.sentence) + 0.1)


@rule("insight", "self_explanation")
def self_explanation(ctx: Context) -> Hit | None:
    """I drink when I'm bored / because I'm self-conscious: a cause named for oneself."""
    if not _insight_ok(ctx) or not _SELF_CAUSE.search(ctx.sentence):
        return None
    return Hit(_insight_text(ctx.sentence), None, hedge_confidence(0.6, ctx.sentence) + 0.1)


@rule("insight", "self_evaluation")
def self_evaluation(ctx: Context) -> Hit | None:
    """It's not worth it / that could be a problem / what I miss most is ..."""
    if not _insight_ok(ctx) or not _EVALUATE.search(ctx.sentence):
        return None
    return Hit(_insight_text(ctx.sentence), None, hedge_confidence(0.6, ctx.sentence) + 0.1)


# A view of one's own situation newly put into words: what it comes down to, what it is
# really about, the reason behind one's own behaviour, a contrast drawn between two readings.
_REFRAME = re.compile(
    r"\b(?:comes|boils|came) down to\b|"
    r"\b(?:it|that|this)(?:'s| is| was) (?:really |all |more |just )+about\b|"
    r"\bthe (?:real |main |only )?reason (?:why |that )?i\b[^.]*?\b(?:is|was)\b|"
    r"\bit'?s not (?:just |really |that |about |so much )?[^.]{1,50}?[,;]\s*(?:it'?s|it is)\b|"
    r"\bit'?s not (?:just |really |that |about |so much )?[^.]{1,50}?\bit'?s (?:more|really|about|that)\b|"
    r"\bi (?:was thinking|thought|used to think|always thought) (?:that |this |it |i |my )[^.]*\bbut\b|"
    r"\b(?:it|that) (?:just )?(?:doesn'?t|does not|didn'?t) (?:really )?(?:fit|add up|sit right)\b|"
    r"\b(?:doesn'?t|don'?t|does not|do not) (?:really )?fit (?:in )?with\b",
    _FLAGS,
)
# What a person notices about how they work: what helps, what never works for them,
# the moods they fall into, what a habit does for them, what they cannot seem to do.
_SELF_PATTERN = re.compile(
    # "that really helps" on its own thanks the coach; "talking really helps" observes oneself
    r"(?<!that )(?<!this )(?<!it )\b(?:really|actually|definitely) helps?\b|\bhelps? me (?:to )?(?:relax|calm|cope|deal|unwind|forget|"
    r"feel|stay|get through|focus|sleep)|\bwhat (?:really )?helps (?:me )?(?:most |the most )?is\b|"
    r"\b(?:works|worked) (?:better|best) for me\b|"
    r"\b(?:never|doesn'?t|don'?t|didn'?t|won'?t) (?:really |ever )?(?:work|works|worked) (?:out )?for me\b|"
    r"\bit'?s (?:sort of |kind of |just |like |also )*(?:a|my|the|our) (?:only |easy |main )?way (?:for me )?(?:to|of)\b|"
    r"\bi (?:just |always |usually |tend to |kind of |sort of |often )*get (?:so |really |kind of |very |a bit |too )*"
    r"(?:bored|lonely|stressed|anxious|angry|upset|frustrated|nervous|depressed|overwhelmed|irritable|restless|"
    r"cranky|moody|defensive|mad|tired|down)\b|"
    r"\bi (?:just )?can'?t (?:seem to|ever|ever seem to|help|stop myself)\b",
    _FLAGS,
)
# "When I get home, I just eat": a present-tense when/whenever/every-time clause followed
# by the speaker's own reaction. Past clauses ("when I was little, I ...") are history and
# a future main clause ("when I get there, I'll call") is a promise, not an observation.
_WHEN_I_I = re.compile(
    r"\b(?:when(?:ever)?|every time|each time|any time|if ever)\s+i(?:'m\s+|\s+)(?P<cond>[^,.;]{2,50}?),?\s+"
    r"(?:i|it)\s+(?P<main>(?!'ll|will|'m going|am going|would|'d|could|can|should|gotta|need|have to)[^.]{3,})",
    _FLAGS,
)
_PAST_WORDS = re.compile(
    r"\b(?:was|were|had|did|used to|went|got|came|little|young|kid|back then|started|\w{3,}ed)\b", _FLAGS
)
_EMOTION_ED = re.compile(r"\b(?:stressed|bored|tired|depressed|frustrated|worried|upset|overwhelmed|annoyed|"
                         r"pissed|scared|stuck|wired|exhausted|relaxed|isolated)\b", _FLAGS)


def _present(clause: str) -> bool:
    # "-ed" adjectives of feeling ("when I'm stressed") are present, not past tense.
    return not _PAST_WORDS.search(_EMOTION_ED.sub("", clause))


_PLAN_BEFORE = re.compile(r"\b(?:gonna|going to|will|'ll|try(?:ing)? to|plan to)\b", _FLAGS)


def _when_i_i(sentence: str) -> bool:
    m = _WHEN_I_I.search(sentence)
    if not m or _PLAN_BEFORE.search(sentence[: m.start()]):
        return False  # "I'm gonna try that when I get the urge": a plan, not an observation
    return _present(m.group("cond")) and _present(m.group("main")[:40])


@rule("insight", "reframe")
def reframe(ctx: Context) -> Hit | None:
    """It comes down to ... / it's not X, it's Y / the reason I ... is / it doesn't fit."""
    if not _insight_ok(ctx, min_words=3) or not _REFRAME.search(ctx.sentence):
        return None
    return Hit(_insight_text(ctx.sentence), None, hedge_confidence(0.65, ctx.sentence) + 0.1)


@rule("insight", "self_pattern")
def self_pattern(ctx: Context) -> Hit | None:
    """Talking really helps / it never works for me / when I get home, I just eat."""
    if not _insight_ok(ctx) or not (_SELF_PATTERN.search(ctx.sentence) or _when_i_i(ctx.sentence)):
        return None
    return Hit(_insight_text(ctx.sentence), None, hedge_confidence(0.55, ctx.sentence) + 0.1)


def _insight_text(sentence: str) -> str:
    t = re.sub(r"^(?:(?:yeah|yes|no|well|so|and|but|oh|okay|right|i mean|i don'?t know)\b[\s,.]*)+", "", sentence, flags=_FLAGS)
    t = t.strip(" ,.")
    return t[:1].upper() + t[1:] if t else sentence

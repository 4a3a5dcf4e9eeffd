"""Small pieces of English grammar the rules share: who acts, whether it is an action,
whether it is reported, hypothetical or withdrawn, and the item's clean text."""

from __future__ import annotations

import re

from recap.extract import lexicon as lx
from recap.extract.text import sentence_case

_F = re.I

# --- the action after a marker ----------------------------------------------------------

_LEAD_IN = (
    rf"(?:(?:{lx.ADVERB}|go ahead and|try to|try and|start to|begin to|make sure (?:to|i|that i)|"
    rf"be able to|able to|have to|need to|get to|go and|come and)\s+)*"
)
_IN_SESSION_RE = re.compile(rf"^{_LEAD_IN}{lx.IN_SESSION}\b", _F)
_STATE_RE = re.compile(rf"^{_LEAD_IN}{lx.STATE}\b", _F)
# ... unless the state verb is really a plan: "be there at eight", "be home by six", "see a doctor"
# (not waiting to see: "see how it goes", "see how brave I'm feeling", "see how I feel").
_STATE_BUT_ACTION = re.compile(
    rf"^{_LEAD_IN}(?:find out (?:whether|if|about)|notice (?:when|how|what|where|each|every|the (?:[\w-]+ ){{0,3}}?(?:urges?|moments?|times?|cravings?))|be (?:there|at|on time|home|back|in touch|sure to)|see (?:a|the|my|your|him|her|them|if|about|"
    rf"whether|how(?! (?:i|it|things|that|this|we|you) (?:go|goes|going|get on|pan out|turn out|work out))(?! (?:[a-z]+ )?(?:i'm|i am|i feel)\b))|have (?:a (?:(?:proper|good|quick|little|closer) )?(?:talk|chat|word|look|go|think|conversation|drink|cup|read|try|listen)|the (?:talk|conversation))|"
    # "have a draft done by the weekend", "have the report finished": a thing to be done, not a having
    rf"have (?:a|an|the|my|it|that|this|both|all)\b[^.,;]{{0,30}}\b(?:done|ready|finished|written|drafted|sent|"
    rf"booked|sorted|signed|fixed|cleared|submitted)\b|"
    rf"need to|want to)\b",
    _F,
)
# Something done to a thing at hand, now: "just put it here", "get it out", "plug this in".
_AT_HAND = re.compile(
    r"^(?:(?:just|quickly|now|first) \w+ (?:it|this|that|these|those|them)|\w+ (?:this|these)|"
    r"\w+ (?:it|that|them|those)(?= (?:here|there|now|again|quickly)\b))"
    r"(?: (?:here|there|now|up|down|out|in|on|off|over|again|quickly|away|for (?:a (?:sec|second|minute|moment)|you)))*"
    r"(?:\s+so\b.*)?\s*$",
    _F,
)
_AFTER_SESSION = re.compile(
    lx.TIME_AFTER.pattern
    + r"|\b(?:when i get home|at work|at home|this evening|after dinner|before bed|in the morning|"
    r"in the evenings?|at night|at weekends|on weekends|on the way|"
    r"before (?:you|i) (?:call|ring|phone|talk|speak|meet|see|send|start)|before (?:the|your|my) (?:call|meeting|talk))\b",
    _F,
)


_BEFORE_YOU_GO = re.compile(r"\bbefore (?:you|we) (?:go|leave|head off|head out|hang up)\b", _F)


# The words of a date and an hour: "the eighteenth, two-thirty, after your lunch rush".
_CLOCK = re.compile(
    rf"\b(?:(?:at|around|about|after|before|by|from|the|your|my|our)\s+)*(?:{lx.NUMBER_WORD}|\d+(?::\d\d)?|\w+th|first|"
    r"second|third|\w+-(?:thirty|fifteen|forty-five)|half|quarter|past|o'?clock|am|pm|ish|morning|afternoon|evening|"
    r"night|lunch(?: rush| break)?|work|school|dinner|breakfast|the rush)\b",
    _F,
)
_DO_A_DAY = re.compile(
    rf"^(?:do|make it)\s+(?:on\s+)?(?:(?:this|next)\s+)?(?:{lx.DAY}|tomorrow|tonight|the \d{{1,2}}(?:st|nd|rd|th)?)\b"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    # and its date and hour: "do Tuesday the eighteenth, two-thirty, after your lunch rush"
    rf"(?P<more>(?!\s*(?:and|then)\b)[^.;]*?)\W*$",
    _F,
)


def is_action(fragment: str) -> bool:
    """True when the words after a future or modal marker start with something one does.

    >>> is_action("call the pharmacy tomorrow"), is_action("tell you about my week"), is_action("feel better")
    (True, False, False)
    """
    f = re.sub(r"\b(to|gonna|wanna)\s+like\s+", r"\1 ", fragment.strip(" ,.!").lower())
    if not f or not re.match(r"[a-z]", f):
        return False
    if _IN_SESSION_RE.match(f) and not _AFTER_SESSION.search(f):
        return False
    if _BEFORE_YOU_GO.search(f):
        return False  # "print you off the leaflet before you go": done in the session
    # "just put it here", "quickly check this": something done to a thing at hand, now.
    if _AT_HAND.match(f) and not _AFTER_SESSION.search(f):
        return False
    day = _DO_A_DAY.match(f)
    if day and not re.search(rf"\b(?:{lx.ACTION_VERB})\b", _CLOCK.sub(" ", day.group("more"))):
        return False  # "I could do Friday": a day offered, not a thing to do
    return not (_STATE_RE.match(f) and not _STATE_BUT_ACTION.match(f))


# --- who and when -----------------------------------------------------------------------

_FUTURE_I = re.compile(
    rf"(?:^|[\s,;])(?P<subj>i)\s*(?:{lx.ADVERB}\s+)?(?P<modal>{lx.FUTURE})\s+(?:{lx.ADVERB}\s+)?(?P<rest>.+)$", _F
)
_FUTURE_WE = re.compile(
    rf"(?:^|[\s,;])(?P<subj>we)\s*(?:{lx.ADVERB}\s+)?(?P<modal>'ll|will|shall|(?:'re|are){lx._AUX_ADV}\s+(?:going to|gonna)|"
    rf"can|could|should|need to|have to|might|may)\s+(?:{lx.ADVERB}\s+)?(?P<rest>.+)$",
    _F,
)
_FUTURE_YOU = re.compile(
    rf"(?:^|[\s,;])(?P<subj>you)\s*(?:{lx.ADVERB}\s+)?(?P<modal>'ll|will|(?:'re|are){lx._AUX_ADV}\s+(?:going to|gonna)|"
    rf"could|can|should|need to|have to|might want to|may want to|might|ought to|want to|'d want to|"
    rf"would want to|'re welcome to)\s+(?:{lx.ADVERB}\s+)?(?P<rest>.+)$",
    _F,
)
_MODAL_I = re.compile(
    rf"(?:^|[\s,;])(?P<subj>i)\s*(?:{lx.ADVERB}\s+)?(?P<modal>{lx.MODAL})\s+(?:{lx.ADVERB}\s+)?(?P<rest>.+)$", _F
)
_TRY_I = re.compile(
    rf"(?:^|[\s,;])(?P<subj>i)\s*(?:'ll|will|'m going to|am going to|'m gonna|gonna|can|could|might|'d|would|"
    rf"'m gonna have to|'m)?\s*(?:{lx.ADVERB}\s+)?(?P<modal>try(?:ing)?(?: (?:my|our) (?:best|hardest))?(?: to| and)?|"
    rf"give (?:it|that|this) a (?:try|go|shot))\s*(?P<rest>.*)$",
    _F,
)

# A subordinate frame right before the subject: "what I'll do is", "when I'm going to".
_SUBORDINATE_BEFORE = re.compile(r"\b(?:what|when|whenever|where|how|why|whether|that|who|which)(?:\s+else)?\s*$", _F)
# A hypothetical, a doubt or a condition before the subject: "if I have time, I'll ..."
_CONDITION_BEFORE = re.compile(r"\b(?:if|unless|i don'?t know|not sure|wonder)\b", _F)


def find(pattern: re.Pattern[str], sentence: str) -> tuple[str, str, str] | None:
    """(modal, rest, before) of the first main-clause match of a subject-modal pattern."""
    for m in pattern.finditer(sentence):
        before = sentence[: m.start("subj")]
        if _SUBORDINATE_BEFORE.search(before):
            continue
        if re.search(r"\b(?:not|never|n't)\s*$", m.group("modal")):
            continue
        return m.group("modal").lower(), m.group("rest"), before
    return None


def future_i(sentence: str):
    return find(_FUTURE_I, sentence)


def future_we(sentence: str):
    return find(_FUTURE_WE, sentence)


def future_you(sentence: str):
    return find(_FUTURE_YOU, sentence)


def modal_i(sentence: str):
    return find(_MODAL_I, sentence)


def try_i(sentence: str):
    return find(_TRY_I, sentence)


def conditional(before: str) -> bool:
    return bool(_CONDITION_BEFORE.search(before))


_HYPOTHETICAL = re.compile(
    r"\b(?:if i (?:had|were|was|could|did|didn't|won|got|went|sold|quit|left|lost|knew|took|made|moved)|in an ideal world|in a perfect world|would have|could have|"
    r"should have|might have|i wish i)\b",
    _F,
)


def hypothetical(sentence: str) -> bool:
    return bool(_HYPOTHETICAL.search(sentence))


# A question about what a change would bring: "What might be some benefits of that?", "How would your
# life be different?", "And the downside?". What the answer says "I'll" do or have is a prediction.
_OUTCOME_ASKED = re.compile(
    r"\b(?:benefits?|advantages?|downsides?|upsides?|pros and cons|(?:good|bad|not so good|less good) things? about|"
    r"what (?:would|might|could|will) (?:happen|be different|change|be better|be worse|(?:that|it) (?:give|mean|do for))|"
    r"(?:how|what ways|in what ways|which ways) (?:would|might|could|will) (?:your life|things|life|that|it|your \w+)\b[^?]*"
    r"\b(?:be|look|change|different|better|worse)|"
    r"how (?:would|will|could) (?:they|he|she|people|anyone|your \w+) (?:know|tell|see)|worst (?:case|that could)|"
    r"what(?:'s| is| would be) the worst)\b",
    _F,
)


def asks_outcome(question: str) -> bool:
    """The question asks what would follow from a change, not what the listener will do."""
    return bool(_OUTCOME_ASKED.search(question))


_REPORTED = re.compile(
    r"\b(?:(?:i|he|she|they|you|we|mom|mum|dad|\w+) (?:\w+ )?(?:said|says|told \w+|tells \w+|thought|promised|"
    r"was going to|was gonna|used to say|goes|went|was like|is like|asked)|last (?:time|week|year)|"
    r"when i was|back then)\b[^.]*$|[\"“]\s*[^\"”]*$|"
    # what someone else expects of the speaker: "You probably think I'm going to nag you about it."
    r"\b(?:(?:you|he|she|they|people|everyone|everybody) (?:\w+ )?(?:think|expect|assume|reckon|believe)s?|"
    r"thinks|expects|assumes|reckons|believes)(?: that)?\s*$|"
    # words put in one's mouth after a comma: "I'd just cave and say, oh, don't worry, I'll ..."
    r"(?<!let's )(?<!lets )\b(?:say|be like)\s*,[^.]*$|"
    # a plan named only to be denied: "I'm not saying I'm going to pack it in"
    r"\b(?:i'm|i am) not (?:saying|promising|telling you)\b(?:(?!\bbut\b)[^.])*$",
    _F,
)


def reported(before: str) -> bool:
    """The words after ``before`` are reported or quoted, not the speaker's own plan now."""
    return bool(_REPORTED.search(before)) or before.count('"') % 2 == 1 or before.count("“") > before.count("”")


_WITHDRAW = re.compile(
    r"\b(?:can(?:'|no)?t promise|no promises|not (?:promising|making (?:any )?promises)|probably not|i doubt|"
    r"don'?t think i (?:will|can|could)|not sure (?:if|that|whether) i(?: will| can| could|'ll)|"
    r"don'?t know if i(?: will| can| could|'ll)|won'?t be able|not gonna happen|not going to happen|"
    r"that's not (?:gonna|going to) work|no way|"
    # taken back at once: "I'll tell my team too. No, actually, I'll just do the calendar."
    r"no,? actually|actually,? no|scratch that|forget (?:that|i said that)|let me take that back|on second thoughts?|"
    r"who am i kidding|"
    # put off: "I could put an alarm on my phone, I guess. I'll think about it."
    r"i'?ll (?:have a )?think about it(?=\W*$)|"
    # "I'll ring her tomorrow. No. No, I won't, let's be honest." (not "No, I won't forget.")
    r"no\W+(?:no\W+)?i (?:won'?t|will not|can'?t|am not|'m not)(?=\s*(?:[,.!;]|$|let'?s\b|really\b|though\b|actually\b))|"
    # left open: "Maybe I'll look at the gym thing. We'll see how it goes."
    r"maybe i'?ll\b[^.?!]*[.?!]\s*we'?ll see)\b",
    _F,
)


# Said in jest: "Yeah, right, I'll run a marathon.", "To win the lottery. Kidding."
_JOKE = re.compile(
    r"\b(?:ha ?ha|haha|lol|yeah,? right|when pigs fly|just kidding|only joking|(?<!not )kidding|(?<!not )joking|"
    r"problem solved|that'?ll (?:definitely|totally) work)\b|,\s*ha\W*$|^\W*oh,? yeah,? i'?ll just\b|^\W*as if\W*$",
    _F,
)


def in_jest(text: str, after: list[str]) -> bool:
    """The sentence is a joke, or one of the sentences just after it says so."""
    return bool(_JOKE.search(text)) or any(_JOKE.match(t) for t in after)


def withdrawn(text: str) -> bool:
    """Said in the same breath, these take the action back."""
    return bool(_WITHDRAW.search(text))


_HABITUAL = re.compile(
    r"\b(?:usually|normally|typically|generally|sometimes|often|most of the time|half the time|at times|"
    r"a lot of (?:the )?times|every so often|like i said|as i said|would always|used to)\b",
    _F,
)


def habitual(text: str) -> bool:
    """A routine told in a future form: "I'll come home and I'll usually have a couple"."""
    return bool(_HABITUAL.search(text))


# --- item text ------------------------------------------------------------------------

_CLAUSE_END = re.compile(
    r"(?:,?\s+\beven (?:if|though|when)\b|,?\s+\bbut\b|,?\s+\bbecause\b|,?\s+'cause\b|,?\s+\bcause\b|,?\s+\bthough\b|,?\s+\bunless\b|"
    r",?\s+\bif\b|,?\s+\bwhich\b|,?\s+\bso that\b|,?\s+\bso\b(?! that)|;|,\s*(?:right|okay|ok|yeah|yes|alright)\b|"
    r",\s*(?:and )?(?:then )?(?:i|you|we|he|she|they|it|that)(?:'d|'ll|'m|'re)?\s+(?:think|guess|know|mean|feel)\b|"
    r",\s*(?:and|or)\s*$|"
    # a new clause of what is, not what will be done: "do it Saturday, I've got nothing on Saturday"
    r",\s*(?:i've|i'm|i am|i have|it's|that's|there's|there is|i had|i was)\s+(?:got|nothing|no|not|only|always|already|"
    r"free|busy|off|away|home|around|just|been|the)\b|"
    # another person takes over: "text it to you tonight, and you can see if anything clicks"
    r",?\s+and\s+(?:you|he|she|they)(?:'ll|'d|'re)?\s+(?:can|could|will|would|might|may|should|"
    r"decide|see|let|tell)\b)",
    _F,
)
_LEADING = re.compile(
    r"^(?:(?:just|really|also|definitely|probably|maybe|actually|then|now|certainly|hopefully|have to|need to|"
    r"go ahead and|gonna|going to|try to|try and|be able to|able to|at least|first|finally|still|even|like|"
    r"kind of|sort of|and|so|well|okay|ok|yeah|yes|you know|um|uh|"
    # "The first thing I'll do is call the publisher": what is done comes after "do is".
    r"do is(?: to)?)\b[\s,]*)+",
    _F,
)
_TRAILING = re.compile(
    r"(?:[\s,]+(?:and stuff|or something|or anything|and things|and everything|and that|or whatever|as well|too|"
    r"and all that|anyway|(?:by|before|until|till|after) then|then|now|okay|ok|right|yeah|i guess|i think|or so|and|"
    r"though|either|at least|"
    # a comment on it: "a better relationship with my son, that's what this is all about"
    r"that'?s what (?:this|it|that)(?:'s| is) (?:all |really )?about|that'?s (?:the|my) (?:thing|point|goal|dream|aim)|"
    # waiting to see how the action goes is no part of it: "start with the gum and see how it goes"
    r"and (?:just )?see (?:how|what|if) (?:it|that|things|this) (?:goes|go|works?|turns? out|pans? out|happens)|"
    r"(?:and |or )?(?:things|stuff|"
    r"something|anything) like that|and so on|and so forth)\b)+\s*$",
    _F,
)
_SECOND_TO_FIRST = (
    (re.compile(r"\byourself\b", _F), "myself"),
    (re.compile(r"\byour\b", _F), "my"),
    (re.compile(r"\byou're\b", _F), "I'm"),
)


def action_text(fragment: str, *, second_person: bool = False) -> str:
    """Tidy the words after a trigger into an item text.

    "just drop them in by Friday, I think" -> "Drop them in by Friday".
    """
    t = fragment
    m = _CLAUSE_END.search(t)
    if m and m.start() > 8:
        t = t[: m.start()]
    t = _LEADING.sub("", t.strip())
    t = _TRAILING.sub("", t.strip(" ,.;:!?-")).strip(" ,.;:!?-")
    if second_person:
        for pattern, first in _SECOND_TO_FIRST:
            t = pattern.sub(first, t)
    return sentence_case(t.strip(" ,.;:!?-"))


def hedge_confidence(base: float, text: str) -> float:
    """Lower a confidence for each hedge, raise it a little for firm words."""
    hedges = len(lx.HEDGE.findall(text))
    firm = 1 if lx.FIRM.search(text) else 0
    return max(0.05, min(0.99, base - 0.12 * min(hedges, 3) + 0.05 * firm))


#: Words after the session ("tomorrow", "this week", "every morning"): the action is for later.
AFTER_SESSION_RE = _AFTER_SESSION
#: A past-tense report ("we met", "last time"): what happened, not what will.
PAST_RE = re.compile(r"\b(?:met|saw|talked|spoke|came|had|did|was|were|went|last (?:time|week|session|month))\b", _F)


#: An item text that says nothing by itself: "Do it", "Try", "Do that one".
VAGUE_TEXT = re.compile(
    r"^(?:(?:do|try|give|get|have|take|make|start|go for|stick to|keep|manage|handle|work on|deal with|look at|think about|"
    r"figure out|sort out|check out)\s*)?(?:it|that|this|them|those|these|one|that one|this one|so|too|again|more|"
    r"something|anything|anyway|though|then|as well|also)?\W*$|"
    # a go at something unnamed, or a verb that needs its object: "Have a go", "Give it a try", "Show"
    r"^(?:have|give it|give that|take) a (?:go|try|shot|bash|crack|stab)\W*$|^(?:show|begin|continue|carry on|go first)\W*$|"
    # resolve with no deed in it: "Do anything to get my kids back", "Do whatever it takes"
    r"^(?:do|try) (?:anything|everything|whatever)(?: it takes| i (?:can|have to|need to|must))?(?:\W*$|\W+(?:to|for)\b)",
    _F,
)


def vague(text: str) -> bool:
    return bool(VAGUE_TEXT.match(text.strip()))


#: A text that stops where its phrase still needs a word: "Think about", "It to be", "Be doing".
_CUT_OFF = re.compile(
    r"(?:^(?:to|be|get|enjoy|be doing)|\b(?:about|to|of|for|with|at|from|into|the|a|an|my|your|his|their|our|"
    r"and|or|but|because|if|than|doesn't|don't|didn't|isn't|can't|won't|is|are|was|were|to be|that one|the one that))\W*$",
    _F,
)
_HER_END = re.compile(r"\bher\W*$", _F)


def cut_off(text: str, finished: bool = False) -> bool:
    """The words stop mid-phrase, so they cannot stand as an item. ``finished``: the sentence they come
    from ends in a full stop, so a closing "her" is the object ("I'm turning into her."), not the
    determiner of a phrase cut short ("with her")."""
    t = text.strip()
    return bool(_CUT_OFF.search(t)) or (not finished and bool(_HER_END.search(t)))

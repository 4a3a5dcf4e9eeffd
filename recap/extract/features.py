"""What the scorer knows about a candidate: its rule, the sentence's structure, the dialogue around it.

Features are few and structural (about 60): which rule fired, who spoke, what
the other person had asked, hedges, negation, tense, deadlines and numbers,
where in the call it was said, and how the other person answered. No words of
any conversation are features, so a model fitted on some conversations has
nothing to memorise about them.
"""

from __future__ import annotations

import re

from recap.extract import lexicon as lx
from recap.extract.context import Context, agreement, refusal
from recap.extract.measure import find_measure
from recap.extract.rules import Hit, Rule

_F = re.I
_REALIZE = re.compile(rf"\b{lx.REALIZE}\b", _F)
_SELF = re.compile(rf"(?:^|\b){lx.SELF_FRAME}\b", _F)
_PRAISE = re.compile(
    r"^\W*(?:great|good|excellent|perfect|wonderful|brilliant|awesome|fantastic|nice|that's (?:great|good|"
    r"a (?:good|great) (?:plan|idea|start|step))|(?:that |it )?sounds (?:good|great|like a (?:good )?plan)|i love that|okay|ok|"
    r"alright|all right)\b",
    _F,
)
_FUTURE_WORDS = re.compile(r"\b(?:will|'ll|going to|gonna|plan|planning|tomorrow|next|tonight|start|from now on)\b", _F)
_IN_SESSION = re.compile(
    r"\b(?:today|right now|in here|in this session|this session|for a (?:minute|moment|second))\b", _F
)
# A pattern in one's own behaviour: "every time I drink, I ...", "when I'm stressed, that's when ...".
_PATTERN = re.compile(
    r"\b(?:every time|each time|whenever|any time|anytime|always|never|tend to|usually|the more|the less|"
    r"when i(?:'m| am|'ve| have)?\b[^,.]{0,40},? (?:i|that's when|it)\b)",
    _F,
)
_EMOTION = re.compile(
    r"\b(?:scared|afraid|fear|ashamed|shame|guilty|guilt|proud|frustrated|angry|sad|lonely|bored|stressed|anxious|"
    r"worried|tired of|sick of|fed up|overwhelmed|embarrassed|hurt|upset|happy|relieved|hopeless|stuck)\b",
    _F,
)
_OTHERS_SUBJECT = re.compile(
    lx.lead("and|but|so|well|yeah|i think|i guess") + r"(?:he|she|they|it|that|this|there|"
    r"my (?:wife|husband|mom|mum|dad|boss|friends?|family|partner|doctor|kids?))\b",
    _F,
)
_OPINION_OF_PLAN = re.compile(
    r"\b(?:good idea|sounds good|makes sense|that would|that'd|it would|it'd|would be|"
    r"would help|could work|might work|worth a try)\b",
    _F,
)
_MEMORY = re.compile(r"\b(?:remember|recall|forgot|don't know|no idea|not sure)\b", _F)
_REFLECTION = re.compile(
    r"^\W*(?:so\W+)?(?:it sounds like|sounds like|it seems like|you're saying|what i'm hearing|"
    r"you feel|you've|you are|you're|so you|it's like|on the one hand)\b",
    _F,
)
# The speaker's own realization, said as one: "I realized that ...", "I've noticed ...".
_I_REALIZE = re.compile(
    lx.lead("and|so|but|yeah|yes|well|okay|i think|i guess|now|actually") + r"i(?:'ve| have| just| finally| really)?\s+"
    r"(?:realized|realised|noticed|learned|learnt|figured out|discovered|see now|understand now|'m realizing|"
    r"'m realising|'m starting to see|never (?:thought|realized|realised|noticed))\b",
    _F,
)
_MODALS = [
    ("will", re.compile(r"\b(?:i'll|i will|i'm going to|i'm gonna|i am going to|we'll|we will|you'll|you will)\b", _F)),
    ("can", re.compile(r"\b(?:i can|i could|we can|we could|you can|you could)\b", _F)),
    ("might", re.compile(r"\b(?:might|may|maybe|perhaps|possibly)\b", _F)),
    ("should", re.compile(r"\b(?:should|need to|have to|got to|gotta|must|ought to)\b", _F)),
    ("try", re.compile(r"\b(?:try|trying)\b", _F)),
    ("would", re.compile(r"\b(?:would|i'd|we'd)\b", _F)),
]


# The month, not the modal: "every May", "in May", "May 3" (mid-sentence, a transcript
# capitalises only the month).
_MONTH_MAY = re.compile(r"(?<=\w )May\b(?!\s+(?:be|not|have|need|want|take|help)\b)|\b[Mm]ay\s+(?=\d)")


#: The rule's indicator is worth this much: a rule's own record should move a score further than one
#: structural hint does (the scorer's regularisation shrinks every weight alike).
RULE_WEIGHT = 3.0


def _habit(text: str) -> bool:
    """A number with how often: "ten minutes a day", "three times a week"."""
    measure = find_measure(text)
    return measure is not None and measure.cadence is not None


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return sum(value > e for e in edges)


def features(rule: Rule, hit: Hit, ctx: Context) -> dict[str, float]:
    """The candidate's features, names to values (mostly 1.0 indicators)."""
    text = ctx.text
    # "I'll send it to Mark. By Friday.", "Tomorrow, first thing. Call the bank.": the phrase finishing an
    # action or a goal, or leading into it, says its time or measure.
    finish = " ".join(s.text for s in (ctx.forethought, ctx.afterthought) if s is not None and rule.kind != "insight")
    n_words = len(ctx.sentence.words)
    turn_words = ctx.turn.words
    f: dict[str, float] = {
        f"rule={rule.name}": RULE_WEIGHT,
        f"role={ctx.role or 'unknown'}": 1.0,
        f"asked={ctx.asked.kind if ctx.asked else 'none'}": 1.0,
        f"words={_bucket(n_words, (3, 7, 14, 25, 40))}": 1.0,
        f"turn_words={_bucket(turn_words, (5, 15, 40, 90))}": 1.0,
        f"index={min(ctx.sentence.index, 3)}": 1.0,
        f"from_end={min(len(ctx.turn.sentences) - 1 - ctx.sentence.index, 2)}": 1.0,
        f"position={_bucket(ctx.position, (0.15, 0.4, 0.7, 0.85))}": 1.0,
        f"hedges={min(len(lx.HEDGE.findall(text)), 2)}": 1.0,
        f"text_words={_bucket(len(hit.text.split()), (2, 5, 10, 20))}": 1.0,
    }
    flags = {
        "firm": lx.FIRM.search(text),
        "negation": lx.NEGATION.search(text),
        "past": lx.PAST.search(_REALIZE.sub(" ", text)),  # "I realized" tells of now, not the past
        "condition": lx.CONDITION.search(text),
        "contrast": lx.CONTRAST.search(text) or any(lx.CONTRAST.match(s.text) for s in ctx.later[:1]),
        "cause": lx.CAUSE.search(text),
        "time_after": lx.TIME_AFTER.search(text)
        or (hit.detail and lx.TIME_AFTER.search(hit.detail))
        or (finish and lx.TIME_AFTER.search(finish)),
        "number": lx.NUMBER.search(text),
        "habit": _habit(hit.text) or _habit(text) or (finish and _habit(finish)),
        "first_singular": lx.FIRST_SINGULAR.search(text),
        "first_plural": lx.FIRST_PLURAL.search(text),
        "second_person": lx.SECOND.search(text),
        "question": ctx.sentence.is_question,
        "realize_word": _REALIZE.search(text),
        "i_realize": _I_REALIZE.match(text),
        "self_frame": _SELF.search(text),
        "desire_word": lx.DESIRE_WORD.search(text),
        "future_word": _FUTURE_WORDS.search(text),
        "in_session_word": _IN_SESSION.search(text),
        "proposal_accepted": hit.proposal is not None or hit.detail is not None,
        "scheduling": hit.scheduling,
        "owner_coach": hit.owner == "coach",
        "agreement": agreement(text),
        "asked_by_other": ctx.asked is not None and ctx.asked.role != ctx.role,
        "first_in_answer": ctx.asked is not None and ctx.sentence.index == 0,
        "closing": ctx.position > 0.85,
        "opening": ctx.position < 0.1,
        "pattern": _PATTERN.search(text),
        "emotion": _EMOTION.search(text),
        "others_subject": _OTHERS_SUBJECT.match(text),
        "opinion_of_plan": _OPINION_OF_PLAN.search(text),
        "memory": _MEMORY.search(text),
        "after_reflection": ctx.prev is not None
        and not ctx.prev.sentences[-1].is_question
        and bool(_REFLECTION.match(ctx.prev.sentences[-1].text)),
    }
    for name, on in flags.items():
        if on:
            f[name] = 1.0
    modal_text = _MONTH_MAY.sub("the month", text)
    for name, pattern in _MODALS:
        if pattern.search(modal_text):
            f[f"modal={name}"] = 1.0
    nxt = ctx.next
    if nxt is not None and nxt.sentences:
        first = nxt.sentences[0].text
        if _PRAISE.match(first):
            f["next=praise"] = 1.0
        elif refusal(first):
            f["next=refusal"] = 1.0
        elif agreement(first):
            f["next=agreement"] = 1.0  # "Yeah, sure.": a plain yes
        elif nxt.sentences[-1].is_question:
            f["next=question"] = 1.0
        if nxt.backchannel:
            f["next=backchannel"] = 1.0
    else:
        f["next=none"] = 1.0
    return f

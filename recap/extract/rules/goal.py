"""Goals: an outcome the client wants to reach, said as a desire or an aim."""

from __future__ import annotations

import re

from recap.extract import grammar as g
from recap.extract import lexicon as lx
from recap.extract.context import Context, agreement, refusal
from recap.extract.rules import Hit, rule

_F = re.I

# Wanting something in the session itself is not a goal: "I want to tell you ...".
_IN_SESSION_WANT = re.compile(
    r"^(?:to\s+)?(?:tell you|ask you|say|talk about|mention|explain|share|be honest|know (?:what|how|if|whether)|"
    r"make sure i understand|check|clarify|go back|start|add|point out|thank you|come here|be here|"
    r"remember (?:that|this)|keep (?:that|this) in mind|"
    # what the listener should make of the speaker: "I don't want you to think I'm making excuses"
    r"you to (?:think|know|understand|feel|get the wrong idea|take (?:this|that|it) the wrong way))\b",
    _F,
)


# A way to behave, with nothing to reach: "I just need to be careful", "I'm trying to be good".
# (an outcome keeps its object: "I want to be more careful with money")
_CONDUCT = re.compile(
    r"^(?:to\s+)?be\s+(?:(?:a bit|more|really|very|extra|so)\s+)?(?:careful|good|smart|sensible|sane|nice|polite|"
    r"fair|reasonable|realistic|responsible|strong|brave|patient|positive|mature)\W*$",
    _F,
)


# Taking time to think, with nothing to reach: "I need to get my head round it", "I want to sleep on it".
_MULL = re.compile(
    r"^(?:to\s+)?(?:get my head (?:round|around)|wrap my head (?:round|around)|think (?:it|this|that|things) (?:over|through)|"
    r"sleep on|process|mull (?:it|this|that) over|digest|have a (?:proper )?think about)"
    r"(?:\s+(?:it|this|that|things|everything|all this|all of it|first|a bit|for a bit|properly))*\W*(?:$|,)",
    _F,
)


# An outcome that names nothing: "I want it", "I'd like to do that", "I need some help".
_VAGUE = re.compile(
    # (or the weather: "I just want it to stop raining")
    r"^it to (?:stop|start) (?:raining|snowing)|^(?:to\s+)?(?:(?:do|get|have|try|see|know|say|think about|go|make|find)\s+)?(?:it|that|this|them|those|these|"
    r"something|anything|some help|help|one|more|better|the same|so|too)\W*$",
    _F,
)


# A one-off errand is how, not what: "I want to have a conversation with Callum", "I'd like to talk to
# Richard before the meeting", "I want to put time in for that".
_ERRAND = re.compile(
    r"^(?:to\s+)?(?:(?:talk|speak|chat) (?:to|with)|have (?:a|the|that|this) (?:\w+ )?(?:conversation|chat|talk|word|coffee|"
    r"call|meeting|one-to-one)|"
    r"(?:call|ring|phone|email|e-mail|text|message|ask|tell|book|schedule|meet) (?!(?:my|our|a|the)\s+(?:goals?|targets?)\b)"
    r"(?:him|her|them|my|the|a|an|someone|somebody|[A-Z][a-z]+)|put (?:time|together|in)|reach out|get in touch|"
    r"follow up|sit down with)\b",
)


# Only when, no what: "By the check-up.", "And by when?" (the deadline of the aim said before).
_ONLY_WHEN = re.compile(
    lx.lead("and|so|or|like|um|well") + r"(?:by|before|until|till|around|when)\b[^,;]{0,30}?\W*$",
    _F,
)


# A task wanted finished is how, not what: "I want it done", "I want the parents' evening one finished".
_TASK_DONE = re.compile(
    r"^(?:it|that|this|them|the\b[^,.;]{1,40}?|my\b[^,.;]{1,40}?)\s+(?:done|finished|sorted|ready|written|sent|submitted|"
    r"out of the way|off my plate)\b",
    _F,
)


def _outcome(rest: str) -> str | None:
    rest = rest.strip(" ,.")
    if (
        not rest
        or _IN_SESSION_WANT.match(rest)
        or _VAGUE.match(rest)
        or _ERRAND.match(rest)
        or _TASK_DONE.match(rest)
        or _CONDUCT.match(rest)
        or _MULL.match(rest)
    ):
        return None
    if re.match(rf"(?:to\s+)?{lx.IN_SESSION}\b", rest, _F) and not g.AFTER_SESSION_RE.search(rest):
        return None  # "That's, I need to write that down.": here and now
    if _ONLY_WHEN.match(rest) and len(rest.split()) <= 6:
        return None
    text = g.action_text(re.sub(r"^to\s+", "", rest, flags=_F))
    return text or None


def _client(ctx: Context) -> bool:
    return ctx.role in ("client", None)


_GOAL_STATEMENT = re.compile(
    rf"\b(?:my|the|our|main|big|real|long-term|ultimate)\s+(?:main\s+|big\s+|real\s+|long-term\s+|ultimate\s+)?"
    rf"{lx.DESIRE_NOUN}\s+(?:(?:really|honestly|basically|actually|just|probably)\s+)?"
    rf"(?:is|would be|was|for (?:this|next|the) \w+ is)\s+(?:to\s+|that\s+)?(?P<rest>.+)$|"
    # said bare, at the start: "Goal for the quarter is to close three clients."
    rf"^\W*(?:goal|aim|target)\s+for (?:this|next|the) \w+ is\s+(?:to\s+|that\s+)?(?P<rest3>.+)$|"
    rf"\b(?:what i(?: really)?(?: want| would like|'d like| need|'m after|'m aiming for) (?:is|would be)|"
    # a picture of how it would be: "Ideally, I'd be doing two hundred K a year."
    rf"ideally,?\s+i(?:'d| would)(?: like to| love to)?|"
    rf"i'?m (?:aiming|shooting|going|working) (?:for|towards?)|that'?s what i(?:'ll| will)? (?:shoot|aim|go) for|"
    rf"(?:that'?s|this is|it'?s) (?:my|the) (?:main |big |real )?(?:goal|aim|dream|target)|"
    # "I'd be able to sit an exam without being sick. That's all I want, really."
    rf"that'?s all i (?:want|need|ask)(?:,? really)?)\s*(?:to\s+)?(?P<rest2>.*)$",
    _F,
)


@rule(
    "goal",
    "goal_statement",
    fires=[
        "My goal is to run a half marathon by October.",
        "Honestly, my goal really is to be off the sleeping pills by spring.",
        "What I really want is to get my evenings back.",
        "I'm aiming for two alcohol-free days a week.",
        ("Could you get down to five a week?", "That's what I'll shoot for."),
        ("And by when?", "Fifty hours a week by September. That's the goal."),
        "What I'm after is, um, sleeping through most nights.",
        "Target for the year is to pay off the credit card.",
        "Ideally, I'd be running my own studio by the time I'm forty.",
        ("What would be different?", "I'd be able to drive on the motorway again. That's all I want, really."),
    ],
    quiet=[
        "My goal was never clear to me.",
        "What's your goal?",
        "Ideally, I'd have called her back, but I didn't.",  # what should have been
        ("And by when?", "Um. That's the goal."),  # the question names only a time
    ],
)
def goal_statement(ctx: Context) -> Hit | None:
    """A stated goal or aim: "my goal is ...", "what I want is ...", "I'm aiming for ..."."""
    m = _GOAL_STATEMENT.search(ctx.text)
    if not m or ctx.sentence.is_question or not _client(ctx):
        return None
    if re.search(r"\b(?:goal|aim|dream|target) was\b", ctx.text, _F):
        return None
    rest = (m.group("rest") or m.group("rest2") or m.group("rest3") or "").strip(" ,.!")
    if re.match(r"have (?:\w+ed|been|done|gone|made|had|got|seen|said|told|taken)\b", rest, _F):
        return None  # "Ideally, I'd have called her back": what should have been
    if not rest and ctx.earlier:
        rest = ctx.earlier[-1].text  # "Fifty hours a week by September. That's the goal."
    elif not rest and ctx.asked is not None:
        rest = ctx.asked.text  # "Could you get down to five a week?" "That's what I'll shoot for."
    text = _outcome(rest or "")
    return Hit(text) if text else None


_WANT = re.compile(
    rf"(?:^|[\s,;])i\s*(?:{lx.ADVERB}\s+)?(?P<verb>really want|want|wanna|'d (?:really |just |so )?like|"
    rf"would (?:really |just )?like|'d (?:just |really )?love|would love|hope|'m hoping|am hoping|wish|'d prefer|prefer|need|'m trying|am trying|"
    rf"'m looking|'m working|dream of|long|'m determined|'m desperate)\s+(?:to\s+|of\s+|towards?\s+|that\s+)?"
    rf"(?:{lx.ADVERB}\s+)?(?P<rest>.+)$",
    _F,
)


# A want under "when", "whenever", "until": the time of something else, not an aim ("if I want to
# get my licence back" is one).
_WHEN_I = re.compile(r"\b(?:when|whenever|until|till|before|after|while|once)\s*$", _F)


# A want put as a condition or a doubt: "If I want to work there, ...", "I don't even know if I want to".
_IF_I = re.compile(r"(?:^\W*|\b(?:know|sure|wonder|wondering|decide|deciding|whether)\s+)(?:if|whether)\s*$", _F)
# The want given up in the same breath: "..., but I can't afford it", "but I couldn't".
# (not an obstacle named: "but I can't seem to stop snacking")
_CANNOT = re.compile(
    r"\bbut\s+(?:i|you)\s+(?:can'?t|cannot|can not|couldn'?t)(?:\s+\w+)?(?:\s+(?:it|that|one|her|him|them))?\W*$", _F
)


@rule(
    "goal",
    "i_want",
    fires=[
        "I want to launch my course by the end of March.",
        "I'd like to get my freedom back.",
        "I really wanna be able to play with my kids without getting out of breath.",
        "I'm hoping to be off the medication by summer.",
        "Honestly, I'd love it if I could run with my kids again.",
        "I wish I could get through a week without a migraine.",
        "I want to be more careful with money before the baby comes.",
        "I'd just like to get through one night without waking at four.",
    ],
    quiet=[
        "I want to tell you something.",
        "Do you want to start?",
        "I wanted to quit years ago.",
        "I'd like to say thank you.",
        "It's always when I need to relax that I reach for my phone.",
        # An errand is how, not what.
        "I'd like to talk to Richard before the board meeting.",
        "I want to have a proper conversation with Callum about it.",
        # What one must do is a duty, not an aim.
        "Sometimes it makes me jittery and I have to go to the bathroom more often.",
        "I feel like I've got to reply to every message the same day.",
        "Yeah, I think I'd like that more than the ledger thing.",
        "Oh, that's good. That's, I need to write that down.",
        "Yeah. Okay. That's, yeah. I need to remember that.",
        "I want the parents' evening one finished.",
        "I just want it to stop raining. Honestly.",
        "I'm angry with her because she did what I want to do.",
        "I wish I'd gone to the dentist sooner, honestly.",
        "I wish I had known about the grant last year.",
        # Taking time to think reaches nothing.
        "Let me have a think. I just need to get my head round it first.",
        "I'd like to sleep on it, if that's okay.",
        "I want to be a millionaire by thirty, haha.",
        "If I want to keep the flat, I'll have to find a second job.",
        "I don't even know if I want to stay in nursing.",
        "A new bike, which I'd love to have, but I can't afford it.",
        "I know, I know. I just need to be sensible.",
        "Some weeks I'm trying to be good.",
    ],
)
def i_want(ctx: Context) -> Hit | None:
    """I want / I'd like / I hope / I need to + an outcome ("I have to", a duty, is none)."""
    if ctx.sentence.is_question or not _client(ctx) or g.in_jest(ctx.text, [s.text for s in ctx.later[:2]]):
        return None
    m = _WANT.search(ctx.text)
    if not m or g.reported(ctx.text[: m.start()]) or re.search(r"\bwanted\b", ctx.text[: m.end("verb")], _F):
        return None
    if re.search(
        r"\b(?:did|does|do|doing|done|said|says|say|got|gets|get)\s+(?:what|whatever)\s*$",
        ctx.text[: m.start() + 1],
        _F,
    ):
        return None  # "she did what I want to do": a want inside a description
    if _WHEN_I.search(ctx.text[: m.start() + 1]):
        return None  # "that's exactly when I need to keep going": a time, not an aim
    if _IF_I.search(ctx.text[: m.start() + 1]) or _CANNOT.search(m.group("rest")):
        return None  # "If I want to get hired, ...", "I'd like one, but I can't afford it": no aim held
    verb = m.group("verb").lower()
    rest = m.group("rest")
    if re.match(r"(?:'d|would) (?:really )?(?:like|love)", verb) and re.match(
        r"\s*(?:it|that|this|them)\b(?!\s+(?:to|if|when)\b)", ctx.text[m.end("verb") :], _F
    ):
        return None  # "I'd like that more than the ledger thing": a liking, not an aim
    if verb == "need" and not re.match(r"to\b", ctx.text[m.end("verb") :].strip(), _F):
        return None
    if verb == "wish" and re.match(
        r"\s*(?:i'd|i had|i'd have|i could have|i hadn't|i'd never)\s+\w+(?:ed|en|ne|wn|ght|id|ld)\b",
        ctx.text[m.end("verb") :],
        _F,
    ):
        return None  # "I wish I'd gone to the doctor sooner": a regret, not an aim
    if verb in ("'m trying", "am trying", "'m looking", "'m working") and not re.search(
        r"(?:to|towards?)\s*$", ctx.text[: m.start("rest")], _F
    ):
        return None
    text = _outcome(rest)
    return Hit(text) if text else None


_DONT_WANT = re.compile(
    r"(?:^|[\s,;])(?:i\s+(?:really\s+)?(?:don'?t|do not|never)\s+(?:want|wanna)\s+(?:to\s+)?|i\s+(?:can'?t|cannot)\s+"
    r"(?:go back|keep (?:doing|going|living)|let (?:this|that|it)|end up|lose)|never again|no way (?:i'?m|am i) going back|"
    r"i\s+refuse to\s+)(?P<rest>.*)$",
    _F,
)


@rule(
    "goal",
    "i_dont_want",
    fires=[
        "I don't want to end up in hospital again.",
        "I can't go back to living like that.",
        "I don't want my kids to see me like this.",
        "I don't want my son to think that's normal.",
    ],
    quiet=[
        "I don't want to talk about it.",
        "I don't want to.",
        "I don't wanna say.",
        "Look, I don't want you to think I'm making excuses here.",
        "I don't know. I don't want to decide that today.",
        ("So maybe the next step is talking to HR?", "No. I don't want to go to HR. Not yet."),
    ],
)
def i_dont_want(ctx: Context) -> Hit | None:
    """What the client will not go back to: a goal said as an avoidance."""
    if ctx.sentence.is_question or not _client(ctx):
        return None
    m = _DONT_WANT.search(ctx.text)
    if not m or g.reported(ctx.text[: m.start()]):
        return None
    if (
        ctx.asked is not None
        and ctx.earlier
        and re.match(r"^\W*(?:no|nope|nah|not really|no way)\W*$", ctx.earlier[0].text, _F)
    ):
        return None  # "No. I don't want to go to HR. Not yet.": a proposal turned down, not a life avoided
    rest = m.group("rest").strip(" ,.")
    if (
        len(rest.split()) < 2
        or _IN_SESSION_WANT.match(rest)
        or re.match(r"(?:talk|think|hear|discuss|do (?:that|this|it)|get into|go (?:there|into))\b", rest, _F)
        # a choice put off, not a life avoided: "I don't want to decide that today"
        or re.match(
            r"(?:decide|choose|commit to|make (?:a|that|the) (?:decision|call|choice))\b.{0,20}"
            r"\b(?:today|now|yet|right now|here|on the spot)\b",
            rest,
            _F,
        )
    ):
        return None
    said = g.action_text(ctx.text[m.start() :].strip(" ,"))
    return Hit(said) if said else None


_NICE = re.compile(
    r"\b(?:it|that)?\s*(?:would|'d) be (?:really |so )?(?:nice|great|good|cool|amazing|awesome|lovely|ideal|wonderful) "
    r"(?:if|to)\s+(?P<rest>.+)$|\bi(?:'d| would) (?:rather|prefer)\s+(?:to\s+)?(?P<rest2>.+)$",
    _F,
)


@rule(
    "goal",
    "would_be_nice",
    fires=[
        "It would be nice if I could sleep through the night.",
        "It'd be great to have weekends off again.",
        "I'd rather be fit enough to hike with my son.",
    ],
    quiet=[
        "It would be nice if you stopped.",
        "That would be nice, thanks.",
    ],
)
def would_be_nice(ctx: Context) -> Hit | None:
    """A wished-for state: "it would be nice if I ...", "I'd rather ..."."""
    if ctx.sentence.is_question or not _client(ctx):
        return None
    m = _NICE.search(ctx.text)
    if not m:
        return None
    rest = m.group("rest") or m.group("rest2")
    if rest and re.match(r"not\b", rest, _F):
        return None  # "I'd rather not.": a no, not a wish
    if not rest or (
        m.group("rest")
        and not lx.FIRST_SINGULAR.search(rest)
        and not lx.FIRST_PLURAL.search(rest)
        and not rest.lower().startswith(("have", "get", "be", "feel", "go", "sleep", "live", "spend"))
    ):
        return None
    text = _outcome(rest)
    return Hit(text) if text else None


# An answer that starts with a reason, another person or what there is.
_NOT_AN_AIM = re.compile(
    lx.lead("well|so|but|and|yeah|um|like|i mean") + r"(?:because|'cause|cause|since|even if|even though|unless|"
    r"he|she|they|he's|she's|they're|"
    r"there's|there is|there are|my (?:wife|husband|partner|mom|mum|dad|boss|sister|brother|friends?|kids?|son|daughter)\b"
    r"(?! and i))\b",
    _F,
)


_EXCLAMATION = re.compile(
    r"^\W*(?:(?:oh|ah|um+|uh+|god|gosh|wow|hmm+|ha|jeez|man|dear|my|goodness|blimey|okay|well|right|that's|"
    r"that is)\W*)+$",
    _F,
)


@rule(
    "goal",
    "answer_to_goal_question",
    fires=[
        ("What do you want from the next few months?", "If I could sleep through the night, that would be huge."),
        ("What would you like your life to look like in a year?", "Settled, with a steady job and my own flat."),
        ("Where do you want to be by the summer?", "In better shape."),
        ("What do you want to get out of today?", "Some way to stop the late-night snacking."),
        ("When you picture things settled, what do you see?", "My own place, with my name on the lease."),
    ],
    quiet=[
        ("What would you like to get out of today?", "I don't know."),
        ("What would you like to get out of today?", "Yeah."),
        ("How was your week?", "Pretty good, busy."),
        ("What do you want instead?", "She just wants me to be there."),
        ("What would you like to be different?", "Because my boss keeps changing the targets."),
        # A condition on the answer before it, not an aim of its own.
        ("What's your goal here?", "Even if it's split."),
        # How things look now is no question of what the client wants.
        ("What does your bedroom look like at the moment?", "It's okay. We've got curtains."),
        ("What does it change?", "I think it changes how I open it."),
        ("How would you know whether he'd want that?", "I'd ask him."),  # his want, not the client's
        ("And what tends to make you want a cigarette?", "When I'm bored at my desk, I want one every hour."),
        ("And what did you want to say?", "I wanted to say, this is my house. This isn't your kitchen."),
        ("So what's the goal, in your words?", "By the check-up."),  # only when, the what said before
        ("What would you want people to say instead?", "Um. Oh, god. That's- um."),
        ("So what do you want from it?", "I mean... I don't know. It's more complicated than that."),
        ("So what's the goal here?", "To win the lottery and retire. Kidding. Sort of."),
    ],
)
def answer_to_goal_question(ctx: Context) -> Hit | None:
    """The answer to a question about what the client wants: the outcome it names."""
    if ctx.asked is None or ctx.asked.kind != "goal" or not _client(ctx) or ctx.sentence.index > 1:
        return None
    if any(re.match(r"^\W*(?:i mean\W+)?(?:i don'?t know|not sure|no idea)\b", s.text, _F) for s in ctx.earlier):
        return None  # "I mean... I don't know. It's more complicated than that."
    if g.in_jest(ctx.text, [s.text for s in ctx.later[:2]]):
        return None  # "To win the lottery and never work again. Kidding."
    if ctx.sentence.is_question or agreement(ctx.text) or refusal(ctx.text) or len(ctx.sentence.words) < 2:
        return None
    if _EXCLAMATION.match(ctx.text) or re.match(
        r"^\W*it'?s (?:weird|funny|strange|odd|hard to say)\W*(?:but\W*)?$", ctx.text, _F
    ):
        return None  # "Um. Oh, god.", "It's weird but": taken aback, the answer comes after
    if re.match(r"^\W*(?:i don'?t know|not sure|no idea|good question)\b", ctx.text, _F):
        return None
    if _NOT_AN_AIM.match(ctx.text):
        return None  # a reason, someone else, or what is there: not what the client wants
    if _ONLY_WHEN.match(ctx.text) and len(ctx.sentence.words) <= 6:
        return None
    if re.match(r"^\W*(?:that's|that is|it's|it is)(?:\s+(?:all|it|right|true))?\W*$", ctx.text, _F):
        return None  # "That's all.", "That's-": said around the answer, not the answer
    text = g.action_text(ctx.text)
    return Hit(text) if text else None

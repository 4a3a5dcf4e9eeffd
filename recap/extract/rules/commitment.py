"""Commitments: a person says they themselves will do something after the session."""

from __future__ import annotations

import re

from recap.extract import grammar as g
from recap.extract import lexicon as lx
from recap.extract.context import Context, Sentence, agreement, has_clause, refusal
from recap.extract.dates import without_times
from recap.extract.measure import find_measure
from recap.extract.rules import Hit, rule

_F = re.I


def _owner(ctx: Context) -> str | None:
    return ctx.role


# A plan started again a few words in: "first thing Monday, I'm putting ...", "um, I'll ...".
_RESTART = re.compile(r"^(?P<lead>[^.;]{0,40}?),\s*i(?:'m| am|'ll| will)\s+(?P<rest>[a-z].*)$", _F)


# What is said here and now before the restart: "I'm gonna say, ...", "I'll be honest, ...".
_SPEECH_LEAD = re.compile(rf"^(?:{lx.IN_SESSION})\b", _F)


# "Something I can offer", "anything I could do": the words describe a thing, they promise nothing.
_DESCRIBED = re.compile(r"\b(?:something|anything|everything|nothing)\s*$", _F)


# Said as a joke: "I'll give up chocolate the day they stop making it, ha ha."


# Done while the other waits: "I'll pull up my calendar, hang on."
_RIGHT_NOW = re.compile(
    r"\b(?:hang on|hold on|one sec(?:ond)?|bear with me|give me (?:a|one) (?:sec|second|moment|minute)|"
    r"just a (?:sec|second|moment|minute))\b",
    _F,
)


def _own_action(ctx: Context, found: tuple[str, str, str] | None) -> str | None:
    """The action after a first-person marker, when it is the speaker's own plan for after the session."""
    if found is None or ctx.sentence.is_question:
        return None
    _modal, rest, before = found
    if g.reported(before) or g.hypothetical(ctx.text) or _DESCRIBED.search(before) or _RIGHT_NOW.search(ctx.text):
        return None
    if g.in_jest(ctx.text, [s.text for s in ctx.later[:1]]):
        return None
    # "What might be the benefits?" "I'll have more energy, I'll sleep": what would follow, unless a time
    # makes it a plan ("The upside is I'll finally ring him on Monday").
    asked = ctx.asked
    if asked and asked.kind != "proposal" and g.asks_outcome(asked.text) and not lx.TIME_AFTER.search(ctx.text):
        return None
    # "I'm going to, first thing Monday, I'm putting ...": the action is after the restart.
    restart = _RESTART.match(rest)
    if restart and _SPEECH_LEAD.match(restart.group("lead").strip()):
        return None  # "I'm gonna say, I'm pretty confident": words said here, about now
    if restart and not _VERB_START.match(restart.group("lead").strip()):
        rest = _plain_verb(restart.group("rest"))
    done_by = re.match(r"have\s+(?P<rest>\w+\b.*)$", rest, _F)
    if done_by:  # "I'll have sent it and booked the room by Friday" -> "Send it and book the room"
        plain = _wished_verb(done_by.group("rest"))
        rest = plain if plain != done_by.group("rest") else rest
    if not g.is_action(rest) or g.withdrawn(" ".join([ctx.text] + [s.text for s in ctx.later[:3]])):
        return None
    if re.search(r"\b(?:commit(?:ted|ting)? to|planning on)\s*$", _modal, _F):
        rest = _plain_verb(rest)  # "I'm committing to walking the dog" -> "Walk the dog"
    return g.action_text(rest) or None


@rule(
    "commitment",
    "i_will",
    fires=[
        "I'll call the pharmacy tomorrow.",
        "I'm going to cut back to two drinks on weeknights.",
        "Okay, so I'm gonna start walking after dinner.",
        "I will finish the outline by Friday.",
        "I'll definitely email her tonight.",
        "I'll walk in as if I belong there, on Monday.",  # "as if" is no joke here
        "Before next time I'll find out whether the library does evening classes.",
        "I'm going to have more water during the day.",
        ("And the upside of sorting it?", "I'll ring the bank on Monday and stop worrying about it."),
        "I'll ask about the evening classes at the library.",  # asked there, not here
        "I'll pull together the quarterly numbers for the board.",
        "She believes in me, so I'll call her tonight.",  # her belief, then the speaker's own plan
    ],
    quiet=[
        "I'll ring her tomorrow. No. No, I won't, let's be honest.",
        "I'll tell you about my week.",
        "Okay, that one's dropped. I'll cross it off.",  # a note kept in the session
        "Let me just... I'll pull up my calendar, hang on.",  # done while the other waits
        "I'll give up chocolate the day they stop making it, ha ha.",  # a joke
        "Maybe I'll look at the gym thing. We'll see how it goes.",  # left open
        "Oh yeah, I'll just quit and move to the coast. Problem solved.",  # sarcasm
        "Right, I'll ring the accountant tomorrow. Hang on. No, scratch that, not tomorrow.",
        "Twelve-ish, then. I'll hold you to the ish.",
        "I'll be fine.",
        "I said I'll stop, but I didn't.",
        "I'd probably just cave and say, oh, don't worry, I'll keep your old rate.",  # words she fears she'd say
        "What I'll do is still open.",
        "Will I ever get there?",
        "If I had the money I'll travel.",
        "I'll call him but I can't promise anything.",
        "I'll ring her, but I don't know if I'll manage it this week.",
        (
            "What would make leaving at six possible?",
            "I'll tell my team too, at stand-up. No, actually, let's not make it a speech.",
        ),
        # What would happen to the speaker, not what they will do.
        "Honestly I'm scared I'll gain weight.",
        "I'm just gonna mess it up again.",
        ("Would a practice call help?", "I think no. I will sound like a robot."),
        "I'll just see how I go with it.",
        "Let's see. I'll see how brave I'm feeling.",
        # said about the meeting in hand
        "Project Manager here. I'll wait until you're all hooked up.",
        "But I think I'll just keep it simple.",
        # what a change would bring, asked for: a prediction
        ("What would be some of the good things about cutting down?", "I'll have more money, and I'll go out more."),
        ("And the downside?", "I'll do the easy one and then the hard one will just sit there."),
        "I'm gonna say, I'm pretty much completely confident.",  # said here, about now
        "You probably think I'm going to nag you about it.",  # what someone else expects
        "My mum thinks I'm going to drop out again.",
        "I'm not saying I'm going to give it up.",  # named only to be denied
        "I'll leave that one with you, then.",  # the point handed back, in the talk
        "I'll print you off the leaflet before you go.",  # done in the session
    ],
)
def i_will(ctx: Context) -> Hit | None:
    """I'll / I will / I'm going to + an action."""
    text = _own_action(ctx, g.future_i(ctx.text))
    return Hit(text, owner=_owner(ctx)) if text else None


# "Monday I'm calling the accountant", "I'm seeing her on Friday": the present as a plan, with its time.
_I_AM_DOING = re.compile(
    r"(?:^|[\s,;])i(?:'m| am)\s+(?:just\s+|definitely\s+|also\s+|actually\s+|only\s+|finally\s+)?"
    r"(?P<rest>(?!(?:going|gonna|trying|thinking|hoping|feeling|doing (?:ok|okay|well|good|great|fine|better|worse|alright)|"
    r"getting (?:better|worse|there|tired|old)|struggling|wondering|looking forward|kidding|joking|talking|telling|saying|"
    r"asking|being|willing|having (?:a (?:hard|tough|rough|bad|good|great|difficult|nice|lovely)\b|trouble|fun|problems?)|dealing|coping|working on it|learning|realizing|realising|noticing|"
    r"beginning to (?:see|realize|realise|understand))\b)[a-z]{2,}ing\b.*)$",
    _F,
)
# When such a plan happens: a time still to come (not "every day", which tells a routine).
_PLAN_TIME = re.compile(
    rf"\b(?:tomorrow|tonight|this (?:week|weekend|evening|afternoon|month)|next (?:week|month)|first thing|"
    rf"later (?:today|this week)|(?:on |this |next |by )?{lx.DAY}|by the|before the|in (?:a|one|two|three|\d+) "
    rf"(?:days?|weeks?)|the (?:minute|moment|second) i|as soon as|when i get (?:home|back|in))\b",
    _F,
)
# A day to come, then "I" and a verb in the present: "Monday I call the bank", "First thing tomorrow, I send it".
_DAY_THEN_I = re.compile(
    lx.lead("so|and|okay|ok|then|right") + rf"(?:first thing\s+)?(?:(?:on|this|next|this coming)\s+)?"
    rf"(?:{lx.DAY}|tomorrow|tonight|this week)(?:\s+(?:morning|afternoon|evening|night))?,?\s+(?:for sure\s+)?i\s+"
    rf"(?P<rest>(?:{lx.ACTION_VERB}|{lx.PLAN_VERB})\b.*)$",
    _F,
)
_WHILE = re.compile(r"\b(?:as|while|when|whenever|because|'cause|cause|by the time|until)\b[^,.;]*$", _F)
# The forms of the verbs recap knows, back to the plain verb: "-ing" ("calling the accountant"), and
# the past ("What if you kept a note?": the proposal's verb in the past, as English puts a wish).
_ING_TO_VERB: dict[str, str] = {}
_PAST_TO_VERB = {
    "kept": "keep", "made": "make", "took": "take", "wrote": "write", "spent": "spend", "went": "go",
    "told": "tell", "sent": "send", "gave": "give", "left": "leave", "did": "do", "had": "have", "got": "get",
    "set": "set", "put": "put", "cut": "cut", "read": "read", "ran": "run", "brought": "bring", "bought": "buy",
    "found": "find", "began": "begin", "sat": "sit", "stood": "stand", "spoke": "speak", "drove": "drive",
    "chose": "choose", "ate": "eat", "drank": "drink", "slept": "sleep", "woke": "wake", "met": "meet",
    # and as participles: "I'll have written it by then"
    "done": "do", "gone": "go", "written": "write", "taken": "take", "given": "give", "spoken": "speak",
    "eaten": "eat", "driven": "drive", "chosen": "choose", "begun": "begin", "woken": "wake", "drunk": "drink",
}  # fmt: skip
for _verb in re.findall(r"[a-z]+", lx.ACTION_VERB) + list(lx.PLAN_VERBS):
    _stem = _verb[:-1] if _verb.endswith("e") and not _verb.endswith("ee") else _verb
    _ING_TO_VERB[_stem + "ing"] = _verb
    if _verb.endswith("e"):
        _PAST_TO_VERB.setdefault(_verb + "d", _verb)
    elif re.search(r"[^aeiou]y$", _verb):
        _PAST_TO_VERB.setdefault(_verb[:-1] + "ied", _verb)
    else:
        _PAST_TO_VERB.setdefault(_verb + "ed", _verb)
    if re.fullmatch(r"[a-z]*[^aeiou][aeiou][bdgmnprt]", _verb) or _verb in ("sit", "get", "put", "cut", "set"):
        _ING_TO_VERB[_verb + _verb[-1] + "ing"] = _verb
        _PAST_TO_VERB.setdefault(_verb + _verb[-1] + "ed", _verb)


def _wished_verb(rest: str) -> str:
    """ "kept a note of it and then got up" -> "keep a note of it and then get up", for the verbs
    recap knows: the first word and each one after "and" or "and then"."""

    def plain(m: re.Match[str]) -> str:
        return _PAST_TO_VERB.get(m.group(0).lower(), m.group(0))

    return re.sub(r"^\w+|(?<=\band )\w+|(?<=\band then )\w+", plain, rest, flags=_F)


def _plain_verb(action: str) -> str:
    """ "calling the accountant" -> "call the accountant", when the verb is one recap knows."""
    first, _, rest = action.partition(" ")
    verb = _ING_TO_VERB.get(first.lower())
    return f"{verb} {rest}".strip() if verb else action


@rule(
    "commitment",
    "i_am_doing",
    fires=[
        "From this weekend I'm only buying the sugar-free ones.",
        "First thing Monday I'm calling the accountant.",
        "I'm booking the flights tomorrow.",
        ("What's your first step?", "I'm sitting down with my manager on Thursday."),
        "Thursday I walk Priya through the report.",
        "Right. After service Saturday I'm sitting down with the rota.",
        "The minute I get home I'm getting rid of them.",
        "This week for sure I make the appointment with the doctor.",
    ],
    quiet=[
        "I'm walking every day now.",
        "I'm going to the gym tomorrow, I guess, if I feel like it.",
        "I'm feeling better this week.",
        "I'm thinking about calling her next week.",
        "Last Monday I was calling clients all day.",
        "And as I'm looking at the menu on Sunday, I just cave.",
        "I'm willing to work through it by next week.",
        "Monday I was so tired I went straight to bed.",
    ],
)
def i_am_doing(ctx: Context) -> Hit | None:
    """I'm + doing, with a time to come or in answer to "what will you do?": a plan said in the present."""
    if ctx.sentence.is_question or g.hypothetical(ctx.text) or g.habitual(ctx.text) or g.withdrawn(ctx.text):
        return None
    dated = _DAY_THEN_I.match(ctx.text)
    if dated:  # "Thursday I walk Priya through the report": the day makes the present a plan
        text = g.action_text(dated.group("rest"))
        return Hit(text, owner=_owner(ctx)) if text and g.is_action(dated.group("rest")) else None
    m = _I_AM_DOING.search(ctx.text)
    if not m or g.reported(ctx.text[: m.start()]) or g.conditional(ctx.text[: m.start()]):
        return None
    if _WHILE.search(ctx.text[: m.start() + 1]):
        return None  # "as I'm looking at the menu": the scene of a story, not a plan
    answers = ctx.asked is not None and ctx.asked.kind in ("action", "options") and ctx.sentence.index == 0
    if re.search(r"\b(?:every|each|always|usually)\b", ctx.text, _F):
        return None
    rest = m.group("rest")
    known = rest.split()[0].lower() in _ING_TO_VERB
    # A verb recap knows with a time to come; any verb when it answers "what will you do?".
    if not ((known and _PLAN_TIME.search(ctx.text)) or answers) or not g.is_action(rest):
        return None
    text = g.action_text(_plain_verb(rest))
    return Hit(text, owner=_owner(ctx)) if text else None


# "Let me draft the email this week": the speaker takes it on (not "let me think", "let me ask you",
# "my mum won't let me go").
_LET_ME = re.compile(
    r"(?:^|[,;]\s*|\b(?:so|okay|ok|and|then|well|right|yeah|yes|alright|maybe|actually)\s+)let me\s+(?:just\s+|also\s+)?(?P<rest>(?!(?:just\s+|also\s+)?(?:think|see|know|check (?:i|that)|ask|tell|say|show|share|walk you|give you|read you|"
    r"be honest|get this straight|understand|clarify|explain|make sure i|just say|put it|go back|recap|summari[sz]e|"
    r"guess|try to (?:explain|understand)|finish|start|pull up|find (?:it|that|the)|look at (?:my|the) (?:notes|screen))\b).+)$",
    _F,
)


@rule(
    "commitment",
    "let_me",
    fires=[
        "Let me draft the email this week and send it by the 15th.",
        "Okay, let me talk to my partner about it tonight.",
    ],
    quiet=[
        "Let me think about that.",
        "Let me ask you something.",
        "Let me know how it goes.",
        "Let me see, it was in March.",
        "Hang on, let me just turn the light on.",
        "So let me just show you this chart from the clinic, it explains the next few weeks.",
        "My mum would never let me go out on a weeknight.",
    ],
)
def let_me(ctx: Context) -> Hit | None:
    """Let me + an action for after the call: the speaker takes it on."""
    if ctx.sentence.is_question or g.withdrawn(ctx.text):
        return None
    m = _LET_ME.search(ctx.text)
    if not m or g.reported(ctx.text[: m.start()]) or not g.is_action(m.group("rest")):
        return None
    answers = ctx.asked is not None and ctx.asked.kind in ("action", "options") and ctx.sentence.index == 0
    if not (answers or _PLAN_TIME.search(ctx.text) or lx.TIME_AFTER.search(ctx.text)):
        return None  # "let me close the door", "let me share my screen": the call itself
    text = g.action_text(m.group("rest"))
    return Hit(text, owner=_owner(ctx)) if text else None


_WONT = re.compile(
    rf"(?:^|[\s,])i\s*(?:{lx.ADVERB}\s+)?(?:won't|will not|'m not going to|am not going to|'m not gonna|am not gonna|"
    rf"'m never going to|'m never gonna|'ll never|will never|'m going to stop|'m gonna stop|'ll stop)\s+(?:{lx.ADVERB}\s+)?(?P<rest>.+)$",
    _F,
)
# Saying no to the change itself is a refusal, not a promise to abstain: "I'm not gonna quit".
_CHANGE = re.compile(
    r"^(?:quit|stop|change|start|try|give (?:it|that|up)|take (?:it|them|the)|go (?:there|back|to (?:the|a))|"
    r"do (?:it|that|this)|make (?:it|that)|come (?:back|in)|lie|kid|pretend|let (?:that|it|this))\b",
    _F,
)


@rule(
    "commitment",
    "i_will_not",
    fires=[
        "I won't buy cigarettes this week.",
        "I'm not going to drink on weeknights anymore.",
        "I'm gonna stop eating after nine.",
        "I'll never drive home after a drink again.",
    ],
    quiet=[
        "I won't lie, it was hard.",
        "I'm not going to be able to make it.",
        "I'm not gonna quit smoking.",
        "I'm not bloated or anything.",
        "I won't know until next month.",
        "I'll never be good at this.",
        "I'll never forget that day.",
        "I'll stop you there for a second.",
    ],
)
def i_will_not(ctx: Context) -> Hit | None:
    """I won't / I'm not going to / I'll stop + an action: a promise to stop or abstain."""
    m = _WONT.search(ctx.text)
    if not m or ctx.sentence.is_question or g.reported(ctx.text[: m.start()]) or g.conditional(ctx.text[: m.start()]):
        return None
    rest = m.group("rest")
    stop = re.search(r"\bstop\s*$", ctx.text[: m.start("rest")], _F)
    if not g.is_action(rest) or (not stop and _CHANGE.match(rest)) or (stop and re.match(r"you\b", rest, _F)):
        return None  # ("I'll stop you there for a second": the talk, stopped)
    text = g.action_text(rest)
    if not text:
        return None
    never = re.search(r"\bnever\b", m.group(0), _F)
    lead = "Stop" if stop else "Never" if never else "Not"
    return Hit(f"{lead} {text[:1].lower()}{text[1:]}", owner=_owner(ctx))


_OFFER = re.compile(
    r"(?:^|[\s,;])(?:i(?:'ll| will| can| could|'m going to|'m gonna| am going to)|let me|we(?:'ll| will| can|'re going to| are going to))"
    r"\s+(?:(?:just|definitely|also|go ahead and|be sure to|make sure to)\s+)?"
    r"(?P<rest>(?:send|email|e-mail|text|give|get|call|ring|phone|book|set up|arrange|schedule|check|look (?:into|up|for)|"
    r"find|print|refer|forward|share|write|prepare|put together|pull together|dig out|follow up|reach out|remind|"
    r"connect|introduce|order|sign you|hook you|contact|talk to|speak to|ask|bring|drop|mail|pass)\b.+)$",
    _F,
)


@rule(
    "commitment",
    "coach_offer",
    role="coach",
    fires=[
        "I'll send you the worksheet tonight.",
        "Let me email you the link after the call.",
        "We'll get you set up with the clinic.",
        "I can book the room for Thursday.",
    ],
    quiet=[
        "So, let me just pull together what I'm hearing.",  # a summary, here
        "Let me ask about the other side of it.",
        "I'll ask you a few questions first.",
        "Let me check I understand.",
        "I'll give you an example.",
    ],
)
def coach_offer(ctx: Context) -> Hit | None:
    """The coach offers to do something for the client: send, book, call, check, find ..."""
    if ctx.role not in ("coach", None) or ctx.sentence.is_question:
        return None
    m = _OFFER.search(ctx.text)
    if not m or g.reported(ctx.text[: m.start()]):
        return None
    rest = m.group("rest")
    if not g.is_action(rest):
        return None
    return Hit(g.action_text(rest), owner="coach") if rest else None


# What the other person proposed or asked the speaker to do: its action.
_PROPOSED = re.compile(
    r"\b(?:how about (?:you |we )?|what about |what if,? (?:[^,?]{1,40},\s*)?(?:you|we) |why don'?t (?:you|we) |why not |you(?:'re (?:going to|gonna)|'ll) |you (?:could|might|may want to|should|need to|"
    r"can|might want to|ought to|'re going to|are going to|'re gonna|are gonna|'ll|will) |maybe you(?:'d| could| can| should)? |i(?:'d| would)? "
    r"(?:recommend|suggest|advise|encourage) (?:is |would be )?(?:that you |you )?|i(?: want| need|'d like| would like) you to |"
    r"i(?:'d| would) love (?:for )?you to |(?:the|my) (?:suggestion|recommendation|advice) (?:is|would be),? (?:to |that you )?|"
    r"(?:would|will|could|can) you (?:be willing to |like to |want to |be able to |try to |try |consider |agree to |commit to |"
    r"be up for |be open to )?|"
    r"are you (?:willing|able|ready|going) to |do you (?:want|think you (?:could|can)) (?:to )?|let'?s |try (?:to |and )?|"
    r"have you (?:thought about|considered|tried) |it (?:might|may|could|would) help (?:to |if you )?|"
    r"(?:would|could|might|will) it help (?:to |if you )?|"
    r"one thing you (?:could|might|can) (?:do|try) (?:is|would be) (?:to )?|(?:can|could|may) i (?:also )?ask you to |"
    r"if you (?:can |could |were to |just )?(?=\w+ (?:it|them|this|that|a|an|the|your|some|one|to)\b)|"
    r"things like |"
    # a plan put back as a question: "So the twelfth becomes the review, and you submit after that?"
    rf"(?:\b(?:so|and|then),? you (?={lx.ACTION_VERB}\b)(?=[^?]*\?))|"
    # "So I think just tell your friends ...": an imperative put to the listener.
    rf"{lx.JUST_IMPERATIVE})(?P<rest>[^?.!]+)",
    _F,
)


_ASKS_LISTENER = re.compile(
    r"\b(?:(?:would|will|could|can|are|do|might) you(?: (?:be willing|be able|like|want|think you could|think you can|be up for|"
    r"consider|agree|commit|try|feel (?:ready|able)))?|(?:how|what) about (?:you|we|trying|(?:just )?\w+ing)|what if you|"
    r"why don'?t you|"
    r"is that something you|does that sound|how does that sound|sound (?:good|ok|okay|like a plan)|"
    r"(?:would|could|might|will) it help (?:to|if you))\b[^.!]*\?",
    _F,
)
# The other person's own plan: theirs to do, so a "good" to it takes nothing on.
_OWN_PLAN = re.compile(r"\b(?:let me|i(?:'ll| will|'m going to|'m gonna| am going to| could| can| might))\s", _F)
_SUGGESTS = re.compile(
    r"\b(?:i(?:'d| would)? (?:recommend|suggest|advise|encourage)|i(?: want| need|'d like| would like) you to|"
    r"i(?:'d| would) love (?:for )?you to|(?:my|the) (?:suggestion|recommendation|advice)|(?:just )?try (?:to |and )?\w+|one thing you (?:could|might|can)|"
    # A plan put back to the listener: "So the plan is you're going to ...", "So just call ...".
    rf"the plan (?:is|would be|will be)|you(?:'re| are) (?:going to|gonna) (?={lx.ACTION_VERB}\b)|"
    rf"you(?:'ll| will) (?:\w+ )?(?={lx.ACTION_VERB}\b)|"
    rf"(?:so|and|then),? you (?={lx.ACTION_VERB}\b)(?=[^.!?]*\?)|"
    rf"{lx.JUST_IMPERATIVE})\b",
    _F,
)


def own_plan(sentence: Sentence) -> str | None:
    """A plan the speaker has just put in words, with how often or as a bare action: "Ten minutes
    after tea, every school night, bags by the front door." (not a question, nothing past)."""
    text = sentence.text
    if sentence.is_question or g.PAST_RE.search(text) or refusal(text) or agreement(text):
        return None
    rest = _ANSWER_LEAD.sub("", text).strip(" ,.")
    measure = find_measure(rest)
    if not (measure and measure.cadence) and not _VERB_START.match(rest):
        return None
    if not g.is_action(rest) or g.withdrawn(text) or g.hypothetical(text):
        return None
    return g.action_text(rest) or None


_SUMS_UP = re.compile(r"\bwhat (?:i'm hearing|i hear|i'm getting|i've got|you're saying|you've said) is\b", _F)


def proposed_action(asked: str) -> str | None:
    """ "How about you keep a drink diary this week?" -> "Keep a drink diary this week"."""
    m = _PROPOSED.search(asked)
    # ("So what I'm hearing is you'll ..." sums up a plan; it asks nothing)
    before = _SUMS_UP.sub(" ", asked[: m.start()]) if m else ""
    # (not "which" or "who" after a comma: "Rather than counting calories, which you hate, what about ...")
    if not m or re.search(r"\b(?:what|how|why|when|where)\b|(?<!, )\b(?:which|who)\b", before, _F):
        return None  # "What will you do differently?" asks; it proposes nothing
    rest = m.group("rest")
    if re.match(r"what if,? (?:[^,?]{1,40},\s*)?(?:you|we)\b", m.group(0), _F):
        rest = _wished_verb(rest)
    elif re.search(
        r"\b(?:try|commit to|consider|up for|open to|how about|what about)\s*$", asked[m.start() : m.start("rest")], _F
    ):
        # "try keeping a little tally", "how about just keeping a note" -> "keep ..."
        rest = _plain_verb(re.sub(r"^just\s+", "", rest, flags=_F))
    if not g.is_action(re.sub(r"^(?:like|want) to\s+", "", rest)):
        return None
    return g.action_text(re.sub(r"\b(?:that|this) week\b", "this week", rest), second_person=True) or None


#: The speaker takes something on in their own words: "I'll", "I can", "I'm going to".
TAKES_ON = re.compile(r"\bi(?:'ll| will| can| could| am going to|'m going to|'m gonna)\b", _F)


@rule(
    "commitment",
    "accepts_proposal",
    fires=[
        ("How about you keep a food diary this week?", "Okay, I can do that."),
        ("Would you be willing to call your sister before Sunday?", "Yeah, definitely."),
        ("You could try leaving your phone in the kitchen at night.", "Sure, I'll try that."),
        ("So the plan is you're going to call the gym on Monday.", "Yeah, sure."),
        ("Okay, so just send the invoice tonight.", "Okay, will do."),
        ("What if you kept a food diary this week?", "Yeah, go on then."),
        ("Would it help to write that opening line down before you call?", "Yeah. I'll do that."),
        ("So the twelfth becomes the review, and you submit after that?", "Yeah. Submit by the Friday."),
        ("How about just keeping a note on your phone of each drink this week?", "Yeah, alright."),
        ("What about taking a photo of everything you eat until we next meet?", "Yeah, okay, that's less boring."),
        (
            "Rather than counting points, which you hate, what about taking a photo of each meal this week?",
            "Okay, yeah.",
        ),
    ],
    quiet=[
        ("How about you keep a food diary this week?", "No, I don't think so."),
        ("How are you feeling today?", "Okay."),
        ("So you've been pretty busy.", "Yeah."),
        ("You're going to feel tired at first.", "Yeah."),
        ("I just wanted to check in.", "Sure."),
        ("Let me try swapping the biscuits for fruit this week.", "Good, yeah."),
    ],
)
def accepts_proposal(ctx: Context) -> Hit | None:
    """A yes to the other person's proposal: the proposal becomes the speaker's commitment."""
    asked = ctx.asked
    if asked is None or asked.kind not in ("proposal", "action", "yes_no") or ctx.sentence.index > 1:
        return None
    if not (agreement(ctx.text) or _APPROVES.match(ctx.text)) or refusal(ctx.text) or g.withdrawn(ctx.turn.text):
        return None
    # A yes to a real proposal: a question put to the listener, or an explicit suggestion.
    if not (_ASKS_LISTENER.search(asked.text) or _SUGGESTS.search(asked.text)):
        return None
    if _OWN_PLAN.search(asked.text) and not _ASKS_LISTENER.search(asked.text):
        return None  # "Let me try swapping the snacks for tea." "Good.": praise for their plan, not a yes to one
    if ctx.turn.words > 12 and not TAKES_ON.search(ctx.turn.text):
        return None
    action = proposed_action(asked.text)
    if not action:
        return None
    prev = ctx.prev
    proposal = next((s for s in reversed(prev.sentences) if s.text == asked.text), None) if prev else None
    detail = asked.text
    if g.vague(without_times(action)) and prev is not None and proposal is not None:
        # "Could you start tomorrow morning? Keep the monitor next to the kettle?": what starting is, said next
        for s in prev.sentences[proposal.index + 1 : proposal.index + 3]:
            if _IMPERATIVE.match(s.text):
                action = g.action_text(s.text.rstrip(" ?"), second_person=True) or action
                detail = f"{asked.text} {s.text}"
                break
    return Hit(action, owner=_owner(ctx), detail=detail, proposal=proposal)


# A yes with a word of approval: "Yeah, okay, that's less boring.", "Yeah, that's fair, that sounds doable."
_APPROVES = re.compile(
    rf"^\W*(?:{lx.AGREE})\b(?:\W+(?:{lx.AGREE}|so|i mean)\b)*\W+(?:(?:that|it|this)(?:'s| is| sounds| seems)|sounds|seems)\s+"
    r"(?:\w+\s+){0,2}?(?:fair|fine|good|doable|easy|easier|manageable|reasonable|realistic|less \w+|not bad|alright|"
    r"all right|okay|ok|worth (?:a )?(?:shot|try|trying|a go))\W*$",
    _F,
)
# A proposal said as a bare imperative: "Keep the monitor next to the kettle?"
_IMPERATIVE = re.compile(rf"^\W*(?:(?:and|maybe|just|then|so)\s+)*(?:{lx.ACTION_VERB})\b", _F)


_ANSWER_LEAD = re.compile(
    r"^(?:(?:well|so|um|uh|i think|i guess|i suppose|probably|maybe|definitely|just|honestly|okay|ok|yeah|yes|"
    r"i mean|like|and|then|first|first of all|for one|one thing|one would be|i'd say|i would say|"
    r"i could|i can|i'd|i would|i will|i'll|i'm going to|i'm gonna|i need to|i have to|i should|"
    r"i want to|i wanna|i'd like to|to|also|"
    # "Tomorrow, send the email to Dom", "Also on Monday, call the bank": when, then what
    rf"tomorrow|tonight|today|this week|this weekend|first thing|(?:on |this |next )?{lx.DAY}(?: morning| afternoon| evening)?)"
    r"\b[\s,]*)+",
    _F,
)
_VERB_START = re.compile(rf"^(?:{lx.ACTION_VERB}|not|no|less|more|only|maybe|probably)\b", _F)


# "Going for a walk every lunchtime.", "Having my brother check on me.": a plan named by its -ing verb.
_GERUND = re.compile(
    r"^(?!(?:nothing|something|anything|everything|morning|evening|thing|being|feeling)\b)[a-z]{3,}ing\b", _F
)


def _answer_action(ctx: Context, upto: int = 1) -> str | None:
    """The action a short answer names: "Probably, um, call my mum." -> "Call my mum" (in the
    answer's first ``upto`` + 1 sentences)."""
    if ctx.sentence.is_question or ctx.sentence.index > upto or refusal(ctx.text) or agreement(ctx.text):
        return None
    rest = _ANSWER_LEAD.sub("", ctx.text).strip(" ,.")
    if (
        not rest
        or not (_VERB_START.match(rest) or _GERUND.match(rest))
        or g.withdrawn(ctx.text)
        or g.hypothetical(ctx.text)
    ):
        return None
    if re.match(r"(?:did|was|were|had|used)\b", rest, _F) or not g.is_action(rest):
        return None
    return g.action_text(rest) or None


def _counted_plan(ctx: Context) -> str | None:
    """A plan said as a number and a time, with no verb: "Three coffee chats by the twenty-eighth.",
    "Ten minutes a day of strength training." (a count alone, "Three priorities.", plans nothing)."""
    if ctx.sentence.is_question or ctx.sentence.index > 1 or refusal(ctx.text) or agreement(ctx.text):
        return None
    return counted_plan(ctx.text)


def counted_plan(text: str) -> str | None:
    """The plan in words with no verb, a number and a time: "three cold calls a day" (see _counted_plan)."""
    rest = _ANSWER_LEAD.sub("", text).strip(" ,.")
    if len(rest.split()) < 3 or has_clause(rest) or g.PAST_RE.search(rest):
        return None
    measure = find_measure(rest)
    if measure is None or (measure.cadence is None and without_times(rest) == rest):
        return None
    if not _COUNT_WORDS.sub(" ", without_times(rest)).split():
        return None  # "Ten minutes a day.": how much, of nothing named
    return rest[0].upper() + rest[1:]


# What a measure is made of: numbers, units of time and how often.
_COUNT_WORDS = re.compile(
    rf"\b(?:\d+|{lx.NUMBER_WORD}|once|twice|minutes?|mins?|hours?|times?|days?|weeks?|months?|a|an|per|every|each|"
    r"of|the|or|and|at least|about|around|like)\b|\W+",
    _F,
)


#: A question for the plan ("What's the next step?", "What do you need to do next?"), answered with a
#: next step; "What will you do before we next talk?" asks for a promise.
PLAN_ASKED = re.compile(
    r"\b(?:need to|next step|plan)\b|\bnext\b(?! (?:talk|meet|speak|chat|see each other|session|time|call|week))",
    _F,
)


#: How far into an answer to "what will you do?" its steps are read: an answer often lists them.
ANSWER_LIST = 4


@rule(
    "commitment",
    "answer_to_will_question",
    fires=[
        ("So what will you do before we meet again?", "Call my sister and ask her for help."),
        ("What's one thing you could do this week?", "Probably start packing a lunch."),
        ("What could you do to keep it going?", "Getting my brother to check on me, and doing ten minutes a day."),
        # An answer that lists its steps, each with its day.
        ("What are you committing to?", "Okay. Um. Right. Also tomorrow, email Raj at the charity directly."),
        # A plan said as a number and a time.
        ("And what will you do about the networking?", "Three coffee chats by the twenty-eighth."),
        ("What could you commit to this week?", "Twenty minutes of reading every evening."),
        ("So what will you try this week?", "Um, no snacking after nine."),  # a promise to go without
        ("And when will you ring the garage?", "Thursday morning. Before work."),  # the question holds the action
        ("And who owns telling the team about the move?", "Me. I'll do it."),
    ],
    quiet=[
        ("What will you do before we meet again?", "I don't know yet."),
        ("What did you do last week?", "Called my sister."),
        ("What will you do this week?", "Okay."),
        ("What will you do this week?", "Three priorities, the hires, the budget."),  # a count, no time
        ("What will you do about it?", "Two sessions last week."),  # what was done
        ("How often would you want to do it?", "Ten minutes a day."),  # how much, of nothing named
        ("When will you ring the garage?", "Last week, actually."),  # done already
        ("When will you talk to him?", "Tonight, probably."),  # the action said before, dated by the answer
        ("Who's going to tell your mum?", "Not me."),
        ("What will you do this week?", "No idea."),
    ],
)
def answer_to_will_question(ctx: Context) -> Hit | None:
    """The answer to "what will you do?": the action it names is the speaker's commitment."""
    if ctx.asked is None or ctx.asked.kind not in ("action", "options") or PLAN_ASKED.search(ctx.asked.text):
        return None
    if when := _when_asked(ctx) or _who_asked(ctx):
        return when
    text = _answer_action(ctx, upto=ANSWER_LIST) or _counted_plan(ctx) or _abstains(ctx)
    return Hit(text, owner=_owner(ctx)) if text else None


# "No drinking on weekdays.": a promise to go without.
_ABSTAIN = re.compile(r"^(?:no|no more|not|zero)\s+(?=\w+ing\b)", _F)


def _abstains(ctx: Context) -> str | None:
    if ctx.sentence.is_question or ctx.sentence.index > 1:
        return None
    rest = _ANSWER_LEAD.sub("", ctx.text).strip(" ,.")  # (a "no" that starts it is no refusal)
    if not _ABSTAIN.match(rest) or has_clause(rest) or g.PAST_RE.search(rest) or len(rest.split()) < 2:
        return None
    return rest[0].upper() + rest[1:]


# "And when will you sit down with the budget?" "Sunday evening.": the question holds the action.
_WHEN_WILL_YOU = re.compile(
    lx.lead("so|and|okay|ok|then|right") + r"when (?:will|are) you (?:going to |gonna )?(?P<act>[^?]+)\?\s*$", _F
)


# "And who owns telling the team?" "Me. I'll do it.": the one who takes it on promises what it asks.
_WHO_WILL = re.compile(
    lx.lead("so|and|okay|ok|then|right") + rf"{lx.WHO_TAKES} (?P<act>[^?]+)\?\s*$",
    _F,
)
_ME = re.compile(
    lx.lead("um|uh|well|oh|yeah|okay") + r"(?:me|i will|i'll do it|i'll do that|i can|i do|that's me|"
    r"i'll take (?:it|that)|that'll be me|mine)\W*$",
    _F,
)


def _who_asked(ctx: Context) -> Hit | None:
    asked = ctx.asked
    m = _WHO_WILL.match(asked.text) if asked is not None else None
    if m is None or ctx.sentence.index > 0 or not _ME.match(ctx.text):
        return None
    act = _plain_verb(m.group("act").strip())  # "telling the team" -> "tell the team"
    if not g.is_action(act):
        return None
    return Hit(g.action_text(act, second_person=True), owner=_owner(ctx))


def _when_asked(ctx: Context) -> Hit | None:
    asked = ctx.asked
    m = _WHEN_WILL_YOU.match(asked.text) if asked is not None else None
    if m is None or ctx.sentence.index > 0 or ctx.sentence.is_question or has_clause(ctx.text):
        return None
    said = ctx.text.strip(" ,.")
    if without_times(said) == said or g.PAST_RE.search(said):
        return None  # no time in the answer
    act = m.group("act").strip()
    if not g.is_action(act) or re.search(r"\b(?:it|that|this|him|her|them|those)\b", act, _F):
        return None  # "When will you talk to him?": the action named before, which the answer dates
    return Hit(g.action_text(act, second_person=True), owner=_owner(ctx), detail=ctx.text)


@rule(
    "commitment",
    "i_will_try",
    fires=[
        "I'll try to get to bed by eleven.",
        "I'm going to try and walk to work twice a week.",
        ("You could try a nicotine patch.", "I'll give it a go."),
        "I can try cooking at home on Sundays.",
    ],
    quiet=[
        "I tried to stop last year.",
        "I'm trying to understand.",
        "I'll try to explain.",
    ],
)
def i_will_try(ctx: Context) -> Hit | None:
    """I'll try (to) ...: a hedged commitment, or a try at the other person's proposal."""
    found = g.try_i(ctx.text)
    if (
        found is None
        or ctx.sentence.is_question
        or re.search(r"\b(?:tried|last (?:week|month|year|time|night))\b", ctx.text, _F)
    ):
        return None  # ("I try this last month.": a try that was)
    _modal, rest, before = found
    if g.reported(before) or g.hypothetical(ctx.text) or g.withdrawn(ctx.text):
        return None
    rest = rest.strip(" ,.")
    if rest and not re.match(r"(?:that|it|this|them)\b", rest, _F):
        if not g.is_action(rest):
            return None
        return Hit(g.action_text(rest), owner=_owner(ctx))
    # "I'll give it a try": what "it" is was said just before; the pipeline finds it.
    return Hit("Try it", owner=_owner(ctx))


@rule(
    "commitment",
    "i_can",
    fires=[
        "I can start walking after dinner this week.",
        "I could probably cut out the sugar in my coffee.",
        "I might ask my manager for a day off.",
    ],
    quiet=[
        "I can see that.",
        "I could have called her.",
        "Could I ask you something?",
        "I can't do it.",
        "I'd like to travel.",
        "Something I can offer.",  # a thing described, not a promise
        "I could do Friday.",  # a day offered, not a thing to do
        "I can hear the traffic from here.",  # a sense, not a deed
        "I could put a reminder on my phone, I guess. I'll think about it.",  # put off
    ],
)
def i_can(ctx: Context) -> Hit | None:
    """I can / could / might + an action: ability or possibility said as a plan."""
    found = g.modal_i(ctx.text)
    if found is None or found[0] not in ("can", "could", "might", "may"):
        return None
    text = _own_action(ctx, found)
    return Hit(text, owner=_owner(ctx)) if text else None


@rule(
    "commitment",
    "i_should",
    fires=[
        "I should probably call the doctor this week.",
        "I need to book the appointment tomorrow.",
        "I have to get my blood pressure checked.",
    ],
    quiet=[
        "I should have known.",
        "I need to think.",
        "I have to say it was nice.",
    ],
)
def i_should(ctx: Context) -> Hit | None:
    """I should / need to / have to + an action: an obligation the speaker takes on."""
    found = g.modal_i(ctx.text)
    if found is None or found[0] not in ("should", "need to", "have to", "got to", "gotta", "must", "ought to"):
        return None
    if re.match(r"(?:say|admit|tell you|be honest)\b", found[1], _F):
        return None
    text = _own_action(ctx, found)
    return Hit(text, owner=_owner(ctx)) if text else None

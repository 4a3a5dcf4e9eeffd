"""Next steps: a plan for after the session the conversation settles on, not a first-person promise."""

from __future__ import annotations

import re

from recap.extract import grammar as g
from recap.extract import lexicon as lx
from recap.extract.context import Context, Sentence, Turn, agreement, refusal
from recap.extract.rules import Hit, rule
from recap.extract.rules.commitment import (
    PLAN_ASKED,
    TAKES_ON,
    _answer_action,
    _counted_plan,
    _plain_verb,
    accepts_proposal,
    counted_plan,
)
from recap.extract.text import sentence_case

_F = re.I

#: What only the coach does for the client: the owner of "we'll ..." with these is the coach.
# Done by the coach for the client: "send you the notes", "book you in", "check in with you".
_COACH_VERBS = re.compile(
    r"^(?:send|email|e-mail|text|book|schedule|set up|arrange|refer|check (?:back|in)|follow up|call|ring|"
    r"print|forward|order|sign|hook|get|look into|find|share)\b(?=.*\byou\b)",
    _F,
)


def _owner(ctx: Context, action: str) -> str:
    return "coach" if _COACH_VERBS.match(action) else "client"


_MEET = re.compile(
    r"\b(?:see (?:you|each other)|meet|talk|speak|catch up|get together|check in|com(?:e|ing) (?:back|in)|follow[- ]up|"
    # the counsellor books the client back in: "let's get you back in two weeks", "I'll see you back"
    r"(?:get|have|see|bring) you (?:back|in)|(?:pop|drop) (?:back|in)|com(?:e|ing) (?:and )?see me|"
    # booked by the counsellor: "Shall I book you in for Tuesday?", "I'll put you down for the 12th"
    r"(?:book|schedule|pencil) you (?:in|for)|get you booked|put you down for|"
    r"touch base|have (?:another|a) (?:session|appointment|call|chat)|"
    r"(?:next|our next|your next) (?:session|appointment|call|meeting)(?:'s| is| will be)|book (?:another|the next|a) (?:session|"
    r"appointment|call)|book (?:our|your) next (?:session|appointment|call|meeting)|"
    r"set up (?:another|a|an) (?:session|appointment|call|time)|"
    # "let's do a short check-in call", "let's pencil that in"
    r"(?:do|have|book|set up|schedule) (?:a|another) (?:[\w-]+ ){0,3}?(?:call|session|chat|check-in|catch-up)|"
    r"pencil (?:that|it|you|this) in|pencil in|pick (?:this|it|that) (?:back )?up(?: again)?|start again|"
    r"^\W*(?:so,? )?(?:our |your |the )?next (?:session|appointment|call|meeting)\b(?=,? (?:is |'s |will be )?(?:on )?"
    rf"(?:{lx.DAY}|{lx.ORDINAL_DAY}|\d)))\b",
    _F,
)
_WHEN = re.compile(
    rf"\b(?:again|next (?:week|month|time|session|visit|appointment|call|{lx.DAY})|in (?:a|{lx.SMALL_NUMBER}|"
    rf"\d+|a couple of|a few) (?:days?|weeks?|months?)|(?:on|this|next|by) {lx.DAY}|{lx.DAY}|tomorrow|"
    rf"same time|in a (?:week|month|fortnight)|(?:a|one|two|three) weeks? from (?:now|today)|soon|"
    rf"(?:in|for) (?:a|{lx.SMALL_NUMBER}|\d+) (?:week|month)(?:'s|s'?)? time|"
    rf"at (?:our|the|your) next|after (?:the|your)|then|(?:the )?end of (?:the|this|next) (?:week|month)|"
    # a date: "see you on the 15th", "early January"
    rf"(?:on )?{lx.ORDINAL_DAY}|(?:early |mid-?|late )?{lx.MONTH}|once you'?re back|"
    # a meeting to hear how it went: "come back and tell me how it went"
    r"back and (?:talk|tell|let me know|see|check|report|look))\b",
    _F,
)


# The next meeting as a time bound, not a plan: "what will you do before we speak again?".
_UNTIL_WE_MEET = re.compile(
    r"\b(?:before|until|till|by(?: the time)?)\s+(?:we|i|you)\s+(?:meet|talk|speak|see (?:each other|you)|catch up|"
    r"get together)(?:\s+(?:up|again|next))*\b",
    _F,
)

# Someone else meets: "getting my partner to check in on me", "she'll come back on Friday".
_THIRD_PARTY = re.compile(
    r"(?:\b(?:my|his|her|their)\s+[a-z-]+|\b(?:he|she|they|he'll|she'll|they'll))\s+(?:(?:to|will|would|can|could|"
    r"might|is going to|are going to|gonna)\s+)?$",
    _F,
)

# A meeting offered and declined.
_DECLINED = re.compile(
    r"^\W*(?:no\b|nope|not (?:yet|now|really|right now)|i'?(?:ll| will) leave it|i think i'?ll leave it|i'?m not ready|"
    r"i'?d rather not|let'?s hold off|i'?ll (?:hold off|get back to you)|maybe not|probably not|"
    r"i (?:don'?t|do not) know\b(?!,? (?:yes|yeah|sure|okay|ok)\b)|i dunno|not sure|we'?ll see)",
    _F,
)

_BARE_WEEKS = re.compile(
    r"(?<!\bin )(?<!\bfor )(?<!\bafter )\b(?:a|one|two|three|four|five|six|\d+) (?:weeks?|months?)\b(?! ago)", _F
)


def _meetings(text: str) -> list[re.Match[str]]:
    """The meetings ``text`` names for the two speakers, not someone else's ("my brother will check in")."""
    return [m for m in _MEET.finditer(text) if not _THIRD_PARTY.search(text[: m.start()])]


_IF_WE_MET = re.compile(r"\bif (?:we|you and i|i) met\b", _F)

_CLAUSE_EDGE = re.compile(r"[,;:]|\s(?:and|but|so|because)\s", _F)


def _clause_at(text: str, at: int) -> str:
    """The clause of ``text`` around position ``at``."""
    starts = [m.end() for m in _CLAUSE_EDGE.finditer(text, 0, at)]
    end = _CLAUSE_EDGE.search(text, at)
    return text[(starts[-1] if starts else 0) : end.start() if end else len(text)]


_REPEATS_TIME = re.compile(
    lx.lead("yes|yeah|yep|okay|ok|sure|great|perfect|lovely|good") + rf"(?:let'?s (?:do|say|make it) |how about )?"
    rf"(?:(?:next |this |on )?{lx.DAY}|(?:in )?(?:a|one|two|three|four|six|\d) weeks?\b|{lx.ORDINAL_DAY}|\d{{1,2}}(?::\d\d)?\s*(?:am|pm|o'?clock)|"
    rf"the (?:first|second|third|fourth|last) {lx.DAY}|(?:the )?week after\b|(?:a |in a )?fortnight\b|"
    rf"{lx.SMALL_NUMBER}\s+o'?clock|same time)\b",
    _F,
)


@rule(
    "next_step",
    "schedules_next_session",
    role="coach",
    fires=[
        "Pop back in a fortnight and we'll weigh you again.",
        "Let's book you a follow-up for the end of the month.",
        "Then let's get you back in two weeks, on the fourteenth.",
        "So I'll see you in two weeks.",
        "Let's meet again next Tuesday.",
        "Should we book another session for the same time next week?",
        ("Shall we meet again in a month?", "Yes, that works for me."),
        ("How about Monday the 9th? Same time?", "Monday the 9th, yeah. That's good."),
        ("Same time in two weeks?", "Lovely, see you then."),
        ("That's a big one. Same time next week?", "Yes, same time works."),
        ("Two weeks. Same time?", "Let's do Tuesday the eighteenth, two-thirty, after your lunch rush."),
        "When you come back in next month, I'd like to hear how the class went.",
        "Do you think it would be all right if we met again to check in on how it goes?",
        "So I'll see you on the 15th.",
        "Let's book our next call for early January.",
        "Your next appointment's on the 9th then, half past two.",
        ("Shall we say three weeks from today?", "Yes, the 21st, lovely."),
        "Let's do a quick check-in call instead — fifteen minutes, next Monday, eight a.m.",
        "Then we start again once you're back.",
        "So we pick this up again after the holidays.",
        "So, next session Tuesday at seven, on Zoom like today.",
        ("Shall we say the fourteenth, half ten?", "The fourteenth's fine."),
        ("Can we do the next one a fortnight from today?", "Fortnight from today, same time. Done."),
        "Would you be willing to come back and talk about how it went?",
        "Would you be okay coming back in two weeks?",
        "Why don't you come and see me again in a couple of weeks?",
        "Shall I book you in for next Tuesday?",
        "We'll get you booked in for a month's time.",
    ],
    quiet=[
        ("Will you be at the next appointment?", "Probably. I'll try, but I'm not promising anything."),
        "I saw my sister last week.",
        "We met at a party.",
        "It's nice to see you again.",
        "And what's one thing you'll try before we talk again?",
        "I'll get my brother to check in on me every week.",
        "We met again on Monday and it went fine.",
        "I saw him on the 15th.",
        "She came back and told me how it went.",
        "We'll look at the budget next session.",
        ("Thursday the 14th, ten o'clock?", "No, I'm away that week."),
    ],
)
def schedules_next_session(ctx: Context) -> Hit | None:
    """The next session is scheduled: "see you in two weeks", "let's meet again on Tuesday"."""
    text = ctx.text
    if (
        ctx.asked is not None
        and ctx.asked.kind == "schedule"
        and ctx.sentence.index == 0
        and (agreement(text) or _REPEATS_TIME.search(text))
        and not refusal(text)
        and not g.withdrawn(ctx.turn.text)  # "Probably. I'll try and turn up, but I'm not promising anything."
    ):
        # "Thursday the 14th, ten o'clock?" "Yeah, that works.": the date is settled; a time said in the
        # answer ("Same time next week?" "Next Wednesday it is.") is the one settled on.
        said = f"{text} {ctx.asked.text}" if _REPEATS_TIME.search(text) else f"{ctx.asked.text} {text}"
        # "Next session. Two weeks?" "Two weeks is good.": a bare stretch of time counts from today
        said = _BARE_WEEKS.sub(lambda m: f"in {m.group(0).lower()}", said)
        return Hit("Meet again", owner="client", scheduling=True, detail=said)
    # "Would it be all right if we met again?" asks of the future: "if we met" is a wish, not the past.
    said = _IF_WE_MET.sub("if we meet", _UNTIL_WE_MEET.sub(" ", text))
    meets = _meetings(said)
    # A meeting in the past ("we met last week") is history; the past elsewhere in the sentence ("and
    # see how the class went") is not the meeting's.
    after = ctx.afterthought
    if not _WHEN.search(said) and meets and after is not None and _WHEN.search(after.text):
        # "Let's do a check-in call rather than a full session. Fifteen minutes, next Monday."
        said = text = f"{text} {after.text}"
    if not _WHEN.search(said) or not any(not g.PAST_RE.search(_clause_at(said, m.start())) for m in meets):
        return None
    if re.search(r"\b(?:nice|good|great|glad) to (?:see|meet|talk)\b", text, _F):
        return None
    nxt = ctx.next
    if (
        ctx.sentence.is_question
        and nxt is not None
        and nxt.sentences
        and (_DECLINED.search(nxt.text) or g.withdrawn(nxt.text))
    ):
        return None  # "Do you want to book another session?" "I think I'll leave it for now."
    if ctx.asked is not None and ctx.asked.kind == "schedule" and ctx.sentence.index == 0 and not refusal(text):
        text = f"{ctx.asked.text} {text}"  # "Same time in two weeks?" "Perfect, see you then.": the date asked
    return Hit("Meet again", owner="client", scheduling=True, detail=text)


_FRAME = re.compile(
    r"(?:(?:\b(?:the|your|my|our|a good) (?:(?:obvious|sensible|natural|logical|real|best|right|simplest|easiest|only|"
    r"immediate|practical|small|little|tiny|big) )?|^\W*(?:(?:so|okay|ok|right|and)\W+)*)(?:next|first) (?:step|thing)"
    r"(?: (?:on my end|on your end|for me|for you|from here|from me|we (?:talked|spoke) about|we agreed(?: on)?))?"
    r"(?:(?:,? it)? (?:is|would be|will be|could be|might be|may be|being)|\s*:)|"
    r"\bwhat happens (?:now|next) is|(?:^|\bso,? |\bright,? )(?:the )?next step\s*[:—–-]|"
    r"\b(?:where we've landed|what we've agreed|what we agreed) is\s*:?|here's what i'?m (?:suggesting|proposing)\s*[:,]|"
    r"the plan(?: we(?:'ve| have)? (?:(?:kinda|kind of|sort of|sorta|finally) )?(?:landed on|agreed(?: on)?|talked about|came up with)|"
    r" from here| for now| going forward)?"
    r"(?:'s| is| would be| will be)|(?:how|what) about (?:this|that) (?:as|for) (?:the|a|our) plan\s*[:,]|"
    r"what (?:needs|has) to happen (?:first|next) is|"
    r"(?:your|the|my) homework(?:,[^,]{1,40},|\s+[-–—][^-–—]{1,40}[-–—])?(?:'s| is| would be| will be)|for (?:your |the )?homework,?|"
    r"homework for (?:this|next) week\W|here's (?:your|the|a) (?:mission|homework|challenge|task|assignment|experiment)\b[^:,]*[:,]|"
    r"(?:one|a) (?:small |little |simple )?thing (?:we|you) (?:could|can|might) try(?: is)?\s*:|"
    r"(?:for|between now and|before) (?:next (?:week|time|session)|this (?:next |coming )?week|the (?:next|coming) (?:few |couple of |two |three |four |six )?"
    r"(?:days|weeks?|fortnight|month)|"
    r"(?:our|the) next (?:session|time|visit|appointment)|then),?|what i'?d like you to do (?:is|would be)|"
    r"what you(?:'re going to| will|'ll) do (?:is|would be)|the (?:idea|task|challenge|experiment) (?:is|would be|will be)|"
    r"step one (?:is|would be)|(?:the|your) (?:goal|target) for (?:this|next) week (?:is|would be)|"
    # what the next session holds: "So next time you're in, we'll go through your food log together"
    r"^\W*(?:(?:so|and|okay|ok|right)\W+)*next time(?: (?:you're|you are|you come|we meet|i see you)(?: in| back)?)?,?"
    r"(?=\s+we(?:'ll| will|'re going to| are going to)\s))\s*(?:to\s+|that\s+you\s+)?"
    r"(?P<rest>.+)$",
    _F,
)


# A step named by what happens: "the conversation with HR", "a referral to the dietitian", "a spending diary".
_EVENT = re.compile(
    r"^(?:the|a|an|your|my|our)\s+(?:[\w-]+\s+){0,2}?(?:conversation|call|meeting|chat|talk|referral|appointment|email|"
    r"letter|check-in|catch-up|session|visit|review|test|scan|assessment|introduction|interview|diary|log|journal|"
    r"tally|tracker|list|study|check-?up|course|class|group|programme|program|workshop|consultation)s?\b",
    _F,
)

# A thing or an amount, not a clause: "an updated CV", "breakfast every day", "same wake-up time every day".
_NAMED = re.compile(
    r"^(?:a|an|the|one|two|three|four|five|same|some|no|more|less|fewer|\d+)\b(?!\s+(?:bit|lot|little|few)\b)"
    r"(?![^,.]*\b(?:is|are|was|were|will|would|can|could|might|'s|'re)\b)|"
    r"^(?:breakfast|lunch|dinner|bed|water|exercise|sleep|steps)\b(?![^,.]*\b(?:is|are|was|were)\b)",
    _F,
)
_BY_NEXT = re.compile(r"\b(?:by|before|until|till) (?:our|the|your|my) next\b", _F)

# How things will be: "the phone stays in the kitchen", "the wee one goes to her gran's on a Wednesday".
_PLAN_CLAUSE = re.compile(
    r"^(?:the|my|our|your|his|her|(?!(?:it|that|what|there|he|she|who|here|this)'s)[a-z]+'s)\s+[\w' -]{1,30}?\s+"
    r"(?:stays|goes|gets|comes|moves|lives|sleeps|starts|stops|"
    r"will \w+|'ll \w+)\b",
    _F,
)

# Homework set in the turn, then said as an imperative: "Small homework. Write down three things ...".
_HOMEWORK = re.compile(r"\b(?:homework|a (?:small |little )?(?:task|experiment|challenge) for (?:you|this week))\b", _F)


def _set_as_homework(ctx: Context) -> Hit | None:
    if ctx.role not in ("coach", None) or not any(
        _HOMEWORK.search(s.text) and not re.search(r"\bno homework\b", s.text, _F) for s in ctx.earlier[-3:]
    ):
        return None
    rest = re.sub(lx.lead("so|just|and|then|maybe|okay|ok"), "", ctx.text)
    if not re.match(rf"(?:{lx.ACTION_VERB})\b", rest, _F) or not g.is_action(rest):
        return None
    action = g.action_text(rest, second_person=True)
    return Hit(action, owner="client") if action else None


# Words that cannot start the action of a plan: "the next step is hard to see".
_NOT_A_VERB = re.compile(
    r"^(?:a|an|the|this|that|these|those|my|your|his|her|our|their|its|not|never|hard|easy|difficult|important|"
    r"good|bad|clear|unclear|simple|tough|tricky|obvious|different|really|very|so|pretty|quite|always|still)\b",
    _F,
)


@rule(
    "next_step",
    "plan_frame",
    role="coach",
    fires=[
        "So the next step is to block time in your calendar.",
        "For next week, try keeping a drink diary.",
        "The plan is that you ask your doctor about the patches.",
        "Great. So the next step is talking to both cafés.",
        "For homework, I'd like you to write down every drink you have.",
        "And for next week, I want you to walk after dinner twice.",
        "So the plan is you'll call the clinic on Monday.",
        "So between now and next time, the task is walking to work on dry days.",
        "Right, so the plan is, I ring the landlord and then we look at the lease together.",
        "I suppose the next thing is asking my manager for the figures.",
        "A good next step might be writing to the school.",
        "So homework for this week: two short runs a week, and we look at how it felt.",
        "Right, so next step: get the quote for the boiler in writing before you agree to anything.",
        "So where we've landed is: you'll ask HR about the sabbatical before deciding.",
        "For this week, the plan is a food diary. Everything you eat, with the time.",
        "For the next couple of weeks, try noticing when the urge hits.",
        "So the homework, if you want to call it that, is one evening off a week.",
        "So the idea is the phone stays in the kitchen overnight.",
        "Here's what I'm suggesting: each night this week, before bed, you write down one thing that went well.",
        "Okay, so the next step is the call with the landlord, before the end of the month.",
        "Right. Next thing is finding you a study buddy.",
        "So the next step on my end is a referral to the physio.",
        ("Do I get homework?", "Tiny homework. Write down the three times you felt calm this week."),
        "So the plan is — walk to the shops and back, every other day.",
        "The obvious next step is a hearing test, before the end of the month.",
        "So the homework's a finished budget sheet by our next call.",
        "For the next two weeks: the same bedtime every night.",
        "Here's your challenge: ring one old friend before Sunday.",
        "The next step we agreed on: you phoning the surgery on Monday.",
        ("I've no idea where to begin.", "So the first step is, um. Phone the surgery on Monday."),
        "So the plan from here is a call from the practice nurse on Friday.",
        "So the plan we've landed on is a sleep diary, every night this week.",
        "What needs to happen first is a blood test, before the end of the month.",
        "One small thing we could try: at the end of each day, before you leave, write down three things for tomorrow.",
        "So the plan we sort of landed on is - you ring the bank every Monday this month.",
        "Right, your homework - and it's a small one - is to notice the two or three times a day you reach for the phone.",
        "So the plan is Ellie's tablet stays downstairs after eight, just for this week.",
        "So next time you come in, we'll look at the bank statements together.",
    ],
    quiet=[
        "The next step is hard to see.",
        "The plan was to go to college.",
        "And the plan is, like, half of it's hiring.",
        "The plan is a bit vague still, every time I look at it.",
        "The plan is it's going to rain all week.",
        "Next time we'll see.",
        "I think next time we'll have to see how it goes.",
        "For next week, it's going to rain every day.",
        ("What's the plan?", "So the plan is. Is there even a plan?"),
        ("Do I get homework?", "No homework this week. Tell me, how's your sister?"),
    ],
    listed=True,
)
def plan_frame(ctx: Context) -> Hit | None:
    """A plan said as a plan: "the next step is ...", "for next week, ...", "your homework is ..."."""
    if ctx.sentence.is_question and not _confirmed(ctx):
        return None  # (but "So the next step is to ask my manager, yes?" "Yes." is the plan)
    m = _FRAME.search(ctx.text)
    if not m or not re.search(r"\w", m.group("rest")):
        m = _frame_before(ctx)
    if not m:
        return _set_as_homework(ctx)
    rest = re.sub(
        # "between now and then, the task is getting ...": a frame in a frame
        # ("the homework - and it's small - is to notice ...": an aside between dashes)
        r"^[\s,:;-]*(?:(?:the|your) (?:task|plan|idea|homework|challenge|job|experiment)(?:\s+[-–—][^-–—]{1,40}[-–—])?"
        r" (?:is|would be|will be),?\s+(?:to\s+)?)?"
        # when, before who: "each night this week, before bed, you write down ..."
        r"(?:(?:each|every|this|next|before|after|on|at|for|once)\b[^,.]{0,30},\s*)*"
        r"(?:(?:how|what) about (?:just )?(?=\w+ing\b)|i(?:'d| would) like you to\s+|i want you to\s+|"
        r"you(?:'ll|\s+will|\s+can|\s+could|\s+should)?\s+|"
        r"we(?:'ll|\s+will)?\s+|i(?:'ll|\s+will)?\s+)?",
        "",
        m.group("rest"),
        flags=_F,
    )
    # (up to what we do after it: "..., and we look at how it felt")
    if counted := counted_plan(
        re.split(
            r",?\s+(?:(?:and then|and|then)\s+(?=(?:we|i|you)\b)|where|when|that|which)\b", rest, maxsplit=1, flags=_F
        )[0]
    ):
        # "homework for this week: three cold calls a day": the plan as a number and how often
        return Hit(counted, owner=_owner(ctx, counted))
    if _PLAN_CLAUSE.match(rest) and re.search(r"\b(?:plan|idea)\b", m.group(0), _F):
        # "So the idea is the phone stays in the kitchen overnight": the plan said as how things will be
        said = re.split(r"[.;]", rest, maxsplit=1)[0].strip(" ,")
        return Hit(sentence_case(said), owner="client")
    rest = re.sub(r"^(?:just|only|simply|probably|maybe)\s+", "", rest, flags=_F)
    if _NAMED.match(rest) and (lx.TIME_AFTER.search(rest) or _BY_NEXT.search(rest)) and not _EVENT.match(rest):
        # "so the homework's an updated CV by our next call", "the plan is: breakfast every day": the step
        # named by what it makes or holds, with when
        said = re.split(r",\s*(?:and|but|which|so|even)\b|[.;]", rest, maxsplit=1)[0].strip(" ,")
        return Hit(sentence_case(said), owner="client")
    if _EVENT.match(rest):
        # "So the next step is the conversation with HR ...", "the next step on my end is a referral to ...":
        # a step named by what happens
        said = re.split(r",\s*(?:and|but|which|so)\b|[.;]", rest, maxsplit=1)[0].strip(" ,")
        mine = re.search(r"\b(?:on my end|from me|for me)\b", m.group(0), _F)  # the speaker's own step
        return Hit(sentence_case(said), owner=(ctx.role or "client") if mine else "client")
    rest = _plain_verb(re.sub(r"^(?:try (?:to |and )?)", "", rest, flags=_F))  # "is talking to" -> "talk to"
    if _NOT_A_VERB.match(rest) or not g.is_action(rest):
        return None
    if not re.match(
        rf"(?:(?:just|maybe|probably|really|actually|also|definitely|first|then)\s+)*"
        rf"(?:{lx.ACTION_VERB}|{lx.PLAN_VERB})\b",
        rest,
        _F,
    ):
        return None  # "the plan is, like, half of it's hiring": what the plan holds, not a step
    action = g.action_text(rest, second_person=True)
    return Hit(action, owner=_owner(ctx, action)) if action else None


# A yes to a question: "Yes.", "That's it.", "Exactly, before the thirtieth."
_YES = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|aye|exactly|that's it|that's right|correct|right|sure|absolutely|perfect|sounds good)\b",
    _F,
)


def _confirmed(ctx: Context) -> bool:
    """The other person's next turn says yes to this question."""
    reply = ctx.next
    if reply is None or not reply.sentences or refusal(reply.sentences[0].text):
        return False
    return any(_YES.match(s.text) or agreement(s.text) for s in reply.sentences[:2])


def _frame_before(ctx: Context) -> re.Match[str] | None:
    """A frame said alone, its plan in the turn's next sentence: "So the next step is, um. Ring the GP."."""
    if not ctx.later or ctx.later[0].is_question:
        return None
    head = ctx.text.rstrip(" .,:;")
    m = _FRAME.search(f"{head}: {ctx.later[0].text}")
    return m if m and m.start() < len(head) <= m.start("rest") else None


_LETS = re.compile(r"\blet'?s\s+(?:(?:just|maybe|also|definitely|try to|try and|plan to|plan on)\s+)*(?P<rest>.+)$", _F)


@rule(
    "next_step",
    "lets",
    role="coach",
    fires=[
        "Let's plan a short walk after lunch on weekdays.",
        "Okay, let's get you booked in with the dietitian.",
        "Let's have you price up the van hire before Friday.",
    ],
    quiet=[
        "Let's make that the plan.",
        "Let's talk about your week.",
        "Let's see.",
        "Let's start with the good news.",
        "Let's go back to what you said.",
        "Well, let's hold that thought, because that might be where we want to go.",
        "So let's park the knee for one sec.",
        "So let's pull it together.",
        "Okay, you've got a hard stop at the half hour, so let's go.",
        "Let's do Tuesday the eighteenth, two-thirty, after your lunch rush.",  # a day offered: the next session
    ],
)
def lets(ctx: Context) -> Hit | None:
    """Let's + an action for after the session (not "let's talk about ...")."""
    m = _LETS.search(ctx.text)
    if not m or ctx.sentence.is_question:
        return None
    rest = m.group("rest")
    # "let's have you run the numbers" (not "let's get you booked in": that one is said as it stands)
    yours = re.match(r"(?:have|get) you (?:to )?(?=\w)(?!\w+ed\b)", rest, _F)
    if yours:
        rest = rest[yours.end() :]
    if re.match(
        r"(?:make|call) (?:that|it|this) (?:the|a|your|our) (?:plan|homework|deal)|"
        r"(?:see|say|think|look at|take a look|look|pause|stop|recap|summarize|review|imagine|explore|"
        r"focus|turn|switch|try something|do (?:a|an|some|this|that) (?:exercise|scale|ruler|role)|"
        # steering the talk itself: "let's hold that thought", "let's park the knee", "let's pull it together"
        r"talk|hold|park|not|zoom|unpack|dig|play with|move on|wrap (?:up|it up)|make the most|start (?:there|with|by|here)|"
        r"(?:come|get|go) back|bring (?:it|this|that|us) back|pull (?:it|this|that|things|everything) together|"
        r"leave (?:it|that|this)|put\b[^.]{0,40}\b(?:aside|side|hold|like that)|go(?=\W*$)|"
        r"do (?:some|a bit of|a little) (?:checking|thinking|work on (?:it|this|that) (?:now|here)))\b",
        rest,
        _F,
    ):
        return None
    if not g.is_action(rest):
        return None
    action = g.action_text(rest, second_person=bool(yours))
    return Hit(action, owner="client" if yours else _owner(ctx, action)) if action else None


@rule(
    "next_step",
    "we_will",
    role="coach",
    fires=[
        "We'll look at your food log together next time.",
        "We're going to check your blood pressure again in a month.",
        "We can set up a follow-up call for Friday.",
    ],
    quiet=[
        "We'll see.",
        "We can talk about that.",
        "We could have done better.",
        "We'll be here all day.",
    ],
)
def we_will(ctx: Context) -> Hit | None:
    """We'll / we're going to / we can + an action after the session."""
    found = g.future_we(ctx.text)
    if found is None or ctx.sentence.is_question:
        return None
    modal, rest, before = found
    if g.reported(before) or g.hypothetical(ctx.text) or not g.is_action(rest):
        return None
    if modal in ("can", "could", "might", "may", "should") and not g.AFTER_SESSION_RE.search(ctx.text):
        return None
    action = g.action_text(rest)
    return Hit(action, owner=_owner(ctx, action)) if action else None


@rule(
    "next_step",
    "you_will",
    role="coach",
    fires=[
        "So you're going to reduce the drinking to weekends.",
        "You'll call the clinic on Monday and ask about the group.",
    ],
    quiet=[
        "You'll feel better.",
        "You're going to tell me it's fine.",
        "You'll see.",
    ],
)
def you_will(ctx: Context) -> Hit | None:
    """The coach sums up the client's plan: "so you're going to ...", "you'll ..."."""
    if ctx.role not in ("coach", None) or ctx.sentence.is_question:
        return None
    found = g.future_you(ctx.text)
    if found is None or not re.match(r"(?:'ll|will|'re|are)\b", found[0]):
        return None
    _modal, rest, before = found
    if g.reported(before) or not g.is_action(rest):
        return None
    return Hit(g.action_text(rest, second_person=True), owner="client")


_RECOMMEND = re.compile(
    r"\b(?:i(?:'d| would)? (?:recommend|suggest|advise|encourage you to|want you to|need you to|'d like you to|"
    r"would like you to)|what i(?:'d| would) (?:recommend|suggest|advise) is|my (?:advice|suggestion|recommendation) (?:is|would be)|"
    r"(?:it|that) (?:might|may|could|would) (?:help|be (?:good|worth|useful|helpful)) (?:to|if you)|"
    r"you (?:should|need to|have to|could|might want to|may want to|ought to|can)|maybe you(?:'d| could| can| should)?|"
    r"(?:why don'?t you|how about you|what if you)|make sure (?:you|that you)|(?:just )?try (?:to |and )?(?=\w+ing\b|\w+))"
    r"\s*(?:that you |you )?(?:(?:try (?:to |and )?|just |maybe |also )\s*)*(?P<rest>.+)$",
    _F,
)


_WH_START = re.compile(lx.lead("so|and|okay|ok|well|then|right") + r"(?:what|which|how|where|when|who)\b", _F)


@rule(
    "next_step",
    "coach_recommends",
    role="coach",
    fires=[
        "I'd recommend you keep a food diary until we meet again.",
        "You could try leaving your phone in the kitchen at night.",
        "Make sure you take the tablets with food.",
        "For the next week or so, try keeping a little tally.",
        "What I'd suggest is that you speak to your GP about it.",
    ],
    quiet=[
        "You could say that.",
        "You should have seen it.",
        "You can tell me more about that.",
        "What's one thing you can commit to this week?",
    ],
)
def coach_recommends(ctx: Context) -> Hit | None:
    """The coach recommends an action to the client (it stands unless the client turns it down)."""
    if ctx.role not in ("coach", None):
        return None
    if ctx.sentence.is_question and _WH_START.match(ctx.text):
        return None  # "What's one thing you can commit to this week?" asks; it recommends nothing
    m = _RECOMMEND.search(ctx.text)
    if not m:
        return None
    rest = m.group("rest")
    if (
        g.hypothetical(ctx.text)
        or re.match(r"(?:say|tell me|see|imagine|think about it|be right|have (?:seen|been|done))\b", rest, _F)
        or not g.is_action(rest)
    ):
        return None
    # "You could / can / should ..." alone is often a description: a plan needs a time after the session
    # or an explicit recommendation.
    if re.match(r"you (?:could|can|should|need to|have to|might)\b", m.group(0).strip(), _F) and not (
        g.AFTER_SESSION_RE.search(ctx.text) or _EXPLICIT.search(ctx.text)
    ):
        return None
    if re.search(r"\btry\b", m.group(0), _F):
        rest = _plain_verb(rest)  # "try keeping a little tally" -> "keep a little tally"
    return Hit(g.action_text(rest, second_person=True), owner="client")


_EXPLICIT = re.compile(
    r"\b(?:recommend|suggest|advise|homework|this week|each day|every day|next time|between now|"
    r"try(?:ing)?)\b",
    _F,
)


@rule(
    "next_step",
    "answer_to_plan_question",
    fires=[
        ("What do you need to do next?", "Talk to my boss about the schedule."),
        ("So what's the next step for you?", "Probably find a childminder for Thursdays."),
    ],
    quiet=[
        ("What do you need to do next?", "I'm not sure."),
        ("What's the next step?", "Yeah."),
    ],
)
def answer_to_plan_question(ctx: Context) -> Hit | None:
    """The answer to "what's the next step?" / "what do you need to do?": the plan it names."""
    if ctx.asked is None or ctx.asked.kind != "action" or not PLAN_ASKED.search(ctx.asked.text):
        return None
    text = _answer_action(ctx) or _counted_plan(ctx)
    return Hit(text, owner=ctx.role or "client") if text else None


# The coach's imperative, said for after the session: "Bring the letter from the council next time.",
# "Email me the draft by Friday.", "Between now and when we next meet, have a go at the card sort."
_IMPERATIVE_LEAD = re.compile(
    lx.lead("so|and|okay|ok|right|then|just|also|maybe|oh|and then|here")
    + r"(?:(?:next time|before next time|this week|tonight|tomorrow|between now and (?:then|next time|when we next meet)|"
    # "And in the meantime, every night, have a proper look at your feet"
    r"in the meantime|(?:every|each) (?:day|night|morning|evening)|"
    rf"(?:on |this |next )?{lx.DAY})\W+)*",
    _F,
)
_FOR_LATER = re.compile(
    r"\b(?:next time|next session|before (?:next time|then|we (?:next )?(?:meet|talk|speak))|when we next meet|in the meantime|"
    r"between now and|by (?:the end of )?(?:the week|next week|friday|monday|tuesday|wednesday|thursday|saturday|sunday)|"
    r"after the (?:interview|meeting|call|appointment))\b",
    _F,
)


@rule(
    "next_step",
    "coach_asks",
    role="coach",
    fires=[
        "Bring the letter from the council next time, so we can see what they want.",
        "Email me the draft of the talk by Friday.",
        "Between now and when we next meet, have a go at the budget sheet I gave you.",
        "Drop me a quick text after the interview on Thursday.",
        "In the meantime, every morning, have a quick read of the card we made.",
        "Here - have a look at this booklet before I see you next.",
    ],
    quiet=[
        "Take a breath for a second.",
        "Tell me more about that.",
        "Have a think about what you'd say, and then tell me.",
        "Bring it back to the room for a minute.",
        "Don't worry about it next time.",
    ],
)
def coach_asks(ctx: Context) -> Hit | None:
    """A task the coach sets in the imperative, with a time after the session: the client's next step."""
    if ctx.role not in ("coach", None) or ctx.sentence.is_question:
        return None
    said = " ".join([ctx.text] + [s.text for s in ctx.later[:1]])
    if not (_FOR_LATER.search(said) or g.AFTER_SESSION_RE.search(ctx.text)):
        return None
    rest = _IMPERATIVE_LEAD.sub("", ctx.text)
    if not re.match(rf"(?:{lx.ACTION_VERB}|{lx.PLAN_VERB}|have a (?:go|look|read|try))\b", rest, _F):
        return None
    if not g.is_action(rest):
        return None
    action = g.action_text(rest, second_person=True)
    return Hit(action, owner="client") if action else None


# What was just said, named as the plan: "That's the homework.", "Let's make that the plan."
_PLAN_TAG = re.compile(
    lx.lead("yes|yeah|great|good|okay|ok|right|so|and|then|lovely|perfect")
    + r"(?:that's (?:the|your|our) (?:homework|plan|next step|task|assignment|mission|challenge|experiment)|"
    r"let's (?:make|call) (?:that|it|this) (?:the|your|our) (?:plan|homework|next step))"
    r"(?:,? (?:then|for (?:this|next) week|for now|until (?:next time|we next (?:meet|talk))))?\W*$",
    _F,
)
# How the step is put, before its verb: "what if, before next time, it's just opening the app ...",
# "three times a day, catch him ...", "maybe the homework could be noticing ...".
_STEP_LEAD = re.compile(
    lx.lead("yes|yeah|so|and|okay|ok|right|just|maybe|well|i was thinking|what if|how about|what about")
    + r"(?:(?:before (?:next time|we next (?:meet|talk))|this week|next week|every (?:day|morning|night|evening)|"
    r"each (?:day|morning|night)|(?:once|twice|\w+ times) a (?:day|week))\W+)*"
    r"(?:(?:the homework|it|that|the plan|the next step) (?:could be|would be|is|'s)\s+|it's\s+|"
    r"you (?:could |can |should )?|i (?:could |can )?)?(?:just\s+)?",
    _F,
)


def _step_in(text: str) -> str | None:
    """The action a sentence proposes, in the plain form: "it's just opening the bank app" -> "Open the bank app"."""
    rest = _plain_verb(_STEP_LEAD.sub("", text, count=1))
    if not re.match(rf"(?:{lx.ACTION_VERB}|{lx.PLAN_VERB})\b", rest, _F) or not g.is_action(rest):
        return None
    return g.action_text(rest, second_person=True) or None


@rule(
    "next_step",
    "named_as_plan",
    role="coach",
    fires=[
        "Three times a day, catch him being good and say so. That's the homework.",
        (
            "What if, before next time, it's just opening the bank app every morning?",
            "I really like that. Let's make that the plan.",
        ),
        ("Maybe I could ring the dentist on Monday?", "Yes. That's your task for this week."),
    ],
    quiet=[
        "That's the plan.",
        ("I've been walking every day.", "Great. That's the plan."),
        ("I might ring her, I don't know.", "Tell me about her. That's the challenge, isn't it?"),
    ],
    listed=True,
)
def named_as_plan(ctx: Context) -> Hit | None:
    """A step the speaker names as the plan just after it is said ("That's the homework."): the step is in
    the turn's sentence before, or the other person's proposal just before."""
    if not _PLAN_TAG.match(ctx.text) or (ctx.later and ctx.later[0].is_question):
        return None
    said = [s.text for s in reversed(ctx.earlier)]
    if ctx.prev is not None and ctx.prev.index == ctx.turn.index - 1:
        # a proposal just before: the longest of its steps
        said += sorted((s.text for s in ctx.prev.sentences), key=lambda t: -len(t.split()))
    for text in said:
        step = _step_in(text)
        if step:
            mine = re.search(r"\b(?:on my (?:end|side)|for me|from me)\b", ctx.text, _F)
            return Hit(step, owner=(ctx.role or "client") if mine else "client")
    return None


# A suggestion put to the listener, in the many ways a helper puts one: "What would be really useful is a
# week of home readings", "It's worth booking in with your GP", "How would it be if you tried ...", "What
# do you reckon to this - ...", "Would you be happy for a referral to go in?", "What a lot of people find
# helpful is ...", "The sensible thing now is a referral to ...", "I'd like a quick phone check-in midweek".
_SUGGESTION = re.compile(
    r"\b(?:how would it be if|how about|what about|what if (?:you|we|i)|"
    r"what do you (?:reckon|think) (?:to|about|of) (?:this|that|trying|doing)|"
    r"would you be (?:happy|okay|ok|alright|all right|willing|up for|open to|comfortable)|"
    r"(?:it's|it is|it'd be|it would be|it might be|might be|may be|could be|would be) (?:well |really |probably )?worth|"
    r"what (?:would|might|could|will) (?:really |probably |actually )?(?:be (?:(?:really|most|more|very|quite) )?"
    r"(?:useful|helpful|good|worth)|help)|"
    r"what (?:a lot of|lots of|most|many|some|other) (?:people|folk|folks|clients|patients|parents) (?:find|found) "
    r"(?:(?:really|quite|very) )?(?:helpful|useful|helps)|"
    r"the (?:best|sensible|obvious|simplest|easiest|right|safest) thing (?:now |to do |for now |here )?"
    r"(?:is|would be|might be)|"
    r"i(?:'d| would) (?:like|love|want) (?:a|an|you to|us to|to (?:get|book|arrange|set up|refer|send|see))|"
    r"shall (?:we|i)|would you like (?:me )?to|(?:do|would) you want (?:me )?to)\b",
    _F,
)
# What the suggestion holds that happens after the session: a service, a test, a thing to use.
_FOLLOW_ON = re.compile(
    r"\b(?:referrals?|programmes?|programs?|groups?|meetings?|clinics?|appointments?|tests?|bloods|scans?|"
    r"check-?ins?|catch-?ups?|calls?|leaflets?|diary|diaries|logs?|organi[sz]ers?|apps?|planners?|sheets?|readings?|"
    r"courses?|classes|sessions?|gp|dietitian|nurse|counsell?or|helpline|service)\b",
    _F,
)
# Here, now: "How about we look at the sheet now?", "Shall we take a minute?"
_HERE_AND_NOW = re.compile(
    r"\b(?:now|right now|today|here|in here|for a (?:minute|moment|second|sec)|before you go|while you're here)\b(?!\s+on\b)",
    _F,
)
# A yes that opens the reply, before more is said: "Yeah that's fine, Wednesday's my day off",
# "Three weeks, yeah, okay.", "If you think so, doctor.", "k."
_YES_FIRST = re.compile(
    rf"^\W*(?:(?:[\w' -]{{1,25}},\s*)?(?:{lx.AGREE})\b(?!\s*,?\s*(?:but|no)\b)|k\b|if you (?:think|say) so\b|"
    r"(?:that|it|this)(?:'s| is| sounds| seems) (?:fine|good|great|grand|okay|ok|alright|all right|doable)\b|"
    r"\w+(?:'s| is) fine\b)",
    _F,
)


# A yes to what the speaker does already: "Yeah, I'm supposed to check in the morning, and I do it twice a week."
_DONE_ALREADY = re.compile(
    r"\b(?:i (?:already|do (?:it|that|this)|'?ve been doing)|i'?m (?:already|supposed to)|i do already)\b", _F
)


def _yes_at(reply: Turn) -> int | None:
    """Which of the reply's opening sentences says yes, when nothing in the reply takes the yes back."""
    if reply.sentences[0].is_question and not agreement(reply.sentences[0].text):
        return None
    if g.withdrawn(reply.text) or _DONE_ALREADY.search(reply.text):
        return None
    opening = reply.sentences[:3]
    if any(refusal(s.text) or re.match(r"\W*but\b", s.text, _F) for s in opening):
        return None  # "I thought about it, yes. But no. I'm not asking him."
    for s in opening:
        if lx.NEGATION.search(s.text) and not agreement(s.text):
            continue  # "Nothing before school." says what the plan is, not yes
        if agreement(s.text):
            return s.index
        yes = _YES_FIRST.match(s.text)
        if yes:
            # "Well, yeah, I've been to the doctor last year": a yes to having done it, not to a plan
            # (in the words of the yes and the clause after it: "Well, yeah, I went last year")
            said = s.text[: yes.end()] + re.split(r"[,;]", s.text[yes.end() :].lstrip(" ,"), maxsplit=1)[0]
            return None if g.PAST_RE.search(said) or re.search(r"\bbut\b", s.text[yes.end() :], _F) else s.index
    return None


def _suggested(sentence: Sentence) -> str | None:
    """The plan a suggestion for after the session puts: "It's worth booking in with your GP" -> "Book in
    with your GP"; "The sensible thing now is a referral to the memory clinic" -> "A referral to ..."."""
    text = sentence.text
    m = _SUGGESTION.search(text)
    if not m:
        return None
    rest = re.sub(
        r"^[\s,:;-]*(?:(?:this|that)\s*[-,:–—]\s*)?(?:(?:is|for|to|if|that)\s+)?", "", text[m.end() :], flags=_F
    )
    if (
        not rest
        or _HERE_AND_NOW.search(rest)
        or g.hypothetical(re.sub(r"^.*?\bhow would it be if\b", "", text, flags=_F))
    ):
        return None
    verb = _plain_verb(re.sub(r"^(?:you\s+|we\s+|i\s+|(?:me|us)\s+to\s+|just\s+|to\s+)+", "", rest, flags=_F))
    if re.match(
        r"(?:leave|park|drop|skip|forget|shelve|put (?:\w+ ){0,3}?aside|hold off|not|don't|do nothing)\b", verb, _F
    ):
        return None  # "What if we leave the phone thing as a maybe?": a step set aside, not taken
    acts = bool(re.match(rf"(?:{lx.ACTION_VERB}|{lx.PLAN_VERB})\b", verb, _F)) and g.is_action(verb)
    later = bool(g.AFTER_SESSION_RE.search(text) or _WHEN.search(text) or _FOR_LATER.search(text))
    # ("Shall we take a minute?" steers the talk: an offer of that kind needs a time or a thing for later)
    steers = re.match(r"shall|would you like|do you want|would you want", m.group(0), _F)
    if re.match(r"(?:how|what) about", m.group(0), _F) and not acts and not (later and _FOLLOW_ON.search(rest)):
        return None  # "And then, what about belonging?", "How about sleep?": a topic asked about
    if not (later or (acts and not steers) or _FOLLOW_ON.search(rest)):
        return None
    if acts:
        action = g.action_text(verb, second_person=True)
    else:  # a plan named by what it is: "a week of home readings", "a referral to the memory clinic"
        said = re.split(r"\s+[-–—]\s+|,\s*(?:just|so|and|but|which|because|even)\b|[.;?]", rest, maxsplit=1)[0]
        action = " ".join(said.strip(" ,").split()[:14])
        action = sentence_case(action)
    return None if not action or g.vague(action) else action


@rule(
    "next_step",
    "accepts_suggestion",
    fires=[
        ("What would help most is a week of writing down what you spend, every evening.", "Yeah, alright."),
        ("It's worth booking in with the optician to get your eyes checked.", "Okay, that makes sense."),
        ("How would it be if you tried the stretches before work tomorrow?", "Yeah... I mean, yeah."),
        ("Would you be happy for me to put in a referral to the falls clinic?", "Yes. Please."),
        ("What a lot of people find helpful is a sleep diary for a fortnight.", "Oh. Go on then."),
        ("The sensible thing now is a referral to the hearing service.", "If you think so. Yes."),
        ("I'd like a short phone catch-up on Thursday, just to see how the new job is going.", "That's fine."),
        ("Might be worth going along to the carers' group on Monday evenings.", "The carers' group. Right. Okay."),
    ],
    quiet=[
        ("How would it be if you tried the stretches before work tomorrow?", "No, my back's too sore for that."),
        ("What would help most is a week of writing down what you spend.", "Yeah, but I won't, will I."),
        ("How about we look at the sheet together now?", "Okay."),
        ("What would be useful is knowing what you want from today.", "Okay."),
        ("It's worth thinking about.", "Yeah."),
        ("Shall we take a minute?", "Sure."),
        ("Would you be happy to keep a diary this week?", "Um, do I have to?"),
        ("What about the walking group on Thursday evenings?", "Yeah, I went to two of them."),
        ("And how about the group sessions?", "Yeah."),
        ("What about walking to work on dry days?", "Yeah, I already do that most weeks."),
        ("What about asking your sister to have the kids on Saturday?", "I thought about it, yes. But no."),
        ("What if we leave the gym idea as a maybe till after Christmas?", "Yeah, let's park it."),
    ],
    listed=True,
)
def accepts_suggestion(ctx: Context) -> Hit | None:
    """A yes to the other person's suggestion for after the session: the plan the two settle on."""
    prev = ctx.prev
    if prev is None or prev.index != ctx.turn.index - 1 or _yes_at(ctx.turn) != ctx.sentence.index:
        return None
    if TAKES_ON.search(ctx.turn.text) and accepts_proposal(ctx) is not None:
        return None  # "Would you be willing to ...?" "Yeah, I can do that.": a yes that takes it on is a promise
    for sentence in reversed(prev.sentences[-3:]):
        action = _suggested(sentence)
        if action:
            mine = re.search(r"\b(?:for me to|me to|i(?:'d| would) like to)\b", sentence.text, _F)
            owner = (prev.role or "coach") if mine else _owner(ctx, action)
            # a meeting agreed is the next session, one item with its other mentions
            if _meetings(sentence.text):
                return Hit(
                    "Meet again",
                    owner="client",
                    scheduling=True,
                    detail=f"{sentence.text} {ctx.text}",
                    proposal=sentence,
                )
            return Hit(action, owner=owner, detail=sentence.text, proposal=sentence)
    return None


# Someone else, a service or a letter, comes to the client after the session: "Someone from the diabetes team
# will give you a call in about a month", "The hospital will send you a date", "You'll get a letter from the
# clinic".
_SERVICE = (
    r"(?:someone|somebody|one of (?:the|our) (?:team|nurses|doctors|workers)|(?:the|a|your|our) (?:[\w-]+ ){0,2}?"
    r"(?:team|nurse|doctor|gp|surgery|practice|clinic|hospital|service|office|department|consultant|midwife|"
    r"health visitor|physio|pharmacy|pharmacist|dietitian|specialist|worker|officer|coordinator|council|centre|center)|"
    r"they)(?: (?:from|at) (?:the )?[\w' -]{1,30}?)?"
)
_COMES_TO_YOU = re.compile(
    rf"^\W*(?:(?:so|and|then|okay|ok|right|now|also)\W+)*{_SERVICE}\s+(?:will|'ll|is going to|are going to|should)\s+"
    r"(?:(?:then|also|probably|normally|usually|just)\s+)?(?P<deed>(?:give you (?:a )?(?:ring|call|bell)|call you|ring you|"
    r"phone you|text you|email you|write to you|send you|contact you|get in touch|be in touch|see you|visit you|"
    r"come (?:out )?(?:to see you|and see you|round)|pop round|let you know)\b.*)$|"
    r"^\W*(?:(?:so|and|then|okay|ok|right|now|also)\W+)*you(?:'ll| will| should) (?:(?:then|also|probably|just) )?"
    r"(?P<gets>(?:get|receive|hear)\s+(?:a (?:letter|call|phone call|text|date|appointment)|an? (?:appointment|email)|"
    r"from (?:the|them|someone|us))\b.*)$",
    _F,
)


@rule(
    "next_step",
    "arranged_for_client",
    role="coach",
    fires=[
        "Someone from the falls team will give you a ring in the next couple of weeks.",
        "The hospital will send you a date for the scan.",
        "So you'll get a letter from the memory clinic with your appointment.",
        "And the practice nurse will call you on Friday with the results.",
    ],
    quiet=[
        "Someone from the team called you last week, didn't they?",
        "Will the hospital send you a date?",
        "If the hospital sent you a letter, you'd go.",
        "They'll tell you it's nothing.",
        "You'll get there.",
        "You'll get a letter if it's anything serious, but it usually isn't.",
    ],
    listed=True,
)
def arranged_for_client(ctx: Context) -> Hit | None:
    """A service or another worker will contact or see the client after the session: a step arranged for them."""
    if ctx.role not in ("coach", None) or ctx.sentence.is_question or g.hypothetical(ctx.text):
        return None
    m = _COMES_TO_YOU.match(ctx.text)
    if not m or re.search(r"\b(?:if|unless|in case)\b", ctx.text, _F):
        return None  # "You'll get a letter if it's anything serious": what may come, not what is arranged
    said = ctx.text.strip()
    return Hit(sentence_case(said.rstrip(" .")), owner="client", detail=ctx.text)

"""Insights: the client puts a realization about themselves or their situation into words."""

from __future__ import annotations

import re

from recap.extract import grammar as g
from recap.extract import lexicon as lx
from recap.extract.context import Context, agreement, refusal
from recap.extract.rules import Hit, rule
from recap.extract.text import sentence_case

_F = re.I
# (not the noun: "three weeks' notice", "at short notice", "gives them notice")
_REALIZE = re.compile(
    rf"(?<!weeks' )(?<!weeks )(?<!week's )(?<!days' )(?<!month's )(?<!months' )(?<!short )(?<!advance )(?<!them )(?<!give )"
    rf"(?<!gives )\b{lx.REALIZE}\b",
    _F,
)
_SELF = re.compile(rf"(?:^|\b){lx.SELF_FRAME}\b", _F)
# Someone else realized it: "my wife noticed", "he didn't know".
_OTHER_SUBJECT = re.compile(
    r"\b(?:he|she|they|you|(?:my|our|his|her|the) (?:\w+ )?(?:wife|husband|mother|mum|mom|father|dad|boss|doctor|partner|"
    r"friend|mate|sister|brother|son|daughter|kid|parent|famil(?:y|ies)|teacher|nurse)s?)\s+(?:\w+\s+){0,2}$",
    _F,
)


# A story of what happened: a long sentence told in the past ("so Saturday was the birthday, and everyone was at
# the pub, and Gary kept putting pints in front of me, and by six I'd had four ...").
_PAST_WORD = re.compile(
    r"\b(?:was|were|went|had|did|said|kept|got|came|told|took|made|saw|left|put|thought|knew|felt|\w{3,}ed)\b", _F
)


def _story(ctx: Context) -> bool:
    return len(ctx.sentence.words) >= 25 and len(_PAST_WORD.findall(ctx.text)) >= 4


def _client(ctx: Context) -> bool:
    return ctx.role in ("client", None)


def _quote(ctx: Context) -> str:
    return ctx.text.strip()


def _substantive(ctx: Context, min_words: int = 4) -> bool:
    return not ctx.sentence.is_question and not agreement(ctx.text) and len(ctx.sentence.words) >= min_words


# A fact just heard, taken in: "I didn't know that.", "Huh, I had no idea." (what the coach told,
# not what the client sees about themselves).
_NEWS_TAKEN = re.compile(
    lx.lead("oh|huh|ha|wow|well|really|yeah|right|okay")
    + r"i (?:didn't|did not|never) know (?:that|this|it)\W*$|"
    + lx.lead("oh|huh|ha|wow|well|really|yeah|right|okay")
    + r"i had no idea\W*$",
    _F,
)


_AT_A_LOSS = re.compile(
    r"\bi (?:didn't|did not|don't|do not|never) know (?:what|where|how|who) to (?:say|do|think|turn|feel|look|ask)\b|"
    r"\b(?:didn't|did not) know (?:it )?at the time\b|"
    # a shrug: "I used to walk it, didn't think nothing of it."
    r"\b(?:didn't|did not|never) (?:think|thought) (?:anything|nothing|much|twice) (?:of|about) it\b",
    _F,
)


@rule(
    "insight",
    "realizes",
    fires=[
        "I realized I was avoiding the calls because I'm afraid of rejection.",
        "I never thought about it that way before.",
        "I didn't know it was that much, when you add it all up.",
        "Hearing myself say it, it's a lot more than I thought.",
        "I know. I hadn't actually added it up before.",
        "Huh. It's always after the late shifts. I'd never connected those.",
        "And it finally clicked that the deadline was never the point.",
        "Now I understand, it's the silence on calls I can't stand.",
        "I'm doing to her what my mum did to me. I see it now.",
        "It's the job, not the marriage. I'd never pulled the two apart before.",
        "What I'm seeing now is I only snap at him when I'm tired.",
    ],
    quiet=[
        "My wife noticed I was drinking more.",
        "And I guess, my friends didn't know.",
        "She just looked at me and I didn't know what to say.",
        "Which, I didn't know at the time.",
        "I used to walk it every day, didn't think nothing of it.",
        "And I found out about it on the Thursday, from his sister, no discussion at all.",
        ("The step counter was invented in Japan, you know.", "Ha. I didn't know that."),
        "Did you realize that?",
        "First of the month? That gives them three or four weeks' notice.",
        "I know.",
    ],
)
def realizes(ctx: Context) -> Hit | None:
    """A verb of realizing or finding out, said of oneself: "I realized", "I never thought"."""
    if not _client(ctx) or not _substantive(ctx, 3) or _NEWS_TAKEN.match(ctx.text):
        return None
    m = _REALIZE.search(ctx.text)
    if not m or _OTHER_SUBJECT.search(ctx.text[: m.start()]) or g.reported(ctx.text[: m.start()]):
        return None
    if _AT_A_LOSS.search(ctx.text):
        return None  # "I didn't know what to say.": at a loss then, nothing seen
    before = ctx.earlier[-1] if ctx.earlier else None
    if len(ctx.sentence.words) <= 5 and before is not None and len(before.words) >= 4 and not before.is_question:
        return Hit(f"{before.text.strip()} {_quote(ctx)}")  # "I'm making the face my father made. I see it now."
    return Hit(_quote(ctx))


_COUNT_OF_THINGS = re.compile(
    lx.lead("um+|uh+|so|well|okay|honestly|i think|i guess|probably|maybe|just")
    + r"(?:one|two|three|four|a few|a couple(?: of)?|several|a lot of|lots of|a bunch of|many)\s+things?"
    r"(?:\W+(?:i think|really|i guess|actually|probably))*\W*$",
    _F,
)


@rule(
    "insight",
    "answer_to_takeaway_question",
    fires=[
        ("What stood out for you today?", "That I'm not lazy, I'm just tired all the time."),
        ("So what are you taking away from this?", "Mostly that I need to ask for help sooner."),
    ],
    quiet=[
        ("What stood out for you today?", "Yeah."),
        ("What stood out for you today?", "I don't know, nothing really."),
        ("What stood out for you today?", "I think I'm going to put that on a sticky note."),
        ("What stood out for you today?", "Um. Two things, I think."),
    ],
)
def answer_to_takeaway_question(ctx: Context) -> Hit | None:
    """The answer to "what stood out?" / "what will you take away?": the session's insight."""
    if ctx.asked is None or ctx.asked.kind != "takeaway" or not _client(ctx) or ctx.sentence.index > 2:
        return None
    if not _substantive(ctx, 3) or re.match(r"^\W*(?:i don'?t know|not sure|nothing|no idea)\b", ctx.text, _F):
        return None
    if _COUNT_OF_THINGS.match(ctx.text):
        return None  # "Um. Two things, I think.": the things come next
    if g.future_i(ctx.text) is not None and not _REALIZE.search(ctx.text):
        return None  # "I think I'm going to put that on a sticky note.": what they will do, not what they saw
    return Hit(_quote(ctx))


# "about" as "nearly": "it's about the only evening I get", "it's about twenty minutes".
_NEARLY = (
    r"\s+(?:the (?:only|same)|as|half|time|\d|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|"
    r"forty|fifty|a (?:hundred|dozen|third|quarter))\b"
)
_EXPLAIN = re.compile(
    rf"\b(?:because|'cause|cause|that's why|which is why|the reason (?:is|why)|it's (?:really |more |all )?(?:about(?!{_NEARLY})|because)|"
    r"what it (?:comes|boils) down to|the (?:whole|only|real|main) reason|the (?:real |main |biggest )?(?:problem|issue|thing|trouble) is|"
    r"it's not (?:really )?(?:about|that)|so really|"
    # a reframe: "it's not the weight really, it's that I don't feel at home in my body"
    r"(?:(?:it's|it is|that's) not|(?:it|that) isn't|isn't)\b[^.?!]{0,50}[,;]\s*(?:it's|it is)\b|i (?:do|use) it (?:to|because|when)|it helps me|makes me (?:feel|want)|"
    r"when i (?!was\b|were\b)(?:\w+ ){0,4}i (?:just |always |tend to )?|"
    r"i\b[^.?!]{1,40}\b(?:when|whenever|every time|each time)\s+i(?:'m|'ve| am| have)?)\b",
    _F,
)


@rule(
    "insight",
    "explains_self",
    fires=[
        "I drink when I'm bored, not when I'm with friends.",
        "It's because I'm scared of letting people down.",
        "So really it's my freedom I miss most.",
        "The problem is I say yes to everyone at work.",
        "I've been trying to write a novel when I should have been writing short pieces, because I'm scared.",
        "No, it's not the money really, it's that I don't trust myself with it.",
        "I always told myself I skip lunch because I'm busy, but it's because I like the quiet.",
    ],
    quiet=[
        "Because the bus was late.",
        "It's about twenty minutes from here.",
        "The problem is the printer.",
        "It's about, I don't know.",
        "It'd probably be the savings that go first, 'cause I spend it all on rounds.",
        "My sister says it's because I never learned to cook.",
        "It's about the only evening I get to myself, honestly.",
        "I keep it quiet because if my boss finds out, I could lose the contract.",
    ],
)
def explains_self(ctx: Context) -> Hit | None:
    """The client explains their own behaviour or situation: a cause, a reason, what it is really about."""
    if not _client(ctx) or not _substantive(ctx, 5) or _story(ctx):
        return None
    m = _EXPLAIN.search(ctx.text)
    if not m or not (lx.FIRST_SINGULAR.search(ctx.text) or re.search(r"\b(?:it's|that's) my\b", ctx.text, _F)):
        return None
    if re.fullmatch(r"\W*(?:i don'?t know|i dunno|i'm not sure|whatever|something)\W*", ctx.text[m.end() :], _F):
        return None  # "It's about, I don't know.": the frame, and nothing in it
    if not lx.FIRST_SINGULAR.search(ctx.text[m.start() :]) and not lx.FIRST_SINGULAR.search(ctx.text[: m.start()]):
        return None
    if _WOULD.search(ctx.text):
        return None  # "It'd probably be the savings that go first, 'cause ...": what would be, not what is
    if _NOT_OWN_REASON.search(ctx.text):
        return None
    return Hit(_quote(ctx))


# A reason that is not the speaker's finding: someone else's words ("She said it was because ..."; not "I
# told myself"), or a fear of what might follow ("'cause if they found out, I might lose my job").
_NOT_OWN_REASON = re.compile(
    r"\b(?:said|says|told|tells)\b(?!\s+myself)|\bif\b[^.?!]*\b(?:might|could|would|will|'ll|gonna|going to)\b", _F
)


_WOULD = re.compile(
    r"\b(?:i|it|that)(?:'d|\s+would|\s+wouldn't|\s+would not)\b(?!\s+(?:say|think|guess|imagine)\b)", _F
)


@rule(
    "insight",
    "self_observation",
    fires=[
        "I tend to shut down when people criticize me.",
        "I guess I've been putting everyone else first for years.",
        "Honestly, it's not worth it anymore, the way I feel in the morning.",
        "Part of me knows I'm just scared.",
        "Gosh. I've basically been treating every email like an emergency.",
    ],
    quiet=[
        "I think so.",
        "I guess it was Tuesday.",
        "I just got here.",
        ("Do you want one?", "I mean, maybe I should get one of those eventually, but, no."),
        ("Anything else?", "And a recruiter on LinkedIn the day after, which, I think, was connected."),
        "I think I must talk with her about the rota.",
        ("What could be different at the shop?", "I suppose I could not buy the big packs."),  # an option weighed
        (
            "How was the weekend?",
            "Honestly, so Saturday was my cousin's party, and everyone was in the garden from two, and I held off for "
            "a bit, had a lemonade, but then Gary kept handing me cans and by six I'd had four, maybe five.",
        ),
    ],
)
def self_observation(ctx: Context) -> Hit | None:
    """A frame of self-observation ("I tend to", "I guess I've been", "part of me") with some content."""
    if not _client(ctx) or not _substantive(ctx, 6) or _story(ctx):
        return None
    m = _SELF.search(ctx.text)
    if not m or g.PAST_RE.match(ctx.text[m.end() :].strip()):
        return None
    rest = ctx.text[m.end() :]
    if len(rest.split()) < 3:
        return None
    if re.match(r"i (?:think|guess|suppose)$", m.group(0), _F) and not re.search(
        r"\b(?:i|i'm|i've|i'd|me|my|myself)\b", rest, _F
    ):
        return None  # "which, I think, was connected": an opinion of a fact, nothing of oneself
    if _OPTION.search(ctx.text) and not _REALIZE.search(ctx.text):
        return None  # "maybe I should get one of those eventually, but, no.": an option weighed, not a finding
    duty = re.search(r"\bi (?:must|have to|need to|'ve got to|gotta) (?P<act>.+)$", ctx.text, _F)
    if duty and g.is_action(duty.group("act")) and not _REALIZE.search(ctx.text):
        return None  # "I think I must talk with her.": a step to take, not a finding
    return Hit(_quote(ctx))


_OPTION = re.compile(
    r"\b(?:maybe|perhaps|probably)\b[^.?!]{0,12}\bi (?:should|could|might)\b(?! (?:have|be)\b)|"
    r"\bi (?:should|could|might) (?:probably|maybe|perhaps)\b(?! (?:have|be)\b)|"
    r"\bi (?:suppose|guess) i (?:could|might)\b(?! (?:have|be)\b)",
    _F,
)


_PATTERN = re.compile(
    r"^(?:\W*(?:so|and|but|well|yeah|i think|i guess|honestly|i notice|i've noticed)\W+)*"
    r"(?:when|whenever|every time|each time|any time|anytime|if)\s+i\b[^.?!]*?,?\s+(?:i|that's when|it|my)\b|"
    r"\b(?:works|doesn't work|never works|helps|doesn't help|never helps) (?:for|with) me\b|"
    r"\bi (?:always|never|tend to|usually|end up)\b",
    _F,
)
_PLAN = re.compile(r"\b(?:i'll|i will|i'm going to|i'm gonna|i am going to|i can|i could|let's|we'll)\b", _F)


@rule(
    "insight",
    "notices_pattern",
    fires=[
        "When I skip breakfast, I end up raiding the vending machine by eleven.",
        "Whenever I'm anxious I pick up my phone and scroll for hours.",
        "Going to the gym in the mornings never works for me.",
    ],
    quiet=[
        "When I get home, I'll call my sister.",
        "If I feel the urge, I'm going to ring my sponsor.",
        "When I was a kid we lived by the sea.",
        "And if I'm honest, I should probably do some management course before I even apply.",
        "If I had the money I'd probably move back to the coast.",
        "I always wanted to run a marathon, and I did it in 2019.",
    ],
)
def notices_pattern(ctx: Context) -> Hit | None:
    """A pattern in one's own behaviour: "whenever I'm anxious I ...", "... never works for me"."""
    if not _client(ctx) or not _substantive(ctx, 5) or _PLAN.search(ctx.text) or _OPTION.search(ctx.text):
        return None  # a plan, or an option weighed ("if I'm honest, I should probably do a course")
    m = _PATTERN.search(ctx.text)
    if (
        not m
        or re.search(r"\b(?:was|were|used to)\b", m.group(0), _F)
        or g.hypothetical(ctx.text)
        # "I always wanted to run a marathon, and I did it": a wish of the past
        or re.match(r"\s*(?:\w+ed|did|had|went|got|made|knew|thought)\b", ctx.text[m.end() :], _F)
    ):
        return None  # (nor what would be: "If I had more time I'd go back and do a degree")
    return Hit(_quote(ctx))


# One thing said to be not what it seemed, and what it is instead: "I eat when I'm tired, not when I'm
# hungry", "It's not the job. It's being good at something." (the definition's own shape: "I drink when
# I'm bored, not when I'm with friends").
_NOT_BUT = re.compile(
    # "it's not the money, it's that I don't trust myself": the same frame, said twice
    r"\b(?:(?:it's|it is|it was|that's|that is) (?:not|never)|(?:it|that) (?:isn't|wasn't)|\w+ (?:isn't|wasn't)|"
    r"(?:the|my|this|that) \w+'s not)\b(?! like\b)"
    r"[^.?!;]{2,60}?[,;]\s*(?:but )?(?:it's|it is|it was|that's|that is)\b(?! (?:not|never)\b)"
    r"(?! (?:a |an |so |really |very )?(?:big|small|good|bad|hard|easy|fine|okay|ok|great|huge|little|real|tough|lot)\b)|"
    # "I don't hate sales, I hate selling stuff I don't believe in": the same verb, said twice
    r"\bi (?:don't|didn't|do not|'m not|am not) (?:really |even |just )?"
    r"(?!(?:want|wanna|need|like|know|think|mean|care|mind|gonna|going)\b)(?P<verb>\w+)\b[^.?!;]{2,60}?[,;]\s*(?:but )?"
    r"i(?:'m| am)? (?:really |just |actually )?(?P=verb)\b|"
    # "I eat when I'm tired, not when I'm hungry"
    r"[^.?!;]{8,}[,;]\s*not (?:when|because|about|the|my|his|her|their|what|who|how|mine|hers|theirs|yours)\b[^.?!;]{0,50}[.!]?\s*$",
    _F,
)
# The same said over two sentences: "It's not the job." + "It's being good at something.", "I'm not
# missing the booze." + "I'm missing the people."
_NOT_FIRST = re.compile(
    lx.lead("and|but|so|well|no|oh|i mean|honestly|actually|really|maybe|like|i think")
    + r"(?:(?P<it>it's|it is|it was|"
    r"that's|the (?:problem|issue|thing) (?:is|was)) (?:not|never)(?! like\b)|"
    r"(?P<it2>the (?:problem|issue|thing) (?:isn't|wasn't)|[\w ]{1,20} isn't about|"
    r"[\w' -]{1,25}?(?:'s not|isn't|is not|wasn't) (?:really |even )?the (?:point|issue|problem|thing))|"
    r"(?P<they>they're not|they aren't)|"
    r"(?P<i>i'?m not|i am not)|"
    r"i (?:don't|didn't) (?:actually |really |even )?(?!(?:know|think|remember|recall|mind|care)\b)(?P<verb>\w+))\b",
    _F,
)


def _second_half(first: re.Match[str], text: str) -> bool:
    lead = lx.lead("and|but|so|no|really|actually|so really|maybe")
    if first.group("it") or first.group("it2"):
        # "So it's not time. I'm scared I'll be rubbish at it."
        return bool(re.match(lead + r"(?:it's|it is|it was|what i|i'm|i am)\b", text, _F))
    if first.group("they"):
        return bool(re.match(lead + r"(?:they're|they are)\b", text, _F))
    if first.group("i"):
        return bool(re.match(lead + r"i(?:'m| am)\b", text, _F))
    return bool(re.match(lead + rf"i (?:really |just |actually )?{re.escape(first.group('verb'))}\b", text, _F))


# A tag that marks the sentence before as the finding: "That's what it is.", "I've never said that out loud."
_FOUND_TAG = re.compile(
    lx.lead("oh|yes|yeah|god|wow|huh|but yeah|i think")
    + r"(?:(?:that's|this is|that is) (?:what it is|the (?:pattern|actual thing|"
    r"real thing|real problem|real reason|thing under (?:all of )?it)|what i (?:do|keep doing)|what i'?m doing)|i(?:'ve)? never (?:said|say|put|told) (?:that|this|it|those|these|them)|"
    r"that's new|that's what(?:'s| is) (?:stopping|holding) me(?: back)?|that's what i'?m (?:actually |really )?(?:scared|afraid) of|"
    r"that's the trap|that's what (?:the|my) [\w ]{1,20} is (?:for|about)|that's why i (?:keep|can't|do|don't|never|always)|"
    r"i (?:hadn't|had not|never|'d never) called it that)\b",
    _F,
)


@rule(
    "insight",
    "reframes",
    fires=[
        "Half ten at night, mostly. I snack when I'm tired, not when I'm hungry.",
        "It's not the money really, it's that I don't trust myself with it.",
        ("What is it you miss?", "It's not the office. It's having people to laugh with."),
        ("What happens right before?", "The phone goes. I'm not angry at him. I'm scared of being left out."),
        ("What does that tell you?", "I've been saying yes to keep the peace. That's what it is."),
        ("Why does it hit you so hard?", "And I'm scared I'm turning into her. I've never said that out loud."),
        ("When is it hardest?", "The evenings. It's loneliness. It's not hunger at all, is it."),
        ("Walk me through it.", "So the problem isn't sales at all. It's that I can't say no to the regulars."),
        (
            "Let's look at the slips.",
            "Every slip has been a Sunday, after I ring my mum. I never put those two together.",
        ),
        (
            "What is the drinking about?",
            "Maybe the wine isn't about relaxing. Maybe it's about not being in the room with him.",
        ),
        ("So it's the time?", "So it's not time. I'm scared I'll be rubbish at it."),
        ("Why the lamp?", "I thought it was for burglars, but it's what Dad always did. I'm keeping it going."),
        ("When does it happen?", "When I'm winning. So it's winning I'm afraid of. Not losing."),
        ("What's the row about?", "The washing-up's not the point. It's that I never get a say in anything."),
        (
            "What gets in the way?",
            "The rain, my hip... no. I'm ashamed of how slow I walk now. That's the real reason.",
        ),
        ("What happens then?", "When he criticises me, I go quiet for days. I think that's what I do."),
        ("And the wine?", "So the wine's not helping me relax at all, it's the reason I'm on edge."),
        ("You said 'should' a lot.", "And they're not even my shoulds. They're my mum's."),
        ("And the maths?", "Like, I don't actually hate maths. I hate feeling thick in front of them."),
        # set straight after the other person's words about the speaker
        ("So the takeaway is your Friday treat.", "It's not even really the food. It's the, the sitting down."),
        (
            "And when you're not busy?",
            "Then I'd have to think about whether I'm happy. That's what the busyness is for, isn't it.",
        ),
    ],
    quiet=[
        "It's not far, it's just by the station.",
        "I don't know, it was a Tuesday.",
        ("How was the week?", "It wasn't great. It rained every day."),
        ("Did you go?", "I didn't go, no."),
        "That's it.",
        ("Is it a big part?", "It's a big one. It's not the only one, but it's a big one."),
        ("Will you go?", "I'd want to be there by six. Not later."),
        ("Is it the only reason?", "I mean, it's not the only one, but it's a big one. For me."),
        ("Did you ask him?", "I asked a friend in HR. Not officially, just over lunch."),
        ("How did it go?", "I thought about ringing her, but I didn't in the end."),
        ("Is the shop open?", "I went past it on Monday. It's not closed. It's meant to close in July. I'll pop in."),
        ("Is the café still there?", "It's not the old café. It's a phone shop now."),  # of a place, not the speaker
    ],
)
def reframes(ctx: Context) -> Hit | None:
    """What the client sees it is, set against what it seemed: "X, not Y", "It's not X. It's Y.", or a
    sentence marked as the finding by the next ("That's what it is.")."""
    if not _client(ctx) or ctx.sentence.is_question or g.hypothetical(ctx.text):
        return None
    # (past a stumble: "So it's not the stress. It's, um. It's just habit.")
    earlier = [s for s in ctx.earlier if len(s.words) > 2 or not _IT_IS_BARE.match(s.text)]
    before = earlier[-1] if earlier else None
    first = _NOT_FIRST.match(before.text) if before is not None else None
    if first and before is not None and _second_half(first, ctx.text):
        pair = f"{before.text.strip()} {_quote(ctx)}"
        # (what it is not, a thing, not a state: "It's not closed. It's supposed to close in July.")
        if (
            _about_self(pair) or (_THING_NOT.search(before.text) and (_about_self(pair, ctx) or _put_to_them(ctx)))
        ) and len(pair.split()) >= 6:
            return Hit(pair)
    if not _substantive(ctx, 4):
        return None
    if not (lx.FIRST_SINGULAR.search(ctx.text) or re.search(r"\b(?:it's|it is|it was)\b", ctx.text, _F)):
        return None
    if _NOT_BUT.search(ctx.text) and _about_self(ctx.text, ctx):
        return Hit(_quote(ctx))
    after = ctx.later[0] if ctx.later else None
    if after is not None and _FOUND_TAG.match(after.text):
        return Hit(_quote(ctx))
    thought = _THOUGHT_BUT.search(ctx.text)
    if thought:
        # "I thought it was for safety, but it's what he used to do.": what it seemed, then what it is
        if not ctx.text[thought.end() :].strip(" ,.") and after is not None and len(after.words) >= 3:
            return Hit(f"{_quote(ctx)} {after.text.strip()}")
        if len(ctx.text[thought.end() :].split()) >= 3:
            return Hit(_quote(ctx))
    if (
        after is not None
        and _NOT_AFTER.match(after.text)
        and _about_self(ctx.text, ctx)
        and not (_PLAN.search(ctx.text) or lx.DESIRE_WORD.search(ctx.text) or g.future_i(ctx.text))
    ):
        return Hit(f"{_quote(ctx)} {after.text.strip()}")  # "So it's winning I'm scared of. Not losing."
    if (
        before is not None
        and len(before.words) <= 4
        and _IT_IS.match(before.text)
        and not _RATED.match(before.text)
        and _IT_IS_NOT.match(ctx.text)
    ):
        return Hit(f"{before.text.strip()} {_quote(ctx)}")  # "It's boredom. It's not hunger at all, is it."
    return None


# "It's a big one.", "It's fine.": a rating, not what it is
_RATED = re.compile(
    lx.lead("and|so|no|really") + r"(?:it's|it is|it was) (?:a |an )?(?:big|small|good|bad|hard|easy|fine|okay|ok|nice|"
    r"great|lot|real|tough|huge|little)\b",
    _F,
)
_IT_IS = re.compile(lx.lead("and|so|no|really") + r"(?:it's|it is|it was) (?!not\b|never\b|like\b)\w+", _F)
_IT_IS_NOT = re.compile(lx.lead("and|but|so") + r"(?:it's|it is|it was) (?:not|never)\b(?! like\b)", _F)


_THOUGHT_BUT = re.compile(
    r"\bi (?:always |just |honestly )?(?:thought|assumed|figured|believed|told myself)\b(?! (?:about|of)\b)"
    r"[^.?!]{3,60}?,?\s*but\b(?! (?:i|we) (?:didn't|never|couldn't|wasn't|haven't|hadn't)\b)",
    _F,
)
_THING_NOT = re.compile(
    r"\b(?:not|isn't|wasn't)\s+(?:(?:just|really|even|actually)\s+)*(?:the|my|his|her|their|a|an|about|that|because|him|"
    r"them|me|\w+ing)\b",
    _F,
)
# A stumble that says nothing yet: "It's.", "It's, um."
_IT_IS_BARE = re.compile(r"^\W*(?:it's|it is|that's|it was)\W*$", _F)
# What it is not, said after: "... Not losing.", "Not the money, though."
_NOT_AFTER = re.compile(
    r"^\W*(?:and |but )?not (?:the|my|his|her|their|your|our|\w+ing)\b(?! (?:now|today|yet)\b)(?:\W+\w+){0,3}\W*$", _F
)


def _put_to_them(ctx: Context) -> bool:
    """The other person's last words were about the speaker ("So the wine is how you switch off."): what the
    speaker then sets straight is about themselves too."""
    return ctx.prev is not None and bool(lx.SECOND.search(ctx.prev.text))


def _about_self(text: str, ctx: Context | None = None) -> bool:
    """Of the speaker or the speaker's situation, not of a place or a day: "I feel thick", "it's my freedom"
    (or said in a turn about the speaker: "It's not the tablets. It's the walk after tea. My numbers ...")."""
    return bool(
        lx.FIRST_SINGULAR.search(text)
        or re.search(r"\b(?:it's|it is|it was) (?:\w+ ){0,2}(?:being|having|feeling|the (?:fear|people))\b", text, _F)
        or (ctx is not None and sum(bool(lx.FIRST_SINGULAR.search(s.text)) for s in ctx.turn.sentences) >= 2)
    )


# The coach puts a finding into words: "It sounds like ...", "I'm wondering if ...", "What if it's ...".
_REFLECTION = re.compile(
    lx.lead("so|and|okay|hm+|mm+") + r"(?:it sounds like|sounds like|it seems like|seems like|it sounds as if|"
    r"i'?m wondering if|i wonder if|what if it'?s|could it be that|is it possible that|i'?m noticing|i notice|"
    r"what i'?m hearing is|i'?m hearing|it'?s almost as if|it'?s almost like)\s+(?P<said>.+)$",
    _F,
)
# Taken in as new, not just agreed with: "...Oh. Yeah.", "Huh. Okay, yeah.", "I hadn't put it like that" (not
# "Oh, okay.", which only acknowledges).
_STRUCK = re.compile(r"^\W*(?:oh|huh|wow|god|gosh|blimey|crikey|ooh|bloody hell)\b", _F)
_ASSENT = re.compile(r"\b(?:yeah|yes|yep|it is|it has|it does|that's (?:true|right|it))\b", _F)
_NEW_ANGLE = re.compile(
    r"\bi (?:hadn't|had not|never|'d never|have never|'ve never) (?:put|thought of|thought about|seen|looked at) it "
    r"(?:like that|that way|quite like that)\b",
    _F,
)


@rule(
    "insight",
    "confirms_reflection",
    fires=[
        ("It sounds like the gym has become the one place nobody needs you.", "Oh. Yeah. Yeah, it has."),
        ("What if it's tiredness rather than laziness?", "Huh. Okay, yeah."),
        ("I'm wondering if the drinking is more about the evenings alone.", "I hadn't put it like that, but yes."),
    ],
    quiet=[
        ("It sounds like you had a busy week.", "Yeah."),
        ("It sounds like the gym has become the one place nobody needs you.", "Oh, no, not really."),
        ("How was the weekend?", "Oh. Yeah. Fine."),
        ("So it sounds like part of you is scared to slow down.", "Oh. Yeah. Anyway, the Berlin thing."),
        ("It sounds like you had a really busy week with the move.", "Oh, okay. And the kids were off school."),
    ],
)
def confirms_reflection(ctx: Context) -> Hit | None:
    """The client takes in, as new, a finding the coach has just put into words: the coach's words are the
    insight."""
    if not _client(ctx) or ctx.sentence.index > 1:
        return None
    opening = ctx.turn.sentences[:3]
    struck = _STRUCK.match(opening[0].text) and any(_ASSENT.search(s.text) for s in opening)
    if not (_NEW_ANGLE.search(ctx.text) or (struck and ctx.sentence.index == 0)):
        return None
    prev = ctx.prev
    if prev is None or prev.index != ctx.turn.index - 1 or prev.role not in ("coach", None):
        return None
    if any(refusal(s.text) or re.match(r"^\W*anyway\b", s.text, _F) for s in ctx.turn.sentences[:3]):
        return None  # "Hm. Maybe. Anyway, can we talk about Berlin?": set aside, not taken in
    for s in reversed(prev.sentences):
        m = _REFLECTION.match(s.text)
        if m and len(m.group("said").split()) >= 4:
            said = m.group("said").strip(" ?.")
            return Hit(sentence_case(said))
    return None

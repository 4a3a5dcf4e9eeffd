"""The closed word classes extraction rules are built from.

Rules describe structure (a first-person subject, a future or modal marker, an
action verb, a question about what the client will do); the words that fill
those slots in English are listed here once, as regex alternations. Nothing
here is a sentence from a conversation.
"""

from __future__ import annotations

import re

from recap import clock

WEEKDAYS = tuple(d.lower() for d in clock.WEEKDAYS)
MONTHS = tuple(m.lower() for m in clock.MONTHS)
MONTH_ABBREVIATIONS = {m[:3]: m for m in MONTHS} | {"sept": "september"}


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """``("a", "b c")`` -> ``(?:a|b\\s+c)``, longest first so "b c" wins over "b"."""
    return "(?:" + "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True)) + ")"


def lead(words: str) -> str:
    """The start of a sentence, past any of ``words`` (an alternation) and the punctuation after each:
    ``lead("so|okay")`` matches "So, okay, " before what a pattern looks for."""
    return rf"^\W*(?:(?:{words})\W+)*"


#: Numbers said as words, with their values: one list for deadlines, measures and the rules.
NUMBER_WORDS: dict[str, float] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
}
_TEENS = {"thirteen": 13, "fourteen": 14, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = {w: v for w, v in NUMBER_WORDS.items() if v < 10}
# "forty-eight", "twenty five", "thirteen": every number word up to ninety-nine.
NUMBER_WORDS.update(_TEENS)
NUMBER_WORDS.update(_TENS)
NUMBER_WORDS.update(
    {f"{t}{sep}{u}": tv + uv for t, tv in _TENS.items() for u, uv in _UNITS.items() for sep in ("-", " ")}
)
#: Amounts said without a number word: "a couple of days", "a few weeks".
#: Days of the month said as words: "the fourteenth".
ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "twenty-first": 21,
    "twenty-second": 22,
    "twenty-third": 23,
    "twenty-fourth": 24,
    "twenty-fifth": 25,
    "twenty-sixth": 26,
    "twenty-seventh": 27,
    "twenty-eighth": 28,
    "twenty-ninth": 29,
    "thirty-first": 31,
}
ORDINAL_DAY_WORD = "(?:" + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + ")"
#: A day of the month, in digits or words: "the 14th", "the fourteenth".
ORDINAL_DAY = r"the (?:\d{1,2}(?:st|nd|rd|th)|" + ORDINAL_DAY_WORD + ")"

FEW_WORDS: dict[str, float] = {"a couple of": 2, "couple of": 2, "a couple": 2, "a few": 3, "few": 3}
#: One to twelve: a clock's hours, a rating out of ten, a count of days or weeks.
SMALL_NUMBER = alternation([w for w, v in NUMBER_WORDS.items() if v <= 12])
# The same words as compact patterns (tens with an optional unit, then the rest), which a regular
# expression scans far faster than 200 alternatives: below a hundred, and with "hundred".
NUMBER_WORD_UNDER_100 = (
    "(?:"
    + alternation(list(_TENS))
    + r"(?:(?:-|\s+)"
    + alternation(list(_UNITS))
    + ")?|"
    + alternation(
        [
            w
            for w, v in NUMBER_WORDS.items()
            if v < 100 and w not in _TENS and not any(w.startswith(t + c) for t in _TENS for c in "- ")
        ]
    )
    + ")"
)
NUMBER_WORD = "(?:" + NUMBER_WORD_UNDER_100 + "|" + alternation([w for w, v in NUMBER_WORDS.items() if v >= 100]) + ")"

DAY = alternation(WEEKDAYS)
MONTH = alternation(MONTHS + tuple(MONTH_ABBREVIATIONS))

# Adverbs that sit between a subject and its verb: "I'll definitely call", "I'm still gonna".
ADVERB = alternation(
    (
        "just",
        "really",
        "also",
        "definitely",
        "probably",
        "maybe",
        "actually",
        "then",
        "now",
        "still",
        "certainly",
        "even",
        "at least",
        "totally",
        "seriously",
        "absolutely",
        "honestly",
        "hopefully",
        "first",
        "finally",
        "at some point",
        "sometime",
        "perhaps",
        "possibly",
        "surely",
        "gladly",
        "happily",
        "personally",
        "basically",
        "literally",
        "like",
        "kind of",
        "sort of",
        "ever",
        "all",
        "both",
    )
)

# Markers of a plan for the future, first person: what follows is the action.
_AUX_ADV = r"(?:\s+(?:just|really|also|definitely|probably|all|both|still|actually|totally|certainly))?"
FUTURE = (
    r"(?:'ll|will|shall|(?:'m|am|'re|are)" + _AUX_ADV + r"\s+(?:going to|gonna|planning (?:to|on)|about to|"
    r"committed to|committing to|determined to|ready to|aiming to)|gonna|going to|plan to|intend to|commit to|promise to|"
    r"'ll be sure to|'ve decided to|have decided to|decided to)"
)
# Modals of ability, possibility and obligation: "I can / could / might / should ..."
MODAL = alternation(
    (
        "can",
        "could",
        "might",
        "may",
        "should",
        "'d",
        "would",
        "need to",
        "have to",
        "got to",
        "gotta",
        "ought to",
        "must",
    )
)
# "try" frames: the action is the verb after them.
TRY = alternation(
    (
        "try to",
        "try and",
        "try",
        "give it a try",
        "give it a go",
        "give it a shot",
        "do my best to",
        "make an effort to",
        "attempt to",
        "work on",
    )
)

# Verbs that start something one does: an answer or an imperative that begins with one names an action.
ACTION_VERB = alternation(
    tuple(
        [
            "start",
            "stop",
            "call",
            "go",
            "get",
            "try",
            "take",
            "make",
            "keep",
            "write",
            "read",
            "walk",
            "run",
            "cut",
            "quit",
            "drink",
            "eat",
            "talk",
            "tell",
            "ask",
            "find",
            "look",
            "check",
            "book",
            "buy",
            "throw",
            "put",
            "set",
            "use",
            "leave",
            "join",
            "sign",
            "email",
            "text",
            "see",
            "visit",
            "spend",
            "avoid",
            "limit",
            "reduce",
            "switch",
            "swap",
            "replace",
            "plan",
            "practice",
            "practise",
            "track",
            "log",
            "count",
            "note",
            "record",
            "drop",
            "bring",
            "pick",
            "meet",
            "schedule",
            "work",
            "study",
            "apply",
            "save",
            "pay",
            "clean",
            "cook",
            "sleep",
            "wake",
            "exercise",
            "stretch",
            "meditate",
            "journal",
            "list",
            "prepare",
            "finish",
            "send",
            "smoke",
            "have",
            "do",
            "stay",
            "give",
            "change",
            "move",
            "turn",
            "open",
            "close",
            "block",
            "delete",
            "hire",
            "fire",
            "ring",
            "phone",
            "mark",
            "hang",
            "invite",
            "skip",
            # errands and paperwork
            "submit",
            "draft",
            "post",
            "complete",
            "print",
            "register",
            "enrol",
            "enroll",
            "update",
            "cancel",
            "renew",
            "upload",
            "order",
            "fill",
        ]
    )
)

#: More verbs of things one plans to do, for reading "I'm clearing my inbox" as "clear my inbox" (their
#: -ing forms are made from these base forms).
PLAN_VERBS = (
    "add",
    "arrange",
    "attend",
    "build",
    "cancel",
    "clear",
    "collect",
    "contact",
    "create",
    "decide",
    "draft",
    "enrol",
    "enroll",
    "enter",
    "fill",
    "fix",
    "follow",
    "hand",
    "launch",
    "learn",
    "lift",
    "message",
    "organise",
    "organize",
    "outline",
    "pack",
    "paint",
    "post",
    "print",
    "publish",
    "register",
    "remove",
    "renew",
    "repair",
    "reply",
    "request",
    "research",
    "return",
    "review",
    "ride",
    "rewrite",
    "share",
    "ship",
    "sort",
    "submit",
    "swim",
    "test",
    "tidy",
    "train",
    "update",
    "upload",
    "wash",
    "cycle",
    "hike",
    "jog",
    "lose",
    "raise",
    "chase",
    "invoice",
    "quote",
    "price",
    "pitch",
    "present",
    "record",
    "rehearse",
    "revise",
    "sell",
    "interview",
    # keeping watch on oneself: "notice when the urge hits", "jot it in your phone", "log every bet"
    "sit",  # "sit down with the rota", "sit the exam"
    "notice",
    "jot",
    "log",
    "track",
    # with someone in one's care: "catch him being good", "praise the effort", "listen without fixing"
    "catch",
    "praise",
    "listen",
)
PLAN_VERB = alternation(PLAN_VERBS)

# An imperative put to the listener: "So I think just tell your friends ...", "Okay, just send it."
# (matches up to the verb, which it leaves to what follows).
#: Asking who takes a task on: "And who owns telling the team?", "Who's going to ring the school?"
WHO_TAKES = (
    r"who(?:'s| is)? (?:owns|will|'ll|is going to|'s going to|is gonna|'s gonna|can|should|wants to|takes|does|"
    r"is doing|'s doing)"
)
JUST_IMPERATIVE = rf"^(?:(?:so|and|then|okay|well|i think|maybe)\W+)*just (?={ACTION_VERB}\b)"

# Agreement and acceptance tokens, whole answers: "Okay.", "Sure, I can do that."
AGREE = alternation(
    (
        "yes",
        "yeah",
        "yep",
        "yup",
        "yea",
        "ok",
        "okay",
        "sure",
        "definitely",
        "absolutely",
        "of course",
        "alright",
        "all right",
        "fine",
        "deal",
        "sounds good",
        "sounds great",
        "that sounds good",
        "that sounds great",
        "that works",
        "that's fine",
        "that would work",
        "i can do that",
        "i will",
        "i can",
        "i'll do that",
        "i'll do it",
        "i'll try",
        "i'll try that",
        "i could do that",
        "let's do it",
        "let's do that",
        "right",
        "good idea",
        "great idea",
        "that's a good idea",
        "i'd like that",
        "i'd love that",
        "i like that",
        "that's doable",
        "doable",
        "agreed",
        "i agree",
        "for sure",
        "will do",
        "go on then",
        "go on",
        "certainly",
        "i'm in",
        "why not",
        "i guess",
        "i think so",
        "probably",
        "mm-hmm",
        "uh-huh",
        "i could",
        "i could try",
        "i can try",
        "i'd be willing",
        "i'm willing",
        "i'd be up for that",
        "i'm up for that",
        "that makes sense",
        # a plan put back, confirmed: "Yeah, that's the plan."
        "that's the plan",
        "done",
        "that's the idea",
        "that's right",
        "exactly",
    )
)
REFUSE = alternation(
    (
        "no",
        "nope",
        "nah",
        "not really",
        "i don't think so",
        "i can't",
        "i won't",
        "not now",
        "not yet",
        "i'm not ready",
        "i'm not sure",
        "i don't know",
        "probably not",
        "no way",
        "i doubt it",
        "that's not going to happen",
        "that won't work",
        "that wouldn't work",
    )
)

# Verbs whose object is the conversation itself: "I'll tell you about my week".
IN_SESSION = alternation(
    (
        # how one will say it, here: "I'll just keep it simple", "I'll keep it short"
        "keep it simple",
        "keep it short",
        "keep it brief",
        "keep it quick",
        # waiting on the room: "I'll wait until you're all hooked up"
        "wait until you",
        "wait for you",
        "wait till you",
        "tell you",
        "tell me",
        "show me",
        "give me",
        "ask you",
        "explain",
        "share with you",
        "share a bit",
        "share more",
        "show you",
        "check i understand",
        "check i've understood",
        "check i got",
        "say",
        "mention",
        "describe",
        "repeat",
        "summarize",
        "summarise",
        # a summary or a question of the session's own: "let me pull together what I'm hearing"
        r"pull (?:(?:it|that|this|all (?:of )?(?:that|this)) together|together what)",
        "sum (?:it |that |this )?up",
        r"ask (?:you )?about (?:that|this|your|you|the other side|what)\b",
        "recap",
        "elaborate",
        "expand",
        "clarify",
        "walk you through",
        "walk me through",
        "help me understand",
        "give you an example",
        "give you some information",
        "give you a sense",
        "talk about",
        "talk with you",
        "talk to you about",
        "go over",
        "go through",
        "go back to what",
        "go back to that",
        "go back to this",
        "go back to the question",
        # where the talk starts, not what one starts doing ("start with the nicotine gum")
        r"(?:start|begin) with (?:a |one |some |the |your |my |an )?(?:questions?|first|easy|easier|basics|"
        r"beginning|good news|bad news|overview|summary|recap|what|why|how|where|who|that|this|you|me)\b",
        r"(?:start|begin) by (?:asking|saying|telling|checking|looking at|going|talking|explaining|reading|"
        r"summari[sz]ing|recapping|hearing)",
        "answer",
        "be honest",
        "read you",
        "stop you",
        "take a note",
        "take notes",
        # the coach's own notes, kept in the session: "Consciously dropped. I'll cross it off."
        "cross (?:it|that|this|them) off",
        "make a note of (?:it|that|this)",
        # holding to account, said of what was just agreed: "I'll hold you to that"
        "hold you to",
        # handing the point back, in the talk: "I'll leave that one to you"
        r"leave (?:that|this|it)(?: one)? (?:to|with|up to) you",
        "note (?:it|that|this) down",
        "put (?:it|that|this) (?:down|in my notes)",
        "write that down",
        "write this down",
        "jot (?:it|that|this|those|these)\\b",
        "leave it there",
        "leave it for now",
        "leave it at that",
        "wrap up",
        "move on",
        "come back to that",
        "come back to this",
        "get to that",
        "check that i understand",
        "make sure i understand",
        "look at this",
        "look at that",
        "be right back",
        "be with you",
        "put it this way",
        "give you a minute",
        "rate",
        "imagine",
        "think about that for a second",
        "just say",
        "play devil's advocate",
        "throw something out",
        "ask a question",
        "ask a few",
        "let you know what",
        # turn-taking and things done in the room, on the call
        "go first",
        "go next",
        "go last",
        "wrap up",
        "wrap it up",
        "sum up",
        "take over",
        "hand over",
        "pass it",
        "pass this",
        "plug",
        "unplug",
        "pull it up",
        "pull this up",
        "share my screen",
        "share the screen",
        "hold on",
        "hang on",
        "leave space",
        "give it a",
        "read it out",
        "read this out",
        "stop there",
        "stop here",
        "let you go",
        "keep it short",
        "be quick",
        "pause",
        "mute",
        "unmute",
        "turn on",
        "turn off",
        "switch on",
        "switch off",
        "raise a point",
        "raise another point",
        "add something",
        "jump in",
        "finish up",
        "close up",
        "write that",
        "write this",
        "put that",
        "put this",
        "put it down",
        "note that",
        "note this",
        "get it out",
        "go this way",
        "go that way",
        "let you",
        "leave you",
        "see you out",
    )
)
# Verbs of state, feeling and cognition: what follows "I'll" with them is not an action.
STATE = alternation(
    (
        "be",
        "feel",
        "know",
        "think",
        "guess",
        "want",
        "wanna",
        "like",
        "love",
        "hate",
        "see",
        # thinking it over: "That one I'm going to have to sit with."
        r"sit with(?= (?:it|that|this|them)\b|\W*$)",
        # senses: "I can hear the fridge"
        "hear",
        "smell",
        "taste",
        "hope",
        "wish",
        "understand",
        "remember",
        "forget",
        "believe",
        "seem",
        "look like",
        "mind",
        "die",
        "miss",
        "regret",
        "end up",
        "never",
        "always",
        "fail",
        "succeed",
        "relapse",
        "slip up",
        "get better",
        "get worse",
        "get old",
        "get sick",
        "get hurt",
        "get fired",
        "get caught",
        "get arrested",
        "get in trouble",
        "get kicked out",
        "lose my",
        "lose it",
        "go crazy",
        "survive",
        "be fine",
        "be okay",
        "be ok",
        "be alright",
        "be happy",
        "be sad",
        "be able to",
        "have a",
        "have no",
        "have the",
        "wonder",
        "worry",
        "care",
        "deserve",
        "bet",
        "need",
        "suppose",
        "doubt",
        "find out",
        "feel better",
        "probably",
        "notice",
        "figure it out",
        "manage",
        "cope",
        "make it",
        "get there",
        # What happens to one, not what one does: "I'll gain weight", "I'm gonna mess it up".
        "gain weight",
        "gain some weight",
        "put on weight",
        "put weight on",
        "get fat",
        "mess up",
        "mess it up",
        "mess things up",
        "screw up",
        "screw it up",
        "fall apart",
        "freak out",
        "lose control",
        "crave",
        # how one will come across: "I will sound like a robot"
        "sound like",
        "sound stupid",
        "look like",
        "look stupid",
        "come across",
    )
)
# Verbs of realizing and finding out: an insight says them.
REALIZE = alternation(
    (
        "realize",
        "realise",
        "realized",
        "realised",
        "realizing",
        "realising",
        "notice",
        "noticed",
        "noticing",
        "see now",
        "can see",
        "i see that",
        "understand now",
        "figured out",
        "figured",
        "learned",
        "learnt",
        "discovered",
        # (not news: "I found out about it on the Thursday", "found out from my sister")
        "found out(?! (?:about|from|on|last|yesterday|today|when|at|through|by)\\b)",
        "found that",
        "occurred to me",
        "dawned on me",
        "hit me",
        "struck me",
        "became aware",
        "aware that",
        "recognize",
        "recognise",
        "come to terms",
        "never thought",
        "didn't think",
        "didn't realize",
        "didn't realise",
        "didn't know",
        "had no idea",
        "never really thought",
        "never looked at it",
        "never saw it",
        "wake-up call",
        "eye-opener",
        "eye opener",
        "makes sense now",
        "it clicked",
        # naming it at last: "I've been calling it loyalty. It's fear.", "I hadn't called it that."
        "(?:i'?ve )?been calling it",
        "(?:hadn't|had not|never|'d never) called it",
        "it (?:just|finally|suddenly|really) clicked",
        "clicked for me",
        # two things joined for the first time: "I'd never connected that"
        "(?:never|hadn't|had not|didn't|did not) (?:really )?connect(?:ed)? (?:that|those|these|it|them|the two)",
        "now i (?:understand|see|get it)",
        "i (?:see|understand|get) (?:it|this|that) now",
        # two things told apart or put together at last: "I never pulled the two apart till now"
        "(?:never|hadn't|had not|didn't|did not) (?:\\w+ )?(?:pulled|put|told|kept) (?:the two|those|them|it) (?:apart|together)",
        "what i'?m (?:seeing|realizing|realising|noticing|getting|learning) (?:now |here )?is",
        "dawning on me",
        "penny (?:has )?dropped",
        "now i know",
        "i get it now",
        "i get that now",
        "makes me think",
        "made me think",
        "made me realize",
        "makes me realize",
        "got me thinking",
        "put it that way",
        "hearing myself",
        "when i say it out loud",
        "saying it out loud",
        # never put into words before: "I hadn't actually added it up before"
        "hadn't actually",
        "hadn't added",
        "never added it up",
        "never added that up",
    )
)
# Frames of self-observation: "I tend to", "the thing is", "it's because".
SELF_FRAME = alternation(
    (
        "i tend to",
        "i always",
        "i never",
        "i just",
        "i guess",
        "i suppose",
        "i think",
        "i feel like",
        "i feel that",
        "i'm the kind of person",
        "i'm the type",
        "that's me",
        "that's why",
        "that's the thing",
        "the thing is",
        "the problem is",
        "the reason is",
        "the truth is",
        "to be honest",
        "honestly",
        "it's because",
        "because i",
        "'cause i",
        "it's more about",
        "it's really about",
        "it's not about",
        "it's about",
        "what i really",
        "what it comes down to",
        "when it comes down to it",
        "deep down",
        "i'm scared",
        "i'm afraid",
        "i'm worried",
        "i'm ashamed",
        "i'm embarrassed",
        "i'm proud",
        "makes me",
        "it makes",
        "it's not worth",
        "not worth it",
        "it's a lot",
        "way too much",
        "i use it to",
        "i do it to",
        "i do it because",
        "it helps me",
        "it's my way",
        "i'm using",
        "i've been avoiding",
        # a way of going on, seen whole: "I've basically been running the company like it's still five people"
        # doing what one's parent did: "I'm doing exactly what my father did with me"
        "(?:i'm|i am) (?:doing|turning into|becoming|repeating) (?:exactly |just )?(?:what my|my (?:mum|mom|dad|father|mother))",
        "i've (?:basically |just |really |actually |kind of |sort of |always )?been (?:trying to be|treating|running|"
        "acting|living|behaving|pretending|carrying|putting|letting|holding|using|telling myself|waiting for|"
        "making excuses|hiding)",
        "i avoid",
        "i keep",
        "part of me",
        "the main thing",
        "the biggest thing",
        "what matters",
        "matters to me",
        "important to me",
        "i value",
        "i care about",
        "i miss",
        "i'm realizing",
        "i'm starting to see",
        "i'm starting to think",
        "maybe i",
        "maybe it's",
    )
)
# Desire and aim: "I want to", "my goal is", "I'd like to".
DESIRE = alternation(
    (
        "want to",
        "wanna",
        "want",
        "would like to",
        "'d like to",
        "'d love to",
        "would love to",
        "wish",
        "hope to",
        "hoping to",
        "hope",
        "'m hoping",
        "am hoping",
        "'d really like",
        "dream of",
        "dream is",
        "goal is",
        "aim is",
        "aim to",
        "aiming for",
        "aiming to",
        "shooting for",
        "shoot for",
        "target is",
        "my target",
        "need to",
        "have to",
        "got to",
        "gotta",
        "'m trying to",
        "am trying to",
        "trying to",
        "would be nice",
        "would be great",
        "would be good",
        "be cool if",
        "be nice if",
        "be great if",
        "'d prefer",
        "prefer",
        "looking to",
        "working towards",
        "working toward",
        "striving",
    )
)
DESIRE_NOUN = alternation(
    (
        "goal",
        "goals",
        "aim",
        "aims",
        "dream",
        "dreams",
        "target",
        "targets",
        "ambition",
        "ambitions",
        "vision",
        "hope",
        "hopes",
        "priority",
        "priorities",
        "objective",
        "resolution",
    )
)

# Hedges lower confidence; firm words raise it.
HEDGE = re.compile(
    r"\b(?:maybe|probably|might|perhaps|possibly|i think|i guess|i suppose|hopefully|"
    r"try(?:ing)? to|try and|kind of|sort of|i hope|some ?time|see if|at some point|"
    r"if i can|if i get|i don'?t know|not sure|we'?ll see)\b",
    re.I,
)
FIRM = re.compile(r"\b(?:definitely|for sure|absolutely|promise|certainly|will|commit|going to|gonna)\b", re.I)
NEGATION = re.compile(r"\b(?:not|no|never|n't|nobody|nothing|none|neither|nor|can't|won't|don't|didn't)\b", re.I)
PAST = re.compile(
    r"\b(?:did|was|were|had|used to|yesterday|last (?:week|month|year|night|time)|ago|"
    r"already|before that|back then|at the time|(?!hundred\b)\w{2,}(?<!e)ed)\b",  # not "need", "speed", "bed"
    re.I,
)
CONDITION = re.compile(r"\b(?:if|unless|when(?:ever)?|in case|as long as|provided)\b", re.I)
CONTRAST = re.compile(r"\b(?:but|though|although|however|except|only)\b", re.I)
CAUSE = re.compile(r"\b(?:because|'cause|cause|since|so that|that's why|the reason|due to)\b", re.I)
TIME_AFTER = re.compile(
    r"\b(?:tomorrow|tonight|this (?:week|weekend|evening|afternoon|month)|next (?:week|month|time|session|"
    r"visit|appointment|call)|by (?:then|the end|next)|every (?:day|morning|evening|night|week)|"
    r"each (?:day|morning|evening|night|week)|from now on|starting (?:today|tomorrow|next|on|this)|"
    r"after (?:the|this|our) (?:session|call|meeting|appointment)|when i get home|before (?:we|our|the|next)|"
    r"between now and|over the (?:next|coming)|in (?:a|one|two|three|four|\d+) (?:days?|weeks?|months?)|"
    r"later (?:today|this week)|(?:on|this|next|by) " + DAY + r"|" + DAY + r"|daily|weekly|a day|a week|"
    r"the (?:next|coming) (?:few )?(?:days|weeks)|end of (?:the )?(?:week|month))\b",
    re.I,
)
NUMBER = re.compile(rf"\b(?:\d+|{NUMBER_WORD}|once|twice|half)\b", re.I)

# Person and role words.
FIRST_SINGULAR = re.compile(r"\b(?:i|i'll|i'm|i'd|i've|me|my|myself|mine)\b", re.I)
#: A word of wanting anywhere in a sentence: "I want to", "my goal is".
DESIRE_WORD = re.compile(rf"\b{DESIRE}\b", re.I)
FIRST_PLURAL = re.compile(r"\b(?:we|we'll|we're|we'd|we've|let's|us|our|ourselves)\b", re.I)
SECOND = re.compile(r"\b(?:you|you'll|you're|you'd|you've|your|yourself)\b", re.I)

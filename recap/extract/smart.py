"""SMART check of a goal: Specific, Measurable, Attainable, Relevant, Time-bound.

Each flag is a surface test a coach can verify at a glance; ``missing`` says in
plain words what would make the goal SMART.
"""

from __future__ import annotations

import re
from datetime import date

from recap.domain import Smart
from recap.extract import lexicon as lx
from recap.extract.dates import find_deadline
from recap.extract.measure import find_measure

_F = re.I
# Outcomes too broad to act on without more detail.
_VAGUE = re.compile(
    r"^(?:(?:to|just|really|also|try to|try and|continue to)\s+)*(?:improve|be (?:better|healthier|happier|"
    r"more|less|a better|okay|fine|good)|feel (?:better|good|healthier|happier)|get (?:better|healthier|"
    r"healthy|fit|my life|things|back on track|on track)|try(?: (?:different|new|out|more))?|explore|"
    r"work on|find (?:a |the )?balance|find ways?|reduce|increase|change|manage|deal with|look after|"
    r"take care of|cope|sort (?:out|things)|be happy|do better|do more|do less|eat (?:healthy|healthier|"
    r"better|well)|live (?:healthier|better)|prioriti[sz]e|focus on|maintain|continue|keep (?:up|going)|"
    r"lead a|have a (?:better|healthier|good))\b",
    _F,
)
# Detail that pins a vague outcome down: what exactly, when or where.
_DETAIL = re.compile(
    rf"\b(?:\d+|{lx.SMALL_NUMBER}|once|twice|every|each|daily|weekly|"
    r"at (?:least|most|\d|lunch|dinner|breakfast|night|home|work)|after (?:dinner|lunch|breakfast|work|"
    r"meals?)|before (?:bed|sleep|work|breakfast|dinner)|such as|instead of|by (?:\w+ing|using|logging)|"
    rf"in the (?:morning|evening)|on (?:weekends?|weekdays?|{lx.DAY}s?))\b",
    _F,
)
_MEASURABLE = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?\s*(?:%|percent|minutes?|mins?|hours?|hrs?|days?|times?|steps|kg|kilos?|pounds|"
    r"lbs|km|miles|cups?|glass(?:es)?|drinks?|cigarettes?|servings?|portions?|meals?|pages?|words|calls?)|"
    rf"(?:{lx.NUMBER_WORD}|a|an)\s+(?:minutes?|hours?|days?|"
    r"times?|cups?|glass(?:es)?|drinks?|cigarettes?|servings?|portions?|meals?|pages?|calls?)|"
    r"once|twice|daily|every\s+(?:day|night|morning|evening|week|meal|\w+day)|each\s+(?:day|night|morning|"
    r"evening|week|meal)|weekly|per\s+(?:day|week|night)|a\s+(?:day|week|night)\b|at\s+least|at\s+most|"
    r"no\s+more\s+than|less\s+than\s+\w+|more\s+than\s+\w+|half|\d+:\d+|\d+\s*(?:am|pm)|"
    r"(?:quit|stop)\s+(?:smoking|drinking)\s+(?:completely|altogether))\b",
    _F,
)
_CONFIDENCE = re.compile(
    rf"\b(?:(?:\d+|{lx.SMALL_NUMBER})\s*(?:/|out of|on a scale of)\s*(?:10|ten)|"
    r"\d+\s*(?:%|percent)\s*(?:confiden\w*|sure|certain)?|confiden(?:t|ce)(?: level)?\s*(?:of|is|:)?\s*\d+|"
    rf"(?:a|an|about|like|maybe|probably)\s+(?:{lx.SMALL_NUMBER}|\d+)\b"
    r"(?=[^.?!]{0,40}\b(?:confiden|sure|certain|likely|scale)))",
    _F,
)
_REASON = re.compile(
    r"\b(?:because|'cause|so (?:that|i can|i could|i'?ll)|for (?:my|the) (?:kids?|son|daughter|family|"
    r"health|wife|husband|partner|mother|father|mom|dad|baby)|in order to|matters? to me|important to me|"
    r"it would mean|for the sake of|that way i|then i (?:can|could))\b",
    _F,
)
_TIME = re.compile(
    rf"\b(?:by|before|within|until|till)\s+(?:the\s+)?(?:end|next|\w+day|\d|{lx.alternation(lx.MONTHS)}|tomorrow|"
    rf"tonight|then)|\bin\s+(?:\d+|a|{lx.SMALL_NUMBER}|a few)\s+(?:days?|weeks?|months?|years?)|"
    r"\b(?:this|next)\s+(?:week|month|year)\b",
    _F,
)


def check(
    goal: str,
    context: str = "",
    session_date: date | None = None,
    due_text: str | None = None,
) -> Smart:
    """Rate a goal against the five SMART criteria.

    Args:
        goal: the goal as said or written ("Walk 30 minutes every day by March").
        context: nearby conversation, searched for a confidence rating and a reason.
        session_date: resolves deadline words when given.
        due_text: deadline words already found for the goal.
    Returns:
        Each letter met or not, and what is missing ("no deadline", ...).
    """
    text = goal.strip()
    words = re.findall(r"[A-Za-z']+", text)
    vague = bool(_VAGUE.match(text)) and not _DETAIL.search(text)
    specific = len(words) >= 3 and not vague
    measurable = bool(find_measure(text) or _MEASURABLE.search(text))
    attainable = bool(_CONFIDENCE.search(text) or (context and _CONFIDENCE.search(context)))
    relevant = bool(_REASON.search(text) or (context and _REASON.search(context)))
    time_bound = bool(
        due_text or _TIME.search(text) or (session_date is not None and find_deadline(text, session_date) is not None)
    )
    missing = []
    if not specific:
        missing.append("not specific: say exactly what will be done")
    if not measurable:
        missing.append("no measure")
    if not attainable:
        missing.append("no confidence rating")
    if not relevant:
        missing.append("no reason given")
    if not time_bound:
        missing.append("no deadline")
    return Smart(specific, measurable, attainable, relevant, time_bound, tuple(missing))

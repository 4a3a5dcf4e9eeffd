"""Due dates: find the deadline words in a sentence and resolve them.

Finding the words is a regex over a small grammar of English deadline phrases;
turning them into a date is left to ``dateparser``, called only on those short
phrases (it is slow on free text) and cached per (phrase, session date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)"
)
_NUM = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"a\s+couple\s+of|a\s+few|couple\s+of)"
)
_UNIT = r"(?:days?|weeks?|months?|fortnight)"
_SESSION = (
    r"(?:(?:(?:our|the|your|my)\s+)?next\s+(?:session|appointment|visit|meeting|call|"
    r"time(?:\s+we\s+(?:meet|talk|see\s+each\s+other))?)|we\s+(?:meet|talk|speak)\s+again)"
)

# Order matters: longer phrases first so "by the end of next week" wins over "next week".
_DEADLINE = re.compile(
    rf"""
    \b(?P<phrase>
      (?:(?:by|before|until|till)\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?
          (?:week|month|year|{_MONTH})
    | (?:by|before|until|till)\s+{_SESSION}
    | (?:at|in|for|during|until)\s+{_SESSION}
    | (?:by|before|until|till|on|this|next|coming|this\s+coming)\s+{_DAY}
    | (?:by|before|until|till)\s+(?:the\s+)?(?:weekend|tomorrow|tonight|{_MONTH}(?:\s+\d{{1,2}})?)
    | (?:by|before|until|till)\s+next\s+(?:week|month)
    | (?:this|next|the)\s+(?:week(?:end)?|month)
    | (?:with)?in\s+(?:about\s+|around\s+|roughly\s+|like\s+)?{_NUM}\s+{_UNIT}
    | (?:in|by|before)\s+{_MONTH}
    | tomorrow(?:\s+(?:morning|afternoon|evening|night))?
    | tonight | this\s+(?:evening|afternoon) | later\s+today | today
    | {_DAY}
    )\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

_WORDNUM = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "couple of": 2, "a few": 3,
}

_SESSION_RE = re.compile(_SESSION, re.IGNORECASE)


@dataclass(frozen=True)
class Deadline:
    """Deadline words found in a sentence and the date they resolve to."""

    text: str
    due: date | None
    next_session: bool = False  # "before our next session": resolved later


def find_deadline(sentence: str, session_date: date) -> Deadline | None:
    """Return the first deadline phrase in ``sentence``, resolved against ``session_date``.

    Args:
        sentence: one sentence of speech.
        session_date: the day of the call; relative words are resolved from it.
    Returns:
        A ``Deadline`` or ``None`` when the sentence names no time.
    """
    m = _DEADLINE.search(sentence)
    if not m:
        return None
    phrase = " ".join(m.group("phrase").split())
    if _SESSION_RE.search(phrase):
        return Deadline(phrase, None, next_session=True)
    return Deadline(phrase, resolve(phrase, session_date))


def resolve(phrase: str, session_date: date) -> date | None:
    """Turn deadline words ("by Friday", "in two weeks") into a date."""
    return _resolve(phrase.lower().strip(), session_date)


@lru_cache(maxsize=2048)
def _resolve(phrase: str, session_date: date) -> date | None:
    # Prepositions of deadlines carry no date information for dateparser.
    core = re.sub(r"^(?:by|before|until|till|on|at|during|for)\s+", "", phrase)
    core = re.sub(r"\b(?:about|around|roughly|like|coming)\s+", "", core)
    core = re.sub(r"^this\s+(?=" + _DAY + ")", "", core)
    core = re.sub(r"^(?:with)?in\s+", "in ", core)

    if core in ("today", "tonight", "later today", "this evening", "this afternoon"):
        return session_date  # same-day words; dateparser would add a time of day
    end = re.fullmatch(r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(\w+)", core)
    if end:
        return _end_of(end.group(1), "next" in core.split(), session_date)
    if core in ("the weekend", "this weekend", "weekend"):
        core = "saturday"
    elif core == "next weekend":
        return _parse("saturday", session_date + timedelta(days=7))
    elif core in ("this week", "the week"):
        core = "friday"
    elif core in ("this month", "the month"):
        return _end_of("month", False, session_date)
    nxt_day = re.fullmatch(r"next\s+(" + _DAY + ")", core)
    if nxt_day:
        # "next Thursday" said on a Wednesday means the Thursday of next week,
        # not tomorrow ("this Thursday" is tomorrow).
        found = _parse(nxt_day.group(1), session_date)
        if found and found.isocalendar()[:2] == session_date.isocalendar()[:2]:
            found += timedelta(days=7)
        return found
    num = re.fullmatch(r"in\s+(.+?)\s+(days?|weeks?|months?|fortnight)", core)
    if num and num.group(1) in _WORDNUM:
        # dateparser misses "a couple of weeks"; give it digits.
        core = f"in {_WORDNUM[num.group(1)]} {num.group(2)}"
    return _parse(core, session_date)


def _end_of(what: str, next_: bool, session_date: date) -> date | None:
    if what == "week":
        base = session_date + timedelta(days=7) if next_ else session_date
        return _parse("friday", base - timedelta(days=1))
    if what == "month":
        first = session_date.replace(day=1)
        if next_:
            first = (first + timedelta(days=32)).replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return nxt - timedelta(days=1)
    if what == "year":
        return date(session_date.year + int(next_), 12, 31)
    return _parse(what, session_date, last_day=True)


def _parse(text: str, session_date: date, last_day: bool = False) -> date | None:
    import dateparser  # slow import; only needed when a deadline is said

    settings = {
        "RELATIVE_BASE": datetime.combine(session_date, datetime.min.time()),
        "PREFER_DATES_FROM": "future",
    }
    if last_day:
        settings["PREFER_DAY_OF_MONTH"] = "last"
    found = dateparser.parse(text, languages=["en"], settings=settings)
    return found.date() if found else None

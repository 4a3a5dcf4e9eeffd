"""Due dates: find the deadline words in a sentence and resolve them against the session date.

A small grammar of English deadline phrases, resolved by hand: explicit dates
("March 31st", "20 January", "the 15th"), weekdays ("by Friday", "next
Tuesday"), spans ("in two weeks", "a fortnight from now"), ends ("end of the
month", "by June") and the next session ("before we meet again", resolved
later to the date the call schedules). Dates are always on or after the
session date: "January 10th" said in December is next January.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from recap.extract.lexicon import (
    DAY,
    FEW_WORDS,
    MONTH,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_WORD_UNDER_100,
    NUMBER_WORDS,
    ORDINAL_DAY_WORD,
    ORDINAL_WORDS,
    WEEKDAYS,
)

_F = re.IGNORECASE | re.VERBOSE

_WORDNUM: dict[str, int] = {
    "a": 1,
    "an": 1,
    **{w: int(v) for w, v in {**NUMBER_WORDS, **FEW_WORDS}.items() if v < 100},
}
_NUM = rf"(?:\d{{1,3}}|a\s+couple(?:\s+of)?|couple\s+of|a\s+few|an?|{NUMBER_WORD_UNDER_100})"
_ORD = r"(?P<ord>\d{1,2})(?:st|nd|rd|th)?"
_ORDW = "(?P<ordw>" + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + ")"
# The same, unnamed, for the finder (a name may appear once in a pattern).
_D = r"(?:\d{1,2}(?:st|nd|rd|th)?|" + ORDINAL_DAY_WORD + ")"
_SESSION = (
    r"(?:(?:(?:our|the|your|my)\s+)?next\s+(?:session|appointment|visit|meeting|call|check-?in|"
    r"time(?:\s+(?:we|i)\s+(?:meet|talk|speak|see\s+(?:you|each\s+other)))?)|(?:we|i)\s+(?:meet|talk|speak)\s+again|"
    r"i\s+see\s+you\s+(?:again|next))"
)
_BY = r"(?:(?:by|before|until|till|no\s+later\s+than|on|for)\s+)"

# Order matters: longer, more specific phrases first.
_DEADLINE = re.compile(
    rf"""
    \b(?P<phrase>
      (?P<past>(?:last|past|previous|the\s+other)\s+(?:{DAY}|week(?:end)?|month|year|night|time|session))
    | (?P<session>{_BY}?{_SESSION}|(?:at|in|during)\s+{_SESSION})
    | (?P<endof>(?:(?:by|before|until|till|no\s+later\s+than|at)\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?
          (?:week|month|year|{MONTH}))
    | (?P<md>{_BY}?(?:{MONTH})\.?\s+(?:the\s+)?{_D}(?:,?\s+\d{{4}})?)
    | (?P<dm>{_BY}?(?:the\s+)?{_D}\s+(?:of\s+)?{MONTH}\.?(?:,?\s+\d{{4}})?)
    | (?P<iso>{_BY}?\d{{4}}-\d{{2}}-\d{{2}})
    | (?P<wdord>{_BY}?(?:this\s+|next\s+)?{DAY},?\s+(?:(?:the\s+)?{_D}(?:\s+(?:of\s+)?{MONTH})?|{MONTH}\s+(?:the\s+)?{_D})
          (?!\s+(?:time|step|thing|session|week|day|of)))
    | (?P<dayonly>{_BY}(?:the\s+){_D}(?!\s+(?:time|step|thing|session|week|day|of)))
    | (?P<span>(?:with)?in\s+(?:the\s+next\s+)?(?:about\s+|around\s+|roughly\s+|like\s+)?{_NUM}\s+(?:hours?|days?|weeks?|months?)
          |{_NUM}\s+(?:hours?|days?|weeks?|months?)\s+from\s+(?:now|today)|in\s+a\s+fortnight|a\s+fortnight\s+from\s+(?:now|today)
          |(?:with)?in\s+a\s+(?:week|month)\b)
    | (?P<weekday>(?<!every\s)(?<!each\s)(?<!\bto\s){_BY}?(?:this\s+coming\s+|this\s+|next\s+|coming\s+)?{DAY}
          (?!\s+(?:mornings|afternoons|evenings|nights)\b)(?:\s+(?:morning|afternoon|evening|night))?
          (?!\s+(?:session|class|meeting|call|shift|lesson|slot|training|workout|run|group|club|service|appointment|
          one|ones|people|team|stand-?up|routine)s?\b))
    | (?P<rel>(?:(?:by|before|until|till|no\s+later\s+than)\s+)?(?:the\s+)?(?:weekend|tomorrow(?:\s+(?:morning|afternoon|evening|night))?
          |tonight|next\s+(?:week(?:end)?|month|year)|this\s+(?:week(?:end)?|month|year))
          |tomorrow(?:\s+(?:morning|afternoon|evening|night))?|tonight|this\s+(?:evening|afternoon)|later\s+today|today)
    | (?P<month>(?:by|before|until|till|in|for)\s+(?:early\s+|mid-?|late\s+)?{MONTH}|(?:early\s+|mid-?|late\s+){MONTH})
    )\b
    """,
    _F,
)


@dataclass(frozen=True)
class Deadline:
    """Deadline words found in a sentence and the date they resolve to."""

    text: str
    due: date | None
    next_session: bool = False  # "before our next session": resolved later


def find_deadline(sentence: str, session_date: date) -> Deadline | None:
    """The first deadline phrase in ``sentence``, resolved against ``session_date``.

    Args:
        sentence: one sentence of speech.
        session_date: the day of the call; relative words are resolved from it.
    Returns:
        A ``Deadline``, or ``None`` when the sentence names no time.
    """
    found: list[Deadline] = []
    for m in _DEADLINE.finditer(sentence):
        phrase = " ".join(m.group("phrase").split())
        if m.group("past"):
            continue  # "last Friday": when something happened, not a deadline
        if m.group("session"):
            found.append(Deadline(phrase, None, next_session=True))
        elif (due := resolve(phrase, session_date)) is not None:
            found.append(Deadline(phrase, due))
    # "Sign up for the race in March by Sunday": the time said with "by" is when it is due; the
    # other is when the thing itself happens.
    # "Shall we meet again next Thursday?": a date said outright beats the meeting as a time bound.
    ranked = sorted(found, key=lambda d: (not _MARKED.match(d.text), d.next_session))
    return ranked[0] if ranked else None


_MARKED = re.compile(r"(?:by|before|until|till|no\s+later\s+than)\b", re.I)


def without_times(text: str) -> str:
    """``text`` with its time phrases taken out: "Do it at the weekend" -> "Do it"."""
    out = _DEADLINE.sub(" ", text)
    out = re.sub(r"\s+(?:at|over|during|in|on|for)\s*$", "", out.strip(" ,"), flags=re.I)
    return " ".join(out.split())


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    key = MONTH_ABBREVIATIONS.get(key, key)
    return MONTHS.index(key) + 1


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _future(month: int, day: int, today: date, year: int | None = None) -> date | None:
    """That day and month on or after ``today`` (or in ``year`` when said)."""
    for y in [year] if year else [today.year, today.year + 1]:
        try:
            found = date(y, month, day)
        except ValueError:
            return None
        if year or found >= today:
            return found
    return None


def _weekday(name: str, today: date, next_week: bool) -> date:
    """ "Friday" is the coming Friday (a week today when today is Friday); "next Friday" is in next week."""
    target = WEEKDAYS.index(name.lower())
    ahead = (target - today.weekday()) % 7 or 7  # a weekday's name never means today
    found = today + timedelta(days=ahead)
    if next_week and found.isocalendar()[:2] == today.isocalendar()[:2]:
        found += timedelta(days=7)
    return found


def resolve(phrase: str, today: date) -> date | None:
    """Turn deadline words ("by Friday", "in two weeks", "March 31st") into a date on or after ``today``."""
    p = " ".join(phrase.lower().replace(",", " ").split())
    p = re.sub(r"^(?:by|before|until|till|no later than|on|for|at)\s+", "", p)
    if p in ("today", "tonight", "later today", "this evening", "this afternoon"):
        return today
    if p.startswith("tomorrow"):
        return today + timedelta(days=1)
    m = re.fullmatch(r"(?:the\s+)?end\s+of\s+(?:(the|this|next)\s+)?(\w+)", p)
    if m:
        return _end_of(m.group(2), m.group(1) == "next", today)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", p)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    # "Monday the 3rd of August": the date says it all.
    p = re.sub(rf"^(?:(?:this|next)\s+)?{DAY}\s+(?=(?:the\s+)?\S+\s+(?:of\s+)?{MONTH}\b|{MONTH}\b)", "", p)
    m = re.fullmatch(
        rf"(?P<mon>{MONTH})\.?\s+(?:the\s+)?(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|{_ORDW})(?:\s+(?P<y>\d{{4}}))?", p
    )
    if not m:
        m = re.fullmatch(
            rf"(?:the\s+)?(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|{_ORDW})\s+(?:of\s+)?(?P<mon>{MONTH})\.?"
            rf"(?:\s+(?P<y>\d{{4}}))?",
            p,
        )
    if m:
        day = int(m.group("d")) if m.group("d") else ORDINAL_WORDS[m.group("ordw")]
        return _future(_month(m.group("mon")), day, today, int(m.group("y")) if m.group("y") else None)
    m = re.fullmatch(
        rf"(?:(?:this|next)\s+)?(?P<wd>{DAY})\s+(?:the\s+)?(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|{_ORDW})", p
    )
    if m:  # "Tuesday the 18th": the next 18th that is a Tuesday, else the next 18th (the date is the surer)
        day = int(m.group("d")) if m.group("d") else ORDINAL_WORDS[m.group("ordw")]
        dates = _days_of_month(day, today, months=2)
        weekday = WEEKDAYS.index(m.group("wd"))
        return next((d for d in dates if d.weekday() == weekday), dates[0] if dates else None)
    m = re.fullmatch(rf"the\s+(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|{_ORDW})", p)
    if m:
        day = int(m.group("d")) if m.group("d") else ORDINAL_WORDS[m.group("ordw")]
        dates = _days_of_month(day, today, months=2)
        return dates[0] if dates else None
    m = re.fullmatch(
        rf"(?:(?:with)?in\s+)?(?:the\s+next\s+)?(?:about\s+|around\s+|roughly\s+|like\s+)?({_NUM})\s+(hour|day|week|month)s?"
        rf"(?:\s+from\s+(?:now|today))?",
        p,
    )
    if m:
        n = _WORDNUM.get(" ".join(m.group(1).split()))
        n = n if n is not None else int(m.group(1))
        unit = m.group(2)
        if unit == "hour":
            return today + timedelta(days=n // 24)  # within 48 hours: in two days; in an hour: today
        if unit == "day":
            return today + timedelta(days=n)
        if unit == "week":
            return today + timedelta(weeks=n)
        return _add_months(today, n)
    if "fortnight" in p:
        return today + timedelta(days=14)
    m = re.fullmatch(rf"(?:(this|next|coming|this coming)\s+)?({DAY})(?:\s+(?:morning|afternoon|evening|night))?", p)
    if m:
        return _weekday(m.group(2), today, m.group(1) == "next")
    m = re.fullmatch(r"(?:the\s+)?(this|next)?\s*(week|weekend|month|year)", p)
    if m:
        which, what = m.group(1), m.group(2)
        if what == "weekend":
            return _weekday("saturday", today, which == "next")
        return _end_of(what, which == "next", today)
    m = re.fullmatch(rf"(?:in\s+)?(early\s+|mid-?|late\s+)?({MONTH})", p.replace("before ", ""))
    if m:
        month = _month(m.group(2))
        year = today.year if month >= today.month else today.year + 1
        part = (m.group(1) or "").strip()
        if part == "early":
            return date(year, month, 10)
        if part.startswith("mid"):
            return date(year, month, 15)
        if phrase.lower().startswith("before"):
            return date(year, month, 1) - timedelta(days=1)
        return _last_day(year, month)
    return None


def _days_of_month(day: int, today: date, months: int) -> list[date]:
    """The ``day``-th of this month and the next ones (``months`` in all), those on or after ``today``."""
    out = []
    for n in range(months):
        first = _add_months(today.replace(day=1), n)
        if day <= calendar.monthrange(first.year, first.month)[1] and first.replace(day=day) >= today:
            out.append(first.replace(day=day))
    return out


def _add_months(day: date, n: int) -> date:
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _end_of(what: str, next_: bool, today: date) -> date | None:
    if what == "week":  # the end of the working week: its Friday (next week's, once this one's is past)
        friday = today + timedelta(days=4 - today.weekday())
        if next_ or friday < today:
            friday += timedelta(days=7)
        return friday
    if what == "month":
        first = today.replace(day=1)
        if next_:
            first = (first + timedelta(days=32)).replace(day=1)
        return _last_day(first.year, first.month)
    if what == "year":
        return date(today.year + int(next_), 12, 31)
    try:
        month = _month(what)
    except ValueError:
        return None
    year = today.year if month >= today.month else today.year + 1
    return _last_day(year, month)

"""Measures: the number a client can track ("30 minutes, daily")."""

from __future__ import annotations

import re

from recap.domain import Measure
from recap.extract import lexicon as lx

_WORDNUM: dict[str, float] = {
    "a": 1,
    "an": 1,
    **lx.NUMBER_WORDS,
    "half": 0.5,
    "once": 1,
    "twice": 2,
    **lx.FEW_WORDS,
}
# "five hundred", "two thousand", "three hundred and fifty": hundreds and thousands said in words.
_BIG_NUMBER = (
    rf"(?:(?:a|one|{lx.NUMBER_WORD_UNDER_100})\s+(?:hundred|thousand)"
    rf"(?:\s+(?:and\s+)?(?:{lx.NUMBER_WORD_UNDER_100})\s+hundred)?"
    rf"(?:\s+(?:and\s+)?(?:{lx.NUMBER_WORD_UNDER_100})(?!\s+(?:hundred|thousand)))?)"
)
_NUMBER = rf"(?P<num>\d+(?:[.,]\d+)*|a\s+couple\s+of|couple\s+of|a\s+few|{_BIG_NUMBER}|{lx.NUMBER_WORD})"
# Words after a number that are not things to count.
_NOT_UNITS = {
    "years",
    "year",
    "of",
    "or",
    "and",
    "to",
    "in",
    "more",
    "less",
    "out",
    "percent",
    "the",
    "that",
    "those",
    "these",
    "things",
    "people",
    "times",
    "kids",
    "children",
    "o'clock",
    "am",
    "pm",
    "ago",
    "old",
    # words that cannot be what is counted: "by six at the latest", "one-to-one with", "four hundred grand"
    "at",
    "with",
    "on",
    "for",
    "by",
    "from",
    "so",
    "but",
    "if",
    "as",
    "about",
    "than",
    "then",
    "before",
    "after",
    "until",
    "like",
    "is",
    "was",
    "when",
    "where",
    "while",
    "because",
    "till",
    "hundred",
    "thousand",
    "million",
}
# A single one of something is no number to track ("one calendar", "one more thing"), unless it is
# an amount of time, distance or weight, or comes with how often ("one drink a day").
_AMOUNTS = frozenset(
    [
        "hour",
        "hours",
        "minute",
        "minutes",
        "mile",
        "miles",
        "km",
        "kilometre",
        "kilometres",
        "kilometer",
        "kilometers",
        "kilo",
        "kilos",
        "kg",
        "pound",
        "pounds",
        "lb",
        "lbs",
        "litre",
        "litres",
        "liter",
        "liters",
        "step",
        "steps",
    ]
)
_CADENCE = [
    (r"every\s+other\s+(?:day|morning|evening|night)", "every other day"),
    (
        r"every\s+(?:school|week|work(?:ing)?)\s*(?:day|night|morning|evening)s?|on\s+(?:school|week|work)\s*(?:days|nights)",
        "weekdays",
    ),
    (
        r"(?:a|per|each|every)\s+day|daily|every\s+(?:morning|evening|night|afternoon)|"
        r"each\s+(?:morning|evening|night)|a\s+night|per\s+night|nightly|in\s+a\s+night|"
        r"every\s+single\s+day",
        "daily",
    ),
    (
        rf"(?:a|per|each|every)\s+week|weekly|in\s+a\s+week|every\s+{lx.DAY}|on\s+weekends|weeknights|"
        rf"on\s+{lx.DAY}s",
        "weekly",
    ),
    (r"(?:a|per|each|every)\s+month|monthly|in\s+a\s+month", "monthly"),
    (r"(?:a|per|each|every)\s+session|between\s+sessions", "per session"),
    (r"(?:a|per|each|every)\s+meal|with\s+every\s+meal", "per meal"),
]
_CADENCE_RE = [(re.compile(rf"\b(?:{p})\b", re.I), name) for p, name in _CADENCE]
_QTY_RE = re.compile(
    rf"\b{_NUMBER}\s+(?:(?:more|fewer|less|extra)\s+)?(?P<unit>[a-z][a-z'-]+)(?:\s+(?P<unit2>[a-z][a-z'-]+s)\b)?", re.I
)
# A number after these words picks things out or names a span; it is not a count to track.
_PICKED_OUT = re.compile(r"\b(?:first|last|next|previous|past|other|top|coming)\s+$", re.I)
_FREQ_RE = re.compile(r"\b(?P<num>once|twice|\w+\s+times)\s+(?=a\s+|per\s+|each\s+|every\s+)", re.I)


# How often in a week, when it is not every day: "three mornings a week", "five days a week", "twice a week".
_PER_WEEK = re.compile(
    rf"\b(?:(?P<n>\d+|{lx.SMALL_NUMBER})\s+(?P<what>times|days|mornings|evenings|nights|afternoons|sessions|"
    rf"lunchtimes|workdays|weekdays)|(?P<twice>twice))\s+(?:a|per|each|every)\s+week\b",
    re.I,
)


def _per_week(text: str) -> str | None:
    """ "3 mornings a week" for "three mornings a week"; "daily" for seven days; None for once a week
    (that is weekly) or when none is said."""
    m = _PER_WEEK.search(text)
    if m is None:
        return None
    if m.group("twice"):
        return "twice a week"
    n = _number(m.group("n"))
    if n == 7 and m.group("what").lower() == "days":
        return "daily"
    if n is None or not 1 < n < 7:
        return None
    return f"{int(n)} {m.group('what').lower()} a week"


# Words ending in "s" that are no plural noun: "four hundred grand this year" counts grand.
_NOT_PLURALS = frozenset(
    ["this", "is", "was", "has", "us", "his", "its", "as", "yes", "always", "sometimes", "perhaps", "plus", "less"]
)


def _number(word: str) -> float | None:
    word = " ".join(word.lower().split())
    if word in _WORDNUM:
        return float(_WORDNUM[word])
    if re.search(r"\b(?:hundred|thousand)\b", word):  # "three hundred and fifty" -> 350
        total = current = 0.0
        for part in word.replace(" and ", " ").split():
            if part == "hundred":
                current = (current or 1) * 100
            elif part == "thousand":
                total, current = total + (current or 1) * 1000, 0.0
            elif part in _WORDNUM:
                current += _WORDNUM[part]
        return (total + current) or None
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return None


_SPANS = [
    (re.compile(r"\b(?:half an hour|a half(?:-| )hour|half of an hour)\b", re.I), "30 minutes"),
    (re.compile(r"\b(?:a quarter of an hour|quarter of an hour|a quarter hour)\b", re.I), "15 minutes"),
    (re.compile(r"\b(?:an hour and a half|one and a half hours|1\.5 hours)\b", re.I), "90 minutes"),
    (re.compile(r"\ban hour\b", re.I), "1 hour"),
    (re.compile(r"\ba minute\b(?=\s+(?:a|per|each|every)\b)", re.I), "1 minute"),
]


def _spell_out(text: str) -> str:
    """Spans said in words become numbers: "half an hour a day" -> "30 minutes a day"."""
    for pattern, number in _SPANS:
        text = pattern.sub(number, text)
    return text


def find_measure(text: str) -> Measure | None:
    """Find a quantity with its unit and cadence in ``text``.

    Args:
        text: a goal or action, e.g. "write for 30 minutes every morning".
    Returns:
        ``Measure(30, "minutes", "daily")``, or ``None`` without a number.
    """
    text = _spell_out(text)
    cadence = next((name for rx, name in _CADENCE_RE if rx.search(text)), None)
    for m in _QTY_RE.finditer(text):
        if _PICKED_OUT.search(text[: m.start()]):
            continue  # "the first two lessons", "the next three weeks": which ones, not how many
        unit = m.group("unit").lower()
        if unit in _NOT_UNITS:
            continue  # "up at six on weekdays": a time of day, whatever noun follows
        if m.group("unit2") and not unit.endswith("s") and m.group("unit2").lower() not in _NOT_PLURALS:
            unit = m.group("unit2").lower()  # "four new clients": the noun, not its adjective
        qty = _number(m.group("num"))
        if qty is None or unit in _NOT_UNITS:
            continue
        if unit in ("a", "an", "per", "each", "every", "in"):
            continue
        if m.group("num").lower() in ("one", "a", "an") and unit in ("day", "time", "point", "way", "thing"):
            continue  # "one day", "one at a time": idioms, not counts
        if unit in ("day", "week", "month", "night") and cadence:
            continue  # "three days a week" is handled below as a count of days
        if qty == 1 and not cadence and unit not in _AMOUNTS:
            continue
        if unit in ("days", "mornings", "evenings", "nights", "afternoons") and _PER_WEEK.match(text, m.start()):
            continue  # "five days a week" says how often, not how much
        # "20 minutes, three mornings a week": the amount, and how often (not "weekly": once a week).
        return Measure(qty, unit, _per_week(text[m.end() :]) or cadence)
    f = _FREQ_RE.search(text)
    if f and cadence:
        word = f.group("num").lower()
        qty = _number(word.split()[0]) if word.endswith("times") else _number(word)
        if qty is not None:
            return Measure(qty, "times", cadence)
    days = re.search(rf"\b{_NUMBER}\s+(days|nights)\s+(?:a|per|each|every)\s+week\b", text, re.I)
    if days:
        qty = _number(days.group("num"))
        if qty is not None:
            return Measure(qty, days.group(2).lower(), "weekly")
    return None

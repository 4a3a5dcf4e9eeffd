"""What a new conversation says of a client's earlier open items.

"I called two of the three" proposes done; "I'm not going to do the course"
proposes dropped; "I didn't get to the outline" keeps it open, noted. Each
proposal carries the words as evidence and waits for the coach: nothing changes
status until the coach confirms it (``recap review``, ``recap done``).
"""

from __future__ import annotations

import dataclasses
import re

from .continuity import earlier_items
from .domain import Item, Session, Transcript
from .extract.text import FUNCTION_WORDS
from .store import Index


def record_proposals(index: Index, session: Session, transcript: Transcript) -> list[Item]:
    """Work out, and keep on the earlier items, what this session's conversation says of them.

    Proposals an earlier run of this session made are replaced; a proposal from
    another session is left alone unless this one has something to say.
    Returns the items with a proposal from this session.
    """
    earlier = [i for _, i in earlier_items(index, session)]
    cleared = []
    for n, item in enumerate(earlier):
        if item.proposed and item.proposed.get("session") == session.id:
            earlier[n] = dataclasses.replace(item, proposed=None)
            cleared.append(earlier[n])
    proposals = propose_changes([i for i in earlier if i.status == "open"], transcript, session)
    index.update_items(cleared)
    index.update_items(proposals)
    return proposals


# Words that say nothing of what an item is about: function words, and talk ("really", "going").
_STOP = FUNCTION_WORDS | frozenset(
    [
        "about",
        "again",
        "before",
        "after",
        "by",
        "will",
        "would",
        "could",
        "should",
        "can",
        "have",
        "has",
        "really",
        "actually",
        "think",
        "know",
        "like",
        "want",
        "going",
        "gonna",
        "thing",
        "things",
        "also",
        "well",
        "maybe",
        "much",
        "very",
        "still",
        "yeah",
        "okay",
        "one",
        "got",
        "make",
        "need",
        "all",
        "what",
        "was",
        "were",
        "are",
        "been",
        "had",
        "how",
        "there",
        "then",
        "than",
        "out",
        "now",
        "next",
        "step",
        "realized",
        "because",
    ]
)
# "I realized", "I wanted": verbs of the mind report no progress.
_THOUGHT = (
    r"(?:realiz|recogniz|notic|learn|want|need|lik|lov|hat|worr|hop|wonder|decid|figur|guess|assum|"
    r"imagin|consider|believ|start|tri|plann|focus|struggl|avoid|hesitat|expect|intend|seem|"
    r"question|doubt|remember|dream|panick|freak)"
)
_DONE = re.compile(
    r"\b(?:i|we)(?:'ve| have)? (?:\w+ ){0,2}(?:did|done|finished|completed|managed|got (?:it |that |them )?done|"
    r"sorted|(?!" + _THOUGHT + r"ed\b)\w{3,}ed)\b"
    r"|\b(?:done|finished|completed|sorted|ticked off|went (?:well|great|fine|okay))\b",
    re.I,
)
_NOT_DONE = re.compile(
    r"\b(?:didn'?t|did not|haven'?t|have not|hasn'?t|couldn'?t|could not|wasn'?t able|never got|not yet|"
    r"forgot|no time|ran out of time|still need to|still have to|put (?:it )?off)\b",
    re.I,
)
_DROPPED = re.compile(
    r"\b(?:(?:not going|not gonna) to|decided (?:not|against)|gave up|giving up|drop(?:ped|ping)? (?:it|that)|"
    r"no longer|won'?t be (?:doing|able)|not (?:doing|worth) (?:it|that))\b",
    re.I,
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _content(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z']+", text.lower()) if w not in _STOP and len(w) > 2}


_NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
}


def _numbers(text: str) -> set[str]:
    """The numbers in some words, written as digits: "three" and "3" are the same number."""
    return {
        _NUMBER_WORDS.get(w, w) for w in re.findall(r"[a-z]+|\d+", text.lower()) if w.isdigit() or w in _NUMBER_WORDS
    }


def _speaks_of(want: set[str], said: set[str]) -> bool:
    """The words of an item (``want``) are in what was said: two of them and at least half (all of
    a one- or two-word item)."""
    overlap = len(want & said)
    if len(want) <= 2:
        return overlap == len(want) > 0
    return overlap >= max(2, (len(want) + 1) // 2)


def _status_said(text: str) -> str | None:
    """What a remark says of something's progress: dropped, open (not done yet), done, or nothing."""
    if text.rstrip().endswith("?"):
        return None  # a question reports nothing
    if _DROPPED.search(text):
        return "dropped"
    if _NOT_DONE.search(text):
        return "open"
    if _DONE.search(text):
        return "done"
    return None


def propose_changes(earlier: list[Item], transcript: Transcript, session: Session) -> list[Item]:
    """Earlier open items the new conversation reports on, each with its proposed status and evidence.

    "I called two of the three" proposes done; "I'm not going to do the course"
    proposes dropped; "I didn't get to the outline" keeps it open, noted. The
    items themselves keep their status until the coach confirms.
    """
    # Only remarks that report progress are compared with the items: once each.
    reports = [
        (seg, status, _content(seg.text), _numbers(seg.text))
        for seg in transcript.segments
        if (status := _status_said(seg.text)) is not None
    ]
    out = []
    for item in earlier:
        if item.status != "open":
            continue
        want, counts = _content(item.text), _numbers(item.text)
        # Whoever carries it out reports on it; a one-track recording has no roles.
        teller = item.owner if item.owner in ("coach", "client") else "client"
        for seg, status, said, said_counts in reports:
            if counts and said_counts and not counts & said_counts:
                continue  # "chapter 3" is not "chapter 2"
            if seg.role in (teller, None) and _speaks_of(want, said):
                out.append(
                    dataclasses.replace(
                        item,
                        proposed={
                            "status": status,
                            "evidence": seg.text.strip(),
                            "session": session.id,
                            "start": seg.start,
                        },
                    )
                )
                break
    return out

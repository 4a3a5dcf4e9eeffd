"""Extraction: commitments, next steps, insights and goals from a transcript.

``extract`` groups cues into turns (a sentence cut across two cues, or around a
"mm-hmm" from the other person, becomes one), splits turns into sentences, runs
the named rules of ``rules.py`` on each sentence with its context, then resolves
deadlines, measures and the SMART check, and folds repeats into one item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from recap.domain import Item, Segment, Transcript
from recap.extract import smart as smart_check
from recap.extract.dates import Deadline, find_deadline
from recap.extract.measure import find_measure
from recap.extract.rules import RULES, Context, Hit, Turn, clauses, clean, sentences

__all__ = ["extract"]

_TERMINAL = re.compile(r"[.?!]['\")\]]*\s*$")
_CUT = re.compile(r"(?:-|—|–|\.\.\.|…)\s*$")
_CONTINUES = re.compile(r"^\s*(?:-|—|–|\.\.\.|…|[a-z])")
_BACKCHANNEL_WORDS = 4
#: How many earlier turns a rule may look back over (a question asked before an "mm-hmm").
_RECENT_TURNS = 8
#: Items heard in low-confidence audio are capped here, below POSSIBLE_BELOW.
UNCERTAIN_AUDIO_CONFIDENCE = 0.45


@dataclass
class _Sentence:
    text: str
    segments: list[Segment]  # the cues the sentence was spoken over
    part: int = 0  # clause number within a sentence of coordinated actions
    lead_clause: str = ""  # the earlier clauses of the same sentence


@dataclass
class _Turn:
    role: str | None
    speaker: str | None
    segments: list[Segment]


def _same_voice(a: Segment, b: Segment) -> bool:
    return (a.speaker, a.role) == (b.speaker, b.role)


def _group_turns(segments: list[Segment]) -> list[_Turn]:
    """Join cues that continue one utterance; skip over short interjections."""
    turns: list[_Turn] = []
    pending: dict[int, int] = {}  # segment index -> turn index it continues
    i = 0
    for i, seg in enumerate(segments):
        if i in pending:
            at = pending.pop(i)
            turns[at].segments.append(seg)
        else:
            last = turns[-1] if turns else None
            if last and _same_voice(last.segments[-1], seg) and (
                not _TERMINAL.search(last.segments[-1].text) or _CONTINUES.match(seg.text)
            ):
                last.segments.append(seg)
                continue
            turns.append(_Turn(seg.role, seg.speaker, [seg]))
            at = len(turns) - 1
        # "It's helped-" / "Yeah?" / "-heaps.": the cut-off turn resumes after the interjection
        # (again and again: a long thought can be cut by several "mm-hmm"s).
        if _CUT.search(seg.text) and i + 2 < len(segments):
            mid, resume = segments[i + 1], segments[i + 2]
            if (
                not _same_voice(mid, seg)
                and len(mid.text.split()) <= _BACKCHANNEL_WORDS
                and _same_voice(resume, seg)
                and _CONTINUES.match(resume.text)
            ):
                pending[i + 2] = at
    return turns


def _split(turn: _Turn) -> list[_Sentence]:
    """Sentences of a turn, each with the cues it spans."""
    pieces = [(seg, clean(seg.text)) for seg in turn.segments]
    joined = ""
    bounds: list[tuple[int, Segment]] = []
    for seg, text in pieces:
        if not text:
            continue
        if joined:
            joined += " "
        bounds.append((len(joined), seg))
        joined += text
    if not joined:
        return []
    out: list[_Sentence] = []
    pos = 0
    for whole in sentences(joined):
        parts = clauses(whole)
        for part, sent in enumerate(parts):
            at = joined.find(sent[: min(len(sent), 25)], pos)
            at = pos if at < 0 else at
            stop = at + len(sent)
            pos = max(pos, at + 1)
            spanned = [seg for k, (off, seg) in enumerate(bounds)
                       if off < stop and (k + 1 == len(bounds) or bounds[k + 1][0] > at)]
            out.append(_Sentence(sent, spanned or [bounds[-1][1]], part, " ".join(parts[:part])))
    return out


@dataclass
class _Found:
    kind: str
    rule: str
    hit: Hit
    sentence: _Sentence
    turn: int
    speaker: str | None
    proposal: _Sentence | None = None


def extract(transcript: Transcript, session_date: date) -> list[Item]:
    """Find commitments, next steps, insights and goals in a conversation.

    Args:
        transcript: the call; segments carry ``speaker`` and ``role`` when known.
        session_date: the day of the call, for resolving "by Friday" and the like.
    Returns:
        Items in time order, each with the rule that found it and its evidence.
    """
    raw_turns = _group_turns(sorted(transcript.segments, key=lambda s: s.start))
    raw_turns.sort(key=lambda t: t.segments[0].start)
    split = [_split(t) for t in raw_turns]
    turns = [
        Turn(t.role, t.speaker, [s.text for s in ss], k, " ".join(s.text for s in ss))
        for k, (t, ss) in enumerate(zip(raw_turns, split))
    ]

    def other(k: int, step: int) -> Turn | None:
        j = k + step
        while 0 <= j < len(turns):
            if (turns[j].speaker, turns[j].role) != (turns[k].speaker, turns[k].role) and turns[j].text:
                return turns[j]
            j += step
        return None

    found: list[_Found] = []
    for k, turn in enumerate(turns):
        prev, nxt = other(k, -1), other(k, 1)
        for p, sent in enumerate(split[k]):
            lead = " ".join(s.text for s in split[k][:p])
            ctx = Context(sent.text, p, turn, prev, nxt, lead=lead, lead_clause=sent.lead_clause,
                          recent=tuple(turns[max(0, k - _RECENT_TURNS):k]))
            fired: set[str] = set()
            for r in RULES:
                if r.kind in fired:
                    continue
                # One action per sentence: a promise is not also a plan.
                if r.kind == "next_step" and "commitment" in fired:
                    continue
                hit = r.fn(ctx)
                if hit is None or not hit.text:
                    continue
                fired.add(r.kind)
                # later turns look back at what was already found ("and then ..." continues a plan)
                turn.hits.setdefault(r.kind, hit)
                proposal = None
                if hit.proposal_of is not None and prev is not None:
                    proposal = next(
                        (s for s in split[prev.index] if s.text == hit.detail), None
                    )
                found.append(_Found(r.kind, r.name, hit, sent, k, raw_turns[k].speaker, proposal))

    found = _one_per_cue(found)
    found = _drop_superseded_proposals(found)
    items = _to_items(found, turns, split, session_date)
    items = _one_item_per_cue(items)
    items = _merge_repeats(items)
    return sorted(items, key=lambda it: (it.start, it.kind))


def _one_per_cue(found: list[_Found]) -> list[_Found]:
    """At most one item of each kind per cue and clause: keep the surest."""
    def key(f: _Found) -> tuple[float, str, int]:
        # coordinated actions ("..., and I'll ...") are separate items even in one cue
        return (f.sentence.segments[0].start, f.kind, f.sentence.part)

    best: dict[tuple[float, str, int], _Found] = {}
    for f in found:
        k = key(f)
        if k not in best or f.hit.confidence > best[k].hit.confidence:
            best[k] = f
    return [f for f in found if best[key(f)] is f]


def _one_item_per_cue(items: list[Item]) -> list[Item]:
    """Coordinated actions said in one cue ("I'll email him Friday, and I'll jog daily") become one item.

    A cue holds at most one item of each kind; the actions are kept as one list,
    each with its own deadline words, and the item is due at the first deadline.
    """
    out: list[Item] = []
    for it in items:
        prev = next((o for o in out if o.kind == it.kind and o.start == it.start and o.speaker == it.speaker), None)
        if prev is None:
            out.append(it)
            continue

        def part(x: Item) -> str:
            return f"{x.text} {x.due_text}" if x.due_text and x.due_text.lower() not in x.text.lower() else x.text

        second = part(it)
        soonest = min((x for x in (prev, it) if x.due), key=lambda x: x.due, default=None)  # type: ignore[arg-type,return-value]
        merged = replace(
            prev,
            text=f"{part(prev)}; {second[:1].lower()}{second[1:]}",
            end=max(prev.end, it.end),
            due=soonest.due if soonest else None,
            due_text=(soonest.due_text if soonest else None) or prev.due_text or it.due_text,
            measure=prev.measure or it.measure,
            confidence=max(prev.confidence, it.confidence),
        )
        out[out.index(prev)] = merged
    return out


def _drop_superseded_proposals(found: list[_Found]) -> list[_Found]:
    """A proposal that was accepted becomes the acceptor's commitment, not also a plan."""
    accepted = {f.hit.proposal_of for f in found if f.hit.proposal_of is not None}
    return [f for f in found if not (f.kind == "next_step" and f.turn in accepted)]


def _deadline(f: _Found, session_date: date) -> Deadline | None:
    for text in (f.hit.detail, f.sentence.text):
        if text:
            d = find_deadline(text, session_date)
            if d:
                return d
    return None


def _to_items(
    found: list[_Found], turns: list[Turn], split: list[list[_Sentence]], session_date: date
) -> list[Item]:
    deadlines = {id(f): _deadline(f, session_date) for f in found}
    # The next session, once scheduled, resolves "before our next session".
    next_session = next(
        (d.due for f in found if f.hit.scheduling and (d := deadlines[id(f)]) and d.due), None
    )
    items: list[Item] = []
    for f in found:
        d = deadlines[id(f)]
        due = d.due if d else None
        if d and d.next_session and not f.hit.scheduling:
            due = next_session
        text = f.hit.text
        if d and not f.hit.scheduling:
            text = re.sub(r"[\s,]*\b" + re.escape(d.text) + r"\b", "", text, flags=re.I).strip(" ,") or text
        if f.hit.scheduling and d:
            text = f"Meet again {d.text}"
        segs = f.sentence.segments
        start, end = segs[0].start, segs[-1].end
        quote = f.sentence.text
        if f.proposal is not None:
            start = min(start, f.proposal.segments[0].start)
            quote = f"{f.proposal.text} — {f.sentence.text}"
        measure = find_measure(" ".join(x for x in (f.hit.detail or "", f.sentence.text) if x)) if f.kind != "insight" else None
        smart = None
        if f.kind == "goal":
            near = " ".join(t.text for t in turns[max(0, f.turn - 3): f.turn + 4])
            smart = smart_check.check(f.sentence.text, near, session_date, d.text if d else None)
        owner = f.hit.owner if f.kind in ("commitment", "next_step") else None
        confidence = f.hit.confidence
        if any(seg.uncertain for seg in segs):
            # Words the recognizer was unsure of: worth a look before sharing.
            confidence = min(confidence, UNCERTAIN_AUDIO_CONFIDENCE)
        items.append(
            Item(
                kind=f.kind,
                text=text,
                owner=owner,
                due=due,
                start=start,
                end=end,
                quote=quote,
                rule=f.rule,
                speaker=f.speaker,
                confidence=round(confidence, 2),
                due_text=d.text if d else None,
                measure=measure,
                smart=smart,
            )
        )
    return _late_deadlines(items, turns, split, session_date)


_WHEN_ASKED = re.compile(r"\bwhen\b|\bhow soon\b|\bby when\b|\bwhat day\b", re.I)


def _late_deadlines(
    items: list[Item], turns: list[Turn], split: list[list[_Sentence]], session_date: date
) -> list[Item]:
    """"When will you do that?" "By Friday.": the answer dates the earlier action."""
    for k, turn in enumerate(turns):
        if k == 0 or not split[k] or turn.words > 15:
            continue
        asked = turns[k - 1]
        if asked.role == turn.role or not any(_WHEN_ASKED.search(s) and s.endswith("?") for s in asked.sentences):
            continue
        d = find_deadline(turn.text, session_date)
        if not d:
            continue
        begin = split[k][0].segments[0].start
        window = split[max(0, k - 4)][0].segments[0].start if split[max(0, k - 4)] else 0.0
        for n in range(len(items) - 1, -1, -1):
            it = items[n]
            if (
                it.kind in ("commitment", "next_step")
                and it.due_text is None
                and window <= it.start < begin
                and (turn.role is None or it.owner == turn.role)
            ):
                items[n] = replace(it, due=d.due, due_text=d.text)
                break
    return items


_STOP = {
    "i", "me", "my", "the", "a", "an", "to", "and", "of", "it", "that", "this", "in", "on", "for", "with",
    "be", "is", "do", "just", "get", "some", "more", "go", "you", "your", "not", "at", "so", "up", "them",
}


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']+", text.lower()) if w not in _STOP}


def _similar(a: Item, b: Item) -> bool:
    ca, cb = _content(a.text), _content(b.text)
    if not ca or not cb:
        return a.text.lower() == b.text.lower()
    overlap = len(ca & cb)
    return overlap / len(ca | cb) >= 0.5 or (overlap >= 2 and overlap >= min(len(ca), len(cb)) - 0)


def _family(kind: str) -> str:
    return "action" if kind in ("commitment", "next_step") else kind


def _merge_repeats(items: list[Item]) -> list[Item]:
    """The same commitment said three times is one item (the first, at its surest)."""
    kept: list[Item] = []
    for it in sorted(items, key=lambda x: x.start):
        dup = next(
            (
                n for n, k in enumerate(kept)
                if _family(k.kind) == _family(it.kind) and k.owner == it.owner and _similar(k, it)
            ),
            None,
        )
        if dup is None:
            kept.append(it)
            continue
        first = kept[dup]
        kept[dup] = replace(
            first,
            kind="commitment" if "commitment" in (first.kind, it.kind) else first.kind,
            confidence=max(first.confidence, it.confidence),
            due=first.due or it.due,
            due_text=first.due_text or it.due_text,
            measure=first.measure or it.measure,
        )
    return kept

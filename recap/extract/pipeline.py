"""The extraction pipeline, in order:

1. cues -> turns -> sentences, each with its context (:mod:`context`);
2. the rules, in :data:`~recap.extract.rules.RUN_ORDER`, make candidates: per
   sentence and kind, the first rule that fires;
3. the scorer gives each candidate a probability from its features
   (:mod:`features`, :mod:`scorer`); weak ones are dropped, unsure ones kept as
   possible;
4. one action per sentence, one item per kind per cue, repeats folded;
5. deadlines, measures and the SMART check are resolved against the session date.
"""

from __future__ import annotations

import logging
import math
import re
import time
from dataclasses import dataclass, replace
from datetime import date

from recap.domain import ACTIONS, Item, Kind, Transcript
from recap.extract import lexicon as lx
from recap.extract import smart as smart_check
from recap.extract.context import Context, Turn, build_turns, contexts
from recap.extract.dates import Deadline, find_deadline, without_times
from recap.extract.features import features
from recap.extract.grammar import action_text, cut_off, vague
from recap.extract.measure import find_measure
from recap.extract.rules import RULES, Hit, Rule
from recap.extract.scorer import Scorer, default_scorer
from recap.extract.text import FUNCTION_WORDS, sentence_case

#: Items heard in low-confidence audio are capped here, below POSSIBLE_BELOW.
UNCERTAIN_AUDIO_CONFIDENCE = 0.45
log = logging.getLogger(__name__)


@dataclass
class Candidate:
    """A rule's hit on one sentence, with its features and score."""

    rule: Rule
    hit: Hit
    ctx: Context
    features: dict[str, float]
    score: float = 0.5

    @property
    def kind(self) -> Kind:
        return self.rule.kind

    @property
    def cue(self) -> float:
        return self.ctx.sentence.segments[0].start


_FINISHED = re.compile(r"[.!?][\"'”’)]*\s*$")


def candidates(transcript: Transcript) -> tuple[list[Candidate], list[Turn]]:
    """Every rule hit in the conversation: per sentence and kind, the first rule in run order that fires."""
    turns = build_turns(transcript.segments)
    duration = transcript.duration or (max((s.end for s in transcript.segments), default=0.0))
    found: list[Candidate] = []
    others = _others_named(transcript)
    for ctx in contexts(turns, duration):
        if _rehearsed(f"{ctx.sentence.lead_clause} {ctx.text}".strip(), others):
            continue
        fired: set[str] = set()
        for r in RULES:
            if r.kind in fired:
                continue
            hit = r(ctx)
            if (
                hit is None
                or not hit.text
                or (r.kind not in ACTIONS and cut_off(hit.text, bool(_FINISHED.search(ctx.text))))
            ):
                continue
            if r.kind in ACTIONS and vague(without_times(hit.text)):  # "Do it at the weekend" is "Do it"
                named = _what_it_refers_to(hit, ctx)
                if named is None and vague(hit.text):
                    continue  # an action nobody can name, and no time to hold it by
                hit = named or hit  # "I'm going to do it Tuesday": kept with its day when "it" stays unnamed
            elif r.kind in ACTIONS:
                hit = _said_in_full(hit, ctx)
            fired.add(r.kind)
            found.append(Candidate(r, hit, ctx, features(r, hit, ctx)))
    return found, turns


_VERB_AND_PRONOUN = re.compile(r"^(\w+) (?:him|her|them|it|that)$", re.I)


def _said_in_full(hit: Hit, ctx: Context) -> Hit:
    """ "Would it help to tell her the plan?" "Yeah, I'll tell her tonight.": the promise is the
    proposal's, said in full ("Tell her the plan"), when the answer repeats its verb and pronoun."""
    from recap.extract.rules.commitment import proposed_action

    short = without_times(hit.text)
    if ctx.asked is None or not _VERB_AND_PRONOUN.match(short):
        return hit
    proposal = proposed_action(ctx.asked.text)
    if not proposal:
        return hit
    full = without_times(proposal)
    if len(full) > len(short) and full.lower().startswith(short.lower() + " "):
        return replace(hit, text=hit.text.replace(short, full, 1))  # its time is still the one said
    return hit


# A line tried out for someone not on the call: "Maybe, uh, Claudia, I want that we work well together."
_TO_SOMEONE = re.compile(
    r"^\W*(?i:(?:or|and|so|maybe|like|um|uh|well|just|then|something like)\W+)*(?P<name>[A-Z][a-z]+),\s"
)

# A name the listener is called by: "Hi Nadia", "Thanks, Sam", "a little bit, Daryl."
_ADDRESSED = re.compile(
    r"(?i:\b(?:hi|hiya|hello|hey|morning|thanks|thank you|bye|cheers))\W+([A-Z][a-z]+)\b|,\s+([A-Z][a-z]+)\W*$"
)
# Words a transcript capitalises mid-line when it misses a full stop ("and So we ...").
_NOT_NAMES = FUNCTION_WORDS | frozenset(
    re.findall(
        r"\S+",
        "so when well then but or yeah yes no okay ok oh now because if what how why where who which like maybe also "
        "actually honestly right sure um uh there they we she he you it this that these those and anyway",
    )
)


def _others_named(transcript: Transcript) -> set[str]:
    """The names the call speaks of (lower case) that are no one on it."""
    on_call = {n.split()[0].lower() for n in (s.speaker for s in transcript.segments) if n}
    mentioned: set[str] = set()
    for seg in transcript.segments:
        # Names, as a transcript writes them: capitalised after a lower-case word ("a coffee with Claudia").
        mentioned |= {
            w.lower()
            for w in re.findall(r"(?<=[a-z] )([A-Z][a-z]+)\b", seg.text)
            if not re.fullmatch(rf"{lx.DAY}|{lx.MONTH}", w, re.I) and w.lower() not in _NOT_NAMES
        }
        # Who is on the call, by the names they are called: greeted ("Hi Nadia"), or addressed at the end
        # of a sentence ("a little bit, Daryl."). Only someone else is talked to in rehearsal.
        on_call |= {n.lower() for pair in _ADDRESSED.findall(seg.text) for n in pair if n}
    return mentioned - on_call


def _rehearsed(text: str, others: set[str]) -> bool:
    """Words addressed by name to someone not on the call (one of ``others``, the names the call
    speaks of): said as practice, not said here."""
    m = _TO_SOMEONE.match(text)
    return m is not None and m.group("name").lower() in others


def _what_it_refers_to(hit: Hit, ctx: Context) -> Hit | None:
    """ "I'll do it" / "I'll try" names its action in what was said just before: the speaker's own
    plan said a moment ago, or else the proposal put to the speaker, or the suggestion before "Can
    you do that?"."""
    from recap.extract.rules.commitment import own_plan, proposed_action

    # "Ten minutes after tea, every school night. I can do that.": the speaker's own plan just said.
    for s in reversed(ctx.earlier[-2:]):
        plan = own_plan(s)
        if plan and not vague(without_times(plan)):
            return replace(hit, text=plan, detail=hit.detail or s.text)
    said: list[str] = [ctx.asked.text] if ctx.asked else []
    # The other person's last two turns, nearest first: "You'll make a list of thirty stories." "By
    # when?" "What feels right?" "By Monday. I'll do it at the weekend."
    others = [t for t in ctx.turns[max(0, ctx.turn.index - 4) : ctx.turn.index] if t.voice() != ctx.turn.voice()][-2:]
    for other in reversed(others):
        said += [s.text for s in reversed(other.sentences[-6:]) if not ctx.asked or s.text != ctx.asked.text]
    for text in said:
        action = proposed_action(text)
        if action and not vague(without_times(action)):  # "Could you start tomorrow?" names no action
            return replace(hit, text=action, detail=hit.detail or text)
    if ctx.asked is None:
        return None  # an action nobody can name is not worth listing
    habit = _habit_put(ctx)
    if habit:
        return replace(hit, text=habit, detail=hit.detail or ctx.asked.text)
    # A question that names no action of its own ("Is that something you'd be willing to do?") gives none.
    if re.match(
        r"\W*(?:what|why|how|when|where|who|which|is|are|was|were|do|does|did|would|could|can|will|have|has)\b",
        ctx.asked.text,
        re.I,
    ):
        return None
    # What was put to the speaker, in their words: "blocking out my calendar after six?" (not a remark
    # such as "We could find out.": what is put names the doing first).
    put = re.sub(r"^\W*(?:so|and|okay|well|right)\b\W*", "", ctx.asked.text, flags=re.I)
    if not re.match(
        rf"(?:{lx.ACTION_VERB}|(?!(?:any|some|no|every)thing\b|morning|evening|during)[a-z]{{3,}}ing)\b", put, re.I
    ):
        return None
    action = action_text(put, second_person=True)
    if not action or vague(action):
        return None
    return replace(hit, text=action, detail=hit.detail or ctx.asked.text)


def _habit_put(ctx: Context) -> str | None:
    """A habit put as its numbers, with no verb: "Ten minutes, twice a week? Monday and Thursday, after
    bedtime?" "Yeah, I'll do that." The yes takes on the habit as put."""
    prev = ctx.prev
    if prev is None or not prev.sentences or not prev.sentences[-1].is_question:
        return None
    asks = [s.text for s in prev.sentences[-2:] if s.is_question and len(s.words) <= 10]
    put = ", ".join(re.sub(r"^\W*(?:so|and|okay|well|right)\b\W*|\W+$", "", t, flags=re.I) for t in asks)
    measure = find_measure(put) if put else None
    if measure is None or measure.cadence is None or re.match(r"\W*(?:what|why|how|when|where|who|which)\b", put, re.I):
        return None
    return sentence_case(put)


def extract(transcript: Transcript, session_date: date, scorer: Scorer | None = None) -> list[Item]:
    """Find commitments, next steps, insights and goals in a conversation.

    Args:
        transcript: the call; segments carry ``speaker`` and ``role`` when known.
        session_date: the day of the call, for resolving "by Friday" and the like.
        scorer: the candidate scorer (default: the fitted one shipped with recap).
    Returns:
        Items in time order, each with the rule that found it and its evidence.
    """
    started = time.perf_counter()
    scorer = scorer or default_scorer()
    found, turns = candidates(transcript)
    for c in found:
        c.score = scorer.score(c.kind, c.features)
        if c.rule.listed:
            c.score = max(c.score, scorer.listed(c.kind))
    chosen = _at_most(select(found, scorer.keep), transcript)
    items = _to_items(chosen, turns, session_date, scorer)
    items = _merge_repeats(_one_item_per_cue(items))
    log.debug(
        "%d segments: %d candidates, %d items in %.2f s",
        len(transcript.segments),
        len(found),
        len(items),
        time.perf_counter() - started,
    )
    return sorted(items, key=lambda it: (it.start, it.kind))


def select(found: list[Candidate], keep) -> list[Candidate]:
    """The scored candidates that become items: above their kind's ``keep(kind)`` line, one
    action per sentence, one item per kind per cue."""
    kept = [c for c in found if c.score >= keep(c.kind)]
    return _one_per_cue(_one_action_per_sentence(kept))


#: Items a call can hold, per minute. For actions, what nine in ten labelled training
#: conversations stay under (bench/labels); insights and goals, which the rules over-find, are held
#: nearer the typical labelled rate (insights: 0.12 to 0.47 a minute across the labelled sets; on
#: conversations the rules were not written against they find two to three times that). A recap is
#: read by a person: past these, only the surest stay.
PER_MINUTE = {"commitment": 0.8, "next_step": 0.35, "insight": 0.3, "goal": 0.4}
#: However short the call, this many of a kind may stay: a five-minute check-in can hold three promises.
AT_LEAST = {"commitment": 3, "next_step": 2, "insight": 2, "goal": 2}


def _at_most(found: list[Candidate], transcript: Transcript) -> list[Candidate]:
    """The surest candidates of each kind, as many as a call of this length holds (:data:`PER_MINUTE`)."""
    times = [s.start for s in transcript.segments]
    minutes = (max(times) - min(times)) / 60 if times else 0.0
    kept: list[Candidate] = []
    for kind, rate in PER_MINUTE.items():
        mine = sorted((c for c in found if c.kind == kind), key=lambda c: -c.score)
        room = max(AT_LEAST[kind], math.ceil(rate * minutes))
        # The next session, however often it is named and moved, is one item once repeats are folded
        # (:func:`_merge_repeats`): its mentions take one place, and all stay, so the day finally
        # agreed is not cut for the day first floated.
        sessions = [c for c in mine if c.hit.scheduling]
        others = [c for c in mine if not c.hit.scheduling]
        kept += sessions + others[: room - 1 if sessions else room]
    return sorted(kept, key=lambda c: (c.cue, c.ctx.sentence.index))


def _one_action_per_sentence(found: list[Candidate]) -> list[Candidate]:
    """A promise is not also a plan: of a commitment and a next step on one sentence, the surer."""
    best: dict[int, Candidate] = {}
    for c in found:
        if c.kind in ACTIONS:
            key = id(c.ctx.sentence)
            if key not in best or c.score > best[key].score:
                best[key] = c
    return [c for c in found if c.kind not in ACTIONS or best[id(c.ctx.sentence)] is c]


def _one_per_cue(found: list[Candidate]) -> list[Candidate]:
    """At most one item of each kind per cue (and clause): keep the surest. The next session is
    apart from the actions: "Friday it is. I'll send the notes tonight." holds both."""

    def key(c: Candidate) -> tuple[float, str, int]:
        family = "session" if c.hit.scheduling else "action" if c.kind in ACTIONS else c.kind
        return (c.cue, family, c.ctx.sentence.part)

    best: dict[tuple[float, str, int], Candidate] = {}
    for c in found:
        k = key(c)
        if k not in best or c.score > best[k].score:
            best[k] = c
    # "Tomorrow, ring the landlord. Also tomorrow, email the agency.": the cue's other sentences of the
    # surest's kind stay too, and become one item with it (:func:`_one_item_per_cue`).
    return [
        c
        for c in found
        if best[key(c)] is c
        or (c.kind in ACTIONS and c.kind == best[key(c)].kind and c.ctx.sentence is not best[key(c)].ctx.sentence)
    ]


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
        dated = [x for x in (prev, it) if x.due is not None]
        soonest = min(dated, key=lambda x: x.due) if dated else None  # type: ignore[arg-type,return-value]
        if without_times(it.text).lower() == without_times(prev.text).lower():
            # "Yeah. Yeah, I'll do that.", "Yes. I'll call him tomorrow.": one yes said twice, at its soonest
            out[out.index(prev)] = replace(soonest or prev, confidence=max(prev.confidence, it.confidence))
            continue

        def part(x: Item) -> str:
            if not x.due_text or x.due_text.lower() in x.text.lower():
                return x.text
            when = x.due_text
            if not re.match(rf"(?:{lx.DAY}|{lx.MONTH})\b", when, re.I):
                when = when[:1].lower() + when[1:]
            return f"{x.text} {when}"  # "ring the landlord tomorrow", "by Friday" stays as said

        second = part(it)
        out[out.index(prev)] = replace(
            prev,
            text=f"{part(prev)}; {second[:1].lower()}{second[1:]}",
            end=max(prev.end, it.end),
            due=soonest.due if soonest else None,
            due_text=(soonest.due_text if soonest else None) or prev.due_text or it.due_text,
            measure=prev.measure or it.measure,
            confidence=max(prev.confidence, it.confidence),
        )
    return out


# A lead clause that is a time for what follows: "So by next Friday, ...", "When I get home tonight, ..."
# (not another action with its own time: "I'll finish the lessons tomorrow, and I'll write daily").
_TIME_LEAD = re.compile(
    lx.lead("so|and|then|okay|ok|right") + r"(?:by|before|after|when|once|until|till|starting|from|on|this|next|"
    r"tomorrow|tonight|first thing|over|during|in|at)\b",
    re.I,
)


def _deadline(c: Candidate, session_date: date) -> Deadline | None:
    if c.kind == "insight":
        return None  # a realization has no due date: "I didn't think I was going to cry today."
    # "So by next Friday, I'll have sent them": a time said in the sentence's lead clause holds too.
    lead = c.ctx.sentence.lead_clause
    for text in (c.hit.detail, c.ctx.text, lead if _TIME_LEAD.match(lead) else None):
        if text:
            d = find_deadline(text, session_date)
            if d:
                return d
    # "I'll send it to Mark. By Friday.": the time said in the next breath, or just before ("Tomorrow
    # morning, first thing. Call the bank.").
    for said in (c.ctx.afterthought, c.ctx.forethought):
        d = find_deadline(said.text, session_date) if said is not None else None
        if d:
            return d
    if _BY_THEN.search(c.ctx.text):
        # "My sister's wedding is the twenty-first of June. And I'd like to be sixty-three by then.": the
        # time said just before in the turn.
        for s in reversed(c.ctx.earlier[-2:]):
            d = find_deadline(s.text, session_date)
            if d and d.due:
                return Deadline(d.text, d.due)
    return None


_BY_THEN = re.compile(r"\b(?:by|before|until|till) then\b", re.I)


def _to_items(found: list[Candidate], turns: list[Turn], session_date: date, scorer: Scorer) -> list[Item]:
    deadlines = {id(c): _deadline(c, session_date) for c in found}
    # The next session, once scheduled, resolves "before our next session".
    next_session = next((d.due for c in found if c.hit.scheduling and (d := deadlines[id(c)]) and d.due), None)
    items: list[Item] = []
    for c in found:
        d = deadlines[id(c)]
        due = d.due if d else None
        if d and d.next_session and not c.hit.scheduling:
            due = next_session
        text = c.hit.text
        if d and not c.hit.scheduling and c.kind in ACTIONS:
            # The deadline is shown apart: "by Friday", "before next Wednesday" leave the words.
            lead = r"(?:(?:by|before|until|till|no later than|on|for|at|during)\s+)?"
            # ("at Monday's stand-up" keeps its words: the day names the meeting too)
            text = (
                re.sub(
                    r"(?:^|(?<!\bto)[\s,]+)\b" + lead + re.escape(d.text) + r"\b(?!['’]s)", "", text, flags=re.I
                ).strip(" ,")
                or text
            )
        if c.hit.scheduling and d and not d.next_session:  # not "Meet again when we meet again"
            text = "Meet again " + re.sub(r"^for\s+", "", d.text, flags=re.I)  # not "Meet again for May"
        segs = c.ctx.sentence.segments
        said_here = c.ctx.text
        measure = None
        if c.kind != "insight" and not c.hit.scheduling:  # "in two weeks" is when we meet, not a number to track
            said = " ".join(x for x in (c.hit.detail or "", c.ctx.text) if x)
            measure = find_measure(said.replace(d.text, " ") if d else said)
            after = c.ctx.afterthought
            if after is not None:
                # "I'll go to the gym. Three times a week, before work.": the phrase finishing the sentence.
                measured = None if measure else find_measure(after.text.replace(d.text, " ") if d else after.text)
                if measured and measured.cadence is None and not (d and d.text in after.text):
                    measured = None  # "Three priorities, the hires, the not-doing list." counts, it tracks nothing
                if measured or (d and d.text in after.text):
                    measure = measure or measured
                    segs = segs + [x for x in after.segments if x not in segs]
                    said_here = f"{c.ctx.text} {after.text}"
        start, end = segs[0].start, segs[-1].end
        quote = said_here
        if c.hit.proposal is not None:
            quote = f"{c.hit.proposal.text} — {said_here}"
        smart = None
        if c.kind == "goal":
            k = c.ctx.turn.index
            near = " ".join(t.text for t in turns[max(0, k - 3) : k + 4])
            smart = smart_check.check(said_here, near, session_date, d.text if d else None)
        # The probability, placed so that the listing line falls at POSSIBLE_BELOW (0.5).
        confidence = _calibrated(c.score, scorer.keep(c.kind), scorer.listed(c.kind))
        if any(seg.uncertain for seg in segs):
            # Words the recognizer was unsure of: worth a look before sharing.
            confidence = min(confidence, UNCERTAIN_AUDIO_CONFIDENCE)
        items.append(
            Item(
                kind=c.kind,
                text=text,
                owner=c.hit.owner if c.kind in ACTIONS else None,
                due=due,
                start=start,
                end=end,
                quote=quote,
                rule=c.rule.name,
                speaker=c.ctx.turn.speaker,
                confidence=round(confidence, 2),
                due_text=d.text if d else None,
                measure=measure,
                smart=smart,
            )
        )
    return _late_deadlines(items, turns, session_date)


def _calibrated(p: float, keep: float, listed: float) -> float:
    """Map the score so that ``keep`` -> 0.3 and ``listed`` -> 0.5, monotone, within (0, 1)."""
    if p >= listed:
        return 0.5 + 0.5 * (p - listed) / max(1e-9, 1.0 - listed)
    if p >= keep:
        return 0.3 + 0.2 * (p - keep) / max(1e-9, listed - keep)
    return 0.3 * p / max(1e-9, keep)


_WHEN_ASKED = re.compile(r"\bwhen\b|\bhow soon\b|\bby when\b|\bwhat day\b", re.I)


def _late_deadlines(items: list[Item], turns: list[Turn], session_date: date) -> list[Item]:
    """ "When will you do that?" "By Friday.": the answer dates the earlier action."""
    for k, turn in enumerate(turns):
        if k == 0 or not turn.sentences or turn.words > 15:
            continue
        asked = turns[k - 1]
        if asked.role == turn.role or not any(_WHEN_ASKED.search(s.text) and s.is_question for s in asked.sentences):
            continue
        d = find_deadline(turn.text, session_date)
        if not d:
            continue
        begin = turn.start
        window = turns[max(0, k - 4)].start
        for n in range(len(items) - 1, -1, -1):
            it = items[n]
            if (
                it.kind in ACTIONS
                and it.due_text is None
                and window <= it.start < begin
                and (turn.role is None or it.owner == turn.role)
            ):
                items[n] = replace(it, due=d.due, due_text=d.text)
                break
    return items


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']+", text.lower()) if w not in FUNCTION_WORDS}


def _similar(a: Item, b: Item) -> bool:
    ca, cb = _content(a.text), _content(b.text)
    if not ca or not cb:
        return a.text.lower() == b.text.lower()
    overlap = len(ca & cb)
    return overlap / len(ca | cb) >= 0.5 or (overlap >= 2 and overlap >= min(len(ca), len(cb)))


def _family(kind: str) -> str:
    return "action" if kind in ACTIONS else kind


#: Two dates for the next session said this close together: the later one moved the earlier.
RESCHEDULE_WITHIN = 300.0


def _rescheduled(a: Item, b: Item) -> bool:
    """ "Thursday at ten?" ... "Actually, Friday works better.": one next session, moved."""
    return a.rule == b.rule == "schedules_next_session" and abs(b.start - a.start) <= RESCHEDULE_WITHIN


def _merge_repeats(items: list[Item]) -> list[Item]:
    """The same commitment said three times is one item (the first, at its surest)."""
    kept: list[Item] = []
    for it in sorted(items, key=lambda x: x.start):
        dup = next(
            (
                n
                for n, k in enumerate(kept)
                if _family(k.kind) == _family(it.kind)
                and k.owner == it.owner
                and (_similar(k, it) or _rescheduled(k, it))
            ),
            None,
        )
        if dup is None:
            kept.append(it)
            continue
        first = kept[dup]
        if first.rule == it.rule == "schedules_next_session":
            kept[dup] = it  # the next session as finally agreed, not as first floated
            continue
        kept[dup] = replace(
            first,
            kind="commitment" if "commitment" in (first.kind, it.kind) else first.kind,
            confidence=max(first.confidence, it.confidence),
            due=first.due or it.due,
            due_text=first.due_text or it.due_text,
            measure=first.measure or it.measure,
        )
    return kept

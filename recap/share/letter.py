"""The client's recap: a message from the coach, decided once for every format.

The coach's view (:mod:`recap.share.common`) keeps everything: times, possible
items, SMART marks, notes on the recording. The client's view is what a coach
would write by hand after the call: a greeting, what we worked on (the goals), your action
steps with their dates and the number to play for, what the coach will do, the
insight in the client's own words, goals (a gap in a goal becomes a friendly
question, never a grade), what happened since last time, the next session and a
sign-off. Nothing unsure, nothing about how it was made.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from ..clock import format_day, format_moment
from ..domain import ACTIONS, Item, Measure, Session, Smart, Transcript
from .common import _since, format_duration, has_times

_CADENCE_WORDS = {
    "daily": "every day",
    "weekly": "every week",
    "monthly": "every month",
    "per session": "between our sessions",
    "per meal": "with every meal",
    "weekdays": "every weekday",
}
# One friendly question per kind of gap, in the order a coach would ask them.
_GAP_QUESTIONS = (
    ("time_bound", "deadline", "What date shall we put on this?"),
    ("measurable", "measure", "How will you know you are there — what could we count?"),
    ("specific", "specific outcome", "What will it look like, exactly, when it is done?"),
)


@dataclass
class Line:
    """One thing in the letter."""

    text: str
    when: str | None = None  # "by Friday 27 November"
    game: str | None = None  # "30 minutes every day"
    question: str | None = None  # a goal's gap, asked kindly
    done: bool = False
    moment: str | None = None  # "12:34", only when asked for
    due: date | None = None
    uid: str = ""  # stable across re-shares (calendar entries)


@dataclass
class Point:
    """One value of a tracked number, for the chart."""

    day: date
    value: float
    here: bool  # said in this session


@dataclass
class Chart:
    """A number the client tracks across sessions, with the target when a goal names one."""

    label: str  # "minutes every day"
    points: list[Point]
    target: float | None = None


@dataclass
class Letter:
    session: Session
    first_name: str | None
    coach: str | None
    greeting: str
    note: str | None
    opening: str
    yours: list[Line]
    coach_does: list[Line]
    insights: list[Line]
    goals: list[Line]
    since: list[Line]
    since_more: int
    next_session: Line | None
    sign_off: str
    charts: list[Chart] = field(default_factory=list)
    transcript: list[str] | None = None

    @property
    def subject(self) -> str:
        return f"Your session recap — {long_day(self.session.date, self.session.date)}"

    @property
    def calendar_lines(self) -> list[Line]:
        """What belongs in the client's calendar: their dated action steps and the next session."""
        dated = [line for line in self.yours if line.due and not line.done]
        return dated + ([self.next_session] if self.next_session and self.next_session.due else [])

    @property
    def empty(self) -> bool:
        return not (self.yours or self.coach_does or self.insights or self.goals or self.since or self.next_session)


def long_day(day: date, today: date) -> str:
    """ "Friday 27 November" (with the year when it is not the session's)."""
    return format_day(day, year=day.year != today.year, long=True)


def plain_measure(measure: Measure | None) -> str | None:
    """ "30 minutes every day": the number to play for, in plain words."""
    if measure is None:
        return None
    qty = int(measure.quantity) if float(measure.quantity).is_integer() else measure.quantity
    text = f"{qty} {measure.unit}"
    if measure.cadence:
        text += " " + _CADENCE_WORDS.get(measure.cadence, measure.cadence)
    return text


def gap_question(given: Smart | dict | None) -> str | None:
    """The first gap of a goal's SMART check, as a question a coach would ask."""
    smart = Smart.from_dict(given)
    if smart is None:
        return None
    missing = list(smart.missing or [])
    for name, need, question in _GAP_QUESTIONS:
        flag = getattr(smart, name)
        if flag is False or need in missing or (need == "deadline" and "time" in missing):
            return question
    return None


def first_name(name: str | None) -> str | None:
    if not name or not name.split():
        return None
    return name.split()[0]


def _uid(session: Session, item: Item) -> str:
    key = item.id or hashlib.sha256(f"{item.kind}|{item.text}|{item.start}".encode()).hexdigest()[:8]
    return f"{session.id}-{key}@recap"


def _line(item: Item, session: Session, with_times: bool) -> Line:
    when = None
    if item.due:
        when = "by " + long_day(item.due, session.date)
    return Line(
        text=item.text,
        when=when,
        game=plain_measure(item.measure) if item.kind in ACTIONS or item.kind == "goal" else None,
        question=gap_question(item.smart) if item.kind == "goal" else None,
        done=item.status == "done",
        moment=format_moment(item.start) if with_times and item.rule != "coach" and item.quote else None,
        due=item.due,
        uid=_uid(session, item),
    )


def is_next_session(item: Item) -> bool:
    return item.kind == "next_step" and "schedules_next_session" in (item.rule or "")


def shareable(item: Item) -> bool:
    """What reaches the client: not dropped, and sure (or checked by the coach)."""
    return item.status != "dropped" and not item.possible


def build_letter(
    session: Session,
    items: list[Item],
    transcript: Transcript | None = None,
    earlier: list[tuple[Session, Item]] | None = None,
    *,
    note: str | None = None,
    with_times: bool = False,
    with_transcript: bool = False,
    charts: list[Chart] | None = None,
    coach: str | None = None,
) -> Letter:
    """Word the client's recap of a session.

    Args:
        session: the call.
        items: its items (any order); possible and dropped ones are left out.
        transcript: for ``with_transcript``.
        earlier: the client's actions from earlier sessions
            (:func:`recap.continuity.earlier_items`).
        note: the coach's own opening line.
        with_times: show the moment in the call each item came from.
        with_transcript: append the transcript.
        charts: numbers tracked across sessions (:func:`charts_for`).
        coach: the coach's name when the session has none (``recap config set coach``).
    """
    timed = has_times(session, transcript)
    with_times = with_times and timed
    kept = sorted((i for i in items if shareable(i)), key=lambda i: (i.due or date.max, i.start))
    nexts = [i for i in kept if is_next_session(i)]
    actions = [i for i in kept if i.kind in ACTIONS and not is_next_session(i)]
    yours = [_line(i, session, with_times) for i in actions if i.owner != "coach"]
    coach_does = [_line(i, session, with_times) for i in actions if i.owner == "coach"]
    by_time = sorted(kept, key=lambda i: i.start)
    insights = [_line(i, session, with_times) for i in by_time if i.kind == "insight"]
    goals = [_line(i, session, with_times) for i in by_time if i.kind == "goal"]
    # Kinds this version does not know still reach the client, as steps.
    yours += [_line(i, session, with_times) for i in kept if i.kind not in (*ACTIONS, "insight", "goal")]

    shown, more = _since(earlier or [], session)
    since = []
    for origin, item in shown:
        line = _line(item, session, False)
        line.when = f"from {long_day(origin.date, session.date)}"
        since.append(line)

    next_line = None
    dated = [i for i in nexts if i.due] or nexts
    if dated:
        nxt = dated[0]
        next_line = Line(
            text="Our next session",
            when=long_day(nxt.due, session.date) if nxt.due else None,
            due=nxt.due,
            uid=_uid(session, nxt),
            moment=format_moment(nxt.start) if with_times else None,
        )

    name = first_name(session.client)
    coach = session.coach or coach
    minutes = format_duration(session.duration) if session.duration else None
    day = long_day(session.date, session.date)
    opening = (
        f"Thank you for our {minutes} session on {day}. "
        if minutes and minutes[0].isdigit()
        else f"Thank you for our session on {day}. "
    )
    opening += (
        "Here is what we covered, so none of it gets lost."
        if not _nothing(yours, insights, goals)
        else "Here is a short note of our time together."
    )
    if next_line and next_line.when:
        sign_off = f"See you on {next_line.when},"
    else:
        sign_off = "Talk soon,"

    lines = None
    if with_transcript and transcript is not None:
        lines = [
            (f"[{format_moment(s.start)}] " if timed else "")
            + f"{s.speaker or (s.role or '').capitalize() or 'Speaker'}: {s.text.strip()}"
            for s in transcript.segments
            if s.text.strip()
        ]

    return Letter(
        session=session,
        first_name=name,
        coach=coach,
        greeting=f"Hi {name}," if name else "Hello,",
        note=" ".join(note.split()) if note and note.strip() else None,
        opening=opening,
        yours=yours,
        coach_does=coach_does,
        insights=insights,
        goals=goals,
        since=since,
        since_more=more,
        next_session=next_line,
        sign_off=sign_off,
        charts=charts or [],
        transcript=lines,
    )


def _nothing(*groups) -> bool:
    return not any(groups)


def charts_for(history, session: Session) -> list[Chart]:
    """Numbers the client said in two or more sessions up to this one, with a goal's target
    of the same unit when there is one (``history``: :func:`recap.continuity.client_history`)."""
    out = []
    goals = [
        i
        for s in history.sessions
        if s.created <= session.created
        for i in history.items.get(s.id, [])
        if i.kind == "goal" and i.measure is not None and i.status != "dropped"
    ]
    for pairs in history.measures.values():
        upto = [(s, i) for s, i in pairs if s.created <= session.created]
        days = {s.date for s, _ in upto}
        if len(upto) < 2 or len(days) < 2 or not any(s.id == session.id for s, _ in upto):
            continue
        unit = upto[-1][1].measure.unit
        target = next((g.measure.quantity for g in reversed(goals) if g.measure.unit == unit), None)
        points = [Point(s.date, i.measure.quantity, s.id == session.id) for s, i in upto if i.kind != "goal"]
        if len(points) < 2:
            continue
        cadence = upto[-1][1].measure.cadence
        label = f"{unit} {_CADENCE_WORDS.get(cadence, cadence)}" if cadence else unit
        out.append(Chart(label=label, points=points, target=target))
    return out

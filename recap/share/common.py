"""What every recap format shows, decided once.

The renderers (Markdown, terminal, and later HTML, email, calendar) differ only
in markup. Which items appear, in which section and order, how owners, due
dates, evidence moments and SMART checks read, and which caveats are given, is
built here into a :class:`Recap` that each renderer lays out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..clock import format_day, format_moment
from ..domain import ACTIONS, Item, Session, Smart, Transcript

#: Section order and titles, as the client reads them.
SECTION_TITLES: dict[str, str] = {
    "commitment": "Commitments",
    "next_step": "Next steps",
    "insight": "Insights",
    "goal": "Goals",
}
KIND_LABELS: dict[str, str] = {
    "commitment": "Commitment",
    "next_step": "Next step",
    "insight": "Insight",
    "goal": "Goal",
}
POSSIBLE_TITLE = "Possible items (check before sharing)"
SINCE_TITLE = "Since last time"

NOTHING_CAPTURED = "Nothing to follow up on was captured in this session."
NOTHING_CERTAIN = "Nothing was captured for certain; the possible items below need a look."
SPEAKERS_UNKNOWN = "Speakers were not separated in this recording; owners may be missing."

_OWNER_RANK = {"client": 0, "coach": 1}

# The SMART letters in order, with what a goal lacks without each.
_SMART_KEYS: tuple[tuple[str, str, str], ...] = (
    ("S", "specific", "a specific outcome"),
    ("M", "measurable", "a measure"),
    ("A", "attainable", "attainability"),
    ("R", "relevant", "relevance"),
    ("T", "time_bound", "deadline"),
)


@dataclass
class Entry:
    """One item as it is shown."""

    item: Item
    kind_label: str  # "Commitment"
    text: str  # the item's own words
    meta: list[str]  # owner label, "due Fri 27 Nov"...
    moment: str  # "12:34": where in the call it was said
    details: list[str] = field(default_factory=list)  # goals: the game, SMART check
    possible: bool = False
    done: bool = False
    ref: str | None = None  # the item's short id, shown to the coach only
    why: str | None = None  # the coach's view: which rule found it, and how sure recap is


@dataclass
class Section:
    kind: str  # one of KINDS, "possible", or "since" (earlier sessions' actions)
    title: str
    entries: list[Entry]
    more: str | None = None  # a closing line for what is left out


@dataclass
class Recap:
    """Everything a renderer needs, already worded."""

    title: str
    summary: str  # one line: duration and counts
    sections: list[Section]
    empty_message: str | None  # shown when no certain item was found
    notes: list[str]  # caveats about the recording
    marks: list[str] = field(default_factory=list)  # the coach's marks, with what was said there


def group_items(items: list[Item]) -> tuple[dict[str, list[Item]], list[Item]]:
    """Split items into certain ones by kind and possible ones.

    Dropped items are left out. Actions are sorted by due date (undated last),
    then by when they were said; other kinds by when they were said.

    Args:
        items: the session's items.

    Returns:
        ``(by_kind, possible)``: ``by_kind`` maps each kind present, in the order
        commitments, next steps, insights, goals, to its items; ``possible`` holds
        the low-confidence items in that same kind order.
    """
    kept = [i for i in items if i.status != "dropped"]
    order = {kind: n for n, kind in enumerate(SECTION_TITLES)}
    kept.sort(key=lambda i: (order.get(i.kind, len(order)), *_sort_key(i)))
    by_kind: dict[str, list[Item]] = {}
    possible: list[Item] = []
    for item in kept:
        if item.possible:
            possible.append(item)
        else:
            by_kind.setdefault(item.kind, []).append(item)
    return by_kind, possible


def _sort_key(item: Item) -> tuple:
    # What the coach marked during the call comes first in its section.
    if item.kind in ACTIONS:
        return (not item.marked, item.due is None, item.due or date.min, item.start)
    return (not item.marked, item.start)


def has_times(session: Session, transcript: Transcript | None) -> bool:
    """Whether the call's moments can be shown: a transcript with no times (plain "Name: words"
    lines) numbers its lines, and gives its items no moment in the call."""
    return not (transcript is not None and transcript.duration is None and not session.duration)


def build_recap(
    session: Session,
    items: list[Item],
    transcript: Transcript | None,
    audience: str = "client",
    earlier: list[tuple[Session, Item]] | None = None,
) -> Recap:
    """Word a session's recap.

    Args:
        session: the call.
        items: its items (any order).
        transcript: its transcript, for caveats; None when not at hand.
        audience: "client" (the shared recap: the client is "You") or "coach"
            (terminal output: people are named, items carry their ids and
            proposed status changes).
        earlier: the client's actions from earlier sessions that were open when
            this call took place, each with its session
            (:func:`recap.continuity.earlier_items`): the recap opens with them.

    Returns:
        The recap, ready for a renderer to lay out.
    """
    by_kind, possible = group_items(items)
    timed = has_times(session, transcript)
    sections = []
    since, left_out = _since(earlier or [], session)
    if since:
        more = None
        if left_out:
            more = f"…and {left_out} more still open from earlier sessions"
            if audience == "coach":
                more += (
                    f' — recap items --open --client "{session.client}"' if session.client else " — recap items --open"
                )
        sections.append(Section("since", SINCE_TITLE, [_since_entry(s, i, session, audience) for s, i in since], more))
    for kind, title in SECTION_TITLES.items():
        kind_items = by_kind.get(kind, [])
        if kind in ACTIONS:
            # Stable: within each owner the due-date order from group_items holds.
            kind_items = sorted(kind_items, key=lambda i: _OWNER_RANK.get(i.owner or "", 2))
        if kind_items:
            entries = [_entry(i, session, audience, timed) for i in kind_items]
            sections.append(Section(kind, title, entries))
    for kind in [k for k in by_kind if k not in SECTION_TITLES]:
        # A kind this version does not know still reaches the client.
        entries = [_entry(i, session, audience, timed) for i in by_kind[kind]]
        sections.append(Section(kind, kind.replace("_", " ").capitalize(), entries))
    if possible:
        entries = [_entry(i, session, audience, timed) for i in possible]
        sections.append(Section("possible", POSSIBLE_TITLE, entries))

    empty = None
    if not by_kind:
        empty = NOTHING_CERTAIN if possible else NOTHING_CAPTURED

    notes = []
    if transcript is not None:
        if not transcript.speakers_known:
            notes.append(SPEAKERS_UNKNOWN)
        hard = sum(1 for s in transcript.segments if s.uncertain)
        if hard == 1:
            notes.append("1 passage was hard to hear.")
        elif hard:
            notes.append(f"{hard} passages were hard to hear.")
    if audience == "coach":  # what went wrong while recording, and when: the coach's to know
        for warning in session.warnings:
            text = str(warning.get("text", "")).rstrip(".")
            notes.append(f"While recording, at {format_moment(float(warning.get('at') or 0))}: {text}.")

    marks = []
    if audience == "coach":
        for mark in sorted(session.bookmarks, key=lambda m: float(m.get("at") or 0.0)):
            at = float(mark.get("at") or 0.0)
            line = f"{format_moment(at)} ★ {mark.get('text') or 'marked'}"
            said = _said_at(transcript, at) if transcript is not None else None
            marks.append(f"{line} — “{said}”" if said else line)

    return Recap(
        title=recap_title(session),
        summary=summary_line(session, by_kind, possible, transcript),
        sections=sections,
        empty_message=empty,
        notes=notes,
        marks=marks,
    )


def _said_at(transcript: Transcript, at: float) -> str | None:
    """What was being said when the coach marked ``at``: the last words begun before it."""
    before = [s for s in transcript.segments if s.start <= at + 1.0 and s.text.strip()]
    if not before:
        return None
    words = " ".join(before[-1].text.split())
    return f"{before[-1].speaker}: {words}" if before[-1].speaker else words


def recap_title(session: Session) -> str:
    """Return "Session recap — <client> — <date>" (no client: without it)."""
    when = format_day(session.date, year=True)
    if session.client:
        return f"Session recap — {session.client} — {when}"
    return f"Session recap — {when}"


def summary_line(
    session: Session,
    by_kind: dict[str, list[Item]],
    possible: list[Item],
    transcript: Transcript | None,
) -> str:
    """One line: how long the call was and what it produced."""
    parts = []
    seconds = session.duration
    if seconds is None and transcript is not None:
        seconds = transcript.duration
    if seconds:
        parts.append(f"{format_duration(seconds)} session")
    for kind, title in SECTION_TITLES.items():
        count = len(by_kind.get(kind, []))
        if count:
            noun = title.lower() if count > 1 else KIND_LABELS[kind].lower()
            parts.append(f"{count} {noun}")
    if possible:
        parts.append(f"{len(possible)} possible item{'s' if len(possible) > 1 else ''} to check")
    if not by_kind and not possible:
        parts.append("no items")
    line = " · ".join(parts)
    return line[:1].upper() + line[1:]


def format_duration(seconds: float) -> str:
    """Return "50-minute", "1 h 05 min" or "under a minute"."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes}-minute"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min"


def owner_label(owner: str | None, session: Session, audience: str = "client") -> str | None:
    """Name whoever carries an action out, as the reader thinks of them.

    Args:
        owner: "client", "coach", another name, or None.
        session: for the people's names.
        audience: "client" calls the client "You"; "coach" names both people.

    Returns:
        The label, or None when the owner is unknown.
    """
    if owner == "client":
        if audience == "client":
            return "You"
        return session.client or "Client"
    if owner == "coach":
        if audience == "client":
            return session.coach or "Your coach"
        return session.coach or "Coach"
    return owner or None


def smart_check(given: Smart | dict | None) -> str | None:
    """Word a goal's SMART check: "S ✓ · M ✓ · A ✓ · R ✓ · T ✗ — missing: deadline".

    Args:
        given: the goal's SMART check (or a dict of it, as a file may hold one).

    Returns:
        The line, or None when the goal was not checked.
    """
    smart = Smart.from_dict(given)
    if smart is None:
        return None
    marks = []
    missing_default = []
    for letter, name, need in _SMART_KEYS:
        value = getattr(smart, name)
        if value is None:
            continue
        marks.append(f"{letter} {'✓' if value else '✗'}")
        if not value:
            missing_default.append(need)
    missing = list(smart.missing) if smart.missing is not None else missing_default
    line = "SMART check: " + (" · ".join(marks) if marks else "done")
    if len(marks) == len(_SMART_KEYS) and not missing_default and not missing:
        line += " — a SMART goal"
    elif missing:
        line += " — missing: " + ", ".join(str(m).replace("_", " ") for m in missing)
    return line


SINCE_LIMIT = 10  # earlier open actions shown without news of them; the rest are counted


def _since(earlier: list[tuple[Session, Item]], session: Session) -> tuple[list[tuple[Session, Item]], int]:
    """The earlier actions worth opening the recap with, and how many open ones are left out.

    Whatever this call said something about, or closed since, is always there;
    of the rest, the most recent few: years of unclosed actions would bury the news.
    """

    def news(item: Item) -> bool:
        spoken = bool(item.proposed and item.proposed.get("session") == session.id)
        return spoken or item.status != "open"

    shown = [(s, i) for s, i in earlier if i.status != "dropped"]
    quiet = [n for n, (_, i) in enumerate(shown) if not news(i)]
    keep_quiet = set(sorted(quiet, key=lambda n: shown[n][0].created, reverse=True)[:SINCE_LIMIT])
    kept = [pair for n, pair in enumerate(shown) if news(pair[1]) or n in keep_quiet]
    return kept, len(quiet) - len(keep_quiet)


def _since_entry(origin: Session, item: Item, session: Session, audience: str) -> Entry:
    """An earlier session's action as this session's recap shows it: from when, and what was said of it."""
    entry = _entry(item, origin, audience)
    entry.meta.append(f"from {format_day(origin.date, year=origin.date.year != session.date.year)}")
    entry.moment = ""
    proposal = item.proposed if item.proposed and item.proposed.get("session") == session.id else None
    if audience == "coach" and proposal and item.status == "open":
        said = f"“{' '.join(str(proposal.get('evidence', '')).split())}” [{format_moment(proposal.get('start', 0))}]"
        status = proposal.get("status")
        if status in _CONFIRM:
            entry.details.append(f"Proposed: {status} — {said} — confirm: recap {_CONFIRM[status]} {item.id}")
        else:
            entry.details.append(f"Not done yet — {said}")
    return entry


_CONFIRM = {"done": "done", "dropped": "drop"}


def _entry(item: Item, session: Session, audience: str, timed: bool = True) -> Entry:
    meta = []
    details = []
    if item.kind in ACTIONS:
        label = owner_label(item.owner, session, audience)
        if label:
            meta.append(label)
    if item.due:
        year = item.due.year != session.date.year
        prefix = "by" if item.kind == "goal" else "due"
        meta.append(f"{prefix} {format_day(item.due, year=year)}")
    if item.kind == "goal":
        if item.measure:
            details.append(f"The game: {item.measure}")
        check = smart_check(item.smart)
        if check:
            details.append(check)
    elif item.measure and item.measure.cadence:
        # A habit with a number is the game worth playing: make it visible.
        details.append(f"The game: {item.measure}")
    return Entry(
        item=item,
        kind_label=KIND_LABELS.get(item.kind, item.kind.replace("_", " ").capitalize()),
        text=" ".join(item.text.split()),
        meta=meta,
        moment=format_moment(item.start) if item.quote and timed else "",  # an item the coach added was not said
        details=details,
        possible=item.possible,
        done=item.status == "done",
        ref=item.id if audience == "coach" else None,
        why=(
            f"found by {item.rule}, {round(item.confidence * 100)} % sure"
            if audience == "coach" and item.rule and item.quote
            else None
        ),
    )

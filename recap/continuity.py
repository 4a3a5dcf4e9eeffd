"""From one session to the next: clients, their open items, and the coach's changes to them.

A practice lives from one session to the next: "last time you said you'd call
three prospects — how did it go?". This module answers from the index: each
client's sessions, goals and open, done, dropped and overdue items; the open
items a new session of the same client picks up ("Since last time"); and the
coach's own changes (done, dropped, edited, added). What a new conversation says
of the earlier items is worked out in :mod:`recap.proposals`.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .domain import ACTIONS, Item, ItemStatus, Kind, Session, client_key, same_client
from .errors import RecapError, UsageProblem
from .store import Index

STATUSES = ("open", "done", "dropped")


def display_name(sessions: list[Session]) -> str:
    """How to write a client named in several sessions: the latest spelling with capitals ("Priya",
    not a hurried "priya")."""
    names = [s.client for s in sessions if s.client]
    cased = [n for n in names if n != n.lower()]
    return (cased or names or [""])[-1]


def sessions_of(index: Index, name: str) -> list[Session]:
    """A client's sessions, oldest first (name matched case-insensitively)."""
    return [s for s in index.sessions() if same_client(s.client, name)]


def _items_by_session(
    index: Index, sessions: list[Session], kinds: tuple[str, ...] | None = None
) -> dict[str, list[Item]]:
    """The items of these sessions only, of these kinds (a store holds years of them: the rest
    stay unparsed)."""
    wanted = {s.id for s in sessions}
    out: dict[str, list[Item]] = defaultdict(list)
    for doc in index.item_docs():
        if doc["session"] in wanted and (kinds is None or doc["kind"] in kinds):
            out[doc["session"]].append(Item.from_dict(doc))
    return out


def overdue(item: Item, today: date) -> bool:
    return item.kind in ACTIONS and item.status == "open" and item.due is not None and item.due < today


@dataclass
class ClientSummary:
    name: str
    sessions: int
    last: date | None
    open: int
    overdue: int

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "sessions": self.sessions,
            "last": self.last.isoformat() if self.last else None,
            "open": self.open,
            "overdue": self.overdue,
        }


def clients_overview(index: Index, today: date) -> list[ClientSummary]:
    """Every client with sessions: how many, the last one, open and overdue actions."""
    by_key: dict[str, list[Session]] = defaultdict(list)
    for s in index.sessions():
        if s.client:
            by_key[client_key(s.client)].append(s)
    owner = {s.id: key for key, sessions in by_key.items() for s in sessions}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    day = today.isoformat()
    for doc in index.item_docs():  # counted from the stored fields, without parsing every item
        key = owner.get(doc["session"])
        if key is None or doc.get("kind") not in ACTIONS or doc.get("status", "open") != "open":
            continue
        counts[key][0] += 1
        counts[key][1] += bool(doc.get("due") and doc["due"] < day)
    out = []
    for key, sessions in by_key.items():
        out.append(
            ClientSummary(
                name=display_name(sessions),
                sessions=len(sessions),
                last=sessions[-1].date,
                open=counts[key][0],
                overdue=counts[key][1],
            )
        )
    return sorted(out, key=lambda c: c.name.casefold())


@dataclass
class History:
    """One client's story across sessions."""

    name: str
    sessions: list[Session]
    items: dict[str, list[Item]]  # session id -> its items
    today: date
    measures: dict[str, list[tuple[Session, Item]]] = field(default_factory=dict)

    def actions(self, status: str) -> list[tuple[Session, Item]]:
        return [
            (s, i) for s in self.sessions for i in self.items.get(s.id, []) if i.kind in ACTIONS and i.status == status
        ]

    def overdue(self) -> list[tuple[Session, Item]]:
        return [(s, i) for s, i in self.actions("open") if overdue(i, self.today)]

    def goals(self) -> list[tuple[Session, Item]]:
        return [
            (s, i)
            for s in self.sessions
            for i in self.items.get(s.id, [])
            if i.kind == "goal" and i.status != "dropped"
        ]

    def to_dict(self) -> dict:
        def pair(s: Session, i: Item) -> dict:
            return {"session": s.id, "date": s.date.isoformat(), **i.to_dict()}

        return {
            "client": self.name,
            "sessions": [
                {**s.to_dict(), "date": s.date.isoformat(), "items": len(self.items.get(s.id, []))}
                for s in self.sessions
            ],
            "goals": [pair(s, i) for s, i in self.goals()],
            "open": [pair(s, i) for s, i in self.actions("open")],
            "overdue": [pair(s, i) for s, i in self.overdue()],
            "done": [pair(s, i) for s, i in self.actions("done")],
            "dropped": [pair(s, i) for s, i in self.actions("dropped")],
            "measures": {
                name: [
                    {"session": s.id, "date": s.date.isoformat(), "value": i.measure.quantity, "text": i.text}
                    for s, i in values
                    if i.measure
                ]
                for name, values in self.measures.items()
            },
        }


def client_history(index: Index, name: str, today: date) -> History:
    """A client's sessions, goals, actions by status and the numbers tracked across sessions."""
    sessions = sessions_of(index, name)
    if not sessions:
        known = sorted({s.client for s in index.sessions() if s.client}, key=str.casefold)
        raise RecapError(
            f"no client '{name}'" + (f"; clients: {', '.join(known)}" if known else " — no session names a client yet")
        )
    items = _items_by_session(index, sessions)
    history = History(display_name(sessions) or name, sessions, {s.id: items.get(s.id, []) for s in sessions}, today)
    for s in sessions:
        for i in history.items[s.id]:
            if i.measure is not None and i.status != "dropped":
                label = f"{i.measure.unit}" + (f", {i.measure.cadence}" if i.measure.cadence else "")
                history.measures.setdefault(label, []).append((s, i))
    history.measures = {k: v for k, v in history.measures.items() if len(v) >= 2}
    return history


def earlier_items(index: Index, session: Session) -> list[tuple[Session, Item]]:
    """What a session picks up ("Since last time"): the client's actions from earlier sessions
    that were still open when this call took place: open now, closed on or after its day, or
    spoken of in it. Oldest first, each with the session it came from."""
    if not session.client:
        return []
    before = [s for s in sessions_of(index, session.client) if s.id != session.id and s.created < session.created]
    items = _items_by_session(index, before, ACTIONS)
    out = []
    for s in before:
        for i in items.get(s.id, []):
            if i.possible and not i.reviewed:
                continue
            spoken_here = bool(i.proposed and i.proposed.get("session") == session.id)
            closed_since = i.status != "open" and i.closed is not None and i.closed >= session.date
            if i.status == "open" or closed_since or spoken_here:
                out.append((s, i))
    return out


# --- the coach's changes ------------------------------------------------------------------


def set_status(index: Index, item_ids: list[str], status: ItemStatus, today: date) -> list[Item]:
    """Mark items done, dropped or open again; a pending proposal is settled by it."""
    if status not in STATUSES:
        raise UsageProblem(f"unknown status {status!r}")
    changed = []
    for item_id in item_ids:
        item = index.get_item(item_id)
        item = dataclasses.replace(
            item, status=status, closed=None if status == "open" else today, proposed=None, reviewed=True
        )
        index.update_item(item)
        changed.append(item)
    return changed


def edit_item(
    index: Index,
    item_id: str,
    *,
    text: str | None = None,
    owner: str | None = None,
    due: date | None = None,
    kind: str | None = None,
    clear_due: bool = False,
) -> Item:
    """Change an item's words, owner, due date or kind; it is then the coach's and kept as it is."""
    from .domain import KINDS

    item = index.get_item(item_id)
    if kind is not None and kind not in KINDS:
        raise UsageProblem(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    if owner is not None and owner not in ("coach", "client"):
        raise UsageProblem("--owner is coach or client")
    changes: dict = {"edited": True, "reviewed": True}
    if text is not None:
        if not text.strip():
            raise UsageProblem("--text is empty")
        changes["text"] = " ".join(text.split())
    if owner is not None:
        changes["owner"] = owner
    if kind is not None:
        changes["kind"] = kind
        if kind not in ACTIONS:
            changes["owner"] = None
    if due is not None or clear_due:
        changes["due"], changes["due_text"] = due, None
    item = dataclasses.replace(item, **changes, confidence=max(item.confidence, 1.0))
    if text is not None or kind is not None or due is not None or clear_due:
        item = rederive(item)
    index.update_item(item)
    return item


def rederive(item: Item, session_date: date | None = None) -> Item:
    """The number and SMART check that follow from an item's (new) words and kind."""
    from .extract import smart as smart_check
    from .extract.measure import find_measure

    measure = find_measure(item.text) if item.kind != "insight" else None
    smart = None
    if item.kind == "goal":
        due_text = item.due.isoformat() if item.due else None
        smart = smart_check.check(item.text, item.quote, session_date, due_text)
    return dataclasses.replace(item, measure=measure, smart=smart)


def new_item(
    index: Index,
    session: Session,
    *,
    kind: Kind,
    text: str,
    owner: str | None = None,
    due: date | None = None,
    at: float = 0.0,
) -> Item:
    """An item recap missed, added by the coach."""
    from .domain import KINDS

    if kind not in KINDS:
        raise UsageProblem(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    if not text.strip():
        raise UsageProblem("--text is empty")
    if kind in ACTIONS and owner is None:
        owner = "client"
    item = Item(
        kind=kind,
        text=" ".join(text.split()),
        owner=owner if kind in ACTIONS else None,
        due=due,
        start=at,
        end=at,
        quote="",
        rule="added by the coach",
        confidence=1.0,
        edited=True,
        reviewed=True,
    )
    return index.add_item(session.id, rederive(item, session.date))


def rename_client(index: Index, old: str, new: str) -> list[Session]:
    """Every session of ``old`` now names ``new``; the client's remembered words go along."""
    if not new.strip():
        raise UsageProblem("the new name is empty")
    sessions = sessions_of(index, old)
    if not sessions:
        raise RecapError(f"no client '{old}'")
    for s in sessions:
        s.client = new
        index.save_session(s)
    record = index.client_record(old)
    target = index.client_record(new)
    if record is not None:
        index.remove_client(old)
        vocab = list((target or {}).get("vocab", []))
        vocab += [w for w in record.get("vocab", []) if w.lower() not in {v.lower() for v in vocab}]
        index.save_client(
            {
                **(target or {}),
                **{k: v for k, v in record.items() if k not in ("key", "vocab")},
                "name": new,
                "vocab": vocab,
            }
        )
    return sessions

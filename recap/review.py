"""Review before sharing: the coach looks at each item, and at what the call says of earlier ones.

Two ways in, one set of changes. ``recap review`` walks the items one key at a
time; ``recap review --editor`` writes them as a draft, one line per item, opens
``$EDITOR`` and reads the draft back. Either way the result is a list of
:class:`Change` applied in one transaction by :func:`apply`: every item looked
at is marked reviewed, edits are the coach's (re-extraction keeps them), and a
proposed status change happens only where the coach confirmed it.

The draft, one item per line::

    a3f9 keep commitment client 2026-11-27: Call three prospects
    c0d2 done? commitment client -: Draft the outline

ACTION is keep, drop or done (and open, for an earlier item); a trailing ``?``
marks a proposal not yet confirmed: remove it to confirm, or write another
action. A line starting with ``new`` adds an item; ``#`` lines are comments.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from .clock import format_moment
from .domain import ACTIONS, KINDS, Item, Kind, Session, as_kind
from .errors import RecapError
from .store import Index

#: Draft actions and the status each gives.
DRAFT_ACTIONS = {"keep": None, "open": "open", "done": "done", "drop": "dropped"}


class DraftError(RecapError):
    """A draft line recap cannot read; the message names the line."""


@dataclass
class Change:
    """What the coach decided for one item (or a new one, when ``item_id`` is None)."""

    item_id: str | None
    status: str | None = None  # open | done | dropped; None: as it is
    kind: Kind | None = None
    owner: str | None = None  # coach | client
    due: date | None = None
    clear_due: bool = False
    text: str | None = None
    settle: bool = True  # False: a proposal the coach left for later


@dataclass
class Subject:
    """One thing to review: an item of this session, or an earlier one this call spoke of."""

    item: Item
    origin: Session  # the session the item belongs to
    earlier: bool

    @property
    def proposal(self) -> dict | None:
        p = self.item.proposed
        return p if (self.earlier and p and self.item.status == "open") else None


def subjects(index: Index, session: Session) -> list[Subject]:
    """The session's own items in time order, then the earlier open items it spoke of or picks up."""
    from .continuity import earlier_items

    own = [Subject(i, session, False) for i in index.items(session.id)]
    before = [Subject(i, s, True) for s, i in earlier_items(index, session) if i.status == "open"]
    # Items this call reported on first: they need a decision.
    before.sort(key=lambda x: x.proposal is None or x.proposal.get("session") != session.id)
    return own + before


# --- the draft -----------------------------------------------------------------------------

_HEADER = """\
# Review of {id} — {who}
#
# One item per line:   ID ACTION KIND OWNER DUE: TEXT
#   ACTION  keep | drop | done | open   (a trailing ? is a proposal you have not confirmed:
#           remove the ? to confirm it, or write another action)
#   KIND    commitment | next_step | insight | goal
#   OWNER   client | coach | -          DUE  2026-11-27 | -
# Change what is wrong, then save and close. To add an item recap missed, write a line
# with ID "new", e.g.:  new keep commitment client 2026-11-27: Book the venue
# Lines starting with # are notes and are ignored.
"""


def draft(session: Session, found: list[Subject]) -> str:
    """The review draft for a session's subjects."""
    who = ", ".join(x for x in (session.client, session.date.isoformat()) if x)
    out = [_HEADER.format(id=session.id, who=who)]
    own = [s for s in found if not s.earlier]
    before = [s for s in found if s.earlier]
    out.append("## This session" if own else "## This session: no items (add any with a 'new' line)")
    for s in own:
        out.append(_line(s.item, _current_action(s.item)))
        note = f'said at {format_moment(s.item.start)}: "{_flat(s.item.quote)}"' if s.item.quote else s.item.rule
        flags = [
            f
            for f, on in (("possible", s.item.possible), ("edited", s.item.edited), ("reviewed", s.item.reviewed))
            if on
        ]
        out.append(f"#    {note}" + (f"  ({', '.join(flags)})" if flags else ""))
    if before:
        out.append("")
        out.append(f"## Since last time (open items from earlier sessions of {session.client})")
        for s in before:
            p = s.proposal if s.proposal and s.proposal.get("session") == session.id else None
            action = (_STATUS_ACTION[p["status"]] + "?") if p else "open"
            out.append(_line(s.item, action))
            said = (
                f'this call, {format_moment(p.get("start", 0))}: "{_flat(p.get("evidence", ""))}"'
                if p
                else "not spoken of"
            )
            out.append(f"#    from {s.origin.id}; {said}")
    return "\n".join(out) + "\n"


_STATUS_ACTION = {"open": "open", "done": "done", "dropped": "drop"}


def _current_action(item: Item) -> str:
    return {"done": "done", "dropped": "drop"}.get(item.status, "keep")


def _line(item: Item, action: str) -> str:
    owner = item.owner if item.kind in ACTIONS and item.owner in ("coach", "client") else "-"
    due = item.due.isoformat() if item.due else "-"
    return f"{item.id} {action} {item.kind} {owner} {due}: {_flat(item.text)}"


def _flat(text: str) -> str:
    return " ".join(str(text).split())


_LINE = re.compile(
    r"^(?P<id>\S+)\s+(?P<action>\S+)\s+(?P<kind>\S+)\s+(?P<owner>\S+)\s+(?P<due>[^\s:]+)\s*:\s*(?P<text>.*)$"
)


def parse_draft(text: str, found: list[Subject]) -> list[Change]:
    """Read an edited draft back into changes.

    Raises:
        DraftError: naming the first line that cannot be read, and why.
    """
    known = {s.item.id: s for s in found}
    seen: set[str] = set()
    changes = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue

        def bad(why: str, number: int = number, line: str = line) -> DraftError:
            return DraftError(f"draft line {number}: {why}: {line[:60]}")

        m = _LINE.match(line)
        if not m:
            raise bad("expected 'ID ACTION KIND OWNER DUE: TEXT'")
        item_id, action, kind, owner, due_text, words = (
            m["id"],
            m["action"].lower(),
            m["kind"].lower(),
            m["owner"].lower(),
            m["due"],
            _flat(m["text"]),
        )
        pending = action.endswith("?")
        action = action.rstrip("?")
        if action not in DRAFT_ACTIONS:
            raise bad(f"unknown action '{m['action']}' (keep, drop, done or open)")
        if kind not in KINDS:
            raise bad(f"unknown kind '{m['kind']}' ({', '.join(KINDS)})")
        if owner not in ("client", "coach", "-"):
            raise bad(f"unknown owner '{m['owner']}' (client, coach or -)")
        if kind in ACTIONS and owner == "-":
            owner = "client"
        due = None
        if due_text != "-":
            try:
                due = date.fromisoformat(due_text)
            except ValueError:
                raise bad(f"'{due_text}' is not a date like 2026-11-27 (or - for none)") from None
        if not words:
            raise bad("the item has no text")
        if item_id.lower() == "new":
            if pending:
                raise bad("a new item cannot be a proposal: remove the ?")
            changes.append(
                Change(
                    None,
                    status=DRAFT_ACTIONS[action] or "open",
                    kind=as_kind(kind),
                    owner=owner if kind in ACTIONS else None,
                    due=due,
                    text=words,
                )
            )
            continue
        subject = known.get(item_id.lower())
        if subject is None:
            raise bad(f"no item '{item_id}' in this review (new items take the id 'new')")
        if item_id.lower() in seen:
            raise bad(f"item '{item_id}' appears twice")
        seen.add(item_id.lower())
        item = subject.item
        change = Change(item.id, status=DRAFT_ACTIONS[action], settle=not pending)
        if pending:
            changes.append(change)
            continue
        if kind != item.kind:
            change.kind = as_kind(kind)
        new_owner = owner if kind in ACTIONS else None
        if new_owner != (item.owner if item.kind in ACTIONS else None):
            change.owner = new_owner
        if due != item.due:
            change.due, change.clear_due = due, due is None
        if words != _flat(item.text):
            change.text = words
        changes.append(change)
    return changes


# --- applying the coach's decisions ----------------------------------------------------------


def apply(
    index: Index, session: Session, changes: list[Change], today: date, looked_at: list[Subject] | None = None
) -> list[Item]:
    """Write the coach's decisions; every item of ``looked_at`` is then reviewed.

    Returns the items changed or added.
    """
    from .continuity import new_item, rederive

    out = []
    touched: set[str] = set()
    for change in changes:
        if change.item_id is None:
            out.append(
                new_item(
                    index,
                    session,
                    kind=change.kind or "commitment",
                    text=change.text or "",
                    owner=change.owner,
                    due=change.due,
                )
            )
            continue
        item = index.get_item(change.item_id)
        touched.add(item.id or "")
        edits: dict = {}
        if change.text is not None:
            edits["text"] = change.text
        if change.kind is not None:
            edits["kind"] = change.kind
            if change.kind not in ACTIONS:
                edits["owner"] = None
            elif item.owner not in ("coach", "client"):
                edits["owner"] = "client"
        if change.owner is not None:
            edits["owner"] = change.owner
        if change.due is not None or change.clear_due:
            edits["due"], edits["due_text"] = change.due, None
        if edits:
            edits["edited"] = True
            edits["confidence"] = max(item.confidence, 1.0)
        if change.settle:
            status = change.status or item.status
            if status != item.status:
                edits["status"] = status
                edits["closed"] = None if status == "open" else today
            if item.proposed and item.proposed.get("session") == session.id:
                edits["proposed"] = None
        updated = dataclasses.replace(item, **edits, reviewed=True)
        if {"text", "kind", "due"} & edits.keys():
            updated = rederive(updated)
        if updated != item:
            index.update_item(updated)
            if updated != dataclasses.replace(item, reviewed=True):
                out.append(updated)  # more than looked at
    for s in looked_at or []:
        if s.item.id not in touched and not s.earlier and not s.item.reviewed:
            index.update_item(dataclasses.replace(s.item, reviewed=True))
    return out

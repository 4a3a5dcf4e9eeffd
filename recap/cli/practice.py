"""Between sessions: items across sessions, the coach's changes to them, and review before sharing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..domain import ACTIONS, as_kind, same_client
from ..errors import RecapError, UsageProblem
from . import RegistryChoice, _print_json, _store, cli, working_on

if TYPE_CHECKING:
    from ..domain import ItemStatus, Session

KIND_CHOICE = RegistryChoice("recap.domain:KINDS")


def _today() -> date:
    return date.today()


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("is empty; give a date like 2026-11-22", param_hint=option)
    try:
        return date.fromisoformat(value)
    except ValueError:
        from ..extract.dates import resolve

        found = resolve(value, _today())
        if found is None:
            raise click.BadParameter(
                f"'{value}' is not a date (2026-11-22, Friday, next week...)", param_hint=option
            ) from None
        return found


def item_line(item, session_id: str | None = None, client: str | None = None) -> str:
    """ "a3f9  [ ] Call three prospects — client · due Fri 27 Nov   (2026-11-22-1405-sarah)"."""
    return _line(item.id, item.status, item.kind, item.text, item.owner, item.due, item.proposed, session_id, client)


_DAYS_SEEN: dict[date, str] = {}


def _format_day(day: date) -> str:
    """ "Fri 27 Nov 2026": a listing of years of items names the same days thousands of times."""
    text = _DAYS_SEEN.get(day)
    if text is None:
        from ..clock import format_day

        text = _DAYS_SEEN[day] = format_day(day, year=True)
    return text


_BOX = {"open": "[ ]", "done": "[x]", "dropped": "[-]"}
_PROPOSED = {"done": "  proposed: done", "dropped": "  proposed: drop"}


def _line(item_id, status, kind, text, owner, due, proposed, session_id=None, client=None) -> str:
    line = f"{item_id or '----'}  {_BOX.get(status, '[ ]')} "
    line += text if kind in ACTIONS else f"{kind}: {text}"
    if due:
        line += f" — {owner} · " if owner else " — "
        line += ("by " if kind == "goal" else "due ") + _format_day(due)
    elif owner:
        line += f" — {owner}"
    if proposed and status == "open":
        line += _PROPOSED.get(proposed.get("status"), "  said: not done yet")
    if session_id or client:
        line += "  (" + ", ".join(x for x in (client, session_id) if x) + ")"
    return line


# --- items across sessions -----------------------------------------------------------------


@cli.command()
@click.option("--open", "only_open", is_flag=True, help="Only open actions and goals (not done, not dropped).")
@click.option("--overdue", is_flag=True, help="Only open actions past their due date.")
@click.option("--client", "client_name", help="Only this client's items.")
@click.option("--kind", type=KIND_CHOICE, help="Only items of this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def items(only_open: bool, overdue: bool, client_name: str | None, kind: str | None, as_json: bool) -> None:
    """Items across all sessions, with their ids for done, drop, edit.

    \b
    Example:
        recap items --open
        recap items --overdue --client Sarah
        recap items --kind goal --json
    """
    # Worked on the stored documents, not Item objects: a store holds years of items.
    today = _today().isoformat()

    def is_overdue(doc: dict) -> bool:
        due = doc.get("due")
        return (
            due is not None
            and "" < due[:10] < today
            and doc.get("status", "open") == "open"
            and doc.get("kind") in ACTIONS
        )

    want_open = only_open or overdue
    with _store().read() as index:
        sessions = {s.id: s for s in index.sessions() if not client_name or same_client(s.client, client_name)}
        found: list[tuple[datetime, float, Session, dict]] = []
        for doc in index.item_docs():  # tens of thousands after years: cheapest test first
            if want_open and (doc.get("status", "open") != "open" or doc["kind"] == "insight"):
                continue
            if (kind and doc["kind"] != kind) or (overdue and not is_overdue(doc)):
                continue
            session = sessions.get(doc["session"])
            if session is not None:
                found.append((session.created, doc.get("start") or 0.0, session, doc))
    found.sort(key=lambda r: (r[0], r[1]))
    if as_json:
        from ..domain import Item

        _print_json(
            {
                "items": [
                    {
                        "session": s.id,
                        "client": s.client,
                        "date": s.date.isoformat(),
                        "overdue": is_overdue(d),
                        **Item.from_dict(d).to_dict(),
                    }
                    for _, _, s, d in found
                ]
            }
        )
        return
    if not found:
        click.echo("No items match.")
        return
    lines = []
    where: dict[str, str] = {}  # each session's "  (client, id)", worked out once
    days: dict[str, date] = {}
    for _, _, s, d in found:
        tail = where.get(s.id)
        if tail is None:
            tail = where[s.id] = "  (" + ", ".join(x for x in (s.client, s.id) if x) + ")"
        due_text = d.get("due")
        due = None
        if due_text:
            due = days.get(due_text)
            if due is None:
                due = days[due_text] = date.fromisoformat(due_text[:10])
        line = _line(
            d.get("id"), d.get("status", "open"), d["kind"], d.get("text", ""), d.get("owner"), due, d.get("proposed")
        )
        lines.append(line + tail + ("  OVERDUE" if is_overdue(d) else ""))
    click.echo("\n".join(lines), color=True)  # no colour to strip: spare a pass over it


def _set_status(ids: tuple[str, ...], status: ItemStatus, verb: str) -> None:
    from ..continuity import set_status

    store = _store()
    with store.write() as index:
        changed = set_status(index, list(ids), status, _today())
    for item in changed:
        click.echo(f"{verb} {item.id}: {item.text}")


@cli.command()
@click.argument("ids", nargs=-1, required=True)
def done(ids: tuple[str, ...]) -> None:
    """Mark items done (settles what a later session proposed).

    \b
    Example:
        recap done a3f9 07bc
    """
    _set_status(ids, "done", "Done")


@cli.command()
@click.argument("ids", nargs=-1, required=True)
def drop(ids: tuple[str, ...]) -> None:
    """Drop items: no longer to be done (they stay in the client's history).

    \b
    Example:
        recap drop a3f9
    """
    _set_status(ids, "dropped", "Dropped")


@cli.command()
@click.argument("ids", nargs=-1, required=True)
def reopen(ids: tuple[str, ...]) -> None:
    """Open items again.

    \b
    Example:
        recap reopen a3f9
    """
    _set_status(ids, "open", "Reopened")


@cli.command()
@click.argument("item_id", metavar="ID")
@click.option("--text", help="The item's words.")
@click.option("--owner", type=RegistryChoice("recap.domain:ROLES"), help="Who carries it out.")
@click.option("--due", help="When it is due (2026-11-27, Friday, next week).")
@click.option("--no-due", is_flag=True, help="Remove the due date.")
@click.option("--kind", type=KIND_CHOICE, help="What kind of item it is.")
def edit(item_id: str, text: str | None, owner: str | None, due: str | None, no_due: bool, kind: str | None) -> None:
    """Correct an item; an edited item is kept as it is when the session is summarized again.

    \b
    Example:
        recap edit a3f9 --text "Call three prospects" --due Friday
        recap edit 07bc --kind goal
    """
    from ..continuity import edit_item

    if not any((text is not None, owner, due is not None, no_due, kind)):
        raise UsageProblem("nothing to change: give --text, --owner, --due, --no-due or --kind")
    store = _store()
    with store.write() as index:
        item = edit_item(index, item_id, text=text, owner=owner, due=_day(due, "--due"), kind=kind, clear_due=no_due)
        session = index.get_session(index.item_session(item.id))
        items_now = index.items(session.id)
    _reindex(store, session, items_now)
    click.echo(f"Edited {item.id}: {item.text}")


@cli.command()
@click.argument("session", required=False)
@click.option("--kind", type=KIND_CHOICE, required=True, help="What kind of item.")
@click.option("--text", required=True, help="The item's words.")
@click.option("--owner", type=RegistryChoice("recap.domain:ROLES"), help="Who carries out an action (default: client).")
@click.option("--due", help="When it is due (2026-11-27, Friday, next week).")
def add(session: str | None, kind: str, text: str, owner: str | None, due: str | None) -> None:
    """Add an item recap missed to a session (default: the latest).

    \b
    Example:
        recap add --kind commitment --text "Book the venue" --due "next Friday"
        recap add 2026-11-22-1405-sarah --kind insight --text "Saying no is how I protect my mornings"
    """
    from ..continuity import new_item

    store = _store()
    with store.write() as index:
        found = index.find_session(session)
        working_on(f"session {found.id}")
        item = new_item(index, found, kind=as_kind(kind), text=text, owner=owner, due=_day(due, "--due"))
        items_now = index.items(found.id)
    _reindex(store, found, items_now)
    click.echo(f"Added {item.id} to {found.id}: {item.text}")


def _reindex(store, session, items_now) -> None:
    from .. import search

    search.update_session(store, session, store.get_transcript(session.id), items_now)


# --- review before sharing -----------------------------------------------------------------


@cli.command()
@click.argument("session", required=False)
@click.option("--editor", is_flag=True, help="Review in $EDITOR: one line per item, read back when you save.")
def review(session: str | None, editor: bool) -> None:
    """Go through a session's items before sharing: accept, edit, re-kind, re-own,
    re-date, drop, add; and confirm what the call says of earlier items.

    Every decision is saved as you make it. Items you accept or change are
    marked reviewed and kept as they are when the session is summarized again.

    \b
    Keys:  Enter/a accept   e edit text   k kind   o owner   d due date
           x drop   s skip   n new item   q quit
           (earlier items: y confirm the proposal   n keep it open   x drop)

    \b
    Example:
        recap review
        recap review 2026-11-22-1405-sarah --editor
    """
    from ..review import subjects

    store = _store()
    with store.read() as index:
        found = index.find_session(session)
        working_on(f"session {found.id}")
        if found.status != "summarized":
            raise RecapError(f"{found.id} is not summarized yet ({found.status}) — run: recap summarize {found.id}")
        todo = subjects(index, found)
    if editor:
        _review_in_editor(store, found, todo)
    else:
        _review_by_keys(store, found, todo)


def _draft_path(session) -> Path:
    from .. import config

    return config.user_dir() / "drafts" / f"review-{session.id}.md"


def _review_in_editor(store, session, todo) -> None:
    import os

    from ..atomic import write_atomic
    from ..review import apply, draft, parse_draft

    keep = _draft_path(session)
    if keep.exists():
        text = keep.read_text(encoding="utf-8")
        click.echo(f"Continuing your unfinished draft {keep}", err=True)
    else:
        text = draft(session, todo)
    editor_cmd = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    try:
        edited = click.edit(text, editor=editor_cmd, extension=".md", require_save=True)
    except click.ClickException as exc:
        raise RecapError(
            f"cannot start the editor ({exc.message}); set $EDITOR, or review with: recap review {session.id}"
        ) from None
    if edited is None:
        click.echo("The draft was closed without saving: nothing changed.")
        return
    try:
        changes = parse_draft(edited, todo)
    except RecapError as exc:
        keep.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(keep, edited.encode("utf-8"))
        raise RecapError(f"{exc} — your draft is kept in {keep}; run `recap review --editor` again to fix it") from None
    with store.write() as index:
        changed = apply(index, session, changes, _today(), looked_at=todo)
        items_now = index.items(session.id)
    keep.unlink(missing_ok=True)
    _reindex(store, session, items_now)
    own = sum(not s.earlier for s in todo)
    click.echo(f"Reviewed {own} item(s) of {session.id}; {len(changed)} changed or added.")


def _key(prompt: str) -> str:
    """One key from the terminal; from a pipe, the first character of a line ('' for Enter, 'q' at its end)."""
    import sys

    click.echo(prompt, nl=False)
    if sys.stdin.isatty():
        ch = click.getchar()
        click.echo(ch if ch.isprintable() else "")
        return "" if ch in ("\r", "\n") else ch.lower()
    line = sys.stdin.readline()
    click.echo(line.strip())
    if not line:
        return "q"
    return line.strip()[:1].lower()


def _show_subject(n: int, total: int, subject, session) -> None:
    from ..clock import format_day, format_moment
    from ..share.common import KIND_LABELS

    item = subject.item
    label = "Since last time" if subject.earlier else KIND_LABELS.get(item.kind, item.kind)
    flags = [
        f
        for f, on in (
            ("possible", item.possible),
            ("edited", item.edited),
            ("reviewed", item.reviewed),
            (item.status, item.status != "open"),
        )
        if on
    ]
    click.echo("")
    click.echo(
        click.style(f"[{n}/{total}] {label}  {item.id}", bold=True)
        + (f"  ({', '.join(flags)})" if flags else "")
        + (f"  from {subject.origin.id}" if subject.earlier else "")
    )
    who = item.owner if item.kind in ACTIONS and item.owner else None
    by = "by" if item.kind == "goal" else "due"
    meta = [
        m
        for m in (
            who,
            f"{by} {format_day(item.due, year=True)}"
            if item.due
            else ("no due date" if item.kind in ACTIONS else None),
        )
        if m
    ]
    kind = f"{KIND_LABELS.get(item.kind, item.kind)}: " if subject.earlier else ""
    click.echo(f"  {kind}{item.text}" + (f" — {' · '.join(meta)}" if meta else ""))
    if subject.earlier:
        p = subject.proposal
        if p and p.get("session") == session.id:
            click.echo(
                f"  This call [{format_moment(p.get('start', 0))}]: “{' '.join(p.get('evidence', '').split())}”"
                f" → proposed: {p.get('status')}"
            )
        else:
            click.echo("  Not spoken of in this call.")
    elif item.quote:
        click.echo(f"  said at {format_moment(item.start)}: “{' '.join(item.quote.split())}”")


def _review_by_keys(store, session, todo) -> None:
    from ..review import Change, apply

    if not todo:
        click.echo(f"{session.id} has no items to review. Add one with: recap add {session.id} --kind ... --text ...")
        return
    own = sum(not s.earlier for s in todo)
    click.echo(
        f"Review of {session.id} ({session.client or 'no client'}): {own} item(s)"
        + (f", {len(todo) - own} earlier item(s)" if len(todo) > own else "")
    )
    click.echo("Keys: Enter/a accept · e edit text · k kind · o owner · d due · x drop · s skip · n new · q quit")

    def save(change) -> None:
        with store.write() as index:
            changed = apply(index, session, [change], _today())
        for item in changed:
            if change.item_id is not None:
                subject.item = item

    counts = {"accepted": 0, "changed": 0, "dropped": 0, "added": 0, "skipped": 0}
    n = 0
    while n < len(todo):
        subject = todo[n]
        _show_subject(n + 1, len(todo), subject, session)
        item = subject.item
        proposal = (
            subject.proposal
            if subject.earlier and subject.proposal and subject.proposal.get("session") == session.id
            else None
        )
        if subject.earlier:
            options = (
                "y confirm · n keep open · x drop · s skip · q quit"
                if proposal
                else "a keep open · d done · x drop · s skip · q quit"
            )
            key = _key(f"  {options} > ")
            if key == "q":
                break
            if key == "s":
                counts["skipped"] += 1
            elif key == "x":
                save(Change(item.id, status="dropped"))
                counts["dropped"] += 1
            elif key == "y" and proposal:
                save(Change(item.id, status=proposal.get("status")))
                counts["changed"] += 1
            elif key == "d" and not proposal:
                save(Change(item.id, status="done"))
                counts["changed"] += 1
            elif key in ("n", "a", ""):
                save(Change(item.id, status="open"))
                counts["accepted"] += 1
            else:
                click.echo("  ? unknown key")
                continue
            n += 1
            continue
        key = _key("  > ")
        if key == "q":
            break
        if key in ("", "a", "y"):
            save(Change(item.id))
            counts["accepted"] += 1
            n += 1
        elif key == "s":
            counts["skipped"] += 1
            n += 1
        elif key == "x":
            save(Change(item.id, status="dropped"))
            counts["dropped"] += 1
            n += 1
        elif key == "e":
            text = click.prompt("  Text", default=item.text).strip()
            if text and text != item.text:
                save(Change(item.id, text=" ".join(text.split())))
                counts["changed"] += 1
        elif key == "k":
            kind = _ask_kind()
            if kind and kind != item.kind:
                save(Change(item.id, kind=as_kind(kind)))
                counts["changed"] += 1
        elif key == "o":
            if item.kind not in ACTIONS:
                click.echo("  Only commitments and next steps have an owner.")
                continue
            save(Change(item.id, owner="coach" if item.owner == "client" else "client"))
            counts["changed"] += 1
        elif key == "d":
            due = _ask_due(item.due)
            if due is not False:
                save(Change(item.id, due=due, clear_due=due is None))
                counts["changed"] += 1
        elif key == "n":
            added = _ask_new(store, session)
            if added:
                counts["added"] += 1
        else:
            click.echo("  ? unknown key — Enter/a accept · e k o d x s n q")
    with store.read() as index:
        items_now = index.items(session.id)
    _reindex(store, session, items_now)
    done_parts = [f"{v} {k}" for k, v in counts.items() if v]
    click.echo(f"\nReview of {session.id}: {', '.join(done_parts) or 'nothing changed'}.")


def _ask_kind() -> str | None:
    key = _key("  Kind: c commitment · n next step · i insight · g goal > ")
    return {"c": "commitment", "n": "next_step", "i": "insight", "g": "goal"}.get(key)


def _ask_due(current):
    """A date, None to remove it, or False when the coach gave nothing usable."""
    shown = current.isoformat() if current else "-"
    while True:
        text = click.prompt("  Due (2026-11-27, Friday, next week; - for none)", default=shown).strip()
        if text == "-":
            return None
        try:
            return _day(text, "due")
        except click.BadParameter as exc:
            click.echo(f"  {exc.message}")
            if text == shown:
                return False


def _ask_new(store, session) -> bool:
    from ..review import Change, apply

    kind = _ask_kind()
    if kind is None:
        click.echo("  No item added.")
        return False
    text = click.prompt("  Text", default="", show_default=False).strip()
    if not text:
        click.echo("  No item added.")
        return False
    owner = None
    if kind in ACTIONS:
        owner = "coach" if _key("  Owner: c client · o coach (you) > ") == "o" else "client"
    due = _ask_due(None) if kind != "insight" else None
    with store.write() as index:
        apply(index, session, [Change(None, kind=as_kind(kind), text=text, owner=owner, due=due or None)], _today())
    click.echo("  Added.")
    return True

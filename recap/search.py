"""Search every session's transcript and items: a SQLite FTS5 index beside the store.

``<home>/search.db`` holds one row per transcript segment and per item, with
the session, the client, the kind and the time in the call. It is derived: the
sessions (their ``transcript.json`` and the store's items) stay the source of
truth, each summarize, import, edit and delete updates the rows of its session,
and :func:`rebuild` makes it anew. When it is missing, damaged or from an older
layout it is rebuilt on the next search; when an update fails it is dropped,
to be rebuilt then.

Ranking is FTS5's bm25, with porter stemming ("calls" finds "call").
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from .domain import Item, Session, Transcript
from .errors import RecapError
from .store import Store

LAYOUT = 2
#: The marks around matched words in a snippet.
MARK = ("[", "]")


@dataclass(frozen=True)
class Hit:
    """One place a search found its words."""

    session: str
    client: str | None
    date: str
    kind: str  # "transcript" or an item kind
    start: float
    snippet: str  # the words around the match, matched words [marked]
    speaker: str | None = None
    item_id: str | None = None

    def to_dict(self) -> dict:
        return {
            "session": self.session,
            "client": self.client,
            "date": self.date,
            "kind": self.kind,
            "start": self.start,
            "snippet": self.snippet,
            "speaker": self.speaker,
            "item": self.item_id,
        }


def index_path(store: Store) -> Path:
    return store.path.with_name("search.db")


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript("""
        CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, text TEXT, session TEXT, client TEXT, date TEXT,
                                         kind TEXT, start REAL, speaker TEXT, item TEXT);
        CREATE INDEX IF NOT EXISTS rows_session ON rows(session);
        CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(text, content='rows', content_rowid='id',
                                                           tokenize='porter unicode61');
        CREATE TRIGGER IF NOT EXISTS rows_added AFTER INSERT ON rows BEGIN
            INSERT INTO docs(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER IF NOT EXISTS rows_removed AFTER DELETE ON rows BEGIN
            INSERT INTO docs(docs, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
    """)
    return db


def _rows(session: Session, transcript: Transcript | None, items: list[Item]) -> list[tuple]:
    day = session.date.isoformat()
    rows: list[tuple] = [
        (s.text, session.id, session.client, day, "transcript", s.start, s.speaker, None)
        for s in (transcript.segments if transcript else [])
    ]
    rows += [
        (
            f"{i.text} — {i.quote}" if i.quote and i.quote != i.text else i.text,
            session.id,
            session.client,
            day,
            i.kind,
            i.start,
            i.speaker,
            i.id,
        )
        for i in items
    ]
    return rows


def _replace(
    db: sqlite3.Connection, session: Session, transcript: Transcript | None, items: list[Item], fresh: bool = False
) -> None:
    if not fresh:
        db.execute("DELETE FROM rows WHERE session = ?", (session.id,))
    db.executemany(
        "INSERT INTO rows (text, session, client, date, kind, start, speaker, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        _rows(session, transcript, items),
    )


def update_session(store: Store, session: Session, transcript: Transcript | None, items: list[Item]) -> None:
    """Index one session anew (after summarize, import or an edit). A failure drops the index."""
    path = index_path(store)
    if not path.exists():
        return  # built on the first search, from everything
    try:
        with _connect(path) as db:
            _replace(db, session, transcript, items)
    except sqlite3.Error:
        _drop(path)


def remove_session(store: Store, session_id: str) -> None:
    path = index_path(store)
    if not path.exists():
        return
    try:
        with _connect(path) as db:
            db.execute("DELETE FROM rows WHERE session = ?", (session_id,))
    except sqlite3.Error:
        _drop(path)


def _drop(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)


def rebuild(store: Store) -> int:
    """Make the index anew from every session. Returns the number of sessions indexed."""
    path = index_path(store)
    _drop(path)
    fresh = path.with_name(path.name + ".new")
    _drop(fresh)
    by_session: dict[str, list[Item]] = {}
    with store.read() as index:
        sessions = index.sessions()
        for doc in index.item_docs():
            by_session.setdefault(doc["session"], []).append(Item.from_dict(doc))
    try:
        with _connect(fresh) as db:
            for session in sessions:
                _replace(db, session, store.get_transcript(session.id), by_session.get(session.id, []), fresh=True)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('layout', ?)", (str(LAYOUT),))
        db.close()
        fresh.replace(path)
    except sqlite3.Error as exc:
        _drop(fresh)
        raise RecapError(f"cannot build the search index {path}: {exc}") from None
    return len(sessions)


def _read_only(path: Path) -> bool:
    """The home cannot be written (a read-only disk or folder): the index is read as it is."""
    return path.is_file() and not os.access(path.parent, os.W_OK)


def _open(path: Path) -> sqlite3.Connection:
    if _read_only(path):
        # Read-only media: SQLite must not try to make its -wal and -shm files.
        return sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    return sqlite3.connect(path)


def _ready(store: Store) -> Path:
    path = index_path(store)
    try:
        with closing(_open(path)) as db:
            layout = db.execute("SELECT value FROM meta WHERE key = 'layout'").fetchone()
        if layout and layout[0] == str(LAYOUT):
            return path
    except sqlite3.Error:
        pass
    if _read_only(path) or not os.access(path.parent, os.W_OK):
        raise RecapError(
            f"the search index {path} is missing or old and the data home is read-only; "
            "search from a copy you can write to"
        )
    rebuild(store)
    return path


def _match_expression(text: str) -> str:
    """The user's words as an FTS5 query: every word must appear (prefix match on the last)."""
    words = re.findall(r"[\w']+", text.lower())
    if not words:
        raise RecapError("nothing to search for: give some words, e.g. recap search pricing")
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def search(
    store: Store, text: str, *, client: str | None = None, kind: str | None = None, limit: int = 20
) -> list[Hit]:
    """The places across all sessions where ``text``'s words are said, best first.

    Args:
        text: the words to look for (all of them must appear).
        client: only this client's sessions (case-insensitive).
        kind: "transcript", or an item kind (commitment, next_step, insight, goal).
    """
    path = _ready(store)
    sql = (
        "SELECT r.session, r.client, r.date, r.kind, r.start, r.speaker, r.item, "
        f"snippet(docs, 0, '{MARK[0]}', '{MARK[1]}', '…', 14) FROM docs JOIN rows r ON r.id = docs.rowid "
        "WHERE docs MATCH ?"
    )
    args: list = [_match_expression(text)]
    if client:  # the client's name or first name, as --coach is matched
        name = " ".join(client.lower().split())
        sql += " AND (lower(r.client) = ? OR lower(r.client) LIKE ?)"
        args += [name, name.replace("%", "").replace("_", "") + " %"]
    if kind:
        sql += " AND r.kind = ?"
        args.append(kind)
    sql += " ORDER BY rank LIMIT ?"  # rank is bm25, which FTS5 orders without scoring every match
    args.append(limit)
    try:
        with closing(_open(path)) as db:
            rows = db.execute(sql, args).fetchall()
    except sqlite3.Error as exc:
        raise RecapError(f"search failed on {path}: {exc}; rebuild it with: recap search --rebuild") from None
    return [
        Hit(
            session=r[0], client=r[1], date=r[2], kind=r[3], start=float(r[4]), speaker=r[5], item_id=r[6], snippet=r[7]
        )
        for r in rows
    ]

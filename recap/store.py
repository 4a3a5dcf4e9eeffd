"""The recap store: sessions, transcripts and items in one TinyDB file.

This is the only module that imports tinydb. Writes are atomic (write a temp
file, fsync, rename) so a crash mid-write never leaves a half-written store,
and a lock file serialises writers from concurrent ``recap`` processes.

Tables:
  ``meta``         one document: {"schema": SCHEMA_VERSION}
  ``sessions``     Session.to_dict() per session, keyed by "id"
  ``transcripts``  {"session": id, **Transcript.to_dict()}
  ``items``        {"session": id, **Item.to_dict()}; later sessions read the
                   open actions of earlier ones (continuity), so items are a
                   table of their own rather than nested in the session.
  ``clients``      {"key": slug, "name": ..., "vocab": [...]}: what recap
                   remembers about a client across sessions.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from .atomic import write_json_atomic
from .domain import Item, Session, Transcript
from .errors import SessionNotFound, StoreError
from .locks import try_lock, unlock

SCHEMA_VERSION = 1
LOCK_TIMEOUT = 30.0


class AtomicJSONStorage(Storage):
    """TinyDB storage that replaces the file atomically on every write."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        if not text.strip():
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise StoreError(
                f"{self.path} is damaged ({exc.msg} at line {exc.lineno}); "
                "restore it from a backup or move it aside"
            ) from None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        try:
            write_json_atomic(self.path, data, indent=1)
        except OSError as exc:
            raise StoreError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def close(self) -> None:
        pass


@contextmanager
def _file_lock(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on ``path``, waiting up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while (fh := try_lock(path)) is None:
        if time.monotonic() > deadline:
            raise StoreError(
                f"the store {path.with_suffix('')} is busy (another recap is writing); try again"
            )
        time.sleep(0.05)
    try:
        yield
    finally:
        unlock(fh)


class Store:
    """Sessions, transcripts and items of one data home.

    Every public method opens the database under the lock, so several recap
    processes (a recorder and a ``recap show``) can share one store.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock_path = self.path.with_name(self.path.name + ".lock")

    @contextmanager
    def _db(self) -> Iterator[TinyDB]:
        with _file_lock(self._lock_path):
            db = TinyDB(self.path, storage=AtomicJSONStorage)
            try:
                meta = db.table("meta")
                doc = meta.get(doc_id=1)
                if doc is None:
                    meta.insert({"schema": SCHEMA_VERSION})
                elif doc.get("schema", 0) > SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path} was written by a newer recap (schema {doc['schema']}); "
                        "upgrade recap to read it"
                    )
                yield db
            finally:
                db.close()

    # sessions -----------------------------------------------------------------

    def save_session(self, session: Session) -> None:
        """Insert or update a session (keyed by its id)."""
        with self._db() as db:
            db.table("sessions").upsert(session.to_dict(), Query().id == session.id)

    def get_session(self, session_id: str) -> Session:
        with self._db() as db:
            doc = db.table("sessions").get(Query().id == session_id)
        if doc is None:
            raise SessionNotFound(f"no session '{session_id}' — run `recap sessions` to list them")
        return Session.from_dict(doc)

    def sessions(self) -> list[Session]:
        """All sessions, oldest first (ties in order of creation)."""
        with self._db() as db:
            docs = sorted(db.table("sessions").all(), key=lambda d: d.doc_id)
        return sorted((Session.from_dict(d) for d in docs), key=lambda s: s.created)

    def find_session(self, ref: str | None) -> Session:
        """A session by id, unique id prefix, or the latest when ``ref`` is None."""
        sessions = self.sessions()
        if not sessions:
            raise SessionNotFound("no sessions yet — start one with `recap record` (or try `recap demo`)")
        if ref is None or ref == "latest":
            return sessions[-1]
        exact = [s for s in sessions if s.id == ref]
        if exact:
            return exact[0]
        matches = [s for s in sessions if s.id.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise SessionNotFound(
                f"'{ref}' matches {len(matches)} sessions ({', '.join(s.id for s in matches[:3])}...); "
                "give more of the id"
            )
        raise SessionNotFound(f"no session '{ref}' — run `recap sessions` to list them")

    def delete_session(self, session_id: str) -> None:
        with self._db() as db:
            q = Query()
            db.table("sessions").remove(q.id == session_id)
            db.table("transcripts").remove(q.session == session_id)
            db.table("items").remove(q.session == session_id)

    # transcripts and items ----------------------------------------------------

    def save_results(self, session: Session, transcript: Transcript, items: list[Item]) -> None:
        """Store a session's transcript and items together, in one write."""
        with self._db() as db:
            q = Query()
            db.table("sessions").upsert(session.to_dict(), q.id == session.id)
            db.table("transcripts").upsert(
                {"session": session.id, **transcript.to_dict()}, q.session == session.id
            )
            items_table = db.table("items")
            items_table.remove(q.session == session.id)
            items_table.insert_multiple({"session": session.id, **i.to_dict()} for i in items)

    def get_transcript(self, session_id: str) -> Transcript | None:
        with self._db() as db:
            doc = db.table("transcripts").get(Query().session == session_id)
        return Transcript.from_dict(doc) if doc else None

    def items(self, session_id: str) -> list[Item]:
        with self._db() as db:
            docs = db.table("items").search(Query().session == session_id)
        return sorted((Item.from_dict(d) for d in docs), key=lambda i: (i.start, i.kind))

    # clients ----------------------------------------------------------------

    def client_vocab(self, name: str | None) -> list[str]:
        """Words remembered for a client (names, company, jargon)."""
        if not name:
            return []
        with self._db() as db:
            doc = db.table("clients").get(Query().key == _client_key(name))
        return list(doc.get("vocab", [])) if doc else []

    def add_client_vocab(self, name: str, words: list[str]) -> list[str]:
        """Remember more words for a client; returns the whole list."""
        with self._db() as db:
            table = db.table("clients")
            q = Query().key == _client_key(name)
            doc = table.get(q)
            vocab = list(doc.get("vocab", [])) if doc else []
            for word in words:
                if word and word.lower() not in {v.lower() for v in vocab}:
                    vocab.append(word)
            table.upsert({"key": _client_key(name), "name": name, "vocab": vocab}, q)
        return vocab


def _client_key(name: str) -> str:
    return " ".join(name.lower().split())

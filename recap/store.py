"""The recap store: the small hot index (clients, sessions, items) in one TinyDB file.

This is the only module that imports tinydb. Layout of a data home (see
sessions/README.md for why):

  ``recap.json``       the index: tables ``meta`` ({"schema", "migrations"}),
                       ``sessions`` (Session.to_dict()), ``items`` ({"session",
                       **Item.to_dict()} less its empty fields) and ``clients`` ({"key", "name",
                       "vocab"}). Small: no transcript text.
  ``recap.json.bak``   the last good index before the latest write.
  ``sessions/<id>/transcript.json``  each session's transcript, its own file.
  ``search.db``        the search index (recap/search.py), derived, rebuildable.

Every command reads the index once and writes it at most once, in one
transaction under a lock (:meth:`Store.write`): write a temp file, fsync, keep
the old file as the backup, rename, fsync the folder. A crash at any moment
leaves the old index or the new one, never half of one, and a reader never
waits. Readers (:meth:`Store.read`) take no lock, so read-only commands work on
a read-only home.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import sys
import time
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb import Query, TinyDB
from tinydb.storages import Storage

from .atomic import fsync_dir, write_atomic, write_json_atomic
from .domain import Item, Session, Transcript, client_key
from .errors import ItemNotFound, SessionNotFound, StoreError
from .locks import try_lock, unlock
from .migrations import SCHEMA_VERSION, migrate
from .migrations import schema_of as _schema


def _debug(message: str, *args: object) -> None:
    """For `recap --debug` (the "recap" logger). A listing that does not ask for it never imports
    logging: that alone costs a command 10 ms, and every command reads the index."""
    logging = sys.modules.get("logging")
    if logging is not None:
        logging.getLogger(__name__).debug(message, *args)


#: A writer waits this long for another recap process to finish its (short) transaction.
LOCK_TIMEOUT = 120.0
TRANSCRIPT = "transcript.json"


class _Loaded(Storage):
    """TinyDB storage over a dict read once; the transaction writes it back once."""

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, dict[str, Any]]:
        return self.data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.dirty = True


def _copy(data: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A copy a transaction may change without touching the cached reading."""
    return {name: {doc_id: dict(doc) for doc_id, doc in table.items()} for name, table in data.items()}


class Index:
    """One reading of the index: sessions, items and clients, queried in memory.

    Got from :meth:`Store.read` (a snapshot) or :meth:`Store.write` (a
    transaction, whose changes are written when the ``with`` block ends).
    """

    def __init__(self, store: Store, data: dict[str, dict[str, Any]], writable: bool = False) -> None:
        self.store = store
        self.writable = writable
        self._storage = _Loaded(data)
        self.db = TinyDB(storage=lambda: self._storage)
        self._sessions: list[Session] | None = None

    def _writing(self) -> None:
        if not self.writable:
            raise RuntimeError("a snapshot from Store.read() is read-only; use Store.write()")

    @property
    def changed(self) -> bool:
        return self._storage.dirty

    # sessions -----------------------------------------------------------------

    def _table(self, name: str) -> dict[str, dict[str, Any]]:
        return self._storage.data.get(name, {})

    def sessions(self) -> list[Session]:
        """All sessions, oldest first (ties in order of creation)."""
        if self._sessions is not None:
            return list(self._sessions)
        docs = sorted(self._table("sessions").items(), key=lambda kv: int(kv[0]))
        found = sorted((Session.from_dict(d) for _, d in docs), key=lambda s: s.created)
        if not self.writable:
            self._sessions = found  # a read-only snapshot cannot change: parsed once
        return list(found)

    def get_session(self, session_id: str) -> Session:
        doc = self.db.table("sessions").get(Query().id == session_id)
        if doc is None:
            raise SessionNotFound(f"no session '{session_id}' — run `recap sessions` to list them")
        return Session.from_dict(doc)

    def find_session(self, ref: str | None) -> Session:
        """A session by id, unique id prefix, or the latest when ``ref`` is None."""
        sessions = self.sessions()
        if not sessions:
            raise SessionNotFound("no sessions yet — start one with `recap record` (or try `recap demo`)")
        if ref is None or ref == "latest":
            return self.latest_added()
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

    def latest_added(self) -> Session:
        """The session most recently recorded, imported or made (not the one with the latest date)."""
        table = self._table("sessions")
        if not table:
            raise SessionNotFound("no sessions yet — start one with `recap record` (or try `recap demo`)")
        return Session.from_dict(table[max(table, key=int)])

    def save_session(self, session: Session) -> None:
        """Insert or update a session (keyed by its id)."""
        self._writing()
        self.db.table("sessions").upsert(session.to_dict(), Query().id == session.id)

    def delete_session(self, session_id: str) -> None:
        self._writing()
        q = Query()
        self.db.table("sessions").remove(q.id == session_id)
        self.db.table("items").remove(q.session == session_id)

    # items ----------------------------------------------------------------------

    def items(self, session_id: str | None = None) -> list[Item]:
        """A session's items in time order (every item when ``session_id`` is None)."""
        docs = [d for d in self._table("items").values() if session_id is None or d.get("session") == session_id]
        return sorted((Item.from_dict(d) for d in docs), key=lambda i: (i.start, i.kind))

    def item_docs(self) -> list[dict[str, Any]]:
        """Every item as stored, with its session id (a read-only snapshot's own documents: not to be changed)."""
        docs = self._table("items").values()
        return list(docs) if not self.writable else [dict(d) for d in docs]

    def save_items(self, session_id: str, items: list[Item]) -> list[Item]:
        """Replace a session's items. Each keeps the id of the stored item it repeats, or gets a new one.

        Returns:
            The items with their ids.
        """
        self._writing()
        table = self.db.table("items")
        q = Query()
        old = [Item.from_dict(d) for d in table.search(q.session == session_id)]
        taken = {d.get("id") for d in table.all()}
        # What the coach touched (edited, added, reviewed, closed) stays exactly as it is.
        touched = [o for o in old if coach_touched(o)]
        kept: list[Item] = list(touched)
        for item in items:
            if any(_same_item(t, item) for t in touched):
                continue
            same = next((o for o in old if o.id and o not in touched and _same_item(o, item)), None)
            item_id = item.id or (same.id if same else None) or _new_id(taken)
            taken.add(item_id)
            if same is not None:
                old.remove(same)
                item = dataclasses.replace(item, proposed=same.proposed)
            kept.append(Item.from_dict(item.with_id(item_id).to_dict()))  # as stored
        table.remove(q.session == session_id)
        table.insert_multiple({"session": session_id, **_stored(i)} for i in sorted(kept, key=lambda i: i.start))
        return sorted(kept, key=lambda i: (i.start, i.kind))

    def item_session(self, item_id: str) -> str:
        """The session an item belongs to."""
        doc = self._item_doc(item_id)
        return doc["session"]

    def _item_doc(self, item_id: str) -> dict[str, Any]:
        wanted = item_id.strip().lower()
        found = [d for d in self._table("items").values() if d.get("id") == wanted]
        if not found:
            raise ItemNotFound(f"no item '{item_id}' — `recap items` lists them with their ids")
        return found[0]

    def get_item(self, item_id: str) -> Item:
        return Item.from_dict(self._item_doc(item_id))

    def update_item(self, item: Item) -> None:
        """Write back one item (found by its id)."""
        self.update_items([item])

    def update_items(self, items: list[Item]) -> None:
        """Write back items (found by their ids) in one pass over the table."""
        self._writing()
        if not items:
            return
        new = {i.id: _stored(i) for i in items}

        def write(doc: MutableMapping[str, Any]) -> None:
            fields = {"session": doc["session"], **new[doc["id"]]}
            doc.clear()  # a field back to its default is left out, as in a new document
            doc.update(fields)

        self.db.table("items").update(write, Query().id.one_of(list(new)))

    def clear_proposals(self, session_id: str) -> None:
        """Forget what a session proposed for other sessions' items."""
        self._writing()
        touched = [d for d in self._table("items").values() if (d.get("proposed") or {}).get("session") == session_id]
        self.update_items([dataclasses.replace(Item.from_dict(doc), proposed=None) for doc in touched])

    def add_item(self, session_id: str, item: Item) -> Item:
        """A new item for a session, with a fresh id."""
        self._writing()
        taken = {d.get("id") for d in self._table("items").values()}
        item = Item.from_dict(item.with_id(_new_id(taken)).to_dict())
        self.db.table("items").insert({"session": session_id, **_stored(item)})
        return item

    # settings -----------------------------------------------------------------------

    def setting(self, key: str) -> Any:
        doc = self.db.table("settings").get(Query().key == key)
        return doc.get("value") if doc else None

    def settings(self) -> dict[str, Any]:
        return {d["key"]: d.get("value") for d in self._table("settings").values()}

    def set_setting(self, key: str, value: Any) -> None:
        self._writing()
        table = self.db.table("settings")
        if value is None:
            table.remove(Query().key == key)
        else:
            table.upsert({"key": key, "value": value}, Query().key == key)

    # clients ----------------------------------------------------------------------

    def client_vocab(self, name: str | None) -> list[str]:
        """Words remembered for a client (names, company, jargon)."""
        if not name:
            return []
        doc = self.db.table("clients").get(Query().key == client_key(name))
        return list(doc.get("vocab", [])) if doc else []

    def add_client_vocab(self, name: str, words: list[str]) -> list[str]:
        """Remember more words for a client; returns the whole list."""
        self._writing()
        table = self.db.table("clients")
        q = Query().key == client_key(name)
        doc = table.get(q)
        vocab = list(doc.get("vocab", [])) if doc else []
        for word in words:
            if word and word.lower() not in {v.lower() for v in vocab}:
                vocab.append(word)
        table.upsert({"key": client_key(name), "name": name, "vocab": vocab}, q)
        return vocab

    def client_record(self, name: str) -> dict[str, Any] | None:
        doc = self.db.table("clients").get(Query().key == client_key(name))
        return dict(doc) if doc else None

    def save_client(self, record: dict[str, Any]) -> None:
        self._writing()
        record = {**record, "key": client_key(record["name"])}
        self.db.table("clients").upsert(record, Query().key == record["key"])

    def remove_client(self, name: str) -> None:
        self._writing()
        self.db.table("clients").remove(Query().key == client_key(name))

    # transcripts: one file per session ---------------------------------------------

    def get_transcript(self, session_id: str) -> Transcript | None:
        return self.store.get_transcript(session_id)


def _stored(item: Item) -> dict[str, Any]:
    """An item's document in the index: its fields without the empty ones (``Item.from_dict``
    reads a missing field as its default). A store of years holds tens of thousands of items,
    and every command parses them all."""
    return {k: v for k, v in item.to_dict().items() if v is not None and v is not False}


def coach_touched(item: Item) -> bool:
    """Edited, added, reviewed or closed by the coach: re-extraction never overwrites it."""
    return item.edited or item.reviewed or item.status != "open"


def _same_item(a: Item, b: Item) -> bool:
    """The same item found again: same kind, near the same moment, or the same words."""
    if a.kind != b.kind:
        return False
    return abs(a.start - b.start) <= 2.0 or a.text.casefold() == b.text.casefold()


def _new_id(taken: set[str | None]) -> str:
    """A short id nobody has: 4 hex digits (more only when the store is crowded)."""
    import secrets  # only a write gives ids: listings spare its import

    width = 4
    while True:
        for _ in range(64):
            candidate = secrets.token_hex(4)[:width]
            if candidate not in taken and not candidate.isdigit():
                return candidate
        width += 1


class Store:
    """The index of one data home, and its sessions' transcript files."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.backup = self.path.with_name(self.path.name + ".bak")
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self.sessions_dir = self.path.parent / "sessions"
        self._cache: tuple[tuple[int, int, int], dict[str, dict[str, Any]]] | None = None

    # reading and writing the index --------------------------------------------------

    def _load(self) -> dict[str, dict[str, Any]]:
        """The index as it is on disk (parsed once per process while the file stays the same)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return {}
        except OSError:
            st = None
        key = (st.st_ino, st.st_mtime_ns, st.st_size) if st is not None else None
        if key is None or self._cache is None or self._cache[0] != key:
            data = self._parse()
            if key is None:
                return data
            self._cache = (key, data)
        return self._cache[1]

    def _parse(self) -> dict[str, dict[str, Any]]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except IsADirectoryError:
            raise StoreError(f"{self.path} is a folder, not a recap store; move it aside") from None
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        hint = (
            f"; the last good copy is {self.backup} (restore it with: cp '{self.backup}' '{self.path}')"
            if self.backup.is_file()
            else "; move it aside to start an empty store"
        )
        if not raw.strip():
            raise StoreError(f"{self.path} is empty ({len(raw)} bytes){hint}")
        started = time.perf_counter()
        # Years of items are hundreds of thousands of objects, none in a cycle: the cyclic collector
        # stays out of the parse and, once they are read, never walks them again.
        gc.disable()
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            if "UTF-8" in exc.msg:  # orjson checks the encoding as it parses
                raise StoreError(f"{self.path} is not text (invalid UTF-8){hint}") from None
            raise StoreError(f"{self.path} is damaged ({exc.msg} at line {exc.lineno}){hint}") from None
        finally:
            gc.enable()
        gc.freeze()
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise StoreError(f"{self.path} is not a recap store (unexpected JSON shape){hint}")
        schema = _schema(data)
        if schema > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer recap (schema {schema}); upgrade recap to read it")
        _debug(
            "read %s: %.1f MB, %d sessions, %d items, schema %d, parsed in %.0f ms",
            self.path,
            len(raw) / 1e6,
            len(data.get("sessions", {})),
            len(data.get("items", {})),
            schema,
            (time.perf_counter() - started) * 1000,
        )
        return data

    @contextmanager
    def read(self) -> Iterator[Index]:
        """A snapshot of the index, without a lock. A store in an old layout is migrated first."""
        data = self._load()
        if data and _schema(data) < SCHEMA_VERSION:
            with self.write() as index:
                yield index
            return
        yield Index(self, data)

    @contextmanager
    def write(self) -> Iterator[Index]:
        """One transaction: under the lock, read the index, change it, write it once.

        Nothing is written when the block raises or changes nothing.
        """
        with _file_lock(self._lock_path):
            self._sweep_temp_files()
            data = _copy(self._load())
            migrated = migrate(self, data)
            index = Index(self, data, writable=True)
            yield index
            if index.changed or migrated:
                self._commit(index._storage.data)

    def _commit(self, data: dict[str, dict[str, Any]]) -> None:
        meta = data.setdefault("meta", {})
        meta.setdefault("1", {}).update({"schema": SCHEMA_VERSION})
        try:
            write_atomic(self.path, orjson.dumps(data), before_replace=self._keep_backup)
            fsync_dir(self.path.parent)
            st = os.stat(self.path)
        except OSError as exc:
            raise StoreError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        # What was just written is what the next read of this process would parse (a command
        # reads again after its write, e.g. for keep-audio-days): keep it, unless the file changes.
        self._cache = ((st.st_ino, st.st_mtime_ns, st.st_size), data)

    def _keep_backup(self) -> None:
        """The index about to be replaced becomes the backup (a hard link: no copy, no window)."""
        if not self.path.is_file():
            return
        staged = self.backup.with_name(self.backup.name + ".new")
        staged.unlink(missing_ok=True)
        try:
            os.link(self.path, staged)
        except OSError:
            import shutil

            shutil.copy2(self.path, staged)
        os.replace(staged, self.backup)

    def renew_backup(self) -> list[str]:
        """Make the backup a copy of the index as it is now, and remove migration backups
        (after forgetting a client, no copy may hold them). Returns the files removed."""
        removed = []
        with _file_lock(self._lock_path):
            self._sweep_temp_files()
            if self.path.is_file():
                self._keep_backup()
            for old in self.path.parent.glob(f"{self.path.name}.schema*.bak"):
                old.unlink()
                removed.append(old.name)
        return removed

    def sweep_if_idle(self) -> None:
        """At a command's start: remove temp copies a killed writer left, when no writer is busy.

        Those copies hold the whole index (client names, items): they must not pile up. A
        writer at work holds the lock, so nothing is swept from under it; a read-only home
        is left as it is.
        """
        if not self.path.parent.is_dir():
            return
        try:
            handle = try_lock(self._lock_path)
        except OSError:
            return
        if handle is None:
            return
        try:
            self._sweep_temp_files()
        finally:
            unlock(handle)

    def _sweep_temp_files(self) -> None:
        """Temp copies a killed writer left behind (only writers make them, and we hold the lock)."""
        for stale in self.path.parent.glob(f".{self.path.stem}-*.tmp"):
            stale.unlink(missing_ok=True)
        (self.backup.with_name(self.backup.name + ".new")).unlink(missing_ok=True)

    # transcripts -----------------------------------------------------------------------

    def transcript_path(self, session_id: str) -> Path:
        return self.sessions_dir / session_id / TRANSCRIPT

    def get_transcript(self, session_id: str) -> Transcript | None:
        path = self.transcript_path(session_id)
        try:
            return Transcript.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"cannot read the transcript {path}: {exc}") from None

    def save_transcript(self, session_id: str, transcript: Transcript) -> None:
        try:
            write_json_atomic(self.transcript_path(session_id), transcript.to_dict())
        except OSError as exc:
            raise StoreError(f"cannot write {self.transcript_path(session_id)}: {exc.strerror or exc}") from None

    # one-call conveniences (each its own transaction) -------------------------------------

    def sessions(self) -> list[Session]:
        with self.read() as index:
            return index.sessions()

    def find_session(self, ref: str | None) -> Session:
        with self.read() as index:
            return index.find_session(ref)

    def get_session(self, session_id: str) -> Session:
        with self.read() as index:
            return index.get_session(session_id)

    def items(self, session_id: str) -> list[Item]:
        with self.read() as index:
            return index.items(session_id)

    def client_vocab(self, name: str | None) -> list[str]:
        with self.read() as index:
            return index.client_vocab(name)

    def save_session(self, session: Session) -> None:
        with self.write() as index:
            index.save_session(session)

    def delete_session(self, session_id: str) -> None:
        with self.write() as index:
            index.delete_session(session_id)

    def add_client_vocab(self, name: str, words: list[str]) -> list[str]:
        with self.write() as index:
            return index.add_client_vocab(name, words)

    def save_results(self, session: Session, transcript: Transcript, items: list[Item]) -> list[Item]:
        """A session's transcript file, then its record and items in one transaction.

        Returns:
            The items with their ids.
        """
        self.save_transcript(session.id, transcript)
        with self.write() as index:
            index.save_session(session)
            return index.save_items(session.id, items)


@contextmanager
def _file_lock(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on ``path``, waiting up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    try:
        while (fh := try_lock(path)) is None:
            if time.monotonic() > deadline:
                raise StoreError(f"the store {path.with_suffix('')} is busy (another recap is writing); try again")
            time.sleep(0.02)
    except OSError as exc:
        raise StoreError(f"cannot lock the store ({path}): {exc.strerror or exc}") from None
    try:
        yield
    finally:
        unlock(fh)

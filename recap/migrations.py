"""The index's schema and the named migrations that bring an older store up to it.

A store written by an older recap is migrated once, under the write lock, when a
command first opens it: the old file is kept beside it (``recap.json.schema1.bak``)
and each migration's name is recorded in the index's ``meta`` table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .domain import Transcript

if TYPE_CHECKING:
    from .store import Store

#: The schema this recap writes.
SCHEMA_VERSION = 2


def schema_of(data: dict[str, dict[str, Any]]) -> int:
    """The schema of an index as read (1: recap 0.1, which wrote none; an empty index is current)."""
    meta = data.get("meta", {})
    docs = list(meta.values())
    return int(docs[0].get("schema", 1)) if docs else (1 if data else SCHEMA_VERSION)


def _to_2_transcripts_in_session_folders(store: Store, data: dict[str, dict[str, Any]]) -> None:
    """Schema 1 kept every transcript inside recap.json: each moves to its session folder
    (where summarize also wrote it), and every item gets a short id."""
    for doc in data.pop("transcripts", {}).values():
        doc = dict(doc)
        session_id = doc.pop("session", None)
        if session_id and not store.transcript_path(session_id).is_file():
            store.save_transcript(session_id, Transcript.from_dict(doc))
    from .store import _new_id

    taken: set[str | None] = {d.get("id") for d in data.get("items", {}).values()}
    for doc in data.get("items", {}).values():
        if not doc.get("id"):
            doc["id"] = _new_id(taken)
            taken.add(doc["id"])


#: Named migrations, in order: (the schema they lead to, their name, the change).
MIGRATIONS: list[tuple[int, str, Callable[[Store, dict[str, dict[str, Any]]], None]]] = [
    (2, "transcripts_in_session_folders", _to_2_transcripts_in_session_folders),
]


def migrate(store: Store, data: dict[str, dict[str, Any]]) -> bool:
    """Bring ``data`` (read under the lock) to :data:`SCHEMA_VERSION`, once, keeping the old file.

    Returns:
        True when something was migrated (the caller writes the index).
    """
    if not data:
        return False
    schema = schema_of(data)
    todo = [m for m in MIGRATIONS if m[0] > schema]
    if not todo:
        return False
    kept = store.path.with_name(f"{store.path.name}.schema{schema}.bak")
    if not kept.exists():
        import shutil

        shutil.copy2(store.path, kept)
    meta = data.setdefault("meta", {})
    doc = meta.setdefault("1", {})
    for version, name, change in todo:
        change(store, data)
        doc["schema"] = version
        doc.setdefault("migrations", []).append(name)
    return True

"""What a crash left behind, put right by the next recap command (or ``recap recover``).

- A session still marked "recording" whose recorder is gone: its WAV files are
  repaired from what reached the disk and it is marked "interrupted".
- A session folder being made by an import or the demo (``.pending``) whose
  maker is gone: it never became a session, and is removed.
- A session folder the store does not know (the store was restored from its
  backup, say): put back in the store from its manifest.
"""

from __future__ import annotations

from . import config
from .domain import Session
from .sessions import (
    MANIFEST,
    PENDING,
    RECORDING_LOCK,
    bookmarks,
    read_manifest,
    session_dir,
    working_dir,
    write_manifest,
)
from .store import Store


def leftovers(root) -> list:
    """Session folders a recorder or an import is making, or left when it died (:func:`working_dir`)."""
    try:
        names = [p.name for p in working_dir().iterdir()]
    except FileNotFoundError:
        return []
    found = []
    for name in names:
        folder = root / name
        if folder.is_dir():
            found.append(folder)
        else:
            (working_dir() / name).unlink(missing_ok=True)  # nothing left to look at
    return found


def recover_interrupted(store: Store, thorough: bool = True) -> list[Session]:
    """Repair interrupted recordings and sweep half-made imports.

    Args:
        thorough: also put back sessions the store does not know and recordings
            whose lock file is gone (``recap recover``); without it, only the
            folders a recorder or an import marks are looked at, which is cheap
            enough to run before every command.
    Returns:
        The recordings repaired (half-made imports are swept silently: nothing of
        them was ever a session).
    """
    from .locks import try_lock, unlock

    root = config.sessions_dir()
    marked = leftovers(root)
    if not thorough and not marked:
        return []
    with store.read() as index:
        stored = {s.id: s for s in index.sessions()}
    candidates: dict[str, Session] = {
        s.id: s
        for s in stored.values()
        if s.status == "recording" and (thorough or (session_dir(s.id) / RECORDING_LOCK).exists())
    }
    for folder in root.iterdir() if thorough else marked:
        if not folder.is_dir():
            continue
        if (folder / PENDING).exists():
            handle = try_lock(folder / PENDING)
            if handle is not None:  # its maker died before the session was stored
                unlock(handle)
                if folder.name not in stored:
                    import shutil  # rarely needed: every command's start-up spares its import

                    shutil.rmtree(folder, ignore_errors=True)
                else:
                    (folder / PENDING).unlink(missing_ok=True)
                (working_dir() / folder.name).unlink(missing_ok=True)
            continue
        if folder.name not in stored and (folder / MANIFEST).is_file():
            found = read_manifest(folder)
            if found is not None and found.id == folder.name:
                candidates[found.id] = found
    repaired = []
    for session in candidates.values():
        folder = session_dir(session.id)
        handle = try_lock(folder / RECORDING_LOCK)
        if handle is None:
            continue  # a recorder is alive and writing it
        try:
            if session.status == "recording":
                from .audio.files import recover_session_audio

                on_disk = read_manifest(folder)
                tracks = session.tracks or (on_disk.tracks if on_disk else [])
                session.tracks = recover_session_audio(folder, tracks or None)
                session.duration = round(max((t.duration for t in session.tracks), default=0.0), 3)
                session.status = "interrupted"
                session.bookmarks = bookmarks(session)  # marks are synced as made: a crash keeps them
                write_manifest(session)
            store.save_session(session)
            repaired.append(session)
        finally:
            unlock(handle)
            (folder / RECORDING_LOCK).unlink(missing_ok=True)
            (working_dir() / session.id).unlink(missing_ok=True)
    return repaired

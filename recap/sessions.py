"""Sessions on disk: ids, folders, manifests, the locks that mark work in progress.

A session folder (``<home>/sessions/<id>/``) holds:
  ``session.json``     the session's manifest (also in the store; the copy here
                       lets a crashed recording be found and repaired)
  ``audio/``           one WAV per track: coach.wav, client.wav, or mixed.wav
  ``transcript.json``  and ``transcript.vtt`` after summarizing
  ``.pending``         while an import is being made: such a folder is not a
                       session yet, and is swept if its maker died
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import config
from .atomic import write_json_atomic
from .domain import Role, Session
from .errors import RecapError
from .store import Store

if TYPE_CHECKING:
    from .transcribe import TrackInput

MANIFEST = "session.json"


def slugify(name: str | None, limit: int = 24) -> str:
    """A path-safe, readable form of a client name ("Zoë O'Neil" -> "zoe-oneil")."""
    if not name:
        return ""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower().replace("'", "")).strip("-")
    return slug[:limit].strip("-")


def new_session_folder(when: datetime, client: str | None, taken: set[str]) -> str:
    """Claim a readable, sortable id and its folder: ``2026-11-22-1405-sarah``.

    The id is unique among ``taken`` and on disk: making the folder is the
    claim, so two recap processes starting at once never share one.
    """
    base = when.strftime("%Y-%m-%d-%H%M")
    slug = slugify(client)
    candidate = f"{base}-{slug}" if slug else base
    n = 2
    unique = candidate
    while True:
        if unique not in taken:
            try:
                (config.sessions_dir() / unique).mkdir()
                (config.sessions_dir() / unique / "audio").mkdir()
                return unique
            except FileExistsError:
                pass
        unique = f"{candidate}-{n}"
        n += 1


def session_dir(session_id: str) -> Path:
    return config.sessions_dir() / session_id


def write_manifest(session: Session) -> None:
    """Atomically write ``session.json`` into the session folder."""
    write_json_atomic(session_dir(session.id) / MANIFEST, session.to_dict())


def read_manifest(folder: Path) -> Session | None:
    try:
        return Session.from_dict(json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError):
        return None


def new_session(
    store: Store,
    *,
    client: str | None = None,
    coach: str | None = None,
    source: str = "record",
    when: datetime | None = None,
) -> Session:
    """A new session with its folder claimed; not in the store yet."""
    when = when or datetime.now()
    with store.read() as index:
        taken = {s.id for s in index.sessions()}
        coach = coach or index.setting("coach")  # recap config set coach "Dana Whitfield"
    return Session(
        id=new_session_folder(when, client, taken),
        created=when.replace(microsecond=0),
        client=client,
        coach=coach,
        source=source,
        status="recording" if source == "record" else "recorded",
    )


def create_session(
    store: Store,
    *,
    client: str | None = None,
    coach: str | None = None,
    source: str = "record",
    when: datetime | None = None,
    on_folder: Callable[[Session], None] | None = None,
) -> Session:
    """Make a new session folder and register it in the store (a recording, visible as it happens).

    ``on_folder`` runs once the folder exists, before the session is written
    anywhere: ``recap record`` takes its recording lock there, so no other
    recap process can ever see the new session unlocked and call it crashed.
    """
    session = new_session(store, client=client, coach=coach, source=source, when=when)
    if on_folder:
        on_folder(session)
    write_manifest(session)
    store.save_session(session)
    return session


def track_inputs(session: Session) -> list[TrackInput]:
    """The session's tracks as transcription inputs, on one call clock.

    Each track's times are shifted by when its first sample was captured,
    stretched by its device's measured clock rate and by the pauses it sat out,
    so coach and client lines interleave as they were said.
    """
    from functools import partial

    from .audio.timing import track_time_to_call_time
    from .heard import live_path
    from .transcribe import TrackInput

    folder = session_dir(session.id)
    tracks = [t for t in session.tracks if (folder / t.file).is_file()]
    if not tracks:
        raise RecapError(f"session {session.id} has no audio in {folder / 'audio'}")
    starts = [t.started_at for t in tracks if t.started_at is not None]
    zero = min(starts) if starts else 0.0
    inputs = []
    for t in tracks:
        role: Role | None
        if t.role == "coach":
            speaker, role = session.coach or "Coach", "coach"
        elif t.role == "client":
            speaker, role = session.client or "Client", "client"
        else:
            speaker, role = None, None
        offset = round(t.started_at - zero, 3) if t.started_at is not None else 0.0
        inputs.append(
            TrackInput(
                folder / t.file,
                speaker=speaker,
                role=role,
                offset=offset,
                time_map=partial(track_time_to_call_time, t, zero=zero) if t.started_at is not None else None,
                live=live if (live := live_path(folder, t.file)).is_file() else None,
            )
        )
    return inputs


def parse_vocab(text: str | None) -> list[str]:
    """``"Sarah, Acme; Toastmasters"`` -> ["Sarah", "Acme", "Toastmasters"]."""
    if not text:
        return []
    return [w.strip() for w in re.split(r"[,;\n]", text) if w.strip()]


def session_vocab(store: Store, session: Session, extra: list[str] | None = None) -> list[str]:
    """The words to prime the recognizer with for this session (remembered ones and ``extra``)."""
    words = [session.client, session.coach, *store.client_vocab(session.client), *(extra or [])]
    seen: set[str] = set()
    out = []
    for word in words:
        if word and word.lower() not in seen:
            seen.add(word.lower())
            out.append(word)
    return out


RECORDING_LOCK = ".recording.lock"
#: Moments the coach marked while recording, one JSON line each ({"time": epoch, "text": ...}):
#: appended by the recording itself (the m key, SIGHUP) and by `recap mark` from elsewhere.
MARKS = "marks.jsonl"


def add_mark(session_id: str, text: str | None = None, when: float | None = None) -> float:
    """Mark a moment of a recording: one line appended and synced, so a crash keeps it.

    Returns:
        The moment's wall-clock time (epoch seconds).
    """
    import os
    import time

    moment = time.time() if when is None else when
    line = json.dumps({"time": round(moment, 3), "text": " ".join(text.split()) if text else None}) + "\n"
    fd = os.open(session_dir(session_id) / MARKS, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return moment


def read_marks(session_id: str) -> list[dict]:
    """The marks of a session, in order (a torn last line, from a crash, is left out)."""
    try:
        lines = (session_dir(session_id) / MARKS).read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, NotADirectoryError):
        return []
    marks = []
    for line in lines:
        try:
            mark = json.loads(line)
            marks.append({"time": float(mark["time"]), "text": mark.get("text") or None})
        except (ValueError, KeyError, TypeError):
            continue
    return marks


def bookmarks(session: Session) -> list[dict]:
    """The session's marks in call time ({"at": seconds, "text": ...}), for the session record."""
    starts = [t.started_at for t in session.tracks if t.started_at is not None]
    if not starts:
        return []
    zero = min(starts)
    return [{"at": round(max(0.0, m["time"] - zero), 1), "text": m["text"]} for m in read_marks(session.id)]


def being_recorded(session_id: str) -> bool:
    """True while a `recap record` process holds the session's recording lock."""
    from .locks import try_lock, unlock

    lock = session_dir(session_id) / RECORDING_LOCK
    if not lock.exists():
        return False
    handle = try_lock(lock)
    if handle is None:
        return True
    unlock(handle)
    return False


def live_recordings() -> list[str]:
    """Ids of the sessions some `recap record` is recording right now, oldest first."""
    folder = working_dir()
    return [e.name for e in sorted(folder.iterdir()) if being_recorded(e.name)] if folder.is_dir() else []


def working_dir() -> Path:
    """``<home>/.working/``: one empty file per session some recap process is making right now.

    Recovery looks here first, so the check before every command is cheap
    however many sessions the home holds. The truth is the lock in the
    session's folder: an entry whose lock is free was left by a crash.
    """
    return config.user_dir() / ".working"


def _hold(session: Session, marker: str):
    from .locks import try_lock

    working_dir().mkdir(exist_ok=True)
    (working_dir() / session.id).touch()
    return try_lock(session_dir(session.id) / marker)


def _release(session: Session, marker: str, handle) -> None:
    from .locks import unlock

    (session_dir(session.id) / marker).unlink(missing_ok=True)
    if handle is not None:
        unlock(handle)
    (working_dir() / session.id).unlink(missing_ok=True)


def hold_recording_lock(session: Session):
    """Mark a session as being recorded by this process (until it exits).

    Returns the lock handle; pass it to :func:`release_recording_lock`.
    """
    return _hold(session, RECORDING_LOCK)


def release_recording_lock(session: Session, handle) -> None:
    _release(session, RECORDING_LOCK, handle)


PENDING = ".pending"


def hold_pending(session: Session):
    """Mark a session folder as being made by this process (an import, the demo).

    Returns:
        The lock handle; pass it to :func:`release_pending` once the session is stored.
    """
    return _hold(session, PENDING)


def release_pending(session: Session, handle) -> None:
    _release(session, PENDING, handle)


def discard_folder(session: Session) -> None:
    """Remove the folder of a session that never came into being (the store never knew it)."""
    import shutil

    shutil.rmtree(session_dir(session.id), ignore_errors=True)
    (working_dir() / session.id).unlink(missing_ok=True)


DELETING = ".deleting-"


def delete_session(store: Store, session: Session) -> None:
    """Remove a session and everything made from it: its record, items, audio, transcript,
    search rows, and what it proposed for earlier items.

    The folder is first set aside under a name nothing reads (so no recovery
    brings it back), then the store forgets the session in one transaction,
    then the folder goes. A crash in between leaves either the whole session
    or none of it (a set-aside folder is swept by the next delete).
    """
    import os
    import shutil

    from . import search

    folder = session_dir(session.id)
    if session.status == "recording" and being_recorded(session.id):
        raise RecapError(f"{session.id} is being recorded right now; stop the recording first")
    aside = config.sessions_dir() / f"{DELETING}{session.id}"
    moved = False
    if folder.is_dir():
        os.replace(folder, aside)
        moved = True
    try:
        with store.write() as index:
            index.delete_session(session.id)
            index.clear_proposals(session.id)
    except BaseException:
        if moved:
            os.replace(aside, folder)
        raise
    search.remove_session(store, session.id)
    (working_dir() / session.id).unlink(missing_ok=True)
    for leftover in config.sessions_dir().glob(f"{DELETING}*"):
        shutil.rmtree(leftover, ignore_errors=True)


@dataclass
class Forgotten:
    name: str
    sessions: list[str]
    items: int
    removed_backups: list[str]


def forget_client(store: Store, name: str) -> Forgotten:
    """Remove a client entirely: every session (audio, transcript, items), search rows, remembered
    words, email, review drafts, and the copies of the index that still hold them.

    The index's backup is made again from the index without the client; a
    migration backup (``recap.json.schema1.bak``), which holds every client as
    they were, is removed. The search index is rebuilt from the sessions left,
    so no deleted page of it keeps the client's words.
    """
    from . import search
    from .continuity import display_name, sessions_of

    with store.read() as index:
        sessions = sessions_of(index, name)
        record = index.client_record(name)
        shown = display_name(sessions) if sessions else (record or {}).get("name")
        items = sum(len(index.items(s.id)) for s in sessions)
    if not sessions and record is None:
        raise RecapError(f"no client '{name}'")
    for session in sessions:
        delete_session(store, session)
        (config.user_dir() / "drafts" / f"review-{session.id}.md").unlink(missing_ok=True)
    with store.write() as index:
        index.remove_client(name)
        if shown:
            index.remove_client(shown)
    removed = store.renew_backup()
    search.rebuild(store)
    return Forgotten(shown or name, [s.id for s in sessions], items, removed)


def expire_audio(store: Store, days: int, today) -> list[tuple[str, int]]:
    """Delete the audio of summarized sessions older than ``days``; their transcripts and items stay.

    Returns:
        (session id, bytes freed) for each session whose audio went.
    """
    from datetime import timedelta

    cutoff = today - timedelta(days=days)
    with store.read() as index:
        old = [
            s
            for s in index.sessions()
            if s.status == "summarized"
            and not s.audio_removed
            and s.date < cutoff
            and (session_dir(s.id) / "audio").is_dir()
        ]
    done = []
    for session in old:
        audio = session_dir(session.id) / "audio"
        files = [f for f in audio.iterdir() if f.is_file()]
        if not files:
            continue
        freed = sum(f.stat().st_size for f in files)
        session.audio_removed = today.isoformat()
        write_manifest(session)
        with store.write() as index:
            index.save_session(session)
        for f in files:
            f.unlink(missing_ok=True)
        done.append((session.id, freed))
    return done


def set_details(
    store: Store, session: Session, *, client: str | None = None, day=None, coach: str | None = None
) -> Session:
    """Correct a session's client, date or coach afterwards; its id stays as it is.

    The transcript's speaker labels that stood for the old names follow, the
    search rows follow, and what the session proposes for the client's earlier
    items is worked out again for the new client or date.
    """
    from datetime import datetime as _dt

    from . import search
    from .proposals import record_proposals

    old_client, old_coach = session.client, session.coach
    if client is not None:
        session.client = " ".join(client.split())
    if coach is not None:
        session.coach = " ".join(coach.split())
    if day is not None:
        session.created = _dt.combine(day, session.created.time())
    transcript = store.get_transcript(session.id)
    if transcript is not None:
        import dataclasses

        renamed = False
        for n, seg in enumerate(transcript.segments):
            name = None
            if seg.role == "client" and client is not None and seg.speaker in (old_client, "Client"):
                name = session.client
            elif seg.role == "coach" and coach is not None and seg.speaker in (old_coach, "Coach"):
                name = session.coach
            if name is not None:
                transcript.segments[n] = dataclasses.replace(seg, speaker=name)
                renamed = True
        if renamed:
            from .transcripts import write_transcript

            store.save_transcript(session.id, transcript)
            vtt = session_dir(session.id) / "transcript.vtt"
            if vtt.exists():
                from .atomic import write_atomic

                write_atomic(vtt, write_transcript(transcript, "vtt").encode("utf-8"))
    if session_dir(session.id).is_dir():
        write_manifest(session)
    with store.write() as index:
        index.save_session(session)
        index.clear_proposals(session.id)
        if transcript is not None and session.status == "summarized":
            record_proposals(index, session, transcript)
        items = index.items(session.id)
    search.update_session(store, session, transcript, items)
    return session

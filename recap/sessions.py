"""Sessions on disk and the summarize pipeline (transcribe -> extract -> store).

A session folder (``<home>/sessions/<id>/``) holds:
  ``session.json``     the session's manifest (also in the store; the copy here
                       lets a crashed recording be found and repaired)
  ``audio/``           one WAV per track: coach.wav, client.wav, or mixed.wav
  ``transcript.json``  and ``transcript.vtt`` after summarizing
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Callable

from . import config
from .atomic import write_json_atomic
from .domain import Item, Session, Transcript
from .errors import RecapError
from .store import Store
from .transcribe import Progress, TrackInput, transcribe_tracks

MANIFEST = "session.json"


def slugify(name: str | None, limit: int = 24) -> str:
    """A path-safe, readable form of a client name ("Zoë O'Neil" -> "zoe-oneil")."""
    if not name:
        return ""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower().replace("'", "")).strip("-")
    return slug[:limit].strip("-")


def new_session_id(when: datetime, client: str | None, taken: set[str]) -> str:
    """A readable, sortable id: ``2026-11-22-1405-sarah`` (unique among ``taken``)."""
    base = when.strftime("%Y-%m-%d-%H%M")
    slug = slugify(client)
    candidate = f"{base}-{slug}" if slug else base
    n = 2
    unique = candidate
    while unique in taken or (config.sessions_dir() / unique).exists():
        unique = f"{candidate}-{n}"
        n += 1
    return unique


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


def create_session(
    store: Store,
    *,
    client: str | None = None,
    coach: str | None = None,
    source: str = "record",
    when: datetime | None = None,
    on_folder: Callable[[Session], None] | None = None,
) -> Session:
    """Make a new session folder and register it in the store.

    ``on_folder`` runs once the folder exists, before the session is written
    anywhere: ``recap record`` takes its recording lock there, so no other
    recap process can ever see the new session unlocked and call it crashed.
    """
    when = when or datetime.now()
    taken = {s.id for s in store.sessions()}
    session = Session(
        id=new_session_id(when, client, taken),
        created=when.replace(microsecond=0),
        client=client,
        coach=coach,
        source=source,
        status="recording" if source == "record" else "recorded",
    )
    (session_dir(session.id) / "audio").mkdir(parents=True, exist_ok=True)
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

    from .audio.recorder import track_time_to_call_time

    folder = session_dir(session.id)
    tracks = [t for t in session.tracks if (folder / t.file).is_file()]
    if not tracks:
        raise RecapError(f"session {session.id} has no audio in {folder / 'audio'}")
    starts = [t.started_at for t in tracks if t.started_at is not None]
    zero = min(starts) if starts else 0.0
    inputs = []
    for t in tracks:
        if t.role == "coach":
            speaker, role = session.coach or "Coach", "coach"
        elif t.role == "client":
            speaker, role = session.client or "Client", "client"
        else:
            speaker, role = None, None
        offset = round(t.started_at - zero, 3) if t.started_at is not None else 0.0
        inputs.append(TrackInput(
            folder / t.file, speaker=speaker, role=role, offset=offset,
            time_map=partial(track_time_to_call_time, t, zero=zero) if t.started_at is not None else None,
        ))
    return inputs


def parse_vocab(text: str | None) -> list[str]:
    """``"Sarah, Acme; Toastmasters"`` -> ["Sarah", "Acme", "Toastmasters"]."""
    if not text:
        return []
    return [w.strip() for w in re.split(r"[,;\n]", text) if w.strip()]


def session_vocab(store: Store, session: Session, extra: list[str] | None = None) -> list[str]:
    """The words to prime the recognizer with for this session."""
    if extra and session.client:
        store.add_client_vocab(session.client, extra)
    words = [session.client, session.coach, *store.client_vocab(session.client), *(extra or [])]
    seen: set[str] = set()
    return [w for w in words if w and not (w.lower() in seen or seen.add(w.lower()))]


def summarize(
    store: Store,
    session: Session,
    *,
    model: str | None = None,
    language: str | None = None,
    vocab: list[str] | None = None,
    progress: Progress | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> tuple[Transcript, list[Item]]:
    """Transcribe a session's audio, extract its items and store both.

    ``vocab`` (names, company, jargon) is remembered for the session's client
    and used, with the client's and coach's names, for every later session.

    Returns:
        (transcript, items). The session is marked ``summarized``.
    """
    from .extract import extract
    from .transcripts import write_transcript

    if session.status == "recording":
        raise RecapError(f"session {session.id} is still being recorded; stop it (Ctrl-C) before summarizing")
    if not session.tracks and session.source == "import":
        # An imported transcript: nothing to transcribe, extract from what it says.
        transcript = store.get_transcript(session.id)
        if transcript is None:
            raise RecapError(f"session {session.id} has neither audio nor a transcript")
    else:
        inputs = track_inputs(session)
        if on_stage:
            on_stage("transcribing")
        transcript = transcribe_tracks(
            inputs, model, language=language, vocab=session_vocab(store, session, vocab), progress=progress
        )
    if on_stage:
        on_stage("extracting")
    items = extract(transcript, session.date)
    folder = session_dir(session.id)
    (folder / "transcript.json").write_text(write_transcript(transcript, "json"), encoding="utf-8")
    (folder / "transcript.vtt").write_text(write_transcript(transcript, "vtt"), encoding="utf-8")
    session.status = "summarized"
    if transcript.duration and not session.duration:
        session.duration = transcript.duration
    write_manifest(session)
    store.save_results(session, transcript, items)
    return transcript, items


def import_demo(store: Store) -> Session:
    """Make a new session from the bundled demo call's two tracks."""
    import shutil

    from . import demo
    from .domain import Track

    session = create_session(store, client=demo.CLIENT_NAME, source="demo")
    folder = session_dir(session.id)
    for role, src in demo.TRACKS.items():
        if not src.is_file():
            raise RecapError(f"the demo audio {src} is missing — reinstall recap")
        shutil.copyfile(src, folder / "audio" / src.name)
        session.tracks.append(Track(role=role, file=f"audio/{src.name}", device="demo", started_at=0.0))
    session.title = "Demo call"
    session.status = "recorded"
    write_manifest(session)
    store.save_session(session)
    return session


RECORDING_LOCK = ".recording.lock"


def hold_recording_lock(session: Session):
    """Mark a session as being recorded by this process (until it exits).

    Returns the lock handle; pass it to :func:`release_recording_lock`.
    """
    from .locks import try_lock

    return try_lock(session_dir(session.id) / RECORDING_LOCK)


def release_recording_lock(session: Session, handle) -> None:
    from .locks import unlock

    if handle is not None:
        unlock(handle)
    (session_dir(session.id) / RECORDING_LOCK).unlink(missing_ok=True)


def recover_interrupted(store: Store) -> list[Session]:
    """Repair sessions whose recorder died (kill -9, crash, power loss).

    A session still marked "recording" whose lock no live process holds is
    interrupted: its WAV headers are brought up to date from what reached the
    disk, and it is marked "interrupted" with its real duration. Sessions found
    only on disk (the store lost them) are put back in the store.

    Returns:
        The sessions repaired.
    """
    from .audio.files import recover_session_audio
    from .locks import try_lock, unlock

    root = config.sessions_dir()
    stored = {s.id: s for s in store.sessions()}
    candidates: dict[str, Session] = {s.id: s for s in stored.values() if s.status == "recording"}
    for folder in root.iterdir():
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
                on_disk = read_manifest(folder)
                tracks = session.tracks or (on_disk.tracks if on_disk else [])
                session.tracks = recover_session_audio(folder, tracks or None)
                session.duration = round(max((t.duration for t in session.tracks), default=0.0), 3)
                session.status = "interrupted"
                write_manifest(session)
            store.save_session(session)
            repaired.append(session)
        finally:
            unlock(handle)
            (folder / RECORDING_LOCK).unlink(missing_ok=True)
    return repaired


TRANSCRIPT_SUFFIXES = (".vtt", ".srt", ".txt", ".json")
#: Room to leave on the disk beyond the copied audio (transcript, store).
IMPORT_HEADROOM = 50 * 1024 * 1024


def import_file(
    store: Store,
    path: Path,
    *,
    client: str | None = None,
    coach: str | None = None,
    when: datetime | None = None,
    split_channels: bool = False,
) -> Session:
    """Make a session from an existing recording or transcript (not summarized yet).

    Audio (wav, flac, mp3, m4a, ogg, webm...) is copied into the session; with
    ``split_channels`` a stereo file becomes two tracks, left = coach and
    right = client. A transcript (WebVTT, SRT, plain "Name: text", JSON) is
    stored as the session's transcript; ``coach`` names its coach speaker.

    Raises:
        AudioFileError / TranscriptFormatError: the file cannot be used; no
            session is left behind.
    """
    import shutil

    from .audio.files import probe_duration
    from .domain import Track
    from .errors import AudioFileError

    path = Path(path)
    is_transcript = path.suffix.lower() in TRANSCRIPT_SUFFIXES
    if is_transcript:
        from .transcripts import read_transcript

        from .speakers import named

        transcript = read_transcript(path, coach=coach)
        duration = transcript.duration
        client = client or named(transcript.segments, "client")
        coach = named(transcript.segments, "coach") or coach
    else:
        duration = probe_duration(path)  # fails early, naming the file, for non-audio
        need = path.stat().st_size * (2 if split_channels else 1) + IMPORT_HEADROOM
        free = shutil.disk_usage(config.user_dir()).free
        if free < need:
            raise AudioFileError(
                f"not enough disk space to import {path}: {need / 1e6:.0f} MB needed, "
                f"{free / 1e6:.0f} MB free in {config.user_dir()}"
            )
    if when is None:
        when = datetime.fromtimestamp(path.stat().st_mtime)
    session = create_session(store, client=client, coach=coach, source="import", when=when)
    folder = session_dir(session.id)
    session.title = path.name
    session.duration = round(duration, 3) if duration else None
    try:
        if is_transcript:
            store.save_results(session, transcript, [])
        elif split_channels:
            session.tracks = _split_stereo(path, folder)
        else:
            target = folder / "audio" / f"mixed{path.suffix.lower()}"
            shutil.copyfile(path, target)
            session.tracks = [Track(role="mixed", file=f"audio/{target.name}", device=str(path), started_at=0.0)]
        session.status = "recorded"
        write_manifest(session)
        store.save_session(session)
    except BaseException:
        discard_session(store, session)
        raise
    return session


def _split_stereo(path: Path, folder: Path) -> list:
    """Write the left and right channels of ``path`` as coach and client tracks."""
    import av
    import numpy as np

    from .audio.files import SAMPLE_RATE, decode
    from .audio.wavfile import WavWriter
    from .domain import Track
    from .errors import AudioFileError

    with av.open(str(path)) as container:
        channels = container.streams.audio[0].codec_context.channels if container.streams.audio else 0
    if channels < 2:
        raise AudioFileError(f"{path} has {channels} channel(s); --split-channels needs a stereo file")
    left, right = decode(path, split_stereo=True)
    tracks = []
    for role, samples in (("coach", left), ("client", right)):
        target = folder / "audio" / f"{role}.wav"
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
        with WavWriter(target, SAMPLE_RATE) as writer:
            writer.write(pcm)
        tracks.append(Track(role=role, file=f"audio/{role}.wav", device=f"{path} ({role} = {'left' if role == 'coach' else 'right'})",
                            samplerate=SAMPLE_RATE, started_at=0.0, frames=len(pcm)))
    return tracks


def discard_session(store: Store, session: Session) -> None:
    """Remove a session that failed to come into being (store and folder)."""
    import shutil

    store.delete_session(session.id)
    shutil.rmtree(session_dir(session.id), ignore_errors=True)

"""Sessions from files a coach already has, and from the bundled demo call.

An import is made in a folder marked ``.pending``, transcribed and extracted
there, and enters the store in one transaction only when it is whole: a killed
import leaves no session anyone can see, and its folder is swept by the next
command (:mod:`recap.recovery`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from . import config
from .domain import Item, Session, Track, TrackRole, Transcript
from .errors import AudioFileError, DuplicateImport, RecapError
from .sessions import hold_pending, new_session, release_pending, session_dir, write_manifest
from .store import Store
from .summarize import summarize
from .transcribe import Progress

TRANSCRIPT_SUFFIXES = (".vtt", ".srt", ".txt", ".json")
#: A transcript saved as a document: read as one, to be told to export its text.
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".rtf", ".odt")
#: Room to leave on the disk beyond the copied audio (transcript, store).
IMPORT_HEADROOM = 50 * 1024 * 1024


@contextmanager
def _pending(session: Session) -> Iterator[None]:
    """The session's folder is ours until it is stored; on any failure it is removed."""
    handle = hold_pending(session)
    try:
        yield
    except BaseException:
        shutil.rmtree(session_dir(session.id), ignore_errors=True)
        if handle is not None:
            from .locks import unlock

            unlock(handle)
        raise
    release_pending(session, handle)


def import_file(
    store: Store,
    path: Path,
    *,
    client: str | None = None,
    coach: str | None = None,
    when: datetime | None = None,
    split_channels: bool = False,
    model: str | None = None,
    language: str | None = None,
    vocab: list[str] | None = None,
    progress: Progress | None = None,
    again: bool = False,
) -> tuple[Session, Transcript, list[Item]]:
    """Make a summarized session from an existing recording or transcript.

    Audio (wav, flac, mp3, m4a, ogg, webm...) is copied into the session and
    transcribed; with ``split_channels`` a stereo file becomes two tracks,
    left = coach and right = client. A transcript (WebVTT, SRT, plain "Name:
    text", JSON) is the session's transcript; ``coach`` names its coach speaker.

    A file whose content was imported before is refused (:class:`DuplicateImport`)
    unless ``again``.

    Raises:
        AudioFileError / TranscriptFormatError: the file cannot be used; no
            session is left behind.
        DuplicateImport: the same content is already a session.
    """
    from .audio.files import probe_duration

    path = Path(path)
    transcript = None
    if path.suffix.lower() in TRANSCRIPT_SUFFIXES + DOCUMENT_SUFFIXES:
        from .speakers import named
        from .transcripts import read_transcript

        transcript = read_transcript(path, coach=coach, default_coach=_configured_coach(store))
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
    digest = file_hash(path)
    if not again:
        with store.read() as index:
            twin = next((s for s in index.sessions() if s.source_hash == digest), None)
        if twin is not None:
            raise DuplicateImport(
                f"{path} was imported before, as {twin.id} (same content); to import it again: --again", twin.id
            )
    if when is None:
        when = datetime.fromtimestamp(path.stat().st_mtime)
    session = new_session(store, client=client, coach=coach, source="import", when=when)
    session.source_hash = digest
    with _pending(session):
        folder = session_dir(session.id)
        session.title = path.name
        session.duration = round(duration, 3) if duration else None
        if transcript is None:
            if split_channels:
                session.tracks = _split_stereo(path, folder)
            else:
                target = folder / "audio" / f"mixed{path.suffix.lower()}"
                shutil.copyfile(path, target)
                session.tracks = [Track(role="mixed", file=f"audio/{target.name}", device=str(path), started_at=0.0)]
        write_manifest(session)
        transcript, items = summarize(
            store, session, model=model, language=language, vocab=vocab, progress=progress, transcript=transcript
        )
    return session, transcript, items


def file_hash(path: Path) -> str:
    """SHA-256 of a file's content (read in 1 MiB blocks)."""
    import hashlib

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise AudioFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    return digest.hexdigest()


def _configured_coach(store: Store) -> str | None:
    with store.read() as index:
        return index.setting("coach")


def _split_stereo(path: Path, folder: Path) -> list[Track]:
    """Write the left and right channels of ``path`` as coach and client tracks."""
    import av
    import numpy as np

    from .audio.files import SAMPLE_RATE, decode
    from .audio.wavfile import WavWriter

    with av.open(str(path)) as container:
        channels = container.streams.audio[0].codec_context.channels if container.streams.audio else 0
    if channels < 2:
        raise AudioFileError(f"{path} has {channels} channel(s); --split-channels needs a stereo file")
    left, right = decode(path, split_stereo=True)
    tracks = []
    sides: tuple[tuple[TrackRole, Any], ...] = (("coach", left), ("client", right))
    for role, samples in sides:
        target = folder / "audio" / f"{role}.wav"
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
        with WavWriter(target, SAMPLE_RATE) as writer:
            writer.write(pcm)
        side = "left" if role == "coach" else "right"
        tracks.append(
            Track(
                role=role,
                file=f"audio/{role}.wav",
                device=f"{path} ({role} = {side})",
                samplerate=SAMPLE_RATE,
                started_at=0.0,
                frames=len(pcm),
            )
        )
    return tracks


def import_demo(
    store: Store, *, model: str | None = None, progress: Progress | None = None
) -> tuple[Session, Transcript, list[Item]]:
    """A summarized session of the bundled demo call's two tracks, for client "Demo".

    It replaces the demo session made before, if any (``recap demo --clean``
    removes it).
    """
    from . import demo
    from .sessions import delete_session

    with store.read() as index:
        before = [s for s in index.sessions() if s.source == "demo"]

    session = new_session(store, client=demo.CLIENT_NAME, source="demo")
    with _pending(session):
        folder = session_dir(session.id)
        for role, src in demo.TRACKS.items():
            if not src.is_file():
                raise RecapError(f"the demo audio {src} is missing — reinstall recap")
            shutil.copyfile(src, folder / "audio" / src.name)
            session.tracks.append(Track(role=role, file=f"audio/{src.name}", device="demo", started_at=0.0))
        session.title = "Demo call"
        write_manifest(session)
        transcript, items = summarize(store, session, model=model, progress=progress)
    for old in before:
        delete_session(store, old)
    return session, transcript, items

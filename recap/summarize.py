"""Summarize a session: transcribe its audio, extract its items, store them, index them.

The orchestration of the stages: ``transcribe`` -> ``extract`` -> ``store`` ->
``search``. Each stage is its own module and takes plain data; this one only
wires them to a session.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

from .domain import POSSIBLE_BELOW, Item, Session, Transcript
from .errors import RecapError
from .sessions import session_dir, session_vocab, track_inputs, write_manifest
from .store import Store
from .transcribe import Progress


def summarize(
    store: Store,
    session: Session,
    *,
    model: str | None = None,
    language: str | None = None,
    vocab: list[str] | None = None,
    progress: Progress | None = None,
    transcript: Transcript | None = None,
) -> tuple[Transcript, list[Item]]:
    """Transcribe a session's audio (or take ``transcript``), extract its items and store both.

    ``vocab`` (names, company, jargon) is remembered for the session's client
    and used, with the client's and coach's names, for every later session.
    The session, its items and the remembered words are written in one
    transaction, after the transcript file: the session is whole or unchanged.

    Returns:
        (transcript, items with their ids). The session is marked ``summarized``.
    """
    from .extract import extract
    from .proposals import record_proposals
    from .transcribe import transcribe_tracks
    from .transcripts import write_transcript

    if session.status == "recording":
        raise RecapError(f"session {session.id} is still being recorded; stop it (Ctrl-C) before summarizing")
    if transcript is None and ((not session.tracks and session.source == "import") or session.audio_removed):
        # An imported transcript, or a call whose audio is gone (keep-audio-days): extract from the text.
        transcript = store.get_transcript(session.id)
        if transcript is None:
            raise RecapError(f"session {session.id} has neither audio nor a transcript")
    if transcript is None:
        transcript = transcribe_tracks(
            track_inputs(session),
            model,
            language=language,
            vocab=session_vocab(store, session, vocab),
            progress=progress,
        )
    items = near_marks(extract(transcript, session.date), session.bookmarks)
    try:
        (session_dir(session.id) / "transcript.vtt").write_text(write_transcript(transcript, "vtt"), encoding="utf-8")
    except OSError as exc:
        raise RecapError(f"cannot write {session_dir(session.id) / 'transcript.vtt'}: {exc.strerror or exc}") from None
    session.status = "summarized"
    if transcript.duration and not session.duration:
        session.duration = transcript.duration
    write_manifest(session)
    store.save_transcript(session.id, transcript)
    with store.write() as index:
        if vocab and session.client:
            index.add_client_vocab(session.client, vocab)
        index.save_session(session)
        items = index.save_items(session.id, items)
        # What this call says of the client's earlier open items, for the coach to confirm.
        record_proposals(index, session, transcript)
    from . import search

    search.update_session(store, session, transcript, items)
    return transcript, items


def extract_file(
    path: Path, session_date: date, *, coach: str | None = None, client: str | None = None
) -> tuple[Session, Transcript, list[Item]]:
    """A transcript file's items, outside the store (``recap extract``).

    Returns:
        (a stand-in session named after the file, dated ``session_date``, with the coach and
        client the transcript names; the transcript; the items).
    """
    from .extract import extract
    from .speakers import named
    from .transcripts import read_transcript

    transcript = read_transcript(path, coach=coach)
    items = extract(transcript, session_date)
    stand_in = Session(
        id=path.stem,
        created=datetime.combine(session_date, datetime.min.time()),
        coach=named(transcript.segments, "coach") or coach,
        client=client or named(transcript.segments, "client"),
        status="summarized",
    )
    return stand_in, transcript, items


#: A mark counts for what was said this many seconds before it (the coach presses after hearing
#: it) and this many after (the thought goes on).
MARK_BEFORE, MARK_AFTER = 20.0, 5.0


def near_marks(items: list[Item], marks: list[dict]) -> list[Item]:
    """Items said around a moment the coach marked: flagged ``marked``, never "possible"."""
    at = [float(m.get("at") or 0.0) for m in marks]
    out = []
    for item in items:
        if any(item.start - MARK_AFTER <= t <= item.end + MARK_BEFORE for t in at):
            item = dataclasses.replace(item, marked=True, confidence=max(item.confidence, POSSIBLE_BELOW))
        out.append(item)
    return out

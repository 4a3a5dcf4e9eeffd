"""``recap record``: a new session, its tracks recorded until stop, then stored."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from .audio.compare import SAME_AUDIO
from .clock import format_moment
from .domain import Session
from .errors import RecapError, RecordingError, StoreError, UsageProblem
from .sessions import (
    MARKS,
    add_mark,
    bookmarks,
    discard_folder,
    hold_recording_lock,
    new_session_folder,
    read_marks,
    release_recording_lock,
    session_dir,
    write_manifest,
)
from .store import Store

if TYPE_CHECKING:
    from .audio.status import RecorderStatus
    from .live import LiveTranscription

#: What --mic / --loopback accept to leave that track out.
NO_DEVICE = ("none", "off", "no")

#: Seconds of silence on a track before the coach is warned.
SILENCE_WARNING = 30.0

#: Seconds between comparisons of the two tracks (a wrong setup is found within a few).
COMPARE_EVERY = 2.0
SAME_AUDIO_HINT = (
    f"{SAME_AUDIO} Stop (Ctrl-C), run `recap devices` and pick your microphone with --mic; "
    "as it is, every word will be put in the client's mouth"
)

SILENCE_HINTS = {
    "client": "client track silent for {s:.0f} s — is the call audio routed to the loopback device?",
    "coach": "coach track silent for {s:.0f} s — is the microphone muted or unplugged?",
    "mixed": "no sound for {s:.0f} s — is the microphone muted or unplugged?",
}


class Presenter(Protocol):
    """What the coach sees and presses during a recording; the CLI owns it (``recap/cli/live.py``)."""

    @property
    def keys_help(self) -> str:
        """How to pause, resume and mark a moment here, for the first line."""

    def notice(self, message: str) -> None:
        """A line the coach should read (a device lost, a silent track, paused)."""

    def status(self, status: RecorderStatus) -> None:
        """The recorder's state, several times a second."""

    def keys(self, actions: dict[str, Callable[[], None]]) -> AbstractContextManager[None]:
        """While inside, a key press (one lowercase letter) calls its action."""

    def close(self) -> None:
        """The recording has stopped."""


@contextmanager
def _signals(recorder, mark: Callable[[], None]) -> Iterator[None]:
    """SIGINT and SIGTERM stop; SIGUSR1 pauses, SIGUSR2 resumes and SIGHUP marks the moment (POSIX).

    SIGINT is set here too: a process started in the background (``recap record &``) begins with
    it ignored, and Ctrl-C or ``kill -INT`` must still end the recording normally.
    """

    def stop(signum, frame):
        raise KeyboardInterrupt

    wanted = {signal.SIGTERM: stop, signal.SIGINT: signal.default_int_handler}
    if hasattr(signal, "SIGUSR1"):
        wanted[signal.SIGUSR1] = lambda *_: recorder.pause()
        wanted[signal.SIGUSR2] = lambda *_: recorder.resume()
        wanted[signal.SIGHUP] = lambda *_: mark()
    previous: dict[signal.Signals, Any] = {}
    try:
        for sig, handler in wanted.items():
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: no signal handling
        pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _configured_coach() -> str | None:
    from . import config

    return config.configured_coach()  # read without the store's lock; None if it cannot be read


def _register_meanwhile(store: Store, session: Session):
    """Sweep what an earlier crash left and put the new session in the store, in the background:
    the recording goes on however long the store takes."""
    import threading

    def register() -> None:
        from .recovery import recover_interrupted

        try:
            recover_interrupted(store, thorough=False)
            store.save_session(session)
        except Exception:
            pass

    thread = threading.Thread(target=register, name="recap-register", daemon=True)
    thread.start()
    return thread


#: Seconds between looks at what the live transcription has read.
LIVE_EVERY = 2.0


def _start_live(live: LiveTranscription, store: Store, session: Session, notice: Callable[[str], None]) -> None:
    """Start transcribing the tracks as they are written; a failure only leaves it for after the call."""
    from .sessions import session_vocab

    try:
        vocab = session_vocab(store, session)  # the words summarize will prime the model with
    except Exception:
        vocab = [w for w in (session.client, session.coach) if w]
    try:
        live.start(session_dir(session.id), [t.file for t in session.tracks], vocab)
    except OSError as exc:
        notice(f"Live transcription did not start ({exc.strerror or exc}); the call will be transcribed after it ends.")


def _poll_live(
    live: LiveTranscription, status: RecorderStatus, session: Session, notice: Callable[[str], None]
) -> None:
    """Say what the live transcription heard (--show-transcript), and if it failed or fell behind."""
    failed = live.failure()
    if failed:
        notice(f"Live transcription stopped: {failed}.")
    files = {t.role: t for t in session.tracks}
    recorded = {
        files[t.role].file: max(0, t.bytes - 44) / 2 / (files[t.role].samplerate or 1)
        for t in status.tracks
        if t.role in files
    }
    late = live.behind_notice(recorded)
    if late:
        notice(late)
    if live.show_transcript:
        for line in _transcript_lines(live, session):
            notice(line)


def _transcript_lines(live: LiveTranscription, session: Session) -> list[str]:
    """The utterances heard since the last look, as "12:04 Sarah: ..." lines in call time (the
    transcript's own clock and names: :func:`recap.sessions.track_inputs`)."""
    from .sessions import track_inputs
    from .transcribe import split_utterances

    try:
        inputs = {i.path: i for i in track_inputs(session)}
    except RecapError:  # no track file yet
        return []
    folder = session_dir(session.id)
    lines = []
    for file, words in live.heard():
        track = inputs.get(folder / file)
        if track is None:
            continue
        for utterance in split_utterances(words):
            text = "".join(w.text for w in utterance).strip()
            if text:
                at = format_moment(track.to_call_time(utterance[0].start))
                lines.append(f"{at} " + (f"{track.speaker}: " if track.speaker else "") + text)
    return lines


def record_session(
    store: Store,
    *,
    client: str | None = None,
    coach: str | None = None,
    mic: str | None = None,
    loopback: str | None = None,
    duration: float | None = None,
    presenter: Presenter,
    silence_warning: float = SILENCE_WARNING,
    consent_note: str | None = None,
    live: LiveTranscription | None = None,
) -> Session:
    """Record a call into a new session and store it.

    Args:
        mic: the coach's microphone (None: the default input).
        loopback: the call's output (a monitor source, or "auto"); None records
            the microphone only, as one track of unknown speakers.
        duration: stop after this many seconds; otherwise Ctrl-C / SIGTERM.
        presenter: shows the status line and notices, and reads the keys.
        silence_warning: warn when a track has been silent this many seconds.
        consent_note: what the client was told and said about the recording; the
            reminder to ask is shown at the start and its time kept with the session.
        live: transcribe the tracks while they are recorded (:mod:`recap.live`); the caller
            stops it and waits for it once this returns.
    Returns:
        The stored session, status "recorded".
    Raises:
        DeviceError: a device is missing or silent at start (the empty
            session is removed).
        RecordingError: recording failed part-way (what was written is kept
            and the session is stored before the error propagates).
    """
    from .audio.compare import same_audio
    from .audio.recorder import Recorder, TrackSpec

    no_mic = mic is not None and mic.strip().lower() in NO_DEVICE
    if loopback is not None and loopback.strip().lower() in NO_DEVICE:
        loopback = None
    if no_mic and not loopback:
        raise UsageProblem("nothing to record: --mic none needs a --loopback device")
    specs = [] if no_mic else [TrackSpec("coach" if loopback else "mixed", mic)]
    if loopback:
        specs.append(TrackSpec("client", loopback))
    # Capture starts first: the audio devices open and the tracks are being written before the
    # store is touched (another recap may hold its lock; a big or damaged store may be slow).
    # The folder, its manifest and the recording lock are the session until the store knows it;
    # the lock is held until this process ends, however it ends, and a session marked
    # "recording" whose lock is free was interrupted and gets repaired.
    from datetime import datetime

    when = datetime.now()
    session = Session(
        id=new_session_folder(when, client, set()),
        created=when.replace(microsecond=0),
        client=client,
        coach=coach or _configured_coach(),
        source="record",
        status="recording",
        consent={
            "reminded": when.isoformat(timespec="seconds"),
            **({"note": " ".join(consent_note.split())} if consent_note else {}),
        },
    )
    lock = hold_recording_lock(session)
    write_manifest(session)
    folder = session_dir(session.id)
    import queue

    events: queue.SimpleQueue[str] = queue.SimpleQueue()
    recorder = Recorder(folder, specs, on_event=events.put)
    try:
        recorder.start()
    except BaseException:
        # Nothing was captured: leave no empty session behind.
        release_recording_lock(session, lock)
        discard_folder(session)
        raise
    session.tracks = recorder.tracks
    write_manifest(session)
    registered = _register_meanwhile(store, session)
    names = ", ".join(f"{t.role}: {t.device}" for t in session.tracks)
    notice = presenter.notice
    if live is not None:
        _start_live(live, store, session, notice)
    notice(f"Recording {session.id} ({names}). Ctrl-C to stop, {presenter.keys_help}.")
    if not consent_note:
        who = client or "your client"
        notice(
            f"Reminder: tell {who} the call is being recorded and why, and ask if that is all right "
            "(--consent-note records what was said)."
        )

    warned: set[str] = set()
    paused_at: float | None = None
    next_live = [time.monotonic() + LIVE_EVERY]
    next_compare = time.monotonic() + COMPARE_EVERY

    def warn(kind: str, text: str) -> None:
        """Tell the coach now, and keep it with the session for after the call."""
        at = round(recorder.call_time(), 1)
        notice(f"Warning: {text}" if kind != "device" else text)
        session.warnings.append({"at": at, "kind": kind, "text": text})
        write_manifest(session)  # a crash keeps what went wrong, too

    def show(status: RecorderStatus) -> None:
        nonlocal paused_at, next_compare
        while not events.empty():
            warn("device", events.get())
        if status.paused and paused_at is None:
            paused_at = recorder.call_time()
            notice(f"Paused at {format_moment(paused_at)}.")
        elif not status.paused and paused_at is not None:
            now = recorder.call_time()
            notice(f"Resumed at {format_moment(now)} after {now - paused_at:.0f} s.")
            paused_at = None
        for track in status.tracks:
            if track.silent_for >= silence_warning and track.role not in warned:
                warned.add(track.role)
                warn("silent", SILENCE_HINTS.get(track.role, SILENCE_HINTS["mixed"]).format(s=track.silent_for))
            elif track.silent_for < silence_warning:
                warned.discard(track.role)
        if "same_audio" not in warned and len(status.tracks) == 2 and time.monotonic() >= next_compare:
            next_compare = time.monotonic() + COMPARE_EVERY
            levels = recorder.envelopes()
            if same_audio(levels.get("coach", []), levels.get("client", [])) is not None:
                warned.add("same_audio")
                warn("same_audio", SAME_AUDIO_HINT)
        take_marks()
        if live is not None and time.monotonic() >= next_live[0]:
            next_live[0] = time.monotonic() + LIVE_EVERY
            _poll_live(live, status, session, notice)
        presenter.status(status)

    def toggle_pause() -> None:
        recorder.resume() if recorder.paused else recorder.pause()

    pressed: queue.SimpleQueue[float] = queue.SimpleQueue()  # marks from a key or a signal, to write
    marks_seen = 0
    marks_size = 0

    def mark() -> None:
        pressed.put(time.time())  # the moment of the press; written by the status loop

    def take_marks() -> None:
        """Write the marks pressed here; say every new mark, from here or from `recap mark`."""
        nonlocal marks_seen, marks_size
        while not pressed.empty():
            add_mark(session.id, None, pressed.get())
        try:
            size = (folder / MARKS).stat().st_size
        except OSError:
            return
        if size == marks_size:
            return
        marks_size = size
        found = read_marks(session.id)
        zero = time.time() - recorder.call_time()
        for m in found[marks_seen:]:
            notice(f"Marked {format_moment(m['time'] - zero)}" + (f": {m['text']}" if m["text"] else "."))
        marks_seen = len(found)

    error = None
    try:
        with _signals(recorder, mark), presenter.keys({"p": toggle_pause, "m": mark}):
            recorder.run(duration=duration, on_status=show)
    except Exception as exc:  # RecordingError: keep what was written, then report
        error = exc
    finally:
        take_marks()
        presenter.close()
        session.tracks = recorder.tracks
        session.duration = round(max((t.duration for t in session.tracks), default=0.0), 3)
        session.status = "recorded"
        session.bookmarks = bookmarks(session)
        write_manifest(session)
        registered.join()
        try:
            store.save_session(session)
        except StoreError as exc:
            # The recording is whole on disk; the store can learn of it later.
            error = error or RecordingError(
                f"{exc} — the recording is safe in {folder}; `recap recover` adds it to your sessions"
            )
        release_recording_lock(session, lock)
    while not events.empty():
        notice(events.get())  # after the last save: said, not stored
    if error is not None:
        raise error
    return session

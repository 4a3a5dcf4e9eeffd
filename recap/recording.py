"""``recap record``: a new session, its tracks recorded until stop, then stored."""

from __future__ import annotations

import signal
import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator

from .domain import Session
from .errors import UsageProblem
from .sessions import (
    create_session,
    discard_session,
    hold_recording_lock,
    release_recording_lock,
    session_dir,
    write_manifest,
)
from .store import Store

#: What --mic / --loopback accept to leave that track out.
NO_DEVICE = ("none", "off", "no")

#: Without a terminal (logs, CI) the live line is printed this often instead.
LOG_EVERY = 10.0


@contextmanager
def _sigterm_stops() -> Iterator[None]:
    """Treat SIGTERM (logout, `kill`) like Ctrl-C: a normal, complete stop."""

    def handler(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def record_session(
    store: Store,
    *,
    client: str | None = None,
    coach: str | None = None,
    mic: str | None = None,
    loopback: str | None = None,
    duration: float | None = None,
    echo: Callable[[str], None] = print,
    live: bool | None = None,
) -> Session:
    """Record a call into a new session and store it.

    Args:
        mic: the coach's microphone (None: the default input).
        loopback: the call's output (a monitor source, or "auto"); None records
            the microphone only, as one track of unknown speakers.
        duration: stop after this many seconds; otherwise Ctrl-C / SIGTERM.
        echo: where the live status line and notices go.
        live: redraw one status line in place (default: when stderr is a terminal).
    Returns:
        The stored session, status "recorded".
    Raises:
        DeviceError: a device is missing or silent at start (the empty
            session is removed).
        RecordingError: recording failed part-way (what was written is kept
            and the session is stored before the error propagates).
    """
    from .audio.recorder import Recorder, TrackSpec, format_status

    if live is None:
        live = sys.stderr.isatty()
    no_mic = mic is not None and mic.strip().lower() in NO_DEVICE
    if loopback is not None and loopback.strip().lower() in NO_DEVICE:
        loopback = None
    if no_mic and not loopback:
        raise UsageProblem("nothing to record: --mic none needs a --loopback device")
    specs = [] if no_mic else [TrackSpec("coach" if loopback else "mixed", mic)]
    if loopback:
        specs.append(TrackSpec("client", loopback))
    session = create_session(store, client=client, coach=coach, source="record")
    folder = session_dir(session.id)
    # Held until this process ends, however it ends: a session marked
    # "recording" whose lock is free was interrupted and gets repaired.
    lock = hold_recording_lock(session)
    recorder = Recorder(folder, specs)
    try:
        recorder.start()
    except BaseException:
        # Nothing was captured: leave no empty session behind.
        release_recording_lock(session, lock)
        discard_session(store, session)
        raise
    session.tracks = recorder.tracks
    write_manifest(session)
    store.save_session(session)
    names = ", ".join(f"{t.role}: {t.device}" for t in session.tracks)
    echo(f"Recording {session.id} ({names}). Press Ctrl-C to stop.")

    last_log = [0.0]

    def show(status) -> None:
        line = format_status(status)
        if live:
            sys.stderr.write("\r" + line + "\033[K")
            sys.stderr.flush()
        elif time.monotonic() - last_log[0] >= LOG_EVERY:
            last_log[0] = time.monotonic()
            echo(line)

    error = None
    try:
        with _sigterm_stops():
            recorder.run(duration=duration, on_status=show)
    except Exception as exc:  # RecordingError: keep what was written, then report
        error = exc
    finally:
        if live:
            sys.stderr.write("\n")
        session.tracks = recorder.tracks
        session.duration = round(max((t.duration for t in session.tracks), default=0.0), 3)
        session.status = "recorded"
        write_manifest(session)
        store.save_session(session)
        release_recording_lock(session, lock)
    if error is not None:
        raise error
    return session

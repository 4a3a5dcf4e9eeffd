"""What the coach sees and presses while ``recap record`` runs: the terminal side of a recording.

:func:`recap.recording.record_session` reports to a presenter (its
:class:`~recap.recording.Presenter` protocol); it never writes escape codes or
reads the keyboard itself. Two presenters:

- :class:`LiveLine` (stderr is a terminal): one status line redrawn in place,
  notices printed above it, and single keys read without Enter (``p`` pauses
  and resumes, ``m`` marks the moment).
- :class:`LogLines` (logs, CI, a pipe): every notice on its own line and the
  status line every :data:`LOG_EVERY` seconds.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from ..audio.status import RecorderStatus, format_status

#: Without a terminal (logs, CI) the status line is printed this often instead.
LOG_EVERY = 10.0


class LogLines:
    """Plain lines: every notice, and the status every :data:`LOG_EVERY` seconds."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out
        self._last = 0.0

    @property
    def keys_help(self) -> str:
        return "SIGUSR1/SIGUSR2 to pause/resume, `recap mark` to mark a moment"

    def _put(self, text: str) -> None:
        """Write to the terminal or log; when it is gone (closed window, SIGHUP), record on unseen."""
        out = self.out or sys.stderr
        try:
            out.write(text)
            out.flush()
        except (OSError, ValueError):
            pass

    def notice(self, message: str) -> None:
        self._put(message + "\n")

    def status(self, status: RecorderStatus) -> None:
        if time.monotonic() - self._last >= LOG_EVERY:
            self._last = time.monotonic()
            self._put(format_status(status) + "\n")

    @contextmanager
    def keys(self, actions: dict[str, Callable[[], None]]) -> Iterator[None]:
        yield  # no keyboard without a terminal: signals only

    def close(self) -> None:
        pass


class LiveLine(LogLines):
    """One status line redrawn in place on a terminal, notices above it, keys without Enter."""

    @property
    def keys_help(self) -> str:
        if _key_input() is None:
            return super().keys_help
        return "p to pause/resume, m to mark a moment"

    def notice(self, message: str) -> None:
        self._put("\r\033[K" + message + "\n")

    def status(self, status: RecorderStatus) -> None:
        self._put("\r" + format_status(status) + "\033[K")

    @contextmanager
    def keys(self, actions: dict[str, Callable[[], None]]) -> Iterator[None]:
        """While inside: each key in ``actions`` (one lowercase letter) calls its action."""
        fd = _key_input()
        if fd is None or not actions:
            yield
            return
        import select
        import termios
        import tty

        saved = termios.tcgetattr(fd)
        done = threading.Event()

        def listen() -> None:
            while not done.is_set():
                ready, _, _ = select.select([fd], [], [], 0.2)
                if ready:
                    action = actions.get(os.read(fd, 1).decode("ascii", "replace").lower())
                    if action is not None:
                        action()

        tty.setcbreak(fd)
        thread = threading.Thread(target=listen, name="recap-keys", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join(1)
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    def close(self) -> None:
        self._put("\n")


def _key_input() -> int | None:
    """The terminal's file descriptor when single keys can be read from it (POSIX), else None."""
    if not sys.stdin.isatty():
        return None
    try:
        import termios  # noqa: F401
        import tty  # noqa: F401
    except ImportError:  # Windows: no cbreak mode here
        return None
    return sys.stdin.fileno()


def presenter() -> LogLines:
    """The presenter for this process: a live line on a terminal, plain lines otherwise."""
    return LiveLine() if sys.stderr.isatty() else LogLines()

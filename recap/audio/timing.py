"""The timing of a recording, as plain math: no audio device, no PortAudio.

Where a moment of a track falls in the call (its start, its device clock's
drift, its pauses), when recording was paused, and how fast a device really
delivers its frames.
"""

from __future__ import annotations

import threading
import time

from recap.domain import Track


def track_time_to_call_time(track: Track, t: float, zero: float) -> float:
    """When, in seconds after ``zero``, the sound at ``t`` seconds into a track was heard.

    Applies the track's start (``started_at``), its device clock's drift
    (``measured_rate`` against ``samplerate``) and the stretches it was paused.

    Args:
        track: a recorded track.
        t: seconds into the track's file (frame index / samplerate).
        zero: the call's time origin as an epoch, e.g. the earliest ``started_at``.
    Returns:
        Seconds since ``zero``; the same sound on two tracks maps to the same time.
    """
    start = track.started_at if track.started_at is not None else zero
    rate = track.measured_rate or track.samplerate
    scale = track.samplerate / rate if rate and track.samplerate else 1.0
    paused = sum(p["length"] for p in track.pauses if p["at"] <= t)
    return start - zero + t * scale + paused


class PauseClock:
    """Shared by every track: when recording was paused, on the monotonic clock.

    Written without locks from signal handlers; readers take snapshots.
    """

    def __init__(self) -> None:
        self.since: float | None = None
        self.spans: list[tuple[float, float]] = []
        self._lock = threading.RLock()  # reentrant: a signal may land inside pause()

    def pause(self) -> None:
        with self._lock:
            if self.since is None:
                self.since = time.monotonic()

    def resume(self) -> None:
        with self._lock:
            since = self.since
            if since is not None:
                self.spans.append((since, time.monotonic()))  # before clearing: readers
                self.since = None  # always see the pause in one place or the other

    @property
    def paused(self) -> bool:
        return self.since is not None

    @property
    def last_resume(self) -> float:
        spans = self.spans
        return spans[-1][1] if spans else 0.0

    def paused_at(self, t: float) -> bool:
        since = self.since
        if since is not None and t >= since:
            return True
        return any(a <= t < b for a, b in reversed(self.spans[-8:]))

    def paused_between(self, a: float, b: float) -> float:
        """Seconds of [a, b) that fell inside a pause."""
        spans = list(self.spans)
        since = self.since
        if since is not None:
            spans.append((since, max(b, since)))
        return sum(max(0.0, min(b, e) - max(a, s)) for s, e in spans)


class RateFit:
    """Frames per second a device really delivers, measured against the monotonic clock.

    Fed with each block's capture time (PortAudio's ADC time once a stream has
    settled). A block can be stamped late (a busy sound server, scheduling)
    but never early, so each window contributes only its earliest block — the
    lower envelope of (time, frame) — and a least-squares line through those
    points gives the rate. Each stream gets its own intercept and the slope is pooled, so
    reopening a device does not bend the fit; streams shorter than MIN_SPAN
    are left out. Constant memory (Welford sums).
    """

    #: Seconds a stream must last to count.
    MIN_SPAN = 5.0
    #: Seconds per window whose earliest block is kept.
    WINDOW = 2.0
    #: A "rate" further than this from the nominal one is a failed measurement.
    MAX_SKEW = 0.005

    def __init__(self, nominal: float) -> None:
        self.nominal = nominal
        self._sxx = 0.0
        self._sxy = 0.0
        self._key: object = None
        self._n = 0
        self._mx = self._my = self._cxx = self._cxy = 0.0
        self._x0 = self._x1 = 0.0
        self._window_end = 0.0
        self._best: tuple[float, float] | None = None  # (t, frames) earliest in window

    def add(self, key: object, t: float, frames: float) -> None:
        if key is not self._key:
            self._flush()
            self._close()
            self._key, self._n = key, 0
            self._mx = self._my = self._cxx = self._cxy = 0.0
            self._window_end = t + self.WINDOW
        elif t >= self._window_end:
            self._flush()
            self._window_end += self.WINDOW * max(1, int((t - self._window_end) // self.WINDOW) + 1)
        # Earliest relative to the nominal clock: the least delayed block.
        if self._best is None or t - frames / self.nominal < (self._best[0] - self._best[1] / self.nominal):
            self._best = (t, frames)

    def _flush(self) -> None:
        if self._best is None:
            return
        t, frames = self._best
        self._best = None
        if self._n == 0:
            self._x0 = t
        self._n += 1
        dx = t - self._mx
        self._mx += dx / self._n
        self._my += (frames - self._my) / self._n
        self._cxx += dx * (t - self._mx)
        self._cxy += dx * (frames - self._my)
        self._x1 = t

    def _close(self) -> None:
        if self._n >= 2 and self._x1 - self._x0 >= self.MIN_SPAN:
            self._sxx += self._cxx
            self._sxy += self._cxy
        self._n = 0

    def rate(self) -> float | None:
        """Frames per second, or None before a stream lasted MIN_SPAN seconds."""
        sxx, sxy = self._sxx, self._sxy
        if self._n >= 2 and self._x1 - self._x0 >= self.MIN_SPAN:
            sxx, sxy = sxx + self._cxx, sxy + self._cxy
        if sxx <= 0:
            return None
        rate = sxy / sxx
        return rate if abs(rate / self.nominal - 1) <= self.MAX_SKEW else None

    def finish(self) -> float | None:
        """The rate including the window in progress."""
        self._flush()
        return self.rate()

"""One track's capture: a PortAudio input stream feeding a crash-safe WAV file.

The stream's callback only copies each block into a bounded queue; a writer
thread downmixes to mono, converts to 16-bit and appends to a
:class:`~recap.audio.wavfile.WavWriter`. Disk I/O never happens in the
callback, memory stays flat however long the call, and if the disk stalls for
longer than the queue holds, the missing stretch is written as silence and
noted as a gap so the tracks stay aligned. Every block carries the time its
first sample was captured (:func:`_adc_age`), so the file is a timeline of the
call: see :mod:`recap.audio.timing`.

:class:`~recap.audio.recorder.Recorder` runs one :class:`TrackRecorder` per
device and watches them; this module knows nothing of the other tracks.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from recap.audio.devices import DeviceInfo, open_env, stream_closed, stream_device, stream_opened
from recap.audio.status import SILENCE_DB, TrackStatus, level_db
from recap.audio.timing import PauseClock, RateFit
from recap.audio.wavfile import WavWriter
from recap.domain import SAMPLE_RATE, Track, TrackRole
from recap.errors import DeviceError, RecapError, RecordingError

log = logging.getLogger(__name__)

#: Blocks per second delivered by PortAudio (100 ms each).
BLOCKS_PER_SECOND = 10
#: Queue length in blocks: how long the disk may stall before audio is dropped.
QUEUE_BLOCKS = 30 * BLOCKS_PER_SECOND
#: A running track that delivered nothing for this long is reported as stalled,
#: and its device treated as lost.
STALL_AFTER = 3.0
#: A block whose RMS is above this (dBFS) counts as sound for ``silent_for``;
#: room noise on a live microphone sits well above it, a dead route at -inf.
SPEECH_DB = -50.0
#: Seconds of each track's levels kept to compare the tracks (recap.audio.compare).
ENVELOPE_SECONDS = 15
#: A stretch shorter than this between blocks of one stream is jitter, not a gap.
_JITTER = 0.002
#: Blocks whose timing makes ``started_at`` (5 s of them).
_ZERO_BLOCKS = 5 * BLOCKS_PER_SECOND
#: Seconds after a stream starts before its timing is trusted for the rate.
_SETTLE = 3.0


@dataclass(frozen=True)
class TrackSpec:
    """What to record: a role, a device and (optionally) the file name.

    ``device`` is a resolved :class:`DeviceInfo`, or what the coach typed
    (resolved with :func:`resolve_device`; "client" tracks resolve as loopback).
    ``file`` is relative to the session folder; by default ``audio/<role>.wav``.
    """

    role: TrackRole
    device: DeviceInfo | str | None = None
    file: str | None = None

    @property
    def kind(self) -> Literal["loopback", "mic"]:
        return "loopback" if self.role == "client" else "mic"


class Feed:
    """One open stream on one device. A track gets a new feed after each device change."""

    def __init__(self, device: DeviceInfo, rate: int, channels: int) -> None:
        self.device = device
        self.rate = rate
        self.channels = channels
        self.stream: Any = None
        self.live = False  # blocks go to the track (a probe only proves the device works)
        self.first = threading.Event()
        self.last_block = time.monotonic()
        self.frames = 0  # frames delivered by the callback
        self.dropped = 0  # frames dropped on a full queue since the last queued block
        self.end_at: float | None = None  # blocks captured from then on are discarded
        self.started = time.monotonic()

    def close(self) -> None:
        if self.stream is None:
            return
        try:
            self.stream.stop()
        except Exception:
            pass  # the device may be gone; what was captured is in the queue
        try:
            self.stream.close()
        except Exception:
            pass
        self.stream = None
        stream_closed()

    @property
    def active(self) -> bool:
        try:
            return self.stream is not None and bool(self.stream.active)
        except Exception:
            return False


class TrackRecorder:
    """One chosen device (or its stand-in) -> queue -> writer thread -> WAV file."""

    def __init__(
        self,
        session_dir: Path,
        spec: TrackSpec,
        device: DeviceInfo,
        rel_file: str,
        clock: PauseClock,
        epoch_offset: float,
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        self.spec = spec
        self.device = device  # the one the coach chose
        self.path = session_dir / rel_file
        self.track = Track(role=spec.role, file=rel_file, device=device.label)
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=QUEUE_BLOCKS)
        self.first_audio = threading.Event()
        self.level_db = SILENCE_DB
        # The last blocks' levels, (capture time, dBFS): what the tracks are compared by.
        self.envelope: deque[tuple[float, float]] = deque(maxlen=ENVELOPE_SECONDS * BLOCKS_PER_SECOND)
        self.max_frames: int | None = None
        self.error: RecapError | None = None
        self.feed: Feed | None = None  # what is being recorded now
        self.next_retry = 0.0  # monotonic time to try the chosen device again
        self.next_fallback = 0.0  # ... and to look for a stand-in, while there is none
        self._clock = clock
        self._epoch_offset = epoch_offset
        self._on_change = on_change
        self._writer: WavWriter | None = None
        self._thread: threading.Thread | None = None
        self._rate = RateFit(SAMPLE_RATE)
        self._loud_at = time.monotonic()
        # Writer state: where the timeline ends, on the monotonic clock.
        self._end: float | None = None
        self._last_feed: Feed | None = None
        self._skipped = False  # blocks were dropped for a pause since the last write
        self._pending: dict[int, list[dict[str, Any]]] = {}
        self._zeros: list[float] = []  # settled ADC estimates of frame 0
        self._early: list[float] = []  # arrival estimates from before it settled
        self._zero_feed: Feed | None = None  # the stream whose frame 0 is the track's

    @property
    def lost(self) -> bool:
        return self.feed is None or self.feed.device is not self.device

    # --- set-up -------------------------------------------------------------

    def open(self) -> None:
        feed = self.open_feed(self.device, None)
        self.track.samplerate = feed.rate
        self._rate = RateFit(feed.rate)
        self.track.channels = 1
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            feed.close()
            raise RecordingError(f"cannot create {self.path.parent}: {exc.strerror}") from exc
        try:
            self._writer = WavWriter(self.path, feed.rate, 1)
        except RecapError:
            feed.close()
            raise
        feed.live = True
        self.feed = feed

    def open_feed(self, device: DeviceInfo, rate: int | None) -> Feed:
        """Open (not start) a stream on ``device``, at ``rate`` when given."""
        import sounddevice as sd

        index = stream_device(device)
        with open_env(device):
            rate_, channels = _settings(sd, index, device, rate)
            feed = Feed(device, rate_, channels)
            try:
                feed.stream = sd.InputStream(
                    device=index,
                    samplerate=rate_,
                    channels=channels,
                    dtype="float32",
                    blocksize=int(rate_) // BLOCKS_PER_SECOND,
                    latency="high",
                    callback=self._callback(feed),
                )
            except Exception as exc:
                raise DeviceError(f"cannot open '{device.name}': {_pa_reason(exc)}") from exc
            stream_opened()
        log.debug("%s: '%s' opened at %d Hz, %d channel(s)", self.spec.role, device.name, rate_, channels)
        return feed

    def start(self) -> None:
        self._thread = threading.Thread(target=self._write_loop, name=f"recap-writer-{self.spec.role}", daemon=True)
        self._thread.start()
        self._loud_at = time.monotonic()
        assert self.feed is not None
        start_feed(self.feed)

    # --- the PortAudio callback: no I/O, no locks, no waiting ----------------------

    def _callback(self, feed: Feed) -> Callable[..., None]:
        put = self.queue.put_nowait

        def callback(indata: Any, frames: int, time_info: Any, status: Any) -> None:
            now = time.monotonic()
            # When the block's first sample was heard, at the latest. PortAudio's
            # ADC time is finer (no fragment rounding) but the ALSA PulseAudio
            # plugin reports it up to half a second off while a stream starts,
            # so it only feeds the median that makes started_at.
            t = now - frames / feed.rate
            adc = now - _adc_age(time_info, frames, feed.rate)
            feed.last_block = now
            feed.first.set()
            if feed.live:
                if not self.first_audio.is_set():
                    self.track.started_at = t + self._epoch_offset
                    self.first_audio.set()
                if status.input_overflow:
                    self.track.overflows += 1
                try:
                    put((feed, t, adc, feed.frames, indata.copy(), feed.dropped))
                    feed.dropped = 0
                except queue.Full:
                    feed.dropped += frames
            feed.frames += frames

        return callback

    # --- the writer thread -----------------------------------------------------

    def mark(self, event: dict[str, Any], feed: Feed | None = None) -> None:
        """Note a device event where the timeline stands when the writer reaches it.

        With a ``feed``, the event waits for that feed's first written block, so
        it lands where the new device's audio begins.
        """
        self.queue.put(("event", feed, event))

    def _write_loop(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.error is not None:
                continue  # keep draining so the callback never finds the queue full
            try:
                if isinstance(item[0], str):
                    _, feed, event = item
                    if feed is None:
                        # Events still waiting for a feed that never delivered
                        # happened before this one.
                        for events in self._pending.values():
                            for earlier in events:
                                self._add_event(earlier)
                        self._pending.clear()
                        self._add_event(event)
                    else:
                        self._pending.setdefault(id(feed), []).append(event)
                else:
                    self._write_block(*item)
            except RecapError as exc:
                self.error = exc
            if self._writer is not None:
                self.track.frames = self._writer.frames

    def _write_block(self, feed: Feed, t: float, adc: float, start: int, block: Any, dropped: int) -> None:
        import numpy as np

        if feed.end_at is not None and t >= feed.end_at:
            return  # captured after the device was lost: another device's sound
        mono = block[:, 0] if block.shape[1] == 1 else block.mean(axis=1)
        self.level_db = level_db(mono)
        if self.level_db > SPEECH_DB:
            self._loud_at = time.monotonic()
        settled = t - feed.started >= _SETTLE
        if settled:
            self._rate.add(feed, adc, start)
        if self._zero_feed is None:
            self._zero_feed = feed
        if feed is self._zero_feed and len(self._zeros) < _ZERO_BLOCKS:
            self._refine_start(t, adc, start, settled)
        if self._end is None:
            self._end = t  # the timeline starts here, even if paused already
            self._last_feed = feed
        if self._clock.paused_at(t):
            self._skipped = True
            return
        self.envelope.append((t, self.level_db))
        rate = self.track.samplerate
        if feed is not self._last_feed:
            # A new device: silence for the time no device was heard, minus pauses.
            span = t - self._end
            paused = self._clock.paused_between(self._end, t)
            self._note_pause(paused)
            if span - paused > 0:
                self._fill(round((span - paused) * self._frame_rate()))
            elif span < 0:
                # The new stream reaches back before the old one ended: overlap.
                mono = mono[min(len(mono), round(-span * rate)) :]
                if not len(mono):
                    return
                t = self._end
        elif self._skipped:
            self._note_pause(max(0.0, t - self._end))
        elif dropped:
            self._fill(dropped)  # the queue was full: exact, same stream
        self._skipped = False
        self._last_feed = feed
        for event in self._pending.pop(id(feed), []):
            self._add_event(event)
        self._write(np.clip(mono, -1.0, 1.0))
        self._end = t + len(mono) / rate

    def _refine_start(self, t: float, adc: float, start: int, settled: bool) -> None:
        """``started_at`` from the median of many blocks, not just the first.

        Each block says when frame 0 was heard. Once the stream has settled,
        ADC times are used (steady to a millisecond); before — or if the device
        is lost before it settles — arrival times are (within ~10 ms: the sound
        server delivers in fragments), as a new stream's ADC times can be half
        a second off.
        """
        rate = self.track.samplerate
        if settled:
            self._zeros.append(adc - start / rate)
        elif len(self._early) < _ZERO_BLOCKS:
            self._early.append(t - start / rate)
        values = sorted(self._zeros if len(self._zeros) >= _ZERO_BLOCKS // 5 else self._early)
        if values:
            self.track.started_at = values[len(values) // 2] + self._epoch_offset
        if len(self._zeros) == _ZERO_BLOCKS:
            self._on_change()

    def _frame_rate(self) -> float:
        # Gaps are measured on the wall clock; converting them at the device's
        # measured rate keeps the whole file on one time scale.
        return self._rate.rate() or float(self.track.samplerate)

    def _write(self, mono: Any) -> None:
        assert self._writer is not None
        n = self._limit(len(mono))
        pcm = (mono[:n] * 32767.0).round().astype("<i2")
        self._writer.write(pcm)

    def _fill(self, frames: int) -> None:
        import numpy as np

        assert self._writer is not None
        if frames <= 0:
            return
        rate = self.track.samplerate
        at = self._writer.frames / rate
        gaps = self.track.gaps
        if gaps and abs(gaps[-1]["at"] + gaps[-1]["length"] - at) < 1e-6:
            gaps[-1]["length"] += frames / rate
        else:
            gaps.append({"at": at, "length": frames / rate})
        n = self._limit(frames)
        while n > 0:  # in pieces: a long outage must not need a long buffer
            piece = min(n, rate * 10)
            self._writer.write(np.zeros(piece, dtype="<i2"))
            n -= piece

    def _note_pause(self, seconds: float) -> None:
        if seconds <= _JITTER or self._writer is None:
            return
        at = round(self._writer.frames / self.track.samplerate, 3)
        pauses = self.track.pauses
        if pauses and pauses[-1]["at"] == at:
            pauses[-1]["length"] = round(pauses[-1]["length"] + seconds, 3)
        else:
            pauses.append({"at": at, "length": round(seconds, 3)})
        self._on_change()

    def _add_event(self, event: dict[str, Any]) -> None:
        frames = self._writer.frames if self._writer else self.track.frames
        self.track.events.append({"at": round(frames / self.track.samplerate, 3), **event})
        self._on_change()

    def _limit(self, n: int) -> int:
        if self.max_frames is None or self._writer is None:
            return n
        return max(0, min(n, self.max_frames - self._writer.frames))

    # --- tear-down ---------------------------------------------------------------

    def stop(self, stop_at: float) -> None:
        if self.feed is not None:
            self.feed.close()
        if self._thread is not None:
            self.queue.put(None)
            self._thread.join()
            self._thread = None
        if self._writer is not None:
            try:
                for events in self._pending.values():
                    for event in events:
                        self._add_event(event)
                self._pending.clear()
                self._finish_timeline(stop_at)
                self.track.frames = self._writer.close()
            except RecapError as exc:
                self.error = self.error or exc
                self.track.frames = self._writer.frames
            self._writer = None
        rate = self._rate.finish()
        self.track.measured_rate = round(rate, 3) if rate else None

    def _finish_timeline(self, stop_at: float) -> None:
        """A track without a working device still ends when the others do."""
        if self._end is None or self.error is not None:
            return
        silent = self.feed is None or not self.feed.live or (stop_at - self.feed.last_block > STALL_AFTER)
        if not silent:
            return
        if self.max_frames is not None:
            frames = self.max_frames - self._writer.frames  # type: ignore[union-attr]
        else:
            span = stop_at - self._end - self._clock.paused_between(self._end, stop_at)
            frames = round(span * self._frame_rate())
        self._fill(frames)

    def status(self) -> TrackStatus:
        now = time.monotonic()
        feed = self.feed
        stalled = (
            feed is not None
            and feed.stream is not None
            and self.first_audio.is_set()
            and now - feed.last_block > STALL_AFTER
        )
        rate = self.track.samplerate
        seconds = (self._writer.frames if self._writer else self.track.frames) / rate
        if feed is None and self._end is not None and not self._clock.paused:
            # No device at all: the timeline still grows (silence is written later).
            seconds += max(0.0, now - self._end - self._clock.paused_between(self._end, now))
        if self.max_frames is not None:
            seconds = min(seconds, self.max_frames / rate)
        silent_for = 0.0 if self._clock.paused else max(0.0, now - max(self._loud_at, self._clock.last_resume))
        return TrackStatus(
            role=self.spec.role,
            device=(feed.device if feed is not None else self.device).label,
            level_db=self.level_db if feed is not None else SILENCE_DB,
            seconds=seconds,
            bytes=self._writer.bytes_written if self._writer else _size(self.path),
            overflows=self.track.overflows,
            stalled=stalled,
            error=str(self.error) if self.error else None,
            silent_for=silent_for,
            lost=self.lost,
        )


def start_feed(feed: Feed) -> None:
    feed.started = time.monotonic()
    try:
        feed.stream.start()
    except Exception as exc:
        raise DeviceError(f"cannot start '{feed.device.name}': {_pa_reason(exc)}") from exc


def _settings(sd: Any, index: int, device: DeviceInfo, rate: int | None) -> tuple[int, int]:
    """16 kHz mono if the device takes it, else its own rate and 1-2 channels.

    With ``rate`` (reopening for a track that has one) only that rate will do.
    """
    max_ch = max(1, device.max_input_channels)
    default_rate = int(device.default_samplerate or 48000)
    if device.pulse_source is None:
        info = sd.query_devices(index)
        default_rate = int(info["default_samplerate"] or 48000)
        max_ch = max(1, int(info["max_input_channels"]))
    rates = (rate,) if rate else (SAMPLE_RATE, default_rate)
    for candidate in rates:
        for channels in sorted({1, min(2, max_ch)}):
            try:
                sd.check_input_settings(device=index, channels=channels, samplerate=candidate, dtype="float32")
                return candidate, channels
            except Exception:
                continue
    if rate:
        raise DeviceError(f"'{device.name}' cannot record at {rate} Hz")
    raise DeviceError(
        f"'{device.name}' accepts neither {SAMPLE_RATE} nor {default_rate} Hz — is another program using it?"
    )


def _adc_age(time_info: Any, frames: int, samplerate: int) -> float:
    """Seconds since the block's first sample was captured, by PortAudio's ADC time.

    The ADC time is on PortAudio's own clock; its distance to the stream's
    "now" holds whatever that clock is. Without it, the block's length.
    """
    try:
        age = float(time_info.currentTime) - float(time_info.inputBufferAdcTime)
        if not time_info.inputBufferAdcTime:
            age = -1.0
    except Exception:
        age = -1.0
    if not 0.0 <= age < 5.0:
        age = frames / samplerate if samplerate else 0.0
    return age


def free_name(session_dir: Path, rel: str, taken: set[str]) -> str:
    """``rel``, or ``name-2.wav``... when it exists: never overwrite a recording."""
    path = Path(rel)
    candidate, n = rel, 1
    while candidate in taken or (session_dir / candidate).exists():
        n += 1
        candidate = str(path.with_name(f"{path.stem}-{n}{path.suffix}"))
    return candidate


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _pa_reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]

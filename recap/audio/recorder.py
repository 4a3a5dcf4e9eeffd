"""Record one or more input devices into crash-safe WAV tracks.

Each track is a PortAudio input stream whose callback only copies the block
into a bounded queue; a writer thread per track downmixes to mono, converts to
16-bit and appends to a :class:`~recap.audio.wavfile.WavWriter`. Disk I/O never
happens in the callback, memory stays flat however long the call, and if the
disk stalls for longer than the queue holds, the missing stretch is written as
silence and noted as a gap so the tracks stay aligned.

Every block carries the time its first sample was captured, so a track's file
is a timeline: stretches without audio from its device (a device unplugged and
reopened, the disk stalling) are filled with silence and listed in
``Track.gaps``; paused stretches are left out and listed in ``Track.pauses``.
:func:`track_time_to_call_time` maps a position in a file back to the call.

A watcher thread notices devices that disappear — PulseAudio sources from the
source list (PulseAudio quietly moves a recording to another source when its
own goes away, so the stream itself never fails), any device from its stream
stalling — and records from a fallback until the device returns.

Typical use (what ``recap record`` does)::

    rec = Recorder(session_dir, [TrackSpec("coach", "usb"), TrackSpec("client", "auto")])
    tracks = rec.run(duration=None, on_status=lambda s: print(format_status(s), end="\\r"))
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recap.atomic import write_json_atomic
from recap.audio.devices import (
    DeviceInfo,
    SourceWatch,
    open_env,
    pulse_available,
    pulse_source_names,
    resolve_device,
    stream_closed,
    stream_device,
    stream_opened,
)
from recap.audio.status import SILENCE_DB, RecorderStatus, TrackStatus, format_status, level_db  # noqa: F401  (re-exported)
from recap.audio.timing import PauseClock, RateFit, track_time_to_call_time  # noqa: F401  (re-exported)
from recap.audio.wavfile import WavWriter
from recap.domain import Track
from recap.errors import DeviceError, RecapError, RecordingError, UsageProblem

#: Preferred rate: what Whisper wants, so nothing is resampled later.
TARGET_RATE = 16000
#: Blocks per second delivered by PortAudio (100 ms each).
BLOCKS_PER_SECOND = 10
#: Queue length in blocks: how long the disk may stall before audio is dropped.
QUEUE_BLOCKS = 30 * BLOCKS_PER_SECOND
#: Seconds to wait for a device's first block before calling it dead.
FIRST_AUDIO_TIMEOUT = 6.0
#: A running track that delivered nothing for this long is reported as stalled,
#: and its device treated as lost.
STALL_AFTER = 3.0
#: A block whose RMS is above this (dBFS) counts as sound for ``silent_for``;
#: room noise on a live microphone sits well above it, a dead route at -inf.
SPEECH_DB = -50.0
#: Seconds between the watcher's looks at streams (stalls, retries).
WATCH_TICK = 0.25
#: Seconds between listings of PulseAudio sources when no change is announced.
LIST_EVERY = 2.0
#: Seconds between attempts to reopen a lost device or find a fallback.
RETRY_EVERY = 3.0
#: Seconds a reopened device may take to deliver its first block.
PROBE_WAIT = 3.0
#: A stretch shorter than this between blocks of one stream is jitter, not a gap.
_JITTER = 0.002
#: Blocks whose timing makes ``started_at`` (5 s of them).
_ZERO_BLOCKS = 5 * BLOCKS_PER_SECOND
#: Seconds after a stream starts before its timing is trusted for the rate.
_SETTLE = 3.0
SIDECAR = "tracks.json"
ROLES = ("coach", "client", "mixed")
_ROLE_NAMES = {"coach": "coach microphone", "client": "client loopback", "mixed": "microphone"}


@dataclass(frozen=True)
class TrackSpec:
    """What to record: a role, a device and (optionally) the file name.

    ``device`` is a resolved :class:`DeviceInfo`, or what the coach typed
    (resolved with :func:`resolve_device`; "client" tracks resolve as loopback).
    ``file`` is relative to the session folder; by default ``audio/<role>.wav``.
    """

    role: str
    device: DeviceInfo | str | None = None
    file: str | None = None

    @property
    def kind(self) -> str:
        return "loopback" if self.role == "client" else "mic"


class _Feed:
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


class _TrackRecorder:
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
        self.max_frames: int | None = None
        self.error: RecapError | None = None
        self.feed: _Feed | None = None  # what is being recorded now
        self.next_retry = 0.0  # monotonic time to try the chosen device again
        self.next_fallback = 0.0  # ... and to look for a stand-in, while there is none
        self._clock = clock
        self._epoch_offset = epoch_offset
        self._on_change = on_change
        self._writer: WavWriter | None = None
        self._thread: threading.Thread | None = None
        self._rate = RateFit(TARGET_RATE)
        self._loud_at = time.monotonic()
        # Writer state: where the timeline ends, on the monotonic clock.
        self._end: float | None = None
        self._last_feed: _Feed | None = None
        self._skipped = False  # blocks were dropped for a pause since the last write
        self._pending: dict[int, list[dict[str, Any]]] = {}
        self._zeros: list[float] = []  # settled ADC estimates of frame 0
        self._early: list[float] = []  # arrival estimates from before it settled
        self._zero_feed: _Feed | None = None  # the stream whose frame 0 is the track's

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

    def open_feed(self, device: DeviceInfo, rate: int | None) -> _Feed:
        """Open (not start) a stream on ``device``, at ``rate`` when given."""
        import sounddevice as sd

        index = stream_device(device)
        with open_env(device):
            rate_, channels = _settings(sd, index, device, rate)
            feed = _Feed(device, rate_, channels)
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
        return feed

    def start(self) -> None:
        self._thread = threading.Thread(target=self._write_loop, name=f"recap-writer-{self.spec.role}", daemon=True)
        self._thread.start()
        self._loud_at = time.monotonic()
        assert self.feed is not None
        start_feed(self.feed)

    # --- the PortAudio callback: no I/O, no locks, no waiting ----------------------

    def _callback(self, feed: _Feed) -> Callable[..., None]:
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

    def mark(self, event: dict[str, Any], feed: _Feed | None = None) -> None:
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

    def _write_block(self, feed: _Feed, t: float, adc: float, start: int, block: Any, dropped: int) -> None:
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


def start_feed(feed: _Feed) -> None:
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
    rates = (rate,) if rate else (TARGET_RATE, default_rate)
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
        f"'{device.name}' accepts neither {TARGET_RATE} nor {default_rate} Hz — is another program using it?"
    )


class Recorder:
    """Record several devices at once, one WAV per track, in ``<session>/audio/``.

    Args:
        session_dir: the session folder; tracks go to its ``audio/`` subfolder.
        specs: one :class:`TrackSpec` per track (e.g. coach mic + client loopback).
        first_audio_timeout: seconds a device may take to deliver sound at start.
        on_event: called (from a background thread) with a one-line message
            when a device disappears, is replaced or comes back.
    """

    def __init__(
        self,
        session_dir: str | os.PathLike[str],
        specs: list[TrackSpec],
        first_audio_timeout: float = FIRST_AUDIO_TIMEOUT,
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        if not specs:
            raise UsageProblem("nothing to record: no track was asked for")
        for spec in specs:
            if spec.role not in ROLES:
                raise UsageProblem(f"unknown track role '{spec.role}' (use coach, client or mixed)")
        self.session_dir = Path(session_dir)
        self.specs = list(specs)
        self.first_audio_timeout = first_audio_timeout
        self.on_event = on_event
        self._tracks: list[_TrackRecorder] = []
        self._clock = PauseClock()
        # One wall-clock reading for the whole recording: block times are taken
        # on the monotonic clock, so a clock change mid-call cannot shift a track.
        self._epoch_offset = time.time() - time.monotonic()
        self._halt = threading.Event()
        self._watcher: threading.Thread | None = None
        self._sidecar_lock = threading.Lock()
        self._started = False
        self._stopped = False

    @property
    def tracks(self) -> list[Track]:
        """The tracks as they stand (complete after :meth:`stop`)."""
        return [t.track for t in self._tracks]

    @property
    def error(self) -> RecapError | None:
        """The first failure of a running track (disk full...), if any."""
        return next((t.error for t in self._tracks if t.error), None)

    @property
    def paused(self) -> bool:
        return self._clock.paused

    def pause(self) -> None:
        """Stop writing until :meth:`resume`; safe from signal handlers and threads.

        Devices stay open, so resuming is instant; what they deliver meanwhile
        is dropped. Each track notes the pause in ``Track.pauses``.
        """
        self._clock.pause()

    def resume(self) -> None:
        """Write again after :meth:`pause` (does nothing when not paused)."""
        self._clock.resume()

    def start(self) -> None:
        """Open every device, start writing, and wait for each to deliver sound.

        Raises:
            DeviceError: a device is unknown, busy, or sends nothing.
            RecordingError: the track files cannot be created.
        """
        if self._started:
            return
        self._started = True
        devices = [
            s.device if isinstance(s.device, DeviceInfo) else resolve_device(s.device, s.kind)  # type: ignore[arg-type]
            for s in self.specs
        ]
        taken: set[str] = set()
        try:
            for spec, device in zip(self.specs, devices, strict=False):
                rel = _free_name(self.session_dir, spec.file or f"audio/{spec.role}.wav", taken)
                taken.add(rel)
                track = _TrackRecorder(
                    self.session_dir, spec, device, rel, self._clock, self._epoch_offset, self._write_sidecar
                )
                self._tracks.append(track)
                track.open()
            for track in self._tracks:
                track.start()
            deadline = time.monotonic() + self.first_audio_timeout
            for track in self._tracks:
                if not track.first_audio.wait(max(0.0, deadline - time.monotonic())):
                    raise DeviceError(
                        f"no sound arrives from '{track.device.name}' — is it in use or "
                        "unplugged? Run `recap devices` to check"
                    )
        except BaseException:
            self._abort()
            raise
        self._write_sidecar()
        self._watcher = threading.Thread(target=self._watch, name="recap-devices", daemon=True)
        self._watcher.start()

    def status(self) -> RecorderStatus:
        """Elapsed time, level, size and health of every track (cheap; call often)."""
        tracks = [t.status() for t in self._tracks]
        return RecorderStatus(
            elapsed=max((t.seconds for t in tracks), default=0.0), tracks=tracks, paused=self._clock.paused
        )

    def stop(self) -> list[Track]:
        """Stop every stream, finish the files and return the tracks.

        Never raises for a failed track: what was recorded is always returned;
        check :attr:`error` for what went wrong.
        """
        if not self._stopped:
            self._stopped = True
            stop_at = time.monotonic()
            self._halt.set()
            if self._watcher is not None:
                self._watcher.join()
                self._watcher = None
            for track in self._tracks:
                track.stop(stop_at)
            self._write_sidecar()
        return self.tracks

    def run(
        self,
        duration: float | None = None,
        on_status: Callable[[RecorderStatus], None] | None = None,
        interval: float = 0.25,
    ) -> list[Track]:
        """Record until ``duration`` seconds, Ctrl-C, or a track failing.

        With a duration every track holds exactly that many seconds (paused
        time does not count).

        Raises:
            DeviceError: at start, as :meth:`start`.
            RecordingError: a track failed while recording (the files keep
                everything up to the failure; :attr:`tracks` describes them).
        """
        self.start()
        if duration is not None:
            for track in self._tracks:
                track.max_frames = round(duration * track.track.samplerate)
        try:
            while True:
                status = self.status()
                if on_status is not None:
                    on_status(status)
                if status.error or (duration is not None and status.elapsed >= duration):
                    break
                time.sleep(interval)
        except KeyboardInterrupt:
            pass
        finally:
            tracks = self.stop()
        if self.error is not None:
            raise self.error
        return tracks

    def __enter__(self) -> Recorder:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- devices that come and go ---------------------------------------------------

    def _watch(self) -> None:
        """Notice lost devices, switch to stand-ins, and switch back when they return."""
        uses_pulse = any(t.device.pulse_source for t in self._tracks)
        watch = SourceWatch() if uses_pulse and pulse_available() else None
        if watch is not None and not watch.start():
            watch = None
        seen: dict[str, float] = {}
        next_list = 0.0
        try:
            while not self._halt.is_set():
                changed = watch.wait(WATCH_TICK) if watch else self._halt.wait(WATCH_TICK)
                if self._halt.is_set():
                    return
                now = time.monotonic()
                sources = None
                if watch is not None and (changed or now >= next_list):
                    sources = pulse_source_names()
                    next_list = now + LIST_EVERY
                    if sources is not None:
                        for name in sources:
                            seen[name] = now
                for track in self._tracks:
                    if self._halt.is_set():
                        return
                    try:
                        self._check(track, sources, seen, watch.last_change if watch else 0.0)
                    except Exception as exc:  # never let the watcher die mid-call
                        self._say(f"{_ROLE_NAMES[track.spec.role]}: {exc}")
        finally:
            if watch is not None:
                watch.close()

    def _check(
        self, track: _TrackRecorder, sources: set[str] | None, seen: dict[str, float], changed_at: float
    ) -> None:
        now = time.monotonic()
        feed = track.feed
        if feed is not None:
            name = feed.device.pulse_source
            gone = sources is not None and name is not None and name not in sources
            dead = (now - feed.last_block > STALL_AFTER) or not feed.active
            if gone or dead:
                # PulseAudio moves the stream elsewhere as the source vanishes:
                # drop what was captured after it was last known to be there.
                end = max(seen.get(name or "", 0.0), changed_at) if gone else feed.last_block
                self._lose(track, feed, end)
                return
        if track.feed is None or track.lost:
            # A PulseAudio source is tried as soon as it is listed again; other
            # devices cannot be listed while streams are open, so they are tried.
            name = track.device.pulse_source
            back = sources is not None and name in sources if name else True
            if back and now >= track.next_retry:
                if self._switch(track, track.device):
                    self._say(f"{_describe(track)} is back — recording from it again")
                    return
                track.next_retry = time.monotonic() + RETRY_EVERY
            if track.feed is None and now >= track.next_fallback:
                self._fall_back(track, quiet=True)
                track.next_fallback = time.monotonic() + RETRY_EVERY

    def _lose(self, track: _TrackRecorder, feed: _Feed, end: float) -> None:
        feed.end_at = end
        feed.live = False
        feed.close()
        track.feed = None
        track.mark({"event": "lost", "device": feed.device.label})
        now = time.monotonic()
        if feed.device is track.device:
            # A vanished source cannot be reopened until it is listed again; a
            # stalled device is given a moment before it is tried again.
            track.next_retry = 0.0 if feed.device.pulse_source else now + RETRY_EVERY
            self._fall_back(track, quiet=False)
        else:
            self._say(f"{_describe(track)}: the stand-in '{feed.device.name}' disappeared too")
            self._fall_back(track, quiet=True)
        track.next_fallback = time.monotonic() + RETRY_EVERY

    def _fall_back(self, track: _TrackRecorder, quiet: bool) -> None:
        """Record the system's default device of the same kind until the chosen one returns."""
        device = self._default_for(track)
        if device is not None and self._switch(track, device):
            self._say(
                f"{_describe(track)} disappeared — recording from the default "
                f"{'input' if track.spec.kind == 'mic' else 'output monitor'} "
                f"'{device.name}' until it returns"
            )
        elif not quiet:
            self._say(f"{_describe(track)} disappeared — this track stays silent until it returns")

    def _default_for(self, track: _TrackRecorder) -> DeviceInfo | None:
        try:
            device = resolve_device(None, track.spec.kind)  # type: ignore[arg-type]
        except RecapError:
            return None
        # A microphone must not stand in for the call audio or the other way
        # round, and a device another track records would duplicate a voice.
        busy = {track.device.name}
        for other in self._tracks:
            busy.add(other.device.name)
            if other.feed is not None:
                busy.add(other.feed.device.name)
        if device.name in busy or device.is_monitor != (track.spec.kind == "loopback"):
            return None
        return device

    def _switch(self, track: _TrackRecorder, device: DeviceInfo) -> bool:
        """Open ``device`` for ``track``; once it delivers sound, make it the track's feed."""
        try:
            feed = track.open_feed(device, track.track.samplerate)
        except RecapError:
            return False
        try:
            start_feed(feed)
        except RecapError:
            feed.close()
            return False
        deadline = time.monotonic() + PROBE_WAIT
        while not feed.first.wait(0.05):
            if self._halt.is_set() or time.monotonic() > deadline:
                feed.close()
                return False
        old = track.feed
        if old is not None:
            old.end_at = time.monotonic()
            old.live = False
            old.close()
        event = "restored" if device is track.device else "fallback"
        track.mark({"event": event, "device": device.label}, feed)
        track.feed = feed
        feed.live = True
        return True

    def _say(self, message: str) -> None:
        if self.on_event is not None:
            try:
                self.on_event(message)
            except Exception:
                pass  # a broken display must not stop the recording

    # --- helpers --------------------------------------------------------------------

    def _abort(self) -> None:
        for track in self._tracks:
            track.stop(time.monotonic())
            if track.track.frames == 0 and track.path.exists():
                track.path.unlink()
        self._tracks = []
        self._stopped = True

    def _write_sidecar(self) -> None:
        """Keep the track list beside the audio, so a crash can be recovered."""
        if not self._tracks:
            return
        path = self.session_dir / "audio" / SIDECAR
        with self._sidecar_lock:
            try:
                write_json_atomic(path, {"tracks": [t.to_dict() for t in self.tracks]})
            except OSError:
                pass  # the WAV files are what matters; the store has the same list


def _describe(track: _TrackRecorder) -> str:
    return f"{_ROLE_NAMES[track.spec.role]} '{track.device.name}'"


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


def _free_name(session_dir: Path, rel: str, taken: set[str]) -> str:
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

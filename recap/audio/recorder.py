"""Record one or more input devices into crash-safe WAV tracks.

Each track is a PortAudio input stream whose callback only copies the block
into a bounded queue; a writer thread per track downmixes to mono, converts to
16-bit and appends to a :class:`~recap.audio.wavfile.WavWriter`. Disk I/O never
happens in the callback, memory stays flat however long the call, and if the
disk stalls for longer than the queue holds, the missing stretch is written as
silence and noted as a gap so the tracks stay aligned.

Typical use (what ``recap record`` does)::

    rec = Recorder(session_dir, [TrackSpec("coach", "usb"), TrackSpec("client", "auto")])
    tracks = rec.run(duration=None, on_status=lambda s: print(format_status(s), end="\\r"))
"""

from __future__ import annotations

import json
import math
import os
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from recap.audio.devices import (
    DeviceInfo,
    open_env,
    resolve_device,
    stream_closed,
    stream_device,
    stream_opened,
)
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
#: A running track that delivered nothing for this long is reported as stalled.
STALL_AFTER = 3.0
SILENCE_DB = -120.0
SIDECAR = "tracks.json"
ROLES = ("coach", "client", "mixed")


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


@dataclass(frozen=True)
class TrackStatus:
    role: str
    device: str
    level_db: float  # RMS of the last block, dBFS (SILENCE_DB when silent)
    seconds: float  # audio captured so far
    bytes: int  # file size on disk
    overflows: int
    stalled: bool = False  # no audio from the device for STALL_AFTER seconds
    error: str | None = None


@dataclass(frozen=True)
class RecorderStatus:
    elapsed: float  # seconds of audio captured (longest track)
    tracks: list[TrackStatus] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(t.bytes for t in self.tracks)

    @property
    def error(self) -> str | None:
        return next((t.error for t in self.tracks if t.error), None)


class _TrackRecorder:
    """One device -> queue -> writer thread -> WAV file."""

    def __init__(self, session_dir: Path, spec: TrackSpec, device: DeviceInfo,
                 rel_file: str) -> None:
        self.spec = spec
        self.device = device
        self.path = session_dir / rel_file
        self.track = Track(role=spec.role, file=rel_file, device=device.label)
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=QUEUE_BLOCKS)
        self.first_audio = threading.Event()
        self.level_db = SILENCE_DB
        self.captured = 0  # frames seen by the callback
        self.max_frames: int | None = None
        self.error: RecapError | None = None
        self.last_block = time.monotonic()
        self._drops: deque[tuple[int, int]] = deque()
        self._stream: Any = None
        self._writer: WavWriter | None = None
        self._thread: threading.Thread | None = None
        self._channels = 1

    # --- set-up -------------------------------------------------------------

    def open(self) -> None:
        import sounddevice as sd

        index = stream_device(self.device)
        with open_env(self.device):
            rate, channels = self._settings(sd, index)
            try:
                self._stream = sd.InputStream(
                    device=index, samplerate=rate, channels=channels, dtype="float32",
                    blocksize=int(rate) // BLOCKS_PER_SECOND, latency="high",
                    callback=self._callback,
                )
            except Exception as exc:
                raise DeviceError(f"cannot open '{self.device.name}': {_pa_reason(exc)}") from exc
            stream_opened()
        self._channels = channels
        self.track.samplerate = int(rate)
        self.track.channels = 1
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RecordingError(f"cannot create {self.path.parent}: {exc.strerror}") from exc
        self._writer = WavWriter(self.path, int(rate), 1)

    def _settings(self, sd: Any, index: int) -> tuple[int, int]:
        """16 kHz mono if the device takes it, else its own rate and 1-2 channels."""
        max_ch = max(1, self.device.max_input_channels)
        default_rate = int(self.device.default_samplerate or 48000)
        if self.device.pulse_source is None:
            default_rate = int(sd.query_devices(index)["default_samplerate"] or 48000)
            max_ch = max(1, int(sd.query_devices(index)["max_input_channels"]))
        for rate in (TARGET_RATE, default_rate):
            for channels in sorted({1, min(2, max_ch)}):
                try:
                    sd.check_input_settings(
                        device=index, channels=channels, samplerate=rate, dtype="float32"
                    )
                    return rate, channels
                except Exception:
                    continue
        raise DeviceError(
            f"'{self.device.name}' accepts neither {TARGET_RATE} nor {default_rate} Hz "
            "— is another program using it?"
        )

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._write_loop, name=f"recap-writer-{self.spec.role}", daemon=True
        )
        self._thread.start()
        self.last_block = time.monotonic()
        try:
            self._stream.start()
        except Exception as exc:
            raise DeviceError(f"cannot start '{self.device.name}': {_pa_reason(exc)}") from exc

    # --- the PortAudio callback: no I/O, no locks, no waiting ----------------------

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        if not self.first_audio.is_set():
            self.track.started_at = _first_sample_epoch(time_info, frames, self.track.samplerate)
            self.first_audio.set()
        if status.input_overflow:
            self.track.overflows += 1
        self.last_block = time.monotonic()
        try:
            self.queue.put_nowait(indata.copy())
        except queue.Full:
            self._drops.append((self.captured, frames))
        self.captured += frames

    # --- the writer thread -----------------------------------------------------

    def _write_loop(self) -> None:
        import numpy as np

        assert self._writer is not None
        rate = self.track.samplerate
        pos = 0  # captured frames accounted for: written, or dropped and filled
        written = 0
        while True:
            block = self.queue.get()
            if block is None:
                return
            if self.error is not None:
                continue  # keep draining so the callback never finds the queue full
            try:
                # Blocks the callback had to drop sit before this one: fill them
                # with silence so this track stays aligned with the others.
                while self._drops and self._drops[0][0] <= pos:
                    at, length = self._drops.popleft()
                    gaps = self.track.gaps
                    if gaps and abs(gaps[-1]["at"] + gaps[-1]["length"] - at / rate) < 1e-6:
                        gaps[-1]["length"] += length / rate
                    else:
                        gaps.append({"at": at / rate, "length": length / rate})
                    n = self._limit(length, written)
                    self._writer.write(np.zeros(n, dtype="<i2"))
                    written += n
                    pos += length
                mono = block[:, 0] if block.shape[1] == 1 else block.mean(axis=1)
                rms = float(np.sqrt(np.mean(np.square(mono, dtype=np.float64)))) if len(mono) else 0.0
                self.level_db = 20 * math.log10(rms) if rms > 1e-6 else SILENCE_DB
                n = self._limit(len(mono), written)
                pcm = (np.clip(mono[:n], -1.0, 1.0) * 32767.0).round().astype("<i2")
                self._writer.write(pcm)
                written += n
                pos += len(mono)
                self.track.frames = self._writer.frames
            except RecapError as exc:
                self.error = exc
                self.track.frames = self._writer.frames

    def _limit(self, n: int, written: int) -> int:
        if self.max_frames is None:
            return n
        return max(0, min(n, self.max_frames - written))

    # --- tear-down ---------------------------------------------------------------

    def stop(self) -> None:
        if self._stream is not None:
            try:
                self._stream.stop()
            except Exception:
                pass  # the device may be gone; what was captured is in the queue
            try:
                self._stream.close()
            except Exception:
                pass
            self._stream = None
            stream_closed()
        if self._thread is not None:
            self.queue.put(None)
            self._thread.join()
            self._thread = None
        if self._writer is not None:
            try:
                self.track.frames = self._writer.close()
            except RecapError as exc:
                self.error = self.error or exc
                self.track.frames = self._writer.frames
            self._writer = None

    def status(self) -> TrackStatus:
        stalled = (
            self._stream is not None
            and self.first_audio.is_set()
            and time.monotonic() - self.last_block > STALL_AFTER
        )
        return TrackStatus(
            role=self.spec.role,
            device=self.device.label,
            level_db=self.level_db,
            seconds=self.captured / self.track.samplerate,
            bytes=self._writer.bytes_written if self._writer else _size(self.path),
            overflows=self.track.overflows,
            stalled=stalled,
            error=str(self.error) if self.error else None,
        )


class Recorder:
    """Record several devices at once, one WAV per track, in ``<session>/audio/``.

    Args:
        session_dir: the session folder; tracks go to its ``audio/`` subfolder.
        specs: one :class:`TrackSpec` per track (e.g. coach mic + client loopback).
        first_audio_timeout: seconds a device may take to deliver sound at start.
    """

    def __init__(self, session_dir: str | os.PathLike[str], specs: list[TrackSpec],
                 first_audio_timeout: float = FIRST_AUDIO_TIMEOUT) -> None:
        if not specs:
            raise UsageProblem("nothing to record: no track was asked for")
        for spec in specs:
            if spec.role not in ROLES:
                raise UsageProblem(f"unknown track role '{spec.role}' (use coach, client or mixed)")
        self.session_dir = Path(session_dir)
        self.specs = list(specs)
        self.first_audio_timeout = first_audio_timeout
        self._tracks: list[_TrackRecorder] = []
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
            for spec, device in zip(self.specs, devices):
                rel = _free_name(self.session_dir, spec.file or f"audio/{spec.role}.wav", taken)
                taken.add(rel)
                track = _TrackRecorder(self.session_dir, spec, device, rel)
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

    def status(self) -> RecorderStatus:
        """Elapsed time, level, size and health of every track (cheap; call often)."""
        tracks = [t.status() for t in self._tracks]
        return RecorderStatus(elapsed=max((t.seconds for t in tracks), default=0.0), tracks=tracks)

    def stop(self) -> list[Track]:
        """Stop every stream, finish the files and return the tracks.

        Never raises for a failed track: what was recorded is always returned;
        check :attr:`error` for what went wrong.
        """
        if not self._stopped:
            self._stopped = True
            for track in self._tracks:
                track.stop()
            self._write_sidecar()
        return self.tracks

    def run(self, duration: float | None = None,
            on_status: Callable[[RecorderStatus], None] | None = None,
            interval: float = 0.25) -> list[Track]:
        """Record until ``duration`` seconds, Ctrl-C, or a track failing.

        With a duration every track holds exactly that many seconds.

        Raises:
            DeviceError: at start, as :meth:`start`.
            RecordingError: a track failed while recording (the files keep
                everything up to the failure; :attr:`tracks` describes them).
        """
        self.start()
        if duration is not None:
            for track in self._tracks:
                track.max_frames = int(round(duration * track.track.samplerate))
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

    def _abort(self) -> None:
        for track in self._tracks:
            track.stop()
            if track.track.frames == 0 and track.path.exists():
                track.path.unlink()
        self._tracks = []
        self._stopped = True

    def _write_sidecar(self) -> None:
        """Keep the track list beside the audio, so a crash can be recovered."""
        if not self._tracks:
            return
        path = self.session_dir / "audio" / SIDECAR
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        try:
            tmp.write_text(json.dumps({"tracks": [t.to_dict() for t in self.tracks]}, indent=2))
            os.replace(tmp, path)
        except OSError:
            pass  # the WAV files are what matters; the store has the same list


def format_status(status: RecorderStatus, width: int = 6) -> str:
    """The live line: ``00:01:23  coach ▮▮▮▮▯▯  client ▮▯▯▯▯▯  12.3 MB``."""
    seconds = int(status.elapsed)
    parts = [f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"]
    for track in status.tracks:
        filled = round((max(-60.0, min(0.0, track.level_db)) + 60.0) / 60.0 * width)
        meter = "▮" * filled + "▯" * (width - filled)
        note = " (no sound!)" if track.stalled else ""
        parts.append(f"{track.role} {meter}{note}")
    parts.append(f"{status.bytes / 1e6:.1f} MB")
    overflows = sum(t.overflows for t in status.tracks)
    if overflows:
        parts.append(f"{overflows} overflow{'s' if overflows != 1 else ''}")
    if status.error:
        parts.append(f"error: {status.error}")
    return "  ".join(parts)


def _first_sample_epoch(time_info: Any, frames: int, samplerate: int) -> float:
    """Wall-clock time of the block's first sample.

    PortAudio gives the ADC time of the block on its own clock; its distance to
    the stream's "now" converts it to the epoch whatever that clock is.
    """
    now = time.time()
    try:
        age = float(time_info.currentTime) - float(time_info.inputBufferAdcTime)
    except Exception:
        age = -1.0
    if not (0.0 <= age < 5.0) or not time_info.inputBufferAdcTime:
        age = frames / samplerate if samplerate else 0.0
    return now - age


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

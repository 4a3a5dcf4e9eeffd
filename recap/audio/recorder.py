"""Record one or more input devices at once into crash-safe WAV tracks.

Each track is captured by a :class:`~recap.audio.track.TrackRecorder` (one
PortAudio stream, a bounded queue and a writer thread: no disk I/O in the
callback, flat memory, a stalled disk written as silence and noted as a gap).
This module starts them together, pauses and stops them, and watches them.

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
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import get_args

from recap.atomic import write_json_atomic
from recap.audio.devices import DeviceInfo, SourceWatch, pulse_available, pulse_source_names, resolve_device
from recap.audio.status import RecorderStatus, format_status
from recap.audio.timing import PauseClock, track_time_to_call_time
from recap.audio.track import STALL_AFTER, Feed, TrackRecorder, TrackSpec, free_name, start_feed
from recap.domain import Track, TrackRole
from recap.errors import DeviceError, RecapError, UsageProblem

__all__ = ["Recorder", "TrackSpec", "format_status", "track_time_to_call_time"]

#: Seconds to wait for a device's first block before calling it dead.
FIRST_AUDIO_TIMEOUT = 6.0
#: Seconds between the watcher's looks at streams (stalls, retries).
WATCH_TICK = 0.25
#: Seconds between listings of PulseAudio sources when no change is announced.
LIST_EVERY = 2.0
#: Seconds between attempts to reopen a lost device or find a fallback.
RETRY_EVERY = 3.0
#: Seconds a reopened device may take to deliver its first block.
PROBE_WAIT = 3.0
SIDECAR = "tracks.json"
ROLES = get_args(TrackRole)
_ROLE_NAMES = {"coach": "coach microphone", "client": "client loopback", "mixed": "microphone"}


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
        self._tracks: list[TrackRecorder] = []
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
            s.device if isinstance(s.device, DeviceInfo) else resolve_device(s.device, s.kind) for s in self.specs
        ]
        taken: set[str] = set()
        try:
            for spec, device in zip(self.specs, devices, strict=False):
                rel = free_name(self.session_dir, spec.file or f"audio/{spec.role}.wav", taken)
                taken.add(rel)
                track = TrackRecorder(
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

    def envelopes(self) -> dict[str, list[tuple[float, float]]]:
        """Each track's recent levels, ``(capture time, dBFS)`` per block, by role."""
        return {t.spec.role: list(t.envelope) for t in self._tracks}

    def call_time(self) -> float:
        """Seconds since the call's first sample: the time a transcript gives to what is heard now."""
        starts = [t.track.started_at for t in self._tracks if t.track.started_at is not None]
        return max(0.0, time.time() - min(starts)) if starts else 0.0

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

    def _check(self, track: TrackRecorder, sources: set[str] | None, seen: dict[str, float], changed_at: float) -> None:
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

    def _lose(self, track: TrackRecorder, feed: Feed, end: float) -> None:
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

    def _fall_back(self, track: TrackRecorder, quiet: bool) -> None:
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

    def _default_for(self, track: TrackRecorder) -> DeviceInfo | None:
        try:
            device = resolve_device(None, track.spec.kind)
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

    def _switch(self, track: TrackRecorder, device: DeviceInfo) -> bool:
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


def _describe(track: TrackRecorder) -> str:
    return f"{_ROLE_NAMES[track.spec.role]} '{track.device.name}'"

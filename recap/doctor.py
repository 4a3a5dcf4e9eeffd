"""``recap doctor``: check devices, levels, model and disk before a call."""

from __future__ import annotations

import shutil
import tempfile
import wave
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import config
from .domain import SAMPLE_RATE
from .errors import RecapError

if TYPE_CHECKING:
    from .audio.devices import DeviceInfo, Kind
    from .domain import TrackRole

#: Bytes per hour of one 16 kHz, 16-bit mono track.
BYTES_PER_TRACK_HOUR = SAMPLE_RATE * 2 * 3600
#: Below this RMS level a test recording counts as silence.
SILENT_DB = -60.0


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # "ok" | "warn" | "fail"
    detail: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def _level_db(path: Path) -> float:
    import numpy as np

    from .audio.status import level_db

    with wave.open(str(path)) as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32) / 32768.0
    return level_db(data)


def check_devices(
    mic: str | None, loopback: str | None
) -> tuple[list[Check], list[tuple[TrackRole, DeviceInfo | None]]]:
    """Which devices would record; returns checks and (role, device) to test."""
    from .audio.devices import list_devices, resolve_device, suggest_pair

    checks: list[Check] = []
    try:
        found = list_devices()
    except RecapError as exc:
        return [Check("audio system", "fail", str(exc))], []
    mics = [d for d in found if d.max_input_channels > 0 and not d.is_monitor]
    monitors = [d for d in found if d.max_input_channels > 0 and d.is_monitor]
    checks.append(
        Check(
            "audio system",
            "ok" if mics or monitors else "fail",
            f"{len(mics)} microphone input(s), {len(monitors)} loopback source(s)",
        )
    )
    suggested_mic, suggested_loop = suggest_pair(found)
    to_test: list[tuple[TrackRole, DeviceInfo | None]] = []
    wanted: list[tuple[TrackRole, str | None, Kind, DeviceInfo | None]] = [
        ("coach", mic, "mic", suggested_mic),
        ("client", loopback, "loopback", suggested_loop),
    ]
    for role, spec, kind, fallback in wanted:
        try:
            device = resolve_device(spec, kind) if spec else fallback
        except RecapError as exc:
            checks.append(Check(f"{role} device", "fail", str(exc)))
            continue
        if device is None:
            hint = (
                "no loopback source: the client's side cannot be recorded — see README "
                "(PulseAudio/PipeWire monitor, BlackHole on macOS, WASAPI loopback/Stereo Mix on Windows)"
                if kind == "loopback"
                else "no microphone found"
            )
            checks.append(Check(f"{role} device", "warn" if kind == "loopback" else "fail", hint))
            continue
        checks.append(Check(f"{role} device", "ok", f"{device.name}"))
        to_test.append((role, device))
    return checks, to_test


def check_levels(to_test: list[tuple[TrackRole, DeviceInfo | None]], seconds: float) -> list[Check]:
    """Record a few seconds from each device and report its level."""
    from .audio.recorder import Recorder, TrackSpec

    if not to_test:
        return []
    checks = []
    heard_nothing = False
    with tempfile.TemporaryDirectory(prefix="recap-doctor-") as tmp:
        recorder = Recorder(Path(tmp), [TrackSpec(role, device) for role, device in to_test])
        try:
            recorder.run(duration=seconds)
        except RecapError as exc:
            return [Check("test recording", "fail", str(exc))]
        for track in recorder.tracks:
            level = _level_db(Path(tmp) / track.file)
            if level <= SILENT_DB:
                heard_nothing = True
                what = "speak into it" if track.role == "coach" else "play some audio on the computer"
                checks.append(
                    Check(
                        f"{track.role} level",
                        "warn",
                        f"silent ({level:.0f} dBFS) during the {seconds:g} s test — {what} and run again",
                    )
                )
            else:
                checks.append(Check(f"{track.role} level", "ok", f"{level:.0f} dBFS over {seconds:g} s"))
            if track.overflows:
                checks.append(Check(f"{track.role} overflows", "warn", f"{track.overflows} input overflow(s)"))
        levels = recorder.envelopes()
        if len(levels) == 2:
            from .audio.compare import SAME_AUDIO, same_audio

            if same_audio(levels.get("coach", []), levels.get("client", [])) is not None:
                fix = "run `recap devices` and pick your microphone with --mic"
                checks.append(Check("two tracks", "fail", f"{SAME_AUDIO} {fix[0].upper()}{fix[1:]}"))
            elif not heard_nothing:
                checks.append(Check("two tracks", "ok", "the microphone and the call are heard apart"))
    return checks


def check_model(model: str | None) -> Check:
    from .models import load_model, resolve_model

    try:
        spec = resolve_model(model)
        load_model(spec)
    except RecapError as exc:
        return Check("model", "fail", str(exc))
    where = str(spec.path) if spec.path else f"hub cache in {config.models_dir()}"
    return Check("model", "ok", f"{spec.label} loads ({where})")


def check_disk(tracks: int = 2) -> Check:
    home = config.user_dir()
    free = shutil.disk_usage(home).free
    hours = free / (BYTES_PER_TRACK_HOUR * max(tracks, 1))
    status = "ok" if hours >= 3 else ("warn" if hours >= 0.5 else "fail")
    return Check(
        "disk", status, f"{free / 1e9:.1f} GB free in {home}: room for {hours:.0f} h of {tracks}-track recording"
    )


def run_checks(
    *,
    mic: str | None = None,
    loopback: str | None = None,
    model: str | None = None,
    seconds: float = 3.0,
    on_check: Callable[[Check], None] | None = None,
) -> list[Check]:
    """All the checks, in order; ``on_check`` sees each as it completes."""
    results: list[Check] = []

    def add(items: list[Check]) -> None:
        for item in items:
            results.append(item)
            if on_check:
                on_check(item)

    device_checks, to_test = check_devices(mic, loopback)
    add(device_checks)
    add(check_levels(to_test, seconds))
    add([check_model(model)])
    add([check_disk(len(to_test) or 1)])
    return results

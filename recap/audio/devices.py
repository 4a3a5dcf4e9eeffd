"""Find the input devices a call can be recorded from.

Two kinds of entries are listed: PortAudio devices (what sounddevice sees) and,
on Linux, PulseAudio/PipeWire sources (what ``pactl`` sees) — the latter include
the ``.monitor`` of every output, which is how the client's side of a call is
captured. A PulseAudio source is recorded through PortAudio's ALSA device
``pulse`` with ``PULSE_SOURCE`` naming the source (see :func:`open_env`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from recap.errors import DeviceError

Kind = Literal["mic", "loopback"]

#: Words in a device name that mean "what the computer plays", not a microphone.
LOOPBACK_WORDS = (
    "monitor",
    "loopback",
    "stereo mix",
    "blackhole",
    "what u hear",
    "wave out mix",
    "soundflower",
    "vb-cable",
    "cable output",
    "voicemeeter",
)

#: The ALSA device that routes to PulseAudio (from libasound2-plugins).
PULSE_ALSA_DEVICE = "pulse"

_PACTL_TIMEOUT = 5.0
# PULSE_SOURCE is process-wide: streams must be opened one at a time.
_open_lock = threading.Lock()
_count_lock = threading.Lock()
_active_streams = 0


@dataclass(frozen=True)
class DeviceInfo:
    """One place audio can be recorded from."""

    name: str  # PortAudio device name, or the PulseAudio source name
    index: int | None = None  # PortAudio index; None for a PulseAudio source
    description: str = ""
    max_input_channels: int = 0
    default_samplerate: float = 0.0
    is_default: bool = False
    is_monitor: bool = False  # records what an output plays (loopback)
    api: str = ""  # "ALSA", "Core Audio", "pulse"...
    # A PortAudio entry that is the sound server's default ("default", "pulse"): the source it
    # records. When that is a monitor, the entry is a loopback, whatever its name says.
    routes_to: str | None = None

    @property
    def pulse_source(self) -> str | None:
        """The PulseAudio source to select, for PulseAudio entries."""
        return self.name if self.api == "pulse" else None

    @property
    def label(self) -> str:
        """How the device is named in a session's track list."""
        return self.name

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def format_devices(devices: list[DeviceInfo]) -> str:
    """The ``recap devices`` table: inputs only, what to type first.

    PortAudio devices are chosen by number, PulseAudio sources by name; the
    DEVICE column is what ``--mic``/``--loopback`` accept.
    """
    rows = [("DEVICE", "KIND", "CH", "RATE", "API", "NAME")]
    for d in devices:
        if d.max_input_channels <= 0:
            continue
        ref = str(d.index) if d.index is not None else d.name
        kind = "loopback" if d.is_monitor else "mic"
        name = d.description if d.index is None and d.description else d.name
        if d.index is not None and d.description and d.description != d.name:
            name = f"{name} ({d.description})"
        if d.is_default:
            name += "  [default]"
        if d.routes_to:
            name += f"  → records {d.routes_to}"
        rate = f"{int(d.default_samplerate)}" if d.default_samplerate else "-"
        rows.append((ref, kind, str(d.max_input_channels), rate, d.api, name))
    if len(rows) == 1:
        return "no input devices found"
    widths = [max(len(r[c]) for r in rows) for c in range(5)]
    return "\n".join(
        "  ".join(f"{cell:<{w}}" for cell, w in zip(row[:5], widths, strict=False)) + "  " + row[5] for row in rows
    )


def looks_like_loopback(name: str) -> bool:
    """True when a device name suggests it captures an output, not a mic."""
    low = name.lower()
    return any(word in low for word in LOOPBACK_WORDS)


def list_devices() -> list[DeviceInfo]:
    """All input devices: PortAudio ones, then PulseAudio sources (Linux).

    Raises:
        DeviceError: PortAudio itself cannot be loaded.
    """
    pulse = _pulse_sources()
    return _routed(_portaudio_devices(), pulse) + pulse


#: PortAudio entries that record whatever the sound server's default source is.
SERVER_DEFAULTS = ("default", "pulse", "pipewire")  # ALSA "sysdefault" is the card itself


def _routed(portaudio: list[DeviceInfo], pulse: list[DeviceInfo]) -> list[DeviceInfo]:
    """PortAudio's sound-server entries, each with the source it really records.

    On a machine whose default input is the monitor of the speakers, ALSA's "default"
    records the call, not the coach: it must not be taken for a microphone.
    """
    if not pulse:
        return portaudio
    source = _pulse_defaults().get("Default Source")
    if not source:
        return portaudio
    monitor = any(d.name == source and d.is_monitor for d in pulse) or source.endswith(".monitor")
    return [
        replace(d, routes_to=source, is_monitor=d.is_monitor or monitor) if d.name.lower() in SERVER_DEFAULTS else d
        for d in portaudio
    ]


def resolve_device(spec: str | None, kind: Kind = "mic") -> DeviceInfo:
    """Turn what the coach typed into one input device.

    Args:
        spec: a PortAudio index ("3"), a PulseAudio source name
            ("alsa_output.pci-0000_00_1f.3.analog-stereo.monitor"), a sink name
            for a loopback ("mysink" means "mysink.monitor"), a part of a device
            name or description ("usb", "Monitor of Built-in"), "auto"/"default"
            or None for the system's choice.
        kind: "mic" for the coach's microphone, "loopback" for the call's output.

    Raises:
        DeviceError: nothing (or more than one thing) matches.
    """
    spec = spec.strip() if spec else None
    if not spec or spec.lower() in ("auto", "default"):
        return _default_device(kind)
    devices = list_devices()
    inputs = [d for d in devices if d.max_input_channels > 0]
    if spec.isdigit():
        index = int(spec)
        for dev in inputs:
            if dev.index == index:
                return dev
        raise _no_match(spec)
    for candidates in (
        [d for d in inputs if d.name == spec],
        [d for d in inputs if d.api == "pulse" and d.name == f"{spec}.monitor"] if kind == "loopback" else [],
        [d for d in inputs if d.name.lower() == spec.lower()],
        [d for d in inputs if d.description.lower() == spec.lower()],
        [d for d in inputs if spec.lower() in d.name.lower() or spec.lower() in d.description.lower()],
    ):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            # A PulseAudio source and the same device seen through ALSA are one
            # device; prefer the entry of the expected kind before giving up.
            fitting = [d for d in candidates if d.is_monitor == (kind == "loopback")]
            if len(fitting) == 1:
                return fitting[0]
            names = ", ".join(f"'{d.name}'" for d in candidates[:4])
            raise DeviceError(
                f"'{spec}' matches several input devices ({names}) — give the full name or number from `recap devices`"
            )
    raise _no_match(spec)


def suggest_pair(devices: list[DeviceInfo]) -> tuple[DeviceInfo | None, DeviceInfo | None]:
    """The best ``--mic`` and ``--loopback`` for this machine, for ``recap devices``.

    The microphone is the default input that is not a monitor (PulseAudio
    sources first, as they follow the desktop's choice); the loopback is the
    monitor of the default output, else the only loopback-looking input.

    Args:
        devices: what :func:`list_devices` returned.
    Returns:
        ``(mic, loopback)``; either is None when nothing fits.
    """
    inputs = [d for d in devices if d.max_input_channels > 0]
    pulse = [d for d in inputs if d.api == "pulse"]
    others = [d for d in inputs if d.api != "pulse"]
    mics = [d for d in pulse if not d.is_monitor] or [
        # Through PulseAudio, PortAudio's "pulse"/"default" entries are just the
        # default source again: only worth naming when nothing better exists.
        d
        for d in others
        if not d.is_monitor
    ]
    mic = next((d for d in mics if d.is_default), mics[0] if mics else None)

    loops = [d for d in pulse if d.is_monitor]
    loopback = None
    if loops:
        sink = _pulse_defaults().get("Default Sink")
        loopback = next((d for d in loops if sink and d.name == f"{sink}.monitor"), None)
        if loopback is None and len(loops) == 1:
            loopback = loops[0]
    if loopback is None:
        named = [d for d in others if d.is_monitor]
        if len(named) == 1 or (named and not loops):
            loopback = named[0]
    if mic is not None and loopback is not None and _source_of(mic) == _source_of(loopback):
        mic = None  # one source as both tracks: the coach would never be heard
    return mic, loopback


def _source_of(device: DeviceInfo) -> str:
    """What a device records, as one name: its PulseAudio source, where it routes, or itself."""
    return device.pulse_source or device.routes_to or f"{device.api}:{device.name}"


def _no_match(spec: str) -> DeviceError:
    return DeviceError(f"no input device matches '{spec}' — run `recap devices` to see what is available")


def _default_device(kind: Kind) -> DeviceInfo:
    pulse = _pulse_defaults()
    sources = _pulse_sources() if pulse else []
    if sources and _pulse_index() is not None:
        if kind == "loopback":
            sink = pulse.get("Default Sink")
            for src in sources:
                if sink and src.name == f"{sink}.monitor":
                    return src
            monitors = [s for s in sources if s.is_monitor]
            if monitors:
                return monitors[0]
        else:
            mics = [s for s in sources if not s.is_monitor]
            for src in mics:
                if src.is_default:
                    return src
            if mics:
                return mics[0]
            default = [s for s in sources if s.is_default]
            if default:
                return default[0]
    devices = [d for d in _portaudio_devices() if d.max_input_channels > 0]
    if kind == "loopback":
        loops = [d for d in devices if d.is_monitor]
        if loops:
            return loops[0]
        raise DeviceError("no loopback device found to record the client's side — " + _loopback_hint())
    for dev in devices:
        if dev.is_default:
            return dev
    if devices:
        return devices[0]
    raise DeviceError("no microphone found — plug one in, then run `recap devices`")


def _loopback_hint() -> str:
    if sys.platform == "darwin":
        return "install BlackHole and pass --loopback BlackHole"
    if sys.platform == "win32":
        return "enable 'Stereo Mix' in the sound settings and pass --loopback 'Stereo Mix'"
    return "is PulseAudio or PipeWire running? `pactl list short sources` should list a .monitor"


# --- PortAudio --------------------------------------------------------------


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # the PortAudio library is missing
        raise DeviceError("PortAudio is not installed (on Debian/Ubuntu: apt install libportaudio2)") from exc
    return sounddevice


def _portaudio_devices() -> list[DeviceInfo]:
    sd = _sounddevice()
    try:
        raw = sd.query_devices()
        apis = sd.query_hostapis()
        default_in = sd.default.device[0]
    except Exception as exc:  # PortAudioError and friends
        raise DeviceError(f"cannot list audio devices: {exc}") from exc
    if default_in is None or default_in < 0:
        default_in = -1
    out = []
    for dev in raw:
        api = apis[dev["hostapi"]]["name"] if dev["hostapi"] < len(apis) else ""
        out.append(
            DeviceInfo(
                name=dev["name"],
                index=dev["index"],
                description=dev["name"],
                max_input_channels=int(dev["max_input_channels"]),
                default_samplerate=float(dev["default_samplerate"]),
                is_default=dev["index"] == default_in,
                is_monitor=looks_like_loopback(dev["name"]),
                api=api,
            )
        )
    return out


def _portaudio_index(name: str) -> int | None:
    for dev in _portaudio_devices():
        if dev.name == name and dev.max_input_channels > 0:
            return dev.index
    return None


def _pulse_index() -> int | None:
    """PortAudio's index of the ALSA ``pulse`` device, rescanning once if needed.

    PortAudio lists devices once, when it starts; if no sound server was
    running then, ``pulse`` is missing until PortAudio is restarted.
    """
    index = _portaudio_index(PULSE_ALSA_DEVICE)
    if index is None and _active_streams == 0 and _pulse_defaults():
        sd = _sounddevice()
        try:
            sd._terminate()
            sd._initialize()
        except Exception:
            return None
        index = _portaudio_index(PULSE_ALSA_DEVICE)
    return index


def stream_opened() -> None:
    """Note an open stream: PortAudio must not be restarted under it."""
    global _active_streams
    with _count_lock:
        _active_streams += 1


def stream_closed() -> None:
    global _active_streams
    with _count_lock:
        _active_streams = max(0, _active_streams - 1)


# --- PulseAudio / PipeWire ------------------------------------------------------


def _pactl(*args: str) -> str | None:
    if not sys.platform.startswith("linux") or not shutil.which("pactl"):
        return None
    env = dict(os.environ, LC_ALL="C")
    try:
        proc = subprocess.run(
            ["pactl", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=_PACTL_TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def pulse_available() -> bool:
    """True where PulseAudio/PipeWire sources can be listed (Linux with ``pactl``)."""
    return sys.platform.startswith("linux") and shutil.which("pactl") is not None


def pulse_source_names() -> set[str] | None:
    """Names of the PulseAudio sources present now; None when that cannot be known."""
    text = _pactl("list", "short", "sources")
    if text is None:
        return None
    return {row["name"] for row in _parse_short_sources(text)}


class SourceWatch:
    """Wakes a waiter as soon as a PulseAudio source appears or disappears.

    Runs ``pactl subscribe``; without it (no ``pactl``, or it exits) callers
    simply fall back to listing sources every few seconds.
    """

    def __init__(self) -> None:
        self.changed = threading.Event()
        self.last_change = 0.0  # time.monotonic() of the latest source new/remove
        self._proc: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None

    def start(self) -> bool:
        if not pulse_available():
            return False
        try:
            self._proc = subprocess.Popen(
                ["pactl", "subscribe"],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
                text=True,
                env=dict(os.environ, LC_ALL="C"),
            )
        except OSError:
            return False
        self._reader = threading.Thread(target=self._read, name="recap-sources", daemon=True)
        self._reader.start()
        return True

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        for line in self._proc.stdout:
            # "Event 'remove' on source #3"; source-outputs are other programs' recordings.
            if " on source #" in line and ("'new'" in line or "'remove'" in line):
                self.last_change = time.monotonic()
                self.changed.set()

    def wait(self, timeout: float) -> bool:
        """True when sources changed since the last call (waits up to ``timeout``)."""
        changed = self.changed.wait(timeout)
        self.changed.clear()
        return changed

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.terminate()
                try:
                    self._proc.wait(2)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
            if self._reader is not None:
                self._reader.join(2)  # it ends at EOF, now that pactl exited
                self._reader = None
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None


def _pulse_defaults() -> dict[str, str]:
    """``pactl info`` as a dict ("Default Sink", "Default Source"...); {} without a server."""
    text = _pactl("info")
    if not text:
        return {}
    info = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def _pulse_sources() -> list[DeviceInfo]:
    text = _pactl("-f", "json", "list", "sources")
    rows: list[dict[str, Any]] = []
    if text:
        try:
            rows = json.loads(text)
        except ValueError:
            rows = []
    if not rows:
        rows = _parse_short_sources(_pactl("list", "short", "sources") or "")
    if not rows:
        return []
    default = _pulse_defaults().get("Default Source")
    out = []
    for row in rows:
        name = row.get("name", "")
        spec = str(row.get("sample_specification", ""))
        rate = re.search(r"(\d+)Hz", spec)
        chans = re.search(r"(\d+)ch", spec)
        # pactl 16 spells "Monitor of Sink" as monitor_source in its JSON.
        monitor_of = row.get("monitor_of_sink") or row.get("monitor_source")
        props = row.get("properties") or {}
        out.append(
            DeviceInfo(
                name=name,
                index=None,
                description=row.get("description") or name,
                max_input_channels=int(chans.group(1)) if chans else 2,
                default_samplerate=float(rate.group(1)) if rate else 48000.0,
                is_default=name == default,
                is_monitor=bool(
                    name.endswith(".monitor")
                    or (monitor_of and monitor_of != "n/a")
                    or props.get("device.class") == "monitor"
                    or looks_like_loopback(name)
                ),
                api="pulse",
            )
        )
    return out


def _parse_short_sources(text: str) -> list[dict[str, Any]]:
    rows = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 4:
            rows.append({"name": parts[1], "sample_specification": parts[3]})
    return rows


# --- opening a stream on a device ---------------------------------------------


def stream_device(dev: DeviceInfo) -> int:
    """The PortAudio device index to open for ``dev``.

    Raises:
        DeviceError: a PulseAudio source is asked for but PortAudio has no
            ``pulse`` device (the ALSA PulseAudio plugin is missing).
    """
    if dev.pulse_source is None:
        assert dev.index is not None
        return dev.index
    index = _pulse_index()
    if index is None:
        raise DeviceError(
            f"cannot record from '{dev.name}': the ALSA PulseAudio plugin is missing "
            "(on Debian/Ubuntu: apt install libasound2-plugins)"
        )
    return index


@contextmanager
def open_env(dev: DeviceInfo) -> Iterator[None]:
    """Hold while opening a PortAudio stream on ``dev``.

    The ALSA PulseAudio plugin reads ``PULSE_SOURCE`` when the stream is
    opened, so it is set for exactly that moment; a lock keeps two tracks
    opening at once from seeing each other's source.
    """
    with _open_lock:
        if dev.pulse_source is None:
            yield
            return
        old = os.environ.get("PULSE_SOURCE")
        os.environ["PULSE_SOURCE"] = dev.pulse_source
        try:
            yield
        finally:
            if old is None:
                os.environ.pop("PULSE_SOURCE", None)
            else:
                os.environ["PULSE_SOURCE"] = old

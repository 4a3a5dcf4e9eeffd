"""What a recording looks like while it runs: per-track status, the level meter and the live line."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from recap.clock import format_moment

#: dBFS reported for silence.
SILENCE_DB = -120.0


@dataclass(frozen=True)
class TrackStatus:
    role: str
    device: str  # what is being recorded now (a fallback while the device is lost)
    level_db: float  # RMS of the last block, dBFS (SILENCE_DB when silent)
    seconds: float  # length of the track's timeline so far
    bytes: int  # file size on disk
    overflows: int
    stalled: bool = False  # no audio from the device for STALL_AFTER seconds
    error: str | None = None
    silent_for: float = 0.0  # seconds since a block was louder than SPEECH_DB (0 while paused)
    lost: bool = False  # the chosen device is gone (recording a fallback, or silence)


@dataclass(frozen=True)
class RecorderStatus:
    elapsed: float  # seconds recorded (longest track; stands still while paused)
    tracks: list[TrackStatus] = field(default_factory=list)
    paused: bool = False

    @property
    def bytes(self) -> int:
        return sum(t.bytes for t in self.tracks)

    @property
    def error(self) -> str | None:
        return next((t.error for t in self.tracks if t.error), None)


def level_db(samples: Any) -> float:
    """RMS level of float samples in [-1, 1], in dBFS (SILENCE_DB for silence)."""
    import numpy as np

    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0
    return 20 * math.log10(rms) if rms > 1e-6 else SILENCE_DB


def format_status(status: RecorderStatus, width: int = 6) -> str:
    """The live line: ``00:01:23  coach ▮▮▮▮▯▯  client ▮▯▯▯▯▯  12.3 MB``."""
    parts = [format_moment(status.elapsed, fixed=True)]
    if status.paused:
        parts.append("PAUSED")
    for track in status.tracks:
        filled = round((max(-60.0, min(0.0, track.level_db)) + 60.0) / 60.0 * width)
        meter = "▮" * filled + "▯" * (width - filled)
        note = " (device lost)" if track.lost else " (no sound!)" if track.stalled else ""
        parts.append(f"{track.role} {meter}{note}")
    parts.append(f"{status.bytes / 1e6:.1f} MB")
    overflows = sum(t.overflows for t in status.tracks)
    if overflows:
        parts.append(f"{overflows} overflow{'s' if overflows != 1 else ''}")
    if status.error:
        parts.append(f"error: {status.error}")
    return "  ".join(parts)

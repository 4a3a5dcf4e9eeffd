"""Do two tracks hear the same thing? A wrong setup, caught while it can still be fixed.

When ``--mic`` is in fact the call's monitor (an ALSA "default" that points at the
monitor of the speakers, say), both tracks record the client and the coach is never
heard: every line of the call ends up under the client's name. The two tracks'
loudness, block by block, gives it away within seconds: the same sound on both,
at the same level, perhaps a few blocks apart.

A microphone that merely hears the client through the speakers (no headphones) is
not the same audio: it hears them much quieter, over the room's noise, and hears
the coach as well. The comparison needs the levels to agree, not only to rise and
fall together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: What a coach is told, in both `recap doctor` and `recap record`.
SAME_AUDIO = "both tracks hear the same thing — is --mic the call's monitor?"
#: Blocks per second of a track's level envelope (the recorder's 100 ms blocks).
ENVELOPE_RATE = 10
#: Seconds of sound both tracks must have heard before they are compared.
MIN_SOUND_SECONDS = 3.0
#: A block at or below this level (dBFS) is silence, whatever the track.
SOUND_DB = -50.0
#: How far apart (seconds) the same sound may arrive on the two tracks.
MAX_LAG = 0.5
#: The same audio: levels that rise and fall together (correlation) ...
MIN_CORRELATION = 0.95
#: ... and agree within this many dB (their difference barely moves) ...
MAX_SPREAD_DB = 2.5
#: ... around an offset of at most this many dB (a device's own gain).
MAX_OFFSET_DB = 6.0


def same_audio(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> float | None:
    """Whether two tracks recorded the same sound, from their level envelopes.

    Args:
        a, b: ``(capture time in seconds, level in dBFS)`` per block, in time order,
            on one clock (the recorder's monotonic clock).
    Returns:
        The lag in seconds (``b`` behind ``a``) when they are the same audio, else None.
    """
    grid_a, grid_b = _grid(a), _grid(b)
    if not grid_a or not grid_b:
        return None
    best: tuple[float, int] | None = None
    steps = round(MAX_LAG * ENVELOPE_RATE)
    for lag in range(-steps, steps + 1):
        pairs = [(v, grid_b[k + lag]) for k, v in grid_a.items() if k + lag in grid_b]
        loud = [(x, y) for x, y in pairs if max(x, y) > SOUND_DB]
        if len(loud) < MIN_SOUND_SECONDS * ENVELOPE_RATE:
            continue
        r = _correlation(pairs)
        diffs = [x - y for x, y in loud]
        mean = sum(diffs) / len(diffs)
        spread = math.sqrt(sum((d - mean) ** 2 for d in diffs) / len(diffs))
        same = r >= MIN_CORRELATION and spread <= MAX_SPREAD_DB and abs(mean) <= MAX_OFFSET_DB
        if same and (best is None or r > best[0]):
            best = (r, lag)
    return None if best is None else best[1] / ENVELOPE_RATE


def _grid(envelope: Sequence[tuple[float, float]]) -> dict[int, float]:
    """Levels by 100 ms slot of the shared clock (silence floored, so -inf compares)."""
    return {round(t * ENVELOPE_RATE): max(db, SOUND_DB - 10.0) for t, db in envelope}


def _correlation(pairs: list[tuple[float, float]]) -> float:
    n = len(pairs)
    if n < 2:
        return 0.0
    mx = sum(x for x, _ in pairs) / n
    my = sum(y for _, y in pairs) / n
    sxy = sum((x - mx) * (y - my) for x, y in pairs)
    sxx = sum((x - mx) ** 2 for x, _ in pairs)
    syy = sum((y - my) ** 2 for _, y in pairs)
    if sxx <= 1e-9 or syy <= 1e-9:
        return 0.0  # a flat line (a tone, or silence) says nothing about where it came from
    return sxy / math.sqrt(sxx * syy)

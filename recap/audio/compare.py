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
import statistics
from collections.abc import Sequence
from itertools import pairwise

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
MIN_CORRELATION = 0.9
#: ... and agree within this many dB (the median distance of their difference from its
#: median: the edges of syllables, where two streams' blocks cut the sound differently, are
#: the few that stray) ...
MAX_SPREAD_DB = 2.5
#: ... around an offset (the median difference) of at most this many dB (a device's own gain).
MAX_OFFSET_DB = 6.0


def same_audio(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> float | None:
    """Whether two tracks recorded the same sound, from their level envelopes.

    Args:
        a, b: ``(capture time in seconds, level in dBFS)`` per block, in time order,
            on one clock (the recorder's monotonic clock).
    Returns:
        The lag in seconds (``b`` behind ``a``) when they are the same audio, else None.
    """
    grid_a, grid_b = _smooth(_powers(a)), _smooth(_powers(b))
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
        offset = statistics.median(diffs)
        spread = statistics.median(abs(d - offset) for d in diffs)
        same = r >= MIN_CORRELATION and spread <= MAX_SPREAD_DB and abs(offset) <= MAX_OFFSET_DB
        if same and (best is None or r > best[0]):
            best = (r, lag)
    return None if best is None else best[1] / ENVELOPE_RATE


def _powers(envelope: Sequence[tuple[float, float]]) -> dict[int, float]:
    """Power at each 100 ms slot of the shared clock, read between the track's own blocks (silence
    floored so -inf compares). Rounding each block to its nearest slot would give two streams whose
    blocks start half a slot apart collisions and gaps, slot by slot."""
    points = sorted((t * ENVELOPE_RATE, 10 ** (max(db, SOUND_DB - 10.0) / 10)) for t, db in envelope)
    out: dict[int, float] = {}
    for (x0, p0), (x1, p1) in pairwise(points):
        if not 0 < x1 - x0 <= 2.5:
            continue  # the same moment twice, or a gap in the track: nothing to read between
        for k in range(math.ceil(x0), math.floor(x1) + 1):
            out.setdefault(k, p0 + (p1 - p0) * (k - x0) / (x1 - x0))
    return out


def _smooth(powers: dict[int, float]) -> dict[int, float]:
    """Each slot's level (dB) over it and its two neighbours. Two streams of one source cut its sound
    into blocks at different moments, so their block levels disagree where a syllable starts or
    stops; over three blocks the same sound gives nearly the same level."""
    out = {}
    for k in powers:
        near = [powers[j] for j in (k - 1, k, k + 1) if j in powers]
        out[k] = 10 * math.log10(sum(near) / len(near))
    return out


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

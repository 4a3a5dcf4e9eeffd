"""Telling two tracks that hear the same thing (a wrong setup) from a real two-sided call."""

from __future__ import annotations

import math
import random

from recap.audio.compare import same_audio


def speech(seconds: float, seed: int, start: float = 100.0) -> list[tuple[float, float]]:
    """A talker's level envelope: syllables and pauses, 10 blocks a second, on a shared clock."""
    rng = random.Random(seed)
    out, level = [], -60.0
    for k in range(int(seconds * 10)):
        if rng.random() < 0.15:
            level = rng.choice([-70.0, -35.0, -25.0, -18.0])  # a pause, or a louder syllable
        level = min(-10.0, level + rng.uniform(-4, 4))
        out.append((start + k / 10, level))
    return out


def test_one_source_recorded_twice_is_the_same_audio():
    a = speech(12, seed=1)
    assert same_audio(a, list(a)) == 0.0


def test_a_delayed_copy_at_another_gain_is_the_same_audio():
    a = speech(12, seed=2)
    b = [(t + 0.3, db + 3.0) for t, db in a]  # 300 ms of latency, a louder device
    assert same_audio(a, b) == 0.3


def test_the_same_source_read_in_blocks_half_a_block_apart_is_the_same_audio():
    # Two streams of one monitor cut the sound into 100 ms blocks at different moments: each block's
    # level mixes two syllables differently, so block by block the envelopes disagree by several dB.
    rng = random.Random(9)
    fine, level = [], -60.0  # the sound's level every 10 ms
    for _ in range(1500):
        if rng.random() < 0.03:
            level = rng.choice([-70.0, -35.0, -25.0, -18.0])
        level = min(-10.0, level + rng.uniform(-2, 2))
        fine.append(level)

    def blocks(phase: int) -> list[tuple[float, float]]:
        out = []
        for start in range(phase, len(fine) - 10, 10):
            power = sum(10 ** (db / 10) for db in fine[start : start + 10]) / 10
            out.append((100.0 + start / 100, 10 * math.log10(power)))
        return out

    for phase in (3, 5, 7):
        assert same_audio(blocks(0), blocks(phase)) is not None, phase


def test_a_microphone_hearing_the_client_through_speakers_is_not():
    client = speech(12, seed=3)
    coach = speech(12, seed=4)
    # The mic: the client 25 dB down in room noise, and the coach talking now and then.
    mic = [
        (t, max(c - 25.0, -55.0, me if k % 40 < 15 else -90.0))
        for k, ((t, c), (_, me)) in enumerate(zip(client, coach, strict=True))
    ]
    assert same_audio(client, mic) is None


def test_two_people_talking_are_not_the_same_audio():
    assert same_audio(speech(15, seed=5), speech(15, seed=6)) is None


def test_too_little_sound_to_say_says_nothing():
    quiet = [(100 + k / 10, -80.0) for k in range(150)]
    assert same_audio(quiet, list(quiet)) is None
    assert same_audio(speech(2, seed=7), speech(2, seed=7)) is None  # two seconds are not enough
    assert same_audio([], speech(10, seed=8)) is None

"""The recorder's timing math and live line, without an audio device: fast."""

from __future__ import annotations

import time

import numpy as np
import pytest

from recap.audio.status import SILENCE_DB, RecorderStatus, TrackStatus, format_status
from recap.audio.timing import PauseClock, RateFit, track_time_to_call_time
from recap.domain import Track


def test_format_status_line() -> None:
    status = RecorderStatus(
        elapsed=83.9,
        tracks=[
            TrackStatus("coach", "usb", level_db=-20.0, seconds=83.9, bytes=6_000_000, overflows=0),
            TrackStatus("client", "x.monitor", level_db=SILENCE_DB, seconds=83.8, bytes=6_300_000, overflows=2),
        ],
    )
    assert format_status(status) == ("00:01:23  coach ▮▮▮▮▯▯  client ▯▯▯▯▯▯  12.3 MB  2 overflows")
    stalled = RecorderStatus(
        elapsed=3725.0,
        tracks=[TrackStatus("coach", "usb", 0.0, 3725.0, 1_000, 0, stalled=True, error="the disk is full")],
    )
    assert format_status(stalled) == ("01:02:05  coach ▮▮▮▮▮▮ (no sound!)  0.0 MB  error: the disk is full")


def test_format_status_paused_and_lost() -> None:
    status = RecorderStatus(
        elapsed=61.0,
        paused=True,
        tracks=[
            TrackStatus("coach", "usb", -20.0, 61.0, 1_000_000, 0),
            TrackStatus("client", "x.monitor", SILENCE_DB, 61.0, 1_000_000, 0, lost=True, silent_for=12.0),
        ],
    )
    assert format_status(status) == ("00:01:01  PAUSED  coach ▮▮▮▮▯▯  client ▯▯▯▯▯▯ (device lost)  2.0 MB")


# --- mapping track time to call time (pure, fast) ---------------------------------


def test_call_time_applies_start_offset_drift_and_pauses() -> None:
    zero = 1_700_000_000.0
    # A device clock 0.1 % fast: in 60 wall minutes it delivers 60 min + 3.6 s of frames.
    track = Track(
        "client",
        "audio/client.wav",
        samplerate=16000,
        started_at=zero + 2.0,
        measured_rate=16016.0,
        pauses=[{"at": 600.6, "length": 120.0}],
    )
    # What was heard 600 s after the track began (just before the pause)...
    assert track_time_to_call_time(track, 600.6 - 1e-9, zero) == pytest.approx(602.0, abs=1e-3)
    # ...and the first sound after it: two minutes later in the call.
    assert track_time_to_call_time(track, 600.6, zero) == pytest.approx(722.0, abs=1e-3)
    # 60 minutes of audio later (3603.6 s into the file at the nominal rate):
    t = 3603.6
    true = 2.0 + 120.0 + 3600.0
    assert abs(track_time_to_call_time(track, t, zero) - true) < 0.05
    assert abs((2.0 + 120.0 + t) - true) == pytest.approx(3.6, abs=0.01)  # uncorrected
    # Without a measurement the nominal rate is assumed.
    plain = Track("coach", "audio/coach.wav", samplerate=16000, started_at=zero)
    assert track_time_to_call_time(plain, 10.0, zero) == 10.0


def test_rate_fit_finds_a_skewed_clock_through_jitter() -> None:
    """Simulated 60-minute call, device 0.1 % fast, callbacks jittering by up to 20 ms."""
    rng = np.random.default_rng(7)
    true_rate, block = 16016.0, 1600
    fit = RateFit(16000)
    feed = object()
    n = 0
    while n / true_rate < 3600:
        heard = 1000.0 + n / true_rate
        # Usually a few ms late; now and then the sound server is busy for 200 ms.
        late = rng.exponential(0.004) + (rng.uniform(0, 0.2) if rng.random() < 0.02 else 0.0)
        fit.add(feed, heard + late, n)
        n += block
    rate = fit.finish()
    assert rate == pytest.approx(true_rate, abs=0.2)
    track = Track("client", "x.wav", samplerate=16000, started_at=0.0, measured_rate=rate)
    t = n / 16000  # the end of the file, at the nominal rate
    assert abs(track_time_to_call_time(track, t, 0.0) - n / true_rate) < 0.05
    assert abs(t - n / true_rate) > 3.5


def test_rate_fit_pools_streams_and_skips_short_ones() -> None:
    fit = RateFit(16000)
    assert fit.rate() is None
    first, second, blip = object(), object(), object()
    for i in range(100):  # 10 s at 16 000/s
        fit.add(first, 5.0 + i * 0.1, i * 1600)
    for i in range(10):  # 1 s of a stand-in with a wild clock: ignored
        fit.add(blip, 20.0 + i * 0.1, i * 1000)
    for i in range(100):  # another device at 16 032/s
        fit.add(second, 40.0 + i * 0.1, i * 1603.2)
    assert fit.finish() == pytest.approx(16016.0, abs=1.0)
    wild = RateFit(16000)
    for i in range(100):  # 5 % off: a broken measurement, not a clock
        wild.add(first, i * 0.1, i * 1680)
    assert wild.finish() is None


def test_pause_clock_measures_paused_time() -> None:
    clock = PauseClock()
    clock.spans.append((10.0, 12.0))
    clock.spans.append((20.0, 25.0))
    assert clock.paused_between(0.0, 30.0) == 7.0
    assert clock.paused_between(11.0, 21.0) == 2.0
    assert clock.paused_at(11.0) and not clock.paused_at(12.0) and clock.paused_at(24.9)
    clock.pause()
    assert clock.paused and clock.paused_at(time.monotonic())
    clock.pause()  # twice: still one pause
    clock.resume()
    clock.resume()
    assert not clock.paused and len(clock.spans) == 3

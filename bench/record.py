"""Benchmark recording: CPU, memory, overflows, clock rates and track alignment.

Records N minutes from virtual devices of a private PulseAudio server while
noise plays, then prints the figures: CPU share and peak RSS of the recorder
process, RSS growth after the first 10 s (memory must stay flat), overflows,
gaps, and each track's ``measured_rate``.

How alignment is measured: with two tracks (the default) the same pink-noise
bursts reach two separate null sinks through one combine sink (loaded before
recording starts, so it never disturbs the sinks mid-call), so the coach and
client tracks hold the same sound. At points from the start to the end of the
call, a 4 s window of the coach track is mapped to call time with
``track_time_to_call_time`` (``started_at``, ``measured_rate``), the client
track position for that same call time is found by inverting the client's
mapping, and the two windows are cross-correlated: the lag left over is the
alignment error after correction. The lag between equal file positions (what
a naive "both files start together at the nominal rate" reading gives) is
printed beside it.

    python bench/record.py --minutes 3    # three minutes, two tracks
    python bench/record.py 1 --tracks 1
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from pulse import PulseServer

from recap.audio.recorder import (
    Recorder,
    TrackSpec,
    format_status,
    track_time_to_call_time,
)
from recap.domain import Track

WINDOW = 4.0  # seconds of audio compared to measure a lag
MAX_LAG = 1.0  # seconds searched either way


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1e6


def lag_seconds(a: np.ndarray, b: np.ndarray, rate: int) -> tuple[float, float]:
    """Where ``b``'s content appears in ``a`` (seconds), and the match quality."""
    n = len(a) + len(b)
    corr = np.fft.irfft(np.fft.rfft(a, n) * np.conj(np.fft.rfft(b, n)), n)
    max_lag = int(MAX_LAG * rate)
    lags = np.r_[np.arange(0, max_lag), np.arange(-max_lag, 0)]
    values = np.r_[corr[:max_lag], corr[-max_lag:]]
    best = int(np.argmax(values))
    quality = values[best] / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9)
    return lags[best] / rate, float(quality)


def read(path: Path) -> tuple[int, np.ndarray]:
    with wave.open(str(path)) as f:
        return f.getframerate(), np.frombuffer(f.readframes(f.getnframes()), "<i2").astype(float)


def player(server: PulseServer, wav: Path, sink: str, stop: threading.Event) -> None:
    while not stop.is_set():
        proc = server.play(wav, sink)
        while proc.poll() is None:
            if stop.wait(0.2):
                proc.kill()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("minutes", type=float, nargs="?", default=None)
    parser.add_argument("--minutes", type=float, dest="minutes_opt", default=None)
    parser.add_argument("--tracks", type=int, choices=(1, 2), default=2)
    args = parser.parse_args()
    seconds = (args.minutes_opt or args.minutes or 1.0) * 60

    work = Path(tempfile.mkdtemp(prefix="recap-bench-"))
    server = PulseServer.start(work / "pulse")
    stop = threading.Event()
    try:
        server.add_sink("coachside")
        server.add_sink("clientside")
        server.pactl("load-module", "module-combine-sink", "sink_name=both", "slaves=coachside,clientside")
        noise = work / "noise.wav"
        # Pink noise in bursts: broadband (sharp correlation) with silences.
        subprocess.run(
            [
                "sox",
                "-n",
                "-r",
                "48000",
                "-c",
                "1",
                "-b",
                "16",
                str(noise),
                "synth",
                "30",
                "pinknoise",
                "tremolo",
                "0.7",
                "90",
                "vol",
                "0.5",
            ],
            check=True,
        )
        specs = [TrackSpec("coach", "coachside.monitor")]
        if args.tracks == 2:
            specs.append(TrackSpec("client", "clientside.monitor"))
        rec = Recorder(work / "session", specs)
        rec.start()
        threading.Thread(target=player, args=(server, noise, "both", stop), daemon=True).start()

        rss_samples: list[float] = []
        usage0 = resource.getrusage(resource.RUSAGE_SELF)
        wall0 = time.monotonic()
        last_print = 0.0

        def on_status(status) -> None:
            nonlocal last_print
            rss_samples.append(rss_mb())
            if time.monotonic() - last_print > 5:
                last_print = time.monotonic()
                print(format_status(status), flush=True)

        tracks = rec.run(seconds, on_status=on_status, interval=0.5)
        wall = time.monotonic() - wall0
        usage = resource.getrusage(resource.RUSAGE_SELF)
    finally:
        stop.set()
        server.stop()

    cpu = (usage.ru_utime - usage0.ru_utime) + (usage.ru_stime - usage0.ru_stime)
    print()
    print(f"recorded       {seconds:.0f} s x {len(tracks)} track(s) in {wall:.1f} s")
    print(f"CPU share      {100 * cpu / wall:.2f} % of one core (recorder process)")
    print(f"peak RSS       {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.1f} MB")
    early = rss_samples[min(len(rss_samples) - 1, 20)]
    print(f"RSS growth     {rss_samples[-1] - early:+.2f} MB after the first 10 s")
    print(f"overflows      {sum(t.overflows for t in tracks)}")
    print(f"gaps           {sum(len(t.gaps) for t in tracks)}")
    for t in tracks:
        print(
            f"  {t.role:7s} {t.frames} frames = {t.duration:.2f} s, {t.device}, "
            f"measured rate {t.measured_rate} Hz "
            f"({(t.measured_rate / t.samplerate - 1) * 1e6 if t.measured_rate else 0:+.0f} ppm)"
        )

    if len(tracks) == 2:
        coach, client = tracks
        rate, a = read(work / "session" / coach.file)
        _, b = read(work / "session" / client.file)
        zero = min(coach.started_at, client.started_at)
        print(f"started_at     client - coach = {(client.started_at - coach.started_at) * 1000:+.1f} ms")
        win = int(WINDOW * rate)
        last = min(len(a), len(b)) / rate - WINDOW - 2
        corrected, naive = [], []
        for at in np.linspace(5, last, num=min(8, max(2, int(seconds // 20)))):
            i = int(at * rate)
            call = track_time_to_call_time(coach, at, zero)
            j = round(call_to_track_time(client, call, zero) * rate)
            lag, quality = lag_seconds(a[i : i + win], b[j : j + win], rate)
            raw, _ = lag_seconds(a[i : i + win], b[i : i + win], rate)
            print(
                f"  at {at:7.1f} s: after correction {lag * 1000:+6.1f} ms "
                f"(match {quality:.2f}); equal file positions {raw * 1000:+6.1f} ms"
            )
            if quality > 0.5:
                corrected.append(lag)
                naive.append(raw)
        if corrected:
            print(
                f"alignment      worst {max(abs(x) for x in corrected) * 1000:.1f} ms after "
                f"correction, {max(abs(x) for x in naive) * 1000:.1f} ms without"
            )


def call_to_track_time(track: Track, call: float, zero: float) -> float:
    """Inverse of track_time_to_call_time for a track without pauses."""
    rate = track.measured_rate or track.samplerate
    return (call - (track.started_at - zero)) * rate / track.samplerate


if __name__ == "__main__":
    main()

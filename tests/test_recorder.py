"""Recording from real (virtual) PulseAudio devices into crash-safe tracks."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from recap.audio.devices import resolve_device
from recap.audio.recorder import (
    SILENCE_DB,
    Recorder,
    RecorderStatus,
    TrackSpec,
    TrackStatus,
    format_status,
)
from recap.audio.wavfile import read_wav_info, repair_wav
from recap.domain import Track
from recap.errors import DeviceError, RecordingError, UsageProblem

pytestmark = pytest.mark.slow


def read_wav(path: Path) -> tuple[int, np.ndarray]:
    with wave.open(str(path)) as f:
        assert (f.getnchannels(), f.getsampwidth()) == (1, 2)
        data = np.frombuffer(f.readframes(f.getnframes()), "<i2").astype(np.float64)
        return f.getframerate(), data


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x**2))) if len(x) else 0.0


def dominant_hz(x: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.fft.rfftfreq(len(x), 1 / rate)[spectrum.argmax()])


def wait_for(proc: subprocess.Popen[str], text: str, timeout: float = 15.0) -> None:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    for line in proc.stdout:
        if text in line:
            return
        assert time.monotonic() < deadline, f"no {text!r} from the recorder"
    raise AssertionError(f"recorder exited before {text!r}: {proc.wait()}")


def test_record_speech_from_a_monitor(tmp_path: Path, pulse, sink, espeak_wav) -> None:
    name = sink("call")
    clip = espeak_wav(
        "Thanks for making time today. This week I will finish the outline of module one.",
        tmp_path / "speech.wav",
    )
    _, speech = read_wav(clip)
    session = tmp_path / "session"
    rec = Recorder(session, [TrackSpec("client", f"{name}.monitor")])
    before = time.time()
    rec.start()  # returns once the device delivers sound
    player = pulse.play(clip, name)
    levels: list[float] = []
    try:
        tracks = rec.run(3.0, on_status=lambda s: levels.append(s.tracks[0].level_db))
    finally:
        player.kill()
        player.wait()

    (track,) = tracks
    assert (track.role, track.file, track.device) == ("client", "audio/client.wav", f"{name}.monitor")
    assert track.samplerate == 16000 and track.channels == 1
    assert track.frames == 3 * 16000 and track.overflows == 0 and track.gaps == []
    assert before - 3 < track.started_at < time.time()
    rate, audio = read_wav(session / track.file)
    assert rate == 16000 and len(audio) == track.frames
    assert read_wav_info(session / track.file).consistent
    # What was played is what was recorded: loud, and shaped like the clip.
    assert rms(audio) > 500
    assert max(levels) > -30
    corr = np.correlate(audio, speech[: len(audio) // 2], mode="valid")
    corr /= np.linalg.norm(speech[: len(audio) // 2]) * np.sqrt(
        np.convolve(audio**2, np.ones(len(audio) // 2), mode="valid")
    ) + 1e-9
    assert corr.max() > 0.8, corr.max()
    sidecar = json.loads((session / "audio" / "tracks.json").read_text())
    assert [Track.from_dict(t) for t in sidecar["tracks"]] == tracks


def test_separate_devices_record_separate_tracks(tmp_path: Path, pulse, sink, tone_wav) -> None:
    coach, client, quiet = sink("coachside"), sink("clientside"), sink("quiet")
    low = tone_wav(440, 8, tmp_path / "440.wav")
    high = tone_wav(1000, 8, tmp_path / "1000.wav")
    players = [pulse.play(low, coach), pulse.play(high, client)]
    specs = [
        TrackSpec("coach", resolve_device(f"{coach}.monitor", "mic")),
        TrackSpec("client", client),  # a sink name means its monitor for the client
        TrackSpec("mixed", f"{quiet}.monitor"),
    ]
    try:
        tracks = Recorder(tmp_path / "s", specs).run(2.0)
    finally:
        for p in players:
            p.kill()
            p.wait()

    files = {t.role: read_wav(tmp_path / "s" / t.file)[1] for t in tracks}
    assert [t.file for t in tracks] == ["audio/coach.wav", "audio/client.wav", "audio/mixed.wav"]
    assert all(t.frames == 32000 for t in tracks)
    assert dominant_hz(files["coach"], 16000) == pytest.approx(440, abs=5)
    assert dominant_hz(files["client"], 16000) == pytest.approx(1000, abs=5)
    assert rms(files["coach"]) > 5000 and rms(files["client"]) > 5000
    assert rms(files["mixed"]) < 5  # nothing played there: nothing leaks in
    starts = [t.started_at for t in tracks]
    assert max(starts) - min(starts) < 2.5  # all three opened together


_RECORD_CHILD = textwrap.dedent(
    """
    import json, sys
    from recap.audio.recorder import Recorder, TrackSpec, format_status
    rec = Recorder(sys.argv[1], [TrackSpec("client", sys.argv[2])])
    tracks = rec.run(on_status=lambda s: print(format_status(s), flush=True), interval=0.2)
    print("TRACKS", json.dumps([t.to_dict() for t in tracks]), flush=True)
    """
)


def _record_in_child(session: Path, device: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _RECORD_CHILD, str(session), device],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_ctrl_c_leaves_a_complete_file(tmp_path: Path, pulse, sink, tone_wav) -> None:
    name = sink("ctrlc")
    player = pulse.play(tone_wav(440, 10, tmp_path / "t.wav"), name)
    child = _record_in_child(tmp_path / "s", f"{name}.monitor")
    try:
        wait_for(child, "00:00:02")
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=15)
    finally:
        player.kill()
        player.wait()
    assert child.returncode == 0, err
    (line,) = [l for l in out.splitlines() if l.startswith("TRACKS ")]
    (track,) = [Track.from_dict(t) for t in json.loads(line[len("TRACKS "):])]
    path = tmp_path / "s" / track.file
    info = read_wav_info(path)
    assert info.consistent and info.frames == track.frames  # no repair needed
    assert 2.0 <= track.duration < 5.0
    assert dominant_hz(read_wav(path)[1], 16000) == pytest.approx(440, abs=5)


def test_kill_9_while_recording_loses_at_most_two_seconds(tmp_path: Path, pulse, sink, tone_wav) -> None:
    name = sink("crash")
    player = pulse.play(tone_wav(1000, 10, tmp_path / "t.wav"), name)
    child = _record_in_child(tmp_path / "s", f"{name}.monitor")
    try:
        wait_for(child, "00:00:03")
        child.kill()
        child.wait()
    finally:
        player.kill()
        player.wait()
    path = tmp_path / "s" / "audio" / "client.wav"
    frames = repair_wav(path)
    assert frames >= (3 - 2) * 16000
    rate, audio = read_wav(path)
    assert len(audio) == frames
    assert dominant_hz(audio, rate) == pytest.approx(1000, abs=5)
    # The track list written at start survives too, with its start time.
    (saved,) = json.loads((tmp_path / "s" / "audio" / "tracks.json").read_text())["tracks"]
    assert saved["device"] == f"{name}.monitor" and saved["started_at"] > 0


def test_stalled_disk_becomes_a_silent_gap_not_a_shift(
    tmp_path: Path, pulse, sink, tone_wav, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recap.audio import recorder as recorder_module

    class StallingWriter(recorder_module.WavWriter):
        stalled = False

        def write(self, pcm) -> None:  # type: ignore[override]
            if not StallingWriter.stalled:
                StallingWriter.stalled = True
                time.sleep(1.5)  # like a disk that hangs for a moment
            super().write(pcm)

    monkeypatch.setattr(recorder_module, "QUEUE_BLOCKS", 3)
    monkeypatch.setattr(recorder_module, "WavWriter", StallingWriter)
    name = sink("stall")
    player = pulse.play(tone_wav(440, 10, tmp_path / "t.wav"), name)
    try:
        (track,) = Recorder(tmp_path / "s", [TrackSpec("client", name)]).run(3.0)
    finally:
        player.kill()
        player.wait()

    assert track.frames == 3 * 16000  # the timeline keeps its length
    assert len(track.gaps) == 1
    gap = track.gaps[0]
    assert 0.8 <= gap["length"] <= 1.5
    rate, audio = read_wav(tmp_path / "s" / track.file)
    start, end = int(gap["at"] * rate), int((gap["at"] + gap["length"]) * rate)
    assert np.all(audio[start:end] == 0)
    assert rms(audio[:start]) > 5000 and rms(audio[end:]) > 5000


def test_unknown_device_fails_before_any_file(tmp_path: Path, pulse) -> None:
    with pytest.raises(DeviceError, match="no input device matches 'nosuchmic'"):
        Recorder(tmp_path / "s", [TrackSpec("coach", "nosuchmic")]).start()
    assert not list(tmp_path.glob("s/audio/*.wav"))


def test_existing_recording_is_never_overwritten(tmp_path: Path, pulse, sink) -> None:
    name = sink("again")
    old = tmp_path / "s" / "audio" / "client.wav"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"precious")
    (track,) = Recorder(tmp_path / "s", [TrackSpec("client", name)]).run(0.5)
    assert track.file == "audio/client-2.wav" and track.frames == 8000
    assert old.read_bytes() == b"precious"


def test_disk_full_stops_recording_and_keeps_audio(tmp_path: Path, pulse, sink, tone_wav) -> None:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tiny tmpfs needs root")
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    # 100 KB: about 3 s of 16 kHz audio.
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=100k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    name = sink("diskfull")
    player = pulse.play(tone_wav(440, 10, tmp_path / "t.wav"), name)
    rec = Recorder(mnt, [TrackSpec("client", name)])
    try:
        with pytest.raises(RecordingError, match="the disk is full"):
            rec.run(8.0)
        (track,) = rec.tracks
        info = read_wav_info(mnt / track.file)
        assert info.consistent and info.frames == track.frames
        assert 2.0 < track.duration < 3.5
    finally:
        player.kill()
        player.wait()
        subprocess.run(["umount", str(mnt)], check=False)


def test_unknown_role_is_a_usage_problem(tmp_path: Path) -> None:
    with pytest.raises(UsageProblem, match="unknown track role 'therapist'"):
        Recorder(tmp_path, [TrackSpec("therapist", "x")])
    with pytest.raises(UsageProblem):
        Recorder(tmp_path, [])


def test_format_status_line() -> None:
    status = RecorderStatus(
        elapsed=83.9,
        tracks=[
            TrackStatus("coach", "usb", level_db=-20.0, seconds=83.9, bytes=6_000_000, overflows=0),
            TrackStatus("client", "x.monitor", level_db=SILENCE_DB, seconds=83.8,
                        bytes=6_300_000, overflows=2),
        ],
    )
    assert format_status(status) == (
        "00:01:23  coach ▮▮▮▮▯▯  client ▯▯▯▯▯▯  12.3 MB  2 overflows"
    )
    stalled = RecorderStatus(
        elapsed=3725.0,
        tracks=[TrackStatus("coach", "usb", 0.0, 3725.0, 1_000, 0, stalled=True,
                            error="the disk is full")],
    )
    assert format_status(stalled) == (
        "01:02:05  coach ▮▮▮▮▮▮ (no sound!)  0.0 MB  error: the disk is full"
    )

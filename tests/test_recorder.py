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
from pulse import unplug_mid_call

from recap.audio import track as track_module
from recap.audio.devices import resolve_device
from recap.audio.recorder import Recorder, TrackSpec
from recap.audio.status import RecorderStatus, format_status
from recap.audio.timing import track_time_to_call_time
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
    corr /= (
        np.linalg.norm(speech[: len(audio) // 2])
        * np.sqrt(np.convolve(audio**2, np.ones(len(audio) // 2), mode="valid"))
        + 1e-9
    )
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
    import json, signal, sys
    from recap.audio.recorder import Recorder, TrackSpec
    from recap.audio.status import format_status
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even when started in the background
    rec = Recorder(sys.argv[1], [TrackSpec("client", sys.argv[2])])
    tracks = rec.run(on_status=lambda s: print(format_status(s), flush=True), interval=0.2)
    print("TRACKS", json.dumps([t.to_dict() for t in tracks]), flush=True)
    """
)


def _record_in_child(session: Path, device: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _RECORD_CHILD, str(session), device],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
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
    (line,) = [ln for ln in out.splitlines() if ln.startswith("TRACKS ")]
    (track,) = [Track.from_dict(t) for t in json.loads(line[len("TRACKS ") :])]
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
    class StallingWriter(track_module.WavWriter):
        stalled = False

        def write(self, pcm) -> None:  # type: ignore[override]
            if not StallingWriter.stalled:
                StallingWriter.stalled = True
                time.sleep(1.5)  # like a disk that hangs for a moment
            super().write(pcm)

    monkeypatch.setattr(track_module, "QUEUE_BLOCKS", 3)
    monkeypatch.setattr(track_module, "WavWriter", StallingWriter)
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
    if (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=100k", "tmpfs", str(mnt)], capture_output=True).returncode
        != 0
    ):
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


# --- real devices: pause, silence, overflows, devices that come and go ---------------


def _stop(*players: subprocess.Popen[bytes]) -> None:
    for p in players:
        p.kill()
        p.wait()


def _windows_rms(audio: np.ndarray, rate: int, seconds: float = 0.1) -> np.ndarray:
    n = int(rate * seconds)
    usable = len(audio) // n * n
    return np.sqrt(np.mean(audio[:usable].reshape(-1, n) ** 2, axis=1))


def test_pause_leaves_out_what_was_played_meanwhile(tmp_path: Path, pulse, sink, tone_wav) -> None:
    coach, client = sink("pausecoach"), sink("pauseclient")
    low = tone_wav(440, 20, tmp_path / "440.wav")
    high = tone_wav(1000, 20, tmp_path / "1000.wav")
    players = [pulse.play(low, coach), pulse.play(low, client)]
    rec = Recorder(tmp_path / "s", [TrackSpec("coach", f"{coach}.monitor"), TrackSpec("client", client)])
    try:
        rec.start()
        began = time.monotonic()
        time.sleep(1.0)
        rec.pause()
        paused_at = time.monotonic()
        status = rec.status()
        assert status.paused and "PAUSED" in format_status(status)
        # While paused the call goes on with a different sound: none of it may be kept.
        _stop(*players)
        players = [pulse.play(high, coach), pulse.play(high, client)]
        time.sleep(1.5)
        assert rec.status().elapsed < status.elapsed + 0.3  # the clock stands still
        assert all(t.silent_for == 0.0 for t in rec.status().tracks)
        _stop(*players)
        players = [pulse.play(low, coach), pulse.play(low, client)]
        time.sleep(0.3)
        rec.resume()
        paused_for = time.monotonic() - paused_at
        time.sleep(1.2)
        assert not rec.status().paused
        tracks = rec.stop()
        wall = time.monotonic() - began
    finally:
        _stop(*players)

    for track in tracks:
        (pause,) = track.pauses
        assert 0.9 <= pause["at"] <= 1.3, pause
        assert pause["length"] == pytest.approx(paused_for, abs=0.15)
        assert track.duration == pytest.approx(wall - paused_for, abs=0.3)
        rate, audio = read_wav(tmp_path / "s" / track.file)
        assert rms(audio) > 5000
        # No 1000 Hz anywhere: 100 ms windows, each dominated by 440 Hz.
        n = rate // 10
        for i in range(0, len(audio) - n, n):
            assert dominant_hz(audio[i : i + n], rate) == pytest.approx(440, abs=15), i / rate
        # The end of the file maps back to the end of the call.
        zero = min(t.started_at for t in tracks)
        assert track_time_to_call_time(track, track.duration, zero) == pytest.approx(
            track.started_at - zero + track.duration + pause["length"]
        )
    assert abs(tracks[0].pauses[0]["length"] - tracks[1].pauses[0]["length"]) < 0.1
    sidecar = json.loads((tmp_path / "s" / "audio" / "tracks.json").read_text())
    assert [t["pauses"] for t in sidecar["tracks"]] == [t.pauses for t in tracks]


def test_fifteen_seconds_of_two_tracks_without_overflow(tmp_path: Path, pulse, sink, tone_wav) -> None:
    """Two real tracks: no overflow, no gap, exact lengths, and a silent side is noticed."""
    coach, client = sink("longcoach"), sink("longclient")
    player = pulse.play(tone_wav(1000, 20, tmp_path / "t.wav"), client)  # the coach says nothing
    statuses: list[RecorderStatus] = []
    rec = Recorder(tmp_path / "s", [TrackSpec("coach", f"{coach}.monitor"), TrackSpec("client", client)])
    try:
        tracks = rec.run(15.0, on_status=statuses.append, interval=0.5)
    finally:
        _stop(player)

    assert [t.frames for t in tracks] == [15 * 16000, 15 * 16000]
    assert [t.overflows for t in tracks] == [0, 0]
    assert [t.gaps for t in tracks] == [[], []]
    for track in tracks:
        assert track.measured_rate == pytest.approx(16000, rel=0.003)
    assert abs(tracks[0].started_at - tracks[1].started_at) < 0.5
    coach_status, client_status = statuses[-1].tracks
    assert coach_status.silent_for >= 14.0  # the CLI warns at 30 s: "is the call audio routed...?"
    assert client_status.silent_for < 1.0
    assert client_status.level_db > track_module.SPEECH_DB > coach_status.level_db


def _wait_for_message(messages: list[str], word: str, timeout: float = 8.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in messages if word in m]
        if found:
            return found[-1]
        time.sleep(0.05)
    raise AssertionError(f"no message with {word!r}: {messages}")


def test_unplugged_loopback_falls_back_and_returns(tmp_path: Path, pulse, sink, tone_wav) -> None:
    coach, client = sink("lossycoach"), sink("lossyclient")
    players = [
        pulse.play(tone_wav(440, 30, tmp_path / "440.wav"), coach),
        pulse.play(tone_wav(1000, 30, tmp_path / "1000.wav"), client),
    ]
    messages: list[str] = []
    rec = Recorder(
        tmp_path / "s", [TrackSpec("coach", f"{coach}.monitor"), TrackSpec("client", client)], on_event=messages.append
    )
    try:
        rec.start()
        began = time.monotonic()
        time.sleep(1.5)
        pulse.remove_sink(client)  # the headset is unplugged
        removed = time.monotonic() - began
        text = _wait_for_message(messages, "disappeared")
        heard = time.monotonic() - began
        assert text == (
            f"client loopback '{client}.monitor' disappeared — recording from the "
            "default output monitor 'recap_default.monitor' until it returns"
        )
        time.sleep(1.0)
        assert rec.status().tracks[1].lost and not rec.status().error
        pulse.add_sink(client)  # ...and plugged in again
        assert "is back" in _wait_for_message(messages, "is back")
        assert not rec.status().tracks[1].lost
        time.sleep(1.0)
        tracks = rec.stop()
        wall = time.monotonic() - began
    finally:
        _stop(*players)

    coach_track, client_track = tracks
    # The coach's side never noticed: continuous, complete, no events.
    rate, coach_audio = read_wav(tmp_path / "s" / coach_track.file)
    assert coach_track.events == [] and coach_track.gaps == []
    assert coach_track.duration == pytest.approx(wall, abs=0.4)
    tone_part = coach_audio[: int((removed + 2.5) * rate)]
    assert _windows_rms(tone_part, rate).min() > 5000
    # The client's side: lost, stood in for, restored — and still as long as the call.
    assert [e["event"] for e in client_track.events] == ["lost", "fallback", "restored"]
    lost, fallback, restored = client_track.events
    assert (lost["device"], fallback["device"], restored["device"]) == (
        f"{client}.monitor",
        "recap_default.monitor",
        f"{client}.monitor",
    )
    # Stamped between the unplugging and the message (a loaded machine may deliver the notice late).
    assert removed - 0.4 <= lost["at"] <= heard + 0.4
    assert lost["at"] <= fallback["at"] < restored["at"]
    assert client_track.gaps and client_track.gaps[0]["at"] == pytest.approx(lost["at"], abs=0.01)
    assert client_track.duration == pytest.approx(coach_track.duration, abs=0.25)
    # PulseAudio moved the player to the default output, so the stand-in heard it.
    _, client_audio = read_wav(tmp_path / "s" / client_track.file)
    middle = client_audio[int((fallback["at"] + 0.2) * rate) : int((restored["at"] - 0.1) * rate)]
    assert len(middle) > rate // 2 and dominant_hz(middle, rate) == pytest.approx(1000, abs=10)
    # Aligned: silence runs from where the device was lost to where the stand-in
    # starts, and from the stand-in's end to the restored device; the file
    # keeps the length of the call (asserted above against the coach's track).
    first = client_track.gaps[0]
    assert first["at"] + first["length"] == pytest.approx(fallback["at"], abs=0.002)
    assert 0.05 < first["length"] < 3.5
    for gap in client_track.gaps[1:]:
        assert gap["at"] + gap["length"] == pytest.approx(restored["at"], abs=0.002)
    assert abs(client_track.started_at - coach_track.started_at) < 0.05
    saved = json.loads((tmp_path / "s" / "audio" / "tracks.json").read_text())["tracks"][1]
    assert [e["event"] for e in saved["events"]] == ["lost", "fallback", "restored"]


def test_lost_microphone_without_stand_in_stays_silent_and_aligned(tmp_path: Path, pulse, sink, tone_wav) -> None:
    coach, client = sink("nomiccoach"), sink("nomicclient")
    tones = (tone_wav(440, 10, tmp_path / "440.wav"), tone_wav(1000, 10, tmp_path / "1000.wav"))
    run = unplug_mid_call(pulse, tmp_path / "s", coach, client, tones)
    tracks, unplugged, told, messages = run.tracks, run.unplugged, run.told, run.messages

    coach_track, client_track = tracks
    assert coach_track.frames == client_track.frames == 4 * 16000
    assert [e["event"] for e in coach_track.events] == ["lost"]
    # The loss is stamped on the track's own timeline between the unplugging and the moment the
    # recorder heard of it: a loaded machine may run the timer and pactl late, and may deliver the
    # sound server's notice late; what came before the notice is kept, not guessed away.
    assert coach_track.started_at is not None and len(unplugged) == 2 and len(told) == 1
    went = [t - coach_track.started_at for t in unplugged]
    heard = told[0] - coach_track.started_at
    assert went[0] - 0.5 <= coach_track.events[0]["at"] <= heard + 0.5
    assert messages == [f"coach microphone '{coach}.monitor' disappeared — this track stays silent until it returns"]
    rate, audio = read_wav(tmp_path / "s" / coach_track.file)
    cut = int(coach_track.events[0]["at"] * rate)
    assert rms(audio[: cut - rate // 10]) > 5000 and np.all(audio[cut:] == 0)
    assert sum(g["length"] for g in coach_track.gaps) == pytest.approx(4.0 - cut / rate, abs=0.01)
    assert client_track.events == [] and client_track.gaps == []


def test_a_stream_that_dies_is_reopened(tmp_path: Path, pulse, sink, tone_wav) -> None:
    """A stream that stops (a driver error, a USB hiccup) while its device is still there."""
    name = sink("dying")
    player = pulse.play(tone_wav(440, 10, tmp_path / "t.wav"), name)
    messages: list[str] = []
    rec = Recorder(tmp_path / "s", [TrackSpec("client", name)], on_event=messages.append)
    try:
        rec.start()
        time.sleep(1.0)
        rec._tracks[0].feed.stream.abort()
        _wait_for_message(messages, "is back")
        time.sleep(0.5)
        (track,) = rec.stop()
    finally:
        _stop(player)
    events = [e["event"] for e in track.events]
    assert events[0] == "lost" and events[-1] == "restored"
    rate, audio = read_wav(tmp_path / "s" / track.file)
    tail = audio[int((track.events[-1]["at"] + 0.1) * rate) :]
    assert len(tail) > rate // 4 and dominant_hz(tail, rate) == pytest.approx(440, abs=10)

"""Capture that never loses a recording: crashes, two tracks, echo, devices
coming and going — with real PulseAudio devices and the real `recap` command."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

RECAP = [str(Path(sys.executable).with_name("recap"))]


def run(args, env):
    return subprocess.run(RECAP + args, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def env(tmp_path, pulse):
    return dict(os.environ, **pulse.env, RECAP_HOME=str(tmp_path / "home"), HF_HUB_OFFLINE="1")


def start_recording(args, env):
    proc = subprocess.Popen(
        RECAP + ["record", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    first = proc.stderr.readline()
    assert "Recording" in first, first + proc.stderr.read()
    return proc


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def test_kill_9_mid_recording_is_recovered_by_the_next_command(tmp_path, pulse, sink, tone_wav, env):
    name = sink("room")
    player = pulse.play(tone_wav(440, 30, tmp_path / "tone.wav"), name)
    proc = start_recording(["--client", "Kim", "--mic", f"{name}.monitor"], env)
    time.sleep(5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    player.kill()

    listed = run(["sessions", "--json"], env)
    assert listed.returncode == 0, listed.stderr
    assert "Recovered interrupted recording" in listed.stderr
    session = json.loads(listed.stdout)["sessions"][0]
    assert session["status"] == "interrupted"
    wav = Path(env["RECAP_HOME"]) / "sessions" / session["id"] / session["tracks"][0]["file"]
    seconds = wav_seconds(wav)  # the header is right again: a playable file
    assert 3.0 <= seconds <= 6.5  # at most 2 s lost of the ~5 s recorded
    assert abs(session["duration"] - seconds) < 0.05
    # Recovery happens once; the next command has nothing to do.
    again = run(["recover"], env)
    assert again.returncode == 0 and "Nothing to recover" in again.stdout


def test_a_live_recording_is_not_touched_by_recovery(tmp_path, pulse, sink, tone_wav, env):
    name = sink("live")
    player = pulse.play(tone_wav(300, 30, tmp_path / "tone.wav"), name)
    proc = start_recording(["--mic", f"{name}.monitor", "--no-live"], env)
    try:
        time.sleep(2)
        result = run(["recover", "--json"], env)
        assert json.loads(result.stdout) == {"sessions": []}
        session = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]
        assert session["status"] == "recording"
        busy = run(["summarize"], env)
        assert busy.returncode == 1 and "still being recorded" in busy.stderr
        kept = run(["delete", session["id"], "--yes"], env)
        assert kept.returncode == 1 and "is being recorded right now" in kept.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
        player.kill()
    assert proc.returncode == 0
    session = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]
    assert session["status"] == "recorded"


TURNS = [
    ("coach", "What will you do before our next session?"),
    ("client", "I will walk for twenty minutes every day after lunch."),
    ("coach", "Good. I will email you the habit tracker tonight."),
    ("client", "I realized that I skip exercise when I feel tired."),
]
COACH_WORDS = ("session", "tracker")
CLIENT_WORDS = ("walk", "lunch", "exercise", "tired")


def two_track_call(tmp_path, espeak_wav, echo_db: float | None = None) -> tuple[Path, Path, float]:
    """The coach's and the client's tracks of one call, each silent while the
    other speaks; with ``echo_db`` the client also leaks into the coach track."""
    import numpy as np

    pcm = {"coach": [], "client": []}
    gap = np.zeros(int(0.8 * 16000), dtype=np.int16)
    for i, (role, text) in enumerate(TURNS):
        voice = "en-gb" if role == "coach" else "en-gb+f3"
        path = espeak_wav(text, tmp_path / f"turn{i}.wav", voice=voice, rate=160)
        with wave.open(str(path)) as w:
            speech = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
        for track in pcm:
            pcm[track].append(speech if track == role else np.zeros_like(speech))
            pcm[track].append(gap)
    coach = np.concatenate(pcm["coach"]).astype(np.float32)
    client = np.concatenate(pcm["client"]).astype(np.float32)
    if echo_db is not None:
        coach = coach + client * 10 ** (echo_db / 20)
    paths = []
    for role, data in (("coach", coach), ("client", client)):
        path = tmp_path / f"{role}-track.wav"
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
            w.writeframes(np.clip(data, -32768, 32767).astype(np.int16).tobytes())
        paths.append(path)
    return paths[0], paths[1], len(coach) / 16000


@pytest.mark.parametrize("echo_db", [None, -12.0], ids=["headphones", "echo-12dB"])
def test_two_tracks_label_who_spoke(tmp_path, pulse, sink, espeak_wav, env, echo_db):
    coach_wav, client_wav, length = two_track_call(tmp_path, espeak_wav, echo_db)
    coach_sink, call_sink = sink("coach"), sink("call")
    proc = start_recording(
        [
            "--client",
            "Robin",
            "--mic",
            f"{coach_sink}.monitor",
            "--loopback",
            f"{call_sink}.monitor",
            "--duration",
            f"{length + 2:.1f}",
        ],
        env,
    )
    players = [pulse.play(coach_wav, coach_sink), pulse.play(client_wav, call_sink)]
    _out, err = proc.communicate(timeout=length + 60)
    for p in players:
        p.wait(10)
    assert proc.returncode == 0, err
    assert "same thing" not in err  # two people (and an echo of one) are a right setup

    session = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]
    assert sorted(t["role"] for t in session["tracks"]) == ["client", "coach"]
    summary = run(["summarize", "--json"], env)
    assert summary.returncode == 0, summary.stderr
    items = json.loads(summary.stdout)["items"]
    segments = json.loads(run(["show", "--json"], env).stdout)["transcript"]["segments"]
    assert segments
    for s in segments:
        text = s["text"].lower()
        if any(w in text for w in CLIENT_WORDS):
            assert (s["role"], s["speaker"]) == ("client", "Robin"), segments
        if any(w in text for w in COACH_WORDS):
            assert s["role"] == "coach", segments
    heard = " ".join(s["text"].lower() for s in segments)
    assert all(w in heard for w in CLIENT_WORDS + COACH_WORDS), heard
    owners = {(i["kind"], i["owner"]) for i in items}
    said = [(s["role"], s["start"], s["text"]) for s in segments]
    assert ("commitment", "client") in owners and ("commitment", "coach") in owners, (items, said)
    assert any(i["kind"] == "insight" for i in items), (items, said)
    walk = next(i for i in items if "walk" in i["text"].lower())
    assert walk["owner"] == "client" and walk["speaker"] == "Robin"


def test_a_silent_track_is_warned_about(tmp_path, pulse, sink, tone_wav, env):
    coach_sink, call_sink = sink("mic"), sink("quiet")
    player = pulse.play(tone_wav(500, 20, tmp_path / "tone.wav"), coach_sink)
    proc = start_recording(
        [
            "--mic",
            f"{coach_sink}.monitor",
            "--loopback",
            f"{call_sink}.monitor",
            "--duration",
            "6",
            "--silence-warning",
            "3",
            "--json",
        ],
        env,
    )
    out, err = proc.communicate(timeout=60)
    player.kill()
    assert proc.returncode == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("Warning:")]
    assert warnings == ["Warning: client track silent for 3 s — is the call audio routed to the loopback device?"], err
    (stored,) = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]["warnings"]
    assert stored["kind"] == "silent" and 0.0 <= stored["at"] <= 6.0 and stored["text"] in warnings[0]
    # --json: stdout is one JSON document for scripts (the notices stayed on stderr).
    printed = json.loads(out)
    assert printed["warnings"] == [stored] and 5.0 <= printed["duration"] <= 7.0
    assert sorted(t["role"] for t in printed["tracks"]) == ["client", "coach"]
    assert all(
        Path(t["path"]).is_file() and Path(t["path"]).parent.parent == Path(printed["folder"])
        for t in printed["tracks"]
    )
    assert Path(printed["folder"]).name == printed["session"]


def test_pause_and_resume_keep_call_time_true(tmp_path, pulse, sink, tone_wav, env):
    name = sink("paused")
    player = pulse.play(tone_wav(600, 30, tmp_path / "tone.wav"), name)
    proc = start_recording(["--mic", f"{name}.monitor"], env)
    time.sleep(2)
    proc.send_signal(signal.SIGUSR1)
    time.sleep(3)
    proc.send_signal(signal.SIGUSR2)
    time.sleep(1)
    proc.send_signal(signal.SIGHUP)  # mark this moment, from a script or another terminal
    time.sleep(1)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    player.kill()
    assert proc.returncode == 0, err
    assert re.search(r"^Paused at 00:0[1-4]\.$", err, re.M), err
    assert re.search(r"^Resumed at 00:0[4-8] after [2-4] s\.$", err, re.M), err
    assert re.search(r"^Marked 00:0[5-9]\.$", err, re.M), err
    session = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]
    track = session["tracks"][0]
    assert len(track["pauses"]) == 1
    pause = track["pauses"][0]
    assert 1.0 < pause["at"] < 3.5 and 2.0 < pause["length"] < 4.5
    recorded = track["frames"] / track["samplerate"]
    assert 2.5 < recorded < 6.0  # the paused stretch is not in the file


def test_unplugging_a_device_mid_call_keeps_the_session_going(tmp_path, pulse, sink, tone_wav, env):
    coach_sink, call_sink = sink("headset"), sink("callout")
    players = [
        pulse.play(tone_wav(440, 30, tmp_path / "a.wav"), coach_sink),
        pulse.play(tone_wav(880, 30, tmp_path / "b.wav"), call_sink),
    ]
    proc = start_recording(
        ["--mic", f"{coach_sink}.monitor", "--loopback", f"{call_sink}.monitor", "--duration", "9"], env
    )
    time.sleep(3)
    pulse.remove_sink(coach_sink)  # the headset is unplugged
    _out, err = proc.communicate(timeout=60)
    for p in players:
        p.kill()
    assert proc.returncode == 0, err
    assert coach_sink in err and "disappeared" in err, err
    session = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]
    tracks = {t["role"]: t for t in session["tracks"]}
    assert any(e["event"] == "lost" for e in tracks["coach"]["events"])
    # Both tracks still cover the whole call, so they stay aligned.
    for track in tracks.values():
        assert abs(track["frames"] / track["samplerate"] - 9.0) < 0.3, track


def test_doctor_checks_devices_levels_model_and_disk(tmp_path, pulse, sink, tone_wav, env):
    mic_sink, call_sink = sink("doctormic"), sink("doctorcall")
    player = pulse.play(tone_wav(700, 30, tmp_path / "tone.wav"), mic_sink)
    result = run(
        ["doctor", "--mic", f"{mic_sink}.monitor", "--loopback", f"{call_sink}.monitor", "--duration", "2", "--json"],
        env,
    )
    player.kill()
    assert result.returncode == 0, result.stderr
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["coach device"]["status"] == "ok" and mic_sink in checks["coach device"]["detail"]
    assert checks["coach level"]["status"] == "ok"
    assert checks["client level"]["status"] == "warn"  # nothing plays into the call: said, not fatal
    assert "play some audio" in checks["client level"]["detail"]
    assert checks["model"]["status"] == "ok" and "tiny.en" in checks["model"]["detail"]
    assert checks["disk"]["status"] in ("ok", "warn")
    assert "two tracks" not in checks  # one track heard nothing: no comparison to report


def test_doctor_fails_when_both_tracks_hear_the_same_source(tmp_path, pulse, sink, espeak_wav, env):
    name = sink("doctorsame")
    words = "What will you take away from today? I will write the first chapter this week. " * 3
    player = pulse.play(espeak_wav(words, tmp_path / "call.wav"), name)
    result = run(["doctor", "--mic", f"{name}.monitor", "--loopback", f"{name}.monitor", "--duration", "8"], env)
    player.kill()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL  two tracks: both tracks hear the same thing — is --mic the call's monitor?" in result.stdout
    assert result.stderr.strip().splitlines() == ["Error: 1 check(s) failed: two tracks"]


def test_doctor_hears_a_coach_and_a_client_talking_apart(tmp_path, pulse, sink, espeak_wav, env):
    mic_sink, call_sink = sink("doctorcoach"), sink("doctorclient")
    coach = espeak_wav("So what will you take away from today? Tell me more. " * 3, tmp_path / "coach.wav")
    client = espeak_wav(
        "I think I will call my sister on Friday, and then write every morning. " * 3,
        tmp_path / "client.wav",
        voice="en-gb",
        rate=140,
    )
    players = [pulse.play(coach, mic_sink), pulse.play(client, call_sink)]
    result = run(
        ["doctor", "--mic", f"{mic_sink}.monitor", "--loopback", f"{call_sink}.monitor", "--duration", "8"], env
    )
    for player in players:
        player.kill()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok    two tracks: the microphone and the call are heard apart" in result.stdout


def test_doctor_fails_with_one_line_for_a_missing_device(pulse, env):
    result = run(["doctor", "--mic", "no-such-mic", "--duration", "1"], env)
    assert result.returncode == 1
    assert "FAIL  coach device: no input device matches 'no-such-mic'" in result.stdout
    assert result.stderr.strip().splitlines() == ["Error: 1 check(s) failed: coach device"]


def _read_until(fd: int, wanted: str, seen: list[str], timeout: float = 30.0) -> str:
    """Read a pty until ``wanted`` appears in everything read so far (kept in ``seen``)."""
    import select

    end = time.monotonic() + timeout
    while wanted not in "".join(seen):
        assert time.monotonic() < end, f"no {wanted!r} in {''.join(seen)!r}"
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen.append(os.read(fd, 4096).decode("utf-8", "replace"))
            except OSError:  # the child closed the pty
                break
    return "".join(seen)


@contextmanager
def _recording_at_a_terminal(args: list[str], env, player) -> Iterator[tuple[subprocess.Popen, int, list[str]]]:
    """`recap record` with a terminal of its own (a pty: live line, keys), stopped with Ctrl-C at the end.

    Yields the process, the pty's end and everything read from it so far (kept after the end).
    """
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(RECAP + ["record", *args], env=env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    seen: list[str] = []
    try:
        yield proc, master, seen
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        _read_until(master, "Recorded", seen)
    finally:
        player.kill()
        if proc.poll() is None:
            proc.kill()
        os.close(master)


def test_at_a_terminal_the_p_key_pauses_and_resumes_under_one_live_line(tmp_path, pulse, sink, tone_wav, env):
    name = sink("keys")
    player = pulse.play(tone_wav(600, 30, tmp_path / "tone.wav"), name)
    with _recording_at_a_terminal(["--mic", f"{name}.monitor"], env, player) as (proc, master, seen):
        assert "Ctrl-C to stop, p to pause/resume, m to mark a moment." in _read_until(master, "Reminder:", seen)
        time.sleep(1.5)
        os.write(master, b"p")
        _read_until(master, "Paused at", seen)
        time.sleep(2.5)
        os.write(master, b"p")
        _read_until(master, "Resumed at", seen)
        time.sleep(1.0)
    assert proc.returncode == 0, "".join(seen)
    text = "".join(seen)
    assert "\033[K" in text  # a status line redrawn, not one line per tick
    # Notices land on their own lines, never glued to the status line.
    assert any(line.startswith("Paused at") for line in text.replace("\r\033[K", "\n").splitlines())
    session = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]
    (pause,) = session["tracks"][0]["pauses"]
    assert 1.0 < pause["at"] < 4.0 and 1.5 < pause["length"] < 5.0


def test_both_tracks_on_one_source_are_caught_during_the_call_and_kept_with_the_session(
    tmp_path, pulse, sink, espeak_wav, env
):
    """--mic is the call's monitor too: both tracks hear the client, the coach is never heard."""
    name = sink("samecall")
    words = "So what would you like to take away from today? I will call the bank on Monday morning. " * 3
    player = pulse.play(espeak_wav(words, tmp_path / "call.wav"), name)
    proc = start_recording(
        ["--client", "Robin", "--mic", f"{name}.monitor", "--loopback", f"{name}.monitor", "--duration", "12"], env
    )
    _out, err = proc.communicate(timeout=60)
    player.kill()
    assert proc.returncode == 0, err
    (warning,) = [line for line in err.splitlines() if "same thing" in line]
    assert warning.startswith("Warning: both tracks hear the same thing — is --mic the call's monitor?")
    session = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]
    (stored,) = session["warnings"]
    assert stored["kind"] == "same_audio" and 3.0 <= stored["at"] <= 11.0  # said within seconds, not at the end
    assert run(["summarize"], env).returncode == 0  # the warning survives the summary
    shown = run(["show"], env)
    assert shown.returncode == 0, shown.stderr
    assert (
        f"While recording, at {int(stored['at']) // 60:02d}:{int(stored['at']) % 60:02d}: both tracks hear"
        in shown.stdout
    )


def test_marks_from_the_m_key_and_from_another_terminal_land_at_their_call_time(tmp_path, pulse, sink, tone_wav, env):
    name = sink("marks")
    player = pulse.play(tone_wav(500, 40, tmp_path / "tone.wav"), name)
    with _recording_at_a_terminal(["--mic", f"{name}.monitor"], env, player) as (proc, master, seen):
        _read_until(master, "Reminder:", seen)
        started = time.monotonic()
        time.sleep(3.0)
        os.write(master, b"m")
        pressed = time.monotonic() - started
        _read_until(master, "Marked", seen)
        time.sleep(2.0)
        other = run(["mark", "her", "big", "idea"], env)
        said = time.monotonic() - started
        assert other.returncode == 0 and other.stdout.startswith("Marked "), other.stderr
        _read_until(master, ": her big idea", seen)  # the recording says it too
        time.sleep(1.0)
    assert proc.returncode == 0, "".join(seen)
    session = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]
    first, second = session["bookmarks"]
    # The call's clock starts with the first sample, a moment before the Reminder line.
    assert first["text"] is None and abs(first["at"] - pressed) <= 1.0, (first, pressed)
    assert second["text"] == "her big idea" and abs(second["at"] - said) <= 1.5, (second, said)
    assert run(["mark"], env).returncode == 1  # the call is over: nothing to mark

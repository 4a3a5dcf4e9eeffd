"""Capture that never loses a recording: crashes, two tracks, echo, devices
coming and going — with real PulseAudio devices and the real `recap` command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import wave
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
    proc = subprocess.Popen(RECAP + ["record", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
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
    proc = start_recording(["--mic", f"{name}.monitor"], env)
    try:
        time.sleep(2)
        result = run(["recover", "--json"], env)
        assert json.loads(result.stdout) == {"sessions": []}
        session = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]
        assert session["status"] == "recording"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
        player.kill()
    assert proc.returncode == 0
    session = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]
    assert session["status"] == "recorded"

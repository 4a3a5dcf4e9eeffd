"""End to end with real parts: a PulseAudio capture device, `recap record`,
the real tiny.en model, extraction and the store — as a coach would run it."""

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
from test_privacy import modes_open_to_others

pytestmark = pytest.mark.slow

RECAP = [str(Path(sys.executable).with_name("recap"))]
SCRIPT = (
    "Last week was hard, but I learned a lot. "
    "I realized that I have been skipping my runs because I am scared of failing. "
    "My goal is to run a half marathon before the end of June. "
    "I will send the training plan to my coach by Friday."
)


def open_umask() -> None:
    os.umask(0o022)  # as most accounts have it: recap must make its files private itself


def run(args, env, **kw):
    return subprocess.run(
        RECAP + args, env=env, capture_output=True, text=True, timeout=300, preexec_fn=open_umask, **kw
    )


@pytest.fixture
def env(tmp_path, pulse):
    return dict(os.environ, **pulse.env, RECAP_HOME=str(tmp_path / "home"), HF_HUB_OFFLINE="1")


def clip_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


@pytest.mark.parametrize("live", [True, False], ids=["live", "no-live"])
def test_record_a_monitor_then_the_recap(tmp_path, pulse, sink, espeak_wav, env, live):
    """Live (the default): the recap is printed as the recording ends. --no-live: recorded, then summarized."""
    speech = espeak_wav(SCRIPT, tmp_path / "call.wav", voice="en-gb", rate=160)
    length = clip_seconds(speech)
    name = sink("call")
    assert run(["config", "set", "share-formats", "html,md"], env).returncode == 0
    args = ["record", "--client", "Alex", "--mic", f"{name}.monitor", "--duration", f"{length + 3:.1f}"]
    proc = subprocess.Popen(
        RECAP + args + ([] if live else ["--no-live"]),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=open_umask,
    )
    # Play only once the recorder says it is recording, as a coach starts the call.
    started = proc.stderr.readline()
    assert "Recording" in started, started + proc.stderr.read()
    player = pulse.play(speech, name)
    out, err = proc.communicate(timeout=length + 60)
    player.wait(10)
    assert proc.returncode == 0, err
    assert "Recorded" in out

    listed = json.loads(run(["sessions", "--json"], env).stdout)["sessions"]
    assert len(listed) == 1
    session = listed[0]
    assert session["client"] == "Alex" and session["status"] == ("summarized" if live else "recorded")
    assert session["id"].endswith("-alex")
    folder = Path(env["RECAP_HOME"]) / "sessions" / session["id"]
    wav = folder / session["tracks"][0]["file"]
    assert abs(clip_seconds(wav) - (length + 3)) < 0.5  # complete, playable file of the asked length

    if live:
        # The recap was printed as the call ended, from the words heard while recording.
        assert "training plan" in out.lower() and "Next: recap summarize" not in out
        assert "Recap ready" in err
        assert (folder / "live" / "mixed.jsonl").is_file()
        # And the recaps the coach set to be made, ready to send.
        assert f"Recap to send: {folder / 'recap.html'}" in out and "training plan" in (folder / "recap.md").read_text()
        items = json.loads(run(["show", "--json"], env).stdout)["items"]
    else:
        assert "Next: recap summarize" in out and not (folder / "live").exists()
        assert not (folder / "recap.html").exists()
        summary = run(["summarize", "--json"], env)
        assert summary.returncode == 0, summary.stderr
        items = json.loads(summary.stdout)["items"]

    shown = json.loads(run(["show", "--json"], env).stdout)
    text = " ".join(s["text"] for s in shown["transcript"]["segments"]).lower()
    for word in ("skipping", "goal", "marathon", "training plan", "friday"):
        assert word in text, text
    assert shown["session"]["status"] == "summarized"
    kinds = {i["kind"] for i in items}
    assert {"commitment", "goal", "insight"} <= kinds, items
    commitment = next(i for i in items if i["kind"] == "commitment")
    assert "training plan" in commitment["text"].lower()
    assert commitment["due"] is not None and commitment["due_text"]
    # The items point at the moment in the recording they came from.
    assert all(0 <= i["start"] <= i["end"] <= length + 3.5 for i in items)

    shared = run(["share"], env)
    assert shared.returncode == 0 and "training plan" in shared.stdout.lower()
    # The audio, the transcript and everything made from them are the coach's alone.
    assert modes_open_to_others(Path(env["RECAP_HOME"])) == []


def test_show_transcript_prints_what_was_heard_during_the_call(tmp_path, pulse, sink, espeak_wav, env):
    """A call longer than two chunks of speech: lines are printed, and pieces read, before the call ends."""
    # Long enough that the first chunk of speech (30 s) is read and shown well before the end.
    speech = espeak_wav(" ".join([SCRIPT] * 5), tmp_path / "long.wav", voice="en-gb", rate=160)
    length = clip_seconds(speech)
    assert length > 70
    name = sink("long")
    proc = subprocess.Popen(
        RECAP
        + ["record", "--client", "Alex", "--mic", f"{name}.monitor", "--duration", f"{length + 2:.1f}"]
        + ["--show-transcript", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert "Recording" in proc.stderr.readline()
    player = pulse.play(speech, name)
    out, err = proc.communicate(timeout=length + 90)
    player.wait(10)
    assert proc.returncode == 0, err
    during, _, after = err.partition("Finishing the transcript")
    assert after, err
    heard = [line for line in during.splitlines() if line[:2].isdigit() and "marathon" in line.lower()]
    assert heard, during  # "00:12 ... half marathon ..." printed while the call went on
    result = json.loads(out)
    assert result["summarized"] and any(i["kind"] == "commitment" for i in result["items"])
    pieces = (Path(result["folder"]) / "live" / "mixed.jsonl").read_text().count('"upto"')
    assert pieces >= 2  # at least one piece during the call, and the rest after it


def test_record_from_a_missing_device_is_one_clear_error(pulse, env):
    result = run(["record", "--mic", "no-such-device.monitor", "--duration", "2"], env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    assert "no-such-device" in lines[0]
    # Nothing half-made is left behind.
    assert json.loads(run(["sessions", "--json"], env).stdout)["sessions"] == []


@pytest.mark.parametrize("started", ["in a terminal", "in the background"])
def test_ctrl_c_is_a_normal_stop_with_a_playable_file(tmp_path, pulse, sink, tone_wav, env, started):
    name = sink("room")
    tone = tone_wav(440, 20, tmp_path / "tone.wav")
    player = pulse.play(tone, name)
    # `recap record &` starts with SIGINT ignored (POSIX, for background jobs): it must still stop.
    ignore_int = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if started == "in the background" else None
    proc = subprocess.Popen(
        RECAP + ["record", "--mic", f"{name}.monitor"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ignore_int,
    )
    assert "Recording" in proc.stderr.readline()
    time.sleep(3)
    proc.send_signal(2)  # SIGINT, as Ctrl-C
    _out, err = proc.communicate(timeout=30)
    player.kill()
    assert proc.returncode == 0, err
    session = json.loads(run(["sessions", "--json"], env).stdout)["sessions"][0]
    wav = Path(env["RECAP_HOME"]) / "sessions" / session["id"] / session["tracks"][0]["file"]
    seconds = clip_seconds(wav)
    assert 2.0 < seconds < 6.0
    assert abs(seconds - session["duration"]) < 0.2


def test_recording_starts_at_once_while_another_recap_holds_the_store(tmp_path, pulse, sink, env):
    """The opening of the call is never lost to the store: capture starts first, the store is told later."""
    home = Path(env["RECAP_HOME"])
    home.mkdir(parents=True)
    name = sink("held")

    def start_recording(client: str, *extra: str) -> tuple[subprocess.Popen, float, str]:
        t0 = time.monotonic()
        proc = subprocess.Popen(
            # Capture alone (--no-live): what is timed is the start, and the sessions as recorded.
            RECAP + ["record", "--client", client, "--mic", f"{name}.monitor", "--duration", "3", "--no-live", *extra],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=open_umask,
        )
        line = proc.stderr.readline()
        assert "Recording" in line, line + proc.stderr.read()
        return proc, time.monotonic() - t0, line

    def finish(proc: subprocess.Popen, first: str) -> str:
        """The rest of stderr (read from the same stream: what readline buffered is not lost)."""
        rest = proc.stderr.read()
        proc.wait(60)
        return first + rest

    free, free_start, first = start_recording("Free")  # the store free: how long a recorder takes to start here
    err = finish(free, first)
    assert free.returncode == 0 and "Reminder: tell Free the call is being recorded" in err
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\nfrom pathlib import Path\nfrom recap.locks import try_lock\n"
            f"h = try_lock(Path({str(home / 'recap.json.lock')!r}))\nassert h is not None\n"
            "print('held', flush=True)\ntime.sleep(8)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    proc, held_start, first = start_recording("Alex", "--consent-note", "Alex agreed:  recorded for the recap")
    assert holder.poll() is None  # still held when the recording had started
    assert held_start - free_start < 1.0, (held_start, free_start)
    err = finish(proc, first)
    holder.wait(15)
    assert proc.returncode == 0, err
    listed = json.loads(run(["sessions", "--json"], env).stdout)["sessions"]
    assert [(s["client"], s["status"]) for s in listed] == [("Free", "recorded"), ("Alex", "recorded")]
    # When the coach was reminded to ask, and what was said, stay with the session.
    assert set(listed[0]["consent"]) == {"reminded"} and listed[0]["consent"]["reminded"][:10] == listed[0]["id"][:10]
    assert listed[1]["consent"]["note"] == "Alex agreed: recorded for the recap"
    assert "Reminder" not in err
    wav = home / "sessions" / listed[1]["id"] / listed[1]["tracks"][0]["file"]
    assert abs(clip_seconds(wav) - 3) < 0.5

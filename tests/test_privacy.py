"""A coach's recordings and transcripts are confidential: nothing recap writes is readable by others."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

CALL = """Dana: What will you do before we meet again?
Sam: I will send two proposals by Friday.
Dana: And what did you notice this week?
Sam: I realized I say yes to every client because I'm scared of losing them.
"""


def modes_open_to_others(home: Path) -> list[str]:
    """Every path under the home (the home included) that is not its owner's alone."""
    found = []
    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        want = 0o700 if path.is_dir() else 0o600
        if mode & 0o077 or (mode & want) != want & mode:
            found.append(f"{oct(mode)} {path.relative_to(home)}")
    return found


def recap(home: Path, *args: str, umask: int = 0o022) -> subprocess.CompletedProcess:
    env = {**os.environ, "RECAP_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "recap", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.umask(umask),
    )


def test_every_file_and_folder_is_private_whatever_the_umask(tmp_path):
    home = tmp_path / "home"
    call = tmp_path / "call.txt"
    call.write_text(CALL)
    for args in (
        ["config", "set", "coach", "Dana"],
        ["import", str(call), "--client", "Sam Ortiz", "--date", "2026-11-20"],
        ["import", str(call), "--client", "Sam Ortiz", "--date", "2026-11-27", "--again"],
        ["summarize"],
        ["search", "proposals"],
        ["share", "-o", str(tmp_path / "recap.html")],
        ["done", "--help"],
    ):
        done = recap(home, *args, umask=0o002)
        assert done.returncode == 0, (args, done.stderr)
    assert (home / "search.db").is_file() and list(home.glob("sessions/*/transcript.json"))
    assert modes_open_to_others(home) == []
    assert stat.S_IMODE((tmp_path / "recap.html").stat().st_mode) == 0o600  # the shared file too


def test_a_home_made_open_before_is_closed(tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    assert recap(home, "sessions").returncode == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


# --- nothing leaves the laptop -----------------------------------------------------------------

NETWORK_CALLS = ("connect", "sendto", "sendmsg")


def _isolated(args: list[str], log: Path) -> list[str]:
    """The command in a network namespace of its own (no network at all), under strace when there is one."""
    import shutil

    wrapped = list(args)
    if shutil.which("strace"):
        wrapped = ["strace", "-f", "-qq", "-e", f"trace={','.join(NETWORK_CALLS)}", "-o", str(log), *wrapped]
    if os.geteuid() == 0 and shutil.which("unshare"):
        wrapped = ["unshare", "--net", *wrapped]
    return wrapped


def network_attempts(log: Path) -> list[str]:
    """Calls that tried to reach another machine: any IPv4 or IPv6 address (a DNS query included)."""
    if not log.exists():
        return []
    return [line for line in log.read_text().splitlines() if "AF_INET" in line]


@pytest.mark.slow
def test_record_summarize_share_make_no_network_attempt_and_write_nowhere_else(tmp_path, pulse, sink, espeak_wav):
    """The whole pipeline on a real null sink, with no network, a private HOME and TMPDIR."""
    import shutil

    if not shutil.which("strace") and os.geteuid() != 0:
        pytest.skip("needs strace or root (a network namespace) to see network attempts")
    user_home, tmp, recap_home = tmp_path / "user", tmp_path / "tmp", tmp_path / "user" / "recap-home"
    user_home.mkdir(), tmp.mkdir()
    env = {
        **os.environ,
        **pulse.env,
        "HOME": str(user_home),
        "TMPDIR": str(tmp),
        "RECAP_HOME": str(recap_home),
        "XDG_CACHE_HOME": str(user_home / ".cache"),
        "HF_HUB_OFFLINE": "1",
    }
    env.pop("ORT_DISABLE_TELEMETRY", None)  # recap turns it off itself
    speech = espeak_wav(
        "I will send the proposal to Acme by Friday. My goal is to double my income this year.", tmp_path / "call.wav"
    )
    name = sink("call")
    base = [sys.executable, "-m", "recap"]
    rec = subprocess.Popen(
        _isolated(
            base + ["record", "--client", "Sam", "--mic", f"{name}.monitor", "--duration", "8"],
            tmp_path / "record.strace",
        ),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert "Recording" in rec.stderr.readline()
    pulse.play(speech, name).wait(20)
    _out, err = rec.communicate(timeout=60)
    assert rec.returncode == 0, err
    for step, args in [
        ("summarize", ["summarize"]),
        ("share", ["share", "-o", str(tmp_path / "recap.html")]),
        ("demo", ["demo"]),
    ]:
        done = subprocess.run(
            _isolated(base + args, tmp_path / f"{step}.strace"), env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, (step, done.stderr[-2000:])
    for log in tmp_path.glob("*.strace"):
        assert network_attempts(log) == [], log.name
    # Nothing written outside the recap home: no cache, no device id, no temp file left behind.
    # (The sound system's client library keeps its cookie in ~/.config/pulse, as for any audio program.)
    written = sorted(
        str(p.relative_to(user_home)) for p in user_home.rglob("*") if p.is_file() and recap_home not in p.parents
    )
    assert written in ([], [".config/pulse/cookie"]), written
    assert list(tmp.iterdir()) == []
    assert (tmp_path / "recap.html").is_file()


@pytest.mark.slow
def test_keep_audio_days_deletes_old_audio_and_keeps_the_text(tmp_path, espeak_wav):
    from datetime import date, timedelta

    home = tmp_path / "home"
    old_day = (date.today() - timedelta(days=40)).isoformat()
    speech = espeak_wav("I will call the bank on Monday. I realized I avoid money talk.", tmp_path / "old.wav")
    done = recap(home, "import", str(speech), "--client", "Sam", "--date", old_day)
    assert done.returncode == 0, done.stderr
    old = next(home.glob("sessions/*/audio/*"))
    assert recap(home, "config", "set", "keep-audio-days", "30").returncode == 0
    assert recap(home, "config", "set", "keep-audio-days", "soon").returncode == 2
    (tmp_path / "new.txt").write_text("Dana: Next?\nSam: I will send the invoice by Friday.\n")
    done = recap(home, "import", str(tmp_path / "new.txt"), "--client", "Sam")
    assert done.returncode == 0, done.stderr
    assert "Removed the audio of 1 session(s) older than 30 days" in done.stderr
    assert not old.exists() and (old.parent.parent / "transcript.json").is_file()
    session_id = old.parent.parent.name
    shown = recap(home, "show", session_id)
    assert shown.returncode == 0 and "bank" in shown.stdout.lower()
    again = recap(home, "summarize", session_id)  # from the text, now that the audio is gone
    assert again.returncode == 0, again.stderr
    assert "Removed the audio" not in again.stderr  # said once

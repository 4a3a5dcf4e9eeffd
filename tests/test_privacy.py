"""A coach's recordings and transcripts are confidential: nothing recap writes is readable by others."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

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
    return subprocess.run([sys.executable, "-m", "recap", *args], env=env, capture_output=True, text=True,
                          timeout=300, preexec_fn=lambda: os.umask(umask))


def test_every_file_and_folder_is_private_whatever_the_umask(tmp_path):
    home = tmp_path / "home"
    call = tmp_path / "call.txt"
    call.write_text(CALL)
    for args in (["config", "set", "coach", "Dana"],
                 ["import", str(call), "--client", "Sam Ortiz", "--date", "2026-11-20"],
                 ["import", str(call), "--client", "Sam Ortiz", "--date", "2026-11-27", "--again"],
                 ["summarize"], ["search", "proposals"], ["share", "-o", str(tmp_path / "recap.html")],
                 ["done", "--help"]):
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

"""recap forget --client: nothing of the client is left anywhere in the data home, bytes included."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "home-v1"

SAM = """Dana: What is on your mind, Sam?
Sam Quixotelli: The Zanzibar franchise keeps me awake. I will phone Bartholomew Xylander by Friday.
Dana: What did you notice?
Sam Quixotelli: I realized the marmalade factory is really about my father.
"""
PRIYA = """Dana: Where are we, Priya?
Priya: I will send two proposals by Thursday.
"""


def recap(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RECAP_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "recap", *args], env=env, capture_output=True, text=True, timeout=120, input=stdin
    )


def grep_home(home: Path, words: list[str]) -> list[str]:
    """Every file in the home holding any of the words, in any case, as UTF-8 or UTF-16 bytes."""
    found = []
    needles = []
    for word in words:
        for variant in {word, word.lower(), word.upper()}:
            needles += [variant.encode("utf-8"), variant.encode("utf-16-le")]
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.relative_to(home)}: {n!r}" for n in needles if n in data]
    return found


def test_forget_removes_every_trace_of_a_client(tmp_path):
    home = tmp_path / "home"
    shutil.copytree(FIXTURE, home)  # a store from recap 0.1: its migration backup holds every client too
    for name, text, day in [
        ("sam1.txt", SAM, "2026-11-06"),
        ("sam2.txt", SAM.replace("Friday", "Monday"), "2026-11-13"),
        ("priya.txt", PRIYA, "2026-11-14"),
    ]:
        (tmp_path / name).write_text(text)
        client = "Priya" if name.startswith("priya") else "Sam Quixotelli"
        done = recap(
            home,
            "import",
            str(tmp_path / name),
            "--client",
            client,
            "--coach",
            "Dana",
            "--date",
            day,
            "--vocab",
            "Zanzibar, Xylander" if client != "Priya" else "Acme",
        )
        assert done.returncode == 0, done.stderr
    assert recap(home, "client", "Sam Quixotelli", "--email", "sam@quixotelli.example").returncode == 0
    assert recap(home, "search", "marmalade").returncode == 0  # the search index holds the words
    traces = ["Quixotelli", "Zanzibar", "Xylander", "marmalade", "Bartholomew"]
    assert grep_home(home, traces)

    # Without a terminal it asks for --yes; nothing is removed.
    refused = recap(home, "forget", "--client", "Sam Quixotelli")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    done = recap(home, "forget", "--client", "sam quixotelli", "--yes")
    assert done.returncode == 0, done.stderr
    assert "2 session(s)" in done.stdout

    assert grep_home(home, traces) == []
    listed = json.loads(recap(home, "sessions", "--json").stdout)["sessions"]
    assert "Priya" in {s["client"] for s in listed} and "Sam Quixotelli" not in {s["client"] for s in listed}
    assert "Error: no client" in recap(home, "client", "Sam Quixotelli").stderr
    # Everyone else is as they were, and found by search.
    assert "proposals" in recap(home, "search", "proposals").stdout
    assert recap(home, "forget", "--client", "Sam Quixotelli", "--yes").returncode == 1  # gone already

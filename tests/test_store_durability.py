"""The store of a busy practice under kill -9 and concurrent writers: nothing lost, nothing half-made."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from store import make_store

pytestmark = pytest.mark.slow

CALL = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Dana>What will you do before we meet again?

00:00:04.500 --> 00:00:09.000
<v Sam Ortiz>I'm going to send two proposals by Friday, and I'll call the bank on Monday.

00:00:09.500 --> 00:00:14.000
<v Dana>Great. I'll send you the template tonight. Let's meet again next Tuesday.

00:00:14.500 --> 00:00:19.000
<v Sam Ortiz>I realized I keep saying yes to every client because I'm scared of losing them.
"""


def recap(home: Path, *args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "RECAP_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "recap", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw
    )


def listed(home: Path) -> list[dict]:
    done = recap(home, "sessions", "--json")
    out, err = done.communicate(timeout=60)
    assert done.returncode == 0, err
    return json.loads(out)["sessions"]


def assert_whole(home: Path, sessions: list[dict]) -> None:
    """Every visible session is a finished one: summarized, with its transcript file and items."""
    index = json.loads((home / "recap.json").read_text())
    with_items = {d["session"] for d in index.get("items", {}).values()}
    for s in sessions:
        assert s["status"] == "summarized", s
        assert (home / "sessions" / s["id"] / "transcript.json").is_file(), s["id"]
        assert s["id"] in with_items, s["id"]


@pytest.fixture
def year(tmp_path: Path) -> tuple[Path, Path]:
    home = tmp_path / "home"
    make_store(home, 300)
    call = tmp_path / "call.vtt"
    call.write_text(CALL)
    return home, call


def test_kill_9_at_random_moments_of_imports_never_shows_a_half_made_session(year):
    home, call = year
    rng = random.Random(2026)
    finished: list[str] = []
    kills = 0
    while kills < 50:
        # --again: the same call imported many times, each a new session
        proc = recap(
            home,
            "import",
            str(call),
            "--again",
            "--client",
            "Sam Ortiz",
            "--coach",
            "Dana",
            "--date",
            f"2026-{1 + len(finished) % 12:02d}-{1 + kills % 28:02d}",
            "--json",
        )
        time.sleep(rng.uniform(0.05, 1.5))
        if proc.poll() is None:
            proc.kill()
            kills += 1
        out, _err = proc.communicate(timeout=60)
        if proc.returncode == 0:
            finished.append(json.loads(out)["sessions"][0]["session"]["id"])
        # The next command finds the store readable, with nothing half-made in it.
        sessions = listed(home)
        assert {s["id"] for s in sessions} >= set(finished)  # every import reported complete is there
        assert not list((home / "sessions").glob("*/.pending"))  # killed imports were swept
    sessions = listed(home)
    assert len(sessions) >= 300 + len(finished)
    assert_whole(home, sessions)
    assert (home / "recap.json.bak").is_file()
    recap(home, "search", "proposals").communicate(timeout=120)
    assert not [p for p in home.iterdir() if p.name.endswith(".tmp")]  # no stale copies of the store


def test_four_imports_at_once_for_twenty_rounds_lose_nothing(year):
    home, call = year
    before = json.loads((home / "recap.json").read_text())
    items_before = len(before["items"])
    ids = []
    for round_ in range(20):
        procs = [
            recap(
                home,
                "import",
                str(call),
                "--again",
                "--client",
                "Sam Ortiz",
                "--coach",
                "Dana",
                "--date",
                f"2027-01-{1 + round_:02d}",
                "--json",
            )
            for _ in range(4)
        ]
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda p: (p.communicate(timeout=120), p.returncode), procs))
        for (out, err), code in results:
            assert code == 0, err
            ids.append(json.loads(out)["sessions"][0]["session"]["id"])
    assert len(set(ids)) == 80
    sessions = listed(home)
    assert len(sessions) == 300 + 80 and set(ids) <= {s["id"] for s in sessions}
    index = json.loads((home / "recap.json").read_text())
    per_import = [d for d in index["items"].values() if d["session"] == ids[0]]
    assert per_import and len(index["items"]) == items_before + 80 * len(per_import)
    assert_whole(home, [s for s in sessions if s["id"] in ids])

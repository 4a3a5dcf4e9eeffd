"""The store after a year of a busy practice: how fast recap stays, and how big.

    python bench/store.py                    # stores of 100, 300 and 1,000 sessions
    python bench/store.py --sizes 1000 --runs 3

A store of N sessions is what N one-hour calls leave (5 clients a day for a
year is about 1,000): each session has its transcript (700 segments) in its
folder and 20 items in the index. For each size, whole ``recap`` processes are
timed, median of --runs: ``recap sessions``, ``recap show``, ``recap search``,
``recap items --open`` and ``recap client`` when this recap has them, and
importing one more one-hour transcript (extraction included, no audio to
transcribe). Also the index's and the whole home's size on disk, and the peak
memory of the slowest command. Target: each listing under 300 ms at 1,000
sessions, the import under 2 s. The first line is the floor every command pays
(Python starting and importing click), measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CLIENTS = [
    "Priya Raman",
    "Tom Becker",
    "Aisha Khan",
    "Marcus Lindqvist",
    "Elena Duarte",
    "Sam Ortiz",
    "Jess Moore",
    "Rafael Moreno",
    "Dana Cole",
    "Chris Young",
    "Mia Wong",
    "Leo Hart",
    "Nora Bell",
    "Omar Aziz",
    "Zoe Quinn",
]
WORDS = [
    "plan",
    "week",
    "call",
    "client",
    "price",
    "offer",
    "launch",
    "budget",
    "team",
    "sleep",
    "walk",
    "morning",
    "evening",
    "habit",
    "goal",
    "friday",
    "invoice",
    "pitch",
    "email",
    "manager",
    "promotion",
    "focus",
    "energy",
    "coffee",
    "gym",
    "diary",
    "list",
    "calendar",
    "boundary",
    "review",
    "course",
    "students",
    "marketing",
    "feedback",
    "proposal",
    "deadline",
    "practice",
    "coaching",
    "session",
    "progress",
]
SENTENCES = [
    "I'll send the {w} to my {w2} by Friday.",
    "We talked about the {w} and how it affects the {w2}.",
    "What would make the {w} easier this week?",
    "I realized the {w} is really about my {w2}.",
    "My goal is to get the {w} done before the {w2}.",
    "So the next step is to book time for the {w}.",
    "That sounds hard, tell me more about the {w}.",
    "Honestly I keep putting off the {w} because of the {w2}.",
]
KINDS = ["commitment", "next_step", "insight", "goal"]
SEGMENTS = 700
ITEMS = 20
TARGET_MS = 300


def _segment(rng: random.Random, t: float, role: str, name: str) -> dict:
    text = rng.choice(SENTENCES).format(w=rng.choice(WORDS), w2=rng.choice(WORDS))
    return {
        "start": round(t, 3),
        "end": round(t + 4.5, 3),
        "text": text,
        "speaker": name,
        "role": role,
        "uncertain": False,
    }


def make_store(home: Path, n: int, seed: int = 7) -> list[str]:
    """A data home with ``n`` summarized one-hour sessions, written straight to disk.

    Returns:
        The session ids, oldest first.
    """
    from recap.domain import Item
    from recap.extract import smart as smart_check
    from recap.store import SCHEMA_VERSION, _new_id, _stored

    rng = random.Random(seed)
    (home / "sessions").mkdir(parents=True, exist_ok=True)
    start = datetime(2025, 12, 1, 9, 0)
    sessions, items, taken, ids = {}, {}, set(), []
    for k in range(n):
        when = start + timedelta(hours=2 * (k % 5), days=k // 5)
        client = CLIENTS[k % len(CLIENTS)]
        sid = f"{when:%Y-%m-%d-%H%M}-{client.split()[0].lower()}"
        ids.append(sid)
        folder = home / "sessions" / sid
        (folder / "audio").mkdir(parents=True, exist_ok=True)
        segs = [
            _segment(rng, 5.0 * i, "coach" if i % 2 == 0 else "client", "Dana" if i % 2 == 0 else client)
            for i in range(SEGMENTS)
        ]
        (folder / "transcript.json").write_text(
            json.dumps(
                {"segments": segs, "language": "en", "model": "tiny.en", "duration": 3600.0, "speakers_known": True}
            )
        )
        session = {
            "id": sid,
            "created": when.isoformat(timespec="seconds"),
            "client": client,
            "coach": "Dana",
            "status": "summarized",
            "tracks": [],
            "duration": 3600.0,
            "source": "import",
            "title": f"{sid}.vtt",
        }
        (folder / "session.json").write_text(json.dumps(session))
        sessions[str(k + 1)] = session
        for j in range(ITEMS):
            seg = segs[rng.randrange(SEGMENTS)]
            item_id = _new_id(taken)
            taken.add(item_id)
            due = (when.date() + timedelta(days=rng.randrange(1, 30))).isoformat() if j % 3 == 0 else None
            kind = KINDS[j % 4]
            text = seg["text"].rstrip(".")
            item = Item(
                kind=kind,
                text=text,
                owner="client" if j % 4 < 2 else None,
                due=date.fromisoformat(due) if due else None,
                due_text="by Friday" if due else None,
                speaker=seg["speaker"],
                start=seg["start"],
                end=seg["end"],
                quote=seg["text"],
                rule="bench",
                confidence=0.8,
                smart=smart_check.check(text) if kind == "goal" else None,  # as extraction leaves goals
                status=rng.choice(["open", "open", "done", "dropped"]),
                id=item_id,
            )
            items[str(len(items) + 1)] = {"session": sid, **_stored(item)}  # as the store writes it
    (home / "recap.json").write_text(
        json.dumps(
            {"meta": {"1": {"schema": SCHEMA_VERSION}}, "sessions": sessions, "items": items, "clients": {}},
            separators=(",", ":"),
        )
    )
    return ids


def one_hour_transcript(path: Path, seed: int = 11) -> Path:
    """A one-hour WebVTT call of 700 cues, for the import."""
    rng = random.Random(seed)
    out = ["WEBVTT", ""]
    for i in range(SEGMENTS):
        seg = _segment(rng, 5.0 * i, "", "Dana" if i % 2 == 0 else "Priya Raman")
        t0, t1 = seg["start"], seg["end"]
        out += [f"{_ts(t0)} --> {_ts(t1)}", f"<v {seg['speaker']}>{seg['text']}", ""]
    path.write_text("\n".join(out))
    return path


def _ts(t: float) -> str:
    h, rem = divmod(t, 3600)
    m, s = divmod(rem, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"


def timed(home: Path, args: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of one whole recap process."""
    env = {**os.environ, "RECAP_HOME": str(home)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules compiled once, not at every start
    code = (
        "import resource, sys, time; t = time.perf_counter(); from recap.cli import cli\n"
        "try:\n    cli(sys.argv[1:], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(f'\\nTIMING {time.perf_counter() - t} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')"
    )
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - t0
    if done.returncode:
        sys.exit(f"recap {' '.join(args)} failed: {done.stderr[-500:]}")
    rss = next((float(line.split()[2]) / 1024 for line in done.stderr.splitlines() if line.startswith("TIMING")), 0.0)
    return wall, rss, done.stdout


def floor_ms(runs: int) -> float:
    """Median ms of a process that only starts Python and imports click: what every command pays
    before recap does anything, measured beside the commands so a slower machine shows as such."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    ms = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import click"], env=env, check=True, cwd=REPO)
        ms.append(1000 * (time.perf_counter() - t0))
    return statistics.median(ms)


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def has(command: str) -> bool:
    from recap.cli import cli

    return command in cli.commands


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,300,1000")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"floor: Python starting and importing click, {floor_ms(args.runs):.0f} ms (every command pays it)")
    print(f"{'sessions':>8} {'command':<28} {'median ms':>9} {'runs ms':<28} {'peak RSS MB':>11}")
    failures = []
    with tempfile.TemporaryDirectory(prefix="recap-store-bench-") as tmp:
        call = one_hour_transcript(Path(tmp) / "one-hour.vtt")
        for n in sizes:
            home = Path(tmp) / f"home{n}"
            ids = make_store(home, n)
            timed(home, ["search", "--rebuild"])  # the index is built once, as after an upgrade
            timed(home, ["sessions"])  # and the modules compiled once
            commands = [["sessions"], ["show", ids[len(ids) // 2]], ["search", "pricing"]]
            if has("items"):
                commands.append(["items", "--open"])
            if has("client"):
                commands.append(["client", CLIENTS[0]])
            for command in commands:
                runs = [timed(home, command) for _ in range(args.runs)]
                ms = sorted(1000 * r[0] for r in runs)
                med = statistics.median(ms)
                print(
                    f"{n:>8} {'recap ' + ' '.join(command):<28} {med:>9.0f} {[round(x) for x in ms]!s:<28} "
                    f"{max(r[1] for r in runs):>11.0f}",
                    flush=True,
                )
                if n >= 1000 and med > TARGET_MS:
                    failures.append(f"recap {' '.join(command)} at {n}: {med:.0f} ms")
            imports = []
            for k in range(args.runs):
                wall, rss, _ = timed(
                    home,
                    [
                        "import",
                        str(call),
                        "--client",
                        "Priya Raman",
                        "--coach",
                        "Dana",
                        "--date",
                        f"2026-12-{1 + k:02d}",
                        "--again",
                        "--json",
                    ],
                )
                imports.append((wall, rss))
            med = statistics.median(1000 * w for w, _ in imports)
            print(
                f"{n:>8} {'import a 1-hour transcript':<28} {med:>9.0f} "
                f"{[round(1000 * w) for w, _ in imports]!s:<28} {max(r for _, r in imports):>11.0f}",
                flush=True,
            )
            if n >= 1000 and med > 2000:
                failures.append(f"import at {n}: {med:.0f} ms")
            print(
                f"{n:>8} index recap.json {size_mb(home / 'recap.json'):.1f} MB, search.db "
                f"{size_mb(home / 'search.db'):.1f} MB, whole home {size_mb(home):.0f} MB\n",
                flush=True,
            )
    print("all targets met" if not failures else "missed: " + "; ".join(failures))


if __name__ == "__main__":
    main()

"""A call recorded with live transcription: how soon the recap is ready, and what it costs.

    python bench/live.py                  # a 60-minute call
    python bench/live.py --minutes 5      # the short version (CI runs it)

A two-track call is made with espeak-ng (two voices taking turns, with pauses,
as a coach and a client do) and played at real time through two null sinks of a
private PulseAudio server. ``recap record`` records their monitors with live
transcription (the default), as a coach would, until --duration ends the call.
Printed:

- seconds from the stop to the recap printed (target: at most 10 s);
- the CPU share of recap's processes during the call (recorder and helper,
  of all cores), and input overflows (target: 0);
- the RSS of recap's processes after the first piece is read, half-way, at the
  end (each the lowest of a minute: reading a piece holds working memory for a few
  seconds), and the peak (target: flat, that is, no growth over the call's second
  half: memory that grows with the call's length);
- how much the live transcript and a batch one of the same audio differ (WER
  between them, target: under 3 points);
- the same call the --no-live way, in the same run: ``recap summarize`` of the
  same audio with the live words set aside, and the ratio of the two waits.

Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
from pulse import PulseServer, espeak_wav  # noqa: E402
from transcribe import wer  # noqa: E402  (bench/transcribe.py)

RATE = 16000
COACH = [
    "How did the week go with the morning routine?",
    "What would make that easier to keep going?",
    "So what will you do before our next call?",
    "By when will you have the proposal sent?",
    "What did you notice about the evenings?",
    "That sounds like a real shift. Tell me more about it.",
    "What number would tell you it is working?",
    "Let us check in on that next session.",
]
CLIENT = [
    "It went better than I expected, I got up early four days out of five.",
    "I realized that I keep saying yes to everything my manager asks.",
    "I will send the proposal to the new client by Friday.",
    "My goal is to run three times a week before work.",
    "Next step is to block two hours on Tuesday for the pricing page.",
    "I want to get my savings to five thousand dollars by June.",
    "The thing that worked was turning off my phone after nine.",
    "I am going to write in my journal every morning for ten minutes.",
]

TARGET_READY = 10.0
TARGET_WER = 0.03


def clips(folder: Path, sentences: list[str], voice: str) -> list[np.ndarray]:
    out = []
    for n, text in enumerate(sentences):
        path = espeak_wav(text, folder / f"{voice}-{n}.wav", voice=voice, rate=165)
        raw = np.frombuffer(path.read_bytes()[44:], dtype="<i2")
        out.append(raw)
    return out


def make_call(folder: Path, seconds: float, seed: int = 5) -> tuple[Path, Path, str]:
    """Two tracks of ``seconds``: coach and client take turns, each silent while the other speaks.

    Returns:
        (coach track, client track, what was said: the coach's sentences, then the client's)
    """
    rng = random.Random(seed)
    coach, client = clips(folder, COACH, "en-us"), clips(folder, CLIENT, "en-gb")
    total = int(seconds * RATE)
    a = np.zeros(total, dtype="<i2")
    b = np.zeros(total, dtype="<i2")
    at = int(0.5 * RATE)
    turn = 0
    said: dict[str, list[str]] = {"coach": [], "client": []}
    while at < total:
        pool, track, texts, who = (coach, a, COACH, "coach") if turn % 2 == 0 else (client, b, CLIENT, "client")
        for _ in range(1 if turn % 2 == 0 else rng.randint(1, 3)):
            n = rng.randrange(len(pool))
            clip = pool[n]
            end = min(total, at + len(clip))
            track[at:end] = clip[: end - at]
            if end - at == len(clip):
                said[who].append(texts[n])
            at = end + int(rng.uniform(0.3, 0.9) * RATE)
            if at >= total:
                break
        at += int(rng.uniform(0.6, 1.6) * RATE)
        turn += 1
    paths = []
    for name, data in (("coach", a), ("client", b)):
        path = folder / f"{name}-call.wav"
        import wave

        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(data.tobytes())
        paths.append(path)
    return paths[0], paths[1], " ".join(said["coach"] + said["client"])


# --- watching recap's processes ------------------------------------------------------------


def _recap_pids(root: int) -> list[int]:
    """The recorder and its helper (the helper runs in its own session, so found by its command)."""
    pids = [root]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"recap.live" in cmd:
            pids.append(int(entry.name))
    return pids


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


#: Seconds over which an RSS reading takes its floor: longer than a piece takes to read.
RSS_WINDOW = 60.0


def floor_mb(samples: list[tuple[float, float]], start: float, end: float) -> float:
    """The lowest RSS sampled between ``start`` and ``end`` seconds (the last sample when none is)."""
    inside = [mb for t, mb in samples if start <= t <= end]
    return min(inside) if inside else (samples[-1][1] if samples else 0.0)


class Watch:
    """CPU seconds and RSS of recap's processes, sampled every second during the call."""

    def __init__(self, root: int, home: Path) -> None:
        self.root = root
        self.home = home
        self.first_piece: float | None = None  # seconds into the call when the helper had read a piece
        self.cpu: dict[int, float] = {}
        self.rss: list[tuple[float, float]] = []  # (seconds into the call, MB over recap's processes)
        self.stop = threading.Event()
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(1.0):
            pids = _recap_pids(self.root)
            for pid in pids:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_seconds(pid))
            now = time.monotonic() - self.started
            self.rss.append((now, sum(_rss_mb(p) for p in pids)))
            if self.first_piece is None and any(
                '"upto"' in f.read_text() for f in self.home.glob("sessions/*/live/*.jsonl")
            ):
                self.first_piece = now

    def snapshot(self) -> tuple[float, float]:
        """(CPU seconds, wall seconds) so far: taken when the call ends."""
        for pid in _recap_pids(self.root):
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_seconds(pid))
        return sum(self.cpu.values()), time.monotonic() - self.started


def by_track(folder: Path) -> str:
    """The session's transcript, one track after the other: utterance boundaries may fall a little
    differently live and in batch, which would reorder the interleaved lines without a word changing."""
    segments = json.loads((folder / "transcript.json").read_text())["segments"]
    return " ".join(s["text"] for role in ("coach", "client", None) for s in segments if s.get("role") == role)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=60.0)
    ap.add_argument("--keep", action="store_true", help="Keep the session and audio (printed at the end).")
    args = ap.parse_args()
    seconds = args.minutes * 60
    work = Path(tempfile.mkdtemp(prefix="recap-live-bench-"))
    env = {**os.environ, "RECAP_HOME": str(work / "home"), "HF_HUB_OFFLINE": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    recap = str(Path(sys.executable).with_name("recap"))
    server = PulseServer.start(work / "pulse")
    try:
        coach_wav, client_wav, said = make_call(work, seconds)
        server.add_sink("coachside")
        server.add_sink("clientside")
        env.update(server.env)
        proc = subprocess.Popen(
            [recap, "record", "--client", "Sam", "--coach", "Dana", "--mic", "coachside.monitor"]
            + ["--loopback", "clientside.monitor", "--duration", f"{seconds + 2:.0f}", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        first = proc.stderr.readline()
        if "Recording" not in first:
            print(first + proc.stderr.read(), file=sys.stderr)
            return 1
        players = [server.play(coach_wav, "coachside"), server.play(client_wav, "clientside")]
        watch = Watch(proc.pid, Path(env["RECAP_HOME"]))
        stopped_at: list[float] = []
        at_stop: list[tuple[float, float]] = []
        err_lines: list[str] = [first]

        def read_err() -> None:
            assert proc.stderr is not None
            for line in proc.stderr:
                if "Finishing the transcript" in line and not stopped_at:
                    stopped_at.append(time.monotonic())
                    at_stop.append(watch.snapshot())
                err_lines.append(line)

        reader = threading.Thread(target=read_err, daemon=True)
        reader.start()
        out = proc.stdout.read() if proc.stdout else ""
        proc.wait()
        ended = time.monotonic()
        reader.join(5)
        watch.stop.set()
        cpu, wall = at_stop[0] if at_stop else watch.snapshot()
        for p in players:
            p.kill()
        if proc.returncode != 0:
            print("".join(err_lines[-20:]), file=sys.stderr)
            return 1
        result = json.loads(out)
        ready = ended - stopped_at[0] if stopped_at else float("nan")
        folder = Path(result["folder"])
        manifest = json.loads((folder / "session.json").read_text())
        overflows = sum(int(t.get("overflows", 0)) for t in manifest["tracks"])
        during = [(t, mb) for t, mb in watch.rss if t <= wall]
        # Memory once the model is loaded and has read its first piece, against the end. Each reading
        # is the floor of a minute: while a piece is read the helper holds its working memory for a
        # few seconds (RSS jumps by 100-350 MB and falls back), so one sample says whether a piece
        # was being read, not whether memory grows with the call.
        settled = (watch.first_piece or 0.0) + 10
        early_at = next((t for t, _ in during if t >= settled), during[-1][0] if during else 0.0)
        early = floor_mb(during, early_at, early_at + RSS_WINDOW)
        half = floor_mb(during, wall / 2 - RSS_WINDOW / 2, wall / 2 + RSS_WINDOW / 2)
        late = floor_mb(during, wall - RSS_WINDOW, wall)
        peak = max((mb for _, mb in during), default=0.0)
        live_text = by_track(folder)

        # The same audio the --no-live way: the live words set aside, summarize reads it all.
        shutil.move(str(folder / "live"), str(work / "live-words"))
        t0 = time.monotonic()
        batch = subprocess.run(
            [recap, "summarize", result["session"], "--json"], env=env, capture_output=True, text=True
        )
        batch_wait = time.monotonic() - t0
        if batch.returncode != 0:
            print(batch.stderr, file=sys.stderr)
            return 1
        batch_text = by_track(folder)
        apart = wer(batch_text, live_text)  # as bench/transcribe.py scores: numbers as words
        cores = os.cpu_count() or 1
        print(f"call: {seconds / 60:.0f} min, two tracks, played at real time through two null sinks")
        print(f"recap ready after the stop:   {ready:6.1f} s  (target <= {TARGET_READY:.0f} s)")
        left = next((line for line in err_lines if "Finishing the transcript" in line), "")
        if "(" in left:
            print(f"  left to read at the stop:   {left.split('(', 1)[1].split(')')[0]}, over both tracks")
        print(f"--no-live, then summarize:    {batch_wait:6.1f} s  ({batch_wait / ready:.0f}x longer)")
        print(
            f"CPU during the call:          {100 * cpu / (wall * cores):6.1f} % of {cores} cores (recorder and helper)"
        )
        print(f"input overflows:              {overflows:6d}    (target 0)")
        print(
            f"RSS {early_at:.0f} s in / half-way / end / peak:  {early:.0f} / {half:.0f} / {late:.0f} / {peak:.0f} MB "
            f"(recorder and helper, from their first piece read; each the lowest of {RSS_WINDOW:.0f} s)"
        )
        print(f"live vs batch WER:            {100 * apart:6.2f} points (target < {100 * TARGET_WER:.0f})")
        print(
            f"WER against what was said:    live {100 * wer(said, live_text):.2f} %, batch {100 * wer(said, batch_text):.2f} %"
        )
        missed = []
        if not ready <= TARGET_READY:
            missed.append("ready")
        if overflows:
            missed.append("overflows")
        if apart >= TARGET_WER:
            missed.append("live vs batch")
        if late > half * 1.1 + 20:
            missed.append("RSS growth")
        print("all targets met" if not missed else "missed: " + ", ".join(missed))
        if args.keep:
            (work / "live.txt").write_text(live_text)
            (work / "batch.txt").write_text(batch_text)
            print(f"kept in {work}")
        return 1 if missed else 0
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Nothing lost, nothing leaked: recap's reliability and privacy proofs, with figures.

    python bench/reliability.py              # every proof (about 15 minutes on 2 cores)
    python bench/reliability.py --kills 10   # fewer kills of the recorder

Prints, for each proof, what was tried, what survived and what was lost:

- recorder: ``recap record`` of two tracks on real PulseAudio null sinks, each
  killed with SIGKILL at a random moment; the next command recovers it. Every
  session must come back playable; the seconds lost are, per track, the time
  from its first captured sample to the kill less the audio recovered (target:
  at most 2 s).
- summarize: ``recap summarize`` killed at random moments of a re-run on a
  stored session; after each kill the session must be as it was (no duplicate
  item, nothing half-shown), and a last run must finish cleanly.
- unplug: the coach's microphone (a null sink) unplugged mid-recording: how soon
  the recorder notices (target: median at most 0.5 s after ``pactl`` returns),
  and that the loss is stamped between the unplugging and the notice, both
  tracks still as long as the call.
- bad input: the table of bad inputs of tests/test_errors.py: handled / tried.
- permissions: files and folders of a home after import, summarize, search and
  share with umask 022: how many are readable by others (target: none).
- network: record, summarize and share in a network namespace under strace:
  network calls attempted, files written outside the recap home (target: none).

Needs pulseaudio, sox, espeak-ng and strace (``make test`` installs them); the
network proof needs root (a network namespace).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

RECAP = [sys.executable, "-m", "recap"]


@dataclass
class Proof:
    name: str
    tried: int = 0
    survived: int = 0
    lost: list[float] = field(default_factory=list)  # per try, in the proof's unit
    notes: list[str] = field(default_factory=list)

    def line(self, unit: str = "") -> str:
        text = f"{self.name:<12} tried {self.tried:>3}  survived {self.survived:>3}"
        if self.lost:
            text += f"  lost: median {statistics.median(self.lost):.2f}{unit}, max {max(self.lost):.2f}{unit}"
        return text


def _env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "RECAP_HOME": str(home), "HF_HUB_OFFLINE": "1", **(extra or {})}
    env.pop("RECAP_DEBUG", None)
    return env


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


# --- the recorder under kill -9 ----------------------------------------------------------------


def recorder_kills(pulse, kills: int, work: Path, seed: int = 2026, echo=print) -> Proof:
    """Kill a two-track ``recap record`` at random moments; recover each; measure what was lost."""
    from pulse import tone_wav

    rng = random.Random(seed)
    proof = Proof("recorder")
    home = work / "record-home"
    env = _env(home, pulse.env)
    mic, call = f"mic{seed}", f"call{seed}"
    pulse.add_sink(mic), pulse.add_sink(call)
    tone = tone_wav(440, 600, work / "tone.wav")
    players = [pulse.play(tone, mic), pulse.play(tone, call)]
    try:
        for k in range(kills):
            proc = subprocess.Popen(
                RECAP + ["record", "--client", f"Kill {k}", "--mic", f"{mic}.monitor", "--loopback", f"{call}.monitor"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            first = proc.stderr.readline()
            started = time.monotonic()
            if "Recording" not in first:
                proc.kill()
                proof.notes.append(f"kill {k}: did not start: {first.strip()}")
                proof.tried += 1
                continue
            time.sleep(rng.uniform(0.3, 4.0))
            proc.send_signal(signal.SIGKILL)
            killed_at = time.time()
            recorded = time.monotonic() - started
            proc.wait(10)
            proof.tried += 1
            listed = subprocess.run(
                RECAP + ["sessions", "--json"], env=env, capture_output=True, text=True, timeout=120
            )
            sessions = {s["client"]: s for s in json.loads(listed.stdout)["sessions"]} if listed.returncode == 0 else {}
            session = sessions.get(f"Kill {k}")
            if session is None or session["status"] != "interrupted" or len(session["tracks"]) != 2:
                proof.notes.append(f"kill {k}: not recovered ({listed.stderr.strip()[-200:]})")
                continue
            try:
                seconds = [_wav_seconds(home / "sessions" / session["id"] / t["file"]) for t in session["tracks"]]
            except (wave.Error, OSError, EOFError) as exc:
                proof.notes.append(f"kill {k}: not playable: {exc}")
                continue
            proof.survived += 1
            # Lost: what each track captured until the kill (from its first sample's wall-clock time)
            # less what was recovered; without a start time, from the "Recording" line.
            lost = [
                killed_at - t["started_at"] - got if t.get("started_at") else recorded - got
                for t, got in zip(session["tracks"], seconds, strict=False)
            ]
            proof.lost.append(max(0.0, *lost))
            echo(
                f"  kill {k + 1}/{kills}: {recorded:.1f} s after start, {min(seconds):.1f} s recovered, "
                f"{max(0.0, *lost):.2f} s lost"
            )
    finally:
        for p in players:
            p.kill()
            p.wait()
        pulse.remove_sink(mic), pulse.remove_sink(call)
    return proof


# --- summarize under kill -9 -------------------------------------------------------------------


def summarize_kills(kills: int, work: Path, seed: int = 7, echo=print) -> Proof:
    """Kill ``recap summarize`` at random moments of a re-run; the session stays whole, then finishes."""
    from pulse import espeak_wav

    rng = random.Random(seed)
    proof = Proof("summarize")
    home = work / "summarize-home"
    env = _env(home)
    speech = espeak_wav(
        "I will send the proposal to the bank by Friday. I realized I avoid money talk. "
        "My goal is to save two thousand pounds by June.",
        work / "call.wav",
    )
    done = subprocess.run(
        RECAP + ["import", str(speech), "--client", "Sam", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode:
        raise SystemExit(f"import failed: {done.stderr}")
    first = json.loads(done.stdout)["sessions"][0]
    session_id = first["session"]["id"]
    ids = sorted(i["id"] for i in first["items"])

    def state() -> tuple[str, list[str]] | None:
        shown = subprocess.run(
            RECAP + ["show", session_id, "--json"], env=env, capture_output=True, text=True, timeout=120
        )
        if shown.returncode:
            return None
        data = json.loads(shown.stdout)
        return data["session"]["status"], sorted(i["id"] for i in data["items"])

    # How long a whole re-run takes here: the kills fall anywhere in it, the writes at its end included.
    t0 = time.monotonic()
    subprocess.run(RECAP + ["summarize", session_id], env=env, capture_output=True, timeout=600, check=True)
    whole = time.monotonic() - t0
    for k in range(kills):
        proc = subprocess.Popen(
            RECAP + ["summarize", session_id], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.2, whole))
        killed = proc.poll() is None
        proc.kill()
        proc.wait(10)
        proof.tried += 1
        now = state()
        if now == ("summarized", ids):
            proof.survived += 1
        else:
            proof.notes.append(f"kill {k}: after {'a kill' if killed else 'a finished run'}: {now}")
        echo(
            f"  kill {k + 1}/{kills}: {'killed' if killed else 'had finished'}, session {now and now[0]}, "
            f"{len(now[1]) if now else '?'} items"
        )
    last = subprocess.run(RECAP + ["summarize", session_id], env=env, capture_output=True, text=True, timeout=600)
    final = state()
    if last.returncode or final != ("summarized", ids):
        proof.notes.append(f"the last run: exit {last.returncode}, {final}")
    return proof


# --- bad input, permissions, network -----------------------------------------------------------


def bad_input(work: Path) -> Proof:
    from test_errors import assert_one_line_error, bad_input_cases, recap

    proof = Proof("bad input")
    for label, home, args in bad_input_cases(work / "bad"):
        proof.tried += 1
        try:
            assert_one_line_error(recap(home, *args), label)
            proof.survived += 1
        except AssertionError as exc:
            proof.notes.append(str(exc).splitlines()[0])
    return proof


def permissions(work: Path) -> Proof:
    from test_privacy import CALL, modes_open_to_others

    proof = Proof("permissions")
    home = work / "perm-home"
    call = work / "perm.txt"
    call.write_text(CALL)
    for args in (
        ["import", str(call), "--client", "Sam"],
        ["summarize"],
        ["search", "proposals"],
        ["share", "-o", str(work / "perm.html")],
    ):
        subprocess.run(
            RECAP + args, env=_env(home), capture_output=True, timeout=300, preexec_fn=lambda: os.umask(0o022)
        )
    paths = [home, *home.rglob("*")]
    open_ = modes_open_to_others(home)
    proof.tried, proof.survived = len(paths), len(paths) - len(open_)
    proof.notes += open_
    return proof


def network(pulse, work: Path) -> Proof:
    from pulse import espeak_wav
    from test_privacy import _isolated, network_attempts

    proof = Proof("network")
    user = work / "net-user"
    tmp = work / "net-tmp"
    user.mkdir(), tmp.mkdir()
    env = {
        **_env(user / "recap-home", pulse.env),
        "HOME": str(user),
        "TMPDIR": str(tmp),
        "XDG_CACHE_HOME": str(user / ".cache"),
    }
    sink = "net"
    pulse.add_sink(sink)
    speech = espeak_wav("I will send the proposal by Friday.", work / "net.wav")
    rec = subprocess.Popen(
        _isolated(
            RECAP + ["record", "--client", "Sam", "--mic", f"{sink}.monitor", "--duration", "5"],
            work / "net-record.strace",
        ),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    rec.stderr.readline()
    pulse.play(speech, sink).wait(20)
    rec.communicate(timeout=60)
    steps = [["summarize"], ["share", "-o", str(work / "net.html")], ["demo"]]
    for n, args in enumerate(steps):
        subprocess.run(_isolated(RECAP + args, work / f"net-{n}.strace"), env=env, capture_output=True, timeout=600)
    logs = list(work.glob("net-*.strace"))
    attempts = [a for log in logs for a in network_attempts(log)]
    outside = [
        str(p.relative_to(user))
        for p in user.rglob("*")
        if p.is_file() and (user / "recap-home") not in p.parents and ".config/pulse" not in str(p)
    ]
    outside += [str(p) for p in tmp.iterdir()]
    proof.tried = 1 + len(steps)
    proof.survived = proof.tried if not attempts and not outside else 0
    proof.notes += attempts[:5] + outside[:5]
    if not shutil.which("strace"):
        proof.notes.append("strace is not installed: network calls were not traced")
    if os.geteuid() != 0:
        proof.notes.append("not root: ran without a network namespace")
    return proof


# --- a device unplugged mid-call ---------------------------------------------------------------


def unplugs(pulse, tries: int, work: Path, echo=print) -> Proof:
    """Unplug the coach's microphone (a null sink) mid-recording; how soon is it noticed, where is it stamped?

    Survives when both tracks stay as long as the call, the loss is the one event, and its stamp lies
    between the unplugging and the recorder's notice (0.5 s either side: a block's length and more).
    ``lost`` is the notice's delay, in seconds after ``pactl`` returned.
    """
    from pulse import tone_wav, unplug_mid_call

    proof = Proof("unplug")
    tones = (tone_wav(440, 10, work / "unplug-440.wav"), tone_wav(1000, 10, work / "unplug-1000.wav"))
    for n in range(tries):
        coach, client = f"unplugcoach{n}", f"unplugclient{n}"
        pulse.add_sink(coach), pulse.add_sink(client)
        try:
            run = unplug_mid_call(pulse, work / f"unplug-{n}", coach, client, tones)
        finally:
            pulse.remove_sink(coach), pulse.remove_sink(client)
        proof.tried += 1
        coach_track, client_track = run.tracks
        if len(run.unplugged) < 2 or not run.told or coach_track.started_at is None or not coach_track.events:
            proof.notes.append(f"try {n}: the loss was not noticed")
            continue
        unplugged, told = run.unplugged[1], run.told[0]  # after pactl returned; the first report
        delay = told - unplugged
        at = coach_track.events[0]["at"]
        went, heard = unplugged - coach_track.started_at, told - coach_track.started_at
        proof.lost.append(max(0.0, delay))
        ok = (
            coach_track.frames == client_track.frames
            and [e["event"] for e in coach_track.events] == ["lost"]
            and went - 0.5 <= at <= heard + 0.5
        )
        proof.survived += ok
        echo(f"  try {n}: noticed {delay:.2f} s after the unplugging, stamped {at - went:+.2f} s from it")
        if not ok:
            proof.notes.append(f"try {n}: stamp {at:.2f} s, unplugged at {went:.2f} s, noticed at {heard:.2f} s")
    return proof


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=50, help="kill -9s of the recorder (default 50)")
    ap.add_argument("--summarize-kills", type=int, default=10, help="kill -9s of summarize (default 10)")
    ap.add_argument("--unplugs", type=int, default=10, help="microphones unplugged mid-recording (default 10)")
    args = ap.parse_args()
    from pulse import PulseServer

    proofs = []
    with tempfile.TemporaryDirectory(prefix="recap-reliability-") as tmp:
        work = Path(tmp)
        server = PulseServer.start(work / "pulse")
        try:
            print(f"recorder: {args.kills} kill -9s of a two-track recording on null sinks")
            proofs.append((recorder_kills(server, args.kills, work), " s"))
            print(f"summarize: {args.summarize_kills} kill -9s of a re-run")
            proofs.append((summarize_kills(args.summarize_kills, work), ""))
            print(f"unplug: {args.unplugs} microphones unplugged mid-recording")
            proofs.append((unplugs(server, args.unplugs, work), " s"))
            proofs.append((bad_input(work), ""))
            proofs.append((permissions(work), ""))
            proofs.append((network(server, work), ""))
        finally:
            server.stop()
    print()
    for proof, unit in proofs:
        print(proof.line(unit))
        for note in proof.notes[:10]:
            print(f"    {note}")
    failed = [p.name for p, _ in proofs if p.survived != p.tried]
    rec = proofs[0][0]
    if rec.lost and max(rec.lost) > 2.0:
        failed.append("recorder (more than 2 s lost)")
    unplug = next(p for p, _ in proofs if p.name == "unplug")
    if unplug.lost and statistics.median(unplug.lost) > 0.5:
        failed.append("unplug (noticed more than 0.5 s late, median)")
    print("all proofs held" if not failed else "did not hold: " + ", ".join(failed))


if __name__ == "__main__":
    main()

"""A private PulseAudio server for tests, test audio made on the spot, and one recording scenario
(a microphone unplugged mid-call) that tests/test_recorder.py and bench/reliability.py both run.

The server runs as the current user (root included) with its own runtime
folder and socket, so it never touches a desktop's sound server. Virtual
devices are null sinks: whatever is played into sink ``x`` can be recorded
from source ``x.monitor``; unloading the sink is how a test "unplugs" it.

Usage::

    server = PulseServer.start()      # exports PULSE_SERVER for this process
    server.add_sink("coach")
    server.play("speech.wav", "coach")
    ...
    server.stop()
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def _die_with_parent() -> None:
    """In the child: exit when the test run dies, even by kill -9 or a CI timeout."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class PulseStartError(RuntimeError):
    """pulseaudio exists but would not start; the message holds its log."""


class PulseServer:
    def __init__(self, root: Path, proc: subprocess.Popen[bytes]) -> None:
        self.root = root
        self.proc = proc
        self.socket = root / "native"
        self.sinks: dict[str, int] = {}
        self._old_env: dict[str, str | None] = {}

    @staticmethod
    def available() -> bool:
        return shutil.which("pulseaudio") is not None and shutil.which("pactl") is not None

    @classmethod
    def command(cls, root: Path) -> list[str]:
        """The pulseaudio command line; works as root and as a normal user."""
        return [
            "pulseaudio",
            "-n",  # no default.pa: no hardware, no modules we did not ask for
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--use-pid-file=no",
            "--system=false",
            "--disable-shm=true",
            "--log-target=stderr",
            "-L",
            f"module-native-protocol-unix auth-anonymous=1 socket={root / 'native'}",
            # Something to be the default sink/source, as on a real machine.
            "-L",
            "module-null-sink sink_name=recap_default sink_properties=device.description=recap_default",
        ]

    @classmethod
    def server_env(cls, root: Path) -> dict[str, str]:
        """Environment for the daemon: every path it writes points into ``root``."""
        home = root / "home"
        runtime = root / "runtime"
        for folder in (home, runtime):
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o700)
        return dict(
            os.environ,
            HOME=str(home),
            XDG_RUNTIME_DIR=str(runtime),
            PULSE_RUNTIME_PATH=str(runtime),
            PULSE_STATE_PATH=str(root / "state"),
            XDG_CONFIG_HOME=str(home / ".config"),
            LC_ALL="C",
        )

    @classmethod
    def start(cls, root: Path | None = None, timeout: float = 15.0) -> PulseServer:
        """Start the daemon, wait until it answers, and point this process at it.

        Raises:
            PulseStartError: the daemon exited or did not answer in time.
        """
        root = Path(root or tempfile.mkdtemp(prefix="recap-pulse-"))
        root.mkdir(parents=True, exist_ok=True)
        log = open(root / "pulseaudio.log", "wb")  # noqa: SIM115  (the daemon writes to it while it runs)
        proc = subprocess.Popen(
            cls.command(root),
            env=cls.server_env(root),
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        server = cls(root, proc)
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise PulseStartError(f"pulseaudio exited with code {proc.returncode}:\n{server.log()}")
            if server.socket.exists() and server._pactl_ok("info"):
                break
            if time.monotonic() > deadline:
                server.stop()
                raise PulseStartError(f"pulseaudio did not answer in {timeout} s:\n{server.log()}")
            time.sleep(0.1)
        server.export()
        return server

    @property
    def env(self) -> dict[str, str]:
        """What a client (this process, paplay, recap) needs to use this server."""
        return {"PULSE_SERVER": f"unix:{self.socket}"}

    def client_env(self) -> dict[str, str]:
        return dict(os.environ, **self.env, LC_ALL="C")

    def export(self) -> None:
        for key, value in self.env.items():
            self._old_env.setdefault(key, os.environ.get(key))
            os.environ[key] = value

    def log(self) -> str:
        try:
            return (self.root / "pulseaudio.log").read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def pactl(self, *args: str) -> str:
        proc = subprocess.run(["pactl", *args], env=self.client_env(), capture_output=True, text=True, timeout=10)
        if proc.returncode != 0:
            raise RuntimeError(f"pactl {' '.join(args)} failed: {proc.stderr.strip()}")
        return proc.stdout

    def _pactl_ok(self, *args: str) -> bool:
        try:
            self.pactl(*args)
            return True
        except (RuntimeError, subprocess.TimeoutExpired):
            return False

    def add_sink(self, name: str, rate: int = 48000) -> str:
        """Create a null sink ``name``; its monitor is ``name.monitor``."""
        if name in self.sinks:
            return f"{name}.monitor"
        module = self.pactl(
            "load-module",
            "module-null-sink",
            f"sink_name={name}",
            f"rate={rate}",
            f"sink_properties=device.description={name}",
        )
        self.sinks[name] = int(module.strip())
        return f"{name}.monitor"

    def remove_sink(self, name: str) -> None:
        """Unload the sink: to a recorder this looks like the device being unplugged."""
        module = self.sinks.pop(name, None)
        if module is not None:
            self.pactl("unload-module", str(module))

    def play(self, wav: str | os.PathLike[str], sink: str) -> subprocess.Popen[bytes]:
        """Start playing ``wav`` into ``sink``; returns the paplay process."""
        return subprocess.Popen(
            ["paplay", f"--device={sink}", "--latency-msec=50", str(wav)],
            env=self.client_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def stop(self) -> None:
        for name in list(self.sinks):
            try:
                self.remove_sink(name)
            except Exception:
                pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for key, old in self._old_env.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
        self._old_env.clear()
        shutil.rmtree(self.root, ignore_errors=True)


# --- test audio ---------------------------------------------------------------


def espeak_wav(
    text: str, path: str | os.PathLike[str], voice: str = "en-us", rate: int = 160, samplerate: int = 16000
) -> Path:
    """Speak ``text`` with espeak-ng into a mono 16-bit WAV at ``samplerate``."""
    path = Path(path)
    raw = path.with_suffix(".espeak.wav")
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(raw), text],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["sox", "-R", str(raw), "-r", str(samplerate), "-c", "1", "-b", "16", str(path)],
        check=True,
        capture_output=True,
    )
    raw.unlink()
    return path


def tone_wav(
    freq: float, seconds: float, path: str | os.PathLike[str], samplerate: int = 48000, volume: float = 0.5
) -> Path:
    """A sine tone (sox synth), mono 16-bit."""
    path = Path(path)
    subprocess.run(
        [
            "sox",
            "-R",
            "-n",
            "-r",
            str(samplerate),
            "-c",
            "1",
            "-b",
            "16",
            str(path),
            "synth",
            str(seconds),
            "sine",
            str(freq),
            "vol",
            str(volume),
        ],
        check=True,
        capture_output=True,
    )
    return path


def unclear_call(folder: str | os.PathLike[str]) -> dict[str, Path]:
    """A short two-voice call with two hard-to-hear passages, in the formats a coach imports.

    The coach (en-us) asks, the client (en-gb+f3) commits and reflects, and twice
    the client mumbles: made-up words, muffled by a steep low-pass (sox), which
    Whisper hears only with low confidence. Returns paths by format: "mono.wav",
    "stereo.wav" (left = coach, right = client), "mp3" and "m4a" (mono).
    """
    import wave

    import numpy as np

    folder = Path(folder)
    turns = [
        ("coach", "Hi Sarah. What will you do before our next session?"),
        ("client", "I will call three prospects by Friday."),
        ("mumble", "Ploven dastrik morrel vee kantosh, brindle fape quorvane loddish prem."),
        ("coach", "Good. And what stood out for you today?"),
        ("client", "I realized I keep saying yes to everyone at work."),
        ("mumble", "Snarvel tocken blee, mirrowind havask drepplety nooshan gorf."),
    ]

    def samples(path: Path):
        with wave.open(str(path)) as w:
            return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768

    coach, client = [], []
    gap = np.zeros(12000, np.float32)
    for n, (who, text) in enumerate(turns):
        wav = espeak_wav(text, folder / f"turn{n}.wav", voice="en-us" if who == "coach" else "en-gb+f3")
        if who == "mumble":
            muffled = folder / f"turn{n}-muffled.wav"
            subprocess.run(
                ["sox", "-R", str(wav), str(muffled), "lowpass", "1200", "lowpass", "1200"],
                check=True,
                capture_output=True,
            )
            wav = muffled
        x = samples(wav)
        silent = np.zeros_like(x)
        coach += [x if who == "coach" else silent, gap]
        client += [silent if who == "coach" else x, gap]
    left, right = np.concatenate(coach), np.concatenate(client)
    out = {
        "mono.wav": folder / "call-mono.wav",
        "stereo.wav": folder / "call-stereo.wav",
        "mp3": folder / "call.mp3",
        "m4a": folder / "call.m4a",
    }
    for path, channels in ((out["mono.wav"], [left + right]), (out["stereo.wav"], [left, right])):
        with wave.open(str(path), "wb") as w:
            w.setnchannels(len(channels)), w.setsampwidth(2), w.setframerate(16000)
            w.writeframes((np.clip(np.stack(channels).T, -1, 1) * 32767).astype("<i2").tobytes())
    for fmt, codec in (("mp3", []), ("m4a", ["-c:a", "aac"])):
        subprocess.run(
            ["ffmpeg", "-loglevel", "error", "-y", "-i", str(out["mono.wav"]), *codec, str(out[fmt])], check=True
        )
    return out


@dataclass
class Unplugged:
    """What :func:`unplug_mid_call` saw: the tracks, and wall-clock times around the unplugging."""

    tracks: list[Any]  # the recorder's two Tracks, coach first
    unplugged: list[float]  # just before and just after pactl unloaded the coach's sink
    told: list[float]  # when the recorder reported each event
    messages: list[str]  # what it reported


def unplug_mid_call(pulse: PulseServer, folder: Path, coach: str, client: str, tones: tuple[Path, Path]) -> Unplugged:
    """Record sinks ``coach`` and ``client`` (made by the caller) for 4 s, each playing its tone, and
    unplug ``coach`` 1.5 s in: the coach's microphone lost mid-call, with no fit stand-in for it."""
    import threading

    from recap.audio.recorder import Recorder, TrackSpec

    players = [pulse.play(tones[0], coach), pulse.play(tones[1], client)]
    seen = Unplugged([], [], [], [])

    def hear(message: str) -> None:
        seen.told.append(time.time())
        seen.messages.append(message)

    def unplug() -> None:
        seen.unplugged.append(time.time())
        pulse.remove_sink(coach)
        seen.unplugged.append(time.time())

    # The only default "microphone" here is a monitor: no fit stand-in for a mic.
    rec = Recorder(folder, [TrackSpec("coach", f"{coach}.monitor"), TrackSpec("client", client)], on_event=hear)
    timer = threading.Timer(1.5, unplug)
    try:
        rec.start()
        timer.start()
        seen.tracks = rec.run(4.0)
    finally:
        timer.cancel()
        for player in players:
            player.kill()
            player.wait()
    return seen

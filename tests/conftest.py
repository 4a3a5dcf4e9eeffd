"""Shared fixtures: a private PulseAudio server and test audio made on the spot."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pulse as pulse_helpers
import pytest
from pulse import PulseServer, PulseStartError

_sink_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    """A running private PulseAudio server; PULSE_SERVER points at it.

    Skips only when pulseaudio is not installed. If it is installed but does
    not start, the test fails: a broken audio setup must not pass as a skip.
    """
    if not PulseServer.available():
        pytest.skip("pulseaudio/pactl not installed (apt install pulseaudio pulseaudio-utils)")
    try:
        server = PulseServer.start(tmp_path_factory.mktemp("pulse"))
    except PulseStartError as exc:
        pytest.fail(f"pulseaudio is installed but did not start: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty data home (RECAP_HOME) for every test: no test touches the user's own data.
    The model hub is offline."""
    path = tmp_path / "home"
    monkeypatch.setenv("RECAP_HOME", str(path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the hub path must fail fast here
    return path


@pytest.fixture
def sink(pulse: PulseServer) -> Iterator[Callable[[str], str]]:
    """Factory: ``sink("coach")`` makes a fresh null sink and returns its name.

    Record from ``f"{name}.monitor"``; play with ``pulse.play(wav, name)``.

    Names get a unique suffix so tests never share a device; every sink made
    is removed at the end of the test.
    """
    made: list[str] = []

    def make(prefix: str = "sink") -> str:
        name = f"{prefix}{next(_sink_numbers)}"
        made.append(name)
        pulse.add_sink(name)
        return name

    yield make
    for name in made:
        pulse.remove_sink(name)


@pytest.fixture(scope="session")
def audio_tools() -> None:
    missing = [tool for tool in ("espeak-ng", "sox") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"test audio needs {' and '.join(missing)} (apt install espeak-ng sox)", pytrace=False)


@pytest.fixture
def espeak_wav(audio_tools: None) -> Callable[..., Path]:
    """``espeak_wav(text, path, voice="en-us", rate=160)`` -> 16 kHz mono WAV."""
    return pulse_helpers.espeak_wav


@pytest.fixture
def tone_wav(audio_tools: None) -> Callable[..., Path]:
    """``tone_wav(freq, seconds, path)`` -> a sine tone WAV."""
    return pulse_helpers.tone_wav

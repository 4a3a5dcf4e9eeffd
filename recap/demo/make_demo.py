"""Regenerate the demo call's two tracks from script.txt with espeak-ng and sox.

    python -m recap.demo.make_demo

The coach and the client get different voices and separate tracks of equal
length, each silent while the other speaks, as recap record would capture them.
"""

from __future__ import annotations

import subprocess
import tempfile
import wave
from pathlib import Path

from ..domain import SAMPLE_RATE
from . import DEMO_DIR, script

RATE = SAMPLE_RATE
VOICES = {"coach": ("en-gb", "160"), "client": ("en-gb+f3", "160")}
PAUSE = 0.8  # seconds between turns


def _speak(text: str, voice: str, speed: str, out: Path) -> bytes:
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", speed, "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out)], check=True)
    with wave.open(str(out)) as w:
        return w.readframes(w.getnframes())


def main() -> None:
    pcm = {"coach": bytearray(), "client": bytearray()}
    gap = b"\x00\x00" * int(PAUSE * RATE)
    with tempfile.TemporaryDirectory() as tmp:
        for i, (role, text) in enumerate(script()):
            voice, speed = VOICES[role]
            speech = _speak(text, voice, speed, Path(tmp) / f"{i}.wav")
            for track in pcm:
                pcm[track] += speech if track == role else b"\x00" * len(speech)
                pcm[track] += gap
        for role, data in pcm.items():
            wav = Path(tmp) / f"{role}.wav"
            with wave.open(str(wav), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(RATE)
                w.writeframes(bytes(data))
            target = DEMO_DIR / f"{role}.ogg"
            subprocess.run(["sox", str(wav), "-C", "2", str(target)], check=True)
            print(f"{target}: {len(data) / 2 / RATE:.1f} s, {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()

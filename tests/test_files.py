"""The crash-safe WAV writer, its repair, decoding and session recovery."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
import wave
from pathlib import Path

import numpy as np
import pytest

from recap.audio import wavfile
from recap.audio.files import decode, probe_duration, recover_session_audio
from recap.audio.wavfile import WavWriter, read_wav_info, repair_wav
from recap.domain import Track
from recap.errors import AudioFileError, RecordingError

RATE = 16000


def tone(seconds: float, freq: float = 440.0, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t) * 32767).astype("<i2")


def header_sizes(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()[:44]
    return struct.unpack("<I", raw[4:8])[0], struct.unpack("<I", raw[40:44])[0]


# --- WavWriter ------------------------------------------------------------------


def test_writer_makes_a_standard_wav(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    samples = tone(1.5)
    with WavWriter(path, RATE) as w:
        w.write(samples[:8000])
        w.write(samples[8000:].tobytes())
        assert w.frames == len(samples)
    with wave.open(str(path)) as f:
        assert (f.getframerate(), f.getnchannels(), f.getsampwidth()) == (RATE, 1, 2)
        assert f.getnframes() == len(samples)
        assert np.array_equal(np.frombuffer(f.readframes(f.getnframes()), "<i2"), samples)
    assert path.stat().st_size == 44 + 2 * len(samples)


def test_writer_patches_header_while_recording(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    w = WavWriter(path, RATE, sync_every=0.0)
    # Before anything is synced the sizes say "unknown", which FFmpeg plays to the end.
    assert header_sizes(path) == (0xFFFFFFFF, 0xFFFFFFFF)
    w.write(tone(0.5))
    assert header_sizes(path) == (36 + 16000, 16000)  # patched without close()
    with wave.open(str(path)) as f:
        assert f.getnframes() == 8000
    w.close()


def test_unsynced_file_still_decodes(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    w = WavWriter(path, RATE, sync_every=3600)
    w.write(tone(1.0))
    audio = decode(path)  # header still says "unknown size"
    assert abs(len(audio) - RATE) < 200
    w.close()


def test_writer_rejects_partial_frames(tmp_path: Path) -> None:
    with WavWriter(tmp_path / "a.wav", RATE, channels=2) as w, pytest.raises(ValueError):
        w.write(b"\x00\x00")


_CHILD = textwrap.dedent(
    """
    import sys, time, numpy as np
    from recap.audio.wavfile import WavWriter
    w = WavWriter(sys.argv[1], 16000, sync_every=1.0)
    block = (np.sin(np.arange(1600) / 5) * 10000).astype("<i2")
    while True:
        w.write(block)
        print(w.frames, flush=True)
        time.sleep(0.1)
    """
)


def test_kill_9_mid_write_loses_at_most_two_seconds(tmp_path: Path) -> None:
    path = tmp_path / "crash.wav"
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)], stdout=subprocess.PIPE, text=True)
    reported = 0
    start = time.monotonic()
    assert child.stdout is not None
    for line in child.stdout:
        reported = int(line)
        if time.monotonic() - start > 2.6:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    # Simulate the torn tail of a block cut mid-write.
    with open(path, "ab") as f:
        f.write(b"\x01")

    frames = repair_wav(path)

    assert frames >= reported - 2 * RATE
    assert frames >= reported  # a killed process loses nothing the OS got
    info = read_wav_info(path)
    assert info.consistent and info.frames == frames
    assert path.stat().st_size == 44 + 2 * frames
    with wave.open(str(path)) as f:
        assert f.getnframes() == frames
    assert abs(len(decode(path)) - frames) < 200


def test_repair_leaves_a_good_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "ok.wav"
    with WavWriter(path, RATE) as w:
        w.write(tone(0.25))
    before = path.stat().st_mtime_ns
    time.sleep(0.01)
    assert repair_wav(path) == 4000
    assert path.stat().st_mtime_ns == before


def test_repair_rejects_non_wav(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("these are my notes, not audio")
    with pytest.raises(AudioFileError, match=r"notes\.wav is not a WAV file"):
        repair_wav(path)


def test_disk_full_keeps_what_was_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "full.wav"
    w = WavWriter(path, RATE)
    w.write(tone(1.0))
    real_write = os.write

    def full_after_some(fd: int, data: bytes) -> int:
        if len(data) > 1000:  # let a few bytes through, like a nearly full disk
            real_write(fd, bytes(data[:1001]))
            return 1001
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(wavfile.os, "write", full_after_some)
    with pytest.raises(RecordingError, match=r"disk is full.*full\.wav keeps the first 00:00:01"):
        w.write(tone(1.0))
    monkeypatch.undo()
    assert w.closed
    info = read_wav_info(path)
    assert info.consistent and info.frames == RATE
    with wave.open(str(path)) as f:
        assert f.getnframes() == RATE


def test_disk_full_on_a_real_full_filesystem(tmp_path: Path) -> None:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tiny tmpfs needs root")
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)], capture_output=True).returncode
        != 0
    ):
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        w = WavWriter(mnt / "rec.wav", RATE)
        with pytest.raises(RecordingError, match="disk is full"):
            for _ in range(100):  # 100 s of audio = 3.2 MB, far more than fits
                w.write(tone(1.0))
        info = read_wav_info(mnt / "rec.wav")
        assert info.consistent and info.frames > RATE  # several seconds were kept
        with wave.open(str(mnt / "rec.wav")) as f:
            assert f.getnframes() == info.frames
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


# --- decode / probe -----------------------------------------------------------------


def test_decode_resamples_to_16k_mono(tmp_path: Path, tone_wav) -> None:
    path = tone_wav(440, 2.0, tmp_path / "t.wav", samplerate=44100)
    audio = decode(path)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert abs(len(audio) - 2 * RATE) < 100
    peak = np.fft.rfftfreq(len(audio), 1 / RATE)[np.abs(np.fft.rfft(audio)).argmax()]
    assert abs(peak - 440) < 5
    assert probe_duration(path) == pytest.approx(2.0, abs=0.01)


def test_probe_duration_of_compressed_file(tmp_path: Path, tone_wav) -> None:
    wav = tone_wav(440, 1.5, tmp_path / "t.wav")
    ogg = tmp_path / "t.ogg"
    subprocess.run(["sox", str(wav), str(ogg)], check=True)
    assert probe_duration(ogg) == pytest.approx(1.5, abs=0.05)


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {}
    files["missing"] = tmp_path / "missing.wav"
    files["folder"] = tmp_path / "folder.wav"
    files["folder"].mkdir()
    files["empty"] = tmp_path / "empty.wav"
    files["empty"].write_bytes(b"")
    files["text"] = tmp_path / "text.wav"
    files["text"].write_text("Coaching notes, definitely not audio.\n" * 20)
    good = tmp_path / "good.wav"
    with WavWriter(good, RATE) as w:
        w.write(tone(1.0))
    files["header_only"] = tmp_path / "header_only.wav"
    files["header_only"].write_bytes(good.read_bytes()[:44])
    files["garbage"] = tmp_path / "garbage.ogg"
    files["garbage"].write_bytes(b"OggS" + os.urandom(3000))
    return files


@pytest.mark.parametrize(
    "kind, message",
    [
        ("missing", "no such file"),
        ("folder", "is a folder"),
        ("empty", "is empty"),
        ("text", "is not an audio file"),
        ("header_only", "no audio"),
        ("garbage", "damaged or truncated"),
    ],
)
def test_decode_bad_files_say_which_file_and_why(tmp_path: Path, kind: str, message: str) -> None:
    path = _bad_files(tmp_path)[kind]
    for read in (decode, probe_duration):
        if read is probe_duration and kind == "header_only":
            assert probe_duration(path) == 0.0  # a WAV with no data is 0 s long
            continue
        with pytest.raises(AudioFileError) as info:
            read(path)
        text = str(info.value)
        assert str(path) in text and message in text
        assert "\n" not in text


def test_decode_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # pytest's folders are private to root; the file itself must be the obstacle.
        tmp_path = Path(tempfile.mkdtemp(prefix="recap-perm-"))
        tmp_path.chmod(0o755)
    path = tmp_path / "secret.wav"
    with WavWriter(path, RATE) as w:
        w.write(tone(0.5))
    path.chmod(0o000)
    if os.geteuid() != 0:
        with pytest.raises(AudioFileError) as info:
            decode(path)
        assert str(info.value) == f"cannot read {path}: permission denied"
        return
    # Root reads anything: check from a forked child that became an ordinary user.
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            os.setgid(65534)
            os.setuid(65534)
            try:
                decode(path)
                message = "decoded"
            except AudioFileError as exc:
                message = str(exc)
            except BaseException as exc:
                message = f"{type(exc).__name__}: {exc}"
            os.write(write_end, message.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        message = pipe.read()
    os.waitpid(pid, 0)
    shutil.rmtree(tmp_path, ignore_errors=True)
    assert message == f"cannot read {path}: permission denied"


# --- session recovery ---------------------------------------------------------------


def test_recover_session_audio_repairs_every_track(tmp_path: Path) -> None:
    session = tmp_path / "2026-01-01-0900-sam"
    audio = session / "audio"
    audio.mkdir(parents=True)
    for role, seconds in (("coach", 1.0), ("client", 2.0)):
        w = WavWriter(audio / f"{role}.wav", RATE, sync_every=3600)
        w.write(tone(seconds))
        os.close(w._fd)  # "crash": the header was never patched
        w._fd = None
    (audio / "tracks.json").write_text(
        json.dumps(
            {
                "tracks": [
                    Track("coach", "audio/coach.wav", device="usb", started_at=100.0).to_dict(),
                    Track("client", "audio/client.wav", device="x.monitor", started_at=100.2).to_dict(),
                ]
            }
        )
    )

    tracks = {t.role: t for t in recover_session_audio(session)}

    assert tracks["coach"].frames == RATE and tracks["client"].frames == 2 * RATE
    assert tracks["client"].device == "x.monitor" and tracks["client"].started_at == 100.2
    for role in ("coach", "client"):
        assert read_wav_info(audio / f"{role}.wav").consistent


def test_recover_without_sidecar_names_tracks_from_files(tmp_path: Path) -> None:
    audio = tmp_path / "audio"
    audio.mkdir()
    with WavWriter(audio / "coach-2.wav", RATE) as w:
        w.write(tone(0.5))
    (audio / "broken.wav").write_text("nope")
    tracks = recover_session_audio(tmp_path)
    assert [(t.role, t.file, t.frames) for t in tracks] == [
        ("mixed", "audio/broken.wav", 0),
        ("coach", "audio/coach-2.wav", 8000),
    ]


def test_recover_empty_session(tmp_path: Path) -> None:
    assert recover_session_audio(tmp_path / str(uuid.uuid4())) == []

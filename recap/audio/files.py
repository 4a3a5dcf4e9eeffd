"""Read any audio file a coach has, and recover recordings a crash interrupted."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from recap.audio.wavfile import read_wav_info, repair_wav
from recap.domain import SAMPLE_RATE, Track
from recap.errors import AudioFileError

#: Whisper's sample rate.


def _check_readable(path: Path) -> None:
    """Turn the usual ways a path is not an audio file into one clear sentence."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise AudioFileError(f"{path}: no such file") from None
    except PermissionError:
        raise AudioFileError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise AudioFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(st.st_mode):
        raise AudioFileError(f"{path} is a folder, not an audio file")
    try:
        with open(path, "rb") as f:
            first = f.read(1)
    except PermissionError as exc:
        raise AudioFileError(f"cannot read {path}: permission denied") from exc
    except OSError as exc:
        raise AudioFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not first:
        raise AudioFileError(f"{path} is empty (0 bytes)")


#: How common audio/video containers begin; a file that starts like one but
#: does not decode is damaged rather than "not audio".
_MAGIC = (b"RIFF", b"OggS", b"ID3", b"fLaC", b"\x1aE\xdf\xa3", b"FORM", b"#!AMR")


def _looks_like_media(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError:
        return False
    return head.startswith(_MAGIC) or head[4:8] == b"ftyp" or head[:2] in (b"\xff\xfb", b"\xff\xf3")


def _has_no_audio_stream(path: Path) -> bool:
    import av

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            return not container.streams.audio
    except Exception:
        return False


def _av_error(path: Path, exc: Exception) -> AudioFileError:
    if _has_no_audio_stream(path):
        return AudioFileError(f"{path} has no audio track")
    if _looks_like_media(path):
        return AudioFileError(f"{path} is damaged or truncated: its audio cannot be decoded")
    return AudioFileError(f"{path} is not an audio file (or not one recap can read)")


def decode(path: str | os.PathLike[str], samplerate: int = SAMPLE_RATE, split_stereo: bool = False) -> Any:
    """Decode any audio or video file to mono float32 samples at ``samplerate``.

    Args:
        path: a WAV, MP3, M4A, OGG, WebM, MP4... file (anything FFmpeg reads).
        split_stereo: return the left and right channels separately.

    Returns:
        A 1-D numpy float32 array in [-1, 1]; with ``split_stereo`` a
        (left, right) pair of them.

    Raises:
        AudioFileError: missing, a folder, unreadable, empty, not audio, or so
            damaged that no audio can be decoded. The message names the file.
    """
    path = Path(path)
    _check_readable(path)
    import av
    from faster_whisper.audio import decode_audio

    try:
        audio = decode_audio(str(path), sampling_rate=samplerate, split_stereo=split_stereo)
    except (av.error.FFmpegError, ValueError, IndexError, StopIteration) as exc:
        # IndexError/StopIteration: the container holds no audio stream.
        raise _av_error(path, exc) from exc
    except OSError as exc:
        raise AudioFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    channels = audio if split_stereo else (audio,)
    if any(c.size == 0 for c in channels):
        raise AudioFileError(f"{path} holds no audio that can be decoded (truncated or damaged)")
    converted = tuple(c.astype("float32", copy=False) for c in channels)
    return converted if split_stereo else converted[0]


def probe_duration(path: str | os.PathLike[str]) -> float:
    """Length of an audio file in seconds, from its header when it has one.

    Raises:
        AudioFileError: as :func:`decode`.
    """
    path = Path(path)
    _check_readable(path)
    try:
        info = read_wav_info(path)
        if info.samplerate and info.sample_width:
            return info.duration  # what is on disk, even if the header lags
    except AudioFileError:
        pass  # not a plain WAV: ask FFmpeg
    import av

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            streams = container.streams.audio
            if not streams:
                raise AudioFileError(f"{path} has no audio track")
            stream = streams[0]
            if stream.duration is not None and stream.time_base is not None:
                return float(stream.duration * stream.time_base)
            if container.duration is not None:
                return container.duration / av.time_base
    except av.error.FFmpegError as exc:
        raise _av_error(path, exc) from exc
    return len(decode(path)) / SAMPLE_RATE


def recover_session_audio(session_dir: str | os.PathLike[str], tracks: list[Track] | None = None) -> list[Track]:
    """Repair every WAV in ``<session>/audio/`` after a crash.

    Args:
        session_dir: the session folder.
        tracks: the session's tracks as stored; without them the recorder's
            ``audio/tracks.json`` is used, else tracks are made from file names.

    Returns:
        One track per WAV file, with ``frames`` set to what the file holds.
        Files too damaged to repair are skipped (their track keeps 0 frames).
    """
    session_dir = Path(session_dir)
    audio_dir = session_dir / "audio"
    if tracks is None:
        tracks = _sidecar_tracks(audio_dir)
    by_file = {t.file: t for t in tracks}
    result: list[Track] = []
    for wav in sorted(audio_dir.glob("*.wav")) if audio_dir.is_dir() else []:
        rel = wav.relative_to(session_dir).as_posix()
        track = by_file.pop(rel, None)
        if track is None:
            stem = wav.stem.split("-")[0]
            track = Track(role="coach" if stem == "coach" else "client" if stem == "client" else "mixed", file=rel)
        try:
            track.frames = repair_wav(wav)
            info = read_wav_info(wav)
            track.samplerate, track.channels = info.samplerate, info.channels
        except AudioFileError:
            track.frames = 0
        result.append(track)
    return result


def _sidecar_tracks(audio_dir: Path) -> list[Track]:
    try:
        data = json.loads((audio_dir / "tracks.json").read_text())
        return [Track.from_dict(t) for t in data.get("tracks", [])]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []

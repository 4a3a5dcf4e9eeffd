"""A WAV writer that survives crashes, and the repair for files it left behind.

Every block goes to the operating system as soon as it arrives, so killing the
process loses nothing that was written; about once a second the header sizes
are patched and the file is fsynced, so a power cut loses at most that second
and the file still plays. :func:`repair_wav` rewrites the header of a file whose
writer never got to close it.
"""

from __future__ import annotations

import errno
import os
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recap.clock import format_moment
from recap.errors import AudioFileError, RecordingError

HEADER_SIZE = 44
SAMPLE_WIDTH = 2  # 16-bit PCM
#: Sizes written before the first patch: "unknown, read to the end", which
#: ffmpeg/PyAV honour, so even a file killed in its first second decodes.
_UNKNOWN_SIZE = 0xFFFFFFFF
_MAX_DATA = 0xFFFFFFFF - HEADER_SIZE


def _header(samplerate: int, channels: int, data_bytes: int | None) -> bytes:
    block_align = channels * SAMPLE_WIDTH
    if data_bytes is None:
        riff_size = data_size = _UNKNOWN_SIZE
    else:
        data_size = data_bytes
        riff_size = HEADER_SIZE - 8 + data_bytes
    return (
        b"RIFF"
        + struct.pack("<I", riff_size)
        + b"WAVEfmt "
        + struct.pack(
            "<IHHIIHH",
            16,  # fmt chunk size
            1,  # PCM
            channels,
            samplerate,
            samplerate * block_align,
            block_align,
            SAMPLE_WIDTH * 8,
        )
        + b"data"
        + struct.pack("<I", data_size)
    )


def _disk_full(path: Path, seconds: float) -> RecordingError:
    return RecordingError(
        f"the disk is full: recording stopped, {path.name} keeps the first "
        f"{format_moment(seconds, fixed=True)} — free some space and record again"
    )


class WavWriter:
    """Append 16-bit PCM to a WAV file, keeping it playable at every moment.

    Args:
        path: file to create (an existing file is overwritten).
        samplerate: frames per second.
        channels: interleaved channels per frame.
        sync_every: seconds between header patches + fsync.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        samplerate: int,
        channels: int = 1,
        sync_every: float = 1.0,
    ) -> None:
        self.path = Path(path)
        self.samplerate = int(samplerate)
        self.channels = int(channels)
        self.sync_every = sync_every
        self.block_align = self.channels * SAMPLE_WIDTH
        self._data_bytes = 0
        self._synced_bytes = -1
        self._fd: int | None = None
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
            self._write_all(_header(self.samplerate, self.channels, None))
            os.fsync(self._fd)
        except OSError as exc:
            self._close_fd()
            if exc.errno == errno.ENOSPC:
                raise RecordingError(f"the disk is full: cannot create {self.path.name}") from exc
            raise RecordingError(f"cannot create {self.path}: {exc.strerror}") from exc
        self._last_sync = time.monotonic()

    @property
    def frames(self) -> int:
        """Frames written so far."""
        return self._data_bytes // self.block_align

    @property
    def bytes_written(self) -> int:
        """Size of the file on disk, header included."""
        return HEADER_SIZE + self._data_bytes

    @property
    def closed(self) -> bool:
        return self._fd is None

    def write(self, pcm: Any) -> None:
        """Append interleaved int16 samples (bytes or a numpy int16 array).

        Raises:
            RecordingError: the disk is full (what was written is kept and the
                file is closed) or the file cannot be written.
        """
        if self._fd is None:
            raise RecordingError(f"{self.path.name} is already closed")
        data = bytes(pcm) if not hasattr(pcm, "tobytes") else pcm.tobytes()
        if len(data) % self.block_align:
            raise ValueError("partial frame")
        if self._data_bytes + len(data) > _MAX_DATA:
            self.close()
            raise RecordingError(f"{self.path.name} reached the 4 GB limit of a WAV file: recording stopped")
        try:
            self._write_all(data)
        except OSError as exc:
            self._fail(exc)
        self._data_bytes += len(data)
        if time.monotonic() - self._last_sync >= self.sync_every:
            self.sync()

    def sync(self) -> None:
        """Patch the header sizes, then flush everything to the disk."""
        if self._fd is None:
            return
        if self._synced_bytes == self._data_bytes:
            return
        try:
            # Header patches overwrite existing bytes, so they cannot hit ENOSPC.
            os.pwrite(self._fd, struct.pack("<I", HEADER_SIZE - 8 + self._data_bytes), 4)
            os.pwrite(self._fd, struct.pack("<I", self._data_bytes), 40)
            os.fsync(self._fd)
        except OSError as exc:
            self._fail(exc)
        self._synced_bytes = self._data_bytes
        self._last_sync = time.monotonic()

    def close(self) -> int:
        """Patch the header, fsync and close. Returns the frames written."""
        if self._fd is not None:
            try:
                self._synced_bytes = -1
                self.sync()
            finally:
                self._close_fd()
        return self.frames

    def __enter__(self) -> WavWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write_all(self, data: bytes) -> None:
        assert self._fd is not None
        view = memoryview(data)
        written = 0
        try:
            while written < len(view):
                written += os.write(self._fd, view[written:])
        except OSError:
            # A short write leaves a partial block behind; drop it so the file
            # ends on what the header says.
            if written:
                os.ftruncate(self._fd, HEADER_SIZE + self._data_bytes)
                os.lseek(self._fd, 0, os.SEEK_END)
            raise

    def _fail(self, exc: OSError) -> None:
        seconds = self.frames / self.samplerate
        try:
            if self._fd is not None:
                os.ftruncate(self._fd, HEADER_SIZE + self._data_bytes)
                self._synced_bytes = -1
                os.pwrite(self._fd, struct.pack("<I", HEADER_SIZE - 8 + self._data_bytes), 4)
                os.pwrite(self._fd, struct.pack("<I", self._data_bytes), 40)
                os.fsync(self._fd)
        except OSError:
            pass  # repair_wav can still fix the header later
        finally:
            self._close_fd()
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _disk_full(self.path, seconds) from exc
        raise RecordingError(
            f"cannot write {self.path.name}: {exc.strerror} — recording stopped, the first {format_moment(seconds, fixed=True)} are saved"
        ) from exc

    def _close_fd(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            finally:
                self._fd = None


@dataclass(frozen=True)
class WavInfo:
    """What a WAV header says, next to what the file holds."""

    samplerate: int
    channels: int
    sample_width: int
    data_offset: int
    header_frames: int | None  # None when the header says "unknown"
    frames: int  # whole frames actually present in the file

    @property
    def duration(self) -> float:
        return self.frames / self.samplerate if self.samplerate else 0.0

    @property
    def consistent(self) -> bool:
        return self.header_frames == self.frames


def read_wav_info(path: str | os.PathLike[str]) -> WavInfo:
    """Parse a PCM WAV header and measure the data really on disk.

    Raises:
        AudioFileError: not a WAV file, or one without fmt/data chunks.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                raise AudioFileError(f"{path} is not a WAV file")
            fmt: tuple[int, ...] | None = None
            pos = 12
            while True:
                f.seek(pos)
                chunk = f.read(8)
                if len(chunk) < 8:
                    raise AudioFileError(f"{path} has no audio data chunk")
                cid, csize = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if cid == b"fmt ":
                    fmt = struct.unpack("<HHIIHH", f.read(16))
                elif cid == b"data":
                    if fmt is None:
                        raise AudioFileError(f"{path} has no format chunk")
                    break
                pos += 8 + csize + (csize & 1)
    except OSError as exc:
        raise AudioFileError(f"cannot read {path}: {exc.strerror}") from exc
    _, channels, samplerate, _, block_align, bits = fmt
    data_offset = pos + 8
    block_align = block_align or max(1, channels * bits // 8)
    present = max(0, size - data_offset) // block_align
    header = None if csize == _UNKNOWN_SIZE else csize // block_align
    return WavInfo(samplerate, channels, bits // 8, data_offset, header, present)


def repair_wav(path: str | os.PathLike[str]) -> int:
    """Make a WAV left by a crashed recorder whole again.

    Drops a partial trailing frame and rewrites the RIFF and data sizes from
    the file size. A file that is already consistent is not touched.

    Returns:
        The number of frames in the repaired file.

    Raises:
        AudioFileError: the file is not a WAV file or cannot be written.
    """
    path = Path(path)
    info = read_wav_info(path)
    data_bytes = info.frames * max(1, info.channels * info.sample_width)
    riff_size = info.data_offset - 8 + data_bytes
    size = path.stat().st_size
    if info.consistent and size == info.data_offset + data_bytes:
        with open(path, "rb") as f:
            f.seek(4)
            if struct.unpack("<I", f.read(4))[0] == riff_size:
                return info.frames
    try:
        with open(path, "r+b") as f:
            f.truncate(info.data_offset + data_bytes)
            f.seek(4)
            f.write(struct.pack("<I", riff_size))
            f.seek(info.data_offset - 4)
            f.write(struct.pack("<I", data_bytes))
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        raise AudioFileError(f"cannot repair {path}: {exc.strerror}") from exc
    return info.frames

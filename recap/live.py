"""Transcription while the call is recorded, so the recap is ready moments after it ends.

``recap record`` starts a helper process (``python -m recap.live``) at low
priority. It follows each track's WAV file as the recorder writes it. Once
:data:`recap.transcribe.PIECE_WINDOW` seconds of new audio are on disk, it cuts
from them the piece the batch path cuts there (:func:`recap.transcribe.first_piece`:
up to the pause after the first chunk of speech, never mid-word) and decodes it the
way the batch path does (:func:`recap.transcribe.read_speech`). What it heard goes to
``live/<track>.jsonl`` in the session folder, one line per piece, written and
fsynced before the next: a crash keeps every finished piece, and a torn last
line is ignored.

When the recording stops, the helper reads the rest and exits. ``recap
summarize`` (and a recovered session's later summary) takes the words already
heard and decodes only the audio after them, through the same clean-up. The
pieces, and so the chunks decoded, are the same ones either way: a live
transcript and a batch one of the same call are the same words.

Capture always comes first: the helper runs at nice :data:`NICE`, in its own
process, and only reads the files the recorder writes; if it fails or falls
behind, the recording goes on and the rest is transcribed after the call.
"""

from __future__ import annotations

import dataclasses
import json
import os
import struct
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .asr import Word
from .domain import SAMPLE_RATE
from .heard import LIVE_DIR, append_line, live_path, read_heard, word_of, word_row

#: How much lower the helper's priority is than the recorder's.
NICE = 10
#: Decoding threads: one core is left to the recorder and the coach's call.
LIVE_THREADS = max(1, (os.cpu_count() or 2) - 1)
#: The helper's log (its last line says why it stopped, if it failed).
LOG = "live.log"

_HEADER = 44  # recap's WAV writer: a 44-byte header, then 16-bit PCM


# --- reading a growing WAV ------------------------------------------------------------------


def _wav_rate(path: Path) -> int:
    with open(path, "rb") as fh:
        head = fh.read(_HEADER)
    if len(head) < _HEADER or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise ValueError(f"{path.name} is not a WAV file recap wrote")
    return struct.unpack_from("<I", head, 24)[0]


def _samples_on_disk(path: Path) -> int:
    try:
        return max(0, (path.stat().st_size - _HEADER) // 2)
    except OSError:
        return 0


def _read_pcm(path: Path, start: int, count: int, rate: int):
    """``count`` samples from ``start`` (at the file's rate), as float32 at 16 kHz."""
    import numpy as np

    with open(path, "rb") as fh:
        fh.seek(_HEADER + 2 * start)
        raw = fh.read(2 * count)
    pcm = np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2")
    audio = pcm.astype(np.float32) / 32768.0
    if rate == SAMPLE_RATE or not len(audio):
        return audio
    # A device that would not give 16 kHz: resample the piece (it starts and ends in a pause).
    n = round(len(audio) * SAMPLE_RATE / rate)
    return np.interp(np.arange(n) * (rate / SAMPLE_RATE), np.arange(len(audio)), audio).astype(np.float32)


# --- the helper ----------------------------------------------------------------------------


def _give_back_memory() -> None:
    """Return the freed heap of a decoded piece to the system (glibc keeps it otherwise).

    Without this the helper's memory crept up with each piece's buffers over an hour;
    with it, it stays near its size after the first piece. Elsewhere: nothing to do.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None where there is none."""
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


@dataclass
class _Follow:
    path: Path  # the track's WAV
    out: Path  # its live file
    rate: int = 0
    done: int = 0  # samples of the file already read

    @property
    def done_seconds(self) -> float:
        return self.done / self.rate if self.rate else 0.0


class Follower:
    """Reads each track's new audio as it lands on disk and keeps what it heard."""

    def __init__(
        self,
        folder: Path,
        track_files: list[str],
        model_name: str | None,
        vocab: list[str],
    ) -> None:
        from .models import resolve_model

        self.folder = folder
        self.spec = resolve_model(model_name)
        self.vocab = list(vocab)
        self.tracks = [_Follow(folder / f, live_path(folder, f)) for f in track_files]
        self.language: str | None = None
        self._model: Any = None
        self._pipelines: dict[Path, Any] = {}
        self._options: dict[str, Any] | None = None
        self._loading = threading.Lock()

    def _decoder(self, track: _Follow):
        """The model, loaded once (one worker per track, so the last pieces are read side by side),
        and this track's own pipeline."""
        from faster_whisper import BatchedInferencePipeline

        with self._loading:  # the last pieces are read from two threads
            if self._model is None:
                from .models import load_model
                from .transcribe import BATCH_SIZE, BEAM_SIZE, vocab_options

                self._model = load_model(self.spec, cpu_threads=LIVE_THREADS, workers=max(1, len(self.tracks)))
                self._options = dict(
                    batch_size=BATCH_SIZE, beam_size=BEAM_SIZE, word_timestamps=True, **vocab_options(self.vocab)
                )
            if track.path not in self._pipelines:
                self._pipelines[track.path] = BatchedInferencePipeline(self._model)
            return self._pipelines[track.path]

    def _start(self, track: _Follow) -> bool:
        if track.rate:
            return True
        try:
            track.rate = _wav_rate(track.path)
        except (OSError, ValueError):
            return False
        track.out.parent.mkdir(parents=True, exist_ok=True)
        heard = read_heard(track.out)
        if heard is not None and heard.model == self.spec.label and list(heard.vocab) == self.vocab:
            track.done = round(heard.upto * track.rate)  # a helper started again goes on from there
        else:
            track.out.unlink(missing_ok=True)
            append_line(track.out, {"model": self.spec.label, "vocab": self.vocab, "rate": track.rate})
        return True

    def step(self, final: bool = False, stopped: Callable[[], bool] = lambda: False) -> bool:
        """Read one piece of each track that has enough new audio (all of it if ``final``).

        Args:
            stopped: asked before each track; once it says so, the rest are left to
                :meth:`finish`, which reads the tracks side by side.
        Returns:
            whether anything was read.
        """
        read = False
        for track in self.tracks:
            if stopped():
                break
            read |= self._step(track, final)
        return read

    def _step(self, track: _Follow, final: bool) -> bool:
        from .transcribe import PIECE_WINDOW

        if not self._start(track):
            return False
        new = _samples_on_disk(track.path) - track.done
        window = round(PIECE_WINDOW * track.rate)
        if new <= 0 or (new < window and not final):
            return False
        self._read(track, min(new, window), last=new < window)
        return True

    def finish(self) -> None:
        """The recording has stopped: read the rest of every track, the tracks side by side."""
        from concurrent.futures import ThreadPoolExecutor

        def rest(track: _Follow) -> None:
            while self._step(track, final=True):
                pass

        with ThreadPoolExecutor(max_workers=max(1, len(self.tracks))) as pool:
            list(pool.map(rest, self.tracks))

    def _read(self, track: _Follow, count: int, last: bool) -> None:
        """Read the piece the next ``count`` samples begin with (all of them: ``last``, the rest
        of a track whose recording has stopped)."""
        from .transcribe import first_piece, read_speech

        audio = _read_pcm(track.path, track.done, count, track.rate)
        length, chunks = first_piece(audio, final=last)
        audio = audio[:length]
        pipeline = self._decoder(track)
        options = dict(self._options or {})
        if self.language is None and getattr(self._model.model, "is_multilingual", False) and chunks:
            self.language, _, _ = self._model.detect_language(audio)
        options["language"] = self.language
        words, _ = read_speech(pipeline, audio, options, chunks=chunks) if chunks else ([], 0)
        offset = track.done_seconds
        shifted = [dataclasses.replace(w, start=w.start + offset, end=w.end + offset) for w in words]
        consumed = count if last else min(count, round(length * track.rate / SAMPLE_RATE))
        upto = (track.done + consumed) / track.rate
        record: dict[str, Any] = {"upto": round(upto, 6), "words": [word_row(w) for w in shifted]}
        if self.language:
            record["language"] = self.language
        append_line(track.out, record)
        track.done += consumed
        _give_back_memory()

    def follow(self, stop: threading.Event, idle: float = 1.0) -> None:
        """Keep reading until ``stop`` is set, then read the rest of every track."""
        for track in self.tracks:
            if self._start(track):
                self._decoder(track)  # loaded now: the first piece does not wait for it
        while not stop.is_set():
            if not self.step(stopped=stop.is_set):
                stop.wait(idle)
        self.finish()


# --- the recorder's side ---------------------------------------------------------------------

#: Behind the call by this much, the coach is told (once) that the recap will take longer.
BEHIND_WARNING = 120.0


def _last_upto(path: Path) -> float:
    """Seconds of a track its live file has read, from its last whole line (cheap: the tail only)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 65536))
            tail = fh.read()
    except OSError:
        return 0.0
    for line in reversed(tail.split(b"\n")[1:] if size > 65536 else tail.split(b"\n")):
        if b'"upto"' in line:
            try:
                return float(json.loads(line)["upto"])
            except (ValueError, KeyError, TypeError):
                continue
    return 0.0


class LiveTranscription:
    """What ``recap record`` holds of its helper: started with the tracks, told when the call
    ends, asked how far it has read and what it heard."""

    def __init__(self, model: str | None = None, show_transcript: bool = False) -> None:
        self.model = model
        self.show_transcript = show_transcript
        self.proc: Any = None
        self.folder: Path | None = None
        self.files: list[str] = []
        self._read_at: dict[str, int] = {}
        self._said_failed = False
        self._said_behind = False

    def start(self, folder: Path, track_files: list[str], vocab: list[str]) -> None:
        """Start the helper on these tracks (``audio/coach.wav`` ...); it runs until :meth:`stop`."""
        import subprocess

        self.folder, self.files = folder, list(track_files)
        (folder / LIVE_DIR).mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "recap.live", str(folder)]
        for f in track_files:
            cmd += ["--track", f]
        for w in vocab:
            cmd += ["--vocab", w]
        if self.model:
            cmd += ["--model", self.model]
        with open(folder / LIVE_DIR / LOG, "ab") as log:
            # Its own session: Ctrl-C stops the recording, and the helper then reads the rest.
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
            )

    def failure(self) -> str | None:
        """Why the helper stopped before the call ended, once (None while it runs)."""
        if self.proc is None or self.proc.poll() in (None, 0) or self._said_failed or self.folder is None:
            return None
        self._said_failed = True
        try:
            last = (self.folder / LIVE_DIR / LOG).read_text(errors="replace").strip().splitlines()[-1]
        except (OSError, IndexError):
            last = f"exit status {self.proc.returncode}"
        return f"{last} — the call will be transcribed after it ends"

    def behind(self, recorded: dict[str, float]) -> float:
        """Seconds of audio recorded but not yet read, on the track furthest behind."""
        if self.folder is None:
            return 0.0
        return max((recorded.get(f, 0.0) - _last_upto(live_path(self.folder, f)) for f in self.files), default=0.0)

    def behind_notice(self, recorded: dict[str, float]) -> str | None:
        """Said once, when the transcript falls :data:`BEHIND_WARNING` behind the call."""
        late = self.behind(recorded)
        if self._said_behind or late < BEHIND_WARNING or self.proc is None or self.proc.poll() is not None:
            return None
        self._said_behind = True
        from .clock import format_moment

        return f"Transcription is {format_moment(late)} behind the call; it catches up after the call ends."

    def heard(self) -> list[tuple[str, list[Word]]]:
        """The pieces read since the last call: (track file, words in track time)."""
        out: list[tuple[str, list[Word]]] = []
        if self.folder is None:
            return out
        for f in self.files:
            path = live_path(self.folder, f)
            at = self._read_at.get(f, 0)
            try:
                with open(path, "rb") as fh:
                    fh.seek(at)
                    chunk = fh.read()
            except OSError:
                continue
            whole = chunk[: chunk.rfind(b"\n") + 1]
            self._read_at[f] = at + len(whole)
            for line in whole.splitlines():
                try:
                    piece = json.loads(line)
                    words = [word_of(row) for row in piece.get("words", [])]
                except (ValueError, TypeError, IndexError):
                    continue
                if words:
                    out.append((f, words))
        return out

    def stop(self) -> None:
        """The call has ended: the helper reads the rest and exits."""
        if self.proc is not None and self.proc.stdin is not None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the helper to finish; whether it finished well."""
        if self.proc is None:
            return False
        import subprocess

        try:
            return self.proc.wait(timeout) == 0
        except subprocess.TimeoutExpired:
            return False

    def left(self, recorded: dict[str, float]) -> float:
        """Seconds of audio still to read, over all tracks."""
        if self.folder is None:
            return 0.0
        return sum(max(0.0, recorded.get(f, 0.0) - _last_upto(live_path(self.folder, f))) for f in self.files)


def _lower_priority() -> None:
    try:
        os.nice(NICE)  # before the model loads: its threads inherit it
    except (AttributeError, OSError):
        pass


def main(argv: list[str] | None = None) -> int:
    """``python -m recap.live FOLDER --model M --vocab W... --track audio/coach.wav ...``.

    Reads until its standard input closes (the recording stopped, or the
    recorder died), then reads the rest and exits.
    """
    import argparse

    ap = argparse.ArgumentParser(prog="python -m recap.live")
    ap.add_argument("folder", type=Path)
    ap.add_argument("--model")
    ap.add_argument("--vocab", action="append", default=[])
    ap.add_argument("--track", action="append", default=[])
    args = ap.parse_args(argv)
    _lower_priority()
    stop = threading.Event()

    def wait_for_eof() -> None:
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except OSError:
            pass
        stop.set()

    threading.Thread(target=wait_for_eof, name="recap-live-stdin", daemon=True).start()
    try:
        Follower(args.folder, args.track, args.model, args.vocab).follow(stop)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the recording goes on; summarize reads what is left
        # One line, which the recorder shows the coach: "Live transcription stopped: <this>".
        print(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

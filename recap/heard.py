"""The words heard while a call was recorded: the live file each track's helper writes.

``live/<track>.jsonl`` in the session folder: a first line naming the model and
the words it was primed with, then one line per piece read, ``{"upto": seconds
of the track read, "words": [[start, end, text, probability, flagged,
avg_logprob, no_speech_prob], ...]}``, each fsynced before the next is read.
:mod:`recap.live` writes it; :mod:`recap.transcribe` reads it and decodes only
the audio after it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .asr import Word

#: Folder of a session where the live words are kept.
LIVE_DIR = "live"


def live_path(folder: Path, track_file: str) -> Path:
    """Where a track's live words are kept: ``live/coach.jsonl`` for ``audio/coach.wav``."""
    return folder / LIVE_DIR / (Path(track_file).stem + ".jsonl")


@dataclass(frozen=True)
class Heard:
    """What a live file holds: the words heard in the first ``upto`` seconds of a track."""

    model: str
    vocab: tuple[str, ...]
    language: str | None
    upto: float  # seconds of the track read
    words: tuple[Word, ...]  # in track time


def word_row(w: Word) -> list[Any]:
    return [
        round(w.start, 3),
        round(w.end, 3),
        w.text,
        round(w.probability, 4),
        w.flagged,
        w.avg_logprob,
        w.no_speech_prob,
    ]


def word_of(row: list[Any]) -> Word:
    """A word as a live file keeps it (:func:`word_row`)."""
    a, b, t, p, f, lp, ns = row
    return Word(float(a), float(b), str(t), float(p), bool(f), float(lp), float(ns))


def read_heard(path: Path) -> Heard | None:
    """The words a live file holds, or None when there is no usable file.

    A line cut short by a crash, and anything after it, is left out: the pieces
    before it are whole.
    """
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError:
        return None
    try:
        head = json.loads(lines[0])
    except (ValueError, IndexError):
        return None
    if not isinstance(head, dict) or "model" not in head:
        return None
    words: list[Word] = []
    upto = 0.0
    language = head.get("language")
    for line in lines[1:]:
        try:
            piece = json.loads(line)
            found = [word_of(row) for row in piece["words"]]
            piece_upto = float(piece["upto"])
        except (ValueError, KeyError, TypeError):
            break  # a torn line: what came before is whole
        words += found
        upto = piece_upto
        language = language or piece.get("language")
    return Heard(str(head["model"]), tuple(head.get("vocab") or ()), language, upto, tuple(words))


def append_line(path: Path, record: dict[str, Any]) -> None:
    """One line, on disk before the function returns."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, json.dumps(record, separators=(",", ":")).encode() + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)

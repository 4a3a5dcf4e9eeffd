"""The commands as a coach meets them: output, --json shapes, and one-line errors."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from recap.cli import cli

VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Dana: What will you do before we talk again?

2
00:00:04.500 --> 00:00:09.000
Priya: I will email three new clients by Friday.

3
00:00:09.500 --> 00:00:12.000
Dana: Great, and I'll send you the pricing worksheet tonight.
"""


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_line_error(result, code=1):
    assert result.exit_code == code, result.output
    lines = [line for line in result.output.strip().splitlines() if line]
    assert lines[-1].startswith("Error:"), result.output
    return lines[-1]


def test_extract_json_is_the_public_shape(home, tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text(VTT)
    result = invoke("extract", str(path), "--coach", "Dana", "--date", "2026-11-18", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    for item in items:
        assert {"kind", "text", "owner", "due", "speaker", "start", "end", "quote"} <= set(item)
    by_owner = {i["owner"]: i for i in items if i["kind"] == "commitment"}
    assert by_owner["client"]["speaker"] == "Priya"
    assert by_owner["client"]["due"] == "2026-11-20"  # Friday after Wednesday 18 Nov
    assert by_owner["client"]["start"] == 4.5 and by_owner["client"]["end"] == 9.0
    assert "email three new clients" in by_owner["client"]["quote"]
    assert by_owner["coach"]["due"] == "2026-11-18"  # tonight
    assert "worksheet" in by_owner["coach"]["text"].lower()


def test_extract_prints_a_readable_recap(home, tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text(VTT)
    result = invoke("extract", str(path), "--coach", "Dana", "--date", "2026-11-18")
    assert result.exit_code == 0
    assert "Commitments" in result.output and "Priya" in result.output


def test_extract_reads_an_otter_export(home, tmp_path):
    path = tmp_path / "Coaching call.txt"
    path.write_text(
        "Dana Reyes  0:00\nWhat will you do before we talk again?\n\n"
        "Priya Shah  0:04\nI will email three new clients by Friday.\n\n"
        "Dana Reyes  0:09\nGreat.\n"
    )
    result = invoke("extract", str(path), "--coach", "Dana", "--date", "2026-11-18", "--json")
    assert result.exit_code == 0, result.output
    (item,) = [i for i in json.loads(result.stdout)["items"] if i["kind"] == "commitment"]
    assert (item["speaker"], item["owner"], item["due"]) == ("Priya Shah", "client", "2026-11-20")
    assert (item["start"], item["end"]) == (4, 9)


def test_extract_bad_inputs_are_one_line_errors(home, tmp_path):
    assert "no-such.vtt" in one_line_error(invoke("extract", str(tmp_path / "no-such.vtt")))
    empty = tmp_path / "empty.vtt"
    empty.write_text("")
    assert "empty" in one_line_error(invoke("extract", str(empty)))
    assert "is a directory" in one_line_error(invoke("extract", str(tmp_path)))
    path = tmp_path / "call.vtt"
    path.write_text(VTT)
    message = one_line_error(invoke("extract", str(path), "--date", "Friday"), code=2)
    assert "--date" in message


def test_sessions_show_share_with_nothing_recorded(home):
    result = invoke("sessions")
    assert result.exit_code == 0 and "No sessions yet" in result.output
    assert json.loads(invoke("sessions", "--json").stdout) == {"sessions": []}
    assert "no sessions yet" in one_line_error(invoke("show"))
    assert "no sessions yet" in one_line_error(invoke("share"))
    assert "no sessions yet" in one_line_error(invoke("summarize", "nope"))


def test_summarize_a_session_without_audio_is_a_clear_error(home):
    from recap import config
    from recap.sessions import create_session
    from recap.store import Store

    session = create_session(Store(config.store_path()), client="Sam", source="import")
    assert "has neither audio nor a transcript" in one_line_error(invoke("summarize"))
    assert f"{session.id} is not summarized yet (recorded)" in one_line_error(invoke("share"))
    assert f"{session.id} is not summarized yet (recorded)" in one_line_error(invoke("show"))
    assert f"{session.id} is not summarized yet" in one_line_error(invoke("show", "--json"))


def test_transcribe_bad_files_are_one_line_errors(home, tmp_path):
    assert "missing.wav" in one_line_error(invoke("transcribe", str(tmp_path / "missing.wav")))
    fake = tmp_path / "notes.wav"
    fake.write_text("these are my notes, not audio\n" * 20)
    assert "notes.wav" in one_line_error(invoke("transcribe", str(fake)))


def test_unknown_model_is_a_one_line_error(home, tmp_path):
    from recap.transcribe import TrackInput  # noqa: F401 - import check only

    wav = tmp_path / "x.wav"
    import wave

    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes(b"\0\0" * 16000)
    message = one_line_error(invoke("transcribe", str(wav), "--model", "no-such-model"))
    assert "no-such-model" in message
    message = one_line_error(invoke("transcribe", str(wav), "--model", str(tmp_path)))
    assert "not a CTranslate2 Whisper model" in message


@pytest.mark.slow
def test_demo_prints_a_recap_with_every_kind(home):
    result = invoke("demo", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    kinds = [i["kind"] for i in items]
    assert kinds.count("commitment") >= 2
    assert {"next_step", "insight", "goal"} <= set(kinds)
    assert any(i["kind"] == "commitment" and i["owner"] == "coach" for i in items)
    assert any(i["kind"] == "commitment" and i["owner"] == "client" for i in items)
    # Both of the client's promises, each a line of its own after the question they answer
    # (a first word timed ahead of its chunk once left "will finish ..." without its "I").
    promised = [i["text"].lower() for i in items if i["kind"] == "commitment" and i["owner"] == "client"]
    assert any("lessons" in t for t in promised) and any("write" in t for t in promised), promised
    friday = [i for i in items if i["due_text"] and "friday" in i["due_text"].lower()]
    assert friday and date.fromisoformat(friday[0]["due"]).weekday() == 4
    # The demo is a stored session: show and share work on it afterwards.
    shown = invoke("show")
    assert shown.exit_code == 0 and "Session recap — Demo" in shown.output
    shared = invoke("share")
    assert shared.exit_code == 0 and "Hi Demo," in shared.stdout and "Your action steps" in shared.stdout
    # Kept apart from real clients; made again, it replaces itself; --clean removes it.
    first = json.loads(invoke("sessions", "--json").stdout)["sessions"]
    assert [(s["client"], s["source"]) for s in first] == [("Demo", "demo")]
    assert invoke("demo").exit_code == 0
    again = json.loads(invoke("sessions", "--json").stdout)["sessions"]
    assert len(again) == 1 and again[0]["id"] != first[0]["id"]
    cleaned = invoke("demo", "--clean")
    assert cleaned.exit_code == 0 and again[0]["id"] in cleaned.output
    assert json.loads(invoke("sessions", "--json").stdout)["sessions"] == []
    assert not [p for p in (home / "sessions").iterdir()]


def test_file_commands_leave_no_data_behind(home, tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text(VTT)
    assert invoke("extract", str(path), "--json").exit_code == 0
    assert not (home / "recap.json").exists()


def test_extract_names_the_client_from_the_transcript_never_a_role_label(home, tmp_path):
    labelled = tmp_path / "labelled.vtt"
    labelled.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nCoach: What will you do this week?\n\n"
        "00:00:04.500 --> 00:00:09.000\nCoachee: I will email three new clients by Friday.\n"
    )
    shown = invoke("extract", str(labelled), "--date", "2026-11-18").output
    assert "Coachee" not in shown and "Client" in shown
    assert "Priya" in invoke("extract", str(labelled), "--client", "Priya", "--date", "2026-11-18").output
    named = tmp_path / "named.vtt"
    named.write_text(VTT)
    assert "— Priya" in invoke("extract", str(named), "--coach", "Dana", "--date", "2026-11-18").output


def test_a_coach_who_is_not_a_speaker_is_a_one_line_error_listing_the_speakers(home, tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text(VTT)
    message = one_line_error(invoke("extract", str(path), "--coach", "Kim"))
    assert "'Kim' matches no speaker" in message and "Dana, Priya" in message
    assert invoke("extract", str(path), "--coach", "dana", "--json").exit_code == 0


def test_the_wait_for_the_model_is_named_once_before_the_bar(capsys):
    from recap.cli import _progress_bar

    update, close = _progress_bar("Transcribing")
    update(0.0, 60.0)
    update(0.0, 60.0)
    assert capsys.readouterr().err == "Loading the model…\n"
    update(30.0, 60.0)
    update(60.0, 60.0)
    close()
    err = capsys.readouterr().err
    assert "Transcribing" in err and "Loading" not in err


def test_sessions_has_a_header_and_counts_items_and_open_actions(home, tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text(VTT)
    (done,) = json.loads(invoke("import", str(path), "--coach", "Dana", "--client", "Priya", "--json").stdout)[
        "sessions"
    ]
    actions = [i for i in done["items"] if i["kind"] in ("commitment", "next_step")]
    assert len(actions) >= 2
    assert invoke("done", actions[0]["id"]).exit_code == 0
    assert invoke("drop", actions[1]["id"]).exit_code == 0
    header, row = invoke("sessions").output.splitlines()
    assert header.split() == ["SESSION", "CLIENT", "LENGTH", "ITEMS", "OPEN", "STATUS"]
    assert row.split()[-3:] == [str(len(done["items"]) - 1), str(len(actions) - 2), "summarized"]


def test_a_transcript_without_times_gives_items_no_moment_in_the_call(home, tmp_path):
    said = "Coach: What will you do this week?\nPriya: I will email three new clients by Friday.\n"
    plain, stamped = tmp_path / "call.txt", tmp_path / "stamped.txt"
    plain.write_text(said)
    stamped.write_text(
        "[00:00:05] Coach: What will you do this week?\n[00:01:10] Priya: I will email three new clients by Friday.\n"
    )
    untimed = invoke("extract", str(plain), "--date", "2026-11-18").output
    assert "Email three new clients" in untimed and "[00:" not in untimed  # line numbers are no times
    assert "[01:10]" in invoke("extract", str(stamped), "--date", "2026-11-18").output


def test_a_client_labelled_only_client_is_named_as_the_coach_greets_them(home, tmp_path):
    path = tmp_path / "call.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nCOACH: Hi Nadia. Can you hear me?\n\n"
        "2\n00:00:04,000 --> 00:00:06,000\nCLIENT: Hiya, yes.\n\n"
        "3\n00:00:07,000 --> 00:00:10,000\nCOACH: What will you do this week?\n\n"
        "4\n00:00:11,000 --> 00:00:15,000\nCLIENT: I will email three designers by Friday.\n"
    )
    shown = invoke("extract", str(path), "--date", "2026-11-18").output
    assert "Session recap — Nadia" in shown and "— Nadia · due Fri 20 Nov" in shown
    unnamed = tmp_path / "unnamed.srt"
    unnamed.write_text(path.read_text().replace("Hi Nadia.", "Hi there."))
    assert "Nadia" not in invoke("extract", str(unnamed), "--date", "2026-11-18").output


@pytest.mark.parametrize(
    ("greeting", "name"),
    [
        ("Hey Mei Lin, it's Kwame.", "Mei Lin"),
        ("Hello there, Sam.", "Sam"),
        ("Hi there.", None),
        ("Hi everyone!", None),
    ],
)
def test_the_name_a_client_is_greeted_by(greeting, name):
    from recap.domain import Segment
    from recap.speakers import greeted

    segments = [Segment(0.0, 2.0, greeting, "COACH", "coach"), Segment(2.5, 4.0, "Hi, yes.", "CLIENT", "client")]
    assert greeted(segments, "client") == name

"""`recap import`: recordings and transcripts a coach already has become sessions."""

from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from recap import demo
from recap.cli import cli

VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Dana>What is one thing you will do this week?

00:00:04.500 --> 00:00:09.000
<v Priya>I'm going to book three discovery calls by Thursday.
"""


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def sessions():
    return json.loads(invoke("sessions", "--json").stdout)["sessions"]


def test_import_a_zoom_style_transcript(home, tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text(VTT)
    result = invoke("import", str(path), "--coach", "Dana", "--client", "Priya", "--date", "2026-11-16", "--json")
    assert result.exit_code == 0, result.output
    imported = json.loads(result.stdout)["sessions"][0]
    assert imported["session"]["id"].startswith("2026-11-16-") and imported["session"]["client"] == "Priya"
    commitment = next(i for i in imported["items"] if i["kind"] == "commitment")
    assert commitment["owner"] == "client" and commitment["due"] == "2026-11-19"
    stored = sessions()
    assert len(stored) == 1 and stored[0]["status"] == "summarized"


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.wav", b"", "empty"),
        ("notes.wav", b"just some notes\n" * 50, "not an audio file"),
        ("truncated.wav", b"RIFF\x24\x00\x00\x00WAVEfmt ", ""),
    ],
)
def test_bad_audio_is_one_line_error_and_leaves_no_session(home, tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    result = invoke("import", str(path))
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Error:") and name in last and problem in last
    assert sessions() == []
    assert not any((home / "sessions").iterdir())


def test_a_transcript_saved_as_a_document_asks_for_its_text_export(home, tmp_path):
    path = tmp_path / "Coaching call.docx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8)
    result = invoke("import", str(path))
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {path}: a Word document or other zipped file, not a transcript; "
        "export the transcript as text (.txt), WebVTT (.vtt) or SRT (.srt)"
    )
    assert sessions() == []


def test_a_folder_or_missing_file_is_refused(home, tmp_path):
    assert "folder" in invoke("import", str(tmp_path)).output
    assert "no such file" in invoke("import", str(tmp_path / "gone.m4a")).output
    assert sessions() == []


def test_split_channels_needs_stereo(home, tmp_path):
    result = invoke("import", str(demo.TRACKS["coach"]), "--split-channels")
    assert result.exit_code == 1 and "needs a stereo file" in result.output
    assert sessions() == []


@pytest.mark.slow
def test_stereo_call_split_into_coach_and_client(home, tmp_path):
    stereo = tmp_path / "call.flac"
    subprocess.run(["sox", str(demo.TRACKS["coach"]), str(demo.TRACKS["client"]), "-M", str(stereo)], check=True)
    result = invoke("import", str(stereo), "--split-channels", "--client", "Sarah", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["sessions"][0]["items"]
    owners = {(i["kind"], i["owner"]) for i in items}
    assert ("commitment", "coach") in owners and ("commitment", "client") in owners
    shown = json.loads(invoke("show", "--json").stdout)
    assert {t["role"] for t in shown["session"]["tracks"]} == {"coach", "client"}
    lessons = [s for s in shown["transcript"]["segments"] if "lessons" in s["text"].lower()]
    assert lessons and lessons[0]["speaker"] == "Sarah"


@pytest.mark.slow
def test_mono_m4a_is_one_track_of_unknown_speakers(home, tmp_path):
    mixed = tmp_path / "call.m4a"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-i", str(demo.TRACKS["client"]), "-ar", "44100", str(mixed)], check=True
    )
    result = invoke("import", str(mixed))
    assert result.exit_code == 0, result.output
    assert "Speakers were not separated" in result.stdout
    assert result.stderr.startswith("Loading the model…\n")  # named before the bar, not a blank wait
    shown = json.loads(invoke("show", "--json").stdout)
    assert shown["transcript"]["speakers_known"] is False
    assert "lessons" in " ".join(s["text"].lower() for s in shown["transcript"]["segments"])


def test_a_long_file_on_a_nearly_full_disk_is_refused_up_front(home, tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    big = tmp_path / "ten-hours.ogg"
    shutil.copyfile(demo.TRACKS["coach"], big)
    usage = namedtuple("usage", "total used free")
    with monkeypatch.context() as patch:
        patch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 10**6, 10**6))
        result = invoke("import", str(big))
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert "not enough disk space" in last and "ten-hours.ogg" in last
    assert sessions() == []


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["mp3", "m4a", "mono.wav", "stereo.wav"])
def test_a_call_with_hard_to_hear_passages_imports_end_to_end(home, tmp_path, audio_tools, fmt):
    """Mumbled, muffled passages are kept as uncertain, and everything around them is written and found."""
    import shutil as sh

    from pulse import unclear_call

    if not sh.which("ffmpeg"):
        pytest.fail("this test needs ffmpeg (apt install ffmpeg)", pytrace=False)
    path = unclear_call(tmp_path)[fmt]
    args = ["import", str(path), "--client", "Sarah", "--json"] + (["--split-channels"] if fmt == "stereo.wav" else [])
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    imported = json.loads(result.stdout)["sessions"][0]
    folder = home / "sessions" / imported["session"]["id"]
    transcript = json.loads((folder / "transcript.json").read_text())
    uncertain = [s for s in transcript["segments"] if s["uncertain"]]
    assert uncertain, transcript["segments"]
    assert " [?]" in (folder / "transcript.vtt").read_text()
    text = " ".join(s["text"] for s in transcript["segments"]).lower()
    assert "what will you do" in text and "saying yes to everyone" in text, text
    assert any(i["kind"] == "commitment" and "call" in i["text"].lower() for i in imported["items"]), imported
    assert "hard to hear" in invoke("show").output
    transcribed = invoke("transcribe", str(path), "--format", "json")
    assert transcribed.exit_code == 0, transcribed.output
    assert any(s["uncertain"] for s in json.loads(transcribed.stdout)["segments"])

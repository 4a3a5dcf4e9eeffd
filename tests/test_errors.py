"""Every failure a coach can reach is one line and a non-zero exit; a traceback only with --debug."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from recap import demo
from recap.cli import cli

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Priya>I will email three clients by Friday.\n"


def _silent_wav(path: Path, channels: int = 1) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes(b"\0\0" * channels * 8000)
    return path


def bad_files(folder: Path) -> dict[str, Path]:
    """The bad inputs of the import, transcribe, extract and transcript tests, as files."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        "missing": folder / "gone.m4a",
        "folder": folder / "a-folder",
        "empty wav": folder / "empty.wav",
        "text as wav": folder / "notes.wav",
        "truncated wav": folder / "truncated.wav",
        "empty vtt": folder / "empty.vtt",
        "blank vtt": folder / "blank.vtt",
        "binary vtt": folder / "junk.vtt",
        "bad timing": folder / "bad.vtt",
        "srt without timings": folder / "captions.srt",
        "invalid json": folder / "broken.json",
        "json without segments": folder / "items.json",
        "audio as transcript": folder / "call.wav.vtt",
    }
    made["folder"].mkdir(exist_ok=True)
    made["empty wav"].write_bytes(b"")
    made["text as wav"].write_text("these are my notes, not audio\n" * 20)
    made["truncated wav"].write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt ")
    made["empty vtt"].write_bytes(b"\xef\xbb\xbf\n")
    made["blank vtt"].write_text("WEBVTT\n\nNOTE nothing was said\n")
    made["binary vtt"].write_bytes(bytes(range(256)) * 20)
    made["bad timing"].write_text("WEBVTT\n\n1\n00:00:01.000 --> soon\nHi\n")
    made["srt without timings"].write_text("Sarah: hello\nDana: hi\n")
    made["invalid json"].write_text('{"segments": [')
    made["json without segments"].write_text('{"items": []}')
    made["audio as transcript"].write_bytes(b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00" + b"\x00" * 64)
    return made


def recap(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run recap as a coach does: its own process, real stdout and stderr."""
    env = {**os.environ, "RECAP_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    env.pop("RECAP_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "recap", *args], capture_output=True, text=True, env=env, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess[str], label: str) -> str:
    assert result.returncode in (1, 2), f"{label}: exit {result.returncode}\n{result.stderr}"
    assert "Traceback" not in result.stderr + result.stdout, f"{label}:\n{result.stderr}"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1 and lines[-1] == errors[0], f"{label}:\n{result.stderr}"
    # A designed message, not the catch-all for bugs.
    assert "a bug in recap" not in errors[0], f"{label}: {errors[0]}"
    return errors[0]


def test_bad_inputs_to_every_command_are_one_line_errors(tmp_path):
    home = tmp_path / "home"
    files = bad_files(tmp_path / "in")
    good_vtt = tmp_path / "in" / "good.vtt"
    good_vtt.write_text(VTT)
    wav = _silent_wav(tmp_path / "in" / "short.wav")
    cases: list[tuple[str, list[str]]] = []
    for label, path in files.items():
        cases += [
            (f"import {label}", ["import", str(path)]),
            (f"transcribe {label}", ["transcribe", str(path)]),
            (f"extract {label}", ["extract", str(path)]),
        ]
    cases += [
        ("import mono with --split-channels", ["import", str(demo.TRACKS["coach"]), "--split-channels"]),
        ("import bad --date", ["import", str(good_vtt), "--date", "Friday"]),
        ("extract bad --date", ["extract", str(good_vtt), "--date", "31/12/2026"]),
        ("transcribe unknown model", ["transcribe", str(wav), "--model", "no-such-model"]),
        ("transcribe folder as model", ["transcribe", str(wav), "--model", str(tmp_path / "in" / "a-folder")]),
        ("transcribe unknown format", ["transcribe", str(wav), "--format", "docx"]),
        ("transcribe to a folder", ["transcribe", str(good_vtt), "-o", str(tmp_path / "in" / "a-folder")]),
        ("summarize unknown session", ["summarize", "nope"]),
        ("show with no sessions", ["show"]),
        ("share with no sessions", ["share"]),
        ("share unknown format", ["share", "--format", "docx"]),
        ("doctor with a missing device", ["doctor", "--mic", "no-such-device", "--loopback", "none-either"]),
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda case: recap(home, *case[1]), cases))
    for (label, _), result in zip(cases, results, strict=False):
        assert_one_line_error(result, label)
    assert json.loads(recap(home, "sessions", "--json").stdout) == {"sessions": []}


def test_a_damaged_store_is_one_line_for_every_store_command(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "recap.json").write_text('{"sessions": {"1": ')
    good = tmp_path / "good.vtt"
    good.write_text(VTT)
    for args in (["sessions"], ["show"], ["share"], ["summarize"], ["recover"], ["import", str(good)]):
        message = assert_one_line_error(recap(home, *args), " ".join(args))
        assert "recap.json" in message
    assert (home / "recap.json").read_text() == '{"sessions": {"1": '  # nothing overwritten


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


def _broken_extract(monkeypatch) -> None:
    import recap.extract

    def broken(transcript, when):
        raise TypeError("Object of type bool_ is not JSON serializable")

    monkeypatch.setattr(recap.extract, "extract", broken)


def test_a_bug_is_one_line_naming_the_problem_the_file_and_the_place(home, tmp_path, monkeypatch):
    _broken_extract(monkeypatch)
    path = tmp_path / "call.vtt"
    path.write_text(VTT)
    result = invoke("import", str(path), "--client", "Priya")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: unexpected TypeError: Object of type bool_ is not JSON serializable while working on {path} "
        "at recap/summarize.py:"
        + result.output.split("recap/summarize.py:")[1].split(" ")[0]
        + " (a bug in recap; run with --debug for the traceback)"
    ]
    # The failed import leaves nothing half-made.
    assert json.loads(invoke("sessions", "--json").stdout) == {"sessions": []}


def test_debug_shows_the_traceback(home, tmp_path, monkeypatch):
    _broken_extract(monkeypatch)
    path = tmp_path / "call.vtt"
    path.write_text(VTT)
    result = invoke("--debug", "extract", str(path))
    assert isinstance(result.exception, TypeError)
    monkeypatch.setenv("RECAP_DEBUG", "1")
    assert isinstance(invoke("extract", str(path)).exception, TypeError)


def test_the_machine_saying_no_is_not_called_a_bug(home, tmp_path, monkeypatch):
    import recap.transcripts

    def denied(path, coach=None):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(recap.transcripts, "read_transcript", denied)
    path = tmp_path / "call.vtt"
    result = invoke("extract", str(path))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: Permission denied: {path} while working on {path}"


@pytest.mark.parametrize(
    "command",
    [
        "import",
        "transcribe",
        "extract",
        "summarize",
        "show",
        "share",
        "sessions",
        "recover",
        "record",
        "demo",
        "devices",
        "doctor",
    ],
)
def test_every_command_routes_bugs_through_the_one_line_error(home, monkeypatch, command):
    """Whatever a command is, an exception it did not expect never reaches the coach as a traceback."""
    import recap.cli

    def boom(*args, **kwargs):
        raise ValueError("something recap did not expect")

    command_obj = recap.cli.cli.commands[command]
    monkeypatch.setattr(command_obj, "callback", boom)
    result = invoke(command, *(["x"] if command in ("import", "transcribe", "extract") else []))
    assert result.exit_code == 1 and result.exception is not None and isinstance(result.exception, SystemExit)
    assert result.output.startswith("Error: unexpected ValueError: something recap did not expect")
    assert len(result.output.strip().splitlines()) == 1


def bad_input_cases(tmp_path: Path) -> list[tuple[str, Path, list[str]]]:
    """Bad input across commands: names, dates, homes, stores, models, templates, outputs, devices.

    Each is (label, data home, arguments); homes are made as each case needs.
    """
    home = tmp_path / "home"
    good = tmp_path / "in" / "good.vtt"
    good.parent.mkdir(parents=True, exist_ok=True)
    good.write_text(VTT)
    # A home with one session, for the commands that need one.
    used = tmp_path / "used"
    assert recap(used, "import", str(good), "--client", "Priya", "--date", "2026-11-20").returncode == 0
    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "recap.txt.j2").write_text("Hi {{ letter.first_name }\n")
    templated = tmp_path / "templated"
    shutil.copytree(used, templated)
    assert recap(templated, "config", "set", "templates", str(broken)).returncode == 0
    existing = tmp_path / "out" / "recap.md"
    existing.parent.mkdir()
    existing.write_text("the coach's own notes\n")
    big = tmp_path / "in" / "big.txt"
    with big.open("w") as f:
        for _ in range(300_000):
            f.write("Priya: I will call three more prospects today.\n")
    homes = {}
    for name, content in [
        ("wrong shape", b"[1, 2, 3]"),
        ("invalid utf-8", b"\xff\xfe{"),
        ("empty", b""),
        ("truncated", b'{"sessions": {"1": {"id": "x"'),
    ]:
        homes[name] = tmp_path / f"store-{name.replace(' ', '-')}"
        homes[name].mkdir()
        (homes[name] / "recap.json").write_bytes(content)
    homes["folder"] = tmp_path / "store-folder"
    (homes["folder"] / "recap.json").mkdir(parents=True)
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")

    cases = [
        # names
        ("client name with a newline", home, ["import", str(good), "--client", "Sam\n# Hacked"]),
        ("client name with a control character", home, ["import", str(good), "--client", "Sam\x1b[31m"]),
        ("empty client name", home, ["import", str(good), "--client", "   "]),
        ("client name of 300 characters", home, ["import", str(good), "--client", "S" * 300]),
        ("coach name with a tab", home, ["import", str(good), "--coach", "Dana\tX"]),
        ("record a client name with a newline", home, ["record", "--client", "A\nB", "--duration", "1"]),
        ("rename to an empty name", used, ["rename-client", "Priya", ""]),
        ("rename to a name with a newline", used, ["rename-client", "Priya", "P\nQ"]),
        ("session set a control character", used, ["session", "set", "latest", "--client", "P\x07"]),
        ("config set coach empty", home, ["config", "set", "coach", " "]),
        # dates
        ("import --date empty", home, ["import", str(good), "--date", ""]),
        ("import --date blank", home, ["import", str(good), "--date", "  "]),
        ("import --date 30 February", home, ["import", str(good), "--date", "2026-02-30"]),
        ("extract --date words", home, ["extract", str(good), "--date", "next week"]),
        ("session set --date empty", used, ["session", "set", "latest", "--date", ""]),
        ("add --due nonsense", used, ["add", "--kind", "commitment", "--text", "x", "--due", "whenever"]),
        # homes
        ("home is a file", a_file, ["sessions"]),
        ("home under a file", a_file / "home", ["sessions"]),
        ("home is a file, import", a_file, ["import", str(good)]),
        # stores
        *[(f"store {name}", path, ["sessions"]) for name, path in homes.items()],
        ("store wrong shape, import", homes["wrong shape"], ["import", str(good)]),
        # models
        ("demo with a missing model folder", home, ["demo", "--model", str(tmp_path / "no-model")]),
        (
            "import audio with an unknown model",
            home,
            ["import", str(_silent_wav(tmp_path / "in" / "s.wav")), "--model", "no-such-model"],
        ),
        # templates and styles
        ("a broken template", templated, ["share", "--format", "txt"]),
        ("config accent not a colour", used, ["config", "set", "accent", "red;}"]),
        ("config logo missing", used, ["config", "set", "logo", str(tmp_path / "none.png")]),
        ("config email not an address", used, ["config", "set", "email", "dana"]),
        ("config templates not a folder", used, ["config", "set", "templates", str(a_file)]),
        ("config unknown key", used, ["config", "set", "colour", "red"]),
        # outputs
        ("share into the data home", used, ["share", "-o", str(used / "recap.json")]),
        ("share over an existing file", used, ["share", "-o", str(existing)]),
        ("share into a missing folder", used, ["share", "-o", str(tmp_path / "nowhere" / "r.md")]),
        ("share the coach's view as html", used, ["share", "--for", "coach", "--format", "html"]),
        ("transcribe into the data home", used, ["transcribe", str(good), "-o", str(used / "x.txt")]),
        # files
        ("a 14 MB transcript", home, ["import", str(big)]),
        ("extract a 14 MB transcript", home, ["extract", str(big)]),
        # items and sessions
        ("done an unknown id", used, ["done", "zzzz"]),
        ("delete without a terminal", used, ["delete", "latest"]),
        ("client unknown", used, ["client", "Nobody"]),
        ("client --email not an address", used, ["client", "Priya", "--email", "priya"]),
        # devices
        ("record from a missing device", home, ["record", "--mic", "no-such-device", "--duration", "1"]),
        ("doctor with a missing device", home, ["doctor", "--mic", "no-such-device", "--loopback", "none"]),
    ]
    return cases


def test_bad_input_across_commands_is_handled(tmp_path, capsys):
    cases = bad_input_cases(tmp_path)
    before = {path: (path / "recap.json").read_bytes() for _, path, _ in cases if (path / "recap.json").is_file()}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda case: recap(case[1], *case[2]), cases))
    handled = []
    for (label, _, _), result in zip(cases, results, strict=False):
        try:
            assert_one_line_error(result, label)
            handled.append(label)
        except AssertionError as e:
            print(f"NOT HANDLED: {e}")
    with capsys.disabled():
        print(f"\nbad inputs: {len(handled)} handled of {len(cases)} tried")
    assert len(cases) >= 40 and len(handled) == len(cases)
    # Nothing half-made, nothing lost: the fresh home holds no session, the others are as they were
    # (a damaged store is never replaced).
    assert json.loads(recap(tmp_path / "home", "sessions", "--json").stdout) == {"sessions": []}
    for path, content in before.items():
        assert (path / "recap.json").read_bytes() == content, path
    assert (tmp_path / "out" / "recap.md").read_text() == "the coach's own notes\n"


def test_a_bugs_one_line_leaves_out_what_was_said(home, monkeypatch):
    import recap.cli

    def boom(*args, **kwargs):
        raise KeyError("I have been avoiding my sister since the funeral")

    monkeypatch.setattr(recap.cli.cli.commands["sessions"], "callback", boom)
    result = invoke("sessions")
    assert result.exit_code == 1 and "funeral" not in result.output
    assert result.output.startswith("Error: unexpected KeyError: '…'")
    debug = invoke("--debug", "sessions")
    assert isinstance(debug.exception, KeyError) and "funeral" in str(debug.exception)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="mounts a read-only home: needs root")
def test_a_read_only_home_reads_and_refuses_writes_in_one_line(tmp_path):
    """The home on read-only media (a real read-only mount): reading works, writing is one line."""
    home = tmp_path / "home"
    call = tmp_path / "call.vtt"
    call.write_text(VTT)
    assert recap(home, "import", str(call), "--client", "Priya").returncode == 0
    assert recap(home, "search", "clients").returncode == 0  # the search index exists

    def read_only(*args: str) -> subprocess.CompletedProcess[str]:
        inner = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "recap", *args])
        script = f"mount --bind {home} {home} && mount -o remount,bind,ro {home} && {inner}"
        env = {**os.environ, "RECAP_HOME": str(home), "HF_HUB_OFFLINE": "1"}
        return subprocess.run(
            ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=120
        )

    for args in (
        ["sessions"],
        ["show"],
        ["search", "clients"],
        ["items", "--open"],
        ["clients"],
        ["client", "Priya"],
        ["share", "--format", "txt"],
        ["config", "list"],
    ):
        done = read_only(*args)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)
    for args in (["import", str(call), "--again"], ["config", "set", "coach", "Dana"], ["done", "zzzz"], ["summarize"]):
        assert_one_line_error(read_only(*args), " ".join(args))

"""Every command documents itself with an example, like sqlite-utils' test_docs."""

import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from recap.cli import cli

COMMANDS = sorted(cli.commands)
#: Commands inside groups, as "group sub" (recap config set, recap session set).
SUBCOMMANDS = sorted(f"{g} {s}" for g, cmd in cli.commands.items() if hasattr(cmd, "commands") for s in cmd.commands)


def test_the_commands_a_coach_needs_exist():
    assert {"devices", "record", "summarize", "transcribe", "extract", "sessions", "show", "share", "demo"} <= set(
        COMMANDS
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"recap {name}" in result.output.split("Example:", 1)[1]


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert f"recap {name}" in result.output.split("Example:", 1)[1]


def test_the_practice_commands_exist():
    assert {
        "clients",
        "client",
        "items",
        "done",
        "drop",
        "reopen",
        "edit",
        "add",
        "review",
        "delete",
        "rename-client",
        "merge-clients",
    } <= set(COMMANDS)
    assert {"config set", "config get", "config list", "config unset", "session set"} <= set(SUBCOMMANDS)


def test_top_level_help_and_version():
    runner = CliRunner()
    assert "Example:" in runner.invoke(cli, ["--help"]).output
    assert runner.invoke(cli, ["--version"]).output.startswith("recap, version")


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys\nfrom recap.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('faster_whisper', 'sounddevice', 'numpy', 'ctranslate2', 'tinydb')"
        " if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "HEAVY=", out


@pytest.mark.parametrize("args", [["sessions"], ["items", "--open"], ["clients"], ["show"], ["search", "outline"]])
def test_reading_commands_do_not_load_the_rules_or_the_model(home, args):
    """A listing over years of sessions must start fast: the rules compile only for a summarize."""
    call = home.parent / "call.vtt"
    call.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Sam>I'll send you the outline by Friday.\n\n"
        "00:00:05.000 --> 00:00:08.000\n<v Dana>Great, what else stood out today?\n"
    )
    assert CliRunner().invoke(cli, ["import", str(call), "--client", "Sam", "--coach", "Dana"]).exit_code == 0
    code = (
        "import sys\nfrom recap.cli import cli\n"
        "try:\n    cli(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('recap.extract.pipeline', 'recap.extract.rules', 'faster_whisper', 'numpy')"
        " if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "HEAVY=", done.stdout + done.stderr


@pytest.mark.parametrize("args", [[], *([name] for name in COMMANDS), *(name.split() for name in SUBCOMMANDS)])
def test_help_touches_no_home(tmp_path, args):
    """`recap <cmd> --help` with an empty HOME creates no file: no store, no recovery."""
    user = tmp_path / "user"
    user.mkdir()
    result = CliRunner().invoke(
        cli,
        [*args, "--help"],
        env={"HOME": str(user), "RECAP_HOME": None, "XDG_DATA_HOME": None, "XDG_CONFIG_HOME": None},
    )
    assert result.exit_code == 0, result.output
    assert list(user.rglob("*")) == []


def test_choices_are_the_registries_and_cost_nothing_until_asked():
    from recap import domain, transcripts
    from recap.share import formats

    options = {
        (cmd, p.name): p.type
        for cmd, command in cli.commands.items()
        for p in command.params
        if isinstance(p.type, click.Choice)
    }
    assert options[("share", "fmt")].choices == formats.FORMATS
    assert options[("transcribe", "fmt")].choices == transcripts.FORMATS
    assert options[("items", "kind")].choices == domain.KINDS
    assert options[("search", "kind")].choices == ("transcript", *domain.KINDS)
    assert options[("share", "audience")].choices == domain.ROLES
    # The CLI's own import does not load the share formats (a listing never needs them).
    code = "import sys\nimport recap.cli\nprint('recap.share.formats' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_model_option_is_declared_once_with_one_meaning():
    helps = {p.help for command in cli.commands.values() for p in command.params if p.name == "model"}
    assert len([c for c in cli.commands.values() if any(p.name == "model" for p in c.params)]) >= 4
    assert all("tiny.en, bundled" in h for h in helps)


def test_debug_says_what_recap_did_and_nothing_without_it(home):
    home.mkdir(parents=True)
    (home / "recap.json").write_text('{"meta": {"1": {"schema": 2}}, "sessions": {}, "items": {}}')
    env = {**os.environ, "RECAP_HOME": str(home)}
    quiet = subprocess.run([sys.executable, "-m", "recap", "sessions"], env=env, capture_output=True, text=True)
    loud = subprocess.run(
        [sys.executable, "-m", "recap", "--debug", "sessions"], env=env, capture_output=True, text=True
    )
    assert quiet.returncode == loud.returncode == 0, loud.stderr
    assert "debug" not in quiet.stderr
    assert "recap.store: read " in loud.stderr and "0 sessions, 0 items, schema 2" in loud.stderr
    assert loud.stdout == quiet.stdout  # the debug lines never mix into what scripts read

"""The recap command line: thin commands that parse, call the core, print.

The group and what every command shares live here; the commands are in
modules by what they work on: ``capture`` (devices, doctor, record,
recover), ``calls`` (summarize, demo, import, sessions, show, share,
search, delete), ``files`` (transcribe, extract) and ``practice`` (clients,
items and their review, configuration).
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import RecapError, UsageProblem


class RecapGroup(click.Group):
    """Turns every error into a one-line message and a non-zero exit.

    Core errors (:class:`RecapError`) carry a message written for the user.
    Anything else is a bug in recap: it still gets one line, naming what went
    wrong, the file the command was working on and where in recap it broke;
    the traceback only with ``--debug`` (or ``RECAP_DEBUG=1``).
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageProblem as exc:
            raise click.UsageError(str(exc), ctx) from None
        except RecapError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader went away (recap sessions | head): nothing more to say.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            if _debug(ctx):
                raise
            raise click.ClickException(unexpected_error(exc, ctx.meta.get(WORKING_ON))) from None


#: ``ctx.meta`` key: the file or session a command is working on, for error messages.
WORKING_ON = "recap.working_on"


def _debug(ctx: click.Context) -> bool:
    return bool(ctx.meta.get("recap.debug")) or os.environ.get("RECAP_DEBUG", "") not in ("", "0")


def working_on(what: object) -> None:
    """Name the file or session the running command is busy with (for error messages)."""
    click.get_current_context().meta[WORKING_ON] = str(what)


def unexpected_error(exc: BaseException, subject: str | None) -> str:
    """One line for an exception recap did not expect: what, on which file, where in recap."""
    import traceback

    on = f" while working on {subject}" if subject else ""
    if isinstance(exc, OSError) and exc.strerror:
        # The machine said no (permissions, a full disk, a vanished folder): not a bug.
        return (f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror) + on
    detail = " ".join(str(exc).split())
    problem = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    package = Path(__file__).resolve().parent.parent  # the recap package
    ours = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve().is_relative_to(package)]
    where = ""
    if ours:
        inside = Path(ours[-1].filename).resolve().relative_to(package.parent).as_posix()
        where = f" at {inside}:{ours[-1].lineno}"
    return f"unexpected {problem}{on}{where} (a bug in recap; run with --debug for the traceback)"


#: Commands that work on files or devices only: they never touch the store.
STORELESS = (None, "recover", "transcribe", "extract", "devices", "doctor")


def _recover_quietly() -> None:
    """Repair recordings a crash left behind, before any command runs."""
    from ..recovery import recover_interrupted

    for session in recover_interrupted(_store(), thorough=False):
        click.echo(
            f"Recovered interrupted recording {session.id} ({_clock(session.duration or 0)} of audio).",
            err=True,
        )


def _store():
    from .. import config
    from ..store import Store

    return Store(config.store_path())


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _progress_bar(label: str):
    """A click progress bar driven by (seconds done, seconds total) callbacks."""
    state: dict[str, Any] = {"bar": None, "shown": 0}

    def update(done: float, total: float) -> None:
        if state["bar"] is None:
            state["bar"] = click.progressbar(
                length=max(1, int(total)), label=label, file=sys.stderr, show_eta=True,
                item_show_func=lambda _: None,
            )
            state["bar"].__enter__()
        step = int(done) - state["shown"]
        if step > 0:
            state["bar"].update(step)
            state["shown"] += step

    def close() -> None:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)

    return update, close


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h:d}:{m:02d}:{s:02d}" if h else f"{m:d}:{s:02d}"


def _write_or_echo(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {output}", err=True)


def _parse_date(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date like 2026-11-22", param_hint="--date") from None


@click.group(cls=RecapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="recap")
@click.option("--debug", is_flag=True, help="Show full tracebacks for unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """recap: record a coaching call, transcribe it on this machine, and share
    the commitments, insights, next steps and goals with your client.

    \b
    Example:
        recap devices
        recap record --client "Sarah"      # Ctrl-C to stop
        recap summarize
        recap share -o recap.md

    Data lives in $RECAP_HOME (default: your user data folder).
    """
    ctx.meta["recap.debug"] = debug
    from ..config import keep_private

    keep_private()  # recordings and transcripts are confidential: nothing recap writes is readable by others
    if ctx.invoked_subcommand not in STORELESS:
        _recover_quietly()




from . import calls, capture, files, practice  # noqa: E402,F401  (registers the commands)

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
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..clock import format_moment
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


_QUOTED = re.compile(r"""(['"“‘])([^'"”’]{16,})(['"”’])""")


def _without_quotes(detail: str) -> str:
    """An error's words without the long quoted text in them: that is what was said in a session,
    and it is not written anywhere but the transcript (--debug shows everything)."""
    return _QUOTED.sub(r"\1…\3", detail)


def unexpected_error(exc: BaseException, subject: str | None) -> str:
    """One line for an exception recap did not expect: what, on which file, where in recap."""
    import traceback

    on = f" while working on {subject}" if subject else ""
    if isinstance(exc, OSError) and exc.strerror:
        # The machine said no (permissions, a full disk, a vanished folder): not a bug.
        return (f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror) + on
    detail = _without_quotes(" ".join(str(exc).split()))
    problem = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    package = Path(__file__).resolve().parent.parent  # the recap package
    ours = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve().is_relative_to(package)]
    where = ""
    if ours:
        inside = Path(ours[-1].filename).resolve().relative_to(package.parent).as_posix()
        where = f" at {inside}:{ours[-1].lineno}"
    return f"unexpected {problem}{on}{where} (a bug in recap; run with --debug for the traceback)"


def _recover_quietly(store) -> None:
    """Repair recordings a crash left behind, before a command first uses the store."""
    from ..recovery import recover_interrupted

    for session in recover_interrupted(store, thorough=False):
        click.echo(
            f"Recovered interrupted recording {session.id} ({format_moment(session.duration or 0)} of audio).",
            err=True,
        )


def _expire_old_audio(store) -> None:
    """With ``recap config set keep-audio-days N``: delete older sessions' audio, and say so."""
    from ..sessions import expire_audio

    with store.read() as index:
        days = index.setting("keep-audio-days")
    if not days:
        return
    gone = expire_audio(store, int(days), date.today())
    if gone:
        freed = sum(size for _, size in gone) / 1e6
        click.echo(
            f"Removed the audio of {len(gone)} session(s) older than {days} days, {freed:.1f} MB "
            f"(their transcripts and items stay): {', '.join(sid for sid, _ in gone)}",
            err=True,
        )


def _store(recover: bool = True):
    """The store, once what a crash left behind is repaired (the first time a command asks).

    Nothing happens before a command needs its data: ``--help`` and the commands that
    work on files or devices alone touch no home. ``record`` starts capturing first
    and repairs while it records (``recover=False``), as does ``recap recover`` itself.
    """
    from .. import config
    from ..store import Store

    store = Store(config.store_path())
    meta = click.get_current_context().meta
    if recover and not meta.get("recap.recovered"):
        meta["recap.recovered"] = True
        store.sweep_if_idle()
        _recover_quietly(store)
    return store


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _progress_bar(label: str):
    """A click progress bar driven by (seconds done, seconds total) callbacks.

    The first call (nothing done yet) comes before the model loads: that moment is named,
    so the coach does not stare at a blank line.
    """
    state: dict[str, Any] = {"bar": None, "shown": 0, "loading": False}

    def update(done: float, total: float) -> None:
        if state["bar"] is None and done <= 0:
            if not state["loading"]:
                state["loading"] = True
                click.echo("Loading the model…", err=True)
            return
        if state["bar"] is None:
            bar: Any = click.progressbar(
                length=max(1, int(total)),
                label=label,
                file=sys.stderr,
                show_eta=True,
                item_show_func=lambda _: None,
            )
            bar.__enter__()
            state["bar"] = bar
        step = int(done) - state["shown"]
        if step > 0:
            state["bar"].update(step)
            state["shown"] += step

    def close() -> None:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)

    return update, close


def _write_or_echo(text: str | bytes, output: Path | None, force: bool = False) -> None:
    """Print, or write a file the coach named: never into the data home, never over a file unless forced."""
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            click.echo(text, nl=not text.endswith("\n"))
        return
    _check_output(output, force)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {output}", err=True)


def _check_output(output: Path, force: bool) -> None:
    from ..config import home_path

    target = output.expanduser().resolve()
    home = home_path().expanduser().resolve()
    if target == home or home in target.parents:
        raise UsageProblem(f"{output} is inside recap's data home ({home}); write the file somewhere else")
    if target.is_dir():
        raise UsageProblem(f"{output} is a folder; give a file name")
    if target.exists() and not force:
        raise UsageProblem(f"{output} exists; to replace it: --force")
    if not target.parent.is_dir():
        raise UsageProblem(f"cannot write {output}: the folder {target.parent} does not exist")


# --- what a coach types: dates and names -------------------------------------------------------


class RegistryChoice(click.Choice):
    """A choice among the names of one of recap's registries (``"recap.share.formats:FORMATS"``).

    The names are read from the registry itself, so a new format or kind needs no second list
    here, and only when needed (a value given, or ``--help``): a command never imports the
    module of a choice its coach did not make.
    """

    def __init__(self, registry: str, extra: tuple[str, ...] = ()) -> None:
        self.registry, self.extra = registry, extra
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        import importlib

        module, name = self.registry.split(":")
        return self.extra + tuple(getattr(importlib.import_module(module), name))

    @choices.setter
    def choices(self, value: object) -> None:
        pass  # always the registry's


def model_option(help: str = "Whisper model name or folder (default: tiny.en, bundled).") -> Any:
    """``--model``, declared once for every command that loads a model."""
    return click.option("--model", help=help)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class DateText(click.ParamType):
    """A date like 2026-11-22, checked when given (an empty one is refused, not ignored)."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        text = str(value).strip()
        try:
            date.fromisoformat(text)
        except ValueError:
            self.fail(f"{value!r} is not a date like 2026-11-22", param, ctx)
        return text


class NameText(click.ParamType):
    """A person's name: one line of visible characters, at most 100 of them."""

    name = "NAME"

    def convert(self, value, param, ctx):
        if _CONTROL.search(str(value)):
            self.fail("a name is one line, without control characters", param, ctx)
        text = " ".join(str(value).split())
        if not text:
            self.fail("a name cannot be empty", param, ctx)
        if len(text) > 100:
            self.fail("a name is at most 100 characters", param, ctx)
        return text


#: Parameters that take a date or a person's name, whichever command they are on.
DATE_PARAMS = {"session_date", "day"}
NAME_PARAMS = {"client", "coach", "client_name", "name", "old", "new", "into"}


def _checked_inputs(group: click.Group) -> None:
    """Give every --date a date check and every name a name check, in every command."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _checked_inputs(command)
        for param in command.params:
            if param.name in DATE_PARAMS and isinstance(param.type, click.types.StringParamType):
                param.type = DateText()
            elif param.name in NAME_PARAMS and isinstance(param.type, click.types.StringParamType):
                param.type = NameText()


def _parse_date(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date like 2026-11-22", param_hint="--date") from None


@click.group(cls=RecapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="recap")
@click.option("--debug", is_flag=True, help="Say what recap does and how long it takes; full tracebacks on errors.")
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
    if debug:
        import logging

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("debug %(relativeCreated)6.0f ms %(name)s: %(message)s"))
        logger = logging.getLogger("recap")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    from ..config import keep_private

    keep_private()  # recordings and transcripts are confidential: nothing recap writes is readable by others


from . import calls, capture, clients, files, practice  # noqa: E402,F401  (registers the commands)

_checked_inputs(cli)

"""The recap command line: thin commands that parse, call the core, print."""

from __future__ import annotations

import json
import os
import shlex
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import RecapError, UsageProblem


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
    package = Path(__file__).resolve().parent
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
    from .recovery import recover_interrupted

    for session in recover_interrupted(_store(), thorough=False):
        click.echo(
            f"Recovered interrupted recording {session.id} ({_clock(session.duration or 0)} of audio).",
            err=True,
        )


def _store():
    from . import config
    from .store import Store

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
    if ctx.invoked_subcommand not in STORELESS:
        _recover_quietly()


# devices ----------------------------------------------------------------------


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def devices(as_json: bool) -> None:
    """List audio input devices: microphones and loopback (monitor) sources.

    \b
    Example:
        recap devices
        recap devices --json
    """
    from .audio.devices import format_devices, list_devices, suggest_pair

    found = list_devices()
    mic, loop = suggest_pair(found)
    if as_json:
        _print_json({
            "devices": [d.to_dict() for d in found],
            "suggested": {"mic": mic.name if mic else None, "loopback": loop.name if loop else None},
        })
        return
    click.echo(format_devices(found) if found else "No input devices found.")
    if mic or loop:
        def ref(d) -> str:
            return str(d.index) if d.index is not None else d.name

        args = " ".join(f"--{flag} {shlex.quote(ref(d))}" for flag, d in (("mic", mic), ("loopback", loop)) if d)
        click.echo(f"\nSuggested: recap record {args}")
        if loop is None:
            click.echo("No loopback source found: only your side would be recorded (see README: Getting a loopback device).")


@cli.command()
@click.option("--mic", help="Microphone to test (default: the one recap would pick).")
@click.option("--loopback", help="Loopback source to test (default: the monitor of the default output).")
@click.option("--model", help="Whisper model to check (default: tiny.en).")
@click.option("--seconds", type=click.FloatRange(min=0.5, max=30), default=3.0, show_default=True,
              help="Length of the test recording.")
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
def doctor(mic: str | None, loopback: str | None, model: str | None, seconds: float, as_json: bool) -> None:
    """Check devices, levels (a short test recording), model and disk before a call.

    Exits non-zero when something would stop a recording.

    \b
    Example:
        recap doctor
        recap doctor --mic 3 --loopback auto --seconds 5
    """
    from .doctor import run_checks

    marks = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}

    def show(check) -> None:
        if not as_json:
            click.echo(f"{marks[check.status]}  {check.name}: {check.detail}")

    checks = run_checks(mic=mic, loopback=loopback, model=model, seconds=seconds, on_check=show)
    if as_json:
        _print_json({"checks": [c.to_dict() for c in checks]})
    failed = [c for c in checks if c.status == "fail"]
    if failed:
        raise RecapError(f"{len(failed)} check(s) failed: {', '.join(c.name for c in failed)}")


# record -----------------------------------------------------------------------


@cli.command()
@click.option("--client", help="Client's name (used in the recap and, slugified, in the session id).")
@click.option("--coach", help="Your name as it should appear in the recap.")
@click.option("--mic", help="Your microphone: device index, name, or PulseAudio source; 'none' for no mic track. Default: the default input.")
@click.option("--loopback", help="The call's audio (the client's side): a monitor/loopback device, or 'auto' for the monitor of the default output.")
@click.option("--duration", type=click.FloatRange(min=0.5), help="Stop after this many seconds.")
@click.option("--silence-warning", type=click.FloatRange(min=1), default=30, show_default=True, metavar="SECONDS",
              help="Warn when a track has been silent this long.")
def record(client: str | None, coach: str | None, mic: str | None, loopback: str | None, duration: float | None,
           silence_warning: float) -> None:
    """Record a call into a new session until Ctrl-C (or --duration).

    Audio is written to disk continuously; Ctrl-C is a normal stop. Pause and
    resume with the p key, or with SIGUSR1 / SIGUSR2 (`kill -USR1 <pid>`); the
    transcript's times stay true to the call. With
    --loopback the coach's microphone and the call's audio are two tracks, so
    the transcript knows who spoke; with --mic alone it is one track.

    \b
    Example:
        recap record --client "Sarah"
        recap record --client "Sarah" --mic 3 --loopback auto
        recap record --mic coach.monitor --duration 60
    """
    from .recording import record_session

    store = _store()
    session = record_session(
        store, client=client, coach=coach, mic=mic, loopback=loopback, duration=duration,
        silence_warning=silence_warning,
        echo=lambda line: click.echo(line, err=True),
    )
    audio = ", ".join(t.file for t in session.tracks)
    from .sessions import session_dir

    click.echo(f"Recorded {session.id} ({_clock(session.duration or 0)}): {session_dir(session.id)} [{audio}]")
    click.echo(f"Next: recap summarize {session.id}")


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h:d}:{m:02d}:{s:02d}" if h else f"{m:d}:{s:02d}"


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the repaired sessions as JSON.")
def recover(as_json: bool) -> None:
    """Repair recordings interrupted by a crash, kill or power loss.

    Every recap command does this first; run it on its own to see what it does.
    Interrupted sessions keep all the audio that reached the disk and are
    marked "interrupted".

    \b
    Example:
        recap recover
    """
    from .recovery import recover_interrupted

    repaired = recover_interrupted(_store())
    if as_json:
        _print_json({"sessions": [s.to_dict() for s in repaired]})
        return
    if not repaired:
        click.echo("Nothing to recover.")
    for session in repaired:
        click.echo(f"Recovered {session.id}: {_clock(session.duration or 0)} of audio, marked interrupted.")


# summarize / demo ---------------------------------------------------------------


def _print_recap(session, transcript, items, as_json: bool) -> None:
    from .share import render_terminal

    if as_json:
        _print_json({"session": session.to_dict(), "items": [i.to_dict() for i in items]})
    else:
        click.echo(render_terminal(session, items, transcript))


@cli.command()
@click.argument("session", required=False)
@click.option("--model", help="Whisper model name or folder (default: tiny.en, bundled).")
@click.option("--language", help="Spoken language code, e.g. en (default: detect).")
@click.option("--vocab", help='Names and words likely in the call, comma-separated ("Siobhan, Acme"); remembered for the client.')
@click.option("--json", "as_json", is_flag=True, help="Print the items as JSON.")
def summarize(session: str | None, model: str | None, language: str | None, vocab: str | None, as_json: bool) -> None:
    """Transcribe a session, pull out its items, store them and print the recap.

    SESSION is a session id or a unique prefix of one; default: the latest.

    \b
    Example:
        recap summarize
        recap summarize 2026-11-22-1405-sarah --model base
        recap summarize --vocab "Siobhan, Toastmasters"
    """
    from .sessions import parse_vocab
    from .summarize import summarize as run_summarize

    store = _store()
    found = store.find_session(session)
    working_on(f"session {found.id}")
    update, close = _progress_bar("Transcribing")
    try:
        transcript, items = run_summarize(store, found, model=model, language=language, vocab=parse_vocab(vocab),
                                          progress=update)
    finally:
        close()
    _print_recap(found, transcript, items, as_json)


@cli.command()
@click.option("--model", help="Whisper model name or folder (default: tiny.en, bundled).")
@click.option("--json", "as_json", is_flag=True, help="Print the items as JSON.")
def demo(model: str | None, as_json: bool) -> None:
    """Summarize the bundled demo call (a short coaching exchange) and print its recap.

    The demo becomes a session like any other, so `recap show` and
    `recap share` work on it afterwards.

    \b
    Example:
        recap demo
        recap share -o demo-recap.md
    """
    from .importing import import_demo

    store = _store()
    update, close = _progress_bar("Transcribing")
    try:
        session, transcript, items = import_demo(store, model=model, progress=update)
    finally:
        close()
    _print_recap(session, transcript, items, as_json)


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--client", help="Client's name for these sessions.")
@click.option("--coach", help="Your name; for a transcript, the speaker who is the coach.")
@click.option("--date", "session_date", metavar="YYYY-MM-DD", help="Session date (default: the file's date).")
@click.option("--split-channels", is_flag=True, help="A stereo recording: left channel = coach, right = client.")
@click.option("--model", help="Whisper model name or folder (default: tiny.en, bundled).")
@click.option("--language", help="Spoken language code, e.g. en (default: detect).")
@click.option("--vocab", help='Names and words likely in the call, comma-separated ("Siobhan, Acme"); remembered for the client.')
@click.option("--json", "as_json", is_flag=True, help="Print the sessions and items as JSON.")
def import_(files: tuple[Path, ...], client: str | None, coach: str | None, session_date: str | None,
            split_channels: bool, model: str | None, language: str | None, vocab: str | None, as_json: bool) -> None:
    """Turn existing recordings or transcripts into sessions, and summarize them.

    Each FILE becomes one session: audio (wav, flac, mp3, m4a, ogg, webm; any
    rate, mono or stereo) or a transcript (WebVTT from Zoom/Teams/Meet, SRT,
    plain "Name: text" lines). A file that cannot be used leaves no session.

    \b
    Example:
        recap import zoom-call.m4a --client "Sarah" --date 2026-11-20
        recap import call.vtt --coach "Dana" --client "Sarah"
        recap import stereo-call.wav --split-channels
    """
    from .importing import import_file
    from .sessions import parse_vocab
    from .share import render_terminal

    store = _store()
    when = datetime.combine(_parse_date(session_date), datetime.min.time().replace(hour=12)) if session_date else None
    results = []
    for path in files:
        working_on(path)
        update, close = _progress_bar(f"Transcribing {path.name}")
        try:
            session, transcript, items = import_file(
                store, path, client=client, coach=coach, when=when, split_channels=split_channels, model=model,
                language=language, vocab=parse_vocab(vocab), progress=update,
            )
        finally:
            close()
        results.append({"session": session.to_dict(), "items": [i.to_dict() for i in items]})
        if not as_json:
            click.echo(render_terminal(session, items, transcript))
            click.echo(f"Imported {path} as {session.id}\n")
    if as_json:
        _print_json({"sessions": results})


# transcribe / extract: files in, no store ---------------------------------------


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--model", help="Whisper model name or folder (default: tiny.en, bundled).")
@click.option("--language", help="Spoken language code, e.g. en (default: detect).")
@click.option(
    "--format", "fmt", type=click.Choice(["txt", "vtt", "srt", "json"]), default="txt", show_default=True,
    help="Output format.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout.")
@click.option("--vocab", help='Names and words likely in the call, comma-separated ("Siobhan, Acme").')
def transcribe(file: Path, model: str | None, language: str | None, fmt: str, output: Path | None,
               vocab: str | None) -> None:
    """Transcribe any audio file (wav, flac, mp3, m4a, ogg...) to text.

    Nothing is stored: the transcript goes to stdout (or -o FILE).

    \b
    Example:
        recap transcribe call.m4a
        recap transcribe call.wav --format vtt -o call.vtt
    """
    from .sessions import parse_vocab
    from .transcribe import TrackInput, transcribe_tracks
    from .transcripts import write_transcript

    working_on(file)
    update, close = _progress_bar("Transcribing")
    try:
        transcript = transcribe_tracks(
            [TrackInput(file)], model, language=language, vocab=parse_vocab(vocab), progress=update
        )
    finally:
        close()
    text = write_transcript(transcript, fmt)
    _write_or_echo(text, output)


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


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--coach", help="Which speaker is the coach, by name or first name (default: from labels such as "
                             "'Coach', or the speaker who asks the questions).")
@click.option("--client", help="The client's name for the recap (default: the other speaker's name).")
@click.option("--date", "session_date", metavar="YYYY-MM-DD", help="Session date for due dates (default: today).")
@click.option("--json", "as_json", is_flag=True, help='Print {"items": [...]} as JSON.')
def extract(file: Path, coach: str | None, client: str | None, session_date: str | None, as_json: bool) -> None:
    """Pull commitments, next steps, insights and goals out of a transcript.

    FILE is WebVTT (Zoom, Teams, Meet), SRT, or plain "Name: text" lines.

    \b
    Example:
        recap extract zoom-call.vtt --coach "Dana" --date 2026-11-22
        recap extract call.srt --json
    """
    from .extract import extract as run_extract
    from .transcripts import read_transcript

    when = _parse_date(session_date)
    working_on(file)
    transcript = read_transcript(file, coach=coach)
    items = run_extract(transcript, when)
    if as_json:
        _print_json({"items": [i.to_dict() for i in items]})
        return
    from .domain import Session
    from .share import render_terminal

    from .speakers import named

    pseudo = Session(
        id=file.stem, created=datetime.combine(when, datetime.min.time()),
        coach=named(transcript.segments, "coach") or coach,
        client=client or named(transcript.segments, "client"), status="summarized",
    )
    click.echo(render_terminal(pseudo, items, transcript))


# sessions / show / share --------------------------------------------------------


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def sessions(as_json: bool) -> None:
    """List recorded and imported sessions, newest last.

    \b
    Example:
        recap sessions
        recap sessions --json
    """
    store = _store()
    found = store.sessions()
    if as_json:
        _print_json({"sessions": [s.to_dict() for s in found]})
        return
    if not found:
        click.echo("No sessions yet. Start one with: recap record --client NAME")
        return
    for s in found:
        length = _clock(s.duration) if s.duration else "-"
        click.echo(f"{s.id:<32} {s.client or '-':<16} {length:>8}  {s.status}")


def _summarized(index, ref: str | None):
    """The session ``ref`` names, its items and transcript; an error unless it is summarized."""
    found = index.find_session(ref)
    working_on(f"session {found.id}")
    if found.status != "summarized":
        raise RecapError(f"{found.id} is not summarized yet ({found.status}) — run: recap summarize {found.id}")
    transcript = index.get_transcript(found.id)
    if transcript is None:
        raise RecapError(f"{found.id} has lost its transcript file — run: recap summarize {found.id}")
    return found, index.items(found.id), transcript


@cli.command()
@click.argument("session", required=False)
@click.option("--transcript", "with_transcript", is_flag=True, help="Also print the transcript.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (session, items, transcript).")
def show(session: str | None, with_transcript: bool, as_json: bool) -> None:
    """Show a summarized session's recap (default: the latest session).

    \b
    Example:
        recap show
        recap show 2026-11-22-1405-sarah --transcript
    """
    from .share import render_terminal
    from .transcripts import write_transcript

    with _store().read() as index:
        found, items, transcript = _summarized(index, session)
    if as_json:
        _print_json({"session": found.to_dict(), "items": [i.to_dict() for i in items],
                     "transcript": transcript.to_dict()})
        return
    click.echo(render_terminal(found, items, transcript))
    if with_transcript:
        click.echo("")
        click.echo(write_transcript(transcript, "txt"))


@cli.command()
@click.argument("session", required=False)
@click.option("--format", "fmt", type=click.Choice(["md"]), default="md", show_default=True, help="Recap format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (default: stdout).")
def share(session: str | None, fmt: str, output: Path | None) -> None:
    """Write the clean recap to send to the client (Markdown).

    \b
    Example:
        recap share -o recap.md
        recap share 2026-11-22-1405-sarah --format md
    """
    from .share import RENDERERS

    with _store().read() as index:
        found, items, transcript = _summarized(index, session)
    _write_or_echo(RENDERERS[fmt]().render(found, items, transcript), output)


@cli.command()
@click.argument("words", nargs=-1)
@click.option("--client", help="Only this client's sessions.")
@click.option("--kind", type=click.Choice(["transcript", "commitment", "next_step", "insight", "goal"]),
              help="Only transcripts, or only items of this kind.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many hits.")
@click.option("--rebuild", is_flag=True, help="Rebuild the search index from the sessions first.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
def search(words: tuple[str, ...], client: str | None, kind: str | None, limit: int, rebuild: bool,
           as_json: bool) -> None:
    """Search the transcripts and items of every session, best matches first.

    Each hit shows the session, the client, the time in the call and the
    words around the match, [marked].

    \b
    Example:
        recap search pricing
        recap search raise my rates --client Priya --kind commitment
        recap search --rebuild
    """
    from . import search as index_search

    text = " ".join(words)
    store = _store()
    if rebuild:
        count = index_search.rebuild(store)
        if not text:
            click.echo(f"Rebuilt the search index from {count} session(s).", err=True)
            return
    if not text:
        raise UsageProblem("give the words to search for, e.g. recap search pricing")
    hits = index_search.search(store, text, client=client, kind=kind, limit=limit)
    if as_json:
        _print_json({"hits": [h.to_dict() for h in hits]})
        return
    if not hits:
        click.echo(f"Nothing found for {text!r}.")
        return
    for h in hits:
        what = "said" if h.kind == "transcript" else h.kind.replace("_", " ")
        who = f"{h.speaker}: " if h.speaker and h.kind == "transcript" else ""
        ref = f" ({h.item_id})" if h.item_id else ""
        click.echo(f"{h.session}  {h.client or '-'}  [{_clock(h.start)}] {what}{ref}")
        click.echo(f"    {who}{h.snippet}")


def main() -> None:  # pragma: no cover - console entry
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()

"""Sessions: summarize, the demo, imports, listing, showing, sharing and searching them."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..clock import format_moment
from ..errors import RecapError, UsageProblem
from . import (
    RegistryChoice,
    _check_output,
    _expire_old_audio,
    _parse_date,
    _print_json,
    _progress_bar,
    _store,
    _write_or_echo,
    cli,
    model_option,
    working_on,
)

# summarize / demo ---------------------------------------------------------------


def _earlier(store, session):
    """The client's earlier actions this session picks up, with what it proposes for them."""
    from ..continuity import earlier_items

    with store.read() as index:
        return earlier_items(index, session)


def _earlier_json(pairs) -> list[dict]:
    return [{"session": s.id, "date": s.date.isoformat(), **i.to_dict()} for s, i in pairs]


def _print_recap(store, session, transcript, items, as_json: bool) -> None:
    from ..share import render_terminal

    earlier = _earlier(store, session)
    if as_json:
        _print_json(
            {
                "session": session.to_dict(),
                "items": [i.to_dict() for i in items],
                "since_last_time": _earlier_json(earlier),
            }
        )
    else:
        click.echo(render_terminal(session, items, transcript, earlier))


@cli.command()
@click.argument("session", required=False)
@model_option()
@click.option("--language", help="Spoken language code, e.g. en (default: detect).")
@click.option(
    "--vocab", help='Names and words likely in the call, comma-separated ("Siobhan, Acme"); remembered for the client.'
)
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
    from ..sessions import parse_vocab
    from ..summarize import summarize as run_summarize

    store = _store()
    found = store.find_session(session)
    working_on(f"session {found.id}")
    update, close = _progress_bar("Transcribing")
    try:
        transcript, items = run_summarize(
            store, found, model=model, language=language, vocab=parse_vocab(vocab), progress=update
        )
    finally:
        close()
    from ..store import coach_touched

    kept = sum(coach_touched(i) for i in items)
    if kept:
        click.echo(f"Kept {kept} item(s) as you reviewed, edited or closed them.", err=True)
    _print_recap(store, found, transcript, items, as_json)
    _expire_old_audio(store)


@cli.command()
@model_option()
@click.option("--clean", is_flag=True, help="Remove the demo session instead.")
@click.option("--json", "as_json", is_flag=True, help="Print the items as JSON.")
def demo(model: str | None, clean: bool, as_json: bool) -> None:
    """Summarize the bundled demo call (a short coaching exchange) and print its recap.

    The demo becomes a session of client "Demo", apart from your real
    clients, so `recap show` and `recap share` work on it afterwards. Running
    it again replaces it; --clean removes it.

    \b
    Example:
        recap demo
        recap share -o demo-recap.md
        recap demo --clean
    """
    from ..importing import import_demo

    store = _store()
    if clean:
        from ..sessions import delete_session

        gone = [s for s in store.sessions() if s.source == "demo"]
        for s in gone:
            delete_session(store, s)
        click.echo(
            f"Removed the demo session {gone[0].id}."
            if len(gone) == 1
            else f"Removed {len(gone)} demo sessions."
            if gone
            else "There is no demo session."
        )
        return
    update, close = _progress_bar("Transcribing")
    try:
        session, transcript, items = import_demo(store, model=model, progress=update)
    finally:
        close()
    _print_recap(store, session, transcript, items, as_json)


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--client", help="Client's name for these sessions.")
@click.option("--coach", help="Your name; for a transcript, the speaker who is the coach.")
@click.option("--date", "session_date", metavar="YYYY-MM-DD", help="Session date (default: the file's date).")
@click.option("--split-channels", is_flag=True, help="A stereo recording: left channel = coach, right = client.")
@model_option()
@click.option("--language", help="Spoken language code, e.g. en (default: detect).")
@click.option(
    "--vocab", help='Names and words likely in the call, comma-separated ("Siobhan, Acme"); remembered for the client.'
)
@click.option("--again", is_flag=True, help="Import a file even if its content was imported before.")
@click.option("--json", "as_json", is_flag=True, help="Print the sessions and items as JSON.")
def import_(
    files: tuple[Path, ...],
    client: str | None,
    coach: str | None,
    session_date: str | None,
    split_channels: bool,
    model: str | None,
    language: str | None,
    vocab: str | None,
    again: bool,
    as_json: bool,
) -> None:
    """Turn existing recordings or transcripts into sessions, and summarize them.

    Each FILE becomes one session: audio (wav, flac, mp3, m4a, ogg, webm; any
    rate, mono or stereo) or a transcript (WebVTT from Zoom/Teams/Meet, SRT,
    an Otter, Rev or Meet text export, plain "Name: text" lines). A file that
    cannot be used leaves no session; a file imported before (same content) is
    skipped and named.

    \b
    Example:
        recap import zoom-call.m4a --client "Sarah" --date 2026-11-20
        recap import call.vtt --coach "Dana" --client "Sarah"
        recap import stereo-call.wav --split-channels
    """
    from ..errors import DuplicateImport
    from ..importing import import_file
    from ..sessions import parse_vocab
    from ..share import render_terminal

    store = _store()
    when = datetime.combine(_parse_date(session_date), datetime.min.time().replace(hour=12)) if session_date else None
    results, skipped = [], []
    for path in files:
        working_on(path)
        update, close = _progress_bar(f"Transcribing {path.name}")
        try:
            session, transcript, items = import_file(
                store,
                path,
                client=client,
                coach=coach,
                when=when,
                split_channels=split_channels,
                model=model,
                language=language,
                vocab=parse_vocab(vocab),
                progress=update,
                again=again,
            )
        except DuplicateImport as exc:
            click.echo(f"Skipped: {exc}", err=True)
            skipped.append({"file": str(path), "session": exc.session_id})
            continue
        finally:
            close()
        earlier = _earlier(store, session)
        results.append(
            {
                "session": session.to_dict(),
                "items": [i.to_dict() for i in items],
                "since_last_time": _earlier_json(earlier),
            }
        )
        if not as_json:
            click.echo(render_terminal(session, items, transcript, earlier))
            click.echo(f"Imported {path} as {session.id}\n")
    if as_json:
        _print_json({"sessions": results, "skipped": skipped})
    _expire_old_audio(store)


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
    from ..domain import ACTIONS

    with _store().read() as index:
        found = index.sessions()
        if as_json:
            _print_json({"sessions": [s.to_dict() for s in found]})
            return
        items: dict[str, int] = {}
        open_actions: dict[str, int] = {}
        for doc in index.item_docs():  # one pass, however many sessions
            status = doc.get("status", "open")
            if status == "dropped":
                continue
            items[doc["session"]] = items.get(doc["session"], 0) + 1
            if status == "open" and doc["kind"] in ACTIONS:
                open_actions[doc["session"]] = open_actions.get(doc["session"], 0) + 1
    if not found:
        click.echo("No sessions yet. Start one with: recap record --client NAME")
        return
    width = max(32, *(len(s.id) for s in found))
    lines = [f"{'SESSION':<{width}} {'CLIENT':<16} {'LENGTH':>8} {'ITEMS':>5} {'OPEN':>4}  STATUS"]
    for s in found:
        length = format_moment(s.duration) if s.duration else "-"
        counts = f"{items.get(s.id, 0):>5} {open_actions.get(s.id, 0):>4}"
        lines.append(f"{s.id:<{width}} {s.client or '-':<16} {length:>8} {counts}  {s.status}")
    click.echo("\n".join(lines))


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
    from ..continuity import earlier_items
    from ..share import render_terminal
    from ..transcripts import write_transcript

    with _store().read() as index:
        found, items, transcript = _summarized(index, session)
        earlier = earlier_items(index, found)
    if as_json:
        _print_json(
            {
                "session": found.to_dict(),
                "items": [i.to_dict() for i in items],
                "since_last_time": _earlier_json(earlier),
                "transcript": transcript.to_dict(),
            }
        )
        return
    click.echo(render_terminal(found, items, transcript, earlier))
    if with_transcript:
        click.echo("")
        click.echo(write_transcript(transcript, "txt", marks=found.bookmarks))


@cli.command()
@click.argument("session", required=False)
@click.option(
    "--format",
    "fmt",
    type=RegistryChoice("recap.share.formats:FORMATS"),
    help="md (default), html, eml (an email draft), ics (calendar), txt (SMS), pdf; "
    "from -o's extension when not given.",
)
@click.option(
    "--for",
    "audience",
    type=RegistryChoice("recap.domain:ROLES"),
    default="client",
    show_default=True,
    help="client: the message to send. coach: everything, with ids, times and possible items (md, txt).",
)
@click.option("--note", help='Your own opening line ("Great work today!").')
@click.option("--with-times", is_flag=True, help="Show the moment in the call each item came from.")
@click.option("--with-transcript", is_flag=True, help="Add the whole transcript at the end.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (default: stdout)."
)
@click.option("--force", is_flag=True, help="Replace the -o file if it exists.")
def share(
    session: str | None,
    fmt: str | None,
    audience: str,
    note: str | None,
    with_times: bool,
    with_transcript: bool,
    output: Path | None,
    force: bool,
) -> None:
    """Write the recap to send to the client: a message from you, in the format you send.

    The client's recap greets them, lists their action steps with dates and the
    number to play for, what you will do, their insight in their own words,
    goals, what happened since last time and the next session, and signs off
    with your name (recap config set coach). It leaves out possible items, times
    and notes on the recording. Items you have not reviewed yet are named on
    stderr: look at them first with `recap review`.

    \b
    Example:
        recap share -o recap.html
        recap share --format eml -o recap.eml --note "Great work today!"
        recap share 2026-11-22-1405-sarah --format txt
        recap share --for coach
    """
    from ..continuity import client_history, earlier_items
    from ..share.formats import EXTENSIONS, render_letter
    from ..share.letter import charts_for

    if fmt is None:
        by_extension = {ext: name for name, ext in EXTENSIONS.items()} | {
            ".markdown": "md",
            ".htm": "html",
            ".text": "txt",
            ".ical": "ics",
        }
        fmt = by_extension.get(output.suffix.lower(), "md") if output is not None else "md"
    if output is not None:
        _check_output(output, force)
    if audience == "coach" and fmt not in ("md", "txt"):
        raise UsageProblem("the coach's view is Markdown or text: --for coach --format md|txt")
    if fmt in ("pdf",) and output is None and sys.stdout.isatty():
        raise UsageProblem("a PDF is not for the terminal: give -o FILE.pdf")
    with _store().read() as index:
        found, items, transcript = _summarized(index, session)
        earlier = earlier_items(index, found)
        settings = index.settings()
        record = index.client_record(found.client) if found.client else None
        charts = []
        if found.client and audience == "client" and fmt in ("html", "pdf", "eml"):
            charts = charts_for(client_history(index, found.client, found.date), found)
    unreviewed = [i for i in items if not i.reviewed and i.status != "dropped"]
    pending = [i for _, i in earlier if i.proposed and i.proposed.get("session") == found.id and i.status == "open"]
    if unreviewed or pending:
        what = [f"{len(unreviewed)} item(s) not reviewed"] if unreviewed else []
        what += [f"{len(pending)} proposed status change(s) not confirmed"] if pending else []
        click.echo(
            f"Note: {' and '.join(what)} in {found.id} — check them first with: recap review {found.id}", err=True
        )
    if audience == "coach":
        from ..share.common import build_recap
        from ..share.markdown import render_markdown, render_terminal

        text = (
            render_markdown(build_recap(found, items, transcript, audience="coach", earlier=earlier))
            if fmt == "md"
            else render_terminal(found, items, transcript, earlier)
        )
        _write_or_echo(text, output, force)
        return
    letter, style = _client_letter(
        found, items, transcript, earlier, settings, record, charts, note, with_times, with_transcript
    )
    result = render_letter(fmt, letter, style)
    if fmt == "eml" and not style.coach_email:
        click.echo("Note: no From address yet — recap config set email you@example.com", err=True)
    _write_or_echo(result, output, force)


def _client_letter(
    found, items, transcript, earlier, settings, record, charts, note=None, with_times=False, with_transcript=False
):
    """The client's recap as a letter, and the coach's style for it (``recap share``)."""
    from ..share.formats import Style
    from ..share.letter import build_letter

    style = Style(
        accent=settings.get("accent") or Style.accent,
        logo=Path(settings["logo"]) if settings.get("logo") else None,
        templates=Path(settings["templates"]) if settings.get("templates") else None,
        coach_email=settings.get("email"),
        client_email=(record or {}).get("email"),
    )
    letter = build_letter(
        found,
        items,
        transcript,
        earlier,
        note=note,
        with_times=with_times,
        with_transcript=with_transcript,
        charts=charts,
        coach=settings.get("coach"),
    )
    return letter, style


def write_shares(store, session_id: str, formats: list[str]) -> list[Path]:
    """The client's recap in each of ``formats``, written into the session's folder
    (``recap.html``...): what `recap record` leaves when the coach has set share-formats.

    Returns:
        The files written. A format that cannot be made (a calendar with nothing dated)
        is said on stderr and skipped.
    """
    from ..atomic import write_atomic
    from ..continuity import client_history, earlier_items
    from ..sessions import session_dir
    from ..share.formats import EXTENSIONS, render_letter
    from ..share.letter import charts_for

    with store.read() as index:
        found, items, transcript = _summarized(index, session_id)
        earlier = earlier_items(index, found)
        settings = index.settings()
        record = index.client_record(found.client) if found.client else None
        charted = found.client and any(f in ("html", "pdf", "eml") for f in formats)
        charts = charts_for(client_history(index, found.client, found.date), found) if charted else []
    letter, style = _client_letter(found, items, transcript, earlier, settings, record, charts)
    written = []
    for fmt in formats:
        try:
            result = render_letter(fmt, letter, style)
        except RecapError as exc:
            click.echo(f"Note: no {fmt} recap: {exc}", err=True)
            continue
        path = session_dir(found.id) / f"recap{EXTENSIONS[fmt]}"
        try:  # whole or not at all, and private (0600) like everything in the home
            write_atomic(path, result if isinstance(result, bytes) else result.encode("utf-8"))
        except OSError as exc:
            raise RecapError(f"cannot write {path}: {exc.strerror or exc}") from None
        written.append(path)
    return written


@cli.command()
@click.argument("session")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def delete(session: str, yes: bool) -> None:
    """Delete a session and everything made from it (audio, transcript, items, search rows).

    \b
    Example:
        recap delete 2026-11-22-1405-sarah
        recap delete 2026-11-22-1405-sarah --yes
    """
    from ..sessions import delete_session

    store = _store()
    with store.read() as index:
        found = index.find_session(session)
        count = len(index.items(found.id))
    working_on(f"session {found.id}")
    if not yes:
        if not sys.stdin.isatty():
            raise UsageProblem(f"deleting {found.id} needs a confirmation: run it in a terminal, or add --yes")
        what = f"{found.id} ({found.client or 'no client'}, {count} item(s), its audio and transcript)"
        if not click.confirm(f"Delete {what}? This cannot be undone", default=False):
            click.echo("Nothing deleted.")
            return
    delete_session(store, found)
    click.echo(f"Deleted {found.id}.")


@cli.group()
def session() -> None:
    """Fix one session's details afterwards (client, date, coach).

    \b
    Example:
        recap session set 2026-11-22-1405 --client "Sarah Okafor"
    """


@session.command("set")
@click.argument("ref", metavar="SESSION")
@click.option("--client", help="The client's name.")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day the call took place.")
@click.option("--coach", help="The coach's name.")
def session_set(ref: str, client: str | None, day: str | None, coach: str | None) -> None:
    """Set a session's client, date or coach; its id stays the same.

    \b
    Example:
        recap session set 2026-11-22-1405 --client "Sarah Okafor"
        recap session set latest --date 2026-11-20 --coach "Dana Whitfield"
    """
    from ..sessions import set_details

    if client is None and day is None and coach is None:
        raise UsageProblem("nothing to change: give --client, --date or --coach")
    for name, value in (("--client", client), ("--coach", coach)):
        if value is not None and not value.strip():
            raise click.BadParameter("is empty", param_hint=name)
    store = _store()
    found = store.find_session(ref)
    working_on(f"session {found.id}")
    updated = set_details(store, found, client=client, day=_parse_date(day) if day else None, coach=coach)
    click.echo(
        f"{updated.id}: client {updated.client or '-'}, date {updated.date.isoformat()}, coach {updated.coach or '-'}"
    )


@cli.command()
@click.argument("words", nargs=-1)
@click.option("--client", help="Only this client's sessions.")
@click.option(
    "--kind",
    type=RegistryChoice("recap.domain:KINDS", extra=("transcript",)),
    help="Only transcripts, or only items of this kind.",
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many hits.")
@click.option("--rebuild", is_flag=True, help="Rebuild the search index from the sessions first.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
def search(
    words: tuple[str, ...], client: str | None, kind: str | None, limit: int, rebuild: bool, as_json: bool
) -> None:
    """Search the transcripts and items of every session, best matches first.

    Each hit shows the session, the client, the time in the call and the
    words around the match, [marked].

    \b
    Example:
        recap search pricing
        recap search raise my rates --client Priya --kind commitment
        recap search --rebuild
    """
    from .. import search as index_search

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
        click.echo(f"{h.session}  {h.client or '-'}  [{format_moment(h.start)}] {what}{ref}")
        click.echo(f"    {who}{h.snippet}")

"""Settings and clients: recap config, clients, client, rename-client, merge-clients, forget."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..errors import RecapError, UsageProblem
from . import _print_json, _store, cli
from .practice import _today, item_line

# --- configuration ------------------------------------------------------------------

SETTINGS = {
    "coach": "Your name as it appears in recaps, and the default for --coach.",
    "email": "Your email address: the From of a recap's email draft (share --format eml).",
    "accent": "The colour of a shared recap's headings: #2f6f73, #363 or a name like teal.",
    "logo": "An image (PNG, JPEG, SVG...) shown at the top of HTML and PDF recaps, embedded in the file.",
    "keep-audio-days": "Delete a summarized session's audio after this many days (its transcript and items stay).",
    "share-formats": "The client's recaps `recap record` writes into the session's folder when a call ends: "
    "formats from md, html, eml, ics, txt, pdf, comma-separated (html,eml).",
    "templates": "A folder of your own recap templates (recap.html.j2, recap.md.j2, recap.txt.j2; per client in "
    "a sub-folder named after the client).",
}


def _setting_value(key: str, value: str) -> str:
    """A setting as stored: checked, paths made absolute."""
    value = " ".join(value.split()) if key in ("coach", "email", "accent") else value.strip()
    if key == "keep-audio-days":
        if not value.isdigit() or int(value) < 1:
            raise UsageProblem(f"keep-audio-days is a number of days (1 or more), not {value!r}")
        return str(int(value))
    if key == "share-formats":
        from ..share.formats import FORMATS

        wanted = [f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()]
        unknown = [f for f in wanted if f not in FORMATS]
        if not wanted or unknown:
            raise UsageProblem(
                f"share-formats is a list of formats from {', '.join(FORMATS)} (like html,eml), not {value!r}"
            )
        return ",".join(dict.fromkeys(wanted))
    if key == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise UsageProblem(f"{value!r} is not an email address")
    if key == "accent":
        from ..share.formats import Style

        Style(accent=value).check()
    if key in ("logo", "templates"):
        from ..share.formats import Style

        path = Path(value).expanduser().resolve()
        (Style(logo=path) if key == "logo" else Style(templates=path)).check()
        value = str(path)
    return value


@cli.group()
def config() -> None:
    """Settings kept in the data home (your name as the coach, ...).

    \b
    Example:
        recap config set coach "Dana Whitfield"
        recap config set accent "#2f6f73"
        recap config set logo ~/Pictures/logo.png
        recap config get coach
        recap config list
    """


@config.command("set")
@click.argument("key", type=click.Choice(sorted(SETTINGS)))
@click.argument("value")
def config_set(key: str, value: str) -> None:
    """Set KEY to VALUE.

    \b
    Example:
        recap config set coach "Dana Whitfield"
    """
    if not value.strip():
        raise UsageProblem(f"{key} cannot be empty; to remove it: recap config unset {key}")
    value = _setting_value(key, value)
    with _store().write() as index:
        index.set_setting(key, value)
    click.echo(f"{key} = {value}")


@config.command("unset")
@click.argument("key", type=click.Choice(sorted(SETTINGS)))
def config_unset(key: str) -> None:
    """Remove a setting.

    \b
    Example:
        recap config unset coach
    """
    with _store().write() as index:
        index.set_setting(key, None)


@config.command("get")
@click.argument("key", type=click.Choice(sorted(SETTINGS)))
def config_get(key: str) -> None:
    """Print a setting (nothing when unset).

    \b
    Example:
        recap config get coach
    """
    with _store().read() as index:
        value = index.setting(key)
    if value is not None:
        click.echo(value)


@config.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def config_list(as_json: bool) -> None:
    """Every setting and its value.

    \b
    Example:
        recap config list
    """
    with _store().read() as index:
        values = index.settings()
    if as_json:
        _print_json({"settings": values})
        return
    for key, help_text in SETTINGS.items():
        click.echo(f"{key:<10} {values.get(key, '-'):<24} {help_text}")


# --- clients ----------------------------------------------------------------------------


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def clients(as_json: bool) -> None:
    """Every client: sessions, the last one, open and overdue actions.

    \b
    Example:
        recap clients
    """
    from ..continuity import clients_overview

    with _store().read() as index:
        found = clients_overview(index, _today())
    if as_json:
        _print_json({"clients": [c.to_dict() for c in found]})
        return
    if not found:
        click.echo("No clients yet: give a session one with --client, or: recap session set SESSION --client NAME")
        return
    click.echo(f"{'client':<24} {'sessions':>8}  {'last':<10}  {'open':>4}  {'overdue':>7}")
    for c in found:
        click.echo(
            f"{c.name:<24} {c.sessions:>8}  {c.last.isoformat() if c.last else '-':<10}  {c.open:>4}  {c.overdue:>7}"
        )


@cli.command()
@click.argument("name")
@click.option("--email", help="Keep the client's email address (the To of a recap's email draft).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def client(name: str, email: str | None, as_json: bool) -> None:
    """One client's history: sessions, goals over time, actions by status, numbers tracked.

    \b
    Example:
        recap client Sarah
        recap client Sarah --email sarah@example.com
    """
    from ..clock import format_day
    from ..continuity import client_history

    if email is not None:
        email = _setting_value("email", email)
        with _store().write() as index:
            history = client_history(index, name, _today())  # the client must exist
            record = index.client_record(history.name) or {"name": history.name}
            index.save_client({**record, "email": email})
        click.echo(f"{history.name}: email = {email}", err=True)
    with _store().read() as index:
        history = client_history(index, name, _today())
        address = (index.client_record(history.name) or {}).get("email")
    if as_json:
        _print_json({**history.to_dict(), "email": address})
        return
    # One write for the whole history: a client of years has hundreds of lines.
    out = [f"{history.name}: {len(history.sessions)} session(s)" + (f" · {address}" if address else "")]
    for s in history.sessions:
        out.append(
            f"  {s.id:<32} {format_day(s.date, year=True):<16} {s.status:<11} "
            f"{len(history.items.get(s.id, []))} item(s)"
        )
    sections = [
        ("Goals", history.goals()),
        ("Overdue", history.overdue()),
        ("Open", history.actions("open")),
        ("Done", history.actions("done")),
        ("Dropped", history.actions("dropped")),
    ]
    for title, pairs in sections:
        if pairs:
            out.append(f"\n{title}")
            out.extend("  " + item_line(i, s.id) for s, i in pairs)
    if history.measures:
        out.append("\nNumbers tracked")
        for label, values in history.measures.items():
            said = " → ".join(f"{v.measure.quantity:g} ({format_day(s.date)})" for s, v in values if v.measure)
            out.append(f"  {label}: {said}")
    click.echo("\n".join(out))


@cli.command()
@click.option("--client", "name", required=True, help="The client to forget.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def forget(name: str, yes: bool) -> None:
    """Remove a client entirely: sessions, audio, transcripts, items, search entries, remembered
    words, email, and the index copies that still hold them.

    Files you wrote elsewhere with `recap share -o` are yours to delete.

    \b
    Example:
        recap forget --client "Sam Ortiz"
        recap forget --client "Sam Ortiz" --yes
    """
    import sys

    from ..continuity import sessions_of
    from ..sessions import forget_client

    store = _store()
    with store.read() as index:
        count = len(sessions_of(index, name))
    if not yes:
        if not sys.stdin.isatty():
            raise UsageProblem(f"forgetting {name} needs a confirmation: run it in a terminal, or add --yes")
        if not click.confirm(
            f"Remove {name} and all {count} session(s), with their audio and transcripts? This cannot be undone",
            default=False,
        ):
            click.echo("Nothing removed.")
            return
    done = forget_client(store, name)
    click.echo(
        f"Forgot {done.name}: {len(done.sessions)} session(s), {done.items} item(s), their audio, "
        "transcripts and search entries, and the client's remembered words."
    )
    for backup in done.removed_backups:
        click.echo(f"Removed {backup}: an old copy of the whole store that still held them.", err=True)


@cli.command("rename-client")
@click.argument("old")
@click.argument("new")
def rename_client(old: str, new: str) -> None:
    """Rename a client in every session; their history and remembered words stay.

    \b
    Example:
        recap rename-client "sarah" "Sarah Okafor"
    """
    from ..continuity import rename_client as rename

    store = _store()
    with store.write() as index:
        changed = rename(index, old, new)
    _after_client_change(store, changed)
    click.echo(f"Renamed {old} to {new} in {len(changed)} session(s).")


@cli.command("merge-clients")
@click.argument("name")
@click.argument("into")
def merge_clients(name: str, into: str) -> None:
    """Fold client NAME into INTO (one person under two names); all history is kept.

    \b
    Example:
        recap merge-clients "Sam" "Sam Ortiz"
    """
    from ..continuity import display_name, sessions_of
    from ..continuity import rename_client as rename

    store = _store()
    with store.write() as index:
        if not sessions_of(index, into):
            raise RecapError(f"no client '{into}' to merge into")
        target = display_name(sessions_of(index, into)) or into
        changed = rename(index, name, target)
    _after_client_change(store, changed)
    click.echo(f"Merged {name} into {target}: {len(changed)} session(s) moved.")


def _after_client_change(store, sessions) -> None:
    """Manifests and the search index follow the store."""
    from .. import search
    from ..sessions import session_dir, write_manifest

    for s in sessions:
        if session_dir(s.id).is_dir():
            write_manifest(s)
        with store.read() as index:
            search.update_session(store, s, store.get_transcript(s.id), index.items(s.id))

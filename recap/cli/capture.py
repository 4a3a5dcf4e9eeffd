"""Capture: audio devices, the pre-call check, recording, and repairing what a crash left."""

from __future__ import annotations

import shlex

import click

from ..clock import format_moment
from ..errors import RecapError, UsageProblem
from . import (
    _expire_old_audio,
    _print_json,
    _store,
    cli,
    model_option,
)

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
    from ..audio.devices import format_devices, list_devices, suggest_pair

    found = list_devices()
    mic, loop = suggest_pair(found)
    if as_json:
        _print_json(
            {
                "devices": [d.to_dict() for d in found],
                "suggested": {"mic": mic.name if mic else None, "loopback": loop.name if loop else None},
            }
        )
        return
    click.echo(format_devices(found) if found else "No input devices found.")
    if mic or loop:

        def ref(d) -> str:
            return str(d.index) if d.index is not None else d.name

        args = " ".join(f"--{flag} {shlex.quote(ref(d))}" for flag, d in (("mic", mic), ("loopback", loop)) if d)
        click.echo(f"\nSuggested: recap record {args}")
        if loop is None:
            click.echo(
                "No loopback source found: only your side would be recorded (see README: Getting a loopback device)."
            )
        if mic is None:
            click.echo(
                "No microphone found apart from the call's own output: plug one in, or make it the default input "
                "(pavucontrol, Input Devices), then run `recap devices` again."
            )


@cli.command()
@click.option("--mic", help="Microphone to test (default: the one recap would pick).")
@click.option("--loopback", help="Loopback source to test (default: the monitor of the default output).")
@model_option("Whisper model to check (default: tiny.en, bundled).")
@click.option(
    "--duration",
    "seconds",
    type=click.FloatRange(min=0.5, max=30),
    default=3.0,
    show_default=True,
    help="Seconds of test recording (the same --duration as recap record).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
def doctor(mic: str | None, loopback: str | None, model: str | None, seconds: float, as_json: bool) -> None:
    """Check devices, levels (a short test recording), model and disk before a call.

    Exits non-zero when something would stop a recording.

    \b
    Example:
        recap doctor
        recap doctor --mic 3 --loopback auto --duration 5
    """
    from ..doctor import run_checks

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
@click.option(
    "--mic",
    help="Your microphone: device index, name, or PulseAudio source; 'none' for no mic track. Default: the default input.",
)
@click.option(
    "--loopback",
    help="The call's audio (the client's side): a monitor/loopback device, or 'auto' for the monitor of the default output.",
)
@click.option("--duration", type=click.FloatRange(min=0.5), help="Stop after this many seconds.")
@click.option(
    "--silence-warning",
    type=click.FloatRange(min=1),
    default=30,
    show_default=True,
    metavar="SECONDS",
    help="Warn when a track has been silent this long.",
)
@click.option(
    "--consent-note",
    metavar="TEXT",
    help='What the client was told and said about the recording ("Sarah agreed: for her recap").',
)
@click.option(
    "--live/--no-live",
    default=True,
    show_default=True,
    help="Transcribe while recording, so the recap is ready as the call ends (--no-live: record only, "
    "then `recap summarize`).",
)
@click.option("--show-transcript", is_flag=True, help="Print the transcript's lines under the meter as they are heard.")
@model_option()
@click.option("--json", "as_json", is_flag=True, help="At the end, print the session's id, files and items as JSON.")
def record(
    client: str | None,
    coach: str | None,
    mic: str | None,
    loopback: str | None,
    duration: float | None,
    silence_warning: float,
    consent_note: str | None,
    live: bool,
    show_transcript: bool,
    model: str | None,
    as_json: bool,
) -> None:
    """Record a call into a new session until Ctrl-C (or --duration), then print its recap.

    Audio is written to disk continuously; Ctrl-C is a normal stop. The call is
    transcribed while it goes on, at low priority, so the recap is printed
    seconds after the stop (--no-live: record only, then `recap summarize`).
    Pause and resume with the p key, or with SIGUSR1 / SIGUSR2 (`kill -USR1
    <pid>`); the transcript's times stay true to the call. Mark a moment with the
    m key, SIGHUP or `recap mark`. The live line and every notice go to stderr;
    with --json, stdout holds only the session's id, files and items, for
    scripts. With --loopback the coach's microphone and the call's audio are two
    tracks, so the transcript knows who spoke; with --mic alone it is one track.

    \b
    Example:
        recap record --client "Sarah"
        recap record --client "Sarah" --mic 3 --loopback auto
        recap record --mic coach.monitor --duration 60
        recap record --client "Sarah" --consent-note "Sarah agreed: recorded for her recap"
        recap record --client "Sarah" --show-transcript
    """
    from ..recording import record_session
    from .live import presenter

    if show_transcript and not live:
        raise UsageProblem("--show-transcript needs live transcription; leave out --no-live")
    if model:
        from ..models import resolve_model

        resolve_model(model)  # a wrong --model is said now, not after the call
    store = _store(recover=False)  # capture starts first; crash leftovers are swept while it records
    helper = None
    if live:
        from ..live import LiveTranscription

        helper = LiveTranscription(model=model, show_transcript=show_transcript)
    try:
        session = record_session(
            store,
            client=client,
            coach=coach,
            mic=mic,
            loopback=loopback,
            duration=duration,
            silence_warning=silence_warning,
            consent_note=consent_note,
            presenter=presenter(),
            live=helper,
        )
    finally:
        if helper is not None:
            helper.stop()  # the helper reads the rest of the audio and exits, even if this fails
    from ..sessions import session_dir

    folder = session_dir(session.id)
    transcript = items = failed = None
    shared: list = []
    if helper is not None and helper.proc is not None:
        transcript, items, failed = _finish_live(store, session, helper, model)
        formats = ""
        if items is not None:
            with store.read() as index:
                formats = index.settings().get("share-formats") or ""
        if formats:
            from .calls import write_shares

            try:
                shared = write_shares(store, session.id, formats.split(","))
            except RecapError as exc:  # the recap is made; only a file could not be written
                failed = f"{exc} — the recap is made; write it with: recap share {session.id} -o FILE"
    if as_json:
        _print_json(
            {
                "session": session.id,
                "folder": str(folder),
                "duration": session.duration,
                "tracks": [{"role": t.role, "path": str(folder / t.file), "device": t.device} for t in session.tracks],
                "warnings": session.warnings,
                "bookmarks": session.bookmarks,
                "summarized": items is not None,
                **({"items": [i.to_dict() for i in items]} if items is not None else {}),
                "shared": [str(p) for p in shared],
            }
        )
    else:
        audio = ", ".join(t.file for t in session.tracks)
        click.echo(f"Recorded {session.id} ({format_moment(session.duration or 0)}): {folder} [{audio}]")
        if items is None:
            click.echo(f"Next: recap summarize {session.id}")
        else:
            from .calls import _print_recap

            click.echo()
            _print_recap(store, session, transcript, items, False)
            click.echo(f"Transcript: {folder / 'transcript.vtt'}")
            for path in shared:
                click.echo(f"Recap to send: {path}")
    _expire_old_audio(store)
    if failed is not None:
        raise RecapError(failed)


def _finish_live(store, session, helper, model: str | None):
    """After the call: the helper reads the last seconds, then the session is summarized from what
    it heard. Returns (transcript, items, None), or (None, None, why) when that is left to
    `recap summarize`."""
    import time

    from ..summarize import summarize as run_summarize

    stopped = time.monotonic()
    recorded = {t.file: t.duration for t in session.tracks}
    left = helper.left(recorded)
    click.echo(f"Finishing the transcript ({format_moment(left)} of audio to read)…", err=True)
    try:
        helper.wait()
        transcript, items = run_summarize(store, session, model=model)
    except KeyboardInterrupt:
        return None, None, f"stopped before the recap — the recording is safe; run: recap summarize {session.id}"
    except RecapError as exc:
        return None, None, f"{exc} — the recording is safe; run: recap summarize {session.id}"
    click.echo(f"Recap ready {time.monotonic() - stopped:.1f} s after the call ended.", err=True)
    return transcript, items, None


@cli.command()
@click.argument("text", nargs=-1)
def mark(text: tuple[str, ...]) -> None:
    """Mark this moment of the running recording, with a few words if you like.

    The mark lands in the transcript and in your view of the recap, and what was
    said there is never hidden as a possible item. In the recording's own
    terminal, press m instead.

    \b
    Example:
        recap mark
        recap mark "her big realization about Sundays"
    """
    from ..sessions import add_mark, live_recordings

    running = live_recordings()
    if not running:
        raise RecapError("no recording is running — marks are for a call being recorded with `recap record`")
    session_id = running[-1]  # the latest, if several record at once
    add_mark(session_id, " ".join(text) or None)
    click.echo(f"Marked {session_id}" + (f": {' '.join(text)}" if text else "."))


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
    from ..recovery import recover_interrupted

    repaired = recover_interrupted(_store(recover=False))
    if as_json:
        _print_json({"sessions": [s.to_dict() for s in repaired]})
        return
    if not repaired:
        click.echo("Nothing to recover.")
    for session in repaired:
        click.echo(f"Recovered {session.id}: {format_moment(session.duration or 0)} of audio, marked interrupted.")

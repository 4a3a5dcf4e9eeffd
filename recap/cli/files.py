"""Files in, no store: transcribe an audio file, extract items from a transcript."""

from __future__ import annotations

from pathlib import Path

import click

from . import (
    RegistryChoice,
    _check_output,
    _parse_date,
    _print_json,
    _progress_bar,
    _write_or_echo,
    cli,
    model_option,
    working_on,
)

# transcribe / extract: files in, no store ---------------------------------------


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@model_option()
@click.option("--language", help="Spoken language code, e.g. en (default: detect).")
@click.option(
    "--format",
    "fmt",
    type=RegistryChoice("recap.transcripts:FORMATS"),
    default="txt",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout."
)
@click.option("--force", is_flag=True, help="Replace the -o file if it exists.")
@click.option("--vocab", help='Names and words likely in the call, comma-separated ("Siobhan, Acme").')
def transcribe(
    file: Path, model: str | None, language: str | None, fmt: str, output: Path | None, force: bool, vocab: str | None
) -> None:
    """Transcribe any audio file (wav, flac, mp3, m4a, ogg...) to text.

    Nothing is stored: the transcript goes to stdout (or -o FILE).

    \b
    Example:
        recap transcribe call.m4a
        recap transcribe call.wav --format vtt -o call.vtt
    """
    from ..sessions import parse_vocab
    from ..transcribe import TrackInput, transcribe_tracks
    from ..transcripts import write_transcript

    working_on(file)
    if output is not None:
        _check_output(output, force)  # before minutes of transcribing, not after
    update, close = _progress_bar("Transcribing")
    try:
        transcript = transcribe_tracks(
            [TrackInput(file)], model, language=language, vocab=parse_vocab(vocab), progress=update
        )
    finally:
        close()
    text = write_transcript(transcript, fmt)
    _write_or_echo(text, output, force)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--coach",
    help="Which speaker is the coach, by name or first name (default: from labels such as "
    "'Coach', or the speaker who asks the questions).",
)
@click.option("--client", help="The client's name for the recap (default: the other speaker's name).")
@click.option("--date", "session_date", metavar="YYYY-MM-DD", help="Session date for due dates (default: today).")
@click.option("--json", "as_json", is_flag=True, help='Print {"items": [...]} as JSON.')
def extract(file: Path, coach: str | None, client: str | None, session_date: str | None, as_json: bool) -> None:
    """Pull commitments, next steps, insights and goals out of a transcript.

    FILE is WebVTT (Zoom, Teams, Meet), SRT, an Otter, Rev or Meet text export,
    or plain "Name: text" lines.

    \b
    Example:
        recap extract zoom-call.vtt --coach "Dana" --date 2026-11-22
        recap extract call.srt --json
    """
    from ..summarize import extract_file

    when = _parse_date(session_date)
    working_on(file)
    stand_in, transcript, items = extract_file(file, when, coach=coach, client=client)
    if as_json:
        _print_json({"items": [i.to_dict() for i in items]})
        return
    from ..share import render_terminal

    click.echo(render_terminal(stand_in, items, transcript))

"""The terminal side of a recording (recap/cli/live.py), without devices: what the coach reads."""

from __future__ import annotations

import io

from recap.audio.status import RecorderStatus, TrackStatus, format_status
from recap.cli import live

STATUS = RecorderStatus(elapsed=75.0, tracks=[TrackStatus("coach", "usb mic", -20.0, 75.0, 2_400_000, 0)])


def test_plain_lines_print_each_notice_and_the_status_at_most_every_few_seconds(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(live.time, "monotonic", lambda: clock[0])
    out = io.StringIO()
    lines = live.LogLines(out)
    lines.status(STATUS)
    lines.notice("Paused.")
    lines.status(STATUS)  # too soon: not printed again
    clock[0] += live.LOG_EVERY
    lines.status(STATUS)
    lines.close()
    assert out.getvalue().splitlines() == [format_status(STATUS), "Paused.", format_status(STATUS)]
    assert "\033" not in out.getvalue() and "\r" not in out.getvalue()  # a log holds no escape codes


def test_the_live_line_is_redrawn_in_place_and_notices_go_above_it():
    out = io.StringIO()
    line = live.LiveLine(out)
    line.status(STATUS)
    line.status(STATUS)
    line.notice("Warning: client track silent for 30 s")
    line.status(STATUS)
    line.close()
    text = out.getvalue()
    drawn = f"\r{format_status(STATUS)}\033[K"
    assert text == drawn * 2 + "\r\033[KWarning: client track silent for 30 s\n" + drawn + "\n"


def test_without_a_terminal_no_key_is_read(monkeypatch):
    monkeypatch.setattr(live.sys, "stdin", io.StringIO())
    pressed = []
    line = live.LiveLine(io.StringIO())
    assert line.keys_help == "SIGUSR1/SIGUSR2 to pause/resume, `recap mark` to mark a moment"
    with line.keys({"p": lambda: pressed.append("p")}):
        pass
    assert pressed == []


class GoneTerminal:
    """A terminal window that was closed: every write fails, as on a hung-up tty."""

    def write(self, text: str) -> int:
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        raise OSError(5, "Input/output error")


def test_a_closed_terminal_never_stops_the_recording():
    for presenter in (live.LiveLine(GoneTerminal()), live.LogLines(GoneTerminal())):
        presenter.notice("Marked 00:12.")
        presenter.status(STATUS)
        presenter.close()  # nothing raised: the tracks go on being written

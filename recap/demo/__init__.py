"""The bundled demo call: a short two-voice coaching exchange (coach + client tracks)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..domain import TrackRole

DEMO_DIR = Path(__file__).parent
#: The demo's session is kept apart from real clients (a real "Sarah" is not the demo's).
CLIENT_NAME = "Demo"
TRACKS: dict[TrackRole, Path] = {"coach": DEMO_DIR / "coach.ogg", "client": DEMO_DIR / "client.ogg"}


def script() -> list[tuple[str, str]]:
    """The demo's words as (role, text) turns, in order."""
    turns = []
    for line in (DEMO_DIR / "script.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            role, _, text = line.partition(":")
            turns.append((role.strip(), text.strip()))
    return turns

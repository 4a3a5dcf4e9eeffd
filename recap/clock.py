"""How recap writes a moment or a length of a call, everywhere a person reads one.

One format: "02:05" under an hour, "1:02:05" from the first hour on. A live
meter asks for the fixed width ("00:02:05") so the line does not jump. Subtitle
timestamps ("00:02:05.250") are a file format, written by ``transcripts``.
"""

from __future__ import annotations


def format_moment(seconds: float, fixed: bool = False) -> str:
    """Return "12:34" (mm:ss), "1:02:05" past the first hour, or "00:12:34" when ``fixed``."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if fixed:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"

"""How recap writes a moment of a call and a day, everywhere a person reads one.

One format: "02:05" under an hour, "1:02:05" from the first hour on. A live
meter asks for the fixed width ("00:02:05") so the line does not jump. Subtitle
timestamps ("00:02:05.250") are a file format, written by ``transcripts``.
"""

from __future__ import annotations

from datetime import date

#: The calendar's words, in English whatever the locale: what recap writes and what the
#: extraction rules read ("by Friday", "on 20 January").
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_day(day: date, year: bool = False, long: bool = False) -> str:
    """Return "Fri 27 Nov", or "Friday 27 November" when ``long``; with the year when asked."""
    weekday, month = WEEKDAYS[day.weekday()], MONTHS[day.month - 1]
    text = f"{weekday} {day.day} {month}" if long else f"{weekday[:3]} {day.day} {month[:3]}"
    return f"{text} {day.year}" if year else text


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

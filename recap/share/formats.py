"""The client's recap in each format: Markdown, HTML, email draft, calendar, plain text, PDF.

What the letter says is decided once (:func:`recap.share.letter.build_letter`);
the Jinja2 templates in ``templates/`` lay it out, and a coach can override any
of them from a folder of their own (``recap config set templates FOLDER``), per
client too (``FOLDER/<client>/recap.html.j2``).
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
import shutil
import subprocess
import tempfile
import traceback
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..errors import RecapError, UsageProblem
from .letter import Chart, Letter, long_day

BUILTIN = Path(__file__).parent / "templates"
TXT_LIMIT = 1000  # one SMS-length message a phone shows whole
DEFAULT_ACCENT = "#2f6f73"
_COLOUR = re.compile(r"^(?:#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{3,20})$")
_LOGO_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}


class TemplateProblem(RecapError):
    """A coach's template that cannot be read or filled."""


@dataclass
class Style:
    """What a coach sets once (``recap config``) and every shared recap carries."""

    accent: str = DEFAULT_ACCENT
    logo: Path | None = None
    templates: Path | None = None
    coach_email: str | None = None
    client_email: str | None = None

    def check(self) -> None:
        if not _COLOUR.match(self.accent or ""):
            raise UsageProblem(f"accent colour {self.accent!r} is not a colour: use #2f6f73, #363 or a name like teal")
        if self.logo is not None:
            if not self.logo.is_file():
                raise UsageProblem(f"logo {self.logo} is not a file — recap config set logo PATH-TO-IMAGE")
            if mimetypes.guess_type(self.logo.name)[0] not in _LOGO_TYPES:
                raise UsageProblem(f"logo {self.logo} is not a PNG, JPEG, GIF, SVG or WebP image")
        if self.templates is not None and not self.templates.is_dir():
            raise UsageProblem(f"templates folder {self.templates} is not a folder — recap config set templates FOLDER")

    def logo_uri(self) -> str | None:
        """The logo embedded in the page, so the file stands alone."""
        if self.logo is None:
            return None
        kind = mimetypes.guess_type(self.logo.name)[0]
        return f"data:{kind};base64,{base64.b64encode(self.logo.read_bytes()).decode()}"


# --- templates ---------------------------------------------------------------------------


def _environment(style: Style, client: str | None, autoescape: bool):
    import jinja2

    folders = []
    if style.templates is not None:
        if client:
            folders.append(style.templates / _client_folder(client))
        folders.append(style.templates)
    folders.append(BUILTIN)
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _client_folder(client: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", client.casefold()).strip("-")


def _fill(name: str, style: Style, letter: Letter, autoescape: bool = False, **context) -> str:
    """Render one template; a broken one is a one-line error naming its file and line."""
    import jinja2

    env = _environment(style, letter.session.client, autoescape)
    try:
        template = env.get_template(name)
        return template.render(letter=letter, **context)
    except jinja2.TemplateSyntaxError as e:
        raise TemplateProblem(f"template {e.filename or name}, line {e.lineno}: {e.message}") from None
    except jinja2.TemplateError as e:
        where = next(
            (
                f"{f.filename}, line {f.lineno}"
                for f in reversed(traceback.extract_tb(e.__traceback__))
                if f.filename.endswith(".j2") or (style.templates and f.filename.startswith(str(style.templates)))
            ),
            name,
        )
        raise TemplateProblem(f"template {where}: {e}") from None


# --- Markdown ------------------------------------------------------------------------------


def _md(text: str) -> str:
    from .markdown import _md as escape

    return escape(text)


def front_matter(letter: Letter) -> str:
    """YAML that Obsidian and Notion read: strings written as JSON strings, which YAML reads as they are."""
    s = letter.session
    fields = {
        "title": letter.subject,
        "client": s.client,
        "coach": s.coach,
        "date": s.date.isoformat(),
        "session": s.id,
        "duration_minutes": round(s.duration / 60) if s.duration else None,
    }
    lines = [
        f"{k}: {json.dumps(v, ensure_ascii=False) if isinstance(v, str) and k != 'date' else v}"
        for k, v in fields.items()
        if v is not None
    ]
    tags = ["coaching", "recap"] + ([_client_folder(s.client)] if s.client else [])
    lines.append("tags: [" + ", ".join(json.dumps(t) for t in tags) + "]")
    return "\n".join(lines)


def to_markdown(letter: Letter, style: Style) -> str:
    text = _fill("recap.md.j2", style, letter, front_matter=front_matter(letter), md=_md)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


# --- HTML ----------------------------------------------------------------------------------


@dataclass
class _ShownChart:
    title: str
    svg: object


def chart_svg(chart: Chart, accent: str) -> str:
    """A small line chart of a number over sessions, the target dashed: SVG, no script."""
    from markupsafe import escape

    w, h, left, right, top, bottom = 420, 150, 44, 16, 14, 30
    values = [p.value for p in chart.points] + ([chart.target] if chart.target is not None else [])
    low, high = min(0.0, min(values)), max(values) or 1.0
    span_days = max(1, (chart.points[-1].day - chart.points[0].day).days)

    def x(p) -> float:
        return left + (w - left - right) * (p.day - chart.points[0].day).days / span_days

    def y(v: float) -> float:
        return top + (h - top - bottom) * (1 - (v - low) / (high - low or 1))

    pts = " ".join(f"{x(p):.1f},{y(p.value):.1f}" for p in chart.points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
        f'aria-label="{escape(chart.label)} over sessions">',
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="#bbb"/>',
    ]
    if chart.target is not None:
        ty = y(chart.target)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{w - right}" y2="{ty:.1f}" stroke="#888" stroke-dasharray="5 4"/>'
        )
        parts.append(
            f'<text x="{w - right}" y="{ty - 4:.1f}" font-size="11" text-anchor="end" fill="#555">'
            f"target {chart.target:g}</text>"
        )
    parts.append(f'<polyline points="{pts}" fill="none" stroke="{escape(accent)}" stroke-width="2.5"/>')
    for p in chart.points:
        parts.append(
            f'<circle cx="{x(p):.1f}" cy="{y(p.value):.1f}" r="{5 if p.here else 3.5}" '
            f'fill="{escape(accent) if p.here else "#fff"}" stroke="{escape(accent)}" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{x(p):.1f}" y="{y(p.value) - 9:.1f}" font-size="11" text-anchor="middle" '
            f'fill="#333">{p.value:g}</text>'
        )
    first, last = chart.points[0].day, chart.points[-1].day
    parts.append(f'<text x="{left}" y="{h - 10}" font-size="11" fill="#555">{first.day} {first:%b}</text>')
    parts.append(
        f'<text x="{w - right}" y="{h - 10}" font-size="11" text-anchor="end" fill="#555">{last.day} {last:%b}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def to_html(letter: Letter, style: Style) -> str:
    from markupsafe import Markup

    charts = [
        _ShownChart(f"{c.label[:1].upper()}{c.label[1:]}, session by session", Markup(chart_svg(c, style.accent)))
        for c in letter.charts
    ]
    return _fill(
        "recap.html.j2", style, letter, autoescape=True, accent=style.accent, logo=style.logo_uri(), charts=charts
    )


# --- plain text ----------------------------------------------------------------------------


def to_text(letter: Letter, style: Style, limit: int | None = TXT_LIMIT) -> str:
    """Plain text for SMS or WhatsApp: the essentials, under ``limit`` characters."""

    def fill(shown: Letter, short: bool, left_out: int) -> str:
        text = _fill("recap.txt.j2", style, shown, short=short).strip("\n")
        if left_out:
            text = text.replace(
                f"\n— {shown.coach or 'Your coach'}",
                f"\n(+{left_out} more in the full recap)\n— {shown.coach or 'Your coach'}",
            )
        return re.sub(r"\n{3,}", "\n\n", text) + "\n"

    text = fill(letter, False, 0)
    if limit is None or len(text) <= limit:
        return text
    shown, left_out = replace(letter, insights=[], goals=[]), 0
    text = fill(shown, True, 0)
    while len(text) > limit:
        longest = max(("since", "coach_does", "yours"), key=lambda k: len(getattr(shown, k)))
        if not getattr(shown, longest):
            break
        shown = replace(shown, **{longest: getattr(shown, longest)[:-1]})
        left_out += 1
        text = fill(shown, True, left_out)
    if len(text) > limit:  # one very long step: cut its words, never the whole message
        text = text[: limit - 2].rstrip() + "…\n"
    return text


# --- calendar ------------------------------------------------------------------------------


def to_ics(letter: Letter, style: Style, now: datetime | None = None) -> str:
    """Dated action steps and the next session as all-day events (VEVENT).

    All-day events, not tasks (VTODO): Google Calendar and Outlook ignore tasks in
    an imported file, and Apple Calendar sends them to Reminders, while an
    all-day event shows on the day in every calendar. Each keeps a UID made of the
    session and the item's id, so sharing again updates rather than duplicates.
    """
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//recap//coaching session recap//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Coaching — {letter.session.client}" if letter.session.client else "Coaching")
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    coach = letter.coach or "your coach"
    for line in letter.calendar_lines:
        if line.due is None:
            continue
        event = Event()
        event.add("uid", line.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", line.due)
        event.add("dtend", line.due + timedelta(days=1))
        if line is letter.next_session:
            event.add("summary", f"Coaching session with {coach}")
            event.add("transp", "OPAQUE")
        else:
            event.add("summary", line.text)
            event.add("transp", "TRANSPARENT")  # a deadline, not a busy day
            event.add(
                "description",
                f"From your session with {coach} on {long_day(letter.session.date, letter.session.date)}."
                + (f" The number to play for: {line.game}." if line.game else ""),
            )
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


# --- email draft ---------------------------------------------------------------------------


def to_eml(letter: Letter, style: Style, now: datetime | None = None) -> bytes:
    """An RFC 5322 draft: plain text and HTML, the calendar attached. recap never sends it."""
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime, formataddr, make_msgid

    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = letter.subject
    if style.coach_email:
        msg["From"] = formataddr((letter.coach or "", style.coach_email))
    if style.client_email:
        msg["To"] = formataddr((letter.session.client or "", style.client_email))
    msg["Date"] = format_datetime((now or datetime.now(timezone.utc)).astimezone())
    msg["Message-ID"] = make_msgid(domain="recap.invalid")
    msg["X-Unsent"] = "1"  # mail programs open it as a draft to send
    msg.set_content(to_text(letter, style, limit=None))
    msg.add_alternative(to_html(letter, style), subtype="html")
    if letter.calendar_lines:
        msg.add_attachment(
            to_ics(letter, style, now).encode("utf-8"),
            maintype="text",
            subtype="calendar",
            filename="recap.ics",
            params={"method": "PUBLISH"},
        )
    return bytes(msg)


# --- PDF -----------------------------------------------------------------------------------

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    import os

    wanted = os.environ.get("RECAP_BROWSER")
    if wanted:
        return shutil.which(wanted) or (wanted if Path(wanted).is_file() else None)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def to_pdf(letter: Letter, style: Style) -> bytes:
    """The HTML recap printed by a headless Chromium: the PDF is exactly the page the client would see."""
    browser = find_browser()
    if browser is None:
        raise RecapError(
            "a PDF is printed by Chromium, which is not installed — sudo apt install chromium "
            "(or share --format html and print it from a browser)"
        )
    with tempfile.TemporaryDirectory(prefix="recap-pdf-") as tmp:
        page, out = Path(tmp) / "recap.html", Path(tmp) / "recap.pdf"
        page.write_text(to_html(letter, style), encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-extensions",
            "--no-first-run",
            f"--user-data-dir={tmp}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            raise RecapError(f"{browser} did not print the PDF within 2 minutes") from None
        if not out.is_file() or out.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise RecapError(f"{browser} could not print the PDF: {last}")
        return out.read_bytes()


FORMATS = ("md", "html", "eml", "ics", "txt", "pdf")
EXTENSIONS = {"md": ".md", "html": ".html", "eml": ".eml", "ics": ".ics", "txt": ".txt", "pdf": ".pdf"}


def render_letter(fmt: str, letter: Letter, style: Style) -> str | bytes:
    """The client's recap in one format: text for md, html, ics, txt; bytes for eml and pdf."""
    style.check()
    if fmt == "md":
        return to_markdown(letter, style)
    if fmt == "html":
        return to_html(letter, style)
    if fmt == "txt":
        return to_text(letter, style)
    if fmt == "ics":
        if not letter.calendar_lines:
            raise RecapError(
                "nothing dated to put in a calendar: no action step has a due date and no next "
                "session was set (recap edit ID --due DATE gives one)"
            )
        return to_ics(letter, style)
    if fmt == "eml":
        return to_eml(letter, style)
    if fmt == "pdf":
        return to_pdf(letter, style)
    raise UsageProblem(f"unknown recap format {fmt!r}; choose one of {', '.join(FORMATS)}")

"""The client's recap: a message from the coach, in every format, read back by the tools that read them.

HTML is rendered by a real headless Chromium at a phone's and a laptop's width;
the PDF is read by pdftotext; the email by Python's email parser; the calendar by
icalendar. Golden files pin each format for the demo call; regenerate them after
an intended change with ``RECAP_UPDATE_GOLDEN=1 pytest tests/test_letter.py`` and
review the diff.
"""

from __future__ import annotations

import dataclasses
import email
import html
import json
import re
import shutil
import subprocess
from datetime import date, datetime, timezone
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_share import basic_items, check_golden, item, session

from recap.cli import cli
from recap.demo import DEMO_DIR
from recap.domain import Segment, Session, Transcript
from recap.share.formats import TXT_LIMIT, Style, render_letter, to_eml, to_ics
from recap.share.letter import build_letter

FORMATS = ("md", "html", "txt", "eml")
NOW = datetime(2026, 11, 22, 16, 0, tzinfo=timezone.utc)


def everything() -> tuple[Session, list, Transcript]:
    """A call with every kind, a possible item, a dropped one, hard passages and unknown speakers."""
    items = basic_items() + [
        item("commitment", "Try the breathing exercise", 980.0, owner="client", confidence=0.3),
        item("insight", "Maybe it's the mornings", 1200.0, confidence=0.2),
        dataclasses.replace(
            item("next_step", "Meet again", 2950.0, owner="client", due=date(2026, 11, 29)),
            rule="schedules_next_session",
        ),
    ]
    transcript = Transcript(
        segments=[Segment(0, 5, "Hello", "Dana", "coach"), Segment(5, 9, "mumble", uncertain=True)],
        duration=3000.0,
        speakers_known=False,
    )
    return session(), items, transcript


def text_of(fmt: str, letter, style: Style | None = None) -> str:
    out = render_letter(fmt, letter, style or Style())
    if fmt == "eml":
        msg = email.message_from_bytes(out, policy=policy.default)
        out = "\n".join(part.get_content() for part in msg.walk() if part.get_content_maintype() == "text")
    return html.unescape(out) if fmt in ("html", "eml") else out


# --- what the client reads -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_clients_view_has_nothing_for_the_coach_only(fmt):
    letter = build_letter(*everything())
    text = text_of(fmt, letter)
    for coach_only in (
        "[00:",
        "[12:34]",
        "12:34",
        "possible",
        "Possible",
        "SMART",
        "✓ ·",
        "test",
        "confidence",
        "Speakers were not separated",
        "hard to hear",
        "Try the breathing exercise",
        "Maybe it's the mornings",
        "Stop checking email",
        "The game:",
    ):
        assert coach_only not in text, (fmt, coach_only)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_clients_view_is_a_message_from_the_coach(fmt):
    letter = build_letter(*everything(), note="Great work today!")
    text = " ".join(text_of(fmt, letter).split())
    assert "Hi Sarah," in text and "Dana" in text.split("Hi Sarah,")[1][-400:]  # greeting, sign-off by name
    assert "Great work today!" in text
    assert "Finish the outline of module one" in text and "27 November" in text
    assert "Send the pricing template" in text  # what the coach will do
    if fmt != "txt":  # a text message keeps to the essentials
        assert "I avoid the calls because I'm afraid of rejection" in text
        assert "30 minutes every day" in text  # the measure in plain words
        assert "What date shall we put on this?" in text  # a SMART gap as a question, never a grade
    assert "29 November" in text  # the next session


def test_sections_of_the_markdown_message():
    md = render_letter("md", build_letter(*everything(), note="Great work today!"), Style())
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## What we worked on",
        "## Your action steps",
        "## What I'll do",
        "## What you realised",
        "## Our next session",
    ]
    assert "- [ ] Finish the outline of module one — by Friday 27 November" in md
    assert "- [x] Book the venue" in md
    assert "  - What date shall we put on this?" in md
    assert md.rstrip().endswith("See you on Sunday 29 November,\\\nDana")


def test_markdown_front_matter_reads_as_yaml():
    import yaml

    md = render_letter("md", build_letter(session(client='Sarah "Sal" O\'Neil: CEO'), basic_items()), Style())
    assert md.startswith("---\n")
    front = yaml.safe_load(md.split("---\n")[1])
    assert front["client"] == 'Sarah "Sal" O\'Neil: CEO'
    assert front["date"] == date(2026, 11, 22) and front["session"] == "2026-11-22-1405-sarah"
    assert front["duration_minutes"] == 50 and "coaching" in front["tags"]


def test_times_and_transcript_only_when_asked():
    s, items, transcript = everything()
    md = render_letter("md", build_letter(s, items, transcript, with_times=True, with_transcript=True), Style())
    assert "(12:34)" in md
    assert "## Transcript" in md and "\\[00:00\\] Dana: Hello" in md


def test_since_last_time_in_the_clients_words():
    earlier_session = Session(
        id="2026-11-15-1405-sarah",
        created=datetime(2026, 11, 15, 14, 5),
        client="Sarah",
        coach="Dana",
        status="summarized",
    )
    earlier = [
        (
            earlier_session,
            item("commitment", "Call three prospects", 10.0, owner="client", status="done", closed=date(2026, 11, 22)),
        ),
        (
            earlier_session,
            item(
                "commitment",
                "Draft the newsletter",
                20.0,
                owner="client",
                proposed={"status": "done", "evidence": "I did it", "session": session().id},
            ),
        ),
    ]
    md = render_letter("md", build_letter(session(), [], None, earlier), Style())
    since = md.split("## Since last time")[1]
    assert "- [x] Call three prospects — from Sunday 15 November" in since
    assert "- [ ] Draft the newsletter" in since and "I did it" not in md  # proposals are the coach's to confirm


def test_an_empty_session_still_makes_a_kind_message():
    md = render_letter("md", build_letter(session(), [], None), Style())
    assert "Nothing to follow up on this time" in md and "##" not in md


# --- plain text --------------------------------------------------------------------------------


def test_text_message_keeps_under_the_limit_and_says_what_it_left_out():
    many = [
        item(
            "commitment",
            f"Write page {n} of the long and detailed workbook for the spring cohort",
            n,
            owner="client",
            due=date(2026, 11, 27),
        )
        for n in range(1, 40)
    ]
    text = render_letter("txt", build_letter(session(), many + basic_items(), None), Style())
    assert len(text) <= TXT_LIMIT
    assert re.search(r"\(\+\d+ more in the full recap\)", text)
    assert text.startswith("Hi Sarah,") and text.rstrip().endswith("— Dana")


# --- calendar ----------------------------------------------------------------------------------


def test_calendar_reads_back_with_the_right_days_and_stable_uids():
    from icalendar import Calendar

    s, items, transcript = everything()
    items = [i.with_id(f"{n:04x}") for n, i in enumerate(items)]
    first = to_ics(build_letter(s, items, transcript), Style(), NOW)
    cal = Calendar.from_ical(first)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert not list(cal.walk("VTODO"))
    assert events["Finish the outline of module one"].decoded("dtstart") == date(2026, 11, 27)
    assert events["Meet again and look at the call log"].decoded("dtstart") == date(2026, 12, 1)
    assert events["Coaching session with Dana"].decoded("dtstart") == date(2026, 11, 29)
    assert "Send the pricing template" not in events  # the coach's own to-do is not in the client's calendar
    assert "Book the venue" not in events  # done, and undated
    # Shared again later, after an edit: the same UIDs, so calendars update instead of duplicating.
    again = Calendar.from_ical(to_ics(build_letter(s, items[1:], transcript), Style(), datetime.now(timezone.utc)))
    assert {str(e["uid"]) for e in again.walk("VEVENT")} <= {str(e["uid"]) for e in events.values()}


# --- email -------------------------------------------------------------------------------------


def test_email_draft_has_both_alternatives_and_the_calendar():
    s, items, transcript = everything()
    raw = to_eml(
        build_letter(s, items, transcript), Style(coach_email="dana@example.com", client_email="sarah@example.com"), NOW
    )
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg["To"] == "Sarah <sarah@example.com>" and msg["From"] == "Dana <dana@example.com>"
    assert msg["Subject"] == "Your session recap — Sunday 22 November" and msg["X-Unsent"] == "1"
    assert msg["Date"] and msg["Message-ID"]
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Finish the outline of module one" in plain and "<html" in html and "Finish the outline" in html
    attached = [p for p in msg.iter_attachments()]
    assert [(p.get_content_type(), p.get_filename()) for p in attached] == [("text/calendar", "recap.ics")]
    assert b"BEGIN:VEVENT" in attached[0].get_payload(decode=True)


# --- HTML --------------------------------------------------------------------------------------


def test_html_stands_alone_with_the_coachs_look(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b7c3a70000000049454e44ae426082"
        )
    )
    page = render_letter("html", build_letter(*everything()), Style(accent="#aa3355", logo=logo))
    assert "--accent: #aa3355" in page and 'src="data:image/png;base64,' in page
    assert "<script" not in page.lower()
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # nothing fetched from a network
    assert "<link" not in page


def test_html_escapes_what_was_said():
    items = [item("commitment", "Read <b>Atomic Habits</b> & take notes", 5.0, owner="client")]
    page = render_letter("html", build_letter(session(), items, None), Style())
    assert "Read &lt;b&gt;Atomic Habits&lt;/b&gt; &amp; take notes" in page


def test_a_number_tracked_over_sessions_is_drawn_against_its_target():
    from recap.share.formats import chart_svg
    from recap.share.letter import Chart, Point

    chart = Chart(
        "minutes every day",
        [Point(date(2026, 11, 1), 10, False), Point(date(2026, 11, 8), 20, False), Point(date(2026, 11, 15), 25, True)],
        target=30,
    )
    svg = chart_svg(chart, "#2f6f73")
    assert svg.startswith("<svg") and "<polyline" in svg and svg.count("<circle") == 3
    assert "stroke-dasharray" in svg and "target 30" in svg and "<script" not in svg


@pytest.mark.parametrize(
    "bad, words",
    [
        (Style(accent="red; background:url(x)"), "not a colour"),
        (Style(logo=Path("/nonexistent/logo.png")), "not a file"),
        (Style(templates=Path("/nonexistent")), "not a folder"),
    ],
)
def test_a_bad_style_is_refused(bad, words):
    from recap.errors import UsageProblem

    with pytest.raises(UsageProblem, match=words):
        render_letter("html", build_letter(session(), basic_items()), bad)


# --- templates a coach writes ---------------------------------------------------------------


def test_a_coachs_template_replaces_the_builtin_and_a_clients_replaces_that(tmp_path):
    folder = tmp_path / "templates"
    (folder / "sarah").mkdir(parents=True)
    (folder / "recap.txt.j2").write_text("Dear {{ letter.first_name }} — {{ letter.yours | length }} steps\n")
    (folder / "sarah" / "recap.txt.j2").write_text("Sarah's own: {{ letter.coach }}\n")
    letter = build_letter(session(), basic_items())
    assert render_letter("txt", letter, Style(templates=folder)) == "Sarah's own: Dana\n"
    other = build_letter(session(client="Sam"), basic_items())
    assert render_letter("txt", other, Style(templates=folder)) == "Dear Sam — 4 steps\n"


@pytest.mark.parametrize(
    "body, words",
    [
        ("Hello {{ letter.greeting }\n", "recap.txt.j2, line 1"),
        ("ok\n{% for x in letter.yours %}\n", "recap.txt.j2, line 2"),
        ("line one\n{{ letter.no_such_thing }}\n", "line 2"),
    ],
)
def test_a_broken_template_names_its_file_and_line(tmp_path, body, words):
    from recap.share.formats import TemplateProblem

    (tmp_path / "recap.txt.j2").write_text(body)
    with pytest.raises(TemplateProblem, match=re.escape(words)):
        render_letter("txt", build_letter(session(), basic_items()), Style(templates=tmp_path))


# --- through the command, on the demo call -----------------------------------------------------


def run(*args, env):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture
def demo_call(home, tmp_path):
    """The bundled demo call imported from its script (no model needed), the coach configured."""
    script = tmp_path / "demo.txt"
    lines = [ln for ln in (DEMO_DIR / "script.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    script.write_text("\n".join(ln.replace("coach:", "Dana:", 1).replace("client:", "Sarah:", 1) for ln in lines))
    env = {"RECAP_HOME": str(home)}
    assert run("config", "set", "coach", "Dana", env=env).exit_code == 0
    out = run("import", script, "--client", "Sarah", "--date", "2026-11-22", "--json", env=env)
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)["sessions"][0]["session"]["id"], env


def normalised(text: str) -> str:
    """Output with what changes on every run (ids, time stamps, MIME boundaries) made fixed."""
    text = re.sub(r"-[0-9a-f]{4}@recap", "-ID@recap", text)
    text = re.sub(r"DTSTAMP:\S+", "DTSTAMP:NOW", text)
    text = re.sub(r"(?m)^session: .*$", "session: ID", text)
    return text


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "ics"])
def test_each_format_of_the_demo_call(demo_call, tmp_path, fmt):
    session_id, env = demo_call
    out = tmp_path / f"recap.{fmt}"
    result = run("share", session_id, "-o", out, env=env)
    assert result.exit_code == 0, result.output
    check_golden(f"letter-demo.{fmt}", normalised(out.read_text(encoding="utf-8")))


def test_share_eml_and_client_email_through_the_command(demo_call, tmp_path):
    session_id, env = demo_call
    assert run("config", "set", "email", "dana@example.com", env=env).exit_code == 0
    assert run("client", "Sarah", "--email", "sarah@example.com", env=env).exit_code == 0
    out = tmp_path / "recap.eml"
    result = run("share", session_id, "--format", "eml", "-o", out, "--note", "Lovely work today.", env=env)
    assert result.exit_code == 0, result.output
    msg = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert msg["To"] == "Sarah <sarah@example.com>" and msg["From"] == "Dana <dana@example.com>"
    assert "Lovely work today." in msg.get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    "args, words",
    [
        (["--format", "html", "--for", "coach"], "Markdown or text"),
        (["--format", "docx"], "Invalid value"),
    ],
)
def test_share_refuses_what_it_cannot_do(demo_call, args, words):
    session_id, env = demo_call
    result = run("share", session_id, *args, env=env)
    assert result.exit_code == 2 and words in result.output


def test_config_refuses_a_bad_colour_logo_or_email(demo_call, tmp_path):
    _, env = demo_call
    for key, value, words in [
        ("accent", "url(x)", "not a colour"),
        ("logo", tmp_path / "none.png", "not a file"),
        ("email", "dana at example", "not an email address"),
        ("templates", tmp_path / "nothing", "not a folder"),
    ]:
        result = run("config", "set", key, value, env=env)
        assert result.exit_code == 2 and words in result.output, (key, result.output)


# --- a real browser ----------------------------------------------------------------------------

needs_browser = pytest.mark.skipif(not shutil.which("chromium"), reason="chromium is not installed")

# The recap in a frame exactly as wide as a phone or a laptop (a headless window is at least 500 px
# wide), measured from the page around it.
PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="recap.html" style="border:0;width:{width}px;height:1200px"></iframe>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const w = document.getElementById("f").contentWindow, d = w.document;
  const wide = [...d.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > w.innerWidth + 1);
  document.body.insertAdjacentHTML("beforeend",
    `<pre id="measured">${{w.innerWidth}} ${{d.documentElement.scrollWidth}} ${{wide.length}}</pre>`);
}});
</script></body></html>"""


def chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@needs_browser
@pytest.mark.parametrize("width", [390, 1280])
def test_chromium_renders_the_recap_without_overflow_at_a_phone_and_a_laptop_width(tmp_path, width):
    from PIL import Image

    s, items, transcript = everything()
    long = item(
        "commitment", "Email " + "the-whole-list-of-past-clients-" * 6 + " before the launch", 60.0, owner="client"
    )
    page = tmp_path / "recap.html"
    page.write_text(render_letter("html", build_letter(s, items + [long], transcript), Style()), encoding="utf-8")
    shot = tmp_path / "shot.png"
    done = chromium(f"--window-size={width},1200", f"--screenshot={shot}", page.as_uri())
    assert shot.is_file(), done.stderr[-500:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (width, 1200)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 20  # text, accent and background: not a blank page
    # Measured in the page itself: nothing wider than the window.
    probe = tmp_path / "probe.html"
    probe.write_text(PROBE.format(width=width), encoding="utf-8")
    dom = chromium(
        f"--window-size={max(width, 500) + 20},1300",
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
        "--dump-dom",
        probe.as_uri(),
    ).stdout
    inner, scroll, wide = map(int, re.search(r'<pre id="measured">(\d+) (\d+) (\d+)</pre>', dom).groups())
    assert inner == width and scroll <= width and wide == 0


@pytest.mark.slow
@needs_browser
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_pdf_through_chromium_holds_the_commitments(demo_call, tmp_path):
    session_id, env = demo_call
    out = tmp_path / "recap.pdf"
    result = run("share", session_id, "-o", out, env=env)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    md = run("share", session_id, "--format", "md", env=env).stdout
    steps = re.findall(r"^- \[ \] (.+?)(?: — by .*)?$", md, flags=re.M)
    assert steps and all(" ".join(step.split()) in flat for step in steps)
    assert "Hi Sarah," in flat and "Dana" in flat


def test_pdf_without_a_browser_is_one_line(demo_call, tmp_path, monkeypatch):
    session_id, env = demo_call
    result = CliRunner().invoke(
        cli, ["share", session_id, "-o", str(tmp_path / "r.pdf")], env={**env, "RECAP_BROWSER": "/nonexistent/chromium"}
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: a PDF is printed by Chromium")
    assert not (tmp_path / "r.pdf").exists()


def test_the_html_recap_draws_a_number_said_in_several_sessions(home, tmp_path):
    env = {"RECAP_HOME": str(home)}
    calls = [
        ("2026-11-01", "Sam: I will walk 20 minutes every day.\n"),
        (
            "2026-11-08",
            "Sam: I will walk 30 minutes every day from now on.\n"
            "Dana: And where is this going?\nSam: My goal is to walk 45 minutes every day by March.\n",
        ),
    ]
    for day, words in calls:
        (tmp_path / f"{day}.txt").write_text("Dana: What will you do this week?\n" + words)
        assert (
            run(
                "import", tmp_path / f"{day}.txt", "--client", "Sam", "--coach", "Dana", "--date", day, env=env
            ).exit_code
            == 0
        )
    page = run("share", "--format", "html", env=env).stdout
    svg = re.search(r"<svg.*?</svg>", page, flags=re.S).group(0)
    assert "minutes every day over sessions" in svg and svg.count("<circle") == 2 and "target 45" in svg
    assert ">20<" in svg and ">30<" in svg
    # The first session had nothing to compare with yet.
    assert "<svg" not in run("share", "2026-11-01", "--format", "html", env=env).stdout

"""The coach's view of a recap (Markdown and terminal), pinned by golden files.

Regenerate the files after an intended change with
``RECAP_UPDATE_GOLDEN=1 pytest tests/test_share.py`` and review the diff.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from recap.clock import format_day, format_moment
from recap.domain import Item, Measure, Segment, Session, Transcript
from recap.errors import UsageProblem
from recap.share import RENDERERS, MarkdownRenderer, get_renderer, group_items, render, render_terminal
from recap.share.common import format_duration, smart_check

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("RECAP_UPDATE_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with RECAP_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def session(client: str | None = "Sarah", coach: str | None = "Dana", minutes: int = 50) -> Session:
    return Session(
        id="2026-11-22-1405-sarah",
        created=datetime(2026, 11, 22, 14, 5),
        client=client,
        coach=coach,
        status="summarized",
        duration=minutes * 60.0,
    )


def item(kind, text, start, owner=None, due=None, confidence=1.0, **extra) -> Item:
    return Item(
        kind=kind,
        text=text,
        owner=owner,
        due=due,
        start=start,
        end=start + 4,
        quote=text,
        rule="test",
        confidence=confidence,
        **extra,
    )


def basic_items() -> list[Item]:
    # Deliberately out of order: the renderer sorts.
    return [
        item("insight", "I avoid the calls because I'm afraid of rejection", 1085.0),
        item("commitment", "Send the pricing template", 1211.0, owner="coach", due=date(2026, 11, 23)),
        item("commitment", "Call two former clients", 902.0, owner="client"),
        item("commitment", "Finish the outline of module one", 754.0, owner="client", due=date(2026, 11, 27)),
        item("next_step", "Meet again and look at the call log", 2890.0, owner="client", due=date(2026, 12, 1)),
        item(
            "goal",
            "Launch my course by the end of March",
            312.0,
            due=date(2027, 3, 31),
            due_text="by the end of March",
            measure=Measure(30, "minutes", "daily"),
            smart={
                "specific": True,
                "measurable": True,
                "attainable": True,
                "relevant": True,
                "time_bound": True,
                "missing": [],
            },
        ),
        item(
            "goal",
            "Feel calmer before sales calls",
            1500.0,
            smart={
                "specific": False,
                "measurable": False,
                "attainable": True,
                "relevant": True,
                "time_bound": False,
                "missing": ["measure", "deadline"],
            },
        ),
        item("insight", "Really it's my freedom I miss most", 2301.5),
        item("commitment", "Stop checking email at night", 3000.0, owner="client", status="dropped"),
        item("commitment", "Book the venue", 100.0, owner="client", status="done"),
    ]


def clear_transcript() -> Transcript:
    return Transcript(
        segments=[Segment(0, 5, "Hello", "Dana", "coach"), Segment(5, 9, "Hi", "Sarah", "client")],
        duration=3000.0,
    )


# -- golden files ------------------------------------------------------------------


def test_basic_recap():
    text = MarkdownRenderer().render(session(), basic_items(), clear_transcript())
    check_golden("recap-basic.md", text)
    # What the coach reads, checked directly as well as by the golden file.
    assert text.startswith("# Session recap — Sarah — Sun 22 Nov 2026\n")
    assert "- [ ] Finish the outline of module one — Sarah · due Fri 27 Nov [12:34]" in text
    assert "- [ ] Send the pricing template — Dana · due Mon 23 Nov [20:11]" in text
    assert "- [x] Book the venue — Sarah [01:40]" in text
    assert "Stop checking email" not in text
    assert "> I avoid the calls because I'm afraid of rejection [18:05]" in text
    assert "  - The game: 30 minutes, daily" in text
    assert "  - SMART check: S ✓ · M ✓ · A ✓ · R ✓ · T ✓ — a SMART goal" in text
    assert "  - SMART check: S ✗ · M ✗ · A ✓ · R ✓ · T ✗ — missing: measure, deadline" in text
    assert "by Wed 31 Mar 2027" in text
    assert "Possible" not in text and "Speakers were not separated" not in text


def test_basic_recap_section_order():
    text = render("md", session(), basic_items(), clear_transcript())
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Commitments", "## Next steps", "## Insights", "## Goals"]
    commitments = text.split("## Commitments")[1].split("## Next steps")[0]
    # The client's own first, each owner's by due date then by when it was said
    # (undated last), the coach's after.
    order = ["Finish the outline", "Book the venue", "Call two former", "Send the pricing"]
    positions = [commitments.index(t) for t in order]
    assert positions == sorted(positions)


def test_terminal_recap():
    text = render_terminal(session(), basic_items(), clear_transcript())
    check_golden("recap-basic.txt", text)
    assert all(len(line) <= 80 for line in text.splitlines())
    # The coach reads this: people are named, nobody is "You".
    assert "— Sarah · due Fri 27 Nov [12:34]" in text
    assert "You" not in text
    assert "\x1b" not in text


def test_no_client_name():
    items = [item("commitment", "Walk after dinner three times this week", 65.0, owner="client")]
    text = MarkdownRenderer().render(session(client=None, coach=None, minutes=35), items, None)
    check_golden("recap-no-client.md", text)
    assert text.startswith("# Session recap — Sun 22 Nov 2026\n")
    assert "35-minute session · 1 commitment" in text


def test_no_items():
    text = MarkdownRenderer().render(session(), [], clear_transcript())
    check_golden("recap-no-items.md", text)
    assert "Nothing to follow up on was captured in this session." in text
    assert "##" not in text


def test_possible_items():
    items = [
        item("commitment", "Finish the outline", 754.0, owner="client", due=date(2026, 11, 27)),
        item("commitment", "Try the breathing exercise", 980.0, owner="client", confidence=0.3),
        item("goal", "Run a half marathon", 1400.0, confidence=0.4, measure=Measure(3, "runs", "weekly")),
        item("insight", "Maybe it's the mornings", 1200.0, confidence=0.2),
    ]
    text = MarkdownRenderer().render(session(), items, clear_transcript())
    check_golden("recap-possible.md", text)
    possible = text.split("## Possible items (check before sharing)")[1]
    assert (
        "- Commitment: Try the breathing exercise — Sarah [16:20] (possible)\n  - found by test, 30 % sure" in possible
    )
    assert "- Insight: Maybe it's the mornings [20:00] (possible)" in possible
    assert "  - The game: 3 runs, weekly" in possible
    assert "1 commitment · 3 possible items to check" in text
    # Certain items are not repeated among the possible ones.
    assert "Finish the outline" not in possible


def test_only_possible_items():
    items = [item("next_step", "Keep a drink diary", 60.0, confidence=0.1)]
    text = MarkdownRenderer().render(session(), items, None)
    check_golden("recap-only-possible.md", text)
    assert "Nothing was captured for certain" in text
    assert "## Next steps" not in text


def test_unknown_speakers_and_hard_passages():
    transcript = Transcript(
        segments=[
            Segment(0, 5, "I'll call the pharmacy tomorrow"),
            Segment(5, 9, "mumble", uncertain=True),
            Segment(9, 14, "mumble", uncertain=True),
            Segment(14, 20, "I want my freedom back"),
        ],
        duration=20.0,
        speakers_known=False,
    )
    items = [
        item("commitment", "Call the pharmacy", 0.0, due=date(2026, 11, 23)),
        item("goal", "Get my freedom back", 14.0, smart={"specific": False, "time_bound": False}),
    ]
    text = MarkdownRenderer().render(session(minutes=0), items, transcript)
    check_golden("recap-unknown-speakers.md", text)
    assert "_Speakers were not separated in this recording; owners may be missing._" in text
    assert "_2 passages were hard to hear._" in text
    # No owner: the line says nothing about who rather than guess.
    assert "- [ ] Call the pharmacy — due Mon 23 Nov [00:00]" in text
    assert "SMART check: S ✗ · T ✗ — missing: a specific outcome, deadline" in text
    # A session without a known length says nothing about its length.
    assert "\n\n1 commitment · 1 goal\n\n" in text


def test_terminal_unknown_speakers_and_long_lines():
    long_text = "Write down every single conversation with a prospective client " * 3
    transcript = Transcript(segments=[Segment(0, 5, "x", uncertain=True)], speakers_known=False)
    items = [item("commitment", long_text.strip(), 61.0, owner="client", due=date(2026, 11, 27))]
    text = render_terminal(session(), items, transcript)
    check_golden("recap-terminal-wrapped.txt", text)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "Speakers were not separated in this recording; owners may be missing." in text
    assert "1 passage was hard to hear." in text


# -- pieces --------------------------------------------------------------------


def test_markdown_special_characters_are_escaped():
    items = [item("commitment", "Read *Atomic Habits* [ch. 2] <today>", 5.0, owner="client")]
    text = MarkdownRenderer().render(session(), items, None)
    assert r"- [ ] Read \*Atomic Habits\* \[ch. 2\] \<today> — Sarah [00:05]" in text


def test_group_items_orders_kinds_and_due_dates():
    by_kind, possible = group_items(basic_items())
    assert list(by_kind) == ["commitment", "next_step", "insight", "goal"]
    assert [i.text for i in by_kind["commitment"]] == [
        "Send the pricing template",  # due 23 Nov
        "Finish the outline of module one",  # due 27 Nov
        "Book the venue",  # undated, said first
        "Call two former clients",
    ]
    assert [i.start for i in by_kind["insight"]] == [1085.0, 2301.5]
    assert possible == []


def test_renderers_registry():
    assert RENDERERS["md"].extension == "md"
    assert isinstance(get_renderer(".MD"), MarkdownRenderer)
    with pytest.raises(UsageProblem, match="docx"):
        get_renderer("docx")


@pytest.mark.parametrize(
    "seconds, text, fixed",
    [
        (0, "00:00", "00:00:00"),
        (754.9, "12:34", "00:12:34"),
        (3725.0, "1:02:05", "01:02:05"),
        (-3, "00:00", "00:00:00"),
        (36000, "10:00:00", "10:00:00"),
    ],
)
def test_one_clock_for_every_moment_a_person_reads(seconds, text, fixed):
    assert format_moment(seconds) == text
    assert format_moment(seconds, fixed=True) == fixed  # a live meter's width does not jump


def test_format_day_and_duration():
    assert format_day(date(2026, 11, 27)) == "Fri 27 Nov"
    assert format_day(date(2027, 3, 31), year=True) == "Wed 31 Mar 2027"
    assert format_day(date(2027, 3, 31), long=True) == "Wednesday 31 March"
    assert format_duration(20) == "under a minute"
    assert format_duration(50 * 60 + 10) == "50-minute"
    assert format_duration(65 * 60) == "1 h 05 min"


def test_smart_check_derives_missing_when_not_given():
    assert smart_check(None) is None
    assert smart_check({"specific": True, "measurable": False, "achievable": True}) == (
        "SMART check: S ✓ · M ✗ · A ✓ — missing: a measure"
    )
    assert smart_check({"missing": "deadline"}) == "SMART check: done — missing: deadline"


def test_a_habit_with_a_number_shows_as_the_game_to_play():
    items = [
        item("commitment", "Walk after lunch", 10, owner="client", measure=Measure(20, "minutes", "daily")),
        item("next_step", "Email five past clients", 20, owner="client", measure=Measure(5, "clients")),
    ]
    text = MarkdownRenderer().render(session(), items, None)
    assert "- [ ] Walk after lunch — Sarah [00:10]\n  - The game: 20 minutes, daily\n" in text
    assert "The game: 5 clients" not in text  # a one-off count is not a habit to track

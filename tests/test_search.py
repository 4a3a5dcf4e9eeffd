"""`recap search`: every session's transcript and items, through a real SQLite FTS5 index."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from recap.cli import cli

FIRST = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Dana>What would make the pricing conversation easier?

00:00:04.500 --> 00:00:09.000
<v Priya Raman>I'm going to send the new pricing sheet to three clients by Friday.

00:01:05.000 --> 00:01:09.000
<v Priya Raman>Honestly the weather has been awful all week.
"""
SECOND = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Dana>How did the gym go this week?

00:00:04.500 --> 00:00:09.000
<v Tom Becker>I went twice, and I'll book a session with the trainer tomorrow.
"""


def run(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def hits(*args: str) -> list[dict]:
    return json.loads(run("search", *args, "--json").stdout)["hits"]


def imported(tmp_path, name: str, text: str, when: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    out = run("import", str(path), "--coach", "Dana", "--date", when, "--json").stdout
    return json.loads(out)["sessions"][0]["session"]["id"]


def test_search_finds_words_in_transcripts_and_items_with_where_and_when(home, tmp_path):
    first = imported(tmp_path, "a.vtt", FIRST, "2026-11-10")
    second = imported(tmp_path, "b.vtt", SECOND, "2026-11-17")
    found = hits("pricing")
    assert found and all(h["session"] == first and h["client"] == "Priya Raman" for h in found)
    said = [h for h in found if h["kind"] == "transcript"]
    assert {h["start"] for h in said} == {1.0, 4.5}
    assert all("[pricing]" in h["snippet"] for h in said)
    item = next(h for h in found if h["kind"] == "commitment")
    assert item["item"] and "[pricing]" in item["snippet"].lower()
    # Stems: "booked" finds "book"; every word must appear.
    assert [h["session"] for h in hits("booking", "trainer")] == [second] * len(hits("booking", "trainer"))
    assert hits("pricing", "gym") == []
    assert hits("weather") and hits("weather")[0]["start"] == 65.0
    shown = run("search", "weather").stdout
    assert first in shown and "[01:05]" in shown and "[weather]" in shown


def test_search_filters_by_client_first_name_and_kind(home, tmp_path):
    imported(tmp_path, "a.vtt", FIRST, "2026-11-10")
    imported(tmp_path, "b.vtt", SECOND, "2026-11-17")
    assert {h["client"] for h in hits("week")} == {"Priya Raman", "Tom Becker"}
    assert {h["client"] for h in hits("week", "--client", "tom")} == {"Tom Becker"}
    assert {h["client"] for h in hits("week", "--client", "TOM BECKER")} == {"Tom Becker"}
    assert {h["kind"] for h in hits("pricing", "--kind", "commitment")} == {"commitment"}
    assert hits("pricing", "--kind", "goal") == []


def test_the_index_follows_every_new_session_and_rebuilds_from_the_sessions(home, tmp_path):
    imported(tmp_path, "a.vtt", FIRST, "2026-11-10")
    assert hits("pricing")  # builds the index
    assert hits("trainer") == []
    second = imported(tmp_path, "b.vtt", SECOND, "2026-11-17")
    assert {h["session"] for h in hits("trainer")} == {second}  # updated by the import, no rebuild
    with sqlite3.connect(home / "search.db") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        db.execute("DELETE FROM rows")
    assert "docs" in tables  # a real full-text index
    assert hits("trainer") == []
    assert "Rebuilt the search index from 2 session(s)" in run("search", "--rebuild").output
    assert {h["session"] for h in hits("trainer")} == {second}
    (home / "search.db").write_bytes(b"not a database")
    assert {h["session"] for h in hits("trainer")} == {second}  # a damaged index is rebuilt


def test_search_needs_words(home):
    result = CliRunner().invoke(cli, ["search", "--", "!!"])
    assert result.exit_code == 1 and "nothing to search for" in result.output
    result = CliRunner().invoke(cli, ["search"])
    assert result.exit_code == 2 and "give the words" in result.output

"""A practice from one session to the next, through the real commands and a real store.

Sessions come from transcripts (no model needed): the same path a Zoom or Teams
transcript takes. Every test starts from an empty data home.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from recap.cli import cli

FIRST = """\
Dana: Welcome back, Priya. What would make this session useful?
Priya: I keep putting off sales calls. I have a list of prospects and I never ring them.
Dana: What would you like to do about it this week?
Priya: I will call three prospects by Friday.
Dana: And the newsletter?
Priya: I'm going to draft the newsletter outline before next Wednesday.
Dana: Good. I'll send you the script template tomorrow.
"""

SECOND = """\
Dana: Good to see you, Priya. Last time you said you'd call three prospects. How did that go?
Priya: I called two of the three prospects, and one of them wants a proposal.
Dana: That is real progress. And the newsletter outline?
Priya: I didn't get to the newsletter outline, the week got away from me.
Dana: What will you do about the proposal?
Priya: I will send the proposal to the prospect by Thursday.
"""


def invoke(*args, input=None, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env, catch_exceptions=False)


def ok(*args, **kw):
    result = invoke(*args, **kw)
    assert result.exit_code == 0, result.output
    return result


def as_json(*args):
    return json.loads(ok(*args, "--json").stdout)


def error(result, code=1) -> str:
    assert result.exit_code == code, result.output
    lines = [line for line in result.output.strip().splitlines() if line]
    assert lines[-1].startswith("Error:"), result.output
    return lines[-1]


def at_a_terminal(args: list[str], typed: str) -> str:
    """Run recap with a pseudo-terminal as its stdin (where it may ask questions); returns stdout."""
    import pty
    import subprocess
    import sys

    main, other = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "recap", *args],
            stdin=other,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        os.write(main, typed.encode())
        out, _ = proc.communicate(timeout=60)
    finally:
        os.close(main)
        os.close(other)
    return out


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def imported(tmp_path, name, text, *args) -> dict:
    """Import a transcript; returns the new session's JSON (session, items, since_last_time)."""
    out = as_json("import", write(tmp_path, name, text), *args)
    assert len(out["sessions"]) == 1, out
    return out["sessions"][0]


def items_of(session_json, kind=None) -> list[dict]:
    return [i for i in session_json["items"] if kind is None or i["kind"] == kind]


def find(items, words) -> dict:
    found = [i for i in items if words.lower() in i["text"].lower()]
    assert len(found) == 1, (words, [i["text"] for i in items])
    return found[0]


@pytest.fixture
def story(home, tmp_path):
    """Two sessions of Priya a week apart, with the coach configured once."""
    ok("config", "set", "coach", "Dana")
    one = imported(tmp_path, "one.txt", FIRST, "--client", "Priya", "--date", "2026-11-20")
    two = imported(tmp_path, "two.txt", SECOND, "--client", "priya", "--date", "2026-11-27")
    return one, two


# --- the two-session story -------------------------------------------------------------------


def test_two_sessions_carry_a_commitment_forward_and_close_it(story):
    one, two = story
    call = find(items_of(one, "commitment"), "call three prospects")
    assert call["due"] == "2026-11-27" and call["owner"] == "client" and call["id"]
    assert call["text"] == "Call three prospects"  # the deadline is shown apart, not left in the words

    # Session two opens with what session one left open, and proposes "done" with the words as evidence.
    since = {i["id"]: i for i in two["since_last_time"]}
    assert call["id"] in since and since[call["id"]]["session"] == one["session"]["id"]
    proposal = since[call["id"]]["proposed"]
    assert proposal["status"] == "done" and "called two of the three" in proposal["evidence"]
    assert proposal["session"] == two["session"]["id"]
    outline = find(list(since.values()), "newsletter outline")
    assert outline["proposed"]["status"] == "open" and "didn't get to" in outline["proposed"]["evidence"]
    # Nothing changed status on its own.
    assert all(i["status"] == "open" for i in since.values())

    shown = ok("show", two["session"]["id"]).output
    assert "Since last time" in shown and shown.index("Since last time") < shown.index("Commitments")
    assert f"confirm: recap done {call['id']}" in shown
    shared = ok("share", two["session"]["id"]).stdout
    assert "## Since last time" in shared and "- [ ] Call three prospects" in shared
    assert "called two of the three" not in shared  # the evidence is for the coach

    ok("done", call["id"])
    listed = {i["id"]: i for i in as_json("items")["items"]}
    assert listed[call["id"]]["status"] == "done" and listed[call["id"]]["closed"] == date.today().isoformat()
    assert listed[call["id"]]["proposed"] is None
    assert call["id"] not in {i["id"] for i in as_json("items", "--open")["items"]}
    # Still in session two's recap, now ticked.
    assert "- [x] Call three prospects" in ok("share", two["session"]["id"]).stdout
    # A third session, held after it was closed, no longer carries it.
    assert call["id"] not in {
        i["id"]
        for i in imported(
            Path(os.environ["RECAP_HOME"]).parent,
            "three.txt",
            "Priya: Hello again.\nDana: Hi Priya.\n",
            "--client",
            "Priya",
            "--date",
            (date.today() + timedelta(days=1)).isoformat(),
        )["since_last_time"]
    }


def test_a_dropped_plan_is_proposed_as_dropped(home, tmp_path):
    imported(
        tmp_path,
        "a.txt",
        "Coach: What's next?\nSam: I will sign up for the pottery course by Monday.\n",
        "--client",
        "Sam",
        "--coach",
        "Coach",
        "--date",
        "2026-10-01",
    )
    two = imported(
        tmp_path,
        "b.txt",
        "Coach: And the course?\nSam: I decided not to do the pottery course after all.\n",
        "--client",
        "Sam",
        "--coach",
        "Coach",
        "--date",
        "2026-10-08",
    )
    (course,) = two["since_last_time"]
    assert course["proposed"]["status"] == "dropped"


def test_a_question_or_an_unrelated_remark_proposes_nothing(home, tmp_path):
    imported(
        tmp_path,
        "a.txt",
        "Coach: What's next?\nSam: I will sign up for the pottery course by Monday.\n",
        "--client",
        "Sam",
        "--coach",
        "Coach",
        "--date",
        "2026-10-01",
    )
    two = imported(
        tmp_path,
        "b.txt",
        "Coach: Hi Sam.\nSam: Did you ever take a pottery course?\n"
        "Sam: I finished the quarterly report for my manager.\n",
        "--client",
        "Sam",
        "--coach",
        "Coach",
        "--date",
        "2026-10-08",
    )
    (course,) = two["since_last_time"]
    assert course["proposed"] is None


def test_a_realization_is_not_a_report_of_progress(home, tmp_path):
    imported(
        tmp_path,
        "a.txt",
        "Coach: What's next?\nSam: I will sign up for the pottery course by Monday.\n",
        "--client",
        "Sam",
        "--coach",
        "Coach",
        "--date",
        "2026-10-01",
    )
    two = imported(
        tmp_path,
        "b.txt",
        "Coach: Hi Sam.\nSam: I realized the pottery course is really about having something of my own.\n",
        "--client",
        "Sam",
        "--coach",
        "Coach",
        "--date",
        "2026-10-08",
    )
    (course,) = two["since_last_time"]
    assert course["proposed"] is None


def test_years_of_open_actions_do_not_bury_the_news(home, tmp_path):
    from recap.share.common import SINCE_LIMIT

    start = date(2026, 1, 5)
    for week in range(SINCE_LIMIT + 3):
        imported(
            tmp_path,
            f"w{week}.txt",
            f"Coach: What's next?\nSam: I will write chapter {week + 1} of the memoir by Friday.\n",
            "--client",
            "Sam",
            "--coach",
            "Coach",
            "--date",
            (start + timedelta(weeks=week)).isoformat(),
        )
    last = imported(
        tmp_path,
        "last.txt",
        "Coach: How did chapter one go?\nSam: I finished chapter 1 of the memoir.\n",
        "--client",
        "Sam",
        "--coach",
        "Coach",
        "--date",
        "2026-06-01",
    )
    assert len(last["since_last_time"]) == SINCE_LIMIT + 3  # the JSON holds all of them
    shown = ok("show", last["session"]["id"]).output
    since = " ".join(shown[shown.index("Since last time") :].split())
    assert "chapter 1 of the memoir" in since and "Proposed: done" in since  # the news, though oldest
    assert "chapter 2 of the memoir" not in since and "chapter 3 of the memoir" not in since
    assert all(f"chapter {n} of the memoir" in since for n in range(4, SINCE_LIMIT + 4))
    assert '…and 2 more still open from earlier sessions — recap items --open --client "Sam"' in since
    shared = ok("share", last["session"]["id"]).stdout
    assert "_…and 2 more still open from earlier sessions._" in shared and "recap items" not in shared


def test_edits_survive_summarizing_again(story):
    one, _ = story
    sid = one["session"]["id"]
    call = find(items_of(one, "commitment"), "call three prospects")
    ok("edit", call["id"], "--text", "Call three warm prospects", "--due", "2026-11-26", "--owner", "client")
    template = find(items_of(one, "commitment"), "script template")
    ok("drop", template["id"])
    again = invoke("summarize", sid, "--json")
    assert again.exit_code == 0, again.output
    assert "Kept 2 item(s)" in again.stderr
    items = json.loads(again.stdout)["items"]
    edited = [i for i in items if i["id"] == call["id"]]
    assert len(edited) == 1 and edited[0]["text"] == "Call three warm prospects"
    assert edited[0]["due"] == "2026-11-26" and edited[0]["edited"] and edited[0]["reviewed"]
    assert not [i for i in items if i["id"] != call["id"] and i["kind"] == "commitment" and "prospects" in i["text"]]
    assert [i["status"] for i in items if i["id"] == template["id"]] == ["dropped"]


def test_reopen_and_closing_several_at_once(story):
    one, _ = story
    ids = [i["id"] for i in items_of(one, "commitment")]
    out = ok("done", *ids).output
    assert all(f"Done {i}" in out for i in ids)
    assert not [i for i in as_json("items", "--open", "--kind", "commitment")["items"] if i["id"] in ids]
    ok("reopen", ids[0])
    reopened = [i for i in as_json("items", "--open")["items"] if i["id"] == ids[0]]
    assert reopened and reopened[0]["closed"] is None


# --- clients and the coach ----------------------------------------------------------------


def test_the_coach_is_named_once(home, tmp_path):
    ok("config", "set", "coach", "  Dana   Whitfield ")
    assert ok("config", "get", "coach").output.strip() == "Dana Whitfield"
    assert as_json("config", "list")["settings"] == {"coach": "Dana Whitfield"}
    # A transcript whose coach speaks as "Dana Whitfield": roles follow without --coach.
    session = imported(
        tmp_path,
        "call.txt",
        "Dana Whitfield: What will you do?\nLee: I will book the venue by Friday.\n",
        "--date",
        "2026-11-18",
    )
    assert session["session"]["coach"] == "Dana Whitfield" and session["session"]["client"] == "Lee"
    assert find(items_of(session, "commitment"), "book the venue")["owner"] == "client"
    ok("config", "unset", "coach")
    assert ok("config", "get", "coach").output == ""
    assert error(invoke("config", "set", "coach", " "), 2)
    assert invoke("config", "set", "colour", "blue").exit_code == 2


def test_clients_and_a_clients_history(story, tmp_path):
    listed = as_json("clients")["clients"]
    assert [(c["name"], c["sessions"], c["last"]) for c in listed] == [("Priya", 2, "2026-11-27")]
    assert listed[0]["open"] >= 4 and listed[0]["overdue"] >= 3  # past their due dates by now
    history = as_json("client", "PRIYA")
    assert [s["date"] for s in history["sessions"]] == ["2026-11-20", "2026-11-27"]
    assert {i["text"] for i in history["overdue"]} >= {"Call three prospects"}
    text = ok("client", "Priya").output
    assert "Overdue" in text and "Call three prospects" in text
    assert "no client 'Nobody'" in error(invoke("client", "Nobody"))


def test_a_number_tracked_across_sessions(home, tmp_path):
    for day, steps in (("2026-10-01", "5,000"), ("2026-10-08", "7,000"), ("2026-10-15", "9,000")):
        imported(
            tmp_path,
            f"{day}.txt",
            f"Coach: What will you practise?\nAna: I will walk {steps} steps every day.\n",
            "--client",
            "Ana",
            "--coach",
            "Coach",
            "--date",
            day,
        )
    measures = as_json("client", "Ana")["measures"]
    (values,) = [v for k, v in measures.items() if "steps" in k]
    assert [v["value"] for v in values] == [5000, 7000, 9000]
    assert "5000 (Thu 1 Oct) → 7000 (Thu 8 Oct) → 9000 (Thu 15 Oct)" in ok("client", "Ana").output


def test_rename_and_merge_keep_all_history(story, tmp_path):
    ok("rename-client", "priya", "Priya Nair")
    assert [c["name"] for c in as_json("clients")["clients"]] == ["Priya Nair"]
    assert all(s["client"] == "Priya Nair" for s in as_json("sessions")["sessions"])
    assert as_json("search", "prospects", "--client", "Priya Nair")["hits"]
    imported(
        tmp_path,
        "p.txt",
        "Coach: Next?\nP: I will write the blog post by Monday.\n",
        "--client",
        "P. Nair",
        "--coach",
        "Coach",
        "--date",
        "2026-12-01",
    )
    ok("merge-clients", "P. Nair", "priya nair")
    (merged,) = as_json("clients")["clients"]
    assert merged["name"] == "Priya Nair" and merged["sessions"] == 3
    assert "no client 'Nobody'" in error(invoke("rename-client", "Nobody", "X"))
    assert "no client 'Nobody'" in error(invoke("merge-clients", "Priya Nair", "Nobody"))


def test_a_sessions_details_are_fixed_afterwards(home, tmp_path):
    path = write(
        tmp_path,
        "call.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Coach>What next?\n\n"
        "00:00:03.500 --> 00:00:06.000\n<v Client>I will send the invoice by Friday.\n",
    )
    (session,) = as_json("import", path, "--coach", "Coach", "--date", "2026-11-18")["sessions"]
    sid = session["session"]["id"]
    out = ok("session", "set", sid, "--client", "Mo Farah", "--date", "2026-11-17", "--coach", "Dana").output
    assert sid in out
    shown = as_json("show", sid)
    assert shown["session"]["id"] == sid  # ids are references: they stay
    assert (shown["session"]["client"], shown["session"]["coach"]) == ("Mo Farah", "Dana")
    assert shown["session"]["created"].startswith("2026-11-17")
    assert {s["speaker"] for s in shown["transcript"]["segments"]} == {"Mo Farah", "Dana"}
    assert [c["name"] for c in as_json("clients")["clients"]] == ["Mo Farah"]
    assert "nothing to change" in error(invoke("session", "set", sid), 2)
    assert error(invoke("session", "set", sid, "--date", "soon"), 2)


def test_without_an_id_commands_take_the_session_added_last(home, tmp_path):
    newer = imported(
        tmp_path,
        "a.txt",
        "Coach: Hi.\nAna: I will call Bob by Friday.\n",
        "--client",
        "Ana",
        "--coach",
        "Coach",
        "--date",
        "2026-11-20",
    )
    older = imported(
        tmp_path,
        "b.txt",
        "Coach: Hi.\nBen: I will call Sue by Friday.\n",
        "--client",
        "Ben",
        "--coach",
        "Coach",
        "--date",
        "2026-10-01",
    )
    assert as_json("show")["session"]["id"] == older["session"]["id"] != newer["session"]["id"]


def test_importing_the_same_file_twice_says_so(home, tmp_path):
    path = write(tmp_path, "call.txt", FIRST)
    first = as_json("import", path, "--client", "Priya", "--coach", "Dana")["sessions"][0]["session"]["id"]
    again = invoke("import", path, "--client", "Priya", "--coach", "Dana")
    assert again.exit_code == 0
    assert f"was imported before, as {first}" in again.stderr and "--again" in again.stderr
    assert len(as_json("sessions")["sessions"]) == 1
    copy = write(tmp_path, "copy-of-call.txt", FIRST)  # another name, the same content
    assert as_json("import", copy)["skipped"] == [{"file": str(copy), "session": first}]
    ok("import", path, "--again", "--client", "Priya", "--coach", "Dana")
    assert len(as_json("sessions")["sessions"]) == 2


def test_delete_removes_a_session_and_everything_made_from_it(story):
    one, two = story
    sid = two["session"]["id"]
    folder = Path(os.environ["RECAP_HOME"]) / "sessions" / sid
    assert folder.is_dir() and as_json("search", "proposal")["hits"]
    refused = invoke("delete", sid)  # no terminal to confirm on
    assert "needs a confirmation" in error(refused, 2) and folder.is_dir()
    # At a terminal it asks first; "n" keeps everything.
    assert "Nothing deleted" in at_a_terminal(["delete", sid], "n\n") and folder.is_dir()
    ok("delete", sid, "--yes")
    assert not folder.exists()
    assert [s["id"] for s in as_json("sessions")["sessions"]] == [one["session"]["id"]]
    assert not as_json("search", "proposal")["hits"]
    assert all(i["session"] != sid for i in as_json("items")["items"])
    # What session two proposed for session one's items is gone with it.
    assert all(i["proposed"] is None for i in as_json("items")["items"])
    assert "no session" in error(invoke("delete", sid, "--yes"))
    assert not [p for p in (Path(os.environ["RECAP_HOME"]) / "sessions").iterdir() if p.name.startswith(".")]


# --- items across sessions ------------------------------------------------------------------


def test_items_filters(story):
    one, two = story
    everything = as_json("items")["items"]
    assert {i["session"] for i in everything} == {one["session"]["id"], two["session"]["id"]}
    assert all(i["kind"] == "commitment" for i in as_json("items", "--kind", "commitment")["items"])
    overdue = as_json("items", "--overdue")["items"]
    assert overdue and all(i["overdue"] and date.fromisoformat(i["due"]) < date.today() for i in overdue)
    assert as_json("items", "--client", "nobody")["items"] == []
    text = ok("items", "--client", "PRIYA").output
    assert all(line[:4] in {i["id"] for i in everything} for line in text.splitlines())


def test_adding_what_recap_missed(story):
    one, _ = story
    due = (date.today() + timedelta(days=30)).isoformat()
    out = ok(
        "add", one["session"]["id"], "--kind", "next_step", "--text", "Book the venue", "--owner", "coach", "--due", due
    ).output
    added = [i for i in as_json("items")["items"] if i["text"] == "Book the venue"]
    assert len(added) == 1 and added[0]["id"] in out
    assert (added[0]["kind"], added[0]["owner"], added[0]["due"], added[0]["edited"]) == (
        "next_step",
        "coach",
        due,
        True,
    )
    shared = ok("share", one["session"]["id"]).stdout
    doing = shared.split("## What I'll do")[1]  # the coach's own step, in the coach's section, with its date
    assert "- [ ] Book the venue — by " in doing
    coach_view = ok("share", one["session"]["id"], "--for", "coach").stdout
    assert "Book the venue — Dana · due" in coach_view
    assert error(invoke("add", "--kind", "goal", "--text", "  "), 2)


@pytest.mark.parametrize(
    "args, code, words",
    [
        (("done", "zzzz"), 1, "no item 'zzzz'"),
        (("drop",), 2, "Missing argument"),
        (("edit", "zzzz", "--text", "x"), 1, "no item 'zzzz'"),
        (("add", "--kind", "goal", "--text", "Run a marathon", "--due", "someday soon"), 2, "is not a date"),
        (("items", "--kind", "wish"), 2, "Invalid value"),
    ],
)
def test_item_commands_refuse_bad_input(story, args, code, words):
    result = invoke(*args)
    assert result.exit_code == code and words in result.output, result.output


def test_edit_needs_something_to_change(story):
    one, _ = story
    item = items_of(one)[0]["id"]
    assert "nothing to change" in error(invoke("edit", item), 2)
    assert error(invoke("edit", item, "--due", "the twelfth of never"), 2)


# --- review before sharing ------------------------------------------------------------------


def test_share_warns_until_the_session_is_reviewed(story):
    _, two = story
    sid = two["session"]["id"]
    before = invoke("share", sid)
    assert before.exit_code == 0 and "not reviewed" in before.stderr and "proposed status change" in before.stderr
    # Accept everything, confirm each proposal ("y"), keep unproposed earlier items open ("a").
    keys = "\n".join("y" for _ in range(10)) + "\n"
    ok("review", sid, input=keys)
    after = invoke("share", sid)
    assert after.exit_code == 0 and after.stderr == ""


def test_review_by_keys(story):
    one, _ = story
    sid = one["session"]["id"]
    items = {i["text"]: i for i in items_of(one)}
    order = [i["text"] for i in sorted(items_of(one), key=lambda i: (i["start"], i["kind"]))]
    answers = {
        "Call three prospects": ["e", "Call three warm prospects", "d", "2026-11-26", "a"],
        "Draft the newsletter outline": ["o", "k", "n", "a"],
        "Send you the script template": ["x"],
    }
    keys = ["n", "g", "Sign five retainer clients", "2027-03-31"]  # one item recap missed, first
    for text in order:
        keys += answers.get(text, ["s"])
    result = ok("review", sid, input="\n".join(keys) + "\n")
    assert "Review of" in result.output
    now = {i["id"]: i for i in as_json("items")["items"] if i["session"] == sid}
    call = now[items["Call three prospects"]["id"]]
    assert (call["text"], call["due"], call["reviewed"], call["edited"]) == (
        "Call three warm prospects",
        "2026-11-26",
        True,
        True,
    )
    outline = now[items["Draft the newsletter outline"]["id"]]
    assert (outline["kind"], outline["owner"], outline["reviewed"]) == ("next_step", "coach", True)
    assert now[items["Send you the script template"]["id"]]["status"] == "dropped"
    goal = [i for i in now.values() if i["text"] == "Sign five retainer clients"]
    assert goal and goal[0]["kind"] == "goal" and goal[0]["due"] == "2027-03-31"
    skipped = [i for t, i in items.items() if t not in answers]
    assert all(not now[i["id"]]["reviewed"] for i in skipped)


def test_review_confirms_a_proposal_only_when_asked(story):
    one, two = story
    sid = two["session"]["id"]
    call = find(items_of(one, "commitment"), "call three prospects")
    own = len(items_of(two))
    # Accept this session's own items, then: the first earlier item (the proposal "done") is left for later.
    ok("review", sid, input="\n" * own + "s\nq\n")
    assert next(i for i in as_json("items")["items"] if i["id"] == call["id"])["status"] == "open"
    ok("review", sid, input="\n" * own + "y\nq\n")
    stored = next(i for i in as_json("items")["items"] if i["id"] == call["id"])
    assert stored["status"] == "done" and stored["proposed"] is None


@pytest.fixture
def editor(tmp_path):
    """$EDITOR as a real program: a shell script that edits the draft with sed and appends lines."""

    def make(*sed: str, append: str = "") -> dict:
        script = tmp_path / f"editor-{len(list(tmp_path.glob('editor-*')))}.sh"
        lines = ["#!/bin/sh", 'cp "$1" "$1.seen"'] + [f"sed -i -e '{e}' \"$1\"" for e in sed]
        if append:
            lines.append(f"printf '%s\\n' '{append}' >> \"$1\"")
        script.write_text("\n".join(lines) + "\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        return {"EDITOR": str(script), "VISUAL": ""}

    return make


def test_review_in_an_editor(story, editor):
    one, two = story
    sid = two["session"]["id"]
    call = find(items_of(one, "commitment"), "call three prospects")
    outline = find(items_of(one, "commitment"), "newsletter outline")
    proposal = find(items_of(two, "commitment"), "proposal")
    env = editor(
        f"s/^{call['id']} done? /{call['id']} done /",  # confirm the proposal
        f"s/^{proposal['id']} keep commitment client [^:]*:.*/{proposal['id']} keep commitment client 2026-12-04: "
        "Send Acme the proposal/",
        append="new keep insight - -: Asking is not the same as pushing",
    )
    result = invoke("review", sid, "--editor", env=env)
    assert result.exit_code == 0, result.output
    items = {i["id"]: i for i in as_json("items")["items"]}
    assert items[call["id"]]["status"] == "done"
    assert items[outline["id"]]["status"] == "open" and items[outline["id"]]["proposed"]["status"] == "open"
    assert (items[proposal["id"]]["text"], items[proposal["id"]]["due"]) == ("Send Acme the proposal", "2026-12-04")
    assert [i for i in items.values() if i["kind"] == "insight" and i["text"].startswith("Asking is not")]


def test_a_malformed_draft_names_the_line_and_loses_nothing(story, editor):
    _, two = story
    sid = two["session"]["id"]
    before = as_json("items")["items"]
    bad = editor("s/ keep commitment / keep promise /")
    result = invoke("review", sid, "--editor", env=bad)
    message = error(result)
    assert "draft line" in message and "unknown kind 'promise'" in message and "kept in" in message
    assert as_json("items")["items"] == before  # nothing applied
    kept = Path(message.split("kept in ")[1].split(";")[0])
    assert "promise" in kept.read_text()
    # The next review continues that draft; fixed, it applies and the draft is gone.
    fixed = editor("s/ keep promise / keep commitment /")
    result = invoke("review", sid, "--editor", env=fixed)
    assert result.exit_code == 0 and "unfinished draft" in result.stderr, result.output
    assert not kept.exists()
    assert all(i["reviewed"] for i in as_json("items")["items"] if i["session"] == sid)


def test_a_draft_closed_without_saving_changes_nothing(story, tmp_path):
    _, two = story
    before = as_json("items")["items"]
    result = invoke("review", two["session"]["id"], "--editor", env={"EDITOR": "true", "VISUAL": ""})
    assert result.exit_code == 0 and "nothing changed" in result.output
    assert as_json("items")["items"] == before


@pytest.mark.parametrize(
    "line, words",
    [
        ("zzzz keep goal - -: A goal", "no item 'zzzz'"),
        ("new keep goal - 2026-13-40: A goal", "is not a date"),
        ("new maybe goal - -: A goal", "unknown action 'maybe'"),
        ("new keep goal someone -: A goal", "unknown owner 'someone'"),
        ("new keep goal - -:", "no text"),
        ("just some words", "expected 'ID ACTION KIND OWNER DUE: TEXT'"),
    ],
)
def test_draft_errors(story, editor, line, words):
    _, two = story
    result = invoke("review", two["session"]["id"], "--editor", env=editor(append=line))
    assert words in error(result)

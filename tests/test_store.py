import json
import multiprocessing
from dataclasses import replace
from datetime import date, datetime

import pytest

from recap.domain import Item, Segment, Session, Track, Transcript
from recap.errors import SessionNotFound, StoreError
from recap.store import SCHEMA_VERSION, Store


def make_session(sid: str, hour: int = 10, client: str | None = "Sarah") -> Session:
    return Session(
        id=sid,
        created=datetime(2026, 11, 22, hour, 5),
        client=client,
        status="recorded",
        tracks=[Track(role="coach", file="audio/coach.wav", samplerate=16000, frames=32000, started_at=1.5)],
    )


def make_item(start: float, kind: str = "commitment") -> Item:
    return Item(
        kind=kind,
        text="Finish the outline",
        owner="client",
        due=date(2026, 11, 27),
        start=start,
        end=start + 2,
        quote="I'll finish the outline by Friday",
        rule="first_person_future",
        speaker="Sarah",
        confidence=0.9,
        due_text="by Friday",
    )


def test_session_round_trip(tmp_path):
    store = Store(tmp_path / "recap.json")
    session = make_session("2026-11-22-1005-sarah")
    store.save_session(session)
    got = store.get_session(session.id)
    assert got == session
    assert got.tracks[0].duration == 2.0


def test_results_replace_items_and_keep_transcript(tmp_path):
    store = Store(tmp_path / "recap.json")
    session = make_session("s1")
    transcript = Transcript(
        segments=[
            Segment(0, 2, "We started with the weather", "Sarah", "client"),
            Segment(2, 4, "I'll finish the outline by Friday", "Sarah", "client"),
        ]
    )
    store.save_results(session, transcript, [make_item(5.0), make_item(1.0, "goal")])
    assert [i.start for i in store.items("s1")] == [1.0, 5.0]
    store.save_results(session, transcript, [make_item(3.0)])
    items = store.items("s1")
    assert len(items) == 1 and items[0].with_id("x") == make_item(3.0).with_id("x")
    assert store.get_transcript("s1") == transcript
    assert store.get_transcript("other") is None
    # The transcript lives in the session's folder, not in the index.
    assert store.transcript_path("s1") == tmp_path / "sessions" / "s1" / "transcript.json"
    assert "the weather" not in (tmp_path / "recap.json").read_text()


def test_find_session_latest_prefix_and_errors(tmp_path):
    store = Store(tmp_path / "recap.json")
    with pytest.raises(SessionNotFound, match="no sessions yet"):
        store.find_session(None)
    store.save_session(make_session("2026-11-22-0905-sarah", hour=9))
    store.save_session(make_session("2026-11-22-1005-sam", hour=10))
    assert store.find_session(None).id == "2026-11-22-1005-sam"
    assert store.find_session("2026-11-22-09").id == "2026-11-22-0905-sarah"
    with pytest.raises(SessionNotFound, match="matches 2 sessions"):
        store.find_session("2026-11-22")
    with pytest.raises(SessionNotFound, match="no session 'nope'"):
        store.find_session("nope")


def test_damaged_store_is_a_clear_error(tmp_path):
    path = tmp_path / "recap.json"
    path.write_text('{"sessions": {"1": ', encoding="utf-8")
    with pytest.raises(StoreError, match="damaged"):
        Store(path).sessions()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "recap.json"
    path.write_text(json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 1}}}), encoding="utf-8")
    with pytest.raises(StoreError, match="newer recap"):
        Store(path).sessions()


def test_write_is_atomic_no_temp_files_left(tmp_path):
    store = Store(tmp_path / "recap.json")
    store.save_session(make_session("s1"))
    leftovers = [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    assert leftovers == []
    json.loads((tmp_path / "recap.json").read_text())  # valid JSON on disk


def _writer(path: str, prefix: str, n: int) -> None:
    store = Store(path)
    for i in range(n):
        store.save_session(make_session(f"{prefix}-{i:02d}"))


def test_concurrent_writers_lose_nothing(tmp_path):
    path = str(tmp_path / "recap.json")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, p, 15)) for p in ("a", "b", "c")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    ids = {s.id for s in Store(path).sessions()}
    assert len(ids) == 45


def test_items_are_stored_without_their_empty_fields_and_read_back_whole(tmp_path):
    store = Store(tmp_path / "recap.json")
    transcript = Transcript(segments=[Segment(0, 2, "I'll finish the outline by Friday", "Sarah", "client")])
    bare = Item(kind="insight", text="Mornings work", owner=None, due=None, start=1.0, end=2.0, quote="", rule="r")
    saved = store.save_results(make_session("s1"), transcript, [make_item(5.0), bare])
    docs = {d["kind"]: d for d in json.loads((tmp_path / "recap.json").read_text())["items"].values()}
    assert set(docs["insight"]) == {
        "session",
        "id",
        "kind",
        "text",
        "start",
        "end",
        "quote",
        "rule",
        "confidence",
        "status",
    }
    assert docs["commitment"]["due"] == "2026-11-27" and "proposed" not in docs["commitment"]
    assert store.items("s1") == saved
    # A field set and then cleared leaves the document again.
    action = next(i for i in saved if i.kind == "commitment")
    proposal = {"status": "done", "evidence": "done it", "session": "s2", "start": 3.0}
    with store.write() as index:
        index.update_item(replace(action, proposed=proposal, reviewed=True))
    assert store.items("s1")[1].proposed == proposal
    with store.write() as index:
        index.update_item(replace(action, proposed=None))
    doc = next(d for d in json.loads((tmp_path / "recap.json").read_text())["items"].values() if d["id"] == action.id)
    assert "proposed" not in doc and "reviewed" not in doc and doc["session"] == "s1"
    assert store.items("s1")[1] == action


def test_item_ids_are_short_unique_and_survive_a_rerun(tmp_path):
    store = Store(tmp_path / "recap.json")
    session = make_session("s1")
    transcript = Transcript(segments=[Segment(0, 2, "I'll finish the outline by Friday", "Sarah", "client")])
    first = store.save_results(session, transcript, [make_item(1.0), make_item(9.0, "goal")])
    ids = [i.id for i in first]
    assert len(set(ids)) == 2 and all(len(i) == 4 and int(i, 16) >= 0 for i in ids)
    again = store.save_results(session, transcript, [make_item(9.2, "goal"), make_item(1.0), make_item(30.0)])
    by_start = {round(i.start): i.id for i in again}
    assert by_start[1] == ids[0] and by_start[9] == ids[1] and by_start[30] not in ids


def test_every_write_keeps_the_last_good_store_and_sweeps_stale_temp_files(tmp_path):
    path = tmp_path / "recap.json"
    store = Store(path)
    store.save_session(make_session("s1"))
    first = path.read_bytes()
    stale = tmp_path / ".recap-killed.tmp"
    stale.write_text("a copy a killed writer left")
    store.save_session(make_session("s2"))
    assert (tmp_path / "recap.json.bak").read_bytes() == first
    assert not stale.exists()
    assert {s.id for s in store.sessions()} == {"s1", "s2"}


def test_a_reading_command_sweeps_stale_temp_files_unless_a_writer_is_at_work(home):
    from click.testing import CliRunner

    from recap.cli import cli
    from recap.locks import try_lock, unlock

    Store(home / "recap.json").save_session(make_session("s1"))
    stale = home / ".recap-killed.tmp"
    stale.write_text("a copy of the index a killed writer left")
    held = try_lock(home / "recap.json.lock")  # a writer at work: its temp file is not stale
    assert CliRunner().invoke(cli, ["sessions"]).exit_code == 0
    assert stale.exists()
    unlock(held)
    assert CliRunner().invoke(cli, ["sessions"]).exit_code == 0
    assert not stale.exists()


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", r"is empty \(0 bytes\)"),
        (b"\xff\xfe\x00junk", "invalid UTF-8"),
        (b"[1, 2, 3]", "unexpected JSON shape"),
        (b'{"sessions": {"1": ', "damaged"),
    ],
)
def test_an_unreadable_store_is_refused_naming_the_backup_never_replaced(tmp_path, content, problem):
    path = tmp_path / "recap.json"
    store = Store(path)
    store.save_session(make_session("s1"))
    store.save_session(make_session("s2"))
    path.write_bytes(content)
    for attempt in (store.sessions, lambda: store.save_session(make_session("s3"))):
        with pytest.raises(StoreError, match=problem) as err:
            attempt()
        assert "recap.json.bak" in str(err.value)
    assert path.read_bytes() == content  # never silently replaced
    (tmp_path / "recap.json.bak").replace(path)
    assert [s.id for s in store.sessions()] == ["s1"]


def test_a_store_that_is_a_folder_is_one_clear_error(tmp_path):
    (tmp_path / "recap.json").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path / "recap.json").sessions()


def test_reading_takes_no_lock_and_works_on_a_read_only_home(tmp_path):
    import os
    import stat

    store = Store(tmp_path / "recap.json")
    store.save_session(make_session("s1"))
    (tmp_path / "recap.json.lock").unlink()
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(tmp_path, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        assert [s.id for s in store.sessions()] == ["s1"]
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_a_store_written_by_recap_0_1_is_migrated_once_keeping_the_old_file(tmp_path):
    import shutil
    from pathlib import Path

    home = tmp_path / "home"
    shutil.copytree(Path(__file__).parent / "fixtures" / "home-v1", home)
    old = (home / "recap.json").read_bytes()
    assert b'"transcripts"' in old
    store = Store(home / "recap.json")
    sessions = store.sessions()
    assert [s.id for s in sessions] == ["2026-11-10-1200-priya", "2026-11-17-1200-priya", "2026-11-20-0930-sam"]
    assert (home / "recap.json.schema1.bak").read_bytes() == old
    data = json.loads((home / "recap.json").read_text())
    assert "transcripts" not in data and data["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert data["meta"]["1"]["migrations"] == ["transcripts_in_session_folders"]
    items = store.items("2026-11-10-1200-priya")
    assert items and all(len(i.id) == 4 for i in items)
    ids = [i.id for i in items]
    assert "three discovery calls" in store.get_transcript("2026-11-10-1200-priya").text
    assert store.client_vocab("priya") == ["Acme", "Kowalczyk"]
    # Once: opening again changes nothing, and the ids stay.
    again = (home / "recap.json").read_bytes()
    assert [i.id for i in Store(home / "recap.json").items("2026-11-10-1200-priya")] == ids
    assert (home / "recap.json").read_bytes() == again


def test_a_read_after_this_process_wrote_parses_nothing_again_unless_the_file_changed(tmp_path, monkeypatch):
    import recap.store as store_module

    store = Store(tmp_path / "recap.json")
    store.save_session(make_session("s1"))
    parsed = []
    real_loads = store_module.orjson.loads
    monkeypatch.setattr(store_module.orjson, "loads", lambda raw: parsed.append(1) or real_loads(raw))
    assert [s.id for s in store.sessions()] == ["s1"] and parsed == []
    # Another process writes: the next read sees its change.
    Store(tmp_path / "recap.json").save_session(make_session("s2", hour=11))
    assert [s.id for s in store.sessions()] == ["s1", "s2"] and parsed

import json
import multiprocessing
from datetime import date, datetime

import pytest

from recap.domain import Item, Segment, Session, Track, Transcript
from recap.errors import SessionNotFound, StoreError
from recap.store import SCHEMA_VERSION, Store


def make_session(sid: str, hour: int = 10, client: str | None = "Sarah") -> Session:
    return Session(
        id=sid, created=datetime(2026, 11, 22, hour, 5), client=client, status="recorded",
        tracks=[Track(role="coach", file="audio/coach.wav", samplerate=16000, frames=32000, started_at=1.5)],
    )


def make_item(start: float, kind: str = "commitment") -> Item:
    return Item(kind=kind, text="Finish the outline", owner="client", due=date(2026, 11, 27), start=start,
                end=start + 2, quote="I'll finish the outline by Friday", rule="first_person_future",
                speaker="Sarah", confidence=0.9, due_text="by Friday")


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
    transcript = Transcript(segments=[Segment(0, 2, "I'll finish the outline by Friday", "Sarah", "client")])
    store.save_results(session, transcript, [make_item(5.0), make_item(1.0, "goal")])
    assert [i.start for i in store.items("s1")] == [1.0, 5.0]
    store.save_results(session, transcript, [make_item(3.0)])
    items = store.items("s1")
    assert len(items) == 1 and items[0] == make_item(3.0)
    assert store.get_transcript("s1") == transcript
    assert store.get_transcript("other") is None


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

from datetime import datetime

import pytest

from recap import sessions
from recap.store import Store


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Sarah", "sarah"),
        ("Zoë O'Neil", "zoe-oneil"),
        ("../../etc/passwd", "etc-passwd"),
        ("  ", ""),
        (None, ""),
        ("李雷", ""),
        ("A" * 60, "a" * 24),
    ],
)
def test_slugify_never_leaks_raw_names_into_paths(name, slug):
    assert sessions.slugify(name) == slug


def test_session_ids_are_readable_sortable_and_unique(home):
    store = Store(home / "recap.json")
    when = datetime(2026, 11, 22, 14, 5, 33)
    first = sessions.create_session(store, client="Sarah", when=when)
    second = sessions.create_session(store, client="Sarah", when=when)
    anonymous = sessions.create_session(store, when=when)
    assert first.id == "2026-11-22-1405-sarah"
    assert second.id == "2026-11-22-1405-sarah-2"
    assert anonymous.id == "2026-11-22-1405"
    assert (home / "sessions" / first.id / "audio").is_dir()
    manifest = sessions.read_manifest(home / "sessions" / first.id)
    assert manifest is not None and manifest.client == "Sarah" and manifest.status == "recording"
    assert next(s.id for s in store.sessions()) == first.id


def test_track_inputs_align_tracks_and_name_speakers(home):
    from recap.domain import Track

    store = Store(home / "recap.json")
    session = sessions.create_session(store, client="Sarah", coach="Dana")
    folder = home / "sessions" / session.id
    for name in ("coach.wav", "client.wav"):
        (folder / "audio" / name).write_bytes(b"RIFF")
    session.tracks = [
        Track(role="coach", file="audio/coach.wav", started_at=100.25),
        Track(role="client", file="audio/client.wav", started_at=100.0),
        Track(role="client", file="audio/missing.wav", started_at=100.0),
    ]
    inputs = sessions.track_inputs(session)
    assert [(i.speaker, i.role, i.offset) for i in inputs] == [("Dana", "coach", 0.25), ("Sarah", "client", 0.0)]


def test_track_inputs_without_audio_is_an_error(home):
    from recap.errors import RecapError

    store = Store(home / "recap.json")
    session = sessions.create_session(store, client="Sarah")
    with pytest.raises(RecapError, match="has no audio"):
        sessions.track_inputs(session)


def test_vocab_is_parsed_and_remembered_per_client(home):
    store = Store(home / "recap.json")
    assert sessions.parse_vocab(" Siobhan, Acme;Toastmasters\n, ") == ["Siobhan", "Acme", "Toastmasters"]
    first = sessions.create_session(store, client="Siobhan Kowalczyk", coach="Dana")
    words = sessions.session_vocab(store, first, ["Acme", "Toastmasters"])
    assert words == ["Siobhan Kowalczyk", "Dana", "Acme", "Toastmasters"]
    store.add_client_vocab(first.client, ["Acme", "Toastmasters"])  # what summarize does once it is done
    # The next session with the same client starts from what was remembered.
    later = sessions.create_session(store, client="siobhan  kowalczyk")
    assert sessions.session_vocab(store, later) == ["siobhan  kowalczyk", "Acme", "Toastmasters"]
    other = sessions.create_session(store, client="Sam")
    assert sessions.session_vocab(store, other) == ["Sam"]

"""Crash proofs with real parts: the recorder and summarize killed with SIGKILL at random moments.

The proofs themselves live in bench/reliability.py, which prints their figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from reliability import recorder_kills, summarize_kills, unplugs

pytestmark = pytest.mark.slow


def test_fifty_kills_of_a_two_track_recording_each_recover_playable_losing_at_most_two_seconds(
    tmp_path, pulse, audio_tools, capsys
):
    proof = recorder_kills(pulse, 50, tmp_path, echo=lambda line: None)
    with capsys.disabled():
        print("\n" + proof.line(" s"))
    assert proof.tried == 50 and proof.survived == 50, proof.notes
    assert max(proof.lost) <= 2.0


def test_summarize_killed_midway_leaves_the_session_whole_and_a_rerun_finishes(
    tmp_path, audio_tools, capsys, monkeypatch
):
    monkeypatch.delenv("RECAP_HOME", raising=False)
    proof = summarize_kills(8, tmp_path, echo=lambda line: None)
    with capsys.disabled():
        print("\n" + proof.line())
    assert proof.tried == 8 and proof.survived == 8 and not proof.notes, proof.notes


def test_a_microphone_unplugged_mid_call_is_stamped_between_the_unplugging_and_the_notice(
    tmp_path, pulse, audio_tools, capsys
):
    # How soon the loss is noticed is a figure of bench/reliability.py, not asserted here.
    proof = unplugs(pulse, 3, tmp_path, echo=lambda line: None)
    with capsys.disabled():
        print("\n" + proof.line(" s"))
    assert proof.tried == 3 and proof.survived == 3, proof.notes

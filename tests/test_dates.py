"""Deadline words and their dates."""

from __future__ import annotations

from datetime import date

import pytest

from recap.extract.dates import find_deadline, resolve

SUNDAY = date(2026, 11, 22)
WEDNESDAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    "sentence, words, due",
    [
        ("I'll call her tomorrow.", "tomorrow", date(2026, 11, 23)),
        ("I'll send it by Friday.", "by Friday", date(2026, 11, 27)),
        ("Let's look at it next week.", "next week", date(2026, 11, 29)),
        ("I'll have it done in two weeks.", "in two weeks", date(2026, 12, 6)),
        ("I want to launch by the end of March.", "by the end of March", date(2027, 3, 31)),
        ("I'll send you the template tonight.", "tonight", SUNDAY),
        ("We meet again next Tuesday.", "next Tuesday", date(2026, 11, 24)),
        ("Come back in a couple of weeks.", "in a couple of weeks", date(2026, 12, 6)),
        ("Finish it by the end of the month.", "by the end of the month", date(2026, 11, 30)),
    ],
)
def test_find_and_resolve(sentence, words, due):
    d = find_deadline(sentence, SUNDAY)
    assert d is not None
    assert d.text == words
    assert d.due == due


def test_next_weekday_skips_the_current_week():
    assert resolve("next Thursday", WEDNESDAY) == date(2026, 11, 26)
    assert resolve("on Thursday", WEDNESDAY) == date(2026, 11, 19)


def test_next_session_is_left_for_the_caller():
    d = find_deadline("I'll read it before our next session.", SUNDAY)
    assert d.next_session is True
    assert d.due is None
    assert d.text == "before our next session"


def test_no_time_words():
    assert find_deadline("I'll call the pharmacy.", SUNDAY) is None

"""Deadline words and their dates: a table of the ways people say when."""

from __future__ import annotations

from datetime import date

import pytest

from recap.extract.dates import find_deadline, resolve

WEDNESDAY = date(2026, 12, 2)  # the session date of the table
SUNDAY = date(2026, 11, 22)

# (what is said, the deadline words found, the date), said on Wednesday 2 December 2026.
TABLE = [
    ("I'll call her tomorrow.", "tomorrow", date(2026, 12, 3)),
    ("I'll email him tomorrow morning.", "tomorrow morning", date(2026, 12, 3)),
    ("I'll send it tonight.", "tonight", WEDNESDAY),
    ("I'll look at it later today.", "later today", WEDNESDAY),
    ("I'll have it done by Friday.", "by Friday", date(2026, 12, 4)),
    ("Let's speak on Monday evening.", "on Monday evening", date(2026, 12, 7)),
    ("I'll start next Tuesday.", "next Tuesday", date(2026, 12, 8)),
    ("I'll clear the garage this coming Saturday.", "this coming Saturday", date(2026, 12, 5)),
    ("Try it this weekend.", "this weekend", date(2026, 12, 5)),
    ("I'll book it next weekend.", "next weekend", date(2026, 12, 12)),
    ("I'll finish the draft this week.", "this week", date(2026, 12, 4)),
    ("Let's pick it up next week.", "next week", date(2026, 12, 11)),
    ("I'll get the quotes in by next week.", "by next week", date(2026, 12, 11)),
    ("I'll sort the invoices by the end of the week.", "by the end of the week", date(2026, 12, 4)),
    ("I'll have it by the end of next week.", "by the end of next week", date(2026, 12, 11)),
    ("Pay it off by the end of the month.", "by the end of the month", date(2026, 12, 31)),
    ("I'll move by the end of next month.", "by the end of next month", date(2027, 1, 31)),
    ("I want the website live by the end of the year.", "by the end of the year", date(2026, 12, 31)),
    ("I'll do the training by the end of February.", "by the end of February", date(2027, 2, 28)),
    ("I'll enrol next month.", "next month", date(2027, 1, 31)),
    ("I'll have the plan in two weeks.", "in two weeks", date(2026, 12, 16)),
    ("I'll check back in a couple of weeks.", "in a couple of weeks", date(2026, 12, 16)),
    ("I'll test it within a month.", "within a month", date(2027, 1, 2)),
    ("Let's revisit in a fortnight.", "in a fortnight", date(2026, 12, 16)),
    ("I'll have saved it three weeks from now.", "three weeks from now", date(2026, 12, 23)),
    ("I'll decide in about 10 days.", "in about 10 days", date(2026, 12, 12)),
    ("I'll try it in a few days.", "in a few days", date(2026, 12, 5)),
    ("I'll hand it in in a week.", "in a week", date(2026, 12, 9)),
    ("I'll submit it by the 15th.", "by the 15th", date(2026, 12, 15)),
    ("I'll finish by the 1st.", "by the 1st", date(2027, 1, 1)),
    ("It's due by the twenty-first.", "by the twenty-first", date(2026, 12, 21)),
    ("I'll have it done by March 31st.", "by March 31st", date(2027, 3, 31)),
    ("I'll apply by January 10th.", "by January 10th", date(2027, 1, 10)),
    ("We'll meet on 20 January.", "on 20 January", date(2027, 1, 20)),
    ("I'll be ready on the 5th of December.", "on the 5th of December", date(2026, 12, 5)),
    ("I'll post the card by December 25.", "by December 25", date(2026, 12, 25)),
    ("The launch is March 3rd, 2027.", "March 3rd, 2027", date(2027, 3, 3)),
    ("I'll register on Dec. 12.", "on Dec. 12", date(2026, 12, 12)),
    ("I'll renew it by Sept 3.", "by Sept 3", date(2027, 9, 3)),
    ("I'll book the venue by 2027-01-15.", "by 2027-01-15", date(2027, 1, 15)),
    ("I'll have the pitch ready by June.", "by June", date(2027, 6, 30)),
    ("I'll sign up before February.", "before February", date(2027, 1, 31)),
    ("Let's aim for mid-January.", "for mid-January", date(2027, 1, 15)),
    ("I'll start early February.", "early February", date(2027, 2, 10)),
    ("I'll run the numbers by the third of March.", "by the third of March", date(2027, 3, 3)),
    # Two times: the one said with "by" is the deadline, the other when the thing happens.
    ("I'll enter the half marathon in April by Friday.", "by Friday", date(2026, 12, 4)),
    ("I'll pick a venue for the May party by this Sunday.", "by this Sunday", date(2026, 12, 6)),
    ("I'll send the quote by next Tuesday.", "by next Tuesday", date(2026, 12, 8)),
    ("Shall we meet again next Thursday at ten?", "next Thursday", date(2026, 12, 10)),
    ("I'll decide within forty-eight hours.", "within forty-eight hours", date(2026, 12, 4)),
    ("I'll have an answer in twenty-one days.", "in twenty-one days", date(2026, 12, 23)),
    ("On Monday I'll ask for the June leave before the 10th.", "before the 10th", date(2026, 12, 10)),
    ("I'll book the flights for March no later than next week.", "no later than next week", date(2026, 12, 11)),
    # A weekday with its date: the date, on that weekday when it falls on one soon ("Friday the 18th"
    # is this December's), else the date as said (the 17th this month is a Thursday).
    ("Let's do Friday the eighteenth, two-thirty.", "Friday the eighteenth", date(2026, 12, 18)),
    ("Can we say Monday the 4th?", "Monday the 4th", date(2027, 1, 4)),
    ("I'll call him Tuesday the 17th.", "Tuesday the 17th", date(2026, 12, 17)),
    ("I'll submit it by Friday the thirteenth.", "by Friday the thirteenth", date(2026, 12, 13)),
    ("I'll go on Monday the 3rd of May.", "on Monday the 3rd of May", date(2027, 5, 3)),
]


@pytest.mark.parametrize("said, words, due", TABLE)
def test_deadline_phrases(said, words, due):
    found = find_deadline(said, WEDNESDAY)
    assert found is not None, said
    assert (found.text, found.due) == (words, due)


def test_the_table_is_big_enough():
    assert len(TABLE) >= 40


@pytest.mark.parametrize(
    "said",
    [
        "I'll call the pharmacy.",
        "I did it last Friday.",
        "The first time I tried it, it went badly.",
        "We talked about it the other week.",
        # A day that comes back every week is a routine, not a date.
        "I'll block out Friday afternoons for invoicing.",
        "Every Monday I plan the week.",
        "I swim on Tuesday mornings.",
    ],
)
def test_no_deadline(said):
    assert find_deadline(said, WEDNESDAY) is None


def test_the_next_session_is_left_for_the_caller():
    found = find_deadline("I'll read it before our next session.", WEDNESDAY)
    assert found is not None and found.next_session and found.due is None
    assert found.text == "before our next session"
    assert find_deadline("I'll have it done before we meet again.", WEDNESDAY).next_session


def test_a_weekday_is_never_today_and_next_means_next_week():
    friday = date(2026, 12, 4)
    assert resolve("Friday", friday) == date(2026, 12, 11)
    assert resolve("on Thursday", WEDNESDAY) == date(2026, 12, 3)
    assert resolve("next Thursday", WEDNESDAY) == date(2026, 12, 10)
    assert resolve("next Tuesday", SUNDAY) == date(2026, 11, 24)  # Sunday ends the week


def test_a_date_already_past_this_year_is_next_year():
    assert resolve("by January 10th", WEDNESDAY) == date(2027, 1, 10)
    assert resolve("by December 25", WEDNESDAY) == date(2026, 12, 25)
    assert resolve("on the 2nd", WEDNESDAY) == WEDNESDAY
    assert resolve("by February 30th", WEDNESDAY) is None  # no such day


@pytest.mark.parametrize(
    "said",
    [
        "I'll move the Thursday session to Saturday.",  # which session, and where it goes: no deadline
        "The Monday class is full, so I'll go to the gym instead.",
    ],
)
def test_a_weekday_naming_a_thing_or_where_it_moves_is_no_deadline(said):
    assert find_deadline(said, WEDNESDAY) is None

"""SMART check of goals."""

from __future__ import annotations

from datetime import date

import pytest

from recap.domain import Item, Measure, Smart
from recap.extract.measure import find_measure
from recap.extract.smart import check


def test_full_smart_goal():
    s = check(
        "Walk for 30 minutes every day by the end of January because I want to play with my kids",
        "Client: I'd say an eight out of ten.",
        date(2026, 11, 22),
    )
    assert s == Smart(specific=True, measurable=True, attainable=True, relevant=True, time_bound=True, missing=())


def test_vague_goal_lists_what_is_missing():
    s = check("Be healthier")
    assert not s.specific and not s.measurable and not s.time_bound
    assert "no deadline" in s.missing
    assert "no measure" in s.missing
    assert "no confidence rating" in s.missing


def test_vague_verb_made_specific_by_detail():
    assert check("Reduce snacking to one piece of fruit after dinner").specific is True
    assert check("Reduce snacking").specific is False


def test_confidence_rating_in_context_makes_it_attainable():
    assert check("Cook at home on weekends", "Coach: how sure? Client: seven out of 10").attainable
    assert not check("Cook at home on weekends", "Client: yes I like cooking").attainable


def test_measures():
    assert find_measure("write for 30 minutes every morning") == Measure(30, "minutes", "daily")
    assert find_measure("call three prospects a week") == Measure(3, "prospects", "weekly")
    assert find_measure("exercise twice a week") == Measure(2, "times", "weekly")
    assert find_measure("feel better about work") is None


@pytest.mark.parametrize(
    "said, measure",
    [
        ("cycle for forty minutes three mornings a week", Measure(40, "minutes", "3 mornings a week")),
        ("stretch 15 minutes a day, four days a week", Measure(15, "minutes", "4 days a week")),
        ("swim 1 km twice a week", Measure(1, "km", "twice a week")),
        ("practise scales for an hour six evenings a week", Measure(1, "hour", "6 evenings a week")),
        ("bake 2 loaves once a week", Measure(2, "loaves", "weekly")),  # once a week is weekly
        ("walk twenty-five minutes a day", Measure(25, "minutes", "daily")),
        ("read thirteen pages every night", Measure(13, "pages", "daily")),
        ("play 20 minutes of piano seven days a week", Measure(20, "minutes", "daily")),  # every day
    ],
)
def test_an_amount_and_how_often_in_a_week_are_both_kept(said, measure):
    assert find_measure(said) == measure


@pytest.mark.parametrize(
    "said",
    [
        "have a proper one-to-one with each of them",  # "one ... with" is no count of "with"
        "put every deadline into one calendar",  # one of a thing is nothing to track
        "leave by six at the latest",
        "get up at six on weekdays",  # a time of day, whatever plural follows
    ],
)
def test_words_that_are_not_things_counted_give_no_measure(said):
    assert find_measure(said) is None


@pytest.mark.parametrize(
    "said, measure",
    [
        ("write five hundred words every morning", Measure(500, "words", "daily")),
        ("walk ten thousand steps a day", Measure(10000, "steps", "daily")),
        ("save three hundred and fifty pounds a month", Measure(350, "pounds", "monthly")),
        ("read two thousand five hundred words a week", Measure(2500, "words", "weekly")),
        ("get to four hundred grand this year", Measure(400, "grand", None)),  # not "4 hundred"
    ],
)
def test_hundreds_and_thousands_said_in_words(said, measure):
    assert find_measure(said) == measure


def test_numbers_that_pick_things_out_are_not_measures():
    assert find_measure("finish the first three chapters") is None
    assert find_measure("over the next two weeks, walk 3 times a week") == Measure(3, "times", "weekly")
    assert find_measure("open a flower shop one day") is None


def test_a_stored_check_reads_back_whatever_spelling_a_file_holds():
    stored = Smart(specific=True, measurable=False, time_bound=None, missing=("no measure",))
    assert Smart.from_dict(stored.to_dict()) == stored
    assert stored.to_dict() == {"specific": True, "measurable": False, "missing": ["no measure"]}
    assert Smart.from_dict({"achievable": 1, "timely": False, "missing": "deadline"}) == Smart(
        attainable=True, time_bound=False, missing=("deadline",)
    )
    assert Smart.from_dict({}) is None and Smart.from_dict(None) is None
    item = Item("goal", "Run a 10k", None, None, 1.0, 2.0, "", "r", smart={"specific": True})
    assert item.smart == Smart(specific=True)
    assert Item.from_dict(item.to_dict()) == item

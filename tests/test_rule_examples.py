"""Every extraction rule, run alone on the sentences it carries: it fires on its own
examples and stays quiet on its counter-examples (recap/extract/rules/)."""

from __future__ import annotations

import pytest

from recap.domain import Segment
from recap.extract.context import build_turns, contexts
from recap.extract.rules import REGISTRY, RULES, RUN_ORDER, Example, Rule

OTHER = {"client": "coach", "coach": "client"}


def said_by(rule: Rule, example: Example) -> list:
    """The contexts of the example's last turn, said by the rule's speaker after the other person's words."""
    asked, said = example if isinstance(example, tuple) else (None, example)
    segments = []
    if asked:
        segments.append(Segment(0.0, 3.0, asked, OTHER[rule.role].title(), OTHER[rule.role]))
    segments.append(Segment(4.0, 8.0, said, rule.role.title(), rule.role))
    turns = build_turns(segments)
    return [ctx for ctx in contexts(turns, 8.0) if ctx.turn is turns[-1]]


CASES = [(r.name, ex, True) for r in RULES for ex in r.fires] + [(r.name, ex, False) for r in RULES for ex in r.quiet]


@pytest.mark.parametrize(
    "name, example, fires", CASES, ids=[f"{n}-{'fires' if f else 'quiet'}-{i}" for i, (n, _, f) in enumerate(CASES)]
)
def test_rule_on_its_own_examples(name, example, fires):
    rule = REGISTRY[name]
    hits = [hit for ctx in said_by(rule, example) if (hit := rule(ctx)) is not None and hit.text]
    assert bool(hits) == fires, f"{name} {'did not fire' if fires else 'fired'} on {example!r}: {hits}"


def test_every_rule_has_examples_both_ways_and_a_place_in_the_run_order():
    assert set(RUN_ORDER) == set(REGISTRY) and len(RUN_ORDER) == len(set(RUN_ORDER))
    for rule in RULES:
        assert len(rule.fires) >= 2 and len(rule.quiet) >= 2, rule.name
        assert rule.fn.__doc__, f"{rule.name} has no docstring"

"""Extraction rules: one small named function per way an item gets said.

Each rule looks at one sentence in its conversation (:class:`~recap.extract.context.Context`)
and returns a :class:`Hit` or ``None``. Rules are registered with ``@rule``,
which also records the sentences the rule must fire on and must stay quiet on;
``tests/test_rule_examples.py`` runs every rule alone on its own examples. The
rule's name is stored on every item, so a wrong item can be traced to the rule
that made it.

Rules find candidates; the scorer (:mod:`recap.extract.scorer`) decides, from
the rule and the sentence's structure and context, how sure recap is of each.

The run order is written once, in :data:`RUN_ORDER`: for each sentence and each
kind, the first rule that fires makes the candidate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recap.domain import Kind, Role
    from recap.extract.context import Context, Sentence


@dataclass(frozen=True)
class Hit:
    """What a rule found."""

    text: str  # the item, cleaned: "Call the pharmacy tomorrow"
    owner: str | None = None  # "coach" | "client" for actions
    # Text searched for a deadline and a measure when it is not the sentence
    # (an accepted proposal carries the proposal's "for ten days").
    detail: str | None = None
    scheduling: bool = False  # the item is the next session being scheduled
    proposal: Sentence | None = None  # the other person's words it accepts (evidence too)


#: An example: a sentence, or (what the other person said just before, the sentence).
Example = str | tuple[str, str]
RuleFn = Callable[["Context"], Hit | None]


@dataclass(frozen=True)
class Rule:
    kind: Kind
    name: str
    fn: RuleFn
    fires: tuple[Example, ...]
    quiet: tuple[Example, ...]
    role: Role = "client"  # who says the examples
    # Said in the very frame the item's definition gives ("So the next step is to block time in your
    # calendar."): the scorer ranks it among its kind, but it is listed, never only possible. Rare
    # frames a scorer fitted on a few hundred candidates cannot weigh.
    listed: bool = False

    def __call__(self, ctx: Context) -> Hit | None:
        return self.fn(ctx)


REGISTRY: dict[str, Rule] = {}


def rule(
    kind: Kind,
    name: str,
    *,
    fires: list[Example],
    quiet: list[Example],
    role: Role = "client",
    listed: bool = False,
) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as the rule ``name`` for items of ``kind``, with its examples."""

    def register(fn: RuleFn) -> RuleFn:
        if name in REGISTRY:
            raise ValueError(f"two rules are called {name}")
        REGISTRY[name] = Rule(kind, name, fn, tuple(fires), tuple(quiet), role, listed)
        return fn

    return register


from recap.extract.rules import commitment, goal, insight, next_step  # noqa: E402,F401  (registers)

#: Every rule, in the order they are tried; per sentence and kind the first that fires wins.
RUN_ORDER: tuple[str, ...] = (
    # commitments: explicit promises first, then weaker and contextual ones
    "i_will",
    "i_will_not",
    "i_am_doing",
    "let_me",
    "coach_offer",
    "i_will_try",
    "accepts_proposal",
    "answer_to_will_question",
    "i_can",
    "i_should",
    # next steps
    "schedules_next_session",
    "plan_frame",
    "named_as_plan",
    "lets",
    "we_will",
    "you_will",
    "coach_recommends",
    "coach_asks",
    "answer_to_plan_question",
    "accepts_suggestion",
    "arranged_for_client",
    # goals
    "goal_statement",
    "i_want",
    "i_dont_want",
    "would_be_nice",
    "answer_to_goal_question",
    # insights
    "realizes",
    "confirms_reflection",
    "answer_to_takeaway_question",
    "reframes",
    "notices_pattern",
    "explains_self",
    "self_observation",
)
RULES: tuple[Rule, ...] = tuple(REGISTRY[name] for name in RUN_ORDER)
if set(RUN_ORDER) != set(REGISTRY):
    raise RuntimeError(f"rules missing from RUN_ORDER: {sorted(set(REGISTRY) - set(RUN_ORDER))}")

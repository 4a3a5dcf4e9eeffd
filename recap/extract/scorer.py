"""How sure recap is of a candidate: a small logistic model per kind over :mod:`features`.

The weights (``scorer.json``, next to this file) are fitted by
``bench/train_scorer.py`` on the training conversations only, and are plain
numbers: scoring is a dot product, nothing is downloaded or loaded but that
file. Each kind has two thresholds, fitted with the weights: below ``keep`` a
candidate is dropped; between ``keep`` and ``list`` it is kept as a *possible*
item for the coach to check; from ``list`` up it is listed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WEIGHTS = Path(__file__).with_name("scorer.json")


@dataclass(frozen=True)
class KindModel:
    bias: float
    weights: dict[str, float]
    keep: float  # below: dropped
    list: float  # from here: listed (between keep and list: possible)

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Scorer:
    kinds: dict[str, KindModel]

    def score(self, kind: str, features: dict[str, float]) -> float:
        model = self.kinds.get(kind)
        return model.probability(features) if model else 0.5

    def keep(self, kind: str) -> float:
        model = self.kinds.get(kind)
        return model.keep if model else 0.0

    def listed(self, kind: str) -> float:
        model = self.kinds.get(kind)
        return model.list if model else 0.5

    def to_dict(self) -> dict:
        return {
            k: {"bias": m.bias, "keep": m.keep, "list": m.list, "weights": m.weights} for k, m in self.kinds.items()
        }

    @classmethod
    def from_dict(cls, data: dict) -> Scorer:
        return cls(
            {
                k: KindModel(
                    float(v["bias"]), {n: float(w) for n, w in v["weights"].items()}, float(v["keep"]), float(v["list"])
                )
                for k, v in data.items()
            }
        )


#: With no fitted weights every candidate scores 0.5 and is kept: the rules alone.
UNFITTED = Scorer({})


@lru_cache(maxsize=1)
def default_scorer() -> Scorer:
    """The fitted scorer shipped with recap (the rules alone when the file is missing)."""
    try:
        return Scorer.from_dict(json.loads(WEIGHTS.read_text(encoding="utf-8"))["kinds"])
    except FileNotFoundError:
        return UNFITTED

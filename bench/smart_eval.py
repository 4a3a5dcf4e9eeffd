"""Agreement of the SMART check with health coaches' labels (SMARTSpan).

    python bench/smart_eval.py [--data ../shared/data]

Each goal written by a coach in ``smartspan/goals_all.json`` carries Specific,
Measurable and Attainable labels. The Specific and Measurable flags of
``recap.extract.smart.check`` are compared with them (the goal text alone, no
context); Attainable is reported too, since coaches' notes state confidence
ratings inline.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from recap.extract.smart import check  # noqa: E402


def kappa(pairs: list[tuple[bool, bool]]) -> float:
    """Cohen's kappa for two binary raters."""
    n = len(pairs)
    agree = sum(a == b for a, b in pairs) / n
    pa = sum(a for a, _ in pairs) / n
    pb = sum(b for _, b in pairs) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    return (agree - chance) / (1 - chance) if chance < 1 else 1.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("-v", "--verbose", action="store_true", help="list disagreements")
    args = ap.parse_args()

    notes = json.loads((args.data / "smartspan" / "goals_all.json").read_text())
    goals = [(g, d) for note in notes for g, d in zip(note["goals"], note["goal_details"], strict=False)]
    print(f"SMARTSpan: {len(goals)} goals from {len(notes)} coaching notes")
    print(f"  {'flag':11s} {'accuracy':>8s} {'kappa':>6s} {'gold+':>6s} {'ours+':>6s}")
    for flag, key in (("specific", "Specific"), ("measurable", "Measurable"), ("attainable", "Attainable")):
        pairs = [(bool(check(g)[flag]), bool(d[key])) for g, d in goals]
        acc = sum(a == b for a, b in pairs) / len(pairs)
        print(
            f"  {flag:11s} {acc:8.2f} {kappa(pairs):6.2f} {sum(b for _, b in pairs):6d} {sum(a for a, _ in pairs):6d}"
        )
        if args.verbose:
            for (g, _), (ours, gold) in zip(goals, pairs, strict=False):
                if ours != gold:
                    print(f"    {flag} ours={int(ours)} gold={int(gold)}: {g}")


if __name__ == "__main__":
    main()

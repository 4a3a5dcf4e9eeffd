"""Extraction on short exchanges written in many voices: does each kind of item come out, and nothing else?

    python bench/phrase_eval.py                    # every set: per kind, found and listed, 90 % intervals
    python bench/phrase_eval.py --set studied -v   # one set, with every miss and false item

The exchanges (``bench/labels/phrases/``, see the README there) are two to four
turns each, written for recap in many voices (teenagers, non-native speakers,
terse and rambling clients, counselling and coaching), each carrying one item
of a known kind or none. Each is read after the same made-up small-talk opening,
so the scorer sees it where plans are made, in the middle of a call, and with
its speakers known.

An exchange **counts** when recap returns an item of its kind (commitment and
next step are one kind, actions) from the exchange's turns, and, for a "none"
exchange, when it returns nothing. **Listed** also asks that the item is listed,
not only possible. ``-v`` is refused on the test set: only its totals are read.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import Counter
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from recap.domain import POSSIBLE_BELOW, Segment, Transcript  # noqa: E402
from recap.extract import extract  # noqa: E402

LABELS = REPO / "bench" / "labels" / "phrases"
SETS = {
    "studied": [
        "studied-1",
        "studied-2",
        "studied-3",
        "studied-4",
        "studied-5",
        "studied-6",
        "studied-7",
        "studied-8",
        "studied-9",
        "studied-10",
    ],
    "test": ["test-1", "test-2", "test-3", "test-4", "test-5"],
}
LOCKED = {"test"}
KINDS = ("commitment", "next_step", "insight", "goal", "none")
#: How calls open: the exchange comes after it (words made up for the benchmark).
OPENING = [
    ("coach", "Hi, good to see you. How has the week been?"),
    ("client", "Busy, but okay."),
    ("coach", "Tell me more about that."),
    ("client", "Work, mostly. The usual."),
] * 6
SECONDS = 5.0
DAY = date(2026, 12, 4)


def family(kind: str) -> str:
    return "actions" if kind in ("commitment", "next_step") else kind


def exchanges(name: str) -> list[dict[str, str]]:
    with open(LABELS / f"{name}.tsv", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def judge(row: dict[str, str]) -> tuple[bool, bool, list]:
    """(counts, listed, the items recap found in the exchange's turns)."""
    turns = [tuple(part.strip().split(": ", 1)) for part in row["turns"].split(" || ")]
    if turns[0][0] == "client":  # a client's words answer the coach, not the opening's last turn
        turns = [("coach", "Mm. Say more about that.")] + turns
    said = OPENING + turns
    segments = [
        Segment(i * SECONDS, i * SECONDS + SECONDS - 1, text, speaker=role.title(), role=role)
        for i, (role, text) in enumerate(said)
    ]
    items = [it for it in extract(Transcript(segments), DAY) if it.start >= SECONDS * len(OPENING)]
    if row["kind"] == "none":
        return not items, not items, items
    same = [it for it in items if family(it.kind) == family(row["kind"])]
    return bool(same), any(it.confidence >= POSSIBLE_BELOW for it in same), items


def wilson(k: int, n: int, z: float = 1.645) -> tuple[float, float]:
    """90 % Wilson interval of a proportion."""
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return ((centre - half) / d, (centre + half) / d)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", dest="sets", action="append", choices=sorted(SETS), help="default: all")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss (not on the test set)")
    args = ap.parse_args(argv)
    chosen = args.sets or sorted(SETS)
    if args.verbose and LOCKED & set(chosen):
        print("-v is refused on the test set: only its totals are read", file=sys.stderr)
        return 2
    for name in chosen:
        rows = [(part, row) for part in SETS[name] for row in exchanges(part)]
        total, counts, listed = Counter(), Counter(), Counter()
        parts: dict[str, Counter] = {part: Counter() for part in SETS[name]}
        for part, row in rows:
            ok, shown, items = judge(row)
            kind = row["kind"]
            parts[part]["n"] += 1
            parts[part]["ok"] += ok
            total[kind] += 1
            counts[kind] += ok
            listed[kind] += shown
            if args.verbose and not ok:
                print(f"MISS {row['id']:>7} {kind:10s} {row['item'][:60]!r}\n        {row['turns'][:200]}")
                for it in items:
                    print(f"        -> {it.kind} {it.text[:60]!r} {it.confidence} {it.rule}")
        print(f"{name} ({len(rows)} exchanges)        counts            listed")
        for kind in (*KINDS, "all"):
            n = sum(total.values()) if kind == "all" else total[kind]
            k = sum(counts.values()) if kind == "all" else counts[kind]
            s = sum(listed.values()) if kind == "all" else listed[kind]
            lo, hi = wilson(k, n)
            print(f"  {kind:11s} {k:3d}/{n:<3d} {k / n:.2f} [{lo:.2f}, {hi:.2f}]   {s / n:.2f}")
        if len(parts) > 1:
            print("  by file: " + ", ".join(f"{part} {c['ok']}/{c['n']}" for part, c in parts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extraction quality against labelled conversations, with intervals, and extraction speed.

    python bench/extract_eval.py                   # every set: totals, 90 % intervals, AMI, speed
    python bench/extract_eval.py --set dev -v      # one set, with every prediction and miss
    python bench/extract_eval.py --agreement       # annotator against annotator: the ceiling
    python bench/extract_eval.py --baseline        # four naive regexes, for comparison

Labels live in ``bench/labels/`` (see its README): AnnoMI conversations (their
text is read from ``--data``, the development data, and never enters the
repository) split into train, dev and a locked test set, and coaching calls
split into dev and a locked test set. ``-v`` is refused on the locked sets:
only their totals are ever read.

Items come from the real command, ``recap extract FILE --json`` (``--direct``
calls ``extract()`` in-process, for speed while developing). A predicted item
matches a labelled one when the kind agrees ("actions" treats commitment and
next_step as one kind) and its cue lies within two cues of the labelled cue;
matching is one to one. Intervals are 90 % bootstrap intervals over
conversations (2,000 resamples).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "bench" / "labels"
sys.path.insert(0, str(REPO))

from recap.domain import Item  # noqa: E402

KINDS = ("commitment", "next_step", "insight", "goal")
GROUPS = ("actions",) + KINDS
WINDOW = 2  # cues
LOCKED = ("test", "coaching-test", "counselling-test")
WHEN = date(2026, 11, 22)


# --- conversations -----------------------------------------------------------


@dataclass
class Conversation:
    name: str
    vtt: Path
    coach: str | None
    corpus: str = "annomi"  # the folder of bench/labels its labels are in
    starts: list[float] = field(default_factory=list)  # cue start times, cue n at index n-1
    texts: list[str] = field(default_factory=list)


def _ts(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def annomi_vtt(rows: list[dict[str, str]]) -> str:
    """WebVTT for one AnnoMI conversation: one cue per utterance, equal starts nudged apart."""
    rows = sorted(rows, key=lambda r: int(r["utterance_id"]))
    starts: list[float] = []
    for r in rows:
        h, m, s = (float(x) for x in r["timestamp"].split(":"))
        t = h * 3600 + m * 60 + s
        if starts and t <= starts[-1]:
            t = starts[-1] + 0.001
        starts.append(round(t, 3))
    out = ["WEBVTT", ""]
    for n, (r, t) in enumerate(zip(rows, starts, strict=False), 1):
        end = starts[n] if n < len(starts) and starts[n] > t else t + 1.0
        name = "Therapist" if r["interlocutor"] == "therapist" else "Client"
        text = " ".join(r["utterance_text"].split())
        out += [str(n), f"{_ts(t)} --> {_ts(end)}", f"{name}: {text}", ""]
    return "\n".join(out)


_CUE_TIME = re.compile(r"^(\d+):(\d\d):(\d\d)\.(\d{3}) -->")


def cue_table(vtt: Path) -> tuple[list[float], list[str]]:
    """Start time and "Speaker: text" of every cue, numbered as the labels number them."""
    starts, texts = [], []
    lines = vtt.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        m = _CUE_TIME.match(line)
        if m:
            h, mi, s, ms = (int(x) for x in m.groups())
            starts.append(h * 3600 + mi * 60 + s + ms / 1000)
            texts.append(lines[i + 1] if i + 1 < len(lines) else "")
    return starts, texts


def load_sets(data: Path, tmp: Path) -> dict[str, list[Conversation]]:
    """Every labelled set, its transcripts written to ``tmp`` (AnnoMI) or read in place (coaching)."""
    split = json.loads((LABELS / "annomi" / "split.json").read_text())
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    csv_path = data / "annomi" / "AnnoMI-simple.csv"
    if not csv_path.is_file():
        sys.exit(f"no {csv_path}; pass --data DIR (the development data folder)")
    with open(csv_path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows[row["transcript_id"]].append(row)
    sets: dict[str, list[Conversation]] = {}
    for name in ("train", "dev", "test"):
        ids = split[name] + (split["train_studied_before"] + split["train_shared_dev"] if name == "train" else [])
        convs = []
        for tid in sorted(ids):
            vtt = tmp / f"annomi-{tid:03d}.vtt"
            vtt.write_text(annomi_vtt(rows[str(tid)]), encoding="utf-8")
            convs.append(Conversation(f"annomi-{tid:03d}", vtt, "Therapist"))
        sets[name] = convs
    # Written for recap, kept here as recap reads them: (folder, who the coach is, its splits).
    for corpus, coach, names in (
        ("coaching", None, ("dev", "test", "studied")),
        ("counselling", "Therapist", ("studied", "test")),
    ):
        split_of = json.loads((LABELS / corpus / "split.json").read_text())
        for name in names:
            sets[f"{corpus}-{name}"] = [
                Conversation(c, LABELS / corpus / "vtt" / f"{c}.vtt", coach, corpus) for c in split_of[name]
            ]
    for convs in sets.values():
        for c in convs:
            c.starts, c.texts = cue_table(c.vtt)
    return sets


def labels(conv: Conversation, who: str = "gold") -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    with open(LABELS / conv.corpus / who / f"{conv.name}.tsv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out[row["kind"]].append(int(row["n"]))
    return out


# --- predictions ---------------------------------------------------------------


def items_for(conv: Conversation, direct: bool) -> list[Item]:
    """Items for one transcript: through the real command unless ``direct``."""
    if direct:
        from recap.extract import extract
        from recap.transcripts import read_transcript

        return extract(read_transcript(conv.vtt, coach=conv.coach), WHEN)
    cmd = [sys.executable, "-m", "recap", "extract", str(conv.vtt), "--date", WHEN.isoformat(), "--json"]
    if conv.coach:
        cmd += ["--coach", conv.coach]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"recap extract failed on {conv.name}: {done.stderr.strip()}")
    return [Item.from_dict(d) for d in json.loads(done.stdout)["items"]]


def cue_index(starts: list[float], t: float) -> int:
    """1-based cue number whose start is the last one at or before ``t``."""
    return max(1, bisect.bisect_right(starts, t + 1e-6))


def predicted_cues(conv: Conversation, items: list[Item]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for it in items:
        out[it.kind].append(cue_index(conv.starts, it.start))
    return out


_NAIVE = {
    "commitment": re.compile(r"\bI'll\b", re.I),
    "next_step": re.compile(r"\blet's\b", re.I),
    "goal": re.compile(r"\bI want to\b", re.I),
    "insight": re.compile(r"\bI realized?\b", re.I),
}


def naive_cues(conv: Conversation) -> dict[str, list[int]]:
    """Four naive regexes, one per kind, over every cue: the baseline to beat."""
    out: dict[str, list[int]] = defaultdict(list)
    for n, text in enumerate(conv.texts, 1):
        for kind, pattern in _NAIVE.items():
            if pattern.search(text):
                out[kind].append(n)
    return out


# --- scoring -------------------------------------------------------------------


def match(pred: list[int], gold: list[int]) -> int:
    """Size of a one-to-one matching where cues are at most WINDOW apart (greedy by distance)."""
    pairs = sorted((abs(p - g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold) if abs(p - g) <= WINDOW)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p)


def counts(pred: dict[str, list[int]], gold: dict[str, list[int]]) -> dict[str, tuple[int, int, int]]:
    """(matched, predicted, labelled) per kind and for actions, for one conversation."""
    out = {k: (match(pred.get(k, []), gold.get(k, [])), len(pred.get(k, [])), len(gold.get(k, []))) for k in KINDS}
    pa = pred.get("commitment", []) + pred.get("next_step", [])
    ga = gold.get("commitment", []) + gold.get("next_step", [])
    out["actions"] = (match(pa, ga), len(pa), len(ga))
    return out


def prf(tp: int, np_: int, ng: int) -> tuple[float, float, float]:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def interval(per_conv: list[tuple[int, int, int]], rounds: int = 2000, seed: int = 7) -> tuple[float, float]:
    """90 % bootstrap interval of F1, resampling conversations."""
    rng = random.Random(seed)
    f1s = []
    for _ in range(rounds):
        sample = [per_conv[rng.randrange(len(per_conv))] for _ in per_conv]
        f1s.append(prf(*(sum(x[i] for x in sample) for i in range(3)))[2])
    f1s.sort()
    return f1s[int(0.05 * rounds)], f1s[int(0.95 * rounds) - 1]


def table(title: str, rows: list[dict[str, tuple[int, int, int]]]) -> dict[str, float]:
    print(f"\n{title}")
    print(f"  {'kind':11s} {'P':>5s} {'R':>5s} {'F1':>5s}  {'90% interval':>13s}  {'pred':>4s} {'gold':>4s}")
    f1 = {}
    for kind in GROUPS:
        per = [r[kind] for r in rows]
        tp, np_, ng = (sum(x[i] for x in per) for i in range(3))
        p, r, f = prf(tp, np_, ng)
        lo, hi = interval(per) if per else (0.0, 0.0)
        f1[kind] = f
        print(f"  {kind:11s} {p:5.2f} {r:5.2f} {f:5.2f}  [{lo:4.2f}, {hi:4.2f}]  {np_:4d} {ng:4d}")
    return f1


def report(conv: Conversation, items: list[Item], gold: dict[str, list[int]]) -> None:
    """Every prediction (ok / FP) and every miss of one conversation."""
    print(f"--- {conv.name}")
    fam = {"commitment": ("commitment", "next_step"), "next_step": ("commitment", "next_step")}
    for it in items:
        n = cue_index(conv.starts, it.start)
        ok = any(abs(n - g) <= WINDOW for k in fam.get(it.kind, (it.kind,)) for g in gold.get(k, []))
        print(
            f"  {'ok ' if ok else 'FP '} {n:4d} {it.kind:10s} {it.rule:26s} {it.confidence:.2f} "
            f"{it.owner or '-':6s} {it.text[:70]!r}"
        )
    for kind, ns in gold.items():
        for g in ns:
            if not any(
                abs(cue_index(conv.starts, it.start) - g) <= WINDOW for it in items if it.kind in fam.get(kind, (kind,))
            ):
                print(f"  MISS {g:4d} {kind:10s} {conv.texts[g - 1][:120]!r}")


# --- AMI and speed ---------------------------------------------------------------


def ami_found(data: Path, direct: bool) -> tuple[int, int, int]:
    """AMI action items with a commitment or next step within two cues of a linked cue; and actions predicted."""
    found = total = predicted = 0
    for tsv in sorted((data / "ami-dev").glob("*.actions.tsv")):
        vtt = tsv.with_name(tsv.name.replace(".actions.tsv", ".vtt"))
        conv = Conversation(vtt.stem, vtt, None)
        conv.starts, conv.texts = cue_table(vtt)
        cues = [
            cue_index(conv.starts, it.start) for it in items_for(conv, direct) if it.kind in ("commitment", "next_step")
        ]
        predicted += len(cues)
        actions: dict[str, list[int]] = defaultdict(list)
        with open(tsv, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                actions[row["action_summary"]].append(int(row["n"]))
        for linked in actions.values():
            total += 1
            found += any(abs(c - n) <= WINDOW for c in cues for n in linked)
    return found, total, predicted


def long_transcript(convs: list[Conversation], words: int, path: Path) -> int:
    """A WebVTT of about ``words`` words made of the given conversations one after another."""
    out, count, offset, n = ["WEBVTT", ""], 0, 0.0, 0
    for conv in convs:
        for start, text in zip(conv.starts, conv.texts, strict=False):
            if count >= words:
                break
            n += 1
            out += [str(n), f"{_ts(offset + start)} --> {_ts(offset + start + 1)}", text, ""]
            count += len(text.split())
        offset += (conv.starts[-1] if conv.starts else 0) + 10
    path.write_text("\n".join(out), encoding="utf-8")
    return count


def speed(convs: list[Conversation], tmp: Path, words: int = 10_000) -> tuple[int, float]:
    """Wall seconds for ``recap extract`` of a 10,000-word transcript: a whole process, model load included."""
    path = tmp / "long.vtt"
    count = long_transcript(convs, words, path)
    cmd = [sys.executable, "-m", "recap", "extract", str(path), "--coach", "Therapist", "--json"]
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        best = min(best, time.perf_counter() - t0)
    return count, best


# --- main ------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument(
        "--set",
        dest="sets",
        action="append",
        help="train, dev, test, coaching-dev, coaching-studied, coaching-test, counselling-studied or counselling-test (default: all)",
    )
    ap.add_argument("--direct", action="store_true", help="call extract() in-process instead of `recap extract`")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every prediction and miss (not on locked sets)")
    ap.add_argument("--agreement", action="store_true", help="annotator A against annotator B, per set")
    ap.add_argument("--baseline", action="store_true", help="also score four naive regexes")
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="recap-eval-") as tmpdir:
        tmp = Path(tmpdir)
        sets = load_sets(args.data, tmp)
        chosen = args.sets or list(sets)
        unknown = [s for s in chosen if s not in sets]
        if unknown:
            sys.exit(f"unknown set {unknown[0]}; choose from {', '.join(sets)}")
        if args.verbose and any(s in LOCKED for s in chosen):
            sys.exit("-v lists individual errors; the locked test sets only ever give totals")
        if args.agreement:
            for name in chosen:
                rows = [counts(labels(c, "a"), labels(c, "b")) for c in sets[name]]
                table(f"annotator A against annotator B: {name} ({len(rows)} conversations)", rows)
            return
        how = "extract() in-process" if args.direct else "recap extract --json"
        print(f"items from: {how}; matching: same kind, within {WINDOW} cues")
        for name in chosen:
            convs = sets[name]
            with ThreadPoolExecutor(max_workers=1 if args.direct else 2) as pool:
                all_items = list(pool.map(lambda c: items_for(c, args.direct), convs))
            rows = []
            for conv, items in zip(convs, all_items, strict=False):
                gold = labels(conv)
                rows.append(counts(predicted_cues(conv, items), gold))
                if args.verbose:
                    report(conv, items, gold)
            table(f"{name} ({len(convs)} conversations){' - locked' if name in LOCKED else ''}", rows)
            if args.baseline:
                table(f"{name}: four naive regexes", [counts(naive_cues(c), labels(c)) for c in convs])
        if not args.sets:
            found, total, predicted = ami_found(args.data, args.direct)
            print(f"\nAMI dev (ES2004a-d): {found} of {total} action items found, {predicted} actions predicted")
        if not args.no_speed:
            words, seconds = speed(sets["train"], tmp)
            print(f"speed: `recap extract` of {words} words in {seconds:.2f} s, a whole process (best of 3)")


if __name__ == "__main__":
    main()

"""Precision and recall of extraction against labelled conversations.

    python bench/extract_eval.py                      # dev data, through `recap extract`
    python bench/extract_eval.py --heldout /tmp/heldout
    python bench/extract_eval.py --direct -v          # call extract() in-process, list errors

A predicted item matches a labelled one when the kind agrees ("actions" treats
commitment and next_step as one kind) and its start lies within two cues of
the labelled cue; matching is one-to-one. Held-out labels are
``annomi-NNN.items.tsv`` files whose transcripts are built on the fly from
``annomi/AnnoMI-simple.csv`` (the data never enters the repository).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from recap.domain import Item, Segment, Transcript  # noqa: E402
from recap.extract import extract  # noqa: E402

KINDS = ("commitment", "next_step", "insight", "goal")
WINDOW = 2  # cues
COACH = "Therapist"
TARGETS = {"actions": 0.70, "commitment": 0.60, "goal": 0.60, "insight": 0.45}


# --- transcripts -----------------------------------------------------------

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
    for n, (r, t) in enumerate(zip(rows, starts), 1):
        end = starts[n] if n < len(starts) and starts[n] > t else t + 1.0
        name = "Therapist" if r["interlocutor"] == "therapist" else "Client"
        text = " ".join(r["utterance_text"].split())
        out += [str(n), f"{_ts(t)} --> {_ts(end)}", f"{name}: {text}", ""]
    return "\n".join(out)


def read_vtt(path: Path, coach: str | None) -> Transcript:
    from recap.transcripts import read_transcript

    return read_transcript(path, coach=coach)


def run_items(path: Path, coach: str | None, when: date, direct: bool) -> list[Item]:
    """Items for one transcript file: through the real CLI unless ``direct``."""
    if direct:
        return extract(read_vtt(path, coach), when)
    cmd = [sys.executable, "-m", "recap", "extract", str(path), "--date", when.isoformat(), "--json"]
    if coach:
        cmd += ["--coach", coach]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return [Item.from_dict(d) for d in json.loads(out)["items"]]


# --- matching --------------------------------------------------------------

def cue_index(starts: list[float], t: float) -> int:
    """1-based cue number whose start is the last one at or before ``t``."""
    return max(1, bisect.bisect_right(starts, t + 1e-6))


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


class Score:
    def __init__(self) -> None:
        self.tp: dict[str, int] = defaultdict(int)
        self.np: dict[str, int] = defaultdict(int)
        self.ng: dict[str, int] = defaultdict(int)

    def add(self, kind: str, pred: list[int], gold: list[int]) -> None:
        self.tp[kind] += match(pred, gold)
        self.np[kind] += len(pred)
        self.ng[kind] += len(gold)

    def prf(self, kind: str) -> tuple[float, float, float]:
        tp, np_, ng = self.tp[kind], self.np[kind], self.ng[kind]
        p = tp / np_ if np_ else 0.0
        r = tp / ng if ng else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_annomi(pairs: list[tuple[Path, Path]], when: date, direct: bool, verbose: bool) -> Score:
    sc = Score()
    for vtt, tsv in pairs:
        transcript = read_vtt(vtt, COACH)
        starts = [s.start for s in transcript.segments]
        texts = [f"{s.speaker}: {s.text}" for s in transcript.segments]
        items = run_items(vtt, COACH, when, direct)
        gold: dict[str, list[int]] = defaultdict(list)
        with open(tsv, newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                gold[row["kind"]].append(int(row["n"]))
        pred: dict[str, list[int]] = defaultdict(list)
        for it in items:
            pred[it.kind].append(cue_index(starts, it.start))
        for kind in KINDS:
            sc.add(kind, pred[kind], gold[kind])
        sc.add("actions", pred["commitment"] + pred["next_step"], gold["commitment"] + gold["next_step"])
        if verbose:
            _report(vtt.stem, items, starts, texts, gold)
    return sc


def _report(name: str, items: list[Item], starts: list[float], texts: list[str], gold: dict[str, list[int]]) -> None:
    print(f"--- {name}")
    for it in items:
        n = cue_index(starts, it.start)
        fam = ("commitment", "next_step") if it.kind in ("commitment", "next_step") else (it.kind,)
        ok = any(abs(n - g) <= WINDOW for k in fam for g in gold.get(k, []))
        print(f"  {'ok ' if ok else 'FP '} {n:4d} {it.kind:10s} {it.rule:24s} {it.confidence:.2f} {it.owner or '-':6s} "
              f"{it.text[:60]!r} due={it.due_text}")
    for kind, ns in gold.items():
        fam = ("commitment", "next_step") if kind in ("commitment", "next_step") else (kind,)
        for g in ns:
            if not any(abs(cue_index(starts, it.start) - g) <= WINDOW for it in items if it.kind in fam):
                print(f"  MISS {g:4d} {kind:10s} {texts[g - 1][:110]!r}")


def ami_found(data: Path, when: date, direct: bool, verbose: bool) -> tuple[int, int]:
    """How many AMI action items have a commitment or next step within two cues of a linked cue."""
    found = total = 0
    for tsv in sorted((data / "ami-dev").glob("*.actions.tsv")):
        vtt = tsv.with_name(tsv.name.replace(".actions.tsv", ".vtt"))
        starts = [s.start for s in read_vtt(vtt, None).segments]
        items = run_items(vtt, None, when, direct)
        cues = [cue_index(starts, it.start) for it in items if it.kind in ("commitment", "next_step")]
        actions: dict[str, list[int]] = defaultdict(list)
        with open(tsv, newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                actions[row["action_summary"]].append(int(row["n"]))
        for summary, linked in actions.items():
            total += 1
            hit = any(abs(c - n) <= WINDOW for c in cues for n in linked)
            found += hit
            if verbose:
                print(f"  AMI {tsv.stem[:12]} {'found' if hit else 'MISSED'}: {summary}")
    return found, total


def heldout_pairs(labels: Path, data: Path, tmp: Path) -> list[tuple[Path, Path]]:
    by_id: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(data / "annomi" / "AnnoMI-simple.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            by_id[row["transcript_id"]].append(row)
    pairs = []
    for tsv in sorted(labels.glob("annomi-*.items.tsv")):
        tid = str(int(tsv.name.split("-")[1].split(".")[0]))
        vtt = tmp / tsv.name.replace(".items.tsv", ".vtt")
        vtt.write_text(annomi_vtt(by_id[tid]))
        pairs.append((vtt, tsv))
    return pairs


def speed(data: Path, when: date, words: int = 10_000) -> tuple[int, float, float]:
    """Seconds to extract from a transcript of ``words`` words built from the dev files."""
    base = [read_vtt(p, COACH) for p in sorted((data / "annomi-dev").glob("*.vtt"))]
    base += [read_vtt(p, None) for p in sorted((data / "ami-dev").glob("*.vtt"))]
    segs: list[Segment] = []
    offset, count = 0.0, 0
    for tr in base:
        for s in tr.segments:
            if count >= words:
                break
            segs.append(Segment(s.start + offset, s.end + offset, s.text, s.speaker, s.role))
            count += len(s.text.split())
        offset = segs[-1].end + 10 if segs else 0
    long = Transcript(segs)
    t0 = time.perf_counter()
    extract(long, when)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    extract(long, when)
    return count, first, time.perf_counter() - t0


def table(title: str, sc: Score) -> None:
    print(f"\n{title}")
    print(f"  {'kind':11s} {'P':>5s} {'R':>5s} {'F1':>5s}  {'pred':>4s} {'gold':>4s}  target")
    for kind in ("actions",) + KINDS:
        p, r, f = sc.prf(kind)
        tgt = TARGETS.get(kind)
        mark = "" if tgt is None else f"{tgt:.2f} {'ok' if f >= tgt else 'BELOW'}"
        print(f"  {kind:11s} {p:5.2f} {r:5.2f} {f:5.2f}  {sc.np[kind]:4d} {sc.ng[kind]:4d}  {mark}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--date", type=date.fromisoformat, default=date(2026, 11, 22))
    ap.add_argument("--heldout", type=Path, help="folder of annomi-NNN.items.tsv labels")
    ap.add_argument("--direct", action="store_true", help="call extract() instead of `recap extract`")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every prediction and miss")
    args = ap.parse_args()

    how = "extract() in-process" if args.direct else f"{sys.executable} -m recap extract --json"
    print(f"items from: {how}")
    dev = sorted((args.data / "annomi-dev").glob("*.vtt"))
    pairs = [(v, v.with_name(v.name.replace(".vtt", ".items.tsv"))) for v in dev]
    table(f"AnnoMI dev ({len(pairs)} conversations)", score_annomi(pairs, args.date, args.direct, args.verbose))
    if args.heldout:
        tmp = Path(tempfile.mkdtemp(prefix="recap-heldout-"))
        try:
            hp = heldout_pairs(args.heldout, args.data, tmp)
            ids = ", ".join(v.stem.split("-")[1] for v, _ in hp)
            table(f"AnnoMI held-out ({len(hp)} conversations: {ids})",
                  score_annomi(hp, args.date, args.direct, args.verbose))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    found, total = ami_found(args.data, args.date, args.direct, args.verbose)
    print(f"\nAMI dev action items found: {found}/{total} (target >= 3)")
    words, first, warm = speed(args.data, args.date)
    print(f"speed: {words} words extracted in {first:.3f} s (first call), {warm:.3f} s (again); target < 0.5 s")


if __name__ == "__main__":
    main()

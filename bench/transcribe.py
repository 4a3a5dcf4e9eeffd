"""Benchmark recap's transcription against faster-whisper's own defaults.

Runs each config on the same machine and the same model, each file and config in
its own subprocess (so peak RSS is that config's alone), and prints wall time,
real-time factor, peak RSS, word error rate against the reference transcripts and
the median length of an output line (how finely the text is placed in time), then
the speed ratios and whether the targets hold: recap at least 1.5x faster than
faster-whisper's defaults at no more than +1 point of WER, and beside its batched
pipeline, with and without word times.

    python bench/transcribe.py                  # tiny.en, both clips + an ~11-min file
    python bench/transcribe.py --model base
    python bench/transcribe.py --no-long        # the two short clips only
    python bench/transcribe.py --configs batched,batched-words,recap

Reads the clips from ``--data`` (default ``../shared/data`` beside the repo);
the long file is built in a temporary folder with sox and deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLIPS = ("phonecall-30s", "ami-es2004a-60s")
SPEED_TARGET = 1.5
WER_MARGIN = 0.01

# --- word error rate -------------------------------------------------------

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """12 -> "twelve", 2024 -> "two thousand twenty four" (references spell numbers out)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + number_words(rest))
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            return number_words(n // size) + " " + name + ("" if rest == 0 else " " + number_words(rest))
    return str(n)


def normalise(text: str) -> str:
    """Lower case, no punctuation, digits as words, hyphens as spaces."""
    text = text.lower().replace("%", " percent").replace("&", " and ")
    text = re.sub(r"(\d),(\d)", r"\1\2", text)
    text = re.sub(r"\d+", lambda m: " " + number_words(int(m.group())) + " ", text)
    text = re.sub(r"[-_/]", " ", text)
    text = re.sub(r"[^a-z' ]", " ", text)
    return " ".join(w.strip("'") for w in text.split() if w.strip("'"))


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    return jiwer.wer(normalise(reference), normalise(hypothesis) or "<empty>")


# --- one measurement, in its own process ------------------------------------


def worker(config: str, audio: str, model: str, language: str | None) -> None:
    """Transcribe ``audio`` with one config; print a JSON line of figures."""
    from recap.models import load_model, resolve_model
    from recap.transcribe import TrackInput, transcribe_tracks

    spec = resolve_model(model)
    t0 = time.perf_counter()
    if config == "recap":
        load_model(spec)  # cached: transcribe_tracks reuses it
        t1 = time.perf_counter()
        transcript = transcribe_tracks([TrackInput(Path(audio))], model, language=language)
        text = transcript.text
        lengths = sorted(s.end - s.start for s in transcript.segments)
    elif config in ("batched", "batched-words"):
        # faster-whisper's own fastest mode: its batched pipeline on the int8 model, its defaults
        # (and, as "batched-words", with the word times recap's transcripts are made of).
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        whisper = WhisperModel(str(spec.path or spec.hub_name), device="cpu", compute_type="int8")
        t1 = time.perf_counter()
        segments, _ = BatchedInferencePipeline(whisper).transcribe(
            audio, language=language, batch_size=8, word_timestamps=config == "batched-words"
        )
        segments = list(segments)
        text = " ".join(s.text.strip() for s in segments)
        lengths = sorted(s.end - s.start for s in segments)
    else:
        from faster_whisper import WhisperModel

        whisper = WhisperModel(str(spec.path or spec.hub_name))
        t1 = time.perf_counter()
        segments = list(whisper.transcribe(audio, language=language)[0])  # consuming it does the work
        text = " ".join(s.text.strip() for s in segments)
        lengths = sorted(s.end - s.start for s in segments)
    t2 = time.perf_counter()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    # How finely the output is placed in time: the median line's length in seconds.
    line = lengths[len(lengths) // 2] if lengths else 0.0
    print(json.dumps({"load": t1 - t0, "wall": t2 - t1, "rss": rss_mb, "text": text, "line": line}))


def measure(config: str, audio: Path, model: str, language: str | None) -> dict:
    cmd = [sys.executable, __file__, "--worker", config, "--audio", str(audio), "--model", model]
    if language:
        cmd += ["--language", language]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if done.returncode:
        sys.exit(f"{config} on {audio.name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def audio_seconds(path: Path) -> float:
    out = subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True)
    return float(out.stdout)


def build_long(audio_dir: Path, folder: Path, pairs: int) -> tuple[Path, str]:
    """``pairs`` x (phone call + meeting) + one more phone call: ~11 min at 7 pairs."""
    order = list(CLIPS) * pairs + [CLIPS[0]]
    wav = folder / f"long-{len(order)}clips.wav"
    subprocess.run(["sox", *[str(audio_dir / f"{c}.wav") for c in order], str(wav)], check=True)
    ref = " ".join((audio_dir / f"{c}.ref.txt").read_text().strip() for c in order)
    return wav, ref


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--language", default=None)
    parser.add_argument("--no-long", action="store_true", help="skip the ~11-minute file")
    parser.add_argument("--pairs", type=int, default=7, help="clip pairs in the long file (7: 11 min)")
    parser.add_argument(
        "--configs",
        default="default,batched,batched-words,recap",
        help="comma-separated: default, batched, batched-words, recap",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--audio", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.audio, args.model, args.language)
        return 0

    audio_dir = args.data / "audio"
    if not audio_dir.is_dir():
        sys.exit(f"no audio in {audio_dir}; pass --data DIR (the shared data folder)")
    configs = args.configs.split(",")
    with tempfile.TemporaryDirectory(prefix="recap-bench-") as tmp:
        files = [(c, audio_dir / f"{c}.wav", (audio_dir / f"{c}.ref.txt").read_text()) for c in CLIPS]
        if not args.no_long:
            if not shutil.which("sox"):
                sys.exit("sox is needed to build the long file (or pass --no-long)")
            wav, ref = build_long(audio_dir, Path(tmp), args.pairs)
            files.append((f"long-{audio_seconds(wav) / 60:.0f}min", wav, ref))

        print(f"model {args.model}, {len(files)} files; each run in its own process\n")
        header = (
            f"{'file':<17} {'config':<13} {'audio s':>7} {'wall s':>7} {'RTF':>6} {'RSS MB':>7} {'WER %':>6} "
            f"{'line s':>6}"
        )
        print(header)
        print("-" * len(header))
        results: dict[tuple[str, str], dict] = {}
        for name, wav, ref in files:
            seconds = audio_seconds(wav)
            for config in configs:
                r = measure(config, wav, args.model, args.language)
                r["rtf"] = r["wall"] / seconds
                r["wer"] = wer(ref, r["text"])
                results[name, config] = r
                print(
                    f"{name:<17} {config:<13} {seconds:7.0f} {r['wall']:7.2f} {r['rtf']:6.3f} "
                    f"{r['rss']:7.0f} {100 * r['wer']:6.1f} {r['line']:6.1f}",
                    flush=True,
                )

        if {"default", "recap"} <= set(configs):
            print("\nrecap vs faster-whisper defaults (target: >= 1.5x faster, WER at most +1 point)")
            ok = True
            for name, _, _ in files:
                d, r = results[name, "default"], results[name, "recap"]
                ratio = d["wall"] / r["wall"]
                delta = r["wer"] - d["wer"]
                passed = ratio >= SPEED_TARGET and delta <= WER_MARGIN
                ok &= passed
                print(
                    f"  {name:<17} {ratio:4.2f}x faster   WER {100 * delta:+5.1f} points   "
                    f"{'ok' if passed else 'MISSED'}"
                )
            print("all targets met" if ok else "some targets missed")
        for other in ("batched", "batched-words"):
            if {other, "recap"} <= set(configs):
                print(f"\nrecap vs faster-whisper's {other} pipeline (target: at least as fast, WER no worse)")
                for name, _, _ in files:
                    b, r = results[name, other], results[name, "recap"]
                    print(
                        f"  {name:<17} {b['wall'] / r['wall']:4.2f}x   WER {100 * (r['wer'] - b['wer']):+5.1f} points   "
                        f"median line {r['line']:.1f} s against {b['line']:.1f} s"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

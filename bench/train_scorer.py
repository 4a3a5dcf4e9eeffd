"""Fit the candidate scorer (recap/extract/scorer.json) on the training conversations only.

    python bench/train_scorer.py            # fit, print cross-validated figures, write scorer.json
    python bench/train_scorer.py --dry-run  # fit and print, write nothing

For every training conversation the rules make their candidates once; a
candidate is positive when a labelled item of its kind lies within two cues
(the benchmark's matching). A logistic regression per kind over the
candidates' structural features (recap/extract/features.py) is fitted with
SciPy's bounded L-BFGS (scikit-learn's objective; development tools only:
recap itself reads the numbers), the weights of a few unambiguous signals held
to their sign (:data:`SIGNS`). Its
regularisation and each kind's two thresholds are chosen by cross-validation,
folds by conversation, on the training set alone: ``keep`` maximises F1 after
the pipeline's own de-duplication, ``list`` maximises F0.5 (the items shown
without a "possible" mark lean to precision).

Training data: the AnnoMI train split (bench/labels/annomi/split.json) and the
written training conversations (bench/labels/written/). Dev and test are
never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from statistics import fmean

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import extract_eval as ev  # noqa: E402

from recap.domain import Segment, Transcript  # noqa: E402
from recap.extract.pipeline import Candidate, candidates, select  # noqa: E402
from recap.extract.scorer import WEIGHTS, KindModel, Scorer  # noqa: E402
from recap.transcripts import read_transcript  # noqa: E402

KINDS = ev.KINDS
GRID = [round(0.05 * i, 2) for i in range(1, 20)]
#: Written conversations, and all of them heard without knowing who spoke, teach the weights at
#: these weights; thresholds are chosen on real conversations with their speakers only.
CORPUS_WEIGHT = {"written": 0.5, "unvoiced": 0.3}


def conversation_candidates(conv: ev.Conversation, voices: bool = True) -> list[Candidate]:
    """The rules' candidates; without ``voices``, as a one-track recording hears it: nobody's role known."""
    transcript = read_transcript(conv.vtt, coach=conv.coach)
    if not voices:
        transcript = Transcript([Segment(s.start, s.end, s.text) for s in transcript.segments], speakers_known=False)
    found, _ = candidates(transcript)
    return found


def positives(conv: ev.Conversation, found: list[Candidate]) -> list[int]:
    gold = ev.labels(conv)
    return [
        int(any(abs(ev.cue_index(conv.starts, c.cue) - g) <= ev.WINDOW for g in gold.get(c.kind, []))) for c in found
    ]


def counts_at(data, scores: list[list[float]], keep: dict[str, float]) -> dict[str, tuple[int, int, int]]:
    """Pooled (matched, predicted, labelled) per kind when each kind keeps candidates from ``keep``."""
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (conv, found, _), conv_scores in zip(data, scores, strict=False):
        for c, s in zip(found, conv_scores, strict=False):
            c.score = s
        chosen = select(found, lambda kind: keep[kind])
        pred: dict[str, list[int]] = defaultdict(list)
        for kind, cue in sorted({(c.kind, ev.cue_index(conv.starts, c.cue)) for c in chosen}):
            pred[kind].append(cue)  # clauses of one cue become one item
        for kind, (tp, np_, ng) in ev.counts(pred, ev.labels(conv)).items():
            total[kind][0] += tp
            total[kind][1] += np_
            total[kind][2] += ng
    return {k: tuple(v) for k, v in total.items()}  # type: ignore[misc]


def f_beta(tp: int, np_: int, ng: int, beta: float = 1.0) -> float:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


#: What a feature can only say, whatever a few hundred candidates suggest: a deadline or a firm word
#: never makes a promise less likely, a hedge or a negation never more. Weights are held to these
#: signs in the fit; the rest are free. Word-level signals a small training set can get backwards.
SIGNS: dict[str, dict[str, int]] = {
    "commitment": {
        **dict.fromkeys(
            [
                "firm",
                "time_after",
                "habit",
                "future_word",
                "modal=will",
                "proposal_accepted",
                "asked=action",
                "asked=proposal",
                "next=praise",
                "first_in_answer",
            ],
            1,
        ),
        **dict.fromkeys(
            [
                "negation",
                "past",
                "modal=might",
                "modal=would",
                "hedges=2",
                "question",
                "others_subject",
                "memory",
                "next=refusal",
                "desire_word",
            ],
            -1,
        ),
    },
    "next_step": {
        **dict.fromkeys(
            [
                "time_after",
                "habit",
                "future_word",
                "scheduling",
                "proposal_accepted",
                "next=praise",
                "asked=action",
                "asked=schedule",
            ],
            1,
        ),
        **dict.fromkeys(["negation", "past", "modal=might", "hedges=2", "memory", "next=refusal"], -1),
    },
    "goal": {
        **dict.fromkeys(["desire_word", "asked=goal", "habit"], 1),
        **dict.fromkeys(["past", "question", "memory"], -1),
    },
    "insight": {
        **dict.fromkeys(["realize_word", "i_realize", "asked=takeaway", "pattern", "cause"], 1),
        **dict.fromkeys(["question", "future_word", "asked=action", "asked=schedule", "memory"], -1),
    },
}


def fit(data, kind: str, c_value: float, rows: list[int]):
    """L2-regularised logistic regression (scikit-learn's objective: ``C`` times the weighted log loss
    plus half the squared weights, intercept free), with the weights of :data:`SIGNS` held to their sign."""
    import numpy as np
    from scipy.optimize import minimize
    from sklearn.feature_extraction import DictVectorizer

    x = [c.features for i in rows for c in data[i][1] if c.kind == kind]
    y = [lab for i in rows for c, lab in zip(data[i][1], data[i][2], strict=False) if c.kind == kind]
    w = [CORPUS_WEIGHT.get(data[i][0].corpus, 1.0) for i in rows for c in data[i][1] if c.kind == kind]
    if len(set(y)) < 2:
        return None
    vec = DictVectorizer()
    xm = vec.fit_transform(x).tocsr()
    names = list(vec.get_feature_names_out())
    t = np.where(np.asarray(y) > 0, 1.0, -1.0)
    sw = np.asarray(w, dtype=float)
    signs = SIGNS.get(kind, {})

    def loss(theta):
        beta, b = theta[:-1], theta[-1]
        z = xm @ beta + b
        margin = t * z
        value = 0.5 * beta @ beta + c_value * float(sw @ np.logaddexp(0.0, -margin))
        g = -c_value * sw * t * (1.0 / (1.0 + np.exp(margin)))
        return value, np.concatenate([beta + xm.T @ g, [g.sum()]])

    bounds = [(0.0, None) if signs.get(n) == 1 else (None, 0.0) if signs.get(n) == -1 else (None, None) for n in names]
    done = minimize(
        loss,
        np.zeros(len(names) + 1),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds + [(None, None)],
        options={"maxiter": 5000},
    )
    beta, bias = done.x[:-1], done.x[-1]
    weights = {name: float(v) for name, v in zip(names, beta, strict=True) if abs(v) > 1e-6}
    return KindModel(float(bias), weights, 0.5, 0.5)


def cross_scores(data, folds: int, c_value: float, fitted_on: set[str] | None = None) -> list[list[float]]:
    """Each conversation's candidates scored by models fitted without its fold (and, given
    ``fitted_on``, only on the conversations it names)."""
    scores = [[0.0] * len(found) for _, found, _ in data]
    names = sorted({conv.name for conv, _, _ in data})
    fold = {name: n % folds for n, name in enumerate(names)}  # a conversation's copies share a fold
    for k in range(folds):
        test_rows = [i for i in range(len(data)) if fold[data[i][0].name] == k]
        train_rows = [
            i
            for i in range(len(data))
            if fold[data[i][0].name] != k and (fitted_on is None or data[i][0].name in fitted_on)
        ]
        models = {kind: fit(data, kind, c_value, train_rows) for kind in KINDS}
        for i in test_rows:
            for j, c in enumerate(data[i][1]):
                model = models[c.kind]
                scores[i][j] = model.probability(c.features) if model else 0.0
    return scores


def choose_thresholds(data, scores) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Per kind: ``keep`` with the best F1 (smoothed over neighbouring thresholds), ``list`` with the
    best F0.5 (at or above keep)."""
    keep = {k: 0.5 for k in KINDS}
    listed = {}
    best_f1 = {}
    for kind in KINDS:
        table = []
        for t in GRID:
            trial = dict(keep, **{kind: t})
            table.append((t, counts_at(data, scores, trial)[kind]))
        # F1 over thresholds is flat and jagged on a few hundred candidates: the peak of its
        # three-point average moves less from one refit to the next than the raw peak does.
        f1s = [f_beta(*row[1]) for row in table]
        smooth = [fmean(f1s[max(0, i - 1) : i + 2]) for i in range(len(f1s))]
        best = table[max(range(len(table)), key=lambda i: (round(smooth[i], 4), -table[i][0]))]
        keep[kind] = best[0]
        best_f1[kind] = f_beta(*best[1])
        listed[kind] = max(
            (row for row in table if row[0] >= best[0]), key=lambda row: (round(f_beta(*row[1], beta=0.5), 4), row[0])
        )[0]
    return keep, listed, best_f1


def load_training(data_dir: Path, tmp: Path) -> list[ev.Conversation]:
    sets = ev.load_sets(data_dir, tmp)
    convs = list(sets["train"])
    written = REPO / "bench" / "labels" / "written"
    if (written / "split.json").is_file():
        for name in json.loads((written / "split.json").read_text())["train"]:
            conv = ev.Conversation(name, written / "vtt" / f"{name}.vtt", None, "written")
            conv.starts, conv.texts = ev.cue_table(conv.vtt)
            convs.append(conv)
    return convs


def candidate_table(convs: list[ev.Conversation]) -> list[tuple[ev.Conversation, list[Candidate], list[int]]]:
    """(conversation, its candidates, which are labelled) for each conversation, then for each again as a
    one-track recording would give it (an in-person session): the scorer learns to judge a sentence
    when it cannot know who said it."""
    data = []
    for conv in convs:
        found = conversation_candidates(conv)
        data.append((conv, found, positives(conv, found)))
    for conv in convs:
        blind = ev.Conversation(conv.name, conv.vtt, conv.coach, "unvoiced", conv.starts, conv.texts)
        found = conversation_candidates(conv, voices=False)
        data.append((blind, found, positives(conv, found)))
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--c", type=float, action="append", help="regularisation values to try (default: 0.1 0.3 1 3)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="recap-train-") as tmpdir:
        data = candidate_table(load_training(args.data, Path(tmpdir)))
    n = defaultdict(int)
    pos = defaultdict(int)
    for _, found, labels in data:
        for c, lab in zip(found, labels, strict=False):
            n[c.kind] += 1
            pos[c.kind] += lab
    print(
        f"{len(data)} training conversations; candidates (positive) per kind: "
        + ", ".join(f"{k} {n[k]} ({pos[k]})" for k in KINDS)
    )

    best = None
    real = [i for i, (conv, _, _) in enumerate(data) if conv.corpus not in CORPUS_WEIGHT]
    for c_value in args.c or (0.1, 0.3, 1.0, 3.0):
        scores = cross_scores(data, args.folds, c_value)
        real_data, real_scores = [data[i] for i in real], [scores[i] for i in real]
        keep, listed, f1 = choose_thresholds(real_data, real_scores)
        pooled = counts_at(real_data, real_scores, keep)
        actions = f_beta(*pooled["actions"])
        mean = sum(f1.values()) / len(f1)
        print(
            f"C={c_value:<4} cross-validated F1 on the {len(real)} real ones: actions {actions:.2f}, "
            + ", ".join(f"{k} {f1[k]:.2f}" for k in KINDS)
            + f"  (keep {keep}, list {listed})"
        )
        if best is None or mean > best[0]:
            best = (mean, c_value, keep, listed)
    _, c_value, keep, listed = best
    rows = list(range(len(data)))
    models = {}
    for kind in KINDS:
        m = fit(data, kind, c_value, rows)
        if m is not None:
            models[kind] = KindModel(m.bias, m.weights, keep[kind], listed[kind])
    scorer = Scorer(models)
    print(f"chosen C={c_value}; keep {keep}; list {listed}")
    if args.dry_run:
        return
    payload = {
        "fitted_on": f"{len(data)} training conversations (bench/train_scorer.py)",
        "C": c_value,
        "kinds": scorer.to_dict(),
    }
    WEIGHTS.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()

"""Train the `thanks` and `request` sentence detectors and export them to JSON.

    python train/train_detectors.py --data ../shared/data/intent \
        --out src/goodterms/detect/model.json

Needs scikit-learn (``pip install -e '.[train]'``); the exported model is read by
the pure-Python runtime in ``goodterms.detect.classifier``, whose tokenizer this
script imports, so both see the same features. Everything is seeded: the same
data gives the same split, the same model and the same numbers.

Data (all Apache-2.0, see docs/detection.md):

* request — positives: Parakweet ``Yes`` plus ``POLITENESS_SAMPLE`` requests drawn
  from the Stanford politeness corpus (Wikipedia and Stack Exchange, every row is
  a request); negatives: Parakweet ``No`` plus ``NEUTRAL_SAMPLE`` GoEmotions
  comments labelled only ``neutral`` that contain no "?".
* thanks — GoEmotions (train + dev): ``gratitude`` among the labels vs. all others.

Each source is split 80/20 (stratified, seeded); the models learn on the 80%,
the decision threshold is the one that maximises F1 in 5-fold cross-validation
on the 80%, and the scores are measured on the 20% with the exported JSON model
run by the pure-Python runtime (so the numbers are those of the shipped file).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from goodterms.detect.classifier import Model, ngrams, rule_confidence  # noqa: E402

SEED = 20240607
HELD_OUT = 0.2
POLITENESS_SAMPLE = 1500
NEUTRAL_SAMPLE = 1500
GRATITUDE = "gratitude"
NEUTRAL = "neutral"
SETTINGS: dict[str, dict[str, Any]] = {
    # max_features caps the vocabulary (most frequent n-grams), C is the inverse
    # L2 regularisation strength of the logistic regression.
    # unmangled drops the "?" that stand for characters lost to a wrong charset
    # ("??Every crisis") before tokenizing: the request model's strongest feature is "?".
    "request": {"max_features": 20000, "min_df": 2, "C": 4.0, "unmangled": True},
    "thanks": {"max_features": 10000, "min_df": 2, "C": 10.0},
}


# ---------------------------------------------------------------- reading data

def read_parakweet(folder: Path) -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    path = folder / "parakweet" / "Ask0729-fixed.txt"
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        label, _, text = line.partition("\t")
        if label in ("Yes", "No") and text.strip():
            rows.append((text.strip(), int(label == "Yes")))
    return rows


def read_goemotions(folder: Path) -> list[tuple[str, set[str]]]:
    base = folder / "goemotions"
    names = base.joinpath("labels.txt").read_text(encoding="utf-8").split()
    rows: list[tuple[str, set[str]]] = []
    for part in ("train.tsv", "dev.tsv"):
        for line in base.joinpath(part).read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) < 2 or not fields[0].strip():
                continue
            rows.append((fields[0].strip(), {names[int(i)] for i in fields[1].split(",")}))
    return rows


def read_politeness(folder: Path) -> list[str]:
    texts: list[str] = []
    for name in ("wikipedia.annotated.csv", "stack-exchange.annotated.csv"):
        with (folder / "politeness" / name).open(encoding="utf-8", newline="") as f:
            texts.extend(row["Request"].strip() for row in csv.DictReader(f) if row["Request"])
    return texts


def split(rows: Sequence[tuple[str, int]], seed: int) -> tuple[list[Any], list[Any]]:
    """A stratified, seeded 80/20 split: (train, held out)."""
    rng = random.Random(seed)
    train: list[Any] = []
    held: list[Any] = []
    for label in sorted({y for _, y in rows}):
        group = [r for r in rows if r[1] == label]
        rng.shuffle(group)
        cut = round(len(group) * HELD_OUT)
        held.extend(group[:cut])
        train.extend(group[cut:])
    rng.shuffle(train)
    return train, held


def request_data(folder: Path, seed: int = SEED) -> dict[str, list[tuple[str, int]]]:
    rng = random.Random(seed)
    parakweet = read_parakweet(folder)
    polite = sorted(set(read_politeness(folder)))
    rng.shuffle(polite)
    neutral = sorted({t for t, labels in read_goemotions(folder) if labels == {NEUTRAL}
                      and "?" not in t})
    rng.shuffle(neutral)
    extra = [(t, 1) for t in polite[:POLITENESS_SAMPLE]]
    extra += [(t, 0) for t in neutral[:NEUTRAL_SAMPLE]]
    p_train, p_held = split(parakweet, seed)
    e_train, e_held = split(extra, seed + 1)
    train = p_train + e_train
    random.Random(seed + 2).shuffle(train)
    return {"train": train, "held out (Parakweet only)": p_held,
            "held out (all sources)": p_held + e_held}


def thanks_data(folder: Path, seed: int = SEED) -> dict[str, list[tuple[str, int]]]:
    rows = [(t, int(GRATITUDE in labels)) for t, labels in read_goemotions(folder)]
    train, held = split(rows, seed)
    return {"train": train, "held out (GoEmotions)": held}


# ------------------------------------------------------------------- training

def fit(texts: Sequence[str], labels: Sequence[int], *, max_features: int = 20000,
        min_df: int = 2, C: float = 4.0, seed: int = SEED, tune: bool = True,
        unmangled: bool = False) -> dict[str, Any]:
    """Fit TF-IDF + logistic regression; return the exported JSON dict.

    The returned dict also carries the fitted sklearn objects under ``_sklearn``
    (removed before writing) so tests can compare the runtime with ``predict_proba``.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    def make() -> Any:
        return make_pipeline(
            TfidfVectorizer(analyzer=partial(ngrams, unmangled=unmangled),
                            max_features=max_features, min_df=min_df,
                            sublinear_tf=False, norm="l2", smooth_idf=True),
            LogisticRegression(C=C, max_iter=5000, solver="lbfgs"),
        )

    threshold = 0.5
    if tune:
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
        proba = cross_val_predict(make(), list(texts), list(labels), cv=folds,
                                  method="predict_proba")[:, 1]
        threshold = best_threshold([float(p) for p in proba], list(labels))
    pipe = make().fit(list(texts), list(labels))
    vectorizer, clf = pipe.steps[0][1], pipe.steps[1][1]
    vocab = {str(term): int(i) for term, i in sorted(vectorizer.vocabulary_.items(),
                                                        key=lambda kv: kv[1])}
    exported: dict[str, Any] = {
        "ngram": [1, 2],
        "features": "tf-idf (raw counts x smooth idf, L2-normalised) of goodterms.detect "
                    "ngrams()",
        "vocab": vocab,
        "idf": [sig(x, 5) for x in vectorizer.idf_],
        "coef": [sig(x, 5) for x in clf.coef_[0]],
        "intercept": sig(float(clf.intercept_[0]), 6),
        "threshold": round(threshold, 3),
        "_sklearn": pipe,
    }
    if unmangled:
        exported["unmangled"] = True
    return exported


def sig(x: float, digits: int) -> float:
    """``x`` rounded to ``digits`` significant digits."""
    x = float(x)
    if x == 0.0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def best_threshold(proba: Sequence[float], labels: Sequence[int]) -> float:
    best, best_f1 = 0.5, -1.0
    for step in range(5, 96):
        t = step / 100
        f1 = prf([int(p >= t) for p in proba], labels)[2]
        if f1 > best_f1 + 1e-12:
            best, best_f1 = t, f1
    return best


def prf(predicted: Sequence[int], labels: Sequence[int]) -> tuple[float, float, float]:
    tp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and y)
    fp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and not y)
    fn = sum(1 for p, y in zip(predicted, labels, strict=True) if not p and y)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(model: Model, rows: Sequence[tuple[str, int]]) -> dict[str, float]:
    predicted = [int(model.probability(t) >= model.threshold) for t, _ in rows]
    p, r, f = prf(predicted, [y for _, y in rows])
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "n": len(rows),
            "positives": sum(y for _, y in rows)}


def evaluate_rules(path: Path) -> dict[str, dict[str, float]]:
    """Per-act precision/recall of the rules on a hand-labelled TSV.

    Each line is ``acts<TAB>sentence``, acts comma-separated or ``-`` for none.
    """
    rows: list[tuple[set[str], str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        acts, _, sentence = line.partition("\t")
        rows.append(({a for a in acts.split(",") if a and a != "-"}, sentence))
    result: dict[str, dict[str, float]] = {}
    for act in ("commitment", "offer", "intro", "favor"):
        predicted = [int(rule_confidence(act, s) >= 0.5) for _, s in rows]
        p, r, f = prf(predicted, [int(act in acts) for acts, _ in rows])
        result[act] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                       "positives": sum(1 for acts, _ in rows if act in acts), "n": len(rows)}
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "intent")
    parser.add_argument("--out", type=Path,
                        default=ROOT / "src" / "goodterms" / "detect" / "model.json")
    parser.add_argument("--labelled", type=Path,
                        default=ROOT / "tests" / "detect" / "labelled.tsv")
    args = parser.parse_args(argv)

    builders = {"thanks": thanks_data, "request": request_data}
    acts: dict[str, Any] = {}
    report: dict[str, Any] = {}
    for act, build in builders.items():
        data = build(args.data)
        train = data.pop("train")
        exported = fit([t for t, _ in train], [y for _, y in train], **SETTINGS[act])
        exported.pop("_sklearn")
        model = Model.from_json(exported)
        report[act] = {name: evaluate(model, rows) for name, rows in data.items()}
        report[act]["train size"] = len(train)
        acts[act] = exported

    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"format": 1, "seed": SEED, "metrics": report, "acts": acts}
    args.out.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")
    if args.labelled.exists():
        report["rules (hand-labelled)"] = evaluate_rules(args.labelled)
    print(json.dumps(report, indent=2))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Fit the hedge sentence classifier of :mod:`scoring.features.hedging` on labelled sentences.

The input is a ``text,label`` CSV of sentences (the Wikipedia part of the CoNLL-2010 shared task,
see :mod:`scoring.evaluation.weasel`). Only its ``tune`` part (about 70%, by sentence hash) is
read: the ``heldout`` part stays for one measurement at the end (``python -m
scoring.evaluation.weasel CSV --split heldout``).

Each sentence is parsed as a one-sentence article; every body sentence gets the readable
features of :data:`scoring.features.hedging.SENTENCE_FEATURES`, and a sentence row takes the
largest value of each over its body sentences (nearly always there is one). A standard scaler
and a logistic regression are fitted; the regularisation ``C``, the class weighting and the
decision threshold are chosen by stratified 5-fold cross-validation (fixed seed) for the
sentence F1 of the flag the feature uses (hedged when the probability reaches the threshold and
the sentence holds a cue of a kind with a positive weight). The model file records the
coefficients, the feature names, the hash of the data file and of the lexicons, and the
cross-validation figures; the same data, code and library versions write the same file.

    python -m scoring.evaluation.fit_hedging --train CSV [--out JSON] [--cache DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scoring.config import Config, load_config
from scoring.evaluation.weasel import as_article_text, read_sentences
from scoring.features.hedging import (
    MODEL_LEXICONS,
    MODEL_PATH,
    SENTENCE_FEATURES,
    Cue,
    HedgeModel,
    hedge_lexicons_digest,
    sentence_hedging,
)
from scoring.text import parse_texts

FOLDS = 5
SEED = 0
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
CLASS_WEIGHTS = (None, "balanced")
THRESHOLDS = tuple(round(0.05 + 0.01 * i, 2) for i in range(86))
"""Decision thresholds tried: 0.05 to 0.90."""


@dataclass(frozen=True)
class Rows:
    """The tune part as the classifier sees it: one row per CSV sentence, and its sentences."""

    features: np.ndarray
    """Rows x :data:`SENTENCE_FEATURES`: the largest value over the row's body sentences."""
    labels: np.ndarray
    sentence_features: np.ndarray
    """Body sentences x :data:`SENTENCE_FEATURES`."""
    sentence_row: np.ndarray
    """The row of each body sentence."""
    sentence_cues: tuple[tuple[Cue, ...], ...]
    """The candidate cues of each body sentence."""


def load_rows(path: Path, config: Config, cache_folder: Path | None = None) -> Rows:
    """Parse the ``tune`` part of ``path`` and compute every sentence's features."""
    cache = None
    if cache_folder is not None:
        from scoring.cache import AnalysisCache

        cache = AnalysisCache(cache_folder)
    rows = read_sentences(path, split="tune")
    texts = [as_article_text(text) for text, _ in rows]
    features, sentence_features, sentence_row, sentence_cues = [], [], [], []
    parsed_all = parse_texts(((text, "") for text in texts), config=config, cache=cache)
    for row, parsed in enumerate(parsed_all):
        hedging = sentence_hedging(parsed)
        sentence_features += [s.features for s in hedging]
        sentence_cues += [s.cues for s in hedging]
        sentence_row += [row] * len(hedging)
        features.append(np.max([s.features for s in hedging], axis=0) if hedging
                        else np.zeros(len(SENTENCE_FEATURES)))
    return Rows(np.vstack(features), np.array([label for _, label in rows]),
                np.vstack(sentence_features), np.array(sentence_row), tuple(sentence_cues))


def row_log_odds(model: HedgeModel, rows: Rows) -> np.ndarray:
    """Per row, the largest log-odds of its sentences that hold a cue that counts (minus
    infinity when none does): the row is flagged when this reaches the threshold's log-odds,
    exactly as :meth:`HedgeModel.hedged` decides sentence by sentence."""
    counted = np.array([any(model.counts(c) for c in cues) for cues in rows.sentence_cues])
    odds = np.where(counted, model.log_odds(rows.sentence_features), -np.inf)
    best = np.full(len(rows.labels), -np.inf)
    np.maximum.at(best, rows.sentence_row, odds)
    return best


def logit(probability: float) -> float:
    return math.log(probability / (1 - probability))


def scores(predicted: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    tp = int((predicted & gold).sum())
    fp = int((predicted & ~gold).sum())
    fn = int((~predicted & gold).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4),
            "tp": tp, "fp": fp, "fn": fn}


def fit(features: np.ndarray, labels: np.ndarray, c: float, class_weight: str | None,
        threshold: float = 0.5) -> HedgeModel:
    """A standard scaler and a logistic regression, as a :class:`HedgeModel`."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(features)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    regression = LogisticRegression(C=c, class_weight=class_weight, max_iter=5000)
    regression.fit((features - scaler.mean_) / scale, labels)
    return HedgeModel(SENTENCE_FEATURES, scaler.mean_, scale, regression.coef_[0],
                      float(regression.intercept_[0]), threshold)


def cross_validate(rows: Rows) -> dict[str, object]:
    """Choose ``C``, the class weighting and the threshold by stratified k-fold F1 of the flag;
    the figures of every setting tried and of the chosen one, per fold."""
    from sklearn.model_selection import StratifiedKFold

    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
                 .split(rows.features, rows.labels))
    gold = rows.labels.astype(bool)
    best: tuple[float, float, str | None, float] | None = None
    tried = []
    for c in C_GRID:
        for weight in CLASS_WEIGHTS:
            # out-of-fold flags at every threshold, from one fit per fold
            odds = np.zeros(len(gold))
            for train, test in folds:
                odds[test] = row_log_odds(fit(rows.features[train], rows.labels[train], c,
                                              weight), rows)[test]
            f1s = [scores(odds >= logit(threshold), gold)["f1"] for threshold in THRESHOLDS]
            t = int(np.argmax(f1s))
            tried.append({"C": c, "class_weight": weight, "threshold": THRESHOLDS[t],
                          "f1": f1s[t]})
            if best is None or f1s[t] > best[0]:
                best = (f1s[t], c, weight, THRESHOLDS[t])
    assert best is not None
    _, c, weight, threshold = best
    per_fold, pooled = [], np.zeros(len(gold), dtype=bool)
    for train, test in folds:
        model = fit(rows.features[train], rows.labels[train], c, weight)
        pooled[test] = row_log_odds(model, rows)[test] >= logit(threshold)
        per_fold.append(scores(pooled[test], gold[test]))
    fold_f1 = [fold["f1"] for fold in per_fold]
    return {"folds": FOLDS, "seed": SEED, "C": c, "class_weight": weight, "threshold": threshold,
            "pooled": scores(pooled, gold), "fold_f1_mean": round(float(np.mean(fold_f1)), 4),
            "fold_f1_sd": round(float(np.std(fold_f1)), 4), "per_fold": per_fold,
            "tried": tried}


def train(path: Path, config: Config, cache_folder: Path | None = None) -> dict[str, object]:
    """The model file's content: the model fitted on the whole tune part with the setting
    cross-validation chose, and where it came from."""
    rows = load_rows(path, config, cache_folder)
    cv = cross_validate(rows)
    model = fit(rows.features, rows.labels, cv["C"], cv["class_weight"], cv["threshold"])
    weights = sorted(zip(SENTENCE_FEATURES, model.coef.tolist(), strict=True),
                     key=lambda item: -abs(item[1]))
    data = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return {
        "model": "logistic regression over standardised sentence features "
                 "(scoring.features.hedging.SENTENCE_FEATURES)",
        "trained_with": "python -m scoring.evaluation.fit_hedging --train "
                        "../shared/data/conll2010-weasel-train/train.csv",
        "data": {"file": Path(path).name, "sha256": data, "split": "tune",
                 "rows": int(len(rows.labels)), "positives": int(rows.labels.sum())},
        "lexicons": list(MODEL_LEXICONS), "lexicons_digest": hedge_lexicons_digest(),
        "language_model": config.language_model,
        **_rounded(model.to_dict()),
        "weights_by_size": [[name, round(weight, 4)] for name, weight in weights],
        "cross_validation": cv,
    }


def _rounded(values: dict[str, object]) -> dict[str, object]:
    """Floats to 10 significant digits, so the file does not change with the last bits."""
    def rounded(value: object) -> object:
        if isinstance(value, float):
            return float(f"{value:.10g}") if math.isfinite(value) else value
        if isinstance(value, list):
            return [rounded(v) for v in value]
        return value

    return {key: rounded(value) for key, value in values.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring.evaluation.fit_hedging",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, required=True, help="a text,label CSV of sentences")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="the model file to write")
    parser.add_argument("--cache", type=Path, default=None,
                        help="a folder where parses are kept between runs (e.g. build/hedging)")
    parser.add_argument("--config", default=None, help="settings TOML file")
    args = parser.parse_args(argv)
    content = train(args.train, load_config(args.config), args.cache)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
    cv = content["cross_validation"]
    print(f"wrote {args.out}: cross-validated F1 {cv['pooled']['f1']:.3f} "
          f"(P {cv['pooled']['precision']:.3f}, R {cv['pooled']['recall']:.3f}) with "
          f"C={cv['C']}, class_weight={cv['class_weight']}, threshold={cv['threshold']}")
    for name, weight in content["weights_by_size"][:10]:
        print(f"  {weight:+.3f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

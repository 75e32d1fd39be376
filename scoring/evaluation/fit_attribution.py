"""Fit the attribution decision on PolNeAR's training articles and write it as package data.

    python -m scoring.evaluation.fit_attribution --train ../shared/data/polnear-train

Each body sentence that has a candidate source (a cue the rules accept, a carried quotation's
speaker, a speaker label, or a cue the rules turn down) is one row: the features of
:func:`scoring.features.attribution.sentence_decisions` (the rules' verdicts among them), and
whether the gold annotation attributes the sentence (:func:`scoring.evaluation.polnear.
gold_attributed`). A sentence without a candidate is unattributed whatever the model says, so it
is no row. Where an article has several annotators' files, the first in sorted file order is used
(:func:`scoring.evaluation.polnear.load_polnear`).

The regularisation strength and the decision threshold are chosen by five-fold cross-validation
grouped by article (``GroupKFold``, no shuffling), maximising attributed-sentence F1 over every
sentence of the held-out articles; the cross-validated figures (F1 with precision and recall,
named vs. anonymous, source overlap and recall) of the rules alone and of the chosen model are
written into the model file. The final model is fitted on every training article. The same data
and code give the same file: no random state is involved and numbers are rounded to six places.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from scoring.cache import AnalysisCache
from scoring.config import Config
from scoring.evaluation.polnear import Document, PolnearReport, Tally, gold_attributed, load_polnear
from scoring.features.attribution import SentenceDecision, attribution_result, sentence_decisions
from scoring.features.attribution_model import (
    AttributionModel,
    LogisticModel,
    lexicons_digest,
    model_path,
    write_model,
)
from scoring.text import parse_texts

ORIGIN = "networkdynamics/PolNeAR data/train, commit c3eee83"
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.30, 0.71, 0.025))
MIN_LEMMA_ROWS = 15
"""A cue lemma is a feature of its own if it is the first cue of this many rows; rarer lemmas
are known only by their class."""
FOLDS = 5


@dataclass(frozen=True)
class Article:
    document: Document
    decisions: tuple[SentenceDecision, ...]
    gold: tuple[bool, ...]


def read_articles(folder: Path, config: Config, cache: AnalysisCache | None) -> list[Article]:
    """Every annotated article of ``folder`` with the rules' decisions and the gold labels."""
    documents = load_polnear(folder)
    items = [(d.text, d.text.split("\n", 1)[0]) for d in documents]
    articles = []
    for document, parsed in zip(documents, parse_texts(items, config=config, cache=cache),
                                strict=True):
        decisions = tuple(sentence_decisions(parsed))
        articles.append(Article(document, decisions,
                                tuple(gold_attributed(document, decisions))))
    return articles


def data_digest(folder: Path) -> str:
    """A digest of the texts and of the annotation file each article's gold is read from."""
    digest = hashlib.sha256()
    annotations = sorted((Path(folder) / "attributions").glob("*.ann"))
    for text in sorted((Path(folder) / "text").glob("*.txt")):
        chosen = [a for a in annotations if a.stem.rsplit("_", 1)[0] == text.stem]
        for path in [text, *chosen[:1]]:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def feature_names(articles: Sequence[Article]) -> tuple[str, ...]:
    """The model's inputs: every feature seen, less cue lemmas of fewer than
    :data:`MIN_LEMMA_ROWS` rows, in sorted order."""
    counts: dict[str, int] = {}
    for article in articles:
        for decision in article.decisions:
            if decision.options:
                for name in decision.features:
                    counts[name] = counts.get(name, 0) + 1
    return tuple(sorted(name for name, count in counts.items()
                        if not name.startswith("lemma=") or count >= MIN_LEMMA_ROWS))


def _rows(articles: Sequence[Article], names: Sequence[str]
          ) -> tuple[np.ndarray, np.ndarray]:
    x, y = [], []
    for article in articles:
        for decision, gold in zip(article.decisions, article.gold, strict=True):
            if decision.options:
                x.append([decision.features.get(name, 0.0) for name in names])
                y.append(gold)
    return np.asarray(x, dtype=float).reshape(-1, len(names)), np.asarray(y, dtype=bool)


def fit(articles: Sequence[Article], names: Sequence[str], c: float,
        threshold: float) -> LogisticModel:
    """A standardised logistic regression on ``articles``' rows."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x, y = _rows(articles, names)
    scaler = StandardScaler().fit(x)
    regression = LogisticRegression(C=c, max_iter=5000).fit(scaler.transform(x), y)
    return LogisticModel(tuple(names), scaler.mean_.copy(), scaler.scale_.copy(),
                         regression.coef_[0].copy(), float(regression.intercept_[0]), threshold)


def folds(articles: Sequence[Article]) -> list[tuple[list[int], list[int]]]:
    from sklearn.model_selection import GroupKFold

    groups = np.arange(len(articles))
    return [(train.tolist(), test.tolist())
            for train, test in GroupKFold(n_splits=FOLDS).split(groups, groups=groups)]


def measure(articles: Sequence[Article], model: AttributionModel | None) -> Tally:
    """The PolNeAR counts of ``articles`` labelled by ``model`` (None: the rules alone)."""
    tally = Tally()
    for article in articles:
        result = attribution_result(article.decisions, model)
        tally.add(article.document, result.sentences, result.named_sources)
    return tally


def cross_validate(articles: Sequence[Article], names: Sequence[str]
                   ) -> tuple[float, float, dict[str, dict[str, float]]]:
    """The best (C, threshold) by grouped cross-validated F1, and the F1 of every pair."""
    split = folds(articles)
    grid: dict[str, dict[str, float]] = {}
    best = (-1.0, C_GRID[0], THRESHOLDS[0])
    for c in C_GRID:
        scored: list[tuple[float, bool]] = []  # (probability, gold) per row
        missed = 0  # gold-attributed sentences without a candidate
        for train, test in split:
            model = fit([articles[i] for i in train], names, c, 0.5)
            for i in test:
                for decision, gold in zip(articles[i].decisions, articles[i].gold, strict=True):
                    if decision.options:
                        scored.append((model.probability(decision.features), gold))
                    else:
                        missed += gold
        probabilities = np.array([p for p, _ in scored])
        golds = np.array([g for _, g in scored])
        grid[str(c)] = {}
        for threshold in THRESHOLDS:
            predicted = probabilities >= threshold
            tp = int((predicted & golds).sum())
            fp = int((predicted & ~golds).sum())
            fn = int((~predicted & golds).sum()) + missed
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            grid[str(c)][str(threshold)] = round(f1, 4)
            if f1 > best[0] + 1e-9:
                best = (f1, c, threshold)
    return best[1], best[2], grid


def cross_validated_report(articles: Sequence[Article], names: Sequence[str], c: float,
                           threshold: float, lexicons: str) -> PolnearReport:
    """Every PolNeAR figure of the model at (C, threshold), each article labelled by the model
    fitted on the folds it is not in."""
    tally = Tally()
    for train, test in folds(articles):
        model = AttributionModel(fit([articles[i] for i in train], names, c, threshold),
                                 lexicons, {})
        for i in test:
            result = attribution_result(articles[i].decisions, model)
            tally.add(articles[i].document, result.sentences, result.named_sources)
    return tally.report(0.0)


def _figures(report: PolnearReport) -> dict[str, float]:
    keys = ("articles", "sentences", "gold_attributed", "precision", "recall", "f1",
            "named_anonymous_pairs", "named_anonymous_accuracy", "source_overlap",
            "gold_sources", "source_recall", "gold_named_sources", "named_source_recall")
    values = asdict(report)
    return {key: round(values[key], 4) if isinstance(values[key], float) else values[key]
            for key in keys}


def train_model(folder: Path, config: Config, cache: AnalysisCache | None) -> AttributionModel:
    articles = read_articles(folder, config, cache)
    names = feature_names(articles)
    lexicons = lexicons_digest()
    c, threshold, grid = cross_validate(articles, names)
    rules = measure(articles, None).report(0.0)
    cv = cross_validated_report(articles, names, c, threshold, lexicons)
    import sklearn

    about = {
        "trained_on": ORIGIN,
        "data_digest": data_digest(folder),
        "annotator": "the first annotation file of each article in sorted file order",
        "articles": len(articles),
        "rows": int(_rows(articles, names)[1].size),
        "C": c,
        "threshold": threshold,
        "cv": f"{FOLDS}-fold GroupKFold by article, F1 over every sentence of held-out articles",
        "cv_f1_grid": grid,
        "rules_on_train": _figures(rules),
        "model_cv_on_train": _figures(cv),
        "scikit_learn": sklearn.__version__,
        "command": "python -m scoring.evaluation.fit_attribution --train <polnear-train>",
    }
    return AttributionModel(fit(articles, names, c, threshold), lexicons, about)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring.evaluation.fit_attribution",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, required=True, help="PolNeAR's train folder")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the model (default: the package's model file)")
    parser.add_argument("--cache", default="build/polnear-parses",
                        help="a folder for stored parses ('' for none)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    cache = AnalysisCache(args.cache) if args.cache else None
    model = train_model(args.train, Config(), cache)
    out = args.out or model_path()
    write_model(model, out)
    about = model.about
    print(f"wrote {out} ({time.perf_counter() - started:.0f} s): C={about['C']}, "
          f"threshold={about['threshold']}")
    for key in ("rules_on_train", "model_cv_on_train"):
        print(key, about[key])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Do source scores rank outlets the way expert raters do?

The unit is the outlet. A source's score is the mean of its articles' scores
(:func:`scoring.training.outlet_table`), which is how the report computes it. Those scores are
compared with an expert rating, a continuous figure where higher means more reliable: for
example ``pc1`` of Lin et al. 2023, "High level of correspondence across different news domain
quality rating sets" (PNAS Nexus 2(9)), in [0, 1], or a 0-100 score. :func:`outlet_figures` returns:

- the rank correlation (Spearman) of score and rating, with a bootstrap 95% interval from
  resampling outlets, and the Pearson correlation;
- the outlet-level ROC AUC of the score for ``rating >= threshold``, with its interval;
- a check on political leaning: how strongly scores follow leaning (left = -1, center = 0,
  right = +1), next to how strongly the rating itself does, and the score-rating correlation
  *within* each leaning. A model that only learned "right-leaning means unreliable" has a
  score-leaning correlation much stronger than the rating's, and weak correlations within groups;
- the outlets whose score rank is furthest from their rating rank, and the whole table.

:func:`tfidf_reference` is the benchmark to report beside the transparent model: a bag of words
and bigrams with logistic regression, which nobody can read, cross-validated with folds grouped by
outlet (the folds of :func:`scoring.training.splits`, the transparent model's own), so no
outlet is scored by a model that saw its articles.
Outlets are registered domains (:func:`scoring.ingest.records.registered_domain`:
``money.cnn.com`` is ``cnn.com``), so articles can be matched to ratings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy.stats import rankdata
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

if TYPE_CHECKING:
    from scoring.model import Weights
    from scoring.training import FitSettings, TrainingSet

LEANING_CODES = {"left": -1, "center": 0, "right": 1}
C_GRID = (1.0, 10.0, 100.0)
INNER_SPLITS = 3
WORST_SHOWN = 5
MIN_GROUP_FOR_CORRELATION = 3

_REQUIRED_COLUMNS = ("outlet", "score", "rating")


def outlet_figures(table: pd.DataFrame, *, threshold: float | None, seed: int = 0,
                   repeats: int = 2000) -> dict[str, object]:
    """How well outlet scores follow outlet ratings, as a JSON-ready dict.

    ``table`` has one row per outlet with ``outlet``, ``score``, ``rating`` (continuous, higher
    = more reliable) and optionally ``leaning`` (``left``, ``center``, ``right``, or empty) and
    ``articles``. Keys of the result: ``outlets``; ``spearman`` with ``spearman_ci95`` (95%
    percentile interval over ``repeats`` resamples of outlets with replacement, resamples where
    score or rating is constant skipped) and ``pearson``; ``threshold``, ``roc_auc`` of the score
    for ``rating >= threshold`` with ``roc_auc_ci95`` (resamples missing a class skipped) and the
    counts ``at_or_above`` / ``below`` (``roc_auc`` is None without a threshold or without both
    classes); ``by_leaning`` (see :func:`leaning_figures`; None when no outlet has a leaning);
    ``worst`` (the outlets whose score rank is furthest from their rating rank) and ``table``
    (every outlet, best score first). Ranks run 1..n with 1 = most reliable, ties sharing the
    mean rank. Correlations are None when undefined (fewer than 3 outlets, or a constant
    column). Figures are rounded to 3 decimals; the same ``seed`` gives the same result.
    """
    outlets = _validated(table)
    score = outlets["score"].to_numpy(dtype=float)
    rating = outlets["rating"].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(outlets), size=(repeats, len(outlets)))
    figures: dict[str, object] = {
        "outlets": len(outlets),
        "spearman": _round(_spearman(score, rating)),
        "spearman_ci95": _interval(_spearman_rows(score[picks], rating[picks])),
        "pearson": _round(_pearson(score, rating)),
        **_auc_figures(score, rating, threshold, picks),
        "by_leaning": leaning_figures(outlets),
    }
    rows = _ranked_rows(outlets)
    figures["worst"] = sorted(rows, key=lambda r: (-abs(r["score_rank"] - r["rating_rank"]),
                                                   r["outlet"]))[:WORST_SHOWN]
    figures["table"] = [{key: row[key] for key in ("outlet", "articles", "score", "rating",
                                                   "leaning", "score_rank", "rating_rank")}
                        for row in sorted(rows, key=lambda r: (-r["score"], r["outlet"]))]
    return figures


def leaning_figures(table: pd.DataFrame) -> dict[str, object] | None:
    """Political leaning against score and rating, over the outlets of ``table`` with a leaning.

    ``score_vs_leaning`` and ``rating_vs_leaning``: Spearman correlation with leaning coded
    left = -1, center = 0, right = +1, and its n. ``groups``: for each leaning present (left,
    center, right in that order), its n, the Spearman correlation of score and rating within the
    group (None below 3 outlets or when a column is constant there), the mean score and the mean
    rating. None when no outlet has a leaning (or ``table`` has no ``leaning`` column).
    """
    if "leaning" not in table:
        return None
    leaning = table["leaning"].map(_leaning)
    known = table[leaning.notna()].assign(leaning=leaning[leaning.notna()])
    if known.empty:
        return None
    code = known["leaning"].map(LEANING_CODES).to_numpy(dtype=float)
    score = known["score"].to_numpy(dtype=float)
    rating = known["rating"].to_numpy(dtype=float)
    groups: dict[str, dict[str, object]] = {}
    for name in LEANING_CODES:
        group = known[known["leaning"] == name]
        if group.empty:
            continue
        groups[name] = {
            "n": len(group),
            "spearman": (_round(_spearman(group["score"].to_numpy(dtype=float),
                                          group["rating"].to_numpy(dtype=float)))
                         if len(group) >= MIN_GROUP_FOR_CORRELATION else None),
            "mean_score": _round(group["score"].mean()),
            "mean_rating": _round(group["rating"].mean()),
        }
    return {
        "outlets": len(known),
        "score_vs_leaning": {"spearman": _round(_spearman(score, code)), "n": len(known)},
        "rating_vs_leaning": {"spearman": _round(_spearman(rating, code)), "n": len(known)},
        "groups": groups,
    }


def tfidf_reference(texts: Sequence[str], outlets: Sequence[str], ratings: Mapping[str, float],
                    folds: Sequence[tuple[np.ndarray, np.ndarray]], *,
                    threshold: float) -> np.ndarray:
    """Out-of-fold article scores (0-100) of a bag-of-words benchmark.

    For each ``(train, test)`` pair of article indices in ``folds``: a TF-IDF of words and
    bigrams (:func:`_vectorizer`) and a logistic regression are fitted on the training articles,
    labelled ``ratings[outlet] >= threshold`` and weighted ``1 / (training articles of their
    outlet)`` so every outlet counts the same whatever its size; the test articles get 100 times
    the predicted probability of the reliable class. ``C`` is chosen from :data:`C_GRID` on the
    training part alone (:func:`_choose_c`), never looking at the test fold. Articles in no test
    fold are NaN. Every outlet needs a rating, and every training part both classes.
    """
    if len(texts) != len(outlets):
        raise ValueError(f"tfidf_reference needs one outlet per text: {len(texts)} texts, "
                         f"{len(outlets)} outlets")
    outlet_of = np.asarray(outlets, dtype=object)
    _check_rated(outlet_of, ratings)
    documents = np.asarray(texts, dtype=object)
    rating_of = np.array([ratings[o] for o in outlet_of], dtype=float)
    reliable = (rating_of >= threshold).astype(int)
    scores = np.full(len(documents), np.nan)
    for number, (train, test) in enumerate(folds):
        if len(set(reliable[train].tolist())) < 2:
            raise ValueError(f"fold {number}: the training outlets are all on one side of "
                             f"threshold {threshold}; pick a threshold inside the ratings")
        c = _choose_c(documents[train], outlet_of[train], rating_of[train], reliable[train])
        probability = _fit_predict(documents[train], outlet_of[train], reliable[train],
                                   documents[test], c)
        scores[test] = 100 * probability
    return scores


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.9, max_features=50000,
                           ngram_range=(1, 2), strip_accents="unicode", lowercase=True)


def _outlet_weights(outlets: np.ndarray) -> np.ndarray:
    """``1 / (articles of the same outlet)`` per article, rescaled to a mean of 1: each outlet
    weighs the same, and the regularisation means what it means for unweighted articles (with
    weights summing to the number of outlets, every fit was ~75 times more regularised and
    predicted almost the base rate for every article)."""
    _, inverse, counts = np.unique(outlets, return_inverse=True, return_counts=True)
    weights = 1.0 / counts[inverse]
    return weights * (len(weights) / weights.sum())


def _fit_predict(train_texts: np.ndarray, train_outlets: np.ndarray, labels: np.ndarray,
                 test_texts: np.ndarray, c: float) -> np.ndarray:
    vectorizer = _vectorizer()
    model = _logistic(c).fit(vectorizer.fit_transform(train_texts), labels,
                             sample_weight=_outlet_weights(train_outlets))
    return model.predict_proba(vectorizer.transform(test_texts))[:, 1]


def _logistic(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=2000)


def _choose_c(texts: np.ndarray, outlets: np.ndarray, ratings: np.ndarray,
              labels: np.ndarray) -> float:
    """The :data:`C_GRID` value whose inner out-of-fold probabilities, averaged per outlet, have
    the highest Spearman correlation with the outlets' ratings (the smallest ``C`` on ties).

    Inner folds: ``GroupKFold`` by outlet with :data:`INNER_SPLITS` splits of these training
    articles only; the vectorizer is refitted on each inner training part. An inner split whose
    training part has a single class is skipped; when nothing can be measured, the grid's
    middle value is used.
    """
    predicted = {c: np.full(len(texts), np.nan) for c in C_GRID}
    splitter = GroupKFold(n_splits=min(INNER_SPLITS, len(set(outlets.tolist()))))
    for train, test in splitter.split(texts, labels, groups=outlets):
        if len(set(labels[train].tolist())) < 2:
            continue
        vectorizer = _vectorizer()
        train_matrix = vectorizer.fit_transform(texts[train])
        test_matrix = vectorizer.transform(texts[test])
        weights = _outlet_weights(outlets[train])
        for c in C_GRID:
            model = _logistic(c).fit(train_matrix, labels[train], sample_weight=weights)
            predicted[c][test] = model.predict_proba(test_matrix)[:, 1]
    best, best_rho = C_GRID[len(C_GRID) // 2], -np.inf
    for c in C_GRID:
        seen = ~np.isnan(predicted[c])
        frame = pd.DataFrame({"outlet": outlets[seen], "p": predicted[c][seen],
                              "rating": ratings[seen]}).groupby("outlet").mean()
        rho = _spearman(frame["p"].to_numpy(), frame["rating"].to_numpy())
        if rho is not None and rho > best_rho + 1e-12:
            best, best_rho = c, rho
    return best


def _validated(table: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in _REQUIRED_COLUMNS if c not in table]
    if missing:
        raise ValueError(f"outlet table lacks {missing}; it needs {list(_REQUIRED_COLUMNS)} "
                         "and may have 'leaning' and 'articles'")
    unusable = table[table["score"].isna() | table["rating"].isna()]["outlet"].tolist()
    if unusable:
        raise ValueError(f"outlets without a score or a rating: {unusable[:10]}; leave them "
                         "out of the table")
    repeated = table["outlet"][table["outlet"].duplicated()].tolist()
    if repeated:
        raise ValueError(f"outlets listed more than once: {repeated[:10]}")
    if "leaning" in table:
        table["leaning"].map(_leaning)  # raises on a value that is not a known leaning
    return table.reset_index(drop=True)


def _leaning(value: object) -> str | None:
    """``left``/``center``/``right`` (any case, "centre" too), or None when empty or NaN."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    name = str(value).strip().lower()
    if not name:
        return None
    name = "center" if name == "centre" else name
    if name not in LEANING_CODES:
        raise ValueError(f"unknown leaning {value!r}; use one of {list(LEANING_CODES)} "
                         "or leave it empty")
    return name


def _ranked_rows(table: pd.DataFrame) -> list[dict[str, object]]:
    """Each outlet with its score (1 dp), rating (3 dp), leaning, articles and both ranks."""
    score_rank = rankdata(-table["score"].to_numpy(dtype=float))
    rating_rank = rankdata(-table["rating"].to_numpy(dtype=float))
    leanings = ([_leaning(v) for v in table["leaning"]] if "leaning" in table
                else [None] * len(table))
    articles = table["articles"] if "articles" in table else [None] * len(table)
    return [{"outlet": str(outlet), "score": round(float(score), 1),
             "rating": round(float(rating), 3), "score_rank": _rank(s_rank),
             "rating_rank": _rank(r_rank), "leaning": leaning,
             "articles": None if n is None or pd.isna(n) else int(n)}
            for outlet, score, rating, s_rank, r_rank, leaning, n
            in zip(table["outlet"], table["score"], table["rating"], score_rank, rating_rank,
                   leanings, articles, strict=True)]


def _rank(value: float) -> int | float:
    """A rank as an int, or as a half when tied outlets share the mean of their ranks."""
    return int(value) if float(value).is_integer() else float(value)


def _auc_figures(score: np.ndarray, rating: np.ndarray, threshold: float | None,
                 picks: np.ndarray) -> dict[str, object]:
    if threshold is None:
        return {"threshold": None, "roc_auc": None, "roc_auc_ci95": None,
                "at_or_above": None, "below": None}
    positive = rating >= threshold
    auc = _auc_rows(score[None, :], positive[None, :])[0]
    return {"threshold": threshold, "roc_auc": _round(auc),
            "roc_auc_ci95": (None if np.isnan(auc)
                             else _interval(_auc_rows(score[picks], positive[picks]))),
            "at_or_above": int(positive.sum()), "below": int((~positive).sum())}


def _auc_rows(scores: np.ndarray, positive: np.ndarray) -> np.ndarray:
    """ROC AUC of each row (the Mann-Whitney statistic, ties counting a half); NaN for a row
    missing a class."""
    ranks = rankdata(scores, axis=1)
    n_pos = positive.sum(axis=1).astype(float)
    n_neg = positive.shape[1] - n_pos
    with np.errstate(invalid="ignore", divide="ignore"):
        u = (ranks * positive).sum(axis=1) - n_pos * (n_pos + 1) / 2
        return np.where((n_pos > 0) & (n_neg > 0), u / (n_pos * n_neg), np.nan)


def _spearman_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman correlation of each row pair; NaN where a row is constant."""
    return _pearson_rows(rankdata(x, axis=1), rankdata(y, axis=1))


def _pearson_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    x = x - x.mean(axis=1, keepdims=True)
    y = y - y.mean(axis=1, keepdims=True)
    spread = np.sqrt((x * x).sum(axis=1) * (y * y).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        # a spread that is only rounding noise means a constant row
        return np.where(spread > 1e-12, (x * y).sum(axis=1) / spread, np.nan)


def _spearman(x: np.ndarray, y: np.ndarray) -> float | None:
    return _single(_spearman_rows, x, y)


def _pearson(x: np.ndarray, y: np.ndarray) -> float | None:
    return _single(_pearson_rows, x, y)


_RowCorrelation = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _single(rows: _RowCorrelation, x: np.ndarray, y: np.ndarray) -> float | None:
    """A row correlation applied to one pair; None below 3 values or when undefined."""
    if len(x) < 3:
        return None
    value = float(rows(np.asarray(x, dtype=float)[None, :],
                       np.asarray(y, dtype=float)[None, :])[0])
    return None if np.isnan(value) else value


def _interval(values: np.ndarray) -> list[float] | None:
    """The 2.5th and 97.5th percentiles of the defined values; None when there are none."""
    values = values[~np.isnan(values)]
    if not len(values):
        return None
    return [round(float(np.percentile(values, q)), 3) for q in (2.5, 97.5)]


def _round(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 3)


def _check_rated(outlets: np.ndarray, ratings: Mapping[str, float]) -> None:
    unrated = sorted({o for o in outlets.tolist() if o not in ratings})
    if unrated:
        raise ValueError(f"{len(unrated)} outlets have no rating: {unrated[:10]}")


# --- reliability eval outlets RATINGS PATH... -----------------------------------------------------

RATING_COLUMNS = ("lin_pc1", "pc1", "rating", "score")
"""The rating columns looked for, in order, when ``--rating`` is not given."""


def evaluate_outlets(ratings_file: str, paths: Sequence[str], *, rating: str | None = None,
                     threshold: float = 0.6, config_path: str | None = None,
                     weights_path: str | None = None, cross_validated: bool = False,
                     reference: bool = True, folds: int = 5, seed: int = 0,
                     repeats: int = 1,
                     cache_folder: str | None = None) -> dict[str, object]:
    """Score the articles under ``paths`` of the outlets ``ratings_file`` rates, and compare
    the outlets' scores with their ratings (see :func:`outlet_figures`); beside them, the
    TF-IDF reference on the same outlet-grouped folds. Cross-validated with ``repeats`` above
    1, the whole cross-validation is also run on the folds of seeds ``seed`` to ``seed +
    repeats - 1`` (:func:`repeated_figures`): with a few dozen outlets, which outlets share a
    fold moves the figure by several hundredths. JSON-ready."""
    from scoring.cache import AnalysisCache
    from scoring.config import load_config
    from scoring.evaluation.labels import in_sample_count
    from scoring.labels import read_labels
    from scoring.model import ReliabilityModel, load_weights
    from scoring.training import (
        FitSettings,
        cross_validate,
        load_training_set,
        outlet_table,
        splits,
    )

    config = load_config(config_path)
    weights = load_weights(weights_path or config.weights_path or None)
    column = rating or _rating_column(ratings_file)
    labels = read_labels(ratings_file, rating=column, threshold=threshold)
    cache = AnalysisCache(cache_folder) if cache_folder else None
    loaded = load_training_set(list(paths), labels, config, ReliabilityModel(weights), cache,
                               threshold=threshold)
    data = loaded.data
    settings = FitSettings(folds=folds, seed=seed)
    if cross_validated:
        scores = cross_validate(data, weights, settings).scores
        how = (f"cross-validated: the model refitted on {folds} folds grouped by outlet, each "
               "outlet scored by a model that never saw it")
    else:
        model = ReliabilityModel(weights)
        scores = np.array([s.score for s in model.score_many(data.features.to_dict("records"))])
        how = f"weights {weights.version}, as shipped or given"
    report: dict[str, object] = {
        "ratings": ratings_file, "rating_column": column, "inputs": list(paths),
        "scored_with": how, "weights_version": weights.version,
        "in_sample_articles": 0 if cross_validated else in_sample_count(weights, data.paths),
        "left_out": {"unrated_or_unmatched_articles": loaded.unlabelled,
                     "ratings_unmatched": loaded.unused_labels,
                     "skipped": len(loaded.skipped)},
        "model": outlet_figures(outlet_table(scores, data), threshold=threshold, seed=seed),
        "reference": None,
        "fold_seeds": None,
    }
    if cross_validated and repeats > 1:
        report["fold_seeds"] = over_fold_seeds(data, weights, settings, repeats, scores)
    if reference:
        outlet_of = data.outlets.tolist()
        rating_of = dict(zip(outlet_of, data.goal.tolist(), strict=True))
        reference_scores = tfidf_reference(loaded.texts, outlet_of, rating_of,
                                           splits(data, folds, seed), threshold=threshold)
        report["reference"] = {
            "about": "TF-IDF of words and word pairs with logistic regression (each outlet "
                     "weighing the same), fitted on the same outlet-grouped folds: an unreadable "
                     "bag of words, the benchmark for the transparent model",
            **outlet_figures(outlet_table(reference_scores, data), threshold=threshold,
                             seed=seed)}
    return report


def over_fold_seeds(data: TrainingSet, weights: Weights, settings: FitSettings, repeats: int,
                    scores: np.ndarray) -> dict[str, object]:
    """:func:`repeated_figures` of the cross-validations on the folds of seeds
    ``settings.seed`` to ``settings.seed + repeats - 1``; ``scores`` are the first one's."""
    from scoring.training import cross_validate, outlet_table

    seeds = range(settings.seed, settings.seed + repeats)
    tables = [outlet_table(scores if seed == settings.seed else
                           cross_validate(data, weights, replace(settings, seed=seed)).scores,
                           data) for seed in seeds]
    return repeated_figures(tables, seeds, threshold=data.threshold)


def repeated_figures(tables: Sequence[pd.DataFrame], seeds: Sequence[int], *,
                     threshold: float | None) -> dict[str, object]:
    """Spearman and outlet ROC AUC of each cross-validation (one outlet table per fold seed),
    with their mean, smallest and largest."""
    spearman, auc = [], []
    for table, seed in zip(tables, seeds, strict=True):
        figures = outlet_figures(table, threshold=threshold, seed=seed)
        spearman.append(figures["spearman"])
        auc.append(figures["roc_auc"])

    def summary(values: list[float | None]) -> dict[str, object]:
        known = [v for v in values if v is not None]
        return {"each": values,
                "mean": _round(float(np.mean(known))) if known else None,
                "min": min(known) if known else None, "max": max(known) if known else None}

    return {"seeds": list(seeds), "spearman": summary(spearman), "roc_auc": summary(auc)}


def _rating_column(ratings_file: str) -> str:
    import csv

    with open(ratings_file, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    names = {name.strip().lower() for name in header}
    for column in RATING_COLUMNS:
        if column in names:
            return column
    raise ValueError(f"{ratings_file}: give the rating column with --rating (found {header}; "
                     f"looked for {', '.join(RATING_COLUMNS)})")


def as_markdown(report: Mapping[str, object]) -> str:
    from scoring.evaluation import caveat_lines
    from scoring.modelcard import fold_seeds_markdown, ranking_markdown

    model = report["model"]
    lines = [f"# Outlet ranking: {report['ratings']} (`{report['rating_column']}`)", "",
             f"{model['outlets']} rated outlets; scored with {report['scored_with']}."]
    lines += caveat_lines(report, "add --cross-validate for figures on outlets the model never "
                                  "saw")
    lines += ["", "## The transparent model", "", ranking_markdown(model)]
    if report.get("fold_seeds"):
        lines += ["", fold_seeds_markdown(report["fold_seeds"])]
    reference = report.get("reference")
    if reference:
        lines += ["", "## Reference: bag of words", "", f"{reference['about']}.", "",
                  ranking_markdown(reference), "",
                  f"Transparent model against the reference: Spearman {model['spearman']} against "
                  f"{reference['spearman']}, outlet ROC AUC {model['roc_auc']} against "
                  f"{reference['roc_auc']}."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    import sys

    from scoring.cache import DEFAULT_FOLDER
    from scoring.evaluation import print_report

    parser = argparse.ArgumentParser(
        prog="reliability eval outlets",
        description="Spearman rank correlation of source scores with expert outlet ratings "
                    "(bootstrap CI over outlets), outlet ROC AUC at a threshold, figures per "
                    "political leaning, the worst-ranked outlets, and the TF-IDF + logistic "
                    "regression reference on the same folds.")
    parser.add_argument("ratings", metavar="RATINGS",
                        help="CSV with a domain column and a rating column (0-1 or 0-100), "
                             "optionally allsides_bias / leaning")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to score")
    parser.add_argument("--rating", default=None, metavar="COLUMN",
                        help=f"the rating column (default: the first of {RATING_COLUMNS})")
    parser.add_argument("--threshold", type=float, default=0.6,
                        help="rating (share of the scale) from which an outlet counts as "
                             "reliable for the ROC AUC (default 0.6)")
    parser.add_argument("--weights", default=None, help="weights file (default: shipped model)")
    parser.add_argument("--cross-validate", action="store_true",
                        help="refit the model on these outlets with outlet-grouped folds")
    parser.add_argument("--no-reference", action="store_true",
                        help="leave out the TF-IDF reference (it takes a few minutes)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=1, metavar="N",
                        help="with --cross-validate: also cross-validate on the folds of the "
                             "next N-1 seeds and report the spread (default 1)")
    parser.add_argument("--config", default=None)
    parser.add_argument("--cache", default=DEFAULT_FOLDER, metavar="DIR",
                        help=f"analysis cache (default {DEFAULT_FOLDER})")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        report = evaluate_outlets(args.ratings, args.paths, rating=args.rating,
                                  threshold=args.threshold, config_path=args.config,
                                  weights_path=args.weights, cross_validated=args.cross_validate,
                                  reference=not args.no_reference, folds=args.folds,
                                  seed=args.seed, repeats=args.repeats,
                                  cache_folder=None if args.no_cache else args.cache)
    except (OSError, ValueError) as error:
        print(f"reliability eval outlets: {error}", file=sys.stderr)
        return 2
    print_report(report, as_markdown(report), as_json=args.json)
    return 0

"""Fit the transparent model on labelled articles, cross-validate it, and describe it.

The model stays the one :mod:`scoring.model` applies: clipped features, standardised, a
logistic regression. Fitting it (:func:`fit_weights`):

1. Features documented as context (direction 0) keep weight 0.
2. A flaw whose penalty is a rule (``FeatureSpec.fitted`` is false: AI disclaimers, machine
   leftovers, template furniture, repeated and copied text) keeps its hand-set weight, so that
   no refit can make adding a flaw raise a score. Any other judged feature must be non-zero
   (above its floor) in at least ``min_support`` training articles *of each
   label* to be fitted: otherwise the data cannot say which way it points (the labelled news
   has no AI disclaimers, and a body printed twice in 9 reliable articles and 1 other). It then
   keeps its hand-set weight, centre and scale, and the model card says so.
3. The others are standardised with the training mean and standard deviation and fitted with an
   L2-regularised logistic regression, each outlet (or lone article) weighing the same whatever
   its article count (:meth:`TrainingSet.sample_weights`). With class labels both classes also
   weigh the same, so a score of 50 means even odds; with outlet ratings each article's target
   is its outlet's rating as a soft label, so an outlet's mean score follows its rating. By
   default that label is the outlet's rank among the training outlets (its percentile), not
   the rating's value: the score is judged on how it ranks outlets, and on allsides-dev's 45
   outlets, over 10 choices of cross-validation folds, percentile targets gave a mean Spearman
   of 0.591 against 0.559 for the ratings' values (better for 8 of the 10). Its
   strength ``C`` is the one with the best grouped cross-validated log-loss on the training
   data: a proper scoring rule, so the weights are sized for calibrated scores (ROC AUC would
   not care how small they are, and tiny fitted weights beside full-size hand-set ones would let
   the hand-set features decide every score).
4. Every fitted weight's sign is checked against its feature's documented direction. While some
   weight has the wrong sign, the feature with the largest wrong weight is dropped (weight 0)
   and the rest refitted. Then the sourcing ladder (:data:`SOURCING_LADDER`): anonymous credit
   may not cost more than no credit, or dropping every credit would raise a score; a feature
   that does is dropped the same way. Each drop is recorded, with the weight it had and why,
   in the model card.

:func:`cross_validate` runs that whole procedure on folds that keep each outlet's articles
together (an outlet is never in training and testing at once); an article of unknown outlet is
its own group. The out-of-fold scores give the figures, the calibration table and the bands.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.stats import rankdata
from sklearn.exceptions import ConvergenceWarning
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from scoring.cache import AnalysisCache
from scoring.config import Config
from scoring.evaluation.outlets import outlet_figures
from scoring.features.specs import FEATURES
from scoring.ingest import collect_inputs
from scoring.labels import Label, match_labels
from scoring.model import Band, ReliabilityModel, Weights, clip_features
from scoring.pipeline import analyze_with_prints, article_scores
from scoring.types import Skipped


@dataclass(frozen=True)
class TrainingSet:
    """Labelled articles as the model sees them: raw feature values and labels."""

    features: pd.DataFrame
    """One row per article, one column per feature (raw values, before capping)."""
    reliable: np.ndarray
    groups: np.ndarray
    """Cross-validation group per article: its outlet, or the article itself."""
    outlets: np.ndarray
    """The article's outlet, ``""`` when unknown."""
    datasets: np.ndarray
    paths: tuple[str, ...] = ()
    target: np.ndarray | None = None
    """What the fit aims at per article, in [0, 1]: its outlet's rating as a share of the
    scale, or ``reliable`` (the default) for class labels."""
    leanings: np.ndarray | None = None
    """The outlet's political leaning per article (``left``, ``center``, ``right`` or ``""``)."""
    threshold: float | None = None
    """With ratings: the rating (share of the scale) from which an outlet counts as reliable."""

    def __len__(self) -> int:
        return len(self.reliable)

    @property
    def goal(self) -> np.ndarray:
        return self.reliable.astype(float) if self.target is None else self.target

    @property
    def rated(self) -> bool:
        """Whether the labels are continuous ratings rather than classes."""
        return self.target is not None and bool(((self.target > 0) & (self.target < 1)).any())

    def sample_weights(self) -> np.ndarray:
        """Each group (outlet, or lone article) weighs the same whatever its article count;
        with class labels, both classes weigh the same too. Mean 1."""
        _, inverse, counts = np.unique(self.groups.astype(str), return_inverse=True,
                                       return_counts=True)
        weights = 1.0 / counts[inverse]
        if not self.rated:
            for label in (0, 1):
                rows = self.reliable == label
                if rows.any():
                    weights[rows] *= 0.5 / weights[rows].sum()
        return weights * (len(weights) / weights.sum())

    def ranked(self) -> TrainingSet:
        """The same articles aimed at their group's rank among the groups: the group's rating
        as a percentile, ``rank / (groups + 1)`` with ties sharing their mean rank."""
        if not self.rated:
            return self
        groups, first, inverse = np.unique(self.groups.astype(str), return_index=True,
                                           return_inverse=True)
        ranks = rankdata(self.goal[first]) / (len(groups) + 1)
        return replace(self, target=ranks[inverse])

    def subset(self, rows: np.ndarray) -> TrainingSet:
        return TrainingSet(self.features.iloc[rows].reset_index(drop=True), self.reliable[rows],
                           self.groups[rows], self.outlets[rows], self.datasets[rows],
                           tuple(self.paths[i] for i in rows) if self.paths else (),
                           None if self.target is None else self.target[rows],
                           None if self.leanings is None else self.leanings[rows],
                           self.threshold)


@dataclass(frozen=True)
class FitSettings:
    c_grid: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0)
    """Candidate inverse regularisation strengths of the logistic regression."""
    min_support: int = 10
    """A judged feature is fitted only when at least this many training articles of each label
    have it (a non-zero value)."""
    folds: int = 5
    """Cross-validation folds (fewer when there are fewer groups of each label)."""
    seed: int = 0
    rank_targets: bool = True
    """With continuous ratings, aim each article at its outlet's *rank* among the training
    outlets (its percentile, in (0, 1)) rather than at the rating's value, so that the fit
    serves the ranking it is judged on and a few outlets far out on the scale do not pull the
    weights (see the module docstring). Class labels are unaffected."""


@dataclass(frozen=True)
class FeatureFit:
    name: str
    status: str
    """``fitted``, ``dropped`` (wrong sign, or off the sourcing ladder), ``hand-set`` (too rare
    to fit) or ``context``."""
    weight: float
    support: int
    """Training articles where the feature is non-zero (of the label where it is rarer)."""
    first_weight: float | None = None
    """Its weight in the first fit, before any feature was dropped (fitted and dropped only)."""
    reason: str = ""
    """Why a dropped feature was dropped (:data:`SIGN_REASON` or :data:`LADDER_REASON`)."""


SOURCING_LADDER: tuple[tuple[str, str], ...] = (
    ("attributed_anonymous_share", "unattributed_share"),)
"""Pairs ``(better, worse)`` of shares of the same claims: a claim credited to an unnamed source
is never worse than a claim credited to nobody. Removing a credit moves a claim from the first
share to the second, so, per unit of share, the first may not cost more than the second, or
stripping every "officials said" from an article would raise its score."""
SIGN_REASON = "its fitted weight had the sign against its documented direction"
LADDER_REASON = ("it cost more than claims with no source at all (per unit of share), so "
                 "removing its credits would have raised scores")


def _off_the_ladder(coef: dict[str, float], scale: dict[str, float],
                    kept: dict[str, float]) -> dict[str, float]:
    """The features of :data:`SOURCING_LADDER` that, per unit of their own value, weigh less
    (cost more) than the worse feature beside them. A feature not fitted weighs what it keeps:
    ``kept`` per unit (hand-set), else 0 (dropped)."""
    def per_unit(name: str) -> float:
        return coef[name] / scale[name] if name in coef else kept.get(name, 0.0)

    return {better: coef[better] for better, worse in SOURCING_LADDER
            if better in coef and per_unit(better) < per_unit(worse) - 1e-12}


@dataclass(frozen=True)
class Fit:
    weights: Weights
    features: tuple[FeatureFit, ...]
    c: float

    @property
    def dropped(self) -> list[FeatureFit]:
        return [f for f in self.features if f.status == "dropped"]


def _logit(c: float) -> Pipeline:
    return Pipeline([("scale", StandardScaler()),
                     ("logit", LogisticRegression(C=c, max_iter=5000))])


def _fit_logit(c: float, matrix: pd.DataFrame, goal: np.ndarray,
               weights: np.ndarray) -> Pipeline:
    """A logistic regression fitted to soft targets: each article counts as reliable with weight
    ``weight * goal`` and as not with ``weight * (1 - goal)`` (the cross-entropy of a rating,
    which for 0/1 labels is the ordinary weighted fit). The scaler uses the articles as they
    are."""
    model = _logit(c)
    scaler = model["scale"].fit(matrix)
    doubled = np.vstack([scaler.transform(matrix)] * 2)
    labels = np.r_[np.ones(len(goal)), np.zeros(len(goal))].astype(int)
    sample = np.r_[weights * goal, weights * (1.0 - goal)]
    keep = sample > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model["logit"].fit(doubled[keep], labels[keep], sample_weight=sample[keep])
    return model


def _predict(model: Pipeline, matrix: pd.DataFrame) -> np.ndarray:
    return model["logit"].predict_proba(model["scale"].transform(matrix))[:, 1]


def _strata(ts: TrainingSet) -> np.ndarray:
    """What folds are stratified on: the label, or the rating's tertile."""
    if not ts.rated:
        return ts.reliable
    cuts = np.quantile(ts.goal, [1 / 3, 2 / 3])
    return np.digitize(ts.goal, cuts)


def splits(ts: TrainingSet, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds that keep each group together and both labels in every training part."""
    groups_per_label = min(len(set(ts.groups[ts.reliable == label])) for label in (0, 1))
    n_splits = min(folds, groups_per_label)
    if n_splits < 2:
        raise ValueError("cross-validation needs at least 2 outlets (or unattributed articles) "
                         f"of each label; found {groups_per_label}")
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(ts)), _strata(ts), ts.groups))


def _choose_c(matrix: pd.DataFrame, ts: TrainingSet, settings: FitSettings) -> float:
    """The grid's ``C`` with the best grouped cross-validated log-loss (the smaller on ties),
    weighted as in the fit (each outlet the same; with classes, both labels the same)."""
    try:
        folds = splits(ts, min(settings.folds, 3), settings.seed)
    except ValueError:
        return settings.c_grid[len(settings.c_grid) // 2]
    weights, goal = ts.sample_weights(), ts.goal
    best, best_loss = settings.c_grid[0], math.inf
    for c in sorted(settings.c_grid):
        predicted = np.zeros(len(ts))
        for train, test in folds:
            model = _fit_logit(c, matrix.iloc[train], goal[train], weights[train])
            predicted[test] = _predict(model, matrix.iloc[test])
        predicted = np.clip(predicted, 1e-9, 1 - 1e-9)
        loss = -float(np.sum(weights * (goal * np.log(predicted)
                                        + (1 - goal) * np.log(1 - predicted))) / weights.sum())
        if loss < best_loss - 1e-9:
            best, best_loss = c, loss
    return best


def fit_weights(ts: TrainingSet, base: Weights, settings: FitSettings | None = None,
                version: str = "fitted") -> Fit:
    """Fit the model on ``ts`` (see the module docstring); ``base`` gives the caps, the
    hand-set weights of features too rare to fit, and the rationales."""
    settings = settings or FitSettings()
    if len(set(ts.reliable.tolist())) < 2:
        raise ValueError("training needs articles of both labels")
    if settings.rank_targets:
        ts = ts.ranked()
    matrix = clip_features(ts.features, base)
    # an article "has" a feature when its value is above the feature's floor (0 for most)
    floors = {f.name: f.floor for f in base.features}
    support = {name: int(min((matrix[name][ts.reliable == label] > floors[name]).sum()
                             for label in (0, 1)))
               for name in base.names}
    weights, goal = ts.sample_weights(), ts.goal
    candidates = [f.name for f in base.features
                  if FEATURES[f.name].direction != 0 and FEATURES[f.name].fitted
                  and support[f.name] >= settings.min_support]
    if not candidates:
        raise ValueError(f"no feature is non-zero in {settings.min_support} or more training "
                         f"articles of each label ({len(ts)} articles, "
                         f"{int(ts.reliable.sum())} reliable), so none can be fitted: give more "
                         "labelled articles or a smaller --min-support")
    c = _choose_c(matrix[candidates], ts, settings)
    kept = {f.name: f.weight / f.scale for f in base.features if f.name not in candidates}
    active, dropped, first, reasons = list(candidates), {}, {}, {}
    while True:
        model = _fit_logit(c, matrix[active], goal, weights)
        coef = dict(zip(active, model["logit"].coef_[0], strict=True))
        first = first or coef
        wrong, reason = ({n: w for n, w in coef.items() if w * FEATURES[n].direction < 0},
                         SIGN_REASON)
        if not wrong:
            wrong, reason = (_off_the_ladder(coef, dict(zip(active, model["scale"].scale_,
                                                            strict=True)), kept),
                             LADDER_REASON)
            if not wrong:
                break
        worst = max(wrong, key=lambda n: abs(wrong[n]))
        dropped[worst], reasons[worst] = wrong[worst], reason
        active.remove(worst)
        if not active:
            raise ValueError("every fitted weight came out against its documented direction: "
                             f"{dropped}")
    scaler = model["scale"]
    centre = dict(zip(active, scaler.mean_, strict=True))
    scale = dict(zip(active, scaler.scale_, strict=True))
    weights, fits = [], []
    for f in base.features:
        name = f.name
        if name in coef:
            weights.append(replace(f, center=float(centre[name]), scale=float(scale[name]),
                                   weight=float(coef[name])))
            fits.append(FeatureFit(name, "fitted", float(coef[name]), support[name],
                                   float(first[name])))
        elif name in dropped:
            weights.append(replace(f, weight=0.0))
            fits.append(FeatureFit(name, "dropped", 0.0, support[name], float(first[name]),
                                   reasons[name]))
        elif FEATURES[name].direction == 0:
            weights.append(replace(f, weight=0.0))
            fits.append(FeatureFit(name, "context", 0.0, support[name]))
        else:
            weights.append(f)
            fits.append(FeatureFit(name, "hand-set", f.weight, support[name]))
    fitted = Weights(version, float(model["logit"].intercept_[0]), tuple(weights), digest="",
                     bands=base.bands)
    return Fit(fitted, tuple(fits), c)


@dataclass(frozen=True)
class CrossValidation:
    scores: np.ndarray
    """Each article's out-of-fold score, 0-100."""
    folds: int
    dropped: dict[str, int] = field(default_factory=dict)
    """How many folds dropped each feature for its sign."""


def cross_validate(ts: TrainingSet, base: Weights,
                   settings: FitSettings | None = None) -> CrossValidation:
    """Out-of-fold scores from the whole fitting procedure, run on grouped folds."""
    settings = settings or FitSettings()
    scores = np.full(len(ts), np.nan)
    dropped: dict[str, int] = {}
    folds = splits(ts, settings.folds, settings.seed)
    for train, test in folds:
        fit = fit_weights(ts.subset(train), base, settings)
        for feature in fit.dropped:
            dropped[feature.name] = dropped.get(feature.name, 0) + 1
        model = ReliabilityModel(fit.weights)
        rows = ts.features.iloc[test].to_dict("records")
        scores[test] = [s.score for s in model.score_many(rows)]
    return CrossValidation(scores, len(folds), dropped)


# --- figures ---------------------------------------------------------------------------------

BAND_LEVELS: tuple[tuple[str, float, str], ...] = (
    ("high", 0.75, "three in four or more of the labelled articles scoring this high were "
                   "reliable"),
    ("generally reliable", 0.5, "most labelled articles scoring in this range were reliable"),
    ("mixed", 0.25, "most labelled articles scoring in this range were not reliable"),
    ("low", 0.0, "fewer than one in four labelled articles scoring this low were reliable"),
)
"""Band names and the share of reliable articles (calibrated) at which each band starts."""


def derive_bands(scores: np.ndarray, reliable: np.ndarray,
                 levels: Sequence[tuple[str, float, str]] = BAND_LEVELS) -> tuple[Band, ...]:
    """Band cut-offs from out-of-fold scores: the lowest score at which the isotonic (monotone)
    fit of 'share reliable' reaches each band's level. A level never reached gives a band that
    starts at 100 (no score reaches it)."""
    order = np.argsort(scores)
    ordered = scores[order]
    share = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True).fit_transform(
        ordered, reliable[order].astype(float))
    bands = []
    for name, level, meaning in levels:
        if level <= 0.0:
            cutoff = 0.0
        else:
            reached = np.nonzero(share >= level)[0]
            cutoff = math.floor(float(ordered[reached[0]]) * 10) / 10 if len(reached) else 100.0
        if bands:
            cutoff = min(cutoff, bands[-1].min_score)
        bands.append(Band(name, cutoff, meaning))
    return tuple(bands)


def reliable_threshold(bands: Sequence[Band]) -> float:
    """The score at which an article is called reliable: where 'generally reliable' starts."""
    for band in bands:
        if band.name == "generally reliable":
            return band.min_score
    return 50.0


def classification_figures(scores: np.ndarray, reliable: np.ndarray, threshold: float,
                           seed: int = 0, repeats: int = 1000) -> dict[str, object]:
    """ROC AUC with a bootstrap 95% interval, and macro-F1 of 'score >= threshold'."""
    figures: dict[str, object] = {"articles": int(len(scores)),
                                  "reliable": int(reliable.sum()), "threshold": threshold}
    if len(set(reliable.tolist())) < 2:
        return {**figures, "roc_auc": None, "macro_f1": None}
    rng = np.random.default_rng(seed)
    aucs = []
    for _ in range(repeats):
        pick = rng.integers(0, len(scores), len(scores))
        if len(set(reliable[pick].tolist())) == 2:
            aucs.append(roc_auc_score(reliable[pick], scores[pick]))
    predicted = (scores >= threshold).astype(int)
    return {**figures,
            "roc_auc": round(float(roc_auc_score(reliable, scores)), 3),
            "roc_auc_ci95": [round(float(np.percentile(aucs, q)), 3) for q in (2.5, 97.5)],
            "macro_f1": round(float(f1_score(reliable, predicted, average="macro")), 3),
            "accuracy": round(float((predicted == reliable).mean()), 3)}


def calibration_table(scores: np.ndarray, reliable: np.ndarray,
                      bands: Sequence[Band]) -> list[dict[str, object]]:
    """Per band, from the top: its score range, how many articles, and the share reliable."""
    rows, upper = [], 100.0
    for band in bands:
        inside = (scores >= band.min_score) & ((scores < upper) | (upper >= 100.0))
        count = int(inside.sum())
        rows.append({"band": band.name, "from": band.min_score, "to": upper, "articles": count,
                     "share_reliable": round(float(reliable[inside].mean()), 3) if count
                     else None})
        upper = band.min_score
    return rows


def outlet_gap(scores: np.ndarray, reliable: np.ndarray, outlets: np.ndarray, seed: int = 0,
               repeats: int = 2000) -> dict[str, object] | None:
    """Mean score of outlets labelled reliable minus that of the others (each outlet's score
    is the mean of its articles'), with a 95% interval from resampling outlets; ``None`` when
    fewer than two outlets of each label are known."""
    frame = pd.DataFrame({"score": scores, "reliable": reliable, "outlet": outlets})
    frame = frame[frame.outlet != ""]
    per_outlet = frame.groupby("outlet").agg(score=("score", "mean"),
                                             reliable=("reliable", "first"))
    good = per_outlet.score[per_outlet.reliable == 1].to_numpy()
    other = per_outlet.score[per_outlet.reliable == 0].to_numpy()
    if len(good) < 2 or len(other) < 2:
        return None
    rng = np.random.default_rng(seed)
    gaps = [rng.choice(good, len(good)).mean() - rng.choice(other, len(other)).mean()
            for _ in range(repeats)]
    return {"outlets_reliable": int(len(good)), "outlets_other": int(len(other)),
            "mean_reliable": round(float(good.mean()), 1),
            "mean_other": round(float(other.mean()), 1),
            "gap": round(float(good.mean() - other.mean()), 1),
            "gap_ci95": [round(float(np.percentile(gaps, q)), 1) for q in (2.5, 97.5)],
            "by_outlet": [{"outlet": name, "reliable": int(row.reliable),
                           "score": round(float(row.score), 1),
                           "articles": int((frame.outlet == name).sum())}
                          for name, row in per_outlet.sort_values("score",
                                                                  ascending=False).iterrows()]}


def evaluation(scores: np.ndarray, ts: TrainingSet, bands: Sequence[Band]) -> dict[str, object]:
    """Every figure for one set of scores: overall, per dataset, calibration, outlets."""
    threshold = reliable_threshold(bands)
    report: dict[str, object] = {
        "overall": classification_figures(scores, ts.reliable, threshold),
        "by_dataset": {},
        "calibration": calibration_table(scores, ts.reliable, bands),
        "outlets": outlet_gap(scores, ts.reliable, ts.outlets),
    }
    if ts.rated:
        table = outlet_table(scores, ts)
        report["outlet_ranking"] = outlet_figures(table, threshold=ts.threshold)
        # bands of a rated fit are calibrated on outlets, so are they checked on outlets
        report["calibration"] = calibration_table(table.score.to_numpy(),
                                                  table.reliable.to_numpy(), bands)
        report["calibration_unit"] = "outlets"
    names = sorted(set(ts.datasets.tolist()) - {""})
    if len(names) > 1 or (names and (ts.datasets == "").any()):
        for name in names:
            rows = ts.datasets == name
            report["by_dataset"][name] = {
                **classification_figures(scores[rows], ts.reliable[rows], threshold),
                "outlets": outlet_gap(scores[rows], ts.reliable[rows], ts.outlets[rows]),
            }
    return report


OUTLET_BAND_LEVELS: tuple[tuple[str, float, str], ...] = (
    ("high", 0.75, "careful, sourced reporting: three in four or more of the rated outlets "
                   "scoring this high are rated reliable by experts"),
    ("generally reliable", 0.5, "mostly careful reporting: most rated outlets scoring in this "
                                "range are rated reliable by experts"),
    ("mixed", 0.25, "more of the rated outlets scoring in this range are rated below the "
                    "reliable threshold than above it"),
    ("low", 0.0, "fewer than one in four rated outlets scoring this low are rated reliable"),
)
"""Bands for a model fitted on outlet ratings: calibrated on outlets, not articles."""


def outlet_table(scores: np.ndarray, ts: TrainingSet) -> pd.DataFrame:
    """One row per known outlet: its score as the report computes it (the mean of its
    articles' scores), its rating (as a share of the scale), leaning and article count."""
    leanings = ts.leanings if ts.leanings is not None else np.full(len(ts), "", dtype=object)
    frame = pd.DataFrame({"outlet": ts.outlets, "score": scores, "rating": ts.goal,
                          "reliable": ts.reliable, "leaning": leanings})
    frame = frame[frame.outlet != ""]
    return (frame.groupby("outlet", sort=True)
            .agg(score=("score", "mean"), rating=("rating", "first"),
                 reliable=("reliable", "first"), leaning=("leaning", "first"),
                 articles=("score", "size"))
            .reset_index())


def derive_outlet_bands(scores: np.ndarray, ts: TrainingSet) -> tuple[Band, ...]:
    """Band cut-offs calibrated on outlets: the outlet score at which a logistic fit of 'rated
    reliable' against the outlets' out-of-fold scores reaches each band's level. A few dozen
    outlets are too few for a step-wise (isotonic) fit, whose jumps leave bands empty; two
    parameters give a smooth curve. A level the curve never reaches within 0-100 gives a band
    that starts at 100 (or 0)."""
    table = outlet_table(scores, ts)
    x, y = table.score.to_numpy(dtype=float), table.reliable.to_numpy()
    if len(set(y.tolist())) < 2:
        return derive_bands(x, y, OUTLET_BAND_LEVELS)
    curve = LogisticRegression(C=1e6, max_iter=5000).fit(x.reshape(-1, 1), y)
    slope, intercept = float(curve.coef_[0][0]), float(curve.intercept_[0])
    bands: list[Band] = []
    for name, level, meaning in OUTLET_BAND_LEVELS:
        if level <= 0.0 or slope <= 0:
            cutoff = 0.0 if level <= 0.0 else 100.0
        else:
            cutoff = (math.log(level / (1 - level)) - intercept) / slope
            cutoff = min(max(math.floor(cutoff * 10) / 10, 0.0), 100.0)
        if bands:
            cutoff = min(cutoff, bands[-1].min_score)
        bands.append(Band(name, cutoff, meaning))
    return tuple(bands)


# --- from files ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    """A training set read from files, with what was left out and why."""

    data: TrainingSet
    skipped: list[Skipped]
    unlabelled: int
    unused_labels: int
    texts: tuple[str, ...] = ()
    """Each article's title and text, in the training set's order (for the bag-of-words
    reference of :mod:`scoring.evaluation.outlets`)."""


def load_training_set(paths: Sequence[str], labels: Sequence[Label], config: Config,
                      model: ReliabilityModel | None = None,
                      cache: AnalysisCache | None = None, *,
                      threshold: float = 0.6) -> Loaded:
    """Read ``paths``, keep the articles a label matches, and compute every feature (whole-run
    ones over the labelled articles together), as ``reliability run`` would. With a ``cache``,
    articles analysed before are read back instead of analysed again."""
    articles, skipped = collect_inputs(paths, config)
    matched = match_labels(articles, labels)
    analyses, prints, failed = analyze_with_prints([m.article for m in matched.labelled], config,
                                                   cache)
    skipped.extend(failed)
    if not analyses:
        raise ValueError(f"no labelled article could be read from {list(paths)} "
                         f"({len(articles)} articles read, {matched.unused} labels unused)")
    model = model or ReliabilityModel()
    _, scores = article_scores(prints, [a.features for a in analyses], config, model)
    # an analysis may carry a copy of its article (with the headline found in the text): map
    # back through the path and id, which the analysis never changes
    by_key = {(m.article.path, m.article.id): m for m in matched.labelled}
    labelled = [by_key[(a.article.path, a.article.id)] for a in analyses]
    rated = any(m.label.target is not None for m in labelled)
    data = TrainingSet(
        features=pd.DataFrame([s.features for s in scores], columns=list(model.weights.names)),
        reliable=np.array([m.label.reliable for m in labelled], dtype=int),
        groups=np.array([m.group for m in labelled], dtype=object),
        outlets=np.array([m.outlet for m in labelled], dtype=object),
        datasets=np.array([m.label.dataset for m in labelled], dtype=object),
        paths=tuple(m.article.path for m in labelled),
        target=np.array([m.label.value for m in labelled], dtype=float) if rated else None,
        leanings=np.array([m.label.leaning for m in labelled], dtype=object),
        threshold=threshold if rated else None)
    texts = tuple(f"{a.article.title}\n\n{a.article.text}" for a in analyses)
    return Loaded(data, skipped, matched.unlabelled, matched.unused, texts)

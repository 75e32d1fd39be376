"""The transparent scoring model: a standard scaler and a logistic regression, with exact
per-feature contributions.

An article's features are clipped to ``[floor, cap]`` (``floor`` is 0 unless the weights file
sets one), standardised, and combined linearly into
log-odds ``z = intercept + sum(c_i)``, with ``c_i = weight_i * (x_i - center_i) / scale_i``. The
score is ``100 * sigmoid(z)``, in (0, 100). The baseline is the score of an article at every
center, ``100 * sigmoid(intercept)``. Each feature's contribution in score points is its share of
the log-odds times the secant slope of the sigmoid between baseline and score:

    points_i = c_i * (score - baseline) / sum(c)

so ``baseline + sum(points_i) == score`` exactly, every contribution has the sign of its
log-odds term, and none is larger in size than 25 points per log-odds unit.

The weights live in a TOML file (``scoring/weights.toml`` by default), one line of rationale each,
with the score bands (plain names for score ranges); the scikit-learn pipeline is built from them.
Scoring does the pipeline's arithmetic with numpy, operation for operation (the same numbers to the
last bit), so that a run that only scores never imports scikit-learn or pandas (a second of
start-up); the pipeline itself is built when it is asked for.
``reliability train`` (:mod:`scoring.training`) fits them on labelled articles and writes the file
with its model card (``model_card.json`` and ``model_card.md`` beside it).
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from scoring.features.specs import FEATURE_NAMES, FEATURES

if TYPE_CHECKING:
    import pandas as pd
    from sklearn.pipeline import Pipeline


@dataclass(frozen=True)
class FeatureWeight:
    name: str
    center: float
    scale: float
    cap: float
    weight: float
    rationale: str
    floor: float = 0.0
    """Values below this count as this: for a feature where only an excess is a warning, so
    that having none of it earns no more than having a typical amount."""


@dataclass(frozen=True)
class Band:
    """A named score range: a score of at least ``min_score`` (and below the band above)."""

    name: str
    min_score: float
    meaning: str


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("high", 75.0, "score 75 or more (cut-offs not calibrated on labelled data)"),
    Band("generally reliable", 50.0, "score 50 to 75 (not calibrated)"),
    Band("mixed", 25.0, "score 25 to 50 (not calibrated)"),
    Band("low", 0.0, "score below 25 (not calibrated)"),
)
"""Bands for a weights file that has none: even cut-offs, said to be uncalibrated."""


@dataclass(frozen=True)
class Weights:
    version: str
    intercept: float
    features: tuple[FeatureWeight, ...]
    digest: str
    bands: tuple[Band, ...] = DEFAULT_BANDS
    card: dict | None = field(default=None, compare=False)
    """The model card (``model_card.json`` beside the weights file), when there is one."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.features)

    def band(self, score: float) -> str:
        """The plain name of the band ``score`` falls in."""
        return band_for(self.bands, score)


def band_for(bands: Sequence[Band], score: float) -> str:
    """The name of the first band (highest first) whose ``min_score`` ``score`` reaches, as
    reports show it (one decimal: a score shown as 61.3 is in a band that starts at 61.3)."""
    shown = round(score, 1)
    for band in bands:
        if shown >= band.min_score:
            return band.name
    return bands[-1].name


CARD_NAME = "model_card.json"
"""The model card's file name, beside the weights file it describes."""


def load_weights(path: str | Path | None = None) -> Weights:
    """Read a weights file and the model card beside it, if any; every feature in the registry
    must have exactly one entry."""
    if path:
        raw = Path(path).read_bytes()
        card_file = Path(path).with_name(CARD_NAME)
        card_raw = card_file.read_bytes() if card_file.is_file() else None
    else:
        package = resources.files("scoring")
        raw = package.joinpath("weights.toml").read_bytes()
        card_resource = package.joinpath(CARD_NAME)
        card_raw = card_resource.read_bytes() if card_resource.is_file() else None
    data = tomllib.loads(raw.decode("utf-8"))
    entries = data.get("features", {})
    missing = [name for name in FEATURE_NAMES if name not in entries]
    unknown = [name for name in entries if name not in FEATURES]
    if missing or unknown:
        raise ValueError(f"weights: missing features {missing}, unknown features {unknown}; "
                         f"valid: {list(FEATURE_NAMES)}")
    features = []
    for name in FEATURE_NAMES:
        entry = entries[name]
        weight = FeatureWeight(name, float(entry["center"]), float(entry["scale"]),
                               float(entry["cap"]), float(entry["weight"]),
                               str(entry["rationale"]), float(entry.get("floor", 0.0)))
        if weight.scale <= 0 or weight.cap <= 0 or not 0 <= weight.floor < weight.cap:
            raise ValueError(f"weights: {name} needs a positive scale and cap, and a floor "
                             "from 0 up to below the cap")
        features.append(weight)
    card = json.loads(card_raw) if card_raw else None
    if card is not None and card.get("weights_version") != data["version"]:
        card = None  # a card left from another model must not describe this one
    return Weights(str(data["version"]), float(data["intercept"]), tuple(features),
                   hashlib.sha256(raw).hexdigest()[:16], _bands(data.get("bands")), card)


def _bands(entries: list[dict] | None) -> tuple[Band, ...]:
    if not entries:
        return DEFAULT_BANDS
    bands = tuple(Band(str(e["name"]), float(e["min_score"]), str(e.get("meaning", "")))
                  for e in entries)
    cutoffs = [b.min_score for b in bands]
    if cutoffs != sorted(cutoffs, reverse=True) or cutoffs[-1] != 0.0:
        raise ValueError("weights: bands must be listed from the highest min_score down to a "
                         f"last band at 0, got {cutoffs}")
    return bands


def weights_toml(weights: Weights, header: str) -> str:
    """A weights file that :func:`load_weights` reads back to ``weights`` (digest aside)."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += [f"version = {json.dumps(weights.version)}",
              f"intercept = {weights.intercept!r}", ""]
    for band in weights.bands:
        lines += ["[[bands]]", f"name = {json.dumps(band.name)}",
                  f"min_score = {band.min_score!r}",
                  f"meaning = {json.dumps(band.meaning, ensure_ascii=False)}", ""]
    for f in weights.features:
        lines += [f"[features.{f.name}]", f"center = {f.center!r}", f"scale = {f.scale!r}",
                  *([f"floor = {f.floor!r}"] if f.floor else []),
                  f"cap = {f.cap!r}", f"weight = {f.weight!r}",
                  f"rationale = {json.dumps(f.rationale, ensure_ascii=False)}", ""]
    return "\n".join(lines)


def load_model(weights_path: str = "") -> ReliabilityModel:
    """The model for a run: the weights file named in the config, or the shipped default."""
    return ReliabilityModel(load_weights(weights_path or None))


@dataclass(frozen=True)
class Score:
    score: float
    baseline: float
    contributions: dict[str, float]


def clip_features(frame: pd.DataFrame, weights: Weights) -> pd.DataFrame:
    """Raw feature values (columns named as ``weights``' features) clipped to each feature's
    ``[floor, cap]``, missing values as 0: what the model reads."""
    import pandas as pd

    values = np.nan_to_num(frame[list(weights.names)].to_numpy(dtype=float))
    return pd.DataFrame(_clipped(values, weights), columns=list(weights.names))


def _clipped(values: np.ndarray, weights: Weights) -> np.ndarray:
    floors = np.array([f.floor for f in weights.features])
    caps = np.array([f.cap for f in weights.features])
    return np.clip(values, floors, caps)


class ReliabilityModel:
    """Scores feature dictionaries with a fixed scikit-learn pipeline built from ``Weights``
    (:attr:`pipeline_`; :meth:`score_many` does its arithmetic without importing it)."""

    def __init__(self, weights: Weights | None = None) -> None:
        self.weights = weights or load_weights()
        features = self.weights.features
        self._centers = np.array([f.center for f in features])
        self._scales = np.array([f.scale for f in features])
        self._coef = np.array([[f.weight for f in features]])
        self._intercept = np.array([self.weights.intercept])

    @cached_property
    def pipeline_(self) -> Pipeline:
        """The model as a scikit-learn pipeline (a standard scaler, a logistic regression):
        :meth:`score_many` gives its ``predict_proba`` exactly."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler

        names = np.array(self.weights.names, dtype=object)
        n_features = len(names)
        scaler = StandardScaler()
        scaler.mean_ = self._centers.copy()
        scaler.scale_ = self._scales.copy()
        scaler.var_ = scaler.scale_**2
        scaler.n_samples_seen_ = 1
        scaler.n_features_in_ = n_features
        scaler.feature_names_in_ = names
        logit = LogisticRegression()
        logit.coef_ = self._coef.copy()
        logit.intercept_ = self._intercept.copy()
        logit.classes_ = np.array([0, 1])
        logit.n_features_in_ = n_features
        return Pipeline([("scale", scaler), ("logit", logit)])

    @property
    def baseline(self) -> float:
        return 100.0 * _sigmoid(self.weights.intercept)

    def band(self, score: float) -> str:
        return self.weights.band(score)

    def get_feature_names_out(self) -> np.ndarray:
        return np.array(self.weights.names, dtype=object)

    def design_matrix(self, rows: Sequence[Mapping[str, float]]) -> pd.DataFrame:
        """The model's input: one row per article, features in model order, clipped to
        ``[floor, cap]``."""
        import pandas as pd

        return pd.DataFrame(self._clipped_rows(rows), columns=list(self.weights.names))

    def _clipped_rows(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        names = self.weights.names
        try:
            matrix = np.array([[float(row[name]) for name in names] for row in rows])
        except KeyError as error:
            raise ValueError(f"model: feature {error} missing; the model needs "
                             f"{list(names)}") from None
        return _clipped(np.nan_to_num(matrix.reshape(len(rows), len(names))), self.weights)

    def score_many(self, rows: Sequence[Mapping[str, float]]) -> list[Score]:
        if not rows:
            return []
        # what the pipeline computes, in its order: the scaler standardises its own copy of the
        # design matrix, which pandas hands over in column-major order (the layout decides how
        # the matrix product rounds), and the regression's probability is the logistic
        # function of intercept + standardised @ coefficients
        standardised = np.array(self._clipped_rows(rows), order="F")
        standardised -= self._centers
        standardised /= self._scales
        log_odds_terms = standardised * self._coef[0]
        log_odds = (standardised @ self._coef.T + self._intercept).reshape(-1)
        baseline = self.baseline
        results = []
        for terms, z in zip(log_odds_terms, log_odds.tolist(), strict=True):
            score = 100.0 * _sigmoid(z)
            total = float(terms.sum())
            slope = (score - baseline) / total if abs(total) > 1e-12 else _slope_at(
                self.weights.intercept)
            contributions = {name: float(term) * slope
                             for name, term in zip(self.weights.names, terms, strict=True)}
            results.append(Score(score, baseline, contributions))
        return results

    def score(self, features: Mapping[str, float]) -> Score:
        return self.score_many([features])[0]

    def describe(self) -> dict[str, object]:
        """The model as the report's methodology section shows it."""
        return {
            "baseline": round(self.baseline, 2),
            "weights_version": self.weights.version,
            "weights_digest": self.weights.digest,
            "intercept": self.weights.intercept,
            "formula": "Each feature's value is clipped to [floor, cap] (floor 0 unless shown) "
                       "and turned into a log-odds "
                       "term, weight × (value − centre) ÷ scale. The score is 100 × "
                       "sigmoid(intercept + the sum of the terms), between 0 and 100. A "
                       "feature's contribution in points is its term's share of that sum times "
                       "the score's distance from the baseline, so the baseline plus the "
                       "contributions is exactly the score.",
            "aggregation": "a source's score is the mean of its articles' scores; its "
                           "contributions are the means of theirs, so they add up the same way",
            "bands": [{"name": b.name, "min_score": b.min_score, "meaning": b.meaning}
                      for b in self.weights.bands],
            "card": self.weights.card,
            "features": [
                {"name": f.name, "label": FEATURES[f.name].label,
                 "description": FEATURES[f.name].description,
                 "direction": FEATURES[f.name].direction, "weight": f.weight,
                 "center": f.center, "scale": f.scale, "cap": f.cap, "floor": f.floor,
                 "rationale": f.rationale}
                for f in self.weights.features
            ],
        }


def _sigmoid(value: float) -> float:
    # the formula and the C library exp of SciPy's expit, which scikit-learn's predict_proba uses
    return 1.0 / (1.0 + math.exp(-value))


def _slope_at(value: float) -> float:
    probability = _sigmoid(value)
    return 100.0 * probability * (1.0 - probability)

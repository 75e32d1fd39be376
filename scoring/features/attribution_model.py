"""The fitted attribution decision: is a sentence's claim credited to one of the rules' sources.

A logistic regression over the features :mod:`scoring.features.attribution` computes for each
body sentence (the rules' verdicts among them), fitted on PolNeAR's training articles by
``python -m scoring.evaluation.fit_attribution``. The model is data, not code:
``models/attribution.json`` holds the feature names, the standardisation (mean and scale per
feature), the coefficients, the intercept, the decision threshold, the digest of the word lists
the features read, and the cross-validation figures. It is read with the standard library and
scored with numpy; a model whose word lists differ from the installed ones is refused, because
its coefficients describe features that have changed.

The score of a sentence decomposes exactly: ``intercept + sum(coefficient * standardised
value)`` is the log-odds that it is attributed (:meth:`LogisticModel.contributions`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from scoring.lexicons import lists_digest

MODEL_FORMAT = 1
LEXICONS = ("speech_verbs", "cognition_verbs", "anonymous_heads", "organization_nouns",
            "titles", "role_titles", "agent_nouns", "government", "publications")
"""The word lists the attribution features read; the model records their digest."""

FEATURE_NOTES = {
    "rule_attributed": "the hand-written rules call the sentence attributed",
    "rule_named": "the rules call it attributed to a named source",
    "rule_cue": "the sentence has a cue the rules accept",
    "speaker_label": "a transcript or dash speaker label covers the paragraph",
    "label_colon": "the label is a transcript's 'NAME:'",
    "label_dash": "the label is a dash credit after a quotation ('― Ana Ruiz')",
    "label_here": "the label stands in the sentence's own paragraph ('DALE: ...')",
    "nearby_speaker": "a quotation whose nearest credited speaker (up to 3 sentences after, "
                      "else before) is the candidate",
    "nearby_before": "that speaker is credited before the quotation",
    "nearby_distance": "how many sentences away that speaker is credited (log)",
    "carried": "the sentence lies in a quotation whose speaker is credited nearby",
    "credited_share": "share of the sentence the rules' cues credit (0 without a cue)",
    "minor_credit": "the credited words are under half of the sentence",
    "quoted_share": "share of the sentence inside quotation marks",
    "other_cue_only": "only cues the rules turn down (negated, object only, other verbs)",
    "cues": "candidate cues in the sentence (at most 3)",
    "previous_credited": "the previous sentence of the paragraph has its own cue",
    "next_credited": "the next sentence of the paragraph has its own cue",
    "log_words": "log(1 + alphabetic words)",
    "question": "the sentence ends with a question mark",
    "not_a_claim": "the rules call it a question, call to action or fragment",
    "negated": "the first cue is negated",
    "clause": "the first cue governs a clause",
    "complement": "the first cue has an object with what is said of it",
    "content": "the rules find credited content for the first cue",
    "cue_position": "where the first cue stands in the sentence, 0 to 1",
    "source_after_cue": "the source follows its cue ('said Ana Ruiz', 'according to')",
    "frame_middle": "the first cue's frame (source and cue) starts between 0.15 and 0.7 of "
                    "the sentence",
    "frame_end": "the frame starts in the last 0.3 of the sentence",
    "inverted_end": "a verb cue with its source after it, at the end ('..., said Ana Ruiz')",
    "inverted_start": "a verb cue with its source after it, not at the end",
    "quoted_frame_end": "a frame at the end of a sentence more than 0.3 quoted",
    "quoted_frame_middle": "a frame in the middle of a sentence more than 0.3 quoted",
    "any_clause": "some cue governs a clause",
    "any_complement": "some cue has an object with what is said of it",
    "class=": "the first cue's class (according, speech, cognition, colon, clause, label)",
    "lemma=": "the first cue's lemma",
    "subject=": "how the first cue's source was recognised",
    "kind=": "the first cue's source kind",
}


def lexicons_digest() -> str:
    """A digest of the word lists in :data:`LEXICONS`."""
    return lists_digest(LEXICONS)


@dataclass(frozen=True)
class LogisticModel:
    """A standardised logistic regression stored as plain numbers."""

    features: tuple[str, ...]
    means: np.ndarray
    scales: np.ndarray
    coefficients: np.ndarray
    intercept: float
    threshold: float

    def vector(self, values: Mapping[str, float]) -> np.ndarray:
        """The standardised input for ``values`` (a feature the model does not know is left
        out; one it knows and ``values`` lacks is 0)."""
        raw = np.array([values.get(name, 0.0) for name in self.features], dtype=float)
        return (raw - self.means) / self.scales

    def contributions(self, values: Mapping[str, float]) -> dict[str, float]:
        """Each feature's share of the log-odds; with the intercept they add up to it."""
        return dict(zip(self.features, (self.vector(values) * self.coefficients).tolist(),
                        strict=True))

    def probability(self, values: Mapping[str, float]) -> float:
        logit = float(self.vector(values) @ self.coefficients) + self.intercept
        return 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))

    def to_dict(self) -> dict[str, object]:
        return {"features": list(self.features), "means": self.means.tolist(),
                "scales": self.scales.tolist(), "coefficients": self.coefficients.tolist(),
                "intercept": self.intercept, "threshold": self.threshold}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> LogisticModel:
        features = tuple(data["features"])  # type: ignore[arg-type]
        arrays = [np.asarray(data[key], dtype=float) for key in ("means", "scales",
                                                                  "coefficients")]
        if any(a.shape != (len(features),) for a in arrays):
            raise ValueError("attribution model: means, scales and coefficients must have one "
                             f"value per feature ({len(features)})")
        return cls(features, *arrays, float(data["intercept"]),  # type: ignore[arg-type]
                   float(data["threshold"]))  # type: ignore[arg-type]


@dataclass(frozen=True)
class AttributionModel:
    """The fitted decision and what it was fitted on (``about``: data, settings, figures)."""

    attributed: LogisticModel
    lexicons: str
    about: Mapping[str, object]

    def is_attributed(self, features: Mapping[str, float]) -> bool:
        return self.attributed.probability(features) >= self.attributed.threshold

    def to_dict(self) -> dict[str, object]:
        return {"format": MODEL_FORMAT, "lexicons": self.lexicons, "about": dict(self.about),
                "attributed": self.attributed.to_dict()}


def model_path() -> Path:
    return Path(str(resources.files("scoring.features").joinpath("models/attribution.json")))


def load_model(path: Path) -> AttributionModel:
    """Read a model file; refuse one of another format or fitted on other word lists."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("format") != MODEL_FORMAT:
        raise ValueError(f"{path}: attribution model format {data.get('format')!r}, "
                         f"expected {MODEL_FORMAT}")
    if data.get("lexicons") != lexicons_digest():
        raise ValueError(f"{path}: fitted on other word lists than the installed ones "
                         f"({', '.join(LEXICONS)}); refit it with "
                         "`python -m scoring.evaluation.fit_attribution`")
    return AttributionModel(LogisticModel.from_dict(data["attributed"]), data["lexicons"],
                            data.get("about", {}))


@cache
def fitted_model() -> AttributionModel | None:
    """The shipped model, or None when the package has none (the rules decide alone)."""
    path = model_path()
    return load_model(path) if path.exists() else None


def write_model(model: AttributionModel, path: Path) -> None:
    """Write a model deterministically: sorted keys, fixed indentation, rounded numbers."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(_rounded(model.to_dict()), indent=1, sort_keys=True,
                                     ensure_ascii=False) + "\n", encoding="utf-8")


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value

"""Scoring without scikit-learn (:meth:`scoring.model.ReliabilityModel.score_many`) gives the
scikit-learn pipeline's numbers to the last bit, and a scoring run does not import it."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from scoring.model import ReliabilityModel


def test_scores_and_terms_are_the_pipelines_to_the_last_bit():
    model = ReliabilityModel()
    names = model.weights.names
    scaler, logit = model.pipeline_["scale"], model.pipeline_["logit"]
    rng = np.random.default_rng(7)
    for size in (1, 2, 3, 17, 84, 250):
        raw = rng.gamma(1.0, 3.0, (size, len(names))) * rng.choice([0, 1, 10], (size, len(names)))
        raw[rng.random(raw.shape) < 0.01] = np.nan
        rows = [dict(zip(names, row, strict=True)) for row in raw.tolist()]
        frame = model.design_matrix(rows)
        probabilities = model.pipeline_.predict_proba(frame)[:, 1]
        terms = scaler.transform(frame) * logit.coef_[0]
        scores = model.score_many(rows)
        assert [s.score for s in scores] == (100.0 * probabilities).tolist()
        for score, row_terms in zip(scores, terms, strict=True):
            slope = (score.score - score.baseline) / float(row_terms.sum())
            assert list(score.contributions.values()) == [float(t) * slope for t in row_terms]


SCORE_WITHOUT = """
import sys

class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("sklearn", "pandas"):
            raise ImportError(f"{name} is not to be imported")

sys.meta_path.insert(0, Refuse())
from scoring.model import ReliabilityModel

model = ReliabilityModel()
print(model.score_many([dict.fromkeys(model.weights.names, 1.0)])[0].score)
"""


def test_scoring_needs_neither_scikit_learn_nor_pandas():
    # (NLTK, which textstat imports, tries scikit-learn and goes on without it)
    run = subprocess.run([sys.executable, "-c", SCORE_WITHOUT], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr
    assert float(run.stdout) == ReliabilityModel().score(
        dict.fromkeys(ReliabilityModel().weights.names, 1.0)).score

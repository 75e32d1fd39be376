"""Fitting the transparent model: documented signs, the sign check, grouped folds, figures."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scoring.features.specs import FEATURE_NAMES, FEATURES
from scoring.model import ReliabilityModel, load_weights
from scoring.training import (
    LADDER_REASON,
    SIGN_REASON,
    FitSettings,
    TrainingSet,
    calibration_table,
    classification_figures,
    cross_validate,
    derive_bands,
    evaluation,
    fit_weights,
    outlet_gap,
    splits,
)

PLANTED = {  # feature: how a reliable article differs (documented direction of each)
    "word_count": +1,
    "named_source_count": +1,
    "unattributed_share": -1,
}
REVERSED = "hedges_per_100_words"
"""Planted against its documented direction (lower is more reliable): reliable articles hedge
more here, so the fit gives it a positive weight and the sign check must drop it."""


def labelled_fixture(seed: int = 1, outlets: int = 20, per_outlet: int = 6) -> TrainingSet:
    """Outlets of both labels whose articles differ in the planted features, with noise."""
    rng = np.random.default_rng(seed)
    rows, reliable, groups = [], [], []
    for outlet in range(outlets):
        good = outlet % 2
        for _ in range(per_outlet):
            row = dict.fromkeys(FEATURE_NAMES, 0.0)
            row["word_count"] = max(50.0, rng.normal(700 if good else 400, 150))
            row["named_source_count"] = max(0.0, round(rng.normal(5 if good else 2, 1.5)))
            row["attributed_anonymous_share"] = float(np.clip(rng.normal(
                0.05 if good else 0.25, 0.08), 0, 1))
            row["unattributed_share"] = float(np.clip(rng.normal(
                0.1 if good else 0.8, 0.1), 0, 1))
            row[REVERSED] = max(0.0, rng.normal(1.5 if good else 0.8, 0.3))
            row["flesch_reading_ease"] = rng.normal(50, 10)
            row["template_leftover_count"] = float(rng.random() < 0.05)  # too rare to fit
            rows.append(row)
            reliable.append(good)
            groups.append(f"outlet-{outlet}")
    groups_array = np.array(groups, dtype=object)
    return TrainingSet(pd.DataFrame(rows), np.array(reliable), groups_array, groups_array,
                       np.array(["fixture"] * len(rows), dtype=object))


@pytest.fixture(scope="module")
def fixture() -> TrainingSet:
    return labelled_fixture()


@pytest.fixture(scope="module")
def fitted(fixture):
    return fit_weights(fixture, load_weights(), FitSettings(), version="test-fit")


def test_fitted_weights_have_their_documented_signs(fitted) -> None:
    status = {f.name: f for f in fitted.features}
    for name, direction in PLANTED.items():
        assert status[name].status == "fitted"
        assert status[name].weight * direction > 0, (name, status[name].weight)
    for f in fitted.features:
        if f.status == "fitted":
            assert f.weight * FEATURES[f.name].direction >= 0, f


def test_a_weight_against_its_documented_direction_is_dropped_and_reported(fitted) -> None:
    [dropped] = [f for f in fitted.dropped if f.reason == SIGN_REASON]
    assert dropped.name == REVERSED
    assert dropped.first_weight > 0  # what the fit gave it, kept for the model card
    weights = {f.name: f.weight for f in fitted.weights.features}
    assert weights[REVERSED] == 0.0


def _per_unit(weights, name: str) -> float:
    """A feature's log-odds per unit of its own value."""
    weight = next(f for f in weights.features if f.name == name)
    return weight.weight / weight.scale


def test_anonymous_credit_never_costs_more_than_no_credit(fitted) -> None:
    """Planted in both shares: whatever the fit makes of anonymous credit, per unit of share
    it costs no more than a claim with no source (or it is dropped, saying why)."""
    status = {f.name: f for f in fitted.features}
    anonymous = status["attributed_anonymous_share"]
    assert anonymous.status in ("fitted", "dropped")
    if anonymous.status == "dropped":
        assert anonymous.reason in (SIGN_REASON, LADDER_REASON)
    assert (_per_unit(fitted.weights, "attributed_anonymous_share")
            >= _per_unit(fitted.weights, "unattributed_share"))


def test_anonymous_credit_is_dropped_when_no_credit_costs_nothing() -> None:
    """Unattributed claims that never vary cannot be fitted, and the shipped model gives them
    no weight; an anonymous-credit penalty would then make stripping every 'officials said'
    raise a score, so the fit drops it and says why."""
    ts = labelled_fixture()
    features = ts.features.copy()
    features["unattributed_share"] = 0.0
    base = load_weights()
    assert _per_unit(base, "unattributed_share") == 0.0
    fit = fit_weights(TrainingSet(features, ts.reliable, ts.groups, ts.outlets, ts.datasets),
                      base, FitSettings())
    status = {f.name: f for f in fit.features}
    anonymous = status["attributed_anonymous_share"]
    assert anonymous.status == "dropped" and anonymous.reason == LADDER_REASON
    assert anonymous.first_weight < 0  # the fit wanted it to cost
    assert _per_unit(fit.weights, "attributed_anonymous_share") == 0.0
    assert status[REVERSED].reason == SIGN_REASON


def test_rare_context_and_hand_set_features(fitted) -> None:
    status = {f.name: f.status for f in fitted.features}
    hand_set = load_weights()
    by_name = {f.name: f for f in fitted.weights.features}
    assert status["flesch_reading_ease"] == "context" and by_name["flesch_reading_ease"].weight == 0
    assert status["template_leftover_count"] == "hand-set"
    assert status["ai_disclosure_count"] == "hand-set"
    original = {f.name: f for f in hand_set.features}["ai_disclosure_count"]
    assert by_name["ai_disclosure_count"] == original


def test_fitted_model_contributions_add_up_to_the_score(fitted, fixture) -> None:
    model = ReliabilityModel(fitted.weights)
    for row in fixture.features.head(20).to_dict("records"):
        result = model.score(row)
        assert math.isclose(result.baseline + sum(result.contributions.values()), result.score,
                            abs_tol=1e-9)


def test_folds_keep_each_outlet_on_one_side(fixture) -> None:
    for train, test in splits(fixture, 5, seed=0):
        assert not set(fixture.groups[train]) & set(fixture.groups[test])
        assert set(fixture.reliable[train]) == {0, 1}


def test_too_few_outlets_of_a_label_is_a_clear_error(fixture) -> None:
    one_bad_outlet = fixture.subset(np.nonzero((fixture.reliable == 1)
                                               | (fixture.groups == "outlet-0"))[0])
    with pytest.raises(ValueError, match="at least 2 outlets"):
        splits(one_bad_outlet, 5, seed=0)


def test_cross_validation_separates_the_planted_labels(fixture) -> None:
    result = cross_validate(fixture, load_weights())
    assert np.isfinite(result.scores).all()
    assert result.dropped.get(REVERSED) == result.folds
    figures = classification_figures(result.scores, fixture.reliable, 50.0)
    assert figures["roc_auc"] > 0.9
    assert figures["roc_auc_ci95"][0] <= figures["roc_auc"] <= figures["roc_auc_ci95"][1]


def test_bands_come_from_the_calibration_and_are_ordered() -> None:
    scores = np.array([5, 10, 20, 30, 40, 50, 60, 70, 80, 90], dtype=float)
    reliable = np.array([0, 0, 0, 0, 1, 0, 1, 1, 1, 1])
    bands = derive_bands(scores, reliable)
    assert [b.name for b in bands] == ["high", "generally reliable", "mixed", "low"]
    assert [b.min_score for b in bands] == [60.0, 40.0, 40.0, 0.0]
    table = calibration_table(scores, reliable, bands)
    assert sum(row["articles"] for row in table) == len(scores)
    assert table[0] == {"band": "high", "from": 60.0, "to": 100.0, "articles": 4,
                        "share_reliable": 1.0}
    assert table[2]["articles"] == 0  # 'mixed' is empty: the fit jumps from 0% to 67% at 40


def test_a_level_never_reached_gives_a_band_no_score_reaches() -> None:
    bands = derive_bands(np.array([10.0, 20.0, 30.0, 40.0]), np.array([0, 1, 1, 0]))
    assert [b.min_score for b in bands] == [100.0, 20.0, 20.0, 0.0]  # at most 2 in 3 reliable


def test_outlet_gap_needs_two_outlets_per_label_and_has_an_interval() -> None:
    scores = np.array([80, 70, 75, 30, 40, 35], dtype=float)
    reliable = np.array([1, 1, 1, 0, 0, 0])
    outlets = np.array(["a", "a", "b", "c", "d", "d"], dtype=object)
    gap = outlet_gap(scores, reliable, outlets)
    assert gap["outlets_reliable"] == 2 and gap["outlets_other"] == 2
    assert gap["gap"] == pytest.approx(((75 + 75) / 2) - ((30 + 37.5) / 2), abs=0.05)
    assert gap["gap_ci95"][0] <= gap["gap"] <= gap["gap_ci95"][1]
    assert outlet_gap(scores[:4], reliable[:4], outlets[:4]) is None


def test_evaluation_reports_per_dataset_rows(fixture) -> None:
    datasets = np.array(["one" if i % 2 else "two" for i in range(len(fixture))], dtype=object)
    data = TrainingSet(fixture.features, fixture.reliable, fixture.groups, fixture.outlets,
                       datasets)
    scores = fixture.features["word_count"].to_numpy() / 20
    report = evaluation(scores, data, derive_bands(scores, data.reliable))
    assert set(report["by_dataset"]) == {"one", "two"}
    assert report["overall"]["articles"] == len(fixture)


def test_weights_file_round_trip_keeps_floor_bands_and_card(tmp_path, fitted) -> None:
    from scoring.model import weights_toml

    path = tmp_path / "weights.toml"
    path.write_text(weights_toml(fitted.weights, "a test"), encoding="utf-8")
    loaded = load_weights(path)
    assert loaded.features == fitted.weights.features and loaded.bands == fitted.weights.bands
    assert loaded.card is None  # no model_card.json beside it
    (tmp_path / "model_card.json").write_text('{"weights_version": "test-fit"}', encoding="utf-8")
    assert load_weights(path).card == {"weights_version": "test-fit"}
    (tmp_path / "model_card.json").write_text('{"weights_version": "other"}', encoding="utf-8")
    assert load_weights(path).card is None  # a card of another model is not shown


def test_a_floor_makes_values_below_it_count_as_the_floor() -> None:
    weights = load_weights()
    floored = {f.name: f for f in weights.features}["person_names_per_100_words"]
    assert floored.floor > 0
    model = ReliabilityModel(weights)
    row = dict.fromkeys(FEATURE_NAMES, 0.0)
    none = model.score({**row, "person_names_per_100_words": 0.0})
    at_floor = model.score({**row, "person_names_per_100_words": floored.floor})
    above = model.score({**row, "person_names_per_100_words": floored.floor + 2})
    assert none.score == at_floor.score > above.score


def test_a_score_is_in_the_band_its_shown_value_is_in() -> None:
    from scoring.model import Band, band_for

    bands = (Band("high", 61.3, ""), Band("low", 0.0, ""))
    assert band_for(bands, 61.26) == "high"  # shown as 61.3
    assert band_for(bands, 61.24) == "low"

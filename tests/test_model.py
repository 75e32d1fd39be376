import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.features.specs import FEATURE_NAMES, FEATURES
from scoring.model import ReliabilityModel, load_weights

MODEL = ReliabilityModel()


def at_centers():
    return {f.name: f.center for f in MODEL.weights.features}


def test_weights_cover_every_feature_with_a_rationale():
    weights = load_weights()
    assert weights.names == FEATURE_NAMES
    assert all(f.rationale.strip() for f in weights.features)


def test_weight_signs_match_documented_directions():
    for feature in MODEL.weights.features:
        direction = FEATURES[feature.name].direction
        if direction == 0:
            assert feature.weight == 0, feature.name
        else:
            assert feature.weight == 0 or math.copysign(1, feature.weight) == direction, \
                feature.name


def test_article_at_every_center_scores_the_baseline():
    result = MODEL.score(at_centers())
    assert result.score == pytest.approx(result.baseline)
    assert all(value == pytest.approx(0) for value in result.contributions.values())


def test_one_feature_moves_the_score_by_exactly_its_contribution():
    features = at_centers() | {"ai_disclosure_count": 1.0}
    result = MODEL.score(features)
    assert result.score < result.baseline
    assert result.contributions["ai_disclosure_count"] == pytest.approx(
        result.score - result.baseline)
    assert {k for k, v in result.contributions.items() if v != 0} == {"ai_disclosure_count"}


def test_missing_feature_is_a_clear_error():
    with pytest.raises(ValueError, match="missing"):
        MODEL.score({"word_count": 10})


def test_pipeline_is_scikit_learn_and_matches_the_score():
    features = at_centers() | {"unattributed_share": 0.9, "named_source_count": 0.0}
    probability = MODEL.pipeline_.predict_proba(MODEL.design_matrix([features]))[0, 1]
    assert MODEL.score(features).score == pytest.approx(100 * probability)
    assert list(MODEL.get_feature_names_out()) == list(FEATURE_NAMES)


feature_values = st.fixed_dictionaries({
    name: st.floats(min_value=0, max_value=200, allow_nan=False) for name in FEATURE_NAMES})


@settings(max_examples=200, deadline=None)
@given(feature_values)
def test_contributions_add_up_and_score_is_in_range(features):
    result = MODEL.score(features)
    assert 0 <= result.score <= 100
    assert result.baseline + sum(result.contributions.values()) == pytest.approx(
        result.score, abs=1e-9)

"""Outlet ratings as labels: reading a ratings file, registered domains, weighting outlets, and
fitting and evaluating the model on continuous ratings (on DataFrames: no spaCy here)."""

from __future__ import annotations

import functools
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

import scoring.training
from scoring.features.specs import FEATURES
from scoring.ingest.records import registered_domain
from scoring.labels import Label, match_labels, read_labels
from scoring.model import ReliabilityModel, load_weights
from scoring.training import (
    OUTLET_BAND_LEVELS,
    FitSettings,
    TrainingSet,
    classification_figures,
    cross_validate,
    derive_outlet_bands,
    evaluation,
    fit_weights,
    outlet_table,
)
from scoring.types import Article

ROOT = Path(__file__).resolve().parent.parent
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides-dev" / "outlets.csv"


def write(tmp_path: Path, content: str, name: str = "ratings.csv") -> Path:
    file = tmp_path / name
    file.write_text(content, encoding="utf-8")
    return file


def article(*, source: str = "", url: str = "", path: str = "") -> Article:
    return Article(id=path or url or source, source=source, text="Some text.", path=path,
                   url=url)


# --- reading ratings ------------------------------------------------------------------------

RATINGS = ("domain,lin_pc1,allsides_bias\n"
           "apnews.com,0.95,Center\n"
           "www.cnn.com,0.72,left\n"
           "unrated.com,,right\n"
           "foxnews.com,0.41,right\n")


def test_a_rating_column_gives_targets_reliability_and_leanings(tmp_path: Path) -> None:
    labels = read_labels(write(tmp_path, RATINGS), rating="lin_pc1", threshold=0.6)
    assert [(x.kind, x.key, x.target, x.reliable, x.leaning, x.label) for x in labels] == [
        ("domain", "apnews.com", 0.95, 1, "center", "0.95"),
        ("domain", "cnn.com", 0.72, 1, "left", "0.72"),
        ("domain", "foxnews.com", 0.41, 0, "right", "0.41"),
    ]  # unrated.com (empty rating) is left out
    assert [x.value for x in labels] == [0.95, 0.72, 0.41]
    assert [x.source for x in labels] == ["apnews.com", "cnn.com", "foxnews.com"]


def test_the_threshold_decides_reliable(tmp_path: Path) -> None:
    file = write(tmp_path, RATINGS)
    assert [x.reliable for x in read_labels(file, rating="lin_pc1", threshold=0.8)] == [1, 0, 0]
    assert [x.reliable for x in read_labels(file, rating="lin_pc1", threshold=0.41)] == [1, 1, 1]
    assert [x.reliable for x in read_labels(file, rating="lin_pc1", threshold=0.95)] == [1, 0, 0]


def test_the_rating_column_name_ignores_case(tmp_path: Path) -> None:
    [first, *_] = read_labels(write(tmp_path, RATINGS.replace("lin_pc1", "Lin_PC1")),
                              rating="lin_pc1")
    assert first.target == 0.95


def test_class_labels_have_no_target_and_value_is_reliable(tmp_path: Path) -> None:
    labels = read_labels(write(tmp_path, "domain,label\na.com,high\nb.com,low\n"))
    assert [(x.target, x.value) for x in labels] == [(None, 1.0), (None, 0.0)]
    assert Label("domain", "c.com", "0.3", 0, target=0.3).value == 0.3


def test_a_non_number_rating_is_an_error_naming_the_line(tmp_path: Path) -> None:
    file = write(tmp_path, "domain,lin_pc1\na.com,0.5\nb.com,n/a\n")
    with pytest.raises(ValueError, match=r"ratings\.csv, line 3: rating 'n/a' is not a number"):
        read_labels(file, rating="lin_pc1")


def test_a_nan_rating_is_an_error_naming_the_line(tmp_path: Path) -> None:
    file = write(tmp_path, "domain,lin_pc1\na.com,0.5\nb.com,nan\n")
    with pytest.raises(ValueError, match="line 3"):
        read_labels(file, rating="lin_pc1")


def test_a_missing_rating_column_is_an_error_naming_it(tmp_path: Path) -> None:
    file = write(tmp_path, RATINGS)
    with pytest.raises(ValueError, match=r"no rating column 'newsguard'; found \['domain', "
                                         r"'lin_pc1', 'allsides_bias'\]"):
        read_labels(file, rating="newsguard")


def test_a_rating_column_with_no_values_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="the rating column has no values"):
        read_labels(write(tmp_path, "domain,lin_pc1\na.com,\nb.com,\n"), rating="lin_pc1")


def test_a_0_to_100_score_is_read_as_a_share_of_100(tmp_path: Path) -> None:
    file = write(tmp_path, "domain,newsguard\na.com,7.5\nb.com,60\nc.com,95\nd.com,100\n"
                           "e.com,0\n")
    labels = read_labels(file, rating="newsguard", threshold=0.6)
    assert [x.target for x in labels] == pytest.approx([0.075, 0.6, 0.95, 1.0, 0.0])
    assert [x.reliable for x in labels] == [0, 1, 1, 1, 0]
    assert [x.label for x in labels] == ["7.5", "60", "95", "100", "0"]


@pytest.mark.parametrize(("values", "found"), [("50\n150", "50.0 to 150.0"),
                                               ("-0.1\n0.5", "-0.1 to 0.5")])
def test_ratings_outside_0_to_100_are_an_error(tmp_path: Path, values: str, found: str) -> None:
    a, b = values.split("\n")
    file = write(tmp_path, f"domain,score\na.com,{a}\nb.com,{b}\n")
    with pytest.raises(ValueError, match=f"ratings must be in 0-1 or 0-100, found {found}"):
        read_labels(file, rating="score")


def test_a_leaning_column_may_be_called_leaning(tmp_path: Path) -> None:
    labels = read_labels(write(tmp_path, "domain,pc1,leaning\na.com,0.3,Right\nb.com,0.8,\n"),
                         rating="pc1")
    assert [x.leaning for x in labels] == ["right", ""]


# --- registered domains -----------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "domain"), [
    ("money.cnn.com", "cnn.com"),
    ("https://edition.cnn.com/x", "cnn.com"),
    ("www.bbc.co.uk", "bbc.co.uk"),
    ("WWW.CNN.COM", "cnn.com"),
    ("someone.github.io", "someone.github.io"),
    ("Harbor  Ledger", "harbor ledger"),
    ("localhost", "localhost"),
])
def test_registered_domain(raw: str, domain: str) -> None:
    assert registered_domain(raw) == domain


def test_a_domain_label_matches_subdomains_by_url_and_by_source(tmp_path: Path) -> None:
    labels = read_labels(write(tmp_path, "domain,lin_pc1\ncnn.com,0.7\nwww.bbc.co.uk,0.9\n"),
                         rating="lin_pc1")
    assert [x.key for x in labels] == ["cnn.com", "bbc.co.uk"]
    articles = [article(path="a.html", url="https://money.cnn.com/x"),
                article(path="b.html", source="edition.cnn.com"),
                article(path="c.html", url="https://www.bbc.co.uk/news/1"),
                article(path="d.html", source="news.bbc.co.uk"),
                article(path="e.html", url="https://cnn.com.evil.example/x"),
                article(path="f.html", source="Some Blog")]
    matched = match_labels(articles, labels)
    assert [(m.article.path, m.label.key, m.outlet, m.label.target)
            for m in matched.labelled] == [
        ("a.html", "cnn.com", "cnn.com", 0.7), ("b.html", "cnn.com", "cnn.com", 0.7),
        ("c.html", "bbc.co.uk", "bbc.co.uk", 0.9), ("d.html", "bbc.co.uk", "bbc.co.uk", 0.9)]
    assert (matched.unlabelled, matched.unused) == (2, 0)


# --- weighting ------------------------------------------------------------------------------

def rated_set(sizes: dict[str, int], ratings: dict[str, float]) -> TrainingSet:
    outlets = np.array([name for name, n in sizes.items() for _ in range(n)], dtype=object)
    target = np.array([ratings[name] for name in outlets])
    return TrainingSet(pd.DataFrame(index=range(len(outlets))), (target >= 0.6).astype(int),
                       outlets, outlets, np.full(len(outlets), "", dtype=object),
                       target=target, threshold=0.6)


def test_with_ratings_each_outlet_weighs_the_same_whatever_its_size() -> None:
    ts = rated_set({"small": 1, "medium": 5, "large": 50},
                   {"small": 0.3, "medium": 0.7, "large": 0.9})
    assert ts.rated
    weights = ts.sample_weights()
    assert weights.mean() == pytest.approx(1.0)
    totals = {name: weights[ts.outlets == name].sum() for name in ("small", "medium", "large")}
    assert totals == pytest.approx({"small": 56 / 3, "medium": 56 / 3, "large": 56 / 3})
    assert weights[ts.outlets == "large"] == pytest.approx(np.full(50, 56 / 150))


def test_with_ratings_the_classes_are_not_balanced() -> None:
    """Three reliable outlets and one other: with ratings, outlets weigh the same, so the
    reliable ones weigh three times as much together."""
    ts = rated_set({"a": 2, "b": 4, "c": 6, "d": 8}, {"a": 0.7, "b": 0.8, "c": 0.9, "d": 0.3})
    weights = ts.sample_weights()
    assert weights[ts.reliable == 1].sum() == pytest.approx(3 * weights[ts.reliable == 0].sum())


def test_ratings_of_only_0_and_1_are_classes() -> None:
    ts = rated_set({"a": 3, "b": 1}, {"a": 1.0, "b": 0.0})
    assert not ts.rated
    weights = ts.sample_weights()
    assert weights[ts.reliable == 1].sum() == pytest.approx(weights[ts.reliable == 0].sum())


def test_with_classes_and_no_outlets_both_classes_weigh_the_same() -> None:
    reliable = np.array([1, 1, 1, 1, 1, 1, 0, 0])
    groups = np.array([f"article:{i}.txt" for i in range(8)], dtype=object)
    ts = TrainingSet(pd.DataFrame(index=range(8)), reliable, groups,
                     np.full(8, "", dtype=object), np.full(8, "", dtype=object))
    assert not ts.rated
    weights = ts.sample_weights()
    assert weights.mean() == pytest.approx(1.0)
    assert weights[reliable == 1].sum() == pytest.approx(4.0)
    assert weights[reliable == 0].sum() == pytest.approx(4.0)
    assert weights[reliable == 0] == pytest.approx([2.0, 2.0])


# --- fitting and evaluating on ratings --------------------------------------------------------

INFORMATIVE = {"subjective_per_100_words": -1, "figures_per_100_words": +1}
LEANINGS = ("left", "center", "right")
SETTINGS = FitSettings(c_grid=(0.1, 1.0), folds=4)
"""Fewer fits than the defaults, to keep these tests fast."""


def synthetic_rated_set(seed: int = 3, outlets: int = 12, per_outlet: int = 10) -> TrainingSet:
    """Outlets rated 0.2 to 0.95 whose articles are subjective in inverse proportion to the
    rating and cite figures in proportion to it, with noise; every other feature is 0."""
    rng = np.random.default_rng(seed)
    names = load_weights().names
    ratings = np.linspace(0.2, 0.95, outlets)
    rows, outlet_of, target, leaning = [], [], [], []
    for index, rating in enumerate(ratings):
        for _ in range(per_outlet):
            row = dict.fromkeys(names, 0.0)
            row["subjective_per_100_words"] = max(0.0, rng.normal(1.6 - 1.5 * rating, 0.2))
            row["figures_per_100_words"] = max(0.0, rng.normal(0.5 + 3.0 * rating, 0.5))
            rows.append(row)
            outlet_of.append(f"outlet{index:02d}.com")
            target.append(rating)
            leaning.append(LEANINGS[index % 3])
    target_array = np.array(target)
    outlets_array = np.array(outlet_of, dtype=object)
    return TrainingSet(pd.DataFrame(rows, columns=list(names)),
                       (target_array >= 0.6).astype(int), outlets_array, outlets_array,
                       np.full(len(rows), "", dtype=object), target=target_array,
                       leanings=np.array(leaning, dtype=object), threshold=0.6)


@pytest.fixture(scope="module")
def rated() -> TrainingSet:
    return synthetic_rated_set()


@pytest.fixture(scope="module")
def fitted(rated: TrainingSet):
    return fit_weights(rated, load_weights(), SETTINGS, version="rated-test")


@pytest.fixture(scope="module")
def out_of_fold(rated: TrainingSet):
    return cross_validate(rated, load_weights(), SETTINGS)


@pytest.fixture
def quick_bootstrap(monkeypatch: pytest.MonkeyPatch) -> None:
    """The article-level ROC AUC interval from 50 resamples instead of 1,000."""
    monkeypatch.setattr(scoring.training, "classification_figures",
                        functools.partial(classification_figures, repeats=50))


def test_the_synthetic_set_is_rated_with_both_labels(rated: TrainingSet) -> None:
    assert rated.rated
    assert len(rated) == 120
    assert sorted(set(rated.reliable.tolist())) == [0, 1]
    assert len(set(rated.outlets[rated.reliable == 1])) == 6
    assert rated.goal is rated.target


def test_fitted_weights_on_ratings_have_the_documented_signs(fitted) -> None:
    status = {f.name: f for f in fitted.features}
    for name, direction in INFORMATIVE.items():
        assert FEATURES[name].direction == direction
        assert status[name].status == "fitted"
        assert status[name].weight * direction > 0, (name, status[name].weight)
    assert fitted.dropped == []
    # every other feature is constant here (0, or its floor): fitted or not, it weighs nothing
    others = {f.name: f.weight for f in fitted.features
              if f.status == "fitted" and f.name not in INFORMATIVE}
    assert all(weight == 0.0 for weight in others.values()), others
    assert fitted.weights.version == "rated-test"
    assert fitted.c in SETTINGS.c_grid


def test_contributions_of_the_fitted_model_add_up(fitted, rated: TrainingSet) -> None:
    model = ReliabilityModel(fitted.weights)
    for row in rated.features.iloc[::7].to_dict("records"):
        result = model.score(row)
        assert 0.0 <= result.score <= 100.0
        assert math.isclose(result.baseline + sum(result.contributions.values()), result.score,
                            abs_tol=1e-9)
        assert set(result.contributions) == set(fitted.weights.names)


def test_scores_follow_the_rating(fitted, rated: TrainingSet) -> None:
    model = ReliabilityModel(fitted.weights)
    scores = np.array([s.score for s in model.score_many(rated.features.to_dict("records"))])
    table = outlet_table(scores, rated)
    assert table.score.iloc[-1] > table.score.iloc[0]  # outlet11 (0.95) above outlet00 (0.2)


def test_out_of_fold_scores_rank_outlets_like_their_ratings(out_of_fold,
                                                             rated: TrainingSet) -> None:
    assert np.isfinite(out_of_fold.scores).all()
    assert out_of_fold.folds == 4
    table = outlet_table(out_of_fold.scores, rated)
    assert len(table) == 12
    assert table.articles.tolist() == [10] * 12
    assert table.outlet.tolist() == sorted(table.outlet)
    assert table.rating.tolist() == pytest.approx(np.linspace(0.2, 0.95, 12).tolist())
    assert table.leaning.tolist() == [LEANINGS[i % 3] for i in range(12)]
    assert table.reliable.tolist() == [0] * 6 + [1] * 6
    first = rated.outlets == "outlet00.com"
    assert table.score.iloc[0] == pytest.approx(out_of_fold.scores[first].mean())
    assert spearmanr(table.score, table.rating).statistic > 0.8


def test_evaluation_of_rated_scores_ranks_outlets(out_of_fold, rated: TrainingSet,
                                                  quick_bootstrap: None) -> None:
    bands = derive_outlet_bands(out_of_fold.scores, rated)
    report = evaluation(out_of_fold.scores, rated, bands)
    ranking = report["outlet_ranking"]
    table = outlet_table(out_of_fold.scores, rated)
    assert ranking["outlets"] == 12
    assert ranking["spearman"] == pytest.approx(
        spearmanr(table.score, table.rating).statistic, abs=1e-3)
    assert ranking["spearman"] > 0.8
    assert ranking["threshold"] == 0.6
    assert (ranking["at_or_above"], ranking["below"]) == (6, 6)
    leaning = ranking["by_leaning"]
    assert leaning["outlets"] == 12
    assert list(leaning["groups"]) == ["left", "center", "right"]
    assert [g["n"] for g in leaning["groups"].values()] == [4, 4, 4]
    assert report["overall"]["articles"] == 120
    assert report["overall"]["reliable"] == 60


def test_evaluation_of_class_labels_has_no_outlet_ranking(rated: TrainingSet,
                                                          quick_bootstrap: None) -> None:
    classes = TrainingSet(rated.features, rated.reliable, rated.groups, rated.outlets,
                          rated.datasets)
    assert not classes.rated
    report = evaluation(np.linspace(0, 100, len(classes)), classes, load_weights().bands)
    assert "outlet_ranking" not in report


def test_outlet_bands_run_from_high_to_low_ending_at_0(out_of_fold, rated: TrainingSet) -> None:
    bands = derive_outlet_bands(out_of_fold.scores, rated)
    assert [b.name for b in bands] == [name for name, _, _ in OUTLET_BAND_LEVELS]
    assert [b.meaning for b in bands] == [meaning for _, _, meaning in OUTLET_BAND_LEVELS]
    cutoffs = [b.min_score for b in bands]
    assert cutoffs == sorted(cutoffs, reverse=True)
    assert cutoffs[-1] == 0.0
    assert 0.0 < cutoffs[1] < 100.0  # 'generally reliable' is reached by some outlet
    table = outlet_table(out_of_fold.scores, rated)
    assert cutoffs[1] <= table.score[table.reliable == 1].max()


def test_subset_keeps_targets_leanings_and_threshold(rated: TrainingSet) -> None:
    part = rated.subset(np.arange(10, 30))
    assert part.target.tolist() == rated.target[10:30].tolist()
    assert part.leanings.tolist() == rated.leanings[10:30].tolist()
    assert part.threshold == 0.6
    assert part.rated


def test_ranked_targets_are_each_outlets_percentile_among_the_outlets() -> None:
    ratings = np.array([0.9, 0.9, 0.2, 0.5, 0.5, 0.5, 0.95])
    outlets = np.array(["b.com", "b.com", "a.com", "c.com", "c.com", "c.com", "d.com"],
                       dtype=object)
    ts = TrainingSet(pd.DataFrame({"x": np.zeros(7)}), (ratings >= 0.6).astype(int), outlets,
                     outlets, np.full(7, "", dtype=object), target=ratings, threshold=0.6)
    ranked = ts.ranked()
    # four outlets: a (0.2) first, c (0.5), b (0.9), d (0.95); percentiles rank / 5
    assert ranked.target.tolist() == pytest.approx([0.6, 0.6, 0.2, 0.4, 0.4, 0.4, 0.8])
    assert ranked.reliable.tolist() == ts.reliable.tolist()
    assert ranked.rated
    classes = TrainingSet(ts.features, ts.reliable, outlets, outlets, ts.datasets)
    assert classes.ranked() is classes


def test_outlets_far_out_on_the_scale_pull_a_value_fit_but_not_a_ranked_one(
        rated: TrainingSet) -> None:
    """Squeeze every rating but the lowest into the top of the scale: the order of the
    outlets, and so the ranked fit, stays the same; a fit to the values changes."""
    squeezed = replace(rated, target=np.where(rated.target > 0.2,
                                              0.9 + 0.05 * rated.target, rated.target))
    base = load_weights()
    ranked = [fit_weights(ts, base, SETTINGS).weights for ts in (rated, squeezed)]
    values = [fit_weights(ts, base, replace(SETTINGS, rank_targets=False)).weights
              for ts in (rated, squeezed)]
    def weight(weights, name: str = "figures_per_100_words") -> float:
        return next(f.weight for f in weights.features if f.name == name)

    assert weight(ranked[0]) == pytest.approx(weight(ranked[1]))
    assert weight(values[0]) != pytest.approx(weight(values[1]), rel=0.05)


# --- the AllSides development ratings -----------------------------------------------------------

@pytest.mark.skipif(not (ROOT.parent / "shared").is_dir(),
                    reason="../shared (the shared data folder) is absent")
def test_the_allsides_dev_ratings_are_read_by_lin_pc1() -> None:
    labels = read_labels(ALLSIDES, rating="lin_pc1")
    assert len(labels) == 45
    assert {x.kind for x in labels} == {"domain"}
    assert {x.leaning for x in labels} == {"left", "center", "right"}
    assert all(0.0 <= x.target <= 1.0 for x in labels)
    by_key = {x.key: x for x in labels}
    assert len(by_key) == 45
    assert by_key["apnews.com"].target == pytest.approx(0.998049167729267)
    assert by_key["apnews.com"].leaning == "center"
    assert by_key["apnews.com"].reliable == 1

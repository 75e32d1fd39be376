"""Outlet-level figures (scores against expert ratings), folds grouped by outlet, the TF-IDF
reference and registered domains, on synthetic data where the answer is known."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

from scoring.evaluation.outlets import (
    _auc_rows,
    outlet_figures,
    repeated_figures,
    tfidf_reference,
)
from scoring.ingest import records
from scoring.ingest.records import registered_domain


def rated_table(scores: list[float], ratings: list[float], leanings: list[str] | None = None,
                ) -> pd.DataFrame:
    table = pd.DataFrame({"outlet": [f"outlet{i:02d}.com" for i in range(len(scores))],
                          "score": scores, "rating": ratings, "articles": 10})
    if leanings is not None:
        table["leaning"] = leanings
    return table


RATINGS = [0.05 * i for i in range(1, 17)]  # 16 outlets, 0.05 to 0.80


# outlet_figures: correlation and AUC

def test_perfect_ranking() -> None:
    figures = outlet_figures(rated_table([100 * r for r in RATINGS], RATINGS), threshold=0.5)
    assert figures["outlets"] == 16
    assert figures["spearman"] == 1.0 and figures["pearson"] == 1.0
    assert figures["spearman_ci95"] == [1.0, 1.0]
    assert figures["roc_auc"] == 1.0 and figures["roc_auc_ci95"] == [1.0, 1.0]
    assert (figures["at_or_above"], figures["below"]) == (7, 9)  # 0.50 .. 0.80 reliable
    assert figures["by_leaning"] is None
    assert figures["worst"][0]["score_rank"] == figures["worst"][0]["rating_rank"]


def test_repeated_cross_validations_give_each_figure_and_their_spread() -> None:
    perfect = rated_table([100 * r for r in RATINGS], RATINGS)
    reversed_ = rated_table([-r for r in RATINGS], RATINGS)
    figures = repeated_figures([perfect, reversed_, perfect], [3, 4, 5], threshold=0.5)
    assert figures["seeds"] == [3, 4, 5]
    assert figures["spearman"] == {"each": [1.0, -1.0, 1.0], "mean": 0.333, "min": -1.0,
                                   "max": 1.0}
    assert figures["roc_auc"]["each"] == [1.0, 0.0, 1.0]
    assert figures["roc_auc"]["mean"] == 0.667


def test_reversed_ranking() -> None:
    figures = outlet_figures(rated_table([-r for r in RATINGS], RATINGS), threshold=0.5)
    assert figures["spearman"] == -1.0 and figures["pearson"] == -1.0
    assert figures["roc_auc"] == 0.0


def test_auc_undefined_without_threshold_or_a_class() -> None:
    table = rated_table(RATINGS, RATINGS)
    none = outlet_figures(table, threshold=None)
    assert none["roc_auc"] is None and none["roc_auc_ci95"] is None and none["below"] is None
    one_class = outlet_figures(table, threshold=0.99)
    assert one_class["roc_auc"] is None and one_class["roc_auc_ci95"] is None
    assert (one_class["at_or_above"], one_class["below"]) == (0, 16)


def test_constant_scores_give_no_correlation() -> None:
    figures = outlet_figures(rated_table([50.0] * 16, RATINGS), threshold=0.5)
    assert figures["spearman"] is None and figures["pearson"] is None
    assert figures["spearman_ci95"] is None
    assert figures["roc_auc"] == 0.5


def test_auc_matches_scikit_learn_with_ties() -> None:
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 5, 40).astype(float)  # many ties
    labels = rng.integers(0, 2, 40).astype(bool)
    assert _auc_rows(scores[None, :], labels[None, :])[0] == pytest.approx(
        roc_auc_score(labels, scores))


def test_interval_contains_the_estimate_and_is_deterministic() -> None:
    rng = np.random.default_rng(7)
    ratings = rng.uniform(0, 1, 30)
    scores = 100 * ratings + rng.normal(0, 25, 30)
    table = rated_table(list(scores), list(ratings))
    figures = outlet_figures(table, threshold=0.5, seed=1)
    assert figures["spearman"] == round(spearmanr(scores, ratings).statistic, 3)
    low, high = figures["spearman_ci95"]
    assert low < figures["spearman"] < high and high - low > 0.05
    low, high = figures["roc_auc_ci95"]
    assert low <= figures["roc_auc"] <= high
    assert outlet_figures(table, threshold=0.5, seed=1) == figures
    assert outlet_figures(table, threshold=0.5, seed=2)["spearman_ci95"] != figures[
        "spearman_ci95"]
    json.dumps(figures)  # JSON-ready: no numpy scalars


# outlet_figures: leaning

def test_leaning_only_model_is_exposed() -> None:
    """Scores that follow leaning alone (left high, right low), ratings that do not: the score
    correlates with leaning far more than the rating does, and hardly with rating inside a
    group."""
    rng = np.random.default_rng(11)
    leanings = ["left", "center", "right"] * 12
    code = np.array([{"left": -1, "center": 0, "right": 1}[x] for x in leanings])
    ratings = rng.uniform(0.2, 0.9, len(leanings))
    scores = 50 - 30 * code + rng.normal(0, 3, len(leanings))
    by_leaning = outlet_figures(rated_table(list(scores), list(ratings), leanings),
                                threshold=0.6)["by_leaning"]
    assert by_leaning["outlets"] == 36
    assert by_leaning["score_vs_leaning"]["spearman"] < -0.9
    assert abs(by_leaning["rating_vs_leaning"]["spearman"]) < 0.3
    assert list(by_leaning["groups"]) == ["left", "center", "right"]
    for group in by_leaning["groups"].values():
        assert group["n"] == 12
        assert abs(group["spearman"]) < 0.5
    assert by_leaning["groups"]["left"]["mean_score"] > by_leaning["groups"]["right"][
        "mean_score"]


def test_leaning_of_a_faithful_model() -> None:
    """Scores that follow the rating: within-group correlations stay 1, and the score carries
    exactly as much leaning as the rating."""
    leanings = ["right", "center", "left", "left"] * 4
    by_leaning = outlet_figures(rated_table([100 * r for r in RATINGS], RATINGS, leanings),
                                threshold=0.5)["by_leaning"]
    assert (by_leaning["score_vs_leaning"]["spearman"]
            == by_leaning["rating_vs_leaning"]["spearman"])
    assert [g["spearman"] for g in by_leaning["groups"].values()] == [1.0, 1.0, 1.0]


def test_leaning_missing_values_small_groups_and_spelling() -> None:
    leanings = ["Left", "", None, float("nan"), " centre ", "center", "right"] + ["left"] * 9
    by_leaning = outlet_figures(rated_table(RATINGS, RATINGS, leanings),
                                threshold=0.5)["by_leaning"]
    assert by_leaning["outlets"] == 13
    assert by_leaning["groups"]["center"] == {"n": 2, "spearman": None, "mean_score": 0.275,
                                              "mean_rating": 0.275}
    assert by_leaning["groups"]["right"]["n"] == 1
    assert by_leaning["groups"]["left"]["n"] == 10
    table = outlet_figures(rated_table(RATINGS, RATINGS, leanings), threshold=0.5)["table"]
    assert {row["outlet"]: row["leaning"] for row in table}["outlet01.com"] is None


def test_unknown_leaning_and_bad_tables_raise() -> None:
    with pytest.raises(ValueError, match="unknown leaning 'lean left'.*'left', 'center'"):
        outlet_figures(rated_table([1, 2, 3], [1, 2, 3], ["lean left", "left", "left"]),
                       threshold=None)
    with pytest.raises(ValueError, match="lacks \\['rating'\\]"):
        outlet_figures(pd.DataFrame({"outlet": ["a"], "score": [1.0]}), threshold=None)
    with pytest.raises(ValueError, match="without a score or a rating: \\['outlet01.com'\\]"):
        outlet_figures(rated_table([1, 2, 3], [1, float("nan"), 3]), threshold=None)
    with pytest.raises(ValueError, match="more than once"):
        outlet_figures(pd.DataFrame({"outlet": ["a", "a"], "score": [1, 2], "rating": [1, 2]}),
                       threshold=None)


# outlet_figures: worst and table

def test_worst_picks_the_planted_outlier() -> None:
    scores = [100 * r for r in RATINGS]
    scores[2] = 99.0  # rated third-lowest, scored highest
    figures = outlet_figures(rated_table(scores, RATINGS, ["left", "right"] * 8), threshold=0.5)
    worst = figures["worst"]
    assert len(worst) == 5
    assert worst[0] == {"outlet": "outlet02.com", "score": 99.0, "rating": 0.15,
                        "score_rank": 1, "rating_rank": 14, "leaning": "left", "articles": 10}


def test_table_sorted_by_score_with_ranks() -> None:
    table = outlet_figures(rated_table([30.04, 80.0, 80.0, 10.0], [0.5, 0.9, 0.2, 0.1]),
                           threshold=None)["table"]
    assert [row["outlet"] for row in table] == ["outlet01.com", "outlet02.com", "outlet00.com",
                                                "outlet03.com"]
    assert table[0] == {"outlet": "outlet01.com", "articles": 10, "score": 80.0, "rating": 0.9,
                        "leaning": None, "score_rank": 1.5, "rating_rank": 1}
    assert table[2]["score"] == 30.0


# registered_domain

@pytest.mark.parametrize(("given", "expected"), [
    ("money.cnn.com", "cnn.com"),
    ("https://www.bbc.co.uk/news/x", "bbc.co.uk"),
    ("edition.cnn.com", "cnn.com"),
    ("cnn.com", "cnn.com"),
    ("HTTPS://WWW.NYTIMES.COM/2020/a.html", "nytimes.com"),
    ("Harbor Ledger", "harbor ledger"),
    ("  Harbor   Ledger ", "harbor ledger"),
    ("localhost", "localhost"),
    ("", ""),
])
def test_registered_domain(given: str, expected: str) -> None:
    assert registered_domain(given) == expected


def test_registered_domain_never_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing suffix list is an error that says so, not a download."""
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("tried the network")

    monkeypatch.setattr("tld.base.urlopen", no_network)
    monkeypatch.setattr(records._bundled_suffixes(), "local_path",
                        "/nonexistent/public_suffix_list.dat")
    with pytest.raises(FileNotFoundError, match="reinstall tld"):
        registered_domain("money.cnn.com")


# tfidf_reference

RELIABLE_WORDS = "according officials statement data report confirmed spokesperson records"
OTHER_WORDS = "shocking secret truth exposed outrage elites hidden cover"


def tiny_corpus() -> tuple[list[str], list[str], dict[str, float]]:
    """8 outlets x 6 short texts; the reliable four write in one vocabulary, the rest in
    another, with words shared by both."""
    rng = np.random.default_rng(5)
    ratings = {f"good{i}.com": 0.8 + 0.04 * i for i in range(4)}
    ratings |= {f"bad{i}.com": 0.2 + 0.04 * i for i in range(4)}
    shared = "the news today people city week".split()
    texts, outlets = [], []
    for outlet in ratings:
        words = (RELIABLE_WORDS if outlet.startswith("good") else OTHER_WORDS).split()
        for _ in range(6):
            texts.append(" ".join(rng.choice(words + shared, 12)))
            outlets.append(outlet)
    return texts, outlets, ratings


def outlet_groups(outlets: list[str], folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds that keep each outlet's texts together (the product uses
    :func:`scoring.training.splits` on a training set)."""
    from sklearn.model_selection import GroupKFold

    return list(GroupKFold(n_splits=folds).split(np.zeros(len(outlets)), groups=outlets))


def test_tfidf_reference_ranks_reliable_outlets_first_out_of_fold() -> None:
    texts, outlets, ratings = tiny_corpus()
    folds = outlet_groups(outlets, 4)
    scores = tfidf_reference(texts, outlets, ratings, folds, threshold=0.6)
    assert scores.shape == (48,) and not np.isnan(scores).any()
    assert ((scores >= 0) & (scores <= 100)).all()
    table = (pd.DataFrame({"outlet": outlets, "score": scores})
             .groupby("outlet", as_index=False)["score"].mean())
    good = table[table["outlet"].str.startswith("good")]["score"]
    bad = table[table["outlet"].str.startswith("bad")]["score"]
    assert good.min() > bad.max()
    table["rating"] = table["outlet"].map(ratings)
    assert outlet_figures(table, threshold=0.6)["roc_auc"] == 1.0
    assert np.array_equal(scores, tfidf_reference(texts, outlets, ratings, folds,
                                                  threshold=0.6))


def test_tfidf_reference_validates() -> None:
    texts, outlets, ratings = tiny_corpus()
    folds = outlet_groups(outlets, 4)
    with pytest.raises(ValueError, match="one outlet per text"):
        tfidf_reference(texts[:-1], outlets, ratings, folds, threshold=0.6)
    with pytest.raises(ValueError, match="all on one side of threshold 0.99"):
        tfidf_reference(texts, outlets, ratings, folds, threshold=0.99)


# the commands, end to end on the sample -----------------------------------------------------------

SAMPLE_RATINGS = ("source,rating,allsides_bias\nHarbor Ledger,0.92,center\n"
                  "Valley Courier,0.75,left\nThe Meridian Review,0.55,right\n"
                  "QuickNewsHub,0.3,left\nTrendPulse Daily,0.2,right\n")


def test_eval_outlets_ranks_the_sample_outlets(tmp_path, capsys) -> None:
    from pathlib import Path

    from scoring.evaluation.outlets import main

    ratings = tmp_path / "ratings.csv"
    ratings.write_text(SAMPLE_RATINGS, encoding="utf-8")
    sample = Path(__file__).resolve().parent.parent / "data" / "sample"
    assert main([str(ratings), str(sample), "--no-reference", "--json",
                 "--cache", str(tmp_path / "cache")]) == 0
    report = json.loads(capsys.readouterr().out)
    model = report["model"]
    assert report["rating_column"] == "rating"
    assert model["outlets"] == 5
    assert [row["outlet"] for row in model["table"]][0] == "Harbor Ledger"
    assert model["spearman"] > 0.5
    assert set(model["by_leaning"]["groups"]) == {"left", "center", "right"}
    assert report["reference"] is None
    # a second run reads every analysis back from the cache and gives the same figures
    assert main([str(ratings), str(sample), "--no-reference", "--json",
                 "--cache", str(tmp_path / "cache")]) == 0
    assert json.loads(capsys.readouterr().out)["model"] == model


def test_train_with_ratings_writes_outlet_bands_and_the_ranking(tmp_path, capsys) -> None:
    from pathlib import Path

    from scoring.cli import main
    from scoring.model import load_weights

    ratings = tmp_path / "ratings.csv"
    ratings.write_text(SAMPLE_RATINGS, encoding="utf-8")
    sample = Path(__file__).resolve().parent.parent / "data" / "sample"
    assert main(["train", str(ratings), str(sample), "--rating", "rating", "--min-support", "1",
                 "--repeats", "2",
                 "--out", str(tmp_path / "model"), "--cache", str(tmp_path / "cache")]) == 0
    assert "outlet Spearman" in capsys.readouterr().out
    weights = load_weights(tmp_path / "model" / "weights.toml")
    card = weights.card
    assert card["fitted_on"]["rated_outlets"] == 5
    assert card["cross_validated"]["outlet_ranking"]["outlets"] == 5
    assert card["cross_validated"]["calibration_unit"] == "outlets"
    assert [b.name for b in weights.bands] == ["high", "generally reliable", "mixed", "low"]
    assert "--rating rating" in card["reproduce"][0] and "--repeats 2" in card["reproduce"][0]
    repeated = card["cross_validated"]["fold_seeds"]
    assert repeated["seeds"] == [0, 1]
    assert repeated["spearman"]["each"][0] == card["cross_validated"]["outlet_ranking"]["spearman"]
    markdown = (tmp_path / "model" / "model_card.md").read_text()
    assert "## What moves the score" in markdown
    assert "Cross-validated again on the folds of 2 seeds (0 to 1)" in markdown

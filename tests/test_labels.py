"""LABELS files, matching labels to articles, and the train / eval labels commands end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring.cli import main
from scoring.features.specs import FEATURES
from scoring.labels import match_labels, read_labels, reliable_value
from scoring.model import load_weights
from scoring.types import Article

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def article(path: str = "", source: str = "", url: str = "") -> Article:
    return Article(id=path or source or url, source=source, text="Some text.", path=path,
                   url=url)


@pytest.mark.parametrize(("raw", "expected"), [
    ("High", 1), ("real", 1), ("reliable", 1), ("mixed", 0), ("LOW", 0), ("very-low", 0),
    ("fake", 0), ("satire", 0), ("unknown", None), ("", None)])
def test_label_words(raw: str, expected: int | None) -> None:
    assert reliable_value(raw) == expected


def test_mbfc_style_tsv_is_read_by_domain(tmp_path: Path) -> None:
    ratings = tmp_path / "corpus.tsv"
    ratings.write_text("source_url\tsource_url_normalized\tfact\nhttps://a.com\ta.com\thigh\n"
                       "http://b.org\tb.org\tmixed\n", encoding="utf-8")
    labels = read_labels(ratings)
    assert [(x.kind, x.key, x.reliable) for x in labels] == [("domain", "a.com", 1),
                                                             ("domain", "b.org", 0)]
    articles = [article(path="x.html", url="https://edition.a.com/news/1"),
                article(path="y.html", source="news.b.org"), article(path="z.html", source="c")]
    matched = match_labels(articles, labels)
    assert [(m.article.path, m.label.key, m.group) for m in matched.labelled] == [
        ("x.html", "a.com", "a.com"), ("y.html", "b.org", "b.org")]
    assert (matched.unlabelled, matched.unused) == (1, 0)


def test_paths_resolve_from_the_labels_folder_and_carry_their_outlet(tmp_path: Path) -> None:
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "one.txt").write_text("text", encoding="utf-8")
    file = folder / "labels.csv"
    file.write_text("path,source,label,dataset\none.txt,Daily Bugle,unreliable,set-a\n"
                    "missing.txt,,real,set-a\n", encoding="utf-8")
    first, second = read_labels(file)
    assert first.key == str((folder / "one.txt").resolve()) and first.source == "Daily Bugle"
    matched = match_labels([article(path=str(folder / "one.txt")),
                            article(path=str(folder / "other.txt"), source="daily bugle")],
                           [first, second])
    [only] = matched.labelled
    assert (only.group, only.outlet, only.label.dataset) == ("Daily Bugle", "Daily Bugle",
                                                             "set-a")
    assert matched.unused == 1


def test_an_article_without_an_outlet_is_its_own_group(tmp_path: Path) -> None:
    file = tmp_path / "labels.csv"
    file.write_text("path,label\na.txt,fake\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    [label] = read_labels(file)
    [only] = match_labels([article(path=str(tmp_path / "a.txt"))], [label]).labelled
    assert only.outlet == "" and only.group.startswith("article:")


@pytest.mark.parametrize(("content", "message"), [
    ("path,label\na.txt,maybe\n", "line 2: label 'maybe' is neither"),
    ("name,label\na,high\n", "needs a 'path', 'source' or 'domain' column"),
    ("source,label\n,high\n", "line 2: no path, source or domain"),
])
def test_bad_labels_files_say_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "labels.csv"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_labels(file)


SAMPLE_LABELS = ("source,label\nHarbor Ledger,reliable\nValley Courier,reliable\n"
                 "QuickNewsHub,unreliable\nTrendPulse Daily,unreliable\n"
                 "The Meridian Review,unreliable\n")


def test_train_writes_weights_and_a_card_and_eval_reads_them(tmp_path: Path, capsys) -> None:
    labels = tmp_path / "sources.csv"
    labels.write_text(SAMPLE_LABELS, encoding="utf-8")
    out = tmp_path / "model"
    assert main(["train", str(labels), str(SAMPLE), "--out", str(out), "--min-support", "3",
                 "--version", "sample-fit"]) == 0
    printed = capsys.readouterr().out
    assert "Fitted sample-fit on 15 articles" in printed
    weights = load_weights(out / "weights.toml")
    assert weights.version == "sample-fit" and weights.card is not None
    card = json.loads((out / "model_card.json").read_text(encoding="utf-8"))
    assert card["fitted_on"]["articles"] == 15 and card["fitted_on"]["outlets"] == 5
    for entry in card["weights"]:
        if entry["status"] == "fitted":
            assert entry["weight"] * FEATURES[entry["name"]].direction >= 0, entry
    dropped = {d["name"] for d in card["sign_check"]["dropped"]}
    assert dropped == {w["name"] for w in card["weights"] if w["status"] == "dropped"}
    assert [b["name"] for b in card["bands"]] == ["high", "generally reliable", "mixed", "low"]
    markdown = (out / "model_card.md").read_text(encoding="utf-8")
    assert "## Sign check" in markdown and "## Cross-validated figures" in markdown

    assert main(["eval", "labels", str(labels), str(SAMPLE), "--weights",
                 str(out / "weights.toml"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["weights_version"] == "sample-fit"
    assert report["in_sample_articles"] == 15
    assert report["overall"]["articles"] == 15 and report["overall"]["roc_auc"] is not None
    assert len(report["outlets"]["by_outlet"]) == 5


def test_train_with_unusable_labels_exits_with_a_message(tmp_path: Path, capsys) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text("source,label\nNobody,reliable\n", encoding="utf-8")
    assert main(["train", str(labels), str(SAMPLE / "harbor-ledger"), "--out",
                 str(tmp_path / "m")]) == 2
    assert "no labelled article" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()

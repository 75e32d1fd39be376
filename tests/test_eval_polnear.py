"""The PolNeAR attribution evaluation, and the quality gates built on it.

``tests/quality/attribution_gate/`` holds seven short fictional articles written for this
project, annotated in PolNeAR's brat layout (Content is the attributed material, quotation marks
included; Source the speaker phrase; Cue the verb, "according to" or a transcript label's colon).
They cover "said"/"told"/"according to", inverted '"...," said X', "he said" after a named
person, quotations over several sentences and paragraphs with the speaker after them, anonymous
sources, "X believes that ...", a transcript, unattributed claims, a relation without a Source,
and near-misses ("said goodbye", "That said,", "a move called ...", "police found a body").

The floors on the gate and on the first articles of the PolNeAR dev folder are pinned a little
below what was measured: lowering one is a visible decision, to be made in a commit that says why.
The gate's known misses are listed below as strict xfails, so fixing one shows up here too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring.config import Config
from scoring.evaluation.polnear import (
    Relation,
    evaluate_polnear,
    gold_is_named,
    load_polnear,
    main,
)
from scoring.ingest import article_id
from scoring.pipeline import analyze_parsed
from scoring.text import parse_texts
from scoring.types import Article, ArticleAnalysis, LabelledSentence

GATE = Path(__file__).parent / "quality" / "attribution_gate"
POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear-dev"

# measured on the gate with the fitted model: F1 0.989 (precision 1.000, recall 0.978; 44 of 45
# gold sentences), named vs. anonymous 0.977 over 44 sentences, source overlap 0.932 over 44
# (the rules alone: F1 0.944, named 1.000, overlap 0.952)
GATE_F1_FLOOR = 0.95
GATE_NAMED_FLOOR = 0.95
GATE_OVERLAP_FLOOR = 0.90
GATE_SOURCE_RECALL_FLOOR = 0.95  # measured 1.000: all 34 gold Source spans of the body found
# measured on the first 12 dev articles: F1 0.827 (precision 0.897, recall 0.767 over 262 gold
# sentences), named vs. anonymous 0.990 over 200, source overlap 0.980 over 201
POLNEAR_F1_FLOOR = 0.80
POLNEAR_NAMED_FLOOR = 0.96
POLNEAR_OVERLAP_FLOOR = 0.95


def write_folder(root: Path, texts: dict[str, str], annotations: dict[str, str]) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, text in texts.items():
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    for name, ann in annotations.items():
        (root / "attributions" / f"{name}.ann").write_text(ann, encoding="utf-8")
    return root


def relation_lines(number: int, source: tuple[int, int] | None, content: str) -> str:
    """A brat relation: T lines for the spans, then its E line (no Source if ``source`` is
    None). ``content`` is written as brat writes it: ``start end`` pieces joined by ``;``."""
    t = number * 10
    lines = [f"T{t + 1}\tCue 0 4\tsaid", f"T{t + 2}\tContent {content}\tx",
             f"T{t + 3}\tAttribution 0 4\tsaid"]
    arguments = [f"Attribution:T{t + 3}", f"Content:T{t + 2}", f"Cue:T{t + 1}"]
    if source is not None:
        lines.append(f"T{t + 4}\tSource {source[0]} {source[1]}\tx")
        arguments.append(f"Source:T{t + 4}")
    lines.append(f"E{number}\t" + " ".join(arguments))
    return "\n".join(lines) + "\n"


def test_loader_reads_spans_relations_and_the_first_annotator(tmp_path):
    folder = write_folder(
        tmp_path,
        {"story": "Headline\n\nBody text.\n", "story-two": "Other\n\nMore text.\n",
         "unannotated": "No annotation\n\nfor this one.\n"},
        {
            # several annotators: the first file in sorted order is used
            "story_b2": relation_lines(1, (0, 5), "50 60"),
            "story_a1": relation_lines(1, (1, 9), "10 20;30 40")
            + relation_lines(2, None, "41 45")
            + "T99\tDiscard 46 50\tjunk\n",
            # "story-two" must not pick up "story"'s files, nor the other way round
            "story-two_c3": relation_lines(1, (2, 3), "4 8"),
        },
    )
    documents = {d.name: d for d in load_polnear(folder)}
    assert sorted(documents) == ["story", "story-two"]  # no annotation file: left out
    story = documents["story"]
    assert story.text == "Headline\n\nBody text.\n"
    assert story.relations == (
        Relation(sources=((1, 9),), contents=((10, 20), (30, 40))),  # discontinuous Content
        Relation(sources=(), contents=((41, 45),)),  # a relation without a Source is kept
    )
    assert documents["story-two"].relations == (Relation(((2, 3),), ((4, 8),)),)


def test_loader_takes_numbered_roles_and_drops_relations_without_content(tmp_path):
    ann = ("T1\tSource 0 3\tAna\nT2\tCue 4 8\tsaid\nT3\tContent 9 20\tx\n"
           "T4\tContent 22 30\ty\nT5\tAttribution 4 8\tsaid\n"
           "E1\tAttribution:T5 Content:T3 Content2:T4 Cue:T2 Source:T1\n"
           "E2\tAttribution:T5 Cue:T2 Source:T1\n"
           "E3\tAttribution:T5 Content:T9 Source:T1\n")  # T9 is not defined
    folder = write_folder(tmp_path, {"x": "Head\n\nAna said it is so.\n"}, {"x_a": ann})
    (document,) = load_polnear(folder)
    assert document.relations == (Relation(((0, 3),), ((9, 20), (22, 30))),)


@pytest.mark.parametrize(("source", "named"), [
    ("officials", False),
    ("The New York Post", True),
    ("he", True),
    ("she", True),
    ("they", None),
    ("it", None),
    ("people familiar with the matter", False),
    ("Federal and state officials", False),
    ("his lawyer", True),
    ("a source", False),
    ("the source", False),
    ("a spokesman for the transportation department", False),
    ("Two people familiar with the campaign's strategy", False),
    ("The district attorney’s office", True),
    ("Pell’s lawyer, Aaron Whitfield", True),
    ("DALE", True),
    ("Many shop owners", False),
    ("", None),
    pytest.param("Economists", False, marks=pytest.mark.xfail(
        strict=True, reason="a sentence-initial capital counts as a name when the head noun is "
        "not in anonymous_heads ('economists' is False)")),
    pytest.param("shop owners on Mill Street", False, marks=pytest.mark.xfail(
        strict=True, reason="a capitalised word in a modifier ('on Mill Street') counts as a "
        "name when the head noun is not in anonymous_heads")),
])
def test_gold_is_named(source, named):
    assert gold_is_named(source) is named


def test_evaluation_counts_on_a_tiny_folder(tmp_path, capsys):
    text = ("Bridge to Close\n\n"
            "Officials said the bridge would close for six weeks of repairs.\n\n"
            "It has been reported that the mayor will resign before the summer.\n")

    def at(phrase: str) -> tuple[int, int]:
        return text.index(phrase), text.index(phrase) + len(phrase)

    def offsets(phrase: str) -> str:
        return " ".join(map(str, at(phrase)))

    ann = (relation_lines(1, at("Officials"),
                          offsets("the bridge would close for six weeks of repairs"))
           + relation_lines(2, None, offsets("that the mayor will resign before the summer")))
    folder = write_folder(tmp_path, {"bridge": text}, {"bridge_a": ann})
    report = evaluate_polnear(folder, Config())
    # the headline is left out; the relation without a Source does not make its sentence
    # attributed
    assert (report.articles, report.sentences, report.gold_attributed) == (1, 2, 1)
    assert report.confusion == {"tp": 1, "fp": 0, "fn": 0, "tn": 1}
    assert (report.named_anonymous_pairs, report.named_anonymous_accuracy) == (1, 1.0)
    assert (report.source_overlap_pairs, report.source_overlap) == (1, 1.0)
    # one gold Source in the body ("Officials"), found; it is unnamed, so no named-source pair
    assert (report.gold_sources, report.source_recall) == (1, 1.0)
    assert (report.gold_named_sources, report.named_source_recall) == (0, 0.0)
    assert main([str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["true_positives"] == 1
    assert main([str(folder)]) == 0
    assert "| attributed F1 | 1.000 | |" in capsys.readouterr().out


def test_gate_of_our_own_articles():
    report = evaluate_polnear(Path(__file__).parent / "quality" / "attribution_gate", Config())
    assert report.articles == 7 and report.gold_attributed >= 40, report.as_markdown()
    assert report.f1 >= GATE_F1_FLOOR, report.as_markdown()
    assert report.source_recall >= GATE_SOURCE_RECALL_FLOOR, report.as_markdown()
    assert report.named_anonymous_accuracy >= GATE_NAMED_FLOOR, report.as_markdown()
    assert report.source_overlap >= GATE_OVERLAP_FLOOR, report.as_markdown()


@pytest.fixture(scope="module")
def gate_analyses() -> dict[str, ArticleAnalysis]:
    config = Config()
    documents = load_polnear(GATE)
    items = [(d.text, d.text.split("\n", 1)[0]) for d in documents]
    return {
        d.name: analyze_parsed(Article(article_id("gate", d.text), "gate", d.text, path=d.name,
                                       title=d.text.split("\n", 1)[0]), parsed, config)
        for d, parsed in zip(documents, parse_texts(items, config=config), strict=True)
    }


def sentence_with(analyses: dict[str, ArticleAnalysis], name: str,
                  phrase: str) -> LabelledSentence:
    analysis = analyses[name]
    at = analysis.article.text.index(phrase)
    return next(s for s in analysis.sentences if s.start <= at < s.end)


@pytest.mark.parametrize(("name", "phrase"), [
    ("harlow-bridge-closure", "Varga said goodbye"),
    ("brenner-tools-job-cuts", "move called Project Anvil"),
    ("brenner-tools-job-cuts", "A company spokeswoman declined to comment."),
    ("governor-race-poll", "It has been reported that"),  # a relation without a Source
    ("governor-race-poll", "A super PAC called Ashford Forward"),
    ("pell-new-trial", "That said, the ruling"),
    ("lake-corran-hiker", "Police found a body"),
    ("lake-corran-hiker", "identified the man on Monday"),
])
def test_gate_near_misses_stay_unattributed(gate_analyses, name, phrase):
    assert sentence_with(gate_analyses, name, phrase).label in ("unattributed", "not_a_claim")


def known_miss(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.mark.parametrize(("name", "phrase", "attributed"), [
    # a quotation continued into the next paragraph, its speaker named only after it there
    ("dunmore-measles-cases", "One infected child", True),
    # a transcript's last speaker label does not carry over to the closing narrative paragraph
    ("riverside-hearing-transcript", "The council voted", False),
    ("riverside-hearing-transcript", "The following is", False),
    ("riverside-hearing-transcript", "This plan has been reviewed", True),
    ("pell-new-trial", "That is not a small omission.", True),
    ("lake-corran-hiker", "Everyone who walks there", True),
])
def test_gate_labels(gate_analyses, name, phrase, attributed):
    label = sentence_with(gate_analyses, name, phrase).label
    assert label.startswith("attributed") is attributed


def test_gate_possessive_subject_credits_the_speaker(gate_analyses):
    sources = sentence_with(gate_analyses, "pell-new-trial", "his client was relieved").sources
    assert any("Whitfield" in s for s in sources) and "Pell" not in sources


def test_gate_she_resolves_to_the_woman_just_named(gate_analyses):
    sources = sentence_with(gate_analyses, "lake-corran-hiker", "she told the Bellmont").sources
    assert sources and "Tom Aldana" not in sources


@known_miss("a reporting verb inside reported content ('the city would ask the state for funds "
            "to cover ...') is counted as a second, anonymous source")
def test_gate_nested_verb_in_reported_content_is_not_a_source(gate_analyses):
    sources = sentence_with(gate_analyses, "harlow-bridge-closure", "She said the city").sources
    assert sources == ("Elena Varga",)


@pytest.mark.skipif(not POLNEAR.exists(), reason="../shared/data/polnear-dev is absent")
def test_polnear_dev_first_articles():
    report = evaluate_polnear(POLNEAR, Config(), limit=12)
    assert report.articles == 12 and report.gold_attributed > 200, report.as_markdown()
    assert report.f1 >= POLNEAR_F1_FLOOR, report.as_markdown()
    assert report.named_anonymous_accuracy >= POLNEAR_NAMED_FLOOR, report.as_markdown()
    assert report.source_overlap >= POLNEAR_OVERLAP_FLOOR, report.as_markdown()


def test_fitting_on_a_folder_is_deterministic(tmp_path):
    from scoring.evaluation.fit_attribution import main as fit
    from scoring.features.attribution_model import load_model

    first, second = tmp_path / "first.json", tmp_path / "second.json"
    for out in (first, second):
        assert fit(["--train", str(GATE), "--out", str(out), "--cache", ""]) == 0
    assert first.read_bytes() == second.read_bytes()
    model = load_model(first)
    assert model.about["articles"] == 7 and model.about["rows"] > 40
    assert set(model.about["model_cv_on_train"]) >= {"f1", "precision", "recall",
                                                     "named_anonymous_accuracy", "source_recall"}
    assert 0.0 < model.attributed.threshold < 1.0

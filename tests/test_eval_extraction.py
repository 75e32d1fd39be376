"""The main-text extraction evaluation: the token metric, the command, and a floor on the benchmark.

The two pages of the tiny benchmark are written here (fictional text); the real benchmark is
read from ``../shared/data/article-extraction-benchmark`` when it is there, never copied.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from scoring.cli import main as reliability
from scoring.config import Config
from scoring.evaluation.extraction import (
    drop_title_paragraph,
    evaluate_extraction,
    main,
    score_tokens,
    token_bag,
    tokens,
)

BENCHMARK = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
             / "article-extraction-benchmark")

# measured on the 91 pages (2026-11, trafilatura 2.3.1): mean F1 0.957 (bootstrap 95%
# interval 0.935 to 0.975), precision 0.945, recall 0.982; pooled F1 0.971; no empty extraction
BENCHMARK_F1_FLOOR = 0.947
BENCHMARK_PRECISION_FLOOR = 0.935
BENCHMARK_RECALL_FLOOR = 0.972

BRIDGE = [
    "The harbour bridge in Port Calder reopened to traffic on Monday after eight months of "
    "repairs to its corroded steel cables, the city's transport office said.",
    "Engineers replaced forty-two cables and resurfaced the deck. The work cost 14 million "
    "dollars, two million more than the council had budgeted in the spring.",
    "Ferry operators, who carried extra passengers while the bridge was closed, said they would "
    "return to their winter timetable next week.",
]
CAFE = [
    "The \u201cCaf\u00e9 du Port\u201d on Quay Street closed its doors on Friday after "
    "thirty-one years, its owner told regulars in a note pinned to the window.",
    "The building has been sold to a developer who plans to open a bakery there in the summer, "
    "according to the planning notice filed with the council last month.",
]
CAFE_MISSING = "A farewell dinner is planned for Saturday."  # in the gold text only


def test_tokens_are_lower_cased_word_runs():
    assert tokens("The Caf\u00e9's \u201cmenu\u201d: 14,50 \u20ac!") == ["the", "caf\u00e9", "s",
                                                                        "menu", "14", "50"]
    assert tokens("") == []
    assert tokens(" \n--  ...") == []


def test_identical_text_scores_one_whatever_the_case_punctuation_and_spacing():
    scores = score_tokens("The cat sat.\n\nOn the MAT!", "the cat sat on the mat")
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)
    assert (scores.overlap, scores.extracted, scores.gold) == (6, 6, 6)


def test_partial_overlap():
    scores = score_tokens("a b c d", "a b x")  # 2 shared tokens of 4 extracted, 3 gold
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert scores.overlap == 2


def test_empty_extraction_scores_zero():
    scores = score_tokens("", "some gold text")
    assert (scores.precision, scores.recall, scores.f1, scores.extracted) == (0.0, 0.0, 0.0, 0)
    punctuation_only = score_tokens("-- ... !", "some gold text")
    assert punctuation_only.f1 == 0.0
    assert score_tokens("", "").f1 == 0.0  # defined, though the evaluation leaves such pages out


def test_repeated_tokens_are_counted_as_a_multiset():
    # a body printed twice: every gold token is found, but half the extraction is extra
    twice = score_tokens("the cat sat the cat sat", "the cat sat")
    assert (twice.overlap, twice.precision, twice.recall) == (3, 0.5, 1.0)
    # a word the gold text repeats is found only as often as the extraction has it
    once = score_tokens("the cat", "the the cat")
    assert (once.overlap, once.precision, once.recall) == (2, 1.0, pytest.approx(2 / 3))


def test_word_ngrams_penalise_order_that_single_tokens_do_not_see():
    ordered, shuffled = "one two three four five", "four five one two three"
    assert score_tokens(shuffled, ordered).f1 == 1.0
    assert token_bag(tokens(ordered), 4) == {("one", "two", "three", "four"): 1,
                                             ("two", "three", "four", "five"): 1}
    assert score_tokens(shuffled, ordered, n=4).f1 == 0.0
    assert token_bag(["short"], 4) == {("short",): 1}  # fewer tokens than n: one shorter run
    assert token_bag([], 4) == {}


def test_title_paragraph_is_dropped_only_when_it_is_the_title():
    body = "Bridge reopens\n\nThe bridge reopened on Monday."
    assert drop_title_paragraph(body, "Bridge reopens | Port Calder Post") == (
        "The bridge reopened on Monday.", True)
    assert drop_title_paragraph(body, "Bridge reopens") == ("The bridge reopened on Monday.", True)
    # near miss: a first paragraph that merely starts like the title is kept
    assert drop_title_paragraph(body, "Bridge closes") == (body, False)
    assert drop_title_paragraph(body, "") == (body, False)


def write_benchmark(root: Path) -> Path:
    """Two gzipped pages, one gold entry whose page is missing and one without gold text."""
    (root / "html").mkdir(parents=True)
    bridge = ("<html><head><title>Harbour bridge reopens after repairs</title></head><body>"
              "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
              "<h1>Harbour bridge reopens after repairs</h1>"
              + "".join(f"<p>{p}</p>" for p in BRIDGE)
              + "</article><footer>Copyright 2026 Port Calder Post.</footer></body></html>")
    # cp1252 bytes without a charset declaration: the tool's decoding must make them "Café"
    cafe = ("<html><head><title>Quay Street caf\u00e9 closes</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in CAFE) + "</article></body></html>")
    (root / "html" / "bridge.html.gz").write_bytes(gzip.compress(bridge.encode("utf-8")))
    (root / "html" / "cafe.html.gz").write_bytes(gzip.compress(cafe.encode("cp1252")))
    truth = {
        "bridge": {"articleBody": "\n\n".join(BRIDGE), "url": "https://post.example/bridge"},
        "cafe": {"articleBody": "\n\n".join([*CAFE, CAFE_MISSING]),
                 "url": "https://post.example/cafe"},
        "gone": {"articleBody": "A page that was never saved.", "url": "https://post.example/x"},
        "blank": {"articleBody": " \n", "url": "https://post.example/blank"},
    }
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def test_command_on_a_tiny_benchmark(tmp_path, capsys):
    folder = write_benchmark(tmp_path / "bench")
    assert reliability(["eval", "extraction", str(folder), "--json", "--worst", "2"]) == 0
    report = json.loads(capsys.readouterr().out)

    bridge_gold = len(tokens(" ".join(BRIDGE)))
    cafe_page, cafe_gold = len(tokens(" ".join(CAFE))), len(tokens(" ".join([*CAFE,
                                                                             CAFE_MISSING])))
    assert (bridge_gold, cafe_page, cafe_gold) == (74, 56, 63)
    title = len(tokens("Harbour bridge reopens after repairs"))
    # the bridge page: every gold token found; the headline the reader keeps costs precision
    bridge = {"precision": bridge_gold / (bridge_gold + title), "recall": 1.0}
    # the cafe page: read in full, but the gold text has a sentence the page lacks
    cafe = {"precision": 1.0, "recall": cafe_page / cafe_gold}
    f1 = {name: 2 * s["precision"] * s["recall"] / (s["precision"] + s["recall"])
          for name, s in {"bridge": bridge, "cafe": cafe}.items()}

    assert report["pages"] == 3
    assert report["gold_empty"] == ["blank"]
    assert report["empty_extractions"] == 1
    assert report["failures"] == [{"id": "gone", "url": "https://post.example/x",
                                   "reason": "unreadable: No such file or directory"}]
    assert report["mean"]["precision"] == pytest.approx((bridge["precision"] + 1.0) / 3)
    assert report["mean"]["recall"] == pytest.approx((1.0 + cafe["recall"]) / 3)
    assert report["mean"]["f1"] == pytest.approx((f1["bridge"] + f1["cafe"]) / 3)
    low, high = report["f1_ci95"]
    assert 0.0 <= low <= report["mean"]["f1"] <= high <= 1.0
    pooled = report["pooled"]
    assert (pooled["overlap"], pooled["extracted"], pooled["gold"]) == (
        bridge_gold + cafe_page, bridge_gold + title + cafe_page,
        bridge_gold + cafe_gold + len(tokens("A page that was never saved.")))
    # the bridge page opens with its headline; without it, the page is read perfectly
    assert report["title_paragraphs"] == 1
    assert report["without_title"]["precision"] == pytest.approx(2 / 3)
    assert [page["id"] for page in report["worst"]] == ["gone", "cafe"]
    assert report["worst"][0]["as_read"]["extracted"] == 0
    assert report["worst"][1]["as_read"]["recall"] == pytest.approx(cafe["recall"])
    assert report["worst"][1]["url"] == "https://post.example/cafe"


def test_markdown_lists_the_figures_the_worst_pages_and_the_failures(tmp_path, capsys):
    folder = write_benchmark(tmp_path / "bench")
    assert main([str(folder), "--limit", "2"]) == 0  # "blank" and "bridge"
    out = capsys.readouterr().out
    assert "1 page, 0 with an empty extraction" in out
    assert "| mean over pages, as the tool reads them | 0.937 | 1.000 | **0.967**" in out
    assert "Left out, gold text without words: blank" in out
    assert "| bridge | https://post.example/bridge | 0.937 | 1.000 | 0.967 |" in out


@pytest.mark.parametrize("make, message", [
    (lambda root: root / "absent", "no such folder"),
    (lambda root: root, "ground-truth.json: missing"),
    (lambda root: _with_truth(root, "{not json"), "not readable as JSON"),
    (lambda root: _with_truth(root, '{"a": {"url": "u"}}'), "entry 'a' has no articleBody"),
    (lambda root: _with_truth(root, "[]"), "expected an object"),
])
def test_a_missing_or_malformed_benchmark_exits_2_with_a_message(tmp_path, capsys, make,
                                                                   message):
    (tmp_path / "html").mkdir()
    assert reliability(["eval", "extraction", str(make(tmp_path))]) == 2
    error = capsys.readouterr().err
    assert error.startswith("reliability eval extraction: ")
    assert message in error


def test_a_benchmark_without_its_pages_folder_exits_2(tmp_path, capsys):
    (tmp_path / "ground-truth.json").write_text("{}", encoding="utf-8")
    assert main([str(tmp_path)]) == 2
    assert "html: missing" in capsys.readouterr().err


def _with_truth(root: Path, text: str) -> Path:
    (root / "ground-truth.json").write_text(text, encoding="utf-8")
    return root


@pytest.mark.skipif(not (BENCHMARK / "ground-truth.json").is_file(),
                    reason="the article-extraction benchmark is not in ../shared/data")
def test_extraction_quality_floor_on_the_benchmark():
    report = evaluate_extraction(BENCHMARK, Config())
    assert report.pages == 91
    assert report.empty_extractions == 0, report.failures
    assert report.mean.f1 >= BENCHMARK_F1_FLOOR
    assert report.mean.precision >= BENCHMARK_PRECISION_FLOOR
    assert report.mean.recall >= BENCHMARK_RECALL_FLOOR

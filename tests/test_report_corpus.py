"""The report's whole-run parts: originality and fact columns, shared text side by side, facts."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

from scoring.features.specs import FEATURE_NAMES
from scoring.pipeline import score_of
from scoring.report import write_report
from scoring.report.aggregate import summarize_sources
from scoring.report.csv_writer import ARTICLE_COLUMNS, SOURCE_COLUMNS
from scoring.types import (
    Article,
    ArticleAnalysis,
    ArticleScore,
    CorpusResult,
    Evidence,
    Fact,
    FactCheck,
    Passage,
    ScoredArticle,
)

BASELINE = 60.0
HOSTILE = "<b>bold</b> & <script>alert(1)</script>"

COPIER_TEXT = (
    "The water main burst on Tuesday and 3,200 homes lost pressure. "
    "Crews closed two valves by 6 a.m. "
    "The ferry will run six trips a day (Harbor Ledger). "
    "Our reporter found the outage map at noon."
)


def _span(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def _features() -> dict[str, float]:
    return dict.fromkeys(FEATURE_NAMES, 0.0)


def _scored(article: Article, corpus: CorpusResult | None, score: float,
            evidence: tuple[Evidence, ...] = ()) -> ScoredArticle:
    analysis = ArticleAnalysis(article, _features(), evidence, (), ())
    contributions = {name: 0.0 for name in FEATURE_NAMES}
    contributions["word_count"] = score - BASELINE
    return ScoredArticle(analysis, score, BASELINE, contributions, corpus)


def _copier() -> ScoredArticle:
    text = COPIER_TEXT
    copied = _span(text, "The water main burst on Tuesday and 3,200 homes lost pressure. "
                         "Crews closed two valves by 6 a.m.")
    credited = _span(text, "The ferry will run six trips a day (Harbor Ledger).")
    credit_words = _span(text, "(Harbor Ledger)")
    own = _span(text, "Our reporter found the outage map at noon.")
    passages = (
        Passage("led-1", "Harbor Ledger", "Main bursts", *copied, 10, 90, 2, 0.95, "copy", "none"),
        Passage("led-2", "Harbor Ledger", "Ferry returns", *credited, 0, 40, 1, 0.8, "copy",
                "named", *credit_words),
        Passage("later-1", "Quick News", "Outage map", *own, 5, 50, 1, 1.0, "origin", "none"),
    )
    homes, valves, trips = (_span(text, f) for f in ("3,200 homes", "two valves", "six trips"))
    facts = (
        FactCheck(Fact("count", "home", "3200", *homes), "conflict",
                  ("Harbor Ledger: 4200", f"Quick News: {HOSTILE}")),
        FactCheck(Fact("count", "valve", "2", *valves), "alone"),
        FactCheck(Fact("count", "trip", "6", *trips), "corroborated", ("Quick News: 6",)),
    )
    evidence = (
        Evidence("uncredited_copy_share", *copied, "copied", "no credit"),
        Evidence("credited_copy_share", *credited, "credited copy", "names the outlet"),
        Evidence("reused_by_others_count", *own, "copied by others", "later"),
        Evidence("conflicting_fact_count", *homes, "conflicting fact", "count of home: 3200"),
        Evidence("conflicting_fact_count", *valves, "fact reported alone", "count of valve: 2"),
        Evidence("corroborated_fact_share", *trips, "corroborated fact", "count of trip: 6"),
    )
    corpus = CorpusResult({}, evidence, passages, "mostly derived", 7, facts)
    article = Article("copy-1", "Copy Times", text, title="Thousands told to boil water",
                      published="2026-03-05")
    return _scored(article, corpus, 40.0, evidence)


def _ledger(article_id: str, title: str) -> ScoredArticle:
    text = f"{title}. The Harbor Ledger reported it first."
    article = Article(article_id, "Harbor Ledger", text, title=title, published="2026-03-04")
    return _scored(article, CorpusResult({}, (), (), "original", 7, ()), 80.0)


def _undated() -> ScoredArticle:
    """An article the whole-run step did not reach: no originality, no story."""
    article = Article("solo-1", "Quick News", "Outage map. Nothing else.", title="Outage map")
    return _scored(article, None, 55.0)


def _run() -> list[ScoredArticle]:
    return [_ledger("led-1", "Main bursts"), _copier(), _ledger("led-2", "Ferry returns"),
            _undated()]


EXCERPTS = {
    ("led-1", 10, 90): f"The water main burst on Tuesday. {HOSTILE}",
    ("led-2", 0, 40): "The ferry will run six trips a day.",
}


@pytest.fixture
def report(tmp_path: Path) -> Path:
    articles = _run()
    sources = summarize_sources(score_of(a) for a in articles)
    return write_report(tmp_path, "r1", articles, sources, {"run_id": "r1"}, {"features": []},
                        excerpts=EXCERPTS)


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False)


def _page(report: Path, slug: str) -> str:
    return (report / "sources" / f"{slug}.html").read_text(encoding="utf-8")


# --- aggregation and CSV ---------------------------------------------------------------------


def test_summaries_count_originality_levels_and_fact_statuses_in_one_pass() -> None:
    scores = [
        ArticleScore("a", "S", 50.0, BASELINE, {}, {}, "original", (2, 1, 0)),
        ArticleScore("b", "S", 60.0, BASELINE, {}, {}, "wholesale copy", (0, 3, 1)),
        ArticleScore("c", "S", 70.0, BASELINE, {}, {}, "original", (1, 0, 0)),
        ArticleScore("d", "S", 70.0, BASELINE, {}, {}, "", (0, 0, 0)),  # no whole-run result
        ArticleScore("e", "T", 70.0, BASELINE, {}, {}),
    ]
    by_name = {s.source: s for s in summarize_sources(iter(scores))}
    assert by_name["S"].originality_counts == (2, 0, 0, 1)
    assert by_name["S"].fact_statuses == (3, 4, 1)
    assert by_name["S"].n_articles == 4
    assert by_name["T"].originality_counts == (0, 0, 0, 0)
    assert by_name["T"].fact_statuses == (0, 0, 0)


def test_articles_csv_has_originality_and_story(report: Path) -> None:
    table = _csv(report / "articles.csv")
    assert tuple(table.columns) == ARTICLE_COLUMNS
    assert tuple(table.columns[-2:]) == ("originality", "story")
    rows = table.set_index("id")
    assert rows.loc["copy-1", "originality"] == "mostly derived"
    assert rows.loc["copy-1", "story"] == "7"  # text: the column also has empty cells
    assert rows.loc["led-1", "originality"] == "original"
    assert rows.loc["solo-1", "originality"] == "" and rows.loc["solo-1", "story"] == ""


def test_sources_csv_has_originality_counts_and_fact_shares(report: Path) -> None:
    table = _csv(report / "sources.csv")
    assert tuple(table.columns) == SOURCE_COLUMNS
    assert tuple(table.columns[-8:]) == (
        "articles_original", "articles_partly_derived", "articles_mostly_derived",
        "articles_wholesale_copy", "facts", "facts_corroborated_share", "facts_alone_share",
        "facts_in_conflict",
    )
    rows = table.set_index("source")
    copier = rows.loc["Copy Times"]
    assert [copier[f"articles_{level}"] for level in (
        "original", "partly_derived", "mostly_derived", "wholesale_copy")] == [0, 0, 1, 0]
    assert copier["facts"] == 3 and copier["facts_in_conflict"] == 1
    assert copier["facts_corroborated_share"] == "0.3333"  # text: the column has empty cells
    assert copier["facts_alone_share"] == "0.3333"
    ledger = rows.loc["Harbor Ledger"]
    assert ledger["articles_original"] == 2 and ledger["facts"] == 0
    # a share of no facts is missing, not zero
    assert ledger["facts_corroborated_share"] == "" and ledger["facts_alone_share"] == ""
    assert rows.loc["Quick News", "articles_original"] == 0  # its one article has no level


# --- HTML --------------------------------------------------------------------------------------


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    end = page.find("<article", start)
    return page[start : end if end >= 0 else len(page)]


def test_shared_text_is_side_by_side_escaped_and_flags_no_credit(report: Path) -> None:
    page = _page(report, "copy-times")
    assert "<h4>Shared text</h4>" in page
    # both sides of the uncredited passage, the other side escaped (it is hostile input)
    assert "The water main burst on Tuesday and 3,200 homes lost pressure." in page
    assert html.escape(f"The water main burst on Tuesday. {HOSTILE}", quote=False) in page
    assert "<script" not in page and "<b>bold</b>" not in page
    assert '<span class="credit credit-none">no credit</span>' in page
    # the credited passage shows the words that credit the other outlet
    assert "credited by name: <q>(Harbor Ledger)</q>" in page
    assert "The ferry will run six trips a day." in page
    # the other article is named, linked to its section, and dated relative to this one
    assert '<a href="harbor-ledger.html#id-led-1">Main bursts</a>' in page
    assert "(published earlier)" in page and "95% same wording" in page
    assert "2 sentences also in" in page
    # the origin passage gets one short line, not a side-by-side block
    assert re.search(r'1 later article reused this text:\s*<strong>Quick News</strong> — '
                     r'<a href="quick-news.html#id-later-1">Outage map</a>', page)
    assert page.count('class="passage ') == 2


def test_the_linked_section_exists_on_the_other_source_page(report: Path) -> None:
    assert 'id="id-led-1"' in _page(report, "harbor-ledger")


def test_a_passage_without_its_excerpt_says_so(tmp_path: Path) -> None:
    articles = _run()
    sources = summarize_sources(score_of(a) for a in articles)
    folder = write_report(tmp_path, "r1", articles, sources, {}, {"features": []})
    page = _page(folder, "copy-times")
    assert page.count("Their text is not in this report.") == 2


def test_facts_list_conflicts_first_with_what_others_said(report: Path) -> None:
    page = _page(report, "copy-times")
    facts = page[page.index('<ul class="facts">'):]
    facts = facts[: facts.index("</ul>")]
    statuses = re.findall(r'class="fact-status fact-(\w+)"', facts)
    assert statuses == ["conflict", "alone", "corroborated"]
    assert "<q>3,200 homes</q>" in facts and "count of home: 3200" in facts
    assert "Other outlets said: Harbor Ledger: 4200; Quick News: " in facts
    assert html.escape(HOSTILE, quote=False) in facts


NEW_MARKS = {
    "copied": "penalty", "credited-copy": "penalty", "copied-by-others": "context",
    "conflicting-fact": "penalty", "fact-reported-alone": "penalty",
    "corroborated-fact": "credit",
}


def test_originality_badge_and_new_evidence_marks_have_their_own_colours(report: Path) -> None:
    page = _page(report, "copy-times")
    section = _section(page, "id-copy-1")
    assert '<span class="originality originality-mostly-derived"' in section
    assert "<dt>Story</dt><dd>7</dd>" in section
    for token, direction in NEW_MARKS.items():
        assert f'ev-{direction} ev-{token}"' in section, token  # the mark in the text
        assert f"mark.ev-{token} {{" in page, token  # its own colour in the stylesheet
        assert f'<mark class="ev ev-{direction} ev-{token}">' in page, token  # the legend
    assert "Their text is not in this report." not in page


def test_an_article_without_a_whole_run_result_has_no_new_blocks(report: Path) -> None:
    section = _section(_page(report, "quick-news"), "id-solo-1")
    assert "Shared text" not in section and '<ul class="facts">' not in section
    assert "originality-" not in section and "<dt>Story</dt>" not in section


def test_index_shows_originality_and_facts_per_source(report: Path) -> None:
    page = (report / "index.html").read_text(encoding="utf-8")
    assert "<th>Originality</th><th>Facts</th>" in page
    assert "1 mostly derived" in page and "2 original" in page
    assert "3 checked" in page and "33% corroborated" in page and "33% alone" in page
    assert "1 in conflict" in page
    assert "<strong>originality</strong>" in page

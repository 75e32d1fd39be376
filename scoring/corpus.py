"""What needs the whole batch: sentences copied from an article of another source.

``copied_sentence_share``: the share of an article's body sentences (of at least
``config.copy_min_words`` words) whose word ``config.copy_shingle_words``-grams are contained, to at
least ``config.copy_min_containment``, in one sentence of an article of *another* source that was
not published later (when both dates are known and this article is strictly earlier, it is the
likely origin and is not charged). In [0, 1]; lower is more reliable. The matching sentence of the
other article is the evidence.

The comparison is exact, and its memory grows with the number of sentences, not with their text:
each article is reduced to a :class:`Fingerprint` (sentence offsets and 32-bit hashes of the
sentences' word n-grams) as soon as it is analysed, so a run keeps fingerprints in memory and
leaves the analyses themselves on disk. Candidate pairs come from prefix filtering (Chaudhuri et
al. 2006; Bayardo et al. 2007): a sentence can reach the containment threshold in another only if
they share one of its rarest ``n - ceil(t * n) + 1`` n-grams, so only those are looked up in the
index; every candidate is then checked on the full n-gram sets.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from scoring.config import Config
from scoring.types import ArticleAnalysis, Evidence, FeatureResult

_WORD = re.compile(r"\w+")
FEATURE = "copied_sentence_share"
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: n-gram hashes mix word order


@dataclass(frozen=True)
class Fingerprint:
    """What copy detection needs of one article: its identity and its sentences' n-gram hashes.

    Sentence ``i`` of the compared ones spans ``spans[i] = (start, end)``; its sorted, distinct
    32-bit n-gram hashes are ``codes[bounds[i]:bounds[i + 1]]``. Arrays, not tuples of objects:
    a run keeps one fingerprint per article in memory.
    """

    id: str
    source: str
    published: str
    label: str
    """The article's title, or its path when it has none: named in the copy's evidence."""
    spans: np.ndarray
    bounds: np.ndarray
    codes: np.ndarray


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def shingle_codes(text: str, size: int) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the lower-cased word ``size``-grams of ``text``.

    A text of fewer than ``size`` words gives one hash of all its words; no words give none.
    32 bits halve the memory of 64: among millions of n-grams a few share a hash, which adds a
    candidate now and then and moves a containment by one n-gram in a billion comparisons.
    """
    words = np.array([_word_hash(w.lower()) for w in _WORD.findall(text)], dtype=np.uint64)
    if len(words) == 0:
        return words.astype(np.uint32)
    size = min(size, len(words))
    codes = np.zeros(len(words) - size + 1, dtype=np.uint64)
    for offset in range(size):  # uint64 arithmetic wraps: a polynomial hash modulo 2**64
        codes = codes * _MULTIPLIER + words[offset : len(words) - size + 1 + offset]
    return np.unique(((codes >> np.uint64(32)) ^ codes).astype(np.uint32))


def fingerprint(analysis: ArticleAnalysis, config: Config) -> Fingerprint:
    """The compared sentences of an analysed article, with their n-gram hashes."""
    article = analysis.article
    text = article.text
    spans: list[tuple[int, int]] = []
    codes: list[np.ndarray] = []
    for sentence in analysis.sentences:
        content = text[sentence.start : sentence.end]
        if len(_WORD.findall(content)) >= config.copy_min_words:
            spans.append((sentence.start, sentence.end))
            codes.append(shingle_codes(content, config.copy_shingle_words))
    bounds = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum([len(c) for c in codes], out=bounds[1:])
    return Fingerprint(article.id, article.source, article.published,
                       article.title or article.path,
                       np.array(spans, dtype=np.int64).reshape(-1, 2), bounds,
                       np.concatenate(codes) if codes else np.zeros(0, dtype=np.uint32))


def copied_sentences(prints: Sequence[Fingerprint], config: Config) -> list[FeatureResult]:
    """One ``copied_sentence_share`` result per fingerprint, in order."""
    counts = np.array([len(p.spans) for p in prints], dtype=np.int64)
    total = int(counts.sum())
    if total == 0:
        return [FeatureResult(FEATURE, 0.0) for _ in prints]
    # sentence u (numbered across the run) belongs to article owner[u], where it is number local[u]
    owner = np.repeat(np.arange(len(prints), dtype=np.int64), counts)
    local = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    lengths = np.concatenate([np.diff(p.bounds) for p in prints])
    bounds = np.concatenate(([0], np.cumsum(lengths)))
    all_codes = np.concatenate([p.codes for p in prints])
    # the index: every code in sorted order, with the sentence it came from
    order = np.argsort(all_codes, kind="stable")
    index_codes = all_codes[order]
    index_units = np.repeat(np.arange(total, dtype=np.int32), lengths)[order]
    del order

    evidence: dict[int, list[Evidence]] = {}
    threshold = config.copy_min_containment
    for unit in range(total):
        mine = all_codes[bounds[unit] : bounds[unit + 1]]
        if len(mine) == 0:
            continue
        me = prints[owner[unit]]
        left = np.searchsorted(index_codes, mine, side="left")
        right = np.searchsorted(index_codes, mine, side="right")
        # the rarest n-grams first (ties by value): the prefix any match must share
        prefix = np.lexsort((mine, right - left))[: len(mine) - math.ceil(threshold * len(mine))
                                                   + 1]
        candidates = np.unique(np.concatenate([index_units[left[i] : right[i]] for i in prefix]))
        best: tuple[float, int] | None = None
        for other in candidates.tolist():
            them = prints[owner[other]]
            if them.source == me.source:
                continue
            if me.published and them.published and me.published < them.published:
                continue  # this article came first: it is the likely origin, not the copy
            theirs = all_codes[bounds[other] : bounds[other + 1]]
            containment = len(np.intersect1d(mine, theirs, assume_unique=True)) / len(mine)
            if containment >= threshold and (best is None or containment > best[0]):
                best = (containment, other)
        if best is None:
            continue
        containment, other = best
        them = prints[owner[other]]
        start, end = (int(x) for x in me.spans[local[unit]])
        their_start, their_end = (int(x) for x in them.spans[local[other]])
        evidence.setdefault(int(owner[unit]), []).append(Evidence(
            FEATURE, start, end, "copied",
            f"{containment:.0%} also in {them.source}: '{them.label}' [{them.id}] "
            f"at {their_start}-{their_end}",
        ))
    results = []
    for index, found_print in enumerate(prints):
        found = tuple(evidence.get(index, ()))
        eligible = len(found_print.spans)
        results.append(FeatureResult(FEATURE, len(found) / eligible if eligible else 0.0, found))
    return results


def with_corpus_result(analysis: ArticleAnalysis, result: FeatureResult) -> ArticleAnalysis:
    """The analysis with one batch-level feature's value and evidence added."""
    features = dict(analysis.features)
    features[result.name] = result.value
    return replace(analysis, features=features, evidence=analysis.evidence + result.evidence)


def with_corpus_features(analyses: Sequence[ArticleAnalysis],
                         config: Config) -> list[ArticleAnalysis]:
    """The analyses with their batch-level features and evidence added."""
    results = copied_sentences([fingerprint(a, config) for a in analyses], config)
    return [with_corpus_result(a, r) for a, r in zip(analyses, results, strict=True)]

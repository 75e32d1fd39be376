"""What needs the whole batch: sentences copied from an article of another source.

``copied_sentence_share``: the share of an article's body sentences (of at least
``config.copy_min_words`` words) whose word ``config.copy_shingle_words``-grams are contained, to at
least ``config.copy_min_containment``, in one sentence of an article of *another* source that was
not published later (when both dates are known and this article is strictly earlier, it is the
likely origin and is not charged). In [0, 1]; lower is more reliable. The matching sentence of the
other article is the evidence.

This is exact and simple (an inverted index of shingles); it is meant for batches of thousands.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from scoring.config import Config
from scoring.types import ArticleAnalysis, Evidence, FeatureResult

_WORD = re.compile(r"\w+")
FEATURE = "copied_sentence_share"


@dataclass(frozen=True)
class _Unit:
    article: int
    start: int
    end: int
    shingles: frozenset[tuple[str, ...]]


def shingles(text: str, size: int) -> frozenset[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def copied_sentences(analyses: Sequence[ArticleAnalysis],
                     config: Config) -> list[FeatureResult]:
    """One ``copied_sentence_share`` result per analysis, in order."""
    units: list[_Unit] = []
    for index, analysis in enumerate(analyses):
        text = analysis.article.text
        for sentence in analysis.sentences:
            content = text[sentence.start : sentence.end]
            if len(_WORD.findall(content)) >= config.copy_min_words:
                units.append(_Unit(index, sentence.start, sentence.end,
                                   shingles(content, config.copy_shingle_words)))
    index_of: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for position, unit in enumerate(units):
        for shingle in unit.shingles:
            index_of[shingle].append(position)

    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for unit in units:
        match = _best_match(unit, units, index_of, analyses, config)
        if match is None:
            continue
        other, containment = match
        origin = analyses[other.article].article
        evidence[unit.article].append(Evidence(
            FEATURE, unit.start, unit.end, "copied",
            f"{containment:.0%} also in {origin.source}: "
            f"'{origin.title or origin.path}' [{origin.id}] at {other.start}-{other.end}",
        ))

    results = []
    for index in range(len(analyses)):
        eligible = sum(1 for u in units if u.article == index)
        found = tuple(evidence.get(index, ()))
        results.append(FeatureResult(FEATURE, len(found) / eligible if eligible else 0.0, found))
    return results


def _best_match(unit: _Unit, units: list[_Unit], index_of: dict[tuple[str, ...], list[int]],
                analyses: Sequence[ArticleAnalysis], config: Config) -> tuple[_Unit, float] | None:
    mine = analyses[unit.article].article
    shared: Counter[int] = Counter()
    for shingle in unit.shingles:
        for position in index_of[shingle]:
            other = units[position]
            if other.article != unit.article:
                shared[position] += 1
    best: tuple[_Unit, float] | None = None
    for position, count in shared.most_common():
        containment = count / len(unit.shingles)
        if containment < config.copy_min_containment:
            break
        other = units[position]
        theirs = analyses[other.article].article
        if theirs.source == mine.source:
            continue
        if mine.published and theirs.published and mine.published < theirs.published:
            continue  # this article came first: it is the likely origin, not the copy
        best = (other, containment)
        break
    return best


def with_corpus_features(analyses: Sequence[ArticleAnalysis],
                         config: Config) -> list[ArticleAnalysis]:
    """The analyses with their batch-level features and evidence added."""
    updated = []
    for analysis, result in zip(analyses, copied_sentences(analyses, config), strict=True):
        features = dict(analysis.features)
        features[result.name] = result.value
        updated.append(replace(analysis, features=features,
                               evidence=analysis.evidence + result.evidence))
    return updated

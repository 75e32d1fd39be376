"""Per-source aggregation: a source's score is the mean of its articles' scores.

Its contributions are the means of its articles' contributions, so a source's score still equals
its baseline plus the sum of its contributions. The main reasons are its largest contributions.
It also counts its articles at each originality level and its checked facts by status.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from statistics import fmean

from scoring.corpus import ORIGINALITY_LEVELS
from scoring.features.specs import FEATURES
from scoring.model import DEFAULT_BANDS, Band, band_for
from scoring.report.slugs import source_slugs
from scoring.types import ArticleScore, SourceSummary

MIN_REASON_POINTS = 0.5
"""Contributions smaller than this (in score points) are not named as reasons."""


def summarize_sources(scores: Iterable[ArticleScore], *, reasons_per_source: int = 3,
                      bands: Sequence[Band] = DEFAULT_BANDS) -> list[SourceSummary]:
    """One summary per source, best score first (ties by name), each in its score band;
    ``scores`` is read once."""
    by_source: dict[str, list[ArticleScore]] = defaultdict(list)
    levels: dict[str, list[int]] = defaultdict(lambda: [0] * len(ORIGINALITY_LEVELS))
    facts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item in scores:
        by_source[item.source].append(item)
        if item.originality in ORIGINALITY_LEVELS:
            levels[item.source][ORIGINALITY_LEVELS.index(item.originality)] += 1
        tally = facts[item.source]
        for status, count in enumerate(item.fact_statuses):
            tally[status] += count
    slugs = source_slugs(by_source)
    summaries = []
    for source, items in by_source.items():
        contributions = {n: fmean(a.contributions[n] for a in items)
                         for n in items[0].contributions}
        feature_means = {n: fmean(a.features[n] for a in items) for n in items[0].features}
        summaries.append(SourceSummary(
            source=source,
            slug=slugs[source],
            n_articles=len(items),
            score=fmean(a.score for a in items),
            baseline=items[0].baseline,
            contributions=contributions,
            feature_means=feature_means,
            reasons=main_reasons(contributions, feature_means, reasons_per_source),
            originality_counts=tuple(levels[source]),
            fact_statuses=tuple(facts[source]),
            band=band_for(bands, fmean(a.score for a in items)),
        ))
    return sorted(summaries, key=lambda s: (-s.score, s.source))


def main_reasons(contributions: dict[str, float], values: dict[str, float],
                 limit: int) -> tuple[str, ...]:
    """The largest contributions as plain sentences, e.g. ``claims with no source: 62% (-8.1)``."""
    ranked = sorted(contributions.items(), key=lambda item: (-abs(item[1]), item[0]))
    return tuple(
        f"{FEATURES[name].label}: {FEATURES[name].format(values[name])} ({points:+.1f})"
        for name, points in ranked[:limit]
        if abs(points) >= MIN_REASON_POINTS
    )


def fact_shares(statuses: Sequence[int]) -> tuple[int, float | None, float | None, int]:
    """``(facts, corroborated share, alone share, in conflict)`` from (corroborated, alone,
    conflict) counts; the shares are ``None`` when there is no fact to share."""
    corroborated, alone, conflict = statuses
    total = corroborated + alone + conflict
    if not total:
        return 0, None, None, 0
    return total, corroborated / total, alone / total, conflict

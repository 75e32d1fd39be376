"""What goes into the history (one run, its sources, its articles) and what comes out of it.

All plain frozen dataclasses; times are timezone-aware UTC ``datetime`` values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scoring.types import ScoredArticle, SourceSummary


@dataclass(frozen=True)
class RunRecord:
    """A run as it records itself: its id, when it ran, the model and analysis versions it used
    (``analysis_version`` is also the version its articles' analyses are stored under) and any
    JSON-able ``details`` (the counts of ``run.json``, for instance)."""

    run_id: str
    finished_at: datetime
    model_version: str = ""
    analysis_version: str = ""
    started_at: datetime | None = None
    details: Mapping[str, object] | None = None


@dataclass(frozen=True)
class SourceRecord:
    """A source's aggregate in one run (the report's :class:`~scoring.types.SourceSummary`)."""

    source: str
    score: float
    band: str
    articles: int
    baseline: float = 0.0
    contributions: Mapping[str, float] = field(default_factory=dict)
    """Mean contribution per feature, in score points."""
    features: Mapping[str, float] = field(default_factory=dict)
    """Mean value per feature."""

    @classmethod
    def from_summary(cls, summary: SourceSummary) -> SourceRecord:
        return cls(source=summary.source, score=summary.score, band=summary.band,
                   articles=summary.n_articles, baseline=summary.baseline,
                   contributions=summary.contributions, features=summary.feature_means)


@dataclass(frozen=True)
class ArticleRecord:
    """An article of one run: what it is, what the run made of it, and its analysis.

    ``features`` are the values the run scored it on (whole-run features included);
    ``analysis_features`` those of its analysis alone, kept with the analysis (default:
    ``features``). ``analysis`` is an opaque blob for :meth:`History.stored` to give back to a
    later run at the same analysis version (the caller's compressed pickle of the analysis and
    fingerprint; the history never reads it). With ``analysis=None`` an article already stored at
    that version is left as it is (as a run that reused its stored analysis would pass).
    """

    id: str
    source: str
    score: float
    contributions: Mapping[str, float]
    features: Mapping[str, float]
    url: str = ""
    title: str = ""
    published: str = ""
    originality: str = ""
    story: int | None = None
    analysis: bytes | None = None
    analysis_features: Mapping[str, float] | None = None

    @classmethod
    def from_scored(cls, scored: ScoredArticle, analysis: bytes | None = None) -> ArticleRecord:
        """The record of an article the report wrote (its analysis holds the whole-run features
        too: :func:`scoring.corpus.with_corpus_result`)."""
        article = scored.article
        corpus = scored.corpus
        features = scored.analysis.features
        whole_run = corpus.features if corpus else {}
        return cls(id=article.id, source=article.source, score=scored.score,
                   contributions=scored.contributions, features=features, url=article.url,
                   title=article.title, published=article.published,
                   originality=corpus.originality if corpus else "",
                   story=corpus.story if corpus else None, analysis=analysis,
                   analysis_features={name: value for name, value in features.items()
                                      if name not in whole_run})


@dataclass(frozen=True)
class RunSummary:
    """A recorded run: when it finished, how many articles and sources it scored."""

    run_id: str
    finished_at: datetime
    articles: int
    sources: int
    model_version: str = ""
    analysis_version: str = ""


@dataclass(frozen=True)
class SourcePoint:
    """A source in one run: one point of its history."""

    run_id: str
    finished_at: datetime
    score: float
    band: str
    articles: int


@dataclass(frozen=True)
class SourceHistory:
    """A source's points over runs, oldest first."""

    source: str
    points: tuple[SourcePoint, ...]


@dataclass(frozen=True)
class SourceChange:
    """How a source changed from one run to another.

    ``before`` is ``None`` for a source new in the later run and ``after`` is ``None`` for one
    that is gone; the deltas then count the missing side as zero articles and no score
    (``score_delta`` is ``None``). ``contribution_deltas`` are the mean contributions that moved
    most, ``(feature, points)`` by absolute size, largest first.
    """

    source: str
    before: SourcePoint | None
    after: SourcePoint | None
    score_delta: float | None
    articles_delta: int
    contribution_deltas: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class ReportHistory:
    """What a report shows of the history: each source's points over the runs, this run's
    included (oldest first), the run before this one and each source's change since it."""

    points: Mapping[str, tuple[SourcePoint, ...]] = field(default_factory=dict)
    previous: RunSummary | None = None
    changes: Mapping[str, SourceChange] = field(default_factory=dict)

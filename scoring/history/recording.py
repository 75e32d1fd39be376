"""A run and its history: what a run reads from the history before it writes its report, and what
it records in it after.

A run asks the history for the stored analyses of each batch (:meth:`History.stored`), writes its
report with each source's points over past runs and its change since the run before
(:func:`report_history`), and then records itself (:meth:`History.record_run`): its sources
(:func:`source_records`) and every article (:func:`article_records`), with the analysis of each
article it analysed itself, so the next run need not parse it again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from scoring.history.records import (
    ArticleRecord,
    ReportHistory,
    RunRecord,
    SourcePoint,
    SourceRecord,
)
from scoring.pipeline import BatchResult, RunScores, scored_article
from scoring.store import AnalysisStore, unpack_article

if TYPE_CHECKING:
    from scoring.history.database import History
    from scoring.types import SourceSummary


def source_records(sources: Sequence[SourceSummary],
                   results: Sequence[BatchResult]) -> list[SourceRecord]:
    """The run's sources as the history records them. An article is recorded once, however many
    times the run read its text (from two files, say), so a source's article count is the
    number of distinct articles."""
    distinct = Counter(source for id_, source in
                       dict.fromkeys(a for r in results for a in r.articles))
    return [SourceRecord(s.source, s.score, s.band, distinct[s.source], s.baseline,
                         s.contributions, s.feature_means) for s in sources]


def article_records(results: Sequence[BatchResult], run: RunScores,
                    store: AnalysisStore) -> Iterator[ArticleRecord]:
    """Every article of the run, in input order, read back from ``store`` a batch at a time:
    what the run made of it, and for each article it analysed itself (not reused from the
    history) its packed analysis. An article read twice is recorded the first time."""
    seen: set[str] = set()
    position = 0
    for result in results:
        for blob, fresh in zip(store.blobs(result.number), result.fresh, strict=True):
            _, analysis, _ = unpack_article(blob)
            if analysis.article.id not in seen:
                seen.add(analysis.article.id)
                scored = scored_article(analysis, run.found[position], run.scores[position])
                yield ArticleRecord.from_scored(scored, blob if fresh else None)
            position += 1


def report_history(history: History, run: RunRecord,
                   sources: Sequence[SourceRecord]) -> ReportHistory:
    """The history as the report of ``run`` (not recorded yet) shows it: past points of its
    sources with this run's point added, the run before it and the changes since."""
    past = {h.source: h.points for h in history.points(sources=[s.source for s in sources])}
    finished = run.finished_at
    points = {s.source: (*(p for p in past.get(s.source, ()) if p.finished_at < finished),
                         SourcePoint(run.run_id, finished, s.score, s.band, s.articles))
              for s in sources}
    previous, changes = history.pending_changes(run, sources)
    return ReportHistory(points, previous,
                         {c.source: c for c in changes if c.after is not None})

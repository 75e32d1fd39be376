"""The history of runs: every run records itself, its sources and its articles in a database.

Plain Python (SQLAlchemy and Alembic; never Prefect). The default database is a SQLite file
beside the reports, ``<out>/history.sqlite`` (:func:`default_url`); any SQLAlchemy URL works,
PostgreSQL included (``postgresql+psycopg://...``). One run uses it like this::

    history = open_history(default_url(out_dir))               # creates or upgrades the schema
    reused = history.stored(article_ids, analysis_version)     # id -> blob: no need to parse
    ...                                                        # analyse the rest, score, report
    history.record_run(RunRecord(run_id, finished_at, model_version, analysis_version),
                       [SourceRecord.from_summary(s) for s in summaries],
                       (ArticleRecord.from_scored(a, blob_or_None) for a in scored))
    previous = history.previous_run(run_id)
    changes = history.changes(run_id)                          # per source, since `previous`
    history.close()

Recording is one transaction; the schema is versioned by the migrations in ``migrations/``
(:mod:`scoring.history.migrate`); ``reliability history`` prints it (:mod:`scoring.history.cli`).
"""

from __future__ import annotations

from scoring.history.database import History, open_history
from scoring.history.engine import default_url
from scoring.history.errors import (
    HistoryError,
    HistoryMissing,
    HistoryTooNew,
    NotAHistory,
    RunExists,
)
from scoring.history.records import (
    ArticleRecord,
    RunRecord,
    RunSummary,
    SourceChange,
    SourceHistory,
    SourcePoint,
    SourceRecord,
)

__all__ = [
    "ArticleRecord",
    "History",
    "HistoryError",
    "HistoryMissing",
    "HistoryTooNew",
    "NotAHistory",
    "RunExists",
    "RunRecord",
    "RunSummary",
    "SourceChange",
    "SourceHistory",
    "SourcePoint",
    "SourceRecord",
    "default_url",
    "open_history",
]

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

import importlib

# where each public name lives; loaded on first use (PEP 562), so that ``reliability``'s other
# commands, which only register ``history``'s options, never pay for SQLAlchemy and Alembic
_HOMES = {
    "History": "database", "open_history": "database", "default_url": "engine",
    **dict.fromkeys(("HistoryError", "HistoryMissing", "HistoryTooNew", "NotAHistory",
                     "RunExists"), "errors"),
    **dict.fromkeys(("ArticleRecord", "RunRecord", "RunSummary", "SourceChange",
                     "SourceHistory", "SourcePoint", "SourceRecord"), "records"),
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)

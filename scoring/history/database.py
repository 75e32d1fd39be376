"""The history database: runs record themselves; later runs and the ``history`` command read it.

Recording a run is one transaction (:meth:`History.record_run`): a run is in the history with
all its sources and articles, or not at all, whichever process dies when. Writers take turns
(SQLite's write lock, taken when the transaction begins; a PostgreSQL advisory lock), so two
runs recording at once both land, one after the other, and never deadlock on the articles both
store. Readers never wait.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from itertools import islice
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, Row

from scoring.history.engine import create_history_engine, shown, writing
from scoring.history.errors import RunExists
from scoring.history.migrate import upgrade
from scoring.history.records import (
    ArticleRecord,
    RunRecord,
    RunSummary,
    SourceChange,
    SourceHistory,
    SourcePoint,
    SourceRecord,
)
from scoring.history.schema import articles, run_articles, run_sources, runs

CHUNK = 500
"""Rows per statement, and ids per ``IN (...)`` list: well inside every database's limits."""

TOP_CONTRIBUTIONS = 3
"""How many moved contributions :meth:`History.changes` names per source by default."""

_PG_RECORD_LOCK = 0x6E657773_72756E73
"""The PostgreSQL advisory lock ("newsruns") that makes recording runs take turns."""

T = TypeVar("T")


def open_history(url: str, *, create: bool = True) -> History:
    """The history at ``url`` (any SQLAlchemy URL), upgraded to this code's schema.

    With ``create=False`` (reading) a database without a history raises
    :class:`~scoring.history.errors.HistoryMissing`, and a missing SQLite file is not created.
    A database written by a newer version raises
    :class:`~scoring.history.errors.HistoryTooNew`.
    """
    engine = create_history_engine(url, create=create)
    try:
        upgrade(engine, create=create)
    except BaseException:
        engine.dispose()
        raise
    return History(engine)


class History:
    """A history database at the newest schema (open it with :func:`open_history`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        """Where the history is, for messages (password hidden)."""
        return shown(self.engine.url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing --------------------------------------------------------------------------------

    def record_run(self, run: RunRecord, sources: Iterable[SourceRecord],
                   articles_of_run: Iterable[ArticleRecord]) -> RunSummary:
        """Record ``run`` with its sources and articles in one transaction, and return it.

        ``articles_of_run`` is read once, :data:`CHUNK` at a time, inside the transaction (an
        iterator over the run's stored batches keeps memory small; make it quick, since other
        writers wait meanwhile). Each article's analysis is stored under
        ``run.analysis_version`` for :meth:`stored`. Raises :class:`RunExists` for a run id
        already recorded, and ``ValueError`` (recording nothing) for an article twice, an
        article of a source not in ``sources``, a source whose article count does not match, or
        a value that is not a finite number.
        """
        sources = list(sources)
        expected = {s.source: s.articles for s in sources}
        if len(expected) != len(sources):
            raise ValueError(f"run {run.run_id!r}: a source is listed twice")
        finished_at = _utc(run.finished_at, "finished_at")
        started_at = None if run.started_at is None else _utc(run.started_at, "started_at")
        counted = dict.fromkeys(expected, 0)
        seen: set[str] = set()
        with writing(self.engine) as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": _PG_RECORD_LOCK})
            _insert_run(connection, run, started_at, finished_at, len(sources))
            if sources:
                connection.execute(sa.insert(run_sources),
                                   [_source_row(run.run_id, s) for s in sources])
            for chunk in _chunks(articles_of_run, CHUNK):
                for record in chunk:
                    _check_article(run.run_id, record, seen, counted)
                _store_analyses(connection, chunk, run.analysis_version)
                connection.execute(sa.insert(run_articles),
                                   [_run_article_row(run, a) for a in chunk])
            wrong = {name: (counted[name], number) for name, number in expected.items()
                     if counted[name] != number}
            if wrong:
                raise ValueError(f"run {run.run_id!r}: source article counts do not match the "
                                 f"articles recorded (recorded, stated): {wrong}")
            connection.execute(sa.update(runs).where(runs.c.run_id == run.run_id)
                               .values(article_count=len(seen)))
        return RunSummary(run.run_id, finished_at, len(seen), len(sources), run.model_version,
                          run.analysis_version)

    # --- reading --------------------------------------------------------------------------------

    def stored(self, ids: Iterable[str], analysis_version: str, *,
               titles: Mapping[str, str] | None = None) -> dict[str, bytes]:
        """The stored analysis blob of every article in ``ids`` that has one at
        ``analysis_version``, by id (read :data:`CHUNK` ids at a time).

        With ``titles`` (id to title), an analysis counts only if it was made with that title:
        the headline features read it, and an article's id covers only its source and text.
        Everything found is in memory at once: ask for one batch of articles at a time.
        """
        found: dict[str, bytes] = {}
        query = (sa.select(articles.c.article_id, articles.c.title, articles.c.analysis)
                 .where(articles.c.analysis_version == analysis_version,
                        articles.c.analysis.is_not(None)))
        with self.engine.connect() as connection:
            for chunk in _chunks(dict.fromkeys(ids), CHUNK):
                for article_id, title, blob in connection.execute(
                        query.where(articles.c.article_id.in_(chunk))):
                    if titles is None or titles.get(article_id) == title:
                        found[article_id] = bytes(blob)
        return found

    def runs(self, *, since: date | datetime | None = None) -> list[RunSummary]:
        """Every recorded run finished at or after ``since`` (a date: its midnight UTC), oldest
        first."""
        query = sa.select(runs).order_by(runs.c.finished_at, runs.c.run_id)
        if since is not None:
            query = query.where(runs.c.finished_at >= _since(since))
        with self.engine.connect() as connection:
            return [_run_summary(row) for row in connection.execute(query)]

    def run(self, run_id: str) -> RunSummary | None:
        """The recorded run ``run_id``, or ``None``."""
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(runs).where(runs.c.run_id == run_id)).first()
        return None if row is None else _run_summary(row)

    def points(self, *, sources: Collection[str] | None = None,
               since: date | datetime | None = None) -> list[SourceHistory]:
        """Each source's points over the runs (finished at or after ``since``), oldest first;
        sources by name, only those in ``sources`` when given."""
        query = (sa.select(run_sources.c.source, run_sources.c.run_id, runs.c.finished_at,
                           run_sources.c.score, run_sources.c.band, run_sources.c.article_count)
                 .join(runs, runs.c.run_id == run_sources.c.run_id)
                 .order_by(run_sources.c.source, runs.c.finished_at, runs.c.run_id))
        if sources is not None:
            query = query.where(run_sources.c.source.in_(list(sources)))
        if since is not None:
            query = query.where(runs.c.finished_at >= _since(since))
        histories: dict[str, list[SourcePoint]] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                histories.setdefault(row.source, []).append(_point(row))
        return [SourceHistory(name, tuple(points)) for name, points in histories.items()]

    def previous_run(self, run_id: str) -> RunSummary | None:
        """The run recorded just before ``run_id`` (by finish time), or ``None`` for the first;
        ``KeyError`` if ``run_id`` is not recorded."""
        this = self._required(run_id)
        return self._last(sa.or_(runs.c.finished_at < this.finished_at,
                                 sa.and_(runs.c.finished_at == this.finished_at,
                                         runs.c.run_id < this.run_id)))

    def changes(self, run_id: str, previous: str | None = None, *,
                top: int = TOP_CONTRIBUTIONS) -> list[SourceChange]:
        """How each source changed from ``previous`` (default: the run before ``run_id``) to
        ``run_id``: score and article-count deltas and the ``top`` mean contributions that moved
        most. Sources in both runs come first, the largest score change first; then sources new
        in ``run_id``, then those gone from it; ties by name. ``KeyError`` for an unknown run."""
        self._required(run_id)
        if previous is None:
            before_run = self.previous_run(run_id)
            previous = None if before_run is None else before_run.run_id
        else:
            self._required(previous)
        before = self._sources_of(previous) if previous is not None else {}
        return _compare(before, self._sources_of(run_id), top)

    def latest_run(self, before: datetime | None = None) -> RunSummary | None:
        """The run recorded last (by finish time), or the last one finished before ``before``;
        ``None`` when there is none."""
        return self._last(sa.true() if before is None
                          else runs.c.finished_at < _utc(before, "before"))

    def _last(self, condition: sa.ColumnElement[bool]) -> RunSummary | None:
        query = (sa.select(runs).where(condition)
                 .order_by(runs.c.finished_at.desc(), runs.c.run_id.desc()).limit(1))
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else _run_summary(row)

    def pending_changes(self, run: RunRecord, sources: Iterable[SourceRecord], *,
                        top: int = TOP_CONTRIBUTIONS) -> tuple[RunSummary | None,
                                                               list[SourceChange]]:
        """How ``sources`` of ``run``, not recorded yet, changed since the run recorded last
        before it finished: that run (``None`` for the first) and the changes, ordered as by
        :meth:`changes`. A run shows this in its report, then records itself."""
        previous = self.latest_run(before=run.finished_at)
        before = self._sources_of(previous.run_id) if previous is not None else {}
        after = {s.source: (SourcePoint(run.run_id, _utc(run.finished_at, "finished_at"),
                                        s.score, s.band, s.articles), s.contributions)
                 for s in sources}
        return previous, _compare(before, after, top)

    def _required(self, run_id: str) -> RunSummary:
        found = self.run(run_id)
        if found is None:
            raise KeyError(f"no run {run_id!r} in the history at {self.url}")
        return found

    def _sources_of(self, run_id: str) -> dict[str, tuple[SourcePoint, Mapping[str, float]]]:
        query = (sa.select(run_sources.c.source, run_sources.c.run_id, runs.c.finished_at,
                           run_sources.c.score, run_sources.c.band, run_sources.c.article_count,
                           run_sources.c.contributions)
                 .join(runs, runs.c.run_id == run_sources.c.run_id)
                 .where(run_sources.c.run_id == run_id))
        with self.engine.connect() as connection:
            return {row.source: (_point(row), row.contributions)
                    for row in connection.execute(query)}


# --- rows in -------------------------------------------------------------------------------------

def _insert_run(connection: Connection, run: RunRecord, started_at: datetime | None,
                finished_at: datetime, source_count: int) -> None:
    # recording takes turns (see the module docstring): no other run can insert this id now
    if connection.execute(sa.select(runs.c.run_id).where(runs.c.run_id == run.run_id)).first():
        raise RunExists(f"run {run.run_id!r} is already recorded; a run records itself once")
    connection.execute(sa.insert(runs).values(
        run_id=run.run_id, started_at=started_at, finished_at=finished_at,
        model_version=run.model_version, analysis_version=run.analysis_version,
        details=None if run.details is None else dict(run.details),
        article_count=0, source_count=source_count))


def _source_row(run_id: str, source: SourceRecord) -> dict[str, object]:
    what = f"run {run_id!r}, source {source.source!r}"
    return {"run_id": run_id, "source": source.source,
            "score": _finite(source.score, what, "score"),
            "baseline": _finite(source.baseline, what, "baseline"), "band": source.band,
            "article_count": source.articles,
            "contributions": _numbers(source.contributions, what, "contributions"),
            "features": _numbers(source.features, what, "features")}


def _check_article(run_id: str, record: ArticleRecord, seen: set[str],
                   counted: dict[str, int]) -> None:
    if record.id in seen:
        raise ValueError(f"run {run_id!r}: article {record.id!r} is given twice")
    if record.source not in counted:
        raise ValueError(f"run {run_id!r}: article {record.id!r} is of source "
                         f"{record.source!r}, which is not among the run's sources")
    seen.add(record.id)
    counted[record.source] += 1


def _run_article_row(run: RunRecord, record: ArticleRecord) -> dict[str, object]:
    what = f"run {run.run_id!r}, article {record.id!r}"
    return {"run_id": run.run_id, "article_id": record.id,
            "analysis_version": run.analysis_version,
            "score": _finite(record.score, what, "score"),
            "contributions": _numbers(record.contributions, what, "contributions"),
            "features": _numbers(record.features, what, "features"),
            "originality": record.originality, "story": record.story}


def _store_analyses(connection: Connection, chunk: Sequence[ArticleRecord],
                    analysis_version: str) -> None:
    """Store the chunk's articles at ``analysis_version``: new ones inserted; stored ones
    replaced when the record brings an analysis, else left as they are. Recording takes turns
    (see the module docstring), so nothing can insert the same key between the read and the
    write."""
    ids = [record.id for record in chunk]
    existing = set(connection.scalars(
        sa.select(articles.c.article_id).where(articles.c.analysis_version == analysis_version,
                                               articles.c.article_id.in_(ids))))
    now = datetime.now(UTC)
    new = [_article_row(r, analysis_version, now) for r in chunk if r.id not in existing]
    replaced = [_article_row(r, analysis_version, now) for r in chunk
                if r.id in existing and r.analysis is not None]
    if new:
        connection.execute(sa.insert(articles), new)
    if replaced:
        # the key travels under other names: a parameter named like a column is set too, and
        # setting a key column makes SQLite look for the rows that refer to it
        key = (articles.c.article_id == sa.bindparam("key_id"),
               articles.c.analysis_version == sa.bindparam("key_version"))
        keyed = [{name: value for name, value in row.items()
                  if name not in ("article_id", "analysis_version")}
                 | {"key_id": row["article_id"], "key_version": row["analysis_version"]}
                 for row in replaced]
        connection.execute(sa.update(articles).where(*key), keyed)


def _article_row(record: ArticleRecord, analysis_version: str,
                 now: datetime) -> dict[str, object]:
    features = record.features if record.analysis_features is None else record.analysis_features
    return {"article_id": record.id, "analysis_version": analysis_version,
            "source": record.source, "url": record.url, "title": record.title,
            "published": record.published,
            "features": _numbers(features, f"article {record.id!r}", "analysis features"),
            "analysis": record.analysis, "stored_at": now}


def _finite(value: float, what: str, name: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what}: {name} is {number}, not a finite number")
    return number


def _numbers(values: Mapping[str, float], what: str, name: str) -> dict[str, float]:
    return {key: _finite(value, what, f"{name}[{key!r}]") for key, value in values.items()}


def _utc(value: datetime, name: str) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware (got {value.isoformat()})")
    return value.astimezone(UTC)


def _since(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return _utc(value, "since")
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- rows out ------------------------------------------------------------------------------------

def _read_time(value: datetime) -> datetime:
    # SQLite hands back the UTC time it was given, without its zone
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _run_summary(row: Row) -> RunSummary:
    return RunSummary(row.run_id, _read_time(row.finished_at), row.article_count,
                      row.source_count, row.model_version, row.analysis_version)


def _point(row: Row) -> SourcePoint:
    return SourcePoint(row.run_id, _read_time(row.finished_at), row.score, row.band,
                       row.article_count)


def _compare(before: Mapping[str, tuple[SourcePoint, Mapping[str, float]]],
             after: Mapping[str, tuple[SourcePoint, Mapping[str, float]]],
             top: int) -> list[SourceChange]:
    """Sources in both runs first, the largest score change first; then sources new in
    ``after``, then those gone from it; ties by name."""
    changes = [_change(name, before.get(name), after.get(name), top)
               for name in sorted(before.keys() | after.keys())]

    def order(change: SourceChange) -> tuple[int, float]:
        if change.score_delta is None:
            return (1 if change.before is None else 2, 0.0)
        return (0, -abs(change.score_delta))

    return sorted(changes, key=order)


def _change(source: str, before: tuple[SourcePoint, Mapping[str, float]] | None,
            after: tuple[SourcePoint, Mapping[str, float]] | None, top: int) -> SourceChange:
    before_point, before_contributions = before or (None, {})
    after_point, after_contributions = after or (None, {})
    articles_delta = ((after_point.articles if after_point else 0)
                      - (before_point.articles if before_point else 0))
    if before_point is None or after_point is None:
        return SourceChange(source, before_point, after_point, None, articles_delta, ())
    deltas = {name: after_contributions.get(name, 0.0) - before_contributions.get(name, 0.0)
              for name in before_contributions.keys() | after_contributions.keys()}
    moved = sorted(deltas.items(), key=lambda item: (-abs(item[1]), item[0]))[:top]
    return SourceChange(source, before_point, after_point,
                        after_point.score - before_point.score, articles_delta, tuple(moved))

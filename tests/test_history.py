"""The history database on SQLite: recording, queries, migrations, reuse, and real processes
that record at the same time or are killed with SIGKILL while they record.

The tests that take a ``url`` run on any database: here a SQLite file, and in
``test_history_postgres.py`` (which collects the same functions) a database on a PostgreSQL
server it starts.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from scoring.history import (
    ArticleRecord,
    HistoryMissing,
    HistoryTooNew,
    NotAHistory,
    RunExists,
    RunRecord,
    SourceRecord,
    default_url,
    open_history,
)
from scoring.history import cli as history_cli
from scoring.history.engine import create_history_engine, parse_url, sqlite_path, writing
from scoring.history.migrate import (
    VERSION_TABLE,
    alembic_config,
    current_revision,
    head_revision,
    known_revisions,
    upgrade,
)
from scoring.history.schema import metadata
from scoring.types import Article, ArticleAnalysis, CorpusResult, ScoredArticle, SourceSummary

T0 = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
FEATURES = ("length", "hedges", "copied")
KILL_ARTICLES = 5000
KILL_ATTEMPTS = 4


# --- building runs -------------------------------------------------------------------------------

def article(source: str, number: int, score: float, *, version_tag: str = "") -> ArticleRecord:
    """Article ``number`` of ``source``: the same id in every run, contributions that follow
    the score, and an analysis blob that says which article it is."""
    article_id = f"{source[:2].lower()}{number:05d}"
    return ArticleRecord(
        id=article_id, source=source, score=score,
        contributions={"length": score / 10, "hedges": -score / 20, "copied": 0.5},
        features={"length": 300.0 + number, "hedges": 1.5, "copied": 0.25},
        url=f"https://{source.lower().replace(' ', '')}.example/{number}",
        title=f"Story {number}", published="2026-11-30", originality="original",
        story=number % 3, analysis=f"analysis of {article_id}{version_tag}".encode(),
        analysis_features={"length": 300.0 + number, "hedges": 1.5})


def run_of(run_id: str, day: int, scores: dict[str, list[float]], *,
           version: str = "a1") -> tuple[RunRecord, list[SourceRecord], list[ArticleRecord]]:
    """A run on day ``day`` (from T0) with the given article scores per source; a source's
    aggregate is the mean of its articles, as the report makes it."""
    records = [article(source, number, score)
               for source, values in scores.items() for number, score in enumerate(values)]
    sources = []
    for source, values in scores.items():
        mine = [r for r in records if r.source == source]
        sources.append(SourceRecord(
            source=source, score=sum(values) / len(values), band="high" if
            sum(values) / len(values) >= 60 else "low", articles=len(values), baseline=50.0,
            contributions={f: sum(r.contributions[f] for r in mine) / len(mine)
                           for f in FEATURES},
            features={f: sum(r.features[f] for r in mine) / len(mine) for f in FEATURES}))
    finished = T0 + timedelta(days=day)
    return (RunRecord(run_id, finished, "model-1", version, started_at=finished - timedelta(
        minutes=5), details={"counts": {"scored": len(records)}}), sources, records)


THREE_RUNS = [
    run_of("run-1", 0, {"Harbor Ledger": [70.0, 66.0], "TrendPulse": [30.0, 20.0, 25.0]}),
    run_of("run-2", 1, {"Harbor Ledger": [72.0, 68.0, 70.0], "TrendPulse": [40.0, 30.0]}),
    run_of("run-3", 2, {"Harbor Ledger": [71.0, 69.0], "Valley Courier": [55.0]}),
]


def record_all(url: str, runs: list[tuple[RunRecord, list[SourceRecord],
                                          list[ArticleRecord]]]) -> None:
    with open_history(url) as history:
        for run, sources, records in runs:
            history.record_run(run, sources, records)


def big_run(run_id: str, day: int, n: int = KILL_ARTICLES) -> tuple[RunRecord, list[
        SourceRecord], list[ArticleRecord]]:
    return run_of(run_id, day, {"Big Outlet": [50.0 + (i % 7) for i in range(n)]})


def table_counts(url: str) -> dict[str, int]:
    engine = create_history_engine(url, create=False)
    try:
        with engine.connect() as connection:
            return {table: connection.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar()
                    for table in ("runs", "run_sources", "articles", "run_articles")}
    finally:
        engine.dispose()


def assert_every_run_complete(url: str) -> None:
    """No partial run visible: each run has exactly the articles and sources it counts, and
    every source's article count matches its articles."""
    engine = create_history_engine(url, create=False)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT r.run_id, r.article_count, r.source_count,"
                " (SELECT COUNT(*) FROM run_articles a WHERE a.run_id = r.run_id),"
                " (SELECT COUNT(*) FROM run_sources s WHERE s.run_id = r.run_id),"
                " (SELECT COALESCE(SUM(s.article_count), 0) FROM run_sources s"
                "  WHERE s.run_id = r.run_id) FROM runs r")).all()
    finally:
        engine.dispose()
    for run_id, articles, sources, article_rows, source_rows, source_articles in rows:
        assert (articles, sources) == (article_rows, source_rows), run_id
        assert source_articles == articles, run_id
        assert articles > 0, run_id


# --- the tests on any database (``url``: here a SQLite file; PostgreSQL in the other module) ----

@pytest.fixture
def url(tmp_path: Path) -> str:
    return default_url(tmp_path / "reports")


def test_record_and_query(url: str) -> None:
    record_all(url, THREE_RUNS)
    with open_history(url) as history:
        runs = history.runs()
        assert [(r.run_id, r.articles, r.sources) for r in runs] == [
            ("run-1", 5, 2), ("run-2", 5, 2), ("run-3", 3, 2)]
        assert runs[0].finished_at == T0 and runs[0].finished_at.tzinfo is not None
        assert [r.run_id for r in history.runs(since=date(2026, 12, 2))] == ["run-2", "run-3"]

        points = {h.source: h.points for h in history.points()}
        assert list(points) == ["Harbor Ledger", "TrendPulse", "Valley Courier"]
        assert [(p.run_id, p.score, p.band, p.articles) for p in points["Harbor Ledger"]] == [
            ("run-1", 68.0, "high", 2), ("run-2", 70.0, "high", 3), ("run-3", 70.0, "high", 2)]
        only = history.points(sources=["TrendPulse"], since=datetime(2026, 12, 2, tzinfo=UTC))
        assert [(h.source, [p.run_id for p in h.points]) for h in only] == [
            ("TrendPulse", ["run-2"])]

        assert history.previous_run("run-1") is None
        assert history.previous_run("run-3").run_id == "run-2"
        with pytest.raises(KeyError, match="no run 'nope'"):
            history.previous_run("nope")

        changes = {c.source: c for c in history.changes("run-2")}
        ledger, pulse = changes["Harbor Ledger"], changes["TrendPulse"]
        assert ledger.score_delta == pytest.approx(2.0) and ledger.articles_delta == 1
        assert pulse.score_delta == pytest.approx(10.0) and pulse.articles_delta == -1
        # contributions follow the score: length moves by delta/10, hedges by -delta/20
        assert [name for name, _ in pulse.contribution_deltas] == ["length", "hedges", "copied"]
        assert pulse.contribution_deltas[0][1] == pytest.approx(1.0)
        assert pulse.contribution_deltas[2][1] == pytest.approx(0.0)
        assert [c.source for c in history.changes("run-2")] == ["TrendPulse", "Harbor Ledger"]

        assert [(c.source, c.before, c.score_delta, c.articles_delta)
                for c in history.changes("run-1")] == [
            ("Harbor Ledger", None, None, 2), ("TrendPulse", None, None, 3)]
        later = history.changes("run-3", top=1)
        assert [(c.source, c.score_delta, c.articles_delta) for c in later] == [
            ("Harbor Ledger", 0.0, -1), ("Valley Courier", None, 1), ("TrendPulse", None, -2)]
        assert len(later[0].contribution_deltas) == 1
        assert later[1].before is None and later[2].after is None
        first = history.changes("run-3", previous="run-1")
        assert first[0].source == "Harbor Ledger" and first[0].score_delta == pytest.approx(2.0)

        assert history_cli.history_json(history, sources=["Valley Courier"]) == {
            "runs": [{"run_id": f"run-{n}", "finished_at": f"2026-12-0{n}T06:00:00Z",
                      "articles": a, "sources": 2} for n, a in ((1, 5), (2, 5), (3, 3))],
            "sources": [{"source": "Valley Courier", "points": [
                {"run_id": "run-3", "finished_at": "2026-12-03T06:00:00Z", "score": 55.0,
                 "band": "low", "articles": 1}]}]}

        with pytest.raises(RunExists, match="run-1"):
            history.record_run(*THREE_RUNS[0])
        run, sources, records = run_of("run-4", 3, {"Harbor Ledger": [60.0, 61.0]})
        with pytest.raises(ValueError, match="do not match"):
            history.record_run(run, [SourceRecord("Harbor Ledger", 60.5, "high", 3)], records)
        with pytest.raises(ValueError, match="not among the run's sources"):
            history.record_run(run, [], records)
        with pytest.raises(ValueError, match="given twice"):
            history.record_run(run, sources, records + records[:1])
        bad = [ArticleRecord(**{**vars(records[0]), "score": float("nan")}), records[1]]
        with pytest.raises(ValueError, match="not a finite number"):
            history.record_run(run, sources, bad)
        assert history.run("run-4") is None
    assert table_counts(url)["runs"] == 3


def test_changes_of_a_run_not_recorded_yet(url: str) -> None:
    """A run shows its changes in its report before it records itself: they are those it will
    have once recorded."""
    record_all(url, THREE_RUNS[:2])
    run, sources, _ = THREE_RUNS[2]
    with open_history(url) as history:
        assert history.latest_run().run_id == "run-2"
        assert history.latest_run(before=T0 + timedelta(hours=1)).run_id == "run-1"
        assert history.latest_run(before=T0) is None
        previous, pending = history.pending_changes(run, sources)
        assert previous.run_id == "run-2"
        history.record_run(*THREE_RUNS[2])
        assert pending == history.changes("run-3")
        first, _ = history.pending_changes(RunRecord("run-0", T0 - timedelta(days=1)), [])
        assert first is None


def test_migration_from_first_schema_keeps_the_data(url: str) -> None:
    """A database made by 0001 with runs in it is upgraded to the head: nothing lost, the new
    counts filled in from the rows, and it records and reuses like a new one."""
    engine = create_history_engine(url)
    try:
        assert upgrade(engine, "0001") == "0001"
        first = sa.MetaData()
        first.reflect(engine)
        assert "article_count" not in first.tables["runs"].columns
        with writing(engine) as connection:
            for run, sources, records in THREE_RUNS[:2]:
                _insert_first_schema(connection, first, run, sources, records)
    finally:
        engine.dispose()

    with open_history(url) as history:
        assert [(r.run_id, r.articles, r.sources) for r in history.runs()] == [
            ("run-1", 5, 2), ("run-2", 5, 2)]
        ledger = history.points(sources=["Harbor Ledger"])[0]
        assert [(p.run_id, p.score, p.articles) for p in ledger.points] == [
            ("run-1", 68.0, 2), ("run-2", 70.0, 3)]
        assert history.stored(["ha00000", "tr00002"], "a1") == {
            "ha00000": b"analysis of ha00000", "tr00002": b"analysis of tr00002"}
        history.record_run(*THREE_RUNS[2])
        assert history.changes("run-3")[0].score_delta == pytest.approx(0.0)
    assert_every_run_complete(url)
    engine = create_history_engine(url, create=False)
    try:
        with engine.connect() as connection:
            assert current_revision(connection) == head_revision() == known_revisions()[-1]
            assert "ix_run_sources_source" in {
                index["name"] for index in sa.inspect(connection).get_indexes("run_sources")}
        # and back down to 0001 (the counts dropped, every row kept)
        with writing(engine) as connection:
            command.downgrade(alembic_config(connection), "0001")
        assert table_counts(url) == {"runs": 3, "run_sources": 6, "articles": 7,
                                     "run_articles": 13}
    finally:
        engine.dispose()


def _insert_first_schema(connection: sa.Connection, first: sa.MetaData, run: RunRecord,
                         sources: list[SourceRecord], records: list[ArticleRecord]) -> None:
    """Rows as the first version wrote them, into the tables migration 0001 made."""
    tables = first.tables
    connection.execute(tables["runs"].insert().values(
        run_id=run.run_id, started_at=run.started_at, finished_at=run.finished_at,
        model_version=run.model_version, analysis_version=run.analysis_version,
        details=dict(run.details)))
    connection.execute(tables["run_sources"].insert(), [
        {"run_id": run.run_id, "source": s.source, "score": s.score, "baseline": s.baseline,
         "band": s.band, "article_count": s.articles, "contributions": dict(s.contributions),
         "features": dict(s.features)} for s in sources])
    stored = set(connection.scalars(sa.select(tables["articles"].c.article_id)))
    connection.execute(tables["articles"].insert(), [
        {"article_id": r.id, "analysis_version": run.analysis_version, "source": r.source,
         "url": r.url, "title": r.title, "published": r.published,
         "features": dict(r.analysis_features), "analysis": r.analysis,
         "stored_at": run.finished_at} for r in records if r.id not in stored])
    connection.execute(tables["run_articles"].insert(), [
        {"run_id": run.run_id, "article_id": r.id, "analysis_version": run.analysis_version,
         "score": r.score, "contributions": dict(r.contributions),
         "features": dict(r.features), "originality": r.originality, "story": r.story}
        for r in records])


def test_newer_revision_is_refused(url: str) -> None:
    record_all(url, THREE_RUNS[:1])
    engine = create_history_engine(url)
    try:
        with writing(engine) as connection:
            connection.execute(sa.text(f"UPDATE {VERSION_TABLE} SET version_num = '0099'"))
    finally:
        engine.dispose()
    for create in (True, False):
        with pytest.raises(HistoryTooNew, match="revision 0099.*newer version"):
            open_history(url, create=create)
    assert table_counts(url)["run_articles"] == 5


def test_reuse_by_id_and_analysis_version(url: str) -> None:
    """Analysed once: a later run finds each article's stored analysis by id and version."""
    many = run_of("run-many", 0, {"Harbor Ledger": [60.0] * 1200, "TrendPulse": [30.0] * 30})
    with open_history(url) as history:
        history.record_run(*many)
        ids = [r.id for r in many[2]]
        found = history.stored([*ids, "unknown"], "a1")
        assert len(found) == 1230 and found["ha01199"] == b"analysis of ha01199"
        assert history.stored(ids, "a2") == {}
        assert history.stored(["ha00001"], "a1", titles={"ha00001": "Story 1"}) == {
            "ha00001": b"analysis of ha00001"}
        assert history.stored(["ha00001"], "a1", titles={"ha00001": "Another title"}) == {}

        # a run that reused two analyses (None: keep) and re-analysed one (a new blob)
        run, sources, records = run_of("run-again", 1, {"Harbor Ledger": [61.0, 62.0, 63.0]})
        again = [ArticleRecord(**{**vars(records[0]), "analysis": None}),
                 ArticleRecord(**{**vars(records[1]), "analysis": None}),
                 article("Harbor Ledger", 2, 63.0, version_tag=" (again)")]
        history.record_run(run, sources, again)
        assert history.stored(["ha00000", "ha00001", "ha00002"], "a1") == {
            "ha00000": b"analysis of ha00000", "ha00001": b"analysis of ha00001",
            "ha00002": b"analysis of ha00002 (again)"}

        # another analysis version: stored beside the first, found only under its own version
        run, sources, records = run_of("run-v2", 2, {"Harbor Ledger": [64.0]}, version="a2")
        history.record_run(run, sources, records)
        assert history.stored(["ha00000"], "a2") == {"ha00000": b"analysis of ha00000"}
        assert set(history.stored(ids, "a1")) == set(ids)
    assert table_counts(url)["articles"] == 1231


def test_schema_matches_migrations(url: str) -> None:
    """``schema.py`` (what the code queries) is what the migrations make."""
    with open_history(url) as history, history.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        assert compare_metadata(context, metadata) == []


def _record_runs(url: str, prefix: str, count: int, articles: int) -> None:
    """A process that records ``count`` runs (they share their articles' ids with the other
    process's runs)."""
    with open_history(url) as history:
        for number in range(count):
            history.record_run(*big_run(f"{prefix}-{number}", number, articles))


def processes() -> multiprocessing.context.BaseContext:
    """Real processes, forked from a clean server process (never from pytest's, whose other
    threads may hold locks the child would need) that has this module imported."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def test_two_processes_record_at_once(url: str) -> None:
    """Two processes open a new history at the same moment and record runs into it at once:
    every run of both lands, complete."""
    context = processes()
    workers = [context.Process(target=_record_runs, args=(url, name, 3, 1000))
               for name in ("first", "second")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    with open_history(url, create=False) as history:
        assert sorted(r.run_id for r in history.runs()) == [
            f"{name}-{n}" for name in ("first", "second") for n in range(3)]
        assert {r.articles for r in history.runs()} == {1000}
    assert_every_run_complete(url)
    assert table_counts(url)["articles"] == 1000


def _record_until_killed(url: str, messages: multiprocessing.connection.Connection,
                         prefix: str) -> None:
    with open_history(url) as history:
        for number in range(1000):
            run = big_run(f"{prefix}-{number}", 10 + number)
            messages.send(("begin", run[0].run_id))
            history.record_run(*run)
            messages.send(("done", run[0].run_id))


def test_killed_while_recording_leaves_earlier_runs_intact(url: str) -> None:
    """A process killed with SIGKILL at a random moment while it records runs of 5,000
    articles leaves the earlier runs as they were and no partial run."""
    record_all(url, THREE_RUNS)
    with open_history(url) as history:
        before = (history.runs(), history.points(), history.changes("run-3"))
    context = processes()
    chance = random.Random(15)
    killed_mid_run = 0
    for attempt in range(KILL_ATTEMPTS):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_record_until_killed,
                                args=(url, sender, f"killed{attempt}"))
        child.start()
        sender.close()
        assert receiver.poll(60), "the child never began to record"
        said = [receiver.recv()]
        time.sleep(chance.uniform(0.01, 0.35))  # inside the first run's transaction, mostly
        os.kill(child.pid, signal.SIGKILL)
        child.join(timeout=30)
        assert child.exitcode == -signal.SIGKILL
        while True:  # what the child said before it died, up to the end of the pipe
            try:
                said.append(receiver.recv())
            except EOFError:
                break
        done = [run_id for what, run_id in said if what == "done"]
        begun = [run_id for what, run_id in said if what == "begin"]

        with open_history(url, create=False) as history:
            runs = history.runs()
            assert runs[:3] == before[0]
            assert history.points(sources=["Harbor Ledger", "TrendPulse", "Valley Courier"]) \
                == before[1]
            assert history.changes("run-3") == before[2]
            mine = [r.run_id for r in runs if r.run_id.startswith(f"killed{attempt}-")]
            # what said it was done is there; at most the one run begun last besides
            assert mine[:len(done)] == done and len(mine) <= len(done) + 1
            killed_mid_run += begun[-1] not in mine
        assert_every_run_complete(url)
    assert killed_mid_run >= 1, "no attempt killed the child inside a transaction"
    path = sqlite_path(parse_url(url))
    if path is not None:
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


# --- only on SQLite ------------------------------------------------------------------------------

def test_reading_a_missing_history_creates_nothing(tmp_path):
    missing = tmp_path / "reports" / "history.sqlite"
    with pytest.raises(HistoryMissing, match="no history database at"):
        open_history(default_url(tmp_path / "reports"), create=False)
    assert not missing.exists() and not missing.parent.exists()
    missing.parent.mkdir()
    sqlite3.connect(missing).close()  # an empty file: still no history in it
    with pytest.raises(HistoryMissing, match="no history in"):
        open_history(default_url(tmp_path / "reports"), create=False)


def test_a_foreign_database_is_not_touched(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE runs (id INTEGER)")
    with pytest.raises(NotAHistory, match="no history_revision"):
        open_history(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert tables.fetchall() == [("runs",)]


def test_times_must_say_their_zone(url):
    run, sources, records = THREE_RUNS[0]
    naive = RunRecord(run.run_id, datetime(2026, 12, 1, 6))
    with open_history(url) as history, pytest.raises(ValueError, match="timezone-aware"):
        history.record_run(naive, sources, records)


def test_records_from_the_report_types():
    text = "Officials said the bridge would reopen."
    found = CorpusResult(features={"copied_share": 0.25}, evidence=(), passages=(),
                         originality="partly derived", story=4, facts=())
    features = {"length": 6.0, "hedges": 0.0, "copied_share": 0.25}
    analysis = ArticleAnalysis(
        article=Article(id="id1", source="Harbor Ledger", text=text, title="Bridge",
                        url="https://ledger.example/bridge", published="2026-11-30"),
        features=features, evidence=(), sentences=(), named_sources=())
    scored = ScoredArticle(analysis, score=61.0, baseline=50.0,
                           contributions={"length": 12.0, "hedges": 0.0, "copied_share": -1.0},
                           corpus=found)
    record = ArticleRecord.from_scored(scored, b"blob")
    assert (record.id, record.source, record.title, record.url, record.published) == (
        "id1", "Harbor Ledger", "Bridge", "https://ledger.example/bridge", "2026-11-30")
    assert (record.score, record.originality, record.story, record.analysis) == (
        61.0, "partly derived", 4, b"blob")
    assert record.features == features
    assert record.analysis_features == {"length": 6.0, "hedges": 0.0}

    summary = SourceSummary(source="Harbor Ledger", slug="harbor-ledger", n_articles=1,
                            score=61.0, baseline=50.0, contributions=dict(scored.contributions),
                            feature_means=features, reasons=(), band="high")
    assert SourceRecord.from_summary(summary) == SourceRecord(
        "Harbor Ledger", 61.0, "high", 1, 50.0, scored.contributions, features)


def test_cli_prints_tables_and_json(tmp_path, capsys):
    out = tmp_path / "reports"
    record_all(default_url(out), THREE_RUNS)
    assert history_cli.main(["--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"History in {out / 'history.sqlite'}: 3 runs, 3 sources.")
    assert "run-2  2026-12-02 06:00:00         5        2" in text
    assert "TrendPulse\n  run    finished (UTC)       score  change  band  articles" in text
    assert "  run-2  2026-12-02 06:00:00   35.0   +10.0  low          2" in text

    assert history_cli.main(["--db", default_url(out), "--json", "--source", "TrendPulse",
                             "--since", "2026-12-02"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [r["run_id"] for r in printed["runs"]] == ["run-2", "run-3"]
    assert printed["sources"] == [{"source": "TrendPulse", "points": [
        {"run_id": "run-2", "finished_at": "2026-12-02T06:00:00Z", "score": 35.0,
         "band": "low", "articles": 2}]}]

    assert history_cli.main(["--out", str(out), "--source", "Nobody"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("No points for: Nobody.")


def test_cli_missing_history_is_an_error(tmp_path, capsys):
    assert history_cli.main(["--out", str(tmp_path / "nothing")]) == 2
    assert "no history database at" in capsys.readouterr().err
    assert not (tmp_path / "nothing").exists()
    with pytest.raises(SystemExit) as bad_date:
        history_cli.main(["--since", "yesterday"])
    assert bad_date.value.code == 2
    with pytest.raises(SystemExit):
        history_cli.main(["--out", "a", "--db", "sqlite:///b"])

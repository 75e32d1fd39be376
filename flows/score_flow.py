"""The reliability job as a Prefect flow: read and analyse in batches, score, write the report.

Tasks work on batches of ``config.batch_size`` articles, never one task per article (mapping a task
over thousands of items costs more in orchestration than the analysis itself). The analysis tasks
run where the task runner puts them (:mod:`flows.runners`: the flow's process, local worker
processes, or a Dask cluster). Inputs are read lazily and at most ``config.batches_in_flight``
batches per worker are in flight; a worker gets one batch of articles and sends back one batch of
compact results with the analyses packed, which wait on disk in the run's store, so memory grows
with the batch size, not with the corpus. Batches are numbered in input order and collected in
that order: the same inputs give the same report with any number of workers.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from prefect import Flow, flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture

from flows.runners import (
    api_url,
    cluster_workers,
    run_runner,
    task_runner,
)
from scoring.cache import analysis_version
from scoring.config import Config, load_config, worker_processes
from scoring.history.database import History, open_history
from scoring.history.engine import default_url
from scoring.history.recording import article_records, report_history, source_records
from scoring.history.records import RunRecord
from scoring.model import load_model
from scoring.pipeline import (
    BatchResult,
    analyse_batch,
    iter_batches,
    iter_scored,
    new_run_id,
    one_batch,
    run_excerpts,
    run_record,
    score_batches,
    store_batch,
)
from scoring.report import write_report
from scoring.report.aggregate import summarize_sources
from scoring.report.changes import changes_markdown
from scoring.report.writer import prune_reports, remove_stale
from scoring.store import AnalysisStore
from scoring.types import Article, Skipped
from scoring.web.pages import FetchLog, last_success, record_success
from scoring.wholerun import run_tasks, sequential_map


# Inputs are article batches: hashing them for a cache key would cost time and buy nothing.
@task(name="analyse-batch", cache_policy=NO_CACHE)
def analyse(number: int, articles: list[Article], config: Config,
            stored: dict[str, bytes]) -> BatchResult:
    return analyse_batch(number, articles, config, stored)


ARTICLES_PER_PART = 10_000
"""Below this many articles a whole-run part costs more in orchestration (about ten Prefect tasks
per part) than it saves: a part's fingerprints are about 0.2 GB at most."""


def whole_run_parts(workers: int, articles: int) -> int:
    """Parts for the whole-run step when the settings leave it to the run: one per worker, but
    no more than one per :data:`ARTICLES_PER_PART` articles."""
    return max(1, min(workers, -(-articles // ARTICLES_PER_PART)))


# One task for every kind of whole-run part (scoring.wholerun): the function says which.
@task(name="whole-run-part", cache_policy=NO_CACHE)
def whole_run_part(function: Callable[..., int], *arguments: object) -> int:
    return function(*arguments)


def on_runner(function: Callable[..., int], arguments: list[tuple]) -> list[int]:
    """The ``map`` of :func:`scoring.wholerun.run_tasks`: each part a task on the flow's task
    runner, all of one kind at once."""
    futures = [whole_run_part.with_options(name=function.__name__.replace("_", "-"))
               .submit(function, *args) for args in arguments]
    return [future.result() for future in futures]


@task(name="score-and-report", cache_policy=NO_CACHE)
def score_and_report(results: list[BatchResult], skipped: list[Skipped], found: int,
                     paths: list[str], out: str, run_id: str, config: Config,
                     store: AnalysisStore, timings: dict[str, float], history: History,
                     started_at: datetime, parts: int = 1, fetched: FetchLog | None = None
                     ) -> tuple[Path, list[dict[str, object]], str]:
    """Score the run, write its report (with each source's history), record the run in the
    history and drop the report folders beyond ``config.keep_reports``. Returns the report
    folder, the ranking and the changes since the previous run as Markdown (empty for the
    first run)."""
    started = time.perf_counter()
    model = load_model(config.weights_path)
    run = score_batches(results, config, model, store, parts)
    sources = summarize_sources(run.scores, reasons_per_source=config.reasons_per_source,
                                bands=model.weights.bands)
    timings = {**timings, "score": time.perf_counter() - started}
    skipped = skipped + [s for r in results for s in r.skipped]
    finished_at = datetime.now(UTC)
    record = run_record(run_id=run_id, inputs=paths, found=found, scored=run.scores,
                        skipped=skipped, n_sources=len(sources), config=config, model=model,
                        timings=timings, fetched=fetched, finished_at=finished_at,
                        reused=sum(r.reused for r in results))
    entry = RunRecord(run_id, finished_at, model.weights.version, analysis_version(config),
                      started_at, details={"counts": record["counts"]})
    recorded = source_records(sources, results)
    shown = report_history(history, entry, recorded)
    folder = write_report(Path(out), run_id, iter_scored(results, run, store), sources, record,
                          model.describe(), excerpts=run_excerpts(results, run, store),
                          history=shown)
    history.record_run(entry, recorded, article_records(results, run, store))
    prune_reports(Path(out), config.keep_reports)
    table = [{"rank": rank, "source": s.source, "articles": s.n_articles,
              "score": round(s.score, 1), "main reasons": "; ".join(s.reasons)}
             for rank, s in enumerate(sources, start=1)]
    changes = (changes_markdown(list(shown.changes.values()), shown.previous.run_id)
               if shown.previous is not None else "")
    return folder, table, changes


@flow(name="reliability-report", log_prints=True)
def reliability_flow(paths: list[str], out: str = "reports", config_path: str | None = None,
                     sources: str = "", since: str = "", report_since: str = "",
                     workers: int | None = None, dask_address: str | None = None,
                     db: str | None = None, keep: int | None = None) -> str:
    """Score every article under ``paths`` (files, folders, URLs, ``.urls`` files) and of the
    outlets in the ``sources`` file, write a report folder under ``out`` and record the run in
    the history database (``db``, default ``out/history.sqlite``), keeping the newest ``keep``
    report folders. These override the settings file's, as do ``workers`` and
    ``dask_address``, which say how many batches to keep in flight, while the flow's task
    runner decides where they run (:func:`run_reliability`)."""
    logger = get_run_logger()
    config = load_config(config_path, workers=workers, dask_address=dask_address,
                         history_url=db, keep_reports=keep)
    limit = config.batches_in_flight * max(1, config.workers)
    started = time.perf_counter()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    run_id = new_run_id()
    if sources and not since:
        since = last_success(out, sources)  # pull what is new since the last good run
        if since:
            logger.info("fetching articles published since %s (the last successful run)", since)
    remove_stale(Path(out))
    history = open_history(config.history_url or default_url(out))
    version = analysis_version(config)
    store = AnalysisStore.create(out, run_id)
    try:
        skipped: list[Skipped] = []
        results: list[BatchResult] = []
        in_flight: deque[PrefectFuture[BatchResult]] = deque()
        found = 0
        fetched = FetchLog()
        for number, (articles, batch_skipped) in enumerate(
                iter_batches(paths, config, sources_file=sources, since=since,
                             report_since=report_since, fetch_log=fetched)):
            found += len(articles) + len(batch_skipped)
            skipped.extend(batch_skipped)
            stored = history.stored([a.id for a in articles], version)
            if articles and len(stored) == len(articles):
                # every analysis is stored: read back here, no task, no parse
                results.append(store_batch(analyse_batch(number, articles, config, stored),
                                           store))
            elif articles:
                in_flight.append(analyse.submit(number, articles, config, stored))
            del articles, stored  # the task holds the batch now; keep no second reference
            while len(in_flight) >= limit:
                results.append(store_batch(in_flight.popleft().result(), store))
        while in_flight:
            results.append(store_batch(in_flight.popleft().result(), store))
        results.sort(key=lambda r: r.number)  # batches read back here finish out of turn
        timings = {"ingest_and_analyse": time.perf_counter() - started}
        # copying, stories and facts over every fingerprint of the run, in parts that run as
        # tasks on the same runner (no process holds every fingerprint); one part in this process
        parts = config.whole_run_parts or whole_run_parts(
            config.workers, sum(len(r.articles) for r in results))
        run_tasks(store.prints, config, parts=parts,
                  map=on_runner if parts > 1 else sequential_map)
        timings["whole_run"] = time.perf_counter() - started - timings["ingest_and_analyse"]
        inputs = [*paths, *([f"--sources {sources}"] if sources else []),
                  *([f"--since {since}"] if since else []),
                  *([f"--report-since {report_since}"] if report_since else [])]
        folder, table, changes = score_and_report(
            results, skipped, found, inputs, out, run_id, config, store, timings, history,
            datetime.fromisoformat(started_at), parts, fetched)
    finally:
        store.remove()
        history.close()
    if sources:
        record_success(out, sources, started_at, run_id)
    n_scored = sum(len(r.articles) for r in results)
    n_skipped = found - n_scored
    index = (folder / "index.html").resolve()
    create_table_artifact(key="source-scores", table=table,
                          description="Sources ranked by reliability score")
    create_markdown_artifact(
        key="reliability-report",
        markdown=(f"# Reliability report\n\n{n_scored} articles from {len(table)} "
                  f"sources, {n_skipped} inputs skipped.\n\n"
                  f"Open the report: [{index}]({index.as_uri()})"),
        description="Where the HTML report is",
    )
    if changes:
        create_markdown_artifact(key="changes-since-previous-run", markdown=changes,
                                 description="How each source changed since the previous run")
    logger.info("report written to %s", index)
    return str(folder)


def run_reliability(paths: list[str], out: str = "reports", config_path: str | None = None,
                    sources: str = "", since: str = "", report_since: str = "",
                    workers: int | None = None, dask_address: str | None = None,
                    db: str | None = None, keep: int | None = None) -> str:
    """Run :func:`reliability_flow` on the task runner the settings ask for: ``workers`` local
    processes (0: one per core; 1: the flow's own process) or the Dask cluster at
    ``dask_address``; the arguments override the settings file. Returns the report folder.

    Raises ``ValueError`` when the cluster cannot be reached, or when a cluster run has no
    Prefect server its workers could report to."""
    config = load_config(config_path, workers=workers, dask_address=dask_address)
    address = config.dask_address
    if address and not api_url():
        raise ValueError(
            "a run on a Dask cluster needs a Prefect server its workers can reach: start "
            "one with `prefect server start` and set PREFECT_API_URL="
            "http://HOST:4200/api here and on every worker")
    if not address and not config.workers and not sources and one_batch(paths, config):
        count = 1  # one batch: starting worker processes would cost more than they save
    else:
        count = _processes(config)
    with run_runner(count, address, config.language_model, config.max_word_chars) as runner:
        flow_ = reliability_flow.with_options(task_runner=runner)
        return flow_(paths=paths, out=out, config_path=config_path, sources=sources,
                     since=since, report_since=report_since, workers=count,
                     dask_address=address, db=db, keep=keep)


def served_flow(config_path: str | None = None, workers: int | None = None,
                dask_address: str | None = None) -> tuple[Flow, int]:
    """:func:`reliability_flow` with the task runner for scheduled runs (``reliability
    serve``, which needs a running Prefect server anyway), and its number of workers."""
    config = load_config(config_path, workers=workers, dask_address=dask_address)
    count = _processes(config)
    return (reliability_flow.with_options(task_runner=task_runner(count, config.dask_address)),
            count)


def _processes(config: Config) -> int:
    """The workers a run's settings give it: the cluster's, or ``workers`` local processes."""
    if config.dask_address:
        return cluster_workers(config.dask_address)
    return worker_processes(config.workers)

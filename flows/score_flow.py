"""The reliability job as a Prefect flow: ingest, analyse in batches, score, write the report.

Tasks work on batches of ``config.batch_size`` articles, never one task per article (mapping a task
over thousands of items costs more in orchestration than the analysis itself).
"""

from __future__ import annotations

import time
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from scoring.config import Config, load_config
from scoring.ingest import collect_inputs
from scoring.model import load_model
from scoring.pipeline import analyze_articles, new_run_id, run_record, score_analyses
from scoring.report import write_report
from scoring.report.aggregate import summarize_sources
from scoring.types import Article, ArticleAnalysis, Skipped


@task(name="ingest")
def ingest(paths: list[str], config: Config) -> tuple[list[Article], list[Skipped]]:
    return collect_inputs(paths, config)


@task(name="analyse-batch")
def analyse_batch(batch: list[Article], config: Config) -> tuple[list[ArticleAnalysis],
                                                                 list[Skipped]]:
    return analyze_articles(batch, config)


@task(name="score-and-report")
def score_and_report(analyses: list[ArticleAnalysis], skipped: list[Skipped], found: int,
                     paths: list[str], out: str, config: Config,
                     timings: dict[str, float]) -> tuple[Path, list[dict[str, object]]]:
    started = time.perf_counter()
    model = load_model(config.weights_path)
    scored = score_analyses(analyses, config, model)
    sources = summarize_sources(scored, reasons_per_source=config.reasons_per_source)
    timings = {**timings, "score": time.perf_counter() - started}
    run_id = new_run_id()
    record = run_record(run_id=run_id, inputs=paths, found=found, scored=scored, skipped=skipped,
                        n_sources=len(sources), config=config, model=model, timings=timings)
    folder = write_report(Path(out), run_id, scored, sources, record, model.describe())
    table = [{"rank": rank, "source": s.source, "articles": s.n_articles,
              "score": round(s.score, 1), "main reasons": "; ".join(s.reasons)}
             for rank, s in enumerate(sources, start=1)]
    return folder, table


@flow(name="reliability-report", log_prints=True)
def reliability_flow(paths: list[str], out: str = "reports", config_path: str | None = None) -> str:
    """Score every article under ``paths`` and write a report folder under ``out``."""
    logger = get_run_logger()
    config = load_config(config_path)
    started = time.perf_counter()
    articles, skipped = ingest(paths, config)
    found = len(articles) + len(skipped)
    ingest_seconds = time.perf_counter() - started

    batches = [articles[i : i + config.batch_size]
               for i in range(0, len(articles), config.batch_size)]
    futures = [analyse_batch.submit(batch, config) for batch in batches]
    analyses: list[ArticleAnalysis] = []
    for future in futures:
        batch_analyses, batch_skipped = future.result()
        analyses.extend(batch_analyses)
        skipped.extend(batch_skipped)
    timings = {"ingest": ingest_seconds,
               "analyse": time.perf_counter() - started - ingest_seconds}

    folder, table = score_and_report(analyses, skipped, found, paths, out, config, timings)
    index = (folder / "index.html").resolve()
    create_table_artifact(key="source-scores", table=table,
                          description="Sources ranked by reliability score")
    create_markdown_artifact(
        key="reliability-report",
        markdown=(f"# Reliability report\n\n{len(analyses)} articles from {len(table)} "
                  f"sources, {len(skipped)} inputs skipped.\n\n"
                  f"Open the report: [{index}]({index.as_uri()})"),
        description="Where the HTML report is",
    )
    logger.info("report written to %s", index)
    return str(folder)

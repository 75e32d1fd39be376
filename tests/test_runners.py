"""Where the work runs: worker counts, task runners, settings that never change a result, and the
analysis on several processes giving what one process gives."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from scoring.config import Config, load_config, worker_processes
from scoring.ingest import collect_inputs
from scoring.pipeline import analyze_articles, analyze_in_processes, one_batch

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def test_zero_workers_means_one_per_core():
    assert worker_processes(0) == len(os.sched_getaffinity(0))
    assert worker_processes(3) == 3


def test_where_the_work_runs_is_not_part_of_the_settings_digest():
    base = Config()
    for change in ({"workers": 4}, {"dask_address": "tcp://10.0.0.1:8786"},
                   {"batch_size": 7}, {"batches_in_flight": 5}):
        assert replace(base, **change).digest() == base.digest(), change
    assert replace(base, copy_min_words=9).digest() != base.digest()
    assert load_config(None, workers=2).workers == 2


def test_task_runners_for_one_process_many_and_a_cluster():
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    from flows.runners import task_runner

    assert isinstance(task_runner(1), ThreadPoolTaskRunner)
    local = task_runner(2)
    assert isinstance(local, DaskTaskRunner) and local.address is None
    assert local.cluster_kwargs["n_workers"] == 2
    assert local.cluster_kwargs["processes"] and local.cluster_kwargs["threads_per_worker"] == 1
    remote = task_runner(2, "tcp://127.0.0.1:8786")
    assert remote.address == "tcp://127.0.0.1:8786" and not remote.cluster_kwargs


def test_an_unreachable_scheduler_is_a_clear_error():
    from flows.runners import cluster_workers

    with pytest.raises(ValueError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        cluster_workers("tcp://127.0.0.1:9", timeout=1)


def test_a_run_of_one_batch_stays_in_its_process(tmp_path):
    assert one_batch([SAMPLE], Config())  # 15 articles, batches of 50
    assert not one_batch([SAMPLE], Config(batch_size=10))
    assert not one_batch(["https://example.org/feed.xml"], Config())


def test_analysis_on_two_processes_gives_what_one_gives():
    articles, _ = collect_inputs([SAMPLE], Config())
    config = Config(batch_size=4, workers=2)
    many, skipped_many = analyze_in_processes(articles, config)
    one, skipped_one = analyze_articles(articles, Config())
    assert [a.article.id for a in many] == [a.article.id for a in one]
    assert [a.features for a in many] == [a.features for a in one]
    assert [a.evidence for a in many] == [a.evidence for a in one]
    assert skipped_many == skipped_one == []


def test_scheduled_runs_use_the_same_runner(tmp_path):
    from prefect_dask import DaskTaskRunner

    from flows.score_flow import served_flow

    settings = tmp_path / "settings.toml"
    settings.write_text("workers = 2\n", encoding="utf-8")
    flow_, workers = served_flow(str(settings))
    assert workers == 2 and isinstance(flow_.task_runner, DaskTaskRunner)
    assert served_flow(str(settings), workers=1)[0].task_runner.__class__.__name__ == \
        "ThreadPoolTaskRunner"


def test_the_whole_run_step_is_split_only_when_the_run_is_large():
    from flows.score_flow import whole_run_parts

    assert whole_run_parts(2, 300) == 1
    assert whole_run_parts(2, 15_000) == 2
    assert whole_run_parts(8, 25_000) == 3
    assert whole_run_parts(1, 1_000_000) == 1
    assert whole_run_parts(4, 0) == 1

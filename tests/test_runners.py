"""Where the work runs: worker counts, task runners, settings that never change a result, and the
analysis on several processes giving what one process gives."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from scoring.config import Config, load_config, worker_processes
from scoring.ingest import collect_inputs
from scoring.pipeline import analyze_articles, analyze_in_processes, batched, one_batch

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


def test_batches_are_full_but_for_a_finer_tail_whatever_the_workers():
    """Whole batches, then the last one to two batches' worth in fifths, so that no worker is left
    running the last big batch alone; the cut depends on the items and the size only."""
    sizes = [len(b) for b in batched(range(300), 50)]
    assert sizes == [50] * 5 + [10] * 5
    assert [len(b) for b in batched(range(123), 50)] == [50] + [10] * 7 + [3]
    assert [len(b) for b in batched(range(7), 4)] == [1] * 7
    assert list(batched([], 50)) == []
    items = [x for batch in batched(iter(range(1001)), 50) for x in batch]
    assert items == list(range(1001))


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


def test_worker_processes_keep_glibcs_memory_thresholds():
    """Dask's nanny would set MALLOC_TRIM_THRESHOLD_ in each worker (35% more analysis CPU);
    local clusters and the shipped worker settings for hand-started ones leave it unset."""
    import subprocess
    import sys

    from distributed.nanny import _get_env_variables

    from flows.runners import local_cluster_settings

    local_cluster_settings(2)
    assert "MALLOC_TRIM_THRESHOLD_" not in _get_env_variables("distributed.nanny.pre-spawn-environ")
    probe = ("from distributed.nanny import _get_env_variables as g; "
             "print(sorted(g('distributed.nanny.pre-spawn-environ')))")
    env = {**os.environ, "DASK_CONFIG": str(ROOT / "deploy" / "dask")}
    shown = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                           text=True, check=True).stdout
    assert "OMP_NUM_THREADS" in shown and "MALLOC_TRIM_THRESHOLD_" not in shown


def test_a_runs_local_cluster_starts_with_the_server_and_loads_the_model_first(monkeypatch):
    from distributed import Client
    from prefect_dask import DaskTaskRunner

    from flows.runners import run_runner

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # no temporary server
    with run_runner(2, model="blank", max_word_chars=200) as runner:
        assert isinstance(runner, DaskTaskRunner) and runner.address.startswith("tcp://")
        with Client(runner.address, set_as_default=False) as client:
            workers = list(client.scheduler_info(n_workers=-1)["workers"])
            # single-threaded workers: a task sent now runs after the loading task
            loaded = client.gather([client.submit(_analysis_loaded, workers=[w], pure=False)
                                    for w in workers])
            assert len(workers) == 2 and all(loaded)
    with run_runner(1) as runner:
        assert runner.__class__.__name__ == "ThreadPoolTaskRunner"


def _analysis_loaded() -> bool:
    import sys

    from scoring.text import _load_nlp

    return "flows.score_flow" in sys.modules and _load_nlp.cache_info().currsize == 1


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

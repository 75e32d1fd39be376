"""A run on an existing Dask cluster, set up by hand as the README shows: a real ``prefect server
start``, a ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, then ``reliability
run --dask-address``. Slow (the server migrates a fresh database for ~25 s), and run by CI: it
is the only test of the cluster path. Every process it starts is stopped, whatever happens
(:func:`benchmarks.cluster.hand_started_cluster`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from benchmarks.cluster import BIN, ROOT, Cluster, hand_started_cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with hand_started_cluster(2, tmp_path_factory.mktemp("prefect-home")) as started:
        yield started
    assert all(process.poll() is not None for process in started.processes)


def _run(cluster: Cluster, out: Path, *options: str) -> Path:
    settings = out.parent / f"{out.name}-settings.toml"
    settings.write_text("batch_size = 4\n", encoding="utf-8")  # four batches for two workers
    result = subprocess.run([str(BIN / "reliability"), "run", str(ROOT / "data" / "sample"),
                             "--out", str(out), "--config", str(settings), *options],
                            cwd=ROOT, env=cluster.env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return (out / "latest").resolve()


def test_a_run_on_an_existing_dask_cluster_gives_the_same_report_as_a_local_run(
        cluster, tmp_path):
    on_cluster = _run(cluster, tmp_path / "cluster", "--dask-address", cluster.address)
    local = _run(cluster, tmp_path / "local", "--workers", "1")
    for name in ("articles.csv", "sources.csv"):
        assert (on_cluster / name).read_bytes() == (local / name).read_bytes(), name
    assert (on_cluster / "index.html").is_file()
    # the cluster's workers did the analysis: four batches between them
    from distributed import Client

    with Client(cluster.address, timeout=5, set_as_default=False) as client:
        done = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert len(done) == 2 and sum(done.values()) >= 4


def test_a_cluster_run_without_a_prefect_server_is_refused_with_a_reason(cluster, tmp_path):
    env = {k: v for k, v in cluster.env.items() if k != "PREFECT_API_URL"}
    result = subprocess.run([str(BIN / "reliability"), "run", str(ROOT / "data" / "sample"),
                             "--out", str(tmp_path), "--dask-address", cluster.address],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "prefect server start" in result.stderr and "PREFECT_API_URL" in result.stderr

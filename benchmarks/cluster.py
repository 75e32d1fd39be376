"""A Dask cluster and a Prefect server started by hand on this machine, as the README's cluster
set-up does on many: ``prefect server start``, ``dask scheduler``, ``dask worker`` (one process,
one thread each). Used by the cluster test and the worker benchmark; every process started is
stopped on leaving, whatever happens.

    with hand_started_cluster(workers=2, home=tmp) as cluster:
        subprocess.run([..., "reliability", "run", ..., "--dask-address", cluster.address],
                       env=cluster.env)
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Cluster:
    address: str
    """The Dask scheduler, ``tcp://127.0.0.1:PORT``."""
    api: str
    """The Prefect server's API URL."""
    env: dict[str, str]
    """The environment every process of the set-up shares: ``PREFECT_API_URL`` included."""
    processes: list[subprocess.Popen] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scheduler_workers(address: str) -> int:
    """How many workers the scheduler at ``address`` has."""
    from distributed import Client

    with Client(address, timeout=5, set_as_default=False) as client:
        return len(client.scheduler_info(n_workers=-1)["workers"])


def _wait(check: Callable[[], bool], what: str, timeout: float,
          processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{' '.join(map(str, process.args[:3]))} exited with "
                                   f"{process.returncode} while waiting for {what}")
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"timed out waiting for {what}")


@contextmanager
def hand_started_cluster(workers: int, home: Path, logs: Path | None = None
                         ) -> Iterator[Cluster]:
    """A Prefect server (database under ``home``), a Dask scheduler and ``workers`` Dask
    workers on 127.0.0.1, ready when this yields; their output goes to ``logs`` (default
    ``home``)."""
    logs = logs or home
    api_port, scheduler_port = free_port(), free_port()
    cluster = Cluster(
        address=f"tcp://127.0.0.1:{scheduler_port}",
        api=f"http://127.0.0.1:{api_port}/api",
        env={**os.environ, "PREFECT_HOME": str(home),
             "PREFECT_API_URL": f"http://127.0.0.1:{api_port}/api",
             "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
             "DASK_LOGGING__DISTRIBUTED": "warning",
             "DASK_CONFIG": str(ROOT / "deploy" / "dask")})

    def start(name: str, *command: str) -> None:
        with open(logs / f"{name}.log", "wb") as log:
            cluster.processes.append(subprocess.Popen(
                command, cwd=ROOT, env=cluster.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True))

    try:
        start("prefect-server", str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
              "--port", str(api_port), "--no-ui", "--analytics-off")
        start("dask-scheduler", str(BIN / "dask"), "scheduler", "--host", "127.0.0.1",
              "--port", str(scheduler_port), "--no-dashboard")
        for number in range(1, workers + 1):
            start(f"dask-worker-{number}", str(BIN / "dask"), "worker", cluster.address,
                  "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                  "--name", f"worker-{number}")
        _wait(lambda: httpx.get(f"{cluster.api}/health", timeout=2).status_code == 200,
              "the Prefect server", 180, cluster.processes)
        _wait(lambda: scheduler_workers(cluster.address) == workers, f"{workers} Dask workers",
              120, cluster.processes)
        yield cluster
    finally:
        stop(cluster.processes)


def stop(processes: list[subprocess.Popen]) -> None:
    """Stop every process and its children (each started in a session of its own)."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

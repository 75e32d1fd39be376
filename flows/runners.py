"""Where a run's analysis tasks execute: the flow's own process, local worker processes, or an
existing Dask cluster, all through Prefect's task runners.

- ``workers == 1``: Prefect's thread pool in the flow's process, as a run always did.
- ``workers > 1`` (0 means one per core): ``prefect-dask``'s ``DaskTaskRunner`` on a local
  cluster of single-threaded worker processes. spaCy holds the GIL, so only processes use more
  than one core.
- ``dask_address``: the same runner on a scheduler someone started (``dask scheduler``, ``dask
  worker tcp://HOST:8786``), the project installed on every worker.

Workers run Prefect task code, which reports to the API of the flow's Prefect server. Left alone,
a run on Prefect's temporary server would make each worker start a temporary server of its own
(measured: a 15 s flow took 43 s). :func:`shared_api` starts the one temporary server first and
hands its address to every worker; a cluster run needs a server its workers can reach
(``prefect server start``), named by ``PREFECT_API_URL``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner


def cluster_workers(address: str, timeout: float = 10.0) -> int:
    """How many workers the Dask scheduler at ``address`` has; a clear error when it cannot be
    reached or has none."""
    from distributed import Client

    try:
        with Client(address, timeout=timeout, set_as_default=False) as client:
            count = len(client.scheduler_info(n_workers=-1)["workers"])
    except OSError as error:
        raise ValueError(f"cannot reach the Dask scheduler at {address}: {error}") from error
    if not count:
        raise ValueError(f"the Dask scheduler at {address} has no workers: start some with "
                         f"`dask worker {address}`")
    return count


def task_runner(workers: int, dask_address: str = "") -> TaskRunner:
    """The task runner for ``workers`` resolved processes, or for the cluster at
    ``dask_address``."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers <= 1:
        return ThreadPoolTaskRunner(max_workers=1)
    from prefect_dask import DaskTaskRunner

    logging.getLogger("distributed").setLevel(logging.WARNING)  # not each worker coming, going
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                        "dashboard_address": None, "silence_logs": logging.ERROR},
    )


def api_url() -> str:
    """The Prefect API this process reports to, empty for Prefect's temporary server."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or ""


@contextmanager
def shared_api(needed: bool) -> Iterator[str]:
    """Make sure every process of a run reports to one Prefect API.

    With a ``PREFECT_API_URL`` set, or when no other process takes part (``needed`` false),
    nothing changes. Otherwise Prefect's temporary server is started here, before any worker,
    and named to this process and its children for as long as the run lasts."""
    url = api_url()
    if url or not needed:
        yield url
        return
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = SubprocessASGIServer()
    server.start()
    os.environ["PREFECT_API_URL"] = server.api_url  # worker processes inherit it
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()

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
(measured: a 15 s flow took 43 s). :func:`run_runner` starts the one temporary server first and
hands its address to every worker; a cluster run needs a server its workers can reach
(``prefect server start``), named by ``PREFECT_API_URL``.

For one run, :func:`run_runner` also starts the local cluster itself, while the temporary server
starts, and has each worker load the language model before the first batch reaches it: the
start-up of a two-worker run took 7 s longer than a one-worker run's, most of it waiting.

Worker processes keep glibc's own memory thresholds. Dask's nanny sets
``MALLOC_TRIM_THRESHOLD_`` in every worker it spawns, which turns off glibc's adaptive mmap
threshold: each large array spaCy allocates is then mapped and unmapped afresh, and the analysis
took 35% more CPU in a worker than in the run's own process (measured on 200 real articles).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from scoring.config import Config


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

    return DaskTaskRunner(cluster_class="distributed.LocalCluster",
                          cluster_kwargs=local_cluster_settings(workers))


def local_cluster_settings(workers: int) -> dict[str, object]:
    """The local cluster of a run: ``workers`` single-threaded worker processes, quiet, keeping
    glibc's memory thresholds (see the module's docstring)."""
    import dask

    dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})
    logging.getLogger("distributed").setLevel(logging.WARNING)  # not each worker coming, going
    return {"n_workers": workers, "threads_per_worker": 1, "processes": True,
            "dashboard_address": None, "silence_logs": logging.ERROR}


def _load_language_model(model: str, max_word_chars: int) -> None:
    """The first task of each worker of a run's local cluster: import the analysis and load
    its pipeline."""
    import flows.score_flow  # noqa: F401  (the task's module, Prefect with it)
    from scoring.text import get_nlp

    get_nlp(model, max_word_chars=max_word_chars)


def api_url() -> str:
    """The Prefect API this process reports to, empty for Prefect's temporary server."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or ""


@contextmanager
def run_runner(workers: int, dask_address: str = "", model: str = Config.language_model,
               max_word_chars: int = Config.max_word_chars) -> Iterator[TaskRunner]:
    """The task runner of one run, for ``workers`` resolved processes or the cluster at
    ``dask_address``, with everything it needs started, and stopped afterwards.

    Every process of the run reports to one Prefect API: with ``PREFECT_API_URL`` set, or with
    no other process taking part, nothing changes; otherwise Prefect's temporary server is
    started here and named to this process and its children for as long as the run lasts. Local
    worker processes (``workers > 1`` without an address) are started at the same time, and
    each first imports the analysis and loads the spaCy pipeline ``model`` (the run's
    ``language_model`` and ``max_word_chars``) while the server and the flow start."""
    url = api_url()
    local = workers > 1 and not dask_address
    with ExitStack() as stack:
        starting = None
        if not url and (local or dask_address):
            from prefect.server.api.server import SubprocessASGIServer
            from prefect.settings import PREFECT_API_URL, temporary_settings

            server = SubprocessASGIServer()
            if server.port is None:
                server.port = server.find_available_port()
            os.environ["PREFECT_API_URL"] = server.api_url  # worker processes inherit it
            stack.callback(os.environ.pop, "PREFECT_API_URL", None)
            stack.callback(server.stop)
            starting = stack.enter_context(ThreadPoolExecutor(1)).submit(server.start)
        if local:
            from distributed import Client, LocalCluster
            from prefect_dask import DaskTaskRunner

            cluster = stack.enter_context(LocalCluster(**local_cluster_settings(workers)))
            client = stack.enter_context(Client(cluster, set_as_default=False))
            # one loading task per worker, first in its queue, never waited for; its future is
            # held until the run ends (one let go of may be cancelled)
            loading = [client.submit(_load_language_model, model, max_word_chars,
                                     workers=[address], pure=False)
                       for address in client.scheduler_info(n_workers=-1)["workers"]]
            stack.callback(loading.clear)
            runner: TaskRunner = DaskTaskRunner(address=cluster.scheduler_address)
        else:
            runner = task_runner(workers, dask_address)
        if starting is not None:
            starting.result()  # the server is up (or its error is raised here)
            stack.enter_context(temporary_settings(updates={PREFECT_API_URL: server.api_url}))
        yield runner

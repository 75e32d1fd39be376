"""The whole-run step split into tasks: peak memory of each process, wall time, per-article costs.

    .venv/bin/python -m benchmarks.bench_partition --sizes 10000 50000 --workers 1 2 \
        [--parts 4] [--keep FOLDER]

For each size a corpus is generated once (``benchmarks/synthetic.py``: planted copies, and stories
with agreeing and conflicting figures, ``--story-rate``), fingerprinted in worker processes batch
by batch as the analysis tasks do, and each batch written to a :class:`scoring.wholerun.PrintStore`
(with ``--keep``, stores are kept there and reused). Then for each number of workers ``N`` a fresh
driver process runs :func:`scoring.wholerun.whole_run` with its tasks in
``ProcessPoolExecutor(max_workers=N)`` (fresh ``spawn`` processes, so a worker's memory is its
tasks' alone), split in ``--parts`` parts (default ``N``). Reported per run:

- wall time of the whole-run step and of each task kind, and its worker-seconds per article
  (the sum of its tasks' times: what the work costs whatever the number of workers);
- the peak resident memory (``ru_maxrss``) of each process: the largest worker, the driver
  (which receives every article's :class:`CorpusResult`), and the sum over all of them; and the
  largest worker's peak so far after each task kind (a high-water mark: it shows which task
  kind raised it);
- per article: bytes of store on disk (and per column), bytes in memory of a fingerprint, of
  its story part and of its ``CorpusResult`` (tracemalloc over a batch read back).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import analysis_of, generate  # noqa: E402
from scoring.config import Config  # noqa: E402
from scoring.corpus import PRINT_COLUMNS, fingerprint, fingerprints_of  # noqa: E402
from scoring.wholerun import PrintStore, whole_run  # noqa: E402

BATCH = 200
"""Articles per stored batch (one analysis task's batch)."""


def _peak_mib() -> float:
    """This process's peak resident memory. Linux's ``VmHWM`` belongs to the process's own
    memory; ``ru_maxrss`` survives ``exec``, so a driver started from the process that had
    just generated the corpus reported that process's peak (1,759 MiB at 200,000 articles,
    against 868 MiB measured afresh)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fingerprint_batch(folder: str, number: int, articles: list[tuple[int, dict, list[str]]]
                       ) -> int:
    """What an analysis task adds for the whole run: its batch's fingerprints, stored."""
    config = Config()
    PrintStore(folder).put(number, [fingerprint(analysis_of(i, a, s), config)
                                    for i, a, s in articles])
    return len(articles)


def build(folder: Path, size: int, seed: int, story_rate: float, workers: int) -> dict:
    """Generate a corpus and store its fingerprints batch by batch, unless already done."""
    done = folder / "built.json"
    if done.exists():
        return json.loads(done.read_text())
    started = time.perf_counter()
    corpus = generate(size, seed=seed, story_rate=story_rate)
    generated = time.perf_counter() - started
    store = PrintStore.create(folder / "store")
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        batches = [[(i, corpus.articles[i], corpus.sentences[i])
                    for i in range(first, min(first + BATCH, size))]
                   for first in range(0, size, BATCH)]
        list(pool.map(_fingerprint_batch, [str(store.folder)] * len(batches),
                      range(len(batches)), batches))
    built = {"articles": size, "seed": seed, "story_rate": story_rate,
             "generate_seconds": round(generated, 1),
             "fingerprint_seconds": round(time.perf_counter() - started, 1),
             "fingerprint_workers": workers}
    (folder / "stories.json").write_text(json.dumps(corpus.stories))
    done.write_text(json.dumps(built))
    return built


def story_recall(results: list, stories: list[list[int]]) -> float:
    """Share of the planted stories whose articles all got one story number of their own."""
    members: dict[int, int] = defaultdict(int)
    for result in results:
        members[result.story] += 1
    whole = sum(1 for story in stories if len({results[i].story for i in story}) == 1
                and members[results[story[0]].story] == len(story))
    return whole / len(stories) if stories else 1.0


def _measured(task, *arguments):
    """Run one task in a worker: its result, wall seconds, process id and peak memory."""
    started = time.perf_counter()
    result = task(*arguments)
    return result, time.perf_counter() - started, os.getpid(), _peak_mib()


def _warm() -> tuple[int, float]:
    """Start a worker (imports done, caches empty): its process id and memory so far."""
    time.sleep(1.0)  # long enough that each worker of the pool takes one
    return os.getpid(), _peak_mib()


def run(store_folder: Path, workers: int, parts: int) -> dict:
    """One whole-run step over the store, its tasks in ``workers`` fresh processes."""
    store = PrintStore(store_folder)
    peaks: dict[int, float] = {}
    phases: dict[str, dict[str, float]] = defaultdict(lambda: {"wall": 0.0, "work": 0.0})

    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        def pooled(task, arguments):
            started = time.perf_counter()
            done = [f.result() for f in [pool.submit(_measured, task, *a) for a in arguments]]
            phases[task.__name__]["wall"] += time.perf_counter() - started
            phases[task.__name__]["work"] += sum(d[1] for d in done)
            for _, _, pid, peak in done:
                peaks[pid] = max(peaks.get(pid, 0.0), peak)
            phases[task.__name__]["peak"] = max(peaks.values())
            return [d[0] for d in done]

        idle = dict(f.result() for f in [pool.submit(_warm) for _ in range(workers)])
        started = time.perf_counter()
        results = whole_run(store, Config(), parts=parts, map=pooled)
        seconds = time.perf_counter() - started
    driver = _peak_mib()
    sample = results[:5_000]
    tracemalloc.start()
    back = pickle.loads(pickle.dumps(sample))
    result_bytes = tracemalloc.get_traced_memory()[0] / max(len(sample), 1)
    tracemalloc.stop()
    del back
    articles = len(results)
    planted = json.loads((store_folder.parent / "stories.json").read_text())
    return {
        "articles": articles, "workers": workers, "parts": parts,
        "wall_seconds": round(seconds, 1),
        "idle_worker_mib": round(max(idle.values())),
        "largest_worker_mib": round(max(peaks.values())),
        "driver_mib": round(driver),
        "all_processes_mib": round(sum(peaks.values()) + driver),
        "result_bytes_per_article": round(result_bytes),
        "planted_stories_found_whole": round(story_recall(results, planted), 3),
        "phases": {name: {"wall_seconds": round(p["wall"], 2),
                          "worker_us_per_article": round(p["work"] / articles * 1e6, 1),
                          "largest_worker_mib_after": round(p["peak"])}
                   for name, p in phases.items()},
    }


def footprint(store_folder: Path) -> dict:
    """Per article: bytes of the store on disk (and per column) and in memory."""
    store = PrintStore(store_folder)
    layout = store.layout()
    articles = sum(a for _, a, _ in layout)
    disk = sum(p.stat().st_size for p in store_folder.glob("prints-*.pickle"))
    sample = layout[:: max(len(layout) // 10, 1)]
    counted = sum(articles for _, articles, _ in sample)
    columns: dict[str, int] = defaultdict(int)
    for number, _, _ in sample:
        for name, size in store.column_bytes(number).items():
            columns[name] += size
    tracemalloc.start()
    prints = [p for number, articles, _ in sample
              for p in fingerprints_of(store.read(number, PRINT_COLUMNS), range(articles))]
    in_memory = tracemalloc.get_traced_memory()[0] / len(prints)
    stories = [p.story for p in prints]
    del prints
    story_bytes = tracemalloc.get_traced_memory()[0] / len(stories)
    tracemalloc.stop()
    return {"disk_bytes_per_article": round(disk / articles),
            "column_bytes_per_article": {k: round(v / counted) for k, v in columns.items()},
            "fingerprint_bytes_in_memory": round(in_memory),
            "story_print_bytes_in_memory": round(story_bytes)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--parts", type=int, help="parts per task kind (default: workers)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--story-rate", type=float, default=0.3)
    parser.add_argument("--keep", type=Path, help="keep the stores here and reuse them")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        folder, workers, parts = args.one
        print(json.dumps(run(Path(folder), int(workers), int(parts))))
        return
    with tempfile.TemporaryDirectory(dir=ROOT / "reports") as scratch:
        base = args.keep or Path(scratch)
        rows = []
        for size in args.sizes:
            folder = base / f"corpus-{size}-{args.seed}-{args.story_rate}"
            folder.mkdir(parents=True, exist_ok=True)
            built = build(folder, size, args.seed, args.story_rate, max(args.workers))
            costs = footprint(folder / "store")
            print(json.dumps({**built, **costs}), flush=True)
            for workers in args.workers:  # a fresh driver: its peak memory is this run's
                parts = args.parts or workers
                output = subprocess.run(
                    [sys.executable, "-m", "benchmarks.bench_partition", "--one",
                     str(folder / "store"), str(workers), str(parts)],
                    cwd=ROOT, check=True, capture_output=True, text=True).stdout
                measured = json.loads(output)
                print(json.dumps(measured), flush=True)
                rows.append((built, costs, measured))
    print("| articles | workers | parts | wall time | largest process | all processes | "
          "disk/article | fingerprint in memory/article |")
    print("|---|---|---|---|---|---|---|---|")
    for _, costs, m in rows:
        print(f"| {m['articles']:,} | {m['workers']} | {m['parts']} | {m['wall_seconds']} s | "
              f"{max(m['largest_worker_mib'], m['driver_mib'])} MiB | "
              f"{m['all_processes_mib']} MiB | {costs['disk_bytes_per_article']:,} B | "
              f"{costs['fingerprint_bytes_in_memory']:,} B |")


if __name__ == "__main__":
    main()

"""Whole runs of ``reliability run`` with 1 and 2 worker processes and on a Dask cluster started
by hand: wall time, throughput per core, scaling, peak memory.

    .venv/bin/python -m benchmarks.bench_workers [--articles 10000] [--modes 1 2 cluster]
        [--repeat 1] [--copies 0] [--plot docs/throughput.png]

The corpus is real news: every article of ``../shared/data`` (allsides-dev, buzzfeed-webis,
PolNeAR train and dev, horne2017: about 5,900), then, to reach ``--articles``, the same texts
again as published by syndicating outlets (``mirror-N.example``), as wire copy is. It is written
once as JSON Lines under ``build/bench-workers/`` (never committed). Each mode runs ``reliability
run CORPUS`` as a fresh process with spaCy (the default settings; no analysis cache is used by
``run``) and reports, per mode:

- wall time of the whole process (start-up, the Prefect server, the cluster start included) and
  articles per second, per core used (``workers``) and the scaling efficiency
  ``(T1 / Tn) / n`` against one worker;
- peak memory (RSS) of the largest process, and of all the run's processes together (the run,
  its Prefect server, its worker processes; for ``cluster``, the hand-started scheduler, workers
  and server too), sampled every 0.2 s with psutil;
- CPU time (user + system) of all those processes.

``--copies N`` adds the copy benchmark through the same path: ``N`` synthetic articles with
planted copies (``benchmarks/synthetic.py``) through ``reliability run`` with the lexical
settings (``language_model = "blank"``: tokens and sentences only, so that the whole-run step
meets its full size without the hours spaCy would take) with 1 and 2 workers (``--copy-modes``),
and the share of the planted copying articles the report shows holding copied text.
With ``--repeat``, repetitions interleave the modes and the tables give medians. Results go to
``build/bench-workers/results-ARTICLES-COPIES.json``;
``--plot`` draws throughput against workers (matplotlib, ``pip install -c constraints.txt -e
'.[bench]'``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from benchmarks.cluster import BIN, ROOT, hand_started_cluster

SHARED = ROOT.parent / "shared" / "data"
WORK = ROOT / "build" / "bench-workers"


# --- the corpus ----------------------------------------------------------------------------------


def real_articles(shared: Path) -> list[dict[str, str]]:
    """Every article of the public data, as JSON records."""
    rows: list[dict[str, str]] = []
    for name in ("allsides-dev", "buzzfeed-webis"):
        for path in sorted((shared / name / "articles").glob("*.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    row = json.loads(line)
                    rows.append({k: row.get(k) or "" for k in
                                 ("source", "url", "title", "published", "text")})
    for name in ("polnear-train", "polnear-dev"):
        for path in sorted((shared / name / "text").glob("*.txt")):
            title, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n")
            rows.append({"source": f"polnear-{path.stem.split('_')[0]}", "url": "",
                         "title": title.strip(), "published": "", "text": body})
    for label in ("Real", "Fake"):
        for path in sorted((shared / "horne2017-buzzfeed" / label).glob("*.txt")):
            text = path.read_bytes().decode("cp1252", errors="replace")
            rows.append({"source": f"horne-{label.lower()}", "url": "", "title": "",
                         "published": "", "text": text})
    return [row for row in rows if row["text"].strip()]


def write_corpus(count: int, shared: Path) -> Path:
    """``count`` articles as JSON Lines under ``build/bench-workers/corpus-COUNT`` (made once)."""
    folder = WORK / f"corpus-{count}"
    done = folder / ".complete"
    if done.is_file():
        return folder
    rows = real_articles(shared)
    if not rows:
        sys.exit(f"bench_workers: no articles under {shared}")
    folder.mkdir(parents=True, exist_ok=True)
    per_file = 500
    for number, first in enumerate(range(0, count, per_file)):
        with open(folder / f"articles-{number:04d}.jsonl", "w", encoding="utf-8") as handle:
            for index in range(first, min(first + per_file, count)):
                row = dict(rows[index % len(rows)])
                if index >= len(rows):  # the same text again, from a syndicating outlet
                    row["source"] = f"mirror-{index // len(rows)}.example"
                    row["url"] = ""
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    done.write_text(str(count), encoding="utf-8")
    return folder


def write_copies_corpus(count: int) -> tuple[Path, set[int]]:
    """``count`` synthetic articles under ``build/bench-workers/copies-COUNT`` (made once), and
    the indexes of the articles that copy a passage from another outlet's."""
    from benchmarks.synthetic import generate, write_jsonl

    folder = WORK / f"copies-{count}"
    plants = folder / "plants.json"
    if not (folder / ".complete").is_file() or not plants.is_file():
        corpus = generate(count, seed=1, story_rate=0.3)
        if not (folder / ".complete").is_file():
            write_jsonl(corpus, folder)
        plants.write_text(json.dumps(sorted({p.copy for p in corpus.plants})), encoding="utf-8")
        (folder / ".complete").write_text(str(count), encoding="utf-8")
    return folder, set(json.loads(plants.read_text(encoding="utf-8")))


def copies_reported(report: Path, copiers: set[int]) -> dict[str, float]:
    """From a run's ``articles.csv``: the share of the planted copying articles reported as
    holding copied text (credited or not), and how many other articles were."""
    import csv

    flagged: set[int] = set()
    with open(report / "articles.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if float(row["uncredited_copy_share"]) + float(row["credited_copy_share"]) > 0:
                flagged.add(int(row["url"].rsplit("/", 1)[1]))
    return {"copiers_reported": len(flagged & copiers) / max(len(copiers), 1),
            "others_reported": len(flagged - copiers)}


# --- measuring a run -----------------------------------------------------------------------------


class Sampler:
    """Peak RSS of the largest process and of all together, and CPU time, of a process tree
    (plus some other processes), sampled in a thread."""

    def __init__(self, roots: list[int], interval: float = 0.2) -> None:
        self.roots = roots
        self.tree: dict[int, int] = {}
        """Each process seen, with the root whose tree it is in."""
        self.interval = interval
        self.largest = 0
        self.total = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _processes(self) -> list[psutil.Process]:
        found: dict[int, psutil.Process] = {}
        for pid in self.roots:
            try:
                root = psutil.Process(pid)
                for process in [root, *root.children(recursive=True)]:
                    found.setdefault(process.pid, process)
                    self.tree.setdefault(process.pid, pid)
            except psutil.NoSuchProcess:
                continue
        return list(found.values())

    def _loop(self) -> None:
        while not self._stop.is_set():
            total = 0
            for process in self._processes():
                try:
                    rss = process.memory_info().rss
                    times = process.cpu_times()
                except psutil.Error:
                    continue
                total += rss
                self.largest = max(self.largest, rss)
                self.cpu[process.pid] = times.user + times.system
            self.total = max(self.total, total)
            self._stop.wait(self.interval)


def measure(command: list[str], env: dict[str, str], others: list[int]) -> dict[str, float]:
    """Run ``command`` to its end, sampling it and the processes ``others``."""
    cpu_before = {pid: _cpu(pid) for pid in others}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    with Sampler([process.pid, *others]) as sampler:
        output, _ = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"bench_workers: {' '.join(command)} failed:\n{output[-3000:]}")
    # the run's own tree from the sampler; the other trees by their CPU counters' growth
    own = sum(cpu for pid, cpu in sampler.cpu.items() if sampler.tree[pid] == process.pid)
    others_cpu = sum(_cpu(pid) - cpu_before[pid] for pid in others)
    return {"wall_s": wall, "cpu_s": own + others_cpu,
            "largest_process_mb": sampler.largest / 2**20,
            "all_processes_mb": sampler.total / 2**20}


def _cpu(pid: int) -> float:
    try:
        process = psutil.Process(pid)
        processes = [process, *process.children(recursive=True)]
        return sum(p.cpu_times().user + p.cpu_times().system for p in processes)
    except psutil.Error:
        return 0.0


def run_mode(mode: str, corpus: Path, articles: int, settings: Path | None,
             copiers: set[int] | None = None) -> dict[str, float]:
    out = Path(tempfile.mkdtemp(prefix=f"bench-{mode}-", dir=WORK))
    command = [str(BIN / "reliability"), "run", str(corpus), "--out", str(out)]
    if settings is not None:
        command += ["--config", str(settings)]
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    if mode == "cluster":
        home = Path(tempfile.mkdtemp(prefix="prefect-home-", dir=WORK))
        with hand_started_cluster(2, home) as cluster:
            result = measure([*command, "--dask-address", cluster.address], cluster.env,
                             [p.pid for p in cluster.processes])
        workers = 2
    else:
        workers = int(mode)
        result = measure([*command, "--workers", str(workers)], env, [])
    record = json.loads(((out / "latest") / "run.json").read_text(encoding="utf-8"))
    result.update(mode=mode, workers=workers, articles=articles,
                  scored=record["counts"]["scored"],
                  articles_per_s=articles / result["wall_s"],
                  articles_per_s_per_core=articles / result["wall_s"] / workers)
    if copiers is not None:
        result.update(copies_reported(out / "latest", copiers))
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    return result


def medians(results: list[dict[str, float]]) -> dict[str, float]:
    first = results[0]
    return {k: (statistics.median(r[k] for r in results) if isinstance(v, float) else v)
            for k, v in first.items()}


def table(rows: list[dict[str, float]], title: str) -> str:
    one = next((r for r in rows if r["mode"] == "1"), None)
    lines = [f"## {title}", "",
             "| mode | workers | articles | wall s | articles/s | per core | scaling | "
             "CPU s | largest process MB | all processes MB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        scaling = (f"{(one['wall_s'] / r['wall_s']) / r['workers']:.2f}" if one else "")
        lines.append(f"| {r['mode']} | {r['workers']} | {r['articles']} | {r['wall_s']:.1f} | "
                     f"{r['articles_per_s']:.2f} | {r['articles_per_s_per_core']:.2f} | "
                     f"{scaling} | {r['cpu_s']:.0f} | {r['largest_process_mb']:.0f} | "
                     f"{r['all_processes_mb']:.0f} |")
    return "\n".join(lines)


def plot(rows: list[dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    local = sorted((r for r in rows if r["mode"] != "cluster"), key=lambda r: r["workers"])
    figure, axes = plt.subplots(figsize=(5.5, 3.6), dpi=120)
    xs = [r["workers"] for r in local]
    axes.plot(xs, [r["articles_per_s"] for r in local], "o-", label="local worker processes")
    if local:
        base = local[0]["articles_per_s"] / local[0]["workers"]
        axes.plot(xs, [base * x for x in xs], ":", color="grey", label="perfect scaling")
    for r in rows:
        if r["mode"] == "cluster":
            axes.plot([r["workers"]], [r["articles_per_s"]], "s", color="C3",
                      label="Dask cluster started by hand")
    axes.set_xlabel("worker processes (2 cores)")
    axes.set_ylabel("articles per second")
    axes.set_xticks(xs or [1, 2])
    axes.set_ylim(bottom=0)
    axes.set_title(f"reliability run, {local[0]['articles'] if local else ''} real articles, "
                   "spaCy", fontsize=9)
    axes.legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--modes", nargs="+", default=["1", "2", "cluster"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--copies", type=int, default=0,
                        help="also run this many synthetic articles with planted copies, "
                             "lexical settings, 1 and 2 workers")
    parser.add_argument("--copy-modes", nargs="+", default=["1", "2"],
                        help="the worker counts of the copy benchmark (default: 1 2)")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    results: dict[str, list[dict[str, float]]] = {}
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    if args.articles:
        corpus = write_corpus(args.articles, args.shared)
        # repetitions interleave the modes, so that a slower spell of a shared machine falls on
        # all of them
        runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in args.modes}
        for _ in range(args.repeat):
            for mode in args.modes:
                runs[mode].append(run_mode(mode, corpus, args.articles, None))
                print(json.dumps(runs[mode][-1]), flush=True)
        rows = [medians(runs[mode]) for mode in args.modes]
        results["real"] = rows
        results["real_runs"] = [run for mode in args.modes for run in runs[mode]]
        print(table(rows, f"{args.articles} real articles, spaCy"), flush=True)
        if args.plot:
            plot(rows, args.plot)
    if args.copies:
        corpus, copiers = write_copies_corpus(args.copies)
        settings = WORK / "lexical.toml"
        settings.write_text('language_model = "blank"\n', encoding="utf-8")
        rows = []
        for mode in args.copy_modes:
            runs = [run_mode(mode, corpus, args.copies, settings, copiers)
                    for _ in range(args.repeat)]
            rows.append(medians(runs))
            print(json.dumps(rows[-1]), flush=True)
        results["copies"] = rows
        print(table(rows, f"{args.copies} synthetic articles with planted copies, lexical"),
              flush=True)
        for r in rows:
            print(f"{r['workers']} worker(s): {r['copiers_reported']:.3f} of the {len(copiers)} "
                  f"planted copying articles reported as holding copied text, "
                  f"{r['others_reported']} other articles", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    (WORK / f"results-{args.articles}-{args.copies}.json").write_text(
        json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

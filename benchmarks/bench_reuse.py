"""Runs that remember: a second ``reliability run`` over the same articles reads their analyses
from the history instead of parsing them again.

    .venv/bin/python -m benchmarks.bench_reuse [--articles 1000] [--repeat 3] [--workers 0]

The corpus is the first ``--articles`` real articles of ``../shared/data``
(:func:`benchmarks.bench_workers.write_corpus`, JSON Lines under ``build/bench-workers/``). Each
repetition starts from an empty report folder (so an empty history) and runs ``reliability run
CORPUS`` as a fresh process twice: the first run analyses every article with spaCy, the second
finds every analysis stored. Reported per run, medians over the repetitions: the analysis time
(``timings_seconds.ingest_and_analyse`` in ``run.json``: reading the inputs and analysing, or
reading the stored analyses back), the whole-run step, scoring and writing, and the wall time of
the whole process (Python and Prefect start-up included), and the counts (``analysed`` and
``reused``). The target: the second run's analysis time at most a tenth of the first's. Results
go to ``build/bench-reuse/results.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.bench_workers import SHARED, write_corpus
from benchmarks.cluster import BIN, ROOT

WORK = ROOT / "build" / "bench-reuse"


def one_run(corpus: Path, out: Path, workers: int) -> dict[str, object]:
    started = time.perf_counter()
    subprocess.run([str(BIN / "reliability"), "run", str(corpus), "--out", str(out),
                    "--workers", str(workers)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    record = json.loads((out / "latest" / "run.json").read_text(encoding="utf-8"))
    return {"wall": wall, **record["timings_seconds"], **record["counts"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="0: one per core (the default)")
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        sys.exit(f"bench_reuse: no {args.shared} (the public evaluation data)")
    corpus = write_corpus(args.articles, args.shared)
    runs: dict[str, list[dict[str, object]]] = {"first": [], "second": []}
    for repetition in range(args.repeat):
        out = WORK / f"reports-{repetition}"
        shutil.rmtree(out, ignore_errors=True)
        for name in runs:
            runs[name].append(one_run(corpus, out, args.workers))
            row = runs[name][-1]
            print(f"repetition {repetition + 1} {name:6s}: analysis "
                  f"{row['ingest_and_analyse']:7.1f} s, wall {row['wall']:6.1f} s, "
                  f"analysed {row['analysed']}, reused {row['reused']}", flush=True)
        shutil.rmtree(out, ignore_errors=True)
    keys = ("ingest_and_analyse", "whole_run", "score", "wall")
    medians = {name: {key: statistics.median(float(r[key]) for r in rows) for key in keys}
               for name, rows in runs.items()}
    ratio = medians["second"]["ingest_and_analyse"] / medians["first"]["ingest_and_analyse"]
    print(f"\n{args.articles} articles, {args.repeat} repetitions, medians (s):")
    print(f"{'run':8s} {'analysis':>9s} {'whole-run':>10s} {'score':>12s} {'wall':>7s}")
    for name, row in medians.items():
        print(f"{name:8s} {row['ingest_and_analyse']:9.1f} {row['whole_run']:10.2f} "
              f"{row['score']:12.2f} {row['wall']:7.1f}")
    print(f"second / first analysis time: {ratio:.3f} (target <= 0.1)")
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "results.json").write_text(json.dumps(
        {"articles": args.articles, "repeat": args.repeat, "workers": args.workers,
         "runs": runs, "medians": medians, "ratio": ratio}, indent=2) + "\n", encoding="utf-8")
    return 0 if ratio <= 0.1 else 1


if __name__ == "__main__":
    raise SystemExit(main())

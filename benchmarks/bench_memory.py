"""Peak memory and wall time of whole ``reliability run`` jobs on generated corpora.

    .venv/bin/python benchmarks/bench_memory.py [--sizes 10000 50000] [--batch-sizes 200]
                                                [--spacy] [--repeat 1]

Each job runs as its own process on JSON Lines files written by ``benchmarks/synthetic.py``; its
peak resident memory is the largest ``ru_maxrss`` among the processes it started (the job itself
and Prefect's temporary server). Lexical-only mode by default (``language_model = "blank"``):
with spaCy a 50,000-article run takes hours on two cores, and the parser's memory does not grow
with the corpus anyway. What should stay flat as the corpus grows is the pipeline's own memory.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate, write_jsonl  # noqa: E402

# Run in a process of its own, so ru_maxrss covers only this job's processes.
_MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
if done.returncode:
    sys.exit(done.stderr[-3000:])
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(inputs: Path, out: Path, config: Path) -> tuple[float, float]:
    """Wall seconds and peak MiB of one ``reliability run``."""
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "scoring.cli", "run",
               str(inputs), "--out", str(out), "--config", str(config)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    seconds, kib = done.stdout.split()
    return float(seconds), int(kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[200])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--spacy", action="store_true", help="use the spaCy model (slow)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(dir=ROOT / "reports") as scratch:
        scratch_dir = Path(scratch)
        for size in args.sizes:
            inputs = scratch_dir / f"corpus-{size}"
            write_jsonl(generate(size, seed=size), inputs)
            for batch_size in args.batch_sizes:
                config = scratch_dir / f"config-{batch_size}.toml"
                model = "" if args.spacy else 'language_model = "blank"\n'
                config.write_text(f"{model}batch_size = {batch_size}\n", encoding="utf-8")
                results = [measure(inputs, scratch_dir / "out", config)
                           for _ in range(args.repeat)]
                record = json.loads((scratch_dir / "out" / "latest" / "run.json").read_text())
                seconds = statistics.median(r[0] for r in results)
                peak = statistics.median(r[1] for r in results)
                rows.append((size, batch_size, record["counts"]["scored"], seconds, peak,
                             size / seconds))
                print(f"{size} articles, batch {batch_size}: {seconds:.0f} s, {peak:.0f} MiB",
                      file=sys.stderr, flush=True)
    mode = "spaCy" if args.spacy else "lexical-only"
    print(f"| articles | batch size | scored | wall time | peak memory | articles/s |  ({mode}, "
          f"median of {args.repeat})")
    print("|---|---|---|---|---|---|")
    for size, batch_size, scored, seconds, peak, rate in rows:
        print(f"| {size:,} | {batch_size} | {scored:,} | {seconds:.0f} s | {peak:.0f} MiB | "
              f"{rate:.1f} |")


if __name__ == "__main__":
    main()

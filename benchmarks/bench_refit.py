"""How long a refit takes once the analyses are cached: ``reliability train`` on allsides-dev,
run several times against the warm analysis cache, median wall time.

    .venv/bin/python -m benchmarks.bench_refit [--shared ../shared/data] [--repeats 3]

The first fit of a fresh cache analyses every article (about 15 minutes on one core for the
3,359 articles); every later fit reads the analyses back. Writes the model to a temporary
folder, never over the shipped one.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    data = Path(args.shared) / "allsides-dev"
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.repeats + 1):  # the first run warms the cache if it is cold
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "scoring.cli", "train",
                            str(data / "outlets.csv"), str(data / "articles"), "--rating",
                            "lin_pc1", "--out", out, "--version", "bench"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
    warm = times[1:]
    print(f"first run {times[0]:.1f} s; warm refits: median {statistics.median(warm):.1f} s "
          f"over {len(warm)} runs ({', '.join(f'{t:.1f}' for t in warm)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

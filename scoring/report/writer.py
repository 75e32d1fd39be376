"""Write a whole run's report so that readers only ever see a finished one.

Everything goes into a hidden temporary folder next to the final one, which is renamed into place
in one step; ``latest`` is then swapped to point at it, also in one step. If anything fails the
temporary folder is removed and the error propagates: no half-written run, ``latest`` untouched.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from scoring.history.records import ReportHistory
from scoring.report import html_writer
from scoring.report.csv_writer import write_articles_csv, write_history_csv, write_sources_csv
from scoring.report.views import NO_EXCERPTS
from scoring.types import ScoredArticle, SourceSummary

LATEST = "latest"
SAFE_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def check_run_id(run_id: str) -> None:
    """The run id names a folder: one path component, not hidden, not ``latest``."""
    if not SAFE_RUN_ID.fullmatch(run_id) or run_id == LATEST or run_id.startswith(LATEST + "."):
        raise ValueError(
            f"run id {run_id!r} must be 1-128 letters, digits, '.', '_' or '-', start with a "
            f"letter or digit, and not be {LATEST!r}"
        )


def point_latest(out_dir: Path, run_id: str) -> None:
    """Atomically make ``out_dir/latest`` a relative symlink to ``run_id``.

    Runs finishing at the same time take turns (an exclusive lock on the folder), and
    ``latest`` never moves back to an older run: run ids sort by start time, so the run that
    started last wins, whichever finishes last.
    """
    lock = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when closed, or when the process dies
        link = out_dir / LATEST
        current = os.readlink(link) if link.is_symlink() else ""
        if current > run_id and (out_dir / current).is_dir():
            return
        staging = out_dir / f"{LATEST}.tmp-{os.getpid()}"
        if staging.is_symlink() or staging.exists():
            staging.unlink()  # left by a crashed earlier process that had the same pid
        os.symlink(run_id, staging, target_is_directory=True)
        try:
            os.replace(staging, link)
        except BaseException:
            staging.unlink(missing_ok=True)
            raise
    finally:
        os.close(lock)


_OWNED = re.compile(r"(?:\.tmp-.+|\.work-.+|latest\.tmp)-(?P<pid>\d+)")


def remove_stale(out_dir: Path) -> list[str]:
    """Remove what killed runs left in ``out_dir``: staging and work folders, ``latest.tmp-*``.

    Each such name ends in the pid of the process that made it; only those of processes no longer
    running are removed, so a run going on at the same time is left alone. Returns the names.
    """
    removed: list[str] = []
    if not out_dir.is_dir():
        return removed
    for entry in sorted(out_dir.iterdir()):
        match = _OWNED.fullmatch(entry.name)
        if match is None or _is_running(int(match["pid"])):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry.name)
    return removed


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _feeding(pages: html_writer.PageWriter,
             articles: Iterable[ScoredArticle]) -> Iterator[ScoredArticle]:
    """The articles, each also handed to the page writer: one pass feeds CSV and HTML."""
    for scored in articles:
        pages.add(scored)
        yield scored


def write_report(
    out_dir: str | Path,
    run_id: str,
    articles: Iterable[ScoredArticle],
    sources: Sequence[SourceSummary],
    run_record: Mapping[str, object],
    methodology: Mapping[str, object],
    *,
    excerpts: Mapping[tuple[str, int, int], str] = NO_EXCERPTS,
    history: ReportHistory | None = None,
) -> Path:
    """Write ``out_dir/<run_id>/`` (``articles.csv``, ``sources.csv``, ``history.csv``,
    ``index.html``, ``sources/<slug>.html``, ``run.json``), point ``out_dir/latest`` at it,
    and return its path.

    ``sources[i].slug`` names the source's page: build slugs with :func:`source_slugs`.
    ``run_record`` is saved as ``run.json``; the index shows its ``finished_at`` (or
    ``started_at``) time and its ``skipped`` list of ``{"path", "reason"}``. ``methodology`` is
    ``{"baseline", "weights_version", "aggregation", "features": [{"name", "label",
    "description", "direction", "weight", "center", "scale", "rationale"}, ...]}`` and may add a
    ``"formula"`` sentence explaining how a contribution is computed. ``excerpts`` is the other
    side of every shared passage, keyed ``(article id, start, end)`` (see
    ``scoring.pipeline.passage_excerpts``); source pages show it beside this side. ``history``
    is each source's record over the runs (:func:`scoring.history.recording.report_history`):
    with it the pages show trends, and ``history.csv`` lists every source's runs.

    Raises ``FileExistsError`` if the run folder already exists: a finished run is never
    overwritten.
    """
    check_run_id(run_id)
    out_dir = Path(out_dir)
    final = out_dir / run_id
    if final.exists() or final.is_symlink():
        raise FileExistsError(f"report folder {final} already exists; use a new run id")
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / f".tmp-{run_id}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)  # left by a crashed process with the same pid
    try:
        staging.mkdir()
        pages = html_writer.PageWriter(staging, run_id, sources, methodology, excerpts=excerpts,
                                       history=history)
        try:
            write_articles_csv(staging / "articles.csv", _feeding(pages, articles))
        finally:
            pages.close()
        pages.finish(run_record)
        write_sources_csv(staging / "sources.csv", sources)
        if history is not None:
            write_history_csv(staging / "history.csv", history.points)
        run_json = json.dumps(run_record, indent=2, sort_keys=True, ensure_ascii=False)
        (staging / "run.json").write_text(run_json + "\n", encoding="utf-8", newline="\n")
        os.rename(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    point_latest(out_dir, run_id)
    return final


def prune_reports(out_dir: Path, keep: int) -> list[str]:
    """Remove the report folders of ``out_dir`` beyond the newest ``keep`` (0 keeps all), never
    the one ``latest`` points at; returns the names removed. A report folder is a run-id-named
    folder with a ``run.json``; run ids sort by start time. The history keeps every run."""
    if keep <= 0 or not out_dir.is_dir():
        return []
    link = out_dir / LATEST
    current = os.readlink(link) if link.is_symlink() else ""
    folders = sorted(entry.name for entry in out_dir.iterdir()
                     if entry.is_dir() and not entry.is_symlink()
                     and SAFE_RUN_ID.fullmatch(entry.name) and entry.name != LATEST
                     and (entry / "run.json").is_file())
    removed = [name for name in folders[:-keep] if name != current]
    for name in removed:
        shutil.rmtree(out_dir / name, ignore_errors=True)
    return removed

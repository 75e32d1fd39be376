"""End-to-end runs of the Prefect flow, in its own process and on a local cluster of two worker
processes (Prefect's test harness costs ~25 s: started once for the module)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import flows  # noqa: F401 - offline Prefect defaults
from benchmarks.days import sample_days
from scoring.features.specs import FEATURE_NAMES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="module")
def report(harness, tmp_path_factory):
    from flows.score_flow import reliability_flow

    out = tmp_path_factory.mktemp("reports")
    broken = tmp_path_factory.mktemp("broken")
    (broken / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (broken / "notes.xyz").write_text("not an article", encoding="utf-8")
    folder = reliability_flow(paths=[str(ROOT / "data" / "sample"), str(broken)], out=str(out))
    return out, Path(folder)


@pytest.fixture(scope="module")
def small_batches(tmp_path_factory) -> str:
    """Settings with batches of 4 articles: the sample's 15 make four batches."""
    path = tmp_path_factory.mktemp("settings") / "settings.toml"
    path.write_text("batch_size = 4\n", encoding="utf-8")
    return str(path)


def test_two_worker_processes_give_the_same_report_as_one(harness, small_batches,
                                                          tmp_path_factory):
    from flows.score_flow import run_reliability

    folders = {workers: Path(run_reliability(
        paths=[str(ROOT / "data" / "sample")], out=str(tmp_path_factory.mktemp(f"w{workers}")),
        config_path=small_batches, workers=workers)) for workers in (1, 2)}
    for name in ("articles.csv", "sources.csv"):
        assert (folders[1] / name).read_bytes() == (folders[2] / name).read_bytes(), name
    record = json.loads((folders[2] / "run.json").read_text(encoding="utf-8"))
    assert record["config"]["workers"] == 2 and record["counts"]["scored"] == 15
    assert record["config_hash"] == json.loads(
        (folders[1] / "run.json").read_text(encoding="utf-8"))["config_hash"]


def test_flow_writes_a_complete_report(report):
    out, folder = report
    assert (out / "latest").resolve() == folder.resolve()
    for name in ("index.html", "articles.csv", "sources.csv", "run.json"):
        assert (folder / name).is_file(), name
    sources = pd.read_csv(folder / "sources.csv")
    assert list(sources["source"])[0] == "Harbor Ledger"
    assert len(sources) == 5
    for row in sources.itertuples():
        assert (folder / "sources" / f"{_slug(row.source)}.html").is_file()
    articles = pd.read_csv(folder / "articles.csv")
    assert len(articles) == 15
    assert {*FEATURE_NAMES, *(f"contrib_{n}" for n in FEATURE_NAMES)} <= set(articles.columns)
    contributions = articles[[f"contrib_{n}" for n in FEATURE_NAMES]].sum(axis=1)
    assert ((articles["baseline"] + contributions - articles["score"]).abs() < 0.01).all()


def test_run_record_lists_skipped_inputs_with_reasons(report):
    _, folder = report
    record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert record["counts"] == {"found": 17, "scored": 15, "analysed": 15, "reused": 0,
                                "skipped": 2, "sources": 5}
    reasons = {Path(s["path"]).name: s["reason"] for s in record["skipped"]}
    assert reasons["binary.txt"] == "not text"
    assert reasons["notes.xyz"].startswith("unsupported format")
    assert record["weights_hash"] and record["config_hash"] and record["timings_seconds"]


def _slug(source: str) -> str:
    from scoring.report.slugs import source_slugs

    return source_slugs([source])[source]


def test_the_report_shows_the_origin_beside_a_copied_passage(report):
    _, folder = report
    page = (folder / "sources" / "valley-courier.html").read_text(encoding="utf-8")
    assert "Their text is not in this report" not in page
    # the Harbor Ledger's own words stand beside the Valley Courier's copy, read from the store
    assert page.count("A 24-inch water main ruptured beneath Tanner Street") >= 3
    assert "no credit" in page


# --- runs that remember: the history database ------------------------------------------------


def _record(folder: Path) -> dict:
    return json.loads((folder / "run.json").read_text(encoding="utf-8"))


def test_a_second_run_reuses_every_analysis_and_reports_the_same(harness, small_batches,
                                                                 tmp_path):
    from flows.score_flow import run_reliability

    out = tmp_path / "reports"
    first, second = (Path(run_reliability(paths=[str(ROOT / "data" / "sample")], out=str(out),
                                          config_path=small_batches, workers=workers))
                     for workers in (1, 2))
    assert _record(first)["counts"] == {"found": 15, "scored": 15, "analysed": 15,
                                             "reused": 0, "skipped": 0, "sources": 5}
    counts = _record(second)["counts"]
    assert (counts["analysed"], counts["reused"]) == (0, 15)
    assert counts["found"] == counts["analysed"] + counts["reused"] + counts["skipped"]
    for name in ("articles.csv", "sources.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (out / "history.sqlite").is_file()


def test_three_days_of_runs_show_three_points_and_history_agrees(harness, tmp_path, capsys):
    from flows.score_flow import run_reliability
    from scoring.cli import main

    out, db = tmp_path / "reports", f"sqlite:///{tmp_path / 'elsewhere' / 'history.sqlite'}"
    folders, counts = [], []
    for day in sample_days(tmp_path):
        folders.append(Path(run_reliability(paths=[str(day)], out=str(out), workers=1, db=db,
                                            keep=2)))
        counts.append(_record(folders[-1])["counts"])
    # each day reuses what the days before analysed
    assert [c["reused"] for c in counts] == [0, counts[0]["scored"], counts[1]["scored"]]
    assert all(c["found"] == c["analysed"] + c["reused"] + c["skipped"] for c in counts)
    # --keep 2: the first report folder is gone, the history still has all three runs
    assert not folders[0].exists() and folders[1].is_dir() and folders[2].is_dir()
    assert not (out / "history.sqlite").exists()
    latest = out / "latest"
    history = pd.read_csv(latest / "history.csv")
    assert set(history.groupby("source").size()) == {3}
    for source in history["source"].unique():
        page = (latest / "sources" / f"{_slug(source)}.html").read_text(encoding="utf-8")
        section = page[page.index('class="card history"'):page.index("<h2>What moves")]
        assert section.count("<circle") == 3, source
    index = (latest / "index.html").read_text(encoding="utf-8")
    assert index.count('class="trend"') == 5 and "Since the previous run:" in index
    assert main(["history", "--db", db, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [r["run_id"] for r in printed["runs"]] == [f.name for f in folders]
    for position, run_id in enumerate(r["run_id"] for r in printed["runs"]):
        if position == 0:
            continue  # its report folder was pruned; its points are in the later history.csv
        sources = pd.read_csv(out / run_id / "sources.csv")
        for row in sources.itertuples():
            point = next(p for s in printed["sources"] if s["source"] == row.source
                         for p in s["points"] if p["run_id"] == run_id)
            assert point["score"] == pytest.approx(row.score, abs=1e-4)
            assert (point["band"], point["articles"]) == (row.band, row.articles)

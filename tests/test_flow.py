"""End-to-end runs of the Prefect flow, in its own process and on a local cluster of two worker
processes (Prefect's test harness costs ~25 s: started once for the module)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import flows  # noqa: F401 - offline Prefect defaults
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
    assert record["counts"] == {"found": 17, "scored": 15, "skipped": 2, "sources": 5}
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

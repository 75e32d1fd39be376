"""A run and its history, without Prefect: stored analyses reused, the versions they are stored
under, what the report makes of the history (trends, changes in words, ``history.csv``) and
keeping the newest report folders."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from scoring.cache import analysis_version
from scoring.config import Config
from scoring.history.records import SourceChange, SourcePoint
from scoring.ingest import iter_inputs
from scoring.pipeline import analyse_batch
from scoring.report.changes import change_text, changes_markdown
from scoring.report.csv_writer import HISTORY_COLUMNS, write_history_csv
from scoring.report.trends import LARGE, SMALL, chart, trend_view
from scoring.report.writer import point_latest, prune_reports
from scoring.store import unpack_article
from scoring.types import Article

ROOT = Path(__file__).resolve().parent.parent
LEXICAL = Config(language_model="blank")
T0 = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample() -> list[Article]:
    return [a for a in iter_inputs([str(ROOT / "data" / "sample")], LEXICAL)
            if isinstance(a, Article)]


def test_stored_analyses_are_read_back_not_analysed_again(sample):
    fresh = analyse_batch(0, sample, LEXICAL)
    assert fresh.fresh == (True,) * len(sample) and fresh.reused == 0
    stored = {id_: blob for (id_, _), blob in zip(fresh.articles, fresh.packed, strict=True)}
    again = analyse_batch(0, sample, LEXICAL, stored)
    assert again.reused == len(sample)
    assert again.articles == fresh.articles and again.features == fresh.features
    assert [p.id for p in again.prints] == [p.id for p in fresh.prints]
    assert all((a.keys == b.keys).all() for a, b in zip(again.prints, fresh.prints, strict=True))


def test_reuse_keeps_input_order_and_reads_where_the_article_is_now(sample):
    fresh = analyse_batch(0, sample, LEXICAL)
    stored = dict(list(zip((i for i, _ in fresh.articles), fresh.packed, strict=True))[::2])
    moved = [replace(a, path=f"elsewhere/{n}.txt", url=f"https://moved.example/{n}")
             for n, a in enumerate(sample)]
    mixed = analyse_batch(3, moved, LEXICAL, stored)
    assert mixed.articles == fresh.articles and mixed.features == fresh.features
    assert mixed.fresh == tuple(n % 2 == 1 for n in range(len(sample)))
    for n, blob in enumerate(mixed.packed):
        _, analysis, print_ = unpack_article(blob)
        assert analysis.article.path == f"elsewhere/{n}.txt"
        assert print_.url == f"https://moved.example/{n}"


def test_an_analysis_made_under_another_title_is_not_reused(sample):
    article = next(a for a in sample if a.title)
    stored = dict(zip((i for i, _ in analyse_batch(0, [article], LEXICAL).articles),
                      analyse_batch(0, [article], LEXICAL).packed, strict=True))
    retitled = replace(article, title="SHOCKING: you will not believe this")
    result = analyse_batch(0, [retitled], LEXICAL, stored)
    assert result.fresh == (True,)
    assert unpack_article(result.packed[0])[0] == retitled.title


def test_a_new_model_or_other_workers_keep_the_analysis_version():
    version = analysis_version(LEXICAL)
    assert analysis_version(replace(LEXICAL, weights_path="other/weights.toml", workers=4,
                                    history_url="sqlite:///x", keep_reports=3,
                                    reasons_per_source=5)) == version
    assert analysis_version(replace(LEXICAL, copy_min_words=9)) != version
    assert replace(LEXICAL, weights_path="w.toml").digest() != LEXICAL.digest()


def _points(scores: list[float], *, days: list[int] | None = None) -> list[SourcePoint]:
    days = days or list(range(len(scores)))
    return [SourcePoint(f"run-{n}", T0 + timedelta(days=day), score, "mixed", 3 + n)
            for n, (score, day) in enumerate(zip(scores, days, strict=True))]


def test_charts_place_runs_by_time_inside_the_chart():
    small = chart(_points([40.0, 60.0, 50.0], days=[0, 1, 7]), SMALL)
    xs = [p.x for p in small.points]
    assert xs == sorted(xs) and xs[1] - xs[0] < (xs[2] - xs[1]) / 3  # a week's gap shows
    for c in (small, chart(_points([40.0, 60.0, 50.0]), LARGE, 36)):
        assert all(c.left <= p.x <= c.width and 0 <= p.y <= c.height for p in c.points)
        top, bottom = sorted(c.points, key=lambda p: p.y)[0], max(c.points, key=lambda p: p.y)
        assert (top.score, bottom.score) == (60.0, 40.0)
    assert chart(_points([97.0]), SMALL).ticks[0].label == "100"  # within 0-100, 10 wide
    assert len(chart(_points([97.0]), SMALL).line.split()) == 1


def test_a_change_is_told_in_words():
    before, after = _points([60.0, 51.8])
    change = SourceChange("TrendPulse", before, after, -8.2, 3,
                          (("uncredited_copy_share", -6.1), ("hedges_per_100_words", -1.4),
                           ("exclamation_share", 0.01)))
    text = change_text(change)
    assert text.startswith("\u22128.2: ") and text.endswith("; 3 more articles")
    assert "\u22126.1" in text and "\u22121.4" in text and "0.0" not in text
    assert change_text(SourceChange("New", None, after, None, 4, ())) == "new in this run"
    assert change_text(replace(change, contribution_deltas=(), articles_delta=0)) == (
        "\u22128.2: no change")
    view = trend_view([before, after], change)
    assert (view.direction, view.delta, view.change) == ("down", "\u22128.2", text)
    assert [p.run_id for p in view.rows] == ["run-1", "run-0"]
    assert trend_view([after], None).change == ""
    table = changes_markdown([change, replace(change, source="A | B")], "run-0")
    assert "`run-0`" in table and "| TrendPulse | 51.8 | mixed |" in table and "A \\| B" in table


def test_history_csv_lists_every_source_and_run(tmp_path):
    write_history_csv(tmp_path / "history.csv", {"B": _points([50.0, 55.0]),
                                                 "A": _points([70.0])})
    frame = pd.read_csv(tmp_path / "history.csv")
    assert tuple(frame.columns) == HISTORY_COLUMNS
    assert list(frame["source"]) == ["A", "B", "B"]
    assert list(frame["finished_at"])[1] == "2026-12-01T06:00:00+00:00"


def test_only_the_newest_report_folders_are_kept(tmp_path):
    names = [f"20261201T06000{n}000000Z" for n in range(5)]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "run.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes").mkdir()  # not a report folder: never touched
    (tmp_path / "history.sqlite").write_bytes(b"")
    point_latest(tmp_path, names[1])  # latest points at an older run: it stays
    assert prune_reports(tmp_path, 0) == []
    assert prune_reports(tmp_path, 2) == [names[0], names[2]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [names[1], names[3], names[4], "notes", "history.sqlite", "latest"])
    assert os.readlink(tmp_path / "latest") == names[1]

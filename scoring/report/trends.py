"""Each source's score over the runs a history recorded: the view records the index's small
trend charts, the source pages' full charts and tables, and ``history.csv`` are made from.

Charts are inline SVG drawn by the templates from the coordinates computed here (no script, no
file to load: within the report's Content-Security-Policy). Runs are placed by when they
finished, so a week without runs shows as a gap; the score axis spans the source's own range,
at least :data:`MIN_SPAN` points, within 0-100.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scoring.history.records import SourceChange, SourcePoint
from scoring.report.changes import change_text
from scoring.report.formatting import signed_points

MIN_SPAN = 10.0
"""The smallest score range a chart's axis shows, so that noise does not look like a trend."""
SMALL = (72, 24)
LARGE = (640, 180)
PAD = 4
"""Pixels between the plot and the chart's edge (the dots' radius fits inside)."""
LARGE_LEFT = 36
"""Pixels left of the large chart's plot, for its axis labels."""


@dataclass(frozen=True)
class TrendPoint:
    x: float
    y: float
    run_id: str
    when: str
    score: float
    band: str
    articles: int

    @property
    def title(self) -> str:
        return f"{self.when}: {self.score:.1f} ({self.band}), {self.articles} articles"


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    points: tuple[TrendPoint, ...]
    ticks: tuple[Tick, ...]
    left: int

    @property
    def line(self) -> str:
        """The polyline's ``points`` attribute."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class TrendView:
    """A source's history as its report shows it."""

    small: TrendChart
    large: TrendChart
    change: str
    """How it changed since the previous run, in words (:func:`scoring.report.changes.change_text`);
    empty on its first run."""
    direction: str
    """``up``, ``down`` or ``flat``: the colour of the change."""
    delta: str
    """The score's change alone, ``+2.1``; empty on its first run."""

    @property
    def rows(self) -> tuple[TrendPoint, ...]:
        """The runs, newest first, for the source page's table."""
        return tuple(reversed(self.large.points))


def chart(points: Sequence[SourcePoint], size: tuple[int, int], left: int = PAD) -> TrendChart:
    """``points`` (oldest first) placed in a ``size`` chart with ``left`` pixels for labels."""
    width, height = size
    scores = [p.score for p in points]
    low, high = min(scores), max(scores)
    if high - low < MIN_SPAN:
        middle = (high + low) / 2
        low, high = middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
        if low < 0:
            low, high = 0.0, MIN_SPAN
        elif high > 100:
            low, high = 100.0 - MIN_SPAN, 100.0
    times = [p.finished_at.timestamp() for p in points]
    first, last = times[0], times[-1]
    inner_w, inner_h = width - left - PAD, height - 2 * PAD

    def x(position: int) -> float:
        if len(points) == 1:
            return left + inner_w / 2
        if last == first:
            return left + inner_w * position / (len(points) - 1)
        return left + inner_w * (times[position] - first) / (last - first)

    def y(score: float) -> float:
        return PAD + inner_h * (high - score) / (high - low)

    placed = tuple(TrendPoint(x(i), y(p.score), p.run_id,
                              p.finished_at.strftime("%Y-%m-%d %H:%M UTC"), p.score, p.band,
                              p.articles) for i, p in enumerate(points))
    ticks = (Tick(y(high), f"{high:.0f}"), Tick(y(low), f"{low:.0f}"))
    return TrendChart(width, height, placed, ticks, left)


def trend_view(points: Sequence[SourcePoint], change: SourceChange | None) -> TrendView:
    """The view of one source's ``points`` (oldest first, this run's last) and its ``change``
    since the previous run (``None`` when the source is new)."""
    delta = change.score_delta if change is not None else None
    direction = ("flat" if delta is None or signed_points(delta) == "0.0"
                 else "up" if delta > 0 else "down")
    return TrendView(chart(points, SMALL), chart(points, LARGE, LARGE_LEFT),
                     change_text(change) if change is not None and change.before else "",
                     direction, signed_points(delta) if delta is not None else "")


def trend_views(points: Mapping[str, Sequence[SourcePoint]],
                changes: Mapping[str, SourceChange]) -> dict[str, TrendView]:
    """:func:`trend_view` of every source with points, by name."""
    return {source: trend_view(series, changes.get(source))
            for source, series in points.items() if series}

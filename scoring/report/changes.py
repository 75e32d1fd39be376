"""How a source changed since the previous run, in words: for the index, the source pages and
the run's Prefect artifact.

A change reads ``−8.2: Share copied without credit −6.1, Hedges per 100 words −1.4; 3 more
articles``: the score's change, then the mean contributions that moved it most (each in score
points), then the change in articles.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.history.records import SourceChange, SourcePoint
from scoring.report.formatting import feature_label, signed_points

MIN_POINTS = 0.05
"""A contribution that moved less than this (in score points) is not named."""


def moved(change: SourceChange) -> list[str]:
    """The contributions that moved most, ``"Label −6.1"`` each, largest first."""
    return [f"{feature_label(name)} {signed_points(points)}"
            for name, points in change.contribution_deltas if abs(points) >= MIN_POINTS]


def articles_moved(delta: int) -> str:
    if not delta:
        return ""
    word = "article" if abs(delta) == 1 else "articles"
    return f"{abs(delta)} {'more' if delta > 0 else 'fewer'} {word}"


def change_text(change: SourceChange) -> str:
    """The change in one line (see the module docstring)."""
    if change.before is None:
        return "new in this run"
    if change.after is None:
        return "not in this run"
    parts = "; ".join(part for part in (", ".join(moved(change)),
                                        articles_moved(change.articles_delta)) if part)
    head = signed_points(change.score_delta or 0.0)
    return f"{head}: {parts}" if parts else f"{head}: no change"


def changes_markdown(changes: Sequence[SourceChange], previous: str) -> str:
    """The changes as a Markdown table, for the run's Prefect artifact."""
    lines = [f"# Changes since the previous run\n\nPrevious run: `{previous}`.\n",
             "| source | score | band | change |", "|---|---:|---|---|"]
    for change in changes:
        point: SourcePoint | None = change.after or change.before
        score = f"{change.after.score:.1f}" if change.after else "—"
        lines.append(f"| {_cell(change.source)} | {score} | {point.band if point else ''} | "
                     f"{_cell(change_text(change))} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")

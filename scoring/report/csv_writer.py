"""The CSV tables of a run: one row per article, one row per source, and (``history.csv``) one
row per source and past run.

Output is byte-identical for the same input: fixed column order (from ``FEATURE_NAMES``), floats
rounded to :data:`FLOAT_DECIMALS` decimals, ``\\n`` line endings, UTF-8. Text cells that a
spreadsheet would run as a formula get a leading ``'`` (OWASP "CSV injection").

Columns after the feature columns come from the whole-run step (copying and corroboration); they
are appended at the end so that earlier columns keep their positions.

``sources.csv`` has ``band`` right after ``score``: the plain name of the model's score band the
source's score falls in (``high``, ``generally reliable``, ``mixed``, ``low`` for the shipped
bands).

``articles.csv`` ends with ``originality`` (the article's level: original, partly derived, mostly
derived, wholesale copy) and ``story`` (its story number: articles of one story share it); both
are empty when the article has no whole-run result.

``sources.csv`` ends with ``articles_original``, ``articles_partly_derived``,
``articles_mostly_derived``, ``articles_wholesale_copy`` (how many of the source's articles are at
each originality level), ``facts`` (checked facts in its articles), ``facts_corroborated_share``
and ``facts_alone_share`` (the share of those facts that an independent outlet corroborates, and
that only this source reports; empty when it has no checked fact) and ``facts_in_conflict`` (how
many of them independent outlets state differently, none agreeing).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from scoring.corpus import ORIGINALITY_LEVELS
from scoring.features.specs import FEATURE_NAMES
from scoring.report.aggregate import fact_shares
from scoring.report.ranking import rank_sources
from scoring.types import ScoredArticle, SourceSummary

if TYPE_CHECKING:
    from scoring.history.records import SourcePoint

FLOAT_DECIMALS = 4
REASON_SEPARATOR = "; "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make Excel, LibreOffice or Sheets evaluate a cell (OWASP)."""

ARTICLE_COLUMNS: tuple[str, ...] = (
    ("id", "source", "title", "url", "published", "path", "score")
    + FEATURE_NAMES
    + tuple(f"contrib_{name}" for name in FEATURE_NAMES)
    + ("baseline", "originality", "story")
)
SOURCE_COLUMNS: tuple[str, ...] = (
    ("rank", "source", "articles", "score", "band", "baseline")
    + tuple(f"mean_{name}" for name in FEATURE_NAMES)
    + tuple(f"contrib_{name}" for name in FEATURE_NAMES)
    + ("reasons",)
    + tuple(f"articles_{level.replace(' ', '_')}" for level in ORIGINALITY_LEVELS)
    + ("facts", "facts_corroborated_share", "facts_alone_share", "facts_in_conflict")
)

HISTORY_COLUMNS = ("source", "run_id", "finished_at", "score", "band", "articles")

Cell = str | int | float


def neutralise_formula(text: str) -> str:
    """Prefix ``'`` to a text cell a spreadsheet would otherwise evaluate as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _cell(value: Cell) -> str | int | Decimal:
    """The cell as written: numbers stay numbers (a negative number is not a formula).

    Floats become a ``Decimal`` of their rounded text so the writer prints them exactly so and,
    being numbers, leaves them unquoted.
    """
    if isinstance(value, str):
        return neutralise_formula(value)
    if isinstance(value, bool):
        raise TypeError(f"csv cell: booleans are not a column type here, got {value!r}")
    if isinstance(value, int):
        return value
    if not math.isfinite(value):
        return ""  # NaN/inf have no spreadsheet-safe spelling; an empty cell reads as missing
    # fixed notation (never 1e-05), trailing zeros dropped; "+ 0.0" turns -0.0 into 0.0
    rounded = round(value, FLOAT_DECIMALS) + 0.0
    return Decimal(f"{rounded:.{FLOAT_DECIMALS}f}".rstrip("0").rstrip("."))


def _write_rows(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        # Every text cell is quoted: the csv module would leave a lone "\r" unquoted when lines
        # end in "\n", and spreadsheets would read it as a line break.
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(columns)
        for row in rows:  # one row at a time: a run's articles stream through here
            writer.writerow([_cell(value) for value in row])


def per_feature(values: Mapping[str, float], what: str) -> list[float]:
    """``values`` in ``FEATURE_NAMES`` order; a missing feature is an error that names it."""
    missing = [name for name in FEATURE_NAMES if name not in values]
    if missing:
        raise ValueError(f"{what}: missing feature(s) {missing}; expected all of {FEATURE_NAMES}")
    return [values[name] for name in FEATURE_NAMES]


def article_row(scored: ScoredArticle) -> list[Cell]:
    article = scored.article
    what = f"article {article.id!r}"
    return [
        article.id, article.source, article.title, article.url, article.published, article.path,
        scored.score,
        *per_feature(scored.analysis.features, f"{what} features"),
        *per_feature(scored.contributions, f"{what} contributions"),
        scored.baseline,
        scored.corpus.originality if scored.corpus else "",
        scored.corpus.story if scored.corpus else "",
    ]


def source_row(rank: int, summary: SourceSummary) -> list[Cell]:
    what = f"source {summary.source!r}"
    return [
        rank, summary.source, summary.n_articles, summary.score, summary.band,
        summary.baseline,
        *per_feature(summary.feature_means, f"{what} feature means"),
        *per_feature(summary.contributions, f"{what} contributions"),
        REASON_SEPARATOR.join(summary.reasons),
        *summary.originality_counts,
        *_fact_cells(summary.fact_statuses),
    ]


def _fact_cells(statuses: Sequence[int]) -> list[Cell]:
    """A share of no facts is missing (an empty cell), not zero."""
    facts, corroborated, alone, conflict = fact_shares(statuses)
    return [facts, math.nan if corroborated is None else corroborated,
            math.nan if alone is None else alone, conflict]


def write_articles_csv(path: str | Path, articles: Iterable[ScoredArticle]) -> None:
    """One row per article, in the order given (consumed once); columns are
    :data:`ARTICLE_COLUMNS`."""
    _write_rows(Path(path), ARTICLE_COLUMNS, (article_row(a) for a in articles))


def write_sources_csv(path: str | Path, sources: Sequence[SourceSummary]) -> None:
    """One row per source, best first (see :func:`rank_sources`); columns are
    :data:`SOURCE_COLUMNS`."""
    rows = [source_row(rank, summary) for rank, summary in rank_sources(sources)]
    _write_rows(Path(path), SOURCE_COLUMNS, rows)


def write_history_csv(path: str | Path, points: Mapping[str, Sequence[SourcePoint]]) -> None:
    """One row per source and run the history recorded, by source, oldest run first; columns
    are :data:`HISTORY_COLUMNS` (``finished_at`` in ISO 8601, UTC)."""
    rows = ([source, p.run_id, p.finished_at.isoformat(timespec="seconds"), p.score, p.band,
             p.articles] for source in sorted(points) for p in points[source])
    _write_rows(Path(path), HISTORY_COLUMNS, rows)

"""The HTML pages of a run: ``index.html`` and one ``sources/<slug>.html`` per source.

Pages are static and self-contained (the stylesheet is inlined, no JavaScript, no network), so
they open from disk. Scores are coloured by the model's score bands (``methodology["bands"]``),
and the index's methodology shows the model card (``methodology["card"]``) when there is one.
Every value reaches the page through Jinja2 with autoescaping on; this module holds the Jinja2
environment and the page writer, the view records come from :mod:`scoring.report.views` and
:mod:`scoring.report.methodology`, and the templates hold all markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import jinja2
from markupsafe import Markup

from scoring import __version__
from scoring.history.records import ReportHistory
from scoring.model import DEFAULT_BANDS, Band, band_for
from scoring.report.formatting import compact, css_token, signed_points
from scoring.report.methodology import (
    BandView,
    band_rows,
    band_view,
    bands_of,
    card_part,
    card_view,
)
from scoring.report.ranking import rank_sources
from scoring.report.slugs import WINDOWS_RESERVED
from scoring.report.trends import trend_views
from scoring.report.views import (
    NO_EXCERPTS,
    SENTENCE_STYLES,
    article_view,
    contributions_chart,
    skipped_rows,
    source_corpus_view,
)
from scoring.types import ScoredArticle, SourceSummary

TEMPLATES = Path(__file__).parent / "templates"
MAX_SKIPPED_ROWS = 500
"""The index lists at most this many skipped inputs; ``run.json`` has them all."""
SAFE_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?")


def run_time(run_record: Mapping[str, object]) -> str:
    for key in ("finished_at", "started_at", "created_at", "when"):
        if run_record.get(key):
            return str(run_record[key])
    return ""


def check_slugs(sources: Sequence[SourceSummary]) -> None:
    """Slugs become file names: refuse unsafe or duplicate ones (set them with source_slugs)."""
    seen: dict[str, str] = {}
    for summary in sources:
        if not SAFE_SLUG.fullmatch(summary.slug) or summary.slug in WINDOWS_RESERVED:
            raise ValueError(
                f"source {summary.source!r}: unsafe slug {summary.slug!r}; "
                "build slugs with scoring.report.source_slugs"
            )
        if summary.slug in seen:
            raise ValueError(
                f"sources {seen[summary.slug]!r} and {summary.source!r} share slug {summary.slug!r}"
            )
        seen[summary.slug] = summary.source


# --- rendering -----------------------------------------------------------------------------------


def environment(bands: Sequence[Band] = DEFAULT_BANDS) -> jinja2.Environment:
    """The templates' environment; ``bands`` (the model's, highest first) colour every score."""

    def band_of(score: float, name: str = "") -> BandView:
        """A score's band; ``name`` when the caller knows it already (a source summary's)."""
        return band_view(bands, name or band_for(bands, score))

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["score"] = lambda value: f"{value:.1f}"
    env.filters["points"] = signed_points
    env.filters["compact"] = compact
    env.filters["token"] = css_token
    env.globals["corpus_of"] = source_corpus_view
    env.globals["band_of"] = band_of
    env.globals["version"] = __version__
    return env


def _write(path: Path, html: str) -> None:
    path.write_text(html, encoding="utf-8", newline="\n")


@dataclass(frozen=True)
class TocRow:
    """An article's line in its source page's table of contents, and where its section is."""

    anchor: str
    title: str
    published: str
    score: float
    id: str
    offset: int
    length: int
    originality: str = ""


class PageWriter:
    """The HTML pages of a run, written while its articles stream past once.

    Each article's section is rendered as it arrives and appended to one fragments file; at
    :meth:`finish`, each source page is assembled from its articles' sections, best score first,
    reading them back one at a time. Memory holds one table-of-contents row per article.
    """

    FRAGMENTS = ".sections.html"

    def __init__(self, folder: str | Path, run_id: str, sources: Sequence[SourceSummary],
                 methodology: Mapping[str, object], *,
                 excerpts: Mapping[tuple[str, int, int], str] = NO_EXCERPTS,
                 history: ReportHistory | None = None) -> None:
        """``excerpts`` holds the other side of every shared passage (see
        ``scoring.pipeline.passage_excerpts``); without it passages show this article's side only.
        ``history`` holds each source's points over the runs (this run's last) and its change
        since the previous run: the index shows a trend per source, each source page its runs.
        """
        check_slugs(sources)
        self.folder = Path(folder)
        self.history = history or ReportHistory()
        self.trends = trend_views(self.history.points, self.history.changes)
        self.sources = list(sources)
        self.excerpts = excerpts
        self.slugs = {summary.source: summary.slug for summary in self.sources}
        self.methodology = methodology
        self.bands = bands_of(methodology)
        self.env = environment(self.bands)
        self.common = {
            "run_id": run_id,
            "weights_version": methodology.get("weights_version", ""),
            "baseline": methodology.get("baseline"),
        }
        self._section = self.env.get_template("_article.html")
        self._toc: dict[str, list[TocRow]] = {s.source: [] for s in self.sources}
        self._fragments = open(self.folder / self.FRAGMENTS, "wb")  # noqa: SIM115 - closed in finish
        self._count = 0

    def add(self, scored: ScoredArticle) -> None:
        """Render one article's section (anchors number articles in run order: unique)."""
        self._count += 1
        view = article_view(self._count, scored, excerpts=self.excerpts, slugs=self.slugs)
        data = self._section.render(a=view).encode("utf-8")
        offset = self._fragments.tell()
        self._fragments.write(data)
        self._toc[scored.article.source].append(TocRow(
            view.anchor, view.title, view.published, view.score, view.id, offset, len(data),
            view.originality))

    def finish(self, run_record: Mapping[str, object]) -> None:
        """Write ``index.html`` and every ``sources/<slug>.html``; drop the fragments file."""
        self._fragments.close()
        skipped = skipped_rows(run_record.get("skipped") or ())  # type: ignore[arg-type]
        card = card_part(self.methodology.get("card"))
        _write(
            self.folder / "index.html",
            self.env.get_template("index.html").render(
                **self.common,
                root="",
                when=run_time(run_record),
                n_articles=self._count,
                ranked=rank_sources(self.sources),
                skipped=skipped[:MAX_SKIPPED_ROWS],
                n_skipped=len(skipped),
                methodology=self.methodology,
                bands=band_rows(self.bands, card_part(card.get("cross_validated")).get(
                    "calibration")),
                card=card_view(card) if card else None,
                trends=self.trends,
                previous=(self.history.previous.finished_at.strftime("%Y-%m-%d %H:%M UTC")
                          if self.history.previous else ""),
                n_runs=max((len(t.large.points) for t in self.trends.values()), default=0),
            ),
        )
        (self.folder / "sources").mkdir(exist_ok=True)
        page = self.env.get_template("source.html")
        with open(self.folder / self.FRAGMENTS, "rb") as fragments:
            for rank, summary in rank_sources(self.sources):
                toc = sorted(self._toc[summary.source], key=lambda row: (-row.score, row.id))
                stream = page.stream(
                    **self.common,
                    root="../",
                    rank=rank,
                    n_sources=len(self.sources),
                    summary=summary,
                    chart=contributions_chart(summary.contributions, summary.feature_means),
                    trend=self.trends.get(summary.source),
                    toc=toc,
                    bodies=_sections(fragments, toc),
                    sentence_styles=SENTENCE_STYLES,
                )
                with open(self.folder / "sources" / f"{summary.slug}.html", "w",
                          encoding="utf-8", newline="\n") as handle:
                    stream.dump(handle)
        (self.folder / self.FRAGMENTS).unlink()

    def close(self) -> None:
        """Release the fragments file after a failure (the caller removes the folder)."""
        self._fragments.close()


def _sections(fragments: BinaryIO, toc: Sequence[TocRow]) -> Iterator[Markup]:
    for row in toc:
        fragments.seek(row.offset)
        yield Markup(fragments.read(row.length).decode("utf-8"))  # noqa: S704 - rendered by us

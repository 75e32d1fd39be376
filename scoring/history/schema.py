"""The tables of the history database as they are at the newest migration (the head).

The migrations in ``migrations/versions/`` make this schema; they never import this module (a
migration describes its own moment). ``tests/test_history.py`` checks that the head the
migrations make matches these definitions.

- ``runs``: one row per recorded run, with its article and source counts.
- ``run_sources``: a source's aggregate in one run: score, band, articles, mean contributions and
  feature means. Keyed by (run, source); indexed by source for per-source histories.
- ``articles``: an article as analysed at one analysis version: source, URL, title, publication
  date, the analysis's own feature values, and the caller's opaque analysis blob (so the next
  run need not parse it again). Keyed by (article id, analysis version).
- ``run_articles``: what one run made of an article: score, contributions, the features it was
  scored on (whole-run ones included), originality, story. Keyed by (run, article); points at
  the ``articles`` row it scored.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
"""JSON text on SQLite, ``jsonb`` on PostgreSQL."""

metadata = sa.MetaData()

runs = sa.Table(
    "runs", metadata,
    sa.Column("run_id", sa.Text),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("model_version", sa.Text, nullable=False),
    sa.Column("analysis_version", sa.Text, nullable=False),
    sa.Column("details", JSON, nullable=True),
    sa.Column("article_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("source_count", sa.Integer, nullable=False, server_default="0"),
    sa.PrimaryKeyConstraint("run_id", name="pk_runs"),
    sa.Index("ix_runs_finished_at", "finished_at"),
)

run_sources = sa.Table(
    "run_sources", metadata,
    sa.Column("run_id", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("baseline", sa.Float, nullable=False),
    sa.Column("band", sa.Text, nullable=False),
    sa.Column("article_count", sa.Integer, nullable=False),
    sa.Column("contributions", JSON, nullable=False),
    sa.Column("features", JSON, nullable=False),
    sa.PrimaryKeyConstraint("run_id", "source", name="pk_run_sources"),
    sa.ForeignKeyConstraint(["run_id"], ["runs.run_id"], name="fk_run_sources_run",
                            ondelete="CASCADE"),
    sa.Index("ix_run_sources_source", "source", "run_id"),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("article_id", sa.Text),
    sa.Column("analysis_version", sa.Text),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("published", sa.Text, nullable=False),
    sa.Column("features", JSON, nullable=False),
    sa.Column("analysis", sa.LargeBinary, nullable=True),
    sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("article_id", "analysis_version", name="pk_articles"),
)

run_articles = sa.Table(
    "run_articles", metadata,
    sa.Column("run_id", sa.Text),
    sa.Column("article_id", sa.Text),
    sa.Column("analysis_version", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("contributions", JSON, nullable=False),
    sa.Column("features", JSON, nullable=False),
    sa.Column("originality", sa.Text, nullable=False),
    sa.Column("story", sa.Integer, nullable=True),
    sa.PrimaryKeyConstraint("run_id", "article_id", name="pk_run_articles"),
    sa.ForeignKeyConstraint(["run_id"], ["runs.run_id"], name="fk_run_articles_run",
                            ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["article_id", "analysis_version"],
                            ["articles.article_id", "articles.analysis_version"],
                            name="fk_run_articles_article"),
)

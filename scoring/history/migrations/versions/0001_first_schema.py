"""The first schema: runs, their sources, articles as analysed, and what each run made of them.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("run_id", sa.Text),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("model_version", sa.Text, nullable=False),
        sa.Column("analysis_version", sa.Text, nullable=False),
        sa.Column("details", JSON, nullable=True),
        sa.PrimaryKeyConstraint("run_id", name="pk_runs"),
    )
    op.create_index("ix_runs_finished_at", "runs", ["finished_at"])
    op.create_table(
        "run_sources",
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
    )
    op.create_table(
        "articles",
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
    op.create_table(
        "run_articles",
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


def downgrade() -> None:
    op.drop_table("run_articles")
    op.drop_table("articles")
    op.drop_table("run_sources")
    op.drop_index("ix_runs_finished_at", table_name="runs")
    op.drop_table("runs")

"""Run counts kept on the run, and an index for per-source histories.

Listing runs with their article and source counts used to count ``run_articles`` rows for every
run (a scan that grows with every article ever recorded); the counts are now two columns of
``runs``, filled in here from the rows already recorded. A source's history (its points over
runs) read every ``run_sources`` row; ``ix_run_sources_source`` finds one source's rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("runs", sa.Column("article_count", sa.Integer, nullable=False,
                                    server_default="0"))
    op.add_column("runs", sa.Column("source_count", sa.Integer, nullable=False,
                                    server_default="0"))
    op.execute(
        "UPDATE runs SET"
        " article_count = (SELECT COUNT(*) FROM run_articles"
        "                  WHERE run_articles.run_id = runs.run_id),"
        " source_count = (SELECT COUNT(*) FROM run_sources"
        "                 WHERE run_sources.run_id = runs.run_id)")
    op.create_index("ix_run_sources_source", "run_sources", ["source", "run_id"])


def downgrade() -> None:
    op.drop_index("ix_run_sources_source", table_name="run_sources")
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch "move and copy" of ``runs``
    # would drop the old table, and with foreign keys on that deletes every run's rows
    op.drop_column("runs", "source_count")
    op.drop_column("runs", "article_count")

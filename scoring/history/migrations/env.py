"""Alembic's entry point for the history database's migrations.

Run through :func:`scoring.history.migrate.upgrade`, which opens the connection (inside the
transaction it will commit) and names the version table; there is no ``alembic.ini``.
"""

from __future__ import annotations

from alembic import context

config = context.config
connection = config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("the history migrations run through scoring.history.migrate.upgrade(), "
                       "on a connection it opens")

context.configure(connection=connection, target_metadata=None,
                  version_table=config.attributes["version_table"])
with context.begin_transaction():
    context.run_migrations()

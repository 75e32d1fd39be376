"""The schema's versions: Alembic migrations run from code, no ``alembic.ini`` needed.

The migrations live in ``migrations/versions/`` (``0001`` the first schema, ``0002`` run counts
and the per-source index). Opening a history upgrades an older database in place, inside one
transaction, and never recreates it; a database at a revision this code does not know (written
by a newer version) is refused. The revision is kept in the table ``history_revision``, so the
history can share a PostgreSQL database with other Alembic-managed applications.

A new migration: ``alembic.command.revision(alembic_config(), "what it does", rev_id="0003")``
writes ``migrations/versions/0003_*.py`` from ``migrations/script.py.mako``; then update
``schema.py`` to match (a test compares them).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from scoring.history.engine import shown, use_wal, writing
from scoring.history.errors import HistoryMissing, HistoryTooNew, NotAHistory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "history_revision"
_PG_LOCK = 0x6E657773_68697374
"""A PostgreSQL advisory lock key ("newshist"): two processes never migrate at once."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for these migrations, made in code; with ``connection``, the
    migrations run on it (in its transaction)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["version_table"] = VERSION_TABLE
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def known_revisions() -> tuple[str, ...]:
    """Every revision the migrations know, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return tuple(reversed([rev.revision for rev in script.walk_revisions()]))


def head_revision() -> str:
    """The newest revision: the schema of :mod:`scoring.history.schema`."""
    return known_revisions()[-1]


def current_revision(connection: Connection) -> str | None:
    """The database's revision; ``None`` when it has none (no history there yet)."""
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def _checked(connection: Connection, *, create: bool) -> str | None:
    """The revision, after refusing what must not be upgraded or created."""
    revision = current_revision(connection)
    where = shown(connection.engine.url)
    if revision is None:
        if sa.inspect(connection).has_table("runs"):
            raise NotAHistory(f"{where} has a table 'runs' but no {VERSION_TABLE}: it was not "
                              "made by scoring.history; refusing to touch it")
        if not create:
            raise HistoryMissing(f"no history in {where}: no run has recorded itself there yet")
    elif revision not in known_revisions():
        raise HistoryTooNew(f"the history in {where} is at schema revision {revision}, which "
                            f"this version does not know (its newest is {head_revision()}): it "
                            "was written by a newer version of news-reliability; upgrade "
                            "news-reliability to read or write it")
    return revision


def upgrade(engine: Engine, revision: str = "head", *, create: bool = True) -> str:
    """Bring the database to ``revision`` (default the head) and return the revision it is at.

    A new database is created only when ``create``. Raises :class:`HistoryMissing`,
    :class:`NotAHistory` or :class:`HistoryTooNew` instead of touching a database it should
    not. The check is a read; only a database that needs upgrading takes the write lock (SQLite)
    or an advisory lock (PostgreSQL), checks again, and migrates in that one transaction.
    """
    target = head_revision() if revision == "head" else revision
    with engine.connect() as connection:
        if _checked(connection, create=create) == target:
            return target
    use_wal(engine)
    with writing(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
        if _checked(connection, create=create) != target:
            command.upgrade(alembic_config(connection), target)
    return target

"""Connecting to a history database: any SQLAlchemy URL, SQLite tuned for safe concurrent use.

SQLite files get write-ahead logging when the history is created (readers never wait for a
writer, and a process killed mid-write leaves the last committed state), a busy timeout (a
second writer waits its turn instead of failing), foreign keys, and write transactions that
take the write lock when they begin (``BEGIN IMMEDIATE``), so that two writers never deadlock
upgrading a read lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine

from scoring.history.errors import HistoryMissing

DEFAULT_NAME = "history.sqlite"
BUSY_TIMEOUT_S = 120.0
"""How long a SQLite writer waits for another one to commit: longer than recording a big run."""

_WRITE = "history_write"
"""The execution option that makes a SQLite transaction begin with ``BEGIN IMMEDIATE``."""


def default_url(out_dir: str | Path) -> str:
    """``sqlite:///<out_dir>/history.sqlite``: the history kept beside a run's reports."""
    return f"sqlite:///{Path(out_dir) / DEFAULT_NAME}"


def parse_url(url: str | URL) -> URL:
    """``url`` as a SQLAlchemy URL; a plain ``postgresql://`` means psycopg 3, which this
    package installs (SQLAlchemy's own default is psycopg2)."""
    parsed = sa.make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL; ``None`` for other databases and in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def shown(url: str | URL) -> str:
    """``url`` for a message: a SQLite file's path, other URLs with their password hidden."""
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    return str(path) if path is not None else parsed.render_as_string(hide_password=True)


def create_history_engine(url: str | URL, *, create: bool = True) -> Engine:
    """An engine for ``url``. A SQLite file is created (with its folder) only when ``create``;
    otherwise a missing file raises :class:`HistoryMissing` instead of becoming an empty one."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed)
    path = sqlite_path(parsed)
    if path is not None and not path.is_file():
        if not create:
            raise HistoryMissing(f"no history database at {path}: no run has recorded "
                                 "itself there yet (check --out or --db)")
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S})
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: object, _record: object) -> None:
    # isolation_level None: the sqlite3 module no longer opens transactions by itself (it opens
    # deferred ones, and only before data changes); _sqlite_begin opens every one instead
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def use_wal(engine: Engine) -> None:
    """Put a SQLite database in write-ahead-log mode (kept in the file: done once, when the
    history is created or upgraded, never on a database that is not a history)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            # on the driver's connection: a journal mode cannot change inside a transaction
            connection.connection.dbapi_connection.execute("PRAGMA journal_mode=WAL")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back if it raises. On SQLite
    it holds the write lock from its first statement (other writers wait, readers do not)."""
    with engine.connect() as connection:
        connection.execution_options(**{_WRITE: True})
        with connection.begin():
            yield connection

"""The history database on a real PostgreSQL server, which this module starts and stops.

The server comes from the ``pgserver`` package (PostgreSQL's binaries in a wheel, in the
``test`` extra), in a fresh folder; each test gets a database of its own on it, through
psycopg 3. The tests are those of ``test_history.py`` that take a ``url``: create, record,
query, migrate, refuse, reuse, and real processes recording at once or killed while they
record. They skip, saying why, only when no server can be started here.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import test_history as shared

from scoring.history.engine import parse_url

_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def server() -> Iterator[object]:
    """A PostgreSQL server on a Unix socket in a new folder, deleted afterwards."""
    with warnings.catch_warnings():
        # pgserver reads XDG_RUNTIME_DIR when imported and warns that it is not set
        warnings.simplefilter("ignore")
        try:
            import pgserver
        except ImportError as error:
            pytest.skip(f"pgserver is not installed ({error}): pip install -c constraints.txt "
                        "-e '.[test]'")
    # a folder of its own under the system's temporary folder: run as root, pgserver runs the
    # server as a user of its own and opens the folders above the data to it
    folder = Path(tempfile.mkdtemp(prefix="history-pg-"))
    try:
        started = pgserver.get_server(folder / "data", cleanup_mode="delete")
    except Exception as error:  # noqa: BLE001 - any failure to start means: no server here
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"no PostgreSQL server could be started with pgserver: "
                    f"{type(error).__name__}: {error}")
    try:
        yield started
    finally:
        started.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def _admin(server: object, statement: str) -> None:
    engine = sa.create_engine(parse_url(server.get_uri()), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(statement))
    finally:
        engine.dispose()


@pytest.fixture
def url(server) -> Iterator[str]:
    """A new, empty database on the server, dropped after the test."""
    name = f"history_{next(_numbers)}"
    _admin(server, f"CREATE DATABASE {name}")
    # a plain postgresql:// URL, as a user would write it: it means psycopg 3 here
    yield server.get_uri(name)
    _admin(server, f"DROP DATABASE {name} WITH (FORCE)")


# the tests of test_history.py that take ``url``, collected here with this module's ``url``
test_record_and_query = shared.test_record_and_query
test_changes_of_a_run_not_recorded_yet = shared.test_changes_of_a_run_not_recorded_yet
test_migration_from_first_schema_keeps_the_data = (
    shared.test_migration_from_first_schema_keeps_the_data)
test_newer_revision_is_refused = shared.test_newer_revision_is_refused
test_reuse_by_id_and_analysis_version = shared.test_reuse_by_id_and_analysis_version
test_schema_matches_migrations = shared.test_schema_matches_migrations
test_two_processes_record_at_once = shared.test_two_processes_record_at_once
test_killed_while_recording_leaves_earlier_runs_intact = (
    shared.test_killed_while_recording_leaves_earlier_runs_intact)

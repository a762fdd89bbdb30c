"""Real outages for "nothing typed is lost" tests: a database that refuses writes and a file
store that cannot be written, without patching the code under test."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction


@contextmanager
def read_only_database() -> Iterator[None]:
    """Every write on this connection fails as on a read-only database, then writes work again.

    SQLite: `PRAGMA query_only` ("attempt to write a readonly database"). PostgreSQL: the
    transaction becomes READ ONLY inside a savepoint that is rolled back afterwards.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")
        return
    savepoint = transaction.savepoint()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL transaction_read_only = on")
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def unwritable_directory(tmp_path: Path) -> str:
    """A directory path that cannot be created or written, even by root: its parent is a file."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the upload directory should be")
    return str(blocker / "uploads")

"""Embedded search: an SQLite FTS5 file beside the database, needing no service."""

import sqlite3
from pathlib import Path


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    def ping(self) -> None:
        with self.connect() as connection:
            connection.execute("SELECT 1").fetchone()

    def health_details(self) -> dict[str, str]:
        return {}

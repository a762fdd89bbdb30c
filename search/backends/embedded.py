"""Embedded search: an SQLite FTS5 file beside the database, needing no service.

Text is pre-segmented by search.segmentation and stored space-separated, so FTS5's unicode61
tokenizer sees whole Chinese words; BM25 ranks them with the title weighted above the body, and a
character-bigram column adds recall for words the dictionary lacks. The file is independent of
the main database (SQLite or PostgreSQL) and in WAL mode, so several worker processes share it.
"""

import json
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from search.highlight import highlight, snippet
from search.query import SearchHit, SearchRequest, SearchResults
from search.registry import IndexDocument
from search.segmentation import bigrams, segment

SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE NOT NULL,
    content_type TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    doc_number TEXT NOT NULL DEFAULT '',
    authorities TEXT NOT NULL DEFAULT '[]',
    publish_date TEXT,
    year INTEGER,
    validity TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT '[]',
    body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS docs_doc_number ON docs(doc_number);
CREATE INDEX IF NOT EXISTS docs_publish_date ON docs(publish_date);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, number, body, grams, tokenize = 'unicode61 remove_diacritics 0'
);
"""
# bm25 column weights: title, number, body, grams
# Tuned on the STARD dev split (bench/search_quality.py): a heavier title weight (8) lost 0.04 nDCG.
BM25 = "bm25(fts, 2.0, 4.0, 1.0, 0.3)"
CANDIDATE_LIMIT = 2000
FACET_FIELDS = ("type", "authority", "year", "validity", "topic")


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self._local = threading.local()

    # connection handling -------------------------------------------------------------------
    def connect(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=15, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(SCHEMA)
            self._local.connection = connection
        return connection

    def ping(self) -> None:
        self.connect().execute("SELECT count(*) FROM docs").fetchone()

    def health_details(self) -> dict[str, str]:
        return {}

    # writing --------------------------------------------------------------------------------
    def index(self, documents: Iterable[IndexDocument]) -> int:
        connection = self.connect()
        count = 0
        with connection:
            for doc in documents:
                self._delete_keys(connection, [doc.key])
                cursor = connection.execute(
                    "INSERT INTO docs (key, content_type, title, url, doc_number, authorities,"
                    " publish_date, year, validity, topics, body) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        doc.key,
                        doc.content_type,
                        doc.title,
                        doc.url,
                        doc.doc_number,
                        json.dumps(doc.authorities, ensure_ascii=False),
                        doc.publish_date.isoformat() if doc.publish_date else None,
                        doc.year,
                        doc.validity,
                        json.dumps(doc.topics, ensure_ascii=False),
                        doc.body,
                    ),
                )
                connection.execute(
                    "INSERT INTO fts (rowid, title, number, body, grams) VALUES (?,?,?,?,?)",
                    (
                        cursor.lastrowid,
                        segment(doc.title),
                        segment(doc.doc_number),
                        segment(doc.body),
                        bigrams(doc.title + " " + doc.body),
                    ),
                )
                count += 1
        return count

    def delete(self, keys: Iterable[str]) -> None:
        connection = self.connect()
        with connection:
            self._delete_keys(connection, list(keys))

    @staticmethod
    def _delete_keys(connection: sqlite3.Connection, keys: list[str]) -> None:
        for key in keys:
            row = connection.execute("SELECT id FROM docs WHERE key = ?", (key,)).fetchone()
            if row:
                connection.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
                connection.execute("DELETE FROM docs WHERE id = ?", (row[0],))

    def clear(self) -> None:
        connection = self.connect()
        with connection:
            connection.execute("DELETE FROM fts")
            connection.execute("DELETE FROM docs")

    def count(self) -> int:
        return self.connect().execute("SELECT count(*) FROM docs").fetchone()[0]

    # reading --------------------------------------------------------------------------------
    @staticmethod
    def _match_expression(request: SearchRequest) -> str:
        groups = []
        for synonyms in request.terms:
            quoted = [f'"{word.replace(chr(34), "")}"' for word in synonyms if word.strip()]
            if quoted:
                groups.append("(" + " OR ".join(quoted) + ")")
        return " OR ".join(groups)

    @staticmethod
    def _filter_sql(filters: dict[str, str]) -> tuple[str, list]:
        clauses, params = [], []
        if "type" in filters:
            clauses.append("d.content_type = ?")
            params.append(filters["type"])
        if "year" in filters:
            clauses.append("d.year = ?")
            params.append(int(filters["year"]))
        if "validity" in filters:
            clauses.append("d.validity = ?")
            params.append(filters["validity"])
        if "authority" in filters:
            clauses.append("EXISTS (SELECT 1 FROM json_each(d.authorities) WHERE value = ?)")
            params.append(filters["authority"])
        if "topic" in filters:
            clauses.append("EXISTS (SELECT 1 FROM json_each(d.topics) WHERE value = ?)")
            params.append(filters["topic"])
        return (" AND ".join(clauses) or "1"), params

    def _candidates(self, request: SearchRequest) -> list[tuple[int, float]]:
        """(doc id, score) of every matching document, best first; scores are higher-is-better."""
        connection = self.connect()
        where, params = self._filter_sql(request.filters)
        match = self._match_expression(request)
        scored: dict[int, float] = {}
        if request.doc_number:
            for (doc_id,) in connection.execute(
                "SELECT d.id FROM docs d WHERE (d.doc_number = ? OR d.doc_number LIKE ?) "
                f"AND {where}",
                [request.doc_number, f"%{request.doc_number}", *params],
            ):
                scored[doc_id] = 1e6
        if match:
            rows = connection.execute(
                f"SELECT d.id, -{BM25} AS score FROM fts JOIN docs d ON d.id = fts.rowid "
                f"WHERE fts MATCH ? AND {where} ORDER BY {BM25} LIMIT {CANDIDATE_LIMIT}",
                [match, *params],
            )
            for doc_id, score in rows:
                scored.setdefault(doc_id, score)
        elif not request.doc_number:
            rows = connection.execute(
                f"SELECT d.id, 0 FROM docs d WHERE {where} ORDER BY d.publish_date DESC "
                f"LIMIT {CANDIDATE_LIMIT}",
                params,
            )
            for doc_id, score in rows:
                scored[doc_id] = score
        return sorted(scored.items(), key=lambda item: -item[1])

    def search(self, request: SearchRequest) -> SearchResults:
        connection = self.connect()
        candidates = self._candidates(request)
        ids = [doc_id for doc_id, _ in candidates]
        scores = dict(candidates)
        rows = self._rows(connection, ids)
        ordered = [rows[i] for i in ids if i in rows]
        if request.sort == "date":
            ordered.sort(key=lambda r: r["publish_date"] or "", reverse=True)
        start = (request.page - 1) * request.page_size
        page_rows = ordered[start : start + request.page_size]
        hits = [
            SearchHit(
                key=row["key"],
                title=row["title"],
                title_highlight=highlight(row["title"], request.terms),
                url=row["url"],
                type=row["content_type"],
                doc_number=row["doc_number"],
                publish_date=row["publish_date"],
                validity=row["validity"],
                snippet=snippet(row["body"], request.terms),
                score=scores.get(row["id"], 0.0),
            )
            for row in page_rows
        ]
        return SearchResults(
            total=len(ordered), page=request.page, hits=hits, facets=self._facets(ordered)
        )

    @staticmethod
    def _rows(connection: sqlite3.Connection, ids: list[int]) -> dict[int, dict]:
        rows: dict[int, dict] = {}
        connection.row_factory = sqlite3.Row
        try:
            for chunk_start in range(0, len(ids), 500):
                chunk = ids[chunk_start : chunk_start + 500]
                marks = ",".join("?" * len(chunk))
                for row in connection.execute(f"SELECT * FROM docs WHERE id IN ({marks})", chunk):
                    rows[row["id"]] = dict(row)
        finally:
            connection.row_factory = None
        return rows

    @staticmethod
    def _facets(rows: list[dict]) -> dict[str, dict[str, int]]:
        facets: dict[str, dict[str, int]] = {name: {} for name in FACET_FIELDS}

        def bump(name: str, value) -> None:
            if value:
                facets[name][str(value)] = facets[name].get(str(value), 0) + 1

        for row in rows:
            bump("type", row["content_type"])
            bump("year", row["year"])
            bump("validity", row["validity"])
            for authority in json.loads(row["authorities"]):
                bump("authority", authority)
            for topic in json.loads(row["topics"]):
                bump("topic", topic)
        return {
            name: dict(sorted(values.items(), key=lambda kv: -kv[1]))
            for name, values in facets.items()
        }

    def suggest(self, prefix: str, limit: int) -> list[dict[str, str]]:
        connection = self.connect()
        like = prefix.replace("%", "").replace("_", "")
        rows = connection.execute(
            "SELECT title, url FROM docs WHERE title LIKE ? ORDER BY (title LIKE ?) DESC,"
            " publish_date DESC LIMIT ?",
            (f"%{like}%", f"{like}%", limit),
        ).fetchall()
        return [{"title": title, "url": url} for title, url in rows]

"""Embedded search: an SQLite file beside the database, needing no service.

The file keeps the documents (facts, body, and each one's n-grams with their frequencies, packed
into one blob: search.backends.postings) and a vocabulary of n-grams. Each process loads them
into numpy posting lists once per generation of the file (`Snapshot`) and answers from memory in
two stages: the query's rarer n-grams find the matches and give them a first-stage score; the
best candidates are then scored with BM25 over character pairs plus BM25 over characters, widened
and reranked (search.ranking), as the Elasticsearch backend does in its cluster. Totals and facet
counts cover every match. The file is independent of the main database (SQLite or PostgreSQL)
and in WAL mode, so several worker processes share it.
"""

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import numpy as np

from search.authorities import canonical_authorities
from search.backends.base import backlog_details
from search.backends.postings import Snapshot, idf, pack_grams, top
from search.highlight import highlight, snippet
from search.query import SearchHit, SearchRequest, SearchResults
from search.ranking import EXPAND_SOURCE_ARTICLES, expand, rank
from search.registry import IndexDocument
from search.segmentation import doc_number_text, ngrams, normalize, query_ngrams, title_key


class _Query(NamedTuple):
    """A relevance query resolved against a snapshot: its n-grams for BM25 (n-gram, term id,
    weight, size), its matches as a mask with first-stage scores, and 发文字号 / exact-title
    bonuses."""

    terms: list[tuple[str, int, float, int]]
    matched: np.ndarray
    first: np.ndarray  # first-stage score by document id (legal rank applied)
    bonus: dict[int, float]


ROW_COLUMNS = "id, key, content_type, title, url, doc_number, publish_date, validity, body"

SCHEMA_VERSION = 5
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
    body TEXT NOT NULL DEFAULT '',
    unigrams INTEGER NOT NULL DEFAULT 0,
    bigrams INTEGER NOT NULL DEFAULT 0,
    title_key TEXT NOT NULL DEFAULT '',
    grams BLOB NOT NULL DEFAULT x''  -- search.backends.postings.pack_grams
);
CREATE INDEX IF NOT EXISTS docs_doc_number ON docs(doc_number);
CREATE INDEX IF NOT EXISTS docs_title_key ON docs(title_key);
CREATE INDEX IF NOT EXISTS docs_publish_date ON docs(publish_date);
CREATE TABLE IF NOT EXISTS terms (id INTEGER PRIMARY KEY, term TEXT UNIQUE NOT NULL);
-- generation: bumped by every write, so each process knows when to reload its snapshot;
-- created: tells a recreated file from the one a snapshot was loaded from
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""
OLD_TABLES = ("fts", "grams", "gram_df", "stats")  # earlier layouts; a rebuild refills the new one

UNIGRAM_WEIGHT = 1.0
# Matches come from the query's rarer n-grams (in at most this share of documents): common ones
# (的, 可以, 规定) match most of the corpus and barely move scores; they still count in BM25.
RARE_SHARE = 0.05
RARE_MIN_DOCS = 1000  # below this many documents every n-gram counts as rare
CANDIDATES = 300
DOC_NUMBER_SCORE = 1e6
# A query equal to a document's title (punctuation aside) puts that document first, below a
# 发文字号 match: a policy outranks its own 政策解读, which repeats its title in the text.
TITLE_MATCH_SCORE = 1e5


def search_text(doc: IndexDocument) -> str:
    """The text ranking counts n-grams in: normalised title, body and 发文字号, one per line."""
    return "\n".join(normalize(part) for part in (doc.title, doc.body, doc.doc_number))


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._snapshot: Snapshot | None = None
        self._loading = threading.Lock()

    # connection handling -------------------------------------------------------------------
    def connect(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=15, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._migrate(connection)
            self._local.connection = connection
        return connection

    @staticmethod
    def _migrate(connection: sqlite3.Connection) -> None:
        """An index file of an older layout is emptied; `search_index rebuild` refills it."""
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        with connection:
            if version != SCHEMA_VERSION:
                for table in ("docs", "terms", "meta", *OLD_TABLES):
                    connection.execute(f"DROP TABLE IF EXISTS {table}")
            connection.executescript(SCHEMA)
            connection.execute(
                "INSERT OR IGNORE INTO meta (name, value) VALUES ('generation', '0'),"
                " ('created', ?)",
                [secrets.token_hex(8)],
            )
            if version != SCHEMA_VERSION:
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def warm_up(self) -> None:
        """Load this process's snapshot now rather than on the first search."""
        self.snapshot()

    def ping(self) -> None:
        self.connect().execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()

    def health_details(self) -> dict[str, int]:
        return backlog_details()

    # writing --------------------------------------------------------------------------------
    def index(self, documents: Iterable[IndexDocument]) -> int:
        connection = self.connect()
        count = 0
        vocabulary: dict[str, int] = {}
        with connection:
            for doc in documents:
                self._delete_keys(connection, [doc.key])
                grams = ngrams(doc.title + "\n" + doc.body)
                distinct = set(grams) | set(ngrams(doc.doc_number))
                unigram_count = sum(1 for g in grams if len(g) == 1)
                term_ids = self._term_ids(connection, distinct, vocabulary)
                connection.execute(
                    "INSERT INTO docs (key, content_type, title, url, doc_number, authorities,"
                    " publish_date, year, validity, topics, body, unigrams, bigrams, title_key,"
                    " grams) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        doc.key,
                        doc.content_type,
                        doc.title,
                        doc.url,
                        doc.doc_number,
                        json_list(canonical_authorities(doc.authorities)),
                        doc.publish_date.isoformat() if doc.publish_date else None,
                        doc.year,
                        doc.validity,
                        json_list(doc.topics),
                        doc.body,
                        unigram_count,
                        len(grams) - unigram_count,
                        title_key(doc.title),
                        pack_grams(term_ids, search_text(doc), normalize(doc.title)),
                    ),
                )
                count += 1
            self._bump_generation(connection)
        return count

    @staticmethod
    def _term_ids(
        connection: sqlite3.Connection, grams: set[str], vocabulary: dict[str, int]
    ) -> dict[str, int]:
        """Each n-gram's id in the vocabulary, adding the new ones (cached for one index call)."""
        missing = [gram for gram in grams if gram not in vocabulary]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            vocabulary.update(
                connection.execute(f"SELECT term, id FROM terms WHERE term IN ({marks})", chunk)
            )
        for gram in missing:
            if gram not in vocabulary:
                cursor = connection.execute("INSERT INTO terms (term) VALUES (?)", (gram,))
                vocabulary[gram] = cursor.lastrowid
        return {gram: vocabulary[gram] for gram in grams}

    @staticmethod
    def _bump_generation(connection: sqlite3.Connection) -> None:
        connection.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE name = 'generation'"
        )

    def delete(self, keys: Iterable[str]) -> None:
        connection = self.connect()
        with connection:
            self._delete_keys(connection, list(keys))
            self._bump_generation(connection)

    @staticmethod
    def _delete_keys(connection: sqlite3.Connection, keys: list[str]) -> None:
        for key in keys:
            connection.execute("DELETE FROM docs WHERE key = ?", (key,))

    def clear(self) -> None:
        connection = self.connect()
        with connection:
            connection.execute("DELETE FROM docs")
            connection.execute("DELETE FROM terms")
            self._bump_generation(connection)

    def count(self) -> int:
        return self.connect().execute("SELECT count(*) FROM docs").fetchone()[0]

    # the in-memory snapshot -------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """This process's snapshot of the index, reloaded when any process has written."""
        connection = self.connect()
        generation = tuple(
            value for (value,) in connection.execute("SELECT value FROM meta ORDER BY name")
        )
        snapshot = self._snapshot
        if snapshot is None or snapshot.generation != generation:
            with self._loading:
                snapshot = self._snapshot
                if snapshot is None or snapshot.generation != generation:
                    snapshot = self._snapshot = self._load(connection)
        return snapshot

    @staticmethod
    def _load(connection: sqlite3.Connection) -> Snapshot:
        """Read the whole index in one read transaction, so rows and generation agree."""
        connection.execute("BEGIN")
        try:
            generation = tuple(
                value for (value,) in connection.execute("SELECT value FROM meta ORDER BY name")
            )
            rows = connection.execute(
                "SELECT id, content_type, year, validity, authorities, topics, publish_date, key,"
                " title, unigrams, bigrams FROM docs ORDER BY id"
            ).fetchall()
            (gram_bytes,) = connection.execute(
                "SELECT coalesce(sum(length(grams)), 0) FROM docs"
            ).fetchone()
            return Snapshot.load(
                rows,
                connection.execute("SELECT id, grams FROM docs ORDER BY id"),
                gram_bytes // 8,
                generation,
            )
        finally:
            connection.rollback()

    # reading --------------------------------------------------------------------------------
    def _resolve(
        self, connection: sqlite3.Connection, snapshot: Snapshot, request: SearchRequest
    ) -> _Query:
        """The query's n-grams and its matches: every allowed document holding one of its rarer
        n-grams, scored by their idf-weighted count (legal rank applied).

        A short query's matches must also hold enough of its words (SearchRequest.min_match).
        发文字号 and exact-title matches always match and carry a bonus (kept apart as well, so
        the second stage adds it too).
        """
        query = query_ngrams(request.text)
        ids = self._term_lookup(connection, list(query))
        total = max(snapshot.total, 1)
        df = {gram: snapshot.df(term_id) for gram, term_id in ids.items()}
        terms = [
            (
                gram,
                ids[gram],
                query[gram] * idf(total, df[gram]) * (UNIGRAM_WEIGHT if len(gram) == 1 else 1.0),
                1 if len(gram) == 1 else 2,
            )
            for gram in query
            if df.get(gram)
        ]
        # A match must share a character pair (or a Latin/digit word) with the query; single
        # characters only add to the score, unless the query has nothing longer.
        present = [gram for gram in query if df.get(gram) and len(gram) > 1] or [
            gram for gram in query if df.get(gram)
        ]
        limit = max(RARE_SHARE * total, RARE_MIN_DOCS)
        rare = [gram for gram in present if df[gram] <= limit]
        if not rare:  # only common n-grams: look for the least common few
            rare = sorted(present, key=lambda gram: df[gram])[:3]
        first = np.zeros(snapshot.size)
        for gram in rare:
            first[snapshot.docs(ids[gram])] += query[gram] * idf(total, df[gram])
        matched = first > 0
        bonus = self._bonus(connection, snapshot, request)
        if request.min_match:
            matched &= self._words_held(connection, snapshot, request) >= request.min_match
        for doc_id, extra in bonus.items():
            matched[doc_id] = True
            first[doc_id] += extra
        matched &= snapshot.allowed(request.filters)
        first *= snapshot.weights
        return _Query(terms, matched, first, bonus)

    @staticmethod
    def _term_lookup(connection: sqlite3.Connection, grams: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(grams), 500):
            chunk = grams[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                connection.execute(f"SELECT term, id FROM terms WHERE term IN ({marks})", chunk)
            )
        return found

    @staticmethod
    def _bonus(
        connection: sqlite3.Connection, snapshot: Snapshot, request: SearchRequest
    ) -> dict[int, float]:
        bonus: dict[int, float] = {}
        if request.doc_number:
            for (doc_id,) in connection.execute(
                "SELECT id FROM docs WHERE doc_number = ? OR doc_number LIKE ?",
                [request.doc_number, f"%{request.doc_number}"],
            ):
                bonus[doc_id] = DOC_NUMBER_SCORE
        if request.title_key:
            for (doc_id,) in connection.execute(
                "SELECT id FROM docs WHERE title_key = ?", [request.title_key]
            ):
                bonus[doc_id] = bonus.get(doc_id, 0.0) + TITLE_MATCH_SCORE
        # a document written after the snapshot was loaded waits for the next one
        return {
            doc_id: extra
            for doc_id, extra in bonus.items()
            if doc_id < snapshot.size and snapshot.alive[doc_id]
        }

    def _words_held(
        self, connection: sqlite3.Connection, snapshot: Snapshot, request: SearchRequest
    ) -> np.ndarray:
        """How many of the query's required words each document holds (any synonym counts)."""
        held = np.zeros(snapshot.size, dtype=np.int64)
        grams = list({gram for word in request.required for option in word for gram in option})
        ids = self._term_lookup(connection, grams)
        for alternatives in request.required:
            holders = np.zeros(snapshot.size, dtype=bool)
            for option in alternatives:
                if option:
                    holders[snapshot.holding_all(ids.get(gram) for gram in option)] = True
            held += holders
        return held

    def search(self, request: SearchRequest) -> SearchResults:
        connection = self.connect()
        snapshot = self.snapshot()
        start = (request.page - 1) * request.page_size
        end = start + request.page_size
        scores: dict[int, float] = {}
        if request.text and (request.terms or request.doc_number):
            query = self._resolve(connection, snapshot, request)
            if request.sort == "date":
                listed = query.matched
                page = snapshot.newest_first(np.flatnonzero(listed))[start:end]
                page_scores = snapshot.bm25(page, query.terms)[0]
                scores = dict(zip(page.tolist(), page_scores.tolist(), strict=True))
            else:
                listed, page, scores = self._relevance_page(snapshot, request, query)
        elif request.text:  # punctuation only: nothing to look for
            listed, page = np.zeros(snapshot.size, dtype=bool), []
        else:  # no query: browse everything, newest first
            listed = snapshot.allowed(request.filters)
            page = snapshot.newest_first(np.flatnonzero(listed))[start:end]
        rows = self._rows(connection, [int(doc_id) for doc_id in page])
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
            for row in rows
        ]
        return SearchResults(
            total=int(listed.sum()),
            page=request.page,
            hits=hits,
            facets=snapshot.facet_counts(listed),
        )

    def _relevance_page(
        self, snapshot: Snapshot, request: SearchRequest, query: _Query
    ) -> tuple[np.ndarray, list[int], dict[int, float]]:
        """The listed documents (matches, and neighbours the reranking showed), the page's ids
        and their scores.

        Second stage: full BM25 for the best first-stage candidates, widened as
        search.ranking.expansion asks, then reranked; the first CANDIDATES positions are the
        reranked order, deeper pages the first-stage order of the remaining matches.
        """
        start = (request.page - 1) * request.page_size
        end = start + request.page_size
        ids = np.flatnonzero(query.matched)
        best = top(ids, query.first[ids], CANDIDATES)
        best_scores, best_holds = snapshot.bm25(best, query.terms)
        plan = expand(snapshot.pool(best, best_scores, {}), neighbours=not request.min_match)
        taken = np.zeros(snapshot.size, dtype=bool)
        taken[best] = True
        extra: list[np.ndarray] = []
        for name in plan.sources:
            members = snapshot.by_source.get(name, ids[:0])
            members = members[query.matched[members] & ~taken[members]]
            extra.append(top(members, query.first[members], EXPAND_SOURCE_ARTICLES))
        for chosen in extra:
            taken[chosen] = True
        allowed = snapshot.allowed(request.filters)
        neighbours = [
            doc_id
            for key in plan.articles
            for doc_id in snapshot.by_article.get(key, ())
            if not taken[doc_id] and allowed[doc_id]
        ]
        added = np.concatenate([*extra, np.array(neighbours, dtype=best.dtype)])
        added_scores, added_holds = snapshot.bm25(added, query.terms)
        pool = np.concatenate([best, added])

        def holding(grams: tuple[str, ...]) -> np.ndarray:
            held = np.ones(len(pool), dtype=bool)
            for gram in grams:
                if gram not in best_holds:
                    return np.zeros(len(pool), dtype=bool)
                held &= np.concatenate([best_holds[gram], added_holds[gram]])
            return held

        order, final = rank(
            request.text,
            snapshot.pool(pool, np.concatenate([best_scores, added_scores]), query.bonus),
            holding,
        )
        order = order[:CANDIDATES]
        shown = pool[order].tolist()
        scores = dict(zip(shown, final[order].tolist(), strict=True))
        listed = query.matched.copy()
        listed[shown] = True
        if end <= len(shown):
            return listed, shown[start:end], scores
        rest_mask = query.matched.copy()
        rest_mask[shown] = False
        rest = np.flatnonzero(rest_mask)
        rest = rest[np.lexsort((rest, -query.first[rest]))]
        deeper = rest[max(start - len(shown), 0) : end - len(shown)]
        deeper_scores = snapshot.bm25(deeper, query.terms)[0]
        for doc_id, score in zip(deeper.tolist(), deeper_scores.tolist(), strict=True):
            scores[doc_id] = score + query.bonus.get(doc_id, 0.0)
        return listed, shown[start:] + deeper.tolist(), scores

    def _rows(self, connection: sqlite3.Connection, ids: list[int]) -> list[dict]:
        """Rows of the given documents, in the given order."""
        if not ids:
            return []
        cursor = connection.cursor()
        cursor.row_factory = sqlite3.Row
        marks = ",".join("?" * len(ids))
        by_id = {
            row["id"]: dict(row)
            for row in cursor.execute(f"SELECT {ROW_COLUMNS} FROM docs WHERE id IN ({marks})", ids)
        }
        return [by_id[i] for i in ids if i in by_id]

    def suggest(self, prefix: str, limit: int) -> list[dict[str, str]]:
        """Titles or 发文字号 containing the text, those starting with it first, then newest."""
        connection = self.connect()
        like = prefix.replace("%", "").replace("_", "")
        number = doc_number_text(like)
        rows = connection.execute(
            "SELECT title, url, doc_number FROM docs"
            " WHERE title LIKE ? OR (doc_number <> '' AND doc_number LIKE ?)"
            " ORDER BY (title LIKE ? OR doc_number LIKE ?) DESC, publish_date DESC, key DESC"
            " LIMIT ?",
            (f"%{like}%", f"%{number}%", f"{like}%", f"{number}%", limit),
        ).fetchall()
        return [
            {"title": title, "url": url, "doc_number": doc_number}
            for title, url, doc_number in rows
        ]


def json_list(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)

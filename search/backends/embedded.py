"""Embedded search: an SQLite FTS5 file beside the database, needing no service.

Two stages. An FTS5 table of each document's characters and character pairs (search.segmentation.
ngrams) finds candidates through the query's rarer n-grams; Python then scores those candidates
with BM25 over pairs plus BM25 over characters (title occurrences counted extra), using document
frequencies kept in `gram_df`, so common n-grams still count without making the FTS5 step slow.
Totals and facet counts are computed in SQL over every match. The file is independent of the main
database (SQLite or PostgreSQL) and in WAL mode, so several worker processes share it.
"""

import heapq
import json
import math
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from search.authorities import canonical_authorities
from search.backends.base import backlog_details
from search.highlight import highlight, snippet
from search.query import SearchHit, SearchRequest, SearchResults
from search.ranking import (
    EXPAND_SOURCE_ARTICLES,
    Candidate,
    article_key,
    expansion,
    level_weight,
    rerank,
    source_name,
)
from search.registry import IndexDocument
from search.segmentation import doc_number_text, ngrams, normalize, query_ngrams, title_key


class Facts(NamedTuple):
    content_type: str
    year: str
    validity: str
    authorities: tuple[str, ...]
    topics: tuple[str, ...]
    publish_date: str
    key: str  # ties on the date break by key, descending, as Elasticsearch's sort does
    weight: float  # search.ranking.level_weight of the title, applied in the first stage
    source: str  # search.ranking.source_name of the title
    article: str  # search.ranking.article_key of the title ("" when not an article)


class _Scoring(NamedTuple):
    """What scoring a query's candidates needs: its n-grams, their statistics, the first-stage
    scores of the matches and the 发文字号 / exact-title bonuses."""

    query: dict[str, float]
    df: dict[str, int]
    stats: dict[str, int]
    found: dict[int, float]
    bonus: dict[int, float]


class Catalog(NamedTuple):
    """Every document's facts, and its articles by statute and by article key (expansion)."""

    facts: dict[int, Facts]
    by_source: dict[str, list[int]]
    by_article: dict[str, list[int]]


ROW_COLUMNS = (
    "d.id, d.key, d.content_type, d.title, d.url, d.doc_number, d.authorities, d.publish_date,"
    " d.year, d.validity, d.topics, d.body, d.unigrams, d.bigrams, d.search_text"
)

SCHEMA_VERSION = 4
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
    -- normalised title, body and 发文字号, as ranking reads them: a search never re-normalises
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS docs_doc_number ON docs(doc_number);
CREATE INDEX IF NOT EXISTS docs_title_key ON docs(title_key);
CREATE INDEX IF NOT EXISTS docs_publish_date ON docs(publish_date);
CREATE VIRTUAL TABLE IF NOT EXISTS grams USING fts5(
    terms, tokenize = 'unicode61 remove_diacritics 0', detail = none
);
CREATE TABLE IF NOT EXISTS gram_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stats (
    name TEXT PRIMARY KEY, value INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""
OLD_TABLES = ("fts",)  # version 1 kept jieba words in FTS5; a rebuild refills the new layout

# Ranking (tuned on STARD dev only, bench/search_quality.py): BM25 over character pairs plus
# BM25 over single characters, title occurrences counted extra. See ngrams() for why.
K1, B = 1.2, 0.75
UNIGRAM_WEIGHT = 1.0
TITLE_WEIGHT = 0.5
# Candidates come from the query's rarer n-grams (in at most this share of documents): common
# ones (的, 可以, 规定) match most of the corpus, cost the most to rank and barely move scores;
# they still count when the candidates are scored.
RARE_SHARE = 0.05
RARE_MIN_DOCS = 1000  # below this many documents every n-gram counts as rare
CANDIDATES = 300
FACET_FIELDS = ("type", "authority", "year", "validity", "topic")
DOC_NUMBER_SCORE = 1e6
# A query equal to a document's title (punctuation aside) puts that document first, below a
# 发文字号 match: a policy outranks its own 政策解读, which repeats its title in the text.
TITLE_MATCH_SCORE = 1e5


def search_text(doc: IndexDocument) -> str:
    """The text ranking counts n-grams in: normalised title, body and 发文字号, one per line."""
    return "\n".join(normalize(part) for part in (doc.title, doc.body, doc.doc_number))


def _idf(total: int, df: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


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
            self._migrate(connection)
            self._local.connection = connection
        return connection

    @staticmethod
    def _migrate(connection: sqlite3.Connection) -> None:
        """An index file of an older layout is emptied; `search_index rebuild` refills it."""
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            with connection:
                for table in ("docs", "grams", "gram_df", "stats", *OLD_TABLES):
                    connection.execute(f"DROP TABLE IF EXISTS {table}")
                connection.executescript(SCHEMA)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        else:
            connection.executescript(SCHEMA)

    def ping(self) -> None:
        self.connect().execute("SELECT count(*) FROM docs").fetchone()

    def health_details(self) -> dict[str, int]:
        return backlog_details()

    # writing --------------------------------------------------------------------------------
    def index(self, documents: Iterable[IndexDocument]) -> int:
        connection = self.connect()
        count = 0
        df: Counter[str] = Counter()
        totals = Counter()
        with connection:
            for doc in documents:
                self._delete_keys(connection, [doc.key], df, totals)
                grams = ngrams(doc.title + "\n" + doc.body)
                number_grams = ngrams(doc.doc_number)
                distinct = set(grams) | set(number_grams)
                unigram_count = sum(1 for g in grams if len(g) == 1)
                cursor = connection.execute(
                    "INSERT INTO docs (key, content_type, title, url, doc_number, authorities,"
                    " publish_date, year, validity, topics, body, unigrams, bigrams, title_key,"
                    " search_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        doc.key,
                        doc.content_type,
                        doc.title,
                        doc.url,
                        doc.doc_number,
                        json.dumps(canonical_authorities(doc.authorities), ensure_ascii=False),
                        doc.publish_date.isoformat() if doc.publish_date else None,
                        doc.year,
                        doc.validity,
                        json.dumps(doc.topics, ensure_ascii=False),
                        doc.body,
                        unigram_count,
                        len(grams) - unigram_count,
                        title_key(doc.title),
                        search_text(doc),
                    ),
                )
                connection.execute(
                    "INSERT INTO grams (rowid, terms) VALUES (?, ?)",
                    (cursor.lastrowid, " ".join(distinct)),
                )
                df.update(distinct)
                totals.update(docs=1, unigrams=unigram_count, bigrams=len(grams) - unigram_count)
                count += 1
            self._apply_counts(connection, df, totals)
        self._wrote()
        return count

    @staticmethod
    def _apply_counts(connection: sqlite3.Connection, df: Counter, totals: Counter) -> None:
        connection.executemany(
            "INSERT INTO gram_df (term, df) VALUES (?, ?) "
            "ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            [(term, n) for term, n in df.items() if n],
        )
        connection.execute("DELETE FROM gram_df WHERE df <= 0")
        connection.executemany(
            "INSERT INTO stats (name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
            [(name, n) for name, n in totals.items() if n],
        )

    def delete(self, keys: Iterable[str]) -> None:
        connection = self.connect()
        df: Counter[str] = Counter()
        totals = Counter()
        with connection:
            self._delete_keys(connection, list(keys), df, totals)
            self._apply_counts(connection, df, totals)
        self._wrote()

    @staticmethod
    def _delete_keys(
        connection: sqlite3.Connection, keys: list[str], df: Counter, totals: Counter
    ) -> None:
        """Remove documents, subtracting their n-grams from the document frequencies."""
        for key in keys:
            row = connection.execute(
                "SELECT id, title, body, doc_number, unigrams, bigrams FROM docs WHERE key = ?",
                (key,),
            ).fetchone()
            if row:
                doc_id, title, body, number, unigram_count, bigram_count = row
                df.subtract(set(ngrams(title + "\n" + body)) | set(ngrams(number)))
                totals.subtract(docs=1, unigrams=unigram_count, bigrams=bigram_count)
                connection.execute("DELETE FROM grams WHERE rowid = ?", (doc_id,))
                connection.execute("DELETE FROM docs WHERE id = ?", (doc_id,))

    def clear(self) -> None:
        connection = self.connect()
        with connection:
            for table in ("grams", "docs", "gram_df", "stats"):
                connection.execute(f"DELETE FROM {table}")
        self._wrote()

    def count(self) -> int:
        return self.connect().execute("SELECT count(*) FROM docs").fetchone()[0]

    # document facts kept in memory ------------------------------------------------------------
    def _catalog(self, connection: sqlite3.Connection) -> Catalog:
        """Filter and facet values of every document, reloaded when any process writes.

        Filters, facet counts and date order then cost a dictionary look-up per matching
        document instead of a JSON-parsing SQL pass over thousands of rows per request.
        """
        version = (connection.execute("PRAGMA data_version").fetchone()[0], self._writes())
        cached = getattr(self._local, "facts", None)
        if cached is None or cached[0] != version:
            facts = {
                doc_id: Facts(
                    content_type,
                    str(year) if year else "",
                    validity,
                    tuple(json.loads(authorities)) if authorities != "[]" else (),
                    tuple(json.loads(topics)) if topics != "[]" else (),
                    dated or "",
                    key,
                    level_weight(title),
                    source_name(title),
                    article_key(title),
                )
                for (
                    doc_id,
                    content_type,
                    year,
                    validity,
                    authorities,
                    topics,
                    dated,
                    key,
                    title,
                ) in (
                    connection.execute(
                        "SELECT id, content_type, year, validity, authorities, topics,"
                        " publish_date, key, title FROM docs"
                    )
                )
            }
            by_source: dict[str, list[int]] = {}
            by_article: dict[str, list[int]] = {}
            for doc_id, fact in facts.items():
                if fact.article:
                    by_source.setdefault(fact.source, []).append(doc_id)
                    by_article.setdefault(fact.article, []).append(doc_id)
            self._local.facts = cached = (version, Catalog(facts, by_source, by_article))
        return cached[1]

    def _writes(self) -> int:
        return getattr(self._local, "writes", 0)

    def _wrote(self) -> None:
        self._local.writes = self._writes() + 1

    @staticmethod
    def _filter(ids: Iterable[int], facts: dict[int, Facts], filters: dict[str, str]) -> list[int]:
        if not filters:
            return [doc_id for doc_id in ids if doc_id in facts]
        kept = []
        for doc_id in ids:
            fact = facts.get(doc_id)
            if fact is None:
                continue
            if "type" in filters and fact.content_type != filters["type"]:
                continue
            if "year" in filters and fact.year != str(int(filters["year"])):
                continue
            if "validity" in filters and fact.validity != filters["validity"]:
                continue
            if "authority" in filters and filters["authority"] not in fact.authorities:
                continue
            if "topic" in filters and filters["topic"] not in fact.topics:
                continue
            kept.append(doc_id)
        return kept

    @staticmethod
    def _facet_counts(ids: list[int], facts: dict[int, Facts]) -> dict[str, dict[str, int]]:
        # map/attrgetter/chain count in C: a common word matches tens of thousands of documents.
        rows = list(map(facts.__getitem__, ids))
        counters = {
            "type": Counter(map(attrgetter("content_type"), rows)),
            "authority": Counter(chain.from_iterable(map(attrgetter("authorities"), rows))),
            "year": Counter(map(attrgetter("year"), rows)),
            "validity": Counter(map(attrgetter("validity"), rows)),
            "topic": Counter(chain.from_iterable(map(attrgetter("topics"), rows))),
        }
        return {
            name: dict(
                sorted(
                    ((value, count) for value, count in counter.items() if value),
                    key=lambda kv: (-kv[1], kv[0]),
                )
            )
            for name, counter in counters.items()
        }

    # reading --------------------------------------------------------------------------------
    def _stats(self, connection: sqlite3.Connection, terms: list[str]) -> tuple[dict, dict]:
        stats = dict(connection.execute("SELECT name, value FROM stats"))
        df: dict[str, int] = {}
        for start in range(0, len(terms), 500):
            chunk = terms[start : start + 500]
            marks = ",".join("?" * len(chunk))
            df.update(
                connection.execute(f"SELECT term, df FROM gram_df WHERE term IN ({marks})", chunk)
            )
        return stats, df

    def _score(self, rows: list[dict], query: dict[str, float], df: dict, stats: dict) -> None:
        """BM25 over character pairs plus BM25 over characters, computed for the candidates."""
        total = max(stats.get("docs", 0), 1)
        average = {
            1: max(stats.get("unigrams", 0), 1) / total,
            2: max(stats.get("bigrams", 0), 1) / total,
        }
        weights = {
            term: count * _idf(total, df[term]) * (UNIGRAM_WEIGHT if len(term) == 1 else 1.0)
            for term, count in query.items()
            if df.get(term)
        }
        sized = [(term, weight, 1 if len(term) == 1 else 2) for term, weight in weights.items()]
        for row in rows:
            title = normalize(row["title"])
            text = row["text"] = row["search_text"]  # the reranker reads it too
            norms = {
                1: K1 * (1 - B + B * row["unigrams"] / average[1]),
                2: K1 * (1 - B + B * row["bigrams"] / average[2]),
            }
            score = 0.0
            for term, weight, size in sized:
                frequency = text.count(term)
                if frequency:
                    frequency += TITLE_WEIGHT * title.count(term)
                    score += weight * frequency * (K1 + 1) / (frequency + norms[size])
            row["score"] = score

    def _matches(
        self, connection: sqlite3.Connection, request: SearchRequest, query: dict[str, float]
    ) -> tuple[dict[int, float], dict[str, int], dict[str, int], dict[int, float]]:
        """Every document holding one of the query's rarer n-grams, with a first-stage score.

        The first-stage score is the idf-weighted count of distinct rare n-grams present; each
        n-gram's documents come from one plain FTS5 look-up, far cheaper than FTS5's own bm25
        over thousands of rows. A short query's matches must also hold enough of its words
        (SearchRequest.min_match). 发文字号 and exact-title matches always match and carry a
        bonus (returned apart, so the second stage adds it too).
        """
        stats, df = self._stats(connection, list(query))
        total = max(stats.get("docs", 0), 1)
        # A match must share a character pair (or a Latin/digit word) with the query; single
        # characters only add to the score, unless the query has nothing longer.
        present = [term for term in query if df.get(term) and len(term) > 1] or [
            term for term in query if df.get(term)
        ]
        limit = max(RARE_SHARE * total, RARE_MIN_DOCS)
        rare = [term for term in present if df[term] <= limit]
        if not rare:  # only common n-grams: look for the least common few
            rare = sorted(present, key=lambda term: df[term])[:3]
        found: dict[int, float] = {}
        for term in rare:
            weight = query[term] * _idf(total, df[term])
            for (doc_id,) in connection.execute(
                "SELECT rowid FROM grams WHERE grams MATCH ?", ['"' + term.replace('"', "") + '"']
            ):
                found[doc_id] = found.get(doc_id, 0.0) + weight
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
        if request.min_match:
            held = self._words_held(connection, request)
            found = {
                doc_id: score
                for doc_id, score in found.items()
                if held[doc_id] >= request.min_match or doc_id in bonus
            }
        for doc_id, extra in bonus.items():
            found[doc_id] = found.get(doc_id, 0.0) + extra
        return found, df, stats, bonus

    @staticmethod
    def _words_held(connection: sqlite3.Connection, request: SearchRequest) -> Counter[int]:
        """How many of the query's required words each document holds (any synonym counts)."""
        held: Counter[int] = Counter()
        for alternatives in request.required:
            expression = " OR ".join(
                "(" + " AND ".join('"' + gram.replace('"', "") + '"' for gram in grams) + ")"
                for grams in alternatives
                if grams
            )
            if expression:
                held.update(
                    doc_id
                    for (doc_id,) in connection.execute(
                        "SELECT rowid FROM grams WHERE grams MATCH ?", [expression]
                    )
                )
        return held

    def search(self, request: SearchRequest) -> SearchResults:
        connection = self.connect()
        catalog = self._catalog(connection)
        facts = catalog.facts
        start = (request.page - 1) * request.page_size
        end = start + request.page_size
        if request.text and (request.terms or request.doc_number):
            query = query_ngrams(request.text)
            found, df, stats, bonus = self._matches(connection, request, query)
            ids = self._filter(found, facts, request.filters)
            if request.sort == "date":
                ids.sort(key=lambda i: (facts[i].publish_date, facts[i].key), reverse=True)
                page_rows = self._rows(connection, ids[start:end])
                self._score(page_rows, query, df, stats)
            else:
                scoring = _Scoring(query, df, stats, found, bonus)
                ids, page_rows = self._relevance_page(connection, catalog, request, ids, scoring)
        elif request.text:  # punctuation only: nothing to look for
            ids, page_rows = [], []
        else:  # no query: browse everything, newest first
            ids = self._filter(facts, facts, request.filters)
            ids.sort(key=lambda i: (facts[i].publish_date, facts[i].key), reverse=True)
            page_rows = self._rows(connection, ids[start:end])
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
                score=row.get("score", 0.0),
            )
            for row in page_rows
        ]
        return SearchResults(
            total=len(ids), page=request.page, hits=hits, facets=self._facet_counts(ids, facts)
        )

    def _relevance_page(
        self,
        connection: sqlite3.Connection,
        catalog: Catalog,
        request: SearchRequest,
        ids: list[int],
        scoring: "_Scoring",
    ) -> tuple[list[int], list[dict]]:
        """The listed documents (matches, and neighbours the reranking showed) and the page.

        Second stage: full BM25 for the best first-stage candidates, widened as
        search.ranking.expansion asks, then reranked; the first CANDIDATES positions are the
        reranked order, deeper pages the first-stage order of the remaining matches.
        """
        facts = catalog.facts
        start = (request.page - 1) * request.page_size
        end = start + request.page_size

        # The first-stage score leans towards higher legal ranks, as rerank does.
        first = {doc_id: scoring.found[doc_id] * facts[doc_id].weight for doc_id in ids}.__getitem__

        best = heapq.nlargest(CANDIDATES, ids, key=first)
        pool = self._scored_rows(connection, best, scoring)
        plan = expansion(
            [self._candidate(row, scoring) for row in pool], neighbours=not request.min_match
        )
        matched, taken = set(ids), set(best)
        extra: list[int] = []
        for name in plan.sources:
            members = [
                i for i in catalog.by_source.get(name, ()) if i in matched and i not in taken
            ]
            extra += heapq.nlargest(EXPAND_SOURCE_ARTICLES, members, key=first)
        taken.update(extra)
        for key in plan.articles:
            extra += [i for i in catalog.by_article.get(key, ()) if i not in taken]
        extra = self._filter(dict.fromkeys(extra), facts, request.filters)
        pool += self._scored_rows(connection, extra, scoring)
        ranked = rerank(request.text, [self._candidate(row, scoring) for row in pool])
        for candidate in ranked:
            candidate.item["score"] = candidate.score
        shown = [candidate.item for candidate in ranked[:CANDIDATES]]
        listed = ids + [row["id"] for row in shown if row["id"] not in matched]
        if end <= len(shown):
            return listed, shown[start:end]
        shown_ids = {row["id"] for row in shown}
        rest = sorted((i for i in ids if i not in shown_ids), key=lambda i: (-first(i), i))
        deeper = self._scored_rows(
            connection, rest[max(start - len(shown), 0) : end - len(shown)], scoring
        )
        for row in deeper:
            row["score"] += scoring.bonus.get(row["id"], 0.0)
        return listed, shown[start:] + deeper

    def _scored_rows(
        self, connection: sqlite3.Connection, ids: list[int], scoring: "_Scoring"
    ) -> list[dict]:
        rows = self._rows(connection, ids)
        self._score(rows, scoring.query, scoring.df, scoring.stats)
        return rows

    @staticmethod
    def _candidate(row: dict, scoring: "_Scoring") -> Candidate:
        return Candidate(
            title=row["title"],
            text=row["text"],
            score=row["score"],
            bonus=scoring.bonus.get(row["id"], 0.0),
            item=row,
        )

    def _rows(self, connection: sqlite3.Connection, ids: list[int]) -> list[dict]:
        """Rows of the given documents, in the given order."""
        by_id: dict[int, dict] = {}
        cursor = connection.cursor()
        cursor.row_factory = sqlite3.Row
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for row in cursor.execute(
                f"SELECT {ROW_COLUMNS} FROM docs d WHERE d.id IN ({marks})", chunk
            ):
                by_id[row["id"]] = dict(row)
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

"""Elasticsearch backend (8.x), switched on by ELASTICSEARCH_URL.

It ranks as the embedded backend does (search/backends/embedded.py), so the two agree:

- Documents carry the same character and character-pair n-grams, the title counted extra
  (search/documents.py), scored by Lucene's BM25 with the same k1, b and query weights.
- The same two stages. A document matches when it holds one of the query's rarer n-grams, their
  document frequencies read by one `_termvectors` call on an artificial document, so totals and
  facet counts are the same; the first-stage score is the idf-weighted count of those n-grams;
  the best CANDIDATES are rescored with BM25 over every n-gram of the query, widened by one
  `_msearch` as search.ranking.expansion asks (`source_name` and `article_key` fields) and, as in
  the embedded backend, reordered by search.ranking (so all of them are fetched for any relevance
  page); deeper pages are the first-stage order of the matches not already shown.
- 发文字号 matches come first, and titles and snippets are highlighted by the same Python code.

Scores differ only by Lucene's one-byte document lengths, so near-ties may swap (STARD dev:
nDCG@10 within 0.002 of the embedded backend). Rebuilds fill a fresh index behind the
`<prefix>-content` alias and swap the alias atomically; the old index is dropped after a short
grace period, so searches in flight never fail.
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from elasticsearch import Elasticsearch, NotFoundError, helpers
from elasticsearch_dsl import Index

from search.backends.base import backlog_details
from search.backends.embedded import (
    CANDIDATES,
    RARE_MIN_DOCS,
    RARE_SHARE,
    TITLE_MATCH_SCORE,
)
from search.backends.postings import idf
from search.documents import SIMILARITY, ContentDocument, source
from search.highlight import highlight, snippet
from search.query import SearchHit, SearchRequest, SearchResults
from search.ranking import EXPAND_SOURCE_ARTICLES, Candidate, Expansion, expansion, rerank
from search.registry import IndexDocument
from search.segmentation import doc_number_text, normalize, query_ngrams, title_key

FACETS = {
    "type": "content_type",
    "authority": "authorities",
    "year": "year",
    "validity": "validity",
    "topic": "topics",
}
FACET_SIZE = 1000  # every value, as the embedded backend returns
DOC_NUMBER_BOOST = 1e6
BATCH = 500
REBUILD_GRACE_SECONDS = 2.0  # searches that resolved the alias before the swap finish first
WILDCARD_SPECIAL = str.maketrans({"\\": "\\\\", "*": "\\*", "?": "\\?"})
FIRST_STAGE_WEIGHT = 1e-9  # keeps first-stage order past the rescored candidates
MATCH = "match"  # names the match clause in the neighbour search: which neighbours match
UNMATCHED = "_unmatched"  # marks a neighbour hit that does not match the query
# Index creation, refresh and health waits (rebuilds, first use) may take far longer than a query.
ADMIN_TIMEOUT_SECONDS = 90


@dataclass
class Clauses:
    match: list[dict]  # a document matches when one of these does
    first: list[dict]  # first-stage score, as the embedded backend's
    full: list[dict]  # full BM25 score of the best first-stage candidates


def _field(gram: str) -> str:
    return "unigrams" if len(gram) == 1 else "bigrams"


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str, prefix: str) -> None:
        self.url = url
        self.prefix = prefix
        self.alias = f"{prefix}-content"
        hosts = [host.strip() for host in url.split(",") if host.strip()]
        # One node: fail fast (updates are queued and retried). Several: try another node.
        self.client = Elasticsearch(hosts, request_timeout=5, max_retries=min(len(hosts) - 1, 2))
        self.shards = int(getattr(settings, "SEARCH_INDEX_SHARDS", 1))
        self.replicas = int(getattr(settings, "SEARCH_INDEX_REPLICAS", 0))
        # With several shards, BM25 statistics must be global for the ranking to match.
        self.search_type = "dfs_query_then_fetch" if self.shards > 1 else None

    def warm_up(self) -> None:
        """Nothing to load: the cluster holds the index."""

    def ping(self) -> None:
        self.client.info()

    def health_details(self) -> dict[str, int]:
        return backlog_details()

    # index management -----------------------------------------------------------------------
    def _new_index(self, replicas: int | None = None) -> str:
        name = f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        index = Index(name)
        index.document(ContentDocument)
        index.settings(
            number_of_shards=self.shards,
            number_of_replicas=self.replicas if replicas is None else replicas,
            similarity=SIMILARITY,
        )
        # Creating an index waits for its shards; on a busy node that takes longer than a search.
        index.create(using=self.client.options(request_timeout=ADMIN_TIMEOUT_SECONDS))
        return name

    def _ensure_alias(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index()
            self.client.indices.put_alias(index=name, name=self.alias)

    def _indices(self) -> list[str]:
        try:
            return list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def _bulk(self, actions: Iterable[dict], refresh: str | bool) -> int:
        done, _ = helpers.bulk(
            self.client.options(request_timeout=120), actions, chunk_size=BATCH, refresh=refresh
        )
        return done

    def index(self, documents: Iterable[IndexDocument]) -> int:
        """Add or replace documents, searchable as soon as this returns (publishing is rare
        enough for a refresh per call; rebuilds fill without refreshing)."""
        self._ensure_alias()
        actions = (
            {"_op_type": "index", "_index": self.alias, "_id": doc.key, "_source": source(doc)}
            for doc in documents
        )
        return self._bulk(actions, refresh=True)

    def delete(self, keys: Iterable[str]) -> None:
        self._ensure_alias()
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": key} for key in keys]
        helpers.bulk(self.client, actions, raise_on_error=False, refresh=True)

    def rebuild(
        self,
        documents: Iterable[IndexDocument],
        progress: Callable[[int], None] | None = None,
        grace: float = REBUILD_GRACE_SECONDS,
    ) -> int:
        """Fill a new index, then point the alias at it in one atomic step; search stays up.

        The new index is filled without replicas or refreshes (faster), then given its replicas
        and refreshed, and the alias moves once its primaries are active.
        """
        name = self._new_index(replicas=0)
        self.client.indices.put_settings(index=name, settings={"refresh_interval": "-1"})
        total, batch = 0, []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= BATCH:
                total += self._fill(name, batch)
                progress and progress(len(batch))
                batch = []
        if batch:
            total += self._fill(name, batch)
            progress and progress(len(batch))
        self.client.indices.put_settings(
            index=name,
            settings={"refresh_interval": None, "number_of_replicas": self.replicas},
        )
        admin = self.client.options(request_timeout=ADMIN_TIMEOUT_SECONDS)
        admin.indices.refresh(index=name)
        admin.cluster.health(index=name, wait_for_status="yellow", timeout="60s")
        old = self._indices()
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        if old and grace:
            time.sleep(grace)
        for stale in old:
            self.client.indices.delete(index=stale, ignore_unavailable=True)
        return total

    def _fill(self, name: str, batch: list[IndexDocument]) -> int:
        actions = (
            {"_op_type": "index", "_index": name, "_id": doc.key, "_source": source(doc)}
            for doc in batch
        )
        return self._bulk(actions, refresh=False)

    def clear(self) -> None:
        """Empty the index (a fresh one behind the alias); nothing to do when already empty."""
        try:
            if self.count() == 0:
                return
        except NotFoundError:
            return
        self.rebuild([], grace=0)

    def count(self) -> int:
        return self.client.count(index=self.alias)["count"]

    def drop(self) -> None:
        """Delete the alias and every index behind it (tests and teardown)."""
        for name in self._indices():
            self.client.indices.delete(index=name, ignore_unavailable=True)

    # queries --------------------------------------------------------------------------------
    def _statistics(self, grams: Iterable[str]) -> tuple[int, dict[str, int]]:
        """Documents in the index and document frequency of each n-gram, in one request."""
        grams = list(grams)
        response = self.client.termvectors(
            index=self.alias,
            doc={
                "unigrams": " ".join(g for g in grams if len(g) == 1),
                "bigrams": " ".join(g for g in grams if len(g) > 1),
            },
            fields=["unigrams", "bigrams"],
            term_statistics=True,
            field_statistics=True,
            positions=False,
            offsets=False,
            payloads=False,
        )
        total, df = 0, {}
        for vector in response.get("term_vectors", {}).values():
            total = max(total, vector.get("field_statistics", {}).get("doc_count", 0))
            for term, stats in vector.get("terms", {}).items():
                df[term] = stats.get("doc_freq", 0)
        return total, df

    def _clauses(self, request: SearchRequest) -> "Clauses | None":
        """The embedded backend's two stages as query clauses (None: nothing can match)."""
        weights = query_ngrams(request.text)
        total, df = self._statistics(weights) if weights else (0, {})
        # As embedded _resolve: a match shares a character pair (or Latin/digit word) with the
        # query, one of the rarer ones; single characters only count when nothing longer does.
        present = [g for g in weights if df.get(g) and len(g) > 1] or [
            g for g in weights if df.get(g)
        ]
        limit = max(RARE_SHARE * total, RARE_MIN_DOCS)
        rare = [g for g in present if df[g] <= limit] or sorted(present, key=df.__getitem__)[:3]
        match: list[dict] = []
        for field in ("unigrams", "bigrams"):
            values = [g for g in rare if _field(g) == field]
            if values:
                match.append({"terms": {field: values}})
        # First stage: the idf-weighted count of the rare n-grams a document holds.
        first = [
            {
                "constant_score": {
                    "filter": {"term": {_field(g): g}},
                    "boost": weights[g] * idf(max(total, 1), df[g]),
                }
            }
            for g in rare
        ]
        # Second stage: BM25 over every n-gram of the query, with its weight.
        full = [
            {"term": {_field(g): {"value": g, "boost": weight}}}
            for g, weight in weights.items()
            if df.get(g)
        ]
        if match and request.min_match:  # a short query's matches hold enough of its words
            words = [
                {
                    "bool": {
                        "should": [
                            {"bool": {"filter": [{"term": {_field(g): g}} for g in grams]}}
                            for grams in alternatives
                            if grams
                        ],
                        "minimum_should_match": 1,
                    }
                }
                for alternatives in request.required
            ]
            match = [
                {
                    "bool": {
                        "filter": [
                            {"bool": {"should": match, "minimum_should_match": 1}},
                            {"bool": {"should": words, "minimum_should_match": request.min_match}},
                        ]
                    }
                }
            ]
        if request.doc_number:
            number = {
                "bool": {
                    "should": [
                        {"term": {"doc_number": request.doc_number}},
                        {"wildcard": {"doc_number": {"value": "*" + _escape(request.doc_number)}}},
                    ]
                }
            }
            match.append(number)
            first.append({"constant_score": {"filter": number, "boost": DOC_NUMBER_BOOST}})
            full.append({"constant_score": {"filter": number, "boost": DOC_NUMBER_BOOST}})
        if request.title_key:  # as embedded: the document titled as the query comes first
            title = {"term": {"title_key": request.title_key}}
            match.append(title)
            first.append({"constant_score": {"filter": title, "boost": TITLE_MATCH_SCORE}})
            full.append({"constant_score": {"filter": title, "boost": TITLE_MATCH_SCORE}})
        return Clauses(match, first, full) if match else None

    def build_query(self, request: SearchRequest) -> dict | None:
        """The search body for a request, or None when nothing can match."""
        filters = [
            {"term": {field: int(request.filters[key]) if key == "year" else request.filters[key]}}
            for key, field in FACETS.items()
            if key in request.filters
        ]
        body: dict = {"track_total_hits": True}
        if request.text:
            if not (request.terms or request.doc_number):
                return None  # punctuation only: nothing to look for
            clauses = self._clauses(request)
            if clauses is None:
                return None
            matches = {"bool": {"should": clauses.match, "minimum_should_match": 1}}
            if request.sort == "date":
                body["query"] = {"bool": {"filter": [matches, *filters]}}
            else:
                # The first stage leans towards higher legal ranks, as the embedded one does.
                body["query"] = {
                    "function_score": {
                        "query": {"bool": {"filter": [matches, *filters], "should": clauses.first}},
                        "field_value_factor": {"field": "level_weight", "missing": 1.0},
                        "boost_mode": "multiply",
                    }
                }
                # The best first-stage candidates are scored fully; deeper pages keep the
                # first-stage order (its score, scaled down, stays below every rescored one).
                body["rescore"] = {
                    "window_size": CANDIDATES,
                    "query": {
                        "rescore_query": {"bool": {"should": clauses.full}},
                        "query_weight": FIRST_STAGE_WEIGHT,
                        "rescore_query_weight": 1.0,
                        "score_mode": "total",
                    },
                }
        else:  # no query: browse everything, newest first
            body["query"] = {"bool": {"filter": filters}}
        if request.sort == "date" or not request.text:
            body["sort"] = [
                {"publish_date": {"order": "desc", "missing": "_last"}},
                {"key": {"order": "desc"}},
            ]
        body["aggs"] = {
            key: {"terms": {"field": field, "size": FACET_SIZE, "exclude": [""]}}
            if field != "year"
            else {"terms": {"field": field, "size": FACET_SIZE}}
            for key, field in FACETS.items()
        }
        body["from"] = (request.page - 1) * request.page_size
        body["size"] = request.page_size
        if "rescore" in body:
            # The rescored candidates all come back, for search.ranking to reorder as the
            # embedded backend does; the page is cut from them in search().
            body["from"], body["size"] = 0, CANDIDATES
        body["_source"] = {"excludes": ["unigrams", "bigrams"]}
        return body

    def search(self, request: SearchRequest) -> SearchResults:
        empty = SearchResults(page=request.page, facets={key: {} for key in FACETS})
        try:
            body = self.build_query(request)
            if body is None:
                return empty
            response = self._search(body)
            found = response["hits"]["hits"]
            total = response["hits"]["total"]["value"]
            facets = {
                key: {
                    str(bucket["key"]): bucket["doc_count"]
                    for bucket in response["aggregations"][key]["buckets"]
                }
                for key in FACETS
            }
            if "rescore" in body:
                found, unmatched = self._relevance_page(request, body, found, total)
                total += len(unmatched)
                _count_facets(facets, unmatched)
        except NotFoundError:  # nothing indexed yet
            return empty
        hits = []
        for hit in found:
            doc = hit["_source"]
            title = doc.get("title_display", "")
            hits.append(
                SearchHit(
                    key=hit["_id"],
                    title=title,
                    title_highlight=highlight(title, request.terms),
                    url=doc.get("url", ""),
                    type=doc.get("content_type", ""),
                    doc_number=doc.get("doc_number", ""),
                    publish_date=doc.get("publish_date") or None,
                    validity=doc.get("validity", ""),
                    snippet=snippet(doc.get("body_display", ""), request.terms),
                    score=hit.get("_score") or 0.0,
                )
            )
        return SearchResults(total=total, page=request.page, hits=hits, facets=facets)

    def _search(self, body: dict) -> dict:
        return self.client.search(index=self.alias, search_type=self.search_type, **body).body

    def _relevance_page(
        self, request: SearchRequest, body: dict, found: list[dict], total: int
    ) -> tuple[list[dict], list[dict]]:
        """The requested page of a relevance search, and the neighbours shown that do not match.

        As the embedded backend: the rescored candidates, widened as search.ranking.expansion
        asks (one _msearch), are reranked; the first CANDIDATES positions are that order, deeper
        pages the first-stage order of the remaining matches.
        """
        candidates = [_candidate(request, hit) for hit in found]
        plan = expansion(candidates, neighbours=not request.min_match)
        candidates += [_candidate(request, hit) for hit in self._expanded(body, plan, found)]
        ranked = rerank(request.text, candidates)
        shown = [{**candidate.item, "_score": candidate.score} for candidate in ranked[:CANDIDATES]]
        unmatched = [hit["_source"] for hit in shown if hit.get(UNMATCHED)]
        start = (request.page - 1) * request.page_size
        end = start + request.page_size
        everything_shown = len(ranked) <= CANDIDATES and total <= len(found)
        if end <= len(shown) or everything_shown:
            return shown[start:end], unmatched
        deeper = {
            "query": {
                "bool": {
                    "must": [body["query"]],
                    "must_not": [{"ids": {"values": [hit["_id"] for hit in shown]}}],
                }
            },
            "from": max(start - len(shown), 0),
            "size": end - max(start, len(shown)),
            "track_total_hits": False,
            "_source": body["_source"],
        }
        return shown[start:] + self._search(deeper)["hits"]["hits"], unmatched

    def _expanded(self, body: dict, plan: Expansion, found: list[dict]) -> list[dict]:
        """The further matching articles of plan.sources and the neighbours in plan.articles."""
        present = [hit["_id"] for hit in found]
        not_present = {"ids": {"values": present}}
        searches: list[dict] = []
        for name in plan.sources:
            searches += [
                {},
                {
                    "query": {
                        "bool": {
                            "must": [body["query"]],
                            "filter": [{"term": {"source_name": name}}],
                            "must_not": [not_present],
                        }
                    },
                    "rescore": {**body["rescore"], "window_size": EXPAND_SOURCE_ARTICLES},
                    "size": EXPAND_SOURCE_ARTICLES,
                    "track_total_hits": False,
                    "_source": body["_source"],
                },
            ]
        if plan.articles:
            matches, *filters = body["query"]["function_score"]["query"]["bool"]["filter"]
            named_match = {"constant_score": {"filter": matches, "boost": 0.0, "_name": MATCH}}
            searches += [
                {},
                {
                    "query": {
                        "bool": {
                            "filter": [{"terms": {"article_key": plan.articles}}, *filters],
                            "must_not": [not_present],
                            "should": [
                                body["rescore"]["query"]["rescore_query"],
                                named_match,
                            ],
                        }
                    },
                    # An added article (第N条之一) shares its article's key.
                    "size": 2 * len(plan.articles),
                    "track_total_hits": False,
                    "_source": body["_source"],
                },
            ]
        if not searches:
            return []
        responses = self.client.msearch(
            index=self.alias, searches=searches, search_type=self.search_type
        ).body["responses"]
        taken = set(present)
        added = []
        for number, response in enumerate(responses):
            neighbours = plan.articles and number == len(responses) - 1
            for hit in response["hits"]["hits"]:
                if hit["_id"] in taken:
                    continue
                taken.add(hit["_id"])
                if neighbours and MATCH not in hit.get("matched_queries", ()):
                    hit[UNMATCHED] = True
                added.append(hit)
        return added

    def suggest(self, prefix: str, limit: int) -> list[dict[str, str]]:
        """Titles or 发文字号 containing the text, those starting with it first, then newest
        (as embedded)."""
        text = prefix.replace("%", "").replace("_", "")
        title, number = _escape(text), _escape(doc_number_text(text))

        def containing(field: str, pattern: str) -> dict:
            return {"wildcard": {field: {"value": pattern, "case_insensitive": True}}}

        def either(title_pattern: str, number_pattern: str) -> dict:
            return {
                "bool": {
                    "should": [
                        containing("title_display", title_pattern),
                        containing("doc_number", number_pattern),
                    ],
                    "minimum_should_match": 1,
                }
            }

        query = {
            "bool": {
                "filter": [either(f"*{title}*", f"*{number}*")],
                "should": [{"constant_score": {"filter": either(f"{title}*", f"{number}*")}}],
            }
        }
        try:
            response = self.client.search(
                index=self.alias,
                query=query,
                size=limit,
                sort=[
                    "_score",
                    {"publish_date": {"order": "desc", "missing": "_last"}},
                    {"key": {"order": "desc"}},
                ],
                source=["title_display", "url", "doc_number"],
            ).body
        except NotFoundError:
            return []
        return [
            {
                "title": hit["_source"]["title_display"],
                "url": hit["_source"]["url"],
                "doc_number": hit["_source"].get("doc_number", ""),
            }
            for hit in response["hits"]["hits"]
        ]


def _candidate(request: SearchRequest, hit: dict) -> Candidate:
    """A hit as search.ranking reads it. Lucene's score holds the 发文字号 and exact-title
    bonuses; they are taken out before reranking and added back after, as the embedded backend
    keeps them apart."""
    doc = hit["_source"]
    title, number = doc.get("title_display", ""), doc.get("doc_number", "")
    bonus = 0.0
    if request.doc_number and (number == request.doc_number or number.endswith(request.doc_number)):
        bonus += DOC_NUMBER_BOOST
    if request.title_key and title_key(title) == request.title_key:
        bonus += TITLE_MATCH_SCORE
    text = "\n".join(normalize(part) for part in (title, doc.get("body_display", ""), number))
    return Candidate(
        title=title, text=text, score=(hit.get("_score") or 0.0) - bonus, bonus=bonus, item=hit
    )


def _count_facets(facets: dict[str, dict[str, int]], docs: list[dict]) -> None:
    """Add documents to the facet counts (neighbours shown though they do not match), kept in
    the embedded backend's order: most frequent first, then by value."""
    for key, field in FACETS.items():
        counts = facets[key]
        for doc in docs:
            values = doc.get(field)
            for value in values if isinstance(values, list) else [values]:
                if value not in (None, ""):
                    counts[str(value)] = counts.get(str(value), 0) + 1
        facets[key] = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _escape(text: str) -> str:
    return text.translate(WILDCARD_SPECIAL)

"""Elasticsearch backend (8.x/9.x), switched on by ELASTICSEARCH_URL.

Queries and index documents are built from the same segmentation as the embedded backend; titles
and snippets are highlighted by the same Python code, so both backends present results alike.
Rebuilds go into a fresh index behind the `<prefix>-content` alias, swapped atomically.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from elasticsearch import Elasticsearch, NotFoundError, helpers
from elasticsearch_dsl import Index, Search

from search.backends.base import backlog_details
from search.documents import ContentDocument
from search.highlight import highlight, snippet
from search.query import SearchHit, SearchRequest, SearchResults
from search.registry import IndexDocument
from search.segmentation import segment

FACETS = {
    "type": "content_type",
    "authority": "authorities",
    "year": "year",
    "validity": "validity",
    "topic": "topics",
}


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str, prefix: str) -> None:
        self.url = url
        self.prefix = prefix
        self.alias = f"{prefix}-content"
        self.client = Elasticsearch(url, request_timeout=5, max_retries=0)

    def ping(self) -> None:
        self.client.info()

    def health_details(self) -> dict[str, int]:
        return backlog_details()

    # index management -----------------------------------------------------------------------
    def _new_index(self) -> str:
        name = f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        index = Index(name)
        index.document(ContentDocument)
        index.settings(number_of_shards=1, number_of_replicas=0)
        index.create(using=self.client)
        return name

    def _ensure_alias(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index()
            self.client.indices.put_alias(index=name, name=self.alias)

    @staticmethod
    def _source(doc: IndexDocument) -> dict:
        return {
            "content_type": doc.content_type,
            "title": segment(doc.title),
            "title_cjk": doc.title,
            "title_display": doc.title,
            "body": segment(doc.body),
            "body_cjk": doc.body,
            "body_display": doc.body[:5000],
            "url": doc.url,
            "doc_number": doc.doc_number,
            "authorities": doc.authorities,
            "publish_date": doc.publish_date.isoformat() if doc.publish_date else None,
            "year": doc.year,
            "validity": doc.validity,
            "topics": doc.topics,
        }

    def index(self, documents: Iterable[IndexDocument], index_name: str | None = None) -> int:
        if index_name is None:
            self._ensure_alias()
        target = index_name or self.alias
        actions = (
            {"_op_type": "index", "_index": target, "_id": doc.key, "_source": self._source(doc)}
            for doc in documents
        )
        indexed, _ = helpers.bulk(self.client, actions, refresh="wait_for")
        return indexed

    def delete(self, keys: Iterable[str]) -> None:
        self._ensure_alias()
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": key} for key in keys]
        helpers.bulk(self.client, actions, raise_on_error=False, refresh="wait_for")

    def rebuild(
        self, documents: Iterable[IndexDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        """Fill a new index, then point the alias at it in one atomic step; search stays up."""
        name = self._new_index()
        total, batch = 0, []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= 500:
                total += self.index(batch, index_name=name)
                progress and progress(len(batch))
                batch = []
        if batch:
            total += self.index(batch, index_name=name)
            progress and progress(len(batch))
        try:
            old = list(self.client.indices.get_alias(name=self.alias).keys())
        except NotFoundError:
            old = []
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for stale in old:
            self.client.indices.delete(index=stale)
        return total

    def clear(self) -> None:
        self.rebuild([])

    def count(self) -> int:
        return self.client.count(index=self.alias)["count"]

    # queries --------------------------------------------------------------------------------
    def build_search(self, request: SearchRequest) -> Search:
        search = Search(using=self.client, index=self.alias)
        should = []
        words = " ".join(word for group in request.terms for word in group)
        if words:
            should.append(
                {
                    "multi_match": {
                        "query": words,
                        "fields": ["title^2", "body", "title_cjk^0.5", "body_cjk^0.3"],
                        "type": "most_fields",
                    }
                }
            )
        if request.doc_number:
            should.append({"term": {"doc_number": {"value": request.doc_number, "boost": 1000}}})
            should.append(
                {"wildcard": {"doc_number": {"value": f"*{request.doc_number}", "boost": 1000}}}
            )
        filters = []
        for key, field in FACETS.items():
            if key in request.filters:
                value = request.filters[key]
                filters.append({"term": {field: int(value) if key == "year" else value}})
        query: dict = {"bool": {"filter": filters}}
        if should:
            query["bool"]["should"] = should
            query["bool"]["minimum_should_match"] = 1
        search = search.update_from_dict({"query": query, "track_total_hits": True})
        for key, field in FACETS.items():
            search.aggs.bucket(key, "terms", field=field, size=50)
        if request.sort == "date" or not should:
            search = search.sort({"publish_date": {"order": "desc", "missing": "_last"}})
        start = (request.page - 1) * request.page_size
        return search[start : start + request.page_size]

    def search(self, request: SearchRequest) -> SearchResults:
        response = self.build_search(request).execute()
        hits = []
        for hit in response.hits:
            source = hit.to_dict()
            title = source.get("title_display", "")
            hits.append(
                SearchHit(
                    key=hit.meta.id,
                    title=title,
                    title_highlight=highlight(title, request.terms),
                    url=source.get("url", ""),
                    type=source.get("content_type", ""),
                    doc_number=source.get("doc_number", ""),
                    publish_date=(source.get("publish_date") or None),
                    validity=source.get("validity", ""),
                    snippet=snippet(source.get("body_display", ""), request.terms),
                    score=hit.meta.score or 0.0,
                )
            )
        facets = {
            key: {str(b.key): b.doc_count for b in getattr(response.aggregations, key).buckets}
            for key in FACETS
        }
        return SearchResults(
            total=response.hits.total.value, page=request.page, hits=hits, facets=facets
        )

    def suggest(self, prefix: str, limit: int) -> list[dict[str, str]]:
        search = Search(using=self.client, index=self.alias).query(
            "match_phrase_prefix", title_cjk=prefix
        )[:limit]
        return [{"title": hit.title_display, "url": hit.url} for hit in search.execute().hits]

"""The Elasticsearch backend's exact requests, checked by a loopback fake (runs without a node).

The same behaviour against a real node is in test_elasticsearch_live.py (`make test-es`).
"""

import json
import math
from datetime import date

import pytest

from search.backends.elasticsearch import ElasticsearchBackend
from search.documents import source
from search.query import PolicySearch
from search.registry import IndexDocument
from tests.search.fake_elasticsearch import FakeElasticsearch, empty_search_response

DOC = IndexDocument(
    key="policies.policydocumentpage:7",
    content_type="policy",
    title="首问责任制通知",
    body="全面推行首问责任制。",
    url="/xxgk/fdzdgknr/policies/sta-2014-59/",
    doc_number="税总发〔2014〕59号",
    authorities=["国家税务总局"],
    publish_date=date(2014, 4, 24),
    validity="全文有效",
    topics=["财政、金融、审计\\税务"],
)


@pytest.fixture
def fake(httpserver):
    return FakeElasticsearch(httpserver)


@pytest.fixture
def backend(httpserver, fake):
    return ElasticsearchBackend(httpserver.url_for("/").rstrip("/"), "test")


def test_first_index_creates_mapped_index_behind_alias_then_bulk_indexes(backend, fake):
    backend.index([DOC])
    created = fake.of("PUT", r"/test-content-\d+")
    assert len(created) == 1
    body = json.loads(created[0]["body"])
    assert body["settings"]["similarity"] == {"portal_bm25": {"type": "BM25", "k1": 2.4, "b": 0.75}}
    assert "analysis" not in body["settings"]  # built-in analyzers only: no module needed
    mappings = body["mappings"]
    assert mappings["_source"] == {"excludes": ["unigrams", "bigrams"]}
    grams = {
        "type": "text",
        "analyzer": "whitespace",
        "similarity": "portal_bm25",
        "index_options": "freqs",
    }
    properties = mappings["properties"]
    assert properties["unigrams"] == grams and properties["bigrams"] == grams
    assert properties["doc_number"] == {"type": "keyword"}
    assert properties["title_display"] == {"type": "keyword"}
    assert properties["publish_date"] == {"type": "date"}
    assert fake.aliases == {"test-content": created[0]["path"].strip("/")}
    bulk = fake.of("PUT", "/_bulk") or fake.of("POST", "/_bulk")
    action, source = [json.loads(line) for line in bulk[0]["body"].splitlines()]
    assert action == {"index": {"_index": "test-content", "_id": "policies.policydocumentpage:7"}}
    # Title n-grams three times, body and 发文字号 twice: the embedded title weight of 0.5.
    title_pairs = ["首问", "问责", "责任", "任制", "制通", "通知"]
    body_pairs = ["全面", "面推", "推行", "行首", "首问", "问责", "责任", "任制"]
    number_grams = ["税总", "总发", "2014", "59"]
    assert source["bigrams"].split() == title_pairs * 3 + body_pairs * 2 + number_grams * 2
    assert source["unigrams"].split()[:7] == list("首问责任制通知")
    assert source["title_display"] == "首问责任制通知"
    assert source["doc_number"] == "税总发〔2014〕59号"
    assert source["year"] == 2014 and source["publish_date"] == "2014-04-24"
    assert source["authorities"] == ["国家税务总局"]


def test_query_body_uses_the_embedded_ngrams_doc_number_boost_filters_and_facets(backend, fake):
    fake.aliases["test-content"] = "test-content-1"
    request = PolicySearch(
        "税总发[2014]59号", {"type": "policy", "year": "2014"}, "relevance", 2
    ).request
    backend.search(request)
    statistics = json.loads(fake.of("POST", "/test-content/_termvectors")[0]["body"])
    assert statistics["doc"]["bigrams"].split() == ["税总", "总发", "2014", "59"]
    assert statistics["term_statistics"] is True
    body = json.loads(fake.of("POST", "/test-content/_search")[0]["body"])
    idf = math.log(1 + (7 - 1 + 0.5) / (1 + 0.5))  # the fake: every term in 1 of 7 documents
    first_stage = body["query"]["function_score"]["query"]["bool"]
    match, *filters = first_stage["filter"]
    number = {
        "bool": {
            "should": [
                {"term": {"doc_number": "税总发〔2014〕59号"}},
                {"wildcard": {"doc_number": {"value": "*税总发〔2014〕59号"}}},
            ]
        }
    }
    # A rare n-gram and three of the four words (税总发 2014 59 号), or the number, or the title.
    rare = {"bool": {"should": [{"terms": {"bigrams": ["税总", "总发", "2014", "59"]}}]}}
    rare["bool"]["minimum_should_match"] = 1

    def word(*grams: str) -> dict:
        field = "unigrams" if len(grams[0]) == 1 else "bigrams"
        every = {"bool": {"filter": [{"term": {field: gram}} for gram in grams]}}
        return {"bool": {"should": [every], "minimum_should_match": 1}}

    words = [word("税总", "总发"), word("2014"), word("59"), word("号")]
    words_rule = {"bool": {"should": words, "minimum_should_match": 3}}
    assert match["bool"]["should"] == [
        {"bool": {"filter": [rare, words_rule]}},
        number,
        {"term": {"title_key": "税总发201459号"}},
    ]
    assert filters == [{"term": {"content_type": "policy"}}, {"term": {"year": 2014}}]
    # First stage: the idf-weighted presence of the rare n-grams (all rare in a small index).
    first = first_stage["should"]
    assert {"constant_score": {"filter": {"term": {"bigrams": "2014"}}, "boost": idf}} in first
    assert {"constant_score": {"filter": number, "boost": 1e6}} in first
    # Second stage: BM25 over every n-gram of the query for the best 300 candidates.
    assert body["rescore"]["window_size"] == 300
    full = body["rescore"]["query"]["rescore_query"]["bool"]["should"]
    assert {"term": {"unigrams": {"value": "税", "boost": 1.0}}} in full
    assert {"term": {"bigrams": {"value": "2014", "boost": 1.0}}} in full
    assert {"constant_score": {"filter": number, "boost": 1e6}} in full
    assert body["aggs"]["authority"] == {
        "terms": {"field": "authorities", "size": 1000, "exclude": [""]}
    }
    # Page 2 lies within the rescored window: all of it comes back for search.ranking to reorder.
    assert body["from"] == 0 and body["size"] == 300
    assert body["track_total_hits"] is True
    assert "sort" not in body


def test_punctuation_only_query_asks_nothing_and_finds_nothing(backend, fake):
    fake.aliases["test-content"] = "test-content-1"
    results = backend.search(PolicySearch("，。！？").request)
    assert results.total == 0 and results.facets["type"] == {}
    assert not fake.of("POST", "/test-content/_search")


def test_results_and_facets_are_read_from_a_realistic_response(httpserver):
    response = empty_search_response()
    response["hits"] = {
        "total": {"value": 1, "relation": "eq"},
        "max_score": 12.5,
        "hits": [
            {
                "_index": "test-content-1",
                "_id": DOC.key,
                "_score": 12.5,
                "_source": source(DOC),
            }
        ],
    }
    response["aggregations"]["type"]["buckets"] = [{"key": "policy", "doc_count": 1}]
    response["aggregations"]["year"]["buckets"] = [{"key": 2014, "doc_count": 1}]
    fake = FakeElasticsearch(httpserver, search_response=response)
    fake.aliases["test-content"] = "test-content-1"
    backend = ElasticsearchBackend(httpserver.url_for("/").rstrip("/"), "test")
    results = backend.search(PolicySearch("首问").request)
    assert results.total == 1
    hit = results.hits[0]
    assert hit.title == "首问责任制通知" and hit.title_highlight == "<mark>首问</mark>责任制通知"
    assert hit.url == DOC.url and hit.doc_number == "税总发〔2014〕59号"
    assert results.facets["type"] == {"policy": 1} and results.facets["year"] == {"2014": 1}


def test_rebuild_fills_new_index_then_swaps_alias_and_drops_old(backend, fake):
    fake.aliases["test-content"] = "test-content-old"
    backend.rebuild([DOC], grace=0)
    new_index = fake.of("PUT", r"/test-content-\d+")[0]["path"].strip("/")
    created = json.loads(fake.of("PUT", r"/test-content-\d+")[0]["body"])
    assert created["settings"]["number_of_replicas"] == 0  # replicas come just before the swap
    bulk = (fake.of("PUT", "/_bulk") or fake.of("POST", "/_bulk"))[0]
    assert json.loads(bulk["body"].splitlines()[0])["index"]["_index"] == new_index
    swap = json.loads(fake.of("POST", "/_aliases")[0]["body"])
    assert swap == {
        "actions": [
            {"remove": {"index": "test-content-old", "alias": "test-content"}},
            {"add": {"index": new_index, "alias": "test-content"}},
        ]
    }
    assert fake.of("DELETE", "/test-content-old")
    order = [r["path"] for r in fake.requests]
    assert order.index(f"/{new_index}/_refresh") > order.index(bulk["path"])
    assert order.index("/_aliases") > order.index(f"/{new_index}/_refresh")
    assert order.index("/test-content-old") > order.index("/_aliases")


def test_unreachable_cluster_queues_updates_and_page_says_unavailable(
    client, site_tree, settings, django_user_model
):
    from search.backends import _backend_for
    from search.models import PendingIndexUpdate
    from tests.policies.factories import make_document

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    _backend_for.cache_clear()
    try:
        doc = make_document(title="集群故障时发布")
        doc.refresh_from_db()
        assert doc.live
        assert PendingIndexUpdate.objects.filter(
            key=f"policies.policydocumentpage:{doc.pk}"
        ).exists()
        html = client.get("/search/", {"q": "故障"}).content.decode()
        assert "搜索服务暂时不可用" in html
        assert client.get("/api/search/", {"q": "故障"}).status_code == 503
        health = client.get("/healthz")
        assert health.json()["search_backlog"] == 1 and health.json()["search"] != "ok"
        admin = django_user_model.objects.create_superuser("root", "r@example.invalid", "pw")
        client.force_login(admin)
        assert "有 <strong>1</strong> 条索引更新失败" in client.get("/admin/").content.decode()
    finally:
        _backend_for.cache_clear()


def test_a_page_past_the_rescored_candidates_is_the_first_stage_order_of_the_rest(httpserver):
    """A page past the reranked candidates (here 300 a page, page 2) asks the cluster for the
    first-stage order of the matches not shown yet, unrescored, so nothing shows twice."""
    response = empty_search_response()
    response["hits"] = {
        "total": {"value": 301, "relation": "eq"},
        "max_score": 1.0,
        "hits": [
            {"_index": "test-content-1", "_id": DOC.key, "_score": 1.0, "_source": source(DOC)}
        ],
    }
    fake = FakeElasticsearch(httpserver, search_response=response)
    fake.aliases["test-content"] = "test-content-1"
    backend = ElasticsearchBackend(httpserver.url_for("/").rstrip("/"), "test")
    request = PolicySearch("首问责任制", page=2).request
    request.page_size = 300
    results = backend.search(request)
    window, deeper = (json.loads(r["body"]) for r in fake.of("POST", "/test-content/_search"))
    assert window["from"] == 0 and window["size"] == 300
    # One document was shown on page 1: page 2 starts at the 300th of the others.
    assert deeper["from"] == 299 and deeper["size"] == 300 and "rescore" not in deeper
    assert deeper["query"]["bool"]["must"] == [window["query"]]
    assert deeper["query"]["bool"]["must_not"] == [{"ids": {"values": [DOC.key]}}]
    assert [hit.key for hit in results.hits] == [DOC.key]  # what the fake answers

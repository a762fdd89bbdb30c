"""The Elasticsearch backend's exact requests, checked by a loopback server (no cluster in CI)."""

import json
import os
from datetime import date

import pytest

from search.backends.elasticsearch import ElasticsearchBackend
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
    assert body["settings"]["analysis"]["analyzer"] == {
        "portal_cjk": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["cjk_width", "lowercase", "cjk_bigram"],
        },
        "portal_segmented": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
    }
    properties = body["mappings"]["properties"]
    assert properties["title"] == {"type": "text", "analyzer": "portal_segmented"}
    assert properties["title_cjk"] == {"type": "text", "analyzer": "portal_cjk"}
    assert properties["doc_number"] == {"type": "keyword"}
    assert properties["publish_date"] == {"type": "date"}
    assert fake.aliases == {"test-content": created[0]["path"].strip("/")}
    bulk = fake.of("PUT", "/_bulk") or fake.of("POST", "/_bulk")
    action, source = [json.loads(line) for line in bulk[0]["body"].splitlines()]
    assert action == {"index": {"_index": "test-content", "_id": "policies.policydocumentpage:7"}}
    assert source["title"] == "首问 责任 责任制 首问责任制 通知"
    assert source["title_cjk"] == "首问责任制通知"
    assert source["doc_number"] == "税总发〔2014〕59号"
    assert source["year"] == 2014 and source["publish_date"] == "2014-04-24"
    assert source["authorities"] == ["国家税务总局"]


def test_query_body_uses_segmented_terms_doc_number_boost_filters_and_facets(backend, fake):
    fake.aliases["test-content"] = "test-content-1"
    request = PolicySearch(
        "税总发[2014]59号", {"type": "policy", "year": "2014"}, "relevance", 2
    ).request
    backend.search(request)
    body = json.loads(fake.of("POST", "/test-content/_search")[0]["body"])
    should = body["query"]["bool"]["should"]
    assert {"term": {"doc_number": {"value": "税总发〔2014〕59号", "boost": 1000}}} in should
    assert body["query"]["bool"]["filter"] == [
        {"term": {"content_type": "policy"}},
        {"term": {"year": 2014}},
    ]
    assert body["aggs"]["authority"] == {"terms": {"field": "authorities", "size": 50}}
    assert body["from"] == 10 and body["size"] == 10
    assert body["track_total_hits"] is True


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
                "_source": ElasticsearchBackend._source(DOC),
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
    backend.rebuild([DOC])
    new_index = fake.of("PUT", r"/test-content-\d+")[0]["path"].strip("/")
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
    assert order.index("/_aliases") > order.index(bulk["path"])


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


@pytest.mark.live_es
@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="未设置 ELASTICSEARCH_URL，跳过真实集群测试"
)
def test_live_cluster_round_trip():
    backend = ElasticsearchBackend(os.environ["ELASTICSEARCH_URL"], "portal-live-test")
    backend.rebuild([DOC])
    results = backend.search(PolicySearch("首问").request)
    assert results.hits[0].key == DOC.key
    assert backend.search(PolicySearch("税总发2014年59号").request).hits[0].key == DOC.key
    backend.client.indices.delete(index="portal-live-test-content-*")

"""Both backends run the same query list over the same documents (tests/search/shared_queries.py).

Always: the embedded backend ranks each query's expected document first; the Elasticsearch
backend asks for exactly the embedded backend's n-grams with its weights, the same 发文字号 and
filters, keeps the order the cluster answers in, and presents each hit as the embedded backend
does. With a real node (`make test-es`): both return the same documents in the same order, the
same totals and the same facet counts for every query.
"""

import json

import pytest

from search.backends.elasticsearch import DOC_NUMBER_BOOST, FACETS, ElasticsearchBackend
from search.backends.embedded import CANDIDATES, TITLE_MATCH_SCORE, EmbeddedBackend
from search.documents import source
from search.query import NEWEST_COUNT, PolicySearch
from search.segmentation import query_ngrams
from tests.search.fake_elasticsearch import FakeElasticsearch, empty_search_response
from tests.search.shared_queries import DOCUMENTS, FAR_ARTICLE, NO_HIT, QUERIES, SharedQuery

BY_KEY = {doc.key: doc for doc in DOCUMENTS}


def _request(query: SharedQuery):
    return PolicySearch(query.text, query.filters, query.sort).request


@pytest.fixture
def embedded(tmp_path):
    backend = EmbeddedBackend(str(tmp_path / "shared.sqlite3"))
    backend.index(DOCUMENTS)
    return backend


@pytest.fixture
def fake(httpserver):
    fake = FakeElasticsearch(httpserver)
    fake.aliases["test-content"] = "test-content-1"
    return fake


@pytest.fixture
def elasticsearch(httpserver, fake):
    return ElasticsearchBackend(httpserver.url_for("/").rstrip("/"), "test")


def _cluster_answer(keys: list[str]) -> dict:
    """What a cluster returns for these documents, in this order."""
    response = empty_search_response()
    response["hits"] = {
        "total": {"value": len(keys), "relation": "eq"},
        "max_score": float(len(keys)),
        "hits": [
            {
                "_index": "test-content-1",
                "_id": key,
                "_score": float(len(keys) - rank),
                "_source": source(BY_KEY[key]),
            }
            for rank, key in enumerate(keys)
        ],
    }
    return response


@pytest.mark.parametrize("query", QUERIES, ids=[q.text for q in QUERIES])
def test_embedded_backend_ranks_the_expected_document_first(embedded, query):
    results = embedded.search(_request(query))
    assert [hit.key for hit in results.hits[:1]] == ([query.top] if query.top else [])
    for name, counts in query.facets.items():
        assert results.facets[name] == counts


def test_short_queries_require_their_words_and_long_questions_stay_lenient():
    assert _request(SharedQuery("个人所得税 年度汇算", NO_HIT)).min_match == 3
    assert _request(SharedQuery("个人 隐私", NO_HIT)).min_match == 2
    question = _request(SharedQuery("谁可以享受小规模纳税人免征增值税的优惠吗？", NO_HIT))
    assert question.min_match == 0
    # A short question is colloquial too: its words are seldom the statute's.
    assert _request(SharedQuery("个人所得税怎么扣除", NO_HIT)).min_match == 0
    assert _request(SharedQuery("个人所得税 扣除", NO_HIT)).min_match == 2


RELEVANCE = [q for q in QUERIES if q.sort == "relevance"]


def _word_clauses(node) -> dict | None:
    """The clause asking for a number of the query's words, wherever the match nests it."""
    if isinstance(node, dict):
        inner = node.get("bool", {})
        should = inner.get("should", [])
        if should and all("should" in c.get("bool", {}) for c in should):
            return inner
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _word_clauses(child)
        if found:
            return found
    return None


@pytest.mark.parametrize("query", RELEVANCE, ids=[q.text for q in RELEVANCE])
def test_elasticsearch_asks_for_the_embedded_ngrams_weights_and_filters(elasticsearch, fake, query):
    request = _request(query)
    elasticsearch.search(request)
    body = json.loads(fake.of("POST", "/test-content/_search")[0]["body"])  # the rescored window
    # The first stage leans towards higher legal ranks (search.ranking.level_weight).
    scoring = body["query"]["function_score"]
    assert scoring["field_value_factor"] == {"field": "level_weight", "missing": 1.0}
    assert scoring["boost_mode"] == "multiply"
    bool_query = scoring["query"]["bool"]

    rescore = body["rescore"]["query"]["rescore_query"]["bool"]["should"]
    scored = {}
    for clause in rescore:
        if "term" in clause:
            ((field, term),) = clause["term"].items()
            assert field == ("unigrams" if len(term["value"]) == 1 else "bigrams")
            scored[term["value"]] = term["boost"]
    assert scored == query_ngrams(query.text)
    assert body["rescore"]["window_size"] == CANDIDATES

    bonuses = [c["constant_score"] for c in rescore if "constant_score" in c]
    assert [b["boost"] for b in bonuses] == [DOC_NUMBER_BOOST] * bool(request.doc_number) + [
        TITLE_MATCH_SCORE
    ]
    assert bonuses[-1]["filter"] == {"term": {"title_key": request.title_key}}

    # A short query's words: each must-have word a should clause, at least min_match of them.
    words = _word_clauses(bool_query["filter"][0])
    if request.min_match:
        assert words["minimum_should_match"] == request.min_match
        assert len(words["should"]) == len(request.required)
    else:
        assert words is None

    expected_filters = [  # the request's filters: an authority's short name made full
        {"term": {field: int(request.filters[key]) if key == "year" else request.filters[key]}}
        for key, field in FACETS.items()
        if key in request.filters
    ]
    assert bool_query["filter"][1:] == expected_filters
    assert "sort" not in body


def test_elasticsearch_sorts_by_date_without_scoring(elasticsearch, fake):
    elasticsearch.search(PolicySearch("纳税人", {"authority": "财政部"}, "date").request)
    body = json.loads(fake.of("POST", "/test-content/_search")[-1]["body"])
    assert "should" not in body["query"]["bool"] and "rescore" not in body
    assert body["sort"][0] == {"publish_date": {"order": "desc", "missing": "_last"}}
    assert body["query"]["bool"]["filter"][1] == {"term": {"authorities": "财政部"}}


@pytest.mark.parametrize("query", QUERIES, ids=[q.text for q in QUERIES])
def test_elasticsearch_presents_hits_like_embedded(embedded, elasticsearch, fake, query):
    """Date order is the cluster's; relevance order is the cluster's after search.ranking's last
    step (pinned against a real node by the live test below)."""
    request = _request(query)
    local = embedded.search(request).hits
    fake.search_response = _cluster_answer([hit.key for hit in reversed(local)])
    remote = elasticsearch.search(request).hits
    if request.sort == "date":
        assert [hit.key for hit in remote] == [hit.key for hit in reversed(local)]
    assert sorted(hit.key for hit in remote) == sorted(hit.key for hit in local)

    local_by_key = {hit.key: hit for hit in local}
    for hit in remote:
        twin = local_by_key[hit.key]
        assert (hit.title, hit.title_highlight, hit.snippet, hit.url) == (
            twin.title,
            twin.title_highlight,
            twin.snippet,
            twin.url,
        )
        assert (hit.type, hit.doc_number, hit.publish_date, hit.validity) == (
            twin.type,
            twin.doc_number,
            twin.publish_date,
            twin.validity,
        )


@pytest.mark.live_es
def test_live_node_and_embedded_agree_on_order_totals_and_facets(embedded, elasticsearch_site):
    elasticsearch_site.rebuild(DOCUMENTS, grace=0)
    for query in QUERIES:
        for page_size in (10, 2):
            request = _request(query)
            request.page_size = page_size
            local, remote = embedded.search(request), elasticsearch_site.search(request)
            assert [h.key for h in remote.hits] == [h.key for h in local.hits], query.text
            assert [h.key for h in remote.hits[:1]] == [query.top] * bool(query.top), query.text
            for name, counts in query.facets.items():
                assert remote.facets[name] == counts, query.text
            assert remote.total == local.total, query.text
            assert remote.facets == local.facets, query.text
            assert [(h.title_highlight, h.snippet) for h in remote.hits] == [
                (h.title_highlight, h.snippet) for h in local.hits
            ], query.text
    for prefix in ("首问", "关于", "增值税", "办法", "税总发", "税总发[2014", "59号", "公告2019"):
        assert elasticsearch_site.suggest(prefix, 8) == embedded.suggest(prefix, 8), prefix
    assert [s["doc_number"] for s in embedded.suggest("税总发[2014", 8)] == ["税总发〔2014〕59号"]
    # An empty query: the same newest documents, newest first.
    newest = PolicySearch("").request
    local, remote = embedded.search(newest), elasticsearch_site.search(newest)
    assert [h.key for h in remote.hits] == [h.key for h in local.hits]
    assert len(local.hits) == min(len(DOCUMENTS), NEWEST_COUNT)
    assert local.hits[0].key.endswith(":9")


def test_a_neighbouring_article_without_the_words_is_shown_and_counted(embedded):
    embedded.index([FAR_ARTICLE])
    results = embedded.search(_request(SharedQuery("存货人要支付仓储费吗？", NO_HIT)))
    assert [hit.key for hit in results.hits] == [
        "policies.policydocumentpage:13",
        "policies.policydocumentpage:14",  # 第九百零六条, two articles on; 第九百一十条 is not
    ]
    assert results.total == 2
    # A keyword query's results must hold its words: no neighbours.
    keywords = embedded.search(_request(SharedQuery("仓储费 存货人", NO_HIT)))
    assert [hit.key for hit in keywords.hits] == ["policies.policydocumentpage:13"]


@pytest.mark.live_es
@pytest.mark.parametrize("text", ["纳税人", "存货人要支付仓储费吗？", "个人所得税怎么扣除"])
def test_live_node_and_embedded_agree_past_the_reranked_candidates(
    embedded, elasticsearch_site, monkeypatch, text
):
    """With two reranked positions, later pages are the other matches in first-stage order:
    both backends list every document once, in the same order, page by page."""
    from search.backends import elasticsearch as elasticsearch_module
    from search.backends import embedded as embedded_module

    monkeypatch.setattr(embedded_module, "CANDIDATES", 2)
    monkeypatch.setattr(elasticsearch_module, "CANDIDATES", 2)
    elasticsearch_site.rebuild(DOCUMENTS, grace=0)
    listed = {"embedded": [], "elasticsearch": []}
    for page in range(1, 8):
        request = PolicySearch(text, page=page).request
        request.page_size = 1
        local, remote = embedded.search(request), elasticsearch_site.search(request)
        assert remote.total == local.total, page
        assert [h.key for h in remote.hits] == [h.key for h in local.hits], page
        listed["embedded"] += [h.key for h in local.hits]
        listed["elasticsearch"] += [h.key for h in remote.hits]
    assert len(set(listed["embedded"])) == len(listed["embedded"]) == min(local.total, 7)
    assert listed["elasticsearch"] == listed["embedded"]

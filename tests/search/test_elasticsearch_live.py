"""The Elasticsearch backend against a real node (`make elasticsearch && make test-es`).

Each test switches the site to the node under an index prefix of its own (elasticsearch_site in
conftest.py) and publishes real pages, so indexing runs through Wagtail's signals as in
production. Without ELASTICSEARCH_URL these tests are skipped and say so; `make test-es` sets
ELASTICSEARCH_REQUIRED, which turns that skip into a failure.
"""

import json
import os
import subprocess
import threading
import time
from datetime import date
from io import StringIO
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from search.backends import _backend_for, get_backend
from search.models import PendingIndexUpdate
from search.query import PolicySearch
from search.registry import IndexDocument
from tests.policies.factories import make_document, make_interpretation
from tests.search.conftest import _unavailable

pytestmark = pytest.mark.live_es
ROOT = Path(__file__).resolve().parents[2]
SAT = {"国家税务总局": "11100000000013239N"}
MOF = {"财政部": "11100000000013000X"}


def _authorities(*names_and_codes: dict[str, str]):
    from policies.services.authoring import authorities_by_name

    codes = {name: code for pair in names_and_codes for name, code in pair.items()}
    return authorities_by_name(list(codes), codes)


@pytest.fixture
def library(site_tree, elasticsearch_site):
    """Thirteen policy documents and one interpretation, published through Wagtail."""
    first = make_document(
        title="国家税务总局关于全面推行税务系统首问责任制的通知",
        doc_number="税总发〔2014〕59号",
        publish_date=date(2014, 4, 24),
        body_text="税务总局决定在全国税务系统全面推行首问责任制。",
        needs_interpretation=True,
        publish=False,
    )
    make_interpretation(
        title="首问责任制政策解读", documents=[first], body_text="首问责任人负责接待纳税人。"
    )
    first.get_latest_revision().publish()
    second = make_document(
        title="国家税务总局关于进一步抓好工作落实的意见",
        doc_number="税总发〔2015〕7号",
        publish_date=date(2015, 1, 19),
        body_text="各级税务机关要进一步提高认识，落实首问责任制和限时办结制度。",
    )
    make_document(
        title="关于个人所得税专项附加扣除的公告",
        doc_number="国家税务总局公告2018年第60号",
        publish_date=date(2018, 12, 21),
        validity="invalid",
        body_text="纳税人享受子女教育、继续教育、住房贷款利息等专项附加扣除。",
    )
    make_document(
        title="关于深化增值税改革有关政策的公告",
        doc_number="财政部 税务总局 海关总署公告2019年第39号",
        publish_date=date(2019, 3, 20),
        validity="partially_invalid",
        topic="finance",
        authorities=_authorities(MOF, SAT),
        body_text="自2019年4月1日起，试行增值税期末留抵税额退税制度，纳税人可以申请退还。",
    )
    for number, mark in enumerate("甲乙丙丁戊己庚辛壬", start=1):  # a second page of 税务
        make_document(
            title=f"税务行政许可事项第{number}号公告",
            doc_number=f"国家税务总局公告2020年第{number}号",
            publish_date=date(2020, number, number + 1),
            body_text=f"税务机关办理第{number}类行政许可事项的程序和期限（{mark}）。",
        )
    return SimpleNamespace(first=first, second=second)


def _api(client, **params) -> dict:
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_index_is_created_with_the_real_mappings_and_bulk_indexes(elasticsearch_site):
    backend = elasticsearch_site
    documents = [
        IndexDocument(
            key=f"bench.article:{n}",
            content_type="policy",
            title=f"第{n}条",
            body=f"纳税人应当按照规定办理第{n}项涉税事项。",
            url=f"/a/{n}/",
            publish_date=date(2000 + n % 20, 1, 1),
        )
        for n in range(1, 1201)
    ]
    assert backend.index(documents) == 1200  # three bulk requests of 500
    assert backend.count() == 1200
    (name,) = backend.client.indices.get_alias(name=backend.alias)
    mapping = backend.client.indices.get_mapping(index=name)[name]["mappings"]
    assert mapping["properties"]["bigrams"]["analyzer"] == "whitespace"
    assert mapping["properties"]["bigrams"]["similarity"] == "portal_bm25"
    assert mapping["_source"] == {"excludes": ["unigrams", "bigrams"]}
    similarity = backend.client.indices.get_settings(index=name)[name]["settings"]["index"][
        "similarity"
    ]
    assert similarity["portal_bm25"] == {"type": "BM25", "k1": "2.4", "b": "0.75"}
    tokens = backend.client.indices.analyze(index=name, field="bigrams", text="首问 责任 2014")
    assert [t["token"] for t in tokens["tokens"]] == ["首问", "责任", "2014"]
    results = backend.search(PolicySearch("第1200条").request)
    assert results.hits[0].key == "bench.article:1200"
    browse = backend.search(PolicySearch("", {"year": "2019"}).request)
    assert browse.total == 60 and browse.facets["year"] == {"2019": 60}


def test_every_filter_facet_highlight_sort_and_page_of_the_api(client, library):
    data = _api(client, q="首问责任制")
    assert data["total"] == 3
    assert data["facets"]["type"] == {"policy": 2, "interpretation": 1}
    # The interpretation carries its document's date (issue 17), not the day it went up.
    assert data["facets"]["year"] == {"2014": 2, "2015": 1}
    assert data["facets"]["authority"] == {"国家税务总局": 2}
    top = {r["title"]: r for r in data["results"][:2]}
    assert set(top) == {"国家税务总局关于全面推行税务系统首问责任制的通知", "首问责任制政策解读"}
    assert all("<mark>首问责任制</mark>" in r["title_highlight"] for r in top.values())
    assert all("<mark>首问" in r["snippet"] for r in top.values())

    assert [r["type"] for r in _api(client, q="首问", type="interpretation")["results"]] == [
        "interpretation"
    ]
    by_authority = _api(client, q="增值税", authority="财政部")
    assert [r["doc_number"] for r in by_authority["results"]] == [
        "财政部税务总局海关总署公告2019年第39号"  # canonical: spaces dropped
    ]
    assert by_authority["facets"]["authority"] == {"国家税务总局": 1, "财政部": 1}
    assert _api(client, q="首问责任制", year="2015")["total"] == 1
    assert _api(client, q="扣除", validity="全文失效")["total"] == 1
    assert _api(client, q="扣除", validity="全文有效")["total"] == 0
    assert _api(client, q="留抵", topic="财政、金融、审计")["total"] == 1
    assert _api(client, q="首问", topic="财政、金融、审计")["total"] == 0

    dated = _api(client, q="税务", sort="date")
    dates = [r["publish_date"] for r in dated["results"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 10
    first, second = _api(client, q="行政许可事项"), _api(client, q="行政许可事项", page=2)
    assert first["total"] == second["total"] == 9
    assert len(first["results"]) == 9 and second["results"] == []
    # Without a query: tips and the newest ten of the fourteen documents, whatever the page.
    newest = [_api(client, page=page) for page in (1, 2)]
    assert newest[0] == newest[1] and newest[0]["newest"] and newest[0]["tips"]
    assert newest[0]["total"] == len(newest[0]["results"]) == 10
    assert [r["publish_date"] for r in newest[0]["results"][:2]] == ["2020-09-10", "2020-08-09"]
    # The interpretation carries its document's date (2014-04-24, 三同步): they sit side by side.
    tied = _api(client, q="首问", sort="date")["results"]
    same_day = sorted(r["type"] for r in tied if r["publish_date"] == "2014-04-24")
    assert same_day == ["interpretation", "policy"]

    html = client.get("/search/", {"q": "首问", "type": "policy"}).content.decode()
    assert "共找到" in html and "<mark>首问</mark>" in html


def test_api_answers_are_identical_on_both_backends(client, library, settings):
    """The JSON of the search API, byte for byte, for every kind of query, on both backends."""
    queries = [
        {"q": "首问责任制"},
        {"q": "首问", "type": "interpretation"},
        {"q": "税务", "sort": "date"},
        {"q": "税务", "sort": "date", "page": "2"},
        {"q": "行政许可事项", "page": "1"},
        {"q": "税务机关办理行政许可事项的期限"},
        {"q": "个税"},
        {"q": "税总发[2014]59号"},
        {"q": "谁可以申请增值税留抵退税？", "validity": "部分失效"},
        {"q": "纳税人", "authority": "国家税务总局", "year": "2018"},
        {"q": "", "topic": "财政、金融、审计\\税务"},
        {"q": "", "page": "2"},
        {"q": "，。！？"},
        {"q": "火星殖民"},
    ]
    remote = [client.get("/api/search/", params).json() for params in queries]
    suggest_remote = client.get("/api/search/suggest/", {"q": "公告"}).json()
    ranked_remote = _ranked("税务")
    settings.SEARCH_BACKEND = "embedded"
    _backend_for.cache_clear()
    call_command("search_index", "rebuild", stdout=StringIO())
    for params, answer in zip(queries, remote, strict=True):
        local = client.get("/api/search/", params).json()
        scores = _embedded_scores(params)
        assert _tie_blind(answer, scores) == _tie_blind(local, scores), params
    assert suggest_remote == client.get("/api/search/suggest/", {"q": "公告"}).json()
    # Scores agree up to Lucene's one-byte document lengths: documents whose embedded scores are
    # within 2% of each other may trade places, nothing else.
    ranked_local = _ranked("税务")
    assert sorted(key for key, _ in ranked_remote) == sorted(key for key, _ in ranked_local)
    local_score = dict(ranked_local)
    for (above, _), (below, _) in pairwise(ranked_remote):
        assert local_score[above] >= 0.98 * local_score[below], (above, below)


def _embedded_scores(params: dict) -> dict[str, float]:
    """Score of each result of an API query on the (now embedded) backend, by URL."""
    filters = {key: value for key, value in params.items() if key not in ("q", "sort", "page")}
    search = PolicySearch(params["q"], filters, params.get("sort", ""), params.get("page", 1))
    return {hit.url: hit.score for hit in search.execute().hits}


def _tie_blind(answer: dict, scores: dict[str, float]) -> dict:
    """The answer with each run of exactly tied results as a sorted run.

    Documents identical but for a digit (税务行政许可事项第5号公告, 第6号) score exactly alike;
    Elasticsearch orders such ties by Lucene document id, which segment merges reshuffle.
    """
    runs: list[tuple[float | None, list[str]]] = []
    for row in answer["results"]:
        text = json.dumps(row, ensure_ascii=False, sort_keys=True)
        score = scores.get(row["url"])
        if runs and score is not None and runs[-1][0] == score:
            runs[-1][1].append(text)
        else:
            runs.append((score, [text]))
    return {**answer, "results": [sorted(texts) for _, texts in runs]}


def _ranked(text: str) -> list[tuple[str, float]]:
    """Keys and scores of every match, best first, from the configured backend."""
    request = PolicySearch(text).request
    request.page_size = 100
    return [(hit.key, hit.score) for hit in get_backend().search(request).hits]


def test_chinese_queries_and_doc_number_variants(client, library):
    for variant in [
        "税总发[2014]59号",
        "税总发2014年59号",
        "〔2014〕59号",
        "税总发（2014）59号",
        "税总发〔2014〕59号",
        "税总发(2014)59号",
    ]:
        assert _api(client, q=variant)["results"][0]["doc_number"] == "税总发〔2014〕59号", variant
    assert _api(client, q="国家税务总局公告2018年第60号")["results"][0]["title"] == (
        "关于个人所得税专项附加扣除的公告"
    )
    assert [r["title"] for r in _api(client, q="个税")["results"]] == [
        "关于个人所得税专项附加扣除的公告"
    ]
    titles = [r["title"] for r in _api(client, q="首问")["results"]]
    assert set(titles[:2]) == {
        "国家税务总局关于全面推行税务系统首问责任制的通知",
        "首问责任制政策解读",
    }
    question = _api(client, q="纳税人可以申请退还留抵税额吗？")
    assert question["results"][0]["title"] == "关于深化增值税改革有关政策的公告"
    assert _api(client, q="ｓｈｏｕｗｅｎ　１２３")["total"] == 0
    assert client.get("/search/", {"q": "<script>alert(1)</script>"}).status_code == 200


def test_suggestions_while_typing(client, library):
    items = client.get("/api/search/suggest/", {"q": "抓好"}).json()
    assert items[0]["title"] == "国家税务总局关于进一步抓好工作落实的意见"
    assert items[0]["url"]
    starting = client.get("/api/search/suggest/", {"q": "关于"}).json()
    assert starting[0]["title"].startswith("关于")
    assert client.get("/api/search/suggest/", {"q": "*?\\"}).json() == []


def test_unpublish_and_delete_remove_from_the_index(
    client, library, django_capture_on_commit_callbacks
):
    assert _api(client, q="抓好工作落实")["total"] == 1
    draft = make_document(title="尚未发布的首问草稿", publish=False)
    assert _api(client, q="草稿")["total"] == 0
    first = library.first
    first.refresh_from_db()
    first.unpublish()
    assert first.title not in [r["title"] for r in _api(client, q="首问")["results"]]
    with django_capture_on_commit_callbacks(execute=True):
        library.second.delete()
    assert _api(client, q="抓好工作落实")["total"] == 0
    assert draft.pk and PendingIndexUpdate.objects.count() == 0


def test_rebuild_swaps_the_alias_while_searches_keep_answering(library, elasticsearch_site):
    backend = elasticsearch_site
    (before,) = backend.client.indices.get_alias(name=backend.alias)
    request = PolicySearch("首问责任制").request
    expected = backend.search(request).total
    answers: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def search_continuously() -> None:
        while not stop.is_set():
            try:
                answers.append(backend.search(request).total)
            except Exception as error:  # noqa: BLE001 - every failure is reported below
                failures.append(error)

    thread = threading.Thread(target=search_continuously)
    thread.start()
    try:
        while len(answers) < 3 and not failures:
            time.sleep(0.01)
        during = len(answers)
        out = StringIO()
        call_command("search_index", "rebuild", stdout=out)
        after = len(answers)
        while len(answers) < after + 3 and not failures:
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join()
    assert not failures, failures[:3]
    assert after - during >= 5, "searches should keep running during the rebuild"
    assert set(answers) == {expected}
    assert "14 条" in out.getvalue()
    (now,) = backend.client.indices.get_alias(name=backend.alias)
    assert now != before
    assert not backend.client.indices.exists(index=before)


@pytest.fixture
def node_control(elasticsearch_url):
    """Scripts that stop and start the node behind ELASTICSEARCH_URL (set by make test-es)."""
    folder = os.environ.get("ELASTICSEARCH_NODE_DIR", "")
    if not folder:
        _unavailable("未设置 ELASTICSEARCH_NODE_DIR（make test-es 会设置），无法停止并重启节点")
    folder = ROOT / folder

    def run(script: str) -> None:
        subprocess.run([str(folder / script)], check=True, capture_output=True, timeout=300)

    yield run
    run("start.sh")  # whatever happened, leave the node running for the next test


def test_backlog_recorded_while_the_node_is_down_is_drained_after_restart(
    client, library, node_control, django_user_model
):
    node_control("stop.sh")
    doc = make_document(title="节点停机期间发布的文件", body_text="停机期间照常发布。")
    doc.refresh_from_db()
    assert doc.live  # publishing does not depend on the search node
    assert PendingIndexUpdate.objects.filter(key=f"policies.policydocumentpage:{doc.pk}").exists()
    assert client.get("/api/search/", {"q": "停机"}).status_code == 503
    assert "搜索服务暂时不可用" in client.get("/search/", {"q": "停机"}).content.decode()
    health = client.get("/healthz").json()
    assert health["search_backlog"] == 1 and health["search"] != "ok"

    node_control("start.sh")
    title = "节点停机期间发布的文件"
    assert title not in str(_api(client, q="停机期间"))  # back, but not yet caught up
    out = StringIO()
    call_command("search_index", "update", stdout=out)
    assert "成功 1 条，仍失败 0 条" in out.getvalue()
    assert PendingIndexUpdate.objects.count() == 0
    assert _api(client, q="停机期间")["results"][0]["title"] == title
    assert client.get("/healthz").json()["search_backlog"] == 0

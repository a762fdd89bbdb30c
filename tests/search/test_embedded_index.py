"""The embedded backend's in-memory snapshot: every worker process sees every other's writes.

Two EmbeddedBackend instances on one file stand for two gunicorn workers: each keeps its own
snapshot of the posting lists, which must be replaced when the other one writes.
"""

from datetime import date

import pytest

from search.backends.embedded import EmbeddedBackend
from search.query import PolicySearch
from search.registry import IndexDocument


def _doc(key: str, title: str, body: str, **extra) -> IndexDocument:
    return IndexDocument(
        key=key,
        content_type="policy",
        title=title,
        body=body,
        url=f"/{key}/",
        publish_date=date(2020, 1, 1),
        **extra,
    )


def _search(backend: EmbeddedBackend, text: str, **filters: str) -> tuple[int, list[str]]:
    results = backend.search(PolicySearch(text, filters=filters).request)
    return results.total, [hit.url for hit in results.hits]


@pytest.fixture
def workers(tmp_path, db):
    path = str(tmp_path / "search.sqlite3")
    return EmbeddedBackend(path), EmbeddedBackend(path)


def test_a_worker_sees_documents_another_worker_indexed_changed_and_deleted(workers):
    writer, reader = workers
    writer.index(
        [
            _doc("a", "纳税服务首问责任制", "首问责任人负责接待纳税人。", validity="全文有效"),
            _doc("b", "办税服务厅预约办税", "纳税人可以预约办税时间。", validity="全文有效"),
        ]
    )
    reader.warm_up()  # as gunicorn's post_worker_init does
    assert _search(reader, "首问责任制") == (1, ["/a/"])

    writer.index([_doc("a", "纳税服务限时办结制", "税务机关限时办结纳税人的事项。")])
    assert _search(reader, "首问责任制") == (0, [])
    assert _search(reader, "限时办结") == (1, ["/a/"])

    writer.delete(["b"])
    total, urls = _search(reader, "预约办税")
    assert (total, urls) == (0, [])
    facets = reader.search(PolicySearch("纳税人").request).facets
    assert facets["validity"] == {}  # the re-indexed "a" has none, "b" is gone


def test_the_reader_counts_words_in_title_and_body_as_ranking_expects(workers):
    writer, reader = workers
    filler = "其他事项说明。" * 20
    writer.index(
        [
            _doc("once", "关于事项的通知", "滞纳金。" + filler),
            _doc("often", "关于事项的公告", "滞纳金滞纳金滞纳金，滞纳金。" + filler),
            _doc("titled", "滞纳金事项的通知", "滞纳金。" + filler),
        ]
    )
    total, urls = _search(reader, "滞纳金")
    assert total == 3
    assert urls.index("/often/") < urls.index("/once/")  # four occurrences beat one
    assert urls.index("/titled/") < urls.index("/once/")  # and one in the title counts extra


def test_filters_and_facets_come_from_the_snapshot(workers):
    writer, reader = workers
    writer.index(
        [
            _doc("a", "增值税留抵退税公告", "留抵退税办理。", authorities=["国家税务总局"]),
            _doc("b", "留抵退税问答", "留抵退税政策解读。", authorities=["财政部"]),
        ]
    )
    assert _search(reader, "留抵退税", authority="财政部") == (1, ["/b/"])
    facets = reader.search(PolicySearch("留抵退税").request).facets
    assert facets["authority"] == {"国家税务总局": 1, "财政部": 1}
    assert facets["year"] == {"2020": 2}

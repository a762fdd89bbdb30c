"""Public search through HTTP on the embedded backend, over real published pages."""

from datetime import date

import pytest

from search.backends import get_backend
from search.models import PendingIndexUpdate
from tests.policies.factories import make_document, make_interpretation


@pytest.fixture
def library(site_tree):
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
    third = make_document(
        title="关于个人所得税专项附加扣除的公告",
        publish_date=date(2019, 1, 1),
        validity="invalid",
        body_text="纳税人享受子女教育专项附加扣除。",
    )
    return first, second, third


def test_chinese_word_inside_title_is_found(client, library):
    data = client.get("/api/search/", {"q": "首问"}).json()
    titles = [r["title"] for r in data["results"]]
    assert set(titles[:2]) == {
        "国家税务总局关于全面推行税务系统首问责任制的通知",
        "首问责任制政策解读",
    }
    assert all("<mark>首问</mark>" in r["title_highlight"] for r in data["results"][:2])


def test_doc_number_variants_put_that_document_first(client, library):
    for variant in ["税总发[2014]59号", "税总发2014年59号", "〔2014〕59号", "税总发（2014）59号"]:
        data = client.get("/api/search/", {"q": variant}).json()
        assert data["results"][0]["doc_number"] == "税总发〔2014〕59号", variant


def test_synonym_finds_full_tax_name(client, library):
    data = client.get("/api/search/", {"q": "个税"}).json()
    assert [r["title"] for r in data["results"]] == ["关于个人所得税专项附加扣除的公告"]


def test_filters_and_facets(client, library):
    data = client.get("/api/search/", {"q": "首问责任制"}).json()
    assert data["facets"]["type"] == {"policy": 2, "interpretation": 1}
    assert data["facets"]["year"]["2015"] == 1
    filtered = client.get(
        "/api/search/", {"q": "首问责任制", "type": "policy", "year": "2015"}
    ).json()
    assert [r["doc_number"] for r in filtered["results"]] == ["税总发〔2015〕7号"]
    by_validity = client.get("/api/search/", {"q": "扣除", "validity": "全文失效"}).json()
    assert by_validity["total"] == 1


def test_sort_by_date(client, library):
    data = client.get("/api/search/", {"q": "税务", "sort": "date"}).json()
    dates = [r["publish_date"] for r in data["results"] if r["publish_date"]]
    assert dates == sorted(dates, reverse=True)


def test_drafts_never_appear_and_unpublish_removes(client, library):
    draft = make_document(title="尚未发布的首问草稿", publish=False)
    assert "尚未发布的首问草稿" not in str(client.get("/api/search/", {"q": "草稿"}).json())
    first = library[0]
    first.refresh_from_db()
    first.unpublish()
    titles = [r["title"] for r in client.get("/api/search/", {"q": "首问"}).json()["results"]]
    assert first.title not in titles
    assert draft.pk


def test_a_draft_edit_of_a_live_page_stays_out_until_published(client, library):
    second = library[1]
    second.refresh_from_db()
    second.title = "关于草稿修改标题的意见"
    second.save_revision()  # saved as a draft, not published
    assert client.get("/api/search/", {"q": "草稿修改"}).json()["total"] == 0
    live = client.get("/api/search/", {"q": "抓好工作落实"}).json()["results"]
    assert live[0]["title"] == "国家税务总局关于进一步抓好工作落实的意见"
    second.get_latest_revision().publish()
    published = client.get("/api/search/", {"q": "草稿修改"}).json()["results"]
    assert published[0]["title"] == "关于草稿修改标题的意见"


@pytest.mark.parametrize(
    "params",
    [
        {"q": "税" * 201},
        {"q": "税", "type": "nope"},
        {"q": "税", "year": "abc"},
        {"q": "x", "page": "0"},
        {"q": "x", "sort": "random"},
    ],
)
def test_bad_input_is_a_400_with_chinese_message(client, library, params):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "，。！？",
        '"(AND OR*',
        "NEAR(a b)",
        "'--",
        "首问\x00责任",
        "%_*^$",
        "税" * 200,
        "🙂🙂",
        "ｓｈｏｕｗｅｎ　１２３",
        "<script>alert(1)</script>",
    ],
)
def test_odd_queries_return_normal_pages(client, library, q):
    response = client.get("/api/search/", {"q": q})
    assert response.status_code == 200
    newest = {"newest", "tips"} if not q.strip() else set()  # blank: tips and the newest
    assert set(response.json()) == {"total", "page", "results", "facets"} | newest
    assert client.get("/search/", {"q": q}).status_code == 200
    assert client.get("/api/search/suggest/", {"q": q}).status_code == 200


def test_script_in_query_is_escaped_on_the_page(client, library):
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "首问", "colour": "red"},
        {"q": "首问", "authority": "不存在的机关"},
        {"q": "首问", "topic": "不存在的主题"},
        {"q": "首问", "validity": "不存在"},
        {"q": "", "authority": "不存在的机关"},
        {"q": "首问", "page": "999"},
    ],
)
def test_unknown_filters_give_an_empty_normal_answer(client, library, params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200
    data = response.json()
    if "colour" in params:  # an unknown parameter is ignored
        assert data["total"] == 3
    else:
        assert data["results"] == []
    assert client.get("/search/", params).status_code == 200


@pytest.mark.parametrize("page", ["abc", "-1", "1.5", "9" * 30])
def test_malformed_page_is_a_400_not_a_500(client, library, page):
    response = client.get("/api/search/", {"q": "首问", "page": page})
    assert response.status_code == 400
    assert "页码" in response.json()["error"]
    assert client.get("/search/", {"q": "首问", "page": page}).status_code == 400


def test_search_page_has_facet_links_and_helpful_empty_state(client, library):
    html = client.get("/search/", {"q": "首问"}).content.decode()
    assert "共找到" in html and "?q=%E9%A6%96%E9%97%AE&amp;type=policy" in html
    empty = client.get("/search/", {"q": "火星殖民", "type": "policy"}).content.decode()
    assert "没有找到" in empty and "去掉全部筛选条件" in empty


def test_long_query_message_on_page(client, library):
    response = client.get("/search/", {"q": "税" * 300})
    assert response.status_code == 400
    assert "搜索词过长" in response.content.decode()


def test_suggestions_while_typing(client, library):
    items = client.get("/api/search/suggest/", {"q": "抓好"}).json()
    assert items[0]["title"] == "国家税务总局关于进一步抓好工作落实的意见"
    assert items[0]["url"]


def test_failed_index_updates_are_queued_retried_and_reported(
    client, site_tree, monkeypatch, django_user_model
):
    backend = get_backend()

    def broken(documents):
        raise ConnectionError("search down")

    with monkeypatch.context() as patched:
        patched.setattr(backend, "index", broken)
        doc = make_document(title="索引故障期间发布的文件")
        doc.refresh_from_db()
        assert doc.live  # publishing still succeeded
        assert PendingIndexUpdate.objects.count() == 1
        assert client.get("/healthz").json()["search_backlog"] == 1
        admin = django_user_model.objects.create_superuser("root", "r@example.invalid", "pw")
        client.force_login(admin)
        dashboard = client.get("/admin/").content.decode()
        assert "有 <strong>1</strong> 条索引更新失败" in dashboard
    from django.core.management import call_command

    call_command("search_index", "update")
    assert PendingIndexUpdate.objects.count() == 0
    assert client.get("/api/search/", {"q": "索引故障"}).json()["total"] == 1
    assert "索引已是最新" in client.get("/admin/").content.decode()


def test_rebuild_command_indexes_every_live_document(client, library):
    from io import StringIO

    from django.core.management import call_command

    get_backend().clear()
    out = StringIO()
    call_command("search_index", "rebuild", stdout=out)
    assert "4 条" in out.getvalue()
    call_command("search_index", "status", stdout=out)
    assert "已索引：4 条" in out.getvalue()


def test_admin_search_finds_chinese_word_inside_title(client, library, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "r@example.invalid", "pw")
    client.force_login(admin)
    html = client.get("/admin/pages/search/", {"q": "首问"}).content.decode()
    assert "全面推行税务系统首问责任制的通知" in html


def test_backlog_drains_by_itself_once_the_backend_answers_again(client, site_tree, monkeypatch):
    backend = get_backend()

    def broken(documents):
        raise ConnectionError("search down")

    with monkeypatch.context() as patched:
        patched.setattr(backend, "index", broken)
        make_document(title="故障期间发布的第一份文件")
        make_document(title="故障期间发布的第二份文件")
        assert PendingIndexUpdate.objects.count() == 2
    make_document(title="恢复之后发布的文件")
    assert PendingIndexUpdate.objects.count() == 0
    assert client.get("/healthz").json()["search_backlog"] == 0
    assert client.get("/api/search/", {"q": "故障期间"}).json()["total"] == 2


def test_an_index_file_of_the_old_layout_is_emptied_and_refilled_by_rebuild(
    client, tmp_path, library
):
    import sqlite3
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    from search.backends import _backend_for
    from search.backends.embedded import EmbeddedBackend

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, key TEXT, title TEXT)")
        old.execute("INSERT INTO docs (key, title) VALUES ('x', '旧索引')")
        old.execute("CREATE VIRTUAL TABLE fts USING fts5(title, number, body, grams)")
    backend = EmbeddedBackend(str(path))
    assert backend.count() == 0
    with override_settings(SEARCH_EMBEDDED_PATH=str(path)):
        _backend_for.cache_clear()
        try:
            call_command("search_index", "rebuild", stdout=StringIO())
            assert backend.count() == 4
            data = client.get("/api/search/", {"q": "首问"}).json()
            assert data["total"] >= 2
        finally:
            _backend_for.cache_clear()


def test_results_past_the_reranked_candidates_keep_coming(client, library, monkeypatch):
    from search.backends import embedded

    full = client.get("/api/search/", {"q": "首问责任制"}).json()
    monkeypatch.setattr(embedded, "CANDIDATES", 1)
    short = client.get("/api/search/", {"q": "首问责任制"}).json()
    assert short["total"] == full["total"] >= 3
    assert short["results"][0] == full["results"][0]
    assert sorted(r["url"] for r in short["results"]) == sorted(r["url"] for r in full["results"])

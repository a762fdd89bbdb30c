"""Policy documents, interpretations (三同步), citations, validity history, public pages and API."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from policies.models import Citation, InterpretationPage, PolicyDocumentPage, ValidityChange
from policies.services.documents import policy_document_change_validity
from portal.errors import RuleViolation
from tests.policies.factories import (
    InterpretationFactory,
    PolicyDocumentFactory,
    editor_adds_document,
)

POLICIES = "/xxgk/fdzdgknr/policies/"


def test_document_page_shows_standard_metadata_table(client, site_tree):
    doc = PolicyDocumentFactory(
        title="关于进一步抓好工作落实的意见",
        doc_number="税总发[2015]7号",
        publish_date=date(2015, 1, 19),
        written_date=date(2015, 1, 15),
        level="normative",
        body_text="一、总体要求\n各级税务机关要抓落实。",
    )
    assert doc.doc_number == "税总发〔2015〕7号"
    assert doc.index_number == "11100000000013239N/2015-00001"
    html = client.get(doc.url).content.decode()
    for text in [
        "索引号",
        "11100000000013239N/2015-00001",
        "主题分类",
        "财政、金融、审计\\税务",
        "发文机关",
        "国家税务总局",
        "成文日期",
        "2015-01-15",
        "发文字号",
        "税总发〔2015〕7号",
        "发布日期",
        "2015-01-19",
        "有效性",
        "全文有效",
        "<h2>一、总体要求</h2>",
    ]:
        assert text in html


def test_two_live_documents_cannot_share_a_number(site_tree):
    PolicyDocumentFactory(title="甲", doc_number="税总发〔2014〕59号")
    with pytest.raises(RuleViolation, match="已被《甲》使用"):
        PolicyDocumentFactory(title="乙", doc_number="税总发[2014]59号")
    assert PolicyDocumentPage.objects.live().filter(doc_number="税总发〔2014〕59号").count() == 1


def test_sanxiang_tongbu_refuses_publishing_without_ready_interpretation(site_tree):
    doc = PolicyDocumentFactory(title="需解读的文件", needs_interpretation=True, publish=False)
    with pytest.raises(RuleViolation, match="需要解读"):
        doc.get_latest_revision().publish()
    doc.refresh_from_db()
    assert doc.live is False


def test_sanxiang_tongbu_publishes_approved_interpretation_with_document(site_tree):
    doc = PolicyDocumentFactory(title="需解读的文件", needs_interpretation=True, publish=False)
    interpretation = InterpretationFactory(
        documents=[doc], approved_for_release=True, publish=False
    )
    assert not interpretation.live
    doc.get_latest_revision().publish()
    doc.refresh_from_db()
    interpretation.refresh_from_db()
    assert doc.live and interpretation.live


def test_unapproved_interpretation_does_not_satisfy_sanxiang_tongbu(site_tree):
    doc = PolicyDocumentFactory(title="需解读的文件", needs_interpretation=True, publish=False)
    InterpretationFactory(documents=[doc], approved_for_release=False, publish=False)
    with pytest.raises(RuleViolation):
        doc.get_latest_revision().publish()
    assert not InterpretationPage.objects.get().live


def test_admin_editor_sees_sanxiang_tongbu_message_when_publishing(client, site_tree):
    admin = get_user_model().objects.create_superuser("editor", "e@example.invalid", "pw")
    client.force_login(admin)

    response = editor_adds_document(
        client,
        title="编辑器中的文件",
        slug="editor-doc",
        doc_number="税总发（2019）8号",
        needs_interpretation="on",
        **{"action-publish": "action-publish"},
    )
    assert response.status_code == 200
    assert "还没有已审定的政策解读" in response.content.decode()
    assert not PolicyDocumentPage.objects.filter(slug="editor-doc").exists()


def test_admin_rejects_invalid_doc_number_with_message(client, site_tree):
    admin = get_user_model().objects.create_superuser("editor", "e@example.invalid", "pw")
    client.force_login(admin)

    response = editor_adds_document(
        client, title="错误文号", slug="bad-number", doc_number="税总发第五十九号"
    )
    assert "不是有效的发文字号" in response.content.decode()
    assert not PolicyDocumentPage.objects.filter(slug="bad-number").exists()


def test_citations_link_both_ways_and_late_documents_link_without_reediting(client, site_tree):
    citing = PolicyDocumentFactory(
        title="办税服务制度汇编",
        body_text="详见（税总发[2016]41号第一条第一款），并参照税总发〔2014〕59号。",
    )
    assert set(Citation.objects.filter(citing=citing).values_list("cited_number", flat=True)) == {
        "税总发〔2016〕41号",
        "税总发〔2014〕59号",
    }
    html = client.get(citing.url).content.decode()
    assert "税总发〔2016〕41号（本库暂未收录）" in html

    cited = PolicyDocumentFactory(
        title="关于全面推行办税服务制度的通知", doc_number="税总发〔2016〕41号"
    )
    html = client.get(citing.url).content.decode()
    assert f'href="{cited.url}"' in html and "引用文件" in html
    cited_html = client.get(cited.url).content.decode()
    assert "被引用" in cited_html and "办税服务制度汇编" in cited_html


def test_repealed_citation_is_flagged_on_citing_pages_and_history_recorded(client, site_tree):
    old = PolicyDocumentFactory(
        title="旧文件", doc_number="税总发〔2010〕1号", publish_date=date(2010, 1, 1)
    )
    citing = PolicyDocumentFactory(title="引用旧文件", body_text="依据税总发〔2010〕1号执行。")
    repealer = PolicyDocumentFactory(
        title="关于公布全文废止和部分条款废止的税务规范性文件目录的公告",
        doc_number="国家税务总局公告2024年第5号",
    )
    policy_document_change_validity(
        document=PolicyDocumentPage.objects.get(pk=old.pk),
        validity="repealed",
        changed_on=date(2024, 6, 1),
        caused_by=repealer,
        note="被国家税务总局公告2024年第5号废止",
    )
    history = list(ValidityChange.objects.filter(document=old).values_list("validity", "caused_by"))
    assert history == [("valid", None), ("repealed", repealer.pk)]
    old_html = client.get(old.url).content.decode()
    assert (
        "本文件全文废止" in old_html and "有效性变更记录" in old_html and "2024-06-01" in old_html
    )
    citing_html = client.get(citing.url).content.decode()
    assert "banner--danger" in citing_html and "旧文件" in citing_html


def test_policy_list_filters_and_tolerates_bad_values(client, site_tree):
    PolicyDocumentFactory(
        title="二〇一五年文件", doc_number="税总发〔2015〕7号", publish_date=date(2015, 1, 19)
    )
    PolicyDocumentFactory(title="失效文件", validity="invalid", publish_date=date(2016, 3, 1))
    html = client.get(POLICIES, {"year": "2015"}).content.decode()
    assert "二〇一五年文件" in html and "失效文件" not in html
    html = client.get(POLICIES, {"validity": "invalid"}).content.decode()
    assert "失效文件" in html and "二〇一五年文件" not in html
    html = client.get(POLICIES, {"doc_number": "税总发2015年7号"}).content.decode()
    assert "二〇一五年文件" in html and "失效文件" not in html
    response = client.get(
        POLICIES, {"year": "abc", "validity": "zzz", "published_after": "2015-13-01"}
    )
    assert response.status_code == 200
    assert "年份无效" in response.content.decode()


def test_filters_read_chinese_dates_and_report_every_bad_value(client, site_tree):
    PolicyDocumentFactory(title="二〇一五年文件", publish_date=date(2015, 1, 19))
    PolicyDocumentFactory(
        title="二〇一六年失效文件", publish_date=date(2016, 3, 1), validity="invalid"
    )
    data = client.get("/api/policies/", {"published_after": "2015年6月1日"}).json()
    assert [r["title"] for r in data["results"]] == ["二〇一六年失效文件"]
    assert data["filters"] == {"published_after": "2015-06-01"}
    html = client.get(POLICIES, {"published_before": "2015.6.1"}).content.decode()
    assert "二〇一五年文件" in html and "二〇一六年失效文件" not in html
    assert 'value="2015-06-01"' in html  # the date input shows the date it understood

    bad = {"year": "abc", "validity": "半有效", "published_after": "2015-13-01"}
    response = client.get("/api/policies/", bad)
    assert response.status_code == 400
    assert response.json()["error"] == (
        "年份无效：abc；未知的筛选值：半有效；"
        "日期格式不正确：“2015-13-01”（应为 2020-07-28 或 2020年7月28日）"
    )
    # On the page the bad values are reported and the good ones still filter.
    response = client.get(POLICIES, {"year": "abc", "validity": "全文失效"})
    html = response.content.decode()
    assert response.status_code == 200 and "年份无效：abc" in html
    assert "二〇一六年失效文件" in html and "二〇一五年文件" not in html
    odd = {"doc_number": "税\x00总发" + "9" * 500, "authority": "\x00", "year": "9" * 40}
    assert client.get(POLICIES, odd).status_code == 200
    assert client.get("/api/policies/", odd).status_code == 400


def test_open_data_api_lists_filters_and_details(client, site_tree):
    doc = PolicyDocumentFactory(
        title="首问责任制通知",
        doc_number="税总发〔2014〕59号",
        publish_date=date(2014, 4, 24),
        needs_interpretation=True,
        publish=False,
    )
    InterpretationFactory(title="首问责任制解读", documents=[doc], publish=False)
    doc.get_latest_revision().publish()
    PolicyDocumentFactory(
        title="其他文件", publish_date=date(2020, 1, 1), body_text="参照税总发〔2014〕59号"
    )
    for variant in ["税总发[2014]59号", "税总发2014年59号", "〔2014〕59号"]:
        data = client.get("/api/policies/", {"doc_number": variant}).json()
        assert data["total"] == 1 and data["results"][0]["title"] == "首问责任制通知"
    assert client.get("/api/policies/", {"year": "2020"}).json()["total"] == 1
    assert client.get("/api/policies/", {"authority": "国家税务总局"}).json()["total"] == 2
    assert client.get("/api/policies/", {"validity": "全文有效"}).json()["total"] == 2
    assert client.get("/api/policies/", {"topic": "finance/tax"}).json()["total"] == 2
    assert client.get("/api/policies/", {"published_after": "2015-01-01"}).json()["total"] == 1
    assert client.get("/api/policies/", {"published_before": "2015-01-01"}).json()["total"] == 1
    assert client.get("/api/policies/", {"year": "x"}).status_code == 400
    assert client.get("/api/policies/", {"page": "0"}).status_code == 400
    detail = client.get(f"/api/policies/{doc.pk}/").json()
    assert detail["doc_number"] == "税总发〔2014〕59号"
    assert detail["url"].endswith(doc.url)
    assert [i["title"] for i in detail["interpretations"]] == ["首问责任制解读"]
    assert [c["title"] for c in detail["cited_by"]] == ["其他文件"]
    assert client.get("/api/policies/999999/").status_code == 404
    assert client.get(f"/api/policies/{'9' * 30}/").status_code == 404  # beyond the database


def test_rss_feed_lists_new_documents(client, site_tree):
    PolicyDocumentFactory(title="最新发布的文件", doc_number="税总发〔2024〕1号")
    response = client.get("/policies/feed/")
    assert response.status_code == 200
    assert "最新发布的文件（税总发〔2024〕1号）" in response.content.decode()
    assert 'href="/policies/feed/"' in client.get(POLICIES).content.decode()


def test_interpretation_page_links_back_to_original(client, site_tree):
    doc = PolicyDocumentFactory(title="原文件", doc_number="税总发〔2014〕59号")
    interpretation = InterpretationFactory(title="原文件解读", documents=[doc], publish=True)
    html = client.get(interpretation.url).content.decode()
    assert "原文" in html and f'href="{doc.url}"' in html
    assert "相关解读" in client.get(doc.url).content.decode()


def test_searchable_text_has_headings_words_but_not_their_markup_level(site_tree):
    from policies.services.documents import body_text

    document = PolicyDocumentFactory(
        body_text="一、总体要求\n第一条 为了规范办税服务，制定本制度。"
    )
    text = body_text(document)
    assert "总体要求" in text and "规范办税服务" in text
    assert "h2" not in text

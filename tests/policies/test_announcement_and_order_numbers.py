"""Issue 17 item 4: the 文号 of 公告 and 令 in every form people type find the one document.

Canonical forms: `<机关>公告<年>年第<n>号` and `<机关>令第<n>号`, never bracketed; the short names
税务总局 and 总局 stand for 国家税务总局.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from policies.doc_numbers import DocNumberError, normalize_doc_number
from policies.models import PolicyDocumentPage
from tests.policies.factories import PolicyDocumentFactory, editor_adds_document

POLICIES = "/xxgk/fdzdgknr/policies/"
ANNOUNCEMENT = "国家税务总局公告2018年第28号"
ORDER = "国家税务总局令第48号"


@pytest.mark.parametrize(
    "typed",
    [
        ANNOUNCEMENT,
        "国家税务总局公告2018年28号",
        "国家税务总局公告〔2018〕28号",
        "国家税务总局公告[2018]28号",
        "税务总局公告2018年第28号",
        "总局公告2018年第28号",
        "国家税务总局公告 2018 年 第 28 号",
    ],
)
def test_announcement_variants_resolve_to_the_canonical_form(typed):
    assert normalize_doc_number(typed) == ANNOUNCEMENT


@pytest.mark.parametrize(
    "typed",
    [ORDER, "国家税务总局令48号", "总局令第48号", "税务总局令第48号", "国家税务总局令 第48 号"],
)
def test_order_variants_resolve_to_the_canonical_form(typed):
    assert normalize_doc_number(typed) == ORDER


def test_joint_announcements_keep_the_short_names_the_agencies_print():
    assert (
        normalize_doc_number("财政部 税务总局 海关总署公告2019年第39号")
        == "财政部税务总局海关总署公告2019年第39号"
    )


def test_an_order_with_a_year_gets_a_chinese_message_naming_the_right_form():
    with pytest.raises(DocNumberError, match="令的文号不带年份，应写作“国家税务总局令第48号”"):
        normalize_doc_number("国家税务总局令〔2018〕48号")


def test_the_api_and_the_list_find_the_documents_by_every_form(client, site_tree):
    PolicyDocumentFactory(
        title="关于个人所得税有关问题的公告",
        doc_number="国家税务总局公告〔2018〕28号",
        publish_date=date(2018, 6, 7),
    )
    PolicyDocumentFactory(
        title="税务规范性文件制定管理办法", doc_number="总局令48号", publish_date=date(2019, 11, 26)
    )
    assert set(PolicyDocumentPage.objects.values_list("doc_number", flat=True)) == {
        ANNOUNCEMENT,
        ORDER,
    }
    for typed, title in [
        ("国家税务总局公告2018年28号", "关于个人所得税有关问题的公告"),
        ("国家税务总局公告〔2018〕28号", "关于个人所得税有关问题的公告"),
        ("税务总局公告2018年第28号", "关于个人所得税有关问题的公告"),
        ("国家税务总局令48号", "税务规范性文件制定管理办法"),
        ("总局令第48号", "税务规范性文件制定管理办法"),
    ]:
        response = client.get("/api/policies/", {"doc_number": typed})
        assert response.status_code == 200, typed
        assert [r["title"] for r in response.json()["results"]] == [title], typed
        assert title in client.get(POLICIES, {"doc_number": typed}).content.decode()


def test_an_invalid_form_is_answered_in_chinese_never_a_bare_error(client, site_tree):
    response = client.get("/api/policies/", {"doc_number": "国家税务总局令〔2018〕48号"})
    assert response.status_code == 400
    assert "应写作“国家税务总局令第48号”" in response.json()["error"]
    page = client.get(POLICIES, {"doc_number": "国家税务总局令〔2018〕48号"})
    assert page.status_code == 200 and "令的文号不带年份" in page.content.decode()


def test_the_editor_stores_the_canonical_form_and_explains_an_invalid_one(client, site_tree):
    client.force_login(
        get_user_model().objects.create_superuser("editor", "e@example.invalid", "x")
    )
    editor_adds_document(
        client, title="公告", slug="announcement", doc_number="税务总局公告2018年28号"
    )
    assert PolicyDocumentPage.objects.get(slug="announcement").doc_number == ANNOUNCEMENT

    response = editor_adds_document(
        client, title="令", slug="order", doc_number="国家税务总局令〔2019〕48号"
    )
    assert response.status_code == 200
    assert "令的文号不带年份" in response.content.decode()
    assert not PolicyDocumentPage.objects.filter(slug="order").exists()

"""主题分类 follows the gov.cn taxonomy; 税种 are tags."""

import pytest
from django.test import Client

from policies.models import PolicyDocumentPage
from policies.taxonomy import TOP_CATEGORIES, TOPIC_CHOICES
from tests.policies.factories import PolicyDocumentFactory, editor_adds_document
from tests.review import approve_review


def test_topics_are_the_22_gov_cn_categories_with_tax_under_finance():
    assert len(TOP_CATEGORIES) == 22
    labels = dict(TOPIC_CHOICES)
    assert labels["finance/tax"] == "财政、金融、审计\\税务"
    assert labels["finance"] == "财政、金融、审计" and labels["other"] == "其他"


def test_tax_types_are_tags_shown_on_the_document_page(site_tree):
    document = PolicyDocumentFactory(title="增值税文件")
    page = PolicyDocumentPage.objects.get(pk=document.pk)
    page.tax_types.add("增值税", "城市维护建设税")
    page.save_revision().publish()
    page = PolicyDocumentPage.objects.get(pk=document.pk)
    assert sorted(t.name for t in page.tax_types.all()) == ["城市维护建设税", "增值税"]
    html = Client().get(page.url).content.decode()
    assert "税种" in html and "增值税" in html


def test_top_category_filter_includes_its_subcategories(site_tree):
    PolicyDocumentFactory(title="税务文件", topic="finance/tax")
    PolicyDocumentFactory(title="审计文件", topic="finance/audit")
    PolicyDocumentFactory(title="国防文件", topic="defence")
    response = Client().get("/api/policies/", {"topic": "finance"})
    titles = {item["title"] for item in response.json()["results"]}
    assert titles == {"税务文件", "审计文件"}
    response = Client().get("/api/policies/", {"topic": "财政、金融、审计\\税务"})
    assert {item["title"] for item in response.json()["results"]} == {"税务文件"}


@pytest.mark.django_db(transaction=True)
def test_editors_enter_tax_types_as_tags_in_the_admin(site_tree, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "pw"))
    response = editor_adds_document(
        client,
        title="带税种的文件",
        slug="tagged-doc",
        topic="finance",
        tax_types="增值税, 消费税",
        **{"action-publish": "action-publish"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    page = PolicyDocumentPage.objects.get(slug="tagged-doc")
    approve_review(page, page.owner)
    assert page.live and page.topic == "finance"
    assert sorted(tag.name for tag in page.tax_types.all()) == ["增值税", "消费税"]

"""The statutory column tree, its pages and their constraints."""

import pytest
from wagtail.models import Page

from cms.models import (
    DisclosureIndexPage,
    HomePage,
    PortalSettings,
    StandardPage,
    StatutoryContentIndexPage,
)
from cms.services.site_tree import ensure_site_tree
from disclosure.models import DisclosureRequestIndexPage
from lists.models import Unit
from policies.models import PolicyIndexPage

COLUMN_URLS = {
    "/xxgk/": "政府信息公开",
    "/xxgk/guide/": "政府信息公开指南",
    "/xxgk/system/": "政府信息公开制度",
    "/xxgk/fdzdgknr/": "法定主动公开内容",
    "/xxgk/fdzdgknr/policies/": "政策文件",
    "/xxgk/fdzdgknr/interpretations/": "政策解读",
    "/xxgk/fdzdgknr/power-list/": "权责清单",
    "/xxgk/fdzdgknr/service-guides/": "办税指南",
    "/xxgk/fdzdgknr/task-lists/": "任务清单",
    "/xxgk/annual-reports/": "政府信息公开年报",
    "/xxgk/consultations/": "征求意见",
    "/xxgk/apply/": "依申请公开",
}


@pytest.mark.django_db
def test_site_tree_is_built_once_however_often_it_runs():
    ensure_site_tree(hostname="testserver")
    count = Page.objects.count()
    ensure_site_tree(hostname="testserver")
    assert Page.objects.count() == count
    assert HomePage.objects.count() == 1
    assert DisclosureIndexPage.objects.count() == 1


@pytest.mark.parametrize(("url", "title"), COLUMN_URLS.items())
def test_every_column_page_is_served_with_its_title(client, site_tree, url, title):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f"<title>{title} - " in html


def test_home_page_is_chinese_and_accessible(client, site_tree):
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    for title in [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "政策文件",
        "政策解读",
        "征求意见",
        "依申请公开",
    ]:
        assert title in html


def test_empty_column_shows_clear_empty_state(client, site_tree):
    html = client.get("/xxgk/fdzdgknr/policies/").content.decode()
    assert "本栏目暂无内容" in html


def test_column_lists_children_with_paging_and_tolerates_bad_page_numbers(client, site_tree):
    column = DisclosureRequestIndexPage.objects.get()
    for number in range(25):
        child = StandardPage(title=f"申请须知{number:02d}", slug=f"notice-{number}")
        column.add_child(instance=child)
        child.save_revision().publish()
    first = client.get("/xxgk/apply/").content.decode()
    second = client.get("/xxgk/apply/", {"page": "2"}).content.decode()
    assert first.count('class="listing__item"') == 20
    assert second.count('class="listing__item"') == 5
    assert "第 1 页，共 2 页（25 条）" in first
    for page in ("999", "abc", "-1", "0"):
        assert client.get("/xxgk/apply/", {"page": page}).status_code == 200


def test_page_types_constrain_parents_and_children(site_tree):
    disclosure = DisclosureIndexPage.objects.get()
    statutory = StatutoryContentIndexPage.objects.get()
    assert PolicyIndexPage.can_create_at(statutory) is False  # singleton already exists
    assert "policies.PolicyIndexPage" not in [
        f"{m._meta.app_label}.{m.__name__}"
        for m in disclosure.specific_class.allowed_subpage_models()
    ]
    assert HomePage.can_create_at(disclosure) is False
    assert StandardPage in StatutoryContentIndexPage.allowed_subpage_models()


def test_footer_shows_the_agency_from_units_and_editable_filing_numbers(client, default_site):
    Unit.objects.create(
        name="国家税务总局测试省税务局", is_agency=True, address="测试路1号", phone="12366"
    )
    settings_record = PortalSettings.for_site(default_site)
    settings_record.website_code = "bm12345678"
    settings_record.icp_record = "测ICP备12345号"
    settings_record.police_record = "测公网安备123号"
    settings_record.save()
    html = client.get("/").content.decode()
    for text in [
        "国家税务总局测试省税务局",
        "测试路1号",
        "bm12345678",
        "测ICP备12345号",
        "测公网安备123号",
    ]:
        assert text in html


def test_unknown_url_gets_chinese_404(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()

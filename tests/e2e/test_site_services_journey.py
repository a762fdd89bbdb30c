"""A citizen on a phone searches, reports a broken page, finds the contacts and the site map, and
downloads the 政府信息公开目录; on a desktop the search facets sit beside the results."""

from io import BytesIO, StringIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def searchable_site(live_site):
    from django.core.management import call_command

    from fixtures.demo import lists, policies

    policies.load(StringIO())
    lists.load(StringIO())
    call_command("search_index", "rebuild", stdout=StringIO())
    return live_site


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_search_on_a_phone_shows_results_first_and_filters_behind_a_button(
    page, searchable_site, artifact_path
):
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_role("search", name="站内搜索").get_by_role("searchbox").fill("首问责任")
    page.get_by_role("search", name="站内搜索").get_by_role("button", name="搜索").click()
    page.wait_for_url("**/search/?q=*")
    first_hit = _box(page, ".search-hit")
    toggle = page.locator("summary", has_text="筛选")
    assert first_hit["y"] < PHONE["height"]  # a result is on the first screen
    assert page.locator(".facets__panel").is_hidden()
    assert _box(page, ".facets__toggle")["y"] < first_hit["y"]
    page.screenshot(path=str(artifact_path("phone-search-results-first.png")), full_page=True)

    # The page's own query box and sort control are the header's size.
    header_input = _box(page, "#site-search-q")
    own_input = _box(page, "#search-q")
    sort = _box(page, "#search-sort")
    assert abs(header_input["height"] - own_input["height"]) < 1
    assert abs(sort["height"] - own_input["height"]) < 1
    assert abs(_box(page, ".site-search button")["height"] - header_input["height"]) < 1

    toggle.click()
    panel = page.locator(".facets__panel")
    assert panel.is_visible()
    page.screenshot(path=str(artifact_path("phone-search-filters-open.png")), full_page=True)
    panel.get_by_role("link", name="政策文件").first.click()
    page.wait_for_url("**type=policy**")
    assert "已选 1 项" in page.locator("summary.facets__toggle").inner_text()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_search_on_a_desktop_shows_facets_beside_the_results(page, searchable_site, artifact_path):
    page.set_viewport_size(DESKTOP)
    page.goto("/search/?q=首问责任")
    panel = page.locator(".facets__panel")
    assert panel.is_visible()
    assert _box(page, ".facets__panel")["x"] < _box(page, ".search-hit")["x"]
    page.get_by_label("排序").select_option(label="按日期")
    page.get_by_role("search", name="搜索条件").get_by_role("button", name="搜索").click()
    page.wait_for_url("**sort=date**")
    page.screenshot(path=str(artifact_path("desktop-search.png")), full_page=True)


def test_visitor_reports_a_broken_page_without_losing_what_they_typed(
    page, live_site, artifact_path
):
    from cms.models import SiteFeedback

    page.set_viewport_size(PHONE)
    page.goto("/xxgk/fdzdgknr/policies/")
    page.get_by_role("contentinfo").get_by_role("link", name="我为政府网站找错").click()
    page.wait_for_url("**/feedback/**")
    assert page.get_by_label("问题页面地址").input_value().endswith("/xxgk/fdzdgknr/policies/")
    assert page.get_by_label("联系电话（选填）").get_attribute("type") == "tel"
    group = page.get_by_role("group", name="问题类型")
    assert group.get_by_role("radio").count() == 6

    page.get_by_label("问题描述").fill("坏")
    page.get_by_label("姓名（选填）").fill("李四")
    page.get_by_label("联系电话（选填）").fill("0755-83456789")
    page.get_by_role("button", name="提交").click()
    assert "问题描述至少 5 个字" in page.inner_text("main")
    assert "请选择问题类型" in page.inner_text("main")
    assert page.get_by_label("姓名（选填）").input_value() == "李四"
    assert page.get_by_label("联系电话（选填）").input_value() == "0755-83456789"
    page.screenshot(path=str(artifact_path("phone-feedback-errors.png")), full_page=True)

    group.get_by_role("radio", name="链接失效或打不开").check()
    page.get_by_label("问题描述").fill("第二页的附件链接打不开，显示页面不存在。")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/feedback/thanks/**")
    reference = page.locator("[data-feedback-reference]").inner_text()
    report = SiteFeedback.objects.get(reference=reference)
    assert report.page_url.endswith("/xxgk/fdzdgknr/policies/")
    assert report.phone == "0755-83456789"
    page.screenshot(path=str(artifact_path("phone-feedback-thanks.png")), full_page=True)


def test_staff_answer_a_report_in_the_admin(
    page, live_site, django_user_model, artifact_path, admin_login
):
    from cms.models import FeedbackStatus, SiteFeedback
    from cms.services.feedback import feedback_submit

    report = feedback_submit(
        page_url="http://example/xxgk/",
        category="typo",
        description="首页导语里有错别字“政府信息工开”。",
    )
    django_user_model.objects.create_superuser("chief", "chief@example.com", "pw-123456")
    page.set_viewport_size(DESKTOP)
    admin_login(page, "chief", "pw-123456")
    page.goto("/admin/site_feedback/")
    page.get_by_role("link", name=report.reference).click()
    page.get_by_label("处理状态").select_option(label="已答复")
    page.get_by_label("答复内容").fill("已改正，感谢指正。")
    page.screenshot(path=str(artifact_path("admin-feedback-answer.png")), full_page=True)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/admin/site_feedback/")
    report.refresh_from_db()
    assert report.status == FeedbackStatus.ANSWERED
    assert SiteFeedback.objects.get(pk=report.pk).replied_by.username == "chief"


def test_visitor_finds_contacts_site_map_and_downloads_the_catalogue(
    page, searchable_site, artifact_path
):
    page.set_viewport_size(PHONE)
    page.goto("/")
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name="联系我们").click()
    page.wait_for_url("**/contact/")
    assert "政府信息公开工作机构" in page.inner_text("main")
    page.screenshot(path=str(artifact_path("phone-contact.png")), full_page=True)

    page.get_by_role("contentinfo").get_by_role("link", name="网站地图").click()
    page.wait_for_url("**/sitemap/")
    sitemap = page.get_by_role("main")
    for name in ("政府信息公开指南", "政策文件", "权责清单", "机构职能", "政府信息公开目录"):
        assert sitemap.get_by_role("link", name=name).count() >= 1, name
    page.screenshot(path=str(artifact_path("phone-sitemap.png")), full_page=True)

    sitemap.get_by_role("link", name="政府信息公开目录").click()
    page.wait_for_url("**/xxgk/catalogue/")
    page.get_by_label("栏目").select_option(label="政策文件")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**column=policies**")
    # Dated documents carry e.g. 11100000000013239N/2014-00001; undated ones show — until dated.
    numbers = page.locator("td[data-label='索引号']").all_inner_texts()
    assert any("/" in number for number in numbers), numbers
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(artifact_path("phone-catalogue.png")), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载筛选结果（Excel）").click()
    download = download_info.value
    assert download.suggested_filename.startswith("政府信息公开目录-")
    workbook = load_workbook(BytesIO(Path(download.path()).read_bytes()))
    sheet = workbook["政府信息公开目录"]
    assert sheet["A1"].value == "索引号"
    assert sheet.max_row > 1


def test_the_search_box_suggests_the_full_doc_number_by_keyboard(page, searchable_site):
    page.set_viewport_size(DESKTOP)
    page.goto("/search/")
    box = page.get_by_role("combobox", name="搜索词")
    box.press_sequentially("税总发[2014]5", delay=30)  # ASCII brackets as typed
    option = page.get_by_role("option").filter(has_text="税总发〔2014〕59号").first
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "search-suggestion-0"
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".search-hit").first.inner_text().count("税总发〔2014〕59号") >= 1

"""A visitor walks through the 2020 task list: finds the column, filters overdue tasks led by
one unit, sees them highlighted, opens a task, and searches for a power item."""

import io

import pytest


@pytest.fixture
def lists_site(live_site):
    from fixtures.demo import lists as demo_lists

    demo_lists.load(io.StringIO())
    return live_site


def test_visitor_follows_an_ended_task_list_to_a_task(page, lists_site, artifact_path):
    page.goto("/xxgk/fdzdgknr/")
    page.get_by_role("main").get_by_role("link", name="任务清单").first.click()
    page.wait_for_url("**/xxgk/fdzdgknr/task-lists/")
    page.get_by_role("link", name="2020年税务系统政务公开工作重点任务清单").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "2020年税务系统政务公开工作重点任务清单"
    )
    # The list's year has ended: it reports 完成情况 instead of flagging tasks 已逾期.
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings[0] == "完成情况"
    assert "一、紧扣依法治税推进用权公开" in headings
    assert page.locator("tr.task").count() == 23
    assert page.locator("tr.task--overdue").count() == 0

    page.get_by_label("牵头单位").select_option(label="人事司")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**unit=**")
    assert page.locator("tr.task").count() >= 1
    page.screenshot(path=str(artifact_path("lists-task-list-completed.png")), full_page=True)

    page.get_by_role("link", name="规范税务机构信息公开").click()
    page.wait_for_url("**/tasks/2/")
    main = page.get_by_role("main").inner_text()
    assert "人事司牵头，办公厅、税收宣传中心、各省税务局分别落实" in main
    assert "2020年12月底前" in main
    assert "已逾期" not in main
    page.get_by_role("navigation", name="当前位置").get_by_role(
        "link", name="2020年税务系统政务公开工作重点任务清单"
    ).click()
    page.wait_for_url("**/task-lists/*/")


def test_visitor_filters_the_power_list_and_opens_an_item(page, lists_site):
    page.goto("/xxgk/fdzdgknr/power-list/")
    page.get_by_label("权力类型").select_option(label="行政强制")
    page.get_by_role("button", name="筛选").click()
    page.get_by_role("link", name="税收保全措施").click()
    assert page.get_by_role("heading", level=1).inner_text() == "税收保全措施"
    assert "《中华人民共和国税收征收管理法》第三十八条" in page.get_by_role("main").inner_text()
    assert "动态调整记录" in page.get_by_role("main").inner_text()

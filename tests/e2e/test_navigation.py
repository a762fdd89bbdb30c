"""A visitor finds a column from the home page by clicking, as a person would."""


def test_visitor_walks_from_home_to_a_column_page(page, live_site, artifact_path):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政府信息公开").click()
    page.wait_for_url("**/xxgk/")
    assert page.get_by_role("heading", level=1).inner_text() == "政府信息公开"

    page.get_by_role("main").get_by_role("link", name="政策文件").first.click()
    page.wait_for_url("**/xxgk/fdzdgknr/policies/")
    assert page.get_by_role("heading", level=1).inner_text() == "政策文件"
    assert "本栏目暂无内容" in page.inner_text("main")
    assert page.title().startswith("政策文件 - ")
    page.screenshot(path=str(artifact_path("navigation-policies-column.png")), full_page=True)


def test_skip_link_moves_keyboard_focus_to_main_content(page, live_site):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "跳到主要内容"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

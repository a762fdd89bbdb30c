"""Every public page type, as a citizen sees it on a desktop (1366 px) and a phone (390 px).

On each: axe-core finds no serious or critical violation; nothing scrolls sideways; data tables
keep their item names readable (no one-character columns); breadcrumbs, the meta description,
the footer's 网站地图/联系我们/我为政府网站找错 and 机构职能 in the navigation are there.
Screenshots of every page at both widths are kept in test-artifacts/.
"""

import re

import pytest

from tests.e2e import axe

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def public_pages() -> list[tuple[str, str]]:
    """(name, path) of one page of every public type, read from the demo content."""
    from annual_report.models import AnnualReportPage
    from consultation.models import ConsultationPage
    from enforcement.models import EnforcementDecision, FeeItem
    from lists.models import PowerItem, ServiceGuide, TaskList
    from policies.models import InterpretationPage, PolicyDocumentPage

    task_list = TaskList.objects.order_by("pk").first()
    consultation = ConsultationPage.objects.live().order_by("pk").first()
    power_item = PowerItem.objects.order_by("code").first()
    guide = ServiceGuide.objects.order_by("code").first()
    decision = EnforcementDecision.objects.filter(live=True).order_by("pk").first()
    fee = FeeItem.objects.filter(live=True).order_by("pk").first()
    return [
        ("home", "/"),
        ("disclosure-root", "/xxgk/"),
        ("guide", "/xxgk/guide/"),
        ("system", "/xxgk/system/"),
        ("statutory-content", "/xxgk/fdzdgknr/"),
        ("catalogue", "/xxgk/catalogue/"),
        ("policy-list", "/xxgk/fdzdgknr/policies/"),
        ("policy", PolicyDocumentPage.objects.live().order_by("pk").first().url),
        ("interpretation-list", "/xxgk/fdzdgknr/interpretations/"),
        ("interpretation", InterpretationPage.objects.live().order_by("pk").first().url),
        ("power-list", "/xxgk/fdzdgknr/power-list/"),
        ("power-item", f"/xxgk/fdzdgknr/power-list/{power_item.code}/"),
        ("power-changes", "/xxgk/fdzdgknr/power-list/changes/"),
        ("service-guides", "/xxgk/fdzdgknr/service-guides/"),
        ("service-guide", f"/xxgk/fdzdgknr/service-guides/{guide.code}/"),
        ("task-lists", "/xxgk/fdzdgknr/task-lists/"),
        ("task-list", f"/xxgk/fdzdgknr/task-lists/{task_list.pk}/"),
        ("task", f"/xxgk/fdzdgknr/task-lists/{task_list.pk}/tasks/2/"),
        ("enforcement", "/xxgk/fdzdgknr/enforcement/"),
        ("enforcement-row", f"/xxgk/fdzdgknr/enforcement/{decision.pk}/"),
        ("fees", "/xxgk/fdzdgknr/fees/"),
        ("fee-row", f"/xxgk/fdzdgknr/fees/{fee.pk}/"),
        ("annual-reports", "/xxgk/annual-reports/"),
        ("annual-report", AnnualReportPage.objects.live().order_by("pk").first().url),
        ("consultations", "/xxgk/consultations/"),
        ("consultation", consultation.url),
        ("comment-form", f"/consultation/{consultation.pk}/comment/"),
        ("disclosure-column", "/xxgk/apply/"),
        ("disclosure-apply", "/disclosure/apply/"),
        ("disclosure-track", "/disclosure/track/"),
        ("disclosure-new-code", "/disclosure/track/new-code/"),
        ("units", "/jgzn/"),
        ("search", "/search/?q=首问责任"),
        ("search-empty", "/search/?q=完全不存在的词语组合"),
        ("sitemap", "/sitemap/"),
        ("contact", "/contact/"),
        ("feedback", "/feedback/"),
        ("not-found", "/no-such-page/"),
    ]


def check_page(page, name: str, path: str | None, viewport: dict, artifact_path) -> list[str]:
    """Problems on one page at one width (empty when it passes); path None checks the page the
    tab is on (reached by a form, like a request's progress page)."""
    problems = []
    if path is None:
        path = page.url
    else:
        page.goto(path)
    page.wait_for_load_state("load")
    width = viewport["width"]
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"scrolls sideways: {scroll_width}px in a {width}px viewport")
    squeezed = page.evaluate(
        """() => [...document.querySelectorAll('main tbody td, main tbody th')]
            .filter(c => c.offsetParent && c.innerText.trim().length > 3
                         && c.getBoundingClientRect().width < 48)
            .map(c => c.innerText.trim().slice(0, 20))"""
    )
    if squeezed:
        problems.append(f"table cells squeezed to one character per line: {squeezed[:3]}")
    description = page.locator('meta[name="description"]').get_attribute("content") or ""
    if len(description.strip()) < 10:
        problems.append(f"meta description missing or empty: {description!r}")
    if name != "home" and page.get_by_role("navigation", name="当前位置").count() != 1:
        problems.append("no breadcrumbs")
    footer = page.get_by_role("contentinfo")
    for link in ("网站地图", "联系我们", "我为政府网站找错"):
        if footer.get_by_role("link", name=link).count() != 1:
            problems.append(f"footer lacks {link}")
    if (
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="机构职能").count()
        != 1
    ):
        problems.append("navigation lacks 机构职能")
    found = axe.violations(page)
    if found:
        problems.append("axe:\n" + axe.describe(found))
    page.screenshot(path=str(artifact_path(f"page-{name}-{width}.png")), full_page=True)
    return [f"{name} ({path}) at {width}px: {problem}" for problem in problems]


def test_every_public_page_type_is_accessible_and_fits(axe_page, demo_site, artifact_path):
    """One test for both widths: the demo content is loaded once."""
    problems = []
    for viewport in (DESKTOP, PHONE):
        axe_page.set_viewport_size(viewport)
        for name, path in public_pages():
            problems.extend(check_page(axe_page, name, path, viewport, artifact_path))
        # The applicant's own progress page, reached with the demo request's 查询码.
        axe_page.goto("/disclosure/track/")
        axe_page.get_by_label("申请编号").fill("YSQ-2026-000003")
        axe_page.get_by_label("查询码").fill("DEMO-0003-CODE")
        axe_page.get_by_role("button", name="查询").click()
        axe_page.wait_for_url("**/track/status/")
        problems.extend(check_page(axe_page, "disclosure-status", None, viewport, artifact_path))
    assert not problems, "\n".join(problems)


@pytest.fixture
def content_site(live_site):
    """Policies and structured lists only: enough for the layout journeys, quick to load."""
    from io import StringIO

    from fixtures.demo import lists, policies

    policies.load(StringIO())
    lists.load(StringIO())
    return live_site


def test_power_list_reads_as_cards_on_a_phone(page, content_site, artifact_path):
    """The issue's measure: item names wrapped one character per line made the page 3,059 px."""
    page.set_viewport_size(PHONE)
    page.goto("/xxgk/fdzdgknr/power-list/")
    name_cell = page.locator("td[data-label='事项名称']").first
    assert name_cell.bounding_box()["width"] > 300
    label = name_cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert "事项名称" in label
    assert page.evaluate("document.scrollingElement.scrollHeight") < 3059
    page.goto("/xxgk/fdzdgknr/policies/sta-2014-59/")
    meta = page.locator("table.meta-table")
    assert meta.bounding_box()["width"] <= PHONE["width"]
    page.screenshot(path=str(artifact_path("phone-policy-metadata.png")), full_page=True)


def test_elder_mode_is_larger_remembered_and_still_fits(page, content_site, artifact_path):
    page.set_viewport_size(PHONE)
    page.goto("/xxgk/fdzdgknr/power-list/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    switch = page.get_by_role("button", name="长者模式")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.click()
    larger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= normal * 1.2
    assert page.get_by_role("button", name="退出长者模式").get_attribute("aria-pressed") == "true"

    page.goto("/xxgk/fdzdgknr/task-lists/")  # remembered on the next page
    assert page.evaluate("document.documentElement.classList.contains('elder-mode')")
    for path in ("/", "/xxgk/fdzdgknr/power-list/", "/search/?q=税务", "/disclosure/apply/"):
        page.goto(path)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"], path
    page.screenshot(path=str(artifact_path("phone-elder-mode-apply.png")), full_page=True)

    page.get_by_role("button", name="退出长者模式").click()
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('elder-mode')")


def test_elder_mode_passes_axe(axe_page, content_site):
    axe_page.set_viewport_size(PHONE)
    axe_page.goto("/")
    axe_page.get_by_role("button", name="长者模式").click()
    for path in ("/", "/xxgk/fdzdgknr/policies/", "/search/?q=首问责任", "/feedback/"):
        axe_page.goto(path)
        found = axe.violations(axe_page)
        assert not found, f"{path}\n{axe.describe(found)}"


def test_site_works_at_200_percent_zoom(browser, content_site, live_server, artifact_path):
    """200% zoom on a 1366 px screen lays the page out in 683 CSS px at twice the pixels."""
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        viewport={"width": 683, "height": 450},
        device_scale_factor=2,
    )
    page = context.new_page()
    try:
        for path in (
            "/",
            "/xxgk/fdzdgknr/policies/",
            "/xxgk/fdzdgknr/power-list/",
            "/search/?q=首问责任",
            "/disclosure/apply/",
            "/xxgk/catalogue/",
        ):
            page.goto(path)
            assert page.evaluate("document.scrollingElement.scrollWidth") <= 683, path
            page.get_by_role("link", name="跳到主要内容").focus()
            assert page.get_by_role("navigation", name="主导航").is_visible()
        page.screenshot(path=str(artifact_path("zoom-200-catalogue.png")), full_page=True)
    finally:
        context.close()


def test_favicon_answers(page, live_site):
    response = page.request.get("/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    page.goto("/")
    assert re.search(r"favicon", page.locator("link[rel=icon]").first.get_attribute("href"))

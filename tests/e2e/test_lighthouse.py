"""Lighthouse's mobile audit of every public page type: accessibility, best practices and SEO
at 100 (issue 18 item 15). Performance is measured by bench/lighthouse.py, not asserted here.

The 404 page is left out: Lighthouse refuses to audit a page that answers 404.
"""

import os

import pytest

from tests.e2e import lighthouse
from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_public_pages import public_pages


@pytest.fixture
def lighthouse_ready():
    if not lighthouse.lighthouse_available():
        message = f"Lighthouse 未安装（{lighthouse.NODE_MODULES}），请运行 make e2e-tools"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def tracking_cookie(page) -> str:
    """The applicant's tracking session, opened with the demo request's 查询码."""
    page.goto("/disclosure/track/")
    page.get_by_label("申请编号").fill("YSQ-2026-000003")
    page.get_by_label("查询码").fill("DEMO-0003-CODE")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/track/status/")
    return "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())


def test_every_public_page_type_scores_100_in_lighthouse(
    page, demo_site, live_server, lighthouse_ready, artifact_path
):
    urls = [live_server.url + path for name, path in public_pages() if name != "not-found"]
    results = lighthouse.audit(urls, chromium=CHROMIUM)
    results += lighthouse.audit(
        [live_server.url + "/disclosure/track/status/"],
        chromium=CHROMIUM,
        headers={"Cookie": tracking_cookie(page)},
    )
    artifact_path("lighthouse.txt").write_text(
        "\n".join(lighthouse.describe(result) for result in results), encoding="utf-8"
    )
    assert len(results) == len(urls) + 1
    below = [
        lighthouse.describe(result)
        for result in results
        if result["error"]
        or any(result["scores"].get(key) != 1 for key in lighthouse.STEADY_CATEGORIES)
    ]
    assert not below, "\n".join(below)

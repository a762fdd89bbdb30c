"""Published reports are found by the site search; drafts are not."""

from datetime import date

import pytest

from annual_report.models import AnnualReportIndexPage
from annual_report.services import report_create
from search.backends import _backend_for, get_backend
from tests.annual_report import builders


@pytest.fixture(autouse=True)
def clean_index(db):
    _backend_for.cache_clear()
    get_backend().clear()
    yield
    get_backend().clear()


def test_published_report_is_searchable(client, site_tree):
    builders.replied("natural_person", date(2025, 3, 3), "disclose", date(2025, 3, 20))
    page = report_create(
        parent=AnnualReportIndexPage.objects.get(),
        year=2025,
        overview="<p>本年度推进办税缴费便利化改革。</p>",
    )
    assert client.get("/api/search/", {"q": "便利化"}).json()["results"] == []
    page.get_latest_revision().publish()
    results = client.get("/api/search/", {"q": "便利化"}).json()["results"]
    assert [r["title"] for r in results] == ["2025年政府信息公开工作年度报告"]
    assert results[0]["url"].endswith("/xxgk/annual-reports/2025/")

"""Browser journey in Debian's Chromium: staff drill into a cell, a visitor reads and downloads."""

from datetime import date
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from annual_report.models import AnnualReportIndexPage
from annual_report.services import report_create
from tests.annual_report import builders


def test_staff_drill_down_and_visitor_download(
    page, live_site, django_user_model, artifact_path, admin_login
):
    carried = builders.replied("commercial", date(2024, 12, 23), "partial", date(2025, 1, 8))
    open_request = builders.register("natural_person", date(2025, 12, 22))
    report = report_create(
        parent=AnnualReportIndexPage.objects.get(),
        year=2025,
    )
    django_user_model.objects.create_superuser("chief", "chief@example.com", "pw-123456")

    admin_login(page, "chief", "pw-123456")
    page.goto(f"/admin/annual-report/{report.pk}/review/")
    assert page.locator('[data-checks="ok"]').count() == 1
    page.screenshot(path=str(artifact_path("annual-report-review.png")), full_page=True)
    page.locator('td[data-cell="applications:carried_out:total"] a').click()
    page.wait_for_url("**/cell/applications/carried_out/total/")
    assert open_request.number in page.inner_text("main")
    assert carried.number not in page.inner_text("main")
    page.screenshot(path=str(artifact_path("annual-report-drill-down.png")), full_page=True)

    report.get_latest_revision().publish()
    report.refresh_from_db()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(AnnualReportIndexPage.objects.get().url)
    page.get_by_role("link", name=report.title).click()
    table = page.locator("table", has_text="申请人情况")
    assert table.locator("th", has_text="法人或其他组织").get_attribute("colspan") == "5"
    assert _lines_of_short_column_heads(page) == {1}  # 总计, 其他: not one character a line
    page.screenshot(path=str(artifact_path("annual-report-public.png")), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="统计表（Excel）").click()
    download = download_info.value
    assert download.suggested_filename.endswith("2025年政府信息公开工作年度报告.xlsx")
    workbook = load_workbook(BytesIO(Path(download.path()).read_bytes()))
    assert workbook["表三 申请情况"]["J7"].value == 1


def _lines_of_short_column_heads(page) -> set[int]:
    """How many lines the text of each column head of up to six characters takes."""
    return set(
        page.evaluate(
            """() => [...document.querySelectorAll('table.report-table thead th')]
              .filter(th => th.innerText.trim().length <= 6)
              .map(th => {
                const range = document.createRange();
                range.selectNodeContents(th);
                return range.getClientRects().length;
              })"""
        )
    )

"""The demo 2025 report: published, with requests carried over both year boundaries."""

from io import StringIO

from annual_report.models import AnnualReportPage, AppealCase
from disclosure.models import DisclosureRequest
from fixtures.demo import annual_report as demo


def test_demo_report_is_published_with_carry_overs_and_loads_once(site_tree, client):
    out = StringIO()
    demo.load(out)
    assert "已生成并发布2025年政府信息公开工作年度报告" in out.getvalue()
    page = AnnualReportPage.objects.get(year=2025)
    assert page.live
    table = page.figures["applications"]
    assert table["carried_in"]["total"] == 3  # c, d, e from late 2024
    assert table["carried_out"]["total"] == 2  # n, o answered in 2026
    assert table["new"]["total"] == 10
    assert table["other_1"]["commercial"] == 1 and table["other_2"]["other_org"] == 1
    assert table["other_3"]["natural_person"] == 2  # two withdrawals
    assert page.figures["appeals"]["direct_lawsuit"]["pending"] == 1
    assert page.figures["fees"] == {"amount": "500.00", "requests": 1}
    counts = (DisclosureRequest.objects.count(), AppealCase.objects.count())
    demo.load(StringIO())
    assert (DisclosureRequest.objects.count(), AppealCase.objects.count()) == counts
    assert AnnualReportPage.objects.count() == 1
    html = client.get(page.url).content.decode()
    assert "信息处理费 500.00 元" in html
    assert client.get("/annual-reports/2025/report.pdf").status_code == 200

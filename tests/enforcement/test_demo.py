"""Demo rows: published, loaded once, and counted by the demo 2025 annual report."""

import io

from annual_report.models import AnnualReportPage
from enforcement.models import EnforcementDecision, FeeItem
from fixtures.demo import annual_report as demo_report
from fixtures.demo import enforcement as demo_enforcement
from fixtures.demo import lists as demo_lists


def test_demo_rows_are_published_once_and_feed_the_report(site_tree, client):
    demo_lists.load(io.StringIO())
    demo_enforcement.load(io.StringIO())
    counts = (EnforcementDecision.objects.count(), FeeItem.objects.count())
    demo_enforcement.load(io.StringIO())
    assert (EnforcementDecision.objects.count(), FeeItem.objects.count()) == counts
    assert counts[0] >= 3 and counts[1] >= 1
    assert not EnforcementDecision.objects.filter(live=False).exists()
    html = client.get("/xxgk/fdzdgknr/enforcement/").content.decode()
    assert "演示星河商贸有限公司" in html and "张**" in html and "张明远" not in html
    demo_report.load(io.StringIO())
    report = AnnualReportPage.objects.get(year=2025)
    assert report.live
    assert report.figures["article20"] == {
        "licensing": 2,
        "penalty": 2,
        "coercion": 1,
        "fee_amount": "12.36",
        "fee_items": 1,
    }

"""Statistics: the arithmetic of each rate, the public monthly page from live data, the staff
analysis by category, channel, unit, timeliness, satisfaction and 共性诉求, and its export."""

from datetime import date
from fractions import Fraction
from io import BytesIO

import pytest
from openpyxl import load_workbook

from taxpayer import statistics
from taxpayer.services import matters as s
from taxpayer.services import ratings as r
from taxpayer.statistics import AppealRow, RatingRow
from tests.taxpayer.conftest import file_appeal


def test_monthly_rates_are_computed_as_documented():
    appeals = [
        AppealRow(date(2026, 10, 9), date(2026, 10, 13), date(2026, 10, 16), False),  # on time
        AppealRow(date(2026, 10, 12), date(2026, 10, 23), date(2026, 10, 19), False),  # late
        AppealRow(date(2026, 10, 20), None, date(2026, 10, 27), False),  # open
        AppealRow(date(2026, 10, 21), None, None, True),  # 行政复议: not counted
        AppealRow(date(2026, 10, 22), date(2026, 10, 22), None, False),  # on the spot
        AppealRow(date(2026, 11, 2), None, date(2026, 11, 9), False),
    ]
    ratings = [
        RatingRow(date(2026, 10, 13), 5, False),
        RatingRow(date(2026, 10, 14), 3, False),
        RatingRow(date(2026, 10, 15), 2, True),
        RatingRow(date(2026, 10, 16), 1, False),
        RatingRow(date(2026, 11, 3), 4, False),
    ]
    november, october = statistics.monthly(appeals, ratings)
    assert october.month == "2026-10" and november.month == "2026-11"
    assert (october.ratings, october.good, october.bad, october.rectified) == (4, 2, 2, 1)
    assert october.good_rate == Fraction(1, 2)
    assert october.rectify_rate == Fraction(1, 2)
    assert (october.appeals, october.completed, october.on_time) == (4, 3, 2)
    assert october.completion_rate == Fraction(3, 4)
    assert october.on_time_rate == Fraction(2, 3)
    assert november.rectify_rate is None and november.on_time_rate is None
    assert november.as_row() == {
        "month": "2026-11",
        "ratings": 1,
        "good_rate": "100.0%",
        "bad": 0,
        "rectify_rate": "—",
        "appeals": 1,
        "completion_rate": "0.0%",
        "on_time_rate": "—",
    }
    assert statistics.percent(Fraction(2, 3)) == "66.7%"


@pytest.fixture
def live_data(db, clock, units, service_user, levy_user):
    """October 2026: three 诉求 (one finished late, one on time, one open) and two ratings."""
    clock.set(2026, 10, 9, 9)
    late = file_appeal(category="policy")
    on_time = file_appeal(
        category="policy",
        channel="hotline_12366",
        first_responder=service_user,
        receiving_unit_id=units["service"].pk,
    )
    file_appeal(category="it")
    s.matter_assign(
        matter=late, host_unit_id=units["levy"].pk, topic="发票额度", actor=service_user
    )
    s.matter_assign(
        matter=on_time, host_unit_id=units["levy"].pk, topic="发票额度", actor=service_user
    )
    clock.set(2026, 10, 13, 9)
    s.matter_complete(matter=on_time, result="已办", actor=levy_user)
    s.matter_reply(matter=on_time, reply_text="已办", actor=levy_user)
    clock.set(2026, 10, 20, 9)
    s.matter_complete(matter=late, result="已办", actor=levy_user)
    s.matter_reply(matter=late, reply_text="已办", actor=levy_user)
    r.rating_submit_matter(matter=on_time, level=5, comment="")
    r.rating_submit_matter(matter=late, level=2, comment="太慢")
    return late, on_time


def test_public_page_shows_the_month_from_live_data(client, live_data):
    html = client.get("/taxpayer/statistics/").content.decode()
    row = html.split('<th scope="row">2026-10</th>')[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    assert cells == ["2", "50.0%", "1", "0.0%", "3", "66.7%", "50.0%"]


def test_staff_analysis_and_export(client, live_data, service_user, levy_user):
    client.force_login(service_user)
    html = client.get("/admin/taxpayer/statistics/?start=2026-10-01&end=2026-10-31")
    page = html.content.decode()
    assert '<strong id="total">3</strong>' in page
    assert "<td>发票额度</td><td>政策落实类</td><td>2</td>" in page
    analysis = statistics.analysis(date(2026, 10, 1), date(2026, 10, 31), date(2026, 10, 20))
    assert dict(analysis.by_category) == {"政策落实类": 2, "信息化建设类": 1}
    assert dict(analysis.by_channel) == {"税务网站": 2, "12366纳税服务热线": 1}
    assert analysis.by_unit[0] == ("征收管理科", 2, 2, 1)
    assert dict(analysis.timeliness) == {"按时办结": 1, "超期办结": 1, "办理中（已超期）": 1}
    assert dict(analysis.satisfaction)["不满意"] == 1
    export = client.get("/admin/taxpayer/statistics/export.xlsx?start=2026-10-01&end=2026-10-31")
    workbook = load_workbook(BytesIO(export.content))
    assert workbook.sheetnames == ["统计分析", "按月统计"]
    values = [cell for row in workbook["统计分析"].values for cell in row if cell is not None]
    assert "共性诉求" in values and "发票额度" in values
    client.force_login(levy_user)
    assert client.get("/admin/taxpayer/statistics/").status_code == 302  # 纳税服务部门 only

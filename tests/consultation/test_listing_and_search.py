"""The 征求意见 column (open first, then closed; year and status filters) and site search."""

import re
from datetime import timedelta

import pytest

from consultation.models import ConsultationFeedback
from search.backends import _backend_for, get_backend
from tests.consultation.factories import ConsultationFactory, UnitFactory, shanghai

COLUMN = "/xxgk/consultations/"


def _titles(html: str) -> list[str]:
    return re.findall(r'<tr class="consultation-row[^"]*"><td><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def consultations(column, clock):
    now = clock.set(2026, 9, 30, 9)  # the year filter below must not depend on today's date
    day = timedelta(days=1)
    ConsultationFactory(title="甲：十天后截止", opens_at=now - 20 * day, closes_at=now + 10 * day)
    ConsultationFactory(title="乙：二十天后截止", opens_at=now - 10 * day, closes_at=now + 20 * day)
    ConsultationFactory(title="丙：尚未开始", opens_at=now + 3 * day)
    ConsultationFactory(title="丁：两天前结束", opens_at=now - 32 * day, closes_at=now - 2 * day)
    done = ConsultationFactory(
        title="戊：已反馈", opens_at=shanghai(2025, 3, 1), closes_at=shanghai(2025, 4, 1)
    )
    ConsultationFeedback.objects.create(
        consultation=done, summary="未收到意见。", main_opinions="", published_at=now
    )
    return now


def test_open_consultations_come_first_then_upcoming_then_closed(client, consultations):
    html = client.get(COLUMN).content.decode()
    assert _titles(html) == [
        "甲：十天后截止",
        "乙：二十天后截止",
        "丙：尚未开始",
        "丁：两天前结束",
        "戊：已反馈",
    ]
    for label in ("征求中", "未开始", "已结束", "已反馈"):
        assert label in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "open"}, ["甲：十天后截止", "乙：二十天后截止"]),
        ({"status": "upcoming"}, ["丙：尚未开始"]),
        ({"status": "closed"}, ["丁：两天前结束"]),
        ({"status": "feedback"}, ["戊：已反馈"]),
        ({"year": "2025"}, ["戊：已反馈"]),
        ({"year": "2025", "status": "open"}, []),
    ],
)
def test_column_filters_by_status_and_year(client, consultations, params, expected):
    response = client.get(COLUMN, params)
    assert response.status_code == 200
    assert _titles(response.content.decode()) == expected


def test_bad_filters_are_explained_not_crashed(client, consultations):
    response = client.get(COLUMN, {"year": "二〇二五", "status": "<script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "年份应为四位数字" in html and "状态条件无效" in html
    assert len(_titles(html)) == 5


@pytest.fixture
def clean_index(db):
    _backend_for.cache_clear()
    get_backend().clear()
    yield
    get_backend().clear()


def test_published_drafts_are_findable_in_site_search(client, column, clean_index):
    page = ConsultationFactory(
        title="关于纳税缴费信用评价的管理办法（征求意见稿）",
        draft_text="第一章 总则\n第一条 纳税缴费信用评价遵循客观公正原则。",
    )
    hidden = ConsultationFactory(title="尚未发布的信用评价草稿", publish=False)
    response = client.get("/api/search/", {"q": "信用评价", "type": "consultation"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["url"] for r in results] == [page.url]
    assert results[0]["type"] == "consultation"
    assert hidden.title not in response.content.decode()
    facets = client.get("/api/search/", {"q": "信用评价"}).json()["facets"]
    assert "consultation" in facets.get("type", {})


@pytest.mark.parametrize("year", ["²⁰²⁵", "２０２５", "2025\x00", "9" * 40])
def test_odd_year_values_are_ignored_with_a_message(client, consultations, year):
    response = client.get(COLUMN, {"year": year})
    assert response.status_code == 200
    assert "年份应为四位数字" in response.content.decode()


def test_pages_show_the_department_from_the_organisation_list(client, column, clean_index):
    unit = UnitFactory(name="政策法规司", phone="010-63410000", email="zcfgs@example.gov.cn")
    page = ConsultationFactory(title="税务规章制定程序规定（征求意见稿）", department_id=unit.pk)
    listing = client.get(COLUMN).content.decode()
    assert 'data-label="负责部门">政策法规司</td>' in listing
    html = client.get(page.url).content.decode()
    assert "政策法规司" in html and "010-63410000" in html and "zcfgs@example.gov.cn" in html
    found = client.get("/api/search/", {"q": "政策法规司", "type": "consultation"}).json()
    assert [r["url"] for r in found["results"]] == [page.url]

"""The two public columns: live rows only, persons masked, filters, pages, downloads, no 500."""

from datetime import date
from io import BytesIO
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from enforcement.rules import PARTY_NATURAL
from tests.enforcement.builders import decision, fee

DECISIONS = "/xxgk/fdzdgknr/enforcement/"
FEES = "/xxgk/fdzdgknr/fees/"


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_column_lists_only_published_rows_and_masks_natural_persons(client, unit):
    company = decision(unit, party_name="北京云帆商贸有限公司", document_number="京税罚〔2025〕8号")
    person = decision(
        unit,
        party_name="王小明",
        party_type=PARTY_NATURAL,
        document_number="京税罚〔2025〕9号",
    )
    draft = decision(unit, published=False, document_number="京税罚〔2025〕10号")
    html = _html(client, DECISIONS)
    assert "北京云帆商贸有限公司" in html and company.index_number in html
    assert "王**" in html and "王小明" not in html
    assert draft.document_number not in html
    assert 'data-stack="labels"' in html and 'data-label="索引号"' in html
    detail = _html(client, f"{DECISIONS}{person.pk}/")
    assert "王**" in detail and "王小明" not in detail
    assert client.get(f"{DECISIONS}{draft.pk}/").status_code == 404


def test_keyword_never_finds_a_natural_person_by_name(client, unit):
    decision(unit, party_name="王小明", party_type=PARTY_NATURAL, matter="逾期申报")
    assert "逾期申报" not in _html(client, f"{DECISIONS}?q=王小明")
    assert "逾期申报" in _html(client, f"{DECISIONS}?q=逾期")


def test_filters_by_year_kind_and_keyword(client, unit):
    decision(unit, kind="XK", matter="发票限额审批", decided_on=date(2024, 6, 1))
    decision(unit, kind="QZ", matter="税收保全措施", decided_on=date(2025, 6, 1))
    html = _html(client, f"{DECISIONS}?year=2024")
    assert "发票限额审批" in html and "税收保全措施" not in html
    html = _html(client, f"{DECISIONS}?kind=行政强制")
    assert "税收保全措施" in html and "发票限额审批" not in html
    html = _html(client, f"{DECISIONS}?kind=QZ&year=2024")
    assert "没有符合筛选条件" in html


def test_expired_publicity_leaves_the_page(client, unit, clock):
    clock.set(2026, 9, 30, 9)
    decision(unit, matter="已过公示期", publicity_until=date(2026, 9, 29))
    decision(unit, matter="仍在公示期", publicity_until=date(2026, 9, 30))
    html = _html(client, DECISIONS)
    assert "仍在公示期" in html and "已过公示期" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?year=abcd&kind=nope&page=99",
        "?year=99999999999999999999",
        "?q=%00%27%22<script>&page=-1",
        "?kind=%E8%A1%8C&year=2025%00",
        "?page=abc&q=" + "长" * 500,
    ],
)
def test_no_query_string_breaks_a_column(client, unit, query):
    decision(unit)
    for base in (DECISIONS, FEES):
        assert client.get(base + query).status_code == 200
        assert client.get(base + "download/xlsx/" + query).status_code == 200
    html = _html(client, DECISIONS + "?year=abcd&kind=nope")
    assert "年份格式不正确" in html and "未知的类别" in html
    assert client.get(DECISIONS + "99999999999999999999/").status_code == 404


def test_download_is_masked_named_in_chinese_and_neutralises_formulas(client, unit, clock):
    clock.set(2026, 9, 30, 9)
    decision(
        unit,
        party_name="李四",
        party_type=PARTY_NATURAL,
        matter='=HYPERLINK("x","y")',
        basis="\t=1+2",  # a tab or CR before the formula hides it from a check of "=" alone
    )
    decision(unit, party_name="北京云帆商贸有限公司", kind="XK")
    response = client.get(f"{DECISIONS}download/xlsx/?kind=CF")
    assert response.status_code == 200
    assert "行政执法公示-2026-09-30.xlsx" in unquote(response["Content-Disposition"])
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "行政执法公示"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("索引号", "类别", "决定书文号")
    assert len(rows) == 2  # the 行政许可 row is filtered out
    text = " ".join(str(value) for value in rows[1])
    assert "李*" in text and "李四" not in text
    formula = [cell for cell in sheet[2] if str(cell.value).startswith("'=")]
    assert formula and formula[0].data_type == "s"
    assert "'\t=1+2" in [cell.value for cell in sheet[2]]


def test_fee_column_lists_items_with_amounts(client, unit):
    fee(name="证照工本费", amount="12.5000", year=2025)
    fee(name="未发布的收费", published=False)
    html = _html(client, FEES)
    assert "证照工本费" in html and "12.5" in html and "12.5000" not in html
    assert "未发布的收费" not in html
    assert "证照工本费" in _html(client, f"{FEES}?year=2025&q=工本")
    assert "证照工本费" not in _html(client, f"{FEES}?year=2024")
    response = client.get(f"{FEES}download/xlsx/")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "行政事业性收费"
    assert "证照工本费" in [cell.value for cell in sheet[2]]


def test_pages_paginate(client, unit):
    for number in range(25):
        decision(unit, document_number=f"京税许〔2025〕{number + 100}号", kind="XK")
    first = _html(client, DECISIONS)
    assert "共 25 条" in first
    second = _html(client, f"{DECISIONS}?page=2")
    assert second.count("京税许〔2025〕") < first.count("京税许〔2025〕")

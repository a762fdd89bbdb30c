"""政府信息公开目录: every public item of the statutory columns, filterable and downloadable."""

from datetime import date
from io import BytesIO
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from cms import catalogue
from cms.catalogue import CatalogueEntry, CatalogueQuery
from tests.policies.factories import make_document, make_interpretation

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(site_tree):
    old = make_document(
        title="关于全面推行税务系统首问责任制的通知",
        doc_number="税总发〔2014〕59号",
        written_date=date(2014, 4, 24),
        publish_date=date(2014, 4, 28),
    )
    new = make_document(
        title="关于进一步抓好工作落实的意见",
        doc_number="税总发〔2015〕7号",
        written_date=date(2015, 1, 19),
    )
    new.summary = "部署抓落实的具体措施。"
    new.save_revision().publish()
    draft = make_document(title="尚未发布的文件", publish=False)
    interpretation = make_interpretation(title="首问责任制政策解读", documents=[old], publish=True)
    interpretation.publish_date = date(2014, 5, 6)
    interpretation.save_revision().publish()
    return {"old": old, "new": new, "draft": draft, "interpretation": interpretation}


class FakeListSource:
    """What a non-page capability (权责清单) registers: its own column and rows."""

    def columns(self):
        return [("power-list", "权责清单")]

    def entries(self, query):
        rows = [
            CatalogueEntry(
                "", "税收保全措施", "行政强制", date(2020, 6, 1), "主动公开", "/p/1/", "权责清单"
            ),
            CatalogueEntry(
                "", "税务检查", "行政检查", date(2014, 5, 1), "主动公开", "/p/2/", "权责清单"
            ),
        ]
        if query.column and query.column != "power-list":
            return []
        return [r for r in rows if not query.year or r.created_on.year == query.year]

    def years(self):
        return {2020, 2014}


@pytest.fixture
def list_source(monkeypatch):
    monkeypatch.setattr(catalogue, "_sources", [])
    source = FakeListSource()
    catalogue.register(source)
    catalogue.register(source)  # registering twice is harmless
    return source


def test_pages_under_the_statutory_columns_are_listed_newest_first(library):
    entries = list(catalogue.entries(CatalogueQuery()))
    titles = [entry.title for entry in entries]
    assert titles == [
        "关于进一步抓好工作落实的意见",
        "首问责任制政策解读",
        "关于全面推行税务系统首问责任制的通知",
    ]
    newest = entries[0]
    assert newest.index_number == library["new"].index_number != ""
    assert newest.summary == "部署抓落实的具体措施。"
    assert newest.created_on == date(2015, 1, 19)  # 成文日期 is the 生成日期
    assert newest.method == "主动公开（政府网站）"
    assert newest.column == "政策文件"
    assert entries[1].column == "政策解读"
    assert entries[1].index_number == ""


def test_filters_by_column_year_and_words(library):
    by_column = catalogue.entries(CatalogueQuery(column="interpretations"))
    assert [e.title for e in by_column] == ["首问责任制政策解读"]
    by_year = catalogue.entries(CatalogueQuery(year=2014))
    assert len(by_year) == 2
    by_index = catalogue.entries(CatalogueQuery(q=library["old"].index_number))
    assert [e.title for e in by_index] == ["关于全面推行税务系统首问责任制的通知"]
    assert catalogue.years() == [2015, 2014]


def test_registered_sources_merge_in_date_order(library, list_source):
    merged = catalogue.entries(CatalogueQuery())
    assert len(merged) == 5
    assert [e.title for e in merged[0:3]] == [
        "税收保全措施",
        "关于进一步抓好工作落实的意见",
        "首问责任制政策解读",
    ]
    assert [e.title for e in merged[3:5]] == ["税务检查", "关于全面推行税务系统首问责任制的通知"]
    assert ("power-list", "权责清单") in catalogue.columns()
    assert [e.title for e in catalogue.entries(CatalogueQuery(column="power-list"))] == [
        "税收保全措施",
        "税务检查",
    ]
    assert 2020 in catalogue.years()


def test_catalogue_page_shows_the_five_statutory_fields(client, library):
    response = client.get("/xxgk/catalogue/")
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("索引号", "名称", "内容概述", "生成日期", "公开方式"):
        assert f'<th scope="col">{heading}</th>' in html
    assert library["new"].index_number in html
    assert "尚未发布的文件" not in html
    assert 'data-label="索引号"' in html


def test_catalogue_page_refuses_bad_filters_in_chinese(client, library):
    response = client.get("/xxgk/catalogue/?year=abcd&column=nope&page=99")
    html = response.content.decode()
    assert response.status_code == 200
    assert "年份格式不正确" in html and "所选栏目不存在" in html


def test_download_is_an_xlsx_with_chinese_file_and_sheet_names(client, library, clock):
    clock.set(2026, 9, 30, 9)
    response = client.get("/xxgk/catalogue/download.xlsx?column=policies")
    assert response.status_code == 200
    disposition = unquote(response["Content-Disposition"])
    assert "政府信息公开目录-20260930.xlsx" in disposition
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["政府信息公开目录"]
    assert [c.value for c in sheet[1]][:5] == ["索引号", "名称", "内容概述", "生成日期", "公开方式"]
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 3  # the header and the two live documents
    assert sheet["B2"].value == "关于进一步抓好工作落实的意见"


def test_policy_list_shows_the_index_number(client, library):
    html = client.get("/xxgk/fdzdgknr/policies/").content.decode()
    assert library["old"].index_number in html

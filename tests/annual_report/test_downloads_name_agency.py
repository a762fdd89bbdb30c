"""The annual report's PDF and XLSX name the issuing agency (from 机构职能) in the file name and
in the document, and the XLSX keeps its headings in view."""

from io import BytesIO
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from lists.models import Unit

from .test_report_page import make_report, publish, requests_2025  # noqa: F401

pytestmark = pytest.mark.django_db
NAME = "国家税务总局某某市税务局"


@pytest.fixture
def issuer(db):
    return Unit.objects.create(name=NAME, is_agency=True)


def test_xlsx_names_the_agency_and_freezes_the_headings(client, requests_2025, issuer):  # noqa: F811
    publish(make_report())
    response = client.get("/annual-reports/2025/report.xlsx")
    assert quote(f"{NAME}2025年政府信息公开工作年度报告.xlsx") in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook["表三 申请情况"]
    assert sheet["A1"].value.startswith(f"{NAME}2025年度")
    assert sheet.freeze_panes == "A6"  # title, unit and the three heading rows stay in view
    assert sheet.column_dimensions["C"].width > 14  # the long row labels fit


def test_pdf_names_the_agency(client, requests_2025, issuer):  # noqa: F811
    publish(make_report())
    response = client.get("/annual-reports/2025/report.pdf")
    assert quote(f"{NAME}2025年政府信息公开工作年度报告.pdf") in response["Content-Disposition"]
    reader = PdfReader(BytesIO(response.content))
    assert NAME in reader.pages[0].extract_text()
    assert reader.metadata.author == NAME

"""The 依申请公开 ledger export reads well in Excel: Chinese file and sheet names, frozen header,
columns sized to their content."""

from io import BytesIO
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from .factories import RequestFactory

pytestmark = pytest.mark.django_db


def test_ledger_export_has_chinese_names_and_a_frozen_header(client, office_user):
    RequestFactory(description="本局2025年行政事业性收费项目清单及其收费依据和标准")
    client.force_login(office_user)
    response = client.get("/admin/disclosure/export.xlsx")
    assert quote("依申请公开台账-20261130.xlsx") in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "依申请公开台账"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["G"].width >= 40  # 所需信息
    assert sheet["H2"].number_format == "yyyy-mm-dd"

"""Staff import: upload → preview → confirm, Chinese errors per row, drafts until review."""

from datetime import date
from io import BytesIO

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from enforcement.models import EnforcementDecision, FeeItem
from tests.enforcement.builders import credit_code, decision
from tests.lists.factories import StaffFactory

HEADERS = [
    "类别",
    "决定书文号",
    "当事人名称",
    "当事人类型",
    "统一社会信用代码",
    "事项名称（案由）",
    "依据",
    "决定内容（结果）",
    "决定日期",
    "作出决定机关",
]
URL = "/admin/enforcement/import/decisions/"


def _row(number: int, **changes) -> list:
    values = {
        "类别": "行政处罚",
        "决定书文号": f"京税罚〔2025〕{number}号",
        "当事人名称": f"北京星河贸易有限公司{number}",
        "当事人类型": "法人或其他组织",
        "统一社会信用代码": credit_code(),
        "事项名称（案由）": "未按规定保管发票",
        "依据": "《中华人民共和国发票管理办法》第三十五条",
        "决定内容（结果）": "罚款一千元",
        "决定日期": "2025年3月4日",
        "作出决定机关": "第一稽查局",
    }
    values.update(changes)
    return [values[header] for header in HEADERS]


def _upload(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("执法.xlsx", tablib.Dataset(*rows, headers=HEADERS).export("xlsx"))


def _editor() -> Client:
    client = Client()
    client.force_login(StaffFactory(username="enf-editor", groups=["编辑"]))
    return client


def test_editor_previews_then_imports_rows_as_drafts(unit, client):
    staff = _editor()
    preview = staff.post(
        URL,
        {
            "file": _upload(
                [_row(1), _row(2, 当事人类型="自然人", 统一社会信用代码="", 当事人名称="赵六")]
            )
        },
    )
    assert preview.status_code == 200
    assert "新增 2" in preview.context["report"].summary()
    assert EnforcementDecision.objects.count() == 0  # a preview saves nothing
    done = staff.post(URL, {"token": preview.context["token"]})
    assert done.status_code == 302
    rows = EnforcementDecision.objects.order_by("document_number")
    assert rows.count() == 2 and not any(row.live for row in rows)
    assert rows[0].decided_on == date(2025, 3, 4) and rows[0].unit == unit
    assert all(row.latest_revision is not None for row in rows)
    assert all(row.workflow_in_progress for row in rows)  # each entered 部门审核 → 保密审查
    assert "北京星河贸易" not in client.get("/xxgk/fdzdgknr/enforcement/").content.decode()


def test_bad_rows_are_reported_per_row_and_nothing_is_imported(unit):
    staff = _editor()
    rows = [
        _row(1),
        _row(2, 类别="行政奖励"),
        _row(3, 统一社会信用代码="91110108MA01ABCD1X"),
        _row(4, 作出决定机关="不存在的局"),
        _row(5, 决定日期="去年"),
        _row(1),
    ]
    response = staff.post(URL, {"file": _upload(rows)})
    problems = [str(problem) for problem in response.context["report"].problems]
    text = "\n".join(problems)
    assert "第 3 行：未知的类别：行政奖励" in text
    assert "第 4 行" in text and "校验位不正确" in text
    assert "第 5 行：未知的作出决定机关：不存在的局" in text
    assert "第 6 行" in text
    assert "第 7 行：决定书文号重复" in text
    assert "token" not in response.context
    assert EnforcementDecision.objects.count() == 0


def test_a_change_to_a_published_row_waits_for_review(unit, client):
    live = decision(unit, matter="原事项")
    exported = Client()
    exported.force_login(StaffFactory(username="enf-admin", is_superuser=True, is_staff=True))
    content = exported.get("/admin/enforcement/export/decisions.xlsx").content
    sheet = load_workbook(BytesIO(content)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["类别", "决定书文号", "当事人名称"]
    # Re-importing the export changes nothing.
    same = _editor().post(URL, {"file": SimpleUploadedFile("x.xlsx", content)})
    assert same.context["report"].unchanged == 1 and same.context["report"].updated == 0
    sheet.cell(row=2, column=headers.index("事项名称（案由）") + 1, value="更正后的事项")
    buffer = BytesIO()
    sheet.parent.save(buffer)
    staff = _editor()
    preview = staff.post(URL, {"file": SimpleUploadedFile("x.xlsx", buffer.getvalue())})
    assert preview.context["report"].updated == 1
    staff.post(URL, {"token": preview.context["token"]})
    live.refresh_from_db()
    assert live.live and live.matter == "原事项" and live.has_unpublished_changes
    assert live.latest_revision.as_object().matter == "更正后的事项"
    html = client.get("/xxgk/fdzdgknr/enforcement/").content.decode()
    assert "原事项" in html and "更正后的事项" not in html


def test_fee_import_reads_amounts_and_reports_bad_ones(unit):
    staff = _editor()
    headers = ["年度", "收费项目名称", "依据文件", "收费标准", "本年收费金额（万元）"]
    good = tablib.Dataset(["2025", "证照工本费", "某文件", "每本5元", "3.25"], headers=headers)
    preview = staff.post(
        "/admin/enforcement/import/fees/",
        {"file": SimpleUploadedFile("收费.xlsx", good.export("xlsx"))},
    )
    staff.post("/admin/enforcement/import/fees/", {"token": preview.context["token"]})
    item = FeeItem.objects.get()
    assert str(item.amount.normalize()) == "3.25" and not item.live
    bad = tablib.Dataset(["2025年", "另一项", "某文件", "每本5元", "-1"], headers=headers)
    response = staff.post(
        "/admin/enforcement/import/fees/",
        {"file": SimpleUploadedFile("收费.xlsx", bad.export("xlsx"))},
    )
    assert "第 2 行：本年收费金额（万元）不能为负数：-1" in "\n".join(
        str(p) for p in response.context["report"].problems
    )
    assert FeeItem.objects.count() == 1


def test_unknown_kind_and_outsiders(unit, client):
    assert client.get(URL).status_code == 302
    staff = _editor()
    assert staff.get("/admin/enforcement/import/nothing/").status_code == 404
    assert staff.get("/admin/enforcement/").status_code == 200
    outsider = Client()
    outsider.force_login(StaffFactory(username="enf-nobody", is_staff=True))
    assert outsider.get(URL).status_code in (302, 403)

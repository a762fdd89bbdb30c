"""Import and export through the management command and the import service: round trips,
previews, and every kind of bad file reported row by row with nothing changed."""

import io

import pytest
import tablib
from django.core.management import CommandError, call_command

from lists.importing import export_list, import_list, read_list_file
from lists.models import (
    GuideMaterial,
    PowerItem,
    PowerItemChange,
    ServiceGuide,
    Task,
    TaskList,
    Unit,
)
from tests.lists.factories import StaffFactory
from tests.review import approve_review

pytestmark = pytest.mark.django_db

KINDS = ["units", "power", "guides", "tasks"]


def snapshot(kind: str) -> list:
    """The list's data as plain values, from its own export."""
    data = tablib.Dataset().load(export_list(kind=kind, file_format="xlsx"), format="xlsx")
    return [list(row) for row in data]


def write(tmp_path, name: str, headers: list[str], rows: list[list]) -> str:
    data = tablib.Dataset(*rows, headers=headers)
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text(data.export("csv"), encoding="utf-8-sig")
    else:
        path.write_bytes(data.export("xlsx"))
    return str(path)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_list", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_reimports_to_equal_data(demo, tmp_path, file_format):
    before = {kind: snapshot(kind) for kind in KINDS}
    files = {}
    for kind in KINDS:
        path = tmp_path / f"{kind}.{file_format}"
        path.write_bytes(export_list(kind=kind, file_format=file_format))
        files[kind] = str(path)

    # Re-importing an unchanged export changes nothing.
    out, _ = run("power", files["power"])
    assert "新增 0，修改 0，删除 0" in out

    # Into an empty database (units first: the others name them), the same data comes back.
    TaskList.objects.all().delete()
    ServiceGuide.objects.all().delete()
    PowerItem.objects.all().delete()
    Unit.objects.all().delete()
    for kind in KINDS:
        run(kind, files[kind])
    after = {kind: snapshot(kind) for kind in KINDS}
    assert after == before
    assert Task.objects.count() == 23
    guide = ServiceGuide.objects.get(code="BSZN-001")
    assert [m.name for m in guide.materials.order_by("sort_order")] == [
        "增值税专用发票最高开票限额申请单",
        "经办人身份证件",
    ]
    task = Task.objects.get(number=22)
    assert [u.name for u in task.ordered_lead_units] == ["教育中心", "人事司", "税收宣传中心"]
    assert str(task.section) == "五、紧扣责任落实推进政务公开提质增效"


def test_dry_run_previews_creates_changes_and_deletes_without_saving(demo, tmp_path):
    headers = ["事项编码", "事项名称", "权力类型", "实施主体", "设定依据", "承办机构", "删除"]
    existing = PowerItem.objects.get(power_type="JC")
    removed = PowerItem.objects.get(power_type="QZ")
    path = write(
        tmp_path,
        "power.xlsx",
        headers,
        [
            [
                "11100000000013239N-JL-001",
                "检举税收违法行为奖励",
                "行政奖励",
                "税务机关",
                "《检举纳税人税收违法行为奖励暂行办法》第三条",
                "政策法规司",
                "否",
            ],
            [
                existing.code,
                "税务检查（调整）",
                "行政检查",
                existing.implementing_body,
                existing.legal_basis,
                "税收大数据和风险管理局",
                "",
            ],
            [
                removed.code,
                removed.name,
                "行政强制",
                removed.implementing_body,
                removed.legal_basis,
                "征管科技司",
                "是",
            ],
        ],
    )
    history = PowerItemChange.objects.count()
    out, _ = run("power", path, "--dry-run")
    assert "第 2 行：新增" in out
    assert "第 3 行：修改" in out
    assert "税务检查（调整）（事项名称）" in out
    assert "第 4 行：删除" in out
    assert "新增 1，修改 1，删除 1" in out
    assert not PowerItem.objects.filter(code="11100000000013239N-JL-001").exists()
    assert PowerItem.objects.get(pk=existing.pk).name == "税务检查"
    assert PowerItem.objects.filter(pk=removed.pk).exists()
    assert PowerItemChange.objects.count() == history

    run("power", path)
    created = PowerItem.objects.get(code="11100000000013239N-JL-001")
    assert created.get_power_type_display() == "行政奖励" and not created.live
    # The change waits for 部门审核 → 保密审查; the public row stays as it was.
    assert PowerItem.objects.get(pk=existing.pk).name == "税务检查"
    assert not PowerItem.objects.filter(pk=removed.pk).exists()
    secrecy = StaffFactory(username="u-保密", groups=["保密审查员"])
    for item in (created, existing):
        approve_review(item, secrecy)
    assert PowerItem.objects.get(pk=existing.pk).name == "税务检查（调整）"
    kinds = set(PowerItemChange.objects.values_list("kind", flat=True)[:3])
    assert kinds == {"created", "changed", "removed"}


POWER_HEADERS = ["事项编码", "事项名称", "权力类型", "实施主体", "设定依据", "承办机构", "生效日期"]


def good_power_row(serial: str = "009") -> list:
    return [
        f"11100000000013239N-CF-{serial}",
        "某项处罚",
        "行政处罚",
        "税务机关",
        "《中华人民共和国税收征收管理法》第六十条",
        "政策法规司",
        "2020-01-01",
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # wrong type: an unknown 权力类型 and a date that is not a date
        (
            [
                good_power_row("010"),
                [*good_power_row("011")[:2], "行政许诺", *good_power_row()[3:]],
            ],
            ["第 3 行：", "未知的权力类型：行政许诺"],
        ),
        (
            [good_power_row("010"), [*good_power_row("011")[:6], "2020年13月"]],
            ["第 3 行：", "日期格式不正确"],
        ),
        # unknown unit
        (
            [good_power_row("010"), [*good_power_row("011")[:5], "不存在的司", "2020-01-01"]],
            ["第 3 行：", "未知的承办机构：不存在的司"],
        ),
        # duplicate code
        (
            [good_power_row("010"), good_power_row("010")],
            ["第 3 行：", "事项编码重复：11100000000013239N-CF-010（与第 2 行重复）"],
        ),
        # bad code shape and a blank required cell
        (
            [
                ["XK-1", *good_power_row()[1:]],
                [good_power_row("012")[0], "", *good_power_row()[2:]],
            ],
            ["第 2 行：", "事项编码应为", "第 3 行：", "“事项名称”"],
        ),
    ],
)
def test_bad_power_rows_are_reported_and_nothing_is_imported(demo, tmp_path, rows, expected):
    before = snapshot("power")
    history = PowerItemChange.objects.count()
    path = write(tmp_path, "bad.xlsx", POWER_HEADERS, rows)
    with pytest.raises(CommandError, match="未导入任何数据"):
        _, err = run("power", path)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_list", "power", path, stdout=io.StringIO(), stderr=err)
    for text in expected:
        assert text in err.getvalue()
    assert snapshot("power") == before
    assert PowerItemChange.objects.count() == history


def test_missing_column_is_reported(demo, tmp_path):
    path = write(tmp_path, "missing.csv", ["事项编码", "事项名称"], [["X", "Y"]])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_list", "power", path, stdout=io.StringIO(), stderr=err)
    assert "缺少必需的列：权力类型、实施主体、设定依据" in err.getvalue()


def test_unreadable_and_unsupported_files_are_refused(tmp_path):
    bad = tmp_path / "list.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    with pytest.raises(CommandError, match="无法读取文件"):
        run("units", str(bad))
    doc = tmp_path / "list.doc"
    doc.write_bytes(b"x")
    with pytest.raises(CommandError, match="不支持的文件格式"):
        run("units", str(doc))
    with pytest.raises(CommandError, match="找不到文件"):
        run("units", str(tmp_path / "nope.csv"))


def test_csv_saved_by_chinese_excel_in_gb18030_is_read(db):
    content = "机构名称,联系电话\n办公厅,12366\n".encode("gb18030")
    rows = read_list_file(content, "units.csv")
    report = import_list(kind="units", rows=rows, dry_run=False)
    assert report.ok, report.problems
    assert Unit.objects.get(name="办公厅").phone == "12366"


TASK_HEADERS = [
    "任务清单",
    "部分",
    "序号",
    "任务",
    "任务内容",
    "牵头单位",
    "配合单位",
    "完成时限",
    "状态",
]


def test_task_rows_with_unknown_unit_bad_section_or_number_import_nothing(demo, tmp_path):
    title = "2021年政务公开任务清单"
    rows = [
        [title, "一、第一部分", 1, "任务一", "", "办公厅", "", "2021年6月底前", "推进中"],
        [title, "一、第一部分", 2, "任务二", "", "办公厅、不存在的中心", "", "持续推进", ""],
        [title, "第二部分", 3, "任务三", "", "人事司", "", "持续推进", ""],
        [title, "一、第一部分", "三", "任务四", "", "人事司", "", "持续推进", ""],
        [title, "一、第一部分", 5, "任务五", "", "人事司", "", "", "已搁置"],
    ]
    path = write(tmp_path, "tasks.xlsx", TASK_HEADERS, rows)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_list", "tasks", path, stdout=io.StringIO(), stderr=err)
    text = err.getvalue()
    assert "第 3 行：" in text and "未知的单位：不存在的中心" in text
    assert "第 4 行：" in text and "部分应写作“一、标题”" in text
    assert "第 5 行：" in text and "序号应为不小于1的整数" in text
    assert "第 6 行：" in text and "未知的状态：已搁置" in text and "完成时限不能为空" in text
    assert "第 2 行" not in text
    assert not TaskList.objects.filter(title=title).exists()

    good = write(tmp_path, "good.xlsx", TASK_HEADERS, [rows[0]])
    run("tasks", good)
    task = Task.objects.get(task_list__title=title)
    assert task.due_date.isoformat() == "2021-06-30"
    assert str(task.section) == "一、第一部分"


def test_guide_materials_cell_errors_are_reported(demo, tmp_path):
    headers = ["指南编号", "事项名称", "事项类型", "设定依据", "申请材料", "常见问题"]
    rows = [
        ["BSZN-101", "指南一", "公共服务", "依据", "申请表｜原件｜两份｜必要", ""],
        ["BSZN-102", "指南二", "公共服务", "依据", "申请表｜扫描件", ""],
        ["BSZN-103", "指南三", "公共服务", "依据", "申请表", "只有问题"],
    ]
    path = write(tmp_path, "guides.xlsx", headers, rows)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_list", "guides", path, stdout=io.StringIO(), stderr=err)
    text = err.getvalue()
    assert "第 2 行：" in text and "份数“两份”应为正整数" in text
    assert "第 3 行：" in text and "材料形式“扫描件”无效" in text
    assert "第 4 行：" in text and "问题｜解答" in text
    assert not ServiceGuide.objects.filter(code__startswith="BSZN-1").exists()
    assert GuideMaterial.objects.filter(guide__code__startswith="BSZN-1").count() == 0


def test_contactless_guide_must_be_online(demo, tmp_path):
    headers = ["指南编号", "事项名称", "事项类型", "设定依据", "线上办理", "非接触式办理"]
    path = write(tmp_path, "g.csv", headers, [["BSZN-201", "指南", "其他", "依据", "否", "是"]])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_list", "guides", path, stdout=io.StringIO(), stderr=err)
    assert "第 2 行：" in err.getvalue()
    assert "非接触式办理的事项必须可以线上办理" in err.getvalue()


def test_guide_code_must_be_usable_in_a_web_address(db, tmp_path):
    headers = ["指南编号", "事项名称", "事项类型", "设定依据"]
    path = write(tmp_path, "g.xlsx", headers, [["BSZN/1", "指南", "其他", "依据"]])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_list", "guides", path, stdout=io.StringIO(), stderr=err)
    assert "第 2 行：" in err.getvalue() and "指南编号只能包含字母、数字" in err.getvalue()

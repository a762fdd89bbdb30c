"""XLSX exports: the ledger (contacts masked, as for 依申请公开) and the statistics."""

from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.spreadsheets.exports import finish_sheet
from taxpayer import privacy, selectors
from taxpayer.models import Matter
from taxpayer.statistics import Analysis, MonthFigures, timeliness_of

LEDGER_COLUMNS = [
    "编号",
    "类型",
    "受理渠道",
    "诉求类别",
    "共性问题标签",
    "纳税人名称（姓名）",
    "联系方式",
    "诉求和意见（首问事项）",
    "受理时间（接洽时间）",
    "受理单位",
    "受理人（首问责任人）",
    "主办部门",
    "承办人",
    "状态",
    "当前环节",
    "环节期限",
    "责任人",
    "办理期限",
    "已延长工作日",
    "办结日期",
    "办理答复时间",
    "时效",
]


def _bold_header(sheet, row: list[str]) -> None:
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def ledger_workbook(matters: Iterable[Matter], today: date) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "诉求与首问台账"
    _bold_header(sheet, LEDGER_COLUMNS)
    for matter in matters:
        sheet.append(
            [
                matter.number,
                matter.get_kind_display(),
                matter.get_channel_display(),
                matter.get_category_display() if matter.category else "",
                matter.topic,
                matter.taxpayer_name,
                privacy.masked(matter.phone),
                matter.content[:1000],
                timezone.localtime(matter.received_at).replace(tzinfo=None),
                matter.receiving_unit.name if matter.receiving_unit else "",
                matter.first_responder_name,
                matter.host_unit.name if matter.host_unit else "",
                (matter.handler.get_full_name() or matter.handler.get_username())
                if matter.handler
                else "",
                matter.get_status_display(),
                matter.step_label if matter.is_open else "",
                matter.step_due_on if matter.is_open else None,
                selectors.responsible(matter) if matter.is_open else "",
                matter.handling_due_on,
                matter.extended_days,
                matter.completed_on,
                matter.replied_on,
                timeliness_of(matter, today),
            ]
        )
    finish_sheet(sheet)
    return workbook


def statistics_workbook(analysis: Analysis, months: list[MonthFigures]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "统计分析"
    sheet.append([f"受理日期 {analysis.start} 至 {analysis.end}，共 {analysis.total} 件"])
    sections = [
        ("按类型", ["类型", "件数"], analysis.by_kind),
        ("按诉求类别", ["类别", "件数"], analysis.by_category),
        ("按受理渠道", ["渠道", "件数"], analysis.by_channel),
        ("按主办部门", ["部门", "受理", "办结", "按时办结"], analysis.by_unit),
        ("办理时效", ["时效", "件数"], analysis.timeliness),
        ("好差评", ["等级", "件数"], analysis.satisfaction),
        ("回访满意度", ["等级", "件数"], analysis.visit_satisfaction),
        ("共性诉求", ["问题标签", "涉及类别", "件数"], analysis.common_issues),
    ]
    for title, header, rows in sections:
        sheet.append([])
        sheet.append([title])
        sheet[sheet.max_row][0].font = Font(bold=True)
        _bold_header(sheet, header)
        for row in rows:
            sheet.append(list(row))
    monthly = workbook.create_sheet("按月统计")
    _bold_header(
        monthly,
        ["月份", "评价数", "好评率", "差评数", "差评整改率", "诉求受理数", "办结率", "按时办结率"],
    )
    for figures in months:
        row = figures.as_row()
        monthly.append(
            [
                row["month"],
                row["ratings"],
                row["good_rate"],
                row["bad"],
                row["rectify_rate"],
                row["appeals"],
                row["completion_rate"],
                row["on_time_rate"],
            ]
        )
    finish_sheet(sheet)
    finish_sheet(monthly)
    return workbook

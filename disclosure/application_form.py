"""The printable 政府信息公开申请表 the guide offers, in Word (python-docx) and PDF (WeasyPrint).

Built from the same choices as the online form (证件类型, 信息载体形式, 获取方式) and signed with
the office's name and contacts from 机构职能, so a paper application asks for exactly what the
online one does and is sent to the address the guide shows.
"""

import logging
from dataclasses import dataclass
from io import BytesIO

from django.template.loader import render_to_string

from disclosure.models import Delivery, IdType, InfoForm
from disclosure.notices import office_name
from lists.organisations import Organisation, disclosure_office

TITLE = "政府信息公开申请表"
BOX = "□"


@dataclass(frozen=True)
class Row:
    group: str  # 申请人信息 / 所需信息情况 / 申请人签名
    label: str
    value: str = ""  # pre-printed choices (□ 纸质 □ 电子) or blank for handwriting
    tall: bool = False  # room to write several lines


def _boxes(choices) -> str:
    return "  ".join(f"{BOX}{label}" for _, label in choices)


def rows() -> list[Row]:
    person, org = "公民", "法人或者其他组织"
    return [
        Row(person, "姓名"),
        Row(person, "证件类型", _boxes(c for c in IdType.choices if c[0] != IdType.CREDIT_CODE)),
        Row(person, "证件号码"),
        Row(person, "联系电话"),
        Row(person, "电子邮箱"),
        Row(person, "通信地址及邮政编码"),
        Row(org, "名称"),
        Row(org, "统一社会信用代码"),
        Row(org, "联系人姓名"),
        Row(org, "联系人电话"),
        Row(org, "通信地址及邮政编码"),
        Row("所需信息情况", "所需政府信息的名称、文号或者便于查询的其他特征性描述", tall=True),
        Row("所需信息情况", "信息载体形式", _boxes(InfoForm.choices)),
        Row("所需信息情况", "获取方式", _boxes(c for c in Delivery.choices if c[0] != "online")),
        Row("申请人签名或者盖章", "签名（盖章）"),
        Row("申请人签名或者盖章", "申请日期", "        年    月    日"),
    ]


def _office_lines(office: Organisation | None) -> list[str]:
    if office is None:
        return [f"受理机构：{office_name()}"]
    lines = [f"受理机构：{office_name()}"]
    if office.address:
        postcode = f"（邮编：{office.postcode}）" if office.postcode else ""
        lines.append(f"通信地址：{office.address}{postcode}")
    if office.phone:
        lines.append(f"联系电话：{office.phone}")
    if office.fax:
        lines.append(f"传真：{office.fax}")
    if office.office_hours:
        lines.append(f"办公时间：{office.office_hours}")
    return lines


NOTES = [
    "申请人应当提交身份证明（公民为身份证件复印件，法人或者其他组织为营业执照等证明文件复印件）。",
    "一份申请表只填写一项政府信息需求；所需信息描述应当尽可能明确。",
    "以信函方式申请的，请在信封左下角注明“政府信息公开申请”字样。",
]


def application_form_context() -> dict:
    office = disclosure_office()
    return {"title": TITLE, "rows": rows(), "office_lines": _office_lines(office), "notes": NOTES}


def application_form_pdf() -> bytes:
    """A4 PDF in Noto CJK (Debian fonts-noto-cjk), like the notices."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    html = render_to_string("disclosure/application_form_pdf.html", application_form_context())
    return HTML(string=html).write_pdf()


def application_form_docx() -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    context = application_form_context()
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(18)
    table = document.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    for row in context["rows"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = row.group, row.label, row.value
        if row.tall:
            cells[2].add_paragraph("\n\n\n")
    for cell, width in zip(table.columns, (Cm(3), Cm(5), Cm(8)), strict=True):
        for item in cell.cells:
            item.width = width
    _merge_groups(table, [row.group for row in context["rows"]])
    for line in context["office_lines"]:
        document.add_paragraph(line)
    document.add_paragraph("填表说明：")
    for number, note in enumerate(context["notes"], start=1):
        document.add_paragraph(f"{number}. {note}")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _merge_groups(table, groups: list[str]) -> None:
    """One merged 类别 cell per group, as on the paper forms agencies publish."""
    start = 0
    for index in range(1, len(groups) + 1):
        if index == len(groups) or groups[index] != groups[start]:
            if index - 1 > start:
                merged = table.cell(start, 0).merge(table.cell(index - 1, 0))
                merged.text = groups[start]
            start = index

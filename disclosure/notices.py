"""Notices (告知书) from staff-editable templates, rendered to PDF (WeasyPrint) and DOCX.

Templates use Django template syntax over a fixed, documented context (see NOTICE_VARIABLES);
the rendered text is stored with the notice, so a reprint shows exactly what was issued even if
the template is edited later. Statutory periods are variables filled from `disclosure.rules`, so
the default wording never types a number the law sets.
"""

import logging
from datetime import date
from io import BytesIO

from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string

from disclosure import rules
from disclosure.models import DisclosureRequest, Notice, NoticeKind, NoticeTemplate, RequestEvent
from disclosure.taxonomy import OUTCOME_NOTICE_KINDS
from lists.organisations import agency, disclosure_office

NOTICE_VARIABLES = {
    "number": "申请编号",
    "applicant_name": "申请人姓名或名称",
    "description": "所需信息描述",
    "received_on": "收到申请日期",
    "reply_due_on": "答复期限",
    "issued_on": "出具日期",
    "office_name": "出具机关",
    "items": "需补正的事项",
    "period_days": "补正期限（工作日）",
    "step_due_on": "本环节期限",
    "extension_days": "延长工作日数",
    "reason": "理由",
    "party": "被征求意见方",
    "outcome": "办理结果",
    "reply_text": "答复内容",
    "fee_amount": "应缴金额（元）",
    "fee_calculation": "计算过程",
    "reply_days": "法定答复期限（工作日，条例第三十三条）",
    "consultation_days": "征求意见期限（工作日，条例第三十二条、第三十四条）",
    "appeal_review_days": "申请行政复议期限（日）",
    "appeal_litigation_months": "提起行政诉讼期限（月）",
}

_HEAD = "{{ applicant_name }}：\n\n"
_TAIL = "\n\n{{ office_name }}\n{{ issued_on }}"
DEFAULT_TEMPLATES: dict[str, tuple[str, str]] = {
    NoticeKind.RECEIPT: (
        "政府信息公开申请登记回执",
        _HEAD + "本机关已于{{ received_on }}收到您提出的政府信息公开申请，申请编号为"
        "{{ number }}。所需信息：{{ description }}。\n\n"
        "根据《中华人民共和国政府信息公开条例》第三十三条，本机关将在收到申请之日起"
        "{{ reply_days }}个工作日内（即{{ reply_due_on }}前）予以答复；"
        "需要延长答复期限的，将另行告知。" + _TAIL,
    ),
    NoticeKind.CORRECTION: (
        "政府信息公开申请补正告知书",
        _HEAD + "您于{{ received_on }}提出的政府信息公开申请（申请编号{{ number }}）内容不够明确。"
        "根据《中华人民共和国政府信息公开条例》第三十条，请您对以下事项作出补正：\n"
        "{{ items }}\n\n请于{{ step_due_on }}前（{{ period_days }}个工作日内）提交补正材料。"
        "答复期限自本机关收到补正后的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。" + _TAIL,
    ),
    NoticeKind.EXTENSION: (
        "延长政府信息公开答复期限告知书",
        _HEAD
        + "您于{{ received_on }}提出的政府信息公开申请（申请编号{{ number }}），因{{ reason }}，"
        "不能在规定期限内答复。经政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息"
        "公开条例》第三十三条第二款，答复期限延长{{ extension_days }}个工作日，延长后的答复期限为"
        "{{ reply_due_on }}。" + _TAIL,
    ),
    NoticeKind.CONSULTATION: (
        "政府信息公开征求意见书",
        "{{ party }}：\n\n本机关收到政府信息公开申请（申请编号{{ number }}），所申请信息为："
        "{{ description }}。该信息的公开可能涉及您的合法权益（或需与您协商确定）。根据《中华人民"
        "共和国政府信息公开条例》第三十二条、第三十四条，请您于{{ step_due_on }}前"
        "（{{ consultation_days }}个工作日内）提出书面意见；"
        "逾期未提出意见的，由本机关依照条例规定决定。" + _TAIL,
    ),
    NoticeKind.FEE: (
        "政府信息公开信息处理费缴费通知书",
        _HEAD
        + "您提出的政府信息公开申请（申请编号{{ number }}）需按《政府信息公开信息处理费管理办法》"
        "（国办函〔2020〕109号）收取信息处理费{{ fee_amount }}元。"
        "计算过程：{{ fee_calculation }}\n\n"
        "请于{{ step_due_on }}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该申请。"
        "缴费期间不计算在答复期限内。" + _TAIL,
    ),
}

_REPLY_BODY = (
    _HEAD + "您于{{ received_on }}提出的政府信息公开申请（申请编号{{ number }}）收悉。"
    "所申请信息：{{ description }}。\n\n经审查，办理结果为：{{ outcome }}。\n\n{{ reply_text }}\n\n"
    "如对本答复不服，可以自收到本告知书之日起{{ appeal_review_days }}日内依法申请行政复议，"
    "或者{{ appeal_litigation_months }}个月内依法提起行政诉讼。" + _TAIL
)
for _kind, _title in [
    (NoticeKind.REPLY_DISCLOSE, "政府信息公开申请答复告知书（予以公开）"),
    (NoticeKind.REPLY_PARTIAL, "政府信息公开申请答复告知书（部分公开）"),
    (NoticeKind.REPLY_REFUSE, "政府信息公开申请答复告知书（不予公开）"),
    (NoticeKind.REPLY_UNABLE, "政府信息公开申请答复告知书（无法提供）"),
    (NoticeKind.REPLY_NOT_PROCESSED, "政府信息公开申请答复告知书（不予处理）"),
    (NoticeKind.REPLY_OTHER, "政府信息公开申请告知书（其他处理）"),
]:
    DEFAULT_TEMPLATES[_kind] = (_title, _REPLY_BODY)


def reply_notice_kind(outcome: str) -> str:
    """The one reply notice for an outcome, as the outcome taxonomy names it."""
    return OUTCOME_NOTICE_KINDS[outcome]


def template_for(kind: str) -> NoticeTemplate:
    """The editable template for `kind`, created from the default wording on first use."""
    title, body = DEFAULT_TEMPLATES[kind]
    template, _ = NoticeTemplate.objects.get_or_create(
        kind=kind, defaults={"title": title, "body": body}
    )
    return template


def template_error(body: str) -> str:
    """A Chinese message when staff save a template Django cannot parse, else ""."""
    try:
        _engine().from_string(body)
    except TemplateSyntaxError as exc:
        return f"模板语法错误：{exc}"
    return ""


def _engine() -> Engine:
    # Plain-text notices: no autoescape, no custom tags, no access to the filesystem loaders.
    return Engine(autoescape=False, libraries={}, builtins=["django.template.defaultfilters"])


def cn_date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def office_name() -> str:
    """The 落款 of every notice: the agency's name and its disclosure office, from 机构职能."""
    office, issuing_agency = disclosure_office(), agency()
    agency_name = issuing_agency.name if issuing_agency else ""
    if office is None:
        return f"{agency_name}政府信息公开工作机构"
    if office.name.startswith(agency_name):
        return office.name
    return f"{agency_name}{office.name}"


def notice_issue(
    *,
    request: DisclosureRequest,
    kind: str,
    issued_on: date,
    event: RequestEvent | None = None,
    public: bool = True,
    extra: dict | None = None,
) -> Notice:
    """Render the current template for `kind` for one request and keep the rendered text."""
    template = template_for(kind)
    context = {
        **rules.template_numbers(),
        "number": request.number,
        "applicant_name": request.applicant_name,
        "description": request.description,
        "received_on": cn_date(request.received_on),
        "reply_due_on": cn_date(request.reply_due_on) or "（计时暂停中）",
        "issued_on": cn_date(issued_on),
        "office_name": office_name(),
        "outcome": request.get_outcome_display() if request.outcome else "",
        "reply_text": request.reply_text,
    }
    for key, value in (extra or {}).items():
        context[key] = cn_date(value) if isinstance(value, date) else value
    try:
        body = _engine().from_string(template.body).render(Context(context))
    except TemplateSyntaxError:
        title, default_body = DEFAULT_TEMPLATES[kind]
        body = _engine().from_string(default_body).render(Context(context))
    return Notice.objects.create(
        request=request,
        event=event,
        kind=kind,
        title=template.title,
        body=body,
        public=public,
        issued_on=issued_on,
    )


def notice_pdf(notice: Notice) -> bytes:
    """A4 PDF in Noto CJK (Debian fonts-noto-cjk)."""
    from weasyprint import HTML

    # WeasyPrint narrates every rendering step at INFO; keep the server log readable.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    html = render_to_string("disclosure/notice_pdf.html", {"notice": notice})
    return HTML(string=html).write_pdf()


def notice_docx(notice: Notice) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(notice.title)
    run.bold = True
    run.font.size = Pt(20)
    number = document.add_paragraph(f"申请编号：{notice.request.number}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for block in notice.body.split("\n"):
        document.add_paragraph(block)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()

"""Notices (告知书) from staff-editable templates, rendered to PDF (WeasyPrint) and DOCX.

Templates use Django template syntax over a fixed, documented context (see NOTICE_VARIABLES);
the rendered text is stored with the notice, so a reprint shows exactly what was issued even if
the template is edited later. Statutory periods are variables filled from `disclosure.rules`, so
the default wording never types a number the law sets.
"""

import logging
import re
from datetime import date
from io import BytesIO

from django.db import transaction
from django.db.models import F
from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string

from disclosure import rules
from disclosure.models import (
    DisclosureRequest,
    DisclosureSettings,
    Notice,
    NoticeKind,
    NoticeSequence,
    NoticeTemplate,
    RequestEvent,
    cn_date,
)
from disclosure.taxonomy import OUTCOME_NOTICE_KINDS
from lists.organisations import agency, disclosure_office
from workdays import calendar as deadlines

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

# Templates hold the body only: the addressee, the remedies, the 落款 and the date are parts of
# the letter the code adds, so no edit can drop them, double them or put them out of order.
DEFAULT_TEMPLATES: dict[str, tuple[str, str]] = {
    NoticeKind.RECEIPT: (
        "政府信息公开申请登记回执",
        "本机关已于{{ received_on }}收到您提出的政府信息公开申请，申请编号为{{ number }}。"
        "所需信息：{{ description }}。\n"
        "根据《中华人民共和国政府信息公开条例》第三十三条，本机关将在收到申请之日起"
        "{{ reply_days }}个工作日内（即{{ reply_due_on }}前）予以答复；"
        "需要延长答复期限的，将另行告知。",
    ),
    NoticeKind.CORRECTION: (
        "政府信息公开申请补正告知书",
        "您于{{ received_on }}提出的政府信息公开申请（申请编号{{ number }}）内容不够明确。"
        "根据《中华人民共和国政府信息公开条例》第三十条，请您对以下事项作出补正：\n"
        "{{ items }}\n请于{{ step_due_on }}前（{{ period_days }}个工作日内）提交补正材料。"
        "答复期限自本机关收到补正后的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。",
    ),
    NoticeKind.EXTENSION: (
        "延长政府信息公开答复期限告知书",
        "您于{{ received_on }}提出的政府信息公开申请（申请编号{{ number }}），因{{ reason }}，"
        "不能在规定期限内答复。经政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息"
        "公开条例》第三十三条第二款，答复期限延长{{ extension_days }}个工作日，延长后的答复期限为"
        "{{ reply_due_on }}。",
    ),
    NoticeKind.CONSULTATION: (
        "政府信息公开征求意见书",
        "本机关收到政府信息公开申请（申请编号{{ number }}），所申请信息为："
        "{{ description }}。该信息的公开可能涉及您的合法权益（或需与您协商确定）。根据《中华人民"
        "共和国政府信息公开条例》第三十二条、第三十四条，请您于{{ step_due_on }}前"
        "（{{ consultation_days }}个工作日内）提出书面意见；"
        "逾期未提出意见的，由本机关依照条例规定决定。",
    ),
    NoticeKind.FEE: (
        "政府信息公开信息处理费缴费通知书",
        "您提出的政府信息公开申请（申请编号{{ number }}）需按《政府信息公开信息处理费管理办法》"
        "（国办函〔2020〕109号）收取信息处理费{{ fee_amount }}元。"
        "计算过程：{{ fee_calculation }}\n"
        "请于{{ step_due_on }}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该申请。"
        "缴费期间不计算在答复期限内。",
    ),
}

_REPLY_BODY = (
    "您于{{ received_on }}提出的政府信息公开申请（申请编号{{ number }}）收悉。"
    "所申请信息：{{ description }}。\n经审查，办理结果为：{{ outcome }}。\n{{ reply_text }}"
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

# The decisions an applicant may contest (条例第五十一条): the reply notices. The other letters
# are steps of the procedure and carry no remedies paragraph.
REMEDY_KINDS = frozenset(OUTCOME_NOTICE_KINDS.values())

# Words that only a remedies paragraph uses: a template or a reply text containing them would
# print a second one next to the paragraph the letter adds itself.
REMEDY_WORDS = ("行政复议", "行政诉讼")

# Chinese punctuation that ends a clause; a run of them (where a typed value ending in "。" meets
# the template's own "，") keeps only the template's, the last one.
_CLAUSE_MARKS = "。，；：、！？"
_PUNCTUATION_RUN = re.compile(f"[{_CLAUSE_MARKS}]{{2,}}")


def tidy_punctuation(text: str) -> str:
    """One mark where a value and the template both put one: "文件。。" → "文件。",
    "期限。，" → "期限，"."""
    return _PUNCTUATION_RUN.sub(lambda match: match.group()[-1], text)


def _clause(value: str) -> str:
    """A typed value that the template continues: without its own closing mark or spaces."""
    return value.strip().rstrip(_CLAUSE_MARKS + " ")


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
    """A Chinese message when staff save a template Django cannot parse, or one that writes its
    own remedies (the letter adds the one remedies paragraph itself), else ""."""
    try:
        _engine().from_string(body)
    except TemplateSyntaxError as exc:
        return f"模板语法错误：{exc}"
    if any(word in body for word in REMEDY_WORDS):
        return (
            "救济途径（行政复议、行政诉讼）由告知书按“告知书设置”统一写在正文之后，模板中请勿重复。"
        )
    return ""


def _engine() -> Engine:
    # Plain-text notices: no custom tags, no access to the filesystem loaders. Escaping happens
    # once, where the text meets HTML (the PDF template), never here.
    return Engine(autoescape=False, libraries={}, builtins=["django.template.defaultfilters"])


def _render(body: str, context: dict) -> str:
    return _engine().from_string(body).render(Context(context, autoescape=False))


def office_name() -> str:
    """The 落款 of every notice: the agency's name and its disclosure office, from 机构职能."""
    office, issuing_agency = disclosure_office(), agency()
    agency_name = issuing_agency.name if issuing_agency else ""
    if office is None:
        return f"{agency_name}政府信息公开工作机构"
    if office.name.startswith(agency_name):
        return office.name
    return f"{agency_name}{office.name}"


def remedies_text() -> str:
    """The one remedies paragraph of a reply notice (条例第五十一条; 行政复议法第二十条;
    行政诉讼法第四十六条), naming the 复议机关 and the court from the disclosure settings."""
    configured = DisclosureSettings.load()
    review_body = configured.review_body.strip() or "上一级税务机关"
    court = configured.court.strip() or "有管辖权的人民法院"
    return (
        f"如对本告知不服，可以自收到本告知书之日起{rules.APPEAL_REVIEW_DAYS}日内向{review_body}"
        f"依法申请行政复议，或者自收到本告知书之日起{rules.APPEAL_LITIGATION_MONTHS}个月内"
        f"向{court}依法提起行政诉讼。"
    )


def due_text(value: date | None, provisional: bool | None = None) -> str:
    """A deadline as a letter states it, marked 暂定 when the holiday arrangement of its year is
    not yet in the calendar (the date may still move)."""
    if value is None:
        return ""
    if provisional is None:
        provisional = not deadlines.Calendar().year_is_covered(value.year)
    return cn_date(value) + ("（暂定）" if provisional else "")


def _next_number(year: int) -> str:
    sequence, _ = NoticeSequence.objects.select_for_update().get_or_create(year=year)
    NoticeSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db()
    code = DisclosureSettings.load().notice_code.strip() or "依申请公开"
    return f"{code}〔{year}〕{sequence.last}号"


@transaction.atomic
def notice_issue(
    *,
    request: DisclosureRequest,
    kind: str,
    issued_on: date,
    event: RequestEvent | None = None,
    public: bool = True,
    extra: dict | None = None,
) -> Notice:
    """Render the current template for `kind` for one request and keep every part of the letter.

    Typed values are inserted as they are (escaped once, when printed) and without their own
    closing mark, and runs of punctuation are reduced to one, so no letter reads "。。"."""
    template = template_for(kind)
    context = {
        **rules.template_numbers(),
        "number": request.number,
        "applicant_name": request.applicant_name,
        "description": _clause(request.description),
        "received_on": cn_date(request.received_on),
        "reply_due_on": due_text(request.reply_due_on, request.reply_due_provisional)
        or "（计时暂停中）",
        "issued_on": cn_date(issued_on),
        "office_name": office_name(),
        "outcome": request.get_outcome_display() if request.outcome else "",
        "reply_text": request.reply_text,
    }
    for key, value in (extra or {}).items():
        if isinstance(value, date):
            context[key] = due_text(value)
        elif key in ("reason", "party"):
            context[key] = _clause(value)
        else:
            context[key] = value
    try:
        body = _render(template.body, context)
    except TemplateSyntaxError:
        body = _render(DEFAULT_TEMPLATES[kind][1], context)
    addressee = context["party"] if kind == NoticeKind.CONSULTATION else request.applicant_name
    return Notice.objects.create(
        request=request,
        event=event,
        kind=kind,
        title=template.title,
        number=_next_number(issued_on.year),
        addressee=addressee,
        body=tidy_punctuation(body.strip()),
        remedies=remedies_text() if kind in REMEDY_KINDS else "",
        signature=office_name(),
        public=public,
        issued_on=issued_on,
    )


def _paragraphs(notice: Notice) -> list[str]:
    return [line.strip() for line in notice.body.splitlines() if line.strip()]


def notice_pdf(notice: Notice) -> bytes:
    """A4 PDF in Noto CJK (Debian fonts-noto-cjk), laid out as a letter under GB/T 9704."""
    from weasyprint import HTML

    # WeasyPrint narrates every rendering step at INFO; keep the server log readable.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    paragraphs = _paragraphs(notice)
    html = render_to_string(
        "disclosure/notice_pdf.html",
        {
            "notice": notice,
            "paragraphs": paragraphs[:-1],
            "last_paragraph": paragraphs[-1] if paragraphs else "",
            "issued_on": cn_date(notice.issued_on),
        },
    )
    return HTML(string=html).write_pdf()


def notice_docx(notice: Notice) -> bytes:
    """The same letter as an editable Word file: the parts in the same order and alignment."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")

    def paragraph(text: str, align=None, indent: bool = False, keep: bool = False):
        block = document.add_paragraph(text)
        if align is not None:
            block.alignment = align
        if indent:
            block.paragraph_format.first_line_indent = Pt(32)
        block.paragraph_format.keep_with_next = keep
        return block

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(notice.title)
    run.bold = True
    run.font.size = Pt(22)
    if notice.number:
        paragraph(notice.number, WD_ALIGN_PARAGRAPH.CENTER)
    if notice.addressee:
        paragraph(f"{notice.addressee}：")
    paragraphs = _paragraphs(notice)
    for index, text in enumerate(paragraphs):
        paragraph(text, indent=True, keep=index == len(paragraphs) - 1)
    if notice.remedies:
        paragraph(notice.remedies, indent=True, keep=True)
    paragraph(notice.signature, WD_ALIGN_PARAGRAPH.RIGHT, keep=True)
    paragraph(cn_date(notice.issued_on), WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()

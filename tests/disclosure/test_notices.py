"""Notices render from editable templates to PDF and DOCX with the right names and dates."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from pypdf import PdfReader

from disclosure import services
from disclosure.models import NoticeKind, NoticeTemplate
from disclosure.notices import notice_docx, notice_pdf, template_error

from .factories import RequestFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return (
        "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
        .replace(" ", "")
        .replace("\n", "")
    )


def test_receipt_pdf_contains_name_number_and_dates():
    request = RequestFactory(received_on=date(2026, 9, 18), applicant_name="张三丰")
    notice = request.notices.get(kind=NoticeKind.RECEIPT)
    text = pdf_text(notice_pdf(notice))
    assert "政府信息公开申请登记回执" in text
    assert "张三丰" in text
    assert request.number in text
    assert "2026年9月18日" in text
    assert "2026年10月22日" in text  # statutory reply date


def test_extension_notice_pdf_and_docx(office_user, head_user):
    request = RequestFactory(received_on=date(2026, 9, 18), applicant_name="李四")
    services.request_extend(
        request=request,
        approved_by=head_user,
        days=15,
        reason="需调取档案",
        notified_on=date(2026, 10, 20),
        actor=office_user,
    )
    notice = request.notices.get(kind=NoticeKind.EXTENSION)
    text = pdf_text(notice_pdf(notice))
    assert "延长政府信息公开答复期限告知书" in text
    assert "李四" in text and "15个工作日" in text
    assert "2026年11月12日" in text
    docx_text = "\n".join(p.text for p in Document(BytesIO(notice_docx(notice))).paragraphs)
    assert "李四" in docx_text and "2026年11月12日" in docx_text


def test_one_reply_notice_per_outcome_type(office_user):
    expected = {
        "disclose": NoticeKind.REPLY_DISCLOSE,
        "partial": NoticeKind.REPLY_PARTIAL,
        "refuse_3": NoticeKind.REPLY_REFUSE,
        "unable_2": NoticeKind.REPLY_UNABLE,
        "not_processed_2": NoticeKind.REPLY_NOT_PROCESSED,
        "other_3": NoticeKind.REPLY_OTHER,
    }
    for outcome, kind in expected.items():
        request = RequestFactory(received_on=date(2026, 9, 18))
        services.request_reply(
            request=request,
            outcome=outcome,
            reply_text="答复正文。",
            replied_on=date(2026, 9, 25),
            actor=office_user,
        )
        assert request.notices.filter(kind=kind).count() == 1


def test_edited_template_is_used_for_new_notices():
    RequestFactory(received_on=date(2026, 9, 18))
    template = NoticeTemplate.objects.get(kind=NoticeKind.RECEIPT)
    template.body = "{{ applicant_name }}：已收到。编号{{ number }}，收到于{{ received_on }}。"
    template.save()
    request = RequestFactory(received_on=date(2026, 9, 21), applicant_name="钱七")
    notice = request.notices.get(kind=NoticeKind.RECEIPT)
    assert notice.body == f"钱七：已收到。编号{request.number}，收到于2026年9月21日。"


def test_broken_template_syntax_is_reported_in_chinese():
    assert "模板语法错误" in template_error("{% if %}")
    assert template_error("{{ number }}") == ""


def test_every_notice_template_is_seeded_and_broken_edits_are_refused():
    assert NoticeTemplate.objects.count() == len(NoticeKind.choices)
    template = NoticeTemplate.objects.get(kind=NoticeKind.CORRECTION)
    template.body = "{% for %}"
    with pytest.raises(ValidationError, match="模板语法错误"):
        template.full_clean()


def test_public_timeline_does_not_name_the_consulted_third_party(client, office_user):
    request = RequestFactory(received_on=date(2026, 9, 18))
    services.request_consult_start(
        request=request, started_on=date(2026, 9, 21), party="某某保密有限公司", actor=office_user
    )
    session = client.session
    session["disclosure_tracked"] = request.pk
    session.save()
    page = client.get("/disclosure/track/status/").content.decode()
    assert "征求意见中" in page
    assert "某某保密有限公司" not in page

"""告知书 read like a 公开办's letters (GB/T 9704): every kind rendered to PDF has its parts in
order on one page, punctuation single, text escaped exactly once, one remedies paragraph naming
the configured 复议机关 and court, and 暂定 on a provisional deadline."""

import re
from datetime import date
from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from disclosure import services
from disclosure.models import DisclosureSettings, NoticeKind, NoticeTemplate
from disclosure.notices import notice_docx, notice_pdf, template_error
from lists.models import Unit
from portal.errors import RuleViolation

from .factories import RequestFactory

pytestmark = pytest.mark.django_db

NAME = "O'Brien & 张<三>"
REVIEW_BODY = "国家税务总局北京市税务局"
COURT = "北京市西城区人民法院"
DOUBLED = re.compile("[。，；：、！？]{2,}")


def pdf_pages(data: bytes) -> list[str]:
    pages = PdfReader(BytesIO(data)).pages
    return [page.extract_text().replace(" ", "").replace("\n", "") for page in pages]


def right_aligned(data: bytes, lines: list[str]) -> bool:
    """Each of `lines` starts right of the page's middle (A4 is 595pt wide) on the last page."""
    starts: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            starts.setdefault(text.strip().replace(" ", ""), tm[4])

    PdfReader(BytesIO(data)).pages[-1].extract_text(visitor_text=visit)
    return all(any(line in text and x > 595 / 2 for text, x in starts.items()) for line in lines)


@pytest.fixture
def letterhead(db):
    Unit.objects.create(name="国家税务总局某某市税务局", is_agency=True)
    Unit.objects.create(name="办公室", is_disclosure_office=True)
    configured = DisclosureSettings.load()
    configured.review_body = REVIEW_BODY
    configured.court = COURT
    configured.save()


def _request(**kwargs):
    return RequestFactory(
        received_on=date(2026, 9, 18),
        applicant_name=NAME,
        description="2025年度收费文件。",
        **kwargs,
    )


def every_notice(office_user, head_user):
    """One request per path through the procedure, so every kind of notice is issued."""
    notices = {}
    first = _request()
    notices[NoticeKind.RECEIPT] = first.notices.get(kind=NoticeKind.RECEIPT)
    services.request_correction_notice(
        request=first,
        notified_on=date(2026, 9, 22),
        items="请写明文件的发文年份。",
        period_days=10,
        actor=office_user,
    )
    notices[NoticeKind.CORRECTION] = first.notices.get(kind=NoticeKind.CORRECTION)
    second = _request()
    services.request_consult_start(
        request=second, started_on=date(2026, 9, 21), party="某某有限公司。", actor=office_user
    )
    notices[NoticeKind.CONSULTATION] = second.notices.get(kind=NoticeKind.CONSULTATION)
    third = _request()
    services.request_extend(
        request=third,
        approved_by=head_user,
        days=10,
        reason="需要调取档案、核对原件。",
        notified_on=date(2026, 10, 12),
        actor=office_user,
    )
    notices[NoticeKind.EXTENSION] = third.notices.get(kind=NoticeKind.EXTENSION)
    fourth = _request()
    services.request_fee_notice(
        request=fourth,
        method="per_volume",
        quantity=50,
        notice_on=date(2026, 9, 25),
        actor=office_user,
    )
    notices[NoticeKind.FEE] = fourth.notices.get(kind=NoticeKind.FEE)
    for outcome, kind in {
        "disclose": NoticeKind.REPLY_DISCLOSE,
        "partial": NoticeKind.REPLY_PARTIAL,
        "refuse_4": NoticeKind.REPLY_REFUSE,
        "unable_1": NoticeKind.REPLY_UNABLE,
        "not_processed_2": NoticeKind.REPLY_NOT_PROCESSED,
        "other_3": NoticeKind.REPLY_OTHER,
    }.items():
        request = _request()
        services.request_reply(
            request=request,
            outcome=outcome,
            reply_text="经检索，相关文件已随本告知书提供。",
            replied_on=date(2026, 9, 30),
            actor=office_user,
        )
        notices[kind] = request.notices.get(kind=kind)
    assert set(notices) == set(NoticeKind.values)
    return notices


def test_every_notice_kind_prints_as_a_letter_on_one_page(letterhead, office_user, head_user):
    for kind, notice in every_notice(office_user, head_user).items():
        pages = pdf_pages(notice_pdf(notice))
        assert len(pages) == 1, kind
        text = pages[0]
        addressee = "某某有限公司" if kind == NoticeKind.CONSULTATION else NAME.replace(" ", "")
        parts = [
            notice.title,
            notice.number,
            f"{addressee}：",
            notice.body.splitlines()[0][:12],
            "国家税务总局某某市税务局办公室",
        ]
        positions = [text.find(part) for part in parts]
        assert -1 not in positions, (kind, parts, text)
        assert positions == sorted(positions), (kind, text)
        issued = f"{notice.issued_on.year}年{notice.issued_on.month}月{notice.issued_on.day}日"
        assert text.endswith(issued), kind
        assert right_aligned(notice_pdf(notice), ["国家税务总局某某市税务局办公室", issued]), kind
        assert not DOUBLED.search(text), (kind, DOUBLED.search(text))
        assert "&amp;" not in text and "&#x27;" not in text and "&lt;" not in text
        if kind.startswith("reply"):
            assert text.count("行政复议") == 1 and text.count("行政诉讼") == 1, kind
            assert REVIEW_BODY in text and COURT in text
            assert text.find("行政复议") < text.find("国家税务总局某某市税务局办公室")
        else:
            assert "行政复议" not in text, kind


def test_notice_numbers_run_per_year_in_the_office_style(letterhead, office_user):
    first = RequestFactory(received_on=date(2026, 9, 18))
    second = RequestFactory(received_on=date(2026, 9, 21))
    numbers = [r.notices.get().number for r in (first, second)]
    assert numbers == ["依申请公开〔2026〕1号", "依申请公开〔2026〕2号"]


def test_names_are_escaped_once_in_the_stored_text_the_pdf_and_the_docx(letterhead):
    notice = _request().notices.get()
    assert notice.addressee == NAME
    pdf = pdf_pages(notice_pdf(notice))[0]
    assert "O'Brien&张<三>：" in pdf
    docx_text = "\n".join(p.text for p in Document(BytesIO(notice_docx(notice))).paragraphs)
    assert f"{NAME}：" in docx_text and "&amp;" not in docx_text


def test_values_ending_in_a_full_stop_do_not_double_the_punctuation(
    letterhead, office_user, head_user
):
    notices = every_notice(office_user, head_user)
    assert "收费文件。" in notices[NoticeKind.RECEIPT].body
    assert "因需要调取档案、核对原件，不能" in notices[NoticeKind.EXTENSION].body
    for notice in notices.values():
        assert not DOUBLED.search(notice.text), notice.kind


def test_a_long_reply_keeps_the_signature_with_the_text_on_its_last_page(letterhead, office_user):
    request = _request()
    services.request_reply(
        request=request,
        outcome="disclose",
        reply_text="\n".join(f"第{i}项：相关文件已予公开，请查阅附件。" for i in range(1, 23)),
        replied_on=date(2026, 9, 30),
        actor=office_user,
    )
    notice = request.notices.get(kind=NoticeKind.REPLY_DISCLOSE)
    pages = pdf_pages(notice_pdf(notice))
    assert len(pages) == 2
    last = pages[-1]
    assert "国家税务总局某某市税务局办公室" in last and "2026年9月30日" in last
    assert "第22项" in last  # the signature never stands on a page of its own
    assert last.count("行政复议") == 1 and pages[0].count("行政复议") == 0


def test_without_settings_the_remedies_name_the_higher_authority_and_the_competent_court(
    office_user,
):
    request = RequestFactory(received_on=date(2026, 9, 18))
    services.request_reply(
        request=request,
        outcome="unable_1",
        reply_text="本机关不掌握该信息。",
        replied_on=date(2026, 9, 30),
        actor=office_user,
    )
    remedies = request.notices.get(kind=NoticeKind.REPLY_UNABLE).remedies
    assert "向上一级税务机关依法申请行政复议" in remedies
    assert "向有管辖权的人民法院依法提起行政诉讼" in remedies


def test_a_reply_text_with_its_own_remedies_is_refused(office_user):
    request = RequestFactory(received_on=date(2026, 9, 18))
    with pytest.raises(RuleViolation, match="救济途径"):
        services.request_reply(
            request=request,
            outcome="disclose",
            reply_text="予以公开。如不服，可申请行政复议。",
            replied_on=date(2026, 9, 30),
            actor=office_user,
        )
    request.refresh_from_db()
    assert request.status == "processing" and not request.notices.filter(kind="reply_disclose")


def test_a_template_that_writes_remedies_is_refused():
    assert "救济途径" in template_error("{{ reply_text }}如不服，可以申请行政复议。")
    template = NoticeTemplate.objects.get(kind=NoticeKind.REPLY_DISCLOSE)
    assert template_error(template.body) == ""


def test_a_provisional_deadline_says_so_in_the_letter(clock, calendar_ends):
    calendar_ends(2026)
    clock.set(2026, 12, 21, 9)
    request = RequestFactory(received_on=date(2026, 12, 21))
    assert request.reply_due_provisional
    notice = request.notices.get(kind=NoticeKind.RECEIPT)
    assert "（暂定）前" in notice.body
    assert "暂定" in pdf_pages(notice_pdf(notice))[0]

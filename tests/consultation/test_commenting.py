"""Public side: reading a draft with per-article anchors and counts, commenting, receipts."""

import re
from datetime import timedelta
from io import BytesIO, StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from consultation import rules
from consultation.models import Comment
from consultation.selectors import draft_articles
from consultation.services import comment_submit
from portal.errors import RuleViolation
from portal.models import OutboxMessage
from tests.consultation.factories import (
    CommentFactory,
    ConsultationFactory,
    comment_data,
    shanghai,
)


def _form_url(page) -> str:
    return f"/consultation/{page.pk}/comment/"


def test_page_gives_every_article_an_anchor_a_count_and_a_comment_link(client, column):
    page = ConsultationFactory()
    articles = draft_articles(page)
    assert [a.number for a in articles] == ["第一条", "第二条", "第三条", "第四条"]
    CommentFactory(
        consultation=page,
        article_key=articles[2].key,
        name="李四",
        kind="enterprise",
        contact="lisi@example.com",
        text="第三条应增加微信小程序渠道。",
    )
    html = client.get(page.url).content.decode()
    for article in articles:
        assert f'id="{article.anchor}"' in html
        assert f"?article={article.key}" in html
    assert 'id="article-3"' in html
    counts = dict(re.findall(r'data-article-count="(article-\d+)">本条已收到意见 (\d+) 条', html))
    assert counts == {"article-1": "0", "article-2": "0", "article-3": "1", "article-4": "0"}
    assert "第一章 总则" in html and "第二章 投诉受理" in html
    assert "征求中" in html and "距截止还有" in html
    # Contacts are never shown; comments are not published unless the page says so.
    assert "lisi@example.com" not in html
    assert "微信小程序渠道" not in html


def test_comment_on_an_article_gives_a_receipt(client, column):
    page = ConsultationFactory()
    article = draft_articles(page)[1]
    form = client.get(f"{_form_url(page)}?article={article.key}")
    assert form.status_code == 200
    assert "针对第二条" in form.content.decode()

    response = client.post(_form_url(page), comment_data(article=article.key), follow=True)
    assert response.status_code == 200
    comment = Comment.objects.get()
    assert comment.article_key == article.key and comment.article_label == "第二条"
    assert comment.receipt_number.startswith("ZQ")
    html = response.content.decode()
    assert "意见已提交" in html and comment.receipt_number in html
    assert "第二条" in html


def test_receipt_links_cannot_be_guessed(client, column):
    response = client.get("/consultation/receipt/1/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "好"}, "意见内容至少 5 个字"),
        ({"text": "长" * 5001}, "意见内容不能超过 5000 个字"),
        ({"contact": "not-a-phone"}, "请填写有效的电话号码或电子邮箱"),
        ({"contact": "a@b"}, "电子邮箱格式不正确"),
        ({"name": ""}, "请填写姓名或单位名称"),
        ({"privacy": None}, "请阅读并同意个人信息保护告知"),
        ({"kind": "robot"}, "选择一个有效的选项"),
        ({"article": "no-such-article"}, "所选条款不存在"),
        ({"website": "http://spam.example"}, "提交未通过校验"),
    ],
)
def test_bad_input_is_explained_in_chinese_and_stores_nothing(client, column, overrides, message):
    page = ConsultationFactory()
    response = client.post(_form_url(page), comment_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 0


def test_name_may_be_optional_for_a_consultation(client, column):
    page = ConsultationFactory(name_required=False)
    response = client.post(_form_url(page), comment_data(name=""))
    assert response.status_code == 302
    assert Comment.objects.get().name == ""


def test_comment_after_closing_is_refused_by_the_server_and_not_stored(client, column):
    now = timezone.now()
    page = ConsultationFactory(
        opens_at=now - timedelta(days=31), closes_at=now - timedelta(hours=1)
    )
    get = client.get(_form_url(page))
    assert get.status_code == 403
    response = client.post(_form_url(page), comment_data())
    assert response.status_code == 403
    assert "已于" in response.content.decode() and "截止" in response.content.decode()
    assert Comment.objects.count() == 0
    assert "对本条提出意见" not in client.get(page.url).content.decode()


def test_comment_before_opening_is_refused(client, column):
    now = timezone.now()
    page = ConsultationFactory(opens_at=now + timedelta(days=1))
    response = client.post(_form_url(page), comment_data())
    assert response.status_code == 403
    assert "尚未开始" in response.content.decode()
    assert Comment.objects.count() == 0


def test_service_refuses_at_the_closing_midnight_in_shanghai(column):
    opens, closes = shanghai(2026, 12, 1), shanghai(2026, 12, 31)
    page = ConsultationFactory(opens_at=opens, closes_at=closes)
    kwargs = {
        "consultation": page,
        "kind": "individual",
        "name": "王五",
        "contact": "13900000000",
        "text": "最后一秒提交的意见。",
        "privacy_accepted": True,
    }
    stored = comment_submit(now=closes - timedelta(seconds=1), **kwargs)
    assert stored.receipt_number == f"ZQ20261230{stored.pk:07d}"  # 23:59:59 Beijing time
    with pytest.raises(RuleViolation, match="2026年12月30日 24:00 截止"):
        comment_submit(now=closes, **kwargs)
    with pytest.raises(RuleViolation, match="尚未开始"):
        comment_submit(now=opens - timedelta(seconds=1), **kwargs)
    assert comment_submit(now=opens, **kwargs).pk
    assert Comment.objects.count() == 2


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    import docx

    buffer = BytesIO()
    document = docx.Document()
    document.add_paragraph("修改建议")
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"), [("建议.pdf", _pdf()), ("建议.docx", None)], ids=["pdf", "docx"]
)
def test_real_attachments_are_kept_privately_for_staff(
    client, column, staff, settings, name, content
):
    page = ConsultationFactory()
    upload = SimpleUploadedFile(name, content or _docx())
    response = client.post(_form_url(page), {**comment_data(), "attachment": upload})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.attachment_name == name
    assert comment.attachment.path.startswith(settings.CONSULTATION_PRIVATE_ROOT)
    assert not comment.attachment.path.startswith(str(settings.MEDIA_ROOT))
    assert "建议" not in comment.attachment.name  # stored under a random name
    client.force_login(staff)
    download = client.get(f"/admin/consultation/comments/{comment.pk}/attachment/")
    assert download.status_code == 200
    assert download["Content-Security-Policy"] == "default-src 'none'"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == (content or upload.file.getvalue())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("建议.pdf", b"MZ\x90\x00 not a pdf at all", "附件内容与文件类型不符"),
        ("建议.exe", _pdf(), "附件只能是 PDF、DOC、DOCX 格式"),
        ("建议.docx", _pdf(), "附件内容与文件类型不符"),
        ("建议.doc", b"MZ" + b"\0" * 600, "附件内容与文件类型不符"),
    ],
)
def test_attachments_are_checked_by_content_and_type(client, column, name, content, message):
    page = ConsultationFactory()
    upload = SimpleUploadedFile(name, content)
    response = client.post(_form_url(page), {**comment_data(), "attachment": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 0


def test_oversized_attachment_is_refused(client, column, settings):
    settings.CONSULTATION_ATTACHMENT_MAX_BYTES = 1024
    page = ConsultationFactory()
    upload = SimpleUploadedFile("建议.pdf", _pdf() + b"0" * 2048)
    response = client.post(_form_url(page), {**comment_data(), "attachment": upload})
    assert "附件不能超过" in response.content.decode()
    assert Comment.objects.count() == 0


def test_per_ip_rate_limit_answers_429_in_chinese(client, column, settings):
    settings.CONSULTATION_COMMENT_RATE = "2/h"
    page = ConsultationFactory()
    assert client.post(_form_url(page), comment_data()).status_code == 302
    assert client.post(_form_url(page), comment_data()).status_code == 302
    response = client.post(_form_url(page), comment_data())
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Comment.objects.count() == 2


def test_captcha_is_required_when_enabled(client, column, settings):
    settings.PORTAL_CAPTCHA_ENABLED = True
    page = ConsultationFactory()
    form = client.get(_form_url(page)).content.decode()
    assert "验证码" in form
    response = client.post(_form_url(page), comment_data(captcha_answer="999"))
    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert Comment.objects.count() == 0


def test_mail_goes_out_only_after_the_comment_is_committed(
    column, django_capture_on_commit_callbacks
):
    page = ConsultationFactory(notify_email="nsfws@example.gov.cn")
    with django_capture_on_commit_callbacks() as callbacks:
        comment = CommentFactory(consultation=page, name="赵六", contact="zhaoliu@example.com")
        assert mail.outbox == []  # nothing is sent while the comment's transaction is open
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["nsfws@example.gov.cn", "zhaoliu@example.com"]
    assert all(comment.receipt_number in m.body for m in mail.outbox)
    queued = OutboxMessage.objects.filter(reference=f"consultation.comment:{comment.pk}")
    assert {(m.topic, m.status) for m in queued} == {("consultation", "sent")}
    assert queued.count() == 2


def test_a_phone_number_gets_no_mail(column, django_capture_on_commit_callbacks):
    page = ConsultationFactory()  # no department address either
    with django_capture_on_commit_callbacks(execute=True):
        CommentFactory(consultation=page, contact="13800138000")
    assert mail.outbox == [] and not OutboxMessage.objects.exists()


def test_a_mail_outage_keeps_the_comment_and_the_mail_is_retried(
    client, column, clock, failing_mail, settings, django_capture_on_commit_callbacks
):
    clock.set(2026, 9, 30, 9)
    page = ConsultationFactory(notify_email="nsfws@example.gov.cn")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_form_url(page), comment_data(contact="a@example.com"))
    assert response.status_code == 302
    comment = Comment.objects.get()
    failed = OutboxMessage.objects.filter(reference=f"consultation.comment:{comment.pk}")
    assert failed.count() == 2
    assert {m.status for m in failed} == {"failed"}
    assert all("SMTP server unavailable" in m.last_error for m in failed)
    assert len(mail.outbox) == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # server is back
    clock.set(2026, 9, 30, 9, 10)  # after the first retry pause
    out = StringIO()
    call_command("send_queued_mail", stdout=out)
    assert "已发送 2 封" in out.getvalue()
    assert {m.status for m in failed.all()} == {"sent"}
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "nsfws@example.gov.cn"]


def test_staff_dashboard_counts_failed_consultation_mail(
    client, column, staff, failing_mail, django_capture_on_commit_callbacks
):
    page = ConsultationFactory(notify_email="nsfws@example.gov.cn")
    with django_capture_on_commit_callbacks(execute=True):
        CommentFactory(consultation=page)
    OutboxMessage.objects.create(
        topic="disclosure", to="x@example.com", subject="s", body="b", status="failed"
    )
    client.force_login(staff)
    html = client.get("/admin/consultation/").content.decode()
    assert "有 1 封意见相关邮件发送失败" in html and "send_queued_mail" in html


def test_service_refuses_text_outside_the_length_limits(column):
    page = ConsultationFactory()
    for text in ("短", "长" * 5001):
        with pytest.raises(RuleViolation, match="意见内容应为 5 至 5000 个字"):
            comment_submit(
                consultation=page,
                kind="individual",
                name="孙七",
                contact="13700000000",
                text=text,
                privacy_accepted=True,
            )
    assert Comment.objects.count() == 0


def test_page_lists_its_attachments_for_download(client, column):
    from django.core.files.base import ContentFile

    from cms.models import PortalDocument
    from consultation.models import ConsultationAttachment

    page = ConsultationFactory()
    document = PortalDocument.objects.create(
        title="起草说明全文", file=ContentFile(_pdf(), name="qicao.pdf")
    )
    ConsultationAttachment.objects.create(page=page, document=document, title="起草说明（PDF）")
    html = client.get(page.url).content.decode()
    assert "起草说明（PDF）" in html and document.url in html


def test_form_and_receipt_are_never_cached(client, column):
    page = ConsultationFactory()
    assert "no-store" in client.get(_form_url(page))["Cache-Control"]
    response = client.post(_form_url(page), comment_data())
    assert "no-store" in client.get(response["Location"])["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    [
        "/consultation/99999999999999999999/comment/",
        "/consultation/receipt/%00/",
        "/admin/consultation/99999999999999999999/comments/",
        "/admin/consultation/comments/99999999999999999999/",
        "/admin/consultation/99999999999999999999/export/xlsx/",
        "/admin/consultation/1/export/pdf/",
    ],
)
def test_impossible_ids_are_not_found(client, column, staff, url):
    client.force_login(staff)
    assert client.get(url).status_code == 404


def test_a_comment_refused_by_the_service_keeps_what_was_typed(client, column):
    """The window closing while the person types: the service refuses, the text stays."""
    page = ConsultationFactory()
    text = "截止前一刻写好的意见，不能因为截止而丢失。"
    # The view sees the window open; by the time the comment is stored it has closed.
    with mock.patch.object(rules, "is_accepting_comments", side_effect=[True, False]):
        response = client.post(_form_url(page), comment_data(text=text))
    assert response.status_code == 400
    html = response.content.decode()
    assert "不再接收意见" in html and text in html
    assert Comment.objects.count() == 0


def test_a_database_outage_gives_the_typed_comment_back_instead_of_an_error_page(client, column):
    from django.db import OperationalError

    page = ConsultationFactory()
    text = "数据库故障时我的意见不能丢。"
    with mock.patch(
        "consultation.views.comment_submit", side_effect=OperationalError("server closed")
    ):
        response = client.post(_form_url(page), comment_data(text=text))
    assert response.status_code == 503
    html = response.content.decode()
    assert "系统暂时无法保存您的提交" in html and text in html
    assert Comment.objects.count() == 0


def test_word_97_documents_are_accepted(client, column):
    page = ConsultationFactory()
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024
    upload = SimpleUploadedFile("建议.doc", ole)
    response = client.post(_form_url(page), {**comment_data(), "attachment": upload})
    assert response.status_code == 302
    assert Comment.objects.get().attachment_name == "建议.doc"

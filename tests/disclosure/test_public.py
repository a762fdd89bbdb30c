"""Applicant side over HTTP: apply, receipt with the 查询码 shown once, tracking, throttling."""

import re
import uuid
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from disclosure.models import AuditLog, DisclosureRequest, DisclosureRequestIndexPage
from portal.mail import REDACTED
from portal.models import OutboxMessage, OutboxStatus

from .factories import VALID_CREDIT_CODE, VALID_ID, RequestFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc````\x00\x00\x00\x05\x00\x01\xa5\xf6E@\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def form_data(**overrides):
    data = {
        "applicant_kind": "natural_person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13800138000",
        "email": "zhangsan@example.com",
        "address": "北京市西城区某某街道1号",
        "postal_code": "100032",
        "description": "本局2025年行政事业性收费项目清单",
        "doc_number": "",
        "info_form": "electronic",
        "delivery": "email",
        "consent": "on",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def apply(client, **overrides):
    return client.post("/disclosure/apply/", form_data(**overrides))


def test_apply_page_shows_form_and_privacy_notice(client):
    response = client.get("/disclosure/apply/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "个人信息处理告知" in body
    assert "居民身份证" in body


def test_valid_application_shows_receipt_with_code_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client)
    assert response.status_code == 302
    request = DisclosureRequest.objects.get()
    assert response["Location"] == f"/disclosure/receipt/{request.number}/"
    receipt = client.get(response["Location"]).content.decode()
    assert re.match(r"YSQ-\d{4}-\d{6}", request.number)
    assert request.number in receipt
    code = re.search(r'id="tracking-code"><strong>([A-Z0-9-]+)<', receipt).group(1)
    assert "法定答复期限" in receipt
    again = client.get(response["Location"]).content.decode()
    assert code not in again
    assert "不再显示" in again
    assert len(mail.outbox) == 1
    assert code in mail.outbox[0].body
    assert request.number in mail.outbox[0].subject


def test_the_tracking_code_is_not_kept_in_the_stored_mail_after_sending(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client)
    receipt = client.get(response["Location"]).content.decode()
    code = re.search(r'id="tracking-code"><strong>([A-Z0-9-]+)<', receipt).group(1)
    assert code in mail.outbox[0].body
    stored = OutboxMessage.objects.get()
    assert stored.topic == "disclosure"
    assert stored.reference == f"disclosure.request:{DisclosureRequest.objects.get().pk}"
    assert stored.status == OutboxStatus.SENT
    assert code not in stored.body
    assert REDACTED in stored.body
    assert stored.secrets == ""


def test_resubmitting_the_same_form_creates_no_second_request(client):
    data = form_data()
    first = client.post("/disclosure/apply/", data)
    second = client.post("/disclosure/apply/", data)
    assert DisclosureRequest.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "110105194912310021"}, "校验位不正确"),
        ({"id_number": "11010519491331002X"}, "出生日期无效"),
        ({"id_number": "12345"}, "应为18位"),
        (
            {
                "applicant_kind": "commercial",
                "id_type": "credit_code",
                "id_number": "91350100M000100Y44",
                "contact_person": "李四",
            },
            "统一社会信用代码校验位不正确",
        ),
        (
            {
                "applicant_kind": "commercial",
                "id_type": "credit_code",
                "id_number": "91350100M00010OY43",
                "contact_person": "李四",
            },
            "不含I、O、Z、S、V",
        ),
        ({"id_type": "passport", "id_number": "E12#"}, "护照号码"),
        ({"phone": "12345"}, "手机号码"),
        ({"consent": ""}, "请阅读并同意"),
        ({"description": ""}, "请填写所需政府信息的名称"),
    ],
)
def test_invalid_submission_shows_chinese_error_keeps_input_and_stores_nothing(
    client, overrides, message
):
    response = apply(client, **overrides)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "北京市西城区某某街道1号" in body  # what the applicant typed is kept
    assert DisclosureRequest.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_valid_credit_code_is_accepted(client):
    response = apply(
        client,
        applicant_kind="research",
        applicant_name="某某研究院",
        contact_person="李四",
        id_type="credit_code",
        id_number=VALID_CREDIT_CODE,
    )
    assert response.status_code == 302
    assert DisclosureRequest.objects.get().applicant_kind == "research"


def test_attachment_content_is_checked_not_just_the_extension(client):
    fake = SimpleUploadedFile("scan.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = client.post("/disclosure/apply/", {**form_data(), "attachment": fake})
    assert response.status_code == 200
    assert "附件内容与文件类型不符" in response.content.decode()
    exe = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    response = client.post("/disclosure/apply/", {**form_data(), "attachment": exe})
    assert "附件只能是 PDF、JPG、PNG 格式" in response.content.decode()
    assert DisclosureRequest.objects.count() == 0
    good = SimpleUploadedFile("scan.png", PNG, content_type="image/png")
    response = client.post("/disclosure/apply/", {**form_data(), "attachment": good})
    assert response.status_code == 302
    assert DisclosureRequest.objects.get().attachment.name.endswith(".png")


def test_apply_is_rate_limited_per_ip(client):
    for _ in range(10):
        assert apply(client).status_code == 302
    response = apply(client)
    assert response.status_code == 429
    assert "频繁" in response.content.decode()
    assert DisclosureRequest.objects.count() == 10


def test_mail_failure_keeps_the_request_and_the_mail_until_the_retry_sends_it(
    client, failing_mail, settings, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client)
    assert response.status_code == 302
    assert DisclosureRequest.objects.count() == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.FAILED
    assert message.sent_at is None
    assert "SMTP" in message.last_error
    assert len(mail.outbox) == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.set(2026, 11, 30, 10)  # past the first retry pause
    call_command("send_queued_mail")
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert len(mail.outbox) == 1
    assert DisclosureRequest.objects.get().number in mail.outbox[0].subject


def _submit_and_get_code(client):
    response = apply(client)
    receipt = client.get(response["Location"]).content.decode()
    number = re.search(r'id="request-number">([^<]+)<', receipt).group(1)
    code = re.search(r'id="tracking-code"><strong>([A-Z0-9-]+)<', receipt).group(1)
    return number, code


def test_track_with_right_pair_shows_status_timeline_and_notices(client):
    number, code = _submit_and_get_code(client)
    other = client.__class__()
    response = other.post("/disclosure/track/", {"number": number, "code": code.lower()})
    assert response.status_code == 302
    page = other.get(response["Location"]).content.decode()
    assert "办理中" in page
    assert "登记" in page
    assert "登记回执" in page
    notice_url = re.search(r'href="(/disclosure/track/notices/[^"]+\.pdf)"', page).group(1)
    pdf = other.get(notice_url)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert AuditLog.objects.filter(action="public_track").exists()


def test_track_with_wrong_code_gets_one_generic_message(client):
    number, code = _submit_and_get_code(client)
    wrong_code = client.post("/disclosure/track/", {"number": number, "code": "AAAA-BBBB-CCCC"})
    wrong_number = client.post("/disclosure/track/", {"number": "YSQ-2026-999999", "code": code})
    for response in (wrong_code, wrong_number):
        assert response.status_code == 200
        assert "申请编号或查询码不正确" in response.content.decode()
    assert wrong_code.content.decode().count("不正确") == wrong_number.content.decode().count(
        "不正确"
    )


def test_repeated_tracking_failures_are_throttled(client):
    number, code = _submit_and_get_code(client)
    for _ in range(5):
        client.post("/disclosure/track/", {"number": number, "code": "WRONG-CODE"})
    response = client.post("/disclosure/track/", {"number": number, "code": code})
    assert response.status_code == 429


def test_notices_need_a_tracked_session(client):
    request = RequestFactory(received_on=date(2026, 9, 18))
    notice = request.notices.get()
    response = client.get(f"/disclosure/track/notices/{notice.token}.pdf")
    assert response.status_code == 404


def test_column_page_links_to_apply_and_track(client, site_tree):
    page = DisclosureRequestIndexPage.objects.first()
    body = client.get(page.url).content.decode()
    assert "/disclosure/apply/" in body
    assert "/disclosure/track/" in body


def test_honeypot_submission_is_refused_and_stores_nothing(client):
    response = apply(client, website="http://spam.example")
    assert response.status_code == 200
    assert "提交未通过校验" in response.content.decode()
    assert DisclosureRequest.objects.count() == 0


def test_applicant_can_withdraw_after_tracking(client):
    number, code = _submit_and_get_code(client)
    client.post("/disclosure/track/", {"number": number, "code": code})
    unconfirmed = client.post("/disclosure/track/withdraw/", {})
    assert unconfirmed.status_code == 302
    assert DisclosureRequest.objects.get().status == "processing"
    client.post("/disclosure/track/withdraw/", {"confirm": "yes"})
    request = DisclosureRequest.objects.get()
    assert request.status == "withdrawn"
    assert request.withdrawn_on is not None
    page = client.get("/disclosure/track/status/").content.decode()
    assert "已撤回" in page


def test_withdraw_without_tracking_is_refused(client):
    RequestFactory(received_on=date(2026, 9, 18))
    assert client.post("/disclosure/track/withdraw/", {"confirm": "yes"}).status_code == 404
    assert DisclosureRequest.objects.get().status == "processing"


def test_public_pages_are_never_cached(client):
    """Forms carry a CSRF token and receipts a one-time code: no shared or browser caching."""
    for url in ("/disclosure/apply/", "/disclosure/track/"):
        assert "no-store" in client.get(url)["Cache-Control"]
    response = apply(client)
    assert "no-store" in client.get(response["Location"])["Cache-Control"]

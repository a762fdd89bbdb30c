"""The 查询码 is not lost: a PDF receipt with it, a new one by e-mail or from staff (the old one
then fails), and 结束查询 on shared terminals."""

import re
from io import BytesIO

import pytest
from django.core import mail
from pypdf import PdfReader

from disclosure.models import AuditLog, DisclosureRequest, EventKind
from disclosure.tracking import REISSUES_PER_DAY
from portal.mail import REDACTED
from portal.models import OutboxMessage

from .factories import RequestFactory
from .test_public import apply

pytestmark = pytest.mark.django_db
CODE = re.compile(r"[23456789A-HJ-NP-Z]{4}-[23456789A-HJ-NP-Z]{4}-[23456789A-HJ-NP-Z]{4}")


def _apply_and_read_receipt(client, capture):
    with capture(execute=True):
        response = apply(client)
    receipt = client.get(response["Location"]).content.decode()
    number = re.search(r'id="request-number">([^<]+)<', receipt).group(1)
    code = re.search(r'id="tracking-code"><strong>([A-Z0-9-]+)<', receipt).group(1)
    return number, code, receipt


def _opens(client, number: str, code: str) -> bool:
    response = client.__class__().post("/disclosure/track/", {"number": number, "code": code})
    return response.status_code == 302


def test_the_receipt_downloads_as_pdf_with_the_code(client, django_capture_on_commit_callbacks):
    number, code, receipt = _apply_and_read_receipt(client, django_capture_on_commit_callbacks)
    assert f'action="/disclosure/receipt/{number}/pdf/"' in receipt
    response = client.post(f"/disclosure/receipt/{number}/pdf/", {"code": code})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert number in text and code in text and "法定答复期限" in text
    assert AuditLog.objects.filter(action="receipt_download").count() == 1


def test_the_receipt_pdf_needs_the_right_code_and_this_browser(
    client, django_capture_on_commit_callbacks
):
    number, code, _ = _apply_and_read_receipt(client, django_capture_on_commit_callbacks)
    wrong = client.post(f"/disclosure/receipt/{number}/pdf/", {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 302
    assert "已失效" in client.get(wrong["Location"]).content.decode()
    stranger = client.__class__().post(f"/disclosure/receipt/{number}/pdf/", {"code": code})
    assert stranger.status_code == 404


def test_an_applicant_gets_a_new_code_by_number_and_email(
    client, django_capture_on_commit_callbacks
):
    number, old_code, _ = _apply_and_read_receipt(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/disclosure/track/new-code/",
            {"number": number.lower(), "email": "ZhangSan@example.com"},
            follow=True,
        )
    assert response.status_code == 200
    assert "新的查询码已发送到该邮箱" in response.content.decode()
    assert len(mail.outbox) == 1
    new_code = CODE.search(mail.outbox[0].body).group(0)
    assert new_code not in response.content.decode()  # only by mail, never on the page
    assert not _opens(client, number, old_code)
    assert _opens(client, number, new_code)
    stored = OutboxMessage.objects.filter(subject__contains="新的查询码").get()
    assert new_code not in stored.body and REDACTED in stored.body
    request = DisclosureRequest.objects.get()
    assert AuditLog.objects.filter(request=request, action="tracking_code_reissue").exists()
    note = request.events.get(kind=EventKind.NOTE)
    assert not note.public and "原查询码作废" in note.note


def test_a_wrong_email_gets_the_same_answer_and_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    number, code, _ = _apply_and_read_receipt(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for data in (
            {"number": number, "email": "someone@example.com"},
            {"number": "YSQ-2026-999999", "email": "zhangsan@example.com"},
        ):
            response = client.post("/disclosure/track/new-code/", data, follow=True)
            answers.append(response.content.decode().split("<main", 1)[1])
    assert answers[0] == answers[1]
    assert mail.outbox == []
    assert _opens(client, number, code)
    assert AuditLog.objects.filter(action="tracking_code_refused").count() == 2


def test_bad_input_shows_chinese_messages(client):
    response = client.post("/disclosure/track/new-code/", {"number": "", "email": "not-mail"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "请填写申请编号。" in body and "请填写有效的电子邮箱。" in body


def test_new_codes_are_limited_per_request_and_per_address(
    client, django_capture_on_commit_callbacks
):
    request = RequestFactory()
    mail.outbox.clear()
    data = {"number": request.number, "email": request.email}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(REISSUES_PER_DAY + 1):
            client.__class__(REMOTE_ADDR="10.0.0.9").post("/disclosure/track/new-code/", data)
    assert len(mail.outbox) == REISSUES_PER_DAY
    for _ in range(5):
        client.post("/disclosure/track/new-code/", data)
    assert client.post("/disclosure/track/new-code/", data).status_code == 429


def test_staff_reissue_a_code_from_the_ledger(
    client, office_user, django_user_model, django_capture_on_commit_callbacks
):
    request = RequestFactory(email="")
    old = request.tracking_code
    client.force_login(office_user)
    response = client.post(f"/admin/disclosure/{request.pk}/new-code/")
    assert response.status_code == 200
    page = response.content.decode()
    new_code = re.search(r'id="issued-code".*?<strong>([A-Z0-9-]+)</strong>', page, re.S).group(1)
    assert "申请人未留电子邮箱" in page
    assert not _opens(client, request.number, old)
    assert _opens(client, request.number, new_code)
    again = client.get(f"/admin/disclosure/{request.pk}/").content.decode()
    assert new_code not in again and "工作人员重新生成查询码" in again
    log = AuditLog.objects.get(action="tracking_code_reissue")
    assert log.user == office_user

    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-123")
    client.force_login(clerk)
    assert client.post(f"/admin/disclosure/{request.pk}/new-code/").status_code in (302, 403)
    assert _opens(client, request.number, new_code)


def test_end_tracking_forgets_the_request_on_this_browser(
    client, django_capture_on_commit_callbacks
):
    number, code, _ = _apply_and_read_receipt(client, django_capture_on_commit_callbacks)
    client.post("/disclosure/track/", {"number": number, "code": code})
    status = client.get("/disclosure/track/status/").content.decode()
    assert "结束查询" in status
    notice = DisclosureRequest.objects.get().notices.get()
    response = client.post("/disclosure/track/end/")
    assert response["Location"] == "/disclosure/track/"
    assert "已结束查询" in client.get(response["Location"]).content.decode()
    assert client.get("/disclosure/track/status/")["Location"] == "/disclosure/track/"
    assert client.get(f"/disclosure/track/notices/{notice.token}.pdf").status_code == 404
    assert client.get(f"/disclosure/receipt/{number}/").status_code == 404

"""补正 online: the applicant sees the 补正告知 and sends the supplement from the tracking page;
the reply period restarts from that day (条例第三十条) and staff see it in the ledger."""

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure import services, transitions
from disclosure.models import AuditLog, CorrectionAttachment, DisclosureRequest, EventKind, Status
from disclosure.transitions import Actor
from workdays.calendar import add_working_days

from .factories import RequestFactory
from .test_public import PNG

pytestmark = pytest.mark.django_db
ITEMS = "请写明所需文件的名称、文号或发布时间。"


@pytest.fixture
def in_correction(office_user):
    request = RequestFactory(received_on=date(2026, 11, 23))
    services.request_correction_notice(
        request=request,
        notified_on=date(2026, 11, 24),
        items=ITEMS,
        period_days=15,
        actor=office_user,
    )
    request.refresh_from_db()
    assert request.status == Status.CORRECTION
    return request


def _track(client, request):
    response = client.post(
        "/disclosure/track/", {"number": request.number, "code": request.tracking_code}
    )
    assert response.status_code == 302


def test_the_status_page_shows_the_notice_and_the_form(client, in_correction):
    _track(client, in_correction)
    page = client.get("/disclosure/track/status/").content.decode()
    assert "补正告知" in page and ITEMS in page
    due = add_working_days(date(2026, 11, 24), 15)
    assert f"{due.year}年{due.month}月{due.day}日" in page
    assert 'action="/disclosure/track/correction/"' in page
    assert 'enctype="multipart/form-data"' in page


def test_sending_the_supplement_restarts_the_clock_from_that_day(
    client, clock, office_user, in_correction, django_capture_on_commit_callbacks
):
    clock.set(2026, 12, 2, 10)
    _track(client, in_correction)
    upload = SimpleUploadedFile("补充说明.png", PNG, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/disclosure/track/correction/",
            {"text": "所需文件为税总发〔2014〕59号。", "attachments": [upload]},
        )
    assert response.status_code == 302
    request = DisclosureRequest.objects.get()
    assert request.status == Status.PROCESSING
    assert request.reply_due_on == add_working_days(date(2026, 12, 2), 20)
    event = request.events.get(kind=EventKind.CORRECTION_RECEIVED)
    assert event.occurred_on == date(2026, 12, 2)
    assert "税总发〔2014〕59号" in event.note and event.data["online"] is True
    supplement = CorrectionAttachment.objects.get()
    assert supplement.event == event and supplement.title == "补充说明.png"
    assert "答复期限自2026年12月2日重新计算" in mail.outbox[-1].body
    assert AuditLog.objects.filter(action="correction_submit", request=request).exists()
    page = client.get("/disclosure/track/status/").content.decode()
    assert "收到补正" in page and "提交补正</button>" not in page

    client.force_login(office_user)
    ledger = client.get(f"/admin/disclosure/{request.pk}/").content.decode()
    assert "申请人在线提交补正（附件1个）" in ledger
    assert f"/admin/disclosure/corrections/{supplement.pk}/" in ledger
    download = client.get(f"/admin/disclosure/corrections/{supplement.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "请填写补正内容。"),
        (
            {
                "text": "见附件",
                "attachments": [
                    SimpleUploadedFile("a.png", b"MZ\x90 exe", content_type="image/png")
                ],
            },
            "a.png：",
        ),
    ],
)
def test_bad_supplements_are_refused_and_change_nothing(client, in_correction, data, message):
    _track(client, in_correction)
    response = client.post("/disclosure/track/correction/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    request = DisclosureRequest.objects.get()
    assert request.status == Status.CORRECTION
    assert not request.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists()
    assert not CorrectionAttachment.objects.exists()


def test_after_the_period_the_form_is_gone_and_sending_is_refused(client, clock, in_correction):
    due = add_working_days(date(2026, 11, 24), 15)
    clock.set(due.year, due.month, due.day + 1, 9)
    _track(client, in_correction)
    page = client.get("/disclosure/track/status/").content.decode()
    assert "补正期限已过" in page and "提交补正</button>" not in page
    response = client.post("/disclosure/track/correction/", {"text": "迟到的补正"}, follow=True)
    assert "补正期限已过" in response.content.decode()
    assert DisclosureRequest.objects.get().status == Status.CORRECTION


def test_only_a_request_in_correction_and_only_its_applicant_can_send(client, office_user):
    request = RequestFactory(received_on=date(2026, 11, 23))
    assert client.post("/disclosure/track/correction/", {"text": "x"}).status_code == 404
    _track(client, request)
    response = client.post("/disclosure/track/correction/", {"text": "补充"}, follow=True)
    assert "不能提交补正" in response.content.decode()
    assert DisclosureRequest.objects.get().status == Status.PROCESSING
    offered = [t.name for t in transitions.available(request, Actor.OFFICE)]
    assert "correction_submit" not in offered

"""条例第三十一条: when a request counts as received. Online submissions wait for the office's
confirmation (automatic on a working day), in-person dates other than today need a reason, and a
补正 after its period is flagged."""

from datetime import date

import pytest
from django.core.management import call_command

from disclosure import services
from disclosure.models import EventKind, NoticeKind, Status
from portal.errors import RuleViolation

from .factories import RequestFactory

pytestmark = pytest.mark.django_db


def submit_online(**kwargs):
    """An application through the public form: no receipt date is typed."""
    return RequestFactory(received_on=None, **kwargs)


def test_an_online_submission_on_a_working_day_is_confirmed_that_day():
    request = submit_online()  # Monday 2026-11-30
    assert request.status == Status.PROCESSING
    assert request.received_on == date(2026, 11, 30)
    assert request.notices.filter(kind=NoticeKind.RECEIPT).exists()


def test_a_weekend_submission_waits_and_the_applicant_sees_pending(client, clock):
    clock.set(2026, 11, 28, 22)  # Saturday evening
    request = submit_online()
    assert request.status == Status.UNCONFIRMED
    assert request.reply_due_on is None
    assert request.step_due_on == date(2026, 11, 30)  # the next working day
    assert not request.notices.exists()
    session = client.session
    session["disclosure_tracked"] = request.pk
    session.save()
    page = client.get("/disclosure/track/status/").content.decode()
    assert "待确认" in page and 'id="receipt-pending"' in page
    assert "2026年11月30日确认" in page


def test_staff_confirm_on_the_day_they_do_and_the_clock_starts_then(clock, office_user):
    clock.set(2026, 10, 1, 10)  # 国庆: not a working day
    request = submit_online()
    assert request.status == Status.UNCONFIRMED
    assert request.step_due_on == date(2026, 10, 8)  # the first working day after 国庆
    clock.set(2026, 10, 3, 10)
    with pytest.raises(RuleViolation, match="不能早于提交日期"):
        services.request_confirm_receipt(
            request=request, confirmed_on=date(2026, 9, 30), actor=office_user
        )
    request = services.request_confirm_receipt(
        request=request, confirmed_on=date(2026, 10, 3), actor=office_user
    )
    assert request.status == Status.PROCESSING
    assert request.received_on == date(2026, 10, 3)
    assert request.reply_due_on is not None
    assert request.notices.get(kind=NoticeKind.RECEIPT).issued_on == date(2026, 10, 3)
    event = request.events.get(kind=EventKind.CONFIRM_RECEIPT)
    assert f"由{office_user.get_full_name()}确认" in event.note


def test_unconfirmed_requests_are_confirmed_automatically_on_the_next_working_day(clock):
    clock.set(2026, 11, 29, 10)  # Sunday
    request = submit_online()
    call_command("disclosure_daily")
    request.refresh_from_db()
    assert request.status == Status.UNCONFIRMED  # still Sunday
    clock.set(2026, 11, 30, 0, 5)
    call_command("disclosure_daily")
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    assert request.received_on == date(2026, 11, 30)
    assert request.events.get(kind=EventKind.CONFIRM_RECEIPT).data == {"automatic": True}


def test_an_in_person_date_other_than_today_needs_a_reason(office_user):
    for other_day in (date(2026, 11, 20), date(2026, 12, 1)):
        with pytest.raises(RuleViolation, match="请写明原因"):
            RequestFactory(channel="in_person", received_on=other_day, actor=office_user)
    request = RequestFactory(
        channel="in_person",
        received_on=date(2026, 11, 20),
        receipt_date_reason="窗口断网，当日手工登记，今日补录",
        actor=office_user,
    )
    register = request.events.get(kind=EventKind.REGISTER)
    assert "窗口断网" in register.note
    assert register.data["receipt_date_reason"].startswith("窗口断网")
    today = RequestFactory(channel="in_person", received_on=date(2026, 11, 30), actor=office_user)
    assert today.status == Status.PROCESSING


def test_post_dates_may_not_lie_in_the_future(office_user):
    with pytest.raises(RuleViolation, match="不能晚于今天"):
        RequestFactory(channel="registered_post", received_on=date(2026, 12, 1))


def test_a_late_correction_is_flagged_not_silently_accepted(office_user):
    request = RequestFactory(received_on=date(2026, 11, 2))
    services.request_correction_notice(
        request=request,
        notified_on=date(2026, 11, 3),
        items="请写明文号。",
        period_days=5,
        actor=office_user,
    )  # due 2026-11-10
    with pytest.raises(RuleViolation, match="补正期限已于2026年11月10日届满"):
        services.request_correction_received(
            request=request, received_on=date(2026, 11, 12), actor=office_user
        )
    request.refresh_from_db()
    assert request.status == Status.CORRECTION
    services.request_correction_received(
        request=request,
        received_on=date(2026, 11, 12),
        late_reason="邮寄途中延误，有邮戳为证",
        actor=office_user,
    )
    event = request.events.get(kind=EventKind.CORRECTION_RECEIVED)
    assert event.data["late"] is True
    assert event.note.startswith("逾期补正（补正期限2026年11月10日）")


def test_a_correction_in_time_needs_no_reason(office_user):
    request = RequestFactory(received_on=date(2026, 11, 2))
    services.request_correction_notice(
        request=request, notified_on=date(2026, 11, 3), items="x", period_days=5, actor=office_user
    )
    services.request_correction_received(
        request=request, received_on=date(2026, 11, 10), actor=office_user
    )
    assert request.events.get(kind=EventKind.CORRECTION_RECEIVED).data == {}


def test_the_register_form_asks_for_the_reason(client, office_user):
    client.force_login(office_user)
    data = {
        "channel": "in_person",
        "received_on": "2026-11-20",
        "applicant_kind": "natural_person",
        "applicant_name": "王五",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "description": "某某文件",
        "info_form": "paper",
        "delivery": "pickup",
    }
    response = client.post("/admin/disclosure/register/", data)
    assert response.status_code == 200
    assert "请写明原因" in response.content.decode()
    data["receipt_date_reason"] = "补录上周窗口受理的申请"
    assert client.post("/admin/disclosure/register/", data).status_code == 302

"""办税预约 (seed 001 三): working days only, capacity per slot, the taxpayer's changes, the
office's proposals (变更协商 and 错峰 with 绿色通道), no unilateral cancellation, 主动放弃."""

from datetime import date, time
from io import StringIO

import pytest
from django.core.management import call_command

from portal.errors import RuleViolation
from taxpayer.models import (
    Appointment,
    AppointmentStatus,
    PeakPeriod,
    ProposalKind,
    ProposalStatus,
)
from taxpayer.services import appointments as s

pytestmark = pytest.mark.django_db


def book(hall, day, starts_at=time(9, 0), **extra):
    values = {
        "hall_id": hall.pk,
        "day": day,
        "starts_at": starts_at,
        "subject": "consultation",
        "question": "留抵退税政策咨询",
        "taxpayer_name": "某某科技有限公司",
        "phone": "13800138000",
        "email": "tech@example.com",
    }
    values.update(extra)
    return s.appointment_book(**values)


@pytest.fixture
def monday(clock):
    return clock.set(2026, 9, 28, 8)


def test_booking_gives_a_code_and_the_slot_end(monday, hall):
    appointment = book(hall, date(2026, 9, 29), time(9, 30))
    assert appointment.number == "YY-2026-000001"
    assert appointment.ends_at == time(10, 0)
    assert appointment.confirmation_code and appointment.code_hash
    assert appointment.matter_name == "政策咨询"


def test_holidays_are_refused_and_make_up_days_are_bookable(monday, hall):
    with pytest.raises(RuleViolation, match="2026年10月1日不是工作日（国庆节）"):
        book(hall, date(2026, 10, 1))
    with pytest.raises(RuleViolation, match="不是工作日"):
        book(hall, date(2026, 10, 11))  # Sunday
    assert book(hall, date(2026, 10, 10)).date == date(2026, 10, 10)  # make-up Saturday


def test_booking_horizon_counts_working_days(monday, hall):
    assert book(hall, date(2026, 10, 16)).pk  # the tenth working day after Monday 09-28
    with pytest.raises(RuleViolation, match="10个工作日内（2026年10月16日前）"):
        book(hall, date(2026, 10, 19))


def test_capacity_per_slot(monday, hall):
    book(hall, date(2026, 9, 29))
    book(hall, date(2026, 9, 29))
    with pytest.raises(RuleViolation, match="该时段已约满"):
        book(hall, date(2026, 9, 29))
    assert book(hall, date(2026, 9, 29), time(9, 30)).pk
    assert Appointment.objects.count() == 3


def test_slots_outside_the_hours_or_already_begun_are_refused(clock, hall):
    clock.set(2026, 9, 28, 10, 15)
    with pytest.raises(RuleViolation, match="开放的预约时段"):
        book(hall, date(2026, 9, 29), time(12, 30))
    with pytest.raises(RuleViolation, match="该时段已开始"):
        book(hall, date(2026, 9, 28), time(10, 0))
    assert book(hall, date(2026, 9, 28), time(10, 30)).pk


def test_guide_matter_needs_an_existing_guide(monday, hall, guide):
    with pytest.raises(RuleViolation, match="请选择要办理的涉税事项"):
        book(hall, date(2026, 9, 29), subject="guide", guide_id=None)
    appointment = book(hall, date(2026, 9, 29), subject="guide", guide_id=guide.pk)
    assert appointment.matter_name == guide.name


def test_taxpayer_reschedules_and_cancels(monday, hall):
    appointment = book(hall, date(2026, 9, 29))
    s.appointment_reschedule(appointment=appointment, day=date(2026, 9, 30), starts_at=time(14, 0))
    appointment.refresh_from_db()
    assert (appointment.date, appointment.starts_at) == (date(2026, 9, 30), time(14, 0))
    s.appointment_cancel(appointment=appointment, reason="已网上办理")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_the_office_may_not_cancel_unilaterally(monday, hall, hall_user, service_user, client):
    appointment = book(hall, date(2026, 9, 29))
    for staff in (hall_user, service_user):
        with pytest.raises(RuleViolation, match="不得单方面解除"):
            s.appointment_cancel(appointment=appointment, actor=staff)
    client.force_login(hall_user)
    response = client.post(f"/admin/taxpayer/appointments/{appointment.pk}/action/cancel/")
    assert response.status_code == 400
    assert "不得单方面解除已受理的预约" in response.content.decode()
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.BOOKED
    html = client.get(f"/admin/taxpayer/appointments/{appointment.pk}/").content.decode()
    assert "action/cancel/" not in html  # the day list offers staff no way to cancel


def test_a_change_the_office_needs_is_proposed_and_moves_only_when_accepted(
    monday, hall, hall_user
):
    appointment = book(hall, date(2026, 9, 29))
    proposal = s.appointment_propose_change(
        appointment=appointment,
        day=date(2026, 9, 30),
        starts_at=time(10, 0),
        reason="当日系统升级暂停办理",
        actor=hall_user,
    )
    appointment.refresh_from_db()
    assert appointment.date == date(2026, 9, 29) and appointment.status == AppointmentStatus.BOOKED
    with pytest.raises(RuleViolation, match="接受建议时间或另行改约"):
        s.proposal_decline(proposal=proposal)
    s.proposal_accept(proposal=proposal)
    appointment.refresh_from_db()
    proposal.refresh_from_db()
    assert (appointment.date, appointment.starts_at) == (date(2026, 9, 30), time(10, 0))
    assert proposal.status == ProposalStatus.ACCEPTED
    assert appointment.green_channel is False


def test_rearranging_answers_a_pending_change(monday, hall, hall_user):
    appointment = book(hall, date(2026, 9, 29))
    proposal = s.appointment_propose_change(
        appointment=appointment,
        day=date(2026, 9, 30),
        starts_at=time(10, 0),
        reason="系统升级",
        actor=hall_user,
    )
    s.appointment_reschedule(appointment=appointment, day=date(2026, 10, 8), starts_at=time(9, 0))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REARRANGED


def test_phone_agreement_is_recorded_with_how_it_was_agreed(monday, hall, hall_user):
    appointment = book(hall, date(2026, 9, 29))
    proposal = s.appointment_propose_change(
        appointment=appointment,
        day=date(2026, 9, 30),
        starts_at=time(10, 0),
        reason="系统升级",
        actor=hall_user,
    )
    with pytest.raises(RuleViolation, match="请记录协商情况"):
        s.proposal_record_agreement(proposal=proposal, note=" ", actor=hall_user)
    s.proposal_record_agreement(
        proposal=proposal, note="9月28日电话联系，法定代表人同意", actor=hall_user
    )
    appointment.refresh_from_db()
    assert appointment.date == date(2026, 9, 30)


@pytest.fixture
def declaration_period(hall):
    return PeakPeriod.objects.create(
        name="10月申报期", starts_on=date(2026, 10, 8), ends_on=date(2026, 10, 15)
    )


def test_off_peak_accepted_is_a_green_channel_on_the_day_list(
    monday, hall, hall_user, declaration_period, client
):
    appointment = book(hall, date(2026, 10, 12))
    with pytest.raises(RuleViolation, match="仍在办税高峰期内"):
        s.appointment_propose_off_peak(
            appointment=appointment,
            day=date(2026, 10, 13),
            starts_at=time(9, 0),
            reason="申报期人多",
            actor=hall_user,
        )
    proposal = s.appointment_propose_off_peak(
        appointment=appointment,
        day=date(2026, 10, 16),
        starts_at=time(9, 0),
        reason="申报期人多，错峰可快速办理",
        actor=hall_user,
    )
    assert proposal.kind == ProposalKind.OFF_PEAK
    s.proposal_accept(proposal=proposal)
    appointment.refresh_from_db()
    assert appointment.green_channel is True and appointment.date == date(2026, 10, 16)
    client.force_login(hall_user)
    html = client.get(f"/admin/taxpayer/appointments/?hall={hall.pk}&day=2026-10-16")
    assert "【绿色通道】" in html.content.decode()


def test_off_peak_may_be_declined_and_is_only_for_peak_days(
    monday, hall, hall_user, declaration_period
):
    quiet = book(hall, date(2026, 9, 29))
    with pytest.raises(RuleViolation, match="不在办税高峰期内"):
        s.appointment_propose_off_peak(
            appointment=quiet,
            day=date(2026, 9, 30),
            starts_at=time(9, 0),
            reason="错峰",
            actor=hall_user,
        )
    busy = book(hall, date(2026, 10, 9))
    proposal = s.appointment_propose_off_peak(
        appointment=busy,
        day=date(2026, 10, 16),
        starts_at=time(9, 0),
        reason="错峰",
        actor=hall_user,
    )
    s.proposal_decline(proposal=proposal)
    busy.refresh_from_db()
    proposal.refresh_from_db()
    assert busy.date == date(2026, 10, 9) and not busy.green_channel
    assert proposal.status == ProposalStatus.DECLINED


def test_no_show_is_recorded_only_after_the_slot_and_by_the_nightly_command(clock, hall, hall_user):
    clock.set(2026, 9, 28, 8)
    first = book(hall, date(2026, 9, 29), time(9, 0))
    second = book(hall, date(2026, 9, 29), time(16, 30))
    clock.set(2026, 9, 29, 9, 20)
    with pytest.raises(RuleViolation, match="尚未结束"):
        s.appointment_abandon(appointment=first, actor=hall_user)
    clock.set(2026, 9, 29, 9, 31)
    s.appointment_abandon(appointment=first, actor=hall_user)
    first.refresh_from_db()
    assert first.status == AppointmentStatus.ABANDONED
    clock.set(2026, 9, 30, 6)
    call_command("taxpayer_reminders", stdout=StringIO())
    second.refresh_from_db()
    assert second.status == AppointmentStatus.ABANDONED
    assert second.events.last().label == "逾时未到，视为主动放弃"


def test_serving_is_recorded_on_or_after_the_day(monday, hall, hall_user):
    appointment = book(hall, date(2026, 9, 29))
    with pytest.raises(RuleViolation, match="预约日期未到"):
        s.appointment_serve(appointment=appointment, actor=hall_user)


# ---------------------------------------------------------------------------------------------
# The public pages


def test_public_booking_lists_free_slots_and_books(client, monday, hall):
    page = client.get(f"/taxpayer/book/?hall_id={hall.pk}&day=2026-09-29").content.decode()
    assert "09:00—09:30（余2个）" in page
    holiday = client.get(f"/taxpayer/book/?hall_id={hall.pk}&day=2026-10-01").content.decode()
    assert "09:00—09:30" in holiday  # slots are listed; the service refuses the holiday
    refused = client.post(
        "/taxpayer/book/",
        {
            "hall_id": hall.pk,
            "day": "2026-10-01",
            "starts_at": "09:00",
            "subject": "consultation",
            "question": "咨询",
            "taxpayer_name": "甲",
            "phone": "13800138000",
            "consent": "on",
        },
    )
    assert "不是工作日（国庆节）" in refused.content.decode()
    assert not Appointment.objects.exists()
    response = client.post(
        "/taxpayer/book/",
        {
            "hall_id": hall.pk,
            "day": "2026-09-29",
            "starts_at": "09:00",
            "subject": "consultation",
            "question": "咨询留抵退税",
            "taxpayer_name": "甲",
            "phone": "13800138000",
            "consent": "on",
        },
    )
    assert response["Location"] == "/taxpayer/book/done/"
    done = client.get("/taxpayer/book/done/").content.decode()
    code = done.split('id="appointment-code"><strong>')[1].split("<")[0]
    assert code not in client.get("/taxpayer/book/done/").content.decode()
    appointment = Appointment.objects.get()
    other = client.__class__()
    other.post("/taxpayer/appointment/", {"number": appointment.number, "code": code})
    manage = other.get("/taxpayer/appointment/manage/").content.decode()
    assert "已预约" in manage and "2026年9月29日 09:00—09:30" in manage


def test_public_change_cancel_and_proposal_answers(client, monday, hall, hall_user):
    appointment = book(hall, date(2026, 9, 29))
    client.post(
        "/taxpayer/appointment/",
        {"number": appointment.number, "code": appointment.confirmation_code},
    )
    moved = client.post(
        "/taxpayer/appointment/reschedule/", {"day": "2026-09-30", "starts_at": "15:00"}
    )
    assert moved.status_code == 302
    appointment.refresh_from_db()
    assert appointment.starts_at == time(15, 0)
    proposal = s.appointment_propose_change(
        appointment=appointment,
        day=date(2026, 10, 8),
        starts_at=time(9, 0),
        reason="设备检修",
        actor=hall_user,
    )
    page = client.get("/taxpayer/appointment/manage/").content.decode()
    assert "设备检修" in page and "谢绝" not in page
    client.post(f"/taxpayer/appointment/proposal/{proposal.pk}/accept/")
    appointment.refresh_from_db()
    assert appointment.date == date(2026, 10, 8)
    unconfirmed = client.post("/taxpayer/appointment/cancel/", {"reason": "不需要了"})
    assert unconfirmed.status_code == 400 and "请勾选确认" in unconfirmed.content.decode()
    client.post("/taxpayer/appointment/cancel/", {"confirm": "on"})
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_wrong_appointment_code_is_refused(client, monday, hall):
    appointment = book(hall, date(2026, 9, 29))
    response = client.post(
        "/taxpayer/appointment/", {"number": appointment.number, "code": "WRONG-CODE"}
    )
    assert "预约编号或预约码不正确" in response.content.decode()
    assert client.get("/taxpayer/appointment/manage/")["Location"] == "/taxpayer/appointment/"


def test_the_office_books_for_a_taxpayer_on_the_phone(client, monday, hall, hall_user):
    client.force_login(hall_user)
    page = client.get(f"/admin/taxpayer/appointments/?hall={hall.pk}&day=2026-09-29")
    assert "代纳税人预约（电话预约）" in page.content.decode()
    data = {
        "book-day": "2026-09-29",
        "book-starts_at": "10:00",
        "book-subject": "consultation",
        "book-question": "电话咨询后预约",
        "book-taxpayer_name": "丙",
        "book-phone": "13600136000",
    }
    refused = client.post(f"/admin/taxpayer/appointments/book/{hall.pk}/", data)
    assert (
        refused.status_code == 400
        and "请先向纳税人告知个人信息处理规则" in refused.content.decode()
    )
    client.post(
        f"/admin/taxpayer/appointments/book/{hall.pk}/", dict(data, **{"book-consent": "on"})
    )
    appointment = Appointment.objects.get()
    assert appointment.initiated_by_office and appointment.starts_at == time(10, 0)

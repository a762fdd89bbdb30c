"""Every handling transition through the services: 补正, 征求意见, 延期, 收费, 答复, 撤回, 转办."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from disclosure import services
from disclosure.models import EventKind, NoticeKind, Status
from disclosure.reporting import ledger_records, request_admin_url
from portal.errors import RuleViolation
from workdays.calendar import add_working_days

from .factories import RequestFactory

pytestmark = pytest.mark.django_db


def test_register_sets_statutory_reply_date_and_issues_receipt():
    request = RequestFactory(received_on=date(2026, 9, 18))
    assert request.number == "YSQ-2026-000001"
    assert request.tracking_code
    assert request.status == Status.PROCESSING
    assert request.reply_due_on == date(2026, 10, 22)
    assert request.notices.filter(kind=NoticeKind.RECEIPT).count() == 1
    assert request.events.get().kind == EventKind.REGISTER
    second = RequestFactory(received_on=date(2026, 9, 21))
    assert second.number == "YSQ-2026-000002"


def test_receipt_date_in_future_is_refused():
    with pytest.raises(RuleViolation, match="不能晚于今天"):
        RequestFactory(received_on=date(2099, 1, 4))


def test_correction_restarts_reply_period(office_user):
    request = RequestFactory(received_on=date(2026, 9, 1))
    request = services.request_correction_notice(
        request=request,
        notified_on=date(2026, 9, 3),
        items="请写明所需文件的名称或文号。",
        period_days=10,
        actor=office_user,
    )
    assert request.status == Status.CORRECTION
    assert request.reply_due_on is None
    assert request.step_due_on == add_working_days(date(2026, 9, 3), 10)
    request = services.request_correction_received(
        request=request, received_on=date(2026, 9, 14), actor=office_user
    )
    assert request.status == Status.PROCESSING
    assert request.reply_due_on == add_working_days(date(2026, 9, 14), 20)
    assert request.deadline_explanation["start"] == "2026-09-14"


def test_correction_notice_only_once_and_within_seven_working_days(office_user):
    request = RequestFactory(received_on=date(2026, 9, 1))
    with pytest.raises(RuleViolation, match="7个工作日内"):
        services.request_correction_notice(
            request=request,
            notified_on=date(2026, 9, 11),
            items="x",
            period_days=10,
            actor=office_user,
        )
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    services.request_correction_notice(
        request=request, notified_on=date(2026, 9, 10), items="x", period_days=5, actor=office_user
    )
    services.request_correction_received(
        request=request, received_on=date(2026, 9, 11), actor=office_user
    )
    with pytest.raises(RuleViolation, match="只能发出一次"):
        services.request_correction_notice(
            request=request,
            notified_on=date(2026, 9, 11),
            items="y",
            period_days=5,
            actor=office_user,
        )


def test_correction_lapse_closes_as_other_processing(office_user):
    request = RequestFactory(received_on=date(2026, 9, 1))
    services.request_correction_notice(
        request=request, notified_on=date(2026, 9, 2), items="x", period_days=5, actor=office_user
    )
    due = add_working_days(date(2026, 9, 2), 5)
    with pytest.raises(RuleViolation, match="尚未届满"):
        services.request_correction_lapse(request=request, on=due, actor=office_user)
    request = services.request_correction_lapse(
        request=request, on=date(2026, 9, 30), actor=office_user
    )
    assert request.status == Status.REPLIED
    assert request.outcome == "other_1"
    assert request.closed_on == date(2026, 9, 30)
    assert request.notices.filter(kind=NoticeKind.REPLY_OTHER).exists()


def test_third_party_consultation_pauses_the_clock(office_user, clock):
    clock.set(2026, 11, 11, 9)  # within the consultation's fifteen working days
    request = RequestFactory(received_on=date(2026, 11, 2))
    plain_due = request.reply_due_on
    request = services.request_consult_start(
        request=request,
        started_on=date(2026, 11, 4),
        party="某某有限公司",
        third_party=True,
        actor=office_user,
    )
    assert request.status == Status.CONSULTING
    assert request.reply_due_on is None
    assert request.step_due_on == add_working_days(date(2026, 11, 4), 15)
    request = services.request_consult_end(
        request=request, ended_on=date(2026, 11, 11), opinion="同意公开", actor=office_user
    )
    # 11-05, 06, 09, 10, 11: five working days paused.
    assert request.status == Status.PROCESSING
    assert request.reply_due_on == add_working_days(plain_due, 5)
    assert len(request.deadline_explanation["paused_days"]) == 5


def test_extension_once_at_most_twenty_days_before_deadline(office_user, head_user):
    request = RequestFactory(received_on=date(2026, 9, 18))
    with pytest.raises(RuleViolation):
        services.request_extend(
            request=request,
            approved_by=head_user,
            days=21,
            reason="信息量大",
            notified_on=date(2026, 10, 20),
            actor=office_user,
        )
    with pytest.raises(RuleViolation, match="届满前"):
        services.request_extend(
            request=request,
            approved_by=head_user,
            days=10,
            reason="信息量大",
            notified_on=date(2026, 10, 23),
            actor=office_user,
        )
    request = services.request_extend(
        request=request,
        approved_by=head_user,
        days=20,
        reason="需要调取档案",
        notified_on=date(2026, 10, 22),
        actor=office_user,
    )
    assert request.reply_due_on == add_working_days(date(2026, 10, 22), 20)
    assert request.notices.filter(kind=NoticeKind.EXTENSION).exists()
    with pytest.raises(RuleViolation, match="只能延长一次"):
        services.request_extend(
            request=request,
            approved_by=head_user,
            days=1,
            reason="再延",
            notified_on=date(2026, 10, 23),
            actor=office_user,
        )


def test_extension_needs_an_office_approver(office_user, department_user):
    request = RequestFactory(received_on=date(2026, 9, 18))
    with pytest.raises(RuleViolation, match="负责人批准"):
        services.request_extend(
            request=request,
            approved_by=department_user,
            days=5,
            reason="x",
            notified_on=date(2026, 9, 21),
            actor=office_user,
        )


def test_extension_into_uncovered_year_is_provisional(office_user, calendar_ends, head_user):
    calendar_ends(2026)
    request = RequestFactory(received_on=date(2026, 11, 20))
    assert not request.reply_due_provisional
    request = services.request_extend(
        request=request,
        approved_by=head_user,
        days=20,
        reason="x",
        notified_on=date(2026, 11, 23),
        actor=office_user,
    )
    assert request.reply_due_on.year == 2027
    assert request.reply_due_provisional


def test_reply_records_one_outcome_and_is_final(office_user):
    request = RequestFactory(received_on=date(2026, 9, 18))
    with pytest.raises(RuleViolation, match="办理结果"):
        services.request_reply(
            request=request,
            outcome="bogus",
            reply_text="x",
            replied_on=date(2026, 9, 30),
            actor=office_user,
        )
    request = services.request_reply(
        request=request,
        outcome="refuse_7",
        reply_text="属于行政执法案卷信息。",
        replied_on=date(2026, 9, 30),
        actor=office_user,
    )
    assert request.status == Status.REPLIED
    assert request.notices.filter(kind=NoticeKind.REPLY_REFUSE).exists()
    with pytest.raises(RuleViolation, match="不能答复"):
        services.request_reply(
            request=request,
            outcome="disclose",
            reply_text="x",
            replied_on=date(2026, 9, 30),
            actor=office_user,
        )
    request = services.request_archive(
        request=request, archived_on=date(2026, 10, 9), actor=office_user
    )
    assert request.status == Status.ARCHIVED


def test_fee_notice_pauses_and_lapse_closes_as_fee_unpaid(office_user):
    request = RequestFactory(received_on=date(2026, 9, 1))
    with pytest.raises(RuleViolation, match="不需收费"):
        services.request_fee_notice(
            request=request,
            method="per_volume",
            quantity=30,
            notice_on=date(2026, 9, 2),
            actor=office_user,
        )
    fee = services.request_fee_notice(
        request=request,
        method="per_volume",
        quantity=120,
        notice_on=date(2026, 9, 2),
        actor=office_user,
    )
    assert fee.amount == Decimal("1100")  # 70×10 + 20×20
    request.refresh_from_db()
    assert request.status == Status.FEE_PENDING
    assert request.reply_due_on is None
    request = services.request_fee_lapse(request=request, on=date(2026, 11, 2), actor=office_user)
    assert request.outcome == "other_2"


def test_fee_paid_resumes_and_is_reported(office_user):
    for _ in range(11):  # the applicant's earlier requests of the month, in the ledger
        RequestFactory(received_on=date(2026, 9, 1))
    request = RequestFactory(received_on=date(2026, 9, 1))
    services.request_fee_notice(
        request=request,
        method="per_request",
        notice_on=date(2026, 9, 2),
        actor=office_user,
    )
    services.request_fee_paid(request=request, paid_on=date(2026, 9, 4), actor=office_user)
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    assert request.reply_due_on == add_working_days(date(2026, 9, 1), 22)
    record = next(r for r in ledger_records() if r.request_id == request.pk)
    assert record.fee_paid == Decimal("100")
    assert record.fee_paid_on == date(2026, 9, 4)


def test_withdraw_has_no_outcome(office_user):
    request = RequestFactory(received_on=date(2026, 9, 18))
    request = services.request_withdraw(request=request, withdrawn_on=date(2026, 9, 21))
    assert request.status == Status.WITHDRAWN
    record = next(r for r in ledger_records() if r.request_id == request.pk)
    assert record.withdrawn_on == date(2026, 9, 21)
    assert record.outcome is None and record.closed_on is None
    with pytest.raises(RuleViolation):
        services.request_reply(
            request=request,
            outcome="disclose",
            reply_text="x",
            replied_on=date(2026, 9, 22),
            actor=office_user,
        )


def test_assignment_and_feedback_record_who_and_when(office_user, department, department_user):
    request = RequestFactory(received_on=date(2026, 9, 18))
    assignment = services.request_assign(
        request=request,
        department_id=department.pk,
        instructions="请提供清单",
        actor=office_user,
        assigned_on=date(2026, 9, 21),
    )
    assert assignment.due_on == add_working_days(date(2026, 9, 21), 5)
    services.assignment_feedback(assignment=assignment, feedback="已整理", actor=department_user)
    assignment.refresh_from_db()
    assert assignment.feedback_by == department_user
    assert assignment.feedback_on is not None
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds == [EventKind.REGISTER, EventKind.ASSIGN, EventKind.FEEDBACK]


def test_ledger_records_cover_open_and_answered_requests(office_user):
    open_request = RequestFactory(received_on=date(2026, 9, 18), applicant_kind="natural_person")
    answered = RequestFactory(
        received_on=date(2026, 9, 18),
        applicant_kind="commercial",
        id_type="credit_code",
        id_number="91350100M000100Y43",
        contact_person="李四",
    )
    services.request_reply(
        request=answered,
        outcome="disclose",
        reply_text="附后。",
        replied_on=date(2026, 9, 25),
        actor=office_user,
    )
    records = {r.request_id: r for r in ledger_records()}
    assert records[open_request.pk].outcome is None
    assert records[open_request.pk].closed_on is None
    assert records[answered.pk].outcome == "disclose"
    assert records[answered.pk].closed_on == date(2026, 9, 25)
    assert records[answered.pk].applicant_kind == "commercial"
    assert records[answered.pk].fee_paid == Decimal("0")
    assert request_admin_url(answered.pk) == f"/admin/disclosure/{answered.pk}/"


def test_extension_is_approved_by_the_head_and_not_by_who_records_it(office_user, head_user):
    request = RequestFactory(received_on=date(2026, 9, 18))
    arguments = {"days": 5, "reason": "需调取档案", "notified_on": date(2026, 9, 21)}
    with pytest.raises(RuleViolation, match="负责人批准"):
        services.request_extend(
            request=request, approved_by=office_user, actor=office_user, **arguments
        )
    with pytest.raises(RuleViolation, match="不能同时作为批准人"):
        services.request_extend(
            request=request, approved_by=head_user, actor=head_user, **arguments
        )
    request.refresh_from_db()
    assert request.extended_days == 0 and not request.events.filter(kind="extend").exists()
    request = services.request_extend(
        request=request, approved_by=head_user, actor=office_user, **arguments
    )
    assert request.extended_days == 5
    assert f"批准人：{head_user.get_full_name()}" in request.events.get(kind="extend").note


def test_consultation_pauses_the_clock_for_at_most_fifteen_working_days(clock, office_user):
    clock.set(2026, 11, 20, 9)
    request = RequestFactory(received_on=date(2026, 11, 2))
    plain_due = request.reply_due_on
    started = date(2026, 11, 4)
    request = services.request_consult_start(
        request=request, started_on=started, party="某某有限公司", actor=office_user
    )
    period_end = add_working_days(started, 15)  # 2026-11-25
    assert period_end == date(2026, 11, 25)
    with pytest.raises(RuleViolation, match="尚未届满"):
        services.request_reply(
            request=request,
            outcome="disclose",
            reply_text="予以公开。",
            replied_on=date(2026, 11, 20),
            actor=office_user,
        )
    # On 11-30 the period is over: the daily run shows the clock running again.
    clock.set(2026, 11, 30, 0, 5)
    call_command("disclosure_daily")
    request.refresh_from_db()
    assert request.status == Status.CONSULTING
    assert request.reply_due_on == add_working_days(plain_due, 15)
    # The opinion arriving late does not stretch the pause beyond the fifteen days.
    request = services.request_consult_end(
        request=request, ended_on=date(2026, 11, 30), opinion="逾期回复", actor=office_user
    )
    assert request.reply_due_on == add_working_days(plain_due, 15)
    assert len(request.deadline_explanation["paused_days"]) == 15


def test_after_fifteen_days_the_office_may_reply_without_the_opinion(office_user):
    request = RequestFactory(received_on=date(2026, 11, 2))
    services.request_consult_start(
        request=request, started_on=date(2026, 11, 4), party="某某有限公司", actor=office_user
    )
    request = services.request_reply(
        request=request,
        outcome="partial",
        reply_text="第三方逾期未提出意见，经审查部分公开。",
        replied_on=date(2026, 11, 30),
        actor=office_user,
    )
    assert request.status == Status.REPLIED

"""诉求快速响应 (seed 002): each clock at its boundary, National Day 2026 included, and every
step of the closed loop through the services."""

from datetime import date

import pytest

from portal.errors import RuleViolation
from portal.models import OutboxMessage
from taxpayer import rules
from taxpayer.models import Matter, MatterStatus, Outcome
from taxpayer.services import matters as s
from tests.taxpayer.conftest import beijing, file_appeal
from workdays.models import CalendarOverride

pytestmark = pytest.mark.django_db


def test_web_appeal_is_pooled_at_once_with_the_dispatch_clock(clock, units):
    clock.set(2026, 11, 20, 9)  # Friday
    matter = file_appeal()
    assert matter.number == "SQ-2026-000001"
    assert matter.receiving_unit == units["service"]
    assert matter.first_responder_name == "税务网站（网上登记）"
    assert matter.status == MatterStatus.POOLED
    assert matter.step_label == "转交承办部门办理"
    assert matter.step_due_on == date(2026, 11, 23)  # the next working day, a Monday
    assert matter.tracking_code and len(matter.tracking_code) == 14
    assert matter.tracking_code not in matter.tracking_code_hash


def test_hand_over_is_due_one_working_day_after_registration(clock, units, levy_user):
    clock.set(2026, 11, 20, 16)  # Friday afternoon, received by the levy department by phone
    matter = file_appeal(
        channel="hotline_12366",
        first_responder=levy_user,
        receiving_unit_id=units["levy"].pk,
        received_at=beijing(2026, 11, 20, 15, 30),
    )
    assert matter.status == MatterStatus.REGISTERED
    assert matter.step_label == "转交纳税服务部门汇总"
    assert matter.step_due_on == date(2026, 11, 23)
    clock.set(2026, 11, 23, 17)  # the last day of the clock: still on time
    s.matter_hand_over(matter=matter, actor=levy_user)
    trace = matter.events.get(action="hand_over")
    assert trace.data == {"late": False} and trace.due_on == date(2026, 11, 23)


def test_late_hand_over_is_recorded_as_late(clock, units, levy_user):
    clock.set(2026, 11, 20, 9)
    matter = file_appeal(
        channel="hotline_12345", first_responder=levy_user, receiving_unit_id=units["levy"].pk
    )
    clock.set(2026, 11, 24, 9)
    s.matter_hand_over(matter=matter, actor=levy_user)
    assert matter.events.get(action="hand_over").data == {"late": True}


def test_appeal_spanning_national_day_2026(clock, units, levy_user, service_user):
    """Received Wednesday 30 September 2026: 10-01..10-07 are holidays and Saturday 10-10 is a
    make-up working day, so the hand-over is due Thursday 10-08 and five working days of
    handling from 09-30 end on Tuesday 10-13 (10-08, 10-09, 10-10, 10-12, 10-13)."""
    clock.set(2026, 9, 30, 10)
    matter = file_appeal(
        channel="platform_12366", first_responder=levy_user, receiving_unit_id=units["levy"].pk
    )
    assert matter.step_due_on == date(2026, 10, 8)
    skipped = [d for d, _ in matter.deadline_explanation["step"]["holidays_skipped"]]
    assert skipped[0] == "2026-10-01"
    s.matter_hand_over(matter=matter, actor=levy_user)
    s.matter_assign(matter=matter, host_unit_id=units["policy"].pk, actor=service_user)
    matter.refresh_from_db()
    assert matter.handling_started_on == date(2026, 9, 30)
    assert matter.handling_due_on == date(2026, 10, 13)
    clock.set(2026, 10, 13, 17)
    s.matter_complete(matter=matter, result="已答复政策适用口径。", actor=service_user)
    matter.refresh_from_db()
    assert matter.events.get(action="complete").data["late"] is False
    assert matter.step_label == "反馈纳税人"
    assert matter.step_due_on == date(2026, 10, 14)


def _handling(clock, units, service_user, **assign):
    clock.set(2026, 11, 20, 9)
    matter = file_appeal()
    clock.set(2026, 11, 23, 9)
    return s.matter_assign(
        matter=matter, host_unit_id=units["levy"].pk, actor=service_user, **assign
    )


def test_handling_clock_is_five_working_days_from_the_transfer(clock, units, service_user):
    matter = _handling(clock, units, service_user)
    assert matter.handling_days == rules.HANDLING_DAYS
    assert matter.handling_due_on == date(2026, 11, 30)
    clock.set(2026, 12, 1, 9)
    s.matter_complete(matter=matter, result="已办理。", actor=service_user)
    assert matter.events.get(action="complete").data["late"] is True


def test_extension_by_the_deputy_at_most_ten_days_and_only_before_the_deadline(
    clock, units, service_user, deputy, head
):
    matter = _handling(clock, units, service_user)
    clock.set(2026, 11, 30, 16)  # the deadline's own day
    with pytest.raises(RuleViolation, match="分管局领导"):
        s.matter_extend(
            matter=matter, days=3, reason="需调取档案", approved_by=head, actor=service_user
        )
    with pytest.raises(RuleViolation, match="1至10个工作日"):
        s.matter_extend(
            matter=matter, days=11, reason="需调取档案", approved_by=deputy, actor=service_user
        )
    s.matter_extend(
        matter=matter, days=6, reason="需调取档案", approved_by=deputy, actor=service_user
    )
    matter.refresh_from_db()
    assert matter.extended_days == 6
    assert matter.handling_due_on == date(2026, 12, 8)
    with pytest.raises(RuleViolation, match="1至4个工作日"):
        s.matter_extend(
            matter=matter, days=5, reason="再延", approved_by=deputy, actor=service_user
        )
    s.matter_extend(matter=matter, days=4, reason="再延", approved_by=deputy, actor=service_user)
    matter.refresh_from_db()
    assert matter.handling_due_on == date(2026, 12, 14)
    with pytest.raises(RuleViolation, match="已无法再延期"):
        s.matter_extend(
            matter=matter, days=1, reason="又延", approved_by=deputy, actor=service_user
        )
    public = [e for e in matter.events.filter(public=True) if e.action == "extend"]
    assert "原因：需调取档案" in public[0].note


def test_extension_after_the_deadline_is_refused_and_changes_nothing(
    clock, units, service_user, deputy
):
    matter = _handling(clock, units, service_user)
    clock.set(2026, 12, 1, 9)
    with pytest.raises(RuleViolation, match="届满前"):
        s.matter_extend(
            matter=matter, days=2, reason="晚了", approved_by=deputy, actor=service_user
        )
    matter.refresh_from_db()
    assert matter.extended_days == 0 and not matter.events.filter(action="extend").exists()


def test_joint_handling_is_extended_by_the_head_not_the_deputy(
    clock, units, service_user, deputy, head
):
    matter = _handling(clock, units, service_user, co_unit_ids=[units["policy"].pk])
    assert matter.joint is True
    assert matter.handling_days == rules.JOINT_HANDLING_DAYS
    with pytest.raises(RuleViolation, match="主要领导"):
        s.matter_extend(
            matter=matter, days=2, reason="多部门会商", approved_by=deputy, actor=service_user
        )
    s.matter_extend(
        matter=matter, days=2, reason="多部门会商", approved_by=head, actor=service_user
    )
    matter.refresh_from_db()
    assert matter.handling_due_on == date(2026, 12, 2)


def test_feedback_is_due_one_working_day_after_completion_and_pushed_to_service(
    clock, units, service_user, levy_user
):
    matter = _handling(clock, units, service_user)
    clock.set(2026, 11, 27, 16)  # Friday
    s.matter_complete(matter=matter, result="已协调解决。", actor=levy_user)
    matter.refresh_from_db()
    assert matter.step_due_on == date(2026, 11, 30)
    clock.set(2026, 12, 1, 9)
    with pytest.raises(RuleViolation, match="反馈内容"):
        s.matter_reply(matter=matter, reply_text="  ", actor=levy_user)
    s.matter_reply(matter=matter, reply_text="您反映的问题已协调解决。", actor=levy_user)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REPLIED
    assert matter.outcome == Outcome.RESOLVED
    assert matter.events.get(action="reply").data == {"late": True}
    queued = {(m.topic, m.to) for m in OutboxMessage.objects.filter(reference=matter.number)}
    assert ("taxpayer.staff", "nsfw@example.gov.cn") in queued
    assert ("taxpayer.matter", "taxpayer@example.com") in queued


def test_closed_loop_needs_a_revisit_before_reconciliation(clock, units, service_user, levy_user):
    matter = _handling(clock, units, service_user)
    s.matter_complete(matter=matter, result="已办理。", actor=levy_user)
    s.matter_reply(matter=matter, reply_text="已办理。", actor=levy_user)
    with pytest.raises(RuleViolation, match="当前状态为“已反馈纳税人”，不能对账销号"):
        s.matter_reconcile(matter=matter, actor=service_user)
    with pytest.raises(RuleViolation, match="没有权限回访"):
        s.matter_revisit(matter=matter, note="满意", actor=levy_user)
    s.matter_revisit(matter=matter, note="纳税人表示满意", level=5, actor=service_user)
    s.matter_reconcile(matter=matter, actor=service_user)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.CLOSED
    assert matter.closed_on == date(2026, 11, 23)
    assert [e.action for e in matter.events.all()] == [
        "register",
        "assign",
        "complete",
        "reply",
        "revisit",
        "reconcile",
    ]


def test_another_departments_staff_cannot_handle_it(clock, units, service_user, policy_user):
    matter = _handling(clock, units, service_user)
    with pytest.raises(RuleViolation, match="没有权限办结"):
        s.matter_complete(matter=matter, result="越权", actor=policy_user)
    assert Matter.objects.get(pk=matter.pk).status == MatterStatus.HANDLING


def test_on_the_spot_answer_closes_at_once_but_only_the_same_day(clock, units, levy_user):
    clock.set(2026, 11, 20, 9)
    matter = file_appeal(
        channel="hotline_12366", first_responder=levy_user, receiving_unit_id=units["levy"].pk
    )
    s.matter_answer_on_spot(matter=matter, answer="已当场解答。", actor=levy_user)
    matter.refresh_from_db()
    assert (matter.status, matter.outcome) == (MatterStatus.CLOSED, Outcome.ON_THE_SPOT)
    assert matter.completed_on == matter.replied_on == matter.closed_on == date(2026, 11, 20)
    later = file_appeal(
        channel="hotline_12366", first_responder=levy_user, receiving_unit_id=units["levy"].pk
    )
    clock.set(2026, 11, 23, 9)
    with pytest.raises(RuleViolation, match="受理当天"):
        s.matter_answer_on_spot(matter=later, answer="迟了", actor=levy_user)


def test_policy_suggestion_waits_for_conditions_then_gets_a_new_clock(clock, units, service_user):
    matter = _handling(clock, units, service_user)
    s.matter_defer(matter=matter, reason="建议已记录，待系统升级时统筹考虑。", actor=service_user)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.DEFERRED and matter.step_due_on is None
    clock.set(2026, 12, 7, 9)
    s.matter_resume(matter=matter, actor=service_user)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.HANDLING
    assert matter.handling_due_on == date(2026, 12, 14)


@pytest.mark.parametrize(
    ("service", "extra", "outcome"),
    [
        ("matter_route_review", {}, Outcome.REVIEW),
        ("matter_escalate", {"organ": "国家税务总局某省税务局"}, Outcome.ESCALATED),
        ("matter_pass_down", {"organ": "某县税务局"}, Outcome.PASSED_DOWN),
    ],
)
def test_review_and_other_levels_take_the_matter_out_of_this_ledger(
    clock, units, service_user, service, extra, outcome
):
    matter = _handling(clock, units, service_user)
    getattr(s, service)(
        matter=matter, explanation="请按告知途径办理。", actor=service_user, **extra
    )
    matter.refresh_from_db()
    assert (matter.status, matter.outcome) == (MatterStatus.TRANSFERRED, outcome)
    assert matter.step_due_on is None


def test_bad_registration_is_refused_in_chinese_and_stores_nothing(units):
    for field, value, message in [
        ("category", "tax", "请选择诉求类别"),
        ("channel", "wechat", "请选择受理渠道"),
        ("phone", "12345", "有效的手机号码"),
        ("content", "   ", "请填写诉求和意见"),
        ("email", "not-an-email", "有效的电子邮箱"),
        ("taxpayer_id", "ABC", "纳税人识别号"),
    ]:
        with pytest.raises(RuleViolation, match=message):
            file_appeal(**{field: value})
    assert not Matter.objects.exists()


def test_open_clocks_follow_a_calendar_change(
    clock, units, service_user, django_capture_on_commit_callbacks
):
    matter = _handling(clock, units, service_user)
    assert matter.handling_due_on == date(2026, 11, 30)
    with django_capture_on_commit_callbacks(execute=True):
        CalendarOverride.objects.create(date=date(2026, 11, 25), kind="holiday", name="临时休息")
    matter.refresh_from_db()
    assert matter.handling_due_on == date(2026, 12, 1)
    assert matter.step_due_on == date(2026, 12, 1)

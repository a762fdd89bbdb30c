"""首问责任 and 限时办结 (seed 001 一、二): the 首问登记台账, the guide's published limit as the
clock, the extension approved before the deadline, and the 收件回执."""

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from portal.errors import RuleViolation
from taxpayer import rules
from taxpayer.models import Matter, MatterStatus
from taxpayer.receipts import receipt_pdf
from taxpayer.services import matters as s
from tests.taxpayer.conftest import file_first_contact

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("10个工作日", 10),
        ("20个工作日（可延长不超过20个工作日）", 20),
        ("5 工作日", 5),
        ("即办", 0),
        ("当场办结", 0),
        ("30日", None),
        ("", None),
    ],
)
def test_published_limits_are_read_as_working_days(text, days):
    assert rules.limit_working_days(text) == days


def test_the_promised_limit_wins_over_the_statutory_one():
    assert rules.guide_limit("10个工作日", "20个工作日") == (10, "10个工作日")
    assert rules.guide_limit("", "20个工作日") == (20, "20个工作日")
    assert rules.guide_limit("尽快", "依法定") == (None, "尽快")


def test_the_guides_limit_drives_the_deadline_from_the_day_of_receipt(
    clock, units, hall_user, guide
):
    clock.set(2026, 9, 30, 10)  # 10 working days over National Day, Saturday 10-10 included
    matter = file_first_contact(
        first_responder=hall_user, receiving_unit_id=units["hall"].pk, guide_id=guide.pk
    )
    assert matter.number == "SW-2026-000001"
    assert (matter.guide_name, matter.limit_text) == (guide.name, "10个工作日")
    assert matter.status == MatterStatus.REGISTERED
    assert matter.step_label == "转办承办人"
    assert matter.handling_due_on == matter.step_due_on == date(2026, 10, 20)


def test_a_guide_without_working_days_needs_a_limit_by_hand(clock, units, hall_user, guide):
    guide.promised_limit = "尽快办理"
    guide.statutory_limit = ""
    guide.save()
    with pytest.raises(RuleViolation, match="请填写办理时限"):
        file_first_contact(first_responder=hall_user, guide_id=guide.pk)
    assert not Matter.objects.exists()
    matter = file_first_contact(first_responder=hall_user, guide_id=guide.pk, limit_days=3)
    assert matter.handling_days == 3


def test_first_responder_forwards_and_the_handler_answers(
    clock, units, hall_user, levy_user, guide
):
    clock.set(2026, 11, 20, 10)
    matter = file_first_contact(
        first_responder=hall_user, receiving_unit_id=units["hall"].pk, guide_id=guide.pk
    )
    s.matter_assign(
        matter=matter, host_unit_id=units["levy"].pk, handler=levy_user, actor=hall_user
    )
    matter.refresh_from_db()
    assert matter.handling_due_on == date(2026, 12, 4)  # the clock ran from receipt
    s.matter_complete(matter=matter, result="已核准限额。", actor=levy_user)
    s.matter_reply(matter=matter, reply_text="您的申请已核准。", actor=levy_user)
    s.matter_reconcile(matter=matter, actor=hall_user)  # no 回访 step for a 首问 matter
    matter.refresh_from_db()
    assert matter.status == MatterStatus.CLOSED
    assert [e.label for e in matter.events.all()] == [
        "受理登记",
        "转交承办部门办理",
        "办结",
        "反馈纳税人",
        "对账销号",
    ]


def test_extension_is_approved_by_the_deputy_before_the_deadline(
    clock, units, hall_user, deputy, guide
):
    clock.set(2026, 11, 20, 10)
    matter = file_first_contact(
        first_responder=hall_user, receiving_unit_id=units["hall"].pk, guide_id=guide.pk
    )
    with pytest.raises(RuleViolation, match="1至10个工作日"):
        s.matter_extend(
            matter=matter, days=11, reason="需实地核查", approved_by=deputy, actor=hall_user
        )
    s.matter_extend(matter=matter, days=5, reason="需实地核查", approved_by=deputy, actor=hall_user)
    matter.refresh_from_db()
    assert matter.handling_due_on == date(2026, 12, 11)
    clock.set(2026, 12, 14, 9)
    with pytest.raises(RuleViolation, match="届满前"):
        s.matter_extend(matter=matter, days=1, reason="再延", approved_by=deputy, actor=hall_user)


def test_receipt_pdf_has_the_ledger_fields_of_seed_001(clock, units, hall_user, levy_user, guide):
    clock.set(2026, 11, 20, 10)
    matter = file_first_contact(
        first_responder=hall_user, receiving_unit_id=units["hall"].pk, guide_id=guide.pk
    )
    s.matter_assign(
        matter=matter, host_unit_id=units["levy"].pk, handler=levy_user, actor=hall_user
    )
    matter.refresh_from_db()
    pages = PdfReader(BytesIO(receipt_pdf(matter))).pages
    text = "".join(page.extract_text() for page in pages).replace("\n", "")
    for expected in [
        "收件回执",
        "接洽（受理）时间",
        "2026年11月20日 10:00",
        "张三",
        "139****9000",
        "首问事项",
        "申请调整增值税专用发票最高开票限额",
        "首问责任人（受理人）",
        "hallstaff",
        "承办人",
        "征收管理科",
        "10个工作日，办理期限2026年12月4日",
        "办理答复时间",
        "第一办税服务厅",
    ]:
        assert expected in text, expected

"""The scheduled commands: the daily digest naming the step and the person responsible, and the
purge of personal data after the retention period."""

import os
from datetime import date, time
from io import StringIO

import pytest
from django.core.management import call_command

from portal.models import OutboxMessage
from taxpayer.models import AuditLog, Matter
from taxpayer.services import appointments as a
from taxpayer.services import matters as s
from tests.taxpayer.conftest import file_appeal

pytestmark = pytest.mark.django_db


def test_digest_names_the_step_and_the_person_and_reaches_them(
    clock, units, service_user, levy_user
):
    clock.set(2026, 11, 20, 10)
    matter = file_appeal()
    s.matter_assign(
        matter=matter, host_unit_id=units["levy"].pk, handler=levy_user, actor=service_user
    )
    quiet = file_appeal(content="另一个诉求")
    s.matter_assign(matter=quiet, host_unit_id=units["levy"].pk, actor=service_user)
    clock.set(2026, 11, 26, 7)  # due Friday 11-27: one working day left
    out = StringIO()
    call_command("taxpayer_reminders", "--dry-run", stdout=out)
    assert f"【即将到期】纳税人诉求 {matter.number}：“办理”环节期限2026年11月27日" in out.getvalue()
    assert "责任人：征收管理科，王" in out.getvalue()
    assert not OutboxMessage.objects.filter(topic="taxpayer.digest").exists()
    clock.set(2026, 11, 30, 7)
    out = StringIO()
    call_command("taxpayer_reminders", stdout=out)
    assert "【已超期】" in out.getvalue()
    digests = {m.to: m.body for m in OutboxMessage.objects.filter(topic="taxpayer.digest")}
    assert matter.number in digests["levy@example.gov.cn"]
    assert quiet.number in digests["nsfw@example.gov.cn"]  # the 纳税服务部门 gets everything


def test_personal_data_is_purged_after_retention_and_statistics_stay(
    clock, units, service_user, hall
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    clock.set(2024, 11, 20, 10)
    matter = file_appeal(attachment=SimpleUploadedFile("说明.pdf", b"%PDF-1.4 demo"))
    stored = matter.attachment.path
    s.matter_answer_on_spot(matter=matter, answer="已答复", actor=service_user)
    open_one = file_appeal(content="仍在办理")
    a.appointment_book(
        hall_id=hall.pk,
        day=date(2024, 11, 21),
        starts_at=time(9, 0),
        subject="consultation",
        question="咨询",
        taxpayer_name="乙",
        phone="13800138000",
    )
    clock.set(2026, 11, 21, 3)
    out = StringIO()
    call_command("taxpayer_purge_pii", "--days", "730", stdout=out)
    assert (
        "已清除 1 件诉求和首问事项、0 个预约" in out.getvalue()
    )  # the appointment is still 已预约
    matter.refresh_from_db()
    assert (matter.phone, matter.email, matter.taxpayer_name) == ("", "", "（个人信息已按期清除）")
    assert matter.outcome == "on_the_spot" and matter.closed_on == date(2024, 11, 20)
    assert not matter.attachment and not os.path.exists(stored)
    assert not OutboxMessage.objects.filter(reference=matter.number).exists()
    assert Matter.objects.get(pk=open_one.pk).phone == "13800138000"
    assert AuditLog.objects.filter(action="purge_pii", record_number=matter.number).exists()
    call_command("taxpayer_reminders", stdout=StringIO())  # the missed appointment → 主动放弃
    clock.set(2026, 11, 22, 3)  # the appointment day (2024-11-21) is 730 days back only now
    out = StringIO()
    call_command("taxpayer_purge_pii", stdout=out)
    assert "0 件诉求和首问事项、1 个预约" in out.getvalue()

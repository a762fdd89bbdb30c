"""The staff ledger in the Wagtail admin: who sees what, registration, actions from the
transition table, masked contacts revealed only with an audit row, the XLSX export."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from taxpayer.models import AuditLog, Matter, MatterStatus
from taxpayer.services import matters as s
from taxpayer.transitions import MATTER_TRANSITIONS, available
from tests.taxpayer.conftest import file_appeal, file_first_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(clock, units, service_user):
    clock.set(2026, 11, 20, 10)
    matter = file_appeal()
    return s.matter_assign(matter=matter, host_unit_id=units["levy"].pk, actor=service_user)


def test_service_department_sees_all_a_department_only_its_own(
    client, assigned, units, levy_user, policy_user, service_user
):
    client.force_login(service_user)
    assert assigned.number in client.get("/admin/taxpayer/").content.decode()
    client.force_login(levy_user)
    assert assigned.number in client.get("/admin/taxpayer/").content.decode()
    assert client.get(f"/admin/taxpayer/{assigned.pk}/").status_code == 200
    client.force_login(policy_user)
    assert assigned.number not in client.get("/admin/taxpayer/").content.decode()
    refused = client.get(f"/admin/taxpayer/{assigned.pk}/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's refusal
    assert AuditLog.objects.filter(action="denied", user=policy_user).exists()


def test_ledger_masks_contacts_and_reveal_is_audited(client, assigned, service_user):
    client.force_login(service_user)
    html = client.get("/admin/taxpayer/").content.decode()
    assert "138****8000" in html and "13800138000" not in html
    detail = client.get(f"/admin/taxpayer/{assigned.pk}/").content.decode()
    assert "13800138000" not in detail
    revealed = client.post(f"/admin/taxpayer/{assigned.pk}/reveal/").content.decode()
    assert "13800138000" in revealed
    assert AuditLog.objects.filter(
        action="reveal_pii", record_number=assigned.number, user=service_user
    ).exists()


def test_changing_the_contact_is_audited(client, assigned, service_user):
    client.force_login(service_user)
    bad = client.post(
        f"/admin/taxpayer/{assigned.pk}/contact/", {"contact-phone": "12", "contact-email": ""}
    )
    assert bad.status_code == 400 and "有效的手机号码" in bad.content.decode()
    client.post(
        f"/admin/taxpayer/{assigned.pk}/contact/",
        {"contact-phone": "13911112222", "contact-email": "new@example.com"},
    )
    assigned.refresh_from_db()
    assert (assigned.phone, assigned.email) == ("13911112222", "new@example.com")
    assert AuditLog.objects.filter(action="change_contact", record_number=assigned.number).exists()


def test_detail_offers_only_the_actions_of_the_table_for_this_person(
    client, assigned, levy_user, service_user
):
    allowed = [t.label for t in available(MATTER_TRANSITIONS, "appeal", MatterStatus.HANDLING)]
    client.force_login(service_user)
    html = client.get(f"/admin/taxpayer/{assigned.pk}/").content.decode()
    for label in allowed:
        assert f"<strong>{label}</strong>" in html
    assert "<strong>回访</strong>" not in html
    client.force_login(levy_user)
    html = client.get(f"/admin/taxpayer/{assigned.pk}/").content.decode()
    assert "<strong>办结</strong>" in html and "<strong>对账销号</strong>" not in html


def test_action_through_the_admin_and_refusal_in_the_wrong_state(
    client, clock, assigned, levy_user
):
    client.force_login(levy_user)
    response = client.post(
        f"/admin/taxpayer/{assigned.pk}/action/complete/", {"complete-result": "已办理完毕。"}
    )
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == MatterStatus.COMPLETED
    again = client.post(
        f"/admin/taxpayer/{assigned.pk}/action/complete/", {"complete-result": "重复"}
    )
    assert again.status_code == 400
    assert "当前状态为“已办结待反馈”，不能办结" in again.content.decode()


def test_a_future_date_is_refused(client, clock, assigned, levy_user):
    client.force_login(levy_user)
    response = client.post(
        f"/admin/taxpayer/{assigned.pk}/action/complete/",
        {"complete-result": "已办理。", "complete-on": "2026-12-31"},
    )
    assert response.status_code == 400
    assert "办结日期不能晚于今天" in response.content.decode()
    assert Matter.objects.get(pk=assigned.pk).status == MatterStatus.HANDLING


def test_staff_registration_with_an_on_the_spot_answer(client, clock, units, hall_user, guide):
    clock.set(2026, 11, 20, 10)
    client.force_login(hall_user)
    form = client.get("/admin/taxpayer/register/").content.decode()
    assert "12366纳税服务热线" in form and "到税务机关当面办理" in form
    response = client.post(
        "/admin/taxpayer/register/",
        {
            "kind": "appeal",
            "channel": "hotline_12345",
            "category": "service",
            "received_at": "2026-11-20T09:30",
            "receiving_unit_id": units["hall"].pk,
            "taxpayer_name": "王五",
            "phone": "13700137000",
            "content": "咨询发票领用流程",
            "on_the_spot": "on",
            "answer": "已当场讲解领用流程。",
        },
    )
    assert response.status_code == 302
    matter = Matter.objects.get()
    assert matter.status == MatterStatus.CLOSED and matter.first_responder == hall_user
    bad = client.post(
        "/admin/taxpayer/register/",
        {
            "kind": "appeal",
            "channel": "hotline_12345",
            "received_at": "2026-11-20T09:30",
            "taxpayer_name": "王五",
            "phone": "13700137000",
            "content": "无类别",
        },
    )
    assert bad.status_code == 200 and "请选择诉求类别" in bad.content.decode()
    assert Matter.objects.count() == 1


def test_export_is_masked_and_audited(client, assigned, service_user, clock, units, hall_user):
    file_first_contact(first_responder=hall_user, limit_days=3)
    client.force_login(service_user)
    response = client.get("/admin/taxpayer/export.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("编号", "类型", "受理渠道")
    numbers = {row[0] for row in rows[1:]}
    assert assigned.number in numbers and len(numbers) == 2
    assert all("13800138000" not in str(cell) for row in rows for cell in row)
    assert AuditLog.objects.filter(action="export", user=service_user).exists()


def test_anonymous_and_unrelated_staff_are_kept_out(client, django_user_model, assigned):
    assert client.get("/admin/taxpayer/").status_code == 302
    outsider = django_user_model.objects.create_user("editor", password="pw-12345-x")
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    refused = client.get("/admin/taxpayer/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_export_has_chinese_names_and_a_frozen_header(client, assigned, service_user, clock):
    from urllib.parse import quote

    client.force_login(service_user)
    response = client.get("/admin/taxpayer/export.xlsx")
    assert quote("诉求与首问台账-") in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "诉求与首问台账" and sheet.freeze_panes == "A2"

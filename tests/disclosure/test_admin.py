"""Staff side over HTTP: ledger, filters, export, registration, handling, access by group."""

from datetime import date
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from disclosure import services
from disclosure.models import AuditLog, DisclosureRequest, Status
from lists.models import Unit

from .factories import VALID_ID, RequestFactory

pytestmark = pytest.mark.django_db


def assert_denied(response):
    """Wagtail turns PermissionDenied into a redirect to the dashboard with an error message."""
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.fixture
def office_client(client, office_user):
    client.force_login(office_user)
    return client


def test_groups_exist_after_migration():
    office = Group.objects.get(name="政府信息公开办公室")
    department = Group.objects.get(name="承办部门")
    assert office.permissions.filter(codename="handle_disclosurerequest").exists()
    assert department.permissions.filter(codename="view_assigned_disclosurerequest").exists()
    assert not department.permissions.filter(codename="handle_disclosurerequest").exists()


def test_ledger_lists_and_filters(office_client, office_user):
    overdue = RequestFactory(received_on=date(2026, 9, 1))
    answered = RequestFactory(received_on=date(2026, 9, 2), channel="letter")
    services.request_reply(
        request=answered,
        outcome="disclose",
        reply_text="附后",
        replied_on=date(2026, 9, 10),
        actor=office_user,
    )
    page = office_client.get("/admin/disclosure/").content.decode()
    assert overdue.number in page and answered.number in page
    page = office_client.get("/admin/disclosure/?due=overdue").content.decode()
    assert overdue.number in page and answered.number not in page
    page = office_client.get("/admin/disclosure/?channel=letter").content.decode()
    assert answered.number in page and overdue.number not in page
    page = office_client.get("/admin/disclosure/?status=replied&year=2026").content.decode()
    assert answered.number in page and overdue.number not in page
    page = office_client.get(f"/admin/disclosure/?q={answered.number}").content.decode()
    assert answered.number in page and overdue.number not in page
    assert office_client.get("/admin/disclosure/?year=abc").status_code == 200


def test_export_masks_personal_data(office_client):
    request = RequestFactory(received_on=date(2026, 9, 1))
    response = office_client.get("/admin/disclosure/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [
        [str(c) if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)
    ]
    flat = " ".join(" ".join(r) for r in rows)
    assert request.number in flat
    assert VALID_ID not in flat
    assert "110***********002X" in flat
    assert "13800138000" not in flat
    assert AuditLog.objects.filter(action="export").exists()


def test_register_in_person_request_with_receipt_slip(office_client):
    response = office_client.post(
        "/admin/disclosure/register/",
        {
            "channel": "in_person",
            "received_on": "2026-11-30",  # 当面: the day submitted, today
            "applicant_kind": "natural_person",
            "applicant_name": "王五",
            "id_type": "resident_id",
            "id_number": VALID_ID,
            "phone": "13900139000",
            "address": "北京市",
            "description": "某某文件",
            "info_form": "paper",
            "delivery": "pickup",
        },
    )
    assert response.status_code == 302
    request = DisclosureRequest.objects.get()
    assert request.channel == "in_person"
    assert "当面" in request.receipt_basis
    detail = office_client.get(response["Location"]).content.decode()
    assert 'id="print-receipt"' in detail


def test_register_refuses_future_receipt_date(office_client):
    response = office_client.post(
        "/admin/disclosure/register/",
        {
            "channel": "registered_post",
            "received_on": "2099-01-05",
            "applicant_kind": "natural_person",
            "applicant_name": "王五",
            "id_type": "resident_id",
            "id_number": VALID_ID,
            "description": "某某文件",
            "info_form": "paper",
            "delivery": "post",
        },
    )
    assert response.status_code == 200
    assert "不能晚于今天" in response.content.decode()
    assert DisclosureRequest.objects.count() == 0


def test_handling_action_over_http_and_bad_input(office_client):
    request = RequestFactory(received_on=date(2026, 9, 18))
    bad = office_client.post(
        f"/admin/disclosure/{request.pk}/action/extend/",
        {"extend-notified_on": "2026-10-20", "extend-days": "30", "extend-reason": "x"},
    )
    assert bad.status_code == 400
    request.refresh_from_db()
    assert request.extended_days == 0
    ok = office_client.post(
        f"/admin/disclosure/{request.pk}/action/consult_start/",
        {
            "consult_start-started_on": "2026-11-27",  # its 15 working days still run
            "consult_start-party": "某公司",
            "consult_start-third_party": "1",
        },
    )
    assert ok.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.CONSULTING
    wrong_state = office_client.post(
        f"/admin/disclosure/{request.pk}/action/reply/",
        {"reply-replied_on": "2026-09-22", "reply-outcome": "disclose", "reply-reply_text": "x"},
    )
    assert wrong_state.status_code == 400
    assert "不能答复" in wrong_state.content.decode()


def test_department_user_cannot_open_unassigned_request(
    client, department_user, department, office_user
):
    assigned = RequestFactory(received_on=date(2026, 9, 18))
    unassigned = RequestFactory(received_on=date(2026, 9, 18))
    services.request_assign(request=assigned, department_id=department.pk, actor=office_user)
    client.force_login(department_user)
    assert_denied(client.get(f"/admin/disclosure/{unassigned.pk}/"))
    assert client.get(f"/admin/disclosure/{assigned.pk}/").status_code == 200
    ledger = client.get("/admin/disclosure/").content.decode()
    assert assigned.number in ledger and unassigned.number not in ledger
    notice = unassigned.notices.get()
    assert_denied(client.get(f"/admin/disclosure/notices/{notice.pk}.pdf"))
    # A department member may not handle, only give feedback.
    response = client.post(
        f"/admin/disclosure/{assigned.pk}/action/withdraw/", {"withdraw-withdrawn_on": "2026-09-21"}
    )
    assert_denied(response)
    assigned.refresh_from_db()
    assert assigned.status == Status.PROCESSING
    assignment = assigned.assignments.get()
    response = client.post(
        f"/admin/disclosure/{assigned.pk}/feedback/{assignment.pk}/",
        {
            f"feedback-{assignment.pk}-assignment": assignment.pk,
            f"feedback-{assignment.pk}-feedback": "已提供材料",
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.feedback_by == department_user


def test_detail_is_masked_and_show_is_audited(office_client, office_user):
    request = RequestFactory(received_on=date(2026, 9, 18))
    page = office_client.get(f"/admin/disclosure/{request.pk}/").content.decode()
    assert VALID_ID not in page
    assert "110***********002X" in page
    assert AuditLog.objects.filter(request=request, action="view", user=office_user).exists()
    revealed = office_client.post(f"/admin/disclosure/{request.pk}/reveal/").content.decode()
    assert VALID_ID in revealed
    log = AuditLog.objects.get(request=request, action="reveal_pii")
    assert log.user == office_user and log.ip == "127.0.0.1"


def test_department_user_cannot_reveal(client, department_user, department, office_user):
    request = RequestFactory(received_on=date(2026, 9, 18))
    services.request_assign(request=request, department_id=department.pk, actor=office_user)
    client.force_login(department_user)
    assert_denied(client.post(f"/admin/disclosure/{request.pk}/reveal/"))
    assert not AuditLog.objects.filter(action="reveal_pii").exists()


def test_dashboard_panel_shows_overdue_with_responsibility(office_client):
    request = RequestFactory(received_on=date(2026, 9, 1))
    page = office_client.get("/admin/").content.decode()
    assert "依申请公开期限预警" in page
    assert request.number in page
    assert "责任人" in page


def test_fee_calculator(office_client):
    page = office_client.get("/admin/disclosure/fees/?method=per_volume&quantity=120")
    assert "1100" in page.content.decode()
    assert office_client.get("/admin/disclosure/fees/?method=x&quantity=-1").status_code == 200


def test_anonymous_is_sent_to_login(client):
    request = RequestFactory(received_on=date(2026, 9, 18))
    response = client.get(f"/admin/disclosure/{request.pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_ledger_filters_by_unit_and_open_status_and_reports_bad_input_in_chinese(
    office_client, office_user, department
):
    other_unit = Unit.objects.create(name="纳税服务司")
    assigned = RequestFactory(received_on=date(2026, 9, 1))
    services.request_assign(request=assigned, department_id=department.pk, actor=office_user)
    services.request_assign(request=assigned, department_id=other_unit.pk, actor=office_user)
    other = RequestFactory(received_on=date(2026, 9, 2))
    closed = RequestFactory(received_on=date(2026, 9, 3))
    services.request_withdraw(request=closed, withdrawn_on=date(2026, 9, 4))

    page = office_client.get(f"/admin/disclosure/?department={department.pk}").text
    assert assigned.number in page and other.number not in page
    assert page.count(f">{assigned.number}<") == 1  # two transfers, one row
    page = office_client.get("/admin/disclosure/?status=open").text
    assert assigned.number in page and other.number in page and closed.number not in page

    page = office_client.get("/admin/disclosure/?year=abc&channel=online").text
    assert "输入整数" in page
    assert assigned.number in page  # the valid filters still apply
    page = office_client.get("/admin/disclosure/?year=1999").text
    assert "2000" in page and "确保该值大于或等于" in page
    page = office_client.get("/admin/disclosure/?status=bogus&department=999999").text
    assert "选择一个有效的选项" in page
    response = office_client.get(f"/admin/disclosure/export.xlsx?department={other_unit.pk}")
    assert response.status_code == 200


def test_assigning_offers_the_units_of_the_organisation_list(office_client, department):
    request = RequestFactory(received_on=date(2026, 11, 2))
    page = office_client.get(f"/admin/disclosure/{request.pk}/").text
    assert f'<option value="{department.pk}">征收管理科</option>' in page
    response = office_client.post(
        f"/admin/disclosure/{request.pk}/action/assign/",
        {
            "assign-department_id": department.pk,
            "assign-instructions": "请提供清单",
            "assign-feedback_days": "5",
        },
    )
    assert response.status_code == 302
    assert request.assignments.get().department == department
    bad = office_client.post(
        f"/admin/disclosure/{request.pk}/action/assign/",
        {"assign-department_id": "999999", "assign-feedback_days": "5"},
    )
    assert bad.status_code == 400
    assert request.assignments.count() == 1


def test_department_members_come_from_the_unit(client, office_user, department, django_user_model):
    request = RequestFactory(received_on=date(2026, 11, 2))
    services.request_assign(request=request, department_id=department.pk, actor=office_user)
    outsider = django_user_model.objects.create_user("outsider", password="pw-out-123")
    outsider.groups.add(Group.objects.get(name="承办部门"))
    client.force_login(outsider)
    assert_denied(client.get(f"/admin/disclosure/{request.pk}/"))
    department.members.add(outsider)
    page = client.get(f"/admin/disclosure/{request.pk}/").text
    assert "征收管理科 反馈" in page


def test_office_group_may_maintain_unit_members_not_departments():
    office = Group.objects.get(name="政府信息公开办公室")
    codenames = set(office.permissions.values_list("codename", flat=True))
    assert {"view_unit", "change_unit"} <= codenames
    assert not {c for c in codenames if c.endswith("_department")}

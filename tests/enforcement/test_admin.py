"""The rows in the admin: snippet screens, review workflow attached, model rights of the groups."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from enforcement.models import EnforcementDecision, FeeItem
from tests.enforcement.builders import credit_code, decision, fee
from tests.lists.factories import StaffFactory


def test_rows_have_the_editorial_review_workflow(unit):
    assert EnforcementDecision().get_workflow().name == "政策文件发布审核"
    assert FeeItem().get_workflow() is not None
    editor = set(Group.objects.get(name="编辑").permissions.values_list("codename", flat=True))
    assert {"add_enforcementdecision", "change_feeitem"} <= editor
    assert "publish_enforcementdecision" not in editor
    secrecy = Group.objects.get(name="保密审查员").permissions.values_list("codename", flat=True)
    assert "publish_enforcementdecision" in secrecy


@pytest.mark.parametrize("model", ["enforcementdecision", "feeitem"])
def test_every_admin_screen_renders(unit, admin_client, model):
    row = decision(unit) if model == "enforcementdecision" else fee()
    base = f"/admin/snippets/enforcement/{model}/"
    for url in (base, f"{base}add/", f"{base}edit/{row.pk}/", f"{base}?q=测试"):
        assert admin_client.get(url).status_code == 200, url
    assert admin_client.get("/admin/enforcement/").status_code == 200
    kind = "decisions" if model == "enforcementdecision" else "fees"
    assert admin_client.get(f"/admin/enforcement/export/{kind}.xlsx").status_code == 200


def test_editor_submits_a_new_decision_for_review_and_it_stays_private(unit, client):
    staff = Client()
    staff.force_login(StaffFactory(username="enf-admin-editor", groups=["编辑"]))
    response = staff.post(
        "/admin/snippets/enforcement/enforcementdecision/add/",
        {
            "kind": "XK",
            "document_number": "京税许〔2025〕77号",
            "party_name": "北京青禾农业科技有限公司",
            "party_type": "legal_person",
            "credit_code": credit_code(),
            "matter": "增值税防伪税控系统最高开票限额审批",
            "basis": "国务院令第412号",
            "content": "准予许可",
            "decided_on": "2025-06-01",
            "unit": str(unit.pk),
            "action-submit": "action-submit",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = EnforcementDecision.objects.get(document_number="京税许〔2025〕77号")
    assert not row.live and row.workflow_in_progress
    assert "北京青禾农业" not in client.get("/xxgk/fdzdgknr/enforcement/").content.decode()


def test_admin_form_refuses_a_bad_credit_code_in_chinese(unit, admin_client):
    response = admin_client.post(
        "/admin/snippets/enforcement/enforcementdecision/add/",
        {
            "kind": "CF",
            "document_number": "京税罚〔2025〕78号",
            "party_name": "北京青禾农业科技有限公司",
            "party_type": "legal_person",
            "credit_code": "91110108MA01ABCD1X",
            "matter": "未按期申报",
            "basis": "征管法第六十二条",
            "content": "罚款",
            "decided_on": "2025-06-01",
            "unit": str(unit.pk),
        },
    )
    assert response.status_code == 200
    assert "校验位不正确" in response.content.decode()
    assert not EnforcementDecision.objects.exists()


def test_a_reviewer_publishing_directly_submits_the_row_to_review_instead(unit, client):
    """条例第十七条: 审核人 may approve in the chain, never skip 保密审查 by pressing 发布."""
    from cms.review import REVIEW_REQUIRED, snippet_publish_in_emergency
    from portal.errors import RuleViolation

    row = decision(unit, published=False, party_name="北京紫藤咨询有限公司")
    reviewer = StaffFactory(username="enf-reviewer", groups=["审核人"])
    with pytest.raises(RuleViolation) as refused:
        row.save_revision(user=reviewer).publish(user=reviewer)
    assert REVIEW_REQUIRED in refused.value.text
    row.refresh_from_db()
    assert not row.live
    assert "北京紫藤咨询" not in client.get("/xxgk/fdzdgknr/enforcement/").content.decode()

    emergency = StaffFactory(username="enf-emergency", groups=["审核人", "紧急发布"])
    snippet_publish_in_emergency(obj=row, user=emergency, reason="涉及公共安全，须立即公示")
    row.refresh_from_db()
    assert row.live and row.workflow_in_progress  # published now, reviewed afterwards

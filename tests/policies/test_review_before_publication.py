"""Issue 17 item 6: 保密审查 cannot be skipped (条例第十七条). A 审核人 pressing 发布 submits the
page to 部门审核 → 保密审查; only a member of 紧急发布 publishes at once, with the reason
recorded, and the page is listed until its review approves it afterwards."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageLogEntry

from cms.models import EmergencyPublication
from cms.review import page_publish_in_emergency
from policies.models import InterpretationIndexPage, PolicyDocumentPage, PolicyIndexPage
from portal.errors import RuleViolation
from tests.policies.factories import InterpretationFactory, PolicyDocumentFactory
from tests.review import approve_review

EMERGENCY_REASON = "台风预警期间延期申报的公告须立即公开"


@pytest.fixture
def people(site_tree, django_user_model):
    def member(username: str, *groups: str):
        user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
        for name in ("编辑", *groups):
            user.groups.add(Group.objects.get(name=name))
        return user

    return {
        "reviewer": member("reviewer", "审核人"),
        "secrecy": member("secrecy", "保密审查员"),
        "emergency": member("duty", "审核人", "紧急发布"),
    }


def _edit_data(page: PolicyDocumentPage, **fields: str) -> dict:
    return {
        "title": page.title,
        "slug": page.slug,
        "level": page.level,
        "validity": page.validity,
        "topic": page.topic,
        "body-count": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_a_reviewer_pressing_publish_submits_the_document_to_review(client, people):
    draft = PolicyDocumentFactory(title="关于延期申报的公告", publish=False)
    client.force_login(people["reviewer"])
    edit_page = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in edit_page

    response = client.post(
        f"/admin/pages/{draft.pk}/edit/", _edit_data(draft, **{"action-publish": "1"})
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert draft.current_workflow_state.current_task_state.task.name == "部门审核"
    assert not PageLogEntry.objects.filter(page=draft, action="wagtail.publish").exists()

    approve_review(draft, people["secrecy"])
    assert draft.live


def test_no_path_publishes_a_reviewed_page_for_a_person_outside_review(people):
    draft = PolicyDocumentFactory(title="关于延期申报的公告", publish=False)
    with pytest.raises(RuleViolation, match="发布须经审核流程"):
        draft.get_latest_revision().publish(user=people["reviewer"])
    interpretation = InterpretationFactory(documents=[draft])
    with pytest.raises(RuleViolation, match="发布须经审核流程"):
        interpretation.get_latest_revision().publish(user=people["emergency"])
    draft.refresh_from_db()
    assert not draft.live


@pytest.mark.parametrize(
    "column",
    [
        "policies.PolicyIndexPage",
        "policies.InterpretationIndexPage",
        "consultation.ConsultationIndexPage",
        "annual_report.AnnualReportIndexPage",
        "lists.PowerListIndexPage",
    ],
)
def test_every_publishing_column_has_a_review_chain(site_tree, column):
    from django.apps import apps

    page = apps.get_model(column).objects.get()
    assert page.get_workflow() is not None


def test_an_emergency_publication_records_the_reason_and_is_reviewed_afterwards(client, people):
    draft = PolicyDocumentFactory(title="关于延期申报的公告", publish=False)
    with pytest.raises(RuleViolation, match="只有“紧急发布”组成员"):
        page_publish_in_emergency(page=draft, user=people["reviewer"], reason=EMERGENCY_REASON)

    client.force_login(people["emergency"])
    edit_page = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert f"/admin/emergency-publish/{draft.pk}/" in edit_page
    response = client.post(f"/admin/emergency-publish/{draft.pk}/", {"reason": "  "})
    assert response.status_code == 200 and "请填写紧急发布的原因。" in response.content.decode()
    assert not EmergencyPublication.objects.exists()

    response = client.post(f"/admin/emergency-publish/{draft.pk}/", {"reason": EMERGENCY_REASON})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    record = EmergencyPublication.objects.get()
    assert (record.page_id, record.published_by, record.reason) == (
        draft.pk,
        people["emergency"],
        EMERGENCY_REASON,
    )
    assert draft.current_workflow_state.current_task_state.task.name == "部门审核"

    client.force_login(people["reviewer"])
    listing = client.get("/admin/emergency-publications/").content.decode()
    assert f'data-emergency="{draft.pk}"' in listing and EMERGENCY_REASON in listing

    approve_review(draft, people["secrecy"])
    record.refresh_from_db()
    assert record.reviewed_at is not None
    listing = client.get("/admin/emergency-publications/").content.decode()
    assert 'data-emergency="none"' in listing


def test_pages_published_by_no_person_are_not_held(site_tree):
    """Imports, demo loading and scheduled go-live publish without a person."""
    document = PolicyDocumentFactory(title="导入的文件")
    assert document.live
    assert PolicyIndexPage.objects.get().get_workflow() is not None
    assert InterpretationIndexPage.objects.get().get_workflow() is not None


def test_a_copy_of_a_live_document_starts_as_a_draft(client, site_tree, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "pw"))
    original = PolicyDocumentFactory(title="关于延期申报的公告")
    response = client.post(
        f"/admin/pages/{original.pk}/copy/",
        {
            "new_title": "关于延期申报的公告（副本）",
            "new_slug": "copy-of-notice",
            "new_parent_page": str(original.get_parent().pk),
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    assert not PolicyDocumentPage.objects.get(slug="copy-of-notice").live

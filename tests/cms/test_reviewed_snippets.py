"""The generic review guard for snippets (`cms.models.ReviewedSnippet`, `cms.review`), shown on a
list model that applies it: drafts and revisions, the shared chain 部门审核 → 保密审查 assigned by
content type, a restarted chain when a draft changes in review, and the pending list of
emergency publications holding pages and snippets alike."""

import pytest
from django.contrib.auth.models import Group

from cms.review import (
    page_publish_in_emergency,
    pending_emergency_publications,
    review_status,
    save_draft,
    snippet_publish_in_emergency,
    submit_for_review,
)
from cms.services.workflow import ensure_snippet_review_workflow
from lists.models import PowerItem
from portal.errors import RuleViolation
from tests.lists.factories import UnitFactory
from tests.policies.factories import PolicyDocumentFactory
from tests.review import approve_review


@pytest.fixture
def people(site_tree, django_user_model):
    def member(username: str, *groups: str):
        user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return {
        "secrecy": member("secrecy", "保密审查员"),
        "duty": member("duty", "审核人", "紧急发布"),
    }


def _item(**fields) -> PowerItem:
    return PowerItem(
        code="11100000000013239N-JL-010",
        name="检举奖励",
        power_type="JL",
        implementing_body="税务机关",
        legal_basis="某办法第三条",
        handling_unit=UnitFactory(),
        **fields,
    )


def test_a_draft_is_reviewed_by_the_chain_assigned_to_its_model(people):
    item = _item()
    save_draft(obj=item, user=None)
    assert review_status(item) == "草稿" and not item.live
    assert item.get_workflow().name == ensure_snippet_review_workflow([PowerItem]).name
    submit_for_review(obj=item, user=None)
    assert review_status(item) == "审核中"

    item.name = "检举税收违法行为奖励"
    save_draft(obj=item, user=None)
    submit_for_review(obj=item, user=None)  # the chain starts again on what changed
    item.refresh_from_db()
    assert item.workflow_states.filter(status="cancelled").count() == 1
    assert item.current_workflow_state.current_task_state.task.name == "部门审核"

    approve_review(item, people["secrecy"])
    assert item.live and item.name == "检举税收违法行为奖励"
    assert review_status(item) == "已发布"
    item.name = "再次修改"
    save_draft(obj=item, user=None)
    submit_for_review(obj=item, user=None)
    item.refresh_from_db()
    assert item.name == "检举税收违法行为奖励"
    assert review_status(item) == "已发布（修改审核中）"


def test_emergency_publications_of_pages_and_snippets_are_listed_until_reviewed(people):
    item = _item()
    save_draft(obj=item, user=None)
    with pytest.raises(RuleViolation, match="请填写紧急发布的原因"):
        snippet_publish_in_emergency(obj=item, user=people["duty"], reason=" ")
    snippet_record = snippet_publish_in_emergency(obj=item, user=people["duty"], reason="急")
    document = PolicyDocumentFactory(title="紧急公告", publish=False)
    page_record = page_publish_in_emergency(page=document, user=people["duty"], reason="急")
    assert set(pending_emergency_publications()) == {snippet_record, page_record}
    assert page_record.content_object.pk == document.pk and page_record.page_id == document.pk

    approve_review(item, people["secrecy"])
    assert list(pending_emergency_publications()) == [page_record]
    approve_review(document, people["secrecy"])
    assert not pending_emergency_publications().exists()

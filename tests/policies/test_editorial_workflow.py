"""Groups from the migration and the 部门审核 → 保密审查 workflow on the policy columns."""

from django.contrib.auth.models import Group
from wagtail.models import Workflow

from policies.models import PolicyIndexPage
from tests.policies.factories import PolicyDocumentFactory


def test_groups_exist_on_every_install(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {"编辑", "审核人", "保密审查员"}


def test_policy_column_uses_two_step_review(site_tree):
    workflow = PolicyIndexPage.objects.get().get_workflow()
    assert workflow.name == "政策文件发布审核"
    assert [t.name for t in workflow.tasks] == ["部门审核", "保密审查"]
    assert Workflow.objects.filter(name="政策文件发布审核").count() == 1


def test_document_passes_department_review_then_secrecy_review(site_tree, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="pw")
    reviewer = django_user_model.objects.create_user("reviewer", password="pw")
    secrecy = django_user_model.objects.create_user("secrecy", password="pw")
    editor.groups.add(Group.objects.get(name="编辑"))
    reviewer.groups.add(Group.objects.get(name="审核人"))
    secrecy.groups.add(Group.objects.get(name="保密审查员"))
    doc = PolicyDocumentFactory(title="待审核文件", publish=False)
    workflow = doc.get_workflow()
    state = workflow.start(doc, editor)
    assert state.current_task_state.task.name == "部门审核"
    state.current_task_state.task.specific.on_action(state.current_task_state, reviewer, "approve")
    state.refresh_from_db()
    assert state.current_task_state.task.name == "保密审查"
    doc.refresh_from_db()
    assert not doc.live
    state.current_task_state.task.specific.on_action(state.current_task_state, secrecy, "approve")
    doc.refresh_from_db()
    assert doc.live

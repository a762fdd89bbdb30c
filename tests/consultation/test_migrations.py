"""Migration 0003: free-text 负责部门 become units of 机构职能 (also inside saved revisions), and
queued comment notifications move to the portal's mail queue without losing one."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consultation.models import ConsultationPage
from portal.models import OutboxMessage
from tests.consultation.factories import CommentFactory, ConsultationFactory, UnitFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("consultation", "0002_initial")]


def _migrate(targets):
    """Move the schema to `targets`; returns the app registry of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_free_text():
    """Undo 0003 for the test, and always leave the schema at its latest state afterwards."""
    yield lambda: _migrate(BEFORE)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_departments_and_queued_notifications_survive_the_migration(site_tree, back_to_free_text):
    service = UnitFactory(name="纳税服务司")
    page = ConsultationFactory(department_id=service.pk)
    comment = CommentFactory(consultation=page)

    old = back_to_free_text()
    OldPage = old.get_model("consultation", "ConsultationPage")
    Revision = old.get_model("wagtailcore", "Revision")
    assert OldPage.objects.get(pk=page.pk).department == "纳税服务司"  # undone cleanly
    # As stored before the change: a name with the agency's prefix in the latest revision, and
    # on the page a department that 机构职能 does not list yet.
    revision = Revision.objects.get(pk=page.latest_revision_id)
    revision.content["department"] = "国家税务总局纳税服务司"
    revision.save(update_fields=["content"])
    OldPage.objects.filter(pk=page.pk).update(department="所得税司")
    Notification = old.get_model("consultation", "CommentNotification")
    Notification.objects.create(
        comment_id=comment.pk,
        recipient="zhou@example.com",
        subject="意见已收到",
        body="回执编号",
        status="failed",
        attempts=3,
        last_error="SMTPException: down",
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    migrated = ConsultationPage.objects.get(pk=page.pk)
    assert migrated.department.name == "所得税司"  # a new unit, so nothing was lost
    assert migrated.latest_revision.as_object().department_id == service.pk  # opens in the editor
    message = OutboxMessage.objects.get(reference=f"consultation.comment:{comment.pk}")
    assert (message.topic, message.to, message.status, message.attempts) == (
        "consultation",
        "zhou@example.com",
        "failed",
        3,
    )

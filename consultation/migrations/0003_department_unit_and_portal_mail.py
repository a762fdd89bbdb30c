"""负责部门 becomes a unit of 机构职能, and comment e-mails move to the portal's one mail queue.

Existing department names are matched to units by name (with or without the "国家税务总局"
prefix); a name no unit carries becomes a new unit, so no page loses its department. Saved
revisions are rewritten the same way, so old drafts still open in the editor. Queued or failed
comment notifications are moved to the portal's queue, where `send_queued_mail` retries them.
"""

import django.db.models.deletion
from django.db import migrations, models

AGENCY_PREFIX = "国家税务总局"
GIVEN_UP_AFTER = 10  # the old consultation_notifications command stopped after ten attempts


def _unit_id(Unit, name, cache):
    name = (name or "").strip()[:100]
    if not name:
        return None
    if name not in cache:
        candidates = [name, name.removeprefix(AGENCY_PREFIX).strip() or name]
        unit = Unit.objects.filter(name__in=candidates).order_by("pk").first()
        cache[name] = (unit or Unit.objects.create(name=name)).pk
    return cache[name]


def _revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(
        app_label="consultation", model="consultationpage"
    ).first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(content_type=content_type)


def departments_to_units(apps, schema_editor):
    Unit = apps.get_model("lists", "Unit")
    ConsultationPage = apps.get_model("consultation", "ConsultationPage")
    cache = {}
    for page in ConsultationPage.objects.all():
        page.department_unit_id = _unit_id(Unit, page.department, cache)
        page.save(update_fields=["department_unit"])
    for revision in _revisions(apps):
        value = revision.content.get("department")
        if isinstance(value, str):
            revision.content["department"] = _unit_id(Unit, value, cache)
            revision.save(update_fields=["content"])


def units_to_departments(apps, schema_editor):
    Unit = apps.get_model("lists", "Unit")
    ConsultationPage = apps.get_model("consultation", "ConsultationPage")
    names = dict(Unit.objects.values_list("pk", "name"))
    for page in ConsultationPage.objects.all():
        page.department = names.get(page.department_unit_id, "")
        page.save(update_fields=["department"])
    for revision in _revisions(apps):
        value = revision.content.get("department")
        if value is None or isinstance(value, int):
            revision.content["department"] = names.get(value, "")
            revision.save(update_fields=["content"])


def notifications_to_portal_queue(apps, schema_editor):
    CommentNotification = apps.get_model("consultation", "CommentNotification")
    OutboxMessage = apps.get_model("portal", "OutboxMessage")
    for notification in CommentNotification.objects.order_by("pk"):
        status = notification.status
        if status == "failed" and notification.attempts >= GIVEN_UP_AFTER:
            status = "gave_up"
        OutboxMessage.objects.create(
            topic="consultation",
            reference=f"consultation.comment:{notification.comment_id}",
            to=notification.recipient,
            subject=notification.subject,
            body=notification.body,
            status=status,
            attempts=min(notification.attempts, 32767),
            last_error=notification.last_error,
            sent_at=notification.sent_at,
        )


class Migration(migrations.Migration):

    dependencies = [
        ("consultation", "0002_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("lists", "0003_unit_is_agency_unit_members_and_more"),
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        # A default for the old text column, so that undoing this migration can bring it back
        # on a table that already has pages.
        migrations.AlterField(
            model_name="consultationpage",
            name="department",
            field=models.CharField(default="", max_length=100, verbose_name="负责部门"),
        ),
        migrations.AddField(
            model_name="consultationpage",
            name="department_unit",
            field=models.ForeignKey(
                help_text="从“机构职能”中选择；页面显示该部门的名称和联系方式。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="lists.unit",
                verbose_name="负责部门",
            ),
        ),
        migrations.RunPython(departments_to_units, units_to_departments),
        migrations.RemoveField(model_name="consultationpage", name="department"),
        migrations.RenameField(
            model_name="consultationpage", old_name="department_unit", new_name="department"
        ),
        migrations.RunPython(notifications_to_portal_queue, migrations.RunPython.noop),
        migrations.DeleteModel(name="CommentNotification"),
    ]

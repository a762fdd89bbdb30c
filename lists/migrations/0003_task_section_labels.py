"""Sections of task lists become editable in the admin: labels, and the groups' permissions
on them (as 0002 gives for the other lists)."""

from django.db import migrations

GROUP_ACTIONS = {
    "编辑": ["add", "change", "view"],
    "审核人": ["add", "change", "delete", "view"],
    "保密审查员": ["view"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="lists", model="tasksection")
    for name, actions in GROUP_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_tasksection",
                defaults={"name": f"Can {action} 任务清单部分"},
            )
            group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [("lists", "0002_editorial_permissions")]

    operations = [
        migrations.AlterModelOptions(
            name="tasksection",
            options={
                "ordering": ["task_list", "number"],
                "verbose_name": "任务清单部分",
                "verbose_name_plural": "任务清单部分",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

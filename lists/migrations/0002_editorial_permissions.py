"""Editing permissions on the lists for the editorial groups of cms migration 0003:
编辑 adds and changes, 审核人 also deletes, 保密审查员 only views. 调整记录 are view-only."""

from django.db import migrations

EDITABLE = ["unit", "poweritem", "serviceguide", "tasklist", "tasksection", "task", "taskprogress"]
VIEW_ONLY = ["poweritemchange"]
GROUP_ACTIONS = {
    "编辑": ["add", "change", "view"],
    "审核人": ["add", "change", "delete", "view"],
    "保密审查员": ["view"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    def permission(model: str, action: str):
        content_type, _ = ContentType.objects.get_or_create(app_label="lists", model=model)
        verbose = apps.get_model("lists", model)._meta.verbose_name
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model}",
            defaults={"name": f"Can {action} {verbose}"},
        )
        return perm

    for name, actions in GROUP_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = [permission(m, a) for m in EDITABLE for a in actions]
        perms += [permission(m, "view") for m in VIEW_ONLY]
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    lists_perms = Permission.objects.filter(content_type__app_label="lists")
    for group in Group.objects.filter(name__in=GROUP_ACTIONS):
        group.permissions.remove(*lists_perms)


class Migration(migrations.Migration):
    dependencies = [
        ("lists", "0001_initial"),
        ("cms", "0002_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

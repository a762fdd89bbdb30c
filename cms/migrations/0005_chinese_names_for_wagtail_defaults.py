"""Wagtail's install leaves English names that staff see in the admin: the groups Editors and
Moderators, the workflow and task "Moderators approval" and the tree's "Root". Give them Chinese
names (only if they still carry the installed English ones; staff renames are kept)."""

from django.db import migrations

RENAMES = {
    ("auth", "Group", "name"): {"Editors": "网站编辑（系统默认）", "Moderators": "网站审核（系统默认）"},
    ("wagtailcore", "Workflow", "name"): {"Moderators approval": "默认审核流程"},
    ("wagtailcore", "Task", "name"): {"Moderators approval": "审核人审批"},
}


def rename(apps, schema_editor):
    for (app_label, model_name, field), names in RENAMES.items():
        model = apps.get_model(app_label, model_name)
        for old, new in names.items():
            if not model.objects.filter(**{field: new}).exists():
                model.objects.filter(**{field: old}).update(**{field: new})
    page = apps.get_model("wagtailcore", "Page")
    page.objects.filter(depth=1, title="Root").update(title="根目录", draft_title="根目录")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_site_feedback"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]

"""Groups every install needs: 政府信息公开办公室 (full handling) and 承办部门 (assigned only), and
the default wording of every notice so staff can review and edit it before the first request."""

from django.db import migrations

OFFICE = "政府信息公开办公室"
DEPARTMENT = "承办部门"

ADMIN = [("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")]
OFFICE_PERMISSIONS = [
    ("disclosure", "disclosurerequest", "view_disclosurerequest", "Can view 申请"),
    ("disclosure", "disclosurerequest", "handle_disclosurerequest", "办理依申请公开（政府信息公开办公室）"),
    ("disclosure", "disclosurerequest", "reveal_pii_disclosurerequest", "查看申请人完整个人信息"),
] + [
    ("disclosure", model, f"{action}_{model}", f"Can {action} {model}")
    for model in ("noticetemplate", "department")
    for action in ("add", "change", "delete", "view")
] + [
    ("workdays", model, f"{action}_{model}", f"Can {action} {model}")
    for model in ("calendaroverride", "calendaryear")
    for action in ("add", "change", "delete", "view")
]
DEPARTMENT_PERMISSIONS = [
    (
        "disclosure",
        "disclosurerequest",
        "view_assigned_disclosurerequest",
        "查看转办给本部门的申请（承办部门）",
    ),
]


def _permissions(apps, rows):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    found = []
    for app_label, model, codename, name in rows:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        found.append(permission)
    return found


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    office, _ = Group.objects.get_or_create(name=OFFICE)
    office.permissions.add(*_permissions(apps, ADMIN + OFFICE_PERMISSIONS))
    department, _ = Group.objects.get_or_create(name=DEPARTMENT)
    department.permissions.add(*_permissions(apps, ADMIN + DEPARTMENT_PERMISSIONS))


def seed_templates(apps, schema_editor):
    from disclosure.notices import DEFAULT_TEMPLATES

    NoticeTemplate = apps.get_model("disclosure", "NoticeTemplate")
    for kind, (title, body) in DEFAULT_TEMPLATES.items():
        NoticeTemplate.objects.get_or_create(kind=str(kind), defaults={"title": title, "body": body})


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[OFFICE, DEPARTMENT]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
        migrations.RunPython(seed_templates, migrations.RunPython.noop),
    ]

"""Groups every install needs (seed 002 五（二）; seed 001 三、四): the 纳税服务部门 that registers,
summarises, revisits and reconciles; the 诉求承办部门 that handle what is forwarded to them; the
办税服务厅 staff; and the leaders who approve extensions (分管局领导, and 主要领导 for joint handling)."""

from django.db import migrations

SERVICE = "纳税服务部门"
HANDLING = "诉求承办部门"
HALL = "办税服务厅"
DEPUTY = "分管局领导"
HEAD = "主要领导"

ADMIN = [("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")]


def _model(model: str, actions=("add", "change", "delete", "view")):
    return [("taxpayer", model, f"{a}_{model}", f"Can {a} {model}") for a in actions]


MATTER = "matter"
PERMISSIONS = {
    SERVICE: ADMIN
    + [
        ("taxpayer", MATTER, "add_matter", "Can add 诉求与首问事项"),
        ("taxpayer", MATTER, "view_matter", "Can view 诉求与首问事项"),
        ("taxpayer", MATTER, "serve_matter", "汇总、转办、回访和对账销号（纳税服务部门）"),
        ("taxpayer", MATTER, "handle_assigned_matter", "办理转交本单位的诉求和事项（承办部门）"),
        ("taxpayer", MATTER, "reveal_pii_matter", "查看纳税人完整联系方式"),
        ("taxpayer", "servicehall", "manage_appointments", "管理办税预约、错峰预约和延时服务台账"),
        ("taxpayer", "rating", "handle_bad_rating", "差评回访核实和整改"),
    ]
    + _model("servicehall")
    + _model("peakperiod")
    + _model("taxpayersettings", ("change", "view")),
    HANDLING: ADMIN
    + [
        ("taxpayer", MATTER, "add_matter", "Can add 诉求与首问事项"),
        ("taxpayer", MATTER, "handle_assigned_matter", "办理转交本单位的诉求和事项（承办部门）"),
        ("taxpayer", MATTER, "reveal_pii_matter", "查看纳税人完整联系方式"),
    ],
    HALL: ADMIN
    + [
        ("taxpayer", MATTER, "add_matter", "Can add 诉求与首问事项"),
        ("taxpayer", MATTER, "handle_assigned_matter", "办理转交本单位的诉求和事项（承办部门）"),
        ("taxpayer", MATTER, "reveal_pii_matter", "查看纳税人完整联系方式"),
        ("taxpayer", "servicehall", "manage_appointments", "管理办税预约、错峰预约和延时服务台账"),
    ],
    DEPUTY: ADMIN + [("taxpayer", MATTER, "approve_extension", "批准延长办理期限（分管局领导）")],
    HEAD: ADMIN
    + [("taxpayer", MATTER, "approve_joint_extension", "批准联合办理延期（主要领导）")],
}


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name, rows in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, codename, label in rows:
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": label}
            )
            group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("taxpayer", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

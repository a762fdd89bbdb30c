"""The 政府信息公开办公室 keeps the members of the 承办部门 it assigns requests to: since 承办部门 became
units of 机构职能 (0003), the group needs to view and change units instead of the old departments."""

from django.db import migrations

OFFICE = "政府信息公开办公室"
UNIT_PERMISSIONS = [("view_unit", "Can view 单位"), ("change_unit", "Can change 单位")]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    office = Group.objects.filter(name=OFFICE).first()
    if office is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="lists", model="unit")
    for codename, name in UNIT_PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        office.permissions.add(permission)
    office.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="disclosure", content_type__model="department"
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office = Group.objects.filter(name=OFFICE).first()
    if office is not None:
        office.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="lists", codename__in=[c for c, _ in UNIT_PERMISSIONS]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_delete_calendaroverride_delete_calendaryear_and_more"),
        ("lists", "0003_unit_is_agency_unit_members_and_more"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
